#include "rule_util.h"

#include <stdarg.h>
#include <stdlib.h>

uint32_t rlr_next_node(const rl_tree *t, uint32_t n)
{
	if (t->nodes[n].child)
		return t->nodes[n].child;
	for (; n && n != t->root; n = t->nodes[n].parent)
		if (t->nodes[n].next)
			return t->nodes[n].next;
	return 0;
}

uint32_t rlr_tok_from(const rl_tree *t, uint32_t off)
{
	uint32_t lo = 0, hi = t->ntoks;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (t->toks[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

rl_diag *rlr_report(rl_ctx *cx, int rule, const rl_file *f, rl_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rl_diag *dg = rl_vreport(&cx->diags, rule, f->src, span, fmt, ap);
	va_end(ap);
	if (f->host)
		dg->host = rl_xstrdup(f->host->name);
	return dg;
}

rl_file *rlr_file_of(rl_ctx *cx, const rl_source *src)
{
	for (size_t i = 0; src && i < cx->nfiles; i++)
		if (cx->files[i]->src == src)
			return cx->files[i];
	return NULL;
}

static uint64_t loc_hash(rl_loc l)
{
	return rl_hash_num(rl_hash_num(RL_HASH_INIT, (uint64_t)(uintptr_t)l.src), l.span.start);
}

bool rlr_locset_add(rlr_locset *s, rl_loc l)
{
	uint64_t h = loc_hash(l);
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&s->ix, h, &it, &i))
		if (s->v[i].src == l.src && s->v[i].span.start == l.span.start)
			return false;
	RL_GROW(s->v, s->cap, s->n + 1);
	s->v[s->n] = l;
	rl_hmap_add(&s->ix, h, (uint32_t)s->n++);
	return true;
}

void rlr_locset_free(rlr_locset *s)
{
	rl_hmap_free(&s->ix);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

rl_span rlr_line_span(const rl_source *s, rl_span sp)
{
	const char *d = s->data;
	uint32_t a = sp.start, b = sp.end;
	while (a > 0 && blank(d[a - 1]))
		a--;
	bool line_start = a == 0 || d[a - 1] == '\n';
	while (b < s->len && blank(d[b]))
		b++;
	if (b < s->len && d[b] == '#')
		while (b < s->len && d[b] != '\n')
			b++;
	bool line_end = b == s->len || d[b] == '\n' || (d[b] == '\r' && b + 1 < s->len && d[b + 1] == '\n');
	if (line_start && line_end) {
		while (b < s->len && d[b] != '\n')
			b++;
		rl_span whole = {a, b < s->len ? b + 1 : b};
		return whole;
	}
	rl_span part = {sp.start, sp.end};
	while (part.end < s->len && blank(d[part.end]))
		part.end++;
	return part;
}

const char *rlr_platform_title(rl_platform p)
{
	static const char *const t[] = {"an unknown platform", "Linux", "macOS", "FreeBSD", "NetBSD"};
	return (unsigned)p < sizeof t / sizeof t[0] ? t[p] : t[0];
}

void rlr_platform_basis(const rl_host *h, rl_buf *b)
{
	const char *ev = h->platform_evidence;
	rl_buf_puts(b, rlr_platform_title(h->platform));
	switch (h->platform_origin) {
	case RL_ORIGIN_FLAG: rl_buf_printf(b, ", given by %s", ev ? ev : "--platform"); break;
	case RL_ORIGIN_CONFIG: rl_buf_printf(b, ", from %s", ev ? ev : "its configuration"); break;
	case RL_ORIGIN_INFERRED: rl_buf_printf(b, ", inferred from %s", ev ? ev : "its files"); break;
	default: break;
	}
}
