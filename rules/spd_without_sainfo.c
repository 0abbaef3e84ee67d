#include <stdlib.h>
#include <string.h>

#include "../src/pair_report.h"
#include "../src/util.h"

/* Each host alone: every ipsec policy needs a sainfo, from the host's own
 * point of view (its side first). The out and in policies of one flow
 * need the same sainfo: one finding per missing sainfo, which names the
 * other policies that need it too. */
static void host_policies(rl_ctx *cx, rl_host *h)
{
	/* without a racoon.conf the host keys by hand (setkey add) or runs
	 * another daemon: no sainfo is involved */
	if (!h->conf)
		return;
	rl_host_finish(h);
	rl_hmap seen = {0};
	size_t *first = NULL, cap = 0, n = 0;
	for (size_t i = 0; i < h->npolicies; i++) {
		const rl_policy *p = h->policies[i];
		if (!p->live || p->action != RL_ACT_IPSEC || p->dir == RL_DIR_FWD || !p->nrules)
			continue;
		rl_check c = {0};
		if (rl_policy_sainfo(h, p, &c)) {
			rl_check_clear(&c);
			continue;
		}
		uint64_t k = rl_hash_more(RL_HASH_INIT, c.msg, strlen(c.msg));
		size_t it = 0;
		uint32_t v;
		rl_diag *same = NULL;
		while (!same && rl_hmap_next(&seen, k, &it, &v))
			if (strcmp(cx->diags.v[first[v]].message, c.msg) == 0)
				same = &cx->diags.v[first[v]];
		if (same && same->nrel < 4) {
			rl_diag_related(same, p->loc.src, p->loc.span, "the %s policy here needs it too", rl_dir_name(p->dir));
		} else if (!same) {
			rl_report_at(cx, RL_R_spd_without_sainfo, h, p->loc, h->spd_file, "%s", c.msg);
			RL_GROW(first, cap, n + 1);
			first[n] = cx->diags.n - 1;
			rl_hmap_add(&seen, k, (uint32_t)n++);
		}
		rl_check_clear(&c);
	}
	rl_hmap_free(&seen);
	free(first);
}

/* The responder's sainfo for the identities the initiator really sends;
 * not again when the responder's own in policy was already reported. */
static bool not_reported_by_host(rl_host *init, rl_host *resp, const rl_flow *f, const rl_check *c)
{
	(void)init;
	(void)c;
	return !f || !f->in_r || rl_policy_sainfo(resp, f->in_r, NULL) != NULL;
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nhosts; i++)
		host_policies(cx, cx->hosts[i]);
	static const rl_step steps[] = {RL_STEP_RESP_SAINFO};
	rl_report_steps(cx, RL_R_spd_without_sainfo, steps, 1, 0, not_reported_by_host);
}

const rl_rule rl_rule_spd_without_sainfo = {
	.code = "RL305",
	.name = "spd-without-sainfo",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_PAIR,
	.summary = "an ipsec policy for which no sainfo (and no sainfo anonymous) applies",
	.explain =
		"For every flow racoon needs a sainfo whose two sides equal the phase 2\n"
		"identities: on the initiator the policy's source and destination, on\n"
		"the responder the same two seen from its side, its own network first.\n"
		"There is no containment: the addresses, prefix lengths and\n"
		"upper-layer protocol numbers must be equal (a sainfo for protocol any\n"
		"does not match a policy for tcp); ports are not compared; remoteid\n"
		"must equal the ph1id of the remote block in use. Without one racoon\n"
		"logs \"failed to get sainfo\" and phase 2 never starts. racoonlint\n"
		"checks each host's policies alone and, for each pair, the identities\n"
		"the initiator really sends, and hints at the sainfo that nearly\n"
		"matches.\n"
		"\n"
		"Bad (the sides are swapped; racoon wants the local network first):\n"
		"\n"
		"    spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n"
		"    sainfo address 10.2.0.0/16 any address 10.1.0.0/16 any { ... }\n"
		"\n"
		"Good:\n"
		"\n"
		"    sainfo address 10.1.0.0/16 any address 10.2.0.0/16 any { ... }\n",
	.check = check,
};
