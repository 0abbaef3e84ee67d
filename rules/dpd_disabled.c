#include "rule_util.h"

static void check_remote(rl_ctx *cx, rl_host *h, const rl_remote *r, rlr_locset *seen)
{
	if (rl_num_get(&r->dpd_delay, 0) > 0)
		return;
	bool off = r->dpd_delay.set && r->dpd_delay.loc.src;
	/* a block that inherits 'dpd_delay 0' shares the parent's finding */
	if (!rlr_locset_add(seen, off ? r->dpd_delay.loc : r->loc))
		return;
	rl_report_at(cx, RL_R_dpd_disabled, h, off ? r->dpd_delay.loc : r->loc, h->conf,
		     "%s: racoon never probes the peer, so after the peer restarts this host keeps a dead phase 1 "
		     "until it expires ('there is no ISAKMP-SA'); write dpd_delay 20 (or so) on both hosts",
		     off ? "dpd_delay 0 turns dead peer detection off" : "no dpd_delay in this remote block");
}

static void check(rl_ctx *cx)
{
	rlr_each_remote(cx, check_remote);
}

const rl_rule rl_rule_dpd_disabled = {
	.code = "RL109",
	.name = "dpd-disabled",
	.severity = RL_SEV_INFO,
	.scope = RL_SCOPE_HOST,
	.summary = "a remote block without dpd_delay: a restarted peer leaves a dead phase 1 behind",
	.explain =
		"racoon announces dead peer detection (DPD) by default but only probes\n"
		"the peer when the remote block sets dpd_delay to a number of seconds\n"
		"(the default, 0, never probes). Without probes, when one host\n"
		"restarts or changes address the other keeps its ISAKMP SA and keeps\n"
		"sending under it: the restarted side logs 'none message must be\n"
		"encrypted', the other 'can't start the quick mode, there is no\n"
		"ISAKMP-SA', and traffic stops until the SA expires or racoon is\n"
		"restarted by hand. dpd_delay on both hosts (with initial_contact on,\n"
		"the default) lets each side notice and negotiate again. This is\n"
		"information: a setup may rely on short lifetimes instead.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    remote 203.0.113.20 { exchange_mode main; proposal { ... } }\n"
		"\n"
		"Good:\n"
		"\n"
		"    remote 203.0.113.20 { exchange_mode main; dpd_delay 20; proposal { ... } }\n",
	.check = check,
};
