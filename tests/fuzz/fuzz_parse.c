/* libFuzzer target for one parser, chosen at build time with
 * -DFUZZ_LANG=RL_LANG_RACOON|RL_LANG_PSK|RL_LANG_SETKEY.
 *
 * Properties checked on every input: no crash, leak or undefined behaviour
 * (the sanitizers), and printing the tree gives back the input byte for
 * byte, also where the input does not parse.
 *
 * Canonical idempotence (hook): when src/canonical.h exists, it is expected
 * to declare
 *     char *rl_canonical(const rl_tree *t);
 * the canonical layout of a tree that parsed without errors (NULL to leave
 * the layout as it is), as the editor seam rl_lsp_canonical does. For such
 * a tree the target then checks that the layout parses without errors and
 * that laying it out again changes nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

#if defined(__has_include)
#if __has_include("canonical.h")
#include "canonical.h"
#define FUZZ_CANONICAL 1
#endif
#endif

#ifndef FUZZ_LANG
#error "define FUZZ_LANG"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_round_trip(const rl_tree *t, const uint8_t *data, size_t size)
{
	const char *why = rl_tree_check_lossless(t);
	if (why) {
		fprintf(stderr, "fuzz: tree invariant broken: %s\n", why);
		abort();
	}
	rl_buf b = {0};
	rl_tree_print(t, &b);
	if (b.len != size || (size && memcmp(b.data, data, size) != 0)) {
		fprintf(stderr, "fuzz: printing the tree does not give back the input\n");
		abort();
	}
	rl_buf_free(&b);
}

#ifdef FUZZ_CANONICAL
/* Parse text and return its canonical layout (NULL when it has none). */
static char *canonical_of(const char *text, size_t n, size_t *nerrors, size_t *len)
{
	rl_source *src = rl_source_from_mem("fuzz", text, n);
	rl_diags d = {0};
	rl_tree *t = rl_parse(src, FUZZ_LANG, &d);
	*nerrors = t->nerrors;
	char *c = t->nerrors ? NULL : rl_canonical(t, len);
	rl_diags_free(&d);
	rl_tree_free(t);
	rl_source_free(src);
	return c;
}

static void check_canonical(const rl_tree *t)
{
	if (t->nerrors)
		return;
	size_t n1 = 0, n2 = 0;
	char *once = rl_canonical(t, &n1);
	if (!once)
		return;
	size_t nerr = 0;
	char *twice = canonical_of(once, n1, &nerr, &n2);
	if (nerr) {
		fprintf(stderr, "fuzz: the canonical layout does not parse\n");
		abort();
	}
	if (twice && (n1 != n2 || memcmp(once, twice, n1) != 0)) {
		fprintf(stderr, "fuzz: the canonical layout is not idempotent\n");
		abort();
	}
	free(twice);
	free(once);
}
#else
static void check_canonical(const rl_tree *t)
{
	(void)t;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rl_source *src = rl_source_from_mem("fuzz", (const char *)data, size);
	rl_diags d = {0};
	rl_tree *t = rl_parse(src, FUZZ_LANG, &d);
	check_round_trip(t, data, size);
	check_canonical(t);
	rl_diags_free(&d);
	rl_tree_free(t);
	rl_source_free(src);
	return 0;
}
