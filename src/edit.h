/* Building the edits of a fix so that the file keeps its own layout.
 *
 * A rule that offers a fix says what to change in terms of the tree (a
 * token, a statement, a block) and these helpers turn it into byte edits
 * (rl_fix_edit) that respect the file's indentation, line breaks (LF or
 * CRLF) and comments. Each helper adds its edits to the fix; a fix may hold
 * edits in several files. docs/fixes.md shows how rules use them.
 *
 * Conventions:
 * - A new statement goes on a line of its own, indented like its siblings
 *   (or one level deeper than its block when it has none), ended by the
 *   line break the file uses there.
 * - Deleting a statement that is alone on its lines deletes those lines,
 *   its trailing comment included; otherwise only its bytes go, with the
 *   blanks that followed them.
 * - No helper ever leaves two words glued together. */
#ifndef RL_EDIT_H
#define RL_EDIT_H

#include <stdint.h>

#include "diag.h"
#include "syntax.h"

/* The blanks and tabs that start the line holding byte off (to be freed). */
char *rl_edit_indent_at(const rl_source *src, uint32_t off);
/* One level of indentation as the file writes it: the leading white space
 * of its first indented line, or a tab (to be freed). */
char *rl_edit_indent_unit(const rl_source *src);
/* The line break the file uses at the line holding off (or, when that line
 * has none, the line before): "\r\n" or "\n". */
const char *rl_edit_eol_at(const rl_source *src, uint32_t off);
/* Offset of the start of the line holding off, and of its end (its '\n',
 * or the end of the file). */
uint32_t rl_edit_line_start(const rl_source *src, uint32_t off);
uint32_t rl_edit_line_end(const rl_source *src, uint32_t off);

/* Replace token tok with text. */
void rl_fix_replace_tok(rl_fix *f, const rl_tree *t, uint32_t tok, const char *text);
/* Replace the bytes of a node (first to last token) with text. */
void rl_fix_replace_node(rl_fix *f, const rl_tree *t, uint32_t node, const char *text);
/* Insert text right after token tok (e.g. a missing ';'), or right
 * before it. */
void rl_fix_insert_after_tok(rl_fix *f, const rl_tree *t, uint32_t tok, const char *text);
void rl_fix_insert_before_tok(rl_fix *f, const rl_tree *t, uint32_t tok, const char *text);
/* Delete bytes [start, end) lying between tokens (a stray character, a
 * token): replaced by one blank when both neighbours are not white space,
 * so that the words around them stay apart; with a blank on both sides,
 * one of the blanks goes too. */
void rl_fix_delete_range(rl_fix *f, rl_source *src, uint32_t start, uint32_t end);
void rl_fix_delete_tok(rl_fix *f, const rl_tree *t, uint32_t tok);
/* Delete a statement (any node: a racoon.conf statement or block, a
 * setkey command, a psk.txt entry) as described above. */
void rl_fix_delete_stmt(rl_fix *f, const rl_tree *t, uint32_t node);
/* Insert stmt (without indentation or line break, e.g.
 * "compression_algorithm deflate;") as the last statement of a racoon.conf
 * block (a node whose last token is its '}'). Does nothing when the block
 * has no '}'. */
void rl_fix_insert_stmt_end(rl_fix *f, const rl_tree *t, uint32_t block, const char *stmt);
/* Insert a line (without indentation or line break) after the lines of
 * node, or before them, indented like node's first line: a statement next
 * to another, a setkey command next to its mirror. */
void rl_fix_insert_line_after(rl_fix *f, const rl_tree *t, uint32_t node, const char *line);
void rl_fix_insert_line_before(rl_fix *f, const rl_tree *t, uint32_t node, const char *line);
/* Append a line (without line break) at the end of a file, e.g. a psk.txt
 * entry, after a line break when the file does not end with one. */
void rl_fix_append_line(rl_fix *f, rl_source *src, const char *line);

#endif
