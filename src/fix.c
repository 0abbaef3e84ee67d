#include "fix.h"

#include <stdlib.h>
#include <string.h>

#include "canonical.h"
#include "parse.h"
#include "util.h"

static rl_change *change_for(rl_changes *ch, rl_source *src)
{
	for (size_t i = 0; i < ch->n; i++)
		if (ch->v[i].src == src)
			return &ch->v[i];
	RL_GROW(ch->v, ch->cap, ch->n + 1);
	rl_change *c = &ch->v[ch->n++];
	memset(c, 0, sizeof *c);
	c->src = src;
	return c;
}

/* the chosen edits, flat */
typedef struct chosen {
	const rl_edit **v;
	size_t n, cap;
} chosen;

static bool same_edit(const rl_edit *a, const rl_edit *b)
{
	return a->src == b->src && a->start == b->start && a->end == b->end && strcmp(a->text, b->text) == 0;
}

static bool overlaps(const rl_edit *a, const rl_edit *b)
{
	if (a->src != b->src)
		return false;
	/* two insertions at one point would have an ambiguous order */
	if (a->start == a->end && b->start == b->end)
		return a->start == b->start;
	return a->start < b->end && b->start < a->end;
}

/* 1: every edit new and free; 0: all already chosen; -1: conflicts */
static int classify(const chosen *c, const rl_fix *f)
{
	bool any_new = false;
	for (size_t i = 0; i < f->nedits; i++) {
		bool dup = false;
		for (size_t k = 0; k < c->n; k++) {
			if (same_edit(&f->edits[i], c->v[k])) {
				dup = true;
				break;
			}
			if (overlaps(&f->edits[i], c->v[k]))
				return -1;
		}
		if (!dup)
			any_new = true;
	}
	return any_new || f->mode_src ? 1 : 0;
}

/* Take the edits of f that are not chosen yet; count f once in each file
 * it changes. */
static void choose(chosen *c, rl_changes *out, const rl_fix *f)
{
	size_t before = c->n;
	for (size_t e = 0; e < f->nedits; e++) {
		bool dup = false;
		for (size_t j = 0; j < c->n && !dup; j++)
			dup = same_edit(&f->edits[e], c->v[j]);
		if (dup)
			continue;
		bool counted = false;
		for (size_t j = before; j < c->n && !counted; j++)
			counted = c->v[j]->src == f->edits[e].src;
		RL_GROW(c->v, c->cap, c->n + 1);
		c->v[c->n++] = &f->edits[e];
		rl_change *ch = change_for(out, f->edits[e].src);
		if (!counted)
			ch->nfixes++;
	}
	if (f->mode_src) {
		rl_change *ch = change_for(out, f->mode_src);
		ch->mode = f->mode_src->have_stat && (f->mode_src->mode & 07777) != f->new_mode;
		ch->new_mode = f->new_mode;
		ch->nfixes++;
	}
}

/* Give a change its new contents: its file with the chosen edits made. */
static void apply_chosen(rl_change *ch, const chosen *c)
{
	const rl_edit **mine = NULL;
	size_t n = 0, cap = 0;
	for (size_t k = 0; k < c->n; k++) {
		if (c->v[k]->src != ch->src)
			continue;
		RL_GROW(mine, cap, n + 1);
		mine[n++] = c->v[k];
	}
	ch->data = rl_apply_edits(ch->src->data, ch->src->len, mine, n, &ch->len);
	ch->content = ch->len != ch->src->len || memcmp(ch->data, ch->src->data, ch->len) != 0;
	free(mine);
}

void rl_changes_from_fixes(rl_ctx *cx, bool unsafe, rl_changes *out)
{
	chosen c = {0};
	for (size_t i = 0; i < cx->diags.n; i++) {
		rl_fix *f = cx->diags.v[i].fix;
		if (!f || (!f->safe && !unsafe))
			continue;
		int k = classify(&c, f);
		if (k < 0)
			out->skipped++;
		if (k <= 0)
			continue;
		out->applied++;
		choose(&c, out, f);
	}
	for (size_t i = 0; i < out->n; i++)
		apply_chosen(&out->v[i], &c);
	free(c.v);
}

/* The contents of a change when nothing changed yet: the file as read. */
static void keep_contents(rl_change *ch)
{
	if (ch->data)
		return;
	ch->data = rl_xmalloc(ch->src->len + 1);
	memcpy(ch->data, ch->src->data, ch->src->len + 1);
	ch->len = ch->src->len;
}

/* Lay out one change's contents; NULL, or why they keep their layout. */
static const char *lay_out(rl_change *ch)
{
	rl_source *s = rl_source_from_mem(ch->src->name, ch->data, ch->len);
	rl_diags d = {0};
	rl_tree *t = rl_parse(s, ch->src->lang, &d);
	size_t len;
	char *text = rl_canonical(t, &len);
	const char *why = rl_canonical_ok(t) ? "the layout would not read back the same" : "it does not parse";
	rl_tree_free(t);
	rl_diags_free(&d);
	rl_source_free(s);
	if (!text)
		return why;
	ch->layout = len != ch->len || memcmp(text, ch->data, len) != 0;
	free(ch->data);
	ch->data = text;
	ch->len = len;
	ch->content = ch->len != ch->src->len || memcmp(ch->data, ch->src->data, ch->len) != 0;
	return NULL;
}

void rl_changes_canonical(rl_ctx *cx, rl_changes *ch, FILE *err)
{
	for (size_t i = 0; i < cx->nfiles; i++) {
		rl_change *c = change_for(ch, cx->files[i]->src);
		keep_contents(c);
		const char *why = lay_out(c);
		if (why && err)
			fprintf(err, "racoonlint: %s: not laid out: %s\n", c->src->name, why);
	}
}

static int cmp_edit(const void *a, const void *b)
{
	const rl_edit *x = *(const rl_edit *const *)a, *y = *(const rl_edit *const *)b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

char *rl_apply_edits(const char *data, size_t len, const rl_edit *const *edits, size_t n, size_t *newlen)
{
	const rl_edit **sorted = rl_xmalloc((n ? n : 1) * sizeof *sorted);
	if (n) /* a fix that only sets a mode has no edits (and edits may be NULL) */
		memcpy(sorted, edits, n * sizeof *sorted);
	/* insertion sort keeps the order of insertions at one point (stable) */
	for (size_t i = 1; i < n; i++) {
		const rl_edit *e = sorted[i];
		size_t k = i;
		while (k > 0 && cmp_edit(&sorted[k - 1], &e) > 0) {
			sorted[k] = sorted[k - 1];
			k--;
		}
		sorted[k] = e;
	}
	rl_buf b = {0};
	size_t pos = 0;
	for (size_t i = 0; i < n; i++) {
		const rl_edit *e = sorted[i];
		if (e->start < pos || e->end > len)
			continue; /* overlapping or out of range: never chosen together */
		rl_buf_add(&b, data + pos, e->start - pos);
		rl_buf_puts(&b, e->text);
		pos = e->end;
	}
	rl_buf_add(&b, data + pos, len - pos);
	free(sorted);
	*newlen = b.len;
	return rl_buf_take(&b);
}

const rl_change *rl_changes_find(const rl_changes *ch, const rl_source *src)
{
	for (size_t i = 0; i < ch->n; i++)
		if (ch->v[i].src == src)
			return ch->v[i].content ? &ch->v[i] : NULL;
	return NULL;
}

void rl_changes_free(rl_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++)
		free(ch->v[i].data);
	free(ch->v);
	memset(ch, 0, sizeof *ch);
}
