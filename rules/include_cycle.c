#include "../src/rules.h"

const rl_rule rl_rule_include_cycle = {
	.code = "RL003",
	.name = "include-cycle",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_HOST,
	.summary = "an include statement includes a file that is already being read",
	.explain =
		"racoon follows include statements while it parses and gives up when\n"
		"they nest more than 10 deep (\"Includes nested too deeply\"). A file\n"
		"that includes itself, directly or through another file, always ends\n"
		"that way.\n"
		"\n"
		"Bad (in /etc/racoon/racoon.conf):\n"
		"\n"
		"    path include \"/etc/racoon\";\n"
		"    include \"*.conf\";        # matches racoon.conf itself\n"
		"\n"
		"Good:\n"
		"\n"
		"    include \"remote/*.conf\";\n",
	.check = 0,
};
