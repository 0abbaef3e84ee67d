/* Inline suppression directives.
 *
 *     # racoonlint: disable=NAME[,NAME...]        the next statement
 *     # racoonlint: disable-file=NAME[,NAME...]   the whole file
 *
 * NAME is a rule name or code, or "all". A directive is a comment token
 * (RL_TOK_TRIVIA) of a file's tree; in psk.txt only a comment at column 1
 * exists. docs/suppression.md states the rules exactly:
 *
 * - A statement is a run of significant (non-comment) tokens. In racoon.conf
 *   and setkey files it ends with ';' at its own nesting depth, or, when it
 *   opens a block with '{', with the matching '}' (a block statement covers
 *   its whole body). In psk.txt it is one line. A '}' starts no statement.
 * - A directive on a line of its own covers the lines of the next statement
 *   that starts after it: from the line of its first token to the line of
 *   its last.
 * - A directive after a token on the same line (a trailing comment) covers
 *   the lines from the start of the statement that token belongs to (for a
 *   block, its header up to '{') to the directive's own line.
 * - A finding is suppressed when its rule is named and the line of the first
 *   byte of its span lies in a covered range of the same file.
 *
 * A directive that cannot be read, or names an unknown rule, is itself a
 * finding of the rule bad-suppression (its known names still apply). */
#ifndef RL_SUPPRESS_H
#define RL_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "rules.h"
#include "syntax.h"

typedef enum rl_directive_kind {
	RL_DIR_NONE,         /* an ordinary comment */
	RL_DIR_DISABLE,      /* disable=: the next statement */
	RL_DIR_DISABLE_FILE, /* disable-file=: the whole file */
	RL_DIR_BAD,          /* starts with "racoonlint:" but cannot be read */
} rl_directive_kind;

typedef struct rl_directive {
	rl_directive_kind kind;
	rl_span *names;      /* each name, as offsets into the comment text */
	size_t nnames;
	const char *error;   /* RL_DIR_BAD: what is wrong (static text) */
	rl_span where;       /* RL_DIR_BAD: the offending bytes of the comment */
} rl_directive;

/* Read one comment's text ('#' included). */
void rl_directive_parse(const char *text, size_t len, rl_directive *d);
void rl_directive_free(rl_directive *d);

typedef struct rl_suppression {
	uint32_t first_line, last_line; /* 1-based, inclusive */
	bool rules[RL_NRULES];
} rl_suppression;

typedef struct rl_line_range {
	uint32_t first, last;
} rl_line_range;

typedef struct rl_suppressions {
	rl_suppression *v;     /* one a directive, in file order */
	size_t n, cap;
	/* for each rule, the lines covered: disjoint ranges in order */
	rl_line_range *lines[RL_NRULES];
	size_t nlines[RL_NRULES];
} rl_suppressions;

/* Collect the directives of t into out. When bad is not NULL, directives
 * that cannot be read and unknown names are reported there as findings of
 * bad-suppression. Either out or bad may be NULL. */
void rl_suppress_scan(const rl_tree *t, rl_suppressions *out, rl_diags *bad);
/* Does a directive cover this rule on this line? */
bool rl_suppressed(const rl_suppressions *s, int rule, uint32_t line);
void rl_suppressions_free(rl_suppressions *s);

#endif
