/* Helpers for the single-host rule tests: files parsed into the run (for
 * the rules that read syntax trees), hosts built by hand (fixture.h), one
 * rule run at a time, and questions about its findings. */
#ifndef RL_TEST_RULES_HELPERS_H
#define RL_TEST_RULES_HELPERS_H

#include "fixture.h"
#include "parse.h"

static bool verbose;

/* Parse text as a file of the run, of host h (or on its own when NULL). */
static inline rl_file *rfx_file(fx *f, rl_lang lang, const char *name, const char *text, rl_host *h)
{
	rl_source *s = fx_src(f, name, text);
	rl_file *file = rl_xcalloc(1, sizeof *file);
	file->src = s;
	file->host = h;
	rl_diags parse_diags = {0};
	file->tree = rl_parse(s, lang, &parse_diags);
	rl_diags_free(&parse_diags);
	RL_GROW(f->cx.files, f->cx.capfiles, f->cx.nfiles + 1);
	f->cx.files[f->cx.nfiles++] = file;
	if (h)
		rl_host_add_file(h, file);
	return file;
}

static inline void rfx_free(fx *f)
{
	for (size_t i = 0; i < f->cx.nfiles; i++) {
		rl_tree_free(f->cx.files[i]->tree);
		free(f->cx.files[i]);
	}
	free(f->cx.files);
	fx_free(f);
}

static inline void print_findings(const rl_ctx *cx)
{
	for (size_t i = 0; i < cx->diags.n; i++) {
		const rl_diag *d = &cx->diags.v[i];
		char lb[160];
		printf("  %s: %s: %s [%s]%s\n", rl_loc_str(d->loc, lb, sizeof lb), rl_severity_name(d->sev), d->message,
		       rl_rule_get(d->rule)->name, d->fix ? " (fix)" : "");
		for (size_t k = 0; k < d->nrel; k++)
			printf("    note %s: %s\n", rl_loc_str(d->rel[k].loc, lb, sizeof lb), d->rel[k].message);
	}
}

/* Run one rule over the run; returns how many findings it made. */
static inline size_t run(fx *f, int rule)
{
	rl_ctx *cx = fx_ctx(f);
	rl_diags_free(&cx->diags);
	rl_rule_get(rule)->check(cx);
	if (verbose)
		print_findings(cx);
	return cx->diags.n;
}

static inline const rl_diag *finding(fx *f, size_t i)
{
	assert_true(i < f->cx.diags.n);
	return &f->cx.diags.v[i];
}

static inline bool says(fx *f, const char *needle)
{
	for (size_t i = 0; i < f->cx.diags.n; i++)
		if (strstr(f->cx.diags.v[i].message, needle))
			return true;
	printf("  no finding says \"%s\"\n", needle);
	print_findings(&f->cx);
	return false;
}

/* "name:line" of finding i. */
static inline bool at_line(fx *f, size_t i, const char *where)
{
	char lb[160];
	rl_loc_str(finding(f, i)->loc, lb, sizeof lb);
	if (strcmp(lb, where) == 0)
		return true;
	printf("  finding %zu is at %s, not %s\n", i, lb, where);
	return false;
}

static inline bool no_text_anywhere(fx *f, const char *text)
{
	for (size_t i = 0; i < f->cx.diags.n; i++) {
		const rl_diag *d = &f->cx.diags.v[i];
		if (strstr(d->message, text))
			return false;
		for (size_t k = 0; k < d->nrel; k++)
			if (strstr(d->rel[k].message, text))
				return false;
	}
	return true;
}

static inline int cmp_edit(const void *x, const void *y)
{
	const rl_edit *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* The text of src after the fix's edits on it. */
static inline char *apply_fix(const rl_fix *fix, const rl_source *src)
{
	rl_edit *v = rl_xmalloc((fix->nedits + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < fix->nedits; i++)
		if (fix->edits[i].src == src)
			v[n++] = fix->edits[i];
	qsort(v, n, sizeof *v, cmp_edit);
	rl_buf b = {0};
	uint32_t at = 0;
	for (size_t i = 0; i < n; i++) {
		rl_buf_add(&b, src->data + at, v[i].start - at);
		rl_buf_puts(&b, v[i].text);
		at = v[i].end;
	}
	rl_buf_add(&b, src->data + at, src->len - at);
	free(v);
	return rl_buf_take(&b);
}

/* Does the fix of finding i turn src into text exactly? */
static inline bool fixed_to(fx *f, size_t i, const rl_source *src, const char *text)
{
	const rl_diag *d = finding(f, i);
	if (!d->fix) {
		printf("  finding %zu has no fix\n", i);
		return false;
	}
	char *t = apply_fix(d->fix, src);
	bool ok = strcmp(t, text) == 0;
	if (!ok)
		printf("  the fix gives:\n%s\n  not:\n%s\n", t, text);
	free(t);
	return ok;
}

#endif
