/* The negotiation model, phase 2: sainfo selection on each side
 * (semantics.md 4), the SPD mirror (6) and the phase 2 proposal (5). */
#include <stdlib.h>
#include <string.h>

#include "negotiate_priv.h"

/* ---- policies ------------------------------------------------------ */

static const rl_sprule *tunnel_rule(const rl_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].mode == RL_MODE_TUNNEL && p->rules[i].has_ends)
			return &p->rules[i];
	return NULL;
}

/* For an out policy the peer is the destination; for an in policy the
 * source. */
rl_addr rl_policy_peer(const rl_policy *p)
{
	const rl_sprule *t = tunnel_rule(p);
	bool out = p->dir == RL_DIR_OUT;
	if (t)
		return out ? t->dst : t->src;
	return out ? p->sel.dst : p->sel.src;
}

rl_addr rl_policy_local(const rl_policy *p)
{
	const rl_sprule *t = tunnel_rule(p);
	bool out = p->dir == RL_DIR_OUT;
	if (t)
		return out ? t->src : t->dst;
	return out ? p->sel.src : p->sel.dst;
}

rl_loc peer_evidence(const rl_host *h, const rl_addr *a)
{
	for (size_t i = 0; i < h->naddrs; i++)
		if (rl_addr_overlap(&h->addrs[i].addr, a))
			return h->addrs[i].loc;
	return rl_loc_none();
}

static void put_end(rl_buf *b, const rl_addr *a, int port)
{
	char ab[RL_ADDR_STRLEN];
	rl_buf_puts(b, rl_addr_str(a, ab));
	if (port)
		rl_buf_printf(b, "[%d]", port);
}

void rl_put_sel(rl_buf *b, const rl_sel *s)
{
	char pb[16];
	rl_buf_printf(b, "%s ", rl_ulproto_name(s->proto, pb));
	put_end(b, &s->src, s->sport);
	rl_buf_puts(b, " -> ");
	put_end(b, &s->dst, s->dport);
}

static void put_rule(rl_buf *b, const rl_sprule *r)
{
	char a1[RL_ADDR_STRLEN], a2[RL_ADDR_STRLEN];
	rl_buf_printf(b, "%s/%s/", rl_ipsec_proto_name(r->proto), rl_ipsec_mode_name(r->mode));
	if (r->has_ends)
		rl_buf_printf(b, "%s-%s", rl_addr_text(&r->src, a1), rl_addr_text(&r->dst, a2));
	rl_buf_printf(b, "/%s", rl_level_name(r->level));
}

static void put_rules(rl_buf *b, const rl_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		if (i)
			rl_buf_putc(b, ' ');
		put_rule(b, &p->rules[i]);
	}
	if (!p->nrules)
		rl_buf_puts(b, rl_action_name(p->action));
}

/* ---- phase 2 identities and sainfo --------------------------------- */

static rl_sid sid_of(const rl_addr *a, int port, int proto)
{
	rl_sid s;
	memset(&s, 0, sizeof s);
	s.kind = RL_SID_ADDRESS;
	s.addr = *a;
	s.port = port;
	s.proto = proto;
	return s;
}

static void put_sid(rl_buf *b, const rl_sid *s)
{
	char pb[16];
	switch (s->kind) {
	case RL_SID_ANONYMOUS: rl_buf_puts(b, "anonymous"); return;
	case RL_SID_CLIENTADDR: rl_buf_puts(b, "clientaddr"); return;
	case RL_SID_NAME: rl_buf_printf(b, "%s \"%s\"", rl_idtype_name(s->idtype), s->name); return;
	default: break;
	}
	rl_buf_puts(b, "address ");
	put_end(b, &s->addr, 0);
	rl_buf_printf(b, " %s", rl_ulproto_name(s->proto, pb));
}

/* The ph1id of the block h uses for a peer address (passive included). */
static long ph1id_for(rl_host *h, const rl_addr *peer)
{
	rl_remote **v = NULL;
	size_t n = rl_host_remotes_for(h, peer, true, &v);
	const rl_remote *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (!best || (best->anonymous && !v[i]->anonymous))
			best = v[i];
	long id = best ? rl_num_get(&best->ph1id, 0) : 0;
	free(v);
	return id;
}

/* Why h has no sainfo for local/remote, with a hint when a sainfo is
 * close: sides swapped, another protocol, another remoteid. */
static void no_sainfo(rl_buf *b, rl_host *h, const rl_sid *local, const rl_sid *remote, long ph1id,
		      const rl_ident *peer_id)
{
	char lb[160], pb[16], pb2[16];
	rl_buf_printf(b, "%s has no sainfo for ", h->name);
	put_sid(b, local);
	rl_buf_puts(b, " to ");
	put_sid(b, remote);
	rl_buf_puts(b, " and no sainfo anonymous");
	bool swapped;
	const rl_sainfo *near = rl_host_sainfo_near(h, local, remote, &swapped);
	const rl_sainfo *other_id = rl_host_sainfo_select(h, local, remote, -1, peer_id, NULL);
	if (near && swapped)
		rl_buf_printf(b, "; the sainfo at %s names the two sides the other way round: racoon wants the local side "
				 "first",
			      rl_loc_str(near->loc, lb, sizeof lb));
	else if (near)
		rl_buf_printf(b, "; the sainfo at %s is for protocol %s, the policy for %s: the protocols must be equal",
			      rl_loc_str(near->loc, lb, sizeof lb), rl_ulproto_name(near->local.proto, pb),
			      rl_ulproto_name(local->proto, pb2));
	else if (other_id)
		rl_buf_printf(b, "; the sainfo at %s has remoteid %ld, but the remote block in use has ph1id %ld",
			      rl_loc_str(other_id->loc, lb, sizeof lb), rl_num_get(&other_id->remoteid, 0), ph1id);
	rl_buf_puts(b, " (failed to get sainfo)");
}

const rl_sainfo *rl_policy_sainfo(rl_host *h, const rl_policy *p, rl_check *c)
{
	bool out = p->dir == RL_DIR_OUT;
	rl_sid src = sid_of(&p->sel.src, p->sel.sport, p->sel.proto);
	rl_sid dst = sid_of(&p->sel.dst, p->sel.dport, p->sel.proto);
	const rl_sid *local = out ? &src : &dst, *remote = out ? &dst : &src;
	rl_addr peer = rl_policy_peer(p);
	long ph1id = ph1id_for(h, &peer);
	const rl_sainfo *s = rl_host_sainfo_select(h, local, remote, ph1id, NULL, NULL);
	if (!s && c) {
		rl_buf b = {0};
		no_sainfo(&b, h, local, remote, ph1id, NULL);
		nego_set(c, RL_OUT_FAIL, RL_WHY_NO_SAINFO, p->loc, rl_loc_none(), "%s", rl_buf_str(&b));
		rl_buf_free(&b);
	}
	return s;
}

/* ---- the SPD mirror ------------------------------------------------ */

static bool use_vs_require(rl_level a, rl_level b)
{
	return (a == RL_LEVEL_USE && b >= RL_LEVEL_REQUIRE) || (b == RL_LEVEL_USE && a >= RL_LEVEL_REQUIRE);
}

/* Compare the rule lists of p (on a) and its mirror q (on b). */
static void compare_rules(const rl_host *a, const rl_policy *p, const rl_host *b, const rl_policy *q, rl_check *c)
{
	char la[160], lb[160];
	rl_buf x = {0}, y = {0};
	bool same_shape = p->nrules == q->nrules;
	bool same_ends = true;
	size_t level_diff = SIZE_MAX;
	for (size_t i = 0; same_shape && i < p->nrules; i++) {
		const rl_sprule *r = &p->rules[i], *s = &q->rules[i];
		same_shape = r->proto == s->proto && r->mode == s->mode;
		if (r->mode == RL_MODE_TUNNEL && (r->has_ends != s->has_ends || !rl_addr_equal(&r->src, &s->src) ||
						  !rl_addr_equal(&r->dst, &s->dst) || r->sport != s->sport ||
						  r->dport != s->dport))
			same_ends = false;
		if (level_diff == SIZE_MAX && use_vs_require(r->level, s->level))
			level_diff = i;
	}
	bool out = p->dir == RL_DIR_OUT;
	if (!same_shape || !same_ends) {
		/* the rule lists as text only for the message */
		put_rules(&x, p);
		put_rules(&y, q);
		nego_set(c, RL_OUT_FAIL, same_shape ? RL_WHY_TUNNEL_ENDS : RL_WHY_BUNDLE, out ? p->loc : q->loc,
			 out ? q->loc : p->loc,
			 "the %s policy of %s (%s) has %s, the %s policy of %s (%s) has %s: %s", rl_dir_name(p->dir),
			 a->name, rl_loc_str(p->loc, la, sizeof la), rl_buf_str(&x), rl_dir_name(q->dir), b->name,
			 rl_loc_str(q->loc, lb, sizeof lb), rl_buf_str(&y),
			 same_shape ? "the tunnel endpoints must be the same pair, written in the direction of travel"
				    : "the protocols and modes must be the same (no proposal chosen)");
	} else if (level_diff != SIZE_MAX)
		nego_set(c, RL_OUT_WARN, RL_WHY_LEVEL, out ? p->rules[level_diff].loc : q->rules[level_diff].loc,
			 out ? q->rules[level_diff].loc : p->rules[level_diff].loc,
			 "%s uses level %s (%s) where %s uses %s (%s): with use, traffic passes in clear until an SA "
			 "exists",
			 a->name, rl_level_name(p->rules[level_diff].level), rl_loc_str(p->rules[level_diff].loc, la, sizeof la),
			 b->name, rl_level_name(q->rules[level_diff].level),
			 rl_loc_str(q->rules[level_diff].loc, lb, sizeof lb));
	else
		nego_ok(c);
	rl_buf_free(&x);
	rl_buf_free(&y);
}

static void near_policy(const rl_host *b, const rl_policy *p, const rl_policy *q, rl_check *c)
{
	char lb[160], p1[16], p2[16];
	rl_buf d = {0};
	if (p->sel.proto != q->sel.proto)
		rl_buf_printf(&d, ", protocol %s instead of %s", rl_ulproto_name(q->sel.proto, p1),
			      rl_ulproto_name(p->sel.proto, p2));
	if (p->sel.sport != q->sel.sport)
		rl_buf_printf(&d, ", source port %d instead of %d", q->sel.sport, p->sel.sport);
	if (p->sel.dport != q->sel.dport)
		rl_buf_printf(&d, ", destination port %d instead of %d", q->sel.dport, p->sel.dport);
	bool out = p->dir == RL_DIR_OUT;
	nego_set(c, RL_OUT_FAIL, RL_WHY_POLICY_NEAR, out ? p->loc : q->loc, out ? q->loc : p->loc,
		 "the %s policy of %s (%s) has the same addresses but%s: the selectors must be the same",
		 rl_dir_name(q->dir), b->name, rl_loc_str(q->loc, lb, sizeof lb), rl_buf_str(&d) + 1);
	rl_buf_free(&d);
}

void rl_mirror_check(rl_host *a, const rl_policy *p, rl_host *b, rl_check *c, const rl_policy **match)
{
	char lb[160];
	rl_dir want = p->dir == RL_DIR_OUT ? RL_DIR_IN : RL_DIR_OUT;
	bool out = p->dir == RL_DIR_OUT;
	const rl_policy *q = rl_host_spd_exact(b, want, &p->sel);
	bool wider = false;
	if (!q) {
		q = rl_host_spd_containing(b, want, &p->sel);
		wider = q != NULL;
	}
	*match = q;
	/* the selector as text, only for a message */
	rl_buf s = {0};
	if (!q || q->action != RL_ACT_IPSEC || wider)
		rl_put_sel(&s, &p->sel);
	if (q && q->action != RL_ACT_IPSEC) {
		nego_set(c, RL_OUT_FAIL, RL_WHY_NOT_IPSEC, out ? p->loc : q->loc, out ? q->loc : p->loc,
			 "the %s policy of %s for %s (%s) has action %s: no IPsec required", rl_dir_name(want), b->name,
			 rl_buf_str(&s), rl_loc_str(q->loc, lb, sizeof lb), rl_action_name(q->action));
	} else if (q) {
		compare_rules(a, p, b, q, c);
		if (wider && c->out == RL_OUT_OK)
			nego_set(c, RL_OUT_WARN, RL_WHY_POLICY_CONTAINED, out ? p->loc : q->loc, out ? q->loc : p->loc,
				 "%s has no %s policy for exactly %s, only the wider one at %s: racoon accepts it as "
				 "responder, but the two SPDs do not mirror each other",
				 b->name, rl_dir_name(want), rl_buf_str(&s), rl_loc_str(q->loc, lb, sizeof lb));
	} else if ((q = rl_host_spd_same_addrs(b, want, &p->sel)) != NULL) {
		*match = NULL;
		near_policy(b, p, q, c);
	} else {
		nego_set(c, RL_OUT_FAIL, RL_WHY_NO_POLICY, out ? p->loc : file_loc(b->spd_file),
			 out ? file_loc(b->spd_file) : p->loc, "%s has no %s policy for %s%s", b->name, rl_dir_name(want),
			 rl_buf_str(&s),
			 out ? " (no policy found: it refuses the phase 2)"
			     : ": it sends that traffic in clear, and the in policy drops it");
	}
	rl_buf_free(&s);
}

/* ---- the steps of a flow ------------------------------------------- */

static rl_check *fstep(rl_flow *f, rl_step s)
{
	return &f->step[s - RL_STEP_INIT_SAINFO];
}

static bool all_transport(const rl_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].mode != RL_MODE_TRANSPORT)
			return false;
	return true;
}

static void init_sainfo(nctx *x, rl_flow *f)
{
	f->sa_i = rl_policy_sainfo(x->a, f->out, fstep(f, RL_STEP_INIT_SAINFO));
	if (f->sa_i)
		nego_ok(fstep(f, RL_STEP_INIT_SAINFO));
}

static long generate_policy(const rl_p1 *p)
{
	return p->rem_r ? rl_num_get(&p->rem_r->generate_policy, RL_GENPOL_OFF) : RL_GENPOL_OFF;
}

static void resp_policy(nctx *x, const rl_p1 *p, rl_flow *f)
{
	rl_check *c = fstep(f, RL_STEP_RESP_POLICY);
	if (generate_policy(p) != RL_GENPOL_OFF) {
		/* racoon builds the policy from the initiator's proposal */
		const rl_policy *q = rl_host_spd_exact(x->b, RL_DIR_IN, &f->out->sel);
		f->in_r = q;
		f->generated = q == NULL;
		if (q)
			rl_mirror_check(x->a, f->out, x->b, c, &f->in_r);
		else
			nego_ok(c);
		return;
	}
	if (!x->b->spd_known) {
		nego_set(c, RL_OUT_UNKNOWN, RL_WHY_NO_POLICY, rl_loc_none(), rl_loc_none(),
			 "%s's setkey file is not known", x->b->name);
		return;
	}
	rl_mirror_check(x->a, f->out, x->b, c, &f->in_r);
}

static void resp_sainfo(nctx *x, const rl_p1 *p, rl_flow *f)
{
	rl_check *c = fstep(f, RL_STEP_RESP_SAINFO);
	rl_sid local, remote;
	rl_flow_ids(f, &remote, &local);
	if (f->ids_omitted && rl_addr_is_host(&p->local) && rl_addr_is_host(&p->peer)) {
		local = sid_of(&p->peer, 0, RL_PROTO_ANY);
		remote = sid_of(&p->local, 0, RL_PROTO_ANY);
	}
	long ph1id = p->rem_r ? rl_num_get(&p->rem_r->ph1id, 0) : 0;
	f->sa_r = rl_host_sainfo_select(x->b, &local, &remote, ph1id, &p->id_i, &p->local);
	if (f->sa_r) {
		nego_ok(c);
		return;
	}
	rl_buf b = {0};
	no_sainfo(&b, x->b, &local, &remote, ph1id, &p->id_i);
	rl_loc at_r = f->in_r ? f->in_r->loc : x->b->nsainfos ? x->b->sainfos[0]->loc : file_loc(x->b->conf);
	nego_set(c, RL_OUT_FAIL, RL_WHY_NO_SAINFO, f->out->loc, at_r, "%s", rl_buf_str(&b));
	c->on_resp = true;
	rl_buf_free(&b);
}

/* ---- the phase 2 proposal ------------------------------------------ */

static long sa_life(const rl_sainfo *s)
{
	return rl_num_get(&s->lifetime, RL_DEFAULT_LIFETIME);
}

static const char *sa_life_at(const rl_sainfo *s, char *buf, size_t n)
{
	if (!s->lifetime.set) {
		snprintf(buf, n, "default");
		return buf;
	}
	return rl_loc_str(s->lifetime.loc, buf, n);
}

static rl_loc life_loc(const rl_sainfo *s)
{
	return s->lifetime.set ? s->lifetime.loc : s->loc;
}

static rl_loc pfs_loc(const rl_sainfo *s)
{
	return s->pfs ? s->pfs_loc : s->loc;
}

/* PFS under the responder's proposal_check (semantics 5.3). */
static void check_pfs(const nctx *x, rl_pcheck chk, const rl_sainfo *si, const rl_sainfo *sr, rl_flow *f, reasons *r)
{
	char a[160], b[160];
	const rl_alg *peer = si->pfs, *mine = sr->pfs;
	bool equal = (peer ? peer->dh : 0) == (mine ? mine->dh : 0);
	bool ok = chk == RL_PCHECK_OBEY || equal || (chk != RL_PCHECK_EXACT && !mine);
	f->pfs = chk == RL_PCHECK_EXACT ? mine : peer;
	if (ok)
		return;
	if (peer && mine)
		reasons_add(r, RL_WHY_PFS, pfs_loc(si), pfs_loc(sr),
			    "pfs_group %s (%s) differs from %s (%s) under proposal_check %s", peer->canon,
			    rl_loc_str(si->pfs_loc, a, sizeof a), mine->canon, rl_loc_str(sr->pfs_loc, b, sizeof b),
			    rl_pcheck_name(chk));
	else if (mine)
		reasons_add(r, RL_WHY_PFS, pfs_loc(si), pfs_loc(sr),
			    "%s proposes no PFS (sainfo at %s) but %s wants pfs_group %s (%s) under proposal_check %s",
			    x->a->name, rl_loc_str(si->loc, a, sizeof a), x->b->name, mine->canon,
			    rl_loc_str(sr->pfs_loc, b, sizeof b), rl_pcheck_name(chk));
	else
		reasons_add(r, RL_WHY_PFS, pfs_loc(si), pfs_loc(sr),
			    "%s proposes pfs_group %s (%s) but %s has none (sainfo at %s) under proposal_check exact",
			    x->a->name, peer->canon, rl_loc_str(si->pfs_loc, a, sizeof a), x->b->name,
			    rl_loc_str(sr->loc, b, sizeof b));
}

static void check_life(rl_pcheck chk, const rl_sainfo *si, const rl_sainfo *sr, rl_flow *f, reasons *r)
{
	char a[160], b[160];
	long peer = sa_life(si), mine = sa_life(sr);
	f->lifetime = (chk == RL_PCHECK_EXACT || (chk == RL_PCHECK_CLAIM && peer > mine)) ? mine : peer;
	bool ok = chk == RL_PCHECK_OBEY || chk == RL_PCHECK_CLAIM || (chk == RL_PCHECK_EXACT ? peer == mine : peer <= mine);
	if (!ok)
		reasons_add(r, RL_WHY_P2_LIFETIME, life_loc(si), life_loc(sr),
			    "lifetime %ld s (%s) %s %ld s (%s) under proposal_check %s", peer, sa_life_at(si, a, sizeof a),
			    chk == RL_PCHECK_EXACT ? "differs from" : "is longer than", mine, sa_life_at(sr, b, sizeof b),
			    rl_pcheck_name(chk));
}

/* The ESP transforms of a sainfo: every encryption with every
 * authentication, encryption as the outer loop. */
static void put_esp_list(rl_buf *b, const rl_sainfo *s)
{
	size_t shown = 0;
	for (size_t e = 0; e < s->nenc; e++)
		for (size_t a = 0; a < s->nauth; a++) {
			if (shown++ == 6) {
				rl_buf_puts(b, ", ...");
				return;
			}
			if (shown > 1)
				rl_buf_puts(b, ", ");
			put_cipher(b, s->enc[e].alg, s->enc[e].keylen);
			rl_buf_printf(b, "/%s", s->auth[a].alg->canon);
		}
	if (!shown)
		rl_buf_puts(b, "nothing");
}

static void pick_esp(const nctx *x, rl_pcheck chk, const rl_sainfo *si, const rl_sainfo *sr, rl_p2sa *sa, reasons *r)
{
	const rl_p2alg *short_i = NULL, *short_r = NULL;
	for (size_t e = 0; e < si->nenc; e++)
		for (size_t a = 0; a < si->nauth; a++)
			for (size_t k = 0; k < sr->nenc; k++) {
				if (!same_alg(si->enc[e].alg, sr->enc[k].alg))
					continue;
				bool auth = false;
				for (size_t m = 0; m < sr->nauth && !auth; m++)
					auth = same_alg(si->auth[a].alg, sr->auth[m].alg);
				if (!auth)
					continue;
				int ki = rl_alg_keylen(si->enc[e].alg, (unsigned long)si->enc[e].keylen);
				int kr = rl_alg_keylen(sr->enc[k].alg, (unsigned long)sr->enc[k].keylen);
				if (!keylen_ok(chk, ki, kr)) {
					if (!short_i) {
						short_i = &si->enc[e];
						short_r = &sr->enc[k];
					}
					continue;
				}
				sa->enc = &si->enc[e];
				sa->auth = &si->auth[a];
				sa->keylen = ki;
				return;
			}
	char a[160], b[160];
	if (short_i) {
		rl_buf x1 = {0}, x2 = {0};
		put_cipher(&x1, short_i->alg, short_i->keylen);
		put_cipher(&x2, short_r->alg, short_r->keylen);
		reasons_add(r, RL_WHY_P2_KEYLEN, short_i->loc, short_r->loc, "encryption %s (%s) %s %s (%s) under proposal_check %s",
			    rl_buf_str(&x1), rl_loc_str(short_i->loc, a, sizeof a),
			    chk == RL_PCHECK_EXACT ? "has another key length than" : "has a shorter key than",
			    rl_buf_str(&x2), rl_loc_str(short_r->loc, b, sizeof b), rl_pcheck_name(chk));
		rl_buf_free(&x1);
		rl_buf_free(&x2);
		return;
	}
	rl_buf li = {0}, lr = {0};
	put_esp_list(&li, si);
	put_esp_list(&lr, sr);
	rl_loc at_i = si->nenc ? si->enc[0].loc : si->loc, at_r = sr->nenc ? sr->enc[0].loc : sr->loc;
	reasons_add(r, RL_WHY_P2_TRANSFORM, at_i, at_r, "no common ESP transform: %s offers %s (%s), %s accepts %s (%s)",
		    x->a->name, rl_buf_str(&li), rl_loc_str(at_i, a, sizeof a), x->b->name, rl_buf_str(&lr),
		    rl_loc_str(at_r, b, sizeof b));
	rl_buf_free(&li);
	rl_buf_free(&lr);
}

/* AH (authentication algorithms, not non_auth) and IPComp (compression):
 * the first of the initiator's that the responder has too. */
static const rl_p2alg *pick_one(const rl_p2alg *vi, size_t ni, const rl_p2alg *vr, size_t nr, bool skip_non_auth)
{
	for (size_t i = 0; i < ni; i++) {
		if (skip_non_auth && strcmp(vi[i].alg->canon, "non_auth") == 0)
			continue;
		for (size_t k = 0; k < nr; k++)
			if (same_alg(vi[i].alg, vr[k].alg))
				return &vi[i];
	}
	return NULL;
}

static void put_algs(rl_buf *b, const rl_p2alg *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rl_buf_printf(b, "%s%s", i ? ", " : "", v[i].alg->canon);
	if (!n)
		rl_buf_puts(b, "nothing");
}

static void no_common(const nctx *x, const char *what, const rl_p2alg *vi, size_t ni, const rl_sainfo *si,
		      const rl_p2alg *vr, size_t nr, const rl_sainfo *sr, reasons *r)
{
	char a[160], b[160];
	rl_buf li = {0}, lr = {0};
	put_algs(&li, vi, ni);
	put_algs(&lr, vr, nr);
	rl_loc at_i = ni ? vi[0].loc : si->loc, at_r = nr ? vr[0].loc : sr->loc;
	reasons_add(r, RL_WHY_P2_TRANSFORM, at_i, at_r, "no common %s algorithm: %s offers %s (%s), %s accepts %s (%s)", what,
		    x->a->name, rl_buf_str(&li), rl_loc_str(at_i, a, sizeof a), x->b->name, rl_buf_str(&lr),
		    rl_loc_str(at_r, b, sizeof b));
	rl_buf_free(&li);
	rl_buf_free(&lr);
}

static void p2_proposal(nctx *x, const rl_p1 *p, rl_flow *f)
{
	rl_check *c = fstep(f, RL_STEP_P2_PROPOSAL);
	const rl_sainfo *si = f->sa_i, *sr = f->sa_r;
	if (!si || !sr)
		return;
	rl_pcheck chk = remote_check(p->rem_r);
	reasons r = {0};
	check_pfs(x, chk, si, sr, f, &r);
	check_life(chk, si, sr, f, &r);
	rl_nego *n = x->n;
	f->nsas = 0;
	f->sa0 = (uint32_t)n->nsas;
	for (size_t i = 0; i < f->out->nrules && f->nsas < RL_FLOW_MAX_SAS; i++) {
		RL_GROW(n->sas, n->capsas, n->nsas + 1);
		rl_p2sa *sa = &n->sas[n->nsas++];
		f->nsas++;
		memset(sa, 0, sizeof *sa);
		sa->proto = f->out->rules[i].proto;
		sa->mode = f->out->rules[i].mode;
		if (sa->proto == RL_IPSEC_ESP) {
			pick_esp(x, chk, si, sr, sa, &r);
		} else if (sa->proto == RL_IPSEC_AH) {
			sa->auth = pick_one(si->auth, si->nauth, sr->auth, sr->nauth, true);
			if (!sa->auth)
				no_common(x, "AH authentication", si->auth, si->nauth, si, sr->auth, sr->nauth, sr, &r);
		} else {
			sa->comp = pick_one(si->comp, si->ncomp, sr->comp, sr->ncomp, false);
			if (!sa->comp)
				no_common(x, "compression", si->comp, si->ncomp, si, sr->comp, sr->ncomp, sr, &r);
		}
	}
	if (r.why != RL_WHY_NONE)
		nego_set(c, RL_OUT_FAIL, r.why, r.at_i, r.at_r, "%s rejects phase 2: %s", x->b->name, rl_buf_str(&r.text));
	else
		nego_ok(c);
	rl_buf_free(&r.text);
}

/* ---- one flow ------------------------------------------------------ */

void rl_flow_ids(const rl_flow *f, rl_sid *local, rl_sid *remote)
{
	*local = sid_of(&f->out->sel.src, f->out->sel.sport, f->out->sel.proto);
	*remote = sid_of(&f->out->sel.dst, f->out->sel.dport, f->out->sel.proto);
}

void nego_flow(nctx *x, rl_flow *f)
{
	const rl_p1 *p = &x->n->p1[f->p1];
	f->first_fail = -1;
	f->ids_omitted = all_transport(f->out) && f->out->sel.proto == RL_PROTO_ANY &&
			 !(p->rem_i && rl_num_get(&p->rem_i->support_proxy, 0));
	init_sainfo(x, f);
	resp_policy(x, p, f);
	resp_sainfo(x, p, f);
	p2_proposal(x, p, f);
	for (int i = 0; i < RL_P2_NSTEPS; i++)
		if (f->step[i].out == RL_OUT_FAIL) {
			f->first_fail = (int8_t)(RL_STEP_INIT_SAINFO + i);
			break;
		}
}

void nego_flow_free(rl_flow *f)
{
	for (int i = 0; i < RL_P2_NSTEPS; i++)
		rl_check_clear(&f->step[i]);
}
