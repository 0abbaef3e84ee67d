/* The negotiation model over hand-built hosts. */
#include "fixture.h"

static bool contains(const char *s, const char *needle)
{
	if (!s || !strstr(s, needle)) {
		printf("  \"%s\" not in: %s\n", needle, s ? s : "(null)");
		return false;
	}
	return true;
}

/* ---- the user's pair ----------------------------------------------- */

static void seed_both_directions(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *s, *c;
	seed_pair(f, &s, &c);
	char *t = describe(c, s);
	assert_string_equal(t, "client1 -> server1: phase 1: aggressive mode, 3des/sha1/modp1024, pre_shared_key, lifetime "
			       "7200 s; psk: server1 finds fqdn \"client1\" (server1/psk.txt:2), client1 finds fqdn "
			       "\"server1\" (client1/psk.txt:2), the secrets are equal\n"
			       "  phase 2 for tcp 192.168.0.0/24 -> 192.168.0.10[3260]: esp/transport aes-128/hmac_sha1, pfs "
			       "modp1024, lifetime 3600 s\n");
	free(t);
	t = describe(s, c);
	assert_string_equal(t, "server1 -> client1: phase 1: aggressive mode, 3des/sha1/modp1024, pre_shared_key, lifetime "
			       "7200 s; psk: client1 finds fqdn \"server1\" (client1/psk.txt:2), server1 finds fqdn "
			       "\"client1\" (server1/psk.txt:2), the secrets are equal\n"
			       "  phase 2 for tcp 192.168.0.10[3260] -> 192.168.0.0/24: esp/transport aes-128/hmac_sha1, pfs "
			       "modp1024, lifetime 3600 s\n");
	free(t);
	const rl_nego *n = rl_negotiate(c, s);
	assert_int_equal(n->np1, 1);
	assert_int_equal(n->nflows, 1);
	const rl_p1 *p = &n->p1[0];
	assert_int_equal(p->first_fail, -1);
	assert_int_equal(p->mode, RL_XMODE_AGGRESSIVE);
	assert_true(p->psk && p->secrets_equal && p->psk_r.by_id && p->psk_i.by_id);
	assert_string_equal(p->prop_i->enc->canon, "3des");
	assert_int_equal(p->prop_i->dh->dh, 2);
	const rl_flow *fl = &n->flows[0];
	assert_int_equal(fl->first_fail, -1);
	assert_int_equal(fl->nsas, 1);
	assert_string_equal(rl_flow_sas(n, fl)[0].enc->alg->canon, "aes");
	assert_string_equal(rl_flow_sas(n, fl)[0].auth->alg->canon, "hmac_sha1");
	assert_int_equal(fl->pfs->dh, 2);
	assert_int_equal(fl->lifetime, 3600);
	/* a second query is answered from the cache */
	assert_ptr_equal(rl_negotiate(c, s), n);
	fx_free(f);
}

/* ---- phase 1 ------------------------------------------------------- */

static void working_pair(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	char *t = describe(ha, hb);
	assert_true(contains(t, "alpha -> beta: phase 1: main mode, aes-128/sha1/modp2048, pre_shared_key, lifetime 28800 s; "
				"psk: beta finds address \"192.0.2.1\" (beta/psk.txt:1), alpha finds address \"192.0.2.2\" "
				"(alpha/psk.txt:1), the secrets are equal"));
	assert_true(contains(t, "phase 2 for any 192.0.2.1 -> 192.0.2.2: esp/transport aes-128/hmac_sha1, pfs none, "
				"lifetime 28800 s"));
	assert_false(strstr(t, "secret-7f3a"));
	free(t);
	fx_free(f);
}

static void exchange_mode_mismatch(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	b.modes = "aggressive";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_MODE);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_int_equal(c->why, RL_WHY_MODE);
	assert_true(contains(c->msg, "alpha starts in main mode (alpha/racoon.conf:4) but beta allows only aggressive "
				     "(beta/racoon.conf:4)"));
	assert_int_equal(rl_negotiate(ha, hb)->p1[0].first_fail, RL_STEP_MODE);
	/* the other way round works: aggressive is first on beta and alpha... does not list it */
	assert_int_equal(p1_check(hb, ha, RL_STEP_MODE)->out, RL_OUT_FAIL);
	fx_free(f);
}

static void exchange_mode_first_one_counts(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.modes = "aggressive,main";
	b.modes = "main";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	assert_int_equal(p1_check(ha, hb, RL_STEP_MODE)->out, RL_OUT_FAIL);
	assert_int_equal(p1_check(hb, ha, RL_STEP_MODE)->out, RL_OUT_OK);
	fx_free(f);
}

static void proposal_cipher_mismatch(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	b.enc = "3des";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_PROPOSAL);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_true(contains(c->msg, "beta accepts none of alpha's phase 1 proposals: encryption_algorithm aes "
				     "(alpha/racoon.conf:6) vs 3des (beta/racoon.conf:6)"));
	assert_ptr_equal(c->at_i.src, ha->conf);
	assert_ptr_equal(c->at_r.src, hb->conf);
	fx_free(f);
}

static void proposal_second_one_matches(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.enc = "3des";
	a.enc2 = "aes";
	b.enc = "aes";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_nego *n = rl_negotiate(ha, hb);
	assert_int_equal(n->p1[0].first_fail, -1);
	assert_string_equal(n->p1[0].prop_i->enc->canon, "aes");
	assert_ptr_equal(n->p1[0].prop_i, ha->remotes[0]->props[1]);
	fx_free(f);
}

static void auth_method_folding(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.auth = "xauth_psk_client";
	b.auth = "xauth_psk_server";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	assert_int_equal(p1_check(ha, hb, RL_STEP_PROPOSAL)->out, RL_OUT_OK);
	assert_true(rl_negotiate(ha, hb)->p1[0].psk);
	fx_free(f);
}

/* Lifetimes under each proposal_check level: alpha offers 86400 s, beta
 * has 28800 s. */
static void p1_lifetime_levels(void **state)
{
	(void)state;
	static const struct {
		int level;
		long a, b;
		rl_outcome out;
		long agreed;
	} cases[] = {
		{RL_PCHECK_OBEY, 86400, 28800, RL_OUT_OK, 86400},   {RL_PCHECK_STRICT, 86400, 28800, RL_OUT_FAIL, 0},
		{RL_PCHECK_STRICT, 3600, 28800, RL_OUT_OK, 3600},   {RL_PCHECK_CLAIM, 86400, 28800, RL_OUT_FAIL, 0},
		{RL_PCHECK_CLAIM, 3600, 28800, RL_OUT_OK, 3600},    {RL_PCHECK_EXACT, 3600, 28800, RL_OUT_FAIL, 0},
		{RL_PCHECK_EXACT, 28800, 28800, RL_OUT_OK, 28800}, {-1, 86400, 28800, RL_OUT_FAIL, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx *f = fx_new();
		hspec a = HOST_A, b = HOST_B;
		a.life = cases[i].a;
		b.life = cases[i].b;
		b.pcheck = cases[i].level;
		rl_host *ha, *hb;
		pair_of(f, &a, &b, &ha, &hb);
		const rl_check *c = p1_check(ha, hb, RL_STEP_PROPOSAL);
		assert_int_equal(c->out, cases[i].out);
		if (c->out == RL_OUT_OK)
			assert_int_equal(rl_negotiate(ha, hb)->p1[0].lifetime, cases[i].agreed);
		else
			assert_true(contains(c->msg, cases[i].level == RL_PCHECK_EXACT ? "differs from" : "is longer than"));
		fx_free(f);
	}
}

/* Key lengths: alpha offers aes 128, beta wants aes 256, or the reverse. */
static void p1_keylen_levels(void **state)
{
	(void)state;
	static const struct {
		int level, a, b;
		rl_outcome out;
	} cases[] = {
		{RL_PCHECK_OBEY, 128, 256, RL_OUT_OK},   {RL_PCHECK_STRICT, 128, 256, RL_OUT_FAIL},
		{RL_PCHECK_STRICT, 256, 128, RL_OUT_OK}, {RL_PCHECK_CLAIM, 128, 256, RL_OUT_FAIL},
		{RL_PCHECK_EXACT, 256, 128, RL_OUT_FAIL}, {RL_PCHECK_EXACT, 256, 256, RL_OUT_OK},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx *f = fx_new();
		hspec a = HOST_A, b = HOST_B;
		a.keylen = cases[i].a;
		b.keylen = cases[i].b;
		b.pcheck = cases[i].level;
		rl_host *ha, *hb;
		pair_of(f, &a, &b, &ha, &hb);
		const rl_check *c = p1_check(ha, hb, RL_STEP_PROPOSAL);
		assert_int_equal(c->out, cases[i].out);
		if (c->out == RL_OUT_OK)
			assert_int_equal(rl_negotiate(ha, hb)->p1[0].keylen, cases[i].a);
		else
			assert_true(contains(c->msg, "key length"));
		fx_free(f);
	}
}

static void aggressive_dh_group(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.modes = b.modes = "aggressive";
	b.dh = "modp1024";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_PROPOSAL);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_true(contains(c->msg, "dh_group modp2048"));
	fx_free(f);
}

/* ---- remote blocks ------------------------------------------------- */

static void remote_for_wrong_address(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.remote = "192.0.2.99";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_INIT_REMOTE);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_int_equal(c->why, RL_WHY_NO_REMOTE);
	assert_true(contains(c->msg, "alpha has no remote block for beta's address 192.0.2.2 and no remote anonymous"));
	/* beta still accepts alpha with its anonymous block */
	assert_int_equal(p1_check(hb, ha, RL_STEP_RESP_REMOTE)->out, RL_OUT_FAIL);
	assert_int_equal(p1_check(ha, hb, RL_STEP_RESP_REMOTE)->out, RL_OUT_OK);
	fx_free(f);
}

static void remote_address_beats_anonymous(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	/* a second block for beta's address, after the anonymous one */
	rl_source *extra = fx_src(f, "alpha/extra.conf", "remote 192.0.2.2 {\n\texchange_mode main;\n\tproposal {\n"
							 "\t\tencryption_algorithm aes;\n\t\thash_algorithm sha1;\n"
							 "\t\tauthentication_method pre_shared_key;\n\t\tdh_group modp2048;\n\t}\n}\n");
	rl_remote *r = remote(ha, extra, "remote 192.0.2.2", 1, "192.0.2.2");
	modes(r, extra, "main");
	prop(r, extra, 1, "aes", 0, "sha1", "pre_shared_key", "modp2048", -1);
	const rl_nego *n = rl_negotiate(ha, hb);
	assert_ptr_equal(n->p1[0].rem_i, r);
	assert_int_equal(n->p1[0].first_fail, -1);
	fx_free(f);
}

static void passive_never_initiates(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.passive = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_INIT_REMOTE);
	assert_int_equal(c->why, RL_WHY_ONLY_PASSIVE);
	assert_true(contains(c->msg, "are passive"));
	/* as responder a passive block is fine */
	assert_int_equal(rl_negotiate(hb, ha)->p1[0].first_fail, -1);
	fx_free(f);
}

static void two_anonymous_blocks_are_ambiguous(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *extra = fx_src(f, "beta/extra.conf", "remote anonymous {\n\texchange_mode main;\n\tproposal {\n"
							"\t\tencryption_algorithm aes;\n\t\thash_algorithm sha1;\n"
							"\t\tauthentication_method pre_shared_key;\n\t\tdh_group modp2048;\n\t}\n}\n");
	rl_remote *r = remote(hb, extra, "remote anonymous", 1, NULL);
	modes(r, extra, "main");
	prop(r, extra, 1, "aes", 0, "sha1", "pre_shared_key", "modp2048", -1);
	const rl_check *c = p1_check(ha, hb, RL_STEP_RESP_REMOTE);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_int_equal(c->why, RL_WHY_AMBIGUOUS);
	fx_free(f);
}

static void responder_filters_by_mode(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	b.modes = "aggressive";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	/* a second anonymous block that allows main mode: no ambiguity, the
	 * mode picks it */
	rl_source *extra = fx_src(f, "beta/extra.conf", "remote anonymous {\n\texchange_mode main;\n\tproposal {\n"
							"\t\tencryption_algorithm aes;\n\t\thash_algorithm sha1;\n"
							"\t\tauthentication_method pre_shared_key;\n\t\tdh_group modp2048;\n\t}\n}\n");
	rl_remote *r = remote(hb, extra, "remote anonymous", 1, NULL);
	modes(r, extra, "main");
	prop(r, extra, 1, "aes", 0, "sha1", "pre_shared_key", "modp2048", -1);
	const rl_nego *n = rl_negotiate(ha, hb);
	assert_int_equal(n->p1[0].first_fail, -1);
	assert_ptr_equal(n->p1[0].rem_r, r);
	fx_free(f);
}

/* ---- identities and keys ------------------------------------------- */

static void main_mode_with_fqdn_psk(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.idtype = RL_ID_FQDN;
	a.idval = "alpha.example";
	b.psk = "alpha.example\tsecret-7f3a\n";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	/* main mode looks the key up by address: beta has only the fqdn line */
	const rl_p1 *p = &rl_negotiate(ha, hb)->p1[0];
	assert_int_equal(p->first_fail, RL_STEP_PSK);
	assert_int_equal(p->step[RL_STEP_PSK].why, RL_WHY_PSK_MISSING);
	assert_true(contains(p->step[RL_STEP_PSK].msg, "beta has no line for alpha's address 192.0.2.1 in beta/psk.txt "
						       "(main mode looks keys up by address)"));
	/* beta would also refuse the fqdn identity (main mode meets the key first) */
	assert_int_equal(p->step[RL_STEP_IDENTITY].why, RL_WHY_ID_TYPE);
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.idtype = RL_ID_FQDN;
	a.idval = "alpha.example";
	b.psk = "alpha.example\tsecret-7f3a\n192.0.2.1\tsecret-7f3a\n";
	pair_of(f, &a, &b, &ha, &hb);
	p = &rl_negotiate(ha, hb)->p1[0];
	assert_int_equal(p->first_fail, RL_STEP_IDENTITY);
	assert_int_equal(p->step[RL_STEP_IDENTITY].why, RL_WHY_ID_TYPE);
	assert_true(contains(p->step[RL_STEP_IDENTITY].msg, "main mode with pre_shared_key needs address identities, but "
							    "alpha sends fqdn \"alpha.example\""));
	fx_free(f);
}

static void aggressive_mode_fqdn_psk(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.modes = b.modes = "aggressive";
	a.idtype = RL_ID_FQDN;
	a.idval = "alpha.example";
	b.psk = "alpha.example\tsecret-7f3a\n";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_p1 *p = &rl_negotiate(ha, hb)->p1[0];
	assert_int_equal(p->first_fail, -1);
	assert_true(p->psk_r.by_id);
	assert_int_equal(p->psk_r.type, RL_ID_FQDN);
	assert_false(p->psk_i.by_id);
	fx_free(f);
}

static void verify_identifier_blocks_address_fallback(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.modes = b.modes = "aggressive";
	a.idtype = RL_ID_FQDN;
	a.idval = "alpha.example";
	b.verify = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_PSK);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_true(contains(c->msg, "verify_identifier is on"));
	fx_free(f);
}

static void peers_identifier_mismatch(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.modes = b.modes = "aggressive";
	a.idtype = RL_ID_FQDN;
	a.idval = "alpha.example";
	b.verify = true;
	b.peers_fqdn = "gamma.example";
	b.psk = "alpha.example\tsecret-7f3a\n";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_IDENTITY);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_int_equal(c->why, RL_WHY_ID_MISMATCH);
	assert_true(contains(c->msg, "expects peers_identifier fqdn \"gamma.example\""));
	fx_free(f);
}

static void psk_trailing_cr(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	b.psk = "192.0.2.1\tsecret-7f3a\r\n";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_PSK);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_int_equal(c->why, RL_WHY_PSK_DIFFER);
	assert_true(contains(c->msg, "beta's key (beta/psk.txt:1) ends with a carriage return"));
	assert_null(strstr(c->msg, "secret"));
	char *t = describe(ha, hb);
	assert_null(strstr(t, "secret-7f3a"));
	free(t);
	fx_free(f);
}

static void psk_different_and_missing(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	b.psk = "192.0.2.1\tanother-key\n";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_PSK);
	assert_true(contains(c->msg, "are not the same"));
	assert_null(strstr(c->msg, "another-key"));
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.psk = "192.0.2.9\tsecret-7f3a\n";
	pair_of(f, &a, &b, &ha, &hb);
	c = p1_check(ha, hb, RL_STEP_PSK);
	assert_int_equal(c->why, RL_WHY_PSK_MISSING);
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	b.no_psk_path = true;
	pair_of(f, &a, &b, &ha, &hb);
	c = p1_check(ha, hb, RL_STEP_PSK);
	assert_int_equal(c->why, RL_WHY_PSK_NO_FILE);
	fx_free(f);
}

static void psk_hex_keys(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.psk = "192.0.2.2\t0x6b6579\n";
	b.psk = "192.0.2.1\tkey\n";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	assert_int_equal(p1_check(ha, hb, RL_STEP_PSK)->out, RL_OUT_OK);
	fx_free(f);

	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.psk = "192.0.2.2\t0x6b657\n";
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p1_check(ha, hb, RL_STEP_PSK);
	assert_int_equal(c->why, RL_WHY_PSK_BAD_HEX);
	fx_free(f);
}

/* ---- phase 2 ------------------------------------------------------- */

static void p2_pfs_levels(void **state)
{
	(void)state;
	static const struct {
		int level;
		const char *a, *b;
		rl_outcome out;
		int agreed;
	} cases[] = {
		{RL_PCHECK_STRICT, NULL, "modp1024", RL_OUT_FAIL, 0},
		{RL_PCHECK_STRICT, "modp2048", NULL, RL_OUT_OK, 14},
		{RL_PCHECK_STRICT, "modp2048", "modp1024", RL_OUT_FAIL, 0},
		{RL_PCHECK_CLAIM, "modp2048", "modp1024", RL_OUT_FAIL, 0},
		{RL_PCHECK_EXACT, "modp2048", NULL, RL_OUT_FAIL, 0},
		{RL_PCHECK_EXACT, NULL, NULL, RL_OUT_OK, 0},
		{RL_PCHECK_OBEY, "modp2048", "modp1024", RL_OUT_OK, 14},
		{RL_PCHECK_OBEY, NULL, "modp1024", RL_OUT_OK, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx *f = fx_new();
		hspec a = HOST_A, b = HOST_B;
		a.pfs = cases[i].a;
		b.pfs = cases[i].b;
		b.pcheck = cases[i].level;
		rl_host *ha, *hb;
		pair_of(f, &a, &b, &ha, &hb);
		const rl_check *c = p2_check(ha, hb, RL_STEP_P2_PROPOSAL);
		assert_int_equal(c->out, cases[i].out);
		if (c->out == RL_OUT_FAIL) {
			assert_int_equal(c->why, RL_WHY_PFS);
		} else {
			const rl_alg *p = rl_negotiate(ha, hb)->flows[0].pfs;
			assert_int_equal(p ? p->dh : 0, cases[i].agreed);
		}
		fx_free(f);
	}
}

static void p2_pfs_message(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.pfs = "modp2048";
	b.pfs = "modp1024";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p2_check(ha, hb, RL_STEP_P2_PROPOSAL);
	assert_string_equal(c->msg, "beta rejects phase 2: pfs_group modp2048 (alpha/racoon.conf:14) differs from modp1024 "
				    "(beta/racoon.conf:14) under proposal_check strict");
	fx_free(f);
}

static void p2_lifetime_levels(void **state)
{
	(void)state;
	static const struct {
		int level;
		long a, b;
		rl_outcome out;
		long agreed;
	} cases[] = {
		{RL_PCHECK_STRICT, 28800, 3600, RL_OUT_FAIL, 0}, {RL_PCHECK_STRICT, 3600, 28800, RL_OUT_OK, 3600},
		{RL_PCHECK_CLAIM, 28800, 3600, RL_OUT_OK, 3600}, {RL_PCHECK_EXACT, 3600, 7200, RL_OUT_FAIL, 0},
		{RL_PCHECK_EXACT, 3600, 3600, RL_OUT_OK, 3600},  {RL_PCHECK_OBEY, 28800, 3600, RL_OUT_OK, 28800},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx *f = fx_new();
		hspec a = HOST_A, b = HOST_B;
		a.p2life = cases[i].a;
		b.p2life = cases[i].b;
		b.pcheck = cases[i].level;
		rl_host *ha, *hb;
		pair_of(f, &a, &b, &ha, &hb);
		const rl_check *c = p2_check(ha, hb, RL_STEP_P2_PROPOSAL);
		assert_int_equal(c->out, cases[i].out);
		if (c->out == RL_OUT_OK)
			assert_int_equal(rl_negotiate(ha, hb)->flows[0].lifetime, cases[i].agreed);
		else
			assert_int_equal(c->why, RL_WHY_P2_LIFETIME);
		fx_free(f);
	}
}

static void p2_keylen_levels(void **state)
{
	(void)state;
	static const struct {
		int level;
		const char *a, *b;
		rl_outcome out;
	} cases[] = {
		{RL_PCHECK_STRICT, "aes", "aes 256", RL_OUT_FAIL}, {RL_PCHECK_STRICT, "aes 256", "aes", RL_OUT_OK},
		{RL_PCHECK_EXACT, "aes 256", "aes", RL_OUT_FAIL},  {RL_PCHECK_OBEY, "aes", "aes 256", RL_OUT_OK},
		{RL_PCHECK_CLAIM, "aes 192", "aes 256", RL_OUT_FAIL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx *f = fx_new();
		hspec a = HOST_A, b = HOST_B;
		a.p2enc = cases[i].a;
		b.p2enc = cases[i].b;
		b.pcheck = cases[i].level;
		rl_host *ha, *hb;
		pair_of(f, &a, &b, &ha, &hb);
		const rl_check *c = p2_check(ha, hb, RL_STEP_P2_PROPOSAL);
		assert_int_equal(c->out, cases[i].out);
		if (c->out == RL_OUT_FAIL)
			assert_int_equal(c->why, RL_WHY_P2_KEYLEN);
		fx_free(f);
	}
}

static void p2_no_common_transform(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.p2enc = "blowfish";
	b.p2enc = "3des";
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_check *c = p2_check(ha, hb, RL_STEP_P2_PROPOSAL);
	assert_int_equal(c->why, RL_WHY_P2_TRANSFORM);
	assert_true(contains(c->msg, "no common ESP transform: alpha offers blowfish-128/hmac_sha1"));
	fx_free(f);

	/* the initiator's order decides */
	f = fx_new();
	a = HOST_A;
	b = HOST_B;
	a.p2enc = "3des,aes";
	b.p2enc = "aes,3des";
	pair_of(f, &a, &b, &ha, &hb);
	const rl_nego *nab = rl_negotiate(ha, hb);
	assert_int_equal(nab->flows[0].nsas, 1);
	assert_string_equal(rl_flow_sas(nab, &nab->flows[0])[0].enc->alg->canon, "3des");
	const rl_nego *nba = rl_negotiate(hb, ha);
	assert_int_equal(nba->flows[0].nsas, 1);
	assert_string_equal(rl_flow_sas(nba, &nba->flows[0])[0].enc->alg->canon, "aes");
	fx_free(f);
}

/* ---- SPD ----------------------------------------------------------- */

/* Each flow's SAs are a run of the negotiation's pool, one per rule of the
 * bundle; the phase 2 identities come from the out policy's selector. */
static void flow_sas_and_ids(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.no_spd = b.no_spd = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *s1 = fx_src(f, "alpha/setkey.conf",
			       "spdadd 192.0.2.1 192.0.2.2[3260] tcp -P out ipsec esp/transport//require ah/transport//require;\n"
			       "spdadd 192.0.2.1 192.0.2.2[22] tcp -P out ipsec esp/transport//require;\n");
	rl_source *s2 = fx_src(f, "beta/setkey.conf",
			       "spdadd 192.0.2.1 192.0.2.2[3260] tcp -P in ipsec esp/transport//require ah/transport//require;\n"
			       "spdadd 192.0.2.1 192.0.2.2[22] tcp -P in ipsec esp/transport//require;\n");
	rl_host_set_spd_file(ha, s1);
	rl_host_set_spd_file(hb, s2);
	rl_policy *p = policy(ha, s1, "[3260] tcp -P out", RL_DIR_OUT, "192.0.2.1", 0, "192.0.2.2", 3260, 6);
	rule(p, RL_IPSEC_ESP, RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	rule(p, RL_IPSEC_AH, RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	rule(policy(ha, s1, "[22] tcp -P out", RL_DIR_OUT, "192.0.2.1", 0, "192.0.2.2", 22, 6), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	p = policy(hb, s2, "[3260] tcp -P in", RL_DIR_IN, "192.0.2.1", 0, "192.0.2.2", 3260, 6);
	rule(p, RL_IPSEC_ESP, RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	rule(p, RL_IPSEC_AH, RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	rule(policy(hb, s2, "[22] tcp -P in", RL_DIR_IN, "192.0.2.1", 0, "192.0.2.2", 22, 6), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	const rl_nego *n = rl_negotiate(ha, hb);
	assert_int_equal(n->nflows, 2);
	assert_int_equal(n->nsas, 3);
	const rl_flow *f0 = &n->flows[0], *f1 = &n->flows[1];
	assert_int_equal(f0->first_fail, -1);
	assert_int_equal(f1->first_fail, -1);
	assert_int_equal(f0->sa0, 0);
	assert_int_equal(f0->nsas, 2);
	assert_int_equal(rl_flow_sas(n, f0)[0].proto, RL_IPSEC_ESP);
	assert_non_null(rl_flow_sas(n, f0)[0].enc);
	assert_int_equal(rl_flow_sas(n, f0)[1].proto, RL_IPSEC_AH);
	assert_non_null(rl_flow_sas(n, f0)[1].auth);
	assert_null(rl_flow_sas(n, f0)[1].enc);
	assert_int_equal(f1->sa0, 2);
	assert_int_equal(f1->nsas, 1);
	assert_int_equal(rl_flow_sas(n, f1)[0].proto, RL_IPSEC_ESP);
	rl_sid l, r;
	rl_flow_ids(f0, &l, &r);
	assert_int_equal(l.kind, RL_SID_ADDRESS);
	assert_true(rl_addr_equal(&l.addr, &ha->addrs[0].addr));
	assert_int_equal(l.port, 0);
	assert_true(rl_addr_equal(&r.addr, &hb->addrs[0].addr));
	assert_int_equal(r.port, 3260);
	assert_int_equal(r.proto, 6);
	char *t = describe(ha, hb);
	assert_true(contains(t, "phase 2 for tcp 192.0.2.1 -> 192.0.2.2[3260]: esp/transport aes-128/hmac_sha1 + ah/transport hmac_sha1"));
	free(t);
	fx_free(f);
}

static void missing_in_policy(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	b.no_spd = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *sp = fx_src(f, "beta/setkey.conf", "spdflush;\n");
	rl_host_set_spd_file(hb, sp);
	const rl_check *c = p2_check(ha, hb, RL_STEP_RESP_POLICY);
	assert_int_equal(c->why, RL_WHY_NO_POLICY);
	assert_true(contains(c->msg, "beta has no in policy for any 192.0.2.1 -> 192.0.2.2"));
	fx_free(f);
}

/* beta's in policy differs from alpha's out policy in one way. */
static const rl_check *mirror_variant(fx *f, int sport, int dport, const char *src, int proto, rl_ipsec_mode mode,
				      rl_level level)
{
	hspec a = HOST_A, b = HOST_B;
	a.proto = 6;
	b.no_spd = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *sp = fx_src(f, "beta/setkey.conf", "spdadd 192.0.2.1 192.0.2.2 tcp -P in ipsec esp/transport//require;\n"
						      "spdadd 192.0.2.2 192.0.2.1 tcp -P out ipsec esp/transport//require;\n");
	rl_host_set_spd_file(hb, sp);
	rl_policy *p = policy(hb, sp, "-P in", RL_DIR_IN, src, sport, "192.0.2.2", dport, proto);
	rule(p, RL_IPSEC_ESP, mode, mode == RL_MODE_TUNNEL ? "192.0.2.1-192.0.2.2" : NULL, level);
	rule(policy(hb, sp, "-P out", RL_DIR_OUT, "192.0.2.2", 0, "192.0.2.1", 0, 6), RL_IPSEC_ESP, RL_MODE_TRANSPORT, NULL,
	     RL_LEVEL_REQUIRE);
	return p2_check(ha, hb, RL_STEP_RESP_POLICY);
}

static void mirror_differences(void **state)
{
	(void)state;
	fx *f = fx_new();
	const rl_check *c = mirror_variant(f, 0, 0, "192.0.2.1", 6, RL_MODE_TRANSPORT, RL_LEVEL_REQUIRE);
	assert_int_equal(c->out, RL_OUT_OK);
	fx_free(f);

	f = fx_new(); /* port */
	c = mirror_variant(f, 0, 3260, "192.0.2.1", 6, RL_MODE_TRANSPORT, RL_LEVEL_REQUIRE);
	assert_int_equal(c->why, RL_WHY_POLICY_NEAR);
	assert_true(contains(c->msg, "destination port 3260 instead of 0"));
	fx_free(f);

	f = fx_new(); /* protocol */
	c = mirror_variant(f, 0, 0, "192.0.2.1", 17, RL_MODE_TRANSPORT, RL_LEVEL_REQUIRE);
	assert_int_equal(c->why, RL_WHY_POLICY_NEAR);
	assert_true(contains(c->msg, "protocol udp instead of tcp"));
	fx_free(f);

	f = fx_new(); /* a narrower mask: no policy at all */
	c = mirror_variant(f, 0, 0, "192.0.2.0/31", 6, RL_MODE_TRANSPORT, RL_LEVEL_REQUIRE);
	assert_int_equal(c->out, RL_OUT_WARN);
	assert_int_equal(c->why, RL_WHY_POLICY_CONTAINED);
	fx_free(f);

	f = fx_new(); /* protocol any on beta contains tcp: works, warns */
	c = mirror_variant(f, 0, 0, "192.0.2.1", RL_PROTO_ANY, RL_MODE_TRANSPORT, RL_LEVEL_REQUIRE);
	assert_int_equal(c->why, RL_WHY_POLICY_CONTAINED);
	fx_free(f);

	f = fx_new(); /* mode */
	c = mirror_variant(f, 0, 0, "192.0.2.1", 6, RL_MODE_TUNNEL, RL_LEVEL_REQUIRE);
	assert_int_equal(c->out, RL_OUT_FAIL);
	assert_int_equal(c->why, RL_WHY_BUNDLE);
	fx_free(f);

	f = fx_new(); /* level */
	c = mirror_variant(f, 0, 0, "192.0.2.1", 6, RL_MODE_TRANSPORT, RL_LEVEL_USE);
	assert_int_equal(c->out, RL_OUT_WARN);
	assert_int_equal(c->why, RL_WHY_LEVEL);
	fx_free(f);

	f = fx_new(); /* unique and require are both fine */
	c = mirror_variant(f, 0, 0, "192.0.2.1", 6, RL_MODE_TRANSPORT, RL_LEVEL_UNIQUE);
	assert_int_equal(c->out, RL_OUT_OK);
	fx_free(f);
}

static void mask_difference(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	b.no_spd = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *sp = fx_src(f, "beta/setkey.conf", "spdadd 192.0.2.1/32 192.0.2.2/32 any -P in ipsec esp/transport//require;\n");
	rl_host_set_spd_file(hb, sp);
	/* beta's policy is for 192.0.2.1 -> 192.0.2.3/32: other addresses */
	rule(policy(hb, sp, "-P in", RL_DIR_IN, "192.0.2.1", 0, "192.0.2.3", 0, RL_PROTO_ANY), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	assert_int_equal(p2_check(ha, hb, RL_STEP_RESP_POLICY)->why, RL_WHY_NO_POLICY);
	fx_free(f);
}

static void tunnel_mode(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = spec("gw1", "203.0.113.1", "203.0.113.2"), b = spec("gw2", "203.0.113.2", "203.0.113.1");
	a.no_spd = b.no_spd = true;
	a.psk = "203.0.113.2 k\n";
	b.psk = "203.0.113.1 k\n";
	rl_host *ha, *hb;
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
	/* gw2's out policy has the endpoints the wrong way round */
	rule(policy(hb, s2, "-P out", RL_DIR_OUT, "10.2.0.0/16", 0, "10.1.0.0/16", 0, RL_PROTO_ANY), RL_IPSEC_ESP,
	     RL_MODE_TUNNEL, "203.0.113.1-203.0.113.2", RL_LEVEL_REQUIRE);
	const rl_nego *n = rl_negotiate(ha, hb);
	assert_int_equal(n->nflows, 1);
	assert_true(rl_addr_equal(&n->p1[0].peer, &hb->addrs[0].addr));
	assert_int_equal(n->flows[0].first_fail, -1);
	char *t = describe(ha, hb);
	assert_true(contains(t, "phase 2 for any 10.1.0.0/16 -> 10.2.0.0/16: esp/tunnel aes-128/hmac_sha1"));
	free(t);
	/* gw2 -> gw1: its tunnel leads to 203.0.113.2, its own address: no flow to gw1 */
	assert_int_equal(rl_negotiate(hb, ha)->nflows, 0);
	fx_free(f);
}

static void generate_policy_responder(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	b.genpol = 1;
	b.passive = true;
	b.no_spd = true;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_nego *n = rl_negotiate(ha, hb);
	assert_int_equal(n->flows[0].first_fail, -1);
	assert_true(n->flows[0].generated);
	char *t = describe(ha, hb);
	assert_true(contains(t, "policy generated by the responder"));
	free(t);
	fx_free(f);
}

/* ---- sainfo -------------------------------------------------------- */

static void sainfo_swapped_sides(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	/* alpha's sainfo names beta first: it matches no policy of alpha */
	rl_source *c = fx_src(f, "alpha/sainfo.conf",
			      "sainfo address 192.0.2.2 any address 192.0.2.1 any {\n\tencryption_algorithm aes;\n"
			      "\tauthentication_algorithm hmac_sha1;\n\tcompression_algorithm deflate;\n}\n");
	ha->sainfos[0]->local.kind = RL_SID_ADDRESS; /* no anonymous fallback either */
	ha->sainfos[0]->local.addr = ADDR("10.9.9.9");
	rl_host_touch(ha);
	rl_sainfo *sa = sainfo(ha, c, 1, "192.0.2.2", RL_PROTO_ANY, "192.0.2.1", RL_PROTO_ANY);
	algs(sa, c, RL_AC_P2_ENC, "aes");
	algs(sa, c, RL_AC_P2_AUTH, "hmac_sha1");
	algs(sa, c, RL_AC_P2_COMP, "deflate");
	const rl_check *k = p2_check(ha, hb, RL_STEP_INIT_SAINFO);
	assert_int_equal(k->why, RL_WHY_NO_SAINFO);
	assert_true(contains(k->msg, "names the two sides the other way round"));
	/* beta, as responder, finds its anonymous sainfo */
	assert_int_equal(p2_check(ha, hb, RL_STEP_RESP_SAINFO)->out, RL_OUT_OK);
	fx_free(f);
}

static void sainfo_protocol_must_be_equal(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.proto = b.proto = 6;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *c = fx_src(f, "beta/sainfo.conf",
			      "sainfo address 192.0.2.2 any address 192.0.2.1 any {\n\tencryption_algorithm aes;\n}\n");
	/* beta's only sainfo is for protocol any; the flow is tcp */
	rl_host_touch(hb);
	hb->sainfos[0]->local.kind = RL_SID_ADDRESS;
	hb->sainfos[0]->local.addr = ADDR("10.9.9.9");
	rl_sainfo *sa = sainfo(hb, c, 1, "192.0.2.2", RL_PROTO_ANY, "192.0.2.1", RL_PROTO_ANY);
	algs(sa, c, RL_AC_P2_ENC, "aes");
	const rl_check *k = p2_check(ha, hb, RL_STEP_RESP_SAINFO);
	assert_int_equal(k->why, RL_WHY_NO_SAINFO);
	assert_true(contains(k->msg, "is for protocol any, the policy for tcp"));
	fx_free(f);
}

static void ids_omitted_use_host_addresses(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	const rl_nego *n = rl_negotiate(ha, hb);
	assert_true(n->flows[0].ids_omitted);
	fx_free(f);
}

/* ---- pairs of a run ------------------------------------------------ */

static void which_pairs(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec hub = spec("hub", "192.0.2.10", "192.0.2.20");
	hspec s1 = spec("spoke1", "192.0.2.20", "192.0.2.10");
	hspec s2 = spec("spoke2", "192.0.2.30", "192.0.2.10");
	hub.psk = "192.0.2.20 k\n";
	s1.psk = s2.psk = "192.0.2.10 k\n";
	spec_host(f, &hub);
	spec_host(f, &s1);
	spec_host(f, &s2);
	rl_ctx *cx = fx_ctx(f);
	assert_true(rl_pair_checked(cx, 0, 1));
	assert_true(rl_pair_checked(cx, 0, 2));
	assert_false(rl_pair_checked(cx, 1, 2));
	fx_free(f);
}

static void unknown_addresses(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *s, *c;
	seed_pair(f, &s, &c);
	/* the client's address is only known as its network: its psk lookup by
	 * address cannot be told in main mode */
	rl_num_put(&s->remotes[0]->verify_identifier, 0, rl_loc_none());
	const rl_nego *n = rl_negotiate(s, c);
	assert_false(rl_addr_is_host(&n->p1[0].peer));
	fx_free(f);
}

/* ---- scale --------------------------------------------------------- */

static void many_policies(void **state)
{
	(void)state;
	enum { N = 100000 };
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	a.no_spd = b.no_spd = true;
	a.proto = b.proto = 6;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	rl_source *sa = fx_src(f, "alpha/setkey.conf", "spdadd x;\n");
	rl_source *sb = fx_src(f, "beta/setkey.conf", "spdadd x;\n");
	rl_host_set_spd_file(ha, sa);
	rl_host_set_spd_file(hb, sb);
	for (int i = 0; i < N; i++) {
		int port = 1 + i % 60000;
		int net = i / 60000;
		char src[32];
		snprintf(src, sizeof src, "192.0.2.%d", 1 + net);
		rl_policy *p = policy(ha, sa, "spdadd", RL_DIR_OUT, "192.0.2.1", 0, "192.0.2.2", port, 6);
		p->sel.sport = net;
		rule(p, RL_IPSEC_ESP, RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
		p = policy(hb, sb, "spdadd", RL_DIR_IN, "192.0.2.1", 0, "192.0.2.2", port, 6);
		p->sel.sport = net;
		/* every tenth mirror is missing its port */
		if (i % 10 == 0)
			p->sel.dport = 0;
		rule(p, RL_IPSEC_ESP, RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	}
	const rl_nego *n = rl_negotiate(ha, hb);
	assert_int_equal(n->nflows, N);
	assert_int_equal(n->np1, 1);
	size_t warn = 0, ok = 0;
	for (size_t i = 0; i < n->nflows; i++) {
		rl_outcome o = rl_flow_step(&n->flows[i], RL_STEP_RESP_POLICY)->out;
		warn += o == RL_OUT_WARN;
		ok += o == RL_OUT_OK;
	}
	assert_int_equal(warn, N / 10);
	assert_int_equal(ok, N - N / 10);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_both_directions),
		cmocka_unit_test(working_pair),
		cmocka_unit_test(exchange_mode_mismatch),
		cmocka_unit_test(exchange_mode_first_one_counts),
		cmocka_unit_test(proposal_cipher_mismatch),
		cmocka_unit_test(proposal_second_one_matches),
		cmocka_unit_test(auth_method_folding),
		cmocka_unit_test(p1_lifetime_levels),
		cmocka_unit_test(p1_keylen_levels),
		cmocka_unit_test(aggressive_dh_group),
		cmocka_unit_test(remote_for_wrong_address),
		cmocka_unit_test(remote_address_beats_anonymous),
		cmocka_unit_test(passive_never_initiates),
		cmocka_unit_test(two_anonymous_blocks_are_ambiguous),
		cmocka_unit_test(responder_filters_by_mode),
		cmocka_unit_test(main_mode_with_fqdn_psk),
		cmocka_unit_test(aggressive_mode_fqdn_psk),
		cmocka_unit_test(verify_identifier_blocks_address_fallback),
		cmocka_unit_test(peers_identifier_mismatch),
		cmocka_unit_test(psk_trailing_cr),
		cmocka_unit_test(psk_different_and_missing),
		cmocka_unit_test(psk_hex_keys),
		cmocka_unit_test(p2_pfs_levels),
		cmocka_unit_test(p2_pfs_message),
		cmocka_unit_test(p2_lifetime_levels),
		cmocka_unit_test(p2_keylen_levels),
		cmocka_unit_test(p2_no_common_transform),
		cmocka_unit_test(flow_sas_and_ids),
		cmocka_unit_test(missing_in_policy),
		cmocka_unit_test(mirror_differences),
		cmocka_unit_test(mask_difference),
		cmocka_unit_test(tunnel_mode),
		cmocka_unit_test(generate_policy_responder),
		cmocka_unit_test(sainfo_swapped_sides),
		cmocka_unit_test(sainfo_protocol_must_be_equal),
		cmocka_unit_test(ids_omitted_use_host_addresses),
		cmocka_unit_test(which_pairs),
		cmocka_unit_test(unknown_addresses),
		cmocka_unit_test(many_policies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
