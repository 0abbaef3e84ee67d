/* Rule selection, severity threshold, inline suppression. */
#include "control_helpers.h"

#include "config.h"
#include "parse.h"
#include "suppress.h"

static int rule(const char *name)
{
	int id = rl_rule_find(name);
	assert_true(id >= 0);
	return id;
}

/* --- rule lists and policies ---------------------------------------------- */

static void test_rule_set_names_and_codes(void **state)
{
	(void)state;
	rl_rule_set set;
	memset(&set, 0, sizeof set);
	char *err = NULL;
	assert_int_equal(rl_rule_set_add(&set, "syntax-error, rl002 ,RL003", &err), 0);
	assert_true(set.given);
	assert_true(set.has[rule("syntax-error")]);
	assert_true(set.has[rule("missing-file")]);
	assert_true(set.has[rule("include-cycle")]);
	assert_false(set.has[rule("invalid-value")]);
	assert_int_equal(rl_rule_set_add(&set, "all", &err), 0);
	for (int i = 0; i < RL_NRULES; i++)
		assert_true(set.has[i]);
}

static void test_rule_set_errors(void **state)
{
	(void)state;
	rl_rule_set set;
	memset(&set, 0, sizeof set);
	char *err = NULL;
	assert_int_equal(rl_rule_set_add(&set, "syntax-error,nope", &err), -1);
	assert_string_equal(err, "unknown rule 'nope' (see --list-rules)");
	free(err);
	assert_int_equal(rl_rule_set_add(&set, "syntax-error,,RL002", &err), -1);
	assert_string_equal(err, "empty rule name in 'syntax-error,,RL002'");
	free(err);
	assert_int_equal(rl_rule_set_add(&set, "", &err), -1);
	free(err);
}

static void test_policy_default(void **state)
{
	(void)state;
	rl_rule_policy p;
	rl_rule_policy_make(&p, NULL, NULL);
	for (int i = 0; i < RL_NRULES; i++)
		assert_true(p.enabled[i]);
	assert_int_equal(p.min_severity, RL_SEV_INFO);
}

static void test_policy_ignore_wins(void **state)
{
	(void)state;
	rl_settings cli;
	rl_settings_init(&cli);
	char *err = NULL;
	assert_int_equal(rl_rule_set_add(&cli.select, "syntax-error,missing-file", &err), 0);
	assert_int_equal(rl_rule_set_add(&cli.ignore, "missing-file,include-cycle", &err), 0);
	rl_rule_policy p;
	rl_rule_policy_make(&p, &cli, NULL);
	assert_true(p.enabled[rule("syntax-error")]);
	assert_false(p.enabled[rule("missing-file")]);
	assert_false(p.enabled[rule("include-cycle")]);
	assert_false(p.enabled[rule("invalid-value")]);
	rl_settings_free(&cli);
}

static void test_policy_flags_replace_keys(void **state)
{
	(void)state;
	rl_settings cli, file;
	rl_settings_init(&cli);
	rl_settings_init(&file);
	char *err = NULL;
	assert_int_equal(rl_rule_set_add(&file.select, "syntax-error", &err), 0);
	assert_int_equal(rl_rule_set_add(&file.ignore, "bad-suppression", &err), 0);
	file.severity = RL_SEV_ERROR;
	rl_rule_policy p;
	rl_rule_policy_make(&p, &cli, &file);
	assert_true(p.enabled[rule("syntax-error")]);
	assert_false(p.enabled[rule("missing-file")]);
	assert_int_equal(p.min_severity, RL_SEV_ERROR);

	/* --select replaces the file's select; the file's ignore still holds */
	assert_int_equal(rl_rule_set_add(&cli.select, "all", &err), 0);
	cli.severity = RL_SEV_WARNING;
	rl_rule_policy_make(&p, &cli, &file);
	assert_true(p.enabled[rule("missing-file")]);
	assert_false(p.enabled[rule("bad-suppression")]);
	assert_int_equal(p.min_severity, RL_SEV_WARNING);

	/* --ignore replaces the file's ignore */
	assert_int_equal(rl_rule_set_add(&cli.ignore, "RL002", &err), 0);
	rl_rule_policy_make(&p, &cli, &file);
	assert_true(p.enabled[rule("bad-suppression")]);
	assert_false(p.enabled[rule("missing-file")]);
	rl_settings_free(&cli);
	rl_settings_free(&file);
}

/* --- filtering ------------------------------------------------------------ */

static void report(th_run *r, rl_file *f, const char *rulename, rl_severity sev, const char *needle)
{
	rl_diag *dg = rl_report(&r->cx.diags, rule(rulename), f->src, th_span(f->src, needle), "at %s", needle);
	dg->sev = sev;
}

static const char *const three_lines = "aa;\nbb;\ncc;\n";

static void test_filter_select_severity(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "a.conf", three_lines, RL_LANG_RACOON);
	report(&r, f, "syntax-error", RL_SEV_ERROR, "cc");
	report(&r, f, "missing-file", RL_SEV_WARNING, "bb");
	report(&r, f, "invalid-value", RL_SEV_INFO, "aa");
	rl_settings cli;
	rl_settings_init(&cli);
	char *err = NULL;
	assert_int_equal(rl_rule_set_add(&cli.ignore, "syntax-error", &err), 0);
	cli.severity = RL_SEV_WARNING;
	rl_rule_policy_make(&r.opt.policy, &cli, NULL);
	rl_ctx_filter(&r.cx);
	assert_int_equal(r.cx.diags.n, 1);
	assert_int_equal(r.cx.diags.v[0].rule, rule("missing-file"));
	rl_settings_free(&cli);
	th_run_free(&r);
}

static void test_filter_per_file_policy(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *a = th_add(&r, "a.conf", three_lines, RL_LANG_RACOON);
	rl_file *b = th_add(&r, "b.conf", three_lines, RL_LANG_RACOON);
	rl_rule_policy strict;
	rl_rule_policy_make(&strict, NULL, NULL);
	strict.min_severity = RL_SEV_ERROR;
	b->policy = &strict;
	report(&r, a, "missing-file", RL_SEV_WARNING, "aa");
	report(&r, b, "missing-file", RL_SEV_WARNING, "aa");
	report(&r, b, "syntax-error", RL_SEV_ERROR, "bb");
	rl_ctx_filter(&r.cx);
	assert_int_equal(r.cx.diags.n, 2);
	assert_string_equal(r.cx.diags.v[0].loc.src->name, "a.conf");
	assert_string_equal(r.cx.diags.v[1].loc.src->name, "b.conf");
	assert_int_equal(r.cx.diags.v[1].rule, rule("syntax-error"));
	th_run_free(&r);
}

static void test_sort_is_stable(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "a.conf", three_lines, RL_LANG_RACOON);
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, th_span(f->src, "bb"), "same");
	r.cx.diags.v[0].host = rl_xstrdup("first");
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, th_span(f->src, "aa"), "earlier");
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, th_span(f->src, "bb"), "same");
	r.cx.diags.v[2].host = rl_xstrdup("second");
	rl_diags_sort(&r.cx.diags);
	assert_string_equal(r.cx.diags.v[0].message, "earlier");
	assert_string_equal(r.cx.diags.v[1].host, "first");
	assert_string_equal(r.cx.diags.v[2].host, "second");
	th_run_free(&r);
}

/* --- directives ----------------------------------------------------------- */

static rl_directive parse(const char *text)
{
	rl_directive d;
	rl_directive_parse(text, strlen(text), &d);
	return d;
}

static void assert_name(const char *text, const rl_directive *d, size_t i, const char *name)
{
	assert_true(i < d->nnames);
	size_t n = d->names[i].end - d->names[i].start;
	assert_int_equal(n, strlen(name));
	assert_memory_equal(text + d->names[i].start, name, n);
}

static void test_directive_ordinary_comments(void **state)
{
	(void)state;
	const char *texts[] = {"# a comment", "#", "# racoonlint disable=x", "## racoonlint: disable=x",
			       "# see racoonlint: disable=x", ""};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		rl_directive d = parse(texts[i]);
		assert_int_equal(d.kind, RL_DIR_NONE);
		rl_directive_free(&d);
	}
}

static void test_directive_forms(void **state)
{
	(void)state;
	const char *t1 = "# racoonlint: disable=weak-algorithm,RL101";
	rl_directive d = parse(t1);
	assert_int_equal(d.kind, RL_DIR_DISABLE);
	assert_int_equal(d.nnames, 2);
	assert_name(t1, &d, 0, "weak-algorithm");
	assert_name(t1, &d, 1, "RL101");
	rl_directive_free(&d);

	const char *t2 = "#racoonlint:disable-file = all , psk-mirror\t# the peer is old";
	d = parse(t2);
	assert_int_equal(d.kind, RL_DIR_DISABLE_FILE);
	assert_int_equal(d.nnames, 2);
	assert_name(t2, &d, 0, "all");
	assert_name(t2, &d, 1, "psk-mirror");
	rl_directive_free(&d);
}

static void assert_bad(const char *text, const char *error, uint32_t start, uint32_t end)
{
	rl_directive d = parse(text);
	assert_int_equal(d.kind, RL_DIR_BAD);
	assert_string_equal(d.error, error);
	assert_int_equal(d.where.start, start);
	assert_int_equal(d.where.end, end);
	assert_int_equal(d.nnames, 0);
	rl_directive_free(&d);
}

static void test_directive_bad(void **state)
{
	(void)state;
	assert_bad("# racoonlint: enable=x", "unknown directive (disable= or disable-file=)", 14, 20);
	assert_bad("# racoonlint:", "unknown directive (disable= or disable-file=)", 0, 13);
	assert_bad("# racoonlint: disable x", "expected '=' and rule names after the directive", 22, 23);
	assert_bad("# racoonlint: disable", "expected '=' and rule names after the directive", 21, 21);
	assert_bad("# racoonlint: disable=", "expected a rule name", 22, 22);
	assert_bad("# racoonlint: disable=a,", "expected a rule name", 24, 24);
	assert_bad("# racoonlint: disable=a b", "unexpected text after the rule names (a reason goes after ' #')",
		   24, 25);
	assert_bad("# racoonlint: disable=a#b", "unexpected text after the rule names (a reason goes after ' #')",
		   23, 25);
}

/* --- scoping -------------------------------------------------------------- */

/* The covered line ranges of a file, as "first-last first-last ...". */
static char *ranges(const char *text, rl_lang lang)
{
	rl_tree *t = th_tree("f", text, lang);
	rl_suppressions s = {0};
	rl_suppress_scan(t, &s, NULL);
	rl_buf b = {0};
	for (size_t i = 0; i < s.n; i++) {
		if (s.v[i].last_line == UINT32_MAX)
			rl_buf_printf(&b, "%s%u-end", i ? " " : "", s.v[i].first_line);
		else
			rl_buf_printf(&b, "%s%u-%u", i ? " " : "", s.v[i].first_line, s.v[i].last_line);
	}
	rl_suppressions_free(&s);
	th_tree_free(t);
	return rl_buf_take(&b);
}

static void assert_ranges(const char *text, rl_lang lang, const char *want)
{
	char *got = ranges(text, lang);
	assert_string_equal(got, want);
	free(got);
}

#define D "# racoonlint: disable=all\n"
#define DF "# racoonlint: disable-file=all\n"

static void test_scope_next_statement(void **state)
{
	(void)state;
	/* a simple statement */
	assert_ranges(D "listen_x 1;\nb;\n", RL_LANG_RACOON, "2-2");
	/* comments and blank lines between are skipped */
	assert_ranges(D "\n# other\n\nlog debug;\n", RL_LANG_RACOON, "5-5");
	/* a statement over several lines */
	assert_ranges(D "encryption_algorithm aes,\n  3des;\nb;\n", RL_LANG_RACOON, "2-3");
	/* a block statement covers its body */
	assert_ranges(D "remote anonymous {\n  exchange_mode main;\n  proposal {\n    x;\n  }\n}\nb;\n",
		      RL_LANG_RACOON, "2-7");
	/* inside a block: the next statement there */
	assert_ranges("remote a {\n" D "  exchange_mode main;\n  b;\n}\n", RL_LANG_RACOON, "3-3");
	/* before a '}', the statement after the block */
	assert_ranges("remote a {\n  b;\n" D "}\nc;\n", RL_LANG_RACOON, "5-5");
	/* in the middle of a statement: the next one that starts */
	assert_ranges("encryption_algorithm aes,\n" D "  3des;\nb;\n", RL_LANG_RACOON, "4-4");
	/* nothing after it: nothing covered */
	assert_ranges("a;\n" D, RL_LANG_RACOON, "");
	/* a statement without its ';' runs to the end of its block */
	assert_ranges("remote a {\n" D "  b c\n  d\n}\n", RL_LANG_RACOON, "3-4");
}

static void test_scope_trailing(void **state)
{
	(void)state;
	assert_ranges("a;\nb; # racoonlint: disable=all\nc;\n", RL_LANG_RACOON, "2-2");
	/* the statement started on an earlier line */
	assert_ranges("encryption_algorithm aes,\n  3des; # racoonlint: disable=all\n", RL_LANG_RACOON, "1-2");
	/* after a block header: the header's lines only */
	assert_ranges("remote\n anonymous { # racoonlint: disable=all\n a;\n}\n", RL_LANG_RACOON, "1-2");
	/* after a '}': that line only */
	assert_ranges("remote a {\n a;\n} # racoonlint: disable=all\nb;\n", RL_LANG_RACOON, "3-3");
	/* two statements on the line: both */
	assert_ranges("a;\nb; c; # racoonlint: disable=all\n", RL_LANG_RACOON, "2-2");
}

/* The examples of docs/suppression.md. */
static void test_scope_documented_examples(void **state)
{
	(void)state;
	/* with rule names that exist in every build */
	assert_ranges("# racoonlint: disable=syntax-error\n"
		      "proposal {\n"
		      "    encryption_algorithm 3des;\n"
		      "    hash_algorithm sha1;\n"
		      "}\n"
		      "remote anonymous {   # racoonlint: disable=RL001\n"
		      "    exchange_mode aggressive;\n"
		      "}\n"
		      "encryption_algorithm aes,\n"
		      "    3des;            # racoonlint: disable=RL001\n",
		      RL_LANG_RACOON, "2-5 6-6 9-10");
	assert_ranges("# racoonlint: disable=all\n# the lab peer\n192.0.2.7   test\n", RL_LANG_PSK, "3-3");
}

static void test_scope_file(void **state)
{
	(void)state;
	assert_ranges("a;\n" DF "b;\n", RL_LANG_RACOON, "1-end");
	assert_ranges(DF, RL_LANG_SETKEY, "1-end");
}

static void test_scope_setkey(void **state)
{
	(void)state;
	assert_ranges("#!/usr/sbin/setkey -f\nflush;\n" D "spdadd 10.0.0.1 10.0.0.2 any\n  -P out ipsec\n"
		      "  esp/transport//require;\nspdflush;\n",
		      RL_LANG_SETKEY, "4-6");
}

static void test_scope_psk(void **state)
{
	(void)state;
	/* one line is one statement */
	assert_ranges(D "10.0.0.1 secret-one\n10.0.0.2 secret-two\n", RL_LANG_PSK, "2-2");
	assert_ranges(D "# note\n\nhost.example secret\n", RL_LANG_PSK, "4-4");
	assert_ranges("a k\n" DF "b k\n", RL_LANG_PSK, "1-end");
}

/* psk.txt has no trailing comments; a trivia token that does not start its
 * line is not a directive there. */
static void test_psk_column_one_only(void **state)
{
	(void)state;
	rl_source *src = rl_source_from_mem("psk.txt", "a  # racoonlint: disable=all\nb k\n", 33);
	rl_tree *t = rl_tree_new(src, RL_LANG_PSK);
	rl_tree_add_tok(t, 0, 1, 1, 0);
	rl_tree_add_tok(t, 3, 25, 0, RL_TOK_TRIVIA);
	rl_tree_add_tok(t, 29, 1, 1, 0);
	rl_suppressions s = {0};
	rl_suppress_scan(t, &s, NULL);
	assert_int_equal(s.n, 0);
	th_tree_free(t);
}

/* rl_suppress_scan looks at the comments only when the file holds
 * "racoonlint:" anywhere: the directives it finds are those it finds in the
 * same file under a first line that holds the tag, whatever colons and
 * pieces of the tag lie around them. */
static void count_directives(const char *text, size_t n, rl_suppressions *out)
{
	rl_source *src = rl_source_from_mem("racoon.conf", text, n);
	rl_diags d = {0};
	rl_tree *t = rl_parse_racoon(src, &d);
	memset(out, 0, sizeof *out);
	rl_suppress_scan(t, out, NULL);
	rl_tree_free(t);
	rl_diags_free(&d);
	rl_source_free(src);
}

static void test_suppress_scan_filter(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"# racoonlint: disable=weak-algorithm\n", "#racoonlint:disable-file=all\n", "racoonlint:",
		"racoonlint", ":", "::1", "log info;\n", "# x: y\n", "remote ::1 {\n}\n", "oonlint:", "r",
		"\n", "#", " ", "racoonlin", "t:",
	};
	enum { NP = sizeof pieces / sizeof pieces[0] };
	static const char head[] = "# racoonlint:\n";
	srand(7);
	for (int it = 0; it < 3000; it++) {
		char buf[1024];
		size_t n = sizeof head - 1;
		memcpy(buf, head, n);
		for (int k = rand() % 12; k > 0; k--) {
			const char *p = pieces[rand() % NP];
			memcpy(buf + n, p, strlen(p));
			n += strlen(p);
		}
		rl_suppressions got, want;
		count_directives(buf + sizeof head - 1, n - (sizeof head - 1), &got);
		count_directives(buf, n, &want);
		assert_int_equal(got.n, want.n);
		for (size_t i = 0; i < got.n; i++)
			assert_memory_equal(got.v[i].rules, want.v[i].rules, sizeof got.v[i].rules);
		rl_suppressions_free(&got);
		rl_suppressions_free(&want);
	}
}

static void test_suppressed_lookup(void **state)
{
	(void)state;
	/* nested blocks, a trailing directive inside, another rule elsewhere */
	rl_tree *t = th_tree("f",
			     "# racoonlint: disable=RL001\n" /* 1: covers 2-7 */
			     "a {\n"
			     "  # racoonlint: disable=RL001,RL002\n" /* 3: covers 4-6 */
			     "  b {\n"
			     "    c; # racoonlint: disable=RL004\n" /* 5: covers 5 */
			     "  }\n"
			     "}\n"
			     "d;\n"
			     "# racoonlint: disable=RL001\n" /* 9: covers 10 */
			     "e;\n",
			     RL_LANG_RACOON);
	rl_suppressions s = {0};
	rl_suppress_scan(t, &s, NULL);
	assert_int_equal(s.n, 4);
	int r1 = rule("RL001"), r2 = rule("RL002"), r4 = rule("RL004"), r3 = rule("RL003");
	static const bool want1[] = {0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0};
	static const bool want2[] = {0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0};
	static const bool want4[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
	for (uint32_t line = 0; line < 12; line++) {
		assert_int_equal(rl_suppressed(&s, r1, line), want1[line]);
		assert_int_equal(rl_suppressed(&s, r2, line), want2[line]);
		assert_int_equal(rl_suppressed(&s, r4, line), want4[line]);
		assert_false(rl_suppressed(&s, r3, line));
	}
	/* overlapping ranges of one rule merge into one */
	assert_int_equal(s.nlines[r1], 2);
	rl_suppressions_free(&s);
	th_tree_free(t);
}

/* Many directives cost linear time: each builds on one pass over the tokens. */
static void test_many_directives(void **state)
{
	(void)state;
	rl_buf b = {0};
	for (int i = 0; i < 20000; i++)
		rl_buf_puts(&b, "x # racoonlint: disable=RL001\n");
	rl_buf_puts(&b, "y;\n");
	for (int i = 0; i < 20000; i++)
		rl_buf_puts(&b, "# racoonlint: disable=RL002\nremote {\n");
	rl_tree *t = th_tree("f", b.data, RL_LANG_RACOON);
	rl_suppressions s = {0};
	rl_suppress_scan(t, &s, NULL);
	assert_int_equal(s.n, 40000);
	/* one statement without ';': each trailing directive covers back to its start */
	assert_int_equal(s.v[19999].first_line, 1);
	assert_int_equal(s.v[19999].last_line, 20000);
	/* the unclosed blocks run to the end */
	assert_int_equal(s.v[20000].first_line, 20003);
	assert_int_equal(s.v[20000].last_line, 60001);
	assert_true(rl_suppressed(&s, rule("RL001"), 20000));
	assert_false(rl_suppressed(&s, rule("RL001"), 20001));
	assert_true(rl_suppressed(&s, rule("RL002"), 60001));
	rl_suppressions_free(&s);
	th_tree_free(t);
	rl_buf_free(&b);
}

/* --- suppression in a run -------------------------------------------------- */

static const char *const conf =
	"# racoonlint: disable=missing-file\n"   /* 1 */
	"path include \"/etc/racoon\";\n"        /* 2 */
	"remote anonymous { # racoonlint: disable=RL001,RL004\n" /* 3 */
	"  exchange_mode main;\n"                 /* 4 */
	"}\n"                                     /* 5 */
	"include \"x.conf\";\n";                  /* 6 */

static void test_filter_suppression(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "racoon.conf", conf, RL_LANG_RACOON);
	report(&r, f, "missing-file", RL_SEV_ERROR, "/etc/racoon");   /* suppressed: line 2 */
	report(&r, f, "syntax-error", RL_SEV_ERROR, "/etc/racoon");   /* another rule: kept */
	report(&r, f, "syntax-error", RL_SEV_ERROR, "anonymous");     /* suppressed: line 3 */
	report(&r, f, "invalid-value", RL_SEV_ERROR, "remote");       /* suppressed: line 3 */
	report(&r, f, "syntax-error", RL_SEV_ERROR, "exchange_mode"); /* line 4: kept */
	report(&r, f, "missing-file", RL_SEV_ERROR, "x.conf");        /* line 6: kept */
	rl_ctx_filter(&r.cx);
	assert_int_equal(r.cx.diags.n, 3);
	assert_string_equal(r.cx.diags.v[0].message, "at /etc/racoon");
	assert_int_equal(r.cx.diags.v[0].rule, rule("syntax-error"));
	assert_string_equal(r.cx.diags.v[1].message, "at exchange_mode");
	assert_string_equal(r.cx.diags.v[2].message, "at x.conf");
	th_run_free(&r);
}

/* A finding spanning several lines counts on the line where it starts. */
static void test_filter_span_start_line(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	rl_file *f = th_add(&r, "a.conf", "a;\nb; # racoonlint: disable=all\nc;\n", RL_LANG_RACOON);
	uint32_t b = th_off(f->src, "b;"), c = th_off(f->src, "c;");
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){b, c + 2}, "from b");
	rl_report(&r.cx.diags, rule("syntax-error"), f->src, (rl_span){0, c + 2}, "from a");
	rl_ctx_filter(&r.cx);
	assert_int_equal(r.cx.diags.n, 1);
	assert_string_equal(r.cx.diags.v[0].message, "from a");
	th_run_free(&r);
}

/* --- bad-suppression ------------------------------------------------------- */

static void test_bad_suppression_findings(void **state)
{
	(void)state;
	const char *text = "# racoonlint: disable=syntax-eror,missing-file,zzzzzz\n"
			   "a;\n"
			   "# racoonlint: enable=all\n"
			   "b;\n";
	rl_tree *t = th_tree("x.conf", text, RL_LANG_RACOON);
	rl_diags d = {0};
	rl_suppressions s = {0};
	rl_suppress_scan(t, &s, &d);
	/* the known name still applies */
	assert_int_equal(s.n, 1);
	assert_true(s.v[0].rules[rule("missing-file")]);
	assert_false(s.v[0].rules[rule("syntax-error")]);
	assert_int_equal(s.v[0].first_line, 2);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.v[0].rule, rule("bad-suppression"));
	assert_int_equal(d.v[0].sev, RL_SEV_WARNING);
	assert_string_equal(d.v[0].message,
			    "unknown rule 'syntax-eror' in racoonlint directive; did you mean 'syntax-error'?");
	assert_int_equal(d.v[0].loc.span.start, 22);
	assert_int_equal(d.v[0].loc.span.end, 33);
	assert_non_null(d.v[0].fix);
	assert_false(d.v[0].fix->safe);
	assert_int_equal(d.v[0].fix->nedits, 1);
	assert_string_equal(d.v[0].fix->edits[0].text, "syntax-error");
	assert_string_equal(d.v[1].message, "unknown rule 'zzzzzz' in racoonlint directive (see --list-rules)");
	assert_null(d.v[1].fix);
	assert_string_equal(d.v[2].message,
			    "racoonlint directive: unknown directive (disable= or disable-file=)");
	uint32_t en = th_off(t->src, "enable");
	assert_int_equal(d.v[2].loc.span.start, en);
	assert_int_equal(d.v[2].loc.span.end, en + 6);
	rl_diags_free(&d);
	rl_suppressions_free(&s);
	th_tree_free(t);
}

/* Close names are looked for in the first 100 unknown names of a file. */
static void test_bad_suppression_suggestion_budget(void **state)
{
	(void)state;
	rl_buf b = {0};
	for (int i = 0; i < 101; i++)
		rl_buf_puts(&b, "# racoonlint: disable=syntax-eror\na;\n");
	rl_tree *t = th_tree("x.conf", b.data, RL_LANG_RACOON);
	rl_diags d = {0};
	rl_suppress_scan(t, NULL, &d);
	assert_int_equal(d.n, 101);
	assert_non_null(d.v[99].fix);
	assert_null(d.v[100].fix);
	assert_string_equal(d.v[100].message, "unknown rule 'syntax-eror' in racoonlint directive (see --list-rules)");
	rl_diags_free(&d);
	th_tree_free(t);
	rl_buf_free(&b);
}

static void test_bad_suppression_rule_check(void **state)
{
	(void)state;
	th_run r;
	th_run_init(&r);
	th_add(&r, "a.conf", "# racoonlint: disable=nope\na;\n", RL_LANG_RACOON);
	th_add(&r, "psk.txt", "# racoonlint: disable=nope\na key\n", RL_LANG_PSK);
	rl_ctx_run_rules(&r.cx);
	rl_ctx_filter(&r.cx);
	assert_int_equal(r.cx.diags.n, 2);
	assert_string_equal(r.cx.diags.v[0].loc.src->name, "a.conf");
	assert_string_equal(r.cx.diags.v[1].loc.src->name, "psk.txt");
	th_run_free(&r);

	/* and it can be suppressed like any rule */
	th_run_init(&r);
	th_add(&r, "a.conf", "# racoonlint: disable-file=bad-suppression\n# racoonlint: disable=nope\na;\n",
	       RL_LANG_RACOON);
	rl_ctx_run_rules(&r.cx);
	rl_ctx_filter(&r.cx);
	assert_int_equal(r.cx.diags.n, 0);
	th_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_set_names_and_codes),
		cmocka_unit_test(test_rule_set_errors),
		cmocka_unit_test(test_policy_default),
		cmocka_unit_test(test_policy_ignore_wins),
		cmocka_unit_test(test_policy_flags_replace_keys),
		cmocka_unit_test(test_filter_select_severity),
		cmocka_unit_test(test_filter_per_file_policy),
		cmocka_unit_test(test_sort_is_stable),
		cmocka_unit_test(test_directive_ordinary_comments),
		cmocka_unit_test(test_directive_forms),
		cmocka_unit_test(test_directive_bad),
		cmocka_unit_test(test_scope_next_statement),
		cmocka_unit_test(test_scope_trailing),
		cmocka_unit_test(test_scope_documented_examples),
		cmocka_unit_test(test_scope_file),
		cmocka_unit_test(test_scope_setkey),
		cmocka_unit_test(test_scope_psk),
		cmocka_unit_test(test_psk_column_one_only),
		cmocka_unit_test(test_suppressed_lookup),
		cmocka_unit_test(test_suppress_scan_filter),
		cmocka_unit_test(test_many_directives),
		cmocka_unit_test(test_filter_suppression),
		cmocka_unit_test(test_filter_span_start_line),
		cmocka_unit_test(test_bad_suppression_findings),
		cmocka_unit_test(test_bad_suppression_suggestion_budget),
		cmocka_unit_test(test_bad_suppression_rule_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
