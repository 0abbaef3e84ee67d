/* setkey tree -> host model. */
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "setkey_syntax.h"
#include "util.h"

static rl_loc node_loc(const rl_tree *t, uint32_t n)
{
	rl_loc l = {t->src, rl_node_span(t, n)};
	return l;
}

/* Inline: with a literal word the length is known when compiled (the
 * builder tests a few words a policy). */
static inline __attribute__((always_inline)) bool leaf_is(const rl_tree *t, uint32_t node, const char *word)
{
	return node && rl_tok_is(t, rl_sk_tok(t, node), word);
}

/* A token that is a numeric address (names are never resolved), with a
 * prefix length token when there is one. */
static bool parse_addr(const rl_tree *t, uint32_t tok, uint32_t prefix, rl_addr *a)
{
	if (tok == RL_SK_NO_TOK)
		return false;
	const rl_sk_addr_memo *m = rl_sk_addr_memo_find(t, tok);
	if (m) {
		/* parsed by the value checks: only the prefix is left */
		memset(a, 0, sizeof *a);
		a->family = m->family;
		memcpy(a->b, m->b, sizeof a->b);
		unsigned bits = rl_addr_bits(a);
		if (prefix == RL_SK_NO_TOK) {
			a->prefix = (uint8_t)bits;
			return true;
		}
		if (rl_addr_prefix_parse(rl_tok_text(t, prefix), t->toks[prefix].len, bits, &a->prefix))
			return true;
	}
	if (prefix == RL_SK_NO_TOK)
		return rl_addr_parse_split(rl_tok_text(t, tok), t->toks[tok].len, NULL, 0, a);
	return rl_addr_parse_split(rl_tok_text(t, tok), t->toks[tok].len, rl_tok_text(t, prefix), t->toks[prefix].len,
				   a);
}

/* A port value: a number, or 'any' (0). Service names are not looked up:
 * false. */
static bool port_value(const rl_tree *t, uint32_t tok, int *port)
{
	uint64_t v;
	*port = 0;
	if (tok == RL_SK_NO_TOK || t->toks[tok].kind == SKT_ANY)
		return true;
	if (!rl_sk_number(t, tok, &v) || v > 65535)
		return false;
	*port = (int)v;
	return true;
}

/* An ADDR node: address, prefix and port. */
static bool sel_end(const rl_tree *t, uint32_t addr, rl_addr *a, int *port)
{
	return addr && parse_addr(t, rl_sk_addr_host(t, addr), rl_sk_addr_prefix(t, addr), a) &&
	       port_value(t, rl_sk_addr_port(t, addr), port);
}

/* The selector of an SPD command; false when racoonlint cannot know it
 * (a host name, a service name, an unknown protocol name). */
static bool selector(const rl_tree *t, uint32_t cmd, rl_sel *s)
{
	uint32_t upper = rl_sk_child(t, cmd, RL_SK_UPPER);
	if (!sel_end(t, rl_sk_src(t, cmd), &s->src, &s->sport) || !sel_end(t, rl_sk_dst(t, cmd), &s->dst, &s->dport) ||
	    !upper)
		return false;
	uint32_t u = rl_sk_tok(t, upper);
	s->proto = rl_ulproto_parse(rl_tok_text(t, u), t->toks[u].len);
	return s->proto >= 0;
}

static rl_dir dir_of(const rl_tree *t, uint32_t pol)
{
	uint32_t d = rl_sk_child(t, pol, RL_SK_PL_DIR);
	return leaf_is(t, d, "in") ? RL_DIR_IN : leaf_is(t, d, "fwd") ? RL_DIR_FWD : RL_DIR_OUT;
}

static void priority(const rl_tree *t, uint32_t pol, rl_policy *p)
{
	/* Linux: low, def and high stand for these bases */
	static const long base_value[] = {0x40000000L, 0x80000000L, 0xC0000000L};
	uint32_t prio = rl_sk_child(t, pol, RL_SK_PL_PRIO);
	if (!prio)
		return;
	long v = 0;
	uint32_t base = rl_sk_child(t, prio, RL_SK_PL_PRIOBASE);
	if (base)
		v = leaf_is(t, base, "high") ? base_value[0] : leaf_is(t, base, "def") ? base_value[1]
			 : leaf_is(t, base, "low") ? base_value[2] : 0;
	uint64_t n = 0;
	if (rl_sk_number(t, rl_sk_value(t, prio), &n) && n <= 0x7fffffffULL)
		v += leaf_is(t, rl_sk_child(t, prio, RL_SK_PL_SIGN), "-") ? -(long)n : (long)n;
	p->has_prio = true;
	p->prio = v;
}

static rl_action action_of(const rl_tree *t, uint32_t pol)
{
	uint32_t a = rl_sk_child(t, pol, RL_SK_PL_ACTION);
	/* none, or a word the parser took for an action but no other: none */
	return leaf_is(t, a, "ipsec")     ? RL_ACT_IPSEC
	       : leaf_is(t, a, "discard") ? RL_ACT_DISCARD
	       : leaf_is(t, a, "entrust") ? RL_ACT_ENTRUST
	       : leaf_is(t, a, "bypass")  ? RL_ACT_BYPASS
				       : RL_ACT_NONE;
}

static rl_level level_of(const rl_tree *t, uint32_t lv, unsigned *reqid)
{
	*reqid = 0;
	if (!lv || leaf_is(t, lv, "default"))
		return RL_LEVEL_DEFAULT;
	if (leaf_is(t, lv, "use"))
		return RL_LEVEL_USE;
	if (leaf_is(t, lv, "require"))
		return RL_LEVEL_REQUIRE;
	uint32_t tok = rl_sk_tok(t, lv);
	const char *colon = memchr(rl_tok_text(t, tok), ':', t->toks[tok].len);
	if (colon)
		*reqid = (unsigned)strtoul(colon + 1, NULL, 10);
	return RL_LEVEL_UNIQUE;
}

/* ADDR[PORT] of a tunnel endpoint. */
static bool endpoint(const rl_tree *t, uint32_t ep, rl_addr *a, int *port)
{
	uint64_t v = 0;
	uint32_t p = rl_sk_child(t, ep, RL_SK_PL_PORT);
	*port = p && rl_sk_number(t, rl_sk_tok(t, p), &v) && v <= 65535 ? (int)v : 0;
	return ep && parse_addr(t, rl_sk_tok(t, ep), RL_SK_NO_TOK, a);
}

static void rule(const rl_tree *t, uint32_t r, rl_policy *p)
{
	uint32_t proto = rl_sk_child(t, r, RL_SK_PL_PROTO), mode = rl_sk_child(t, r, RL_SK_PL_MODE);
	rl_ipsec_proto pr = leaf_is(t, proto, "ah") ? RL_IPSEC_AH : leaf_is(t, proto, "ipcomp") ? RL_IPSEC_IPCOMP
												: RL_IPSEC_ESP;
	rl_ipsec_mode md = leaf_is(t, mode, "tunnel") ? RL_MODE_TUNNEL : leaf_is(t, mode, "transport") ? RL_MODE_TRANSPORT
												    : RL_MODE_ANY;
	unsigned reqid;
	rl_level lv = level_of(t, rl_sk_child(t, r, RL_SK_PL_LEVEL), &reqid);
	rl_sprule *sr = rl_policy_add_rule(p, pr, md, lv, node_loc(t, r));
	sr->reqid = reqid;
	uint32_t ends = rl_sk_child(t, r, RL_SK_PL_ENDPOINTS);
	if (ends) {
		uint32_t src = rl_sk_child(t, ends, RL_SK_PL_EP), dst = rl_sk_next(t, src, RL_SK_PL_EP);
		sr->has_ends = endpoint(t, src, &sr->src, &sr->sport) && endpoint(t, dst, &sr->dst, &sr->dport);
	}
}

static void spd_command(rl_host *h, const rl_tree *t, uint32_t c, rl_spdcmd cmd)
{
	rl_sel sel;
	memset(&sel, 0, sizeof sel);
	uint32_t pol = rl_sk_child(t, c, RL_SK_POLICY);
	if (!pol || !selector(t, c, &sel))
		return;
	rl_policy *p = rl_host_add_policy(h, cmd, node_loc(t, c));
	p->sel = sel;
	p->dir = dir_of(t, pol);
	p->action = action_of(t, pol);
	priority(t, pol, p);
	for (uint32_t r = rl_sk_child(t, pol, RL_SK_PL_RULE); r; r = rl_sk_next(t, r, RL_SK_PL_RULE))
		rule(t, r, p);
}

static char *child_word(const rl_tree *t, uint32_t node, int kind)
{
	uint32_t c = rl_sk_child(t, node, kind);
	return c ? rl_tok_strdup(t, rl_sk_tok(t, c)) : NULL;
}

/* -m MODE and -u REQID of a manual SA. */
static void sa_extensions(const rl_tree *t, uint32_t c, rl_sa *sa)
{
	for (uint32_t e = rl_sk_child(t, c, RL_SK_EXT); e; e = rl_sk_next(t, e, RL_SK_EXT)) {
		uint32_t v = rl_sk_value(t, e);
		uint64_t n;
		if (leaf_is(t, e, "-m") && v != RL_SK_NO_TOK)
			sa->mode = rl_tok_is(t, v, "tunnel") ? RL_MODE_TUNNEL : rl_tok_is(t, v, "transport") ? RL_MODE_TRANSPORT
													  : RL_MODE_ANY;
		else if (leaf_is(t, e, "-u") && rl_sk_number(t, v, &n) && n <= 0xffffffffULL)
			sa->reqid = (unsigned)n;
	}
}

static void sa_command(rl_host *h, const rl_tree *t, uint32_t c, rl_spdcmd cmd)
{
	rl_addr src, dst;
	int sp, dp;
	if (!sel_end(t, rl_sk_src(t, c), &src, &sp) || !sel_end(t, rl_sk_dst(t, c), &dst, &dp))
		return;
	rl_sa *sa = rl_host_add_sa(h, cmd, node_loc(t, c));
	sa->src = src;
	sa->dst = dst;
	sa->proto = child_word(t, c, RL_SK_PROTO);
	uint64_t spi;
	uint32_t s = rl_sk_child(t, c, RL_SK_SPI);
	if (s && rl_sk_number(t, rl_sk_tok(t, s), &spi) && spi <= 0xffffffffULL)
		sa->spi = (unsigned long)spi;
	sa_extensions(t, c, sa);
	/* the algorithm names only: never the keys */
	sa->enc = child_word(t, rl_sk_child(t, c, RL_SK_ALG_ENC), RL_SK_ALG);
	sa->auth = child_word(t, rl_sk_child(t, c, RL_SK_ALG_AUTH), RL_SK_ALG);
	sa->comp = child_word(t, rl_sk_child(t, c, RL_SK_ALG_COMP), RL_SK_ALG);
}

static void build(rl_host *h, const rl_tree *t)
{
	for (uint32_t c = t->nodes[t->root].child; c; c = t->nodes[c].next) {
		switch (t->nodes[c].kind) {
		case RL_SK_SPDADD: spd_command(h, t, c, RL_SPD_ADD); break;
		case RL_SK_SPDUPDATE: spd_command(h, t, c, RL_SPD_UPDATE); break;
		case RL_SK_SPDDELETE: spd_command(h, t, c, RL_SPD_DELETE); break;
		case RL_SK_SPDFLUSH: rl_host_add_policy(h, RL_SPD_FLUSH, node_loc(t, c)); break;
		case RL_SK_ADD: sa_command(h, t, c, RL_SPD_ADD); break;
		case RL_SK_DELETE: sa_command(h, t, c, RL_SPD_DELETE); break;
		case RL_SK_EXIT: return; /* setkey reads no further */
		default: break;                 /* flush, dump, get: no policy changes */
		}
	}
}

void rl_build_setkey(rl_host *h, const rl_tree *t)
{
	if (!t)
		return;
	build(h, t);
	/* the addresses the value checks kept are read: drop them before the
	 * rules build their indexes (a cache, so the tree stays const to
	 * its readers) */
	rl_sk_addr_memo_drop((rl_tree *)t);
}
