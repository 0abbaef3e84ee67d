#include "lint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "file_cache.h"
#include "model.h"
#include "parse.h"
#include "suppress.h"
#include "util.h"

void rl_options_init(rl_options *o)
{
	memset(o, 0, sizeof *o);
	o->format = RL_FMT_GCC;
	rl_rule_policy_make(&o->policy, NULL, NULL);
	for (int i = 0; i < RL_NRULES; i++)
		o->enabled[i] = true;
}

void rl_options_free(rl_options *o)
{
	rl_kv_free(o->addrs, o->naddrs);
	rl_kv_free(o->platforms, o->nplatforms);
	rl_kv_free(o->setkeys, o->nsetkeys);
	o->addrs = o->platforms = o->setkeys = NULL;
	o->naddrs = o->nplatforms = o->nsetkeys = 0;
}

rl_file *rl_ctx_add_file(rl_ctx *cx, rl_source *src, rl_lang lang, struct rl_host *host, rl_file *parent)
{
	rl_file *f = rl_xcalloc(1, sizeof *f);
	f->src = src;
	f->host = host;
	f->parent = parent;
	f->tree = rl_parse(src, lang, &cx->diags);
	RL_GROW(cx->files, cx->capfiles, cx->nfiles + 1);
	cx->files[cx->nfiles++] = f;
	return f;
}

rl_file *rl_ctx_load_file(rl_ctx *cx, const char *path, const char *name, rl_lang lang, struct rl_host *host,
			  rl_file *parent, char **err)
{
	if (!cx->cache) {
		rl_source *src = rl_source_load(path, name, err);
		return src ? rl_ctx_add_file(cx, src, lang, host, parent) : NULL;
	}
	rl_source *src;
	rl_tree *tree;
	bool shared;
	if (!rl_file_cache_read(cx->cache, path, name, lang, &cx->diags, &src, &tree, &shared, err))
		return NULL;
	rl_file *f = rl_xcalloc(1, sizeof *f);
	f->src = src;
	f->tree = tree;
	f->host = host;
	f->parent = parent;
	f->shared = shared;
	RL_GROW(cx->files, cx->capfiles, cx->nfiles + 1);
	cx->files[cx->nfiles++] = f;
	return f;
}

const rl_tree *rl_ctx_tree(const rl_ctx *cx, const rl_source *src)
{
	for (size_t i = 0; src && i < cx->nfiles; i++)
		if (cx->files[i]->src == src)
			return cx->files[i]->tree;
	return NULL;
}

void rl_ctx_run_rules(rl_ctx *cx)
{
	for (int i = 0; i < RL_NRULES; i++) {
		const rl_rule *r = rl_rule_get(i);
		if (r->check && cx->opt->enabled[i])
			r->check(cx);
	}
}

/* What decides the fate of the findings in one file. */
typedef struct file_filter {
	const rl_source *src;
	const rl_rule_policy *policy;
	const rl_tree *tree;
	bool scanned; /* supp holds the file's suppressions */
	rl_suppressions supp;
} file_filter;

static int cmp_filter(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const file_filter *)a)->src, y = (uintptr_t)((const file_filter *)b)->src;
	return x < y ? -1 : x > y;
}

static bool keep_diag(const rl_ctx *cx, const file_filter *ff, size_t n, const rl_diag *dg)
{
	const file_filter key = {.src = dg->loc.src};
	const file_filter *f = dg->loc.src ? bsearch(&key, ff, n, sizeof *ff, cmp_filter) : NULL;
	const rl_rule_policy *p = f ? f->policy : &cx->opt->policy;
	if (!p->enabled[dg->rule] || (int)dg->sev < p->min_severity)
		return false;
	if (f && f->supp.n) {
		uint32_t line, col;
		rl_source_pos(f->src, dg->loc.span.start, &line, &col);
		return !rl_suppressed(&f->supp, dg->rule, line);
	}
	return true;
}

void rl_ctx_filter(rl_ctx *cx)
{
	size_t n = cx->nfiles;
	file_filter *ff = rl_xcalloc(n, sizeof *ff);
	for (size_t i = 0; i < n; i++) {
		const rl_file *f = cx->files[i];
		ff[i].src = f->src;
		ff[i].policy = f->policy ? f->policy : &cx->opt->policy;
		ff[i].tree = f->tree;
	}
	if (n > 1)
		qsort(ff, n, sizeof *ff, cmp_filter);
	rl_diags *d = &cx->diags;
	/* only a file with findings needs its suppression comments: the scan
	 * walks every token */
	for (size_t i = 0; i < d->n; i++) {
		const file_filter key = {.src = d->v[i].loc.src};
		file_filter *f = key.src ? bsearch(&key, ff, n, sizeof *ff, cmp_filter) : NULL;
		if (f && f->tree && !f->scanned) {
			rl_suppress_scan(f->tree, &f->supp, NULL);
			f->scanned = true;
		}
	}
	size_t w = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (keep_diag(cx, ff, n, &d->v[i]))
			d->v[w++] = d->v[i];
		else
			rl_diag_free(&d->v[i]);
	}
	d->n = w;
	for (size_t i = 0; i < n; i++)
		rl_suppressions_free(&ff[i].supp);
	free(ff);
	rl_diags_sort(d);
}

void rl_ctx_free(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++) {
		if (!cx->files[i]->shared) {
			rl_tree_free(cx->files[i]->tree);
			rl_source_free(cx->files[i]->src);
		}
		free(cx->files[i]);
	}
	free(cx->files);
	for (size_t i = 0; i < cx->nhosts; i++)
		rl_host_free(cx->hosts[i]);
	free(cx->hosts);
	rl_diags_free(&cx->diags);
}
