/* libFuzzer target for the files of two hosts checked together.
 *
 * The input is cut at each byte 0x1e (ASCII record separator) into up to six
 * files: racoon.conf, psk.txt and ipsec-tools.conf of host a, then the same
 * of host b; missing parts are empty files. Every rule runs over them in one
 * run, and the findings go through every output path: text (with and
 * without colour), gcc, json, sarif, the unified diff of all fixes (safe and
 * unsafe), --print without --show-secrets, and the LSP diagnostics and code
 * actions.
 *
 * Properties checked on every input: no crash, leak or undefined behaviour
 * (the sanitizers), and no output holds a planted secret. A secret span of
 * RL_SCRUB_MIN bytes or more with a '~' in it counts as planted when every
 * '~' of the input lies inside a secret span: racoonlint writes no '~' of
 * its own, so such bytes in the output can then only have been copied from
 * a secret. (A '~' elsewhere, quoted in a message next to racoonlint's own
 * words, can spell a secret by chance: "invalid character '~' [" holds the
 * key "racter '~' ".)
 *
 * Host folders: once the host loader (rl_host_load) reads a host from files,
 * this target should hand it the two hosts' files so that the pair rules
 * run too; until then the six files are checked in one run without hosts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fix.h"
#include "lint.h"
#include "lsp.h"
#include "output.h"
#include "util.h"

#define SEP 0x1e

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *name;
	rl_lang lang;
} parts[] = {
	{"a/racoon.conf", RL_LANG_RACOON}, {"a/psk.txt", RL_LANG_PSK}, {"a/ipsec-tools.conf", RL_LANG_SETKEY},
	{"b/racoon.conf", RL_LANG_RACOON}, {"b/psk.txt", RL_LANG_PSK}, {"b/ipsec-tools.conf", RL_LANG_SETKEY},
};
#define NPARTS (sizeof parts / sizeof parts[0])

/* Does every '~' of the run's files lie inside a secret span? */
static int tildes_only_in_secrets(const rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++) {
		const rl_source *src = cx->files[i]->src;
		for (const char *p = src->data; (p = memchr(p, '~', src->len - (size_t)(p - src->data))) != NULL; p++)
			if (!rl_source_is_secret(src, (uint32_t)(p - src->data)))
				return 0;
	}
	return 1;
}

/* Is the secret span sp of src one this target planted? */
static int planted(const rl_source *src, rl_span sp)
{
	return sp.end <= src->len && sp.end - sp.start >= RL_SCRUB_MIN &&
	       memchr(src->data + sp.start, '~', sp.end - sp.start) != NULL;
}

/* Does out[0..n) hold needle[0..k)? (memmem is not in C11 or POSIX.) */
static int holds(const char *out, size_t n, const char *needle, size_t k)
{
	for (const char *p = out; k && (size_t)(out + n - p) >= k; p++) {
		p = memchr(p, needle[0], (size_t)(out + n - p) - k + 1);
		if (!p)
			return 0;
		if (memcmp(p, needle, k) == 0)
			return 1;
	}
	return 0;
}

/* Abort when out holds the bytes of a planted secret of the run. */
static void check_no_secret(const rl_ctx *cx, const char *what, const char *out, size_t n)
{
	if (!tildes_only_in_secrets(cx))
		return;
	for (size_t i = 0; i < cx->nfiles; i++) {
		const rl_source *src = cx->files[i]->src;
		for (size_t k = 0; k < src->nsecrets; k++) {
			rl_span sp = src->secrets[k];
			if (!planted(src, sp))
				continue;
			if (holds(out, n, src->data + sp.start, sp.end - sp.start)) {
				fprintf(stderr, "fuzz_pair: %s output holds the secret at %s bytes %u-%u\n", what,
					src->name, sp.start, sp.end);
				abort();
			}
		}
	}
}

static void check_format(rl_ctx *cx, rl_format fmt, bool color, const char *what)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		abort();
	cx->opt->format = fmt;
	cx->opt->color = color;
	rl_output(cx, f);
	fclose(f);
	check_no_secret(cx, what, buf, n);
	free(buf);
}

static void check_diff(rl_ctx *cx)
{
	rl_changes ch = {0};
	rl_changes_from_fixes(cx, true, &ch);
	rl_scrub sc;
	rl_scrub_init(&sc, cx);
	rl_buf b = {0};
	rl_changes_diff(&ch, &sc, &b);
	check_no_secret(cx, "diff", b.data ? b.data : "", b.len);
	rl_buf_free(&b);
	rl_scrub_free(&sc);
	rl_changes_free(&ch);
}

/* --print without --show-secrets */
static void check_print(rl_ctx *cx)
{
	rl_scrub sc;
	rl_scrub_init(&sc, cx);
	for (size_t i = 0; i < cx->nfiles; i++) {
		rl_buf b = {0}, m = {0};
		rl_tree_print(cx->files[i]->tree, &b);
		rl_mask_scrub_append(&sc, &m, cx->files[i]->src, 0, b.data ? b.data : "", b.len);
		check_no_secret(cx, "--print", m.data ? m.data : "", m.len);
		rl_buf_free(&m);
		rl_buf_free(&b);
	}
	rl_scrub_free(&sc);
}

static void check_json(rl_ctx *cx, json_t *j, const char *what)
{
	if (!j)
		return;
	char *s = json_dumps(j, JSON_COMPACT);
	if (s)
		check_no_secret(cx, what, s, strlen(s));
	free(s);
	json_decref(j);
}

static void check_lsp(rl_ctx *cx)
{
	rl_lsp_locator loc;
	rl_lsp_locator_init(&loc, RL_ENC_UTF16, cx, cx->files[0]->src, "file:///fuzz/a/racoon.conf");
	for (size_t i = 0; i < cx->diags.n; i++) {
		check_json(cx, rl_lsp_diagnostic(&loc, &cx->diags.v[i]), "lsp diagnostic");
		check_json(cx, rl_lsp_code_action(&loc, &cx->diags.v[i]), "lsp code action");
	}
	rl_lsp_locator_free(&loc);
}

/* Cut the input into the six files and add them to the run. */
static void add_parts(rl_ctx *cx, const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	for (size_t i = 0; i < NPARTS; i++) {
		const char *sep = i + 1 < NPARTS ? memchr(p, SEP, (size_t)(end - p)) : NULL;
		const char *stop = sep ? sep : end;
		rl_source *src = rl_source_from_mem(parts[i].name, p, (size_t)(stop - p));
		rl_ctx_add_file(cx, src, parts[i].lang, NULL, NULL);
		p = sep ? sep + 1 : end;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rl_options opt;
	rl_options_init(&opt);
	rl_ctx cx;
	memset(&cx, 0, sizeof cx);
	cx.opt = &opt;
	add_parts(&cx, data, size);
	rl_ctx_run_rules(&cx);
	rl_ctx_filter(&cx);
	check_format(&cx, RL_FMT_TEXT, false, "text");
	check_format(&cx, RL_FMT_TEXT, true, "colour text");
	check_format(&cx, RL_FMT_GCC, false, "gcc");
	check_format(&cx, RL_FMT_JSON, false, "json");
	check_format(&cx, RL_FMT_SARIF, false, "sarif");
	check_diff(&cx);
	check_print(&cx);
	check_lsp(&cx);
	rl_ctx_free(&cx);
	rl_options_free(&opt);
	return 0;
}
