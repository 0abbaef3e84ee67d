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

typedef struct lines {
	line *v;
	size_t n, cap;
} lines;

static void split(const char *data, size_t len, lines *out)
{
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

static void put_line(rl_buf *out, char mark, const line *l)
{
	rl_buf_putc(out, mark);
	rl_buf_add(out, l->p, l->n);
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
			case 'e': put_line(out, ' ', &a->v[x++]); y++; break;
			case 'd': put_line(out, '-', &a->v[x++]); break;
			default: put_line(out, '+', &b->v[y++]); break;
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

/* The new contents with its own secrets masked (parse it to find them),
 * and the run's secrets scrubbed. */
static char *mask_new(const rl_change *ch, const rl_scrub *sc, size_t *len)
{
	rl_source *s = rl_source_from_mem(ch->src->name, ch->data, ch->len);
	rl_diags d = {0};
	rl_tree *t = rl_parse(s, ch->src->lang, &d);
	rl_buf b = {0};
	rl_mask_scrub_append(sc, &b, s, 0, s->data, s->len);
	rl_tree_free(t);
	rl_diags_free(&d);
	rl_source_free(s);
	*len = b.len;
	return rl_buf_take(&b);
}

void rl_changes_diff(const rl_changes *ch, rl_buf *out)
{
	rl_scrub sc;
	memset(&sc, 0, sizeof sc);
	if (ch->cx)
		rl_scrub_init(&sc, ch->cx);
	for (size_t i = 0; i < ch->n; i++) {
		const rl_change *c = &ch->v[i];
		if (!c->content && !c->mode)
			continue;
		const char *p = strip_dot(c->src->name);
		if (c->mode) {
			rl_buf_printf(out, "diff --git a/%s b/%s\n", p, p);
			rl_buf_printf(out, "old mode %06o\nnew mode %06o\n", (unsigned)c->src->mode & 0177777,
				      ((unsigned)c->src->mode & 0170000) | (c->new_mode & 07777));
		}
		if (!c->content)
			continue;
		rl_buf oldm = {0};
		rl_mask_scrub_append(&sc, &oldm, c->src, 0, c->src->data, c->src->len);
		size_t nlen;
		char *newm = mask_new(c, &sc, &nlen);
		lines a = {0}, b = {0};
		split(oldm.data ? oldm.data : "", oldm.len, &a);
		split(newm, nlen, &b);
		ops o = {0};
		script(&a, &b, &o);
		rl_buf_printf(out, "--- a/%s\n+++ b/%s\n", p, p);
		hunks(&a, &b, &o, out);
		free(o.v);
		free(a.v);
		free(b.v);
		free(newm);
		rl_buf_free(&oldm);
	}
	rl_scrub_free(&sc);
}
