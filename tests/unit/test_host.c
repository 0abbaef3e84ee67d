/* The tree walkers that build a host's model, and host folders on disk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "build.h"
#include "host.h"
#include "lint.h"
#include "lsp_lint.h"
#include "model.h"
#include "negotiate.h"
#include "racoon_syntax.h"
#include "util.h"
#include "alg_names.h"

typedef struct run {
	rl_options opt;
	rl_ctx cx;
	rl_host *h;
} run;

static run *run_new(void)
{
	run *r = rl_xcalloc(1, sizeof *r);
	rl_options_init(&r->opt);
	r->cx.opt = &r->opt;
	r->h = rl_host_new("h", "h");
	RL_GROW(r->cx.hosts, r->cx.caphosts, 1);
	r->cx.hosts[r->cx.nhosts++] = r->h;
	return r;
}

static void run_free(run *r)
{
	rl_ctx_free(&r->cx);
	rl_options_free(&r->opt);
	free(r);
}

static rl_file *add(run *r, const char *name, const char *text, rl_lang lang)
{
	return rl_ctx_add_file(&r->cx, rl_source_from_mem(name, text, strlen(text)), lang, r->h, NULL);
}

/* The text a location covers (static buffer). */
static const char *at(rl_loc l)
{
	static char buf[256];
	assert_non_null(l.src);
	snprintf(buf, sizeof buf, "%.*s", (int)(l.span.end - l.span.start), l.src->data + l.span.start);
	return buf;
}

static rl_addr addr(const char *s)
{
	rl_addr a;
	assert_true(rl_addr_parse(s, strlen(s), &a));
	return a;
}

/* ---- racoon.conf --------------------------------------------------- */

static const char seed_conf[] =
	"path pre_shared_key \"/etc/racoon/psk.txt\";\n"
	"remote anonymous {\n"
	"\texchange_mode aggressive,main;\n"
	"\tmy_identifier fqdn \"server1\";\n"
	"\tdpd_delay 20;\n"
	"\tproposal {\n"
	"\t\tencryption_algorithm 3des;\n"
	"\t\tlifetime time 2 hour;\n"
	"\t\thash_algorithm sha1;\n"
	"\t\tauthentication_method pre_shared_key;\n"
	"\t\tdh_group 2;\n"
	"\t}\n"
	"\tgenerate_policy off;\n"
	"}\n"
	"sainfo anonymous {\n"
	"\tpfs_group 2;\n"
	"\tlifetime time 1 hour;\n"
	"\tencryption_algorithm aes 256, 3des;\n"
	"\tauthentication_algorithm hmac_sha1;\n"
	"\tcompression_algorithm deflate;\n"
	"}\n";

static void racoon_seed(void **state)
{
	(void)state;
	run *r = run_new();
	rl_conf_paths paths = {0};
	rl_build_racoon(r->h, &r->cx, add(r, "racoon.conf", seed_conf, RL_LANG_RACOON), &paths);
	assert_true(paths.psk_set);
	assert_string_equal(paths.psk, "/etc/racoon/psk.txt");
	assert_string_equal(at(paths.psk_loc), "\"/etc/racoon/psk.txt\"");
	assert_int_equal(r->h->nremotes, 1);
	rl_remote *rm = r->h->remotes[0];
	assert_true(rm->anonymous);
	assert_string_equal(at(rm->loc), "remote anonymous");
	assert_int_equal(rm->nmodes, 2);
	assert_int_equal(rm->modes[0], RL_XMODE_AGGRESSIVE);
	assert_string_equal(at(rm->mode_locs[1]), "main");
	assert_int_equal(rm->my_id.type, RL_ID_FQDN);
	assert_string_equal(rm->my_id.value, "server1");
	assert_int_equal(rl_num_get(&rm->dpd_delay, 0), 20);
	assert_int_equal(rl_num_get(&rm->generate_policy, 9), RL_GENPOL_OFF);
	assert_int_equal(rm->nprops, 1);
	rl_proposal *p = rm->props[0];
	assert_string_equal(p->enc->canon, "3des");
	assert_string_equal(at(p->enc_loc), "3des");
	assert_string_equal(p->dh->canon, "modp1024");
	assert_string_equal(at(p->dh_loc), "2");
	assert_int_equal(rl_num_get(&p->lifetime, 0), 7200);
	assert_string_equal(at(p->lifetime.loc), "time 2 hour");
	assert_int_equal(r->h->nsainfos, 1);
	rl_sainfo *sa = r->h->sainfos[0];
	assert_int_equal(sa->local.kind, RL_SID_ANONYMOUS);
	assert_int_equal(sa->remote.kind, RL_SID_ANONYMOUS);
	assert_string_equal(sa->pfs->canon, "modp1024");
	assert_int_equal(rl_num_get(&sa->lifetime, 0), 3600);
	assert_int_equal(sa->nenc, 2);
	assert_int_equal(sa->enc[0].keylen, 256);
	assert_string_equal(at(sa->enc[0].loc), "aes 256");
	assert_string_equal(sa->comp[0].alg->canon, "deflate");
	rl_conf_paths_free(&paths);
	run_free(r);
}

static const char forms_conf[] =
	"path certificate \"/etc/racoon/certs\";\n"
	"listen { isakmp 192.0.2.10 [500]; isakmp_natt 192.0.2.10 [4500]; }\n"
	"remote 203.0.113.20 [4500] {\n"
	"\texchange_mode main;\n"
	"\tproposal_check exact;\n"
	"\tverify_identifier on;\n"
	"\tpeers_identifier fqdn \"b.example.net\";\n"
	"\tpeers_identifier user_fqdn \"ops@example.net\";\n"
	"\tnat_traversal force;\n"
	"\tcertificate_type x509 \"a.crt\" \"a.key\";\n"
	"\tproposal { encryption_algorithm aes 256; hash_algorithm sha256; authentication_method rsasig; dh_group modp2048; }\n"
	"}\n"
	"remote 203.0.113.30 inherit 203.0.113.20 {\n"
	"\tpassive on;\n"
	"\tproposal { encryption_algorithm 3des; hash_algorithm sha1; authentication_method rsasig; dh_group 2; }\n"
	"}\n"
	"remote \"named\" {\n"
	"\tremote_address 203.0.113.40;\n"
	"\texchange_mode aggressive;\n"
	"\tproposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 14; }\n"
	"}\n"
	"sainfo address 198.51.100.0/25 [any] tcp address 198.51.100.128/25 [3260] 6 from fqdn \"b.example.net\" {\n"
	"\tremoteid 2; encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;\n"
	"}\n"
	"sainfo subnet 10.0.0.0/8 any clientaddr group \"ops\" {\n"
	"\tencryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;\n"
	"}\n"
	"sainfo anonymous fqdn \"b.example.net\" {\n"
	"\tencryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;\n"
	"}\n";

static void racoon_forms(void **state)
{
	(void)state;
	run *r = run_new();
	rl_conf_paths paths = {0};
	rl_build_racoon(r->h, &r->cx, add(r, "racoon.conf", forms_conf, RL_LANG_RACOON), &paths);
	for (size_t i = 0; i < r->cx.diags.n; i++)
		print_message("%s\n", r->cx.diags.v[i].message);
	assert_int_equal(r->cx.diags.n, 0);
	rl_host *h = r->h;
	assert_int_equal(h->nlistens, 2);
	assert_true(h->listens[1].natt);
	assert_int_equal(h->listens[1].port, 4500);
	assert_int_equal(h->nremotes, 3);
	rl_remote *a = h->remotes[0], *c = h->remotes[1], *nm = h->remotes[2];
	rl_addr b = addr("203.0.113.20");
	assert_true(rl_addr_equal(&a->addr, &b));
	assert_int_equal(a->port, 4500);
	assert_int_equal(rl_num_get(&a->proposal_check, 0), RL_PCHECK_EXACT);
	assert_int_equal(rl_num_get(&a->nat_traversal, 0), RL_NATT_FORCE);
	assert_int_equal(a->npeers_ids, 2);
	assert_int_equal(a->peers_ids[1].type, RL_ID_USER_FQDN);
	assert_true(a->has_cert);
	assert_int_equal(a->props[0]->keylen, 256);
	assert_string_equal(at(a->props[0]->enc_loc), "aes 256");
	/* the child: the parent's facts, its own address, proposals appended */
	assert_null(c->name);
	assert_string_equal(c->inherit, "203.0.113.20");
	rl_addr b30 = addr("203.0.113.30");
	assert_true(rl_addr_equal(&c->addr, &b30));
	assert_int_equal(rl_num_get(&c->passive, 0), 1);
	assert_int_equal(rl_num_get(&c->proposal_check, 0), RL_PCHECK_EXACT);
	assert_int_equal(c->nprops, 2);
	assert_string_equal(c->props[1]->enc->canon, "3des");
	assert_string_equal(nm->name, "named");
	rl_addr b40 = addr("203.0.113.40");
	assert_true(rl_addr_equal(&nm->addr, &b40));
	assert_string_equal(nm->props[0]->dh->canon, "modp2048");
	/* certificate files, relative to path certificate */
	assert_int_equal(paths.nrefs, 2);
	assert_string_equal(paths.refs[0].path, "a.crt");
	assert_string_equal(paths.refs[0].dir, "/etc/racoon/certs");
	assert_string_equal(paths.refs[1].what, "private key");
	/* sainfo selectors */
	assert_int_equal(h->nsainfos, 3);
	rl_sainfo *s0 = h->sainfos[0], *s1 = h->sainfos[1], *s2 = h->sainfos[2];
	assert_int_equal(s0->local.kind, RL_SID_ADDRESS);
	assert_int_equal(s0->local.proto, 6);
	assert_int_equal(s0->local.port, 0);
	assert_int_equal(s0->remote.port, 3260);
	assert_int_equal(s0->remote.addr.prefix, 25);
	assert_true(s0->has_from);
	assert_string_equal(s0->from.value, "b.example.net");
	assert_int_equal(rl_num_get(&s0->remoteid, 0), 2);
	assert_int_equal(s1->local.proto, RL_PROTO_ANY);
	assert_int_equal(s1->remote.kind, RL_SID_CLIENTADDR);
	assert_string_equal(s1->group, "ops");
	assert_int_equal(s2->local.kind, RL_SID_ANONYMOUS);
	assert_int_equal(s2->remote.kind, RL_SID_NAME);
	assert_string_equal(s2->remote.name, "b.example.net");
	rl_conf_paths_free(&paths);
	run_free(r);
}

/* What parsed is built; error nodes add nothing. */
static void racoon_errors(void **state)
{
	(void)state;
	run *r = run_new();
	const char *text = "remote 192.0.2.1 {\n\texchange_mode main oops;\n\tproposal { encryption_algorithm; }\n}\n"
			   "sainfo anonymous { encryption_algorithm aes; pfs_group ecp521; }\n"
			   "remote {\n}\n"
			   "sainfo address 1.2.3.4/99 any anonymous { }\n";
	rl_build_racoon(r->h, &r->cx, add(r, "racoon.conf", text, RL_LANG_RACOON), NULL);
	assert_true(r->cx.diags.n > 0);
	assert_true(r->h->nremotes >= 1);
	assert_int_equal(r->h->remotes[0]->nprops, 1);
	assert_null(r->h->remotes[0]->props[0]->enc);
	assert_true(r->h->nsainfos >= 1);
	assert_null(r->h->sainfos[0]->pfs);
	rl_host_finish(r->h);
	run_free(r);
}

/* The builder hands the model the entries the tree's words name, looked up
 * once: the same entries as the words given to rl_proposal_set and
 * rl_sainfo_add, for every name of the table, group numbers and other
 * words in every statement that takes an algorithm; a group is a group
 * where rc_dh_value says so. */
static void racoon_alg_entries(void **state)
{
	(void)state;
	static const char *const names[] = {
		RL_TEST_ALG_NAMES,
		"0", "1", "2", "3", "5", "7", "14", "18", "19", "63", "64", "014", "0x0e",
		"99999999999999999999999", "aes 256", "blowfish 448", "ecp256", "x",
	};
	enum { N = sizeof names / sizeof names[0] };
	rl_buf b = {0};
	uint32_t dh_off[N], pfs_off[N];
	for (size_t i = 0; i < N; i++) {
		rl_buf_printf(&b, "remote 10.0.0.%zu {\n\tproposal {\n\t\tencryption_algorithm %s;\n\t\thash_algorithm %s;\n"
			      "\t\tauthentication_method %s;\n\t\tdh_group ", i, names[i], names[i], names[i]);
		dh_off[i] = (uint32_t)b.len;
		rl_buf_printf(&b, "%s;\n\t}\n}\nsainfo address 10.1.0.%zu any anonymous {\n\tencryption_algorithm %s;\n"
			      "\tauthentication_algorithm %s;\n\tcompression_algorithm %s;\n\tpfs_group ",
			      names[i], i, names[i], names[i], names[i]);
		pfs_off[i] = (uint32_t)b.len;
		rl_buf_printf(&b, "%s;\n}\n", names[i]);
	}
	char *text = rl_buf_take(&b);
	run *r = run_new();
	rl_file *f = add(r, "racoon.conf", text, RL_LANG_RACOON);
	rl_build_racoon(r->h, &r->cx, f, NULL);
	assert_int_equal(r->h->nremotes, N);
	assert_int_equal(r->h->nsainfos, N);
	const rl_tree *t = f->tree;
	uint32_t k = 0;
	for (size_t i = 0; i < N; i++) {
		/* the word as the old builder read it: a name with its key length */
		char word[64];
		int keylen = 0;
		snprintf(word, sizeof word, "%s", names[i]);
		char *sp = strchr(word, ' ');
		if (sp) {
			*sp = '\0';
			keylen = atoi(sp + 1);
		}
		while (t->toks[k].off < dh_off[i])
			k++;
		bool dh_ok = t->toks[k].off == dh_off[i] && rc_dh_value(t, k) != 0;
		while (t->toks[k].off < pfs_off[i])
			k++;
		bool pfs_ok = t->toks[k].off == pfs_off[i] && rc_dh_value(t, k) != 0;

		const rl_proposal *got = r->h->remotes[i]->props[0];
		rl_proposal want = {0};
		rl_proposal_set(&want, RL_AC_P1_ENC, word, keylen, rl_loc_none());
		rl_proposal_set(&want, RL_AC_P1_HASH, word, 0, rl_loc_none());
		rl_proposal_set(&want, RL_AC_P1_AUTH, word, 0, rl_loc_none());
		if (dh_ok)
			rl_proposal_set(&want, RL_AC_DH, word, 0, rl_loc_none());
		assert_ptr_equal(got->enc, want.enc);
		assert_int_equal(got->keylen, want.keylen);
		assert_ptr_equal(got->hash, want.hash);
		assert_ptr_equal(got->auth, want.auth);
		assert_ptr_equal(got->dh, want.dh);

		const rl_sainfo *sa = r->h->sainfos[i];
		rl_sainfo ws = {0};
		rl_sainfo_add(&ws, RL_AC_P2_ENC, word, keylen, rl_loc_none());
		rl_sainfo_add(&ws, RL_AC_P2_AUTH, word, 0, rl_loc_none());
		rl_sainfo_add(&ws, RL_AC_P2_COMP, word, 0, rl_loc_none());
		if (pfs_ok)
			rl_sainfo_add(&ws, RL_AC_DH, word, 0, rl_loc_none());
		assert_int_equal(sa->nenc, ws.nenc);
		assert_int_equal(sa->nauth, ws.nauth);
		assert_int_equal(sa->ncomp, ws.ncomp);
		if (ws.nenc) {
			assert_ptr_equal(sa->enc[0].alg, ws.enc[0].alg);
			assert_int_equal(sa->enc[0].keylen, ws.enc[0].keylen);
		}
		if (ws.nauth)
			assert_ptr_equal(sa->auth[0].alg, ws.auth[0].alg);
		if (ws.ncomp)
			assert_ptr_equal(sa->comp[0].alg, ws.comp[0].alg);
		assert_ptr_equal(sa->pfs, ws.pfs);
		free(ws.enc);
		free(ws.auth);
		free(ws.comp);
	}
	run_free(r);
	free(text);
}

/* ---- psk.txt and setkey ------------------------------------------- */

static void psk_lines(void **state)
{
	(void)state;
	run *r = run_new();
	rl_build_psk(r->h, add(r, "psk.txt", "# c\n192.0.2.1\tkey one\r\n  indented x\nfqdn-only\nb 0x6b6579\n*  any\n",
			       RL_LANG_PSK)->tree);
	rl_host *h = r->h;
	assert_int_equal(h->npsks, 4);
	assert_string_equal(h->psks[0]->id, "192.0.2.1");
	assert_true(h->psks[0]->trailing_cr);
	assert_string_equal(at(h->psks[0]->loc), "192.0.2.1");
	assert_false(h->psks[1]->has_key);
	assert_true(h->psks[2]->hex);
	assert_int_equal(h->psks[2]->secret_len, 3);
	assert_true(h->psks[3]->wildcard);
	assert_true(rl_source_is_secret(h->psks[0]->key_loc.src, h->psks[0]->key_loc.span.start));
	run_free(r);
}

static void setkey_commands(void **state)
{
	(void)state;
	run *r = run_new();
	const char *text = "#!/usr/sbin/setkey -f\nflush;\nspdflush;\n"
			   "spdadd 192.168.0.10[3260] 192.168.0.0/24 tcp -P out ipsec esp/transport//require;\n"
			   "spdadd 10.0.0.0/8 10.1.0.0/16 any -P in prio def + 5 ipsec esp/tunnel/203.0.113.20-192.0.2.10/unique:7 "
			   "ipcomp/tunnel/203.0.113.20-192.0.2.10/use;\n"
			   "spdadd host.example.net 10.0.0.1 any -P out none;\n"
			   "spddelete 192.168.0.10[3260] 192.168.0.0/24 tcp -P out;\n"
			   "add 192.0.2.10 203.0.113.20 esp 0x1001 -m tunnel -u 7 -E aes-cbc 0x00112233445566778899aabbccddeeff;\n"
			   "exit;\n"
			   "spdflush;\n";
	rl_file *f = add(r, "ipsec-tools.conf", text, RL_LANG_SETKEY);
	rl_build_setkey(r->h, f->tree);
	rl_host *h = r->h;
	/* the host name is never resolved: that policy is left out */
	assert_int_equal(h->npolicies, 4);
	assert_int_equal(h->policies[0]->cmd, RL_SPD_FLUSH);
	const rl_policy *p = h->policies[1];
	assert_int_equal(p->dir, RL_DIR_OUT);
	assert_int_equal(p->sel.sport, 3260);
	assert_int_equal(p->sel.dst.prefix, 24);
	assert_int_equal(p->sel.proto, 6);
	assert_int_equal(p->rules[0].level, RL_LEVEL_REQUIRE);
	assert_int_equal(p->rules[0].mode, RL_MODE_TRANSPORT);
	const rl_policy *q = h->policies[2];
	assert_int_equal(q->dir, RL_DIR_IN);
	assert_true(q->has_prio);
	assert_int_equal(q->prio, 0x80000000L + 5);
	assert_int_equal(q->nrules, 2);
	assert_true(q->rules[0].has_ends);
	assert_int_equal(q->rules[0].level, RL_LEVEL_UNIQUE);
	assert_int_equal(q->rules[0].reqid, 7);
	assert_int_equal(q->rules[1].proto, RL_IPSEC_IPCOMP);
	assert_int_equal(h->policies[3]->cmd, RL_SPD_DELETE);
	assert_int_equal(h->nsas, 1);
	assert_string_equal(h->sas[0]->enc, "aes-cbc");
	assert_int_equal(h->sas[0]->spi, 0x1001);
	assert_int_equal(h->sas[0]->mode, RL_MODE_TUNNEL);
	assert_int_equal(h->sas[0]->reqid, 7);
	rl_host_set_spd_file(h, f->src);
	rl_host_finish(h);
	assert_false(h->policies[1]->live); /* deleted again */
	assert_true(h->policies[2]->live);
	run_free(r);
}

static void ulproto(void **state)
{
	(void)state;
	assert_int_equal(rl_ulproto_parse("tcp", 3), 6);
	assert_int_equal(rl_ulproto_parse("ANY", 3), RL_PROTO_ANY);
	assert_int_equal(rl_ulproto_parse("icmp6", 5), 58);
	assert_int_equal(rl_ulproto_parse("47", 2), 47);
	assert_int_equal(rl_ulproto_parse("256", 3), -1);
	assert_int_equal(rl_ulproto_parse("http", 4), -1);
	/* each name in any case, and only the whole name */
	assert_int_equal(rl_ulproto_parse("Mobility-Header", 15), 135);
	assert_int_equal(rl_ulproto_parse("IPv6-ICMP", 9), 58);
	assert_int_equal(rl_ulproto_parse("Udp", 3), 17);
	assert_int_equal(rl_ulproto_parse("sctp", 4), 132);
	assert_int_equal(rl_ulproto_parse("ipv6-mh", 7), 135);
	assert_int_equal(rl_ulproto_parse("tcpx", 3), 6);
	assert_int_equal(rl_ulproto_parse("tc", 2), -1);
	assert_int_equal(rl_ulproto_parse("Tcp6", 4), -1);
	assert_int_equal(rl_ulproto_parse("@ny", 3), -1);
	assert_int_equal(rl_ulproto_parse("", 0), -1);
}

/* ---- host folders on disk ------------------------------------------ */

static char tmpdir[] = "/tmp/rl-host-XXXXXX";

static void put(const char *rel, const char *text, mode_t mode)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	for (char *s = strchr(path + strlen(tmpdir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void rm_tree(void)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
}

static const char pair_conf[] =
	"path include \"/etc/racoon\";\npath pre_shared_key \"/etc/racoon/psk.txt\";\n"
	"remote anonymous { exchange_mode main; proposal { encryption_algorithm aes; hash_algorithm sha1; "
	"authentication_method pre_shared_key; dh_group modp2048; } }\n"
	"sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }\n";

static int setup_pair(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	/* a copy of /etc, and a copy of /etc/racoon */
	put("site/a/racoon/racoon.conf", pair_conf, 0644);
	put("site/a/racoon/psk.txt", "192.0.2.20\tk1\n", 0600);
	put("site/a/ipsec-tools.conf",
	    "#!/usr/sbin/setkey -f\nspdadd 192.0.2.10 192.0.2.20 any -P out ipsec esp/transport//require;\n"
	    "spdadd 192.0.2.20 192.0.2.10 any -P in ipsec esp/transport//require;\n", 0644);
	put("site/b/racoon.conf", pair_conf, 0644);
	put("site/b/psk.txt", "192.0.2.10\tk1\n", 0600);
	put("site/b/peer.setkey",
	    "#!/sbin/setkey -f\nspdadd 192.0.2.20 192.0.2.10 any -P out ipsec esp/transport//require;\n"
	    "spdadd 192.0.2.10 192.0.2.20 any -P in ipsec esp/transport//require;\n", 0644);
	put("site/notes/README", "no host here\n", 0644);
	return 0;
}

static int teardown_pair(void **state)
{
	(void)state;
	rm_tree();
	strcpy(tmpdir, "/tmp/rl-host-XXXXXX");
	return 0;
}

static char *path_of(const char *rel)
{
	return rl_xasprintf("%s/%s", tmpdir, rel);
}

static void folders(void **state)
{
	(void)state;
	run *r = run_new();
	char *a = path_of("site/a/"), *b = path_of("site/b"), *n = path_of("site/notes");
	assert_true(rl_is_host_folder(a));
	assert_false(rl_is_host_folder(n));
	assert_int_equal(rl_host_load(&r->cx, a, NULL), 0);
	assert_int_equal(rl_host_load(&r->cx, b, NULL), 0);
	assert_int_equal(r->cx.nhosts, 3);
	rl_host *ha = r->cx.hosts[1], *hb = r->cx.hosts[2];
	assert_string_equal(ha->name, "a");
	assert_non_null(ha->psk_file);
	assert_int_equal(ha->npsks, 1);
	assert_int_equal(ha->nfiles, 3);
	assert_int_equal(ha->platform, RL_PLATFORM_LINUX);
	assert_int_equal(hb->platform, RL_PLATFORM_FREEBSD);
	assert_true(hb->spd_known);
	assert_int_equal(hb->npolicies, 2);
	/* both ways, main mode, keys by address */
	const rl_nego *ng = rl_negotiate(ha, hb);
	assert_int_equal(ng->np1, 1);
	assert_int_equal(ng->p1[0].first_fail, -1);
	assert_true(ng->p1[0].secrets_equal);
	assert_int_equal(ng->nflows, 1);
	assert_int_equal(ng->flows[0].first_fail, -1);
	assert_int_equal(r->cx.diags.n, 0);
	free(a);
	free(b);
	free(n);
	run_free(r);
}

static void missing_psk_file(void **state)
{
	(void)state;
	char *p = path_of("site/b/psk.txt");
	char *moved = path_of("site/b/psk.old");
	assert_int_equal(rename(p, moved), 0);
	run *r = run_new();
	char *b = path_of("site/b");
	assert_int_equal(rl_host_load(&r->cx, b, NULL), 0);
	assert_int_equal(r->cx.diags.n, 1);
	assert_int_equal(r->cx.diags.v[0].rule, RL_R_missing_file);
	assert_non_null(strstr(r->cx.diags.v[0].message, "/etc/racoon/psk.txt"));
	assert_true(r->cx.hosts[1]->psk_path_set);
	assert_null(r->cx.hosts[1]->psk_file);
	assert_int_equal(rename(moved, p), 0);
	free(p);
	free(moved);
	free(b);
	run_free(r);
}

/* An editor buffer in a host folder with a sibling: the pair findings of
 * its unsaved text. */
static void overlay_pair(void **state)
{
	(void)state;
	rl_options opt;
	rl_options_init(&opt);
	rl_ctx cx;
	memset(&cx, 0, sizeof cx);
	cx.opt = &opt;
	char *psk = path_of("site/a/racoon/psk.txt");
	const char *text = "192.0.2.20\tk2\n";
	rl_overlay ov = {psk, text, strlen(text), RL_LANG_PSK};
	rl_source *src = rl_lint_overlay(&cx, &ov);
	assert_non_null(src);
	assert_int_equal(cx.nhosts, 2);
	assert_string_equal(cx.hosts[0]->name, "a");
	bool mirror = false;
	for (size_t i = 0; i < cx.diags.n; i++)
		mirror = mirror || (cx.diags.v[i].rule == RL_R_psk_mirror && cx.diags.v[i].loc.src == src);
	assert_true(mirror);
	rl_ctx_free(&cx);
	rl_options_free(&opt);
	free(psk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(racoon_seed),
		cmocka_unit_test(racoon_forms),
		cmocka_unit_test(racoon_errors),
		cmocka_unit_test(racoon_alg_entries),
		cmocka_unit_test(psk_lines),
		cmocka_unit_test(setkey_commands),
		cmocka_unit_test(ulproto),
		cmocka_unit_test_setup_teardown(folders, setup_pair, teardown_pair),
		cmocka_unit_test_setup_teardown(missing_psk_file, setup_pair, teardown_pair),
		cmocka_unit_test_setup_teardown(overlay_pair, setup_pair, teardown_pair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
