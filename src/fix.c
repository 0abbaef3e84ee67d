#include "fix.h"

#include <stdlib.h>
#include <string.h>

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

void rl_changes_from_fixes(rl_ctx *cx, bool unsafe, rl_changes *out)
{
	chosen c = {0};
	out->cx = cx;
	for (size_t i = 0; i < cx->diags.n; i++) {
		rl_fix *f = cx->diags.v[i].fix;
		if (!f || (!f->safe && !unsafe))
			continue;
		int k = classify(&c, f);
		if (k < 0) {
			out->skipped++;
			continue;
		}
		if (k == 0)
			continue;
		out->applied++;
		for (size_t e = 0; e < f->nedits; e++) {
			bool dup = false;
			for (size_t j = 0; j < c.n && !dup; j++)
				dup = same_edit(&f->edits[e], c.v[j]);
			if (dup)
				continue;
			RL_GROW(c.v, c.cap, c.n + 1);
			c.v[c.n++] = &f->edits[e];
			change_for(out, f->edits[e].src)->nfixes++;
		}
		if (f->mode_src) {
			rl_change *ch = change_for(out, f->mode_src);
			ch->mode = f->mode_src->have_stat && (f->mode_src->mode & 07777) != f->new_mode;
			ch->new_mode = f->new_mode;
			ch->nfixes++;
		}
	}
	for (size_t i = 0; i < out->n; i++) {
		rl_change *ch = &out->v[i];
		const rl_edit **mine = NULL;
		size_t n = 0, cap = 0;
		for (size_t k = 0; k < c.n; k++) {
			if (c.v[k]->src != ch->src)
				continue;
			RL_GROW(mine, cap, n + 1);
			mine[n++] = c.v[k];
		}
		ch->data = rl_apply_edits(ch->src->data, ch->src->len, mine, n, &ch->len);
		ch->content = ch->len != ch->src->len || memcmp(ch->data, ch->src->data, ch->len) != 0;
		free(mine);
	}
	free(c.v);
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

void rl_changes_free(rl_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++)
		free(ch->v[i].data);
	free(ch->v);
	memset(ch, 0, sizeof *ch);
}
