#include "../src/lint.h"
#include "../src/suppress.h"

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++)
		if (cx->files[i]->tree)
			rl_suppress_scan(cx->files[i]->tree, NULL, &cx->diags);
}

const rl_rule rl_rule_bad_suppression = {
	.code = "RL005",
	.name = "bad-suppression",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_FILE,
	.summary = "a racoonlint directive comment that cannot be read or names an unknown rule",
	.explain =
		"A comment '# racoonlint: disable=NAME[,NAME]' suppresses the named rules'\n"
		"findings on the next statement; '# racoonlint: disable-file=NAME' on the\n"
		"whole file. NAME is a rule name or code (see --list-rules) or 'all'.\n"
		"A directive that racoonlint cannot read suppresses nothing, and a\n"
		"misspelt name silently keeps the finding it was meant to hide, so both\n"
		"are reported. Known names in the same directive still apply. A reason\n"
		"may follow the names after ' #'.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    # racoonlint: disable=weak-algoritm\n"
		"    # racoonlint: disabled=weak-algorithm\n"
		"    # racoonlint: disable=weak-algorithm because the peer is old\n"
		"\n"
		"Good:\n"
		"\n"
		"    # racoonlint: disable=weak-algorithm # the peer only has 3des\n"
		"    proposal {\n"
		"        encryption_algorithm 3des;\n",
	.check = check,
};
