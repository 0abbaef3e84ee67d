/* Applying edits, unified diffs and atomic writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edit.h"
#include "fix.h"
#include "output.h"
#include "parse.h"
#include "racoon_syntax.h"
#include "util.h"

static rl_edit edit(rl_source *src, uint32_t s, uint32_t e, const char *text)
{
	rl_edit x = {src, s, e, (char *)text};
	return x;
}

static void test_apply_in_any_order(void **state)
{
	(void)state;
	const char *in = "abc def ghi";
	rl_edit e1 = edit(NULL, 8, 11, "GHI"), e2 = edit(NULL, 0, 3, "x"), e3 = edit(NULL, 4, 4, "+");
	const rl_edit *v[] = {&e1, &e2, &e3};
	size_t n;
	char *out = rl_apply_edits(in, strlen(in), v, 3, &n);
	assert_string_equal(out, "x +def GHI");
	assert_int_equal(n, strlen("x +def GHI"));
	free(out);
}

/* A change of one file, built by hand. */
static rl_changes one_change(rl_source *src, const char *newtext)
{
	rl_changes ch = {0};
	ch.v = rl_xcalloc(1, sizeof *ch.v);
	ch.n = ch.cap = 1;
	ch.v[0].src = src;
	ch.v[0].data = rl_xstrdup(newtext);
	ch.v[0].len = strlen(newtext);
	ch.v[0].content = strcmp(newtext, src->data) != 0;
	return ch;
}

static void test_diff_hunk(void **state)
{
	(void)state;
	rl_source *src = rl_source_from_mem("h/racoon.conf", "a\nb\nc\nd\ne\nf\ng\nh\ni\n", 18);
	src->lang = RL_LANG_RACOON;
	rl_changes ch = one_change(src, "a\nb\nc\nd\nE\nf\ng\nh\ni\n");
	rl_buf out = {0};
	rl_changes_diff(&ch, NULL, &out);
	assert_string_equal(rl_buf_str(&out), "--- a/h/racoon.conf\n+++ b/h/racoon.conf\n"
					       "@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
	rl_buf_free(&out);
	rl_changes_free(&ch);
	rl_source_free(src);
}

static void test_diff_no_final_newline_and_insert(void **state)
{
	(void)state;
	rl_source *src = rl_source_from_mem("f", "x\ny", 3);
	src->lang = RL_LANG_RACOON;
	rl_changes ch = one_change(src, "x\ny\nz\n");
	rl_buf out = {0};
	rl_changes_diff(&ch, NULL, &out);
	assert_string_equal(rl_buf_str(&out), "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n x\n-y\n"
					       "\\ No newline at end of file\n+y\n+z\n");
	rl_buf_free(&out);
	rl_changes_free(&ch);
	rl_source_free(src);
}

static void test_diff_masks_old_secrets(void **state)
{
	(void)state;
	const char *text = "# ids\nhost1 topsecret-canary\n";
	rl_source *src = rl_source_from_mem("psk.txt", text, strlen(text));
	src->lang = RL_LANG_PSK;
	rl_source_add_secret(src, 12, 12 + 16);
	rl_changes ch = one_change(src, "# peers\nhost1 topsecret-canary\n");
	rl_buf out = {0};
	rl_changes_diff(&ch, NULL, &out);
	assert_null(strstr(rl_buf_str(&out), "canary"));
	assert_non_null(strstr(rl_buf_str(&out), "-# ids\n+# peers\n"));
	rl_buf_free(&out);
	rl_changes_free(&ch);
	rl_source_free(src);
}

/* New text that holds a key where no key belongs (here a comment) is
 * scrubbed of the run's secrets all the same. */
static void test_diff_scrubs_moved_secrets(void **state)
{
	(void)state;
	const char *text = "host1 topsecret-canary\n";
	rl_source *src = rl_source_from_mem("psk.txt", text, strlen(text));
	src->lang = RL_LANG_PSK;
	rl_source_add_secret(src, 6, 22);
	rl_changes ch = one_change(src, "# was topsecret-canary\n");
	rl_scrub sc;
	memset(&sc, 0, sizeof sc);
	rl_scrub_add_source(&sc, src);
	rl_buf out = {0};
	rl_changes_diff(&ch, &sc, &out);
	assert_null(strstr(rl_buf_str(&out), "canary"));
	assert_non_null(strstr(rl_buf_str(&out), "+# was ****\n"));
	rl_buf_free(&out);
	rl_change_masked(&ch.v[0], &sc, &out);
	assert_string_equal(rl_buf_str(&out), "# was ****\n");
	rl_buf_free(&out);
	rl_scrub_free(&sc);
	rl_changes_free(&ch);
	rl_source_free(src);
}

static void test_diff_mode_change(void **state)
{
	(void)state;
	rl_source *src = rl_source_from_mem("s/psk.txt", "", 0);
	src->have_stat = true;
	src->mode = 0100644;
	rl_changes ch = one_change(src, "");
	ch.v[0].mode = true;
	ch.v[0].new_mode = 0600;
	rl_buf out = {0};
	rl_changes_diff(&ch, NULL, &out);
	assert_string_equal(rl_buf_str(&out), "diff --git a/s/psk.txt b/s/psk.txt\nold mode 100644\nnew mode 100600\n");
	rl_buf_free(&out);
	rl_changes_free(&ch);
	rl_source_free(src);
}


/* A mode change and a content change: each file's section starts with its
 * own git header, or patch would give the second file the first's mode. */
static void test_diff_mode_and_content(void **state)
{
	(void)state;
	rl_source *psk = rl_source_from_mem("h/psk.txt", "", 0);
	psk->have_stat = true;
	psk->mode = 0100444;
	rl_source *conf = rl_source_from_mem("h/racoon.conf", "a\n", 2);
	conf->lang = RL_LANG_RACOON;
	rl_changes ch = {0};
	ch.v = rl_xcalloc(2, sizeof *ch.v);
	ch.n = ch.cap = 2;
	ch.v[0] = (rl_change){.src = psk, .data = rl_xstrdup(""), .mode = true, .new_mode = 0400};
	ch.v[1] = (rl_change){.src = conf, .data = rl_xstrdup("b\n"), .len = 2, .content = true};
	rl_buf out = {0};
	rl_changes_diff(&ch, NULL, &out);
	assert_string_equal(rl_buf_str(&out), "diff --git a/h/psk.txt b/h/psk.txt\nold mode 100444\nnew mode 100400\n"
					       "diff --git a/h/racoon.conf b/h/racoon.conf\n--- a/h/racoon.conf\n"
					       "+++ b/h/racoon.conf\n@@ -1,1 +1,1 @@\n-a\n+b\n");
	rl_buf_free(&out);
	rl_changes_free(&ch);
	rl_source_free(psk);
	rl_source_free(conf);
}


/* --- edit helpers -------------------------------------------------------- */

/* A parsed buffer and a fix to build on it. */
typedef struct fixture {
	rl_source *src;
	rl_tree *t;
	rl_diags d;
	rl_fix fix;
} fixture;

static fixture *fixture_new(rl_lang lang, const char *text)
{
	fixture *x = rl_xcalloc(1, sizeof *x);
	x->src = rl_source_from_mem("f", text, strlen(text));
	x->t = rl_parse(x->src, lang, &x->d);
	return x;
}

/* The source with the fix's edits made (to be freed). */
static char *fixed(const fixture *x)
{
	const rl_edit **v = rl_xcalloc(x->fix.nedits + 1, sizeof *v);
	for (size_t i = 0; i < x->fix.nedits; i++)
		v[i] = &x->fix.edits[i];
	size_t n;
	char *out = rl_apply_edits(x->src->data, x->src->len, v, x->fix.nedits, &n);
	free(v);
	return out;
}

static void fixture_free(fixture *x)
{
	for (size_t i = 0; i < x->fix.nedits; i++)
		free(x->fix.edits[i].text);
	free(x->fix.edits);
	rl_tree_free(x->t);
	rl_diags_free(&x->d);
	rl_source_free(x->src);
	free(x);
}

static void expect_fixed(fixture *x, const char *want)
{
	char *out = fixed(x);
	assert_string_equal(out, want);
	free(out);
	fixture_free(x);
}

/* The first top-level node of the tree whose kind is kind. */
static uint32_t top(const rl_tree *t, int kind)
{
	for (uint32_t n = t->nodes[t->root].child; n; n = t->nodes[n].next)
		if (t->nodes[n].kind == kind)
			return n;
	fail();
	return 0;
}

static const char sainfo_text[] = "sainfo anonymous {\n"
				  "    encryption_algorithm aes;\n"
				  "    authentication_algorithm hmac_sha1;\n"
				  "}\n";

static void test_insert_stmt_end(void **state)
{
	(void)state;
	fixture *x = fixture_new(RL_LANG_RACOON, sainfo_text);
	rl_fix_insert_stmt_end(&x->fix, x->t, top(x->t, RC_N_SAINFO), "compression_algorithm deflate;");
	expect_fixed(x, "sainfo anonymous {\n"
			"    encryption_algorithm aes;\n"
			"    authentication_algorithm hmac_sha1;\n"
			"    compression_algorithm deflate;\n"
			"}\n");

	/* an empty block: one level deeper than its keyword, in the file's unit */
	x = fixture_new(RL_LANG_RACOON, "timer {\n  counter 5;\n}\nremote anonymous {\n}\n");
	rl_fix_insert_stmt_end(&x->fix, x->t, top(x->t, RC_N_REMOTE), "exchange_mode main;");
	expect_fixed(x, "timer {\n  counter 5;\n}\nremote anonymous {\n  exchange_mode main;\n}\n");

	/* a block on one line, and CRLF line ends */
	x = fixture_new(RL_LANG_RACOON, "sainfo anonymous { encryption_algorithm aes; }\n");
	rl_fix_insert_stmt_end(&x->fix, x->t, top(x->t, RC_N_SAINFO), "compression_algorithm deflate;");
	expect_fixed(x, "sainfo anonymous { encryption_algorithm aes; compression_algorithm deflate; }\n");
	x = fixture_new(RL_LANG_RACOON, "sainfo anonymous {\r\n\tencryption_algorithm aes;\r\n}\r\n");
	rl_fix_insert_stmt_end(&x->fix, x->t, top(x->t, RC_N_SAINFO), "pfs_group 14;");
	expect_fixed(x, "sainfo anonymous {\r\n\tencryption_algorithm aes;\r\n\tpfs_group 14;\r\n}\r\n");
}

static void test_delete_stmt(void **state)
{
	(void)state;
	/* alone on its line: the line goes, with its comment */
	fixture *x = fixture_new(RL_LANG_RACOON, "timer {\n\tcounter 5; # tries\n\tpersend 1;\n}\n");
	uint32_t timer = top(x->t, RC_N_BLOCK);
	rl_fix_delete_stmt(&x->fix, x->t, x->t->nodes[timer].child);
	expect_fixed(x, "timer {\n\tpersend 1;\n}\n");
	/* sharing its line: only its bytes and the blanks after them */
	x = fixture_new(RL_LANG_RACOON, "timer { counter 5;  persend 1; }\n");
	timer = top(x->t, RC_N_BLOCK);
	rl_fix_delete_stmt(&x->fix, x->t, x->t->nodes[timer].child);
	expect_fixed(x, "timer { persend 1; }\n");
	/* a setkey command, the last line without a break */
	x = fixture_new(RL_LANG_SETKEY, "flush;\nspdflush;");
	rl_fix_delete_stmt(&x->fix, x->t, rl_tree_last_child(x->t, x->t->root));
	expect_fixed(x, "flush;\n");
}

static void test_insert_lines(void **state)
{
	(void)state;
	const char *text = "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require;\n";
	fixture *x = fixture_new(RL_LANG_SETKEY, text);
	uint32_t cmd = x->t->nodes[x->t->root].child;
	rl_fix_insert_line_after(&x->fix, x->t, cmd, "spdadd 10.0.0.2 10.0.0.1 any -P in ipsec esp/transport//require;");
	rl_fix_insert_line_before(&x->fix, x->t, cmd, "spdflush;");
	expect_fixed(x, "spdflush;\n"
			"spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require;\n"
			"spdadd 10.0.0.2 10.0.0.1 any -P in ipsec esp/transport//require;\n");
	/* after the last line, which has no break */
	x = fixture_new(RL_LANG_RACOON, "timer {\n\tcounter 5;\n}");
	rl_fix_insert_line_after(&x->fix, x->t, top(x->t, RC_N_BLOCK), "log notify;");
	expect_fixed(x, "timer {\n\tcounter 5;\n}\nlog notify;");
}

static void test_append_line(void **state)
{
	(void)state;
	fixture *x = fixture_new(RL_LANG_PSK, "a\tk1\r\nb\tk2");
	rl_fix_append_line(&x->fix, x->src, "c\tk3");
	expect_fixed(x, "a\tk1\r\nb\tk2\r\nc\tk3\r\n");
	x = fixture_new(RL_LANG_PSK, "");
	rl_fix_append_line(&x->fix, x->src, "c\tk3");
	expect_fixed(x, "c\tk3\n");
}

static void test_replace_and_delete_tokens(void **state)
{
	(void)state;
	fixture *x = fixture_new(RL_LANG_RACOON, "sainfo anonymous { encryption_algorithm 3des; }\n");
	uint32_t sa = top(x->t, RC_N_SAINFO);
	uint32_t stmt = rc_stmt(x->t, sa, RC_T_ENCRYPTION_ALGORITHM);
	rl_fix_replace_tok(&x->fix, x->t, rc_arg(x->t, stmt, 0), "aes");
	rl_fix_insert_before_tok(&x->fix, x->t, rc_kw(x->t, stmt), "pfs_group 14; ");
	expect_fixed(x, "sainfo anonymous { pfs_group 14; encryption_algorithm aes; }\n");
	/* deleting between two words keeps them apart; between blanks, one goes */
	x = fixture_new(RL_LANG_RACOON, "log`notify; log ` info;\n");
	rl_fix_delete_range(&x->fix, x->src, 3, 4);
	rl_fix_delete_range(&x->fix, x->src, 16, 17);
	expect_fixed(x, "log notify; log info;\n");
	x = fixture_new(RL_LANG_RACOON, "log notify\n");
	rl_fix_insert_after_tok(&x->fix, x->t, 1, ";"); /* after 'notify' */
	expect_fixed(x, "log notify;\n");
}

static void test_indent_helpers(void **state)
{
	(void)state;
	const char *text = "a {\n\n  \t b;\r\n}";
	rl_source *src = rl_source_from_mem("f", text, strlen(text));
	char *in = rl_edit_indent_at(src, 10);
	assert_string_equal(in, "  \t ");
	free(in);
	in = rl_edit_indent_unit(src);
	assert_string_equal(in, "  \t ");
	free(in);
	assert_string_equal(rl_edit_eol_at(src, 8), "\r\n");
	assert_string_equal(rl_edit_eol_at(src, 0), "\n");
	assert_string_equal(rl_edit_eol_at(src, 13), "\r\n"); /* the last line has none */
	assert_int_equal(rl_edit_line_start(src, 8), 5);
	assert_int_equal(rl_edit_line_end(src, 8), 12);
	rl_source_free(src);
	src = rl_source_from_mem("f", "a;\n", 3);
	in = rl_edit_indent_unit(src);
	assert_string_equal(in, "\t");
	free(in);
	rl_source_free(src);
}

/* --- choosing fixes ------------------------------------------------------ */

/* A run over one buffer, with its findings. */
static rl_ctx *run_of(rl_lang lang, const char *name, const char *text, rl_options *opt)
{
	rl_options_init(opt);
	rl_ctx *cx = rl_xcalloc(1, sizeof *cx);
	cx->opt = opt;
	rl_ctx_add_file(cx, rl_source_from_mem(name, text, strlen(text)), lang, NULL, NULL);
	rl_ctx_run_rules(cx);
	rl_ctx_filter(cx);
	return cx;
}

static void run_free(rl_ctx *cx, rl_options *opt)
{
	rl_ctx_free(cx);
	free(cx);
	rl_options_free(opt);
}

static const char broken[] = "sainfo anonymous {\n"
			     "\tencryption_algorithm aes;\n"
			     "\tauthentication_algorithm hmac_sha1\n"
			     "}\n"
			     "sainfo address 10.0.0.1 any address 10.0.0.2 any {\n"
			     "\tencryption_algorithm aes;\n"
			     "\tauthentication_algorithm hmac_sha1;\n"
			     "}\n";

static void test_changes_from_fixes(void **state)
{
	(void)state;
	rl_options opt;
	rl_ctx *cx = run_of(RL_LANG_RACOON, "racoon.conf", broken, &opt);
	rl_changes ch = {0};
	rl_changes_from_fixes(cx, false, &ch);
	assert_int_equal(ch.n, 1);
	assert_true(ch.v[0].content);
	/* the missing ';' and the second sainfo's compression line: the first
	 * sainfo has a syntax error and gets no fix of its own */
	assert_int_equal(ch.v[0].nfixes, 2);
	assert_int_equal(ch.applied, 2);
	assert_non_null(strstr(ch.v[0].data, "hmac_sha1;\n}\nsainfo"));
	assert_non_null(strstr(ch.v[0].data, "hmac_sha1;\n\tcompression_algorithm deflate;\n}\n"));
	assert_ptr_equal(rl_changes_find(&ch, cx->files[0]->src), &ch.v[0]);
	rl_changes_free(&ch);
	run_free(cx, &opt);
}

/* Two fixes over the same bytes: the second waits for the next run; the
 * same edit twice (one fix reported on two hosts) counts once. */
static void test_overlapping_fixes(void **state)
{
	(void)state;
	rl_options opt;
	rl_ctx *cx = run_of(RL_LANG_RACOON, "racoon.conf", "log notify;\n", &opt);
	rl_source *src = cx->files[0]->src;
	rl_diag *a = rl_report(&cx->diags, RL_R_syntax_error, src, (rl_span){4, 10}, "a");
	rl_fix_edit(rl_diag_fix(a, "a", true), src, 4, 10, "info");
	rl_diag *b = rl_report(&cx->diags, RL_R_syntax_error, src, (rl_span){4, 10}, "b");
	rl_fix_edit(rl_diag_fix(b, "b", true), src, 5, 7, "X");
	rl_diag *c = rl_report(&cx->diags, RL_R_syntax_error, src, (rl_span){4, 10}, "c");
	rl_fix_edit(rl_diag_fix(c, "c", true), src, 4, 10, "info");
	rl_diag *u = rl_report(&cx->diags, RL_R_syntax_error, src, (rl_span){0, 0}, "u");
	rl_fix_edit(rl_diag_fix(u, "u", false), src, 0, 0, "# unsafe\n");
	rl_changes ch = {0};
	rl_changes_from_fixes(cx, false, &ch);
	assert_int_equal(ch.applied, 1);
	assert_int_equal(ch.skipped, 1);
	assert_int_equal(ch.v[0].nfixes, 1);
	assert_string_equal(ch.v[0].data, "log info;\n");
	rl_changes_free(&ch);
	rl_changes_from_fixes(cx, true, &ch);
	assert_string_equal(ch.v[0].data, "# unsafe\nlog info;\n");
	rl_changes_free(&ch);
	run_free(cx, &opt);
}

static void test_changes_canonical(void **state)
{
	(void)state;
	rl_options opt;
	rl_ctx *cx = run_of(RL_LANG_RACOON, "racoon.conf", broken, &opt);
	rl_ctx_add_file(cx, rl_source_from_mem("psk.txt", "a  k\n", 5), RL_LANG_PSK, NULL, NULL);
	rl_ctx_add_file(cx, rl_source_from_mem("ok.conf", "log notify;\n", 12), RL_LANG_RACOON, NULL, NULL);
	rl_ctx_add_file(cx, rl_source_from_mem("bad.conf", "log {\n", 6), RL_LANG_RACOON, NULL, NULL);
	rl_changes ch = {0};
	rl_changes_from_fixes(cx, false, &ch);
	FILE *err = tmpfile();
	rl_changes_canonical(cx, &ch, err);
	assert_int_equal(ch.n, 4);
	const rl_change *c = rl_changes_find(&ch, cx->files[0]->src);
	assert_non_null(c);
	assert_int_equal(c->nfixes, 2);
	assert_true(c->layout);
	assert_non_null(strstr(c->data, "}\n\nsainfo address"));
	c = rl_changes_find(&ch, cx->files[1]->src);
	assert_non_null(c);
	assert_string_equal(c->data, "a\tk\n");
	assert_null(rl_changes_find(&ch, cx->files[2]->src)); /* already canonical */
	assert_null(rl_changes_find(&ch, cx->files[3]->src)); /* does not parse */
	rewind(err);
	char msg[256] = "";
	assert_non_null(fgets(msg, sizeof msg, err));
	assert_string_equal(msg, "racoonlint: bad.conf: not laid out: it does not parse\n");
	fclose(err);
	rl_changes_free(&ch);
	run_free(cx, &opt);
}

static void test_masked_change(void **state)
{
	(void)state;
	rl_source *src = rl_source_from_mem("psk.txt", "a k\n", 4);
	src->lang = RL_LANG_PSK;
	rl_changes ch = one_change(src, "a\tcanary-secret\n");
	rl_buf out = {0};
	rl_change_masked(&ch.v[0], NULL, &out);
	assert_string_equal(rl_buf_str(&out), "a\t****\n");
	rl_buf_free(&out);
	rl_changes_free(&ch);
	rl_source_free(src);
}

/* The masked text of an edit: with a masker (only the statements around
 * the edit parsed again) it is what parsing the whole new file gives, for
 * every edit of a set of texts at every place of files in each language,
 * texts that bring a key, close or open a quote, a comment or a block. */
static void test_edit_masked_window(void **state)
{
	(void)state;
	static const struct {
		rl_lang lang;
		const char *name, *text;
	} files[] = {
		{RL_LANG_PSK, "psk.txt", "# keys\n10.0.0.1 k1\n\npeer@x 0xabcdef\n  # note\nlast  word key\n"},
		{RL_LANG_SETKEY, "ipsec-tools.conf",
		 "flush;\n# sa\nadd 10.0.0.1 10.0.0.2 esp 0x100 -E aes-cbc 0x0102030405060708 -A hmac-sha1 \"k\";\n"
		 "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//use;\n"},
		{RL_LANG_RACOON, "racoon.conf",
		 "path pre_shared_key \"/etc/psk.txt\";\nremote 10.0.0.2 {\n\texchange_mode main;\n}\n"
		 "# x\nsainfo anonymous {\n\tpfs_group 2;\n}\n"},
		/* a line without its key: blanks after it still lead to one */
		{RL_LANG_PSK, "psk.txt", "host1 \nhost2 k2\n  inert\n"},
		/* statements with findings of the value checks */
		{RL_LANG_SETKEY, "setkey.conf", "spdadd 1.1.1.1 2.2.2.2 any -P in;\nspdadd ::1 ::2 any -P out ipsec esp/transport//use;\n"},
	};
	static const char *const texts[] = {
		"0xfeedface", "\"s3cret\"", "peer canary\n", "require", "\"", "#", ";", "}", "{",
		" -E aes-cbc 0x0a0b ", "add 1.1.1.1 2.2.2.2 esp 0x1 -E aes-cbc 0x00112233;\n",
	};
	size_t checked = 0;
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		rl_options opt;
		rl_ctx *cx = run_of(files[f].lang, files[f].name, files[f].text, &opt);
		rl_source *src = cx->files[0]->src;
		assert_int_equal(cx->files[0]->tree->nerrors, 0);
		rl_edit_masker *m = rl_edit_masker_new(cx);
		for (uint32_t a = 0; a <= src->len; a++) {
			for (uint32_t b = a; b <= src->len && b <= a + 4; b++) {
				for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
					rl_edit e = edit(src, a, b, texts[t]);
					rl_buf got = {0}, want = {0};
					rl_edit_masked(m, &e, &got);
					rl_edit_masked(NULL, &e, &want);
					if (strcmp(rl_buf_str(&got), rl_buf_str(&want)) != 0)
						fail_msg("%s [%u, %u) <- \"%s\": \"%s\", the whole file gives \"%s\"",
							 files[f].name, a, b, texts[t], rl_buf_str(&got), rl_buf_str(&want));
					rl_buf_free(&got);
					rl_buf_free(&want);
					checked++;
				}
			}
		}
		rl_edit_masker_free(m);
		run_free(cx, &opt);
	}
	assert_true(checked > 10000);

	/* statements with findings, or a line that waits for its key, still
	 * give a window: no edit below reads the whole file again */
	{
		rl_options o2;
		rl_ctx *c2 = run_of(RL_LANG_PSK, "psk.txt", "host1 \nhost2 k2\n", &o2);
		rl_edit_masker *m2 = rl_edit_masker_new(c2);
		rl_edit e2 = edit(c2->files[0]->src, 6, 6, "canary-secret");
		rl_buf b2 = {0};
		rl_edit_masked(m2, &e2, &b2);
		assert_string_equal(rl_buf_str(&b2), "****");
		assert_int_equal(rl_edit_masker_whole(m2), 0);
		rl_buf_free(&b2);
		rl_edit_masker_free(m2);
		run_free(c2, &o2);

		rl_buf text = {0};
		for (int i = 0; i < 50; i++)
			rl_buf_printf(&text, "spdadd 10.0.%d.1 10.0.%d.2 any -P in;\nspdadd 10.0.%d.1 10.0.%d.2 any -P out ipsec esp/transport//use;\n",
				      i, i, i, i);
		c2 = run_of(RL_LANG_SETKEY, "setkey.conf", rl_buf_str(&text), &o2);
		assert_true(c2->diags.n >= 100);
		m2 = rl_edit_masker_new(c2);
		const rl_source *src = c2->files[0]->src;
		size_t edits = 0;
		for (const char *at = src->data; (at = strstr(at, "//use;")) != NULL; at++) {
			uint32_t off = (uint32_t)(at - src->data) + 2;
			e2 = edit(c2->files[0]->src, off, off + 3, "require");
			rl_edit_masked(m2, &e2, &b2);
			edits++;
		}
		assert_int_equal(edits, 50);
		assert_int_equal(rl_edit_masker_whole(m2), 0);
		rl_buf_free(&b2);
		rl_buf_free(&text);
		rl_edit_masker_free(m2);
		run_free(c2, &o2);
	}

	/* a key the new text brings is masked, the rest of it kept */
	rl_options opt;
	const char *psk = "a k\n";
	rl_ctx *cx = run_of(RL_LANG_PSK, "psk.txt", psk, &opt);
	rl_edit_masker *m = rl_edit_masker_new(cx);
	rl_edit e = edit(cx->files[0]->src, 4, 4, "peer canary-secret\n");
	rl_buf out = {0};
	rl_edit_masked(m, &e, &out);
	assert_string_equal(rl_buf_str(&out), "peer ****\n");
	rl_buf_free(&out);
	rl_edit_masker_free(m);
	run_free(cx, &opt);
}

/* --- writes ------------------------------------------------------------ */

static char dir[64];

static char *mkfile(const char *name, const char *text, mode_t mode)
{
	char *p = rl_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
	return p;
}

static char *slurp(const char *p)
{
	char *err = NULL;
	rl_source *s = rl_source_load(p, p, &err);
	assert_non_null(s);
	char *t = rl_xstrdup(s->data);
	rl_source_free(s);
	return t;
}

static int count_entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.' || strstr(e->d_name, "racoonlint"))
			n++;
	closedir(d);
	return n;
}

static int setup_dir(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/rl-fix-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	char *cmd = rl_xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static rl_changes load_two(char *pa, char *pb)
{
	char *err = NULL;
	rl_source *a = rl_source_load(pa, pa, &err), *b = rl_source_load(pb, pb, &err);
	rl_changes ch = {0};
	ch.v = rl_xcalloc(2, sizeof *ch.v);
	ch.n = ch.cap = 2;
	ch.v[0].src = a;
	ch.v[0].data = rl_xstrdup("A2\n");
	ch.v[0].len = 3;
	ch.v[0].content = true;
	ch.v[1].src = b;
	ch.v[1].data = rl_xstrdup("B2\n");
	ch.v[1].len = 3;
	ch.v[1].content = true;
	return ch;
}

static void free_two(rl_changes *ch)
{
	rl_source_free(ch->v[0].src);
	rl_source_free(ch->v[1].src);
	rl_changes_free(ch);
}

static void test_write_keeps_mode(void **state)
{
	(void)state;
	char *pa = mkfile("a.conf", "A1\n", 0640), *pb = mkfile("b.conf", "B1\n", 0600);
	rl_changes ch = load_two(pa, pb);
	assert_int_equal(rl_changes_write(&ch, stderr), 0);
	char *ta = slurp(pa), *tb = slurp(pb);
	assert_string_equal(ta, "A2\n");
	assert_string_equal(tb, "B2\n");
	struct stat st;
	assert_int_equal(stat(pa, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(stat(pb, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(count_entries(), 2);
	free(ta);
	free(tb);
	free_two(&ch);
	free(pa);
	free(pb);
}

static void test_write_failure_changes_nothing(void **state)
{
	(void)state;
	char *pa = mkfile("a.conf", "A1\n", 0644), *pb = mkfile("b.conf", "B1\n", 0644);
	rl_changes ch = load_two(pa, pb);
	FILE *err = tmpfile();
	rl_fault_inject_write(2); /* the second file's write fails */
	assert_int_equal(rl_changes_write(&ch, err), -1);
	rl_fault_inject_write(0);
	char *ta = slurp(pa), *tb = slurp(pb);
	assert_string_equal(ta, "A1\n"); /* the first file is not replaced either */
	assert_string_equal(tb, "B1\n");
	assert_int_equal(count_entries(), 2); /* no temporary file left */
	rewind(err);
	char msg[256] = "";
	assert_non_null(fgets(msg, sizeof msg, err));
	assert_non_null(strstr(msg, "b.conf"));
	fclose(err);
	free(ta);
	free(tb);
	free_two(&ch);
	free(pa);
	free(pb);
}

static void test_write_through_symlink(void **state)
{
	(void)state;
	char *pa = mkfile("real.conf", "A1\n", 0600), *pb = mkfile("b.conf", "B1\n", 0644);
	char *link = rl_xasprintf("%s/link.conf", dir);
	assert_int_equal(symlink("real.conf", link), 0);
	rl_changes ch = load_two(link, pb);
	assert_int_equal(rl_changes_write(&ch, stderr), 0);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode)); /* the link stays a link */
	char *ta = slurp(pa);
	assert_string_equal(ta, "A2\n");
	free(ta);
	free_two(&ch);
	unlink(link);
	free(link);
	free(pa);
	free(pb);
}

/* A mode-only change sets the mode in place; an unchanged file is not
 * written at all (same inode). */
static void test_write_mode_only_and_unchanged(void **state)
{
	(void)state;
	char *pa = mkfile("psk.txt", "a k\n", 0644), *pb = mkfile("b.conf", "B1\n", 0644);
	struct stat before;
	assert_int_equal(stat(pb, &before), 0);
	char *err = NULL;
	rl_source *a = rl_source_load(pa, pa, &err), *b = rl_source_load(pb, pb, &err);
	rl_changes ch = {0};
	ch.v = rl_xcalloc(2, sizeof *ch.v);
	ch.n = ch.cap = 2;
	ch.v[0].src = a;
	ch.v[0].data = rl_xstrdup("a k\n");
	ch.v[0].len = 4;
	ch.v[0].mode = true;
	ch.v[0].new_mode = 0600;
	ch.v[1].src = b;
	ch.v[1].data = rl_xstrdup("B1\n");
	ch.v[1].len = 3;
	assert_int_equal(rl_changes_write(&ch, stderr), 0);
	struct stat st;
	assert_int_equal(stat(pa, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(pb, &st), 0);
	assert_int_equal(st.st_ino, before.st_ino);
	assert_int_equal(st.st_mtime, before.st_mtime);
	assert_int_equal(count_entries(), 2);
	rl_source_free(a);
	rl_source_free(b);
	rl_changes_free(&ch);
	free(pa);
	free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_in_any_order),
		cmocka_unit_test(test_diff_hunk),
		cmocka_unit_test(test_diff_no_final_newline_and_insert),
		cmocka_unit_test(test_diff_masks_old_secrets),
		cmocka_unit_test(test_diff_scrubs_moved_secrets),
		cmocka_unit_test(test_diff_mode_change),
		cmocka_unit_test(test_diff_mode_and_content),
		cmocka_unit_test(test_insert_stmt_end),
		cmocka_unit_test(test_delete_stmt),
		cmocka_unit_test(test_insert_lines),
		cmocka_unit_test(test_append_line),
		cmocka_unit_test(test_replace_and_delete_tokens),
		cmocka_unit_test(test_indent_helpers),
		cmocka_unit_test(test_changes_from_fixes),
		cmocka_unit_test(test_overlapping_fixes),
		cmocka_unit_test(test_changes_canonical),
		cmocka_unit_test(test_masked_change),
		cmocka_unit_test(test_edit_masked_window),
		cmocka_unit_test_setup_teardown(test_write_keeps_mode, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_failure_changes_nothing, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_through_symlink, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_mode_only_and_unchanged, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
