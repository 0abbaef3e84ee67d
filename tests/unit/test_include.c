/* Include resolution: globs, the path map, missing files, cycles, depth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "include.h"
#include "lint.h"
#include "rules.h"
#include "util.h"

static char tmpdir[] = "/tmp/rl-include-XXXXXX";

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/rl-include-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = rl_xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static char *in_tmp(const char *rel)
{
	return rl_xasprintf("%s/%s", tmpdir, rel);
}

static void put(const char *rel, const char *text)
{
	char *p = in_tmp(rel);
	for (char *s = strchr(p + strlen(tmpdir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

typedef struct run {
	rl_ctx cx;
	rl_options opt;
} run;

/* Load main.conf of the temp folder as a file given alone. */
static run *load(const char *rel)
{
	run *r = rl_xcalloc(1, sizeof *r);
	r->cx.opt = &r->opt;
	char *path = in_tmp(rel);
	rl_pathmap map = {tmpdir, NULL};
	rl_racoon_load(&r->cx, path, path, &map, NULL);
	free(path);
	return r;
}

static void unload(run *r)
{
	rl_ctx_free(&r->cx);
	free(r);
}

/* File names read, relative to the temp folder, comma separated. */
static char *files(const run *r)
{
	rl_buf b = {0};
	size_t n = strlen(tmpdir) + 1;
	for (size_t i = 0; i < r->cx.nfiles; i++)
		rl_buf_printf(&b, "%s%s", i ? "," : "", r->cx.files[i]->src->name + n);
	return rl_buf_take(&b);
}

/* "rule: message" per finding, the temp folder shown as T. */
static char *found(const run *r)
{
	rl_buf b = {0};
	for (size_t i = 0; i < r->cx.diags.n; i++) {
		const rl_diag *dg = &r->cx.diags.v[i];
		rl_buf_printf(&b, "%s: ", rl_rule_get(dg->rule)->name);
		const char *m = dg->message;
		for (const char *hit; (hit = strstr(m, tmpdir)); m = hit + strlen(tmpdir)) {
			rl_buf_add(&b, m, (size_t)(hit - m));
			rl_buf_putc(&b, 'T');
		}
		rl_buf_printf(&b, "%s\n", m);
	}
	return rl_buf_take(&b);
}

#define EXPECT(r, want_files, want_found)                      \
	do {                                                   \
		char *f_ = files(r), *d_ = found(r);           \
		assert_string_equal(f_, want_files);           \
		assert_string_equal(d_, want_found);           \
		free(f_);                                      \
		free(d_);                                      \
	} while (0)

static void test_pathmap(void **state)
{
	(void)state;
	rl_pathmap etc = {"host", "/etc"};
	char *p = rl_pathmap_resolve(&etc, "/etc/racoon/psk.txt", NULL);
	assert_string_equal(p, "host/racoon/psk.txt");
	free(p);
	assert_null(rl_pathmap_resolve(&etc, "/etcx/racoon", NULL));
	rl_pathmap racoon = {"h", "/etc/racoon/"};
	p = rl_pathmap_resolve(&racoon, "/etc/racoon", NULL);
	assert_string_equal(p, "h");
	free(p);
	rl_pathmap alone = {"dir", NULL};
	p = rl_pathmap_resolve(&alone, "/usr/local/etc/racoon/a.conf", "/usr/local/etc/racoon");
	assert_string_equal(p, "dir/a.conf");
	free(p);
	p = rl_pathmap_resolve(&alone, "/etc/racoon/x/y.conf", NULL);
	assert_string_equal(p, "dir/x/y.conf");
	free(p);
	p = rl_pathmap_resolve(&alone, "/private/etc/racoon/z.conf", NULL);
	assert_string_equal(p, "dir/z.conf");
	free(p);
}

static void test_glob_order(void **state)
{
	(void)state;
	put("main.conf", "path include \"/etc/racoon\";\ninclude \"remote/*.conf\";\nlog info;\n");
	put("remote/b.conf", "log info;\n");
	put("remote/a.conf", "include \"/etc/racoon/extra.conf\";\n");
	put("remote/c.conf", "log info;\n");
	put("remote/skip.txt", "not racoon\n");
	put("extra.conf", "log debug;\n");
	run *r = load("main.conf");
	EXPECT(r, "main.conf,remote/a.conf,extra.conf,remote/b.conf,remote/c.conf", "");
	assert_ptr_equal(r->cx.files[1]->parent, r->cx.files[0]);
	assert_ptr_equal(r->cx.files[2]->parent, r->cx.files[1]);
	assert_ptr_equal(r->cx.files[3]->parent, r->cx.files[0]);
	unload(r);
}

static void test_relative_without_path(void **state)
{
	(void)state;
	put("main.conf", "include \"inc/*.conf\";\n");
	put("inc/one.conf", "log info;\n");
	run *r = load("main.conf");
	EXPECT(r, "main.conf,inc/one.conf", "");
	unload(r);
}

static void test_path_include_elsewhere(void **state)
{
	(void)state;
	/* the folder stands for whatever 'path include' names */
	put("main.conf", "path include \"/usr/local/etc/racoon/\";\ninclude \"x.conf\";\n"
			 "include \"/usr/local/etc/racoon/y.conf\";\n");
	put("x.conf", "log info;\n");
	put("y.conf", "log info;\n");
	run *r = load("main.conf");
	EXPECT(r, "main.conf,x.conf,y.conf", "");
	unload(r);
}

static void test_no_match(void **state)
{
	(void)state;
	put("main.conf", "path include \"/etc/racoon\";\ninclude \"remote/*.conf\";\ninclude \"/var/run/racoon/*.conf\";\n");
	run *r = load("main.conf");
	EXPECT(r, "main.conf",
	       "missing-file: include \"remote/*.conf\" matches no file (looked for T/remote/*.conf): racoon "
	       "stops (glob found no matches)\n"
	       "missing-file: include \"/var/run/racoon/*.conf\" is outside /etc/racoon, the directory T stands for: not checked\n");
	assert_int_equal(r->cx.diags.v[0].sev, RL_SEV_ERROR);
	assert_int_equal(r->cx.diags.v[1].sev, RL_SEV_WARNING);
	/* the finding points at the pattern */
	const rl_diag *dg = &r->cx.diags.v[0];
	assert_memory_equal(dg->loc.src->data + dg->loc.span.start, "\"remote/*.conf\"", 15);
	unload(r);
}

static void test_apple_no_match_warns(void **state)
{
	(void)state;
	put("main.conf", "timer { auto_exit_delay 3 sec; }\ninclude \"none/*.conf\";\n");
	run *r = load("main.conf");
	assert_int_equal(r->cx.diags.n, 1);
	assert_int_equal(r->cx.diags.v[0].sev, RL_SEV_WARNING);
	unload(r);
}

static void test_self_include(void **state)
{
	(void)state;
	put("main.conf", "path include \"/etc/racoon\";\ninclude \"*.conf\";\n");
	put("other.conf", "log info;\n");
	run *r = load("main.conf");
	EXPECT(r, "main.conf,other.conf",
	       "include-cycle: 'T/main.conf' includes itself: racoon reads it again and again until includes "
	       "nest too deeply\n");
	unload(r);
}

static void test_cycle(void **state)
{
	(void)state;
	put("a.conf", "include \"b.conf\";\n");
	put("b.conf", "include \"a.conf\";\n");
	run *r = load("a.conf");
	EXPECT(r, "a.conf,b.conf",
	       "include-cycle: 'T/b.conf' includes 'T/a.conf', which is already being read (T/a.conf -> T/b.conf -> "
	       "T/a.conf): racoon loops until includes nest too deeply\n");
	assert_ptr_equal(r->cx.diags.v[0].loc.src, r->cx.files[1]->src);
	unload(r);
}

static void test_depth(void **state)
{
	(void)state;
	for (int i = 0; i < 12; i++) {
		char name[32], text[64];
		snprintf(name, sizeof name, "f%02d.conf", i);
		snprintf(text, sizeof text, "include \"f%02d.conf\";\n", i + 1);
		put(name, text);
	}
	put("f12.conf", "log info;\n");
	run *r = load("f00.conf");
	/* the main file and ten levels of includes */
	assert_int_equal(r->cx.nfiles, 11);
	char *d = found(r);
	assert_string_equal(d, "include-cycle: includes nest more than 10 deep at 'T/f11.conf': racoon stops "
			       "(Includes nested too deeply)\n");
	free(d);
	unload(r);
}

static void test_unreadable(void **state)
{
	(void)state;
	put("main.conf", "include \"d*\";\n");
	char *dir = in_tmp("dir.conf");
	mkdir(dir, 0755);
	free(dir);
	run *r = load("main.conf");
	EXPECT(r, "main.conf", "missing-file: included file T/dir.conf: is a folder, not a file\n");
	unload(r);
	r = load("absent.conf");
	EXPECT(r, "", "missing-file: T/absent.conf: cannot open: No such file or directory\n");
	unload(r);
}

static void test_glob_chars_in_folder(void **state)
{
	(void)state;
	put("odd[1]/main.conf", "include \"x*.conf\";\n");
	put("odd[1]/x1.conf", "log info;\n");
	run *r = rl_xcalloc(1, sizeof *r);
	r->cx.opt = &r->opt;
	char *folder = in_tmp("odd[1]");
	char *path = in_tmp("odd[1]/main.conf");
	rl_pathmap map = {folder, NULL};
	rl_racoon_load(&r->cx, path, path, &map, NULL);
	assert_int_equal(r->cx.nfiles, 2);
	assert_int_equal(r->cx.diags.n, 0);
	free(folder);
	free(path);
	unload(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pathmap),
		cmocka_unit_test_setup_teardown(test_glob_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_without_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_include_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apple_no_match_warns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_include, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_glob_chars_in_folder, setup, teardown),
	};
	return cmocka_run_group_tests_name("include", tests, NULL, NULL);
}
