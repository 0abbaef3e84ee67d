#include "../src/setkey_syntax.h"
#include "rule_util.h"

static void check_rule(const rlr_sk_rule *r, void *arg)
{
	const rlr_at *at = arg;
	const rl_tree *t = at->f->tree;
	/* ipcomp must be 'use': ipcomp-level */
	if (rl_tok_is(t, rl_sk_tok(t, r->proto), "ipcomp"))
		return;
	rl_span sp = rl_node_span(t, r->level ? r->level : r->rule);
	rl_diag *dg;
	if (rlr_sk_level_is(t, r->level, "use"))
		dg = rlr_report(at->cx, RL_R_spd_level_use, at->f, sp,
				"level use sends the traffic in clear text whenever no SA exists (before racoon has "
				"negotiated one, or when it fails): write require");
	else if (rlr_sk_level_is(t, r->level, "default"))
		dg = rlr_report(at->cx, RL_R_spd_level_use, at->f, sp,
				"%s takes the kernel's system-wide default (a sysctl, often 'use'), which differs "
				"between hosts: write require",
				r->level ? "level default" : "a rule without a level");
	else
		return;
	rlr_sk_level_fix(dg, t, r, "require", false);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++) {
		const rl_file *f = cx->files[i];
		if (!f->tree || f->tree->lang != RL_LANG_SETKEY)
			continue;
		rlr_at at = {cx, f};
		rlr_sk_each_rule(f->tree, check_rule, &at);
	}
}

const rl_rule rl_rule_spd_level_use = {
	.code = "RL402",
	.name = "spd-level-use",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_FILE,
	.summary = "an ipsec policy rule at level use or default, which lets traffic through in clear text",
	.explain =
		"The level at the end of a policy rule (esp/transport//LEVEL) tells the\n"
		"kernel what to do when no SA exists. 'require' holds the packets until\n"
		"racoon has negotiated one; 'unique' does the same with an SA of its\n"
		"own. 'use' sends them unprotected instead: the first packets of every\n"
		"flow, and all of them for as long as racoon cannot agree with the\n"
		"peer, leave in clear text, and a failing negotiation looks like a\n"
		"working link. 'default' (also what an omitted level means) takes the\n"
		"kernel's system-wide setting (a sysctl such as\n"
		"net.inet.ipsec.esp_trans_deflev on BSD), which differs between hosts\n"
		"and is often 'use'. The one exception is IPComp, whose rules must be\n"
		"'use' (see ipcomp-level). The fix writes require; it is not applied\n"
		"by --fix alone, since traffic then stops while no SA exists.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//use;\n"
		"    spdadd 192.0.2.2 192.0.2.1 any -P in ipsec esp/transport/;\n"
		"\n"
		"Good:\n"
		"\n"
		"    spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n"
		"    spdadd 192.0.2.2 192.0.2.1 any -P in ipsec esp/transport//require;\n",
	.check = check,
};
