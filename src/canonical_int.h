/* Inside the canonical printer: the shared engine for the languages made
 * of statements and blocks (racoon.conf, setkey), and the psk.txt printer. */
#ifndef RL_CANONICAL_INT_H
#define RL_CANONICAL_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "syntax.h"
#include "util.h"

/* What a token does to the layout. */
typedef enum rl_crole {
	RL_CR_WORD,    /* a word of a statement */
	RL_CR_COMMENT, /* a comment (or the "#!" line) */
	RL_CR_OPEN,    /* '{': ends a block's head, one level deeper */
	RL_CR_CLOSE,   /* '}': its own line, one level back */
	RL_CR_END,     /* ';': ends a statement */
} rl_crole;

typedef struct rl_ctok {
	uint8_t role;     /* rl_crole */
	bool glue_before; /* no blank before it */
	bool glue_after;  /* no blank after it */
} rl_ctok;

/* Lay out a racoon.conf or setkey tree whose tokens play the given roles
 * (one entry per token). */
void rl_canon_flow(const rl_tree *t, const rl_ctok *roles, rl_buf *out);

/* The roles of the tokens of each language (arrays of t->ntoks entries, to
 * be freed). */
rl_ctok *rl_canon_racoon_roles(const rl_tree *t);
rl_ctok *rl_canon_setkey_roles(const rl_tree *t);

/* Lay out a psk.txt tree. */
void rl_canon_psk(const rl_tree *t, rl_buf *out);

#endif
