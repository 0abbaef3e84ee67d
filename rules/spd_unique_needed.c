#include <stdlib.h>

#include "rule_util.h"

/* Out policies at level require, grouped by their tunnel endpoints. */
typedef struct group {
	const rl_sprule *ends;
	const rl_policy *first, *second;
	size_t count;
} group;

typedef struct groups {
	rl_hmap ix;
	group *v;
	size_t n, cap;
} groups;

static uint64_t ends_key(const rl_sprule *r)
{
	return rl_addr_hash(rl_addr_hash(RL_HASH_INIT, &r->src), &r->dst);
}

/* The policy's tunnel rule when the policy counts, else NULL. */
static const rl_sprule *counted(const rl_policy *p, size_t *k)
{
	if (!p->live || p->action != RL_ACT_IPSEC || p->dir != RL_DIR_OUT)
		return NULL;
	const rl_sprule *r = rlr_tunnel_rule(p, k);
	return r && r->level == RL_LEVEL_REQUIRE ? r : NULL;
}

static group *group_of(groups *g, const rl_sprule *r, bool add)
{
	uint64_t key = ends_key(r);
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&g->ix, key, &it, &i))
		if (rl_addr_equal(&g->v[i].ends->src, &r->src) && rl_addr_equal(&g->v[i].ends->dst, &r->dst))
			return &g->v[i];
	if (!add)
		return NULL;
	RL_GROW(g->v, g->cap, g->n + 1);
	g->v[g->n] = (group){r, NULL, NULL, 0};
	rl_hmap_add(&g->ix, key, (uint32_t)g->n);
	return &g->v[g->n++];
}

static void report(rl_ctx *cx, rl_host *h, const rl_policy *p, size_t k, const rl_sprule *r, const group *gr,
		   const rlr_sk_cmds *cmds)
{
	char a[RL_ADDR_STRLEN], b[RL_ADDR_STRLEN];
	rl_diag *dg = rl_report_at(
		cx, RL_R_spd_unique_needed, h, r->loc.src ? r->loc : p->loc, h->spd_file,
		"%zu out policies use the tunnel %s-%s at level require: the kernel may carry all of them on one SA, "
		"while a peer that keeps one SA per pair of networks (Cisco and others) drops what arrives on "
		"another pair's SA; write unique on each (and on their in policies)",
		gr->count, rl_addr_text(&r->src, a), rl_addr_text(&r->dst, b));
	const rl_policy *other = p == gr->first ? gr->second : gr->first;
	if (other->loc.src)
		rl_diag_related(dg, other->loc.src, other->loc.span, "another policy on the same tunnel");
	rlr_sk_rule sk;
	if (rlr_sk_rule_at(cmds, p->loc, k, &sk))
		rlr_sk_level_fix(dg, cmds->f->tree, &sk, "unique", false);
}

static void check_host(rl_ctx *cx, rl_host *h)
{
	rl_host_finish(h);
	groups g = {0};
	size_t k;
	for (size_t i = 0; i < h->npolicies; i++) {
		const rl_sprule *r = counted(h->policies[i], &k);
		if (!r)
			continue;
		group *gr = group_of(&g, r, true);
		if (gr->count++ == 0)
			gr->first = h->policies[i];
		else if (gr->count == 2)
			gr->second = h->policies[i];
	}
	rlr_sk_cmds cmds;
	rlr_sk_cmds_init(&cmds, cx, h->spd_file);
	for (size_t i = 0; g.n && i < h->npolicies; i++) {
		const rl_sprule *r = counted(h->policies[i], &k);
		const group *gr = r ? group_of(&g, r, false) : NULL;
		if (gr && gr->count > 1)
			report(cx, h, h->policies[i], k, r, gr, &cmds);
	}
	rlr_sk_cmds_free(&cmds);
	rl_hmap_free(&g.ix);
	free(g.v);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nhosts; i++)
		check_host(cx, cx->hosts[i]);
}

const rl_rule rl_rule_spd_unique_needed = {
	.code = "RL406",
	.name = "spd-unique-needed",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_HOST,
	.summary = "several out policies share tunnel endpoints at level require instead of unique",
	.explain =
		"With level require the kernel may reuse any SA between the two\n"
		"tunnel endpoints for every policy that names them, so traffic for\n"
		"several pairs of networks can travel on the SA negotiated for one of\n"
		"them. racoon accepts that, but a peer that negotiates and checks one\n"
		"SA per pair of networks (Cisco IOS, PIX and ASA, strongSwan with\n"
		"separate children) drops the packets that arrive on another pair's\n"
		"SA, so only some networks get through. Level unique gives each\n"
		"policy an SA of its own, and racoon negotiates one per policy. The\n"
		"unsafe fix writes unique on each out policy; change the in policies\n"
		"of the same pairs alike.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    spdadd 198.51.100.0/26 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n"
		"    spdadd 198.51.100.64/26 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n"
		"\n"
		"Good:\n"
		"\n"
		"    spdadd 198.51.100.0/26 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/unique;\n"
		"    spdadd 198.51.100.64/26 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/unique;\n",
	.check = check,
};
