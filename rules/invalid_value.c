#include "../src/rules.h"

const rl_rule rl_rule_invalid_value = {
	.code = "RL004",
	.name = "invalid-value",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_FILE,
	.summary = "a value racoon or setkey refuses: wrong algorithm class, DH group, key length, unit, address, port",
	.explain =
		"Some statements parse but carry a value the daemon refuses while it\n"
		"reads the file, which stops it as surely as a syntax error: a phase 2\n"
		"algorithm in a phase 1 proposal (\"algorithm mismatched 1\"), a DH group\n"
		"that does not exist (\"must be DH group\"), a key length the cipher does\n"
		"not take (\"invalid keylen\"), an address that is not numeric, a port\n"
		"above 65535.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    proposal {\n"
		"        encryption_algorithm aes 100;\n"
		"        hash_algorithm hmac_sha1;\n"
		"\n"
		"Good:\n"
		"\n"
		"    proposal {\n"
		"        encryption_algorithm aes 256;\n"
		"        hash_algorithm sha1;\n",
	.check = 0,
};
