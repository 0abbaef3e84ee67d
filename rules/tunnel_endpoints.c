#include <stdio.h>
#include <stdlib.h>

#include "../src/edit.h"
#include "rule_util.h"

/* Is the address given (--addr) or configured (listen isakmp), not a
 * guess? */
static bool sure(const rl_host_addr *x)
{
	return x->origin == RL_ORIGIN_FLAG || x->origin == RL_ORIGIN_CONFIG;
}

/* The host's first sure address, or NULL. */
static const rl_host_addr *known_addr(const rl_host *h)
{
	for (size_t i = 0; i < h->naddrs; i++)
		if (sure(&h->addrs[i]))
			return &h->addrs[i];
	return NULL;
}

static bool owns(const rl_host *h, const rl_addr *a)
{
	for (size_t i = 0; i < h->naddrs; i++)
		if (sure(&h->addrs[i]) && rl_addr_contains(&h->addrs[i].addr, a))
			return true;
	return false;
}

static rl_loc rule_loc(const rl_policy *p, const rl_sprule *r)
{
	return r->loc.src ? r->loc : p->loc;
}

/* The local end of a policy's tunnel must be one of the host's addresses. */
static void check_local(rl_ctx *cx, rl_host *h, const rl_policy *p, const rl_sprule *r)
{
	const rl_host_addr *k = known_addr(h);
	const rl_addr *local = p->dir == RL_DIR_OUT ? &r->src : &r->dst;
	if (!k || owns(h, local))
		return;
	char a[RL_ADDR_STRLEN], b[RL_ADDR_STRLEN];
	rl_report_at(cx, RL_R_tunnel_endpoints, h, rule_loc(p, r), h->spd_file,
		     "the local tunnel endpoint %s of this %s policy is not an address of %s (%s, from %s): ESP %s an "
		     "address the host does not have; an IKE identity or a NAT's public address is no endpoint, write "
		     "the host's own address",
		     rl_addr_str(local, a), rl_dir_name(p->dir), h->name, rl_addr_str(&k->addr, b), k->evidence,
		     p->dir == RL_DIR_OUT ? "would leave from" : "is expected at");
}

/* "A-B", with ports when written. */
static char *ends_text(const rl_sprule *r, bool reverse)
{
	char a[RL_ADDR_STRLEN], b[RL_ADDR_STRLEN], pa[16] = "", pb[16] = "";
	const rl_addr *x = reverse ? &r->dst : &r->src, *y = reverse ? &r->src : &r->dst;
	int px = reverse ? r->dport : r->sport, py = reverse ? r->sport : r->dport;
	if (px)
		snprintf(pa, sizeof pa, "[%d]", px);
	if (py)
		snprintf(pb, sizeof pb, "[%d]", py);
	return rl_xasprintf("%s%s-%s%s", rl_addr_text(x, a), pa, rl_addr_text(y, b), pb);
}

/* Offer to write the in policy's tunnel as the out policy's, reversed. */
static void fix_ends(rl_diag *dg, const rlr_sk_cmds *cmds, const rl_policy *in, size_t k, const rl_sprule *out)
{
	rlr_sk_rule r;
	if (!rlr_sk_rule_at(cmds, in->loc, k, &r) || !r.eps)
		return;
	char *text = ends_text(out, true);
	char *title = rl_xasprintf("write the tunnel as %s", text);
	rl_fix_replace_node(rl_diag_fix(dg, title, false), cmds->f->tree, r.eps, text);
	free(title);
	free(text);
}

/* The in policy for the reverse traffic must read peer-local, with the
 * out policy's local address. Returns the in policy when it was reported. */
static const rl_policy *check_mirror(rl_ctx *cx, rl_host *h, const rl_policy *out, const rl_sprule *r,
				     const rlr_sk_cmds *cmds)
{
	rl_sel rev = {out->sel.dst, out->sel.src, out->sel.dport, out->sel.sport, out->sel.proto};
	const rl_policy *in = rl_host_spd_exact(h, RL_DIR_IN, &rev);
	size_t k;
	const rl_sprule *r2 = in && in->action == RL_ACT_IPSEC ? rlr_tunnel_rule(in, &k) : NULL;
	if (!r2 || (rl_addr_equal(&r2->src, &r->dst) && rl_addr_equal(&r2->dst, &r->src)))
		return NULL;
	char a[RL_ADDR_STRLEN], b[RL_ADDR_STRLEN];
	char *want = ends_text(r, true), *have = ends_text(r2, false);
	rl_diag *dg;
	if (rl_addr_equal(&r2->dst, &r->dst)) {
		/* written from this host to the peer, like the out policy */
		rl_buf more = {0};
		if (!rl_addr_equal(&r2->src, &r->src))
			rl_buf_printf(&more, ", and with another local address (%s) than the out policy's (%s)",
				      rl_addr_str(&r2->src, a), rl_addr_str(&r->src, b));
		dg = rl_report_at(cx, RL_R_tunnel_endpoints, h, rule_loc(in, r2), h->spd_file,
				  "the in policy's tunnel %s reads from this host to the peer, like an out policy%s: an "
				  "in tunnel goes from the peer to this host, %s, or no inbound ESP matches it",
				  have, rl_buf_str(&more), want);
		rl_buf_free(&more);
	} else if (rl_addr_equal(&r2->src, &r->dst)) {
		dg = rl_report_at(cx, RL_R_tunnel_endpoints, h, rule_loc(in, r2), h->spd_file,
				  "the in policy's local tunnel endpoint %s differs from the out policy's %s: the peer "
				  "sends its ESP to the address it negotiated with, so write %s",
				  rl_addr_str(&r2->dst, a), rl_addr_str(&r->src, b), want);
	} else {
		dg = rl_report_at(cx, RL_R_tunnel_endpoints, h, rule_loc(in, r2), h->spd_file,
				  "the in policy's tunnel %s does not name the out policy's peer %s: write %s", have,
				  rl_addr_str(&r->dst, b), want);
	}
	free(want);
	free(have);
	if (out->loc.src)
		rl_diag_related(dg, out->loc.src, out->loc.span, "the out policy");
	fix_ends(dg, cmds, in, k, r);
	return in;
}

static bool checked(const rl_policy *p)
{
	return p->live && p->action == RL_ACT_IPSEC && p->dir != RL_DIR_FWD && rlr_tunnel_rule(p, NULL);
}

static void check_host(rl_ctx *cx, rl_host *h)
{
	rl_host_finish(h);
	rlr_sk_cmds cmds;
	rlr_sk_cmds_init(&cmds, cx, h->spd_file);
	/* in policies found wrong against their out policy: their local end
	 * is part of that finding */
	rlr_locset mirrored = {0};
	for (size_t i = 0; i < h->npolicies; i++) {
		const rl_policy *p = h->policies[i], *in;
		if (checked(p) && p->dir == RL_DIR_OUT && (in = check_mirror(cx, h, p, rlr_tunnel_rule(p, NULL), &cmds)))
			rlr_locset_add(&mirrored, in->loc);
	}
	for (size_t i = 0; i < h->npolicies; i++) {
		const rl_policy *p = h->policies[i];
		if (checked(p) && (p->dir == RL_DIR_OUT || rlr_locset_add(&mirrored, p->loc)))
			check_local(cx, h, p, rlr_tunnel_rule(p, NULL));
	}
	rlr_locset_free(&mirrored);
	rlr_sk_cmds_free(&cmds);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nhosts; i++)
		check_host(cx, cx->hosts[i]);
}

const rl_rule rl_rule_tunnel_endpoints = {
	.code = "RL405",
	.name = "tunnel-endpoints",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_HOST,
	.summary = "a tunnel whose local endpoint is not the host's address, or whose in policy does not mirror the out policy",
	.explain =
		"In tunnel mode the endpoints (esp/tunnel/SRC-DST/require) are the\n"
		"outer addresses of the ESP packets, written in the direction of\n"
		"travel: an out policy reads local-peer, its in policy peer-local,\n"
		"with the same local address. racoon negotiates the SAs between\n"
		"exactly these addresses. So:\n"
		"\n"
		"  - the local endpoint must be an address of the host: a NAT's public\n"
		"    address or the phase 1 identity is no endpoint (checked when the\n"
		"    host's address is given with --addr or configured with listen,\n"
		"    not when it is a guess);\n"
		"  - the in policy for the reverse traffic must name the out policy's\n"
		"    peer as its source and the out policy's local address as its\n"
		"    destination; an in policy written local-peer, or with another\n"
		"    local address, matches no inbound ESP.\n"
		"\n"
		"The unsafe fix rewrites the in policy's endpoints from the out\n"
		"policy's.\n"
		"\n"
		"Bad (the in policy has another local address, and reads local-peer):\n"
		"\n"
		"    spdadd 198.51.100.10 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n"
		"    spdadd 198.51.100.128/25 198.51.100.10 any -P in ipsec esp/tunnel/192.0.2.11-203.0.113.20/require;\n"
		"\n"
		"Good:\n"
		"\n"
		"    spdadd 198.51.100.10 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n"
		"    spdadd 198.51.100.128/25 198.51.100.10 any -P in ipsec esp/tunnel/203.0.113.20-192.0.2.10/require;\n",
	.check = check,
};
