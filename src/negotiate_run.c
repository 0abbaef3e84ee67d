/* The negotiation model: gathering the flows of one direction, running
 * phase 1 and phase 2 for them, caching the result, and choosing which
 * pairs of a run to check. */
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "negotiate_priv.h"

/* The host address to use when no policy says which: a single host
 * address if there is one, else the first (maybe a network), else none. */
static rl_addr main_addr(const rl_host *h)
{
	for (size_t i = 0; i < h->naddrs; i++)
		if (rl_addr_is_host(&h->addrs[i].addr))
			return h->addrs[i].addr;
	if (h->naddrs)
		return h->addrs[0].addr;
	rl_addr none;
	memset(&none, 0, sizeof none);
	return none;
}

static size_t add_p1(rl_nego *n, const rl_addr *local, const rl_addr *peer, rl_loc trigger)
{
	RL_GROW(n->p1, n->capp1, n->np1 + 1);
	rl_p1 *p = &n->p1[n->np1];
	memset(p, 0, sizeof *p);
	p->local = *local;
	p->peer = *peer;
	p->trigger = trigger;
	return n->np1++;
}

static bool multicast(const rl_addr *a)
{
	return (a->family == 4 && (a->b[0] & 0xf0) == 0xe0) || (a->family == 6 && a->b[0] == 0xff);
}

/* Does an out policy of a lead to b? When b's address is not known, every
 * one does. racoon ignores policies towards multicast addresses. */
bool rl_policy_leads_to(rl_host *b, const rl_policy *p)
{
	if (!p->live || p->dir != RL_DIR_OUT || p->action != RL_ACT_IPSEC || !p->nrules)
		return false;
	rl_addr peer = rl_policy_peer(p);
	if (multicast(&peer) && peer.prefix >= 4)
		return false;
	return b->naddrs == 0 || rl_host_has_addr(b, &peer);
}

static void build_peer_groups(rl_host *a)
{
	rl_hmap seen[2] = {{0}, {0}};
	for (size_t i = 0; i < a->npolicies; i++) {
		const rl_policy *p = a->policies[i];
		if (!p->live || p->action != RL_ACT_IPSEC || !p->nrules || p->dir == RL_DIR_FWD)
			continue;
		int d = p->dir == RL_DIR_OUT;
		rl_addr peer = rl_policy_peer(p);
		uint64_t k = rl_addr_hash(RL_HASH_INIT, &peer);
		size_t it = 0;
		uint32_t v, found = UINT32_MAX;
		while (found == UINT32_MAX && rl_hmap_next(&seen[d], k, &it, &v))
			if (rl_addr_equal(&a->groups[d][v].peer, &peer))
				found = v;
		if (found == UINT32_MAX) {
			RL_GROW(a->groups[d], a->capgroups[d], a->ngroups[d] + 1);
			found = (uint32_t)a->ngroups[d]++;
			a->groups[d][found] = (rl_peer_group){.peer = peer};
			rl_hmap_add(&seen[d], k, found);
		}
		rl_peer_group *g = &a->groups[d][found];
		RL_GROW(g->idx, g->cap, g->n + 1);
		g->idx[g->n++] = (uint32_t)i;
	}
	rl_hmap_free(&seen[0]);
	rl_hmap_free(&seen[1]);
	a->groups_ready = true;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

size_t rl_policies_towards(rl_host *a, rl_host *b, rl_dir dir, bool skip_multicast, uint32_t **out)
{
	rl_host_finish(a);
	if (!a->groups_ready)
		build_peer_groups(a);
	int d = dir == RL_DIR_OUT;
	uint32_t *v = NULL;
	size_t n = 0, cap = 0, matched = 0;
	for (size_t k = 0; dir != RL_DIR_FWD && k < a->ngroups[d]; k++) {
		const rl_peer_group *g = &a->groups[d][k];
		if (skip_multicast && multicast(&g->peer) && g->peer.prefix >= 4)
			continue;
		if (b->naddrs && !rl_host_has_addr(b, &g->peer))
			continue;
		RL_GROW(v, cap, n + g->n);
		memcpy(v + n, g->idx, g->n * sizeof *v);
		n += g->n;
		matched++;
	}
	if (matched > 1)
		qsort(v, n, sizeof *v, cmp_u32);
	*out = v;
	return n;
}

static void collect_flows(nctx *x)
{
	rl_nego *n = x->n;
	rl_hmap pairs = {0};
	uint32_t *towards = NULL;
	size_t ntowards = rl_policies_towards(x->a, x->b, RL_DIR_OUT, true, &towards);
	for (size_t t = 0; t < ntowards; t++) {
		const rl_policy *p = x->a->policies[towards[t]];
		rl_addr peer = rl_policy_peer(p), local = rl_policy_local(p);
		peer = rl_host_resolve_addr(x->b, &peer);
		local = rl_host_resolve_addr(x->a, &local);
		uint64_t k = rl_addr_hash(rl_addr_hash(RL_HASH_INIT, &local), &peer);
		size_t it = 0, found = SIZE_MAX;
		uint32_t v;
		while (found == SIZE_MAX && rl_hmap_next(&pairs, k, &it, &v))
			if (rl_addr_equal(&n->p1[v].local, &local) && rl_addr_equal(&n->p1[v].peer, &peer))
				found = v;
		if (found == SIZE_MAX) {
			found = add_p1(n, &local, &peer, p->loc);
			rl_hmap_add(&pairs, k, (uint32_t)found);
		}
		RL_GROW(n->flows, n->capflows, n->nflows + 1);
		rl_flow *f = &n->flows[n->nflows++];
		memset(f, 0, sizeof *f);
		f->out = p;
		f->p1 = found;
	}
	free(towards);
	rl_hmap_free(&pairs);
	if (n->np1 == 0) {
		rl_addr local = main_addr(x->a), peer = main_addr(x->b);
		add_p1(n, &local, &peer, rl_loc_none());
	}
}

static rl_nego *compute(rl_host *a, rl_host *b)
{
	rl_nego *n = rl_xcalloc(1, sizeof *n);
	n->init = a;
	n->resp = b;
	nctx x = {a, b, n};
	collect_flows(&x);
	for (size_t i = 0; i < n->np1; i++)
		nego_phase1(&x, &n->p1[i]);
	for (size_t i = 0; i < n->nflows; i++)
		nego_flow(&x, &n->flows[i]);
	return n;
}

const rl_nego *rl_negotiate(rl_host *a, rl_host *b)
{
	rl_host_finish(a);
	rl_host_finish(b);
	rl_nego_cache *slot = NULL;
	for (size_t i = 0; i < a->nnegos; i++)
		if (a->negos[i].peer == b)
			slot = &a->negos[i];
	if (slot && slot->version == a->version && slot->peer_version == b->version)
		return slot->nego;
	if (!slot) {
		RL_GROW(a->negos, a->capnegos, a->nnegos + 1);
		slot = &a->negos[a->nnegos++];
		slot->nego = NULL;
		slot->peer = b;
	}
	rl_nego_free(slot->nego);
	slot->nego = compute(a, b);
	slot->version = a->version;
	slot->peer_version = b->version;
	return slot->nego;
}

void rl_nego_free(rl_nego *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->np1; i++)
		nego_p1_free(&n->p1[i]);
	for (size_t i = 0; i < n->nflows; i++)
		nego_flow_free(&n->flows[i]);
	free(n->p1);
	free(n->flows);
	free(n->sas);
	free(n);
}

const rl_check *rl_nego_check(const rl_nego *n, const rl_flow *f, size_t p1, rl_step s)
{
	if (s >= RL_STEP_INIT_SAINFO)
		return f ? rl_flow_step(f, s) : NULL;
	return &n->p1[f ? f->p1 : p1].step[s];
}

/* ---- which pairs to check ------------------------------------------ */

/* Does a psk.txt line of a carry an identifier of b? */
static bool psk_names(rl_host *a, rl_host *b)
{
	char ab[RL_ADDR_STRLEN];
	for (size_t i = 0; i < b->naddrs; i++) {
		if (!rl_addr_is_host(&b->addrs[i].addr))
			continue;
		rl_addr_text(&b->addrs[i].addr, ab);
		const rl_psk *p = rl_host_psk_lookup(a, ab, strlen(ab));
		if (p && !p->wildcard)
			return true;
	}
	for (size_t i = 0; i < b->nremotes; i++) {
		const rl_ident *id = &b->remotes[i]->my_id;
		if (!id->value)
			continue;
		const rl_psk *p = rl_host_psk_lookup(a, id->value, id->len);
		if (p && !p->wildcard)
			return true;
	}
	return false;
}

static void add_named(rl_host *a, rl_hmap *seen, const rl_addr *x)
{
	uint64_t k = rl_addr_hash(RL_HASH_INIT, x);
	size_t it = 0;
	uint32_t v;
	while (rl_hmap_next(seen, k, &it, &v))
		if (rl_addr_equal(&a->named[v], x))
			return;
	RL_GROW(a->named, a->capnamed, a->nnamed + 1);
	a->named[a->nnamed] = *x;
	rl_hmap_add(seen, k, (uint32_t)a->nnamed++);
}

/* The distinct addresses a names as a peer: its remote blocks' (not
 * anonymous) and the peer ends (with a prefix) of its live ipsec in and out
 * policies. Every pair of hosts is asked whether one names the other, so
 * each address is asked about once, not once a policy: a hub's spokes,
 * each with its policies towards the hub, stay linear. */
static void collect_named(rl_host *a)
{
	rl_hmap seen = {0};
	for (size_t i = 0; i < a->nremotes; i++)
		if (!a->remotes[i]->anonymous)
			add_named(a, &seen, &a->remotes[i]->addr);
	for (size_t i = 0; i < a->npolicies; i++) {
		const rl_policy *p = a->policies[i];
		if (!p->live || p->action != RL_ACT_IPSEC || p->dir == RL_DIR_FWD)
			continue;
		rl_addr peer = rl_policy_peer(p);
		if (peer.prefix > 0)
			add_named(a, &seen, &peer);
	}
	rl_hmap_free(&seen);
	a->named_ready = true;
}

/* Does a name b: a remote block for b's address, a policy whose peer end
 * is b, a psk.txt line for b? */
static bool names(rl_host *a, rl_host *b)
{
	if (!a->named_ready)
		collect_named(a);
	for (size_t i = 0; i < a->nnamed; i++)
		if (rl_host_has_addr(b, &a->named[i]))
			return true;
	return psk_names(a, b);
}

bool rl_pair_checked(rl_ctx *cx, size_t i, size_t j)
{
	if (i == j || i >= cx->nhosts || j >= cx->nhosts)
		return false;
	if (cx->nhosts == 2)
		return true;
	rl_host *a = cx->hosts[i], *b = cx->hosts[j];
	rl_host_finish(a);
	rl_host_finish(b);
	/* Every pair rule asks about every pair of hosts: the answer is kept in
	 * a (dropped with its derived data) for the two hosts' versions. */
	uint64_t k = rl_hash_num(RL_HASH_INIT, (uint64_t)(uintptr_t)b);
	size_t it = 0;
	uint32_t v;
	while (rl_hmap_next(&a->pair_memo_ix, k, &it, &v)) {
		const rl_pair_memo *m = &a->pair_memo[v];
		if (m->peer == b && m->version == a->version && m->peer_version == b->version)
			return m->yes;
	}
	bool yes = names(a, b) || names(b, a);
	RL_GROW(a->pair_memo, a->cappair_memo, a->npair_memo + 1);
	a->pair_memo[a->npair_memo] = (rl_pair_memo){b, a->version, b->version, yes};
	rl_hmap_add(&a->pair_memo_ix, k, (uint32_t)a->npair_memo++);
	return yes;
}
