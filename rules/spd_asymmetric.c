#include <stdlib.h>

#include "../src/pair_report.h"

/* Does b generate its policies for a (generate_policy in the remote block
 * b uses for a's address)? Then b needs no static mirror. */
static bool generates_for(rl_host *b, const rl_addr *a_addr)
{
	rl_remote **v = NULL;
	size_t n = rl_host_remotes_for(b, a_addr, true, &v);
	bool gen = false;
	for (size_t i = 0; i < n; i++)
		gen |= rl_num_get(&v[i]->generate_policy, RL_GENPOL_OFF) != RL_GENPOL_OFF;
	free(v);
	return gen;
}

/* a's in policies whose peer is b: b must send that traffic through an out
 * policy. A missing one is reported here; a mirror that differs is found
 * from b's side (its out policy is a flow towards a, checked against a's in
 * policy), unless b's out policy does not lead to a at all (its tunnel
 * points elsewhere): then it is reported here too. */
static void in_without_out(rl_ctx *cx, rl_host *a, rl_host *b, void *arg)
{
	(void)arg;
	if (!b->spd_known)
		return;
	uint32_t *in = NULL;
	size_t nin = rl_policies_towards(a, b, RL_DIR_IN, false, &in);
	for (size_t i = 0; i < nin; i++) {
		const rl_policy *p = a->policies[in[i]];
		rl_addr local = rl_policy_local(p);
		if (generates_for(b, &local))
			continue;
		rl_check c = {0};
		const rl_policy *m;
		rl_mirror_check(a, p, b, &c, &m);
		if (!m && c.why == RL_WHY_POLICY_NEAR)
			m = rl_host_spd_same_addrs(b, RL_DIR_OUT, &p->sel);
		bool seen_from_b = m && rl_policy_leads_to(a, m);
		if ((c.out == RL_OUT_FAIL || c.out == RL_OUT_WARN) && !seen_from_b) {
			rl_diag *dg = rl_report_at(cx, RL_R_spd_asymmetric, a, p->loc, a->spd_file, "%s receiving: %s",
						   a->name, c.msg);
			if (c.out == RL_OUT_WARN)
				dg->sev = RL_SEV_WARNING;
			if (m)
				rl_diag_related(dg, m->loc.src, m->loc.span, "%s's side", b->name);
		}
		rl_check_clear(&c);
	}
	free(in);
}

static void check(rl_ctx *cx)
{
	static const rl_step steps[] = {RL_STEP_RESP_POLICY};
	rl_report_steps(cx, RL_R_spd_asymmetric, steps, 1, RL_REPORT_WARN, NULL);
	rl_each_direction(cx, in_without_out, NULL);
}

const rl_rule rl_rule_spd_asymmetric = {
	.code = "RL304",
	.name = "spd-asymmetric",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_PAIR,
	.summary = "an ipsec policy on one host without the mirrored policy on the other, or mirrored with other "
		   "selectors, protocols, modes, tunnel endpoints or levels",
	.explain =
		"The SPDs of two peers must mirror each other: host A's out policy and\n"
		"host B's in policy have the same source and destination (addresses,\n"
		"prefixes, ports) and upper-layer protocol, and the same rules: the same\n"
		"protocols in the same order, the same modes, and for tunnel mode the\n"
		"same endpoints written in the direction of travel. Likewise A's in\n"
		"policy and B's out policy. As responder racoon refuses a flow it finds\n"
		"no in policy for (\"no policy found\"), and differing protocols or\n"
		"modes end in NO-PROPOSAL-CHOSEN. A wider in policy still works as\n"
		"responder but is reported as a warning, like level use on one side and\n"
		"require on the other (traffic in clear until an SA exists).\n"
		"\n"
		"Bad (client1 protects port 3260, server1's in policy is for 3261):\n"
		"\n"
		"    # client1\n"
		"    spdadd 192.168.0.20 192.168.0.10[3260] tcp -P out ipsec esp/transport//require;\n"
		"    # server1\n"
		"    spdadd 192.168.0.20 192.168.0.10[3261] tcp -P in ipsec esp/transport//require;\n"
		"\n"
		"Good:\n"
		"\n"
		"    # server1\n"
		"    spdadd 192.168.0.20 192.168.0.10[3260] tcp -P in ipsec esp/transport//require;\n",
	.check = check,
};
