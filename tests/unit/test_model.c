/* The host model: values, builders, derived facts and queries. */
#include <arpa/inet.h>

#include "fixture.h"
#include "build.h"
#include "parse.h"
#include "setkey_syntax.h"

static rl_loc L(void)
{
	return rl_loc_none();
}

/* ---- addresses ----------------------------------------------------- */

static void addr_parse_and_print(void **state)
{
	(void)state;
	char b[RL_ADDR_STRLEN];
	rl_addr a;
	assert_true(rl_addr_parse("192.0.2.1", 9, &a));
	assert_int_equal(a.family, 4);
	assert_int_equal(a.prefix, 32);
	assert_true(rl_addr_is_host(&a));
	assert_string_equal(rl_addr_str(&a, b), "192.0.2.1");
	assert_true(rl_addr_parse("10.0.0.0/8", 10, &a));
	assert_int_equal(a.prefix, 8);
	assert_false(rl_addr_is_host(&a));
	assert_string_equal(rl_addr_str(&a, b), "10.0.0.0/8");
	assert_string_equal(rl_addr_text(&a, b), "10.0.0.0");
	assert_true(rl_addr_parse("2001:DB8:0:0::1", 15, &a));
	assert_int_equal(a.family, 6);
	assert_string_equal(rl_addr_str(&a, b), "2001:db8::1");
	assert_true(rl_addr_parse("::/0", 4, &a));
	assert_int_equal(a.prefix, 0);
	static const char *const bad[] = {"300.1.1.1", "10.0.0.0/33", "gw.example", "", "1.2.3.4/x", "1.2.3.4/", "::1/129"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(rl_addr_parse(bad[i], strlen(bad[i]), &a));
	memset(&a, 0, sizeof a);
	assert_string_equal(rl_addr_str(&a, b), "?");
}

static void addr_relations(void **state)
{
	(void)state;
	rl_addr net = ADDR("10.0.0.0/8"), host = ADDR("10.1.2.3"), other = ADDR("192.0.2.1"), v6 = ADDR("::1");
	assert_true(rl_addr_contains(&net, &host));
	assert_false(rl_addr_contains(&host, &net));
	assert_true(rl_addr_overlap(&host, &net));
	assert_false(rl_addr_overlap(&net, &other));
	assert_false(rl_addr_overlap(&net, &v6));
	rl_addr m = rl_addr_masked(&host, 16);
	char b[RL_ADDR_STRLEN];
	assert_string_equal(rl_addr_str(&m, b), "10.1.0.0/16");
	rl_addr a1 = ADDR("10.0.0.0/24"), a2 = ADDR("10.0.0.0/25");
	assert_false(rl_addr_equal(&a1, &a2));
	assert_true(rl_addr_contains(&a1, &a2));
	assert_int_equal(rl_addr_hash(RL_HASH_INIT, &a1) == rl_addr_hash(RL_HASH_INIT, &a2), 0);
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(rl_platform_parse("Linux"), RL_PLATFORM_LINUX);
	assert_int_equal(rl_platform_parse("darwin"), RL_PLATFORM_MACOS);
	assert_int_equal(rl_platform_parse("plan9"), RL_PLATFORM_UNKNOWN);
	assert_string_equal(rl_platform_name(RL_PLATFORM_NETBSD), "netbsd");
	assert_string_equal(rl_xmode_name(RL_XMODE_AGGRESSIVE), "aggressive");
	assert_string_equal(rl_pcheck_name(RL_PCHECK_CLAIM), "claim");
	assert_string_equal(rl_level_name(RL_LEVEL_UNIQUE), "unique");
	char b[16];
	assert_string_equal(rl_ulproto_name(6, b), "tcp");
	assert_string_equal(rl_ulproto_name(RL_PROTO_ANY, b), "any");
	assert_string_equal(rl_ulproto_name(132, b), "132");
	assert_string_equal(rl_idtype_name(RL_ID_USER_FQDN), "user_fqdn");
}

/* ---- psk.txt ------------------------------------------------------- */

static rl_psk *key(rl_host *h, const char *id, const char *k)
{
	return rl_host_add_psk(h, id, strlen(id), L(), k, k ? strlen(k) : 0, L());
}

static void psk_secrets(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_psk *p = key(h, "a", "secret");
	assert_true(p->has_key && !p->hex && !p->trailing_cr && !p->trailing_blank && !p->quoted);
	assert_int_equal(p->secret_len, 6);
	p = key(h, "b", "secret\r");
	assert_true(p->trailing_cr);
	assert_int_equal(p->secret_len, 7);
	p = key(h, "c", "secret \t");
	assert_true(p->trailing_blank);
	p = key(h, "d", "\"secret\"");
	assert_true(p->quoted);
	rl_psk *hex = key(h, "e", "0x6b 65\t79\r");
	assert_true(hex->hex && !hex->bad_hex);
	assert_int_equal(hex->secret_len, 3);
	assert_memory_equal(hex->secret, "key", 3);
	assert_true(key(h, "f", "0x6b657")->bad_hex);
	assert_true(key(h, "g", "0xzz")->bad_hex);
	assert_true(key(h, "h", "0x")->bad_hex);
	rl_psk *lit = key(h, "i", "0X6b");
	assert_false(lit->hex);
	assert_false(key(h, "j", NULL)->has_key);
	assert_true(key(h, "*", "x")->wildcard);
	rl_psk *text = key(h, "k", "key");
	assert_true(rl_psk_secret_equal(text, hex));
	assert_false(rl_psk_secret_equal(text, lit));
	rl_host_free(h);
}

static void psk_lookups(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	key(h, "192.0.2.1", NULL); /* no key: ignored */
	rl_psk *first = key(h, "192.0.2.1", "one");
	key(h, "192.0.2.1", "two");
	assert_ptr_equal(rl_host_psk_lookup(h, "192.0.2.1", 9), first);
	assert_null(rl_host_psk_lookup(h, "192.0.2.9", 9));
	assert_null(rl_host_psk_lookup(h, "192.0.2.", 8));
	/* a "*" line catches what comes after it, not what comes before */
	rl_psk *wild = key(h, "*", "any");
	key(h, "gw.example", "late");
	assert_ptr_equal(rl_host_psk_lookup(h, "192.0.2.1", 9), first);
	assert_ptr_equal(rl_host_psk_lookup(h, "gw.example", 10), wild);
	/* Apple's racoon has no "*" */
	rl_host_set_platform(h, RL_PLATFORM_MACOS, RL_ORIGIN_FLAG, "--platform", L());
	assert_string_equal(rl_host_psk_lookup(h, "gw.example", 10)->id, "gw.example");
	assert_null(rl_host_psk_lookup(h, "nobody", 6));
	rl_host_free(h);
}

/* ---- setkey -------------------------------------------------------- */

static rl_policy *pol(rl_host *h, rl_spdcmd cmd, rl_dir dir, const char *src, const char *dst, int dport, int proto)
{
	rl_policy *p = rl_host_add_policy(h, cmd, L());
	if (cmd == RL_SPD_FLUSH)
		return p;
	p->dir = dir;
	p->sel.src = ADDR(src);
	p->sel.dst = ADDR(dst);
	p->sel.dport = dport;
	p->sel.proto = proto;
	rl_policy_add_rule(p, RL_IPSEC_ESP, RL_MODE_TRANSPORT, RL_LEVEL_REQUIRE, L());
	return p;
}

static void spd_liveness(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_policy *gone = pol(h, RL_SPD_ADD, RL_DIR_OUT, "10.0.0.9", "10.0.0.2", 0, 6);
	pol(h, RL_SPD_FLUSH, 0, NULL, NULL, 0, 0);
	rl_policy *a = pol(h, RL_SPD_ADD, RL_DIR_OUT, "10.0.0.1", "10.0.0.2", 0, 6);
	rl_policy *dup = pol(h, RL_SPD_ADD, RL_DIR_OUT, "10.0.0.1", "10.0.0.2", 0, 6);
	rl_policy *in = pol(h, RL_SPD_ADD, RL_DIR_IN, "10.0.0.1", "10.0.0.2", 0, 6);
	rl_policy *b = pol(h, RL_SPD_ADD, RL_DIR_OUT, "10.0.0.1", "10.0.0.3", 0, 6);
	rl_policy *upd = pol(h, RL_SPD_UPDATE, RL_DIR_OUT, "10.0.0.1", "10.0.0.3", 0, 6);
	rl_policy *c = pol(h, RL_SPD_ADD, RL_DIR_OUT, "10.0.0.1", "10.0.0.4", 0, 6);
	rl_policy *del = pol(h, RL_SPD_DELETE, RL_DIR_OUT, "10.0.0.1", "10.0.0.4", 0, 6);
	rl_host_finish(h);
	assert_false(gone->live);
	assert_true(a->live);
	assert_false(dup->live);
	assert_true(in->live);
	assert_false(b->live);
	assert_true(upd->live);
	assert_false(c->live);
	assert_false(del->live);
	rl_sel s = a->sel;
	assert_ptr_equal(rl_host_spd_exact(h, RL_DIR_OUT, &s), a);
	assert_ptr_equal(rl_host_spd_exact(h, RL_DIR_IN, &s), in);
	s.dst = ADDR("10.0.0.4");
	assert_null(rl_host_spd_exact(h, RL_DIR_OUT, &s));
	rl_host_free(h);
}

static void spd_containment(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_policy *wide_any = pol(h, RL_SPD_ADD, RL_DIR_IN, "10.0.0.0/8", "192.0.2.0/24", 0, RL_PROTO_ANY);
	rl_policy *tcp = pol(h, RL_SPD_ADD, RL_DIR_IN, "10.1.0.0/16", "192.0.2.10", 0, 6);
	rl_policy *port = pol(h, RL_SPD_ADD, RL_DIR_IN, "10.2.0.0/16", "192.0.2.10", 3260, 6);
	rl_sel s = {ADDR("10.1.2.3"), ADDR("192.0.2.10"), 1234, 3260, 6};
	/* the first in file order wins, not the most specific */
	assert_ptr_equal(rl_host_spd_containing(h, RL_DIR_IN, &s), wide_any);
	assert_null(rl_host_spd_exact(h, RL_DIR_IN, &s));
	s.src = ADDR("172.16.0.1");
	assert_null(rl_host_spd_containing(h, RL_DIR_IN, &s));
	/* without the wide one: protocol and ports */
	wide_any->dir = RL_DIR_OUT;
	rl_host_touch(h);
	s.src = ADDR("10.1.2.3");
	assert_ptr_equal(rl_host_spd_containing(h, RL_DIR_IN, &s), tcp);
	s.proto = 17;
	assert_null(rl_host_spd_containing(h, RL_DIR_IN, &s));
	s.proto = 6;
	s.src = ADDR("10.2.0.1");
	assert_ptr_equal(rl_host_spd_containing(h, RL_DIR_IN, &s), port);
	s.dport = 80;
	assert_null(rl_host_spd_containing(h, RL_DIR_IN, &s));
	/* same addresses, other ports: a hint */
	rl_sel near = {ADDR("10.2.0.0/16"), ADDR("192.0.2.10"), 0, 80, 17};
	assert_ptr_equal(rl_host_spd_same_addrs(h, RL_DIR_IN, &near), port);
	near.src = ADDR("10.2.0.0/17");
	assert_null(rl_host_spd_same_addrs(h, RL_DIR_IN, &near));
	rl_host_free(h);
}

/* ---- remote blocks ------------------------------------------------- */

static void remote_candidates(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_remote *anon = rl_host_add_remote(h, L());
	rl_remote *addr = rl_host_add_remote(h, L());
	rl_addr a = ADDR("192.0.2.1");
	rl_remote_set_addr(addr, &a, 0, L());
	rl_remote *passive = rl_host_add_remote(h, L());
	rl_remote_set_addr(passive, &a, 0, L());
	rl_num_put(&passive->passive, 1, L());
	rl_remote **v;
	size_t n = rl_host_remotes_for(h, &a, false, &v);
	assert_int_equal(n, 2);
	assert_ptr_equal(v[0], anon);
	assert_ptr_equal(v[1], addr);
	free(v);
	n = rl_host_remotes_for(h, &a, true, &v);
	assert_int_equal(n, 3);
	free(v);
	rl_addr other = ADDR("192.0.2.9");
	n = rl_host_remotes_for(h, &other, true, &v);
	assert_int_equal(n, 1);
	free(v);
	rl_addr net = ADDR("192.0.2.0/24");
	n = rl_host_remotes_for(h, &net, false, &v);
	assert_int_equal(n, 2);
	free(v);
	rl_host_free(h);
}

static void remote_builders(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_source *s = rl_source_from_mem("x.conf", "exchange_mode main;\nexchange_mode aggressive;\n", 46);
	rl_remote *p = rl_host_add_remote(h, L());
	rl_remote_set_name(p, "parent");
	rl_remote_add_mode(p, RL_XMODE_MAIN, span(s, 14, 18), span(s, 0, 19));
	rl_remote_add_mode(p, RL_XMODE_AGGRESSIVE, span(s, 20, 24), span(s, 0, 19));
	assert_int_equal(p->nmodes, 2);
	/* a second statement replaces the list */
	rl_remote_add_mode(p, RL_XMODE_AGGRESSIVE, span(s, 34, 44), span(s, 20, 45));
	assert_int_equal(p->nmodes, 1);
	assert_int_equal(p->modes[0], RL_XMODE_AGGRESSIVE);
	rl_remote_set_my_id(p, RL_ID_FQDN, "gw", 2, L());
	rl_remote_add_peers_id(p, RL_ID_ADDRESS, "192.0.2.1", 9, L());
	rl_proposal *pp = rl_remote_add_proposal(p, L());
	assert_true(rl_proposal_set(pp, RL_AC_P1_ENC, "rijndael", 256, L()));
	assert_string_equal(pp->enc->canon, "aes");
	assert_false(rl_proposal_set(pp, RL_AC_P1_HASH, "hmac_sha1", 0, L()));
	assert_true(rl_proposal_set(pp, RL_AC_DH, "14", 0, L()));
	assert_int_equal(pp->dh->dh, 14);
	assert_false(rl_proposal_set(pp, RL_AC_DH, "7", 0, L()));
	rl_remote *c = rl_host_add_remote(h, L());
	rl_remote_set_inherit(c, "parent", L());
	rl_remote_inherit_from(c, p);
	rl_remote_add_proposal(c, L());
	assert_int_equal(c->nprops, 2);
	assert_ptr_not_equal(c->props[0], pp);
	assert_int_equal(c->props[0]->keylen, 256);
	assert_string_equal(c->my_id.value, "gw");
	assert_int_equal(c->peers_ids[0].addr.family, 4);
	assert_string_equal(c->inherit, "parent");
	rl_host_free(h);
	rl_source_free(s);
}

static void identities(void **state)
{
	(void)state;
	rl_ident pat = {0}, id = {0};
	rl_ident_set(&pat, RL_ID_FQDN, "gw.example", 10, L());
	rl_ident_set(&id, RL_ID_FQDN, "gw.example", 10, L());
	assert_true(rl_ident_matches(&pat, &id));
	rl_ident_set(&id, RL_ID_FQDN, "GW.example", 10, L());
	assert_false(rl_ident_matches(&pat, &id));
	rl_ident_set(&id, RL_ID_USER_FQDN, "gw.example", 10, L());
	assert_false(rl_ident_matches(&pat, &id));
	rl_ident_set(&pat, RL_ID_USER_FQDN, NULL, 0, L());
	assert_true(rl_ident_matches(&pat, &id));
	rl_ident_set(&pat, RL_ID_ADDRESS, "192.0.2.1", 9, L());
	rl_ident_set(&id, RL_ID_NONE, NULL, 0, L());
	id.addr = ADDR("192.0.2.1");
	assert_true(rl_ident_matches(&pat, &id));
	const char *dn = "C=FR, O=Acme, CN=*";
	rl_ident_set(&pat, RL_ID_ASN1DN, dn, strlen(dn), L());
	const char *v1 = "C=FR, O=Acme, CN=gw1", *v2 = "C=DE, O=Acme, CN=gw1", *v3 = "C=FR, O=Acme";
	rl_ident_set(&id, RL_ID_ASN1DN, v1, strlen(v1), L());
	assert_true(rl_ident_matches(&pat, &id));
	rl_ident_set(&id, RL_ID_ASN1DN, v2, strlen(v2), L());
	assert_false(rl_ident_matches(&pat, &id));
	rl_ident_set(&id, RL_ID_ASN1DN, v3, strlen(v3), L());
	assert_false(rl_ident_matches(&pat, &id));
	free(pat.value);
	free(id.value);
}

/* ---- sainfo -------------------------------------------------------- */

static rl_sainfo *sai(rl_host *h, const char *local, int lp, const char *remote, int rp)
{
	rl_sainfo *s = rl_host_add_sainfo(h, L());
	if (local) {
		rl_addr a = ADDR(local);
		rl_sid_set_addr(&s->local, &a, 0, lp, L());
	}
	if (remote) {
		rl_addr a = ADDR(remote);
		rl_sid_set_addr(&s->remote, &a, 0, rp, L());
	}
	return s;
}

static rl_sid sid(const char *addr, int port, int proto)
{
	rl_sid s = {0};
	s.kind = RL_SID_ADDRESS;
	s.addr = ADDR(addr);
	s.port = port;
	s.proto = proto;
	return s;
}

static void sainfo_selection(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_sainfo *anon = sai(h, NULL, 0, NULL, 0);
	rl_sainfo *half = sai(h, "10.1.0.0/16", RL_PROTO_ANY, NULL, 0);
	rl_sainfo *full = sai(h, "10.1.0.0/16", RL_PROTO_ANY, "10.2.0.0/16", RL_PROTO_ANY);
	rl_sainfo *tcp = sai(h, "10.1.0.0/16", 6, "10.2.0.0/16", 6);
	rl_sid l = sid("10.1.0.0/16", 0, RL_PROTO_ANY), r = sid("10.2.0.0/16", 0, RL_PROTO_ANY);
	/* the most specific entry wins although it comes later */
	assert_ptr_equal(rl_host_sainfo_select(h, &l, &r, 0, NULL, NULL), full);
	/* protocols must be equal: tcp identities take the tcp entry */
	rl_sid lt = sid("10.1.0.0/16", 3260, 6), rt = sid("10.2.0.0/16", 0, 6);
	assert_ptr_equal(rl_host_sainfo_select(h, &lt, &rt, 0, NULL, NULL), tcp);
	/* no containment: a /24 inside 10.2.0.0/16 falls back to the half entry */
	rl_sid r24 = sid("10.2.1.0/24", 0, RL_PROTO_ANY);
	assert_ptr_equal(rl_host_sainfo_select(h, &l, &r24, 0, NULL, NULL), half);
	rl_sid other = sid("10.9.0.0/16", 0, RL_PROTO_ANY);
	assert_ptr_equal(rl_host_sainfo_select(h, &other, &r24, 0, NULL, NULL), anon);
	/* remoteid must equal the ph1id in use */
	rl_num_put(&anon->remoteid, 2, L());
	rl_host_touch(h);
	assert_null(rl_host_sainfo_select(h, &other, &r24, 0, NULL, NULL));
	assert_ptr_equal(rl_host_sainfo_select(h, &other, &r24, 2, NULL, NULL), anon);
	assert_ptr_equal(rl_host_sainfo_select(h, &other, &r24, -1, NULL, NULL), anon);
	rl_host_free(h);
}

static void sainfo_from_and_clientaddr(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_sainfo *plain = sai(h, NULL, 0, NULL, 0);
	rl_sainfo *from = sai(h, NULL, 0, NULL, 0);
	from->has_from = true;
	rl_ident_set(&from->from, RL_ID_FQDN, "alice", 5, L());
	rl_sainfo *client = sai(h, "10.0.0.1", RL_PROTO_ANY, NULL, 0);
	client->remote.kind = RL_SID_CLIENTADDR;
	rl_sid l = sid("10.0.0.1", 0, RL_PROTO_ANY), r = sid("198.51.100.7", 0, RL_PROTO_ANY);
	rl_ident alice = {0}, bob = {0};
	rl_ident_set(&alice, RL_ID_FQDN, "alice", 5, L());
	rl_ident_set(&bob, RL_ID_FQDN, "bob", 3, L());
	rl_addr peer = ADDR("198.51.100.7"), elsewhere = ADDR("198.51.100.8");
	/* initiator: from is taken as satisfied, clientaddr never matches */
	assert_ptr_equal(rl_host_sainfo_select(h, &l, &r, 0, NULL, NULL), from);
	/* responder */
	assert_ptr_equal(rl_host_sainfo_select(h, &l, &r, 0, &alice, &elsewhere), from);
	assert_ptr_equal(rl_host_sainfo_select(h, &l, &r, 0, &bob, &elsewhere), plain);
	assert_ptr_equal(rl_host_sainfo_select(h, &l, &r, 0, &bob, &peer), client);
	free(alice.value);
	free(bob.value);
	rl_host_free(h);
}

static void sainfo_hints(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_sainfo *swapped = sai(h, "10.2.0.0/16", RL_PROTO_ANY, "10.1.0.0/16", RL_PROTO_ANY);
	rl_sid l = sid("10.1.0.0/16", 0, RL_PROTO_ANY), r = sid("10.2.0.0/16", 0, RL_PROTO_ANY);
	bool sw;
	assert_null(rl_host_sainfo_select(h, &l, &r, 0, NULL, NULL));
	assert_ptr_equal(rl_host_sainfo_near(h, &l, &r, &sw), swapped);
	assert_true(sw);
	rl_sainfo *proto = sai(h, "10.1.0.0/16", 6, "10.2.0.0/16", 6);
	assert_ptr_equal(rl_host_sainfo_near(h, &l, &r, &sw), proto);
	assert_false(sw);
	rl_host_free(h);
}

/* ---- the host's addresses ------------------------------------------ */

static void addresses_inferred(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	pol(h, RL_SPD_ADD, RL_DIR_OUT, "192.0.2.0/24", "192.0.2.10", 3260, 6);
	pol(h, RL_SPD_ADD, RL_DIR_IN, "192.0.2.10", "192.0.2.0/24", 0, 6);
	pol(h, RL_SPD_ADD, RL_DIR_OUT, "0.0.0.0/0", "0.0.0.0/0", 0, 47);
	rl_policy *t = pol(h, RL_SPD_ADD, RL_DIR_OUT, "10.1.0.0/16", "10.2.0.0/16", 0, RL_PROTO_ANY);
	t->rules[0].mode = RL_MODE_TUNNEL;
	t->rules[0].has_ends = true;
	t->rules[0].src = ADDR("203.0.113.1");
	t->rules[0].dst = ADDR("203.0.113.2");
	rl_host_finish(h);
	assert_int_equal(h->naddrs, 2);
	char b[RL_ADDR_STRLEN];
	assert_string_equal(rl_addr_str(&h->addrs[0].addr, b), "192.0.2.0/24");
	assert_int_equal(h->addrs[0].origin, RL_ORIGIN_INFERRED);
	assert_string_equal(h->addrs[0].evidence, "the source of its out policy");
	assert_string_equal(rl_addr_str(&h->addrs[1].addr, b), "203.0.113.1");
	rl_addr inside = ADDR("192.0.2.55"), net = ADDR("192.0.2.0/24");
	assert_true(rl_host_has_addr(h, &inside));
	/* a network resolves to the one host address inside it, if any */
	rl_addr r = rl_host_resolve_addr(h, &net);
	assert_string_equal(rl_addr_str(&r, b), "192.0.2.0/24");
	/* listen isakmp says it */
	rl_addr la = ADDR("192.0.2.20");
	rl_host_add_listen(h, &la, 500, false, L());
	rl_host_finish(h);
	assert_int_equal(h->naddrs, 1);
	assert_int_equal(h->addrs[0].origin, RL_ORIGIN_CONFIG);
	r = rl_host_resolve_addr(h, &net);
	assert_string_equal(rl_addr_str(&r, b), "192.0.2.20");
	/* a given address wins over everything */
	rl_addr given = ADDR("192.0.2.30");
	rl_host_add_addr(h, &given, RL_ORIGIN_FLAG, "--addr", L());
	rl_host_finish(h);
	assert_int_equal(h->naddrs, 1);
	assert_int_equal(h->addrs[0].origin, RL_ORIGIN_FLAG);
	rl_host_free(h);
}

static void my_identifier_address_is_evidence(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_remote *r = rl_host_add_remote(h, L());
	rl_remote_set_my_id(r, RL_ID_ADDRESS, "198.51.100.4", 12, L());
	rl_host_finish(h);
	assert_int_equal(h->naddrs, 1);
	assert_string_equal(h->addrs[0].evidence, "my_identifier address");
	rl_host_free(h);
}

static void changes_after_a_query(void **state)
{
	(void)state;
	rl_host *h = rl_host_new("h", NULL);
	rl_policy *a = pol(h, RL_SPD_ADD, RL_DIR_OUT, "10.0.0.1", "10.0.0.2", 0, 6);
	rl_sel s = a->sel;
	assert_ptr_equal(rl_host_spd_exact(h, RL_DIR_OUT, &s), a);
	unsigned v = h->version;
	rl_policy *d = pol(h, RL_SPD_DELETE, RL_DIR_OUT, "10.0.0.1", "10.0.0.2", 0, 6);
	(void)d;
	assert_true(h->version != v);
	assert_null(rl_host_spd_exact(h, RL_DIR_OUT, &s));
	rl_host_free(h);
}

/* rl_addr_parse_split, with its fast path for dotted quads, agrees with
 * rl_addr_parse on the joined text: crafted cases and random text. */
static void check_split(const char *host, const char *prefix)
{
	char joined[200];
	snprintf(joined, sizeof joined, "%s%s%s", host, prefix ? "/" : "", prefix ? prefix : "");
	rl_addr a, b;
	memset(&b, 0x55, sizeof b);
	bool ra = rl_addr_parse(joined, strlen(joined), &a);
	bool rb = rl_addr_parse_split(host, strlen(host), prefix, prefix ? strlen(prefix) : 0, &b);
	if (ra != rb)
		fail_msg("'%s': rl_addr_parse %d, rl_addr_parse_split %d", joined, ra, rb);
	if (ra && memcmp(&a, &b, sizeof a) != 0)
		fail_msg("'%s': the two parse it differently", joined);
}

static void addr_parse_split(void **state)
{
	(void)state;
	static const char *const hosts[] = {
		"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.", "1.2.3.4.5",
		"1..2.3", "1.2.3.04", "1234.1.1.1", "10.0.0.0", "192.0.2.1", "::1", "2001:db8::1", "fe80::1%eth0",
		"a.b.c.d", "", "1.2.3.4x", " 1.2.3.4", "0x1.2.3.4", "1.2.3.4/8", "::ffff:1.2.3.4",
	};
	static const char *const prefixes[] = {
		NULL, "", "0", "8", "32", "33", "05", "032", "0032", "128", "129", "x", "3x", "+8", "-1", " 8", "99999999999999999999",
	};
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
		for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++)
			check_split(hosts[i], prefixes[k]);
	/* random text over the bytes addresses are made of */
	static const char alphabet[] = "0123456789..:/af%x";
	uint32_t seed = 12345;
	for (int round = 0; round < 200000; round++) {
		char host[24], prefix[6];
		size_t n = 0, np = 0;
		seed = seed * 1103515245u + 12345u;
		size_t len = (seed >> 16) % 20;
		for (; n < len; n++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly digits and dots, so that many are dotted quads */
			unsigned r = (seed >> 16) % 64;
			host[n] = r < 40 ? (char)('0' + r % 10) : r < 52 ? '.' : alphabet[r % (sizeof alphabet - 1)];
		}
		host[n] = '\0';
		seed = seed * 1103515245u + 12345u;
		size_t plen = (seed >> 16) % 5;
		for (; np < plen; np++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 16;
			prefix[np] = r < 12 ? (char)('0' + r % 10) : alphabet[r];
		}
		prefix[np] = '\0';
		check_split(host, (seed >> 20) % 3 ? prefix : NULL);
	}
	/* random IPv6 text: hexadecimal digits and colons */
	static const char hex6[] = "0123456789abcdefABCDEF::::::";
	for (int round = 0; round < 200000; round++) {
		char host[48], prefix[6];
		seed = seed * 1103515245u + 12345u;
		size_t len = (seed >> 16) % 44, n = 0;
		for (; n < len; n++) {
			seed = seed * 1103515245u + 12345u;
			host[n] = hex6[(seed >> 16) % (sizeof hex6 - 1)];
		}
		host[n] = '\0';
		seed = seed * 1103515245u + 12345u;
		snprintf(prefix, sizeof prefix, "%u", (seed >> 16) % 140);
		check_split(host, (seed >> 24) % 2 ? prefix : NULL);
	}
	/* IPv6 forms with each prefix length around the limit */
	static const char *const v6[] = {
		"::", "::1", "1::", "2001:db8::1", "2001:db8:0:0:0:0:0:1", "fe80::1:2:3:4:5", "1:2:3:4:5:6:7:8",
		"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", ":1::", "1:::2", "12345::", "1::2::3",
		"ABCD:ef01::", "0:0:0:0:0:0:0:0", "::ffff:c000:0201",
	};
	for (size_t i = 0; i < sizeof v6 / sizeof v6[0]; i++)
		for (unsigned p = 0; p < 135; p++) {
			char q[8];
			snprintf(q, sizeof q, p < 130 ? "%u" : "0%u", p < 130 ? p : p - 100);
			check_split(v6[i], q);
			check_split(v6[i], NULL);
		}
	/* every dotted quad form with each prefix length around the limit */
	for (unsigned v = 0; v < 300; v += 7)
		for (unsigned p = 0; p < 40; p++) {
			char h[32], q[8];
			snprintf(h, sizeof h, "%u.%u.%u.%u", v, 255 - v % 256, v % 10, v / 3);
			snprintf(q, sizeof q, "%u", p);
			check_split(h, q);
			check_split(h, NULL);
		}
}

/* A map sized once up front holds and walks the same values as one grown
 * on the way, in the order they were added under each hash. */
static void hmap_reserve(void **state)
{
	(void)state;
	rl_hmap grown = {0}, sized = {0};
	const uint32_t n = 5000;
	rl_hmap_reserve(&sized, n);
	size_t cap = sized.cap;
	assert_true(cap >= 2 * n);
	for (uint32_t i = 0; i < n; i++) {
		/* every hash twice or three times over, some colliding slots */
		uint64_t h = (uint64_t)(i % 1700) * 0x9e3779b97f4a7c15ULL;
		rl_hmap_add(&grown, h, i);
		rl_hmap_add(&sized, h, i);
	}
	assert_int_equal(sized.cap, cap);
	assert_int_equal(grown.n, sized.n);
	for (uint32_t k = 0; k < 1700; k++) {
		uint64_t h = (uint64_t)k * 0x9e3779b97f4a7c15ULL;
		size_t ia = 0, ib = 0;
		uint32_t va, vb, want = k;
		for (;;) {
			bool a = rl_hmap_next(&grown, h, &ia, &va), b = rl_hmap_next(&sized, h, &ib, &vb);
			assert_int_equal(a, b);
			if (!a)
				break;
			assert_int_equal(vb, want);
			assert_int_equal(va, vb);
			want += 1700;
		}
		assert_true(want >= n);
	}
	/* nothing to reserve: no table */
	rl_hmap empty = {0};
	rl_hmap_reserve(&empty, 0);
	assert_int_equal(empty.cap, 0);
	rl_hmap_free(&grown);
	rl_hmap_free(&sized);
}

/* rl_addr_masked on words gives what clearing bit by bit gives, for each
 * prefix of each family (the bytes past an IPv4 address kept). */
static void addr_masked_bits(void **state)
{
	(void)state;
	uint32_t seed = 4242;
	for (int round = 0; round < 200; round++) {
		rl_addr a;
		a.family = round % 3 == 0 ? 0 : round % 3 == 1 ? 4 : 6;
		for (int i = 0; i < 16; i++) {
			seed = seed * 1103515245u + 12345u;
			a.b[i] = (uint8_t)(seed >> 16);
		}
		unsigned bits = a.family == 6 ? 128 : a.family == 4 ? 32 : 0;
		a.prefix = (uint8_t)bits;
		for (unsigned p = 0; p <= 140; p++) {
			rl_addr want = a;
			unsigned cut = p > bits ? bits : p;
			for (unsigned bit = cut; bit < bits; bit++)
				want.b[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
			want.prefix = (uint8_t)cut;
			rl_addr got = rl_addr_masked(&a, p);
			assert_memory_equal(&got, &want, sizeof got);
		}
	}
}

/* The one-pass reading of address text gives what inet_pton gives (the
 * slow path): a dotted quad for AF_INET, else AF_INET6; no zone id. */
static void check_pton(const char *text)
{
	rl_addr a;
	uint8_t want[16] = {0};
	int fam = inet_pton(AF_INET, text, want) == 1 ? 4 : inet_pton(AF_INET6, text, want) == 1 ? 6 : 0;
	bool ok = rl_addr_parse(text, strlen(text), &a);
	if (ok != (fam != 0))
		fail_msg("'%s': rl_addr_parse %d, inet_pton family %d", text, ok, fam);
	if (ok && (a.family != fam || a.prefix != (fam == 4 ? 32 : 128) || memcmp(a.b, want, sizeof a.b) != 0))
		fail_msg("'%s': parsed other than by inet_pton", text);
	/* and the split form, without and with a prefix */
	rl_addr b;
	ok = rl_addr_parse_split(text, strlen(text), NULL, 0, &b);
	if (ok != (fam != 0) || (ok && memcmp(&a, &b, sizeof a) != 0))
		fail_msg("'%s': rl_addr_parse_split differs", text);
	ok = rl_addr_parse_split(text, strlen(text), "24", 2, &b);
	if (ok != (fam != 0) || (ok && (b.prefix != 24 || memcmp(a.b, b.b, sizeof a.b) != 0)))
		fail_msg("'%s/24': rl_addr_parse_split differs", text);
}

static void addr_text_pton(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"::", ":::", "::::", ":", "1:", ":1", "1::", "::1", "1:::2", "1::2::3", "::1::", "1:2:3:4:5:6:7:8",
		"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::3:4:5:6:7:8", "1:2:3:4:5:6:7::8",
		"1:2:3:4:5:6::7:8", "12345::", "::12345", "1:02345::", "ffff::FFFF", "fFfF:0:0::", "0000:0000:0000:0000:0000:0000:0000:0000",
		"2001:db8::1", "2001:db8:0:0:0:0:0:1", "2001:db8::1:", "2001:db8::1::", "2001::db8::1",
		"::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "::ffff:1.2.3", "::ffff:256.1.1.1",
		"fe80::1%eth0", "fe80::1%1", "fe80::1%", "%eth0", "fe80::g", "g::1", "::1 ", " ::1", "1:2:3:4:5:6:7:8%x",
		"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.256.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04",
		"1.2.3", "1.2.3.4.", "1.2.3.4.5", ".1.2.3.4", "1..2.3", "1234.1.1.1", "1.2.3.4x", "0x1.2.3.4", "a.b.c.d",
		"1.2.3.4:", "1:2.3.4", "", ".", "1", "12", "a", "ff",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		check_pton(texts[i]);
	/* random text over the bytes addresses are made of */
	static const char alphabet[] = "0123456789abcdefABCDEF:::::..%xg";
	uint32_t seed = 777;
	for (int round = 0; round < 300000; round++) {
		char text[48];
		seed = seed * 1103515245u + 12345u;
		size_t len = (seed >> 16) % 44, n = 0;
		unsigned mix = (seed >> 8) % 3;
		for (; n < len; n++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 64;
			/* some rounds mostly decimal digits and dots, some mostly
			 * hexadecimal digits and colons, some anything */
			if (mix == 0)
				text[n] = r < 44 ? (char)('0' + r % 10) : r < 60 ? '.' : alphabet[r % (sizeof alphabet - 1)];
			else if (mix == 1)
				text[n] = r < 40 ? alphabet[r % 22] : r < 60 ? ':' : alphabet[r % (sizeof alphabet - 1)];
			else
				text[n] = alphabet[r % (sizeof alphabet - 1)];
		}
		text[n] = '\0';
		check_pton(text);
	}
	/* each IPv6 address of groups from a small set, with "::" in each place */
	static const char *const groups[] = {"0", "1", "ab", "fff", "ffff", "0000", "12345"};
	for (int round = 0; round < 20000; round++) {
		char text[80];
		size_t n = 0;
		seed = seed * 1103515245u + 12345u;
		unsigned count = 1 + (seed >> 16) % 9, gap = (seed >> 8) % 12;
		for (unsigned g = 0; g < count; g++) {
			seed = seed * 1103515245u + 12345u;
			if (g == gap)
				n += (size_t)snprintf(text + n, sizeof text - n, "::");
			else if (g)
				text[n++] = ':';
			n += (size_t)snprintf(text + n, sizeof text - n, "%s", groups[(seed >> 16) % 7]);
		}
		if (gap == count)
			n += (size_t)snprintf(text + n, sizeof text - n, "::");
		text[n] = '\0';
		check_pton(text);
	}
}

/* The model of a setkey file is the same whether the builder takes the
 * addresses the value checks kept or parses them itself. */
static void host_of(const char *text, bool memo, rl_host **out, rl_source **src, rl_tree **tree)
{
	rl_diags d = {0};
	*src = rl_source_from_mem("t", text, strlen(text));
	*tree = rl_parse(*src, RL_LANG_SETKEY, &d);
	/* the value checks kept the addresses they parsed */
	assert_non_null((*tree)->sk_addrs);
	if (!memo)
		rl_sk_addr_memo_drop(*tree);
	*out = rl_host_new("h", NULL);
	rl_build_setkey(*out, *tree);
	rl_diags_free(&d);
}

static void addr_memo(void **state)
{
	(void)state;
	static const char *const addrs[] = {
		"192.0.2.1", "10.0.0.0/8", "10.0.0.0/08", "10.0.0.0/33", "10.0.0.0/008", "10.1", "010.1.1.1",
		"0x0a.1.1.1", "2001:db8::1", "2001:db8::/32", "2001:db8::/129", "2001:db8::/0128", "fe80::1%eth0",
		"::ffff:192.0.2.1", "::ffff:192.0.2.1/96", "1:2:3:4:5:6:7:8", "1::2::3", "host.example", "any",
		"255.255.255.255/32", "0.0.0.0/0", "::/0", "1.2.3.4/1x", "ABCD::EF/64",
	};
	/* policy endpoints take no prefix */
	static const char *const ends[] = {
		"192.0.2.1", "10.1", "010.1.1.1", "2001:db8::1", "fe80::1%eth0", "::ffff:192.0.2.1", "1::2::3",
		"1:2:3:4:5:6:7:8", "ABCD::EF", "0.0.0.0",
	};
	size_t na = sizeof addrs / sizeof addrs[0], ne = sizeof ends / sizeof ends[0];
	rl_buf b = {0};
	for (size_t i = 0; i < na; i++)
		for (size_t k = 0; k < na; k += 3) {
			rl_buf_printf(&b, "spdadd %s %s any -P out ipsec esp/tunnel/%s-%s/require;\n", addrs[i], addrs[k],
				      ends[(i + k) % ne], ends[(i + 2 * k + 1) % ne]);
			rl_buf_printf(&b, "spdadd -6 %s[80] %s[any] tcp -P in ipsec ah/transport//use;\n", addrs[k],
				      addrs[i]);
			rl_buf_printf(&b, "add %s %s esp 0x100 -E null;\n", ends[i % ne], ends[k % ne]);
		}
	rl_host *h[2];
	rl_source *src[2];
	rl_tree *t[2];
	for (int m = 0; m < 2; m++)
		host_of(rl_buf_str(&b), m == 1, &h[m], &src[m], &t[m]);
	assert_null(t[1]->sk_addrs); /* the builder is done with them */
	assert_true(h[0]->npolicies > 100 && h[0]->nsas > 50);
	assert_int_equal(h[0]->npolicies, h[1]->npolicies);
	for (size_t i = 0; i < h[0]->npolicies; i++) {
		const rl_policy *p = h[0]->policies[i], *q = h[1]->policies[i];
		assert_memory_equal(&p->sel, &q->sel, sizeof p->sel);
		assert_int_equal(p->nrules, q->nrules);
		for (size_t r = 0; r < p->nrules; r++) {
			assert_int_equal(p->rules[r].has_ends, q->rules[r].has_ends);
			assert_memory_equal(&p->rules[r].src, &q->rules[r].src, sizeof p->rules[r].src);
			assert_memory_equal(&p->rules[r].dst, &q->rules[r].dst, sizeof p->rules[r].dst);
		}
	}
	assert_int_equal(h[0]->nsas, h[1]->nsas);
	for (size_t i = 0; i < h[0]->nsas; i++) {
		assert_memory_equal(&h[0]->sas[i]->src, &h[1]->sas[i]->src, sizeof h[0]->sas[i]->src);
		assert_memory_equal(&h[0]->sas[i]->dst, &h[1]->sas[i]->dst, sizeof h[0]->sas[i]->dst);
	}
	for (int m = 0; m < 2; m++) {
		rl_host_free(h[m]);
		rl_tree_free(t[m]);
		rl_source_free(src[m]);
	}
	rl_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addr_parse_and_print),
		cmocka_unit_test(addr_parse_split),
		cmocka_unit_test(addr_text_pton),
		cmocka_unit_test(hmap_reserve),
		cmocka_unit_test(addr_masked_bits),
		cmocka_unit_test(addr_memo),
		cmocka_unit_test(addr_relations),
		cmocka_unit_test(names),
		cmocka_unit_test(psk_secrets),
		cmocka_unit_test(psk_lookups),
		cmocka_unit_test(spd_liveness),
		cmocka_unit_test(spd_containment),
		cmocka_unit_test(remote_candidates),
		cmocka_unit_test(remote_builders),
		cmocka_unit_test(identities),
		cmocka_unit_test(sainfo_selection),
		cmocka_unit_test(sainfo_from_and_clientaddr),
		cmocka_unit_test(sainfo_hints),
		cmocka_unit_test(addresses_inferred),
		cmocka_unit_test(my_identifier_address_is_evidence),
		cmocka_unit_test(changes_after_a_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
