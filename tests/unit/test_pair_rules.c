/* The pair rules over hand-built hosts: each rule fails at least twice and
 * passes at least once; the user's pair gives only what it should. */
#include "fixture.h"

static bool verbose;

/* Run one rule over the hosts; returns how many findings it made. */
static size_t run(fx *f, int rule)
{
	rl_ctx *cx = fx_ctx(f);
	rl_diags_free(&cx->diags);
	rl_rule_get(rule)->check(cx);
	for (size_t i = 0; verbose && i < cx->diags.n; i++) {
		const rl_diag *d = &cx->diags.v[i];
		char lb[160];
		printf("  %s: %s [%s]\n", rl_loc_str(d->loc, lb, sizeof lb), d->message, rl_rule_get(d->rule)->name);
		for (size_t k = 0; k < d->nrel; k++)
			printf("    note %s: %s\n", rl_loc_str(d->rel[k].loc, lb, sizeof lb), d->rel[k].message);
	}
	return cx->diags.n;
}

static const rl_diag *finding(fx *f, size_t i)
{
	assert_true(i < f->cx.diags.n);
	return &f->cx.diags.v[i];
}

static bool says(fx *f, const char *needle)
{
	for (size_t i = 0; i < f->cx.diags.n; i++)
		if (strstr(f->cx.diags.v[i].message, needle))
			return true;
	return false;
}

static bool any_message(fx *f, const char *needle)
{
	if (says(f, needle))
		return true;
	printf("  no finding says \"%s\"\n", needle);
	return false;
}

static bool no_secret(fx *f, const char *secret)
{
	for (size_t i = 0; i < f->cx.diags.n; i++) {
		const rl_diag *d = &f->cx.diags.v[i];
		if (strstr(d->message, secret))
			return false;
		for (size_t k = 0; k < d->nrel; k++)
			if (strstr(d->rel[k].message, secret))
				return false;
	}
	return true;
}

static char *line(rl_loc l)
{
	char b[160];
	return rl_xstrdup(rl_loc_str(l, b, sizeof b));
}

static int cmp_edit(const void *x, const void *y)
{
	const rl_edit *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* The text of src after the fix's edits on it (they do not overlap). */
static char *apply_fix(const rl_fix *fix, const rl_source *src)
{
	rl_edit *v = rl_xmalloc((fix->nedits + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < fix->nedits; i++)
		if (fix->edits[i].src == src)
			v[n++] = fix->edits[i];
	qsort(v, n, sizeof *v, cmp_edit);
	rl_buf b = {0};
	uint32_t at = 0;
	for (size_t i = 0; i < n; i++) {
		rl_buf_add(&b, src->data + at, v[i].start - at);
		rl_buf_puts(&b, v[i].text);
		at = v[i].end;
	}
	rl_buf_add(&b, src->data + at, src->len - at);
	free(v);
	return rl_buf_take(&b);
}

static void two(fx *f, hspec *a, hspec *b)
{
	rl_host *ha, *hb;
	pair_of(f, a, b, &ha, &hb);
}

/* ---- the user's pair ----------------------------------------------- */

static void seed_rules(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *s, *c;
	seed_pair(f, &s, &c);
	assert_int_equal(run(f, RL_R_aes_preference), 2);
	assert_true(any_message(f, "the phase 1 proposals offer no AES cipher (the first is 3des)"));
	char *l0 = line(finding(f, 0)->loc), *l1 = line(finding(f, 1)->loc);
	assert_string_equal(l0, "server1/racoon.conf:10");
	assert_string_equal(l1, "client1/racoon.conf:10");
	free(l0);
	free(l1);
	/* each points at the peer's proposal it is negotiated against */
	assert_int_equal(finding(f, 0)->nrel, 1);
	assert_ptr_equal(finding(f, 0)->rel[0].loc.src, c->conf);
	assert_int_equal(run(f, RL_R_psk_mirror), 0);
	assert_int_equal(run(f, RL_R_phase1_mismatch), 0);
	assert_int_equal(run(f, RL_R_phase2_mismatch), 0);
	assert_int_equal(run(f, RL_R_spd_asymmetric), 0);
	assert_int_equal(run(f, RL_R_spd_without_sainfo), 0);
	assert_int_equal(run(f, RL_R_no_remote_for_peer), 0);
	assert_int_equal(run(f, RL_R_address_inferred), 2);
	assert_true(any_message(f, "the address of client1 is only known as a network, 192.168.0.0/24, inferred from "
				   "the source of its out policy"));
	fx_free(f);
}

/* The brief's example: client1's sainfo asks for modp2048. */
static void seed_pfs_mismatch(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *s, *c;
	seed_pair(f, &s, &c);
	rl_sainfo *sa = c->sainfos[0];
	assert_true(rl_sainfo_add(sa, RL_AC_DH, "modp2048", 0, sa->pfs_loc));
	rl_host_touch(c);
	assert_int_equal(run(f, RL_R_phase2_mismatch), 1);
	const rl_diag *d = finding(f, 0);
	assert_string_equal(d->message,
			    "server1 initiating: client1 rejects phase 2: pfs_group modp1024 (server1/racoon.conf:20) differs "
			    "from modp2048 (client1/racoon.conf:20) under proposal_check strict (also when client1 initiates)");
	assert_string_equal(d->host, "server1");
	assert_int_equal(d->nrel, 2);
	assert_ptr_equal(d->rel[0].loc.src, c->conf);
	fx_free(f);
}

/* ---- psk-mirror ---------------------------------------------------- */

static void psk_mirror_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_psk_mirror), 0);
	fx_free(f);

	/* beta files the key under another address: both directions, one finding */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.psk = "192.0.2.9\tsecret-7f3a\n";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_psk_mirror), 1);
	assert_true(any_message(f, "alpha initiating: beta has no line for alpha's address 192.0.2.1 in beta/psk.txt"));
	assert_true(any_message(f, "(also when beta initiates)"));
	/* the finding is on the host that misses the line */
	assert_string_equal(finding(f, 0)->host, "beta");
	assert_ptr_equal(finding(f, 0)->loc.src, f->hosts[1]->psk_file);
	fx_free(f);

	/* a CRLF psk.txt on beta */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.psk = "192.0.2.1\tsecret-7f3a\r\n";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_psk_mirror), 1);
	assert_true(any_message(f, "ends with a carriage return"));
	assert_true(no_secret(f, "secret-7f3a"));
	assert_int_equal(finding(f, 0)->nrel, 1);
	fx_free(f);

	/* aggressive mode: keyed by address where the peer sends its fqdn works
	 * through the address fallback; with verify_identifier it does not */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.modes = b.modes = "aggressive";
	a.idtype = RL_ID_FQDN;
	a.idval = "alpha.example";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_psk_mirror), 0);
	fx_free(f);
	f = fx_new();
	b.verify = true;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_psk_mirror), 1);
	assert_true(any_message(f, "beta has no line for alpha's fqdn \"alpha.example\" in beta/psk.txt and "
				   "verify_identifier is on"));
	fx_free(f);
}

/* ---- phase1-mismatch ----------------------------------------------- */

static void phase1_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase1_mismatch), 0);
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.modes = "aggressive";
	a.modes = "main";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase1_mismatch), 1);
	assert_true(any_message(f, "alpha initiating: alpha starts in main mode"));
	assert_true(any_message(f, "(also when beta initiates)"));
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.hash = "sha256";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase1_mismatch), 1);
	assert_true(any_message(f, "hash_algorithm sha1 (alpha/racoon.conf:7) vs sha256 (beta/racoon.conf:7)"));
	assert_true(any_message(f, "(also when beta initiates)"));
	fx_free(f);

	/* a longer lifetime fails one way only */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.life = 86400;
	b.life = 28800;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase1_mismatch), 1);
	assert_true(any_message(f, "alpha initiating: beta accepts none of alpha's phase 1 proposals: lifetime 86400 s "
				   "(alpha/racoon.conf:10) is longer than 28800 s (beta/racoon.conf:10) under "
				   "proposal_check strict"));
	assert_false(says(f, "also when"));
	fx_free(f);

	/* main mode with pre_shared_key and an fqdn identity */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.idtype = RL_ID_FQDN;
	a.idval = "alpha.example";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase1_mismatch), 1);
	assert_true(any_message(f, "main mode with pre_shared_key needs address identities"));
	assert_true(any_message(f, "(also when beta initiates)"));
	fx_free(f);
}

/* ---- phase2-mismatch ----------------------------------------------- */

static void phase2_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.pfs = b.pfs = "modp2048";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase2_mismatch), 0);
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.pfs = "modp2048";
	b.pfs = "modp1024";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase2_mismatch), 1);
	assert_string_equal(finding(f, 0)->message,
			    "alpha initiating: beta rejects phase 2: pfs_group modp2048 (alpha/racoon.conf:14) differs from "
			    "modp1024 (beta/racoon.conf:14) under proposal_check strict (also when beta initiates)");
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.p2enc = "blowfish";
	b.p2enc = "3des";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase2_mismatch), 1);
	assert_true(any_message(f, "no common ESP transform"));
	fx_free(f);

	/* one fault met by several flows is one finding */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.pfs = "modp2048";
	b.pfs = "modp1024";
	a.no_spd = b.no_spd = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *sa = fx_src(f, "alpha/setkey.conf", "spdadd 192.0.2.1 192.0.2.2[80] tcp -P out ipsec esp/transport//require;\n"
						       "spdadd 192.0.2.1 192.0.2.2[443] tcp -P out ipsec esp/transport//require;\n");
	rl_source *sb = fx_src(f, "beta/setkey.conf", "spdadd 192.0.2.1 192.0.2.2[80] tcp -P in ipsec esp/transport//require;\n"
						      "spdadd 192.0.2.1 192.0.2.2[443] tcp -P in ipsec esp/transport//require;\n");
	rl_host_set_spd_file(ha, sa);
	rl_host_set_spd_file(hb, sb);
	rule(policy(ha, sa, "[80] tcp", RL_DIR_OUT, "192.0.2.1", 0, "192.0.2.2", 80, 6), RL_IPSEC_ESP, RL_MODE_TRANSPORT,
	     NULL, RL_LEVEL_REQUIRE);
	rule(policy(ha, sa, "[443] tcp", RL_DIR_OUT, "192.0.2.1", 0, "192.0.2.2", 443, 6), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	rule(policy(hb, sb, "[80] tcp", RL_DIR_IN, "192.0.2.1", 0, "192.0.2.2", 80, 6), RL_IPSEC_ESP, RL_MODE_TRANSPORT,
	     NULL, RL_LEVEL_REQUIRE);
	rule(policy(hb, sb, "[443] tcp", RL_DIR_IN, "192.0.2.1", 0, "192.0.2.2", 443, 6), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	assert_int_equal(run(f, RL_R_phase2_mismatch), 1);
	assert_true(any_message(f, "under proposal_check strict (2 flows)"));
	fx_free(f);

	/* lifetimes: only the longer side's initiation fails under strict */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.p2life = 28800;
	b.p2life = 3600;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_phase2_mismatch), 1);
	assert_true(any_message(f, "lifetime 28800 s (alpha/racoon.conf:14) is longer than 3600 s"));
	fx_free(f);
}

/* ---- spd-asymmetric ------------------------------------------------ */

static rl_source *beta_spd(fx *f, rl_host *hb, const char *text)
{
	rl_source *sp = fx_src(f, "beta/setkey.conf", text);
	rl_host_set_spd_file(hb, sp);
	return sp;
}

static void spd_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_spd_asymmetric), 0);
	fx_free(f);

	/* beta protects only its own out direction */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.no_spd = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *sp = beta_spd(f, hb, "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//require;\n");
	rule(policy(hb, sp, "-P out", RL_DIR_OUT, "192.0.2.2", 0, "192.0.2.1", 0, RL_PROTO_ANY), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	assert_int_equal(run(f, RL_R_spd_asymmetric), 1);
	assert_true(any_message(f, "alpha initiating: beta has no in policy for any 192.0.2.1 -> 192.0.2.2 (no policy found"));
	assert_false(says(f, "alpha receiving"));
	fx_free(f);

	/* beta's in policy is for another port */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.proto = 6;
	b.no_spd = true;
	pair_of(f, &a, &b, &ha, &hb);
	sp = beta_spd(f, hb, "spdadd 192.0.2.1 192.0.2.2[3261] tcp -P in ipsec esp/transport//require;\n"
			     "spdadd 192.0.2.2 192.0.2.1 tcp -P out ipsec esp/transport//require;\n");
	rule(policy(hb, sp, "-P in", RL_DIR_IN, "192.0.2.1", 0, "192.0.2.2", 3261, 6), RL_IPSEC_ESP, RL_MODE_TRANSPORT,
	     NULL, RL_LEVEL_REQUIRE);
	rule(policy(hb, sp, "-P out", RL_DIR_OUT, "192.0.2.2", 0, "192.0.2.1", 0, 6), RL_IPSEC_ESP, RL_MODE_TRANSPORT, NULL,
	     RL_LEVEL_REQUIRE);
	assert_int_equal(run(f, RL_R_spd_asymmetric), 1);
	assert_true(any_message(f, "has the same addresses but destination port 3261 instead of 0"));
	assert_int_equal(finding(f, 0)->sev, RL_SEV_ERROR);
	fx_free(f);

	/* alpha's in policy has no out policy on beta to feed it */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.no_spd = true;
	pair_of(f, &a, &b, &ha, &hb);
	sp = beta_spd(f, hb, "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require;\n");
	rule(policy(hb, sp, "-P in", RL_DIR_IN, "192.0.2.1", 0, "192.0.2.2", 0, RL_PROTO_ANY), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	assert_int_equal(run(f, RL_R_spd_asymmetric), 1);
	assert_true(any_message(f, "alpha receiving: beta has no out policy for any 192.0.2.2 -> 192.0.2.1: it sends that "
				   "traffic in clear"));
	assert_string_equal(finding(f, 0)->host, "alpha");
	fx_free(f);

	/* use against require: a warning, both directions */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.level = RL_LEVEL_USE;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_spd_asymmetric), 2);
	assert_int_equal(finding(f, 0)->sev, RL_SEV_WARNING);
	assert_true(any_message(f, "alpha uses level require"));
	fx_free(f);

	/* a tunnel whose return policy has the endpoints the wrong way round */
	f = fx_new();
	a = spec("gw1", "203.0.113.1", "203.0.113.2");
	b = spec("gw2", "203.0.113.2", "203.0.113.1");
	a.no_spd = b.no_spd = true;
	a.psk = "203.0.113.2 k\n";
	b.psk = "203.0.113.1 k\n";
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *s1 = fx_src(f, "gw1/setkey.conf",
			       "spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/203.0.113.1-203.0.113.2/require;\n"
			       "spdadd 10.2.0.0/16 10.1.0.0/16 any -P in ipsec esp/tunnel/203.0.113.2-203.0.113.1/require;\n");
	rl_source *s2 = fx_src(f, "gw2/setkey.conf",
			       "spdadd 10.1.0.0/16 10.2.0.0/16 any -P in ipsec esp/tunnel/203.0.113.1-203.0.113.2/require;\n"
			       "spdadd 10.2.0.0/16 10.1.0.0/16 any -P out ipsec esp/tunnel/203.0.113.1-203.0.113.2/require;\n");
	rl_host_set_spd_file(ha, s1);
	rl_host_set_spd_file(hb, s2);
	rule(policy(ha, s1, "-P out", RL_DIR_OUT, "10.1.0.0/16", 0, "10.2.0.0/16", 0, RL_PROTO_ANY), RL_IPSEC_ESP,
	     RL_MODE_TUNNEL, "203.0.113.1-203.0.113.2", RL_LEVEL_REQUIRE);
	rule(policy(ha, s1, "-P in", RL_DIR_IN, "10.2.0.0/16", 0, "10.1.0.0/16", 0, RL_PROTO_ANY), RL_IPSEC_ESP,
	     RL_MODE_TUNNEL, "203.0.113.2-203.0.113.1", RL_LEVEL_REQUIRE);
	rule(policy(hb, s2, "-P in", RL_DIR_IN, "10.1.0.0/16", 0, "10.2.0.0/16", 0, RL_PROTO_ANY), RL_IPSEC_ESP,
	     RL_MODE_TUNNEL, "203.0.113.1-203.0.113.2", RL_LEVEL_REQUIRE);
	rule(policy(hb, s2, "-P out", RL_DIR_OUT, "10.2.0.0/16", 0, "10.1.0.0/16", 0, RL_PROTO_ANY), RL_IPSEC_ESP,
	     RL_MODE_TUNNEL, "203.0.113.1-203.0.113.2", RL_LEVEL_REQUIRE);
	assert_int_equal(run(f, RL_R_spd_asymmetric), 1);
	assert_true(any_message(f, "gw1 receiving: the in policy of gw1 (gw1/setkey.conf:2) has "
				   "esp/tunnel/203.0.113.2-203.0.113.1/require, the out policy of gw2 (gw2/setkey.conf:2) has "
				   "esp/tunnel/203.0.113.1-203.0.113.2/require: the tunnel endpoints must be the same pair"));
	fx_free(f);

	/* a responder that generates its policies needs none */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.genpol = 1;
	b.passive = true;
	b.no_spd = true;
	pair_of(f, &a, &b, &ha, &hb);
	beta_spd(f, hb, "");
	assert_int_equal(run(f, RL_R_spd_asymmetric), 0);
	fx_free(f);
}

/* ---- spd-without-sainfo -------------------------------------------- */

static void sainfo_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_spd_without_sainfo), 0);
	fx_free(f);

	/* alpha's only sainfo names the sides the other way round */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_sainfo *sa = ha->sainfos[0];
	rl_addr x = ADDR("192.0.2.2"), y = ADDR("192.0.2.1");
	rl_sid_set_addr(&sa->local, &x, 0, RL_PROTO_ANY, sa->loc);
	rl_sid_set_addr(&sa->remote, &y, 0, RL_PROTO_ANY, sa->loc);
	rl_host_touch(ha);
	assert_int_equal(run(f, RL_R_spd_without_sainfo), 1);
	assert_true(any_message(f, "alpha has no sainfo for address 192.0.2.1 any to address 192.0.2.2 any"));
	assert_true(any_message(f, "names the two sides the other way round"));
	fx_free(f);

	/* beta's sainfo is only for peers that send fqdn "gamma.example" */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	pair_of(f, &a, &b, &ha, &hb);
	sa = hb->sainfos[0];
	sa->has_from = true;
	rl_ident_set(&sa->from, RL_ID_FQDN, "gamma.example", 13, sa->loc);
	rl_host_touch(hb);
	assert_int_equal(run(f, RL_R_spd_without_sainfo), 1);
	assert_true(any_message(f, "alpha initiating: beta has no sainfo for address 192.0.2.2 any to address 192.0.2.1 any"));
	fx_free(f);

	/* a remoteid that no ph1id names */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	pair_of(f, &a, &b, &ha, &hb);
	rl_num_put(&ha->sainfos[0]->remoteid, 5, ha->sainfos[0]->loc);
	rl_host_touch(ha);
	assert_int_equal(run(f, RL_R_spd_without_sainfo), 1);
	assert_true(any_message(f, "has remoteid 5, but the remote block in use has ph1id 0"));
	assert_int_equal(finding(f, 0)->nrel, 1); /* the in policy needs it too */
	fx_free(f);
}

/* ---- no-remote-for-peer -------------------------------------------- */

static void remote_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_no_remote_for_peer), 0);
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.remote = "192.0.2.99";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_no_remote_for_peer), 2);
	assert_true(any_message(f, "alpha initiating: alpha has no remote block for beta's address 192.0.2.2"));
	assert_true(any_message(f, "beta initiating: alpha has no remote block for beta's address 192.0.2.2 and no remote "
				   "anonymous: it refuses the exchange"));
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.passive = true;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_no_remote_for_peer), 1);
	assert_true(any_message(f, "are passive"));
	fx_free(f);

	/* a hub that knows only its first spoke (field report F017) */
	f = fx_new();
	hspec hub = spec("hub", "203.0.113.20", "192.0.2.10");
	hub.remote = "192.0.2.10";
	hub.psk = "192.0.2.10 k\n192.0.2.30 k\n";
	hspec s1 = spec("spoke1", "192.0.2.10", "203.0.113.20"), s2 = spec("spoke2", "192.0.2.30", "203.0.113.20");
	s1.psk = s2.psk = "203.0.113.20 k\n";
	spec_host(f, &hub);
	spec_host(f, &s1);
	spec_host(f, &s2);
	assert_int_equal(run(f, RL_R_no_remote_for_peer), 2);
	assert_true(any_message(f, "spoke2 initiating: hub has no remote block for spoke2's address 192.0.2.30"));
	fx_free(f);
}

/* ---- aes-preference ------------------------------------------------ */

static void aes_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_aes_preference), 0);
	fx_free(f);

	/* 3des before aes in the sainfos */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.p2enc = b.p2enc = "3des,aes 256";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_aes_preference), 2);
	const rl_diag *d = finding(f, 0);
	assert_string_equal(d->message, "the sainfo's encryption_algorithm puts 3des before aes (alpha/racoon.conf:14)");
	assert_non_null(d->fix);
	assert_true(d->fix->safe);
	char *t = apply_fix(d->fix, f->hosts[0]->conf);
	assert_non_null(strstr(t, "\tencryption_algorithm aes 256, 3des;\n"));
	free(t);
	assert_int_equal(d->nrel, 1);
	fx_free(f);

	/* no AES proposal at all: the fix adds one in front */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.enc = "3des";
	b.enc = "blowfish";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_aes_preference), 2);
	assert_true(any_message(f, "the phase 1 proposals offer no AES cipher (the first is blowfish)"));
	d = finding(f, 0);
	t = apply_fix(d->fix, f->hosts[0]->conf);
	assert_non_null(strstr(t, "\tproposal {\n\t\tencryption_algorithm aes;\n\t\thash_algorithm sha1;\n"
				  "\t\tauthentication_method pre_shared_key;\n\t\tdh_group modp2048;\n\t}\n"
				  "\tproposal {\n\t\tencryption_algorithm 3des;"));
	free(t);
	fx_free(f);

	/* aes in the second proposal: the fix moves it first */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.enc = "3des";
	a.enc2 = "aes";
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_aes_preference), 1);
	d = finding(f, 0);
	assert_true(strstr(d->message, "phase 1 proposal with 3des comes before the one with aes (alpha/racoon.conf:12)"));
	/* a remote block that inherits the proposals shares the finding */
	rl_remote *child = rl_host_add_remote(f->hosts[0], f->hosts[0]->remotes[0]->loc);
	rl_remote_inherit_from(child, f->hosts[0]->remotes[0]);
	assert_int_equal(run(f, RL_R_aes_preference), 1);
	d = finding(f, 0);
	t = apply_fix(d->fix, f->hosts[0]->conf);
	assert_non_null(strstr(t, "remote anonymous {\n\texchange_mode main;\n\tproposal {\n\t\tencryption_algorithm aes;\n"
				  "\t\thash_algorithm sha1;\n\t\tauthentication_method pre_shared_key;\n"
				  "\t\tdh_group modp2048;\n\t}\n\tproposal {\n\t\tencryption_algorithm 3des;\n"
				  "\t\thash_algorithm sha1;\n\t\tauthentication_method pre_shared_key;\n"
				  "\t\tdh_group modp2048;\n\t}\n}\n"));
	free(t);
	fx_free(f);
}

/* ---- address-inferred ---------------------------------------------- */

static void address_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_address_inferred), 0);
	fx_free(f);

	f = fx_new();
	rl_host *s, *c;
	seed_pair(f, &s, &c);
	assert_int_equal(run(f, RL_R_address_inferred), 2);
	assert_int_equal(finding(f, 0)->sev, RL_SEV_INFO);
	fx_free(f);

	/* my_identifier address is a guess too */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.idtype = RL_ID_ADDRESS;
	a.idval = "192.0.2.1";
	a.infer_addr = true;
	two(f, &a, &b);
	assert_int_equal(run(f, RL_R_address_inferred), 1);
	assert_true(any_message(f, "is inferred from my_identifier address"));
	fx_free(f);
}

int main(void)
{
	verbose = getenv("VERBOSE") != NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_rules),
		cmocka_unit_test(seed_pfs_mismatch),
		cmocka_unit_test(psk_mirror_rule),
		cmocka_unit_test(phase1_rule),
		cmocka_unit_test(phase2_rule),
		cmocka_unit_test(spd_rule),
		cmocka_unit_test(sainfo_rule),
		cmocka_unit_test(remote_rule),
		cmocka_unit_test(aes_rule),
		cmocka_unit_test(address_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
