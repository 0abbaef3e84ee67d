/* Entry points of the three parsers (grammar/). Each returns a tree that
 * covers every byte of src, also when the file has syntax errors; the errors
 * are added to d as findings of the rule syntax-error (and invalid-value for
 * values the daemon refuses). */
#ifndef RL_PARSE_H
#define RL_PARSE_H

#include "diag.h"
#include "syntax.h"

rl_tree *rl_parse_racoon(rl_source *src, rl_diags *d);
rl_tree *rl_parse_psk(rl_source *src, rl_diags *d);
rl_tree *rl_parse_setkey(rl_source *src, rl_diags *d);
/* Dispatch on lang (src->lang when lang is RL_LANG_UNKNOWN). */
rl_tree *rl_parse(rl_source *src, rl_lang lang, rl_diags *d);

/* Report a syntax error at [start, end) of t's source and count it.
 * Returns the finding (to attach a fix to; valid until the next report),
 * or NULL past the cap. */
rl_diag *rl_syntax_error(rl_tree *t, rl_diags *d, uint32_t start, uint32_t end, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Most syntax errors racoonlint reports for one file before it stops
 * reporting (it still reads the whole file). */
#define RL_MAX_SYNTAX_ERRORS 100
/* Deepest block nesting a parser accepts. */
#define RL_MAX_NESTING 64

#endif
