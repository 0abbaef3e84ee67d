#include "../src/pair_report.h"

static void check(rl_ctx *cx)
{
	static const rl_step steps[] = {RL_STEP_P2_PROPOSAL};
	rl_report_steps(cx, RL_R_phase2_mismatch, steps, 1, 0, NULL);
}

const rl_rule rl_rule_phase2_mismatch = {
	.code = "RL303",
	.name = "phase2-mismatch",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_PAIR,
	.summary = "the sainfo blocks the two hosts use for a flow have no phase 2 proposal in common (ciphers, "
		   "authentication, compression, PFS group, lifetime)",
	.explain =
		"For each protected flow the initiator proposes every encryption\n"
		"algorithm of its sainfo combined with every authentication algorithm\n"
		"(ESP), its authentication algorithms (AH) or compression algorithms\n"
		"(IPComp), with its pfs_group and lifetime. The responder, using the\n"
		"sainfo it selects for the same flow, accepts the first transform it\n"
		"also lists, if the remote block's proposal_check allows the rest:\n"
		"under strict (the default) a peer without PFS, with another PFS group,\n"
		"a longer lifetime or a shorter key is refused; exact wants equality;\n"
		"claim answers with its own shorter lifetime; obey takes the\n"
		"initiator's values. racoonlint pairs the two sainfo blocks per flow and\n"
		"direction and names what is refused.\n"
		"\n"
		"Bad (client1 initiating: server1 wants PFS group 2, client1 sends 14):\n"
		"\n"
		"    # client1                        # server1\n"
		"    sainfo anonymous {               sainfo anonymous {\n"
		"        pfs_group modp2048;              pfs_group modp1024;\n"
		"        encryption_algorithm aes;        encryption_algorithm aes;\n"
		"        ...                              ...\n"
		"\n"
		"Good: the same pfs_group (and lifetime) in both sainfo blocks.\n",
	.check = check,
};
