/* Edit helpers for fixes (see edit.h). */
#include "edit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "racoon_syntax.h"
#include "util.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool space(char c)
{
	return blank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

uint32_t rl_edit_line_start(const rl_source *src, uint32_t off)
{
	if (off > src->len)
		off = src->len;
	while (off > 0 && src->data[off - 1] != '\n')
		off--;
	return off;
}

uint32_t rl_edit_line_end(const rl_source *src, uint32_t off)
{
	while (off < src->len && src->data[off] != '\n')
		off++;
	return off;
}

char *rl_edit_indent_at(const rl_source *src, uint32_t off)
{
	uint32_t s = rl_edit_line_start(src, off), e = s;
	while (e < src->len && blank(src->data[e]))
		e++;
	return rl_xstrndup(src->data + s, e - s);
}

char *rl_edit_indent_unit(const rl_source *src)
{
	for (uint32_t s = 0; s < src->len; s = rl_edit_line_end(src, s) + 1) {
		uint32_t e = s;
		while (e < src->len && blank(src->data[e]))
			e++;
		if (e > s && e < src->len && !space(src->data[e]))
			return rl_xstrndup(src->data + s, e - s);
	}
	return rl_xstrdup("\t");
}

const char *rl_edit_eol_at(const rl_source *src, uint32_t off)
{
	uint32_t e = rl_edit_line_end(src, off);
	if (e >= src->len) {
		/* the last line has no break: look at the one before */
		uint32_t s = rl_edit_line_start(src, off);
		if (s == 0)
			return "\n";
		e = s - 1;
	}
	return e > 0 && src->data[e - 1] == '\r' ? "\r\n" : "\n";
}

static uint32_t tok_end(const rl_tree *t, uint32_t tok)
{
	return t->toks[tok].off + t->toks[tok].len;
}

void rl_fix_replace_tok(rl_fix *f, const rl_tree *t, uint32_t tok, const char *text)
{
	rl_fix_edit(f, t->src, t->toks[tok].off, tok_end(t, tok), text);
}

void rl_fix_replace_node(rl_fix *f, const rl_tree *t, uint32_t node, const char *text)
{
	rl_span sp = rl_node_span(t, node);
	rl_fix_edit(f, t->src, sp.start, sp.end, text);
}

void rl_fix_insert_after_tok(rl_fix *f, const rl_tree *t, uint32_t tok, const char *text)
{
	uint32_t e = tok_end(t, tok);
	rl_fix_edit(f, t->src, e, e, text);
}

void rl_fix_insert_before_tok(rl_fix *f, const rl_tree *t, uint32_t tok, const char *text)
{
	uint32_t s = t->toks[tok].off;
	rl_fix_edit(f, t->src, s, s, text);
}

void rl_fix_delete_range(rl_fix *f, rl_source *src, uint32_t start, uint32_t end)
{
	bool before = start > 0 && !space(src->data[start - 1]);
	bool after = end < src->len && !space(src->data[end]);
	/* "a  b" would keep two blanks: take one of them too */
	if (start > 0 && end < src->len && blank(src->data[start - 1]) && blank(src->data[end]))
		end++;
	rl_fix_edit(f, src, start, end, before && after ? " " : "");
}

void rl_fix_delete_tok(rl_fix *f, const rl_tree *t, uint32_t tok)
{
	rl_fix_delete_range(f, t->src, t->toks[tok].off, tok_end(t, tok));
}

/* Is the rest of the line from off only blanks, maybe ending in a comment? */
static bool rest_is_trailer(const rl_source *src, uint32_t off)
{
	while (off < src->len && blank(src->data[off]))
		off++;
	return off >= src->len || src->data[off] == '\n' || src->data[off] == '\r' || src->data[off] == '#';
}

static bool starts_line(const rl_source *src, uint32_t off)
{
	for (uint32_t s = rl_edit_line_start(src, off); s < off; s++)
		if (!blank(src->data[s]))
			return false;
	return true;
}

void rl_fix_delete_stmt(rl_fix *f, const rl_tree *t, uint32_t node)
{
	const rl_source *src = t->src;
	rl_span sp = rl_node_span(t, node);
	if (sp.end <= sp.start)
		return;
	if (starts_line(src, sp.start) && rest_is_trailer(src, sp.end)) {
		uint32_t e = rl_edit_line_end(src, sp.end);
		rl_fix_edit(f, t->src, rl_edit_line_start(src, sp.start), e < src->len ? e + 1 : e, "");
		return;
	}
	uint32_t e = sp.end;
	while (e < src->len && blank(src->data[e]))
		e++;
	rl_fix_delete_range(f, t->src, sp.start, e);
}

/* The last statement of a racoon.conf block's body, or 0. */
static uint32_t last_body_stmt(const rl_tree *t, uint32_t block)
{
	uint32_t last = 0;
	for (uint32_t c = t->nodes[block].child; c; c = t->nodes[c].next)
		if (rc_is_body(t, c))
			last = c;
	return last;
}

/* Indentation of the statements of a block: its last statement's, or one
 * level deeper than the line of the block's keyword. */
static char *body_indent(const rl_tree *t, uint32_t block)
{
	uint32_t last = last_body_stmt(t, block);
	if (last) {
		uint32_t s = t->toks[t->nodes[last].first].off;
		if (starts_line(t->src, s))
			return rl_edit_indent_at(t->src, s);
	}
	char *outer = rl_edit_indent_at(t->src, t->toks[t->nodes[block].first].off);
	char *unit = rl_edit_indent_unit(t->src);
	char *in = rl_xasprintf("%s%s", outer, unit);
	free(outer);
	free(unit);
	return in;
}

void rl_fix_insert_stmt_end(rl_fix *f, const rl_tree *t, uint32_t block, const char *stmt)
{
	const rl_node *n = &t->nodes[block];
	if (n->last < n->first || n->last >= t->ntoks || !rl_tok_is(t, n->last, "}"))
		return;
	const rl_source *src = t->src;
	uint32_t close = t->toks[n->last].off;
	char *text;
	uint32_t at;
	if (starts_line(src, close)) {
		char *in = body_indent(t, block);
		at = rl_edit_line_start(src, close);
		const char *eol = at > 0 ? rl_edit_eol_at(src, at - 1) : "\n";
		text = rl_xasprintf("%s%s%s", in, stmt, eol);
		free(in);
	} else {
		/* "sainfo ... { a; b; }": on the same line, before the '}' */
		at = close;
		text = rl_xasprintf("%s%s ", blank(src->data[close - 1]) ? "" : " ", stmt);
	}
	rl_fix_edit(f, t->src, at, at, text);
	free(text);
}

void rl_fix_insert_line_after(rl_fix *f, const rl_tree *t, uint32_t node, const char *line)
{
	rl_span sp = rl_node_span(t, node);
	const rl_source *src = t->src;
	char *in = rl_edit_indent_at(src, sp.start);
	const char *eol = rl_edit_eol_at(src, sp.end);
	uint32_t e = rl_edit_line_end(src, sp.end);
	char *text;
	if (e < src->len) {
		e++; /* after the line's break */
		text = rl_xasprintf("%s%s%s", in, line, eol);
	} else {
		text = rl_xasprintf("%s%s%s", eol, in, line);
	}
	rl_fix_edit(f, t->src, e, e, text);
	free(text);
	free(in);
}

void rl_fix_insert_line_before(rl_fix *f, const rl_tree *t, uint32_t node, const char *line)
{
	rl_span sp = rl_node_span(t, node);
	const rl_source *src = t->src;
	char *in = rl_edit_indent_at(src, sp.start);
	uint32_t at = rl_edit_line_start(src, sp.start);
	char *text = rl_xasprintf("%s%s%s", in, line, rl_edit_eol_at(src, sp.start));
	rl_fix_edit(f, t->src, at, at, text);
	free(text);
	free(in);
}

void rl_fix_append_line(rl_fix *f, rl_source *src, const char *line)
{
	const char *eol = rl_edit_eol_at(src, src->len);
	bool ends = src->len == 0 || src->data[src->len - 1] == '\n';
	char *text = rl_xasprintf("%s%s%s", ends ? "" : eol, line, eol);
	rl_fix_edit(f, src, src->len, src->len, text);
	free(text);
}
