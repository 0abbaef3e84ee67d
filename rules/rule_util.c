#include "rule_util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../src/edit.h"
#include "../src/setkey_syntax.h"

uint32_t rlr_next_node(const rl_tree *t, uint32_t n)
{
	if (t->nodes[n].child)
		return t->nodes[n].child;
	for (; n && n != t->root; n = t->nodes[n].parent)
		if (t->nodes[n].next)
			return t->nodes[n].next;
	return 0;
}

uint32_t rlr_tok_from(const rl_tree *t, uint32_t off)
{
	uint32_t lo = 0, hi = t->ntoks;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (t->toks[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

rl_diag *rlr_report(rl_ctx *cx, int rule, const rl_file *f, rl_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rl_diag *dg = rl_vreport(&cx->diags, rule, f->src, span, fmt, ap);
	va_end(ap);
	if (f->host)
		dg->host = rl_xstrdup(f->host->name);
	return dg;
}

rl_file *rlr_file_of(rl_ctx *cx, const rl_source *src)
{
	for (size_t i = 0; src && i < cx->nfiles; i++)
		if (cx->files[i]->src == src)
			return cx->files[i];
	return NULL;
}

static uint64_t loc_hash(rl_loc l)
{
	return rl_hash_num(rl_hash_num(RL_HASH_INIT, (uint64_t)(uintptr_t)l.src), l.span.start);
}

bool rlr_locset_add(rlr_locset *s, rl_loc l)
{
	uint64_t h = loc_hash(l);
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&s->ix, h, &it, &i))
		if (s->v[i].src == l.src && s->v[i].span.start == l.span.start)
			return false;
	RL_GROW(s->v, s->cap, s->n + 1);
	s->v[s->n] = l;
	rl_hmap_add(&s->ix, h, (uint32_t)s->n++);
	return true;
}

void rlr_locset_free(rlr_locset *s)
{
	rl_hmap_free(&s->ix);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* "Linux", "macOS", "FreeBSD", "NetBSD". */
static const char *platform_title(rl_platform p)
{
	static const char *const t[] = {"an unknown platform", "Linux", "macOS", "FreeBSD", "NetBSD"};
	return (unsigned)p < sizeof t / sizeof t[0] ? t[p] : t[0];
}

void rlr_platform_basis(const rl_host *h, rl_buf *b)
{
	const char *ev = h->platform_evidence;
	rl_buf_puts(b, platform_title(h->platform));
	switch (h->platform_origin) {
	case RL_ORIGIN_FLAG: rl_buf_printf(b, ", given by %s", ev ? ev : "--platform"); break;
	case RL_ORIGIN_CONFIG: rl_buf_printf(b, ", from %s", ev ? ev : "its configuration"); break;
	case RL_ORIGIN_INFERRED: rl_buf_printf(b, ", inferred from %s", ev ? ev : "its files"); break;
	default: break;
	}
}

/* ---- racoon.conf facts ---------------------------------------------- */

/* Does the authentication method use a pre-shared key in phase 1
 * (pre_shared_key, xauth_psk_*)? */
static bool auth_is_psk(const rl_alg *auth)
{
	if (!auth)
		return false;
	const char *c = rl_auth_fold(auth->canon);
	return strcmp(c, "pre_shared_key") == 0 || strcmp(c, "xauth_psk_server") == 0;
}

int rlr_aggressive_psk(const rl_remote *r, const rl_proposal **prop)
{
	const rl_proposal *psk = NULL;
	for (size_t i = 0; i < r->nprops && !psk; i++)
		if (auth_is_psk(r->props[i]->auth))
			psk = r->props[i];
	if (!psk)
		return -1;
	for (size_t i = 0; i < r->nmodes; i++)
		if (r->modes[i] == RL_XMODE_AGGRESSIVE || r->modes[i] == RL_XMODE_BASE) {
			if (prop)
				*prop = psk;
			return (int)i;
		}
	return -1;
}

bool rlr_host_aggressive_psk(const rl_host *h)
{
	for (size_t i = 0; i < h->nremotes; i++)
		if (rlr_aggressive_psk(h->remotes[i], NULL) >= 0)
			return true;
	return false;
}

/* ---- setkey policies ------------------------------------------------ */

static inline __attribute__((always_inline)) bool leaf_is(const rl_tree *t, uint32_t node, const char *word)
{
	return node && rl_tok_is(t, rl_sk_tok(t, node), word);
}

static void fill_rule(const rl_tree *t, rlr_sk_rule *r)
{
	r->proto = rl_sk_child(t, r->rule, RL_SK_PL_PROTO);
	r->mode = rl_sk_child(t, r->rule, RL_SK_PL_MODE);
	r->eps = rl_sk_child(t, r->rule, RL_SK_PL_ENDPOINTS);
	r->level = rl_sk_child(t, r->rule, RL_SK_PL_LEVEL);
}

static void each_rule_of(const rl_tree *t, uint32_t cmd, void (*fn)(const rlr_sk_rule *r, void *arg), void *arg)
{
	uint32_t pol = rl_sk_child(t, cmd, RL_SK_POLICY);
	if (!pol || !leaf_is(t, rl_sk_child(t, pol, RL_SK_PL_ACTION), "ipsec"))
		return;
	rlr_sk_rule r = {.cmd = cmd, .dir = rl_sk_child(t, pol, RL_SK_PL_DIR)};
	for (r.rule = rl_sk_child(t, pol, RL_SK_PL_RULE); r.rule; r.rule = rl_sk_next(t, r.rule, RL_SK_PL_RULE)) {
		fill_rule(t, &r);
		if (r.proto)
			fn(&r, arg);
	}
}

void rlr_sk_each_rule(const rl_tree *t, void (*fn)(const rlr_sk_rule *r, void *arg), void *arg)
{
	for (uint32_t c = t->nodes[t->root].child; c; c = t->nodes[c].next) {
		int kind = t->nodes[c].kind;
		if (kind == RL_SK_EXIT)
			return;
		if (kind == RL_SK_SPDADD || kind == RL_SK_SPDUPDATE)
			each_rule_of(t, c, fn, arg);
	}
}

bool rlr_src_holds(const rl_tree *t, const char *word)
{
	/* bytes every setkey or racoon.conf file is full of (words, hex
	 * digits of addresses, punctuation): the search goes by the first
	 * byte of word that is none of them */
	static const char common[] = "abcdefilnoprstu0123456789.:-/;[]{} \t\n";
	size_t n = strlen(word), len = t->src->len, at = 0;
	const char *s = t->src->data;
	if (n == 0)
		return true;
	while (at + 1 < n && strchr(common, word[at]))
		at++;
	for (size_t i = at; i + (n - at) <= len;) {
		const char *hit = memchr(s + i, word[at], len - i);
		if (!hit)
			return false;
		size_t k = (size_t)(hit - s);
		if (k + (n - at) <= len && memcmp(hit - at, word, n) == 0)
			return true;
		i = k + 1;
	}
	return false;
}

bool rlr_sk_level_is(const rl_tree *t, uint32_t level, const char *word)
{
	if (!level)
		return strcmp(word, "default") == 0;
	uint32_t tok = rl_sk_tok(t, level);
	size_t n = strlen(word);
	const char *s = rl_tok_text(t, tok);
	return t->toks[tok].len >= n && memcmp(s, word, n) == 0 && (t->toks[tok].len == n || s[n] == ':');
}

static void put_node(rl_buf *b, const rl_tree *t, uint32_t node)
{
	rl_span sp = rl_node_span(t, node);
	rl_buf_add(b, t->src->data + sp.start, sp.end - sp.start);
}

void rlr_sk_level_fix(rl_diag *dg, const rl_tree *t, const rlr_sk_rule *r, const char *word, bool safe)
{
	if (!r->level && !r->mode)
		return;
	char *title = rl_xasprintf("set the level to %s", word);
	rl_fix *fx = rl_diag_fix(dg, title, safe);
	free(title);
	if (r->level) {
		rl_fix_replace_node(fx, t, r->level, word);
		return;
	}
	/* no level written: write the rule again with one */
	rl_buf b = {0};
	put_node(&b, t, r->proto);
	rl_buf_putc(&b, '/');
	if (r->mode)
		put_node(&b, t, r->mode);
	rl_buf_putc(&b, '/');
	if (r->eps)
		put_node(&b, t, r->eps);
	rl_buf_printf(&b, "/%s", word);
	rl_fix_replace_node(fx, t, r->rule, rl_buf_str(&b));
	rl_buf_free(&b);
}

void rlr_sk_cmds_init(rlr_sk_cmds *c, rl_ctx *cx, const rl_source *src)
{
	memset(c, 0, sizeof *c);
	const rl_file *f = rlr_file_of(cx, src);
	if (!f || !f->tree || f->tree->lang != RL_LANG_SETKEY)
		return;
	uint32_t n;
	c->f = f;
	c->v = rl_tree_top(f->tree, &n);
	c->n = n;
}

void rlr_sk_cmds_free(rlr_sk_cmds *c)
{
	memset(c, 0, sizeof *c);
}

uint32_t rlr_sk_cmd_at(const rlr_sk_cmds *c, rl_loc at)
{
	if (!c->f || at.src != c->f->src || !c->n)
		return 0;
	const rl_tree *t = c->f->tree;
	uint32_t tok = rlr_tok_from(t, at.span.start);
	/* the last command that starts at or before tok */
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->nodes[c->v[mid]].first <= tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && t->nodes[c->v[lo - 1]].last >= tok ? c->v[lo - 1] : 0;
}

bool rlr_sk_rule_at(const rlr_sk_cmds *c, rl_loc at, size_t k, rlr_sk_rule *r)
{
	uint32_t cmd = rlr_sk_cmd_at(c, at);
	if (!cmd)
		return false;
	const rl_tree *t = c->f->tree;
	uint32_t pol = rl_sk_child(t, cmd, RL_SK_POLICY);
	memset(r, 0, sizeof *r);
	r->cmd = cmd;
	r->dir = pol ? rl_sk_child(t, pol, RL_SK_PL_DIR) : 0;
	r->rule = pol ? rl_sk_child(t, pol, RL_SK_PL_RULE) : 0;
	for (; r->rule && k; k--)
		r->rule = rl_sk_next(t, r->rule, RL_SK_PL_RULE);
	if (!r->rule)
		return false;
	fill_rule(t, r);
	return true;
}

const rl_sprule *rlr_tunnel_rule(const rl_policy *p, size_t *k)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const rl_sprule *r = &p->rules[i];
		if (r->mode == RL_MODE_TUNNEL && r->has_ends && r->src.family && r->dst.family) {
			if (k)
				*k = i;
			return r;
		}
	}
	return NULL;
}

void rlr_each_remote(rl_ctx *cx, rlr_remote_fn fn)
{
	rlr_locset seen = {0};
	for (size_t i = 0; i < cx->nhosts; i++) {
		rl_host *h = cx->hosts[i];
		for (size_t k = 0; k < h->nremotes; k++)
			fn(cx, h, h->remotes[k], &seen);
	}
	rlr_locset_free(&seen);
}
