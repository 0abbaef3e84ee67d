/* The language server: framing, JSON-RPC errors, positions in UTF-16 code
 * units, buffer edits, URIs, and findings turned into LSP objects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "jsonrpc.h"
#include "lsp.h"
#include "lsp_text.h"
#include "rules.h"
#include "util.h"

/* --- helpers ------------------------------------------------------------ */

/* A reader over the bytes s[0..n) (kept in an unlinked temporary file). */
typedef struct feed {
	FILE *f;
	rl_rpc_reader r;
} feed;

static feed *feed_new(const char *s, size_t n, size_t max_body)
{
	feed *fd = rl_xcalloc(1, sizeof *fd);
	fd->f = tmpfile();
	assert_non_null(fd->f);
	assert_int_equal(fwrite(s, 1, n, fd->f), n);
	fflush(fd->f);
	rewind(fd->f);
	rl_rpc_reader_init(&fd->r, fileno(fd->f), max_body);
	return fd;
}

static feed *feed_str(const char *s)
{
	return feed_new(s, strlen(s), RL_RPC_MAX_BODY);
}

static void feed_free(feed *fd)
{
	fclose(fd->f);
	free(fd);
}

/* Expect the next frame to be OK with this body. */
static void expect_body(feed *fd, const char *want)
{
	char *body;
	size_t len;
	assert_int_equal(rl_rpc_read(&fd->r, &body, &len), RL_FRAME_OK);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(body, want, len);
	free(body);
}

static void expect_frame(feed *fd, rl_frame want)
{
	char *body;
	size_t len;
	assert_int_equal(rl_rpc_read(&fd->r, &body, &len), want);
	assert_null(body);
}

/* A server writing into a temporary file; replies() reads back what it
 * wrote since the last call, as a JSON array of messages. */
typedef struct srv {
	rl_options opt;
	rl_lsp s;
} srv;

static srv *srv_new(void)
{
	srv *v = rl_xcalloc(1, sizeof *v);
	memset(v->opt.enabled, 1, sizeof v->opt.enabled);
	rl_lsp_init(&v->s, &v->opt, tmpfile());
	assert_non_null(v->s.out);
	return v;
}

static void srv_free(srv *v)
{
	fclose(v->s.out);
	rl_lsp_free(&v->s);
	free(v);
}

static json_t *replies(srv *v)
{
	json_t *all = json_array();
	fflush(v->s.out);
	rewind(v->s.out);
	rl_rpc_reader r;
	rl_rpc_reader_init(&r, fileno(v->s.out), RL_RPC_MAX_BODY);
	/* the reader reads through the descriptor: its offset was rewound */
	char *body;
	size_t len;
	rl_frame f;
	while ((f = rl_rpc_read(&r, &body, &len)) == RL_FRAME_OK) {
		json_t *m = json_loadb(body, len, 0, NULL);
		assert_non_null(m);
		json_array_append_new(all, m);
		free(body);
	}
	assert_int_equal(f, RL_FRAME_EOF);
	assert_int_equal(ftruncate(fileno(v->s.out), 0), 0);
	rewind(v->s.out);
	return all;
}

static void send_msg(srv *v, const char *body)
{
	rl_lsp_handle(&v->s, body, strlen(body));
}

/* Send one message and expect exactly one error reply with this code. */
static void expect_error(srv *v, const char *body, int code, const char *id_json)
{
	send_msg(v, body);
	json_t *r = replies(v);
	assert_int_equal(json_array_size(r), 1);
	json_t *m = json_array_get(r, 0);
	assert_string_equal(json_string_value(json_object_get(m, "jsonrpc")), "2.0");
	json_t *err = json_object_get(m, "error");
	assert_non_null(err);
	assert_int_equal(json_integer_value(json_object_get(err, "code")), code);
	assert_true(json_is_string(json_object_get(err, "message")));
	char *id = json_dumps(json_object_get(m, "id"), JSON_ENCODE_ANY);
	assert_string_equal(id, id_json);
	free(id);
	json_decref(r);
}

static void expect_silence(srv *v, const char *body)
{
	send_msg(v, body);
	json_t *r = replies(v);
	assert_int_equal(json_array_size(r), 0);
	json_decref(r);
}

static void initialize(srv *v)
{
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
	json_decref(replies(v));
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
}

/* --- framing ------------------------------------------------------------ */

static void t_frame_basic(void **state)
{
	(void)state;
	feed *fd = feed_str("Content-Length: 2\r\n\r\n{}"
			    "content-length:3\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1]"
			    "Content-Length: 0\r\n\r\n");
	expect_body(fd, "{}");
	expect_body(fd, "[1]");
	expect_body(fd, "");
	expect_frame(fd, RL_FRAME_EOF);
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
}

static void t_frame_lf_and_blank_lines(void **state)
{
	(void)state;
	feed *fd = feed_str("Content-Length: 2\n\n{}\r\n\r\nContent-Length: 1\n\n7");
	expect_body(fd, "{}");
	expect_body(fd, "7");
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
}

static void t_frame_bad_headers_resync(void **state)
{
	(void)state;
	feed *fd = feed_str("Garbage\r\n\r\n{\"a\":1}"
			    "Content-Length: 2\r\n\r\n{}"
			    "Content-Type: text/plain\r\n\r\n{}"
			    "Content-Length: 3\r\n\r\n[2]"
			    "Content-Length: 12x\r\n\r\n{}"
			    "CONTENT-LENGTH: 3\r\n\r\n[3]"
			    "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"
			    "Content-Length: 3\r\n\r\n[4]");
	expect_frame(fd, RL_FRAME_BAD_HEADER);
	expect_body(fd, "{}");
	expect_frame(fd, RL_FRAME_BAD_HEADER);
	expect_body(fd, "[2]");
	expect_frame(fd, RL_FRAME_BAD_HEADER);
	expect_body(fd, "[3]");
	expect_frame(fd, RL_FRAME_BAD_HEADER);
	expect_body(fd, "[4]");
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
}

static void t_frame_bad_line_known_length(void **state)
{
	(void)state;
	/* the length is known: the body is skipped and the next message read */
	feed *fd = feed_str("Content-Length: 2\r\nno colon here\r\n\r\n{}Content-Length: 2\r\n\r\n[]");
	expect_frame(fd, RL_FRAME_BAD_HEADER);
	expect_body(fd, "[]");
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
}

static void t_frame_long_and_many_lines(void **state)
{
	(void)state;
	rl_buf b = {0};
	rl_buf_puts(&b, "X-Long: ");
	for (int i = 0; i < 5000; i++)
		rl_buf_putc(&b, 'x');
	rl_buf_puts(&b, "\r\nContent-Length: 2\r\n\r\n{}");
	for (int i = 0; i < RL_RPC_MAX_HEADER_LINES + 5; i++)
		rl_buf_puts(&b, "X-Some: thing\r\n");
	rl_buf_puts(&b, "\r\n{}Content-Length: 2\r\n\r\n[]");
	feed *fd = feed_new(b.data, b.len, RL_RPC_MAX_BODY);
	expect_frame(fd, RL_FRAME_BAD_HEADER);
	expect_frame(fd, RL_FRAME_BAD_HEADER);
	expect_body(fd, "[]");
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
	rl_buf_free(&b);
}

static void t_frame_too_large(void **state)
{
	(void)state;
	const char *s = "Content-Length: 11\r\n\r\n01234567890Content-Length: 10\r\n\r\n0123456789"
			"Content-Length: 99999999999999999999999999999\r\n\r\n{}";
	feed *fd = feed_new(s, strlen(s), 10);
	expect_frame(fd, RL_FRAME_TOO_LARGE);
	expect_body(fd, "0123456789");
	expect_frame(fd, RL_FRAME_TOO_LARGE);
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
}

static void t_frame_truncated(void **state)
{
	(void)state;
	feed *fd = feed_str("Content-Length: 10\r\n\r\n{}");
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
	fd = feed_str("Content-Length: 10\r\n");
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
	fd = feed_str("");
	assert_true(rl_rpc_pending(&fd->r));
	expect_frame(fd, RL_FRAME_EOF);
	feed_free(fd);
}

static void t_write_round_trip(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	json_t *m = rl_rpc_notification("x/y", json_pack("{s:s}", "t", "caf\xC3\xA9 \xF0\x9F\x98\x80"));
	assert_true(rl_rpc_write(f, m));
	rewind(f);
	rl_rpc_reader r;
	rl_rpc_reader_init(&r, fileno(f), RL_RPC_MAX_BODY);
	char *body;
	size_t len;
	assert_int_equal(rl_rpc_read(&r, &body, &len), RL_FRAME_OK);
	json_t *back = json_loadb(body, len, 0, NULL);
	assert_true(json_equal(m, back));
	free(body);
	json_decref(back);
	json_decref(m);
	fclose(f);
}

/* --- JSON-RPC ----------------------------------------------------------- */

static void t_classify(void **state)
{
	(void)state;
	struct {
		const char *json;
		rl_rpc_kind kind;
		bool why;
	} cases[] = {
		{"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}", RL_RPC_REQUEST, false},
		{"{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"a\",\"params\":[]}", RL_RPC_REQUEST, false},
		{"{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{}}", RL_RPC_NOTIFICATION, false},
		{"{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":3}", RL_RPC_NOTIFICATION, true},
		{"{\"jsonrpc\":\"1.0\",\"method\":\"a\"}", RL_RPC_NOTIFICATION, true},
		{"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", RL_RPC_RESPONSE, false},
		{"{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{}}", RL_RPC_RESPONSE, false},
		{"{\"jsonrpc\":\"2.0\",\"id\":1}", RL_RPC_INVALID, true},
		{"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", RL_RPC_INVALID, true},
		{"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"a\"}", RL_RPC_INVALID, true},
		{"{\"id\":1,\"method\":\"a\"}", RL_RPC_INVALID, true},
		{"[]", RL_RPC_INVALID, true},
		{"7", RL_RPC_INVALID, true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *j = json_loads(cases[i].json, JSON_DECODE_ANY, NULL);
		assert_non_null(j);
		rl_rpc_msg m = rl_rpc_classify(j);
		assert_int_equal(m.kind, cases[i].kind);
		assert_int_equal(m.why != NULL, cases[i].why);
		json_decref(j);
	}
}

static void t_errors(void **state)
{
	(void)state;
	srv *v = srv_new();
	/* before initialize */
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"shutdown\"}", RL_RPC_SERVER_NOT_INITIALIZED, "5");
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{}}");
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":7}", RL_RPC_INVALID_REQUEST,
		     "2");
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":[]}", RL_RPC_INVALID_PARAMS,
		     "2");
	initialize(v);
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}", RL_RPC_INVALID_REQUEST,
		     "1");
	/* malformed */
	expect_error(v, "{\"jsonrpc\":", RL_RPC_PARSE_ERROR, "null");
	expect_error(v, "", RL_RPC_PARSE_ERROR, "null");
	expect_error(v, "[]", RL_RPC_INVALID_REQUEST, "null");
	expect_error(v, "\"x\"", RL_RPC_INVALID_REQUEST, "null");
	expect_error(v, "{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"x\"}", RL_RPC_INVALID_REQUEST, "3");
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}", RL_RPC_INVALID_REQUEST, "null");
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":\"q\"}", RL_RPC_INVALID_REQUEST, "\"q\"");
	/* unknown method, missing params */
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"no/such\"}", RL_RPC_METHOD_NOT_FOUND, "4");
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"textDocument/didOpen\"}", RL_RPC_METHOD_NOT_FOUND,
		     "4");
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"textDocument/codeAction\",\"params\":{}}",
		     RL_RPC_INVALID_PARAMS, "6");
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/codeAction\"}", RL_RPC_INVALID_PARAMS,
		     "7");
	expect_error(v,
		     "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"textDocument/codeAction\",\"params\":{\"textDocument\":"
		     "{\"uri\":\"file:///a\"},\"range\":{\"start\":{\"line\":-1,\"character\":0},\"end\":{\"line\":0,"
		     "\"character\":0}}}}",
		     RL_RPC_INVALID_PARAMS, "8");
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"textDocument/formatting\",\"params\":{}}",
		     RL_RPC_INVALID_PARAMS, "9");
	/* notifications and responses are never answered */
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"no/such\"}");
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":1}}");
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":\"x\"}");
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\"}");
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{}}");
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{}}");
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didSave\",\"params\":{}}");
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}");
	/* framing errors */
	rl_lsp_frame_error(&v->s, RL_FRAME_TOO_LARGE);
	rl_lsp_frame_error(&v->s, RL_FRAME_BAD_HEADER);
	json_t *r = replies(v);
	assert_int_equal(json_array_size(r), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_array_get(r, 0), "error"), "code")),
			 RL_RPC_INVALID_REQUEST);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_array_get(r, 1), "error"), "code")),
			 RL_RPC_PARSE_ERROR);
	json_decref(r);
	srv_free(v);
}

static void t_initialize_result(void **state)
{
	(void)state;
	srv *v = srv_new();
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
	json_t *r = replies(v);
	json_t *caps = json_object_get(json_object_get(json_array_get(r, 0), "result"), "capabilities");
	assert_string_equal(json_string_value(json_object_get(caps, "positionEncoding")), "utf-16");
	json_t *sync = json_object_get(caps, "textDocumentSync");
	assert_int_equal(json_integer_value(json_object_get(sync, "change")), 2);
	assert_true(json_is_true(json_object_get(sync, "openClose")));
	assert_true(json_is_true(json_object_get(caps, "documentFormattingProvider")));
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(json_object_get(caps, "codeActionProvider"),
								 "codeActionKinds"),
						 0)),
		"quickfix");
	json_decref(r);
	srv_free(v);

	v = srv_new();
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{\"general\":"
		    "{\"positionEncodings\":[\"utf-32\",\"utf-8\",\"utf-16\"]}}}}");
	r = replies(v);
	caps = json_object_get(json_object_get(json_array_get(r, 0), "result"), "capabilities");
	assert_string_equal(json_string_value(json_object_get(caps, "positionEncoding")), "utf-8");
	assert_int_equal(v->s.enc, RL_ENC_UTF8);
	json_decref(r);
	srv_free(v);
}

static void t_shutdown_exit(void **state)
{
	(void)state;
	srv *v = srv_new();
	initialize(v);
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
	json_t *r = replies(v);
	assert_int_equal(json_array_size(r), 1);
	assert_true(json_is_null(json_object_get(json_array_get(r, 0), "result")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 0), "id")), 2);
	json_decref(r);
	expect_error(v, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/formatting\",\"params\":{}}",
		     RL_RPC_INVALID_REQUEST, "3");
	assert_false(v->s.exited);
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_true(v->s.exited);
	assert_int_equal(rl_lsp_exit_code(&v->s), 0);
	srv_free(v);

	v = srv_new();
	initialize(v);
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_true(v->s.exited);
	assert_int_equal(rl_lsp_exit_code(&v->s), 1);
	srv_free(v);
}

/* --- documents ---------------------------------------------------------- */

static json_t *only_message(srv *v)
{
	json_t *r = replies(v);
	assert_int_equal(json_array_size(r), 1);
	json_t *m = json_incref(json_array_get(r, 0));
	json_decref(r);
	return m;
}

static void t_documents(void **state)
{
	(void)state;
	srv *v = srv_new();
	initialize(v);
	expect_silence(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{"
			  "\"uri\":\"file:///tmp/h%20one/racoon.conf\",\"languageId\":\"racoon\",\"version\":3,"
			  "\"text\":\"# caf\\u00e9\\nlog notify;\\n\"}}}");
	assert_non_null(v->s.docs);
	assert_string_equal(v->s.docs->path, "/tmp/h one/racoon.conf");
	assert_int_equal(v->s.docs->lang, RL_LANG_RACOON);
	/* diagnostics go out once no message is waiting */
	rl_lsp_publish_pending(&v->s);
	json_t *m = only_message(v);
	assert_string_equal(json_string_value(json_object_get(m, "method")), "textDocument/publishDiagnostics");
	json_t *p = json_object_get(m, "params");
	assert_string_equal(json_string_value(json_object_get(p, "uri")), "file:///tmp/h%20one/racoon.conf");
	assert_int_equal(json_integer_value(json_object_get(p, "version")), 3);
	assert_true(json_is_array(json_object_get(p, "diagnostics")));
	json_decref(m);
	/* nothing changed since: nothing to publish */
	rl_lsp_publish_pending(&v->s);
	json_t *r = replies(v);
	assert_int_equal(json_array_size(r), 0);
	json_decref(r);
	srv_free(v);
}

static void t_incremental_sync(void **state)
{
	(void)state;
	srv *v = srv_new();
	initialize(v);
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{"
		    "\"uri\":\"untitled:Untitled-1\",\"languageId\":\"psk\",\"version\":1,"
		    "\"text\":\"a \\ud83d\\ude00 b\\r\\nline2\\n\"}}}");
	rl_lsp_doc *d = v->s.docs;
	assert_int_equal(d->lang, RL_LANG_PSK);
	assert_string_equal(d->path, "untitled:Untitled-1");
	/* after the emoji (2 UTF-16 units at character 2) insert "X"; replace
	 * "line" across the line break; then a full replacement keeps working */
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{"
		    "\"uri\":\"untitled:Untitled-1\",\"version\":2},\"contentChanges\":["
		    "{\"range\":{\"start\":{\"line\":0,\"character\":4},\"end\":{\"line\":0,\"character\":4}},"
		    "\"text\":\"X\"},"
		    "{\"range\":{\"start\":{\"line\":0,\"character\":7},\"end\":{\"line\":1,\"character\":4}},"
		    "\"text\":\"|\"}]}}");
	assert_string_equal(rl_buf_str(&d->text.buf), "a \xF0\x9F\x98\x80X b|2\n");
	assert_int_equal(d->version, 2);
	assert_true(d->dirty);
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{"
		    "\"uri\":\"untitled:Untitled-1\",\"version\":3},\"contentChanges\":[{\"text\":\"new\"}]}}");
	assert_string_equal(rl_buf_str(&d->text.buf), "new");
	json_decref(replies(v));
	/* a malformed change drops the document and clears its diagnostics */
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{"
		    "\"uri\":\"untitled:Untitled-1\",\"version\":4},\"contentChanges\":[{\"range\":{}}]}}");
	assert_null(v->s.docs);
	json_t *m = only_message(v);
	assert_int_equal(json_array_size(json_object_get(json_object_get(m, "params"), "diagnostics")), 0);
	json_decref(m);
	srv_free(v);
}

static void t_close_clears(void **state)
{
	(void)state;
	srv *v = srv_new();
	initialize(v);
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{"
		    "\"uri\":\"file:///x/notes.md\",\"languageId\":\"markdown\",\"version\":1,\"text\":\"hi\"}}}");
	assert_int_equal(v->s.docs->lang, RL_LANG_UNKNOWN);
	rl_lsp_publish_pending(&v->s);
	json_t *m = only_message(v);
	assert_int_equal(json_array_size(json_object_get(json_object_get(m, "params"), "diagnostics")), 0);
	json_decref(m);
	/* formatting and code actions on it: no edits */
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"textDocument/formatting\",\"params\":{\"textDocument\":"
		    "{\"uri\":\"file:///x/notes.md\"},\"options\":{\"tabSize\":8,\"insertSpaces\":false}}}");
	m = only_message(v);
	assert_int_equal(json_array_size(json_object_get(m, "result")), 0);
	json_decref(m);
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{\"textDocument\":"
		    "{\"uri\":\"file:///x/notes.md\"}}}");
	m = only_message(v);
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "params"), "uri")),
			    "file:///x/notes.md");
	assert_int_equal(json_array_size(json_object_get(json_object_get(m, "params"), "diagnostics")), 0);
	json_decref(m);
	assert_null(v->s.docs);
	srv_free(v);
}

static void t_requests_on_open_document(void **state)
{
	(void)state;
	srv *v = srv_new();
	initialize(v);
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{"
		    "\"uri\":\"file:///h/racoon.conf\",\"languageId\":\"racoon\",\"version\":1,\"text\":\"log info;\\n\"}}}");
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/formatting\",\"params\":{\"textDocument\":"
		    "{\"uri\":\"file:///h/racoon.conf\"},\"options\":{\"tabSize\":8,\"insertSpaces\":false}}}");
	json_t *m = only_message(v);
	assert_true(json_is_array(json_object_get(m, "result")));
	json_decref(m);
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"textDocument/codeAction\",\"params\":{\"textDocument\":"
		    "{\"uri\":\"file:///h/racoon.conf\"},\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":"
		    "{\"line\":9,\"character\":0}},\"context\":{\"diagnostics\":[],\"only\":[\"quickfix\"]}}}");
	m = only_message(v);
	assert_int_equal(json_integer_value(json_object_get(m, "id")), 8);
	assert_true(json_is_array(json_object_get(m, "result")));
	json_decref(m);
	srv_free(v);
}

/* Formatting answers with the edits of the canonical layout. */
static void t_formatting_lays_out(void **state)
{
	(void)state;
	srv *v = srv_new();
	initialize(v);
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{"
		    "\"uri\":\"file:///h/racoon.conf\",\"languageId\":\"racoon\",\"version\":1,"
		    "\"text\":\"log   info ;\\n\"}}}");
	send_msg(v, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/formatting\",\"params\":{\"textDocument\":"
		    "{\"uri\":\"file:///h/racoon.conf\"},\"options\":{\"tabSize\":8,\"insertSpaces\":false}}}");
	json_t *m = only_message(v);
	json_t *edits = json_object_get(m, "result");
	assert_true(json_array_size(edits) >= 1);
	/* the edits turn "log   info ;" into "log info;" */
	rl_buf text = {0};
	rl_buf_puts(&text, "log   info ;\n");
	for (size_t i = json_array_size(edits); i > 0; i--) {
		json_t *e = json_array_get(edits, i - 1);
		json_t *r = json_object_get(e, "range");
		size_t a = (size_t)json_integer_value(json_object_get(json_object_get(r, "start"), "character"));
		size_t b = (size_t)json_integer_value(json_object_get(json_object_get(r, "end"), "character"));
		assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "start"), "line")), 0);
		assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "end"), "line")), 0);
		const char *nt = json_string_value(json_object_get(e, "newText"));
		rl_buf next = {0};
		rl_buf_add(&next, text.data, a);
		rl_buf_puts(&next, nt);
		rl_buf_add(&next, text.data + b, text.len - b);
		rl_buf_free(&text);
		text = next;
	}
	assert_string_equal(rl_buf_str(&text), "log info;\n");
	rl_buf_free(&text);
	json_decref(m);
	srv_free(v);
}

/* --- positions ---------------------------------------------------------- */

static void t_utf8_decode(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(rl_utf8_decode((const char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(rl_utf8_decode((const char *)"\xC3\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(rl_utf8_decode((const char *)"\xE2\x82\xAC", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(rl_utf8_decode((const char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(rl_utf8_decode((const char *)"\xF4\x8F\xBF\xBF", 4, &cp), 4);
	const char *bad[] = {"\x80", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF0\x80\x80\x80",
			     "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xC3", "\xE2\x82", "\xC3\x41"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(rl_utf8_decode((const char *)bad[i], strlen(bad[i]), &cp), 0);
	assert_int_equal(rl_utf8_decode((const char *)"\xF0\x9F\x98\x80", 3, &cp), 0);

	rl_buf b = {0};
	rl_utf8_sanitize(&b, "a\xFF" "b\xC3", 4);
	assert_string_equal(rl_buf_str(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	rl_buf_free(&b);
}

static rl_lsp_pos P(uint32_t line, uint32_t character)
{
	return (rl_lsp_pos){line, character};
}

static void expect_pos(rl_lsp_lines *l, uint32_t off, rl_lsp_enc enc, uint32_t line, uint32_t ch)
{
	rl_lsp_pos p = rl_lsp_pos_of(l, off, enc);
	assert_int_equal(p.line, line);
	assert_int_equal(p.character, ch);
}

/* Units before off on a one-line text: the characters that end at or
 * before it, an invalid byte one unit. */
static uint32_t units_before(const char *s, uint32_t len, uint32_t off, rl_lsp_enc enc)
{
	uint32_t i = 0, u = 0;
	while (i < off) {
		uint32_t cp;
		size_t k = rl_utf8_decode(s + i, len - i, &cp);
		uint32_t w = k == 0 ? 1 : enc == RL_ENC_UTF8 ? (uint32_t)k : cp >= 0x10000 ? 2 : 1;
		k = k ? k : 1;
		if (i + k > off)
			break;
		i += (uint32_t)k;
		u += w;
	}
	return u;
}

/* Positions on a long line, in any order and both encodings, through the
 * marks of one line table. */
static void t_positions_long_line(void **state)
{
	(void)state;
	rl_buf b = {0};
	for (int i = 0; i < 600; i++)
		rl_buf_puts(&b, i % 5 == 0 ? "\xF0\x9F\x98\x80" : i % 7 == 0 ? "\xC3" : i % 3 == 0 ? "\xC3\xA9" : "ab");
	rl_lsp_lines l = {0};
	rl_lsp_lines_build(&l, b.data, (uint32_t)b.len);
	uint32_t x = 7;
	for (int k = 0; k < 3000; k++) {
		x = x * 1103515245u + 12345u;
		uint32_t off = (x >> 8) % ((uint32_t)b.len + 1);
		rl_lsp_enc enc = (x >> 4) % 3 == 0 ? RL_ENC_UTF8 : RL_ENC_UTF16;
		expect_pos(&l, off, enc, 0, units_before(b.data, (uint32_t)b.len, off, enc));
	}
	rl_lsp_lines_free(&l);
	rl_buf_free(&b);
}

static void t_positions_utf16(void **state)
{
	(void)state;
	/* a é(2 bytes) 😀(4 bytes, 2 UTF-16 units) b LF x */
	const char *s = "a\xC3\xA9\xF0\x9F\x98\x80" "b\nx";
	rl_lsp_lines l = {0};
	rl_lsp_lines_build(&l, s, (uint32_t)strlen(s));
	assert_int_equal(l.n, 2);
	expect_pos(&l, 0, RL_ENC_UTF16, 0, 0);
	expect_pos(&l, 1, RL_ENC_UTF16, 0, 1);
	expect_pos(&l, 3, RL_ENC_UTF16, 0, 2);
	expect_pos(&l, 7, RL_ENC_UTF16, 0, 4);
	expect_pos(&l, 8, RL_ENC_UTF16, 0, 5);
	expect_pos(&l, 9, RL_ENC_UTF16, 1, 0);
	expect_pos(&l, 10, RL_ENC_UTF16, 1, 1);
	expect_pos(&l, 999, RL_ENC_UTF16, 1, 1);
	/* inside a character: where it starts */
	expect_pos(&l, 2, RL_ENC_UTF16, 0, 1);
	expect_pos(&l, 5, RL_ENC_UTF16, 0, 2);
	/* UTF-8 counts bytes */
	expect_pos(&l, 7, RL_ENC_UTF8, 0, 7);
	/* and back */
	assert_int_equal(rl_lsp_off_of(&l, P(0, 4), RL_ENC_UTF16), 7);
	assert_int_equal(rl_lsp_off_of(&l, P(0, 2), RL_ENC_UTF16), 3);
	assert_int_equal(rl_lsp_off_of(&l, P(0, 3), RL_ENC_UTF16), 3); /* half a surrogate pair */
	assert_int_equal(rl_lsp_off_of(&l, P(0, 5), RL_ENC_UTF16), 8);
	assert_int_equal(rl_lsp_off_of(&l, P(0, 99), RL_ENC_UTF16), 8); /* past the line: its end */
	assert_int_equal(rl_lsp_off_of(&l, P(1, 0), RL_ENC_UTF16), 9);
	assert_int_equal(rl_lsp_off_of(&l, P(7, 0), RL_ENC_UTF16), 10); /* past the text: its end */
	assert_int_equal(rl_lsp_off_of(&l, P(0, 7), RL_ENC_UTF8), 7);
	assert_int_equal(rl_lsp_off_of(&l, P(0, 2), RL_ENC_UTF8), 1); /* inside é */
	/* every offset on a character boundary goes there and back */
	for (uint32_t off = 0; off <= 10; off++) {
		if (off == 2 || (off >= 4 && off <= 6))
			continue;
		assert_int_equal(rl_lsp_off_of(&l, rl_lsp_pos_of(&l, off, RL_ENC_UTF16), RL_ENC_UTF16), off);
		assert_int_equal(rl_lsp_off_of(&l, rl_lsp_pos_of(&l, off, RL_ENC_UTF8), RL_ENC_UTF8), off);
	}
	rl_lsp_lines_free(&l);
}

static void t_line_breaks(void **state)
{
	(void)state;
	const char *s = "ab\r\nc\rd\n\ne\r";
	rl_lsp_lines l = {0};
	rl_lsp_lines_build(&l, s, (uint32_t)strlen(s));
	assert_int_equal(l.n, 6);
	assert_int_equal(l.start[1], 4);
	assert_int_equal(l.start[2], 6);
	assert_int_equal(l.start[3], 8);
	assert_int_equal(l.start[4], 9);
	assert_int_equal(l.start[5], 11);
	expect_pos(&l, 2, RL_ENC_UTF16, 0, 2); /* the CR */
	expect_pos(&l, 3, RL_ENC_UTF16, 0, 2); /* between CR and LF */
	expect_pos(&l, 5, RL_ENC_UTF16, 1, 1);
	expect_pos(&l, 6, RL_ENC_UTF16, 2, 0);
	expect_pos(&l, 11, RL_ENC_UTF16, 5, 0);
	assert_int_equal(rl_lsp_off_of(&l, P(0, 9), RL_ENC_UTF16), 2);
	assert_int_equal(rl_lsp_off_of(&l, P(3, 4), RL_ENC_UTF16), 8);
	assert_int_equal(rl_lsp_off_of(&l, P(4, 1), RL_ENC_UTF16), 10);
	rl_lsp_lines_free(&l);

	rl_lsp_lines_build(&l, "", 0);
	assert_int_equal(l.n, 1);
	expect_pos(&l, 0, RL_ENC_UTF16, 0, 0);
	assert_int_equal(rl_lsp_off_of(&l, P(3, 3), RL_ENC_UTF16), 0);
	rl_lsp_lines_free(&l);

	/* stray bytes count one unit each */
	rl_lsp_lines_build(&l, "\xFF\xFEz", 3);
	expect_pos(&l, 2, RL_ENC_UTF16, 0, 2);
	assert_int_equal(rl_lsp_off_of(&l, P(0, 1), RL_ENC_UTF16), 1);
	rl_lsp_lines_free(&l);
}

static void t_text_edits(void **state)
{
	(void)state;
	rl_lsp_text t = {0};
	assert_true(rl_lsp_text_set(&t, "one\ntw\xC3\xB6\nthree", 14));
	assert_true(rl_lsp_text_edit(&t, P(1, 3), P(1, 3), "!", 1, RL_ENC_UTF16));
	assert_string_equal(rl_buf_str(&t.buf), "one\ntw\xC3\xB6!\nthree");
	assert_true(rl_lsp_text_edit(&t, P(0, 1), P(2, 2), "", 0, RL_ENC_UTF16));
	assert_string_equal(rl_buf_str(&t.buf), "oree");
	assert_int_equal(t.lines.n, 1);
	/* reversed ends, insertion at the very end, past the end */
	assert_true(rl_lsp_text_edit(&t, P(0, 3), P(0, 1), "X", 1, RL_ENC_UTF16));
	assert_string_equal(rl_buf_str(&t.buf), "oXe");
	assert_true(rl_lsp_text_edit(&t, P(9, 9), P(9, 9), "\nend", 4, RL_ENC_UTF16));
	assert_string_equal(rl_buf_str(&t.buf), "oXe\nend");
	assert_int_equal(t.lines.n, 2);
	/* nothing over the size limit gets in; the data is not even read */
	static const char small[1];
	assert_false(rl_lsp_text_set(&t, small, (size_t)RL_MAX_FILE_SIZE + 1));
	assert_false(rl_lsp_text_edit(&t, P(0, 0), P(0, 0), small, (size_t)RL_MAX_FILE_SIZE, RL_ENC_UTF16));
	assert_string_equal(rl_buf_str(&t.buf), "oXe\nend");
	rl_lsp_text_free(&t);
}

static void t_uris(void **state)
{
	(void)state;
	char *p = rl_uri_to_path("file:///srv/host%20one/racoon.conf");
	assert_string_equal(p, "/srv/host one/racoon.conf");
	free(p);
	p = rl_uri_to_path("file://localhost/etc/racoon/psk.txt");
	assert_string_equal(p, "/etc/racoon/psk.txt");
	free(p);
	p = rl_uri_to_path("FILE:///a%2");
	assert_string_equal(p, "/a%2");
	free(p);
	assert_null(rl_uri_to_path("file://server/share/x"));
	assert_null(rl_uri_to_path("untitled:Untitled-1"));
	assert_null(rl_uri_to_path("file:///a%00b"));
	assert_null(rl_uri_to_path("file:"));
	char *u = rl_path_to_uri("/srv/h one/caf\xC3\xA9#1");
	assert_string_equal(u, "file:///srv/h%20one/caf%C3%A9%231");
	p = rl_uri_to_path(u);
	assert_string_equal(p, "/srv/h one/caf\xC3\xA9#1");
	free(p);
	free(u);
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof cwd));
	u = rl_path_to_uri("./x.conf");
	p = rl_uri_to_path(u);
	char *want = rl_xasprintf("%s/x.conf", strcmp(cwd, "/") == 0 ? "" : cwd);
	assert_string_equal(p, want);
	free(want);
	free(p);
	free(u);
}

/* --- diagnostics -------------------------------------------------------- */

static json_t *json_at(json_t *o, const char *path)
{
	/* "a.b.0.c" */
	char *copy = rl_xstrdup(path);
	for (char *save = NULL, *k = strtok_r(copy, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		o = json_is_array(o) ? json_array_get(o, strtoul(k, NULL, 10)) : json_object_get(o, k);
	free(copy);
	return o;
}

static void expect_int(json_t *o, const char *path, json_int_t v)
{
	json_t *j = json_at(o, path);
	assert_true(json_is_integer(j));
	assert_int_equal(json_integer_value(j), v);
}

static void expect_str(json_t *o, const char *path, const char *v)
{
	json_t *j = json_at(o, path);
	assert_true(json_is_string(j));
	assert_string_equal(json_string_value(j), v);
}

static void t_diagnostic_json(void **state)
{
	(void)state;
	const char *text = "# \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 x\nremote x {\n\tdpd_delay 20\n}\n";
	rl_source *home = rl_source_from_mem("/w/server1/racoon.conf", text, strlen(text));
	rl_source *peer = rl_source_from_mem("/w/client 1/racoon.conf", "remote y {\n}\n", 13);
	rl_diags d = {0};
	/* "dpd_delay" on line 3; a second finding right after the emoji */
	rl_diag *dg = rl_report(&d, RL_R_syntax_error, home, (rl_span){27, 36}, "expected ';'");
	rl_diag_related(dg, peer, (rl_span){7, 8}, "the peer's block");
	rl_diag_related(dg, NULL, (rl_span){0, 0}, "nowhere");
	dg = rl_report(&d, RL_R_missing_file, home, (rl_span){13, 14}, "after the emoji");
	dg->sev = RL_SEV_WARNING;
	dg = rl_report(&d, RL_R_invalid_value, NULL, (rl_span){0, 0}, "run-wide");
	dg->sev = RL_SEV_INFO;

	rl_lsp_locator loc;
	rl_lsp_locator_init(&loc, RL_ENC_UTF16, NULL, home, "file:///w/server1/racoon.conf");
	json_t *j = rl_lsp_diagnostic(&loc, &d.v[0]);
	expect_int(j, "range.start.line", 2);
	expect_int(j, "range.start.character", 1);
	expect_int(j, "range.end.line", 2);
	expect_int(j, "range.end.character", 10);
	expect_int(j, "severity", 1);
	expect_str(j, "code", "RL001");
	expect_str(j, "source", "racoonlint");
	expect_str(j, "message", "syntax-error: expected ';'");
	assert_int_equal(json_array_size(json_object_get(j, "relatedInformation")), 1);
	expect_str(j, "relatedInformation.0.location.uri", "file:///w/client%201/racoon.conf");
	expect_int(j, "relatedInformation.0.location.range.start.line", 0);
	expect_int(j, "relatedInformation.0.location.range.start.character", 7);
	expect_str(j, "relatedInformation.0.message", "the peer's block");
	json_decref(j);

	j = rl_lsp_diagnostic(&loc, &d.v[1]);
	expect_int(j, "range.start.line", 0);
	expect_int(j, "range.start.character", 9); /* "# été " is 6 units, the emoji 2, then a blank */
	expect_int(j, "severity", 2);
	expect_str(j, "code", "RL002");
	assert_null(json_object_get(j, "relatedInformation"));
	json_decref(j);

	j = rl_lsp_diagnostic(&loc, &d.v[2]);
	expect_int(j, "severity", 3);
	expect_int(j, "range.start.line", 0);
	expect_int(j, "range.end.character", 0);
	json_decref(j);
	rl_lsp_locator_free(&loc);

	/* the same in UTF-8 units */
	rl_lsp_locator_init(&loc, RL_ENC_UTF8, NULL, home, "file:///w/server1/racoon.conf");
	j = rl_lsp_diagnostic(&loc, &d.v[1]);
	expect_int(j, "range.start.character", 13);
	json_decref(j);
	rl_lsp_locator_free(&loc);

	rl_diags_free(&d);
	rl_source_free(home);
	rl_source_free(peer);
}

static void t_diagnostic_invalid_utf8(void **state)
{
	(void)state;
	rl_source *src = rl_source_from_mem("x.conf", "a\xFFz;\n", 5);
	rl_diags d = {0};
	rl_report(&d, RL_R_syntax_error, src, (rl_span){1, 3}, "unexpected '%.*s'", 2, src->data + 1);
	rl_lsp_locator loc;
	rl_lsp_locator_init(&loc, RL_ENC_UTF16, NULL, src, NULL);
	json_t *j = rl_lsp_diagnostic(&loc, &d.v[0]);
	assert_non_null(j);
	expect_str(j, "message", "syntax-error: unexpected '\xEF\xBF\xBDz'");
	expect_int(j, "range.end.character", 3);
	json_decref(j);
	rl_lsp_locator_free(&loc);
	rl_diags_free(&d);
	rl_source_free(src);
}

static bool contains(const json_t *j, const char *needle)
{
	char *s = json_dumps(j, JSON_COMPACT);
	bool found = strstr(s, needle) != NULL;
	free(s);
	return found;
}

static void t_secrets_never_leave(void **state)
{
	(void)state;
	const char *psk = "client1 Canary-S3cret\nserver1 0xdeadbeefcafe\n";
	rl_source *src = rl_source_from_mem("/h/psk.txt", psk, strlen(psk));
	src->lang = RL_LANG_PSK;
	rl_source_add_secret(src, 8, 21);
	rl_source_add_secret(src, 30, 44);
	rl_diags d = {0};
	/* a message that should never have held the key */
	rl_diag *dg = rl_report(&d, RL_R_invalid_value, src, (rl_span){8, 21}, "key Canary-S3cret is weak");
	rl_diag_related(dg, src, (rl_span){30, 44}, "also 0xdeadbeefcafe");
	/* fixes: replacing a key, inserting a key line, deleting a line */
	rl_fix *f = rl_diag_fix(dg, "use Canary-S3cret2", true);
	rl_fix_edit(f, src, 8, 21, "Canary-S3cret2");
	dg = rl_report(&d, RL_R_invalid_value, src, (rl_span){0, 7}, "missing peer");
	rl_fix_edit(rl_diag_fix(dg, "add the peer", true), src, 44, 44, "peer NewKey\n");
	dg = rl_report(&d, RL_R_invalid_value, src, (rl_span){22, 29}, "duplicate");
	rl_fix_edit(rl_diag_fix(dg, "delete the line", false), src, 22, 45, "");
	dg = rl_report(&d, RL_R_invalid_value, src, (rl_span){0, 7}, "spacing");
	rl_fix_edit(rl_diag_fix(dg, "use a tab", true), src, 7, 8, "\t");

	rl_lsp_locator loc;
	rl_lsp_locator_init(&loc, RL_ENC_UTF16, NULL, src, "file:///h/psk.txt");
	json_t *j = rl_lsp_diagnostic(&loc, &d.v[0]);
	assert_false(contains(j, "Canary-S3cret"));
	assert_false(contains(j, "deadbeef"));
	expect_str(j, "message", "invalid-value: key **** is weak");
	expect_str(j, "relatedInformation.0.message", "also ****");
	json_decref(j);
	assert_null(rl_lsp_code_action(&loc, &d.v[0])); /* replaces a secret */
	assert_null(rl_lsp_code_action(&loc, &d.v[1])); /* puts a key line into psk.txt */
	j = rl_lsp_code_action(&loc, &d.v[2]);          /* deletes: no secret in it */
	assert_non_null(j);
	assert_false(contains(j, "deadbeef"));
	expect_str(j, "kind", "quickfix");
	assert_true(json_is_false(json_object_get(j, "isPreferred")));
	json_t *edits = json_object_get(json_at(j, "edit.changes"), "file:///h/psk.txt");
	expect_str(json_array_get(edits, 0), "newText", "");
	json_decref(j);
	j = rl_lsp_code_action(&loc, &d.v[3]); /* white space only */
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(j, "isPreferred")));
	json_decref(j);
	rl_lsp_locator_free(&loc);
	rl_diags_free(&d);
	rl_source_free(src);
}

static void t_code_action_json(void **state)
{
	(void)state;
	const char *a = "sainfo anonymous {\n\tencryption_algorithm 3des, aes;\n}\n";
	const char *b = "sainfo anonymous {\n\tencryption_algorithm 3des;\n}\n";
	rl_source *home = rl_source_from_mem("/w/s1/racoon.conf", a, strlen(a));
	rl_source *peer = rl_source_from_mem("/w/c1/racoon.conf", b, strlen(b));
	rl_diags d = {0};
	rl_diag *dg = rl_report(&d, RL_R_invalid_value, home, (rl_span){41, 45}, "3des before aes");
	rl_fix *f = rl_diag_fix(dg, "put aes first on both hosts", true);
	rl_fix_edit(f, home, 41, 50, "aes, 3des");
	rl_fix_edit(f, peer, 41, 45, "aes, 3des");
	dg = rl_report(&d, RL_R_invalid_value, home, (rl_span){0, 6}, "mode");
	rl_fix_chmod(rl_diag_fix(dg, "chmod 600", true), home, 0600);
	dg = rl_report(&d, RL_R_invalid_value, home, (rl_span){0, 6}, "no fix");

	rl_lsp_locator loc;
	rl_lsp_locator_init(&loc, RL_ENC_UTF16, NULL, home, "file:///w/s1/racoon.conf");
	json_t *j = rl_lsp_code_action(&loc, &d.v[0]);
	assert_non_null(j);
	expect_str(j, "title", "put aes first on both hosts");
	expect_str(j, "kind", "quickfix");
	assert_true(json_is_true(json_object_get(j, "isPreferred")));
	expect_str(j, "diagnostics.0.code", "RL004");
	json_t *changes = json_at(j, "edit.changes");
	assert_int_equal(json_object_size(changes), 2);
	json_t *e = json_array_get(json_object_get(changes, "file:///w/s1/racoon.conf"), 0);
	expect_int(e, "range.start.line", 1);
	expect_int(e, "range.start.character", 22);
	expect_int(e, "range.end.character", 31);
	expect_str(e, "newText", "aes, 3des");
	assert_non_null(json_object_get(changes, "file:///w/c1/racoon.conf"));
	json_decref(j);
	assert_null(rl_lsp_code_action(&loc, &d.v[1])); /* a mode change is no text edit */
	assert_null(rl_lsp_code_action(&loc, &d.v[2]));
	rl_lsp_locator_free(&loc);
	rl_diags_free(&d);
	rl_source_free(home);
	rl_source_free(peer);
}

static void t_replace_edits(void **state)
{
	(void)state;
	struct {
		const char *old, *new;
		int nedits;
		uint32_t sc, ec;
		const char *text;
	} cases[] = {
		{"a b\n", "a b\n", 0, 0, 0, ""},
		{"a b\n", "a  b\n", 1, 2, 2, " "},
		{"x \xC3\xA9\n", "x \xC3\xA8\n", 1, 2, 3, "\xC3\xA8"},
		{"\xC3\xA9" "a", "\xC4\xA9" "a", 1, 0, 1, "\xC4\xA9"},
		{"abc", "", 1, 0, 3, ""},
		{"", "abc", 1, 0, 0, "abc"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rl_source *src = rl_source_from_mem("f.conf", cases[i].old, strlen(cases[i].old));
		rl_lsp_locator loc;
		rl_lsp_locator_init(&loc, RL_ENC_UTF16, NULL, src, "file:///f.conf");
		json_t *j = rl_lsp_replace_edits(&loc, src, cases[i].new, strlen(cases[i].new));
		assert_int_equal(json_array_size(j), cases[i].nedits);
		if (cases[i].nedits) {
			json_t *e = json_array_get(j, 0);
			expect_int(e, "range.start.character", cases[i].sc);
			expect_int(e, "range.end.character", cases[i].ec);
			expect_str(e, "newText", cases[i].text);
		}
		json_decref(j);
		rl_lsp_locator_free(&loc);
		rl_source_free(src);
	}
	/* a layout change touching a key is not sent */
	rl_source *src = rl_source_from_mem("psk.txt", "a  key\n", 7);
	src->lang = RL_LANG_PSK;
	rl_source_add_secret(src, 3, 6);
	rl_lsp_locator loc;
	rl_lsp_locator_init(&loc, RL_ENC_UTF16, NULL, src, "file:///psk.txt");
	json_t *j = rl_lsp_replace_edits(&loc, src, "a\tkey\n", 6);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	j = rl_lsp_replace_edits(&loc, src, "a\tkex\n", 6);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	rl_lsp_locator_free(&loc);
	rl_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_frame_basic),
		cmocka_unit_test(t_frame_lf_and_blank_lines),
		cmocka_unit_test(t_frame_bad_headers_resync),
		cmocka_unit_test(t_frame_bad_line_known_length),
		cmocka_unit_test(t_frame_long_and_many_lines),
		cmocka_unit_test(t_frame_too_large),
		cmocka_unit_test(t_frame_truncated),
		cmocka_unit_test(t_write_round_trip),
		cmocka_unit_test(t_classify),
		cmocka_unit_test(t_errors),
		cmocka_unit_test(t_initialize_result),
		cmocka_unit_test(t_shutdown_exit),
		cmocka_unit_test(t_documents),
		cmocka_unit_test(t_incremental_sync),
		cmocka_unit_test(t_close_clears),
		cmocka_unit_test(t_requests_on_open_document),
		cmocka_unit_test(t_formatting_lays_out),
		cmocka_unit_test(t_utf8_decode),
		cmocka_unit_test(t_positions_utf16),
		cmocka_unit_test(t_positions_long_line),
		cmocka_unit_test(t_line_breaks),
		cmocka_unit_test(t_text_edits),
		cmocka_unit_test(t_uris),
		cmocka_unit_test(t_diagnostic_json),
		cmocka_unit_test(t_diagnostic_invalid_utf8),
		cmocka_unit_test(t_secrets_never_leave),
		cmocka_unit_test(t_code_action_json),
		cmocka_unit_test(t_replace_edits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
