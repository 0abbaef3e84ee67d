#include "../src/pair_report.h"

static void check(rl_ctx *cx)
{
	static const rl_step steps[] = {RL_STEP_MODE, RL_STEP_PROPOSAL, RL_STEP_IDENTITY};
	rl_report_steps(cx, RL_R_phase1_mismatch, steps, 3, 0, NULL);
}

const rl_rule rl_rule_phase1_mismatch = {
	.code = "RL302",
	.name = "phase1-mismatch",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_PAIR,
	.summary = "phase 1 cannot complete: exchange mode, proposal (cipher, key length, hash, auth method, DH group, "
		   "lifetime) or identities",
	.explain =
		"The initiator starts in the first mode of its exchange_mode list and\n"
		"offers its proposal blocks in file order; the responder takes the first\n"
		"of them that equals one of its own in encryption algorithm, hash, DH\n"
		"group and authentication method (the _client and _server variants of\n"
		"hybrid and xauth count as equal), and whose lifetime and key length\n"
		"pass its proposal_check: strict (the default) and claim refuse a\n"
		"longer lifetime or a shorter key than its own, exact wants them equal,\n"
		"obey takes anything. Then the identities are checked: in main mode\n"
		"with pre_shared_key both sides must send address identities, and a\n"
		"responder with verify_identifier on wants the peer's my_identifier\n"
		"among its peers_identifier lines. racoonlint runs this for both\n"
		"directions and reports the attribute that differs, with the line on\n"
		"each host.\n"
		"\n"
		"Bad (client1 offers a lifetime longer than server1's, proposal_check\n"
		"strict):\n"
		"\n"
		"    # client1                          # server1\n"
		"    proposal {                         proposal {\n"
		"        encryption_algorithm aes;          encryption_algorithm aes;\n"
		"        hash_algorithm sha256;             hash_algorithm sha256;\n"
		"        authentication_method              authentication_method\n"
		"            pre_shared_key;                    pre_shared_key;\n"
		"        dh_group modp2048;                 dh_group modp2048;\n"
		"        lifetime time 24 hour;             lifetime time 8 hour;\n"
		"    }                                  }\n"
		"\n"
		"Good: the same lifetime on both hosts (or the shorter one on the\n"
		"initiator).\n",
	.check = check,
};
