#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NONE UINT32_MAX

/* --- reading one comment ------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

static size_t skip_blanks(const char *s, size_t i, size_t len)
{
	while (i < len && is_blank(s[i]))
		i++;
	return i;
}

static size_t skip_name(const char *s, size_t i, size_t len)
{
	while (i < len && is_name_char(s[i]))
		i++;
	return i;
}

static void bad(rl_directive *d, const char *error, size_t start, size_t end)
{
	d->kind = RL_DIR_BAD;
	d->error = error;
	d->where.start = (uint32_t)start;
	d->where.end = (uint32_t)end;
}

static bool word_is(const char *s, size_t start, size_t end, const char *w)
{
	return end - start == strlen(w) && memcmp(s + start, w, end - start) == 0;
}

/* names := name (',' name)*, blanks allowed around commas; then the end of
 * the comment, or blanks and '#' with a free-text reason. */
static void parse_names(const char *s, size_t i, size_t len, rl_directive *d)
{
	size_t cap = 0;
	for (;;) {
		i = skip_blanks(s, i, len);
		size_t start = i;
		i = skip_name(s, i, len);
		if (i == start) {
			bad(d, "expected a rule name", start, start < len ? start + 1 : len);
			return;
		}
		RL_GROW(d->names, cap, d->nnames + 1);
		d->names[d->nnames++] = (rl_span){(uint32_t)start, (uint32_t)i};
		size_t after = i;
		i = skip_blanks(s, i, len);
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		if (i == len || (s[i] == '#' && i > after))
			return;
		bad(d, "unexpected text after the rule names (a reason goes after ' #')", i, len);
		return;
	}
}

void rl_directive_parse(const char *s, size_t len, rl_directive *d)
{
	static const char tag[] = "racoonlint:";
	memset(d, 0, sizeof *d);
	if (len == 0 || s[0] != '#')
		return;
	size_t i = skip_blanks(s, 1, len);
	if (len - i < sizeof tag - 1 || memcmp(s + i, tag, sizeof tag - 1) != 0)
		return;
	i = skip_blanks(s, i + sizeof tag - 1, len);
	size_t ws = i;
	i = skip_name(s, i, len);
	if (word_is(s, ws, i, "disable"))
		d->kind = RL_DIR_DISABLE;
	else if (word_is(s, ws, i, "disable-file"))
		d->kind = RL_DIR_DISABLE_FILE;
	else {
		bad(d, "unknown directive (disable= or disable-file=)", i > ws ? ws : 0, i > ws ? i : len);
		return;
	}
	i = skip_blanks(s, i, len);
	if (i == len || s[i] != '=') {
		bad(d, "expected '=' and rule names after the directive", i, i < len ? i + 1 : len);
		return;
	}
	parse_names(s, i + 1, len, d);
	if (d->kind == RL_DIR_BAD) {
		free(d->names);
		d->names = NULL;
		d->nnames = 0;
	}
}

void rl_directive_free(rl_directive *d)
{
	free(d->names);
	d->names = NULL;
	d->nnames = 0;
}

/* --- statements over the token array -------------------------------------- */

static bool significant(const rl_tree *t, uint32_t i)
{
	return !(t->toks[i].flags & RL_TOK_TRIVIA);
}

static uint32_t prev_sig(const rl_tree *t, uint32_t i)
{
	while (i-- > 0)
		if (significant(t, i))
			return i;
	return NONE;
}

static uint32_t next_sig(const rl_tree *t, uint32_t i)
{
	for (i++; i < t->ntoks; i++)
		if (significant(t, i))
			return i;
	return NONE;
}

static uint32_t line_of(const rl_tree *t, uint32_t off)
{
	uint32_t line, col;
	rl_source_pos(t->src, off, &line, &col);
	return line;
}

static uint32_t tok_line(const rl_tree *t, uint32_t i)
{
	return line_of(t, t->toks[i].off);
}

/* The line of a token's last byte. */
static uint32_t tok_end_line(const rl_tree *t, uint32_t i)
{
	const rl_tok *k = &t->toks[i];
	return line_of(t, k->len ? k->off + k->len - 1 : k->off);
}

static bool is_punct(const rl_tree *t, uint32_t i, char c)
{
	return t->toks[i].len == 1 && rl_tok_text(t, i)[0] == c;
}

/* Does a statement end after token i? */
static bool is_boundary(const rl_tree *t, uint32_t i)
{
	return is_punct(t, i, ';') || is_punct(t, i, '{') || is_punct(t, i, '}');
}

static bool line_based(const rl_tree *t)
{
	return t->lang == RL_LANG_PSK;
}

static bool starts_statement(const rl_tree *t, uint32_t i)
{
	uint32_t p = prev_sig(t, i);
	if (line_based(t))
		return p == NONE || tok_end_line(t, p) < tok_line(t, i);
	return !is_punct(t, i, '}') && (p == NONE || is_boundary(t, p));
}

/* Last token of the statement that starts at token i. */
static uint32_t statement_end(const rl_tree *t, uint32_t i)
{
	uint32_t last = i;
	if (line_based(t)) {
		for (uint32_t j = next_sig(t, i); j != NONE && tok_line(t, j) == tok_line(t, i); j = next_sig(t, j))
			last = j;
		return last;
	}
	unsigned depth = 0;
	for (uint32_t j = i; j != NONE; j = next_sig(t, j)) {
		if (is_punct(t, j, '}')) {
			if (depth == 0)
				return last; /* closes an enclosing block */
			if (--depth == 0)
				return j;
		} else if (is_punct(t, j, '{')) {
			depth++;
		} else if (depth == 0 && is_punct(t, j, ';')) {
			return j;
		}
		last = j;
	}
	return last;
}

/* First token of the statement (or block header) that token i belongs to. */
static uint32_t statement_start(const rl_tree *t, uint32_t i)
{
	if (line_based(t) || is_punct(t, i, '}'))
		return i;
	for (;;) {
		uint32_t p = prev_sig(t, i);
		if (p == NONE || is_boundary(t, p))
			return i;
		i = p;
	}
}

/* The lines a directive in comment token c covers; false when none. */
static bool covered_lines(const rl_tree *t, uint32_t c, rl_directive_kind kind, uint32_t *first, uint32_t *last)
{
	if (kind == RL_DIR_DISABLE_FILE) {
		*first = 1;
		*last = UINT32_MAX;
		return true;
	}
	uint32_t p = prev_sig(t, c);
	if (p != NONE && tok_end_line(t, p) == tok_line(t, c)) {
		*first = tok_line(t, statement_start(t, p));
		*last = tok_line(t, c);
		return true;
	}
	uint32_t s = next_sig(t, c);
	while (s != NONE && !starts_statement(t, s))
		s = next_sig(t, s);
	if (s == NONE)
		return false;
	*first = tok_line(t, s);
	*last = tok_end_line(t, statement_end(t, s));
	return true;
}

/* --- directives ---------------------------------------------------------- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return SIZE_MAX;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The rule name closest to a misspelt one, or NULL when none is close. */
static const char *closest_rule(const char *name)
{
	const char *best = NULL;
	size_t bestd = 3; /* at most two edits */
	for (int i = 0; i < RL_NRULES; i++) {
		const char *cand = rl_rule_get(i)->name;
		size_t d = edit_distance(name, cand);
		if (d < bestd && d * 3 <= strlen(name)) {
			bestd = d;
			best = cand;
		}
	}
	return best;
}

static void report_unknown(const rl_tree *t, rl_diags *d, uint32_t off, const char *name)
{
	rl_span span = {off, off + (uint32_t)strlen(name)};
	const char *near = closest_rule(name);
	if (!near) {
		rl_report(d, RL_R_bad_suppression, t->src, span,
			  "unknown rule '%s' in racoonlint directive (see --list-rules)", name);
		return;
	}
	rl_diag *dg = rl_report(d, RL_R_bad_suppression, t->src, span,
				"unknown rule '%s' in racoonlint directive; did you mean '%s'?", name, near);
	char *title = rl_xasprintf("replace with '%s'", near);
	rl_fix_edit(rl_diag_fix(dg, title, false), t->src, span.start, span.end, near);
	free(title);
}

/* Mark the rules a directive names; returns how many names were known. */
static size_t resolve_names(const rl_tree *t, uint32_t c, const rl_directive *dir, bool *rules, rl_diags *bad)
{
	const char *text = rl_tok_text(t, c);
	size_t known = 0;
	for (size_t k = 0; k < dir->nnames; k++) {
		rl_span n = dir->names[k];
		char *name = rl_xstrndup(text + n.start, n.end - n.start);
		int id = rl_rule_find(name);
		if (strcmp(name, "all") == 0) {
			for (int i = 0; i < RL_NRULES; i++)
				rules[i] = true;
			known++;
		} else if (id >= 0) {
			rules[id] = true;
			known++;
		} else if (bad) {
			report_unknown(t, bad, t->toks[c].off + n.start, name);
		}
		free(name);
	}
	return known;
}

/* Is token i a comment that may hold a directive? */
static bool is_comment(const rl_tree *t, uint32_t i)
{
	const rl_tok *k = &t->toks[i];
	if (!(k->flags & RL_TOK_TRIVIA) || k->len == 0 || rl_tok_text(t, i)[0] != '#')
		return false;
	/* psk.txt has comments at column 1 only */
	return !line_based(t) || rl_source_line_start(t->src, tok_line(t, i)) == k->off;
}

static void scan_comment(const rl_tree *t, uint32_t c, rl_suppressions *out, rl_diags *bad)
{
	rl_directive dir;
	rl_directive_parse(rl_tok_text(t, c), t->toks[c].len, &dir);
	if (dir.kind == RL_DIR_BAD && bad) {
		uint32_t off = t->toks[c].off;
		rl_report(bad, RL_R_bad_suppression, t->src, (rl_span){off + dir.where.start, off + dir.where.end},
			  "racoonlint directive: %s", dir.error);
	}
	if (dir.kind == RL_DIR_DISABLE || dir.kind == RL_DIR_DISABLE_FILE) {
		rl_suppression s;
		memset(&s, 0, sizeof s);
		size_t known = resolve_names(t, c, &dir, s.rules, bad);
		if (known && out && covered_lines(t, c, dir.kind, &s.first_line, &s.last_line)) {
			RL_GROW(out->v, out->cap, out->n + 1);
			out->v[out->n++] = s;
		}
	}
	rl_directive_free(&dir);
}

void rl_suppress_scan(const rl_tree *t, rl_suppressions *out, rl_diags *bad)
{
	for (uint32_t i = 0; i < t->ntoks; i++)
		if (is_comment(t, i))
			scan_comment(t, i, out, bad);
}

bool rl_suppressed(const rl_suppressions *s, int rule, uint32_t line)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].rules[rule] && line >= s->v[i].first_line && line <= s->v[i].last_line)
			return true;
	return false;
}

void rl_suppressions_free(rl_suppressions *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}
