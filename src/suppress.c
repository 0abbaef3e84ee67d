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

/* Does a statement (or block header) end with token i? */
static bool is_boundary(const rl_tree *t, uint32_t i)
{
	return is_punct(t, i, ';') || is_punct(t, i, '{') || is_punct(t, i, '}');
}

static bool line_based(const rl_tree *t)
{
	return t->lang == RL_LANG_PSK;
}

/* Where the statements of a file are, worked out once in linear passes so
 * that any number of directives costs no more. Indexes are token indexes;
 * NONE is none. */
typedef struct layout {
	const rl_tree *t;
	uint32_t *prev;       /* last significant token before i */
	uint32_t *piece;      /* significant i: first token of its statement or block header */
	uint32_t *end;        /* i starting a statement: its last token */
	uint32_t *next_start; /* first token at or after i that starts a statement */
} layout;

static bool starts_at(const layout *l, uint32_t i)
{
	const rl_tree *t = l->t;
	uint32_t p = l->prev[i];
	if (!significant(t, i))
		return false;
	if (line_based(t))
		return p == NONE || tok_end_line(t, p) < tok_line(t, i);
	return !is_punct(t, i, '}') && (p == NONE || is_boundary(t, p));
}

/* Statement ends in racoon.conf and setkey files: at ';' on its own depth,
 * a block statement at its matching '}', a statement missing its ';' at the
 * last token before the '}' that closes its block, or at the end. */
static void find_ends(layout *l)
{
	const rl_tree *t = l->t;
	uint32_t *open = NULL, cur = NONE, last = NONE;
	size_t nopen = 0, cap = 0;
	for (uint32_t i = 0; i < t->ntoks; i++) {
		if (!significant(t, i))
			continue;
		if (cur == NONE && !is_punct(t, i, '}'))
			cur = i;
		if (is_punct(t, i, ';')) {
			l->end[cur] = i;
			cur = NONE;
		} else if (is_punct(t, i, '{')) {
			RL_GROW(open, cap, nopen + 1);
			open[nopen++] = cur;
			cur = NONE;
		} else if (is_punct(t, i, '}')) {
			if (cur != NONE)
				l->end[cur] = last;
			cur = NONE;
			if (nopen)
				l->end[open[--nopen]] = i;
		}
		last = i;
	}
	if (cur != NONE)
		l->end[cur] = last;
	while (nopen)
		l->end[open[--nopen]] = last;
	free(open);
}

static void layout_build(layout *l, const rl_tree *t)
{
	uint32_t n = t->ntoks;
	l->t = t;
	l->prev = rl_xmalloc((size_t)n * sizeof *l->prev);
	l->piece = rl_xmalloc((size_t)n * sizeof *l->piece);
	l->end = rl_xmalloc((size_t)n * sizeof *l->end);
	l->next_start = rl_xmalloc(((size_t)n + 1) * sizeof *l->next_start);
	uint32_t last = NONE;
	for (uint32_t i = 0; i < n; i++) {
		l->prev[i] = last;
		l->end[i] = i;
		if (significant(t, i))
			last = i;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (!significant(t, i))
			continue;
		bool own = starts_at(l, i) || (!line_based(t) && is_punct(t, i, '}')) || l->prev[i] == NONE;
		l->piece[i] = own ? i : l->piece[l->prev[i]];
		if (line_based(t))
			l->end[l->piece[i]] = i;
	}
	if (!line_based(t))
		find_ends(l);
	l->next_start[n] = NONE;
	for (uint32_t i = n; i-- > 0;)
		l->next_start[i] = starts_at(l, i) ? i : l->next_start[i + 1];
}

static void layout_free(layout *l)
{
	free(l->prev);
	free(l->piece);
	free(l->end);
	free(l->next_start);
}

/* The lines a directive in comment token c covers; false when none. */
static bool covered_lines(const layout *l, uint32_t c, rl_directive_kind kind, uint32_t *first, uint32_t *last)
{
	const rl_tree *t = l->t;
	if (kind == RL_DIR_DISABLE_FILE) {
		*first = 1;
		*last = UINT32_MAX;
		return true;
	}
	uint32_t p = l->prev[c];
	if (p != NONE && tok_end_line(t, p) == tok_line(t, c)) {
		*first = tok_line(t, l->piece[p]);
		*last = tok_line(t, c);
		return true;
	}
	uint32_t s = l->next_start[c];
	if (s == NONE)
		return false;
	*first = tok_line(t, s);
	*last = tok_end_line(t, l->end[s]);
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

/* Most unknown names per file for which a close rule name is looked for:
 * the search is costly, and a file full of them is hostile, not misspelt. */
#define MAX_SUGGESTIONS 100

/* One pass over a file's directives. */
typedef struct scan {
	const rl_tree *t;
	layout l;               /* built at the first directive that needs it */
	rl_suppressions *out;
	rl_diags *bad;
	unsigned suggestions;   /* close names looked for so far */
} scan;

static void report_unknown(scan *sc, uint32_t off, const char *name)
{
	rl_span span = {off, off + (uint32_t)strlen(name)};
	const char *near = sc->suggestions++ < MAX_SUGGESTIONS ? closest_rule(name) : NULL;
	if (!near) {
		rl_report(sc->bad, RL_R_bad_suppression, sc->t->src, span,
			  "unknown rule '%s' in racoonlint directive (see --list-rules)", name);
		return;
	}
	rl_diag *dg = rl_report(sc->bad, RL_R_bad_suppression, sc->t->src, span,
				"unknown rule '%s' in racoonlint directive; did you mean '%s'?", name, near);
	char *title = rl_xasprintf("replace with '%s'", near);
	rl_fix_edit(rl_diag_fix(dg, title, false), sc->t->src, span.start, span.end, near);
	free(title);
}

/* Mark the rules a directive in comment c names; returns how many names
 * were known. */
static size_t resolve_names(scan *sc, uint32_t c, const rl_directive *dir, bool *rules)
{
	const char *text = rl_tok_text(sc->t, c);
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
		} else if (sc->bad) {
			report_unknown(sc, sc->t->toks[c].off + n.start, name);
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

static void add_suppression(scan *sc, uint32_t c, rl_directive_kind kind, const rl_suppression *proto)
{
	rl_suppression s = *proto;
	if (!sc->l.t)
		layout_build(&sc->l, sc->t);
	if (!covered_lines(&sc->l, c, kind, &s.first_line, &s.last_line))
		return;
	RL_GROW(sc->out->v, sc->out->cap, sc->out->n + 1);
	sc->out->v[sc->out->n++] = s;
}

static void scan_comment(scan *sc, uint32_t c)
{
	const rl_tree *t = sc->t;
	rl_directive dir;
	rl_directive_parse(rl_tok_text(t, c), t->toks[c].len, &dir);
	if (dir.kind == RL_DIR_BAD && sc->bad) {
		uint32_t off = t->toks[c].off;
		rl_report(sc->bad, RL_R_bad_suppression, t->src,
			  (rl_span){off + dir.where.start, off + dir.where.end}, "racoonlint directive: %s", dir.error);
	}
	if (dir.kind == RL_DIR_DISABLE || dir.kind == RL_DIR_DISABLE_FILE) {
		rl_suppression s;
		memset(&s, 0, sizeof s);
		if (resolve_names(sc, c, &dir, s.rules) && sc->out)
			add_suppression(sc, c, dir.kind, &s);
	}
	rl_directive_free(&dir);
}

static int cmp_range(const void *a, const void *b)
{
	const rl_line_range *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->last < y->last ? -1 : x->last > y->last;
}

/* For each rule, the union of the ranges that name it, so that a lookup
 * is a binary search however many directives a file holds. */
static void index_lines(rl_suppressions *s)
{
	for (int r = 0; r < RL_NRULES; r++) {
		rl_line_range *v = NULL;
		size_t n = 0, cap = 0;
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].rules[r]) {
				RL_GROW(v, cap, n + 1);
				v[n++] = (rl_line_range){s->v[i].first_line, s->v[i].last_line};
			}
		if (n > 1)
			qsort(v, n, sizeof *v, cmp_range);
		size_t w = 0;
		for (size_t i = 0; i < n; i++) {
			if (w && v[i].first <= v[w - 1].last) {
				if (v[i].last > v[w - 1].last)
					v[w - 1].last = v[i].last;
			} else {
				v[w++] = v[i];
			}
		}
		free(s->lines[r]);
		s->lines[r] = v;
		s->nlines[r] = w;
	}
}

/* Cheap test before any work: does the comment mention racoonlint? */
static bool may_be_directive(const rl_tree *t, uint32_t i)
{
	static const char tag[] = "racoonlint:";
	const rl_tok *k = &t->toks[i];
	const char *p = rl_tok_text(t, i);
	size_t j = 1;
	while (j < k->len && (p[j] == ' ' || p[j] == '\t'))
		j++;
	return k->len - j >= sizeof tag - 1 && memcmp(p + j, tag, sizeof tag - 1) == 0;
}

/* Does s[0..n) hold "racoonlint:"? memchr finds each ':' (its last byte,
 * rarer in these files than any letter of it), the bytes before it are
 * compared. */
static bool holds_tag(const char *s, size_t n)
{
	static const char tag[] = "racoonlint:";
	const size_t at = sizeof tag - 2; /* the ':' of the tag */
	for (size_t i = at; i < n;) {
		const char *c = memchr(s + i, ':', n - i);
		if (!c)
			return false;
		if (memcmp(c - at, tag, at) == 0)
			return true;
		i = (size_t)(c - s) + 1;
	}
	return false;
}

void rl_suppress_scan(const rl_tree *t, rl_suppressions *out, rl_diags *bad)
{
	scan sc = {.t = t, .out = out, .bad = bad};
	/* every directive holds "racoonlint:" (may_be_directive): a file
	 * without it has none, and its tokens need no look */
	if (holds_tag(t->src->data, t->src->len))
		for (uint32_t i = 0; i < t->ntoks; i++)
			if (is_comment(t, i) && may_be_directive(t, i))
				scan_comment(&sc, i);
	if (sc.l.t)
		layout_free(&sc.l);
	if (out)
		index_lines(out);
}

bool rl_suppressed(const rl_suppressions *s, int rule, uint32_t line)
{
	const rl_line_range *v = s->lines[rule];
	size_t lo = 0, hi = s->nlines[rule];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].last < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nlines[rule] && v[lo].first <= line;
}

void rl_suppressions_free(rl_suppressions *s)
{
	free(s->v);
	for (int r = 0; r < RL_NRULES; r++)
		free(s->lines[r]);
	memset(s, 0, sizeof *s);
}
