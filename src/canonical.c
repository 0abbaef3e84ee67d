/* The canonical layout printer: the roles of each language's tokens, the
 * entry point, and the check that a layout keeps every token. */
#include "canonical.h"

#include <stdlib.h>
#include <string.h>

#include "canonical_int.h"
#include "diag.h"
#include "parse.h"
#include "racoon_syntax.h"
#include "setkey_syntax.h"

/* --- racoon.conf ------------------------------------------------------ */

/* May a prefix, port or range stick to a token of this kind? */
static bool racoon_address_like(int kind)
{
	return kind == RC_T_ADDR || kind == RC_T_PREFIX || kind == RC_T_ADDRRANGE;
}

rl_ctok *rl_canon_racoon_roles(const rl_tree *t)
{
	rl_ctok *r = rl_xcalloc(t->ntoks ? t->ntoks : 1, sizeof *r);
	int prev = -1; /* kind of the last word */
	for (uint32_t i = 0; i < t->ntoks; i++) {
		int kind = t->toks[i].kind;
		switch (kind) {
		case RC_T_COMMENT: r[i].role = RL_CR_COMMENT; continue;
		case RC_T_BOC: r[i].role = RL_CR_OPEN; break;
		case RC_T_EOC: r[i].role = RL_CR_CLOSE; break;
		case RC_T_EOS: r[i].role = RL_CR_END; r[i].glue_before = true; break;
		case RC_T_COMMA: r[i].glue_before = true; break;
		case RC_T_PREFIX: case RC_T_PORT: case RC_T_PORTANY:
			r[i].glue_before = racoon_address_like(prev);
			break;
		case RC_T_ADDRRANGE: r[i].glue_before = prev == RC_T_ADDR; break;
		default: break;
		}
		prev = kind;
	}
	return r;
}

/* --- setkey ----------------------------------------------------------- */

/* Mark the tokens of the policy signs ("prio -10", "prio def + 1"): glued
 * to the number after them. */
static void setkey_signs(const rl_tree *t, rl_ctok *r)
{
	for (uint32_t n = 1; n < t->nnodes; n++)
		if (t->nodes[n].kind == RL_SK_PL_SIGN && t->nodes[n].first < t->ntoks)
			r[t->nodes[n].first].glue_after = true;
}

rl_ctok *rl_canon_setkey_roles(const rl_tree *t)
{
	rl_ctok *r = rl_xcalloc(t->ntoks ? t->ntoks : 1, sizeof *r);
	setkey_signs(t, r);
	for (uint32_t i = 0; i < t->ntoks; i++) {
		switch (t->toks[i].kind) {
		case SKT_COMMENT: r[i].role = RL_CR_COMMENT; break;
		case SKT_SEMI: r[i].role = RL_CR_END; r[i].glue_before = true; break;
		case SKT_SLASH: case SKT_LBRACKET: r[i].glue_before = r[i].glue_after = true; break;
		case SKT_RBRACKET: case SKT_PL_PORT: r[i].glue_before = true; break;
		case SKT_PL_HYPHEN:
			/* between endpoints, not a sign */
			if (!r[i].glue_after)
				r[i].glue_before = r[i].glue_after = true;
			break;
		default: break;
		}
	}
	return r;
}

/* --- entry ------------------------------------------------------------ */

bool rl_canonical_ok(const rl_tree *t)
{
	if (t->nerrors)
		return false;
	for (uint32_t i = 0; i < t->ntoks; i++)
		if (t->toks[i].flags & RL_TOK_ERROR)
			return false;
	for (uint32_t n = 1; n < t->nnodes; n++)
		if (t->nodes[n].flags & RL_NODE_ERROR)
			return false;
	return true;
}

static void lay_out(const rl_tree *t, rl_buf *out)
{
	rl_ctok *roles = NULL;
	switch (t->lang) {
	case RL_LANG_RACOON: roles = rl_canon_racoon_roles(t); break;
	case RL_LANG_SETKEY: roles = rl_canon_setkey_roles(t); break;
	case RL_LANG_PSK: rl_canon_psk(t, out); return;
	default: return;
	}
	rl_canon_flow(t, roles, out);
	free(roles);
}

/* Does text read back into the tokens of t, without errors? */
static bool reads_back(const rl_tree *t, const char *text, size_t len)
{
	rl_source *src = rl_source_from_mem(t->src->name, text, len);
	rl_diags d = {0};
	rl_tree *u = rl_parse(src, t->lang, &d);
	bool ok = rl_canonical_ok(u) && rl_canonical_same_tokens(t, u);
	rl_tree_free(u);
	rl_diags_free(&d);
	rl_source_free(src);
	return ok;
}

char *rl_canonical(const rl_tree *t, size_t *len)
{
	*len = 0;
	if (!rl_canonical_ok(t) || (t->lang != RL_LANG_RACOON && t->lang != RL_LANG_SETKEY && t->lang != RL_LANG_PSK))
		return NULL;
	rl_buf out = {0};
	lay_out(t, &out);
	if (!reads_back(t, out.data ? out.data : "", out.len)) {
		rl_buf_free(&out);
		return NULL;
	}
	*len = out.len;
	return rl_buf_take(&out);
}

/* --- the check -------------------------------------------------------- */

static size_t comment_len(const rl_tree *t, uint32_t i)
{
	const char *s = rl_tok_text(t, i);
	size_t n = t->toks[i].len;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

static bool is_comment(const rl_tree *t, uint32_t i)
{
	return t->lang != RL_LANG_PSK && t->lang != RL_LANG_UNKNOWN && (t->toks[i].flags & RL_TOK_TRIVIA) &&
	       t->toks[i].kind == (t->lang == RL_LANG_RACOON ? RC_T_COMMENT : SKT_COMMENT);
}

/* The next token at or after *i that is (or is not) a comment; false at
 * the end. */
static bool next_tok(const rl_tree *t, uint32_t *i, bool comments)
{
	while (*i < t->ntoks && is_comment(t, *i) != comments)
		(*i)++;
	return *i < t->ntoks;
}

static bool same_tok(const rl_tree *a, uint32_t i, const rl_tree *b, uint32_t k)
{
	const rl_tok *x = &a->toks[i], *y = &b->toks[k];
	if (x->kind != y->kind || x->flags != y->flags)
		return false;
	size_t nx = is_comment(a, i) ? comment_len(a, i) : x->len;
	size_t ny = is_comment(b, k) ? comment_len(b, k) : y->len;
	return nx == ny && memcmp(rl_tok_text(a, i), rl_tok_text(b, k), nx) == 0;
}

/* The tokens that are (or are not) comments, in order, are the same. */
static bool same_run(const rl_tree *a, const rl_tree *b, bool comments)
{
	uint32_t i = 0, k = 0;
	for (;; i++, k++) {
		bool more_a = next_tok(a, &i, comments), more_b = next_tok(b, &k, comments);
		if (!more_a || !more_b)
			return more_a == more_b;
		if (!same_tok(a, i, b, k))
			return false;
	}
}

bool rl_canonical_same_tokens(const rl_tree *a, const rl_tree *b)
{
	return a->lang == b->lang && a->ntoks == b->ntoks && same_run(a, b, false) && same_run(a, b, true);
}
