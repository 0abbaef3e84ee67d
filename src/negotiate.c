/* The negotiation model: phase 1 (semantics.md 2, 3, 8 and psk-txt.md 4).
 * Phase 2, the SPD mirror and the flows are in negotiate_p2.c. */
#include "negotiate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "negotiate_priv.h"
#include "util.h"

const char *rl_step_name(rl_step s)
{
	static const char *const n[] = {
		"the initiator's remote block", "the responder's remote block", "the exchange mode",
		"the phase 1 proposal", "the identities", "the pre-shared key", "the initiator's sainfo",
		"the responder's policy", "the responder's sainfo", "the phase 2 proposal",
	};
	return s < RL_NSTEPS ? n[s] : "?";
}

/* ---- helpers shared with negotiate_p2.c ---------------------------- */

void rl_check_clear(rl_check *c)
{
	free(c->msg);
	memset(c, 0, sizeof *c);
}

void nego_vset(rl_check *c, rl_outcome out, rl_why why, rl_loc at_i, rl_loc at_r, const char *fmt, va_list ap)
{
	free(c->msg);
	c->out = out;
	c->why = why;
	c->at_i = at_i;
	c->at_r = at_r;
	c->on_resp = false;
	c->msg = fmt ? rl_xvasprintf(fmt, ap) : NULL;
}

void nego_set(rl_check *c, rl_outcome out, rl_why why, rl_loc at_i, rl_loc at_r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nego_vset(c, out, why, at_i, at_r, fmt, ap);
	va_end(ap);
}

void nego_ok(rl_check *c)
{
	nego_set(c, RL_OUT_OK, RL_WHY_NONE, rl_loc_none(), rl_loc_none(), NULL);
}

void reasons_add(reasons *r, rl_why why, rl_loc at_i, rl_loc at_r, const char *fmt, ...)
{
	if (r->why == RL_WHY_NONE) {
		r->why = why;
		r->at_i = at_i;
		r->at_r = at_r;
		r->on_resp = r->next_on_resp;
	} else {
		rl_buf_puts(&r->text, "; ");
	}
	va_list ap;
	va_start(ap, fmt);
	rl_buf_vprintf(&r->text, fmt, ap);
	va_end(ap);
}

rl_loc file_loc(rl_source *src)
{
	rl_loc l = {src, {0, 0}};
	return l;
}

void put_ident(rl_buf *b, const rl_ident *id)
{
	char ab[RL_ADDR_STRLEN];
	rl_buf_puts(b, rl_idtype_name(id->type));
	if (id->addr.family) {
		rl_buf_printf(b, " %s", rl_addr_str(&id->addr, ab));
		return;
	}
	if (!id->value)
		return;
	rl_buf_puts(b, " \"");
	for (size_t i = 0; i < id->len && i < 80; i++) {
		unsigned char c = (unsigned char)id->value[i];
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			rl_buf_printf(b, "\\x%02x", c);
		else
			rl_buf_putc(b, (char)c);
	}
	rl_buf_puts(b, id->len > 80 ? "...\"" : "\"");
}

char *ident_str(const rl_ident *id)
{
	rl_buf b = {0};
	put_ident(&b, id);
	return rl_buf_take(&b);
}

bool keylen_ok(rl_pcheck chk, int peer, int mine)
{
	switch (chk) {
	case RL_PCHECK_OBEY: return true;
	case RL_PCHECK_EXACT: return peer == mine;
	default: return peer >= mine;
	}
}

bool same_alg(const rl_alg *x, const rl_alg *y)
{
	return x && y && strcmp(x->canon, y->canon) == 0;
}

/* "aes-128", "3des" */
void put_cipher(rl_buf *b, const rl_alg *a, int keylen)
{
	if (!a) {
		rl_buf_puts(b, "?");
		return;
	}
	rl_buf_puts(b, a->canon);
	int k = rl_alg_keylen(a, (unsigned long)keylen);
	if (k)
		rl_buf_printf(b, "-%d", k);
}

rl_pcheck remote_check(const rl_remote *r)
{
	return r ? (rl_pcheck)rl_num_get(&r->proposal_check, RL_PCHECK_STRICT) : RL_PCHECK_STRICT;
}

/* ---- remote blocks ------------------------------------------------- */

static int base_score(const rl_remote *r)
{
	return r->anonymous ? 1 : 3;
}

/* The index of the best-scoring live candidate; *tie when two share it. */
static size_t best_of(const int *score, const bool *alive, size_t n, bool *tie)
{
	size_t best = SIZE_MAX;
	*tie = false;
	for (size_t i = 0; i < n; i++) {
		if (!alive[i])
			continue;
		if (best == SIZE_MAX || score[i] > score[best]) {
			best = i;
			*tie = false;
		} else if (score[i] == score[best]) {
			*tie = true;
		}
	}
	return best;
}

/* The only non-passive address block of a host, for a peer whose address
 * is not known; NULL when there is not exactly one. */
static rl_remote *single_address_block(rl_host *h, bool allow_passive)
{
	rl_remote *found = NULL;
	for (size_t i = 0; i < h->nremotes; i++) {
		rl_remote *r = h->remotes[i];
		if (r->anonymous || (!allow_passive && rl_num_get(&r->passive, 0)))
			continue;
		if (found)
			return NULL;
		found = r;
	}
	return found;
}

/* Candidate blocks of h for a peer address; an unknown address takes the
 * anonymous blocks, else the single address block. */
static size_t candidates(rl_host *h, const rl_addr *peer, bool allow_passive, rl_remote ***v)
{
	size_t n = rl_host_remotes_for(h, peer, allow_passive, v);
	if (n == 0 && !peer->family) {
		rl_remote *r = single_address_block(h, allow_passive);
		if (r) {
			*v = rl_xmalloc(sizeof **v);
			(*v)[0] = r;
			n = 1;
		}
	}
	return n;
}

static void put_names(rl_buf *b, rl_remote **v, size_t n)
{
	char lb[160];
	for (size_t i = 0; i < n && i < 4; i++)
		rl_buf_printf(b, "%s%s", i ? ", " : "", rl_loc_str(v[i]->loc, lb, sizeof lb));
	if (n > 4)
		rl_buf_puts(b, ", ...");
}

static void no_remote(rl_check *c, rl_host *h, rl_host *peer, const rl_addr *addr, bool initiator,
		      rl_loc at_i, rl_loc at_r)
{
	char ab[RL_ADDR_STRLEN];
	rl_remote **pv = NULL;
	size_t np = initiator ? rl_host_remotes_for(h, addr, true, &pv) : 0;
	rl_buf b = {0};
	if (np) {
		rl_buf_printf(&b, "%s's only remote blocks for %s are passive (", h->name, rl_addr_str(addr, ab));
		put_names(&b, pv, np);
		rl_buf_puts(&b, "): a passive block never starts a negotiation");
		if (initiator)
			at_i = pv[0]->loc;
	} else {
		rl_buf_printf(&b, "%s has no remote block for %s's address %s and no remote anonymous", h->name, peer->name,
			      rl_addr_str(addr, ab));
		rl_buf_puts(&b, initiator ? " (no configuration found)" : ": it refuses the exchange");
	}
	free(pv);
	nego_set(c, RL_OUT_FAIL, np ? RL_WHY_ONLY_PASSIVE : RL_WHY_NO_REMOTE, at_i, at_r, "%s", rl_buf_str(&b));
	c->on_resp = !initiator;
	rl_buf_free(&b);
}

static void ambiguous(rl_check *c, rl_host *h, rl_remote **v, const bool *alive, const int *score, size_t best,
		      size_t n, rl_loc at_i, rl_loc at_r, bool initiator)
{
	rl_remote *tied[2] = {v[best], NULL};
	for (size_t i = 0; i < n; i++)
		if (i != best && alive[i] && score[i] == score[best]) {
			tied[1] = v[i];
			break;
		}
	char l0[160], l1[160];
	if (initiator)
		at_i = tied[1]->loc;
	else
		at_r = tied[1]->loc;
	nego_set(c, RL_OUT_FAIL, RL_WHY_AMBIGUOUS, at_i, at_r,
		 "%s has two remote blocks that fit equally well (%s and %s): racoon refuses both "
		 "(multiple configurations found)",
		 h->name, rl_loc_str(tied[0]->loc, l0, sizeof l0), rl_loc_str(tied[1]->loc, l1, sizeof l1));
	c->on_resp = !initiator;
}

/* A host whose racoon.conf was not given: its side cannot be told. */
static bool conf_unknown(const rl_host *h, rl_check *c)
{
	if (h->conf || h->nremotes)
		return false;
	nego_set(c, RL_OUT_UNKNOWN, RL_WHY_NONE, rl_loc_none(), rl_loc_none(), "the racoon.conf of %s is not known",
		 h->name);
	return true;
}

/* A host whose blocks for the peer are all passive and none of whose out
 * policies leads to it only answers (a generate_policy responder). */
static bool responder_only(rl_host *a, const rl_p1 *p)
{
	if (p->trigger.src || !a->spd_known || !p->peer.family)
		return false;
	rl_remote **pv = NULL;
	size_t np = rl_host_remotes_for(a, &p->peer, true, &pv);
	free(pv);
	return np > 0;
}

static void init_remote(nctx *x, rl_p1 *p)
{
	rl_check *c = &p->step[RL_STEP_INIT_REMOTE];
	if (conf_unknown(x->a, c))
		return;
	rl_remote **v = NULL;
	size_t n = candidates(x->a, &p->peer, false, &v);
	rl_loc at_i = p->trigger.src ? p->trigger : file_loc(x->a->conf);
	if (n == 0 && responder_only(x->a, p)) {
		free(v);
		return; /* skipped: a never starts a negotiation towards b */
	}
	if (n == 0) {
		if (!p->peer.family)
			nego_set(c, RL_OUT_UNKNOWN, RL_WHY_ADDR_UNKNOWN, at_i, rl_loc_none(),
				 "%s's address is not known (give --addr=%s=ADDR)", x->b->name, x->b->name);
		else
			no_remote(c, x->a, x->b, &p->peer, true, at_i, peer_evidence(x->b, &p->peer));
		free(v);
		return;
	}
	int *score = rl_xcalloc(n, sizeof *score);
	bool *alive = rl_xcalloc(n, sizeof *alive);
	for (size_t i = 0; i < n; i++) {
		score[i] = base_score(v[i]);
		alive[i] = true;
	}
	bool tie;
	size_t best = best_of(score, alive, n, &tie);
	p->rem_i = v[best];
	if (tie && !rl_addr_is_host(&p->peer))
		nego_set(c, RL_OUT_UNKNOWN, RL_WHY_ADDR_UNKNOWN, v[best]->loc, rl_loc_none(),
			 "%s's address is only known as a network", x->b->name);
	else if (tie)
		ambiguous(c, x->a, v, alive, score, best, n, v[best]->loc, rl_loc_none(), true);
	else
		nego_ok(c);
	free(score);
	free(alive);
	free(v);
}

/* ---- phase 1 proposals --------------------------------------------- */

static long p1_life(const rl_remote *r, const rl_proposal *p)
{
	return p->lifetime.set ? p->lifetime.v : rl_num_get(&r->lifetime, RL_DEFAULT_LIFETIME);
}

static rl_loc p1_life_loc(const rl_remote *r, const rl_proposal *p)
{
	return p->lifetime.set ? p->lifetime.loc : r->lifetime.set ? r->lifetime.loc : p->loc;
}

static const char *life_at(const rl_remote *r, const rl_proposal *p, char *buf, size_t n)
{
	if (!p->lifetime.set && !r->lifetime.set) {
		snprintf(buf, n, "default");
		return buf;
	}
	return rl_loc_str(p1_life_loc(r, p), buf, n);
}

static const char *alg_name(const rl_alg *a)
{
	return a ? a->canon : "none";
}

/* Compare the initiator's proposal pi with the responder's pr under chk;
 * describe each difference in r (if not NULL). Returns the count. */
static int p1_diff(const rl_remote *ri, const rl_proposal *pi, const rl_remote *rr, const rl_proposal *pr,
		   rl_pcheck chk, reasons *r)
{
	char a[160], b[160];
	int n = 0;
	if (!same_alg(pi->enc, pr->enc)) {
		n++;
		if (r)
			reasons_add(r, RL_WHY_PROPOSAL, pi->enc_loc, pr->enc_loc, "encryption_algorithm %s (%s) vs %s (%s)",
				    alg_name(pi->enc), rl_loc_str(pi->enc_loc, a, sizeof a), alg_name(pr->enc),
				    rl_loc_str(pr->enc_loc, b, sizeof b));
	} else {
		int ki = rl_alg_keylen(pi->enc, (unsigned long)pi->keylen), kr = rl_alg_keylen(pr->enc, (unsigned long)pr->keylen);
		if (!keylen_ok(chk, ki, kr)) {
			n++;
			if (r)
				reasons_add(r, RL_WHY_PROPOSAL, pi->enc_loc, pr->enc_loc,
					    "key length %d (%s) %s %d (%s) under proposal_check %s", ki,
					    rl_loc_str(pi->enc_loc, a, sizeof a),
					    chk == RL_PCHECK_EXACT ? "differs from" : "is shorter than", kr,
					    rl_loc_str(pr->enc_loc, b, sizeof b), rl_pcheck_name(chk));
		}
	}
	if (!same_alg(pi->hash, pr->hash)) {
		n++;
		if (r)
			reasons_add(r, RL_WHY_PROPOSAL, pi->hash_loc, pr->hash_loc, "hash_algorithm %s (%s) vs %s (%s)",
				    alg_name(pi->hash), rl_loc_str(pi->hash_loc, a, sizeof a), alg_name(pr->hash),
				    rl_loc_str(pr->hash_loc, b, sizeof b));
	}
	if (!pi->auth || !pr->auth || strcmp(rl_auth_fold(pi->auth->canon), rl_auth_fold(pr->auth->canon)) != 0) {
		n++;
		if (r)
			reasons_add(r, RL_WHY_PROPOSAL, pi->auth_loc, pr->auth_loc,
				    "authentication_method %s (%s) vs %s (%s)", alg_name(pi->auth),
				    rl_loc_str(pi->auth_loc, a, sizeof a), alg_name(pr->auth),
				    rl_loc_str(pr->auth_loc, b, sizeof b));
	}
	if (!pi->dh || !pr->dh || pi->dh->dh != pr->dh->dh) {
		n++;
		if (r)
			reasons_add(r, RL_WHY_PROPOSAL, pi->dh_loc, pr->dh_loc, "dh_group %s (%s) vs %s (%s)",
				    alg_name(pi->dh), rl_loc_str(pi->dh_loc, a, sizeof a), alg_name(pr->dh),
				    rl_loc_str(pr->dh_loc, b, sizeof b));
	}
	long li = p1_life(ri, pi), lr = p1_life(rr, pr);
	bool life_ok = chk == RL_PCHECK_OBEY || (chk == RL_PCHECK_EXACT ? li == lr : li <= lr);
	if (!life_ok) {
		n++;
		if (r)
			reasons_add(r, RL_WHY_PROPOSAL, p1_life_loc(ri, pi), p1_life_loc(rr, pr),
				    "lifetime %ld s (%s) %s %ld s (%s) under proposal_check %s", li,
				    life_at(ri, pi, a, sizeof a), chk == RL_PCHECK_EXACT ? "differs from" : "is longer than",
				    lr, life_at(rr, pr, b, sizeof b), rl_pcheck_name(chk));
	}
	return n;
}

/* The first of ri's proposals (in its order) that rr accepts, paired with
 * rr's first matching proposal. */
static bool p1_match(const rl_remote *ri, const rl_remote *rr, const rl_proposal **pi, const rl_proposal **pr)
{
	rl_pcheck chk = remote_check(rr);
	for (size_t i = 0; i < ri->nprops; i++)
		for (size_t j = 0; j < rr->nprops; j++)
			if (p1_diff(ri, ri->props[i], rr, rr->props[j], chk, NULL) == 0) {
				*pi = ri->props[i];
				*pr = rr->props[j];
				return true;
			}
	return false;
}

/* Explain why rr accepts none of ri's proposals: the closest pair. */
static void p1_explain(const nctx *x, const rl_remote *ri, const rl_remote *rr, rl_check *c)
{
	if (!ri->nprops || !rr->nprops) {
		const rl_remote *empty = ri->nprops ? rr : ri;
		nego_set(c, RL_OUT_FAIL, RL_WHY_NO_PROPOSALS, ri->loc, rr->loc, "%s's remote block has no proposal",
			 empty == ri ? x->a->name : x->b->name);
		return;
	}
	rl_pcheck chk = remote_check(rr);
	size_t bi = 0, bj = 0;
	int best = 1 << 30;
	for (size_t i = 0; i < ri->nprops; i++)
		for (size_t j = 0; j < rr->nprops; j++) {
			int d = p1_diff(ri, ri->props[i], rr, rr->props[j], chk, NULL);
			if (d < best) {
				best = d;
				bi = i;
				bj = j;
			}
		}
	reasons r = {0};
	p1_diff(ri, ri->props[bi], rr, rr->props[bj], chk, &r);
	bool several = ri->nprops > 1 || rr->nprops > 1;
	nego_set(c, RL_OUT_FAIL, RL_WHY_PROPOSAL, r.at_i, r.at_r, "%s accepts none of %s's phase 1 proposals: %s%s",
		 x->b->name, x->a->name, several ? "the closest pair differs in " : "", rl_buf_str(&r.text));
	rl_buf_free(&r.text);
}

/* ---- identities ---------------------------------------------------- */

/* The identity a block sends: my_identifier, else its address. */
static rl_ident sent_id(const rl_remote *r, const rl_addr *addr)
{
	rl_ident id;
	memset(&id, 0, sizeof id);
	if (r && r->my_id.type != RL_ID_NONE) {
		id = r->my_id;
	} else {
		id.type = RL_ID_ADDRESS;
		id.loc = r ? r->loc : rl_loc_none();
	}
	if (id.type == RL_ID_ADDRESS && !id.value)
		id.addr = *addr;
	return id;
}

/* verify_identifier on: the peer's identity must be one of the block's
 * peers_identifier (a block without any, or with one without a value,
 * accepts every identity). */
static bool id_accepted(const rl_remote *r, const rl_ident *id)
{
	if (!rl_num_get(&r->verify_identifier, 0) || r->npeers_ids == 0)
		return true;
	for (size_t i = 0; i < r->npeers_ids; i++)
		if (rl_ident_matches(&r->peers_ids[i], id))
			return true;
	return false;
}

static void id_rejected(const nctx *x, const rl_remote *rr, const rl_ident *id, rl_check *c)
{
	char *ids = ident_str(id);
	rl_buf pats = {0};
	for (size_t i = 0; i < rr->npeers_ids && i < 4; i++) {
		char *p = ident_str(&rr->peers_ids[i]);
		rl_buf_printf(&pats, "%s%s", i ? ", " : "", p);
		free(p);
	}
	char lb[160];
	nego_set(c, RL_OUT_FAIL, RL_WHY_ID_MISMATCH, id->loc, rr->peers_ids[0].loc,
		 "%s has verify_identifier on and expects peers_identifier %s (%s), but %s sends %s (No ID match)",
		 x->b->name, rl_buf_str(&pats), rl_loc_str(rr->peers_ids[0].loc, lb, sizeof lb), x->a->name, ids);
	free(ids);
	rl_buf_free(&pats);
}

static bool is_address_id(const rl_ident *id)
{
	return id->type == RL_ID_ADDRESS || id->type == RL_ID_NONE;
}

/* Main mode with pre_shared_key: each side refuses a non-address identity. */
static void main_mode_ids(const nctx *x, rl_p1 *p)
{
	rl_check *c = &p->step[RL_STEP_IDENTITY];
	const rl_ident *bad = !is_address_id(&p->id_i) ? &p->id_i : !is_address_id(&p->id_r) ? &p->id_r : NULL;
	if (!bad)
		return;
	bool from_a = bad == &p->id_i;
	char *ids = ident_str(bad);
	/* the identity that is refused, and the other host's block */
	nego_set(c, RL_OUT_FAIL, RL_WHY_ID_TYPE, from_a ? bad->loc : p->rem_i->loc, from_a ? p->rem_r->loc : bad->loc,
		 "main mode with pre_shared_key needs address identities, but %s sends %s: %s refuses it "
		 "(Expecting IP address type in main mode)",
		 from_a ? x->a->name : x->b->name, ids, from_a ? x->b->name : x->a->name);
	c->on_resp = !from_a;
	free(ids);
}

/* ---- the responder's remote block ---------------------------------- */

static bool lists_mode(const rl_remote *r, rl_xmode m)
{
	for (size_t i = 0; i < r->nmodes; i++)
		if (r->modes[i] == m)
			return true;
	return false;
}

static void put_modes(rl_buf *b, const rl_remote *r)
{
	for (size_t i = 0; i < r->nmodes; i++)
		rl_buf_printf(b, "%s%s", i ? "," : "", rl_xmode_name(r->modes[i]));
	if (!r->nmodes)
		rl_buf_puts(b, "none");
}

static void mode_rejected(const nctx *x, const rl_p1 *p, const rl_remote *rr, rl_check *c)
{
	char a[160], b[160];
	rl_buf m = {0};
	put_modes(&m, rr);
	nego_set(c, RL_OUT_FAIL, RL_WHY_MODE, p->rem_i->modes_loc, rr->modes_loc,
		 "%s starts in %s mode (%s) but %s allows only %s (%s): exchange not allowed in any applicable rmconf",
		 x->a->name, rl_xmode_name(p->mode), rl_loc_str(p->rem_i->mode_locs[0], a, sizeof a), x->b->name,
		 rl_buf_str(&m), rl_loc_str(rr->modes_loc, b, sizeof b));
	rl_buf_free(&m);
}

/* Narrow the live candidates with a test; when none would be left, keep
 * them all and return false. */
static bool narrow(bool *alive, const bool *pass, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any |= alive[i] && pass[i];
	if (!any)
		return false;
	for (size_t i = 0; i < n; i++)
		alive[i] = alive[i] && pass[i];
	return true;
}

static size_t first_alive(const bool *alive, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (alive[i])
			return i;
	return 0;
}

/* Responder: every block for A's address is a candidate; the exchange
 * mode, the proposals and the identity rule blocks out; the best score
 * wins (semantics 2.1, 2.3). Fills RESP_REMOTE, MODE, PROPOSAL and the
 * peers_identifier part of IDENTITY. */
static void resp_remote(nctx *x, rl_p1 *p)
{
	if (conf_unknown(x->b, &p->step[RL_STEP_RESP_REMOTE]))
		return;
	rl_remote **v = NULL;
	size_t n = candidates(x->b, &p->local, true, &v);
	rl_loc at_i = p->rem_i ? p->rem_i->loc : p->trigger;
	if (n == 0) {
		if (!p->local.family)
			nego_set(&p->step[RL_STEP_RESP_REMOTE], RL_OUT_UNKNOWN, RL_WHY_ADDR_UNKNOWN, at_i, rl_loc_none(),
				 "%s's address is not known (give --addr=%s=ADDR)", x->a->name, x->a->name);
		else
			no_remote(&p->step[RL_STEP_RESP_REMOTE], x->b, x->a, &p->local, false, at_i,
				  x->b->nremotes ? x->b->remotes[x->b->nremotes - 1]->loc : file_loc(x->b->conf));
		free(v);
		return;
	}
	int *score = rl_xcalloc(n, sizeof *score);
	bool *alive = rl_xcalloc(n, sizeof *alive), *pass = rl_xcalloc(n, sizeof *pass);
	for (size_t i = 0; i < n; i++) {
		score[i] = base_score(v[i]);
		alive[i] = true;
	}
	bool tie;
	p->rem_r = v[best_of(score, alive, n, &tie)];
	nego_ok(&p->step[RL_STEP_RESP_REMOTE]);
	if (p->rem_i && p->mode) {
		for (size_t i = 0; i < n; i++)
			pass[i] = lists_mode(v[i], p->mode) && !(p->mode == RL_XMODE_BASE && x->b->platform == RL_PLATFORM_MACOS);
		if (narrow(alive, pass, n))
			nego_ok(&p->step[RL_STEP_MODE]);
		else
			mode_rejected(x, p, v[best_of(score, alive, n, &tie)], &p->step[RL_STEP_MODE]);
	}
	if (p->rem_i) {
		for (size_t i = 0; i < n; i++)
			pass[i] = alive[i] && p1_match(p->rem_i, v[i], &p->prop_i, &p->prop_r);
		if (narrow(alive, pass, n)) {
			nego_ok(&p->step[RL_STEP_PROPOSAL]);
			for (size_t i = 0; i < n; i++)
				score[i] += alive[i] ? 4 : 0;
		} else {
			p1_explain(x, p->rem_i, v[best_of(score, alive, n, &tie)], &p->step[RL_STEP_PROPOSAL]);
		}
		for (size_t i = 0; i < n; i++)
			pass[i] = id_accepted(v[i], &p->id_i);
		size_t before = best_of(score, alive, n, &tie);
		if (narrow(alive, pass, n)) {
			for (size_t i = 0; i < n; i++)
				score[i] += alive[i] && rl_num_get(&v[i]->verify_identifier, 0) ? 8 : 0;
			nego_ok(&p->step[RL_STEP_IDENTITY]);
		} else {
			id_rejected(x, v[before], &p->id_i, &p->step[RL_STEP_IDENTITY]);
		}
	}
	size_t best = best_of(score, alive, n, &tie);
	if (best == SIZE_MAX)
		best = first_alive(alive, n);
	p->rem_r = v[best];
	if (tie)
		ambiguous(&p->step[RL_STEP_RESP_REMOTE], x->b, v, alive, score, best, n, at_i, v[best]->loc, false);
	free(score);
	free(alive);
	free(pass);
	free(v);
}

/* ---- pre-shared keys ----------------------------------------------- */

static bool auth_is_psk(const rl_alg *a)
{
	if (!a)
		return false;
	const char *f = rl_auth_fold(a->canon);
	return strcmp(f, "pre_shared_key") == 0 || strcmp(f, "xauth_psk_server") == 0;
}

/* The identity types whose ID payload racoon can look up as text. */
static bool id_is_text(const rl_ident *id)
{
	return id->value && (id->type == RL_ID_FQDN || id->type == RL_ID_USER_FQDN || id->type == RL_ID_KEYID);
}

/* What h finds for its peer (psk-txt.md 4): in aggressive and base mode by
 * the peer's identity, then (unless verify_identifier) by its address; in
 * main mode by the address. */
static void psk_lookup(rl_host *h, const rl_ident *peer_id, const rl_addr *peer_addr, rl_xmode mode, bool verify,
		       rl_psk_found *f)
{
	char ab[RL_ADDR_STRLEN];
	memset(f, 0, sizeof *f);
	f->type = RL_ID_ADDRESS;
	if (!h->psk_path_set || !h->psk_file) {
		f->out = RL_OUT_FAIL;
		return;
	}
	if (mode != RL_XMODE_MAIN && id_is_text(peer_id)) {
		f->type = peer_id->type;
		f->key = rl_xstrndup(peer_id->value, peer_id->len);
		f->entry = rl_host_psk_lookup(h, peer_id->value, peer_id->len);
		f->by_id = true;
		if (f->entry || verify) {
			f->out = f->entry ? RL_OUT_OK : RL_OUT_FAIL;
			return;
		}
		free(f->key);
		f->key = NULL;
		f->by_id = false;
		f->type = RL_ID_ADDRESS;
	}
	if (!rl_addr_is_host(peer_addr)) {
		f->out = RL_OUT_UNKNOWN;
		return;
	}
	rl_addr_text(peer_addr, ab);
	f->key = rl_xstrdup(ab);
	f->entry = rl_host_psk_lookup(h, ab, strlen(ab));
	f->out = f->entry ? RL_OUT_OK : RL_OUT_FAIL;
}

/* Describe a failed lookup of h for its peer. */
static void psk_missing(reasons *r, rl_host *h, rl_host *peer, const rl_ident *peer_id, const rl_addr *peer_addr,
			const rl_psk_found *f, rl_xmode mode, const rl_remote *rem, bool h_is_init)
{
	char ab[RL_ADDR_STRLEN], lb[160];
	r->next_on_resp = !h_is_init;
	rl_loc here = h->psk_file ? file_loc(h->psk_file) : h->psk_path_loc;
	rl_loc at_i = h_is_init ? here : peer_id->loc, at_r = h_is_init ? peer_id->loc : here;
	if (!h->psk_path_set) {
		reasons_add(r, RL_WHY_PSK_NO_FILE, h_is_init ? file_loc(h->conf) : at_i,
			    h_is_init ? at_r : file_loc(h->conf), "%s has no path pre_shared_key, so it finds no key",
			    h->name);
		return;
	}
	if (!h->psk_file) {
		reasons_add(r, RL_WHY_PSK_NO_FILE, at_i, at_r, "the psk file of %s (%s) is missing", h->name,
			    rl_loc_str(h->psk_path_loc, lb, sizeof lb));
		return;
	}
	char *ids = ident_str(peer_id);
	if (f->by_id)
		reasons_add(r, RL_WHY_PSK_MISSING, at_i, at_r,
			    "%s has no line for %s's %s in %s and verify_identifier is on (%s), so it does not try "
			    "the address",
			    h->name, peer->name, ids, h->psk_file->name, rl_loc_str(rem->verify_identifier.loc, lb, sizeof lb));
	else if (mode != RL_XMODE_MAIN && id_is_text(peer_id))
		reasons_add(r, RL_WHY_PSK_MISSING, at_i, at_r, "%s has no line for %s's %s nor for its address %s in %s",
			    h->name, peer->name, ids, rl_addr_text(peer_addr, ab), h->psk_file->name);
	else
		reasons_add(r, RL_WHY_PSK_MISSING, at_i, at_r, "%s has no line for %s's address %s in %s%s", h->name,
			    peer->name, rl_addr_text(peer_addr, ab), h->psk_file->name,
			    mode == RL_XMODE_MAIN ? " (main mode looks keys up by address)" : "");
	free(ids);
}

/* h's key file, when racoon refuses to read it: no key found. */
static void psk_refused(reasons *r, const rl_host *h, bool h_is_init)
{
	rl_psk_faults pf = rl_psk_file_faults(h->psk_file);
	if (!pf.racoon)
		return;
	rl_loc here = file_loc(h->psk_file);
	reasons_add(r, RL_WHY_PSK_REFUSED, h_is_init ? here : rl_loc_none(), h_is_init ? rl_loc_none() : here,
		    "racoon on %s refuses its key file %s ('%s'), so it finds no key", h->name, h->psk_file->name,
		    pf.racoon);
}

/* A text key without what the reader keeps by accident (trailing CR and
 * blanks, surrounding quotes): [*s, *s + *n). */
static void key_core(const rl_psk *p, const uint8_t **s, size_t *n)
{
	*s = p->secret;
	*n = p->secret_len;
	if (p->hex)
		return;
	while (*n && ((*s)[*n - 1] == '\r' || (*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
	if (p->quoted && *n >= 2) {
		(*s)++;
		*n -= 2;
	}
}

/* What the reader kept in a key by accident; false when nothing. */
static bool key_flaws(rl_buf *b, const char *host, const rl_psk *p)
{
	char lb[160];
	rl_loc_str(p->key_loc, lb, sizeof lb);
	const char *what[3];
	size_t n = 0;
	if (p->trailing_cr)
		what[n++] = "ends with a carriage return (a CRLF line end)";
	if (p->trailing_blank)
		what[n++] = "ends with blanks";
	if (p->quoted)
		what[n++] = "is written in quotes";
	for (size_t i = 0; i < n; i++)
		rl_buf_printf(b, "%s%s's key (%s) %s", b->len ? "; " : "", host, lb, what[i]);
	return n > 0;
}

/* Why two keys differ, without showing them. */
static void psk_differ(reasons *r, const nctx *x, const rl_psk *pi, const rl_psk *pr)
{
	char a[160], b[160];
	const uint8_t *si, *sr;
	size_t ni, nr;
	key_core(pi, &si, &ni);
	key_core(pr, &sr, &nr);
	rl_buf m = {0};
	bool flaw_i = false, flaw_r = false;
	if (ni == nr && memcmp(si, sr, ni) == 0) {
		flaw_i = key_flaws(&m, x->a->name, pi);
		flaw_r = key_flaws(&m, x->b->name, pr);
		rl_buf_puts(&m, ", which racoon keeps as part of the key");
	} else {
		rl_buf_printf(&m, "the keys of %s (%s) and %s (%s) are not the same", x->a->name,
			      rl_loc_str(pi->key_loc, a, sizeof a), x->b->name, rl_loc_str(pr->key_loc, b, sizeof b));
	}
	r->next_on_resp = flaw_r && !flaw_i;
	reasons_add(r, RL_WHY_PSK_DIFFER, pi->key_loc, pr->key_loc, "the keys differ: %s", rl_buf_str(&m));
	rl_buf_free(&m);
}

static void bad_hex(reasons *r, rl_host *h, const rl_psk *e, bool h_is_init)
{
	char lb[160];
	r->next_on_resp = !h_is_init;
	reasons_add(r, RL_WHY_PSK_BAD_HEX, h_is_init ? e->key_loc : rl_loc_none(), h_is_init ? rl_loc_none() : e->key_loc,
		    "%s's key (%s) starts with 0x but is not an even number of hex digits: racoon fails with "
		    "\"failed to get psk buffer\"",
		    h->name, rl_loc_str(e->key_loc, lb, sizeof lb));
}

/* The authentication method: the agreed one, else the initiator's first. */
static const rl_alg *p1_auth(const rl_p1 *p)
{
	if (p->prop_i)
		return p->prop_i->auth;
	return p->rem_i && p->rem_i->nprops ? p->rem_i->props[0]->auth : NULL;
}

static void psk_step(nctx *x, rl_p1 *p)
{
	rl_check *c = &p->step[RL_STEP_PSK];
	p->psk = auth_is_psk(p1_auth(p));
	/* skipped without both remote blocks: the identities are not known */
	if (!p->psk || !p->rem_i || !p->rem_r || !p->mode)
		return;
	bool verify_r = p->rem_r && rl_num_get(&p->rem_r->verify_identifier, 0);
	bool verify_i = rl_num_get(&p->rem_i->verify_identifier, 0);
	psk_lookup(x->b, &p->id_i, &p->local, p->mode, verify_r, &p->psk_r);
	psk_lookup(x->a, &p->id_r, &p->peer, p->mode, verify_i, &p->psk_i);
	reasons r = {0};
	if (p->psk_r.out == RL_OUT_FAIL)
		psk_missing(&r, x->b, x->a, &p->id_i, &p->local, &p->psk_r, p->mode, p->rem_r, false);
	else if (p->psk_r.entry && p->psk_r.entry->bad_hex)
		bad_hex(&r, x->b, p->psk_r.entry, false);
	if (p->psk_i.out == RL_OUT_FAIL)
		psk_missing(&r, x->a, x->b, &p->id_r, &p->peer, &p->psk_i, p->mode, p->rem_i, true);
	else if (p->psk_i.entry && p->psk_i.entry->bad_hex)
		bad_hex(&r, x->a, p->psk_i.entry, true);
	if (r.why == RL_WHY_NONE && p->psk_i.entry && p->psk_r.entry) {
		p->secrets_equal = rl_psk_secret_equal(p->psk_i.entry, p->psk_r.entry);
		if (!p->secrets_equal)
			psk_differ(&r, x, p->psk_i.entry, p->psk_r.entry);
	}
	/* the keys would do, but racoon does not read the file that holds one
	 * (psk-file-mode reports the file itself) */
	if (r.why == RL_WHY_NONE) {
		psk_refused(&r, x->a, true);
		psk_refused(&r, x->b, false);
	}
	if (r.why != RL_WHY_NONE) {
		nego_set(c, RL_OUT_FAIL, r.why, r.at_i, r.at_r, "%s", rl_buf_str(&r.text));
		c->on_resp = r.on_resp;
	} else if (p->psk_r.out == RL_OUT_UNKNOWN || p->psk_i.out == RL_OUT_UNKNOWN) {
		nego_set(c, RL_OUT_UNKNOWN, RL_WHY_ADDR_UNKNOWN, rl_loc_none(), rl_loc_none(),
			 "the key is looked up by an address that is only known as a network");
	} else {
		nego_ok(c);
	}
	rl_buf_free(&r.text);
}

/* ---- phase 1 ------------------------------------------------------- */

static void agree_p1(rl_p1 *p)
{
	if (!p->prop_i || !p->prop_r || !p->rem_r)
		return;
	rl_pcheck chk = remote_check(p->rem_r);
	p->keylen = rl_alg_keylen(p->prop_i->enc, (unsigned long)p->prop_i->keylen);
	long li = p1_life(p->rem_i, p->prop_i), lr = p1_life(p->rem_r, p->prop_r);
	p->lifetime = chk == RL_PCHECK_EXACT ? lr : li;
}

void nego_phase1(nctx *x, rl_p1 *p)
{
	p->first_fail = -1;
	init_remote(x, p);
	p->id_i = sent_id(p->rem_i, &p->local);
	if (p->rem_i) {
		p->mode = p->rem_i->nmodes ? p->rem_i->modes[0] : RL_XMODE_NONE;
		if (!p->mode)
			nego_set(&p->step[RL_STEP_MODE], RL_OUT_FAIL, RL_WHY_NO_MODE, p->rem_i->loc, rl_loc_none(),
				 "%s's remote block (%s) has no exchange_mode", x->a->name,
				 rl_loc_str(p->rem_i->loc, (char[160]){0}, 160));
	}
	resp_remote(x, p);
	if (p->rem_r) {
		p->id_r = sent_id(p->rem_r, &p->peer);
		if (p->rem_i && p->step[RL_STEP_PROPOSAL].out == RL_OUT_OK)
			p1_match(p->rem_i, p->rem_r, &p->prop_i, &p->prop_r);
	}
	agree_p1(p);
	psk_step(x, p);
	const rl_alg *auth = p1_auth(p);
	if (auth && strcmp(auth->canon, "pre_shared_key") == 0 && p->mode == RL_XMODE_MAIN && p->rem_r &&
	    p->step[RL_STEP_IDENTITY].out != RL_OUT_FAIL)
		main_mode_ids(x, p);
	/* the order racoon meets the steps in: main mode looks the key up
	 * before it sees the identities, aggressive mode after */
	static const rl_step main_order[] = {RL_STEP_INIT_REMOTE, RL_STEP_RESP_REMOTE, RL_STEP_MODE,
					     RL_STEP_PROPOSAL, RL_STEP_PSK, RL_STEP_IDENTITY};
	static const rl_step aggr_order[] = {RL_STEP_INIT_REMOTE, RL_STEP_RESP_REMOTE, RL_STEP_MODE,
					     RL_STEP_PROPOSAL, RL_STEP_IDENTITY, RL_STEP_PSK};
	const rl_step *order = p->mode == RL_XMODE_MAIN ? main_order : aggr_order;
	for (size_t i = 0; i < RL_P1_NSTEPS; i++)
		if (p->step[order[i]].out == RL_OUT_FAIL) {
			p->first_fail = (int)order[i];
			break;
		}
}

void nego_p1_free(rl_p1 *p)
{
	for (int i = 0; i < RL_P1_NSTEPS; i++)
		rl_check_clear(&p->step[i]);
	free(p->psk_i.key);
	free(p->psk_r.key);
}
