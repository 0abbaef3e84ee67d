#include "../src/rules.h"

const rl_rule rl_rule_missing_file = {
	.code = "RL002",
	.name = "missing-file",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_HOST,
	.summary = "a file the configuration names (include, psk file, certificate) is missing",
	.explain =
		"racoon opens the files named by include, path pre_shared_key and the\n"
		"certificate statements while it starts or negotiates. An include glob\n"
		"that matches nothing stops ipsec-tools' racoon (\"glob found no matches\n"
		"for path\"); a missing psk.txt makes every pre-shared-key negotiation\n"
		"fail. racoonlint maps absolute paths into the host folder it checks\n"
		"(/etc/racoon/x is FOLDER/x for a copy of /etc/racoon).\n"
		"\n"
		"Bad (the folder has no remote/ directory):\n"
		"\n"
		"    path include \"/etc/racoon\";\n"
		"    include \"remote/*.conf\";\n"
		"\n"
		"Good: ship the included files with the host, or drop the include.\n",
	.check = 0,
};
