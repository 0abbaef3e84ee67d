#include <stdlib.h>
#include <string.h>

#include "rule_util.h"

/* ---- remote blocks --------------------------------------------------- */

/* Does the block pick its peers by identity? racoon can then tell it from
 * any other block for the same address. */
static bool by_identity(const rl_remote *r)
{
	return rl_num_get(&r->verify_identifier, 0) && r->npeers_ids;
}

static bool same_peer(const rl_remote *a, const rl_remote *b)
{
	return a->anonymous ? b->anonymous : !b->anonymous && rl_addr_equal(&a->addr, &b->addr);
}

static uint64_t peer_key(const rl_remote *r)
{
	return r->anonymous ? rl_hash_num(RL_HASH_INIT, 0xa404) : rl_addr_hash(RL_HASH_INIT, &r->addr);
}

static uint64_t name_key(const rl_remote *r)
{
	return rl_hash_more(RL_HASH_INIT, r->name, strlen(r->name));
}

static void report_remote(rl_ctx *cx, rl_host *h, const rl_remote *r, const rl_remote *first, const char *what)
{
	rl_diag *dg = rl_report_at(cx, RL_R_duplicate_block, h, r->loc, h->conf, "%s", what);
	if (first->loc.src)
		rl_diag_related(dg, first->loc.src, first->loc.span, "the first block");
}

/* The earlier block r clashes with, under key k of index ix (which holds
 * only blocks that clash with an equal one: every named block, the peers
 * index no block picked by identity). */
static const rl_remote *earlier(const rl_host *h, const rl_hmap *ix, uint64_t k, const rl_remote *r, bool by_name)
{
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(ix, k, &it, &i)) {
		const rl_remote *q = h->remotes[i];
		if (by_name ? strcmp(q->name, r->name) == 0 : same_peer(q, r))
			return q;
	}
	return NULL;
}

static void check_remotes(rl_ctx *cx, rl_host *h)
{
	rl_hmap names = {0}, peers = {0};
	char ab[RL_ADDR_STRLEN];
	for (size_t i = 0; i < h->nremotes; i++) {
		const rl_remote *r = h->remotes[i];
		const rl_remote *q = r->name ? earlier(h, &names, name_key(r), r, true) : NULL;
		if (q) {
			char *msg = rl_xasprintf("remote \"%s\" is defined twice: racoon refuses the file ('Named "
						 "remoteconf \"%s\" already exists'); rename or merge the blocks",
						 r->name, r->name);
			report_remote(cx, h, r, q, msg);
			free(msg);
		} else if (!by_identity(r) && (q = earlier(h, &peers, peer_key(r), r, false))) {
			char *via = r->inherit ? rl_xasprintf(" (inherited from %s)", r->inherit) : rl_xstrdup("");
			char *msg = rl_xasprintf(
				"a second remote block for %s%s: racoon finds both for this peer and gives up ('multiple "
				"%sexact configurations'); merge them, or tell them apart with verify_identifier and "
				"peers_identifier",
				r->anonymous ? "every peer (anonymous)" : rl_addr_str(&r->addr, ab), via,
				r->anonymous ? "non-" : "");
			free(via);
			report_remote(cx, h, r, q, msg);
			free(msg);
		}
		if (r->name)
			rl_hmap_add(&names, name_key(r), (uint32_t)i);
		if (!by_identity(r))
			rl_hmap_add(&peers, peer_key(r), (uint32_t)i);
	}
	rl_hmap_free(&names);
	rl_hmap_free(&peers);
}

/* ---- sainfo blocks ------------------------------------------------- */

static bool same_ident(const rl_sainfo *a, const rl_sainfo *b)
{
	if (a->has_from != b->has_from)
		return false;
	if (!a->has_from)
		return true;
	return a->from.type == b->from.type && a->from.len == b->from.len &&
	       (a->from.len == 0 || memcmp(a->from.value, b->from.value, a->from.len) == 0);
}

/* The selectors racoon compares when it looks for a sainfo. */
static bool same_selectors(const rl_sainfo *a, const rl_sainfo *b)
{
	return rl_sid_equal(&a->local, &b->local, true) && rl_sid_equal(&a->remote, &b->remote, true) &&
	       rl_num_get(&a->remoteid, 0) == rl_num_get(&b->remoteid, 0) && same_ident(a, b);
}

static uint64_t sainfo_key(const rl_sainfo *s)
{
	uint64_t k = rl_sid_hash(rl_sid_hash(RL_HASH_INIT, &s->local, true), &s->remote, true);
	k = rl_hash_num(k, (uint64_t)rl_num_get(&s->remoteid, 0));
	if (s->has_from)
		k = rl_hash_more(rl_hash_num(k, s->from.type), s->from.value ? s->from.value : "", s->from.len);
	return k;
}

static void check_sainfos(rl_ctx *cx, rl_host *h)
{
	rl_hmap ix = {0};
	for (size_t i = 0; i < h->nsainfos; i++) {
		const rl_sainfo *s = h->sainfos[i];
		uint64_t k = sainfo_key(s);
		size_t it = 0;
		uint32_t j;
		const rl_sainfo *first = NULL;
		while (!first && rl_hmap_next(&ix, k, &it, &j))
			if (same_selectors(h->sainfos[j], s))
				first = h->sainfos[j];
		if (!first) {
			rl_hmap_add(&ix, k, (uint32_t)i);
			continue;
		}
		bool refused = s->local.kind != RL_SID_ANONYMOUS;
		rl_diag *dg = rl_report_at(cx, RL_R_duplicate_block, h, s->loc, h->conf, "%s",
					   refused ? "a second sainfo with the same selectors: racoon refuses the file "
						     "('duplicated sainfo'); merge the two blocks"
						   : "a second sainfo with the same selectors is never used: racoon takes "
						     "the first that matches; merge the two blocks");
		if (!refused)
			dg->sev = RL_SEV_WARNING;
		if (first->loc.src)
			rl_diag_related(dg, first->loc.src, first->loc.span, "the first block");
	}
	rl_hmap_free(&ix);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nhosts; i++) {
		check_remotes(cx, cx->hosts[i]);
		check_sainfos(cx, cx->hosts[i]);
	}
}

const rl_rule rl_rule_duplicate_block = {
	.code = "RL105",
	.name = "duplicate-block",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_HOST,
	.summary = "two remote blocks for the same peer or name, or two sainfo blocks with the same selectors",
	.explain =
		"racoon picks a remote block for a peer by its address (anonymous\n"
		"blocks match every address; ports do not count). Two blocks that fit\n"
		"a peer equally make the lookup fail ('multiple exact configurations'\n"
		"or 'multiple non-exact configurations found'), unless\n"
		"verify_identifier with peers_identifier tells them apart; a block\n"
		"name used twice (remote \"gw\") makes racoon refuse the file. A named\n"
		"block without remote_address matches every peer, like anonymous, and\n"
		"a block that inherits takes its parent's address.\n"
		"\n"
		"For sainfo blocks racoon compares both selectors (addresses,\n"
		"prefixes, protocol; not ports), remoteid and 'from'. A second block\n"
		"equal to an earlier one makes racoon refuse the file ('duplicated\n"
		"sainfo'), except when its local side is anonymous: then the second\n"
		"block is accepted but never used (a warning). Each finding points at\n"
		"the first block.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    remote 192.0.2.7 { exchange_mode main; proposal { ... } }\n"
		"    remote 192.0.2.7 [4500] { exchange_mode main; proposal { ... } }\n"
		"    sainfo address 10.1.0.0/16 any address 10.2.0.0/16 any { ... }\n"
		"    sainfo address 10.1.0.0/16 any address 10.2.0.0/16 any { ... }\n"
		"\n"
		"Good (one block for each peer, one sainfo for each pair of\n"
		"selectors):\n"
		"\n"
		"    remote 192.0.2.7 { exchange_mode main; proposal { ... } }\n"
		"    sainfo address 10.1.0.0/16 any address 10.2.0.0/16 any { ... }\n",
	.check = check,
};
