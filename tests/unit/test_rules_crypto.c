/* The single-host rules about racoon.conf: weak-algorithm, aggressive-psk,
 * duplicate-block, cert-identifier, generate-policy-risk, dpd-disabled,
 * ike-frag-advisory, and the pair check natt-mismatch. Each fires on a bad
 * case and stays silent on a good one. */
#include "rules_helpers.h"

/* ---- weak-algorithm (syntax trees) ----------------------------------- */

static const char weak_conf[] =
	"remote anonymous {\n"
	"\texchange_mode main;\n"
	"\tproposal {\n"
	"\t\tencryption_algorithm blowfish 40;\n"
	"\t\thash_algorithm md5;\n"
	"\t\tauthentication_method pre_shared_key;\n"
	"\t\tdh_group 1;\n"
	"\t}\n"
	"\tproposal {\n"
	"\t\tencryption_algorithm 3des;\n"
	"\t\thash_algorithm sha256;\n"
	"\t\tauthentication_method pre_shared_key;\n"
	"\t\tdh_group modp1024;\n"
	"\t}\n"
	"}\n"
	"sainfo anonymous {\n"
	"\tpfs_group modp2048;\n"
	"\tencryption_algorithm aes, 3des, des;\n"
	"\tauthentication_algorithm hmac_sha1, hmac_md5;\n"
	"\tcompression_algorithm deflate;\n"
	"}\n";

static const char strong_conf[] =
	"remote anonymous {\n"
	"\texchange_mode main;\n"
	"\tproposal {\n"
	"\t\tencryption_algorithm aes 256;\n"
	"\t\thash_algorithm sha256;\n"
	"\t\tauthentication_method pre_shared_key;\n"
	"\t\tdh_group modp2048;\n"
	"\t}\n"
	"}\n"
	"sainfo anonymous {\n"
	"\tpfs_group 14;\n"
	"\tencryption_algorithm aes 128, aes 256;\n"
	"\tauthentication_algorithm hmac_sha256, hmac_sha1;\n"
	"\tcompression_algorithm deflate;\n"
	"}\n";

static void weak_algorithm_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rfx_file(f, RL_LANG_RACOON, "weak.conf", weak_conf, NULL);
	assert_int_equal(run(f, RL_R_weak_algorithm), 7);
	/* one finding per statement, at its worst algorithm */
	assert_true(at_line(f, 0, "weak.conf:4"));
	assert_true(says(f, "blowfish with a 40-bit key is broken"));
	assert_true(says(f, "md5 is broken"));
	assert_true(says(f, "DH group 1 (modp768) is broken"));
	assert_true(says(f, "3des is legacy"));
	assert_true(says(f, "DH group 2 (modp1024) is legacy"));
	assert_true(says(f, "des is broken: a 56-bit key, found by brute force in hours; use aes (also weak in this "
			    "statement: 3des)"));
	assert_true(says(f, "hmac_md5 is broken"));
	/* broken is a warning, legacy information */
	assert_int_equal(finding(f, 0)->sev, RL_SEV_WARNING);
	assert_int_equal(finding(f, 3)->sev, RL_SEV_INFO);
	assert_int_equal(finding(f, 4)->sev, RL_SEV_INFO);
	rfx_free(f);

	f = fx_new();
	rfx_file(f, RL_LANG_RACOON, "strong.conf", strong_conf, NULL);
	assert_int_equal(run(f, RL_R_weak_algorithm), 0);
	rfx_free(f);
}

static void weak_algorithm_setkey(void **state)
{
	(void)state;
	fx *f = fx_new();
	rfx_file(f, RL_LANG_SETKEY, "sa.setkey",
		 "add 192.0.2.1 192.0.2.2 esp 0x1000 -E 3des-cbc 0x0123456789abcdef0123456789abcdef0123456789abcdef "
		 "-A hmac-md5 0x00112233445566778899aabbccddeeff;\n"
		 "add 192.0.2.1 192.0.2.2 esp 0x1001 -E rijndael-cbc 0x00112233445566778899aabbccddeeff "
		 "-A hmac-sha1 0x0011223344556677889900112233445566778899;\n"
		 "add 192.0.2.1 192.0.2.2 esp 0x1002 -E null -A hmac-sha1 0x0011223344556677889900112233445566778899;\n",
		 NULL);
	assert_int_equal(run(f, RL_R_weak_algorithm), 2);
	assert_true(says(f, "hmac-md5 is broken: RFC 8221 forbids HMAC-MD5 for ESP and AH; use hmac-sha2-256 (also "
			    "weak in this statement: 3des-cbc)"));
	assert_true(says(f, "null is broken: no encryption at all"));
	assert_true(at_line(f, 1, "sa.setkey:3"));
	rfx_free(f);
}

/* ---- ike-frag-advisory ------------------------------------------------ */

static void ike_frag_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rfx_file(f, RL_LANG_RACOON, "frag.conf",
		 "remote 192.0.2.1 { exchange_mode main; ike_frag on;\n"
		 "  proposal { encryption_algorithm aes; hash_algorithm sha256; authentication_method rsasig; dh_group 14; } }\n"
		 "remote 192.0.2.2 { exchange_mode main; ike_frag off;\n"
		 "  proposal { encryption_algorithm aes; hash_algorithm sha256; authentication_method rsasig; dh_group 14; } }\n",
		 NULL);
	assert_int_equal(run(f, RL_R_ike_frag_advisory), 1);
	assert_true(says(f, "ike_frag on:"));
	assert_int_equal(finding(f, 0)->sev, RL_SEV_INFO);
	rfx_free(f);
}

/* ---- aggressive-psk ---------------------------------------------------- */

static const char aggr_conf[] =
	"remote anonymous {\n"
	"\texchange_mode main, aggressive;\n"
	"\tproposal {\n"
	"\t\tencryption_algorithm aes;\n"
	"\t\thash_algorithm sha256;\n"
	"\t\tauthentication_method pre_shared_key;\n"
	"\t\tdh_group modp2048;\n"
	"\t}\n"
	"}\n"
	"remote 192.0.2.9 {\n"
	"\texchange_mode aggressive;\n"
	"\tproposal {\n"
	"\t\tencryption_algorithm aes;\n"
	"\t\thash_algorithm sha256;\n"
	"\t\tauthentication_method rsasig;\n"
	"\t\tdh_group modp2048;\n"
	"\t}\n"
	"}\n";

static void aggressive_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_source *c = fx_src(f, "gw/racoon.conf", aggr_conf);
	rl_host *h = fx_host(f, "gw");
	h->conf = c;
	rl_remote *r = remote(h, c, "remote anonymous", 1, NULL);
	modes(r, c, "main,aggressive");
	prop(r, c, 1, "aes", 0, "sha256", "pre_shared_key", "modp2048", -1);
	/* certificates in aggressive mode are no finding */
	rl_remote *r2 = remote(h, c, "remote 192.0.2.9", 1, "192.0.2.9");
	modes(r2, c, "aggressive");
	prop(r2, c, 1, "aes", 0, "sha256", "rsasig", "modp2048", -1);
	assert_int_equal(run(f, RL_R_aggressive_psk), 1);
	assert_true(at_line(f, 0, "gw/racoon.conf:2"));
	assert_true(says(f, "exchange_mode aggressive with a pre-shared key"));
	assert_int_equal(finding(f, 0)->nrel, 1);

	/* a block that inherits the statement shares the finding */
	rl_remote *child = rl_host_add_remote(h, r->loc);
	rl_remote_inherit_from(child, r);
	assert_int_equal(run(f, RL_R_aggressive_psk), 1);
	fx_free(f);

	/* main mode only: silent */
	f = fx_new();
	hspec a = HOST_A;
	a.psk = PSK_A;
	spec_host(f, &a);
	assert_int_equal(run(f, RL_R_aggressive_psk), 0);
	fx_free(f);
}

/* ---- duplicate-block --------------------------------------------------- */

static const char dup_conf[] =
	"remote 192.0.2.7 { exchange_mode main; }\n"
	"remote 192.0.2.7 [4500] { exchange_mode main; }\n"
	"remote 192.0.2.8 { exchange_mode main; }\n"
	"remote anonymous { exchange_mode main; }\n"
	"remote anonymous { exchange_mode main; verify_identifier on; peers_identifier fqdn \"x\"; }\n"
	"sainfo address 10.1.0.0/16 any address 10.2.0.0/16 any { }\n"
	"sainfo address 10.1.0.0/16 any address 10.2.0.0/16 any { }\n"
	"sainfo address 10.1.0.0/16 tcp address 10.2.0.0/16 tcp { }\n"
	"sainfo anonymous { }\n"
	"sainfo anonymous { }\n";

static void duplicate_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_source *c = fx_src(f, "gw/racoon.conf", dup_conf);
	rl_host *h = fx_host(f, "gw");
	h->conf = c;
	remote(h, c, "remote 192.0.2.7 {", 1, "192.0.2.7");
	remote(h, c, "remote 192.0.2.7 [4500]", 1, "192.0.2.7");
	remote(h, c, "remote 192.0.2.8", 1, "192.0.2.8");
	remote(h, c, "remote anonymous", 1, NULL);
	rl_remote *sep = remote(h, c, "remote anonymous", 2, NULL);
	rnum(sep, c, &sep->verify_identifier, "verify_identifier", 1);
	peers_id(sep, c, RL_ID_FQDN, "x");
	sainfo(h, c, 1, "10.1.0.0/16", RL_PROTO_ANY, "10.2.0.0/16", RL_PROTO_ANY);
	sainfo(h, c, 2, "10.1.0.0/16", RL_PROTO_ANY, "10.2.0.0/16", RL_PROTO_ANY);
	sainfo(h, c, 3, "10.1.0.0/16", 6, "10.2.0.0/16", 6);
	sainfo(h, c, 4, NULL, 0, NULL, 0);
	sainfo(h, c, 5, NULL, 0, NULL, 0);
	assert_int_equal(run(f, RL_R_duplicate_block), 3);
	assert_true(says(f, "a second remote block for 192.0.2.7"));
	assert_true(says(f, "('duplicated sainfo')"));
	assert_true(says(f, "is never used"));
	assert_true(at_line(f, 0, "gw/racoon.conf:2"));
	assert_int_equal(finding(f, 0)->nrel, 1);
	assert_int_equal(finding(f, 1)->sev, RL_SEV_ERROR);
	assert_int_equal(finding(f, 2)->sev, RL_SEV_WARNING);

	/* two blocks of one name */
	rl_remote *n1 = remote(h, c, "remote 192.0.2.8", 1, "192.0.2.8");
	rl_remote_set_name(n1, "gw");
	rl_remote *n2 = remote(h, c, "remote anonymous", 1, NULL);
	rl_remote_set_name(n2, "gw");
	rl_remote_set_name(h->remotes[2], "gw");
	assert_int_equal(run(f, RL_R_duplicate_block), 5);
	assert_true(says(f, "remote \"gw\" is defined twice"));
	fx_free(f);

	/* the seed hosts have one block of each */
	f = fx_new();
	rl_host *s, *cl;
	seed_pair(f, &s, &cl);
	assert_int_equal(run(f, RL_R_duplicate_block), 0);
	fx_free(f);
}

/* ---- cert-identifier ----------------------------------------------------- */

static const char cert_conf[] =
	"remote 192.0.2.1 {\n"
	"\texchange_mode main;\n"
	"\tcertificate_type x509 \"a.crt\" \"a.key\";\n"
	"\tproposal { encryption_algorithm aes; hash_algorithm sha256; authentication_method rsasig; dh_group 14; }\n"
	"}\n"
	"remote 192.0.2.2 {\n"
	"\texchange_mode main;\n"
	"\tcertificate_type x509 \"a.crt\" \"a.key\";\n"
	"\tmy_identifier asn1dn;\n"
	"\tproposal { encryption_algorithm aes; hash_algorithm sha256; authentication_method rsasig; dh_group 14; }\n"
	"}\n"
	"remote 192.0.2.3 {\n"
	"\texchange_mode main;\n"
	"\tcertificate_type plain_rsa \"a.key\";\n"
	"\tproposal { encryption_algorithm aes; hash_algorithm sha256; authentication_method rsasig; dh_group 14; }\n"
	"}\n"
	"remote 192.0.2.4 {\n"
	"\texchange_mode main;\n"
	"\tmy_identifier address 192.0.2.10;\n"
	"\tcertificate_type x509 \"a.crt\" \"a.key\";\n"
	"\tproposal { encryption_algorithm aes; hash_algorithm sha256; authentication_method rsasig; dh_group 14; }\n"
	"}\n";

static rl_remote *cert_remote(rl_host *h, rl_source *c, const char *addr)
{
	char head[64];
	snprintf(head, sizeof head, "remote %s", addr);
	rl_remote *r = remote(h, c, head, 1, addr);
	modes(r, c, "main");
	rl_loc blk = remote_block(c, r);
	rl_loc ct = find_n(c, blk.span.start, "certificate_type", 1);
	ct.span.end = value(blk, "certificate_type").span.end + 1;
	r->has_cert = true;
	r->cert_loc = ct;
	rl_loc pb = block_at(c, find_n(c, blk.span.start, "proposal", 1));
	rl_proposal *p = rl_remote_add_proposal(r, pb);
	assert_true(rl_proposal_set(p, RL_AC_P1_ENC, "aes", 0, value(pb, "encryption_algorithm")));
	assert_true(rl_proposal_set(p, RL_AC_P1_AUTH, "rsasig", 0, value(pb, "authentication_method")));
	return r;
}

static void cert_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *h = fx_host(f, "gw");
	rl_file *file = rfx_file(f, RL_LANG_RACOON, "gw/racoon.conf", cert_conf, h);
	rl_source *c = file->src;
	h->conf = c;
	cert_remote(h, c, "192.0.2.1");
	my_id(cert_remote(h, c, "192.0.2.2"), c, RL_ID_ASN1DN, NULL);
	cert_remote(h, c, "192.0.2.3");
	my_id(cert_remote(h, c, "192.0.2.4"), c, RL_ID_ADDRESS, "192.0.2.10");
	assert_int_equal(run(f, RL_R_cert_identifier), 2);
	assert_true(at_line(f, 0, "gw/racoon.conf:1"));
	assert_true(says(f, "certificate authentication (rsasig) with no my_identifier"));
	assert_true(at_line(f, 1, "gw/racoon.conf:19"));
	assert_true(says(f, "with my_identifier address"));
	rfx_free(f);
}

/* ---- generate-policy-risk ------------------------------------------------ */

static void generate_policy_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A;
	a.psk = PSK_A;
	a.genpol = RL_GENPOL_ON;
	spec_host(f, &a);
	assert_int_equal(run(f, RL_R_generate_policy_risk), 1);
	assert_true(says(f, "any peer that passes phase 1 can install policies"));
	assert_true(says(f, "the block is not passive"));
	fx_free(f);

	/* passive, for one peer address: silent */
	f = fx_new();
	a = HOST_A;
	a.psk = PSK_A;
	a.genpol = RL_GENPOL_ON;
	a.passive = true;
	a.remote = "192.0.2.2";
	spec_host(f, &a);
	assert_int_equal(run(f, RL_R_generate_policy_risk), 0);
	fx_free(f);

	/* passive but open to anyone */
	f = fx_new();
	a = HOST_A;
	a.psk = PSK_A;
	a.genpol = RL_GENPOL_ON;
	a.passive = true;
	spec_host(f, &a);
	assert_int_equal(run(f, RL_R_generate_policy_risk), 1);
	assert_false(strstr(finding(f, 0)->message, "not passive"));
	fx_free(f);
}

/* ---- dpd-disabled ----------------------------------------------------------- */

static void dpd_rule(void **state)
{
	(void)state;
	/* the seed hosts set dpd_delay 20 */
	fx *f = fx_new();
	rl_host *s, *c;
	seed_pair(f, &s, &c);
	assert_int_equal(run(f, RL_R_dpd_disabled), 0);
	fx_free(f);

	f = fx_new();
	hspec a = HOST_A;
	a.psk = PSK_A;
	spec_host(f, &a);
	assert_int_equal(run(f, RL_R_dpd_disabled), 1);
	assert_int_equal(finding(f, 0)->sev, RL_SEV_INFO);
	assert_true(says(f, "no dpd_delay in this remote block"));
	assert_true(at_line(f, 0, "alpha/racoon.conf:3"));
	fx_free(f);
}

/* ---- natt-mismatch (pair) ---------------------------------------------------- */

static void natt_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A, b = HOST_B;
	rl_host *ha, *hb;
	pair_of(f, &a, &b, &ha, &hb);
	assert_int_equal(run(f, RL_R_natt_mismatch), 0);
	/* one block turns NAT-T on: one finding, on that block */
	rl_num_put(&ha->remotes[0]->nat_traversal, RL_NATT_FORCE, ha->remotes[0]->loc);
	rl_host_touch(ha);
	assert_int_equal(run(f, RL_R_natt_mismatch), 1);
	assert_true(says(f, "nat_traversal force here, but beta's remote block for alpha leaves it off"));
	assert_string_equal(finding(f, 0)->host, "alpha");
	assert_int_equal(finding(f, 0)->nrel, 1);
	/* both on: silent */
	rl_num_put(&hb->remotes[0]->nat_traversal, RL_NATT_ON, hb->remotes[0]->loc);
	rl_host_touch(hb);
	assert_int_equal(run(f, RL_R_natt_mismatch), 0);
	fx_free(f);
}

int main(void)
{
	verbose = getenv("VERBOSE") != NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weak_algorithm_rule),
		cmocka_unit_test(weak_algorithm_setkey),
		cmocka_unit_test(ike_frag_rule),
		cmocka_unit_test(aggressive_rule),
		cmocka_unit_test(duplicate_rule),
		cmocka_unit_test(cert_rule),
		cmocka_unit_test(generate_policy_rule),
		cmocka_unit_test(dpd_rule),
		cmocka_unit_test(natt_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
