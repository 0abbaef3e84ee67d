#include <stdlib.h>

#include "../src/edit.h"
#include "../src/pair_report.h"
#include "../src/setkey_syntax.h"
#include "../src/util.h"

/* Does b generate its policies for a (generate_policy in the remote block
 * b uses for a's address)? Then b needs no static mirror. */
static bool generates_for(rl_host *b, const rl_addr *a_addr)
{
	rl_remote **v = NULL;
	size_t n = rl_host_remotes_for(b, a_addr, true, &v);
	bool gen = false;
	for (size_t i = 0; i < n; i++)
		gen |= rl_num_get(&v[i]->generate_policy, RL_GENPOL_OFF) != RL_GENPOL_OFF;
	free(v);
	return gen;
}

/* a's in policies whose peer is b: b must send that traffic through an out
 * policy. A missing one is reported here; a mirror that differs is found
 * from b's side (its out policy is a flow towards a, checked against a's in
 * policy), unless b's out policy does not lead to a at all (its tunnel
 * points elsewhere): then it is reported here too. */
static void in_without_out(rl_ctx *cx, rl_host *a, rl_host *b, void *arg)
{
	(void)arg;
	if (!b->spd_known)
		return;
	uint32_t *in = NULL;
	size_t nin = rl_policies_towards(a, b, RL_DIR_IN, false, &in);
	for (size_t i = 0; i < nin; i++) {
		const rl_policy *p = a->policies[in[i]];
		rl_addr local = rl_policy_local(p);
		if (generates_for(b, &local))
			continue;
		rl_check c = {0};
		const rl_policy *m;
		rl_mirror_check(a, p, b, &c, &m);
		if (!m && c.why == RL_WHY_POLICY_NEAR)
			m = rl_host_spd_same_addrs(b, RL_DIR_OUT, &p->sel);
		bool seen_from_b = m && rl_policy_leads_to(a, m);
		if ((c.out == RL_OUT_FAIL || c.out == RL_OUT_WARN) && !seen_from_b) {
			rl_diag *dg = rl_report_at(cx, RL_R_spd_asymmetric, a, p->loc, a->spd_file, "%s receiving: %s",
						   a->name, c.msg);
			if (c.out == RL_OUT_WARN)
				dg->sev = RL_SEV_WARNING;
			if (m)
				rl_diag_related(dg, m->loc.src, m->loc.span, "%s's side", b->name);
		}
		rl_check_clear(&c);
	}
	free(in);
}

/* ---- the fix: the mirrored in policy on the responder ---------------- */

static void put_end(rl_buf *b, const rl_addr *a, int port)
{
	char ab[RL_ADDR_STRLEN];
	rl_buf_puts(b, rl_addr_str(a, ab));
	if (port)
		rl_buf_printf(b, "[%d]", port);
}

/* The command node of a setkey tree that starts at off, or 0. */
static uint32_t command_at(const rl_tree *t, uint32_t off)
{
	uint32_t n;
	const uint32_t *v = rl_tree_top(t, &n);
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rl_node_span(t, v[mid]).start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && rl_node_span(t, v[lo]).start == off ? v[lo] : 0;
}

/* "spdadd SRC DST PROTO -P in ipsec RULES;" for out policy p (semantics
 * 6.2: the same selector, the same rules, tunnel endpoints in the
 * direction of travel), or false when the model does not hold all that p
 * says (an ICMP type, a security context, a rule without its mode or
 * endpoints). */
static bool mirrored_in(const rl_ctx *cx, const rl_policy *p, rl_buf *b)
{
	const rl_tree *t = rl_ctx_tree(cx, p->loc.src);
	if (!t || t->lang != RL_LANG_SETKEY || p->action != RL_ACT_IPSEC || !p->nrules)
		return false;
	uint32_t cmd = command_at(t, p->loc.span.start);
	if (!cmd || rl_sk_child(t, cmd, RL_SK_MISC) || rl_sk_child(t, cmd, RL_SK_CTX))
		return false;
	char pb[16];
	rl_buf_puts(b, "spdadd ");
	put_end(b, &p->sel.src, p->sel.sport);
	rl_buf_putc(b, ' ');
	put_end(b, &p->sel.dst, p->sel.dport);
	rl_buf_printf(b, " %s -P in ipsec", rl_ulproto_name(p->sel.proto, pb));
	for (size_t i = 0; i < p->nrules; i++) {
		const rl_sprule *r = &p->rules[i];
		if (r->mode == RL_MODE_ANY || (r->mode == RL_MODE_TUNNEL && !r->has_ends))
			return false;
		rl_buf_printf(b, " %s/%s/", rl_ipsec_proto_name(r->proto), rl_ipsec_mode_name(r->mode));
		if (r->has_ends) {
			put_end(b, &r->src, r->sport);
			rl_buf_putc(b, '-');
			put_end(b, &r->dst, r->dport);
		}
		/* a reqid belongs to its host: the mirror gets a unique one */
		rl_buf_printf(b, "/%s", rl_level_name(r->level));
	}
	rl_buf_putc(b, ';');
	return true;
}

/* The mirror goes after the last policy command that runs (the one before
 * an exit), so that no later spdflush or spddelete removes it; a file
 * without one gets it at its end (before an exit). */
static void add_policy_line(rl_fix *fx, const rl_tree *t, const char *line)
{
	uint32_t n, last = 0, stop = 0;
	const uint32_t *v = rl_tree_top(t, &n);
	/* a file without an exit: its last policy command, from the end */
	size_t i = rl_tree_may_have(t, RL_SK_EXIT) ? 0 : n;
	for (; i > 0 && !last; i--) {
		int k = t->nodes[v[i - 1]].kind;
		if (k == RL_SK_SPDADD || k == RL_SK_SPDUPDATE || k == RL_SK_SPDDELETE || k == RL_SK_SPDFLUSH)
			last = v[i - 1];
	}
	for (i = 0; i < n && !stop && rl_tree_may_have(t, RL_SK_EXIT); i++) {
		int k = t->nodes[v[i]].kind;
		if (k == RL_SK_EXIT)
			stop = v[i];
		else if (k == RL_SK_SPDADD || k == RL_SK_SPDUPDATE || k == RL_SK_SPDDELETE || k == RL_SK_SPDFLUSH)
			last = v[i];
	}
	if (last)
		rl_fix_insert_line_after(fx, t, last, line);
	else if (stop)
		rl_fix_insert_line_before(fx, t, stop, line);
	else
		rl_fix_append_line(fx, t->src, line);
}

/* A flow of a whose out policy has no in policy at all on b: add the
 * mirror to b's setkey file, when it is known and parses. Unsafe: b then
 * protects that traffic. */
static void fix_missing_in(rl_ctx *cx, rl_diag *dg, const rl_nego *n, const rl_flow *f, const rl_p1 *p,
			   rl_step step, const rl_check *c)
{
	(void)p;
	rl_host *b = n->resp;
	if (!f || step != RL_STEP_RESP_POLICY || c->why != RL_WHY_NO_POLICY || c->out != RL_OUT_FAIL ||
	    !b->spd_known || !b->spd_file)
		return;
	const rl_tree *t = rl_ctx_tree(cx, b->spd_file);
	if (!t || t->lang != RL_LANG_SETKEY || t->nerrors)
		return;
	rl_buf line = {0};
	if (mirrored_in(cx, f->out, &line)) {
		char *title = rl_xasprintf("add the mirrored in policy to %s", b->spd_file->name);
		add_policy_line(rl_diag_fix(dg, title, false), t, rl_buf_str(&line));
		free(title);
	}
	rl_buf_free(&line);
}

static void check(rl_ctx *cx)
{
	static const rl_step steps[] = {RL_STEP_RESP_POLICY};
	rl_report_steps_fix(cx, RL_R_spd_asymmetric, steps, 1, RL_REPORT_WARN, NULL, fix_missing_in);
	rl_each_direction(cx, in_without_out, NULL);
}

const rl_rule rl_rule_spd_asymmetric = {
	.code = "RL304",
	.name = "spd-asymmetric",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_PAIR,
	.summary = "an ipsec policy on one host without the mirrored policy on the other, or mirrored with other "
		   "selectors, protocols, modes, tunnel endpoints or levels",
	.explain =
		"The SPDs of two peers must mirror each other: host A's out policy and\n"
		"host B's in policy have the same source and destination (addresses,\n"
		"prefixes, ports) and upper-layer protocol, and the same rules: the same\n"
		"protocols in the same order, the same modes, and for tunnel mode the\n"
		"same endpoints written in the direction of travel. Likewise A's in\n"
		"policy and B's out policy. As responder racoon refuses a flow it finds\n"
		"no in policy for (\"no policy found\"), and differing protocols or\n"
		"modes end in NO-PROPOSAL-CHOSEN. A wider in policy still works as\n"
		"responder but is reported as a warning, like level use on one side and\n"
		"require on the other (traffic in clear until an SA exists).\n"
		"\n"
		"Bad (client1 protects port 3260, server1's in policy is for 3261):\n"
		"\n"
		"    # client1\n"
		"    spdadd 192.168.0.20 192.168.0.10[3260] tcp -P out ipsec esp/transport//require;\n"
		"    # server1\n"
		"    spdadd 192.168.0.20 192.168.0.10[3261] tcp -P in ipsec esp/transport//require;\n"
		"\n"
		"Good:\n"
		"\n"
		"    # server1\n"
		"    spdadd 192.168.0.20 192.168.0.10[3260] tcp -P in ipsec esp/transport//require;\n",
	.check = check,
};
