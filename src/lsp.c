/* racoonlint --lsp: the protocol, the open documents, and the handlers. */
#include "lsp.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "file_cache.h"
#include "lsp_lint.h"
#include "parse.h"
#include "util.h"
#include "version.h"

/* An error answer being built by a request handler. */
typedef struct rl_lsp_err {
	int code;
	char message[256];
} rl_lsp_err;

static json_t *fail(rl_lsp_err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static json_t *fail(rl_lsp_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	e->code = code;
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return NULL;
}

/* A line on standard error, which clients keep as the server's log. */
static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("racoonlint: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void send(rl_lsp *s, json_t *msg)
{
	if (!msg)
		return;
	if (!s->out_failed && !rl_rpc_write(s->out, msg))
		s->out_failed = true;
	json_decref(msg);
}

static void send_error(rl_lsp *s, const json_t *id, int code, const char *message)
{
	send(s, rl_rpc_error(id, code, message));
}

/* --- documents --------------------------------------------------------- */

static rl_lsp_doc *find_doc(rl_lsp *s, const char *uri)
{
	for (rl_lsp_doc *d = s->docs; d; d = d->next)
		if (strcmp(d->uri, uri) == 0)
			return d;
	return NULL;
}

static void free_doc(rl_lsp_doc *d)
{
	free(d->uri);
	free(d->path);
	rl_lsp_text_free(&d->text);
	free(d);
}

/* Is an open document's file in the folder site? */
static bool site_has_doc(const char *site, void *arg)
{
	const rl_lsp *s = arg;
	size_t n = strlen(site);
	for (const rl_lsp_doc *d = s->docs; d; d = d->next)
		if (strncmp(d->path, site, n) == 0 && d->path[n] == '/')
			return true;
	return false;
}

static void remove_doc(rl_lsp *s, rl_lsp_doc *doc)
{
	for (rl_lsp_doc **p = &s->docs; *p; p = &(*p)->next) {
		if (*p == doc) {
			*p = doc->next;
			free_doc(doc);
			break;
		}
	}
	/* what was kept for the sites no open document lies in goes */
	rl_file_cache_keep(s->cache, site_has_doc, s);
}

static void publish(rl_lsp *s, const char *uri, const json_int_t *version, json_t *diagnostics)
{
	json_t *params = json_pack("{s:s,s:o}", "uri", uri, "diagnostics", diagnostics);
	if (version)
		json_object_set_new(params, "version", json_integer(*version));
	send(s, rl_rpc_notification("textDocument/publishDiagnostics", params));
}

/* Lint a document's text into cx; the source of its text, or NULL when its
 * language is unknown. */
static rl_source *lint_doc(rl_lsp *s, rl_lsp_doc *doc, rl_ctx *cx)
{
	memset(cx, 0, sizeof *cx);
	cx->opt = s->opt;
	cx->cache = s->cache;
	if (doc->lang == RL_LANG_UNKNOWN)
		return NULL;
	rl_overlay ov = {doc->path, rl_buf_str(&doc->text.buf), doc->text.buf.len, doc->lang};
	return rl_lint_overlay(cx, &ov);
}

static void publish_doc(rl_lsp *s, rl_lsp_doc *doc)
{
	rl_ctx cx;
	rl_source *home = lint_doc(s, doc, &cx);
	rl_lsp_locator loc;
	rl_lsp_locator_init(&loc, s->enc, &cx, home, doc->uri);
	json_t *list = json_array();
	for (size_t i = 0; home && i < cx.diags.n; i++) {
		const rl_diag *dg = &cx.diags.v[i];
		if (dg->loc.src == home || !dg->loc.src)
			json_array_append_new(list, rl_lsp_diagnostic(&loc, dg));
	}
	rl_lsp_locator_free(&loc);
	rl_ctx_free(&cx);
	publish(s, doc->uri, &doc->version, list);
	doc->dirty = false;
}

void rl_lsp_publish_pending(rl_lsp *s)
{
	for (rl_lsp_doc *d = s->docs; d && !s->out_failed; d = d->next)
		if (d->dirty)
			publish_doc(s, d);
}

/* --- parameters -------------------------------------------------------- */

static bool get_pos(const json_t *o, rl_lsp_pos *p)
{
	json_int_t line, character;
	if (json_unpack((json_t *)o, "{s:I,s:I}", "line", &line, "character", &character) != 0 || line < 0 ||
	    character < 0)
		return false;
	p->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	p->character = character > UINT32_MAX ? UINT32_MAX : (uint32_t)character;
	return true;
}

static bool get_range(const json_t *o, rl_lsp_pos *a, rl_lsp_pos *b)
{
	return json_is_object(o) && get_pos(json_object_get(o, "start"), a) && get_pos(json_object_get(o, "end"), b);
}

/* params.textDocument.uri */
static const char *doc_uri(const json_t *params)
{
	const json_t *uri = json_object_get(json_object_get(params, "textDocument"), "uri");
	return json_is_string(uri) ? json_string_value(uri) : NULL;
}

static rl_lsp_enc pick_encoding(const json_t *offered)
{
	size_t i;
	const json_t *v;
	json_array_foreach(offered, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), "utf-8") == 0)
			return RL_ENC_UTF8;
	return RL_ENC_UTF16;
}

/* --- requests ---------------------------------------------------------- */

static json_t *req_initialize(rl_lsp *s, const json_t *params, rl_lsp_err *e)
{
	if (s->state != RL_LSP_NEW)
		return fail(e, RL_RPC_INVALID_REQUEST, "initialize was already received");
	if (!json_is_object(params))
		return fail(e, RL_RPC_INVALID_PARAMS, "initialize: params must be an object");
	const json_t *general = json_object_get(json_object_get(params, "capabilities"), "general");
	s->enc = pick_encoding(json_object_get(general, "positionEncodings"));
	s->state = RL_LSP_RUNNING;
	return json_pack("{s:{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:{s:[s]}},s:{s:s,s:s}}", "capabilities",
			 "positionEncoding", rl_lsp_enc_name(s->enc), "textDocumentSync", "openClose", 1, "change",
			 2 /* incremental */, "save", "includeText", 0, "documentFormattingProvider", 1,
			 "codeActionProvider", "codeActionKinds", "quickfix", "serverInfo", "name", "racoonlint",
			 "version", RL_VERSION);
}

static json_t *req_shutdown(rl_lsp *s, const json_t *params, rl_lsp_err *e)
{
	(void)params;
	(void)e;
	s->state = RL_LSP_SHUTDOWN;
	return json_null();
}

/* Does context.only (absent: anything) let quick fixes through? */
static bool wants_quickfix(const json_t *only)
{
	if (!only)
		return true;
	size_t i;
	const json_t *v;
	json_array_foreach(only, i, v) {
		const char *k = json_string_value(v);
		if (k && (strcmp(k, "") == 0 || strcmp(k, "quickfix") == 0))
			return true;
	}
	return false;
}

static json_t *req_code_action(rl_lsp *s, const json_t *params, rl_lsp_err *e)
{
	const char *uri = doc_uri(params);
	rl_lsp_pos a, b;
	if (!uri || !get_range(json_object_get(params, "range"), &a, &b))
		return fail(e, RL_RPC_INVALID_PARAMS, "codeAction: textDocument.uri and range are required");
	json_t *actions = json_array();
	rl_lsp_doc *doc = find_doc(s, uri);
	if (!doc || !wants_quickfix(json_object_get(json_object_get(params, "context"), "only")))
		return actions;
	uint32_t start = rl_lsp_off_of(&doc->text.lines, a, s->enc);
	uint32_t end = rl_lsp_off_of(&doc->text.lines, b, s->enc);
	rl_ctx cx;
	rl_source *home = lint_doc(s, doc, &cx);
	rl_lsp_locator loc;
	rl_lsp_locator_init(&loc, s->enc, &cx, home, doc->uri);
	for (size_t i = 0; home && i < cx.diags.n; i++) {
		const rl_diag *dg = &cx.diags.v[i];
		if (dg->loc.src != home || dg->loc.span.start > end || dg->loc.span.end < start)
			continue;
		json_t *action = rl_lsp_code_action(&loc, dg);
		if (action)
			json_array_append_new(actions, action);
	}
	rl_lsp_locator_free(&loc);
	rl_ctx_free(&cx);
	return actions;
}

static json_t *req_formatting(rl_lsp *s, const json_t *params, rl_lsp_err *e)
{
	const char *uri = doc_uri(params);
	if (!uri)
		return fail(e, RL_RPC_INVALID_PARAMS, "formatting: textDocument.uri is required");
	rl_lsp_doc *doc = find_doc(s, uri);
	if (!doc || doc->lang == RL_LANG_UNKNOWN)
		return json_array();
	rl_source *src = rl_source_from_mem(doc->path, rl_buf_str(&doc->text.buf), doc->text.buf.len);
	rl_diags d = {0};
	rl_tree *t = rl_parse(src, doc->lang, &d);
	char *canon = t->nerrors ? NULL : rl_lsp_canonical(t);
	json_t *edits;
	if (canon) {
		rl_lsp_locator loc;
		rl_lsp_locator_init(&loc, s->enc, NULL, src, doc->uri);
		edits = rl_lsp_replace_edits(&loc, src, canon, strlen(canon));
		rl_lsp_locator_free(&loc);
		free(canon);
	} else {
		edits = json_array();
	}
	rl_tree_free(t);
	rl_diags_free(&d);
	rl_source_free(src);
	return edits;
}

/* --- notifications ----------------------------------------------------- */

static void note_exit(rl_lsp *s, const json_t *params)
{
	(void)params;
	s->exited = true;
}

static void note_did_open(rl_lsp *s, const json_t *params)
{
	const char *uri, *language = "";
	const char *text;
	size_t len;
	json_int_t version;
	json_error_t err;
	if (!json_is_object(params)) {
		note("textDocument/didOpen: no params");
		return;
	}
	if (json_unpack_ex((json_t *)params, &err, 0, "{s:{s:s,s?s,s:I,s:s%}}", "textDocument", "uri", &uri,
			   "languageId", &language, "version", &version, "text", &text, &len) != 0) {
		note("textDocument/didOpen: %s", err.text);
		return;
	}
	rl_lsp_doc *doc = find_doc(s, uri);
	if (!doc) {
		doc = rl_xcalloc(1, sizeof *doc);
		doc->uri = rl_xstrdup(uri);
		doc->path = rl_uri_to_path(uri);
		if (!doc->path)
			doc->path = rl_xstrdup(uri);
		doc->next = s->docs;
		s->docs = doc;
	}
	/* the buffer stands for the file now: what was read of it goes */
	rl_file_cache_forget(s->cache, doc->path);
	doc->version = version;
	doc->lang = rl_lang_from_name(doc->path, text, len);
	if (doc->lang == RL_LANG_UNKNOWN)
		doc->lang = rl_lang_parse(language);
	if (!rl_lsp_text_set(&doc->text, text, len)) {
		note("%s: larger than %u MiB, not linted", uri, RL_MAX_FILE_SIZE / (1024u * 1024u));
		doc->lang = RL_LANG_UNKNOWN;
		rl_lsp_text_set(&doc->text, "", 0);
	}
	doc->dirty = true;
}

/* Apply one entry of contentChanges; false when it is malformed or makes
 * the text too large. */
static bool apply_change(rl_lsp *s, rl_lsp_doc *doc, const json_t *change)
{
	const json_t *text = json_object_get(change, "text");
	if (!json_is_string(text))
		return false;
	const char *t = json_string_value(text);
	size_t n = json_string_length(text);
	const json_t *range = json_object_get(change, "range");
	if (!range)
		return rl_lsp_text_set(&doc->text, t, n);
	rl_lsp_pos a, b;
	return get_range(range, &a, &b) && rl_lsp_text_edit(&doc->text, a, b, t, n, s->enc);
}

static void note_did_change(rl_lsp *s, const json_t *params)
{
	const char *uri = doc_uri(params);
	const json_t *changes = json_object_get(params, "contentChanges");
	rl_lsp_doc *doc = uri ? find_doc(s, uri) : NULL;
	if (!doc || !json_is_array(changes)) {
		note("textDocument/didChange: %s", doc ? "no contentChanges" : "not an open document");
		return;
	}
	rl_file_cache_forget(s->cache, doc->path);
	size_t i;
	const json_t *c;
	json_array_foreach(changes, i, c) {
		if (!apply_change(s, doc, c)) {
			/* the text no longer matches the editor's: forget it */
			note("%s: change %zu cannot be applied; the document is closed", uri, i);
			publish(s, uri, NULL, json_array());
			remove_doc(s, doc);
			return;
		}
	}
	const json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
	if (json_is_integer(version))
		doc->version = json_integer_value(version);
	doc->dirty = true;
}

static void note_did_save(rl_lsp *s, const json_t *params)
{
	const char *uri = doc_uri(params);
	rl_lsp_doc *doc = uri ? find_doc(s, uri) : NULL;
	if (!doc) {
		note("textDocument/didSave: not an open document");
		return;
	}
	const json_t *text = json_object_get(params, "text");
	if (json_is_string(text))
		rl_lsp_text_set(&doc->text, json_string_value(text), json_string_length(text));
	/* files beside it may have changed too: lint again */
	rl_file_cache_forget(s->cache, doc->path);
	doc->dirty = true;
}

static void note_did_close(rl_lsp *s, const json_t *params)
{
	const char *uri = doc_uri(params);
	rl_lsp_doc *doc = uri ? find_doc(s, uri) : NULL;
	if (!doc) {
		note("textDocument/didClose: not an open document");
		return;
	}
	publish(s, uri, NULL, json_array());
	rl_file_cache_forget(s->cache, doc->path);
	remove_doc(s, doc);
}

/* --- dispatch ---------------------------------------------------------- */

typedef json_t *(*request_fn)(rl_lsp *s, const json_t *params, rl_lsp_err *e);
typedef void (*notify_fn)(rl_lsp *s, const json_t *params);

static const struct {
	const char *method;
	request_fn request;
	notify_fn notify;
} methods[] = {
	{"initialize", req_initialize, NULL},
	{"shutdown", req_shutdown, NULL},
	{"textDocument/codeAction", req_code_action, NULL},
	{"textDocument/formatting", req_formatting, NULL},
	{"exit", NULL, note_exit},
	{"textDocument/didOpen", NULL, note_did_open},
	{"textDocument/didChange", NULL, note_did_change},
	{"textDocument/didSave", NULL, note_did_save},
	{"textDocument/didClose", NULL, note_did_close},
};

static int find_method(const char *name)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(methods[i].method, name) == 0)
			return (int)i;
	return -1;
}

static void handle_request(rl_lsp *s, const rl_rpc_msg *m)
{
	int i = find_method(m->method);
	if (i < 0 || !methods[i].request) {
		char msg[160];
		snprintf(msg, sizeof msg, "method not found: %.100s", m->method);
		send_error(s, m->id, RL_RPC_METHOD_NOT_FOUND, msg);
		return;
	}
	if (s->state == RL_LSP_NEW && methods[i].request != req_initialize) {
		send_error(s, m->id, RL_RPC_SERVER_NOT_INITIALIZED, "the server is not initialized yet");
		return;
	}
	if (s->state == RL_LSP_SHUTDOWN) {
		send_error(s, m->id, RL_RPC_INVALID_REQUEST, "the server is shut down; only exit is accepted");
		return;
	}
	rl_lsp_err e = {0};
	json_t *result = methods[i].request(s, m->params, &e);
	if (result)
		send(s, rl_rpc_result(m->id, result));
	else
		send_error(s, m->id, e.code, e.message);
}

static void handle_notification(rl_lsp *s, const rl_rpc_msg *m)
{
	if (m->why) {
		note("ignoring a malformed notification: %s", m->why);
		return;
	}
	int i = find_method(m->method);
	if (i < 0 || !methods[i].notify)
		return; /* unknown notifications ($/cancelRequest, ...) are dropped */
	if (s->state != RL_LSP_RUNNING && methods[i].notify != note_exit)
		return;
	methods[i].notify(s, m->params);
}

void rl_lsp_handle(rl_lsp *s, const char *body, size_t len)
{
	json_error_t err;
	json_t *msg = json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!msg) {
		char text[240];
		snprintf(text, sizeof text, "parse error: %s", err.text);
		send_error(s, NULL, RL_RPC_PARSE_ERROR, text);
		return;
	}
	rl_rpc_msg m = rl_rpc_classify(msg);
	switch (m.kind) {
	case RL_RPC_REQUEST: handle_request(s, &m); break;
	case RL_RPC_NOTIFICATION: handle_notification(s, &m); break;
	case RL_RPC_INVALID: send_error(s, m.id, RL_RPC_INVALID_REQUEST, m.why); break;
	case RL_RPC_RESPONSE: break; /* the server sends no requests */
	}
	json_decref(msg);
}

void rl_lsp_frame_error(rl_lsp *s, rl_frame f)
{
	if (f == RL_FRAME_TOO_LARGE)
		send_error(s, NULL, RL_RPC_INVALID_REQUEST, "message larger than 64 MiB, skipped");
	else if (f == RL_FRAME_BAD_HEADER)
		send_error(s, NULL, RL_RPC_PARSE_ERROR, "bad message header: a valid Content-Length is required");
}

/* --- life cycle -------------------------------------------------------- */

void rl_lsp_init(rl_lsp *s, rl_options *opt, FILE *out)
{
	memset(s, 0, sizeof *s);
	s->opt = opt;
	s->out = out;
	s->enc = RL_ENC_UTF16;
	s->cache = rl_file_cache_new();
}

void rl_lsp_free(rl_lsp *s)
{
	while (s->docs) {
		rl_lsp_doc *d = s->docs;
		s->docs = d->next;
		free_doc(d);
	}
	rl_file_cache_free(s->cache);
	s->cache = NULL;
}

int rl_lsp_exit_code(const rl_lsp *s)
{
	return s->state == RL_LSP_SHUTDOWN ? 0 : 1;
}

int rl_lsp_main(rl_options *opt)
{
	signal(SIGPIPE, SIG_IGN); /* a vanished client is a write error */
	rl_lsp s;
	rl_lsp_init(&s, opt, stdout);
	rl_rpc_reader *r = rl_xmalloc(sizeof *r);
	rl_rpc_reader_init(r, 0, RL_RPC_MAX_BODY);
	while (!s.exited && !s.out_failed) {
		if (!rl_rpc_pending(r))
			rl_lsp_publish_pending(&s);
		char *body;
		size_t len;
		rl_frame f = rl_rpc_read(r, &body, &len);
		if (f == RL_FRAME_EOF)
			break;
		if (f == RL_FRAME_OK)
			rl_lsp_handle(&s, body, len);
		else
			rl_lsp_frame_error(&s, f);
		free(body);
	}
	int rc = rl_lsp_exit_code(&s);
	free(r);
	rl_lsp_free(&s);
	return rc;
}
