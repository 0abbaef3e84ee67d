#include "../src/rules.h"

const rl_rule rl_rule_syntax_error = {
	.code = "RL001",
	.name = "syntax-error",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_FILE,
	.summary = "the file does not parse: racoon or setkey would refuse it",
	.explain =
		"racoon stops at the first configuration it cannot parse and refuses to\n"
		"start (\"fatal parse failure\"); setkey stops at the first command it\n"
		"cannot parse. racoonlint reads the three languages with grammars that\n"
		"accept what racoon and setkey accept, reports every error in a file\n"
		"(it resynchronises at ';' and '}'), and says what it expected.\n"
		"\n"
		"Bad (the ';' after dpd_delay is missing):\n"
		"\n"
		"    remote anonymous {\n"
		"        dpd_delay 20\n"
		"        exchange_mode main;\n"
		"\n"
		"Good:\n"
		"\n"
		"    remote anonymous {\n"
		"        dpd_delay 20;\n"
		"        exchange_mode main;\n",
	.check = 0,
};
