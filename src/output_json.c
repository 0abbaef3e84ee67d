/* The json and sarif formats, written with jansson. docs/json-schema.md and
 * docs/racoonlint.schema.json describe the json format.
 *
 * Every string that comes from a finding goes through the secret scrub and
 * is made valid UTF-8 (an invalid byte becomes U+FFFD), since JSON text must
 * be UTF-8; source text only appears in fix edits, masked over secret spans. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "output.h"
#include "parse.h"
#include "version.h"

/* JSON format version: bump on an incompatible change. */
#define RL_JSON_VERSION 1

/* A JSON string of s: invalid UTF-8 replaced; NULL gives null. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	rl_buf b = {0};
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = rl_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			rl_buf_puts(&b, "\xef\xbf\xbd");
			k = 1;
		} else {
			rl_buf_add(&b, s + i, k);
		}
		i += k;
	}
	json_t *j = json_string(rl_buf_str(&b));
	rl_buf_free(&b);
	return j;
}

/* A string from a finding: secrets scrubbed first. */
static json_t *jmsg(const rl_scrub *sc, const char *s)
{
	char *t = rl_scrub_dup(sc, s);
	json_t *j = jstr(t);
	free(t);
	return j;
}

static const char *src_name(const rl_source *src)
{
	return src ? src->name : NULL;
}

/* An edit's replacement text: "****" when it replaces bytes of a secret
 * span; else masked where the file, with the edit made, holds a secret
 * (rl_edit_masked), then scrubbed. */
static json_t *edit_text(rl_edit_masker *m, const rl_scrub *sc, const rl_edit *e)
{
	if (!e->src)
		return jmsg(sc, e->text);
	if (rl_source_overlaps_secret(e->src, e->start, e->end))
		return json_string("****");
	rl_buf b = {0};
	rl_edit_masked(m, e, &b);
	json_t *j = jmsg(sc, rl_buf_str(&b));
	rl_buf_free(&b);
	return j;
}

/* --- json ---------------------------------------------------------------- */

static json_t *pos_json(const rl_source *src, uint32_t off)
{
	uint32_t line, col;
	rl_source_pos(src, off, &line, &col);
	return json_pack("{s:I,s:I,s:I}", "line", (json_int_t)line, "column", (json_int_t)col, "offset",
			 (json_int_t)off);
}

static json_t *range_json(const rl_source *src, rl_span sp)
{
	if (!src)
		return json_null();
	sp = rl_out_span(src, sp);
	return json_pack("{s:o,s:o}", "start", pos_json(src, sp.start), "end", pos_json(src, sp.end));
}

static json_t *fix_json(rl_edit_masker *m, const rl_scrub *sc, const rl_fix *f)
{
	json_t *edits = json_array();
	for (size_t i = 0; i < f->nedits; i++) {
		const rl_edit *e = &f->edits[i];
		json_array_append_new(edits, json_pack("{s:o,s:o,s:o}", "file", jstr(src_name(e->src)), "range",
						       range_json(e->src, (rl_span){e->start, e->end}), "text",
						       edit_text(m, sc, e)));
	}
	json_t *mode = json_null();
	if (f->mode_src) {
		char m[8];
		snprintf(m, sizeof m, "%04o", f->new_mode & 07777);
		mode = json_pack("{s:o,s:s}", "file", jstr(f->mode_src->name), "mode", m);
	}
	return json_pack("{s:o,s:s,s:o,s:o}", "title", jmsg(sc, f->title), "applicability",
			 f->safe ? "safe" : "unsafe", "edits", edits, "mode", mode);
}

static json_t *finding_json(rl_edit_masker *m, const rl_scrub *sc, const rl_diag *dg)
{
	const rl_rule *r = rl_rule_get(dg->rule);
	json_t *rel = json_array();
	for (size_t k = 0; k < dg->nrel; k++) {
		const rl_related *x = &dg->rel[k];
		json_array_append_new(rel, json_pack("{s:o,s:o,s:o}", "file", jstr(src_name(x->loc.src)), "range",
						     range_json(x->loc.src, x->loc.span), "message",
						     jmsg(sc, x->message)));
	}
	json_t *fixes = json_array();
	if (dg->fix)
		json_array_append_new(fixes, fix_json(m, sc, dg->fix));
	return json_pack("{s:o,s:o,s:o,s:s,s:s,s:s,s:o,s:o,s:o}", "file", jstr(src_name(dg->loc.src)), "host",
			 jmsg(sc, dg->host), "range", range_json(dg->loc.src, dg->loc.span), "severity",
			 rl_severity_name(dg->sev), "code", r->code, "name", r->name, "message",
			 jmsg(sc, dg->message), "related", rel, "fixes", fixes);
}

static void dump(json_t *root, FILE *out)
{
	json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
}

void rl_output_json(const rl_ctx *cx, FILE *out, const rl_scrub *sc)
{
	json_t *arr = json_array();
	json_int_t count[3] = {0, 0, 0};
	rl_edit_masker *m = rl_edit_masker_new(cx);
	for (size_t i = 0; i < cx->diags.n; i++) {
		json_array_append_new(arr, finding_json(m, sc, &cx->diags.v[i]));
		count[cx->diags.v[i].sev]++;
	}
	rl_edit_masker_free(m);
	json_t *summary = json_pack("{s:I,s:I,s:I,s:I}", "files", (json_int_t)cx->nfiles, "errors",
				    count[RL_SEV_ERROR], "warnings", count[RL_SEV_WARNING], "info",
				    count[RL_SEV_INFO]);
	dump(json_pack("{s:i,s:{s:s,s:s},s:o,s:o}", "version", RL_JSON_VERSION, "tool", "name", "racoonlint",
		       "version", RL_VERSION, "findings", arr, "summary", summary),
	     out);
}

/* --- sarif --------------------------------------------------------------- */

static const char *sarif_level(rl_severity s)
{
	return s == RL_SEV_ERROR ? "error" : s == RL_SEV_WARNING ? "warning" : "note";
}

/* A URI reference for a file name: unreserved bytes and '/' kept, the rest
 * percent-encoded; an absolute name becomes a file: URI. */
static json_t *sarif_uri(const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	rl_buf b = {0};
	if (name[0] == '/')
		rl_buf_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			rl_buf_putc(&b, (char)*p);
		} else {
			rl_buf_putc(&b, '%');
			rl_buf_putc(&b, hex[*p >> 4]);
			rl_buf_putc(&b, hex[*p & 15]);
		}
	}
	json_t *j = json_string(rl_buf_str(&b));
	rl_buf_free(&b);
	return j;
}

/* What the SARIF writer carries: the scrub, and the marks of the long
 * lines last met by results (cur[0]) and by related locations and fixes
 * (cur[1]), so that many findings on one long line cost no more than it. */
typedef struct sarif_out {
	rl_edit_masker *masker;
	const rl_scrub *sc;
	rl_char_cursor cur[2];
} sarif_out;

static json_t *sarif_region(rl_char_cursor *cur, const rl_source *src, rl_span sp)
{
	uint32_t sl, sc, el, ec;
	sp = rl_out_span(src, sp);
	rl_out_pos_chars_at(cur, src, sp.start, &sl, &sc);
	rl_out_pos_chars_at(cur, src, sp.end, &el, &ec);
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "startLine", (json_int_t)sl, "startColumn", (json_int_t)sc,
			 "endLine", (json_int_t)el, "endColumn", (json_int_t)ec, "byteOffset",
			 (json_int_t)sp.start, "byteLength", (json_int_t)(sp.end - sp.start));
}

static json_t *sarif_artifact(const rl_source *src)
{
	return json_pack("{s:o}", "uri", sarif_uri(src->name));
}

/* A location object; message may be NULL. A location without a file has
 * no physicalLocation. */
static json_t *sarif_location(sarif_out *o, rl_char_cursor *cur, const rl_loc *l, const char *message)
{
	json_t *loc = json_object();
	if (l->src)
		json_object_set_new(loc, "physicalLocation",
				    json_pack("{s:o,s:o}", "artifactLocation", sarif_artifact(l->src), "region",
					      sarif_region(cur, l->src, l->span)));
	if (message)
		json_object_set_new(loc, "message", json_pack("{s:o}", "text", jmsg(o->sc, message)));
	return loc;
}

/* The first paragraph of a rule's explanation. */
static json_t *first_paragraph(const char *text)
{
	const char *end = strstr(text, "\n\n");
	size_t n = end ? (size_t)(end - text) : strlen(text);
	char *p = rl_xstrndup(text, n);
	for (char *c = p; *c; c++)
		if (*c == '\n')
			*c = ' ';
	json_t *j = json_string(p);
	free(p);
	return j;
}

static json_t *sarif_rules(void)
{
	json_t *rules = json_array();
	for (int i = 0; i < RL_NRULES; i++) {
		const rl_rule *r = rl_rule_get(i);
		json_array_append_new(
			rules, json_pack("{s:s,s:s,s:{s:s},s:{s:o},s:{s:s},s:{s:s},s:{s:s,s:s}}", "id", r->code, "name",
					 r->name, "shortDescription", "text", r->summary, "fullDescription", "text",
					 first_paragraph(r->explain), "help", "text", r->explain,
					 "defaultConfiguration", "level", sarif_level(r->severity), "properties",
					 "scope", rl_scope_name(r->scope), "severity", rl_severity_name(r->severity)));
	}
	return rules;
}

/* One artifactChange per file, in the order the files first appear among
 * the edits, each with its replacements in edit order. */
static json_t *sarif_changes(sarif_out *o, const rl_fix *f)
{
	json_t *changes = json_array();
	for (size_t i = 0; i < f->nedits; i++) {
		const rl_source *src = f->edits[i].src;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = f->edits[k].src == src;
		if (seen || !src)
			continue;
		json_t *repl = json_array();
		for (size_t k = i; k < f->nedits; k++) {
			const rl_edit *e = &f->edits[k];
			if (e->src != src)
				continue;
			json_array_append_new(repl, json_pack("{s:o,s:{s:o}}", "deletedRegion",
							      sarif_region(&o->cur[1], src, (rl_span){e->start, e->end}),
							      "insertedContent", "text", edit_text(o->masker, o->sc, e)));
		}
		json_array_append_new(changes, json_pack("{s:o,s:o}", "artifactLocation", sarif_artifact(src),
							 "replacements", repl));
	}
	return changes;
}

static json_t *sarif_result(sarif_out *o, const rl_diag *dg)
{
	const rl_scrub *sc = o->sc;
	const rl_rule *r = rl_rule_get(dg->rule);
	json_t *locs = json_array();
	if (dg->loc.src)
		json_array_append_new(locs, sarif_location(o, &o->cur[0], &dg->loc, NULL));
	json_t *res = json_pack("{s:s,s:I,s:s,s:{s:o},s:o}", "ruleId", r->code, "ruleIndex", (json_int_t)dg->rule,
				"level", sarif_level(dg->sev), "message", "text", jmsg(sc, dg->message), "locations",
				locs);
	if (dg->nrel) {
		json_t *rel = json_array();
		for (size_t k = 0; k < dg->nrel; k++) {
			json_t *l = sarif_location(o, &o->cur[1], &dg->rel[k].loc, dg->rel[k].message);
			json_object_set_new(l, "id", json_integer((json_int_t)k));
			json_array_append_new(rel, l);
		}
		json_object_set_new(res, "relatedLocations", rel);
	}
	/* a fix that only changes a file's mode has no artifactChange to
	 * give (SARIF wants at least one): it is left out */
	json_t *changes = dg->fix ? sarif_changes(o, dg->fix) : NULL;
	if (changes && json_array_size(changes))
		json_object_set_new(res, "fixes",
				    json_pack("[{s:{s:o},s:o,s:{s:s}}]", "description", "text", jmsg(sc, dg->fix->title),
					      "artifactChanges", changes, "properties", "applicability",
					      dg->fix->safe ? "safe" : "unsafe"));
	else
		json_decref(changes);
	json_object_set_new(res, "properties",
			    json_pack("{s:s,s:o}", "name", r->name, "host", jmsg(sc, dg->host)));
	return res;
}

void rl_output_sarif(const rl_ctx *cx, FILE *out, const rl_scrub *sc)
{
	json_t *results = json_array();
	sarif_out o = {.masker = rl_edit_masker_new(cx), .sc = sc};
	for (size_t i = 0; i < cx->diags.n; i++)
		json_array_append_new(results, sarif_result(&o, &cx->diags.v[i]));
	rl_char_cursor_free(&o.cur[0]);
	rl_char_cursor_free(&o.cur[1]);
	rl_edit_masker_free(o.masker);
	json_t *driver = json_pack("{s:s,s:s,s:s,s:o}", "name", "racoonlint", "version", RL_VERSION,
				   "semanticVersion", RL_VERSION, "rules", sarif_rules());
	json_t *run = json_pack("{s:{s:o},s:s,s:o}", "tool", "driver", driver, "columnKind", "unicodeCodePoints",
				"results", results);
	dump(json_pack("{s:s,s:s,s:[o]}", "$schema",
		       "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json", "version",
		       "2.1.0", "runs", run),
	     out);
}
