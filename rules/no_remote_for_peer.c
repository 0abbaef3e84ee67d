#include "../src/pair_report.h"

static void check(rl_ctx *cx)
{
	static const rl_step steps[] = {RL_STEP_INIT_REMOTE, RL_STEP_RESP_REMOTE};
	rl_report_steps(cx, RL_R_no_remote_for_peer, steps, 2, 0, NULL);
}

const rl_rule rl_rule_no_remote_for_peer = {
	.code = "RL306",
	.name = "no-remote-for-peer",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_PAIR,
	.summary = "a host has no remote block (or remote anonymous) for its peer's address, only passive ones, or two "
		   "that fit equally",
	.explain =
		"racoon picks the remote block by the peer's IKE address: the tunnel\n"
		"endpoint for tunnel mode, the packet's destination for transport\n"
		"mode. A block for that address beats remote anonymous; two blocks that\n"
		"fit equally well are refused as ambiguous. As initiator racoon skips\n"
		"passive blocks and sends nothing when none is left (\"no configuration\n"
		"found\"); as responder it drops the exchange (\"exchange not allowed in\n"
		"any applicable rmconf\"). racoonlint checks both hosts in both\n"
		"directions with the addresses their policies use.\n"
		"\n"
		"Bad (the hub knows only its first spoke; a second spoke at 192.0.2.30\n"
		"connects):\n"
		"\n"
		"    remote 192.0.2.10 { exchange_mode main; ... }\n"
		"\n"
		"Good:\n"
		"\n"
		"    remote 192.0.2.10 { exchange_mode main; ... }\n"
		"    remote 192.0.2.30 { exchange_mode main; ... }\n"
		"\n"
		"or one remote anonymous block for every spoke.\n",
	.check = check,
};
