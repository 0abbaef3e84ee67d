#include "../src/racoon_syntax.h"
#include "rule_util.h"

static void check_stmt(rl_ctx *cx, const rl_file *f, uint32_t n)
{
	const rl_tree *t = f->tree;
	if (t->nodes[n].kind != RC_N_STMT || rc_kw_kind(t, n) != RC_T_IKE_FRAG)
		return;
	uint32_t v = rc_arg(t, n, 0);
	if (v == RC_NONE || rl_tok_is(t, v, "off"))
		return;
	rlr_report(cx, RL_R_ike_frag_advisory, f, rl_node_span(t, n),
		   "ike_frag %.*s: racoon builds without the fix for a fragment reassembly defect (after "
		   "CVE-2016-10396) fail phase 1 with 'Repeated last fragment index mismatch' when a fragment "
		   "is sent again; make sure the installed racoon is patched",
		   (int)t->toks[v].len, rl_tok_text(t, v));
}

static void check_file(rl_ctx *cx, const rl_file *f)
{
	const rl_tree *t = f->tree;
	if (!t || t->lang != RL_LANG_RACOON)
		return;
	/* ike_frag is a statement of remote blocks, which are top-level */
	for (uint32_t r = t->nodes[t->root].child; r; r = t->nodes[r].next)
		if (t->nodes[r].kind == RC_N_REMOTE)
			for (uint32_t n = t->nodes[r].child; n; n = t->nodes[n].next)
				check_stmt(cx, f, n);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++)
		check_file(cx, cx->files[i]);
}

const rl_rule rl_rule_ike_frag_advisory = {
	.code = "RL110",
	.name = "ike-frag-advisory",
	.severity = RL_SEV_INFO,
	.scope = RL_SCOPE_FILE,
	.summary = "ike_frag on or force: some racoon builds mishandle a repeated or late fragment",
	.explain =
		"With ike_frag racoon splits large phase 1 messages (big DH groups,\n"
		"certificate chains) into IKE fragments. The reassembly code had a\n"
		"defect (NetBSD's fix for CVE-2016-10396 and a later incomplete\n"
		"follow-up): when the last fragment is sent again, or fragments arrive\n"
		"out of order, racoon logs 'Repeated last fragment index mismatch' and\n"
		"phase 1 ends with 'phase1 negotiation failed due to time up'. Whether\n"
		"a host is affected depends on its racoon version, which the files do\n"
		"not tell, so this is information: check that the installed racoon\n"
		"carries the fix, or turn fragmentation off where no path between the\n"
		"hosts needs it (small DH groups, pre-shared keys).\n"
		"\n"
		"Bad (unless the installed racoon is known to carry the fix):\n"
		"\n"
		"    remote 203.0.113.20 { ike_frag on; ... }\n"
		"\n"
		"Good:\n"
		"\n"
		"    remote 203.0.113.20 { ike_frag off; ... }   # or no ike_frag statement\n",
	.check = check,
};
