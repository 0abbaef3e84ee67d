/* .racoonlint files: parsing, errors, discovery. */
#include "control_helpers.h"

#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static int parse(rl_settings *s, const char *text, char **err)
{
	rl_settings_init(s);
	return rl_config_parse(s, "dir/.racoonlint", text, strlen(text), err);
}

static void test_good_file(void **state)
{
	(void)state;
	const char *text = "# racoonlint settings\n"
			   "\n"
			   "select = syntax-error, RL002,bad-suppression\r\n"
			   "  ignore=RL005   # noisy here\n"
			   "severity = warning\n"
			   "format = json\n"
			   "platform.server1 = linux\n"
			   "addr.server1 = 192.0.2.1\n"
			   "addr.client1 = 192.0.2.2\n"
			   "\t\n";
	rl_settings s;
	char *err = NULL;
	assert_int_equal(parse(&s, text, &err), 0);
	assert_null(err);
	assert_true(s.select.given);
	assert_true(s.select.has[rl_rule_find("syntax-error")]);
	assert_true(s.select.has[rl_rule_find("missing-file")]);
	assert_false(s.select.has[rl_rule_find("include-cycle")]);
	assert_true(s.ignore.given);
	assert_true(s.ignore.has[rl_rule_find("bad-suppression")]);
	assert_int_equal(s.severity, RL_SEV_WARNING);
	assert_int_equal(s.format, RL_FMT_JSON);
	assert_string_equal(rl_kv_lookup(s.platforms, s.nplatforms, "server1"), "linux");
	assert_string_equal(rl_kv_lookup(s.addrs, s.naddrs, "server1"), "192.0.2.1");
	assert_string_equal(rl_kv_lookup(s.addrs, s.naddrs, "client1"), "192.0.2.2");
	assert_null(rl_kv_lookup(s.addrs, s.naddrs, "other"));
	rl_rule_policy p;
	rl_rule_policy_make(&p, NULL, &s);
	assert_true(p.enabled[rl_rule_find("syntax-error")]);
	assert_false(p.enabled[rl_rule_find("bad-suppression")]);
	assert_false(p.enabled[rl_rule_find("include-cycle")]);
	assert_int_equal(p.min_severity, RL_SEV_WARNING);
	rl_settings_free(&s);
}

static void test_empty_file(void **state)
{
	(void)state;
	rl_settings s;
	char *err = NULL;
	assert_int_equal(parse(&s, "", &err), 0);
	assert_false(s.select.given);
	assert_int_equal(s.severity, -1);
	assert_int_equal(s.format, -1);
	rl_settings_free(&s);
}

static void assert_error(const char *text, const char *want)
{
	rl_settings s;
	char *err = NULL;
	assert_int_equal(parse(&s, text, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
	rl_settings_free(&s);
}

static void test_errors(void **state)
{
	(void)state;
	assert_error("select = RL001\n\ncolour = always\n",
		     "dir/.racoonlint:3: unknown key 'colour' (select, ignore, severity, format, platform.HOST, "
		     "addr.HOST)");
	assert_error("select RL001\n", "dir/.racoonlint:1: expected 'key = value'");
	assert_error(" = x\n", "dir/.racoonlint:1: expected a key before '='");
	assert_error("severity =\n", "dir/.racoonlint:1: 'severity' needs a value");
	assert_error("severity = loud\n", "dir/.racoonlint:1: unknown severity 'loud' (info, warning or error)");
	assert_error("format = xml\n", "dir/.racoonlint:1: unknown format 'xml' (text, gcc, json or sarif)");
	assert_error("# x\nignore = RL001, psk-mirrror\n",
		     "dir/.racoonlint:2: unknown rule 'psk-mirrror' (see --list-rules)");
	assert_error("select = RL001,\n", "dir/.racoonlint:1: empty rule name in 'RL001,'");
	assert_error("severity = error\nseverity = info\n",
		     "dir/.racoonlint:2: 'severity' given twice (first on line 1)");
	assert_error("platform. = linux\n",
		     "dir/.racoonlint:1: unknown key 'platform.' (select, ignore, severity, format, platform.HOST, "
		     "addr.HOST)");
	/* a NUL byte */
	rl_settings s;
	char *err = NULL;
	rl_settings_init(&s);
	assert_int_equal(rl_config_parse(&s, "f", "format = gcc\nsel\0ect = x\n", 25, &err), -1);
	assert_string_equal(err, "f:2: NUL byte in the line");
	free(err);
	rl_settings_free(&s);
}

static void test_load_missing(void **state)
{
	(void)state;
	rl_settings s;
	rl_settings_init(&s);
	char *err = NULL;
	assert_int_equal(rl_config_load(&s, "/nonexistent/.racoonlint", &err), -1);
	assert_string_equal(err, "/nonexistent/.racoonlint: cannot open: No such file or directory");
	free(err);
	rl_settings_free(&s);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_find_nearest(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/racoonlint-config-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	char *top = realpath(tmpl, NULL); /* as the search sees it */
	assert_non_null(top);
	char *a = rl_xasprintf("%s/a", top), *b = rl_xasprintf("%s/a/b", top), *c = rl_xasprintf("%s/a/b/c", top);
	assert_int_equal(mkdir(a, 0755), 0);
	assert_int_equal(mkdir(b, 0755), 0);
	assert_int_equal(mkdir(c, 0755), 0);
	char *fa = rl_xasprintf("%s/.racoonlint", a), *fb = rl_xasprintf("%s/.racoonlint", b);
	char *dc = rl_xasprintf("%s/.racoonlint", c);
	write_file(fa, "severity = error\n");
	write_file(fb, "severity = warning\n");
	assert_int_equal(mkdir(dc, 0755), 0); /* a folder of that name does not count */

	char *got = rl_config_find(c);
	assert_string_equal(got, fb);
	free(got);
	got = rl_config_find(a);
	assert_string_equal(got, fa);
	free(got);
	/* a path that does not exist is walked by name */
	char *ghost = rl_xasprintf("%s/ghost/x", b);
	got = rl_config_find(ghost);
	assert_string_equal(got, fb);
	free(got);
	/* above a, nothing of ours */
	got = rl_config_find(top);
	assert_true(got == NULL || strncmp(got, top, strlen(top)) != 0);
	free(got);

	/* relative to the current folder */
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(b), 0);
	got = rl_config_find("c");
	assert_string_equal(got, ".racoonlint");
	free(got);
	assert_int_equal(chdir(a), 0);
	got = rl_config_find("b/c");
	assert_string_equal(got, "b/.racoonlint");
	free(got);
	assert_int_equal(chdir(c), 0);
	got = rl_config_find(".");
	assert_string_equal(got, fb); /* above the current folder: absolute */
	free(got);
	assert_int_equal(chdir(cwd), 0);

	unlink(fa);
	unlink(fb);
	rmdir(dc);
	rmdir(c);
	rmdir(b);
	rmdir(a);
	rmdir(top);
	free(top);
	free(a), free(b), free(c), free(fa), free(fb), free(dc), free(ghost);
}

static void test_start_dir(void **state)
{
	(void)state;
	char *d = rl_config_start_dir("/tmp");
	assert_string_equal(d, "/tmp");
	free(d);
	d = rl_config_start_dir("server1/racoon.conf");
	assert_string_equal(d, "server1");
	free(d);
	d = rl_config_start_dir("psk.txt");
	assert_string_equal(d, ".");
	free(d);
	d = rl_config_start_dir("/psk.txt");
	assert_string_equal(d, "/");
	free(d);
}

static void test_format_and_kv(void **state)
{
	(void)state;
	assert_int_equal(rl_format_parse("text"), RL_FMT_TEXT);
	assert_int_equal(rl_format_parse("gcc"), RL_FMT_GCC);
	assert_int_equal(rl_format_parse("json"), RL_FMT_JSON);
	assert_int_equal(rl_format_parse("sarif"), RL_FMT_SARIF);
	assert_int_equal(rl_format_parse("SARIF"), -1);
	rl_kv *v = NULL;
	size_t n = 0;
	rl_kv_add(&v, &n, "h", "first");
	rl_kv_add(&v, &n, "h", "second");
	assert_string_equal(rl_kv_lookup(v, n, "h"), "first");
	rl_kv_free(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),   cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_errors),      cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_find_nearest), cmocka_unit_test(test_start_dir),
		cmocka_unit_test(test_format_and_kv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
