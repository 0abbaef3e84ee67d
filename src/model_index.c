/* What rl_host_finish derives from the facts, and the queries that use it:
 * which policies are still installed, hash indexes for pre-shared keys,
 * policies, remote and sainfo blocks, and the host's inferred addresses.
 * Every query is a few hash lookups, so checking a host with 100,000
 * policies against its peer stays linear. */
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"
#include "util.h"

void rl_host_drop_derived(rl_host *h)
{
	free(h->named);
	h->named = NULL;
	h->nnamed = h->capnamed = 0;
	h->named_ready = false;
	for (int d = 0; d < 2; d++) {
		for (size_t g = 0; g < h->ngroups[d]; g++)
			free(h->groups[d][g].idx);
		free(h->groups[d]);
		h->groups[d] = NULL;
		h->ngroups[d] = h->capgroups[d] = 0;
	}
	h->groups_ready = false;
	free(h->pair_memo);
	h->pair_memo = NULL;
	h->npair_memo = h->cappair_memo = 0;
	rl_hmap_free(&h->pair_memo_ix);
	rl_hmap_free(&h->psk_ix);
	rl_hmap_free(&h->spd_exact_ix);
	rl_hmap_free(&h->spd_norm_ix);
	rl_hmap_free(&h->spd_addr_ix);
	rl_hmap_free(&h->remote_ix);
	rl_hmap_free(&h->sainfo_ix);
	rl_hmap_free(&h->sainfo_addr_ix);
	free(h->spd_prefixes);
	h->spd_prefixes = NULL;
	h->nspd_prefixes = h->capspd_prefixes = 0;
	h->spd_indexed = false;
	for (size_t i = h->nuser_addrs; i < h->naddrs; i++)
		free(h->addrs[i].evidence);
	h->naddrs = h->nuser_addrs;
	h->psk_wild = SIZE_MAX;
	h->finished = false;
}

/* ---- policies ------------------------------------------------------ */

uint64_t rl_sel_hash(rl_dir dir, const rl_sel *s)
{
	uint64_t h = rl_hash_word(RL_HASH_INIT, dir);
	h = rl_addr_hash(h, &s->src);
	h = rl_addr_hash(h, &s->dst);
	return rl_hash_word(h, (uint64_t)s->sport << 32 | (uint64_t)s->dport << 8 | (uint64_t)s->proto);
}

bool rl_sel_equal(const rl_sel *a, const rl_sel *b)
{
	return rl_addr_equal(&a->src, &b->src) && rl_addr_equal(&a->dst, &b->dst) && a->sport == b->sport &&
	       a->dport == b->dport && a->proto == b->proto;
}

/* A selector with both addresses cut to the given prefixes. */
static rl_sel masked_sel(const rl_sel *s, unsigned sp, unsigned dp)
{
	rl_sel m = *s;
	m.src = rl_addr_masked(&s->src, sp);
	m.dst = rl_addr_masked(&s->dst, dp);
	return m;
}

/* Hash of two addresses already cut to their prefixes. */
static uint64_t masked_key(rl_dir dir, const rl_addr *src, const rl_addr *dst)
{
	return rl_addr_hash(rl_addr_hash(rl_hash_word(RL_HASH_INIT, dir), src), dst);
}

/* Hash of the addresses of a selector, each cut to the given prefix. */
static uint64_t addr_key(rl_dir dir, const rl_sel *s, unsigned sp, unsigned dp)
{
	rl_addr src = rl_addr_masked(&s->src, sp), dst = rl_addr_masked(&s->dst, dp);
	return masked_key(dir, &src, &dst);
}

static bool same_masked_addrs(const rl_sel *a, const rl_sel *b, unsigned sp, unsigned dp)
{
	rl_sel x = masked_sel(a, sp, dp), y = masked_sel(b, sp, dp);
	return rl_addr_equal(&x.src, &y.src) && rl_addr_equal(&x.dst, &y.dst);
}

/* The live policy of p's direction and selector; key is their hash. */
static rl_policy *find_live(rl_host *h, const rl_hmap *m, const rl_policy *p, uint64_t key)
{
	size_t it = 0;
	uint32_t v;
	while (rl_hmap_next(m, key, &it, &v)) {
		rl_policy *q = h->policies[v];
		if (q->live && q->dir == p->dir && rl_sel_equal(&q->sel, &p->sel))
			return q;
	}
	return NULL;
}

/* Run the setkey commands in order: spdadd of an existing selector fails,
 * spdupdate replaces, spddelete removes, spdflush removes everything. */
static void compute_liveness(rl_host *h)
{
	size_t start = 0;
	for (size_t i = 0; i < h->npolicies; i++) {
		h->policies[i]->live = false;
		if (h->policies[i]->cmd == RL_SPD_FLUSH)
			start = i + 1;
	}
	rl_hmap seen = {0};
	rl_hmap_reserve(&seen, h->npolicies - start);
	for (size_t i = start; i < h->npolicies; i++) {
		rl_policy *p = h->policies[i];
		uint64_t key = rl_sel_hash(p->dir, &p->sel);
		rl_policy *q = find_live(h, &seen, p, key);
		switch (p->cmd) {
		case RL_SPD_ADD:
			p->live = !q;
			break;
		case RL_SPD_UPDATE:
			if (q)
				q->live = false;
			p->live = true;
			break;
		default:
			if (q)
				q->live = false;
			break;
		}
		if (p->live)
			rl_hmap_add(&seen, key, (uint32_t)i);
	}
	rl_hmap_free(&seen);
}

/* Remember each distinct (family, source prefix, destination prefix). */
static void note_prefixes(rl_host *h, rl_hmap *seen, const rl_sel *sel)
{
	uint16_t key[3] = {sel->src.family, sel->src.prefix, sel->dst.prefix};
	uint64_t kh = rl_hash_more(RL_HASH_INIT, key, sizeof key);
	size_t it = 0;
	uint32_t v;
	while (rl_hmap_next(seen, kh, &it, &v))
		if (memcmp(h->spd_prefixes[v], key, sizeof key) == 0)
			return;
	RL_GROW(h->spd_prefixes, h->capspd_prefixes, h->nspd_prefixes + 1);
	memcpy(h->spd_prefixes[h->nspd_prefixes], key, sizeof key);
	rl_hmap_add(seen, kh, (uint32_t)h->nspd_prefixes++);
}

/* first_with_addrs for the key addr_key gives. */
static const rl_policy *first_with_key(rl_host *h, rl_dir dir, const rl_sel *sel, unsigned sp, unsigned dp, uint64_t key)
{
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&h->spd_addr_ix, key, &it, &i)) {
		const rl_policy *p = h->policies[i];
		if (p->dir == dir && p->sel.src.prefix == sp && p->sel.dst.prefix == dp &&
		    same_masked_addrs(&p->sel, sel, sp, dp))
			return p;
	}
	return NULL;
}

static const rl_policy *first_with_addrs(rl_host *h, rl_dir dir, const rl_sel *sel, unsigned sp, unsigned dp)
{
	return first_with_key(h, dir, sel, sp, dp, addr_key(dir, sel, sp, dp));
}

/* Three indexes over the live policies: by exact selector, by selector
 * with masked addresses (for containment), and by masked addresses alone
 * (the first policy only, for hints). */
static void index_policies(rl_host *h)
{
	rl_hmap prefixes = {0};
	size_t live = 0;
	for (size_t i = 0; i < h->npolicies; i++)
		live += h->policies[i]->live;
	rl_hmap_reserve(&h->spd_exact_ix, live);
	rl_hmap_reserve(&h->spd_norm_ix, live);
	rl_hmap_reserve(&h->spd_addr_ix, live);
	for (size_t i = 0; i < h->npolicies; i++) {
		rl_policy *p = h->policies[i];
		if (!p->live)
			continue;
		rl_hmap_add(&h->spd_exact_ix, rl_sel_hash(p->dir, &p->sel), (uint32_t)i);
		rl_sel m = masked_sel(&p->sel, p->sel.src.prefix, p->sel.dst.prefix);
		rl_hmap_add(&h->spd_norm_ix, rl_sel_hash(p->dir, &m), (uint32_t)i);
		/* addr_key of the selector at its own prefixes: m's addresses */
		uint64_t ak = masked_key(p->dir, &m.src, &m.dst);
		if (!first_with_key(h, p->dir, &p->sel, p->sel.src.prefix, p->sel.dst.prefix, ak))
			rl_hmap_add(&h->spd_addr_ix, ak, (uint32_t)i);
		note_prefixes(h, &prefixes, &p->sel);
	}
	rl_hmap_free(&prefixes);
	h->spd_indexed = true;
}

/* The policy indexes, built when a policy query first needs them: a file
 * linted alone asks none (no peer), and they are most of finishing a host
 * of many policies. */
static void finish_spd(rl_host *h)
{
	rl_host_finish(h);
	if (!h->spd_indexed)
		index_policies(h);
}

/* ---- remote blocks ------------------------------------------------- */

static uint64_t anon_key(void)
{
	return rl_hash_num(RL_HASH_INIT, 0xa404);
}

static void index_remotes(rl_host *h)
{
	h->remote_net = false;
	for (size_t i = 0; i < h->nremotes; i++) {
		const rl_remote *r = h->remotes[i];
		uint64_t k = r->anonymous ? anon_key() : rl_addr_hash(RL_HASH_INIT, &r->addr);
		rl_hmap_add(&h->remote_ix, k, (uint32_t)i);
		if (!r->anonymous && !rl_addr_is_host(&r->addr))
			h->remote_net = true;
	}
}

static int cmp_remote(const void *a, const void *b)
{
	const rl_remote *x = *(rl_remote *const *)a, *y = *(rl_remote *const *)b;
	return x->index < y->index ? -1 : x->index > y->index;
}


size_t rl_host_remotes_for(rl_host *h, const rl_addr *peer, bool allow_passive, rl_remote ***out)
{
	rl_host_finish(h);
	rl_remote **v = NULL;
	size_t n = 0, cap = 0;
	bool scan = peer->family && (!rl_addr_is_host(peer) || h->remote_net);
	for (int pass = 0; pass < 2; pass++) {
		uint64_t k = pass == 0 ? anon_key() : rl_addr_hash(RL_HASH_INIT, peer);
		if (pass == 1 && (scan || !peer->family))
			break;
		size_t it = 0;
		uint32_t i;
		while (rl_hmap_next(&h->remote_ix, k, &it, &i)) {
			rl_remote *r = h->remotes[i];
			bool match = pass == 0 ? r->anonymous : !r->anonymous && rl_addr_equal(&r->addr, peer);
			if (match && (allow_passive || !rl_num_get(&r->passive, 0))) {
				RL_GROW(v, cap, n + 1);
				v[n++] = r;
			}
		}
	}
	for (size_t i = 0; scan && i < h->nremotes; i++) {
		rl_remote *r = h->remotes[i];
		if (!r->anonymous && rl_addr_overlap(&r->addr, peer) && (allow_passive || !rl_num_get(&r->passive, 0))) {
			RL_GROW(v, cap, n + 1);
			v[n++] = r;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_remote);
	*out = v;
	return n;
}

/* ---- sainfo blocks ------------------------------------------------- */

uint64_t rl_sid_hash(uint64_t h, const rl_sid *s, bool with_proto)
{
	h = rl_hash_num(h, s->kind);
	switch (s->kind) {
	case RL_SID_ADDRESS:
		h = rl_addr_hash(h, &s->addr);
		break;
	case RL_SID_RANGE:
		h = rl_addr_hash(rl_addr_hash(h, &s->addr), &s->addr_end);
		break;
	case RL_SID_NAME:
		return rl_hash_more(rl_hash_num(h, s->idtype), s->name, s->namelen);
	default:
		return h;
	}
	return with_proto ? rl_hash_num(h, (uint64_t)s->proto) : h;
}

bool rl_sid_equal(const rl_sid *a, const rl_sid *b, bool with_proto)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case RL_SID_ADDRESS:
		return rl_addr_equal(&a->addr, &b->addr) && (!with_proto || a->proto == b->proto);
	case RL_SID_RANGE:
		return rl_addr_equal(&a->addr, &b->addr) && rl_addr_equal(&a->addr_end, &b->addr_end) &&
		       (!with_proto || a->proto == b->proto);
	case RL_SID_NAME:
		return a->idtype == b->idtype && a->namelen == b->namelen && memcmp(a->name, b->name, a->namelen) == 0;
	default:
		return true;
	}
}

static uint64_t pair_hash(const rl_sid *l, const rl_sid *r, bool with_proto)
{
	return rl_sid_hash(rl_sid_hash(RL_HASH_INIT, l, with_proto), r, with_proto);
}

static void index_sainfos(rl_host *h)
{
	for (size_t i = 0; i < h->nsainfos; i++) {
		const rl_sainfo *s = h->sainfos[i];
		rl_hmap_add(&h->sainfo_ix, pair_hash(&s->local, &s->remote, true), (uint32_t)i);
		rl_hmap_add(&h->sainfo_addr_ix, pair_hash(&s->local, &s->remote, false), (uint32_t)i);
	}
}

/* Specificity used to order sainfo blocks (semantics 4.2). */
static int sainfo_score(const rl_sainfo *s)
{
	return (rl_num_get(&s->remoteid, 0) ? 3 : 0) + (s->has_from ? 3 : 0) + (s->local.kind != RL_SID_ANONYMOUS) +
	       (s->remote.kind != RL_SID_ANONYMOUS);
}

static bool better(const rl_sainfo *a, const rl_sainfo *best)
{
	if (!best)
		return true;
	int sa = sainfo_score(a), sb = sainfo_score(best);
	return sa > sb || (sa == sb && a->index < best->index);
}

const rl_sainfo *rl_host_sainfo_select(rl_host *h, const rl_sid *local, const rl_sid *remote, long ph1id,
				       const rl_ident *peer_id, const rl_addr *peer_addr)
{
	rl_host_finish(h);
	static const rl_sid anon = {.kind = RL_SID_ANONYMOUS};
	static const rl_sid client = {.kind = RL_SID_CLIENTADDR};
	bool clientaddr_ok = peer_id && peer_addr && remote->kind == RL_SID_ADDRESS &&
			     rl_addr_equal(&remote->addr, peer_addr);
	const rl_sid *keys[][2] = {
		{local, remote}, {local, &anon}, {&anon, remote}, {&anon, &anon}, {local, &client}, {&anon, &client},
	};
	size_t nkeys = clientaddr_ok ? 6 : 4;
	const rl_sainfo *best = NULL;
	for (size_t k = 0; k < nkeys; k++) {
		size_t it = 0;
		uint32_t i;
		uint64_t key = pair_hash(keys[k][0], keys[k][1], true);
		while (rl_hmap_next(&h->sainfo_ix, key, &it, &i)) {
			const rl_sainfo *s = h->sainfos[i];
			if (!rl_sid_equal(&s->local, keys[k][0], true) || !rl_sid_equal(&s->remote, keys[k][1], true))
				continue;
			if (ph1id >= 0 && rl_num_get(&s->remoteid, 0) != ph1id)
				continue;
			if (s->has_from && peer_id && !rl_ident_matches(&s->from, peer_id))
				continue;
			if (better(s, best))
				best = s;
		}
	}
	return best;
}

static const rl_sainfo *first_with(rl_host *h, const rl_hmap *m, const rl_sid *l, const rl_sid *r, bool with_proto)
{
	size_t it = 0;
	uint32_t i;
	const rl_sainfo *best = NULL;
	uint64_t key = pair_hash(l, r, with_proto);
	while (rl_hmap_next(m, key, &it, &i)) {
		const rl_sainfo *s = h->sainfos[i];
		if (rl_sid_equal(&s->local, l, with_proto) && rl_sid_equal(&s->remote, r, with_proto) &&
		    (!best || s->index < best->index))
			best = s;
	}
	return best;
}

const rl_sainfo *rl_host_sainfo_near(rl_host *h, const rl_sid *local, const rl_sid *remote, bool *swapped)
{
	rl_host_finish(h);
	*swapped = false;
	const rl_sainfo *s = first_with(h, &h->sainfo_addr_ix, local, remote, false);
	if (s)
		return s;
	*swapped = true;
	return first_with(h, &h->sainfo_addr_ix, remote, local, false);
}

/* ---- pre-shared keys ----------------------------------------------- */

static void index_psks(rl_host *h)
{
	for (size_t i = 0; i < h->npsks; i++) {
		const rl_psk *p = h->psks[i];
		if (!p->has_key)
			continue;
		rl_hmap_add(&h->psk_ix, rl_hash_more(RL_HASH_INIT, p->id, p->idlen), (uint32_t)i);
		if (p->wildcard && h->psk_wild == SIZE_MAX)
			h->psk_wild = i;
	}
}

const rl_psk *rl_host_psk_lookup(rl_host *h, const char *id, size_t len)
{
	rl_host_finish(h);
	size_t best = SIZE_MAX, it = 0;
	uint32_t i;
	uint64_t key = rl_hash_more(RL_HASH_INIT, id, len);
	while (rl_hmap_next(&h->psk_ix, key, &it, &i)) {
		const rl_psk *p = h->psks[i];
		if (p->idlen == len && memcmp(p->id, id, len) == 0 && i < best)
			best = i;
	}
	/* the "*" line exists in the ipsec-tools fork, not in Apple's racoon */
	if (h->platform != RL_PLATFORM_MACOS && h->psk_wild < best)
		best = h->psk_wild;
	return best == SIZE_MAX ? NULL : h->psks[best];
}

/* ---- policy queries ------------------------------------------------ */

const rl_policy *rl_host_spd_exact(rl_host *h, rl_dir dir, const rl_sel *sel)
{
	finish_spd(h);
	size_t it = 0;
	uint32_t i;
	uint64_t key = rl_sel_hash(dir, sel);
	while (rl_hmap_next(&h->spd_exact_ix, key, &it, &i)) {
		const rl_policy *p = h->policies[i];
		if (p->dir == dir && rl_sel_equal(&p->sel, sel))
			return p;
	}
	return NULL;
}

/* A policy contains sel when its addresses cover sel's and its protocol
 * and ports are sel's or "any": so a containing policy with prefixes
 * (sp, dp) has exactly the selector sel masked to (sp, dp) with each of
 * protocol, source port and destination port either sel's or any. Those
 * are a few exact lookups per prefix pair in use. */
const rl_policy *rl_host_spd_containing(rl_host *h, rl_dir dir, const rl_sel *sel)
{
	finish_spd(h);
	const rl_policy *best = NULL;
	for (size_t k = 0; k < h->nspd_prefixes; k++) {
		const uint16_t *pf = h->spd_prefixes[k];
		if (pf[0] != sel->src.family || pf[1] > sel->src.prefix || pf[2] > sel->dst.prefix)
			continue;
		for (int variant = 0; variant < 8; variant++) {
			rl_sel m = masked_sel(sel, pf[1], pf[2]);
			if (variant & 1)
				m.proto = RL_PROTO_ANY;
			if (variant & 2)
				m.sport = 0;
			if (variant & 4)
				m.dport = 0;
			if (((variant & 1) && sel->proto == RL_PROTO_ANY) || ((variant & 2) && !sel->sport) ||
			    ((variant & 4) && !sel->dport))
				continue;
			size_t it = 0;
			uint32_t i;
			uint64_t key = rl_sel_hash(dir, &m);
			while (rl_hmap_next(&h->spd_norm_ix, key, &it, &i)) {
				const rl_policy *p = h->policies[i];
				rl_sel pm = masked_sel(&p->sel, p->sel.src.prefix, p->sel.dst.prefix);
				if (p->dir == dir && rl_sel_equal(&pm, &m) && (!best || p->index < best->index))
					best = p;
			}
		}
	}
	return best;
}

const rl_policy *rl_host_spd_same_addrs(rl_host *h, rl_dir dir, const rl_sel *sel)
{
	finish_spd(h);
	return first_with_addrs(h, dir, sel, sel->src.prefix, sel->dst.prefix);
}

/* ---- the host's own addresses -------------------------------------- */

bool rl_host_has_addr(rl_host *h, const rl_addr *a)
{
	rl_host_finish(h);
	for (size_t i = 0; i < h->naddrs; i++)
		if (rl_addr_overlap(&h->addrs[i].addr, a))
			return true;
	return false;
}

rl_addr rl_host_resolve_addr(rl_host *h, const rl_addr *a)
{
	rl_host_finish(h);
	if (rl_addr_is_host(a) || !a->family)
		return *a;
	const rl_addr *found = NULL;
	for (size_t i = 0; i < h->naddrs; i++) {
		const rl_addr *x = &h->addrs[i].addr;
		if (rl_addr_is_host(x) && rl_addr_contains(a, x)) {
			if (found && !rl_addr_equal(found, x))
				return *a;
			found = x;
		}
	}
	return found ? *found : *a;
}

static void infer(rl_host *h, rl_hmap *seen, const rl_addr *a, const char *evidence, rl_loc loc)
{
	if (!a->family || a->prefix == 0)
		return;
	uint64_t k = rl_addr_hash(RL_HASH_INIT, a);
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(seen, k, &it, &i))
		if (rl_addr_equal(&h->addrs[i].addr, a))
			return;
	rl_hmap_add(seen, k, (uint32_t)h->naddrs);
	rl_host_push_addr(h, a, RL_ORIGIN_INFERRED, evidence, loc);
}

static const rl_sprule *tunnel_rule(const rl_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].mode == RL_MODE_TUNNEL && p->rules[i].has_ends)
			return &p->rules[i];
	return NULL;
}

/* When no address was given: listen isakmp says it; else guess from
 * my_identifier address and from the host's own end of its policies. */
static void infer_addrs(rl_host *h)
{
	if (h->nuser_addrs)
		return;
	for (size_t i = 0; i < h->nlistens; i++)
		rl_host_push_addr(h, &h->listens[i].addr, RL_ORIGIN_CONFIG, "listen isakmp", h->listens[i].loc);
	if (h->naddrs)
		return;
	rl_hmap seen = {0};
	for (size_t i = 0; i < h->nremotes; i++) {
		const rl_ident *id = &h->remotes[i]->my_id;
		if (id->type == RL_ID_ADDRESS && id->addr.family)
			infer(h, &seen, &id->addr, "my_identifier address", id->loc);
	}
	for (size_t i = 0; i < h->npolicies; i++) {
		const rl_policy *p = h->policies[i];
		if (!p->live || p->action != RL_ACT_IPSEC || p->dir == RL_DIR_FWD)
			continue;
		const rl_sprule *t = tunnel_rule(p);
		bool out = p->dir == RL_DIR_OUT;
		if (t)
			infer(h, &seen, out ? &t->src : &t->dst,
			      out ? "the local end of the tunnel of its out policy" : "the local end of the tunnel of its in policy",
			      t->loc);
		else
			infer(h, &seen, out ? &p->sel.src : &p->sel.dst,
			      out ? "the source of its out policy" : "the destination of its in policy", p->loc);
	}
	rl_hmap_free(&seen);
}

void rl_host_finish(rl_host *h)
{
	if (h->finished)
		return;
	rl_host_drop_derived(h);
	compute_liveness(h);
	index_remotes(h);
	index_sainfos(h);
	index_psks(h);
	infer_addrs(h);
	h->finished = true;
}
