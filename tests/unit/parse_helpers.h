/* Helpers for the parser unit tests: parse a buffer, check that the tree
 * prints it back, render findings and node layouts as strings. */
#ifndef RL_TEST_PARSE_HELPERS_H
#define RL_TEST_PARSE_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse.h"
#include "rules.h"
#include "syntax.h"
#include "util.h"

typedef struct parsed {
	rl_source *src;
	rl_tree *t;
	rl_diags d;
} parsed;

static inline void parsed_free(parsed *p)
{
	rl_tree_free(p->t);
	rl_source_free(p->src);
	rl_diags_free(&p->d);
	memset(p, 0, sizeof *p);
}

/* Does the tree print back its source byte for byte, with only white
 * space between tokens? NULL when it does, else what is wrong. */
static inline const char *lossless_problem(const rl_tree *t)
{
	const char *why = rl_tree_check_lossless(t);
	if (why)
		return why;
	rl_buf b = {0};
	rl_tree_print(t, &b);
	bool same = b.len == t->src->len && (b.len == 0 || memcmp(b.data, t->src->data, b.len) == 0);
	rl_buf_free(&b);
	return same ? NULL : "printing the tree does not give the input back";
}

/* Node invariants the syntax headers promise: below the root, every node
 * covers tokens inside its parent's range, starts and ends on a token the
 * parser saw (no trivia, no error token), and children follow in order. */
static inline const char *node_problem(const rl_tree *t, uint32_t n)
{
	const rl_node *nd = &t->nodes[n];
	if (nd->last < nd->first || nd->last >= t->ntoks)
		return "a node covers no tokens or runs past the last token";
	if ((t->toks[nd->first].flags | t->toks[nd->last].flags) & (RL_TOK_TRIVIA | RL_TOK_ERROR))
		return "a node starts or ends on a trivia or error token";
	int64_t after = (int64_t)nd->first - 1; /* last token of the previous child */
	for (uint32_t c = nd->child; c; c = t->nodes[c].next) {
		const rl_node *cn = &t->nodes[c];
		if (cn->parent != n || (int64_t)cn->first <= after || cn->last > nd->last)
			return "a child lies outside its parent or overlaps the one before";
		after = cn->last;
		const char *why = node_problem(t, c);
		if (why)
			return why;
	}
	return NULL;
}

static inline const char *tree_problem(const rl_tree *t)
{
	for (uint32_t c = t->nodes[t->root].child; c; c = t->nodes[c].next) {
		const char *why = node_problem(t, c);
		if (why)
			return why;
	}
	return NULL;
}

static inline parsed parse_mem(rl_lang lang, const char *text, size_t len)
{
	parsed p;
	memset(&p, 0, sizeof p);
	p.src = rl_source_from_mem("t", text, len);
	p.t = rl_parse(p.src, lang, &p.d);
	const char *why = lossless_problem(p.t);
	if (!why)
		why = tree_problem(p.t);
	if (why)
		fail_msg("%s", why);
	return p;
}

static inline parsed parse_str(rl_lang lang, const char *text)
{
	return parse_mem(lang, text, strlen(text));
}

/* "LINE:COL: CODE message" for each finding, one a line, in order. */
static inline char *findings(parsed *p)
{
	rl_buf b = {0};
	rl_diags_sort(&p->d);
	for (size_t i = 0; i < p->d.n; i++) {
		const rl_diag *dg = &p->d.v[i];
		uint32_t line, col;
		rl_source_pos(dg->loc.src, dg->loc.span.start, &line, &col);
		rl_buf_printf(&b, "%u:%u: %s %s\n", line, col, rl_rule_get(dg->rule)->code, dg->message);
	}
	return rl_buf_take(&b);
}

#define assert_findings(p, expected)                         \
	do {                                                 \
		char *got_ = findings(p);                    \
		assert_string_equal(got_, (expected));       \
		free(got_);                                  \
	} while (0)

/* Layout of node n: NAME or NAME'token' for a leaf, NAME(children) else.
 * names[kind] gives the names. */
static inline void dump_node(rl_buf *b, const rl_tree *t, uint32_t n, const char *const *names)
{
	const rl_node *nd = &t->nodes[n];
	rl_buf_puts(b, names[nd->kind]);
	if (!nd->child) {
		if (nd->first == nd->last) {
			const rl_tok *k = &t->toks[nd->first];
			rl_buf_putc(b, '\'');
			rl_buf_add(b, t->src->data + k->off, k->len);
			rl_buf_putc(b, '\'');
		}
		return;
	}
	rl_buf_putc(b, '(');
	for (uint32_t c = nd->child; c; c = t->nodes[c].next) {
		dump_node(b, t, c, names);
		if (t->nodes[c].next)
			rl_buf_putc(b, ' ');
	}
	rl_buf_putc(b, ')');
}

static inline char *dump_tree(const rl_tree *t, const char *const *names)
{
	rl_buf b = {0};
	for (uint32_t c = t->nodes[t->root].child; c; c = t->nodes[c].next) {
		dump_node(&b, t, c, names);
		rl_buf_putc(&b, '\n');
	}
	return rl_buf_take(&b);
}

/* Text of token i. */
static inline char *tok_text(const rl_tree *t, uint32_t i)
{
	return rl_xstrndup(t->src->data + t->toks[i].off, t->toks[i].len);
}

/* Deterministic pseudo-random numbers (xorshift). */
static inline uint32_t test_rand(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return (uint32_t)(x >> 16);
}

/* Parse n buffers built by fill (random bytes or random tokens) and check
 * that each tree is lossless. */
typedef size_t (*fill_fn)(char *buf, size_t cap, uint64_t *state);

static inline void fuzz_lossless(rl_lang lang, fill_fn fill, int n, uint64_t seed)
{
	char buf[2048];
	uint64_t state = seed;
	for (int i = 0; i < n; i++) {
		size_t len = fill(buf, sizeof buf, &state);
		parsed p;
		memset(&p, 0, sizeof p);
		p.src = rl_source_from_mem("fuzz", buf, len);
		p.t = rl_parse(p.src, lang, &p.d);
		const char *why = lossless_problem(p.t);
		if (!why)
			why = tree_problem(p.t);
		if (why)
			fail_msg("buffer %d: %s", i, why);
		parsed_free(&p);
	}
}

static inline size_t fill_bytes(char *buf, size_t cap, uint64_t *state)
{
	size_t len = test_rand(state) % cap;
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(test_rand(state) & 0xff);
	return len;
}

/* Random sequences of the given words joined by random separators. */
static inline size_t fill_words(char *buf, size_t cap, uint64_t *state, const char *const *words, size_t nwords)
{
	static const char *const seps[] = {" ", "", "\n", "\t", " \r\n", "  "};
	size_t len = 0, want = test_rand(state) % cap;
	while (len < want) {
		const char *w = words[test_rand(state) % nwords];
		const char *s = seps[test_rand(state) % (sizeof seps / sizeof seps[0])];
		size_t wl = strlen(w), sl = strlen(s);
		if (len + wl + sl > cap)
			break;
		memcpy(buf + len, w, wl);
		memcpy(buf + len + wl, s, sl);
		len += wl + sl;
	}
	return len;
}

#endif
