/* Helpers for the control and output tests: runs built by hand, with a
 * small tokenizer standing in for the parsers (comments as trivia, quoted
 * strings, ';' '{' '}' and words; psk.txt by line), and captured output. */
#ifndef CONTROL_HELPERS_H
#define CONTROL_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "util.h"

static inline int th_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline void th_tokenize_conf(rl_tree *t)
{
	const char *d = t->src->data;
	uint32_t i = 0, n = t->src->len;
	while (i < n) {
		if (th_space(d[i])) {
			i++;
			continue;
		}
		uint32_t s = i;
		uint16_t flags = 0;
		if (d[i] == '#') {
			while (i < n && d[i] != '\n' && d[i] != '\r')
				i++;
			flags = RL_TOK_TRIVIA;
		} else if (d[i] == '"') {
			for (i++; i < n && d[i] != '"'; i++)
				;
			i += i < n;
		} else if (strchr(";{}", d[i])) {
			i++;
		} else {
			while (i < n && !th_space(d[i]) && !strchr(";{}#\"", d[i]))
				i++;
		}
		rl_tree_add_tok(t, s, i - s, 1, flags);
	}
}

/* psk.txt: '#' at column 1 is a comment line; else identifier and key. */
static inline void th_tokenize_psk(rl_tree *t)
{
	const char *d = t->src->data;
	uint32_t i = 0, n = t->src->len;
	while (i < n) {
		uint32_t e = i;
		while (e < n && d[e] != '\n')
			e++;
		if (d[i] == '#') {
			rl_tree_add_tok(t, i, e - i, 0, RL_TOK_TRIVIA);
		} else if (e > i && !th_space(d[i])) {
			uint32_t k = i;
			while (k < e && !th_space(d[k]))
				k++;
			rl_tree_add_tok(t, i, k - i, 1, 0);
			while (k < e && th_space(d[k]))
				k++;
			if (k < e)
				rl_tree_add_tok(t, k, e - k, 2, RL_TOK_SECRET);
		}
		i = e + 1;
	}
}

static inline rl_tree *th_tree(const char *name, const char *text, rl_lang lang)
{
	rl_source *src = rl_source_from_mem(name, text, strlen(text));
	src->lang = lang;
	rl_tree *t = rl_tree_new(src, lang);
	if (lang == RL_LANG_PSK)
		th_tokenize_psk(t);
	else
		th_tokenize_conf(t);
	return t;
}

static inline void th_tree_free(rl_tree *t)
{
	rl_source *src = t->src;
	rl_tree_free(t);
	rl_source_free(src);
}

/* A run: options and context, files added by hand. */
typedef struct th_run {
	rl_options opt;
	rl_ctx cx;
} th_run;

static inline void th_run_init(th_run *r)
{
	rl_options_init(&r->opt);
	memset(&r->cx, 0, sizeof r->cx);
	r->cx.opt = &r->opt;
}

static inline rl_file *th_add(th_run *r, const char *name, const char *text, rl_lang lang)
{
	rl_file *f = rl_xcalloc(1, sizeof *f);
	f->tree = th_tree(name, text, lang);
	f->src = f->tree->src;
	RL_GROW(r->cx.files, r->cx.capfiles, r->cx.nfiles + 1);
	r->cx.files[r->cx.nfiles++] = f;
	return f;
}

static inline void th_run_free(th_run *r)
{
	rl_ctx_free(&r->cx);
	rl_options_free(&r->opt);
}

/* Offset of the first occurrence of needle in a source (fails the test
 * when absent). */
static inline uint32_t th_off(const rl_source *src, const char *needle)
{
	const char *p = strstr(src->data, needle);
	assert_non_null(p);
	return (uint32_t)(p - src->data);
}

static inline rl_span th_span(const rl_source *src, const char *needle)
{
	uint32_t s = th_off(src, needle);
	return (rl_span){s, s + (uint32_t)strlen(needle)};
}

/* The run's output in a format, as a string to be freed. */
static inline char *th_output(th_run *r, rl_format fmt, bool color)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	r->opt.format = fmt;
	r->opt.color = color;
	rl_output(&r->cx, f);
	rewind(f);
	rl_buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rl_buf_add(&b, chunk, n);
	fclose(f);
	return rl_buf_take(&b);
}

#endif
