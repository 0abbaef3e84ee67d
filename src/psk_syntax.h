/* The psk.txt syntax tree (grammar/psk.l, grammar/psk.y).
 *
 * psk.txt is read line by line, the way racoon reads it (the reference is
 * psk-txt.md): a '#' in column 1 starts a comment, the identifier runs from
 * column 1 to the first white-space byte, and the key is the rest of the
 * line after the separating white space, trailing blanks and CR included.
 *
 * Tokens (t->toks[i].kind, numbers from the generated psk.tab.h):
 *
 *   PSKT_IDENT          identifier in column 1 (first byte not '#', no white
 *                       space inside)
 *   PSKT_KEY            the key: first non-blank byte after the separator up
 *                       to the byte before '\n' (so a trailing CR or blank is
 *                       inside); flagged RL_TOK_SECRET
 *   PSKT_INERT_WORD     first word of a line that starts with white space
 *   PSKT_INERT_COMMENT  an indented "# ..." (not a comment for racoon)
 *   PSKT_COMMENT        a comment line ('#' in column 1, to the end of the
 *                       line); flagged RL_TOK_TRIVIA
 *
 * White space between tokens is in the gaps. A psk.txt has no syntax
 * errors as racoon reads it, so every byte belongs to one of these tokens.
 *
 * Nodes (t->nodes[n].kind):
 *
 *   RL_PSK_FILE    the root (t->root); covers every token; its children are
 *                  the RL_PSK_ENTRY and RL_PSK_INERT nodes in file order
 *   RL_PSK_ENTRY   one line with an identifier. first = the PSKT_IDENT
 *                  token; last = the PSKT_KEY token when the line has a key
 *                  (first == last: no key, racoon ignores the line)
 *   RL_PSK_INERT   a line that starts with white space: racoon reads an empty
 *                  identifier and never uses it. first = the PSKT_INERT_WORD
 *                  or PSKT_INERT_COMMENT token; last = a PSKT_KEY token
 *                  (secret) holding the rest of the line, when there is one
 *   RL_PSK_ERROR   a line the parser recovered from (RL_NODE_ERROR set)
 *
 * Entry nodes have no children; their tokens are never separated by other
 * tokens. Use the accessors below rather than the token indices directly.
 */
#ifndef RL_PSK_SYNTAX_H
#define RL_PSK_SYNTAX_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "psk.tab.h"
#include "syntax.h"
#include "util.h"

enum rl_psk_node {
	RL_PSK_FILE = 1,
	RL_PSK_ENTRY,
	RL_PSK_INERT,
	RL_PSK_ERROR,
};

/* tree->dialect bits of a psk tree */
enum {
	RL_PSK_D_WILDCARD = 1 << 0, /* a '*' entry: Debian/fork racoon only */
	RL_PSK_D_CRLF = 1 << 1,     /* a line ends with CR LF */
};

/* Longest line racoon reads whole (bytes before the '\n': it reads into a
 * 1024-byte buffer); it reads a longer one in pieces, each a line of its own. */
#define RL_PSK_LINE_MAX 1023

/* "No token" for the accessors that return a token index. */
#define RL_PSK_NO_TOK UINT32_MAX

/* Identifier (or indented first word) token of an entry or inert node. */
static inline uint32_t rl_psk_id_tok(const rl_tree *t, uint32_t entry)
{
	return t->nodes[entry].first;
}

/* Key token of an entry or inert node, or RL_PSK_NO_TOK. */
static inline uint32_t rl_psk_key_tok(const rl_tree *t, uint32_t entry)
{
	const rl_node *n = &t->nodes[entry];
	return n->last > n->first ? n->last : RL_PSK_NO_TOK;
}

/* First RL_PSK_ENTRY node of the file (0 when none), and the next one after
 * entry. Inert lines are skipped. */
uint32_t rl_psk_first_entry(const rl_tree *t);
uint32_t rl_psk_next_entry(const rl_tree *t, uint32_t entry);

/* Does the entry's key start with "0x" (racoon decodes it as hex)? */
bool rl_psk_key_is_hex(const rl_tree *t, uint32_t entry);

/* Outcome of decoding the text after "0x" of a hex key. */
typedef enum rl_psk_hex {
	RL_PSK_HEX_OK,       /* an even number (>= 2) of hex digits, white space skipped */
	RL_PSK_HEX_BAD_BYTE, /* a byte that is neither a hex digit nor white space */
	RL_PSK_HEX_ODD,      /* an odd number of hex digits */
	RL_PSK_HEX_EMPTY,    /* no hex digit at all */
} rl_psk_hex;

/* Decode s[0..n) (the key after "0x") as racoon does. The decoded bytes
 * are appended to out when out is not NULL and the result is RL_PSK_HEX_OK;
 * *bad (when not NULL) gets the offset in s of the first bad byte. */
rl_psk_hex rl_psk_hex_decode(const char *s, size_t n, rl_buf *out, size_t *bad);

/* The secret racoon uses for the entry, appended to out: the key bytes up
 * to a NUL byte, or the decoded bytes of a hex key. False when the entry has
 * no key or its hex key is invalid (racoon fails the lookup); out is then
 * left as it was. */
bool rl_psk_key_value(const rl_tree *t, uint32_t entry, rl_buf *out);

/* The format findings on a parsed file (run by rl_parse_psk). */
void rl_psk_check(rl_tree *t, rl_diags *d);

#endif
