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

#include "fix.h"
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
	rl_changes_diff(&ch, &out);
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
	rl_changes_diff(&ch, &out);
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
	rl_changes_diff(&ch, &out);
	assert_null(strstr(rl_buf_str(&out), "canary"));
	assert_non_null(strstr(rl_buf_str(&out), "-# ids\n+# peers\n"));
	rl_buf_free(&out);
	rl_changes_free(&ch);
	rl_source_free(src);
}

/* A key copied into a comment, of this file or of another file of the run,
 * is scrubbed from the diff too. */
static void test_diff_scrubs_secret_copies(void **state)
{
	(void)state;
	const char *text = "# was topsecret-canary\nhost1 topsecret-canary\n";
	rl_source *src = rl_source_from_mem("psk.txt", text, strlen(text));
	src->lang = RL_LANG_PSK;
	rl_source_add_secret(src, 29, 29 + 16);
	rl_file f = {.src = src};
	rl_file *files[] = {&f};
	rl_ctx cx = {.files = files, .nfiles = 1};
	rl_changes ch = one_change(src, "# now topsecret-canary\nhost1 topsecret-canary\n");
	ch.cx = &cx;
	rl_buf out = {0};
	rl_changes_diff(&ch, &out);
	assert_null(strstr(rl_buf_str(&out), "canary"));
	assert_non_null(strstr(rl_buf_str(&out), "-# was ****\n+# now ****\n"));
	rl_buf_free(&out);
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
	rl_changes_diff(&ch, &out);
	assert_string_equal(rl_buf_str(&out), "diff --git a/s/psk.txt b/s/psk.txt\nold mode 100644\nnew mode 100600\n");
	rl_buf_free(&out);
	rl_changes_free(&ch);
	rl_source_free(src);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_in_any_order),
		cmocka_unit_test(test_diff_hunk),
		cmocka_unit_test(test_diff_no_final_newline_and_insert),
		cmocka_unit_test(test_diff_masks_old_secrets),
		cmocka_unit_test(test_diff_mode_change),
		cmocka_unit_test(test_diff_scrubs_secret_copies),
		cmocka_unit_test_setup_teardown(test_write_keeps_mode, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_failure_changes_nothing, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_through_symlink, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
