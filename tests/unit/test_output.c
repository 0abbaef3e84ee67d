/* The output formats, on findings made by hand. */
#include "control_helpers.h"

#include <jansson.h>

#include "output.h"

static int rule(const char *name)
{
	int id = rl_rule_find(name);
	assert_true(id >= 0);
	return id;
}

/* --- a run with two files and a finding with related location and fix ---- */

static const char *const conf_text = "remote anonymous {\n"
				     "\tmy_identifier fqdn \"caf\xc3\xa9\"; lifetime time 1 hour;\n"
				     "}\n";
static const char *const psk_text = "192.0.2.2 CANARY-SECRET-1234\n";

static void sample(th_run *r)
{
	th_run_init(r);
	rl_file *conf = th_add(r, "server1/racoon.conf", conf_text, RL_LANG_RACOON);
	rl_file *psk = th_add(r, "server1/psk.txt", psk_text, RL_LANG_PSK);
	rl_diag *dg = rl_report(&r->cx.diags, rule("invalid-value"), conf->src,
				th_span(conf->src, "lifetime time 1 hour"), "bad lifetime");
	dg->host = rl_xstrdup("server1");
	rl_diag_related(dg, psk->src, th_span(psk->src, "192.0.2.2"), "peer entry");
	rl_fix *fx = rl_diag_fix(dg, "use 8 hours", true);
	rl_span h = th_span(conf->src, "1 hour");
	rl_fix_edit(fx, conf->src, h.start, h.end, "8 hours");
	rl_report(&r->cx.diags, rule("syntax-error"), NULL, (rl_span){0, 0}, "internal");
	rl_diags_sort(&r->cx.diags);
}

static void test_gcc(void **state)
{
	(void)state;
	th_run r;
	sample(&r);
	char *out = th_output(&r, RL_FMT_GCC, true);
	assert_string_equal(out, "racoonlint: error: internal [RL001 syntax-error]\n"
				 "server1/racoon.conf:2:30: error: bad lifetime [RL004 invalid-value]\n"
				 "server1/psk.txt:1:1: note: peer entry\n");
	free(out);
	th_run_free(&r);
}

static void test_text_plain(void **state)
{
	(void)state;
	th_run r;
	sample(&r);
	char *out = th_output(&r, RL_FMT_TEXT, false);
	assert_string_equal(out, "racoonlint: error: internal [RL001 syntax-error]\n"
				 "\n"
				 "server1/racoon.conf:2:30: error: bad lifetime [RL004 invalid-value]\n"
				 " 2 |         my_identifier fqdn \"caf\xc3\xa9\"; lifetime time 1 hour;\n"
				 "   |                                    ^^^^^^^^^^^^^^^^^^^^\n"
				 "server1/psk.txt:1:1: note: peer entry\n"
				 " 1 | 192.0.2.2 ****\n"
				 "   | ^^^^^^^^^\n"
				 " help: use 8 hours (safe fix)\n"
				 "\n"
				 "2 files checked: 2 errors, 0 warnings, 0 info\n");
	free(out);
	th_run_free(&r);
}

static void test_text_color(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "a.conf", "x;\n", RL_LANG_RACOON);
	rl_report(&r.cx.diags, rule("bad-suppression"), f->src, (rl_span){0, 1}, "m");
	char *out = th_output(&r, RL_FMT_TEXT, true);
	assert_string_equal(out, "\033[1ma.conf:1:1:\033[0m \033[1;33mwarning:\033[0m \033[1mm\033[0m "
				 "[RL005 bad-suppression]\n"
				 " \033[1;34m1 |\033[0m x;\n"
				 "   \033[1;34m|\033[0m \033[1;33m^\033[0m\n"
				 "\n"
				 "1 file checked: 0 errors, 1 warning, 0 info\n");
	free(out);
	th_run_free(&r);
}

static void test_text_no_findings(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	th_add(&r, "a.conf", "x;\n", RL_LANG_RACOON);
	char *out = th_output(&r, RL_FMT_TEXT, false);
	assert_string_equal(out, "1 file checked: no findings\n");
	free(out);
	out = th_output(&r, RL_FMT_GCC, false);
	assert_string_equal(out, "");
	free(out);
	th_run_free(&r);
}

/* --- code frames ------------------------------------------------------------ */

/* The two frame lines of one finding at [start, end) of text. */
static char *frame_of(const char *text, rl_lang lang, uint32_t start, uint32_t end)
{
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "f", text, lang);
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){start, end}, "m");
	char *out = th_output(&r, RL_FMT_TEXT, false);
	th_run_free(&r);
	/* drop the message line and what follows the frame */
	char *p = strchr(out, '\n') + 1;
	char *q = strstr(p, "\n\n");
	assert_non_null(q);
	char *frame = rl_xstrndup(p, (size_t)(q - p) + 1);
	free(out);
	return frame;
}

static void assert_frame(const char *text, uint32_t start, uint32_t end, const char *want)
{
	char *got = frame_of(text, RL_LANG_RACOON, start, end);
	assert_string_equal(got, want);
	free(got);
}

static void test_frame_tabs(void **state)
{
	(void)state;
	/* tabs expand to the next multiple of 8 */
	assert_frame("a\tbb\tc;\n", 5, 6, " 1 | a       bb      c;\n   |                 ^\n");
	/* a tab inside the span is underlined over its width */
	assert_frame("a\tb;\n", 0, 3, " 1 | a       b;\n   | ^^^^^^^^^\n");
	/* a wide character takes two columns, a combining mark none */
	assert_frame("\xf0\x9f\x98\x80 x;\n", 5, 6, " 1 | \xf0\x9f\x98\x80 x;\n   |    ^\n");
	assert_frame("\xe6\x97\xa5\xe6\x9c\xac x;\n", 0, 6, " 1 | \xe6\x97\xa5\xe6\x9c\xac x;\n   | ^^^^\n");
	assert_frame("e\xcc\x81 x;\n", 4, 5, " 1 | e\xcc\x81 x;\n   |   ^\n");
}

static void test_frame_spans(void **state)
{
	(void)state;
	/* an empty span: one caret */
	assert_frame("abc;\n", 1, 1, " 1 | abc;\n   |  ^\n");
	/* at the end of the line (a missing ';'): one caret after the text */
	assert_frame("abc\n", 3, 4, " 1 | abc\n   |    ^\n");
	/* over several lines: to the end of the first */
	assert_frame("abc {\n d;\n}\n", 4, 11, " 1 | abc {\n   |     ^\n");
	assert_frame("abc {\n d;\n}\n", 0, 11, " 1 | abc {\n   | ^^^^^\n");
	/* CRLF: the CR is not shown */
	assert_frame("ab;\r\ncd;\r\n", 5, 7, " 2 | cd;\n   | ^^\n");
	/* line numbers widen the gutter */
	assert_frame("a\nb\nc\nd\ne\nf\ng\nh\ni\nj;\n", 18, 19, " 10 | j;\n    | ^\n");
	/* the end of a file without a final newline */
	assert_frame("abc", 3, 3, " 1 | abc\n   |    ^\n");
	assert_frame("", 0, 0, " 1 | \n   | ^\n");
}

static void test_frame_unsafe_bytes(void **state)
{
	(void)state;
	/* escape, DEL, a C1 control, a bidi override, an invalid byte */
	assert_frame("a\033[31m\x7f\xc2\x9b\xe2\x80\xae\xff;\n", 13, 14, " 1 | a?[31m????;\n   |           ^\n");
	/* valid UTF-8 is kept, one column a character */
	assert_frame("\xc3\xa9\xc3\xa9 x;\n", 5, 6, " 1 | \xc3\xa9\xc3\xa9 x;\n   |    ^\n");
}

static void test_frame_long_line(void **state)
{
	(void)state;
	rl_buf b = {0};
	for (int i = 0; i < 300; i++)
		rl_buf_putc(&b, (char)('a' + i % 26));
	rl_buf_puts(&b, " TARGET");
	for (int i = 0; i < 300; i++)
		rl_buf_putc(&b, 'z');
	rl_buf_puts(&b, ";\n");
	uint32_t s = 301;
	char *got = frame_of(b.data, RL_LANG_RACOON, s, s + 6);
	/* the window starts 40 bytes before the span, shows 120, and says so */
	char *nl = strchr(got, '\n');
	assert_non_null(nl);
	assert_memory_equal(got, " 1 | ...", 8);
	assert_memory_equal(nl - 3, "...", 3);
	assert_int_equal((size_t)(nl - got), 5 + 3 + 120 + 3);
	assert_non_null(strstr(got, "TARGET"));
	assert_string_equal(nl + 1 + 5 + 3 + 40, "^^^^^^\n");
	free(got);
	/* near the start, no leading "..." */
	got = frame_of(b.data, RL_LANG_RACOON, 2, 3);
	assert_memory_equal(got, " 1 | abc", 8);
	free(got);
	rl_buf_free(&b);
}

static void test_frame_secrets(void **state)
{
	(void)state;
	/* a finding on the secret: "****" underlined whole, its length hidden */
	char *got = frame_of("host.example a-long-secret-value\n", RL_LANG_PSK, 13, 32);
	assert_string_equal(got, " 1 | host.example ****\n   |              ^^^^\n");
	free(got);
	/* a span starting inside the secret */
	got = frame_of("h abcdefgh\n", RL_LANG_PSK, 5, 7);
	assert_string_equal(got, " 1 | h ****\n   |   ^^^^\n");
	free(got);
	/* a short secret is masked in frames too */
	got = frame_of("h abc\n", RL_LANG_PSK, 0, 1);
	assert_string_equal(got, " 1 | h ****\n   | ^\n");
	free(got);
}

/* A secret's text in another file (a comment quoting the key) is masked in
 * that file's frame, and the underline stays aligned. */
static void test_frame_scrubs_other_files(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	th_add(&r, "psk.txt", "peer CANARY-SECRET-1234\n", RL_LANG_PSK);
	rl_file *c = th_add(&r, "a.conf", "x; # was CANARY-SECRET-1234 once; y;\n", RL_LANG_RACOON);
	rl_report(&r.cx.diags, rule("syntax-error"), c->src, th_span(c->src, "y;"), "m");
	char *out = th_output(&r, RL_FMT_TEXT, false);
	assert_null(strstr(out, "CANARY"));
	assert_non_null(strstr(out, " 1 | x; # was **** once; y;\n   |                     ^^\n"));
	free(out);
	th_run_free(&r);
}

/* --- messages -------------------------------------------------------------- */

/* Messages made safe a run of printable ASCII at a time are what the walk
 * over each character makes of them: random messages of printable bytes,
 * tabs, controls, UTF-8 (bidirectional overrides and C1 controls among it)
 * and invalid bytes. */
static void safe_reference(rl_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = rl_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			cp = 0xfffd;
		}
		bool unsafe = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
			      (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfffd;
		if (cp == '\t')
			rl_buf_putc(b, ' ');
		else if (unsafe)
			rl_buf_putc(b, '?');
		else
			rl_buf_add(b, s + i, k);
		i += k;
	}
}

static void test_message_safe_runs(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "word ", "'x'", "~", "\t", "\n", "\033", "\x7f", "\x01", "caf\xc3\xa9", "\xe2\x80\xae",
		"\xe2\x81\xa6", "\xc2\x85", "\xc2\xa0", "\xff", "\xc3", "\xef\xbf\xbd", "\xf0\x9f\x98\x80", " ",
	};
	srand(5);
	for (int it = 0; it < 500; it++) {
		rl_buf msg = {0};
		rl_buf_puts(&msg, "m");
		for (int k = rand() % 30; k > 0; k--)
			rl_buf_puts(&msg, pieces[rand() % (int)(sizeof pieces / sizeof pieces[0])]);
		th_run r;
		th_run_init(&r);
		rl_file *f = th_add(&r, "a.conf", "x;\n", RL_LANG_RACOON);
		rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){0, 1}, "%s", msg.data);
		char *out = th_output(&r, RL_FMT_GCC, false);
		rl_buf want = {0};
		rl_buf_puts(&want, "a.conf:1:1: error: ");
		safe_reference(&want, msg.data, msg.len);
		rl_buf_puts(&want, " [RL001 syntax-error]\n");
		assert_string_equal(out, want.data);
		free(out);
		rl_buf_free(&want);
		rl_buf_free(&msg);
		th_run_free(&r);
	}
}

/* rl_buf_printf writes into the room the buffer has and formats a second
 * time only when it was short: the text is the same as snprintf's, after
 * what the buffer held, NUL-terminated, whatever the lengths around the
 * room left. */
static void test_buf_printf_room(void **state)
{
	(void)state;
	static char fill[512], arg[512], want[1200];
	memset(fill, 'f', sizeof fill);
	for (size_t i = 0; i < sizeof arg; i++)
		arg[i] = (char)('a' + i % 26);
	srand(3);
	for (int it = 0; it < 4000; it++) {
		rl_buf b = {0};
		size_t have = (size_t)(rand() % 200), m = (size_t)(rand() % 300);
		if (have || rand() % 2)
			rl_buf_add(&b, fill, have);
		rl_buf_printf(&b, "<%.*s|%d>", (int)m, arg, it);
		int n = snprintf(want, sizeof want, "%.*s<%.*s|%d>", (int)have, fill, (int)m, arg, it);
		assert_int_equal(b.len, n);
		assert_memory_equal(b.data, want, (size_t)n + 1);
		rl_buf_printf(&b, "%s", "");
		assert_int_equal(b.len, n);
		assert_int_equal(b.data[b.len], '\0');
		rl_buf_free(&b);
	}
}

static void test_message_sanitized(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "a\nb.conf", "x;\n", RL_LANG_RACOON);
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){0, 1}, "bad\tword '\033]0;x\a' \xff");
	char *out = th_output(&r, RL_FMT_GCC, false);
	assert_string_equal(out, "a?b.conf:1:1: error: bad word '?]0;x?' ? [RL001 syntax-error]\n");
	free(out);
	th_run_free(&r);
	/* printable runs between other characters: UTF-8 kept, DEL, a C1
	 * control and a bidi override made '?', a tab a space */
	th_run_init(&r);
	f = th_add(&r, "c.conf", "x;\n", RL_LANG_RACOON);
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){0, 1},
		  "caf\xc3\xa9 ok\x7fz\xc2\x85y\xe2\x80\xae" "ab\tc\xe2\x82\xac~");
	out = th_output(&r, RL_FMT_GCC, false);
	assert_string_equal(out, "c.conf:1:1: error: caf\xc3\xa9 ok?z?y?ab c\xe2\x82\xac~ [RL001 syntax-error]\n");
	free(out);
	th_run_free(&r);
}

/* --- positions ------------------------------------------------------------- */

static void test_positions(void **state)
{
	(void)state;
	rl_source *src = rl_source_from_mem("f", "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x91x\n\xffy", 14);
	uint32_t line, col;
	rl_out_pos_chars(src, 0, &line, &col);
	assert_int_equal(line, 1), assert_int_equal(col, 1);
	rl_out_pos_chars(src, 10, &line, &col); /* x after a, e-acute, euro, key emoji */
	assert_int_equal(col, 5);
	rl_out_pos_chars(src, 11, &line, &col); /* the newline */
	assert_int_equal(col, 6);
	rl_out_pos_chars(src, 13, &line, &col); /* y after an invalid byte */
	assert_int_equal(line, 2), assert_int_equal(col, 2);
	rl_out_pos_chars(src, 99, &line, &col); /* past the end: the end */
	assert_int_equal(line, 2), assert_int_equal(col, 3);
	rl_source_free(src);

	uint32_t cp;
	assert_int_equal(rl_utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(rl_utf8_decode("\xc0\xaf", 2, &cp), 0);       /* overlong */
	assert_int_equal(rl_utf8_decode("\xed\xa0\x80", 3, &cp), 0);   /* surrogate */
	assert_int_equal(rl_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* past U+10FFFF */
	assert_int_equal(rl_utf8_decode("\xe2\x82", 2, &cp), 0);       /* cut short */
}

/* Positions on a long line, in any order, through one cursor: the same
 * columns as one by one. */
static void test_positions_cursor(void **state)
{
	(void)state;
	rl_buf b = {0};
	for (int i = 0; i < 500; i++)
		rl_buf_puts(&b, i % 7 == 0 ? "\xc3\xa9" : i % 11 == 0 ? "\xff" : i % 13 == 0 ? "\xe2\x82" : "ab");
	rl_buf_puts(&b, "\r\nnext\n");
	rl_source *src = rl_source_from_mem("f", b.data, b.len);
	rl_char_cursor cur = {0};
	uint32_t x = 1;
	for (int k = 0; k < 2000; k++) {
		x = x * 1103515245u + 12345u;
		uint32_t off = (x >> 8) % (src->len + 1);
		uint32_t l1, c1, l2, c2;
		rl_out_pos_chars(src, off, &l1, &c1);
		rl_out_pos_chars_at(&cur, src, off, &l2, &c2);
		assert_int_equal(l1, l2);
		assert_int_equal(c1, c2);
	}
	rl_char_cursor_free(&cur);
	rl_source_free(src);
	rl_buf_free(&b);
}

/* --- json ------------------------------------------------------------------ */

static json_t *load(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (!j)
		fail_msg("not JSON: %s at line %d", e.text, e.line);
	return j;
}

/* The value at a dotted path ("findings.0.range"), or NULL. */
static json_t *get(json_t *o, const char *path)
{
	json_t *v = o;
	char *copy = rl_xstrdup(path), *save = NULL;
	for (char *k = strtok_r(copy, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
	free(copy);
	return v;
}

static json_int_t ival(json_t *o, const char *path)
{
	json_t *v = get(o, path);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", path);
	return json_integer_value(v);
}

static const char *sval(json_t *o, const char *path)
{
	json_t *v = get(o, path);
	if (!json_is_string(v))
		fail_msg("%s is not a string", path);
	return json_string_value(v);
}

static void test_json(void **state)
{
	(void)state;
	th_run r;
	sample(&r);
	char *out = th_output(&r, RL_FMT_JSON, false);
	json_t *j = load(out);
	assert_int_equal(ival(j, "version"), 1);
	assert_string_equal(sval(j, "tool.name"), "racoonlint");
	assert_int_equal(json_array_size(get(j, "findings")), 2);
	/* the finding without a file */
	assert_true(json_is_null(get(j, "findings.0.file")));
	assert_true(json_is_null(get(j, "findings.0.range")));
	assert_true(json_is_null(get(j, "findings.0.host")));
	assert_string_equal(sval(j, "findings.0.code"), "RL001");
	/* the other */
	assert_string_equal(sval(j, "findings.1.file"), "server1/racoon.conf");
	assert_string_equal(sval(j, "findings.1.host"), "server1");
	assert_string_equal(sval(j, "findings.1.severity"), "error");
	assert_string_equal(sval(j, "findings.1.code"), "RL004");
	assert_string_equal(sval(j, "findings.1.name"), "invalid-value");
	assert_string_equal(sval(j, "findings.1.message"), "bad lifetime");
	assert_int_equal(ival(j, "findings.1.range.start.line"), 2);
	assert_int_equal(ival(j, "findings.1.range.start.column"), 30); /* bytes: the e-acute takes two */
	assert_int_equal(ival(j, "findings.1.range.start.offset"), 48);
	assert_int_equal(ival(j, "findings.1.range.end.line"), 2);
	assert_int_equal(ival(j, "findings.1.range.end.column"), 50);
	assert_int_equal(ival(j, "findings.1.range.end.offset"), 68);
	assert_string_equal(sval(j, "findings.1.related.0.file"), "server1/psk.txt");
	assert_string_equal(sval(j, "findings.1.related.0.message"), "peer entry");
	assert_int_equal(ival(j, "findings.1.related.0.range.end.column"), 10);
	assert_string_equal(sval(j, "findings.1.fixes.0.title"), "use 8 hours");
	assert_string_equal(sval(j, "findings.1.fixes.0.applicability"), "safe");
	assert_true(json_is_null(get(j, "findings.1.fixes.0.mode")));
	assert_string_equal(sval(j, "findings.1.fixes.0.edits.0.file"), "server1/racoon.conf");
	assert_string_equal(sval(j, "findings.1.fixes.0.edits.0.text"), "8 hours");
	assert_int_equal(ival(j, "findings.1.fixes.0.edits.0.range.start.offset"), 62);
	assert_int_equal(ival(j, "summary.files"), 2);
	assert_int_equal(ival(j, "summary.errors"), 2);
	assert_int_equal(ival(j, "summary.warnings"), 0);
	assert_int_equal(ival(j, "summary.info"), 0);
	json_decref(j);
	free(out);
	th_run_free(&r);
}

static void test_json_mode_fix_and_bad_utf8(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "psk.txt", "a key1\n", RL_LANG_PSK);
	rl_diag *dg = rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){0, 1}, "caf\xe9 \xff");
	rl_fix_chmod(rl_diag_fix(dg, "chmod", true), f->src, 0600);
	char *out = th_output(&r, RL_FMT_JSON, false);
	json_t *j = load(out);
	assert_string_equal(sval(j, "findings.0.message"), "caf\xef\xbf\xbd \xef\xbf\xbd");
	assert_string_equal(sval(j, "findings.0.fixes.0.mode.file"), "psk.txt");
	assert_string_equal(sval(j, "findings.0.fixes.0.mode.mode"), "0600");
	assert_int_equal(json_array_size(get(j, "findings.0.fixes.0.edits")), 0);
	json_decref(j);
	free(out);
	th_run_free(&r);
}

/* --- sarif ----------------------------------------------------------------- */

static void test_sarif(void **state)
{
	(void)state;
	th_run r;
	sample(&r);
	char *out = th_output(&r, RL_FMT_SARIF, false);
	json_t *j = load(out);
	assert_string_equal(sval(j, "version"), "2.1.0");
	assert_non_null(strstr(sval(j, "$schema"), "sarif-schema-2.1.0.json"));
	json_t *run = get(j, "runs.0");
	assert_string_equal(sval(run, "columnKind"), "unicodeCodePoints");
	assert_string_equal(sval(run, "tool.driver.name"), "racoonlint");
	json_t *rules = get(run, "tool.driver.rules");
	assert_int_equal(json_array_size(rules), RL_NRULES);
	for (int i = 0; i < RL_NRULES; i++) {
		json_t *ru = json_array_get(rules, (size_t)i);
		assert_string_equal(sval(ru, "id"), rl_rule_get(i)->code);
		assert_string_equal(sval(ru, "name"), rl_rule_get(i)->name);
		assert_string_equal(sval(ru, "shortDescription.text"), rl_rule_get(i)->summary);
		assert_true(strlen(sval(ru, "fullDescription.text")) > 0);
		assert_string_equal(sval(ru, "help.text"), rl_rule_get(i)->explain);
		assert_non_null(sval(ru, "defaultConfiguration.level"));
	}
	/* the finding without a file has no locations */
	assert_int_equal(json_array_size(get(run, "results.0.locations")), 0);
	json_t *res = get(run, "results.1");
	assert_string_equal(sval(res, "ruleId"), "RL004");
	assert_int_equal(ival(res, "ruleIndex"), rule("invalid-value"));
	assert_string_equal(sval(res, "level"), "error");
	assert_string_equal(sval(res, "message.text"), "bad lifetime");
	assert_string_equal(sval(res, "properties.host"), "server1");
	json_t *pl = get(res, "locations.0.physicalLocation");
	assert_string_equal(sval(pl, "artifactLocation.uri"), "server1/racoon.conf");
	assert_int_equal(ival(pl, "region.startLine"), 2);
	assert_int_equal(ival(pl, "region.startColumn"), 29);
	assert_int_equal(ival(pl, "region.endLine"), 2);
	assert_int_equal(ival(pl, "region.endColumn"), 49);
	assert_int_equal(ival(pl, "region.byteOffset"), 48);
	assert_int_equal(ival(pl, "region.byteLength"), 20);
	assert_int_equal(ival(res, "relatedLocations.0.id"), 0);
	assert_string_equal(sval(res, "relatedLocations.0.message.text"), "peer entry");
	assert_string_equal(sval(res, "relatedLocations.0.physicalLocation.artifactLocation.uri"), "server1/psk.txt");
	assert_string_equal(sval(res, "fixes.0.description.text"), "use 8 hours");
	assert_string_equal(sval(res, "fixes.0.properties.applicability"), "safe");
	json_t *rep = get(res, "fixes.0.artifactChanges.0.replacements.0");
	assert_string_equal(sval(rep, "insertedContent.text"), "8 hours");
	assert_int_equal(ival(rep, "deletedRegion.byteOffset"), 62);
	assert_int_equal(ival(rep, "deletedRegion.byteLength"), 6);
	json_decref(j);
	free(out);
	th_run_free(&r);
}

static void test_sarif_changes_and_uris(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *a = th_add(&r, "my host/racoon.conf", "a; b;\n", RL_LANG_RACOON);
	rl_file *b = th_add(&r, "/abs/x%.conf", "c;\n", RL_LANG_RACOON);
	rl_diag *dg = rl_report(&r.cx.diags, rule("syntax-error"), a->src, (rl_span){0, 1}, "m");
	rl_fix *fx = rl_diag_fix(dg, "t", false);
	rl_fix_edit(fx, a->src, 0, 1, "A");
	rl_fix_edit(fx, b->src, 0, 1, "C");
	rl_fix_edit(fx, a->src, 3, 4, "B");
	/* a fix that only sets a mode: no fixes (SARIF has no change for it,
	 * and artifactChanges may not be empty) */
	rl_diag *dm = rl_report(&r.cx.diags, rule("syntax-error"), b->src, (rl_span){0, 1}, "mode");
	rl_fix_chmod(rl_diag_fix(dm, "chmod", true), b->src, 0600);
	char *out = th_output(&r, RL_FMT_SARIF, false);
	json_t *j = load(out);
	assert_null(get(j, "runs.0.results.1.fixes"));
	assert_string_equal(sval(j, "runs.0.results.1.message.text"), "mode");
	json_t *ch = get(j, "runs.0.results.0.fixes.0.artifactChanges");
	assert_int_equal(json_array_size(ch), 2);
	assert_string_equal(sval(ch, "0.artifactLocation.uri"), "my%20host/racoon.conf");
	assert_int_equal(json_array_size(get(ch, "0.replacements")), 2);
	assert_string_equal(sval(ch, "0.replacements.1.insertedContent.text"), "B");
	assert_string_equal(sval(ch, "1.artifactLocation.uri"), "file:///abs/x%25.conf");
	assert_string_equal(sval(j, "runs.0.results.0.fixes.0.properties.applicability"), "unsafe");
	json_decref(j);
	free(out);
	th_run_free(&r);
}

/* A span past the end, or ending before it starts, is printed clamped. */
static void test_bad_spans_clamped(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "a.conf", "ab;\n", RL_LANG_RACOON);
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){3, 1}, "backwards");
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){90, 99}, "past the end");
	char *out = th_output(&r, RL_FMT_JSON, false);
	json_t *j = load(out);
	assert_int_equal(ival(j, "findings.0.range.start.offset"), 3);
	assert_int_equal(ival(j, "findings.0.range.end.offset"), 3);
	assert_int_equal(ival(j, "findings.1.range.start.offset"), 4);
	assert_int_equal(ival(j, "findings.1.range.end.line"), 2);
	json_decref(j);
	free(out);
	out = th_output(&r, RL_FMT_SARIF, false);
	j = load(out);
	assert_int_equal(ival(j, "runs.0.results.0.locations.0.physicalLocation.region.byteLength"), 0);
	assert_int_equal(ival(j, "runs.0.results.1.locations.0.physicalLocation.region.byteOffset"), 4);
	json_decref(j);
	free(out);
	out = th_output(&r, RL_FMT_TEXT, false);
	assert_non_null(strstr(out, "a.conf:1:4: error: backwards [RL001 syntax-error]\n 1 | ab;\n   |    ^\n"));
	assert_non_null(strstr(out, "a.conf:2:1: error: past the end [RL001 syntax-error]\n 2 | \n   | ^\n"));
	free(out);
	th_run_free(&r);
}

/* --- secrets in every format ----------------------------------------------- */

#define CANARY "CANARY-SECRET-1234"

static void canary_run(th_run *r)
{
	th_run_init(r);
	rl_file *psk = th_add(r, "psk.txt", "# keys\n192.0.2.2 " CANARY "\nshort abc\n", RL_LANG_PSK);
	rl_file *conf = th_add(r, "racoon.conf", "remote x { # key " CANARY " here\n}\n", RL_LANG_RACOON);
	assert_int_equal(psk->src->nsecrets, 2);
	/* a finding on the secret itself, with the secret in every text */
	rl_diag *dg = rl_report(&r->cx.diags, rule("syntax-error"), psk->src, th_span(psk->src, CANARY),
				"key " CANARY " is weak");
	dg->host = rl_xstrdup("host-" CANARY);
	rl_diag_related(dg, conf->src, th_span(conf->src, "remote"), "also " CANARY);
	rl_diag_related(dg, conf->src, th_span(conf->src, "key"), "the comment");
	rl_fix *fx = rl_diag_fix(dg, "replace " CANARY, false);
	rl_span s = th_span(psk->src, CANARY);
	rl_fix_edit(fx, psk->src, s.start, s.end, "new-key");
	rl_fix_edit(fx, conf->src, 0, 0, "# " CANARY "\n");
	/* the secret split over a message's parts stays hidden whole */
	rl_report(&r->cx.diags, rule("invalid-value"), conf->src, (rl_span){0, 6}, "CANARY-SECRET-" "1234" CANARY);
}

static void assert_no_canary(const char *out)
{
	assert_null(strstr(out, "CANARY"));
	assert_null(strstr(out, "SECRET"));
	assert_null(strstr(out, "1234"));
	assert_null(strstr(out, "new-key"));
	assert_non_null(strstr(out, "****"));
}

static void test_secrets_every_format(void **state)
{
	(void)state;
	static const struct {
		rl_format fmt;
		bool color;
	} formats[] = {{RL_FMT_TEXT, false}, {RL_FMT_TEXT, true}, {RL_FMT_GCC, false}, {RL_FMT_JSON, false},
		       {RL_FMT_SARIF, false}};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		th_run r;
		canary_run(&r);
		char *out = th_output(&r, formats[i].fmt, formats[i].color);
		assert_no_canary(out);
		free(out);
		th_run_free(&r);
	}
}

/* Secrets shorter than RL_SCRUB_MIN are masked by span, not searched for. */
static void test_scrub_min_length(void **state)
{
	(void)state;
	th_run r;
	canary_run(&r);
	rl_scrub sc;
	rl_scrub_init(&sc, &r.cx);
	assert_int_equal(sc.n, 1);
	char *t = rl_scrub_dup(&sc, "abc " CANARY CANARY "x");
	assert_string_equal(t, "abc ****x");
	free(t);
	rl_scrub_free(&sc);
	th_run_free(&r);
}

/* Overlapping occurrences are hidden as one run, whatever the order. */
static void test_scrub_overlaps(void **state)
{
	(void)state;
	rl_scrub sc;
	memset(&sc, 0, sizeof sc);
	rl_source *a = rl_source_from_mem("a", "abab cdcdcd", 11);
	rl_source_add_secret(a, 0, 4);
	rl_source_add_secret(a, 5, 11);
	rl_scrub_add_source(&sc, a);
	char *t = rl_scrub_dup(&sc, "xababab-cdcdcdcd-y");
	assert_string_equal(t, "x****-****-y");
	free(t);
	rl_scrub_free(&sc);
	rl_source_free(a);
}

/* A secret longer than RL_SCRUB_KEY is found by its first RL_SCRUB_KEY
 * bytes, and its whole length is hidden there. */
static void test_scrub_long_secret(void **state)
{
	(void)state;
	size_t n = 3 * RL_SCRUB_KEY;
	char *key = rl_xmalloc(n + 1);
	uint32_t x = 12345; /* no period: the key's head occurs only at its start */
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		key[i] = (char)('a' + (x >> 16) % 26);
	}
	key[n] = '\0';
	rl_source *a = rl_source_from_mem("a", key, n);
	rl_source_add_secret(a, 0, (uint32_t)n);
	rl_scrub sc;
	memset(&sc, 0, sizeof sc);
	rl_scrub_add_source(&sc, a);
	char *text = rl_xasprintf("<%s>", key);
	char *t = rl_scrub_dup(&sc, text);
	assert_string_equal(t, "<****>");
	free(t);
	free(text);
	/* the key alone, then other bytes: hidden to the secret's length */
	text = rl_xasprintf("<%.*sZZZZ", (int)RL_SCRUB_KEY, key);
	t = rl_scrub_dup(&sc, text);
	assert_string_equal(t, "<****");
	free(t);
	free(text);
	rl_scrub_free(&sc);
	rl_source_free(a);
	free(key);
}

/* Many secrets sharing a prefix: each copy is found. */
static void test_scrub_shared_prefixes(void **state)
{
	(void)state;
	const char *data = "seca secab secabc secb";
	rl_source *a = rl_source_from_mem("a", data, strlen(data));
	rl_source_add_secret(a, 0, 4);
	rl_source_add_secret(a, 5, 10);
	rl_source_add_secret(a, 11, 17);
	rl_source_add_secret(a, 18, 22);
	rl_scrub sc;
	memset(&sc, 0, sizeof sc);
	rl_scrub_add_source(&sc, a);
	char *t = rl_scrub_dup(&sc, "1secabcd 2secabx 3secb 4sec 5secbb");
	assert_string_equal(t, "1****d 2****x 3**** 4sec 5****b");
	free(t);
	rl_scrub_free(&sc);
	rl_source_free(a);
}

/* Overlapping secret spans merge, so the spans stay sorted by end too. */
static void test_secret_spans_merge(void **state)
{
	(void)state;
	rl_source *a = rl_source_from_mem("a", "0123456789abcdef", 16);
	rl_source_add_secret(a, 5, 10);
	rl_source_add_secret(a, 12, 14);
	rl_source_add_secret(a, 0, 3);
	rl_source_add_secret(a, 2, 6);
	assert_int_equal(a->nsecrets, 2);
	assert_int_equal(a->secrets[0].start, 0), assert_int_equal(a->secrets[0].end, 10);
	rl_source_add_secret(a, 9, 16);
	assert_int_equal(a->nsecrets, 1);
	assert_int_equal(a->secrets[0].end, 16);
	assert_true(rl_source_is_secret(a, 15));
	rl_source_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gcc),
		cmocka_unit_test(test_text_plain),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_no_findings),
		cmocka_unit_test(test_frame_tabs),
		cmocka_unit_test(test_frame_spans),
		cmocka_unit_test(test_frame_unsafe_bytes),
		cmocka_unit_test(test_frame_long_line),
		cmocka_unit_test(test_frame_secrets),
		cmocka_unit_test(test_frame_scrubs_other_files),
		cmocka_unit_test(test_message_sanitized),
		cmocka_unit_test(test_buf_printf_room),
		cmocka_unit_test(test_message_safe_runs),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_mode_fix_and_bad_utf8),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_changes_and_uris),
		cmocka_unit_test(test_bad_spans_clamped),
		cmocka_unit_test(test_secrets_every_format),
		cmocka_unit_test(test_scrub_min_length),
		cmocka_unit_test(test_scrub_overlaps),
		cmocka_unit_test(test_scrub_long_secret),
		cmocka_unit_test(test_positions_cursor),
		cmocka_unit_test(test_scrub_shared_prefixes),
		cmocka_unit_test(test_secret_spans_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
