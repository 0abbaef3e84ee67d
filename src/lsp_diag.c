/* Findings as LSP objects: ranges, diagnostics, text edits and code
 * actions. */
#include <stdlib.h>
#include <string.h>

#include "lsp.h"
#include "output.h"
#include "util.h"

void rl_lsp_locator_init(rl_lsp_locator *l, rl_lsp_enc enc, const rl_ctx *cx, const rl_source *home,
			 const char *home_uri)
{
	memset(l, 0, sizeof *l);
	l->enc = enc;
	l->cx = cx;
	l->home = home;
	l->home_uri = home_uri;
	l->scrub = rl_xcalloc(1, sizeof *l->scrub);
	if (cx)
		rl_scrub_init(l->scrub, cx);
	rl_scrub_add_source(l->scrub, home);
}

void rl_lsp_locator_free(rl_lsp_locator *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].uri);
		rl_lsp_lines_free(&l->v[i].lines);
	}
	free(l->v);
	if (l->scrub)
		rl_scrub_free(l->scrub);
	free(l->scrub);
	memset(l, 0, sizeof *l);
}

static rl_lsp_file *locate(rl_lsp_locator *l, const rl_source *src)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].src == src)
			return &l->v[i];
	RL_GROW(l->v, l->cap, l->n + 1);
	rl_lsp_file *f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->src = src;
	f->uri = src == l->home && l->home_uri ? rl_xstrdup(l->home_uri) : rl_path_to_uri(src->path);
	rl_lsp_lines_build(&f->lines, src->data, src->len);
	return f;
}

static json_t *pos_json(rl_lsp_pos p)
{
	return json_pack("{s:I,s:I}", "line", (json_int_t)p.line, "character", (json_int_t)p.character);
}

json_t *rl_lsp_range(rl_lsp_locator *l, const rl_source *src, rl_span span)
{
	rl_lsp_pos a = {0, 0}, b = {0, 0};
	if (src) {
		rl_lsp_file *f = locate(l, src);
		a = rl_lsp_pos_of(&f->lines, span.start, l->enc);
		b = rl_lsp_pos_of(&f->lines, span.end < span.start ? span.start : span.end, l->enc);
	}
	return json_pack("{s:o,s:o}", "start", pos_json(a), "end", pos_json(b));
}

/* A copy of a message with the secrets of every file of the run masked.
 * Messages are written never to hold one; this makes sure. */
static char *scrubbed(const rl_lsp_locator *l, const char *msg)
{
	return rl_scrub_dup(l->scrub, msg);
}

static json_t *scrubbed_json(const rl_lsp_locator *l, const char *msg)
{
	char *s = scrubbed(l, msg);
	json_t *j = rl_json_text(s, strlen(s));
	free(s);
	return j;
}

static int lsp_severity(rl_severity s)
{
	return s == RL_SEV_ERROR ? 1 : s == RL_SEV_WARNING ? 2 : 3;
}

static json_t *related_json(rl_lsp_locator *l, const rl_diag *dg)
{
	json_t *a = json_array();
	for (size_t k = 0; k < dg->nrel; k++) {
		const rl_related *r = &dg->rel[k];
		if (!r->loc.src)
			continue;
		json_t *range = rl_lsp_range(l, r->loc.src, r->loc.span);
		json_array_append_new(a, json_pack("{s:{s:s,s:o},s:o}", "location", "uri",
						   locate(l, r->loc.src)->uri, "range", range, "message",
						   scrubbed_json(l, r->message)));
	}
	return a;
}

json_t *rl_lsp_diagnostic(rl_lsp_locator *l, const rl_diag *dg)
{
	const rl_rule *r = rl_rule_get(dg->rule);
	char *text = rl_xasprintf("%s: %s", r->name, dg->message);
	json_t *d = json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", rl_lsp_range(l, dg->loc.src, dg->loc.span),
			      "severity", lsp_severity(dg->sev), "code", r->code, "source", "racoonlint", "message",
			      scrubbed_json(l, text));
	free(text);
	if (dg->nrel)
		json_object_set_new(d, "relatedInformation", related_json(l, dg));
	return d;
}

/* May this edit go to the editor? Its text must not carry a secret: refuse
 * text that replaces bytes of a secret, and any non-blank text inserted into
 * a pre-shared key file (a new key line holds a key). */
static bool edit_shareable(const rl_source *src, uint32_t start, uint32_t end, const char *text, size_t n)
{
	if (!src)
		return false;
	if (n == 0)
		return true;
	if (rl_source_overlaps_secret(src, start, end))
		return false;
	if (src->lang != RL_LANG_PSK)
		return true;
	return strspn(text, " \t\r\n") >= n;
}

json_t *rl_lsp_edit_json(rl_lsp_locator *l, const rl_source *src, uint32_t start, uint32_t end,
			 const char *text, size_t n)
{
	if (!edit_shareable(src, start, end, text, n))
		return NULL;
	return json_pack("{s:o,s:o}", "range", rl_lsp_range(l, src, (rl_span){start, end}), "newText",
			 rl_json_text(text, n));
}

json_t *rl_lsp_replace_edits(rl_lsp_locator *l, const rl_source *src, const char *text, size_t m)
{
	json_t *edits = json_array();
	const char *old = src->data;
	size_t n = src->len, p = 0, q = 0;
	while (p < n && p < m && old[p] == text[p])
		p++;
	while (q < n - p && q < m - p && old[n - 1 - q] == text[m - 1 - q])
		q++;
	/* keep both ends on character boundaries */
	while (p > 0 && (old[p] & 0xC0) == 0x80)
		p--;
	while (q > 0 && (old[n - q] & 0xC0) == 0x80)
		q--;
	if (p == n && p == m)
		return edits;
	json_t *te = rl_lsp_edit_json(l, src, (uint32_t)p, (uint32_t)(n - q), text + p, m - q - p);
	if (te)
		json_array_append_new(edits, te);
	return edits;
}

/* {uri: [TextEdit...]} for a fix, or NULL when an edit cannot be shared. */
static json_t *fix_changes(rl_lsp_locator *l, const rl_fix *f)
{
	json_t *changes = json_object();
	for (size_t i = 0; i < f->nedits; i++) {
		const rl_edit *e = &f->edits[i];
		json_t *te = rl_lsp_edit_json(l, e->src, e->start, e->end, e->text, strlen(e->text));
		if (!te) {
			json_decref(changes);
			return NULL;
		}
		const char *uri = locate(l, e->src)->uri;
		json_t *list = json_object_get(changes, uri);
		if (!list) {
			list = json_array();
			json_object_set_new(changes, uri, list);
		}
		json_array_append_new(list, te);
	}
	return changes;
}

json_t *rl_lsp_code_action(rl_lsp_locator *l, const rl_diag *dg)
{
	const rl_fix *f = dg->fix;
	/* an editor cannot change a file's mode */
	if (!f || f->nedits == 0 || f->mode_src)
		return NULL;
	json_t *changes = fix_changes(l, f);
	if (!changes)
		return NULL;
	return json_pack("{s:o,s:s,s:[o],s:b,s:{s:o}}", "title", scrubbed_json(l, f->title), "kind", "quickfix",
			 "diagnostics", rl_lsp_diagnostic(l, dg), "isPreferred", f->safe, "edit", "changes",
			 changes);
}
