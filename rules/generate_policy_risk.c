#include "rule_util.h"

static void check_remote(rl_ctx *cx, rl_host *h, const rl_remote *r, rlr_locset *seen)
{
	if (rl_num_get(&r->generate_policy, RL_GENPOL_OFF) == RL_GENPOL_OFF || !r->generate_policy.loc.src)
		return;
	bool active = !rl_num_get(&r->passive, 0);
	bool open = r->anonymous && !rl_num_get(&r->verify_identifier, 0) && !r->has_cert;
	if ((!active && !open) || !rlr_locset_add(seen, r->generate_policy.loc))
		return;
	rl_buf b = {0};
	rl_buf_puts(&b, "generate_policy lets the peer choose the traffic selectors racoon installs policies for");
	if (open)
		rl_buf_puts(&b, "; in a remote anonymous block without verify_identifier or certificates, any peer "
				"that passes phase 1 can install policies that capture other traffic of this host");
	if (active)
		rl_buf_puts(&b, "; the block is not passive, so it also initiates, where generate_policy does "
				"nothing and the host needs its own policies");
	rl_buf_printf(&b, "; %s%s%s", active ? "write passive on" : "", active && open ? " and " : "",
		      open ? "restrict the block to known peers (an address, or verify_identifier with "
			     "peers_identifier, or certificates)"
			   : "");
	rl_report_at(cx, RL_R_generate_policy_risk, h, r->generate_policy.loc, h->conf, "%s", rl_buf_str(&b));
	rl_buf_free(&b);
}

static void check(rl_ctx *cx)
{
	rlr_each_remote(cx, check_remote);
}

const rl_rule rl_rule_generate_policy_risk = {
	.code = "RL108",
	.name = "generate-policy-risk",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_HOST,
	.summary = "generate_policy on a block that also initiates, or open to any peer",
	.explain =
		"With generate_policy racoon, as responder, builds the SPD entries\n"
		"from what the initiator proposes: the initiator chooses the\n"
		"selectors, and racoon installs in, out (and on Linux fwd) policies\n"
		"for them. That suits road warriors, but:\n"
		"\n"
		"  - in a remote anonymous block without verify_identifier or\n"
		"    certificates, any peer that completes phase 1 (anyone with the\n"
		"    shared key) can install policies that divert other traffic of\n"
		"    this host into its tunnel;\n"
		"  - generate_policy only works for the responder: a block that is\n"
		"    not passive also initiates, and then racoon needs static\n"
		"    policies anyway (the manual asks for passive on with it).\n"
		"\n"
		"Bad:\n"
		"\n"
		"    remote anonymous { exchange_mode main; generate_policy on; proposal { ... } }\n"
		"\n"
		"Good:\n"
		"\n"
		"    remote anonymous {\n"
		"        exchange_mode main;\n"
		"        passive on;\n"
		"        generate_policy on;\n"
		"        verify_identifier on;\n"
		"        peers_identifier user_fqdn \"roadwarrior@example.net\";\n"
		"        proposal { ... }\n"
		"    }\n",
	.check = check,
};
