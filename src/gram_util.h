/* Helpers shared by the psk.txt and setkey grammars (grammar/gram_util.c):
 * quoting source text in messages, white space, numbers and numeric
 * addresses. */
#ifndef RL_GRAM_UTIL_H
#define RL_GRAM_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syntax.h"
#include "util.h"

/* Bison location of both grammars: a range of token indices; last < first
 * when the range is empty (an empty rule sits between two tokens). */
typedef struct rl_gram_loc {
	int64_t first, last;
} rl_gram_loc;

/* YYLLOC_DEFAULT for rl_gram_loc: a rule covers its first to its last
 * symbol; an empty rule starts after the symbol before it. */
#define RL_GRAM_LLOC_DEFAULT(Cur, Rhs, N)                            \
	do {                                                         \
		if (N) {                                             \
			(Cur).first = YYRHSLOC(Rhs, 1).first;        \
			(Cur).last = YYRHSLOC(Rhs, N).last;          \
		} else {                                             \
			(Cur).first = YYRHSLOC(Rhs, 0).last + 1;     \
			(Cur).last = YYRHSLOC(Rhs, 0).last;          \
		}                                                    \
	} while (0)

/* Longest piece of source text a message quotes. */
#define RL_GRAM_QUOTE_MAX 40

/* Append 'text' for a message: bytes outside printable ASCII become \xNN
 * and text longer than RL_GRAM_QUOTE_MAX is cut with "...". */
void rl_gram_quote(rl_buf *b, const char *s, size_t n);
/* Append token i quoted, or "the key" when the token is a secret, so a
 * message never holds secret bytes. */
void rl_gram_quote_tok(rl_buf *b, const rl_tree *t, uint32_t i);

/* The C isspace set: blank, tab, newline, vertical tab, form feed, CR. */
static inline bool rl_gram_isspace(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Value of a hex digit (either case), or -1. */
static inline int rl_gram_hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Value of an unsigned number written with digits of base 10 or 16 (no
 * prefix). False when a byte is not a digit, there is none, or the value
 * does not fit in 64 bits. */
bool rl_gram_u64(const char *s, size_t n, int base, uint64_t *out);

/* Family of a numeric address as getaddrinfo with the numeric-host flag
 * reads it: 4, 6 (an IPv6 zone "%eth0" is allowed), or 0 when the text is
 * no numeric address. */
int rl_gram_addr_family(const char *s, size_t n);

/* The form getnameinfo prints for a numeric address written as s (dotted
 * quad with exactly four decimal parts, or IPv6 with an optional zone), or
 * NULL when s is no such address. The result is to be freed. */
char *rl_gram_addr_canonical(const char *s, size_t n);

#endif
