/* The canonical layout printer of the three languages.
 *
 * racoon.conf and setkey files: one statement per line, one tab per block
 * depth, one space between words, ';' and ',' right after the word before
 * them, '{' at the end of its statement's line and '}' on a line of its own;
 * one blank line around top-level blocks, elsewhere at most one blank line
 * where the file had blank lines. racoon.conf glues a prefix (/24), a port
 * ([500]) and an address range (-10.0.0.9) to the address before them;
 * setkey glues '/', '[port]' and the '-' between policy endpoints
 * (esp/tunnel/192.0.2.1-192.0.2.2/require) and a priority's sign to its
 * number. Comments stay with their statement: a comment alone on its line
 * stays alone at the depth of what follows it; a comment after a token
 * stays after it, one blank before '#' (when that token is inside a
 * statement, the statement goes on, one level deeper, on the next line;
 * a block's '{' moves up before the comment).
 * Trailing white space of comments goes; the text of strings and comments
 * does not change; a first line "#!..." stays first.
 *
 * psk.txt: each entry becomes identifier, one tab, key. The key's bytes
 * never change (trailing blanks and CR are part of it); comment lines,
 * indented lines, entries without a key, and lines racoon would split or
 * cut (too long, or holding a NUL byte) stay exactly as they are. Blank
 * lines: at most one in a row, none at the start or the end.
 *
 * Every file ends with one line break. The layout only moves white space:
 * the printer checks that its output reads back into the same tokens and
 * comments, each in the same order, and gives up otherwise. */
#ifndef RL_CANONICAL_H
#define RL_CANONICAL_H

#include <stdbool.h>
#include <stddef.h>

#include "syntax.h"

/* The canonical layout of a tree (to be freed; *len gets its length, as a
 * psk.txt key may hold NUL bytes), or NULL when the tree has syntax errors
 * or stray bytes: a file that does not parse is never laid out. */
char *rl_canonical(const rl_tree *t, size_t *len);
/* May the tree be laid out (no syntax error, no stray byte)? When it may
 * and rl_canonical still gives NULL, the printer failed its own check. */
bool rl_canonical_ok(const rl_tree *t);

/* Do two trees of one language hold the same tokens (kinds and bytes) in
 * the same order, and the same comments (without trailing white space) in
 * the same order? */
bool rl_canonical_same_tokens(const rl_tree *a, const rl_tree *b);

#endif
