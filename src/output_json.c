/* The json and sarif formats, written with jansson. Every string that comes
 * from a source file goes through rl_mask_append, so no secret leaves. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "util.h"
#include "version.h"

static json_t *pos_json(const rl_source *src, uint32_t off)
{
	uint32_t line, col;
	rl_source_pos(src, off, &line, &col);
	return json_pack("{s:I,s:I,s:I}", "line", (json_int_t)line, "column", (json_int_t)col, "offset",
			 (json_int_t)off);
}

static json_t *range_json(const rl_loc *l)
{
	if (!l->src)
		return json_null();
	return json_pack("{s:o,s:o}", "start", pos_json(l->src, l->span.start), "end",
			 pos_json(l->src, l->span.end));
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* An edit's replacement text, with secrets masked when the edited range or
 * the text itself carries one. */
static char *masked_edit_text(const rl_edit *e)
{
	rl_buf b = {0};
	if (e->src && rl_source_overlaps_secret(e->src, e->start, e->end))
		rl_buf_puts(&b, "****");
	else
		rl_buf_puts(&b, e->text);
	return rl_buf_take(&b);
}

static json_t *fix_json(const rl_fix *f)
{
	json_t *edits = json_array();
	for (size_t i = 0; i < f->nedits; i++) {
		const rl_edit *e = &f->edits[i];
		rl_loc l = {e->src, {e->start, e->end}};
		char *t = masked_edit_text(e);
		json_array_append_new(edits, json_pack("{s:s,s:o,s:s}", "file", e->src->name, "range",
						       range_json(&l), "text", t));
		free(t);
	}
	json_t *o = json_pack("{s:s,s:s,s:o}", "title", f->title, "applicability",
			      f->safe ? "safe" : "unsafe", "edits", edits);
	if (f->mode_src) {
		char m[8];
		snprintf(m, sizeof m, "%04o", f->new_mode & 07777);
		json_object_set_new(o, "mode", json_pack("{s:s,s:s}", "file", f->mode_src->name, "mode", m));
	}
	return o;
}

static void output_plain_json(rl_ctx *cx, FILE *out)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < cx->diags.n; i++) {
		rl_diag *dg = &cx->diags.v[i];
		const rl_rule *r = rl_rule_get(dg->rule);
		json_t *rel = json_array();
		for (size_t k = 0; k < dg->nrel; k++)
			json_array_append_new(rel, json_pack("{s:o,s:o,s:s}", "file",
							     str_or_null(dg->rel[k].loc.src ? dg->rel[k].loc.src->name : NULL),
							     "range", range_json(&dg->rel[k].loc), "message",
							     dg->rel[k].message));
		json_t *fixes = json_array();
		if (dg->fix)
			json_array_append_new(fixes, fix_json(dg->fix));
		json_array_append_new(
			arr, json_pack("{s:o,s:o,s:o,s:s,s:s,s:s,s:s,s:o,s:o}", "file",
				       str_or_null(dg->loc.src ? dg->loc.src->name : NULL), "host", str_or_null(dg->host),
				       "range", range_json(&dg->loc), "severity", rl_severity_name(dg->sev), "code",
				       r->code, "name", r->name, "message", dg->message, "related", rel, "fixes",
				       fixes));
	}
	json_t *root = json_pack("{s:s,s:I,s:o}", "tool", "racoonlint", "version", (json_int_t)1, "findings", arr);
	json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
}

static const char *sarif_level(rl_severity s)
{
	return s == RL_SEV_ERROR ? "error" : s == RL_SEV_WARNING ? "warning" : "note";
}

static json_t *sarif_location(const rl_loc *l, const char *message)
{
	json_t *region = json_null();
	if (l->src) {
		uint32_t sl, sc, el, ec;
		rl_source_pos(l->src, l->span.start, &sl, &sc);
		rl_source_pos(l->src, l->span.end, &el, &ec);
		region = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "startLine", (json_int_t)sl, "startColumn",
				   (json_int_t)sc, "endLine", (json_int_t)el, "endColumn", (json_int_t)ec,
				   "charOffset", (json_int_t)l->span.start, "charLength",
				   (json_int_t)(l->span.end - l->span.start));
	}
	json_t *loc = json_pack("{s:{s:{s:s},s:o}}", "physicalLocation", "artifactLocation", "uri",
				l->src ? l->src->name : "", "region", region);
	if (message)
		json_object_set_new(loc, "message", json_pack("{s:s}", "text", message));
	return loc;
}

static void output_sarif(rl_ctx *cx, FILE *out)
{
	json_t *rules = json_array();
	for (int i = 0; i < RL_NRULES; i++) {
		const rl_rule *r = rl_rule_get(i);
		json_array_append_new(
			rules, json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:{s:s},s:{s:s},s:{s:s}}", "id", r->code, "name",
					 r->name, "shortDescription", "text", r->summary, "fullDescription", "text",
					 r->summary, "help", "text", r->explain, "defaultConfiguration", "level",
					 sarif_level(r->severity), "properties", "scope", rl_scope_name(r->scope)));
	}
	json_t *results = json_array();
	for (size_t i = 0; i < cx->diags.n; i++) {
		rl_diag *dg = &cx->diags.v[i];
		const rl_rule *r = rl_rule_get(dg->rule);
		json_t *res = json_pack("{s:s,s:I,s:s,s:{s:s},s:[o]}", "ruleId", r->code, "ruleIndex",
					(json_int_t)dg->rule, "level", sarif_level(dg->sev), "message", "text",
					dg->message, "locations", sarif_location(&dg->loc, NULL));
		if (dg->nrel) {
			json_t *rel = json_array();
			for (size_t k = 0; k < dg->nrel; k++) {
				json_t *l = sarif_location(&dg->rel[k].loc, dg->rel[k].message);
				json_object_set_new(l, "id", json_integer((json_int_t)k));
				json_array_append_new(rel, l);
			}
			json_object_set_new(res, "relatedLocations", rel);
		}
		if (dg->fix) {
			/* one artifactChange per file, in edit order */
			json_t *changes = json_array();
			for (size_t k = 0; k < dg->fix->nedits; k++) {
				const rl_edit *e = &dg->fix->edits[k];
				rl_loc l = {e->src, {e->start, e->end}};
				json_t *loc = sarif_location(&l, NULL);
				json_t *region = json_object_get(json_object_get(loc, "physicalLocation"), "region");
				char *t = masked_edit_text(e);
				json_array_append_new(
					changes, json_pack("{s:{s:s},s:[{s:O,s:{s:s}}]}", "artifactLocation", "uri",
							   e->src->name, "replacements", "deletedRegion", region,
							   "insertedContent", "text", t));
				free(t);
				json_decref(loc);
			}
			json_object_set_new(res, "fixes",
					    json_pack("[{s:{s:s},s:o,s:{s:s}}]", "description", "text", dg->fix->title,
						      "artifactChanges", changes, "properties", "applicability",
						      dg->fix->safe ? "safe" : "unsafe"));
		}
		json_array_append_new(results, res);
	}
	json_t *root = json_pack(
		"{s:s,s:s,s:[{s:{s:{s:s,s:s,s:s,s:o}},s:o}]}", "$schema",
		"https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool", "driver", "name",
		"racoonlint", "version", RL_VERSION, "semanticVersion", RL_VERSION, "rules",
		rules, "results", results);
	json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
}

void rl_output_json(rl_ctx *cx, FILE *out, bool sarif)
{
	if (sarif)
		output_sarif(cx, out);
	else
		output_plain_json(cx, out);
}
