/* The cache of parsed files the language server keeps between runs: an
 * entry serves a run only while the file on disk is the one it was read
 * from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "file_cache.h"
#include "lint.h"
#include "rules.h"
#include "util.h"

typedef struct fx {
	char dir[64];
	char *site;
	rl_file_cache *c;
} fx;

static char *in_dir(const fx *f, const char *rel)
{
	return rl_xasprintf("%s/%s", f->dir, rel);
}

static void put(const fx *f, const char *rel, const char *text)
{
	char *p = in_dir(f, rel);
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	free(p);
}

/* Set the modification time seconds ago (nanoseconds as given). */
static void age(const fx *f, const char *rel, time_t seconds, long nsec)
{
	char *p = in_dir(f, rel);
	struct timespec ts[2];
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - seconds;
	ts[0].tv_nsec = ts[1].tv_nsec = nsec;
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
}

static struct timespec mtime_of(const fx *f, const char *rel)
{
	char *p = in_dir(f, rel);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	free(p);
	return st.st_mtim;
}

static void set_mtime(const fx *f, const char *rel, struct timespec t)
{
	char *p = in_dir(f, rel);
	struct timespec ts[2] = {t, t};
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
}

static int setup(void **state)
{
	fx *f = rl_xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/rl-fcache-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->site = rl_xstrdup(f->dir);
	f->c = rl_file_cache_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	rl_file_cache_free(f->c);
	char *cmd = rl_xasprintf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f->site);
	free(f);
	return 0;
}

/* One read in a run of its own: the source, whether it came from an
 * earlier read (the same source as 'prev'), and the findings. */
typedef struct got {
	rl_source *src;
	rl_tree *tree;
	bool shared;
	rl_diags d;
} got;

static bool read_in(fx *f, const char *rel, rl_lang lang, got *g)
{
	char *p = in_dir(f, rel);
	char *err = NULL;
	memset(g, 0, sizeof *g);
	bool ok = rl_file_cache_read(f->c, p, rel, lang, &g->d, &g->src, &g->tree, &g->shared, &err);
	if (!ok)
		assert_non_null(err);
	free(err);
	free(p);
	return ok;
}

static void got_free(got *g)
{
	if (!g->shared) {
		rl_tree_free(g->tree);
		rl_source_free(g->src);
	}
	rl_diags_free(&g->d);
}

/* Read the file in a run of its own; its text. */
static char *run_read(fx *f, const char *rel, rl_lang lang, rl_source **src)
{
	got g;
	rl_file_cache_begin(f->c, f->site);
	assert_true(read_in(f, rel, lang, &g));
	char *text = rl_xstrdup(g.src->data);
	if (src)
		*src = g.src;
	got_free(&g);
	rl_file_cache_end(f->c);
	return text;
}

static const char KEYS1[] = "peer1\tKey-AAAAAAAAAAAAAAAA\n";
static const char KEYS2[] = "peer1\tKey-BBBBBBBBBBBBBBBB\n";

/* An unchanged file is parsed once; a change of the same size under the
 * same modification time is still seen (its change time moved). */
static void same_size_same_mtime(void **state)
{
	fx *f = *state;
	/* no comparison of the bytes: the status alone must tell */
	rl_file_cache_set_racy(f->c, -1);
	put(f, "psk.txt", KEYS1);
	age(f, "psk.txt", 3600, 123456789);
	rl_source *s1, *s2;
	char *t = run_read(f, "psk.txt", RL_LANG_PSK, &s1);
	assert_string_equal(t, KEYS1);
	free(t);
	t = run_read(f, "psk.txt", RL_LANG_PSK, &s2);
	assert_string_equal(t, KEYS1);
	free(t);
	assert_ptr_equal(s1, s2);
	rl_file_cache_stats st = rl_file_cache_get_stats(f->c);
	assert_int_equal(st.misses, 1);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.verified, 0);

	struct timespec m = mtime_of(f, "psk.txt");
	put(f, "psk.txt", KEYS2);
	set_mtime(f, "psk.txt", m);
	t = run_read(f, "psk.txt", RL_LANG_PSK, NULL);
	assert_string_equal(t, KEYS2);
	free(t);
	assert_int_equal(rl_file_cache_get_stats(f->c).misses, 2);
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 1);
}

/* Another modification time (nanoseconds only), the same bytes: read again. */
static void touched(void **state)
{
	fx *f = *state;
	rl_file_cache_set_racy(f->c, -1);
	put(f, "racoon.conf", "listen { isakmp 192.0.2.1; }\n");
	age(f, "racoon.conf", 3600, 1);
	free(run_read(f, "racoon.conf", RL_LANG_RACOON, NULL));
	struct timespec m = mtime_of(f, "racoon.conf");
	m.tv_nsec = 2;
	set_mtime(f, "racoon.conf", m);
	free(run_read(f, "racoon.conf", RL_LANG_RACOON, NULL));
	assert_int_equal(rl_file_cache_get_stats(f->c).misses, 2);
	assert_int_equal(rl_file_cache_get_stats(f->c).hits, 0);
}

/* A mode change (the key file rule reads the mode) is a change. */
static void mode_change(void **state)
{
	fx *f = *state;
	rl_file_cache_set_racy(f->c, -1);
	put(f, "psk.txt", KEYS1);
	char *p = in_dir(f, "psk.txt");
	assert_int_equal(chmod(p, 0600), 0);
	age(f, "psk.txt", 3600, 0);
	rl_source *s;
	free(run_read(f, "psk.txt", RL_LANG_PSK, &s));
	assert_int_equal(s->mode & 0777, 0600);
	assert_int_equal(chmod(p, 0644), 0);
	free(run_read(f, "psk.txt", RL_LANG_PSK, &s));
	assert_int_equal(s->mode & 0777, 0644);
	assert_int_equal(rl_file_cache_get_stats(f->c).misses, 2);
	free(p);
}

/* A file written just now is compared byte for byte at each use: a second
 * write of the same size within one time stamp tick is seen. */
static void racy_file(void **state)
{
	fx *f = *state;
	for (int i = 0; i < 20; i++) {
		put(f, "psk.txt", i % 2 ? KEYS2 : KEYS1);
		char *t = run_read(f, "psk.txt", RL_LANG_PSK, NULL);
		assert_string_equal(t, i % 2 ? KEYS2 : KEYS1);
		free(t);
	}
	/* unchanged and recent: served after a comparison */
	size_t before = rl_file_cache_get_stats(f->c).verified;
	free(run_read(f, "psk.txt", RL_LANG_PSK, NULL));
	assert_int_equal(rl_file_cache_get_stats(f->c).verified, before + 1);
}

/* A deleted file fails as a read from disk fails, and leaves the cache;
 * created again, it is read. */
static void deleted_and_created(void **state)
{
	fx *f = *state;
	put(f, "setkey.conf", "spdflush;\n");
	age(f, "setkey.conf", 3600, 0);
	free(run_read(f, "setkey.conf", RL_LANG_SETKEY, NULL));
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 1);
	char *p = in_dir(f, "setkey.conf");
	assert_int_equal(unlink(p), 0);
	got g;
	rl_file_cache_begin(f->c, f->site);
	assert_false(read_in(f, "setkey.conf", RL_LANG_SETKEY, &g));
	rl_file_cache_end(f->c);
	rl_diags_free(&g.d);
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 0);
	put(f, "setkey.conf", "flush;\n");
	age(f, "setkey.conf", 3600, 0);
	char *t = run_read(f, "setkey.conf", RL_LANG_SETKEY, NULL);
	assert_string_equal(t, "flush;\n");
	free(t);
	free(p);
}

/* The parse findings come with every read, as copies. */
static void parse_findings(void **state)
{
	fx *f = *state;
	put(f, "racoon.conf", "remote 192.0.2.1 {\n\texchange_mode main;\n");
	age(f, "racoon.conf", 3600, 0);
	got a, b;
	rl_file_cache_begin(f->c, f->site);
	assert_true(read_in(f, "racoon.conf", RL_LANG_RACOON, &a));
	rl_file_cache_end(f->c);
	rl_file_cache_begin(f->c, f->site);
	assert_true(read_in(f, "racoon.conf", RL_LANG_RACOON, &b));
	rl_file_cache_end(f->c);
	assert_true(a.shared && b.shared);
	assert_true(a.d.n > 0);
	assert_int_equal(a.d.n, b.d.n);
	for (size_t i = 0; i < a.d.n; i++) {
		assert_int_equal(a.d.v[i].rule, b.d.v[i].rule);
		assert_ptr_equal(a.d.v[i].loc.src, b.d.v[i].loc.src);
		assert_string_equal(a.d.v[i].message, b.d.v[i].message);
		assert_ptr_not_equal(a.d.v[i].message, b.d.v[i].message);
	}
	got_free(&a);
	got_free(&b);
}

/* Read twice in one run: the second read has a source of its own. Outside
 * a run nothing is kept. */
static void twice_in_a_run(void **state)
{
	fx *f = *state;
	put(f, "psk.txt", KEYS1);
	age(f, "psk.txt", 3600, 0);
	got a, b;
	rl_file_cache_begin(f->c, f->site);
	assert_true(read_in(f, "psk.txt", RL_LANG_PSK, &a));
	assert_true(read_in(f, "psk.txt", RL_LANG_PSK, &b));
	assert_true(a.shared);
	assert_false(b.shared);
	assert_ptr_not_equal(a.src, b.src);
	got_free(&a);
	got_free(&b);
	rl_file_cache_end(f->c);
	assert_true(read_in(f, "psk.txt", RL_LANG_PSK, &a));
	assert_false(a.shared);
	got_free(&a);
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 1);
}

static bool keep_none(const char *site, void *arg)
{
	(void)site;
	(void)arg;
	return false;
}

/* What a run did not read goes at its end; forgetting a path, dropping a
 * site and keeping no site free the rest. */
static void bounded(void **state)
{
	fx *f = *state;
	put(f, "a.conf", "# a\n");
	put(f, "b.conf", "# b\n");
	age(f, "a.conf", 3600, 0);
	age(f, "b.conf", 3600, 0);
	got a, b;
	rl_file_cache_begin(f->c, f->site);
	assert_true(read_in(f, "a.conf", RL_LANG_RACOON, &a));
	assert_true(read_in(f, "b.conf", RL_LANG_RACOON, &b));
	rl_file_cache_end(f->c);
	got_free(&a);
	got_free(&b);
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 2);
	free(run_read(f, "a.conf", RL_LANG_RACOON, NULL));
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 1);
	char *p = in_dir(f, "a.conf");
	rl_file_cache_forget(f->c, p);
	free(p);
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 0);
	free(run_read(f, "a.conf", RL_LANG_RACOON, NULL));
	rl_file_cache_drop_site(f->c, "/no/such/site");
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 1);
	rl_file_cache_drop_site(f->c, f->site);
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 0);
	/* many files: the table grows */
	rl_file_cache_begin(f->c, f->site);
	for (int i = 0; i < 200; i++) {
		char name[32];
		snprintf(name, sizeof name, "f%d.conf", i);
		put(f, name, "# x\n");
		age(f, name, 3600, 0);
		got g;
		assert_true(read_in(f, name, RL_LANG_RACOON, &g));
		got_free(&g);
	}
	rl_file_cache_end(f->c);
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 200);
	rl_file_cache_keep(f->c, keep_none, NULL);
	assert_int_equal(rl_file_cache_get_stats(f->c).entries, 0);
}

/* rl_ctx_load_file through a cache: the run does not free what the cache
 * owns, and the findings are the same as without one. */
static void ctx_files(void **state)
{
	fx *f = *state;
	put(f, "racoon.conf", "remote 192.0.2.1 {\n\texchange_mode main;\n");
	age(f, "racoon.conf", 3600, 0);
	char *p = in_dir(f, "racoon.conf");
	rl_options opt;
	rl_options_init(&opt);
	size_t n[3];
	for (int i = 0; i < 3; i++) {
		rl_ctx cx;
		memset(&cx, 0, sizeof cx);
		cx.opt = &opt;
		cx.cache = i ? f->c : NULL;
		rl_file_cache_begin(f->c, f->site);
		char *err = NULL;
		rl_file *file = rl_ctx_load_file(&cx, p, "racoon.conf", RL_LANG_RACOON, NULL, NULL, &err);
		assert_non_null(file);
		assert_null(err);
		assert_int_equal(file->shared, i > 0);
		rl_file_cache_end(f->c);
		n[i] = cx.diags.n;
		rl_ctx_free(&cx);
	}
	assert_true(n[0] > 0);
	assert_int_equal(n[0], n[1]);
	assert_int_equal(n[1], n[2]);
	rl_options_free(&opt);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(same_size_same_mtime, setup, teardown),
		cmocka_unit_test_setup_teardown(touched, setup, teardown),
		cmocka_unit_test_setup_teardown(mode_change, setup, teardown),
		cmocka_unit_test_setup_teardown(racy_file, setup, teardown),
		cmocka_unit_test_setup_teardown(deleted_and_created, setup, teardown),
		cmocka_unit_test_setup_teardown(parse_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(twice_in_a_run, setup, teardown),
		cmocka_unit_test_setup_teardown(bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(ctx_files, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
