#include "../src/rules.h"

const rl_rule rl_rule_remote_incomplete = {
	.code = "RL106",
	.name = "remote-incomplete",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_HOST,
	.summary = "a remote block lacks what racoon checks for when the block closes",
	.explain =
		"At the '}' of a remote block racoon checks that the block names an\n"
		"exchange_mode, that it holds at least one proposal, that every\n"
		"proposal has its four lines (encryption_algorithm, hash_algorithm,\n"
		"authentication_method, dh_group), that an asn1dn my_identifier has a\n"
		"DN or a certificate, and, when aggressive mode is allowed, that all\n"
		"proposals use one DH group racoon can compute. Any failure stops\n"
		"racoon from loading the configuration. A block that inherits from\n"
		"another may take its exchange_mode and proposals from the parent.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    remote 192.0.2.7 {\n"
		"        exchange_mode aggressive;\n"
		"        proposal {\n"
		"            encryption_algorithm aes;\n"
		"            hash_algorithm sha256;\n"
		"            authentication_method pre_shared_key;\n"
		"        }\n"
		"    }\n"
		"\n"
		"Good:\n"
		"\n"
		"    remote 192.0.2.7 {\n"
		"        exchange_mode main;\n"
		"        proposal {\n"
		"            encryption_algorithm aes;\n"
		"            hash_algorithm sha256;\n"
		"            authentication_method pre_shared_key;\n"
		"            dh_group modp2048;\n"
		"        }\n"
		"    }\n",
	.check = 0,
};
