#include <stdint.h>
#include <stdlib.h>

#include "rule_util.h"

static const char *natt_word(long v)
{
	return v == RL_NATT_FORCE ? "force" : v == RL_NATT_ON ? "on" : "off";
}

/* The pairs of blocks already reported. */
typedef struct reported {
	rl_hmap ix;
	const rl_remote *(*v)[2];
	size_t n, cap;
} reported;

static bool first_time(reported *rp, const rl_remote *on, const rl_remote *off)
{
	uint64_t k = rl_hash_num(rl_hash_num(RL_HASH_INIT, (uint64_t)(uintptr_t)on), (uint64_t)(uintptr_t)off);
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&rp->ix, k, &it, &i))
		if (rp->v[i][0] == on && rp->v[i][1] == off)
			return false;
	RL_GROW(rp->v, rp->cap, rp->n + 1);
	rp->v[rp->n][0] = on;
	rp->v[rp->n][1] = off;
	rl_hmap_add(&rp->ix, k, (uint32_t)rp->n++);
	return true;
}

static void pair(rl_ctx *cx, rl_host *a, rl_host *b, void *arg)
{
	const rl_nego *n = rl_negotiate(a, b);
	for (size_t i = 0; i < n->np1; i++) {
		const rl_remote *ra = n->p1[i].rem_i, *rb = n->p1[i].rem_r;
		if (!ra || !rb)
			continue;
		long va = rl_num_get(&ra->nat_traversal, RL_NATT_OFF), vb = rl_num_get(&rb->nat_traversal, RL_NATT_OFF);
		if ((va == RL_NATT_OFF) == (vb == RL_NATT_OFF))
			continue;
		bool a_on = va != RL_NATT_OFF;
		const rl_remote *on = a_on ? ra : rb, *off = a_on ? rb : ra;
		rl_host *h_on = a_on ? a : b, *h_off = a_on ? b : a;
		if (!first_time(arg, on, off))
			continue;
		rl_loc at = on->nat_traversal.loc.src ? on->nat_traversal.loc : on->loc;
		rl_diag *dg = rl_report_at(cx, RL_R_natt_mismatch, h_on, at, h_on->conf,
					   "nat_traversal %s here, but %s's remote block for %s leaves it off: NAT-T is "
					   "only used when both hosts announce it, so behind a NAT this pair's ESP is "
					   "dropped (and a peer may reject the NAT-T payloads: INVALID-PAYLOAD-TYPE); "
					   "set nat_traversal alike on both",
					   natt_word(a_on ? va : vb), h_off->name, h_on->name);
		rl_loc other = off->nat_traversal.loc.src ? off->nat_traversal.loc : off->loc;
		if (other.src)
			rl_diag_related(dg, other.src, other.span, "%s's remote block", h_off->name);
	}
}

static void check(rl_ctx *cx)
{
	reported rp = {0};
	rl_each_direction(cx, pair, &rp);
	rl_hmap_free(&rp.ix);
	free(rp.v);
}

const rl_rule rl_rule_natt_mismatch = {
	.code = "RL309",
	.name = "natt-mismatch",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_PAIR,
	.summary = "nat_traversal on (or force) in one host's remote block and off in the peer's",
	.explain =
		"NAT traversal (RFC 3947) only happens when both ends announce it in\n"
		"phase 1. With nat_traversal on one host and off (the default) on the\n"
		"other, the hosts never move to UDP port 4500 and never wrap ESP in\n"
		"UDP: as long as no NAT lies between them nothing shows, but behind a\n"
		"NAT the ESP packets are dropped, and some peers reject the NAT-T\n"
		"payloads outright ('INVALID-PAYLOAD-TYPE'). 'force' on one side\n"
		"against 'off' fails the same way. racoonlint compares the two remote\n"
		"blocks each pair of hosts uses for each other and reports the block\n"
		"that turns NAT-T on, pointing at the peer's.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    # hostA\n"
		"    remote 203.0.113.20 { nat_traversal force; ... }\n"
		"    # hostB\n"
		"    remote 192.0.2.10 { nat_traversal off; ... }\n"
		"\n"
		"Good:\n"
		"\n"
		"    # hostA\n"
		"    remote 203.0.113.20 { nat_traversal on; ... }\n"
		"    # hostB\n"
		"    remote 192.0.2.10 { nat_traversal on; ... }\n",
	.check = check,
};
