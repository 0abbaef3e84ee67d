/* Private to the racoon.conf reader (grammar/racoon.*): the state shared by
 * the scanner, the parser and the checks that run after them.
 *
 * The scanner follows racoon's own scanner: a start condition per block kind,
 * keywords recognised only in their block. On top of that it keeps a stack
 * of the blocks it opened, so that it can close them (with virtual '}'
 * tokens the tree never sees) when a top-level keyword starts a line inside
 * a block, or when the file ends with blocks open. The parser then resumes
 * at that keyword instead of reading the rest of the file in the wrong
 * state. */
#ifndef RC_SCAN_H
#define RC_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "parse.h"
#include "syntax.h"

/* One open block: the start condition to return to at its '}'. A "real"
 * block is one racoon's grammar has (remote, proposal, padding, ...); other
 * braces are stray and only matched so that their '}' is stray too. */
typedef struct rc_block {
	int resume;
	bool real;
	uint32_t open_tok; /* the '{' token */
	uint32_t kw_tok;   /* the keyword that opened it (for messages) */
} rc_block;

/* A token queued for the parser (virtual '}' tokens, and the keyword that
 * follows them). */
typedef struct rc_pend {
	int kind;
	uint32_t tok; /* for a virtual '}': the last real token before it */
	bool virt;
} rc_pend;

typedef struct rc_parser {
	rl_tree *t;
	rl_diags *d;
	void *scanner; /* yyscan_t */
	uint32_t root;

	/* scanner */
	uint32_t off;          /* offset of the next unread byte */
	uint32_t tok;          /* token just recorded */
	uint32_t last_sig;     /* last significant token recorded (UINT32_MAX: none) */
	bool bol;              /* nothing significant since the last line break */
	bool want_open;        /* a block keyword waits for its '{' */
	uint32_t block_kw_tok; /* that keyword */
	rc_block stack[RL_MAX_NESTING];
	int depth;
	bool deep_reported;
	rc_pend pend[RL_MAX_NESTING + 2];
	int npend, ipend;
	int secret_next;       /* the values up to the next ';' are secrets */
	int rad_strings;       /* quoted strings seen in a radius auth/acct line, +1 */
	uint32_t stray_start;  /* a run of stray bytes waits for its verdict */
	uint32_t stray_end;
	bool stray_pending;
	bool eof_seen;
	uint32_t warnings;     /* findings below error severity made so far */

	/* parser */
	bool la_virtual;      /* the token just handed out is a virtual '}' */
	uint32_t cur;         /* last real token handed to the parser (RC_NOTOK: none) */
	uint32_t before;      /* the real token handed out before cur */
	uint32_t stmt_start;  /* first token of the statement being read */
	uint32_t recover_tok; /* cur at the last resynchronisation */
	bool recover_seen;
	bool new_stmt;        /* the next token starts a statement */
} rc_parser;

#define RC_NOTOK UINT32_MAX
/* Marks the value of a virtual '}': the index of the real token before it
 * with this bit set. */
#define RC_VIRTUAL (UINT32_C(1) << 31)

/* racoon.l: the token source bison calls (api.prefix rc). */
struct rc_loc;
int rclex(uint32_t *val, struct rc_loc *loc, rc_parser *p);

/* racoon.l: where a word is a keyword ("in a remote block", "at top
 * level"), or NULL when it is one nowhere, or (unless here_too) in the
 * block being read. */
const char *rc_word_home(const rc_parser *p, const char *word, size_t n, bool here_too);

/* racoon_diag.c: messages. */
/* A syntax error found by the parser at token la (RC_NOTOK at the end of
 * the file), which expected one of names[0..n-1]; close is '{' or ';' when
 * the parser could have taken that token to end what it read (a head, a
 * statement), else 0; where names the block ("in a remote block") or is
 * NULL. */
void rc_syntax_error(rc_parser *p, uint32_t la, const char *const *names, int n, char close, const char *where);
/* Stray bytes [start, end); next is the value token they stick to in
 * racoon's reading, or RC_NOTOK when racoon drops them. */
void rc_stray_report(rc_parser *p, uint32_t start, uint32_t end, uint32_t next);
/* The blocks on p->stack are left open before the keyword 'before' (NULL:
 * the end of the file). */
void rc_unclosed_report(rc_parser *p, const char *before);
/* A '{' or '}' where no block opens or closes. */
void rc_brace_report(rc_parser *p, uint32_t tok);
/* Braces nested deeper than RL_MAX_NESTING. */
void rc_deep_report(rc_parser *p, uint32_t tok);
/* For messages (racoon_check.c too): token i as 'text' (escaped, cut when
 * long), or "quoted string" for strings, which may hold secrets, or "secret
 * value" for an unquoted secret, or "end of file" for RC_NOTOK: no article,
 * to follow "unexpected" or "before". */
void rc_describe_tok(const rl_tree *t, uint32_t i, struct rl_buf *out);
/* The source text of tokens first..last when it is short and on one line
 * (secrets masked), else NULL. To be freed. */
char *rc_short_text(const rl_tree *t, uint32_t first, uint32_t last);

/* racoon_check.c: the checks racoon makes while it reads the file. */
void rc_check(rl_tree *t, rl_diags *d);

#endif
