/* Helpers for the model, negotiation and pair-rule tests: hosts are built
 * by hand with the model's builder functions; the configuration text only
 * serves to give every fact a real location (the helpers find the line of
 * a keyword inside a block). */
#ifndef RL_TEST_FIXTURE_H
#define RL_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lint.h"
#include "model.h"
#include "negotiate.h"
#include "util.h"

typedef struct fx {
	rl_source *srcs[32];
	size_t nsrcs;
	rl_host *hosts[8];
	size_t nhosts;
	rl_options opt;
	rl_ctx cx;
} fx;

static inline fx *fx_new(void)
{
	fx *f = rl_xcalloc(1, sizeof *f);
	memset(f->opt.enabled, 1, sizeof f->opt.enabled);
	f->cx.opt = &f->opt;
	return f;
}

static inline rl_source *fx_src(fx *f, const char *name, const char *text)
{
	rl_source *s = rl_source_from_mem(name, text, strlen(text));
	f->srcs[f->nsrcs++] = s;
	return s;
}

static inline rl_host *fx_host(fx *f, const char *name)
{
	rl_host *h = rl_host_new(name, name);
	f->hosts[f->nhosts++] = h;
	return h;
}

/* Put the hosts into the run context (for the rules). */
static inline rl_ctx *fx_ctx(fx *f)
{
	f->cx.hosts = f->hosts;
	f->cx.nhosts = f->nhosts;
	return &f->cx;
}

static inline void fx_free(fx *f)
{
	rl_diags_free(&f->cx.diags);
	for (size_t i = 0; i < f->nhosts; i++)
		rl_host_free(f->hosts[i]);
	for (size_t i = 0; i < f->nsrcs; i++)
		rl_source_free(f->srcs[i]);
	free(f);
}

static inline rl_loc span(rl_source *s, uint32_t a, uint32_t b)
{
	rl_loc l = {s, {a, b}};
	return l;
}

/* The n-th (from 1) occurrence of needle at or after offset from. */
static inline rl_loc find_n(rl_source *s, uint32_t from, const char *needle, int n)
{
	const char *p = s->data + from;
	for (;;) {
		p = strstr(p, needle);
		if (!p)
			fail_msg("\"%s\" not found in %s", needle, s->name);
		if (--n == 0)
			break;
		p++;
	}
	uint32_t a = (uint32_t)(p - s->data);
	return span(s, a, a + (uint32_t)strlen(needle));
}

static inline rl_loc find(rl_source *s, const char *needle)
{
	return find_n(s, 0, needle, 1);
}

/* A block: from the n-th occurrence of its header to the matching '}'. */
static inline rl_loc block_at(rl_source *s, rl_loc l);
static inline rl_loc block(rl_source *s, const char *header, int n)
{
	return block_at(s, find_n(s, 0, header, n));
}

/* The value of statement kw inside a block: the text after the keyword up
 * to ';' (without the blanks around it). */
static inline rl_loc value(rl_loc in, const char *kw)
{
	rl_loc k = find_n(in.src, in.span.start, kw, 1);
	const char *d = in.src->data;
	uint32_t a = k.span.end, b;
	while (d[a] == ' ' || d[a] == '\t')
		a++;
	for (b = a; d[b] && d[b] != ';'; b++)
		;
	return span(in.src, a, b);
}

/* A word inside the value of statement kw ("aes" in
 * "encryption_algorithm aes, 3des;"). */
static inline rl_loc word(rl_loc in, const char *kw, const char *w)
{
	rl_loc v = value(in, kw);
	rl_loc x = find_n(in.src, v.span.start, w, 1);
	assert_true(x.span.end <= v.span.end);
	return x;
}

/* The whole line holding the first occurrence of needle. */
static inline rl_loc line_of(rl_source *s, const char *needle)
{
	rl_loc l = find(s, needle);
	uint32_t a = l.span.start, b = l.span.end;
	while (a > 0 && s->data[a - 1] != '\n')
		a--;
	while (b < s->len && s->data[b] != '\n')
		b++;
	return span(s, a, b);
}

static inline rl_addr ADDR(const char *text)
{
	rl_addr a;
	assert_true(rl_addr_parse(text, strlen(text), &a));
	return a;
}

/* ---- builders on top of the model's API ---------------------------- */

/* remote block n (counting blocks whose header contains header); addr NULL
 * for anonymous. */
static inline rl_remote *remote(rl_host *h, rl_source *s, const char *header, int n, const char *addr)
{
	rl_loc b = block(s, header, n);
	rl_remote *r = rl_host_add_remote(h, span(s, b.span.start, b.span.start + (uint32_t)strlen(header)));
	if (addr) {
		rl_addr a = ADDR(addr);
		rl_remote_set_addr(r, &a, 0, find_n(s, b.span.start, addr, 1));
	} else {
		rl_remote_set_anonymous(r, 0, find_n(s, b.span.start, "anonymous", 1));
	}
	return r;
}

/* The block that starts at loc. */
static inline rl_loc block_at(rl_source *s, rl_loc l)
{
	int depth = 0;
	for (uint32_t i = l.span.start; i < s->len; i++) {
		if (s->data[i] == '{')
			depth++;
		else if (s->data[i] == '}' && --depth == 0)
			return span(s, l.span.start, i + 1);
	}
	return l;
}

static inline rl_loc remote_block(rl_source *s, const rl_remote *r)
{
	return block_at(s, r->loc);
}

/* exchange_mode: the modes as written in the block, e.g. "aggressive,main". */
static inline void modes(rl_remote *r, rl_source *s, const char *list)
{
	rl_loc blk = remote_block(s, r);
	rl_loc v = value(blk, "exchange_mode");
	rl_loc stmt = find_n(s, blk.span.start, "exchange_mode", 1);
	stmt.span.end = v.span.end + 1;
	char *copy = rl_xstrdup(list);
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		rl_xmode m = strcmp(t, "main") == 0 ? RL_XMODE_MAIN : strcmp(t, "aggressive") == 0 ? RL_XMODE_AGGRESSIVE
													: RL_XMODE_BASE;
		rl_remote_add_mode(r, m, find_n(s, v.span.start, t, 1), stmt);
	}
	free(copy);
}

static inline void my_id(rl_remote *r, rl_source *s, rl_idtype t, const char *val)
{
	rl_loc blk = remote_block(s, r);
	rl_remote_set_my_id(r, t, val, val ? strlen(val) : 0, value(blk, "my_identifier"));
}

static inline void peers_id(rl_remote *r, rl_source *s, rl_idtype t, const char *val)
{
	rl_loc blk = remote_block(s, r);
	rl_remote_add_peers_id(r, t, val, val ? strlen(val) : 0, value(blk, "peers_identifier"));
}

/* A remote switch or number (verify_identifier, proposal_check, ...). */
static inline void rnum(rl_remote *r, rl_source *s, rl_num *n, const char *kw, long v)
{
	rl_num_put(n, v, value(remote_block(s, r), kw));
}

/* proposal number n (from 1) of a remote block; lifetime < 0: not written. */
static inline rl_proposal *prop(rl_remote *r, rl_source *s, int n, const char *enc, int keylen, const char *hash,
				const char *auth, const char *dh, long lifetime)
{
	rl_loc blk = remote_block(s, r);
	rl_loc whole = block_at(s, find_n(s, blk.span.start, "proposal", n));
	rl_proposal *p = rl_remote_add_proposal(r, whole);
	assert_true(rl_proposal_set(p, RL_AC_P1_ENC, enc, keylen, value(whole, "encryption_algorithm")));
	assert_true(rl_proposal_set(p, RL_AC_P1_HASH, hash, 0, value(whole, "hash_algorithm")));
	assert_true(rl_proposal_set(p, RL_AC_P1_AUTH, auth, 0, value(whole, "authentication_method")));
	assert_true(rl_proposal_set(p, RL_AC_DH, dh, 0, value(whole, "dh_group")));
	if (lifetime >= 0)
		rl_num_put(&p->lifetime, lifetime, value(whole, "lifetime"));
	return p;
}

/* sainfo n (from 1); local/remote NULL for anonymous. */
static inline rl_sainfo *sainfo(rl_host *h, rl_source *s, int n, const char *local, int lproto, const char *remote,
				int rproto)
{
	rl_loc b = block(s, "sainfo", n);
	rl_sainfo *sa = rl_host_add_sainfo(h, span(s, b.span.start, b.span.start + 6));
	if (local) {
		rl_addr a = ADDR(local);
		rl_sid_set_addr(&sa->local, &a, 0, lproto, find_n(s, b.span.start, local, 1));
	}
	if (remote) {
		rl_addr a = ADDR(remote);
		rl_loc l = find_n(s, b.span.start, remote, local && strcmp(local, remote) == 0 ? 2 : 1);
		rl_sid_set_addr(&sa->remote, &a, 0, rproto, l);
	}
	return sa;
}

static inline rl_loc sainfo_block(rl_source *s, const rl_sainfo *sa)
{
	return block_at(s, sa->loc);
}

/* Algorithms of a sainfo, as a comma list: "aes,3des"; "aes 256" for a
 * key length. */
static inline void algs(rl_sainfo *sa, rl_source *s, rl_alg_class cls, const char *list)
{
	const char *kw = cls == RL_AC_P2_ENC ? "encryption_algorithm" : cls == RL_AC_P2_AUTH ? "authentication_algorithm"
											  : "compression_algorithm";
	rl_loc blk = sainfo_block(s, sa);
	char *copy = rl_xstrdup(list);
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char name[32];
		int keylen = 0;
		if (sscanf(t, "%31s %d", name, &keylen) < 1)
			fail();
		assert_true(rl_sainfo_add(sa, cls, name, keylen, word(blk, kw, t)));
	}
	free(copy);
}

static inline void pfs(rl_sainfo *sa, rl_source *s, const char *group)
{
	assert_true(rl_sainfo_add(sa, RL_AC_DH, group, 0, value(sainfo_block(s, sa), "pfs_group")));
}

static inline void sa_life(rl_sainfo *sa, rl_source *s, long secs)
{
	rl_num_put(&sa->lifetime, secs, value(sainfo_block(s, sa), "lifetime"));
}

/* A psk.txt line: the identifier is looked up in the text; the key is the
 * rest of the line after the blanks, without the newline. */
static inline rl_psk *psk(rl_host *h, rl_source *s, const char *id)
{
	char needle[136]; /* "\n" and an identifier of up to 127 bytes */
	snprintf(needle, sizeof needle, "\n%s", id);
	size_t idn = strlen(id);
	uint32_t a = strncmp(s->data, id, idn) == 0 && strchr(" \t", s->data[idn]) ? 0 : find(s, needle).span.start + 1;
	uint32_t e = a + (uint32_t)idn, k = e;
	while (k < s->len && (s->data[k] == ' ' || s->data[k] == '\t'))
		k++;
	uint32_t end = k;
	while (end < s->len && s->data[end] != '\n')
		end++;
	rl_source_add_secret(s, k, end);
	return rl_host_add_psk(h, id, strlen(id), span(s, a, e), s->data + k, end - k, span(s, k, end));
}

/* A policy: line holds needle; src/dst as "ADDR[/N]", ports 0 for any,
 * proto RL_PROTO_ANY or a number. One rule; add more with rule(). */
static inline rl_policy *policy(rl_host *h, rl_source *s, const char *needle, rl_dir dir, const char *src, int sport,
				const char *dst, int dport, int proto)
{
	rl_policy *p = rl_host_add_policy(h, RL_SPD_ADD, line_of(s, needle));
	p->sel.src = ADDR(src);
	p->sel.dst = ADDR(dst);
	p->sel.sport = sport;
	p->sel.dport = dport;
	p->sel.proto = proto;
	p->dir = dir;
	p->action = RL_ACT_IPSEC;
	return p;
}

/* A rule of a policy; ends "A-B" for tunnel mode, or NULL. */
static inline rl_sprule *rule(rl_policy *p, rl_ipsec_proto proto, rl_ipsec_mode mode, const char *ends, rl_level level)
{
	rl_sprule *r = rl_policy_add_rule(p, proto, mode, level, p->loc);
	if (ends) {
		char a[64], b[64];
		const char *dash = strchr(ends, '-');
		snprintf(a, sizeof a, "%.*s", (int)(dash - ends), ends);
		snprintf(b, sizeof b, "%s", dash + 1);
		r->has_ends = true;
		r->src = ADDR(a);
		r->dst = ADDR(b);
	}
	return r;
}

/* ---- the user's pair (examples/iscsi, the seed) -------------------- */

static const char seed_server_conf[] =
	"# racoon.conf of the iSCSI target (Linux, 192.168.0.10)\n"
	"path include \"/etc/racoon\";\n"
	"path pre_shared_key \"/etc/racoon/psk.txt\";\n"
	"\n"
	"remote anonymous {\n"
	"\texchange_mode aggressive,main;\n"
	"\tmy_identifier fqdn \"server1\";\t# the server's identity\n"
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
	"\n"
	"sainfo anonymous {\n"
	"\tpfs_group 2;\n"
	"\tlifetime time 1 hour;\n"
	"\tencryption_algorithm aes, 3des;\n"
	"\tauthentication_algorithm hmac_sha1;\n"
	"\tcompression_algorithm deflate;\n"
	"}\n";

static const char seed_server_psk[] = "# identifier\tshared secret\nclient1\tsecret1\n";

static const char seed_server_spd[] =
	"#!/usr/sbin/setkey -f\n"
	"# Protect iSCSI (3260/tcp) only, in transport mode.\n"
	"\n"
	"flush;\n"
	"spdflush;\n"
	"\n"
	"spdadd 192.168.0.10[3260] 192.168.0.0/24 tcp -P out ipsec esp/transport//require;\n"
	"spdadd 192.168.0.0/24 192.168.0.10[3260] tcp -P in ipsec esp/transport//require;\n";

static const char seed_client_conf[] =
	"# racoon.conf of the iSCSI initiator (Mac OS X, 192.168.0.20)\n"
	"path include \"/etc/racoon\";\n"
	"path pre_shared_key \"/etc/racoon/psk.txt\";\n"
	"\n"
	"remote anonymous {\n"
	"\texchange_mode aggressive,main;\n"
	"\tmy_identifier fqdn \"client1\";\t# the client's identity\n"
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
	"\n"
	"sainfo anonymous {\n"
	"\tpfs_group 2;\n"
	"\tlifetime time 1 hour;\n"
	"\tencryption_algorithm aes, 3des;\n"
	"\tauthentication_algorithm hmac_sha1;\n"
	"\tcompression_algorithm deflate;\n"
	"}\n";

static const char seed_client_psk[] = "# identifier\tshared secret\nserver1\tsecret1\n";

static const char seed_client_spd[] =
	"flush;\n"
	"spdflush;\n"
	"\n"
	"spdadd 192.168.0.0/24 192.168.0.10[3260] tcp -P out ipsec esp/transport//require;\n"
	"spdadd 192.168.0.10[3260] 192.168.0.0/24 tcp -P in ipsec esp/transport//require;\n";

/* The racoon.conf facts both seed hosts share (they differ only by name). */
static inline void seed_conf(rl_host *h, rl_source *conf, rl_source *pskf, const char *me)
{
	h->conf = conf;
	rl_host_set_psk_path(h, value(span(conf, 0, conf->len), "path pre_shared_key"), pskf);
	rl_remote *r = remote(h, conf, "remote anonymous", 1, NULL);
	modes(r, conf, "aggressive,main");
	my_id(r, conf, RL_ID_FQDN, me);
	rnum(r, conf, &r->dpd_delay, "dpd_delay", 20);
	rnum(r, conf, &r->generate_policy, "generate_policy", RL_GENPOL_OFF);
	prop(r, conf, 1, "3des", 0, "sha1", "pre_shared_key", "2", 7200);
	rl_sainfo *sa = sainfo(h, conf, 1, NULL, 0, NULL, 0);
	pfs(sa, conf, "2");
	sa_life(sa, conf, 3600);
	algs(sa, conf, RL_AC_P2_ENC, "aes,3des");
	algs(sa, conf, RL_AC_P2_AUTH, "hmac_sha1");
	algs(sa, conf, RL_AC_P2_COMP, "deflate");
}

static inline void seed_flush(rl_host *h, rl_source *spd)
{
	rl_host_set_spd_file(h, spd);
	rl_host_add_policy(h, RL_SPD_FLUSH, line_of(spd, "spdflush"));
}

/* server1 and client1 as the user wrote them. */
static inline void seed_pair(fx *f, rl_host **server, rl_host **client)
{
	rl_source *sc = fx_src(f, "server1/racoon.conf", seed_server_conf);
	rl_source *sp = fx_src(f, "server1/psk.txt", seed_server_psk);
	rl_source *ss = fx_src(f, "server1/ipsec-tools.conf", seed_server_spd);
	rl_source *cc = fx_src(f, "client1/racoon.conf", seed_client_conf);
	rl_source *cp = fx_src(f, "client1/psk.txt", seed_client_psk);
	rl_source *cs = fx_src(f, "client1/setkey.conf", seed_client_spd);
	rl_host *s = fx_host(f, "server1"), *c = fx_host(f, "client1");
	seed_conf(s, sc, sp, "server1");
	psk(s, sp, "client1");
	seed_flush(s, ss);
	rule(policy(s, ss, "tcp -P out", RL_DIR_OUT, "192.168.0.10", 3260, "192.168.0.0/24", 0, 6), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	rule(policy(s, ss, "tcp -P in", RL_DIR_IN, "192.168.0.0/24", 0, "192.168.0.10", 3260, 6), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	seed_conf(c, cc, cp, "client1");
	psk(c, cp, "server1");
	seed_flush(c, cs);
	rule(policy(c, cs, "tcp -P out", RL_DIR_OUT, "192.168.0.0/24", 0, "192.168.0.10", 3260, 6), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	rule(policy(c, cs, "tcp -P in", RL_DIR_IN, "192.168.0.10", 3260, "192.168.0.0/24", 0, 6), RL_IPSEC_ESP,
	     RL_MODE_TRANSPORT, NULL, RL_LEVEL_REQUIRE);
	*server = s;
	*client = c;
}

/* The text --negotiate prints for a initiating to b. */
static inline char *describe(rl_host *a, rl_host *b)
{
	rl_buf buf = {0};
	rl_nego_describe(rl_negotiate(a, b), &buf);
	return rl_buf_take(&buf);
}

/* ---- generated hosts for the variants ------------------------------ */

/* One host: racoon.conf, psk.txt and setkey text are written from the
 * spec, and the facts are added from the same values. Empty strings and
 * negative numbers mean "not written". */
typedef struct hspec {
	const char *name, *addr; /* the host and its address (--addr) */
	bool infer_addr;         /* do not give the address: let it be inferred */
	const char *peer;        /* the peer's address: remote block and policies */
	const char *remote;      /* address of the remote block; NULL: anonymous */
	const char *modes;       /* "main", "aggressive,main" */
	rl_idtype idtype;        /* my_identifier */
	const char *idval;
	int pcheck;              /* proposal_check, -1: not written */
	bool verify;             /* verify_identifier on */
	const char *peers_fqdn;  /* peers_identifier fqdn "..." */
	bool passive;
	int genpol;              /* generate_policy, -1: not written */
	const char *enc, *hash, *auth, *dh;
	int keylen;
	long life;
	const char *enc2;        /* a second proposal with this cipher, or NULL */
	const char *p2enc, *p2auth, *p2comp; /* comma lists */
	const char *pfs;
	long p2life;
	const char *psk;         /* psk.txt text */
	bool no_psk_path;
	bool no_spd;             /* write no policies (the test adds its own) */
	int proto;               /* of the policies */
	rl_level level;
} hspec;

static inline hspec spec(const char *name, const char *addr, const char *peer)
{
	hspec h = {
		.name = name, .addr = addr, .peer = peer, .remote = NULL, .modes = "main", .idtype = RL_ID_NONE,
		.pcheck = -1, .genpol = -1, .enc = "aes", .hash = "sha1", .auth = "pre_shared_key", .dh = "modp2048",
		.life = -1, .p2enc = "aes", .p2auth = "hmac_sha1", .p2comp = "deflate", .pfs = NULL, .p2life = -1,
		.psk = NULL, .proto = RL_PROTO_ANY, .level = RL_LEVEL_REQUIRE,
	};
	return h;
}

static const char *const pcheck_words[] = {"obey", "strict", "claim", "exact"};

static inline char *spec_conf(const hspec *h)
{
	rl_buf b = {0};
	rl_buf_puts(&b, "path pre_shared_key \"/etc/racoon/psk.txt\";\n\n");
	rl_buf_printf(&b, "remote %s {\n", h->remote ? h->remote : "anonymous");
	rl_buf_printf(&b, "\texchange_mode %s;\n", h->modes);
	if (h->idtype)
		rl_buf_printf(&b, "\tmy_identifier %s \"%s\";\n", rl_idtype_name(h->idtype), h->idval);
	if (h->pcheck >= 0)
		rl_buf_printf(&b, "\tproposal_check %s;\n", pcheck_words[h->pcheck]);
	if (h->verify)
		rl_buf_puts(&b, "\tverify_identifier on;\n");
	if (h->peers_fqdn)
		rl_buf_printf(&b, "\tpeers_identifier fqdn \"%s\";\n", h->peers_fqdn);
	if (h->passive)
		rl_buf_puts(&b, "\tpassive on;\n");
	if (h->genpol >= 0)
		rl_buf_printf(&b, "\tgenerate_policy %s;\n", h->genpol ? "on" : "off");
	for (int i = 0; i < (h->enc2 ? 2 : 1); i++) {
		rl_buf_puts(&b, "\tproposal {\n");
		if (i == 0 && h->keylen)
			rl_buf_printf(&b, "\t\tencryption_algorithm %s %d;\n", h->enc, h->keylen);
		else
			rl_buf_printf(&b, "\t\tencryption_algorithm %s;\n", i ? h->enc2 : h->enc);
		rl_buf_printf(&b, "\t\thash_algorithm %s;\n\t\tauthentication_method %s;\n\t\tdh_group %s;\n", h->hash,
			      h->auth, h->dh);
		if (h->life >= 0)
			rl_buf_printf(&b, "\t\tlifetime time %ld sec;\n", h->life);
		rl_buf_puts(&b, "\t}\n");
	}
	rl_buf_puts(&b, "}\n\nsainfo anonymous {\n");
	if (h->pfs)
		rl_buf_printf(&b, "\tpfs_group %s;\n", h->pfs);
	if (h->p2life >= 0)
		rl_buf_printf(&b, "\tlifetime time %ld sec;\n", h->p2life);
	rl_buf_printf(&b, "\tencryption_algorithm %s;\n\tauthentication_algorithm %s;\n\tcompression_algorithm %s;\n}\n",
		      h->p2enc, h->p2auth, h->p2comp);
	return rl_buf_take(&b);
}

static inline rl_host *spec_host(fx *f, const hspec *h)
{
	char name[128];
	rl_host *x = fx_host(f, h->name);
	rl_addr a = ADDR(h->addr);
	if (!h->infer_addr)
		rl_host_add_addr(x, &a, RL_ORIGIN_FLAG, "--addr", rl_loc_none());
	char *text = spec_conf(h);
	snprintf(name, sizeof name, "%s/racoon.conf", h->name);
	rl_source *c = fx_src(f, name, text);
	free(text);
	x->conf = c;
	snprintf(name, sizeof name, "%s/psk.txt", h->name);
	rl_source *p = fx_src(f, name, h->psk ? h->psk : "");
	if (!h->no_psk_path)
		rl_host_set_psk_path(x, value(span(c, 0, c->len), "path pre_shared_key"), p);
	/* every psk.txt line "ID<blank>KEY" */
	for (const char *l = p->data; h->psk && *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		size_t idn = strcspn(l, " \t");
		if (idn < n && l[0] != '#') {
			char id[128];
			snprintf(id, sizeof id, "%.*s", (int)idn, l);
			psk(x, p, id);
		}
		l += n + (e ? 1 : 0);
	}
	rl_remote *r = remote(x, c, "remote", 1, h->remote);
	modes(r, c, h->modes);
	if (h->idtype)
		my_id(r, c, h->idtype, h->idval);
	if (h->pcheck >= 0)
		rnum(r, c, &r->proposal_check, "proposal_check", h->pcheck);
	if (h->verify)
		rnum(r, c, &r->verify_identifier, "verify_identifier", 1);
	if (h->peers_fqdn)
		peers_id(r, c, RL_ID_FQDN, h->peers_fqdn);
	if (h->passive)
		rnum(r, c, &r->passive, "passive", 1);
	if (h->genpol >= 0)
		rnum(r, c, &r->generate_policy, "generate_policy", h->genpol);
	prop(r, c, 1, h->enc, h->keylen, h->hash, h->auth, h->dh, h->life);
	if (h->enc2)
		prop(r, c, 2, h->enc2, 0, h->hash, h->auth, h->dh, h->life);
	rl_sainfo *sa = sainfo(x, c, 1, NULL, 0, NULL, 0);
	if (h->pfs)
		pfs(sa, c, h->pfs);
	if (h->p2life >= 0)
		sa_life(sa, c, h->p2life);
	algs(sa, c, RL_AC_P2_ENC, h->p2enc);
	algs(sa, c, RL_AC_P2_AUTH, h->p2auth);
	algs(sa, c, RL_AC_P2_COMP, h->p2comp);
	if (h->no_spd)
		return x;
	char pb[16];
	snprintf(name, sizeof name, "%s/setkey.conf", h->name);
	text = rl_xasprintf("spdadd %s %s %s -P out ipsec esp/transport//%s;\n"
			    "spdadd %s %s %s -P in ipsec esp/transport//%s;\n",
			    h->addr, h->peer, rl_ulproto_name(h->proto, pb), rl_level_name(h->level), h->peer, h->addr,
			    rl_ulproto_name(h->proto, pb), rl_level_name(h->level));
	rl_source *sp = fx_src(f, name, text);
	free(text);
	rl_host_set_spd_file(x, sp);
	rule(policy(x, sp, "-P out", RL_DIR_OUT, h->addr, 0, h->peer, 0, h->proto), RL_IPSEC_ESP, RL_MODE_TRANSPORT,
	     NULL, h->level);
	rule(policy(x, sp, "-P in", RL_DIR_IN, h->peer, 0, h->addr, 0, h->proto), RL_IPSEC_ESP, RL_MODE_TRANSPORT, NULL,
	     h->level);
	return x;
}

/* Two hosts that work together in main mode with address identities. */
#define HOST_A spec("alpha", "192.0.2.1", "192.0.2.2")
#define HOST_B spec("beta", "192.0.2.2", "192.0.2.1")
#define PSK_A "192.0.2.2\tsecret-7f3a\n"
#define PSK_B "192.0.2.1\tsecret-7f3a\n"

/* The first failing check of direction a -> b, for phase 1 (first flow's
 * phase 1) or the first flow. */
static inline const rl_check *p1_check(rl_host *a, rl_host *b, rl_step s)
{
	const rl_nego *n = rl_negotiate(a, b);
	assert_true(n->np1 >= 1);
	return &n->p1[0].step[s];
}

static inline const rl_check *p2_check(rl_host *a, rl_host *b, rl_step s)
{
	const rl_nego *n = rl_negotiate(a, b);
	assert_true(n->nflows >= 1);
	return rl_flow_step(&n->flows[0], s);
}

static inline void pair_of(fx *f, hspec *a, hspec *b, rl_host **ha, rl_host **hb)
{
	if (!a->psk)
		a->psk = PSK_A;
	if (!b->psk)
		b->psk = PSK_B;
	*ha = spec_host(f, a);
	*hb = spec_host(f, b);
}

#endif
