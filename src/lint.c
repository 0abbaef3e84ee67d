#include "lint.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "parse.h"
#include "util.h"

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

void rl_ctx_run_rules(rl_ctx *cx)
{
	for (int i = 0; i < RL_NRULES; i++) {
		const rl_rule *r = rl_rule_get(i);
		if (r->check && cx->opt->enabled[i])
			r->check(cx);
	}
}

void rl_ctx_filter(rl_ctx *cx)
{
	rl_diags *d = &cx->diags;
	size_t w = 0;
	for (size_t i = 0; i < d->n; i++) {
		rl_diag *dg = &d->v[i];
		bool keep = cx->opt->enabled[dg->rule] && (int)dg->sev >= cx->opt->min_severity;
		if (keep) {
			if (w != i)
				d->v[w] = *dg;
			w++;
		} else {
			rl_diag_free(dg);
		}
	}
	d->n = w;
	rl_diags_sort(d);
}

void rl_ctx_free(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++) {
		rl_tree_free(cx->files[i]->tree);
		rl_source_free(cx->files[i]->src);
		free(cx->files[i]);
	}
	free(cx->files);
	for (size_t i = 0; i < cx->nhosts; i++)
		rl_host_free(cx->hosts[i]);
	free(cx->hosts);
	rl_diags_free(&cx->diags);
}
