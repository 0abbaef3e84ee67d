#include "../src/rules.h"

const rl_rule rl_rule_sainfo_incomplete = {
	.code = "RL104",
	.name = "sainfo-incomplete",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_HOST,
	.summary = "a sainfo block lacks one of the three algorithm lines racoon requires",
	.explain =
		"When racoon reaches the '}' of a sainfo block it wants an\n"
		"encryption_algorithm, an authentication_algorithm and a\n"
		"compression_algorithm line, and refuses the whole configuration if one\n"
		"is missing (\"no compression algorithm at ...\"). This holds even when\n"
		"the policies never ask for AH or IPComp: the compression list is\n"
		"required all the same, and 'deflate' is the usual value.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    sainfo anonymous {\n"
		"        encryption_algorithm aes 128;\n"
		"        authentication_algorithm hmac_sha256;\n"
		"    }\n"
		"\n"
		"Good:\n"
		"\n"
		"    sainfo anonymous {\n"
		"        encryption_algorithm aes 128;\n"
		"        authentication_algorithm hmac_sha256;\n"
		"        compression_algorithm deflate;\n"
		"    }\n",
	.check = 0,
};
