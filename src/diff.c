/* Unified diffs of the changes a run would make, secrets masked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "output.h"
#include "parse.h"
#include "util.h"

typedef struct line {
	const char *p;
	size_t n;      /* without the line break */
	bool nl;       /* ends with a line break */
	uint64_t h;
} line;

/* The lines of a file; printed masked by the secrets of src, then
 * scrubbed of the bytes of every secret of the run (sc, when not NULL). */
typedef struct lines {
	line *v;
	size_t n, cap;
	const rl_source *src;
	const rl_scrub *sc;
} lines;

static void split(const rl_source *src, const rl_scrub *sc, lines *out)
{
	const char *data = src->data;
	size_t len = src->len;
	out->src = src;
	out->sc = sc;
	size_t s = 0;
	while (s < len) {
		const char *nl = memchr(data + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - data) : len;
		RL_GROW(out->v, out->cap, out->n + 1);
		line *l = &out->v[out->n++];
		l->p = data + s;
		l->n = e - s;
		l->nl = nl != NULL;
		l->h = rl_hash(l->p, l->n) ^ (l->nl ? 0x9e3779b97f4a7c15ULL : 0);
		s = nl ? e + 1 : len;
	}
}

static bool eq(const line *a, const line *b)
{
	return a->h == b->h && a->n == b->n && a->nl == b->nl && memcmp(a->p, b->p, a->n) == 0;
}

/* edit script: one op per step, 'e' equal, 'd' delete (old), 'i' insert (new) */
typedef struct ops {
	char *v;
	size_t n, cap;
} ops;

static void op(ops *o, char c)
{
	RL_GROW(o->v, o->cap, o->n + 1);
	o->v[o->n++] = c;
}

#define MAX_D 1000

/* Myers' greedy algorithm on a[0..n) b[0..m); returns false when the edit
 * distance is above MAX_D (the caller then replaces the block whole). */
static bool myers(const line *a, size_t n, const line *b, size_t m, ops *o)
{
	size_t max = n + m;
	size_t dmax = max < MAX_D ? max : MAX_D;
	size_t off = dmax + 1;
	size_t width = 2 * dmax + 3;
	long *v = rl_xcalloc(width, sizeof *v);
	long **trace = rl_xcalloc(dmax + 1, sizeof *trace);
	long found = -1;
	for (size_t d = 0; d <= dmax && found < 0; d++) {
		for (long k = -(long)d; k <= (long)d; k += 2) {
			long x;
			if (k == -(long)d || (k != (long)d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			long y = x - k;
			while ((size_t)x < n && (size_t)y < m && eq(&a[x], &b[y])) {
				x++;
				y++;
			}
			v[off + k] = x;
			if ((size_t)x >= n && (size_t)y >= m) {
				found = (long)d;
				break;
			}
		}
		/* keep v[-d..d] of this round for the walk back */
		trace[d] = rl_xmalloc((2 * d + 1) * sizeof(long));
		memcpy(trace[d], v + off - d, (2 * d + 1) * sizeof(long));
	}
	bool ok = found >= 0;
	if (ok) {
		/* walk back, collecting ops in reverse */
		ops rev = {0};
		long x = (long)n, y = (long)m;
		for (long d = found; d > 0; d--) {
			/* trace[d - 1][j] holds v[j - (d - 1)] */
			long *pv = trace[d - 1] + (d - 1);
			long k = x - y;
			long pk = (k == -d || (k != d && pv[k - 1] < pv[k + 1])) ? k + 1 : k - 1;
			long px = pv[pk], py = px - pk;
			while (x > px && y > py) {
				op(&rev, 'e');
				x--;
				y--;
			}
			op(&rev, pk == k + 1 ? 'i' : 'd');
			x = px;
			y = py;
		}
		while (x > 0 && y > 0) {
			op(&rev, 'e');
			x--;
			y--;
		}
		for (size_t i = rev.n; i > 0; i--)
			op(o, rev.v[i - 1]);
		free(rev.v);
	}
	for (size_t d = 0; d <= dmax; d++)
		free(trace[d]);
	free(trace);
	free(v);
	return ok;
}

static void script(const lines *a, const lines *b, ops *o)
{
	size_t pre = 0;
	while (pre < a->n && pre < b->n && eq(&a->v[pre], &b->v[pre]))
		pre++;
	size_t suf = 0;
	while (suf < a->n - pre && suf < b->n - pre && eq(&a->v[a->n - 1 - suf], &b->v[b->n - 1 - suf]))
		suf++;
	for (size_t i = 0; i < pre; i++)
		op(o, 'e');
	size_t an = a->n - pre - suf, bn = b->n - pre - suf;
	if (!myers(a->v + pre, an, b->v + pre, bn, o)) {
		for (size_t i = 0; i < an; i++)
			op(o, 'd');
		for (size_t i = 0; i < bn; i++)
			op(o, 'i');
	}
	for (size_t i = 0; i < suf; i++)
		op(o, 'e');
}

/* Text masked by the secret spans of src, then scrubbed by sc. */
static void put_masked(rl_buf *out, const rl_source *src, uint32_t off, const char *text, size_t n,
		       const rl_scrub *sc)
{
	if (!sc) {
		rl_mask_append(out, src, off, text, n);
		return;
	}
	rl_buf tmp = {0};
	rl_mask_append(&tmp, src, off, text, n);
	rl_scrub_append(sc, out, tmp.data ? tmp.data : "", tmp.len);
	rl_buf_free(&tmp);
}

static void put_line(rl_buf *out, char mark, const lines *in, size_t i)
{
	const line *l = &in->v[i];
	rl_buf_putc(out, mark);
	put_masked(out, in->src, (uint32_t)(l->p - in->src->data), l->p, l->n, in->sc);
	rl_buf_putc(out, '\n');
	if (!l->nl)
		rl_buf_puts(out, "\\ No newline at end of file\n");
}

#define CONTEXT 3

static void hunks(const lines *a, const lines *b, const ops *o, rl_buf *out)
{
	size_t i = 0;
	while (i < o->n) {
		/* find the next change */
		size_t c = i;
		while (c < o->n && o->v[c] == 'e')
			c++;
		if (c == o->n)
			break;
		size_t start = c > CONTEXT ? c - CONTEXT : 0;
		if (start < i)
			start = i;
		/* extend while changes are within 2*CONTEXT of each other */
		size_t end = c;
		for (;;) {
			while (end < o->n && o->v[end] != 'e')
				end++;
			size_t run = end;
			while (run < o->n && o->v[run] == 'e')
				run++;
			if (run < o->n && run - end <= 2 * CONTEXT) {
				end = run;
				continue;
			}
			end = end + CONTEXT < o->n ? end + CONTEXT : o->n;
			if (end > run)
				end = run;
			break;
		}
		/* positions of 'start' in a and b */
		size_t ai = 0, bi = 0;
		for (size_t k = 0; k < start; k++) {
			if (o->v[k] != 'i')
				ai++;
			if (o->v[k] != 'd')
				bi++;
		}
		size_t ac = 0, bc = 0;
		for (size_t k = start; k < end; k++) {
			if (o->v[k] != 'i')
				ac++;
			if (o->v[k] != 'd')
				bc++;
		}
		rl_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ac ? ai + 1 : ai, ac, bc ? bi + 1 : bi, bc);
		size_t x = ai, y = bi;
		for (size_t k = start; k < end; k++) {
			switch (o->v[k]) {
			case 'e': put_line(out, ' ', a, x++); y++; break;
			case 'd': put_line(out, '-', a, x++); break;
			default: put_line(out, '+', b, y++); break;
			}
		}
		i = end;
	}
}

static const char *strip_dot(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	while (*p == '/')
		p++;
	return p;
}

/* Bytes of a file in language lang as a source that knows its secrets;
 * *clean (when not NULL) tells whether they parsed without an error. */
static rl_source *secrets_of(const char *name, rl_lang lang, const char *data, size_t n, bool *clean)
{
	rl_source *s = rl_source_from_mem(name, data, n);
	rl_diags d = {0};
	rl_tree *t = rl_parse(s, lang, &d);
	if (clean)
		*clean = t && t->nerrors == 0 && t->long_len == 0;
	rl_tree_free(t);
	rl_diags_free(&d);
	return s;
}

/* The new contents of a change as a source that knows its secrets. */
static rl_source *new_source(const rl_change *c)
{
	return secrets_of(c->src->name, c->src->lang, c->data, c->len, NULL);
}

/* The top-level statements of one file, as byte spans in file order. */
typedef struct stmt_spans {
	const rl_source *src;
	rl_span *v; /* NULL: the file's tree is unknown or has errors */
	size_t n;
} stmt_spans;

struct rl_edit_masker {
	const rl_ctx *cx;
	stmt_spans *files;
	size_t n, cap;
	size_t whole; /* edits read with the whole new file, for want of a window */
};

rl_edit_masker *rl_edit_masker_new(const rl_ctx *cx)
{
	rl_edit_masker *m = rl_xcalloc(1, sizeof *m);
	m->cx = cx;
	return m;
}

size_t rl_edit_masker_whole(const rl_edit_masker *m)
{
	return m ? m->whole : 0;
}

void rl_edit_masker_free(rl_edit_masker *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->files[i].v);
	free(m->files);
	free(m);
}

static const stmt_spans *spans_of(rl_edit_masker *m, const rl_source *src)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->files[i].src == src)
			return &m->files[i];
	RL_GROW(m->files, m->cap, m->n + 1);
	stmt_spans *f = &m->files[m->n++];
	*f = (stmt_spans){.src = src};
	const rl_tree *t = rl_ctx_tree(m->cx, src);
	if (!t || !t->root || t->nerrors || t->long_len)
		return f;
	uint32_t n;
	const uint32_t *top = rl_tree_top(t, &n);
	f->v = rl_xmalloc((n ? n : 1) * sizeof *f->v);
	for (uint32_t i = 0; i < n; i++)
		if (t->nodes[top[i]].last >= t->nodes[top[i]].first)
			f->v[f->n++] = rl_node_span(t, top[i]);
	return f;
}

/* The bytes [*ws, *we) of a file that decide what an edit of [start, end)
 * holds: the top-level statements it touches (from the start of the one
 * before when it starts between two), and the next one, in case the new
 * text runs into it. A top-level statement starts in the scanner's first
 * state in every language, so those bytes scan alone as they do in the
 * whole file; where one ends, the scanner may still be inside it. */
static void edit_window(const stmt_spans *f, uint32_t start, uint32_t end, uint32_t *ws, uint32_t *we)
{
	/* i: the first statement that ends at or after start */
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->v[mid].end < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t i = lo;
	/* between two statements: from the start of the one before (after
	 * the end of a psk.txt line without a key the scanner still waits for
	 * the key: white space there leads to one) */
	uint32_t before = i > 0 ? f->v[i - 1].start : 0;
	*ws = i < f->n && f->v[i].start <= start ? f->v[i].start : before;
	while (i < f->n && f->v[i].start <= end)
		i++;
	*we = i < f->n ? f->v[i].end : f->src->len;
}

void rl_edit_masked(rl_edit_masker *m, const rl_edit *e, rl_buf *out)
{
	size_t n = strlen(e->text);
	if (n == 0)
		return;
	const rl_source *src = e->src;
	uint32_t ws = 0, we = src->len;
	const stmt_spans *f = m ? spans_of(m, src) : NULL;
	if (f && f->v)
		edit_window(f, e->start, e->end, &ws, &we);
	else if (m)
		m->whole++;
	bool part = ws > 0 || we < src->len;
	rl_edit one = {.src = e->src, .start = e->start - ws, .end = e->end - ws, .text = e->text};
	const rl_edit *p = &one;
	size_t len;
	char *data = rl_apply_edits(src->data + ws, we - ws, &p, 1, &len);
	bool clean;
	rl_source *s = secrets_of(src->name, src->lang, data, len, &clean);
	free(data);
	if (part && !clean) {
		/* the new text changes how what follows reads: the whole file */
		rl_source_free(s);
		rl_edit_masked(NULL, e, out);
		m->whole++;
		return;
	}
	rl_mask_append(out, s, one.start, e->text, n);
	rl_source_free(s);
}

void rl_change_masked(const rl_change *c, const rl_scrub *sc, rl_buf *out)
{
	rl_source *s = new_source(c);
	put_masked(out, s, 0, s->data, s->len, sc);
	rl_source_free(s);
}

/* The hunks of one file. Lines are compared as they are and printed
 * masked, so that a change inside a secret shows as a changed line
 * without showing the secret. */
static void file_hunks(const rl_change *c, const rl_scrub *sc, rl_buf *out)
{
	rl_source *now = new_source(c);
	lines a = {0}, b = {0};
	split(c->src, sc, &a);
	split(now, sc, &b);
	ops o = {0};
	script(&a, &b, &o);
	hunks(&a, &b, &o, out);
	free(o.v);
	free(a.v);
	free(b.v);
	rl_source_free(now);
}

void rl_changes_diff(const rl_changes *ch, const rl_scrub *sc, rl_buf *out)
{
	/* A mode change needs a git header; once one file has it, every file
	 * gets one: patch and git apply read a section without a header of its
	 * own as part of the git section before it */
	bool git = false;
	for (size_t i = 0; i < ch->n; i++)
		git |= ch->v[i].mode;
	for (size_t i = 0; i < ch->n; i++) {
		const rl_change *c = &ch->v[i];
		if (!c->content && !c->mode)
			continue;
		const char *p = strip_dot(c->src->name);
		if (git)
			rl_buf_printf(out, "diff --git a/%s b/%s\n", p, p);
		if (c->mode)
			rl_buf_printf(out, "old mode %06o\nnew mode %06o\n", (unsigned)c->src->mode & 0177777,
				      ((unsigned)c->src->mode & 0170000) | (c->new_mode & 07777));
		if (!c->content)
			continue;
		rl_buf_printf(out, "--- a/%s\n+++ b/%s\n", p, p);
		file_hunks(c, sc, out);
	}
}
