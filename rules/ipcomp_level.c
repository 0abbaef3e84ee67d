#include <stdio.h>

#include "../src/setkey_syntax.h"
#include "rule_util.h"

static void check_rule(const rlr_sk_rule *r, void *arg)
{
	const rlr_at *at = arg;
	const rl_tree *t = at->f->tree;
	if (!rl_tok_is(t, rl_sk_tok(t, r->proto), "ipcomp") || rlr_sk_level_is(t, r->level, "use"))
		return;
	rl_span sp = rl_node_span(t, r->level ? r->level : r->rule);
	bool out = r->dir && rl_tok_is(t, rl_sk_tok(t, r->dir), "out");
	char lv[32];
	if (r->level)
		snprintf(lv, sizeof lv, "level %.*s", (int)t->toks[rl_sk_tok(t, r->level)].len,
			 rl_tok_text(t, rl_sk_tok(t, r->level)));
	else
		snprintf(lv, sizeof lv, "no level (default)");
	rl_diag *dg;
	if (out) {
		dg = rlr_report(at->cx, RL_R_ipcomp_level, at->f, sp,
				"ipcomp rule with %s: the peer's mirrored in policy must be 'use' (it receives small "
				"packets uncompressed); write use here too so both hosts read alike",
				lv);
		dg->sev = RL_SEV_WARNING;
	} else {
		dg = rlr_report(at->cx, RL_R_ipcomp_level, at->f, sp,
				"ipcomp rule with %s: the peer sends small or incompressible packets without IPComp "
				"(RFC 3173) and this in policy drops them; write use",
				lv);
	}
	rlr_sk_level_fix(dg, t, r, "use", true);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++) {
		const rl_file *f = cx->files[i];
		if (!f->tree || f->tree->lang != RL_LANG_SETKEY)
			continue;
		/* the rule looks for ipcomp rules only: a file without the word
		 * has none */
		if (!rlr_src_holds(f->tree, "ipcomp"))
			continue;
		rlr_at at = {cx, f};
		rlr_sk_each_rule(f->tree, check_rule, &at);
	}
}

const rl_rule rl_rule_ipcomp_level = {
	.code = "RL404",
	.name = "ipcomp-level",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_FILE,
	.summary = "an ipcomp policy rule at a level other than use: the receiver drops small packets",
	.explain =
		"IPComp (RFC 3173) lets a sender skip compression for a packet that is\n"
		"small or does not compress; such a packet travels without an IPComp\n"
		"header. An in policy that requires ipcomp (level require, unique, or\n"
		"default, which Linux reads as require) then drops it on the policy\n"
		"check, so some packet sizes never arrive while others do (the Linux\n"
		"kernel's ipsec documentation gives level use as the fix). The ESP or\n"
		"AH rule of the same policy keeps protecting the traffic, so 'use' on\n"
		"ipcomp loses nothing. racoonlint reports an in or fwd policy as an\n"
		"error and an out policy as a warning (its peer's in policy mirrors it);\n"
		"the fix writes use and is safe. Keep compression_algorithm deflate in\n"
		"the sainfo blocks of both hosts.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    spdadd 203.0.113.20 192.0.2.10 any -P in ipsec\n"
		"        ipcomp/transport//require esp/transport//require;\n"
		"\n"
		"Good:\n"
		"\n"
		"    spdadd 203.0.113.20 192.0.2.10 any -P in ipsec\n"
		"        ipcomp/transport//use esp/transport//require;\n",
	.check = check,
};
