#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

const char *rl_severity_name(rl_severity s)
{
	switch (s) {
	case RL_SEV_ERROR: return "error";
	case RL_SEV_WARNING: return "warning";
	default: return "info";
	}
}

int rl_severity_parse(const char *s)
{
	if (strcmp(s, "error") == 0)
		return RL_SEV_ERROR;
	if (strcmp(s, "warning") == 0)
		return RL_SEV_WARNING;
	if (strcmp(s, "info") == 0 || strcmp(s, "note") == 0 || strcmp(s, "style") == 0)
		return RL_SEV_INFO;
	return -1;
}

rl_diag *rl_vreport(rl_diags *d, int rule, rl_source *src, rl_span span, const char *fmt, va_list ap)
{
	RL_GROW(d->v, d->cap, d->n + 1);
	rl_diag *dg = &d->v[d->n++];
	memset(dg, 0, sizeof *dg);
	dg->rule = rule;
	dg->sev = rl_rule_get(rule)->severity;
	dg->loc.src = src;
	dg->loc.span = span;
	dg->message = rl_xvasprintf(fmt, ap);
	return dg;
}

rl_diag *rl_report(rl_diags *d, int rule, rl_source *src, rl_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rl_diag *dg = rl_vreport(d, rule, src, span, fmt, ap);
	va_end(ap);
	return dg;
}

void rl_diag_related(rl_diag *dg, rl_source *src, rl_span span, const char *fmt, ...)
{
	dg->rel = rl_xrealloc(dg->rel, (dg->nrel + 1) * sizeof *dg->rel);
	rl_related *r = &dg->rel[dg->nrel++];
	r->loc.src = src;
	r->loc.span = span;
	va_list ap;
	va_start(ap, fmt);
	r->message = rl_xvasprintf(fmt, ap);
	va_end(ap);
}

rl_fix *rl_diag_fix(rl_diag *dg, const char *title, bool safe)
{
	if (!dg->fix) {
		dg->fix = rl_xcalloc(1, sizeof *dg->fix);
		dg->fix->title = rl_xstrdup(title);
		dg->fix->safe = safe;
	}
	return dg->fix;
}

void rl_fix_edit(rl_fix *f, rl_source *src, uint32_t start, uint32_t end, const char *text)
{
	RL_GROW(f->edits, f->capedits, f->nedits + 1);
	rl_edit *e = &f->edits[f->nedits++];
	e->src = src;
	e->start = start;
	e->end = end;
	e->text = rl_xstrdup(text);
}

void rl_fix_chmod(rl_fix *f, rl_source *src, unsigned mode)
{
	f->mode_src = src;
	f->new_mode = mode;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_diag(const rl_diag *x, const rl_diag *y)
{
	const char *nx = x->loc.src ? x->loc.src->name : "";
	const char *ny = y->loc.src ? y->loc.src->name : "";
	int c = strcmp(nx, ny);
	if (!c)
		c = cmp_u32(x->loc.span.start, y->loc.span.start);
	if (!c)
		c = cmp_u32(x->loc.span.end, y->loc.span.end);
	if (!c)
		c = x->rule < y->rule ? -1 : x->rule > y->rule;
	if (!c)
		c = strcmp(x->message, y->message);
	return c;
}

typedef struct keyed {
	const rl_diag *d;
	size_t i;
} keyed;

/* Ties keep the order of reporting, so the output is the same on every
 * run and every libc. */
static int cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = cmp_diag(x->d, y->d);
	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

void rl_diags_sort(rl_diags *d)
{
	if (d->n < 2)
		return;
	keyed *k = rl_xmalloc(d->n * sizeof *k);
	for (size_t i = 0; i < d->n; i++)
		k[i] = (keyed){&d->v[i], i};
	qsort(k, d->n, sizeof *k, cmp_keyed);
	rl_diag *v = rl_xmalloc(d->n * sizeof *v);
	for (size_t i = 0; i < d->n; i++)
		v[i] = *k[i].d;
	memcpy(d->v, v, d->n * sizeof *v);
	free(v);
	free(k);
}

void rl_diag_free(rl_diag *dg)
{
	free(dg->message);
	for (size_t i = 0; i < dg->nrel; i++)
		free(dg->rel[i].message);
	free(dg->rel);
	if (dg->fix) {
		for (size_t i = 0; i < dg->fix->nedits; i++)
			free(dg->fix->edits[i].text);
		free(dg->fix->edits);
		free(dg->fix->title);
		free(dg->fix);
	}
	free(dg->host);
}

void rl_diags_remove(rl_diags *d, size_t i)
{
	rl_diag_free(&d->v[i]);
	memmove(d->v + i, d->v + i + 1, (d->n - i - 1) * sizeof *d->v);
	d->n--;
}

static char *dup_or_null(const char *s)
{
	return s ? rl_xstrdup(s) : NULL;
}

static rl_fix *fix_copy(const rl_fix *f)
{
	rl_fix *c = rl_xcalloc(1, sizeof *c);
	c->title = dup_or_null(f->title);
	c->safe = f->safe;
	c->mode_src = f->mode_src;
	c->new_mode = f->new_mode;
	for (size_t i = 0; i < f->nedits; i++)
		rl_fix_edit(c, f->edits[i].src, f->edits[i].start, f->edits[i].end, f->edits[i].text);
	return c;
}

void rl_diags_append_copy(rl_diags *d, const rl_diag *dg)
{
	RL_GROW(d->v, d->cap, d->n + 1);
	rl_diag *c = &d->v[d->n++];
	*c = *dg;
	c->message = dup_or_null(dg->message);
	c->rel = NULL;
	if (dg->nrel) {
		c->rel = rl_xmalloc(dg->nrel * sizeof *c->rel);
		for (size_t i = 0; i < dg->nrel; i++) {
			c->rel[i].loc = dg->rel[i].loc;
			c->rel[i].message = dup_or_null(dg->rel[i].message);
		}
	}
	c->fix = dg->fix ? fix_copy(dg->fix) : NULL;
	c->host = dup_or_null(dg->host);
}

void rl_diags_free(rl_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		rl_diag_free(&d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
