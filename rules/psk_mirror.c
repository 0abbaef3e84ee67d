#include "../src/pair_report.h"

static void check(rl_ctx *cx)
{
	static const rl_step steps[] = {RL_STEP_PSK};
	rl_report_steps(cx, RL_R_psk_mirror, steps, 1, 0, NULL);
}

const rl_rule rl_rule_psk_mirror = {
	.code = "RL301",
	.name = "psk-mirror",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_PAIR,
	.summary = "the two hosts do not hold the same pre-shared key under the identity each sees the other by",
	.explain =
		"With pre_shared_key authentication each racoon looks its key up in its\n"
		"own psk.txt: in main mode by the address the peer's packets come from,\n"
		"in aggressive and base mode first by the identity the peer sends\n"
		"(my_identifier) and then, unless verify_identifier is on, by the\n"
		"address. Both lookups must succeed, and the two keys must be the same\n"
		"bytes. racoon keeps everything after the blanks that follow the\n"
		"identifier up to the newline, so a CRLF line end, trailing blanks or\n"
		"quotes silently become part of the key. racoonlint works out both\n"
		"lookups for each direction, compares the keys without printing them,\n"
		"and says which side misses its line or why the keys differ.\n"
		"\n"
		"Bad (client1 sends fqdn \"client1\" in aggressive mode; server1 files the\n"
		"key under client1's address, and its line ends with a CR):\n"
		"\n"
		"    # server1/psk.txt\n"
		"    192.168.0.99   secret-7f3a\\r\n"
		"\n"
		"Good:\n"
		"\n"
		"    # server1/psk.txt\n"
		"    client1        secret-7f3a\n"
		"    # client1/psk.txt\n"
		"    server1        secret-7f3a\n",
	.check = check,
};
