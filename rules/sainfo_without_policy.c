#include "rule_util.h"

/* Does a live policy of h, either direction, name these two addresses
 * (in either order)? Protocols and ports are left to spd-without-sainfo,
 * which reports a policy whose sainfo differs only in them, and so is a
 * sainfo written with its sides swapped. */
static bool some_policy(rl_host *h, const rl_addr *a, const rl_addr *b)
{
	rl_sel ab = {.src = *a, .dst = *b, .proto = RL_PROTO_ANY}, ba = {.src = *b, .dst = *a, .proto = RL_PROTO_ANY};
	return rl_host_spd_same_addrs(h, RL_DIR_OUT, &ab) || rl_host_spd_same_addrs(h, RL_DIR_IN, &ba) ||
	       rl_host_spd_same_addrs(h, RL_DIR_OUT, &ba) || rl_host_spd_same_addrs(h, RL_DIR_IN, &ab);
}

/* A responder whose remote block generates policies needs none for the
 * sainfo blocks it may select (remoteid equal to the block's ph1id): the
 * ph1id of every such block. */
static void generating(const rl_host *h, rl_hmap *ids)
{
	for (size_t i = 0; i < h->nremotes; i++) {
		const rl_remote *r = h->remotes[i];
		if (rl_num_get(&r->generate_policy, RL_GENPOL_OFF) != RL_GENPOL_OFF)
			rl_hmap_add(ids, rl_hash_num(RL_HASH_INIT, (uint64_t)rl_num_get(&r->ph1id, 0)), (uint32_t)i);
	}
}

static bool generated(const rl_host *h, const rl_hmap *ids, const rl_sainfo *s)
{
	long id = rl_num_get(&s->remoteid, 0);
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(ids, rl_hash_num(RL_HASH_INIT, (uint64_t)id), &it, &i))
		if (rl_num_get(&h->remotes[i]->ph1id, 0) == id)
			return true;
	return false;
}

static void check_host(rl_ctx *cx, rl_host *h)
{
	if (!h->spd_known)
		return;
	rl_host_finish(h);
	rl_hmap gen = {0};
	generating(h, &gen);
	char a[RL_ADDR_STRLEN], b[RL_ADDR_STRLEN];
	for (size_t i = 0; i < h->nsainfos; i++) {
		const rl_sainfo *s = h->sainfos[i];
		if (s->local.kind != RL_SID_ADDRESS || s->remote.kind != RL_SID_ADDRESS ||
		    some_policy(h, &s->local.addr, &s->remote.addr) || generated(h, &gen, s))
			continue;
		rl_report_at(cx, RL_R_sainfo_without_policy, h, s->loc, h->conf,
			     "sainfo for %s -> %s: no policy in %s names these addresses, so the kernel never asks "
			     "racoon for this traffic and a peer's proposal for it fails with 'no policy found'; add "
			     "the out and in policies (or remove the sainfo)",
			     rl_addr_str(&s->local.addr, a), rl_addr_str(&s->remote.addr, b),
			     h->spd_file ? h->spd_file->name : "the setkey file");
	}
	rl_hmap_free(&gen);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nhosts; i++)
		check_host(cx, cx->hosts[i]);
}

const rl_rule rl_rule_sainfo_without_policy = {
	.code = "RL307",
	.name = "sainfo-without-policy",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_HOST,
	.summary = "a sainfo for addresses no policy of the host's setkey file protects",
	.explain =
		"racoon only negotiates what the kernel's policies ask for: as\n"
		"initiator it starts when an out policy needs an SA, as responder it\n"
		"looks up the in policy for the peer's proposal ('no policy found'\n"
		"when there is none). A sainfo for networks that no policy names is\n"
		"therefore never used, and usually means the policies are missing: the\n"
		"setkey file was not loaded, or lost a line (the service that starts\n"
		"racoon must run setkey -f first). racoonlint checks sainfo blocks\n"
		"with an address on both sides against the host's setkey file (when\n"
		"one was read); the reverse case, a policy without a sainfo, is\n"
		"spd-without-sainfo. A host whose remote block has generate_policy\n"
		"(with the sainfo's remoteid) builds its policies itself and is left\n"
		"alone.\n"
		"\n"
		"Bad (the setkey file has no policy for these networks):\n"
		"\n"
		"    sainfo address 198.51.100.128/25 any address 198.51.100.0/25 any { ... }\n"
		"\n"
		"Good:\n"
		"\n"
		"    spdadd 198.51.100.128/25 198.51.100.0/25 any -P out ipsec esp/tunnel/203.0.113.20-192.0.2.10/require;\n"
		"    spdadd 198.51.100.0/25 198.51.100.128/25 any -P in ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n",
	.check = check,
};
