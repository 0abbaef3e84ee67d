#include "pair_report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void rl_each_direction(rl_ctx *cx, void (*fn)(rl_ctx *cx, rl_host *a, rl_host *b, void *arg), void *arg)
{
	for (size_t i = 0; i < cx->nhosts; i++)
		for (size_t j = i + 1; j < cx->nhosts; j++) {
			if (!rl_pair_checked(cx, i, j))
				continue;
			fn(cx, cx->hosts[i], cx->hosts[j], arg);
			fn(cx, cx->hosts[j], cx->hosts[i], arg);
		}
}

rl_diag *rl_report_at(rl_ctx *cx, int rule, rl_host *h, rl_loc loc, rl_source *fallback, const char *fmt, ...)
{
	if (!loc.src) {
		loc.src = fallback;
		loc.span.start = loc.span.end = 0;
	}
	va_list ap;
	va_start(ap, fmt);
	rl_diag *dg = rl_vreport(&cx->diags, rule, loc.src, loc.span, fmt, ap);
	va_end(ap);
	dg->host = h ? rl_xstrdup(h->name) : NULL;
	return dg;
}

/* A fault already reported for this pair. */
typedef struct seen {
	rl_step step;
	rl_why why;
	rl_loc l1, l2;   /* the two lines, in a fixed order */
	size_t diag;     /* index in cx->diags */
	size_t count[3]; /* how many times met, per direction */
	unsigned dirs;   /* 1: first direction, 2: second */
	rl_host *other;  /* the initiator of the other direction */
} seen;

typedef struct walk {
	rl_ctx *cx;
	int rule;
	const rl_step *steps;
	size_t nsteps;
	unsigned flags;
	rl_step_filter filter;
	rl_step_fixer fixer;
	seen *v;
	size_t n, cap;
	rl_hmap ix;
	unsigned dir;
} walk;

static bool loc_less(rl_loc a, rl_loc b)
{
	if (a.src != b.src)
		return (uintptr_t)a.src < (uintptr_t)b.src;
	return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end < b.span.end;
}

static bool loc_eq(rl_loc a, rl_loc b)
{
	return a.src == b.src && a.span.start == b.span.start && a.span.end == b.span.end;
}

static uint64_t loc_hash(uint64_t h, rl_loc l)
{
	h = rl_hash_num(h, (uint64_t)(uintptr_t)l.src);
	return rl_hash_num(h, (uint64_t)l.span.start << 32 | l.span.end);
}

static seen *find_seen(walk *w, rl_step step, const rl_check *c, uint64_t *key)
{
	rl_loc l1 = c->at_i, l2 = c->at_r;
	if (loc_less(l2, l1)) {
		l1 = c->at_r;
		l2 = c->at_i;
	}
	*key = loc_hash(loc_hash(rl_hash_num(rl_hash_num(RL_HASH_INIT, step), c->why), l1), l2);
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&w->ix, *key, &it, &i)) {
		seen *s = &w->v[i];
		if (s->step == step && s->why == c->why && loc_eq(s->l1, l1) && loc_eq(s->l2, l2))
			return s;
	}
	return NULL;
}

/* Where a finding without its own lines goes: the flow's policy, the
 * first policy towards the peer, the initiator's racoon.conf. */
static rl_loc fallback_loc(const rl_nego *n, const rl_flow *f, const rl_p1 *p)
{
	if (f)
		return f->out->loc;
	if (p && p->trigger.src)
		return p->trigger;
	rl_loc l = {n->init->conf, {0, 0}};
	return l;
}

static void emit(walk *w, const rl_nego *n, const rl_flow *f, const rl_p1 *p, rl_step step, const rl_check *c)
{
	uint64_t key;
	seen *s = find_seen(w, step, c, &key);
	if (s) {
		s->count[w->dir]++;
		s->dirs |= w->dir;
		if (w->dir != 1)
			s->other = n->init;
		rl_diag *seen_dg = &w->cx->diags.v[s->diag];
		if (w->fixer && !seen_dg->fix)
			w->fixer(w->cx, seen_dg, n, f, p, step, c);
		return;
	}
	bool on_init = c->on_resp ? !c->at_r.src : c->at_i.src || !c->at_r.src;
	rl_loc main = on_init ? c->at_i : c->at_r, other = on_init ? c->at_r : c->at_i;
	rl_loc at = main.src ? main : fallback_loc(n, f, p);
	rl_host *owner = on_init ? n->init : n->resp;
	rl_diag *dg = rl_report_at(w->cx, w->rule, owner, at, owner->conf, "%s initiating: %s", n->init->name,
				   c->msg ? c->msg : rl_step_name(step));
	if (c->out == RL_OUT_WARN && dg->sev > RL_SEV_WARNING)
		dg->sev = RL_SEV_WARNING;
	if (main.src && other.src)
		rl_diag_related(dg, other.src, other.span, "%s's side", on_init ? n->resp->name : n->init->name);
	if (w->fixer)
		w->fixer(w->cx, dg, n, f, p, step, c);
	if (f && !loc_eq(f->out->loc, at)) {
		rl_buf b = {0};
		rl_put_sel(&b, &f->out->sel);
		rl_diag_related(dg, f->out->loc.src, f->out->loc.span, "the flow %s of %s", rl_buf_str(&b), n->init->name);
		rl_buf_free(&b);
	}
	RL_GROW(w->v, w->cap, w->n + 1);
	s = &w->v[w->n];
	memset(s, 0, sizeof *s);
	s->step = step;
	s->why = c->why;
	s->l1 = loc_less(c->at_r, c->at_i) ? c->at_r : c->at_i;
	s->l2 = loc_less(c->at_r, c->at_i) ? c->at_i : c->at_r;
	s->diag = w->cx->diags.n - 1;
	s->count[w->dir] = 1;
	s->dirs = w->dir;
	rl_hmap_add(&w->ix, key, (uint32_t)w->n++);
}

static bool wanted(const walk *w, const rl_check *c)
{
	return c->out == RL_OUT_FAIL || (c->out == RL_OUT_WARN && (w->flags & RL_REPORT_WARN));
}

static void walk_direction(walk *w, rl_host *a, rl_host *b)
{
	const rl_nego *n = rl_negotiate(a, b);
	for (size_t k = 0; k < w->nsteps; k++) {
		rl_step s = w->steps[k];
		if (s < RL_P1_NSTEPS) {
			for (size_t i = 0; i < n->np1; i++) {
				const rl_check *c = &n->p1[i].step[s];
				if (wanted(w, c) && (!w->filter || w->filter(a, b, NULL, c)))
					emit(w, n, NULL, &n->p1[i], s, c);
			}
			continue;
		}
		for (size_t i = 0; i < n->nflows; i++) {
			const rl_flow *f = &n->flows[i];
			const rl_check *c = rl_flow_step(f, s);
			if (wanted(w, c) && (!w->filter || w->filter(a, b, f, c)))
				emit(w, n, f, &n->p1[f->p1], s, c);
		}
	}
}

/* Say how often a fault was met. */
static void finish_pair(walk *w)
{
	for (size_t i = 0; i < w->n; i++) {
		seen *s = &w->v[i];
		rl_diag *dg = &w->cx->diags.v[s->diag];
		rl_buf b = {0};
		rl_buf_puts(&b, dg->message);
		if (s->dirs == 3 && s->other)
			rl_buf_printf(&b, " (also when %s initiates)", s->other->name);
		size_t flows = s->count[1] > s->count[2] ? s->count[1] : s->count[2];
		if (flows > 1)
			rl_buf_printf(&b, " (%zu flows)", flows);
		free(dg->message);
		dg->message = rl_buf_take(&b);
	}
	w->n = 0;
	rl_hmap_free(&w->ix);
}

void rl_report_steps(rl_ctx *cx, int rule, const rl_step *steps, size_t nsteps, unsigned flags, rl_step_filter filter)
{
	rl_report_steps_fix(cx, rule, steps, nsteps, flags, filter, NULL);
}

void rl_report_steps_fix(rl_ctx *cx, int rule, const rl_step *steps, size_t nsteps, unsigned flags,
			 rl_step_filter filter, rl_step_fixer fixer)
{
	walk w = {cx, rule, steps, nsteps, flags, filter, fixer, NULL, 0, 0, {0}, 0};
	for (size_t i = 0; i < cx->nhosts; i++)
		for (size_t j = i + 1; j < cx->nhosts; j++) {
			if (!rl_pair_checked(cx, i, j))
				continue;
			w.dir = 1;
			walk_direction(&w, cx->hosts[i], cx->hosts[j]);
			w.dir = 2;
			walk_direction(&w, cx->hosts[j], cx->hosts[i]);
			finish_pair(&w);
		}
	free(w.v);
}
