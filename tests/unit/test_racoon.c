/* racoon.conf scanner, parser and checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glob.h>

#include "algo.h"
#include "parse.h"
#include "racoon_dump.h"
#include "racoon_syntax.h"
#include "rules.h"
#include "util.h"
#include "alg_names.h"

typedef struct parsed {
	rl_source *src;
	rl_tree *t;
	rl_diags d;
} parsed;

static parsed *parse_n(const char *text, size_t n)
{
	parsed *p = rl_xcalloc(1, sizeof *p);
	p->src = rl_source_from_mem("t.conf", text, n);
	p->t = rl_parse_racoon(p->src, &p->d);
	return p;
}

static parsed *parse(const char *text)
{
	return parse_n(text, strlen(text));
}

static void done(parsed *p)
{
	rl_tree_free(p->t);
	rl_source_free(p->src);
	rl_diags_free(&p->d);
	free(p);
}

/* ---- the fast paths over the tree ------------------------------------------ */

/* Every node in preorder, as the rules' full walk visits them. */
static uint32_t preorder_next(const rl_tree *t, uint32_t n)
{
	if (t->nodes[n].child)
		return t->nodes[n].child;
	for (; n && n != t->root; n = t->nodes[n].parent)
		if (t->nodes[n].next)
			return t->nodes[n].next;
	return 0;
}

/* rc_walk meets the statements of a full walk in the same order; rc_kw
 * finds what the scan finds; rc_args gives what rc_arg gives; rc_seconds
 * agrees with the definition over rc_find_tok. */
static void check_fast_paths(const rl_tree *t)
{
	uint32_t w = rc_walk(t, t->root);
	for (uint32_t n = preorder_next(t, t->root); n; n = preorder_next(t, n)) {
		assert_int_equal(rc_kw(t, n), rc_kw_scan(t, n));
		uint32_t args[4];
		unsigned na = rc_args(t, n, args, 4), i = 0;
		for (; rc_arg(t, n, i) != RC_NONE; i++)
			if (i < 4)
				assert_int_equal(args[i], rc_arg(t, n, i));
		assert_int_equal(na, i);
		if (t->nodes[n].kind == RC_N_STMT) {
			uint32_t num = rc_find_tok(t, n, RC_NONE, RC_T_NUMBER);
			uint32_t unit = num == RC_NONE ? RC_NONE : rc_find_tok(t, n, num, RC_T_UNIT_TIME);
			unsigned long secs, v;
			bool want = unit != RC_NONE && rc_find_tok(t, n, RC_NONE, RC_T_BYTE) == RC_NONE &&
				    rc_tok_ulong(t, num, &v);
			assert_int_equal(rc_seconds(t, n, &secs), want);
			while (w && t->nodes[w].kind != RC_N_STMT)
				w = rc_walk(t, w);
			assert_int_equal(w, n);
			w = rc_walk(t, w);
		}
	}
	while (w && t->nodes[w].kind != RC_N_STMT)
		w = rc_walk(t, w);
	assert_int_equal(w, 0);
}

static void test_fast_paths(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"remote 10.0.0.1 { exchange_mode main; # c\n lifetime /* x */ time 1 hour;\n"
		" proposal { encryption_algorithm aes 256; hash_algorithm sha1; authentication_method "
		"pre_shared_key; dh_group 2; } }\n",
		"sainfo anonymous { pfs_group 2; lifetime time 2 # c\n min; encryption_algorithm aes, 3des;"
		" authentication_algorithm hmac_sha1; compression_algorithm deflate; }\n",
		"timer { counter 5; interval 20 sec; phase1 30 sec; phase2 ` 15 sec; }\n",
		"remote anonymous { lifetime byte 5 MB; lifetime time 5; proposal { lifetime time 0x10 min; } }\n",
		"remote 1.2.3.4 { exchange_mode main; junk here;\nremote 1.2.3.5 { proposal { } }\n",
		"listen { isakmp 1.2.3.4 [500]; }\npath include \"/etc\"; log notify;\n}\n{\n",
		"",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		parsed *p = parse(texts[i]);
		check_fast_paths(p->t);
		done(p);
	}
	glob_t g;
	if (glob("corpus/racoon/*.conf", 0, NULL, &g) != 0)
		skip();
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *err = NULL;
		rl_source *src = rl_source_load(g.gl_pathv[i], g.gl_pathv[i], &err);
		free(err);
		if (!src)
			continue;
		rl_diags d = {0};
		rl_tree *t = rl_parse_racoon(src, &d);
		check_fast_paths(t);
		rl_tree_free(t);
		rl_source_free(src);
		rl_diags_free(&d);
	}
	globfree(&g);
}

/* rl_alg_find compares names with loads of several bytes at once: every
 * name is found, and no name that differs in one byte, or is cut short or
 * made longer, finds another entry. */
static void test_alg_find_exact(void **state)
{
	(void)state;
	static const char *const names[] = {
		RL_TEST_ALG_NAMES,
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i]);
		const rl_alg *a = rl_alg_find(names[i], n);
		assert_non_null(a);
		assert_string_equal(a->name, names[i]);
		char buf[64];
		for (size_t k = 0; k < n; k++) {
			memcpy(buf, names[i], n);
			buf[k] ^= 0x20;
			a = rl_alg_find(buf, n);
			assert_true(!a || (strlen(a->name) == n && memcmp(a->name, buf, n) == 0));
			a = rl_alg_find(names[i], k);
			assert_true(!a || (strlen(a->name) == k && memcmp(a->name, names[i], k) == 0));
		}
		memcpy(buf, names[i], n);
		buf[n] = 'x';
		assert_null(rl_alg_find(buf, n + 1));
	}
}

/* ---- tokens ---------------------------------------------------------------- */

static const struct {
	int kind;
	const char *name;
} kind_names[] = {
#define K(x) {RC_T_##x, #x}
	K(EOS), K(BOC), K(EOC), K(COMMA), K(NUMBER), K(HEXNUM), K(QSTRING), K(ADDR), K(ADDRRANGE),
	K(PREFIX), K(PORT), K(PORTANY), K(WORD), K(SWITCH), K(BOOL), K(ALGO), K(ULPROTO), K(IDTYPE),
	K(IDQUAL), K(UNIT_TIME), K(UNIT_BYTE), K(COMMENT), K(STRAY), K(REMOTE), K(SAINFO), K(PATH),
	K(INCLUDE), K(PATHTYPE), K(MODE_CFG), K(DEFAULT_DOMAIN), K(BYTE), K(TIME), K(LIFETIME),
	K(ANONYMOUS), K(ANY), K(EXCHANGE_MODE), K(EXCHANGE_TYPE), K(SPLIT_NETWORK), K(LOG),
	K(LOGLEVEL), K(ENCRYPTION_ALGORITHM), K(PROPOSAL), K(NONCE_SIZE), K(LISTEN), K(ISAKMP),
	K(BIND_PW), K(LDAPCFG), K(AUTH), K(RADIUSCFG), K(SHARED_SECRET), K(SECRET_TYPE), K(TIMER),
	K(INTERVAL), K(PADDING), K(GSS_ID_ENC), K(GSSENC_TYPE), K(SUPPORT_MIP6), K(IDENTIFIER), K(PFKEY_BUFFER),
	K(COMPRESSION_ALGORITHM), K(HOST), K(X509), K(PH1ID), K(PHASE1_HOOK), K(IKE_FRAG), K(DPD),
#undef K
};

static const char *kind_name(int kind)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (kind_names[i].kind == kind)
			return kind_names[i].name;
	return "?";
}

/* "KIND:text KIND:text ...", trivia and stray tokens marked with ~ and !,
 * secrets with $. */
static char *toks(const char *text)
{
	parsed *p = parse(text);
	rl_buf b = {0};
	for (uint32_t i = 0; i < p->t->ntoks; i++) {
		const rl_tok *k = &p->t->toks[i];
		if (i)
			rl_buf_putc(&b, ' ');
		if (k->flags & RL_TOK_TRIVIA)
			rl_buf_putc(&b, '~');
		if (k->flags & RL_TOK_ERROR)
			rl_buf_putc(&b, '!');
		if (k->flags & RL_TOK_SECRET)
			rl_buf_putc(&b, '$');
		rl_buf_printf(&b, "%s:%.*s", kind_name(k->kind), (int)k->len, p->src->data + k->off);
	}
	done(p);
	return rl_buf_take(&b);
}

#define TOKS(text, want)                               \
	do {                                           \
		char *got_ = toks(text);               \
		assert_string_equal(got_, want);       \
		free(got_);                            \
	} while (0)

static void test_tokens_values(void **state)
{
	(void)state;
	TOKS("remote 10.0.0.1 [500] {}", "REMOTE:remote ADDR:10.0.0.1 PORT:[500] BOC:{ EOC:}");
	TOKS("remote 10.0.0.1[500]{}", "REMOTE:remote ADDR:10.0.0.1 PORT:[500] BOC:{ EOC:}");
	/* digits alone are a number; hex letters make an address */
	TOKS("pfkey_buffer 10;", "PFKEY_BUFFER:pfkey_buffer NUMBER:10 EOS:;");
	TOKS("pfkey_buffer 1e;", "PFKEY_BUFFER:pfkey_buffer ADDR:1e EOS:;");
	TOKS("pfkey_buffer 0x1f;", "PFKEY_BUFFER:pfkey_buffer HEXNUM:0x1f EOS:;");
	TOKS("pfkey_buffer 0X1F;", "PFKEY_BUFFER:pfkey_buffer NUMBER:0 WORD:X1F EOS:;");
	TOKS("pfkey_buffer cafe;", "PFKEY_BUFFER:pfkey_buffer ADDR:cafe EOS:;");
	TOKS("pfkey_buffer fe80::1%eth0;", "PFKEY_BUFFER:pfkey_buffer ADDR:fe80::1%eth0 EOS:;");
	/* prefix: at most three digits glued to the slash */
	TOKS("log 10.0.0.0/24 /1234", "LOG:log ADDR:10.0.0.0 PREFIX:/24 PREFIX:/123 NUMBER:4");
	TOKS("log / 24", "LOG:log !STRAY:/ NUMBER:24");
	/* ports and ranges */
	TOKS("log [any] [ 500 ]", "LOG:log PORTANY:[any] !STRAY:[ NUMBER:500 !STRAY:]");
	TOKS("log 10.0.0.1-10.0.0.9 - 1", "LOG:log ADDR:10.0.0.1 ADDRRANGE:-10.0.0.9 !STRAY:- NUMBER:1");
	/* strings: no escapes, newlines allowed, unterminated is stray */
	TOKS("log \"a\\\"", "LOG:log QSTRING:\"a\\\"");
	TOKS("log \"a\nb\";", "LOG:log QSTRING:\"a\nb\" EOS:;");
	TOKS("log \"xyz", "LOG:log !STRAY:\" WORD:xyz");
}

static void test_tokens_keywords(void **state)
{
	(void)state;
	/* keywords beat an address of the same length; longer keywords win */
	TOKS("sainfo anonymous { compression_algorithm deflate; }",
	     "SAINFO:sainfo ANONYMOUS:anonymous BOC:{ COMPRESSION_ALGORITHM:compression_algorithm ALGO:deflate EOS:; EOC:}");
	TOKS("timer { interval 10 sec; }", "TIMER:timer BOC:{ INTERVAL:interval NUMBER:10 UNIT_TIME:sec EOS:; EOC:}");
	/* aes256 reads as aes and 256, as in racoon */
	TOKS("remote anonymous { proposal { encryption_algorithm aes256; } }",
	     "REMOTE:remote ANONYMOUS:anonymous BOC:{ PROPOSAL:proposal BOC:{ ENCRYPTION_ALGORITHM:encryption_algorithm "
	     "ALGO:aes NUMBER:256 EOS:; EOC:} EOC:}");
	/* B is a unit, not an address; outside lifetimes byte is a unit too */
	TOKS("log B KB byte", "LOG:log UNIT_BYTE:B UNIT_BYTE:KB UNIT_BYTE:byte");
	TOKS("remote anonymous { lifetime byte 1 byte; }",
	     "REMOTE:remote ANONYMOUS:anonymous BOC:{ LIFETIME:lifetime BYTE:byte NUMBER:1 BYTE:byte EOS:; EOC:}");
	/* case matters */
	TOKS("Remote REMOTE", "WORD:Remote WORD:REMOTE");
}

static void test_tokens_context(void **state)
{
	(void)state;
	/* include: a statement, a path type, a split_network mode */
	TOKS("include \"x\";", "INCLUDE:include QSTRING:\"x\" EOS:;");
	TOKS("path include \"x\";", "PATH:path PATHTYPE:include QSTRING:\"x\" EOS:;");
	TOKS("mode_cfg { split_network include 10.0.0.0/8; }",
	     "MODE_CFG:mode_cfg BOC:{ SPLIT_NETWORK:split_network INCLUDE:include ADDR:10.0.0.0 PREFIX:/8 EOS:; EOC:}");
	/* a keyword of another block is a word */
	TOKS("remote anonymous { default_domain \"x\"; }",
	     "REMOTE:remote ANONYMOUS:anonymous BOC:{ WORD:default_domain QSTRING:\"x\" EOS:; EOC:}");
	TOKS("mode_cfg { default_domain \"x\"; }",
	     "MODE_CFG:mode_cfg BOC:{ DEFAULT_DOMAIN:default_domain QSTRING:\"x\" EOS:; EOC:}");
	/* any only in a sainfo head; gss_id_enc values only after gss_id_enc */
	TOKS("log any; gss_id_enc utf-16le; log utf-16le;",
	     "LOG:log WORD:any EOS:; GSS_ID_ENC:gss_id_enc GSSENC_TYPE:utf-16le EOS:; LOG:log WORD:utf-16le EOS:;");
	/* the ';' of a path, log or head state goes back to the top level */
	TOKS("log info; log info;", "LOG:log LOGLEVEL:info EOS:; LOG:log LOGLEVEL:info EOS:;");
	TOKS("remote anonymous { support_mip6 on; }",
	     "REMOTE:remote ANONYMOUS:anonymous BOC:{ SUPPORT_MIP6:support_mip6 SWITCH:on EOS:; EOC:}");
}

/* Lexemes the scanner reads past and then gives back, as flex's backing up
 * did before the scanner took the prefixes in a rule of its own: the token
 * is the longest prefix some other rule matches, with that rule's action,
 * up to the end of the input and across a NUL byte. */
static void test_tokens_backed_up(void **state)
{
	(void)state;
	TOKS("log aes256 aes256x modp10245 modp1024;",
	     "LOG:log ALGO:aes NUMBER:256 WORD:aes256x ALGO:modp1024 NUMBER:5 ALGO:modp1024 EOS:;");
	TOKS("log host-1.2 g.h. x509 x50 ab1 ag1-", "LOG:log WORD:host ADDRRANGE:-1.2 WORD:g.h !STRAY:. "
	     "WORD:x NUMBER:509 WORD:x NUMBER:50 ADDR:ab1 WORD:ag NUMBER:1 !STRAY:-");
	TOKS("remote anonymous { x509 x50 ph1id ph1 phase1_up phase1_ phase1 ike_frag1 dpd_1 dpd- }",
	     "REMOTE:remote ANONYMOUS:anonymous BOC:{ X509:x509 WORD:x NUMBER:50 PH1ID:ph1id WORD:ph NUMBER:1 "
	     "PHASE1_HOOK:phase1_up WORD:phase1_ WORD:phase NUMBER:1 IKE_FRAG:ike_frag NUMBER:1 WORD:dpd_ NUMBER:1 "
	     "DPD:dpd !STRAY:- EOC:}");
	TOKS("log 3i 3id 3ide 3idea 3ideas 3des 0x 0xg 0x1f",
	     "LOG:log NUMBER:3 WORD:i NUMBER:3 WORD:id NUMBER:3 WORD:ide ALGO:3idea ALGO:3idea WORD:s ALGO:3des "
	     "NUMBER:0 WORD:x NUMBER:0 WORD:xg HEXNUM:0x1f");
	TOKS("log [a [an [any [anyx [12 [12x [any] [1]",
	     "LOG:log !STRAY:[ ADDR:a !STRAY:[ WORD:an !STRAY:[ WORD:any !STRAY:[ WORD:anyx !STRAY:[ NUMBER:12 "
	     "!STRAY:[ NUMBER:12 WORD:x PORTANY:[any] PORT:[1]");
	/* a top-level keyword at the start of a line ends the block */
	TOKS("remote anonymous {\nremote1", "REMOTE:remote ANONYMOUS:anonymous BOC:{ REMOTE:remote NUMBER:1");
	/* at the end of the input */
	TOKS("log aes2", "LOG:log ALGO:aes NUMBER:2");
	TOKS("log 0x", "LOG:log NUMBER:0 WORD:x");
	TOKS("log \"xy; log info;", "LOG:log !STRAY:\" WORD:xy EOS:; LOG:log LOGLEVEL:info EOS:;");
	parsed *p = parse_n("log \"x\0y", 8);
	assert_int_equal(p->t->ntoks, 5);
	assert_int_equal(p->t->toks[1].kind, RC_T_STRAY);
	assert_int_equal(p->t->toks[1].len, 1);
	assert_int_equal(p->t->toks[2].kind, RC_T_WORD);
	assert_int_equal(p->t->toks[3].kind, RC_T_STRAY);
	assert_int_equal(p->t->toks[4].off, 7);
	done(p);
}

static void test_tokens_trivia(void **state)
{
	(void)state;
	TOKS("log info; # note\n", "LOG:log LOGLEVEL:info EOS:; ~COMMENT:# note");
	/* CR before a line break stays in the gap; elsewhere it is stray */
	TOKS("log info;\r\nlog\rinfo;", "LOG:log LOGLEVEL:info EOS:; LOG:log !STRAY:\r LOGLEVEL:info EOS:;");
	TOKS("log info;\r", "LOG:log LOGLEVEL:info EOS:;");
	/* a comma: ignored in a remote body, a token in sainfo, stray elsewhere */
	TOKS("remote anonymous { exchange_mode main,base; }",
	     "REMOTE:remote ANONYMOUS:anonymous BOC:{ EXCHANGE_MODE:exchange_mode EXCHANGE_TYPE:main "
	     "~COMMA:, EXCHANGE_TYPE:base EOS:; EOC:}");
	TOKS("log info,", "LOG:log LOGLEVEL:info !STRAY:,");
	TOKS("@log", "!STRAY:@ LOG:log");
	TOKS("log \x01\x02 x", "LOG:log !STRAY:\x01\x02 WORD:x");
}

static void test_tokens_secrets(void **state)
{
	(void)state;
	TOKS("ldapcfg { bind_pw \"pw\"; host \"h\"; }",
	     "LDAPCFG:ldapcfg BOC:{ BIND_PW:bind_pw $QSTRING:\"pw\" EOS:; HOST:host QSTRING:\"h\" EOS:; EOC:}");
	TOKS("radiuscfg { auth \"h\" 1812 \"s\"; }",
	     "RADIUSCFG:radiuscfg BOC:{ AUTH:auth QSTRING:\"h\" NUMBER:1812 $QSTRING:\"s\" EOS:; EOC:}");
	TOKS("remote anonymous { shared_secret use \"k\"; shared_secret keychain \"n\"; }",
	     "REMOTE:remote ANONYMOUS:anonymous BOC:{ SHARED_SECRET:shared_secret SECRET_TYPE:use $QSTRING:\"k\" EOS:; "
	     "SHARED_SECRET:shared_secret SECRET_TYPE:keychain QSTRING:\"n\" EOS:; EOC:}");
	/* unquoted secrets are masked too */
	TOKS("ldapcfg { bind_pw hunter2; } radiuscfg { auth \"h\" 1812 s3cret; }",
	     "LDAPCFG:ldapcfg BOC:{ BIND_PW:bind_pw $WORD:hunter $NUMBER:2 EOS:; EOC:} RADIUSCFG:radiuscfg BOC:{ "
	     "AUTH:auth QSTRING:\"h\" NUMBER:1812 $WORD:s3cret EOS:; EOC:}");
	parsed *p = parse("radiuscfg { acct \"h\" \"s1\"; }");
	assert_int_equal(p->src->nsecrets, 1);
	assert_true(rl_source_is_secret(p->src, (uint32_t)(strstr(p->src->data, "s1") - p->src->data)));
	done(p);
}

/* ---- node layout -------------------------------------------------------------- */

static char *dump(const char *text)
{
	parsed *p = parse(text);
	char *s = rc_dump(p->t);
	done(p);
	return s;
}

#define TREE(text, want)                               \
	do {                                           \
		char *got_ = dump(text);               \
		assert_string_equal(got_, want);       \
		free(got_);                            \
	} while (0)

/* The line table of a source, built in one pass with a guessed size, is
 * the list of line starts a byte-by-byte walk finds: texts of every length
 * up to a few thousand bytes, from no line break to nothing else. */
static void test_source_lines(void **state)
{
	(void)state;
	static char text[4096];
	srand(11);
	for (int it = 0; it < 2000; it++) {
		size_t n = (size_t)(it < 1000 ? it : rand() % (int)sizeof text);
		int every = 1 + rand() % 40; /* one byte in 'every' is a line break */
		for (size_t i = 0; i < n; i++)
			text[i] = rand() % every == 0 ? '\n' : (rand() % 8 ? 'a' : '\r');
		rl_source *src = rl_source_from_mem("t.conf", text, n);
		uint32_t want = 1;
		assert_int_equal(src->lines[0], 0);
		for (size_t i = 0; i < n; i++)
			if (text[i] == '\n') {
				assert_true(want < src->nlines);
				assert_int_equal(src->lines[want], i + 1);
				want++;
			}
		assert_int_equal(src->nlines, want);
		rl_source_free(src);
	}
}

static void test_layout(void **state)
{
	(void)state;
	TREE("path pre_shared_key \"/p\";", "(file (stmt path pre_shared_key \"/p\"))");
	TREE("listen { isakmp 1.2.3.4 [500]; }", "(file (block listen { (stmt isakmp (addr 1.2.3.4 [500])) }))");
	TREE("remote \"a\" inherit \"b\";", "(file (remote remote (addr \"a\") (inherit inherit (addr \"b\"))))");
	TREE("remote 10.0.0.0/8 [500] { }", "(file (remote remote (addr 10.0.0.0 /8 [500]) { }))");
	TREE("remote anonymous { my_identifier keyid tag \"k\"; exchange_mode main aggressive;"
	     " proposal { encryption_algorithm aes 256; dh_group 14; } }",
	     "(file (remote remote (addr anonymous) { (stmt my_identifier (id keyid tag \"k\")) "
	     "(stmt exchange_mode main aggressive) (proposal proposal { (stmt encryption_algorithm (alg aes 256)) "
	     "(stmt dh_group 14) }) }))");
	TREE("sainfo anonymous { encryption_algorithm aes 128, 3des; }",
	     "(file (sainfo sainfo (said anonymous) { (stmt encryption_algorithm (alg aes 128) , (alg 3des)) }))");
	TREE("sainfo address 10.0.0.1-10.0.0.9 /24 [any] tcp subnet ::/0 any from fqdn \"x\" { }",
	     "(file (sainfo sainfo (said address 10.0.0.1 -10.0.0.9 /24 [any] tcp) (said subnet :: /0 any) "
	     "(saparam from (id fqdn \"x\")) { }))");
	TREE("sainfo fqdn \"a\" clientaddr group \"g\" { }",
	     "(file (sainfo sainfo (said fqdn \"a\") (said clientaddr) (saparam group \"g\") { }))");
}

static void test_value_accessors(void **state)
{
	(void)state;
	parsed *p = parse("remote anonymous { exchange_mode main; proposal { encryption_algorithm aes 256; "
			  "dh_group modp2048; } proposal { encryption_algorithm 3des; dh_group 5; "
			  "lifetime time 30 min; } proposal { dh_group 7; } }\n"
			  "timer { phase1 2 min; interval 10; }\n");
	const rl_tree *t = p->t;
	uint32_t r = rc_child(t, t->root, RC_N_REMOTE);
	uint32_t p1 = rc_child(t, r, RC_N_PROPOSAL), p2 = rc_next(t, p1, RC_N_PROPOSAL);
	uint32_t p3 = rc_next(t, p2, RC_N_PROPOSAL);
	unsigned long keylen, secs;
	const rl_alg *a = rc_alg(t, rc_child(t, rc_stmt(t, p1, RC_T_ENCRYPTION_ALGORITHM), RC_N_ALG), &keylen);
	assert_string_equal(a->canon, "aes");
	assert_int_equal(keylen, 256);
	a = rc_alg(t, rc_child(t, rc_stmt(t, p2, RC_T_ENCRYPTION_ALGORITHM), RC_N_ALG), &keylen);
	assert_string_equal(a->canon, "3des");
	assert_int_equal(keylen, 0);
	assert_int_equal(rc_dh_value(t, rc_arg(t, rc_stmt(t, p1, RC_T_DH_GROUP), 0)), 14);
	assert_int_equal(rc_dh_value(t, rc_arg(t, rc_stmt(t, p2, RC_T_DH_GROUP), 0)), 5);
	assert_int_equal(rc_dh_value(t, rc_arg(t, rc_stmt(t, p3, RC_T_DH_GROUP), 0)), 0);
	assert_true(rc_seconds(t, rc_stmt(t, p2, RC_T_LIFETIME), &secs));
	assert_int_equal(secs, 1800);
	uint32_t timer = rc_next(t, r, RC_N_BLOCK);
	assert_true(rc_seconds(t, rc_stmt(t, timer, RC_T_PHASE1), &secs));
	assert_int_equal(secs, 120);
	assert_false(rc_seconds(t, rc_stmt(t, timer, RC_T_INTERVAL), &secs));
	done(p);
}

static void test_accessors(void **state)
{
	(void)state;
	parsed *p = parse("remote 192.0.2.1 [4500] inherit anonymous { lifetime time 2 hour; }\n"
			  "sainfo anonymous { }\n"
			  "sainfo address 10.0.0.0/24 [80] tcp anonymous { }\n");
	const rl_tree *t = p->t;
	uint32_t r = rc_child(t, t->root, RC_N_REMOTE);
	assert_true(r != 0);
	rc_addr a;
	rc_addr_get(t, rc_remote_head(t, r), &a);
	assert_true(rl_tok_is(t, a.addr, "192.0.2.1"));
	assert_true(rl_tok_is(t, a.port, "[4500]"));
	assert_int_equal(a.name, RC_NONE);
	rc_addr_get(t, rc_remote_parent(t, r), &a);
	assert_true(rl_tok_is(t, a.anon, "anonymous"));
	uint32_t life = rc_stmt(t, r, RC_T_LIFETIME);
	assert_true(rl_tok_is(t, rc_arg(t, life, 0), "time"));
	unsigned long v = 0;
	assert_true(rc_tok_ulong(t, rc_arg(t, life, 1), &v));
	assert_int_equal(v, 2);
	assert_true(rl_tok_is(t, rc_arg(t, life, 2), "hour"));
	assert_int_equal(rc_arg(t, life, 3), RC_NONE);
	assert_true(rc_seconds(t, life, &v));
	assert_int_equal(v, 7200);

	uint32_t sa = rc_child(t, t->root, RC_N_SAINFO);
	uint32_t loc, rem;
	rc_sainfo_ids(t, sa, &loc, &rem);
	assert_int_equal(loc, rem);
	sa = rc_next(t, sa, RC_N_SAINFO);
	rc_sainfo_ids(t, sa, &loc, &rem);
	rc_said s;
	rc_said_get(t, loc, &s);
	assert_true(rl_tok_is(t, s.prefix, "/24"));
	assert_true(rl_tok_is(t, s.port, "[80]"));
	assert_true(rl_tok_is(t, s.proto, "tcp"));
	assert_true(rc_tok_ulong(t, s.port, &v));
	assert_int_equal(v, 80);
	rc_said_get(t, rem, &s);
	assert_true(s.anon != RC_NONE);
	done(p);
}

/* ---- findings -------------------------------------------------------------------- */

/* "LINE:COL rule: message" per finding, one per line, in file order. */
static char *findings(const char *text)
{
	parsed *p = parse(text);
	rl_diags_sort(&p->d);
	rl_buf b = {0};
	for (size_t i = 0; i < p->d.n; i++) {
		const rl_diag *dg = &p->d.v[i];
		uint32_t line, col;
		rl_source_pos(p->src, dg->loc.span.start, &line, &col);
		rl_buf_printf(&b, "%u:%u %s%s: %s\n", line, col, rl_rule_get(dg->rule)->name,
			      dg->sev == RL_SEV_WARNING ? "(w)" : "", dg->message);
	}
	done(p);
	return rl_buf_take(&b);
}

#define FINDINGS(text, want)                           \
	do {                                           \
		char *got_ = findings(text);           \
		assert_string_equal(got_, want);       \
		free(got_);                            \
	} while (0)

static const char good_remote[] =
	"remote anonymous {\n"
	"\texchange_mode main;\n"
	"\tproposal {\n"
	"\t\tencryption_algorithm aes;\n"
	"\t\thash_algorithm sha256;\n"
	"\t\tauthentication_method pre_shared_key;\n"
	"\t\tdh_group modp2048;\n"
	"\t}\n"
	"}\n";

static void test_valid_files(void **state)
{
	(void)state;
	FINDINGS(good_remote, "");
	FINDINGS("sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha1; "
		 "compression_algorithm deflate; }", "");
	FINDINGS("", "");
	FINDINGS("# only a comment", "");
}

static void test_syntax_messages(void **state)
{
	(void)state;
	FINDINGS("remote anonymous {\n\tdpd_delay 20\n\texchange_mode main;\n}\n",
		 "2:14 syntax-error: expected ';' after 'dpd_delay 20'\n");
	FINDINGS("mode_cfg {\n  dns4 8.8.8.8, 8.8.4.4\n  default_domain \"x\";\n}\n",
		 "2:24 syntax-error: expected ';' after 'dns4 8.8.8.8, 8.8.4.4'\n");
	FINDINGS("mode_cfg { dns4 8.8.8.8 default_domain \"x\"; }\n",
		 "1:25 syntax-error: unexpected 'default_domain', expected ';' or ','\n");
	FINDINGS("remote anonymous { default_domain \"x\"; }\n",
		 "1:20 syntax-error: unexpected 'default_domain' in a remote block ('default_domain' belongs in a "
		 "mode_cfg block)\n");
	FINDINGS("sainfo anonymous { my_identifier fqdn \"x\"; encryption_algorithm aes; }\n",
		 "1:20 syntax-error: unexpected 'my_identifier' in a sainfo block ('my_identifier' belongs in a "
		 "remote block)\n");
	FINDINGS("remote anonymous { exchange_mode main lifetime time 1 hour; }\n",
		 "1:39 syntax-error: unexpected 'lifetime', expected ';' or exchange mode\n");
	FINDINGS("log loud;\n", "1:5 syntax-error: unexpected 'loud', expected quoted string or log level\n");
	FINDINGS("padding { randomize on; };\n", "1:26 syntax-error: unexpected ';' at top level\n");
	FINDINGS("listen { isakmp gw.example.org; }\n",
		 "1:17 syntax-error: unexpected 'gw.example.org', expected address\n");
	FINDINGS("timer { interval 10; }\n",
		 "1:20 syntax-error: expected a time unit (sec, min or hour) after '10'\n");
	FINDINGS("remote anonymous { passive yes; }\n",
		 "1:1 remote-incomplete: no exchange mode: racoon requires 'exchange_mode' (main, aggressive or base) in a remote block\n"
		 "1:1 remote-incomplete: remote block has no proposal: racoon requires at least one\n"
		 "1:28 syntax-error: racoon takes 'on' or 'off' here, not 'yes'\n");
	FINDINGS("path include \"/etc/\nracoon\";\n",
		 "1:14 syntax-error(w): a line break inside a quoted string: racoon takes it, but its line numbers are "
		 "wrong after it\n");
	FINDINGS("remote anonymous\n\texchange_mode main;\n",
		 "1:17 syntax-error: expected '{' after 'remote anonymous'\n");
	FINDINGS("pfkey_buffer 0x20;\n", "1:14 syntax-error: racoon takes no hexadecimal number: write '0x20' as 32\n");
	FINDINGS("sainfo anonymous;\n", "1:17 syntax-error: unexpected ';', expected '{', identifier type, 'group', 'clientaddr' or 'from'\n");
	FINDINGS("remote anonymous;\n", "1:17 syntax-error: expected '{': only a remote block with 'inherit' may end with ';'\n");
	FINDINGS("log info;\n}\n", "2:1 syntax-error: unexpected '}': no block is open\n");
	FINDINGS("log info; @\n", "1:11 syntax-error(w): stray character '@': racoon ignores it here; remove it\n");
	FINDINGS("pfkey_buffer @5;\n", "1:14 syntax-error: stray character '@' before '5': racoon reads them as one value\n");
	FINDINGS("log", "1:4 syntax-error: unexpected end of file, expected quoted string or log level\n");
}

static void test_unclosed(void **state)
{
	(void)state;
	FINDINGS("remote anonymous {\n\texchange_mode main;\n\tproposal {\n\t\tdh_group 2;\n"
		 "sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha1; "
		 "compression_algorithm deflate; }\n",
		 "4:14 syntax-error: expected '}' before 'sainfo': the 'proposal' block opened on line 3 and the "
		 "'remote' block opened on line 1 are not closed\n");
	FINDINGS("padding {\n\trandomize on;\n",
		 "2:15 syntax-error: expected '}' before the end of the file: the 'padding' block opened on line 1 is not closed\n");
	/* a keyword of the top level in the middle of a line is only a word */
	FINDINGS("padding { randomize on; log info; }\n",
		 "1:25 syntax-error: unexpected 'log' in a padding block ('log' belongs at top level)\n");
}

static void test_recovery(void **state)
{
	(void)state;
	/* one run reports every fault, and the statements between parse */
	const char *text =
		"log notify\n"                               /* 1 */
		"remote anonymous {\n"                       /* 2 */
		"\texchange_mode main\n"                     /* 3 */
		"\tnonce_size 16;\n"                         /* 4 */
		"\tbogus 1;\n"                               /* 5 */
		"\tproposal {\n"                             /* 6 */
		"\t\tencryption_algorithm aes;\n"            /* 7 */
		"\t\thash_algorithm sha1 junk;\n"            /* 8 */
		"\t\tauthentication_method pre_shared_key;\n" /* 9 */
		"\t\tdh_group 2;\n"                          /* 10 */
		"\t}\n"                                      /* 11 */
		"}\n"                                        /* 12 */
		"sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha1 }\n" /* 13 */
		"timer { counter 5 }\n";                     /* 14 */
	FINDINGS(text,
		 "1:11 syntax-error: expected ';' after 'log notify'\n"
		 "3:20 syntax-error: expected ';' after 'exchange_mode main'\n"
		 "5:2 syntax-error: unexpected 'bogus' in a remote block\n"
		 "8:23 syntax-error: unexpected 'junk', expected ';' or number\n"
		 "13:81 syntax-error: unexpected '}', expected ';', ',' or number\n"
		 "14:19 syntax-error: unexpected '}', expected ';'\n");
	parsed *p = parse(text);
	char *s = rc_dump(p->t);
	assert_non_null(strstr(s, "(stmt nonce_size 16)"));
	assert_non_null(strstr(s, "(stmt dh_group 2)"));
	assert_non_null(strstr(s, "(stmt encryption_algorithm (alg aes))"));
	free(s);
	done(p);
}

static void test_error_cap(void **state)
{
	(void)state;
	rl_buf b = {0};
	for (int i = 0; i < 500; i++)
		rl_buf_puts(&b, "bogus;\n");
	parsed *p = parse_n(b.data, b.len);
	assert_int_equal(p->d.n, RL_MAX_SYNTAX_ERRORS + 1);
	assert_non_null(strstr(p->d.v[p->d.n - 1].message, "too many"));
	done(p);
	rl_buf_free(&b);
	/* deep braces: no recursion, one clear error */
	rl_buf_puts(&b, "remote anonymous {");
	for (int i = 0; i < 10000; i++)
		rl_buf_puts(&b, "{");
	p = parse_n(b.data, b.len);
	bool deep = false;
	for (size_t i = 0; i < p->d.n; i++)
		if (strstr(p->d.v[i].message, "nested more than"))
			deep = true;
	assert_true(deep);
	assert_null(rl_tree_check_lossless(p->t));
	done(p);
	rl_buf_free(&b);
}

static void test_values(void **state)
{
	(void)state;
	FINDINGS("remote anonymous { exchange_mode main; proposal { encryption_algorithm aes 100; "
		 "hash_algorithm hmac_sha1; authentication_method hmac_md5; dh_group ec2n155; } }",
		 "1:76 invalid-value: invalid key length 100 for 'aes' (128, 192 or 256)\n"
		 "1:96 invalid-value: 'hmac_sha1' is a phase 2 authentication algorithm, not a phase 1 hash algorithm\n"
		 "1:129 invalid-value: 'hmac_md5' is a phase 2 authentication algorithm, not a phase 1 authentication method\n"
		 "1:148 invalid-value: racoon does not take 'ec2n155' as a DH group (must be DH group); the EC2N groups are not supported\n");
	FINDINGS("remote anonymous { exchange_mode main; proposal { encryption_algorithm 3des 192; hash_algorithm tiger; "
		 "authentication_method rsasig; dh_group 19; } }",
		 "1:77 invalid-value: '3des' has a fixed key length: racoon refuses a key length (keylen not allowed)\n"
		 "1:97 invalid-value: racoon does not take 'tiger' as a phase 1 hash algorithm\n"
		 "1:143 invalid-value: 19 is not a DH group racoon knows (1, 2, 5, 14 to 18) (must be DH group)\n");
	FINDINGS("sainfo anonymous { encryption_algorithm blowfish 449, rc4; authentication_algorithm sha1; "
		 "compression_algorithm deflate; pfs_group 3; lifetime byte 1 MB; }",
		 "1:50 invalid-value: invalid key length 449 for 'blowfish' (40 to 448 in steps of 8)\n"
		 "1:85 invalid-value: 'sha1' is a phase 1 hash algorithm, not a phase 2 authentication algorithm\n"
		 "1:135 invalid-value: racoon no longer supports byte lifetimes (phase 2): use 'lifetime time'\n");
	FINDINGS("remote 10.0.0.1.2 [65536] { exchange_mode main; dh_group 2; }",
		 "1:1 remote-incomplete: remote block has no proposal: racoon requires at least one\n"
		 "1:8 invalid-value: '10.0.0.1.2' is not a numeric IPv4 or IPv6 address (racoon resolves no names)\n"
		 "1:19 invalid-value: port '[65536]' is out of range (0 to 65535)\n"
		 "1:49 invalid-value: dh_group cannot be defined here: set it in each proposal\n");
	FINDINGS("sainfo address 10.0.0.0/33 icmp address ::1 [500] icmp6 { }",
		 "1:1 sainfo-incomplete: sainfo lacks encryption_algorithm, authentication_algorithm and compression_algorithm: racoon requires encryption_algorithm, authentication_algorithm and compression_algorithm in every sainfo\n"
		 "1:24 invalid-value: prefix '/33' is longer than an IPv4 address (32 bits)\n"
		 "1:45 invalid-value: with icmp the port must be [any] or absent (port number must be \"any\")\n");
	FINDINGS("sainfo address ::1 icmp asn1dn \"x\" { encryption_algorithm aes; authentication_algorithm "
		 "non_auth; compression_algorithm deflate; }",
		 "1:20 invalid-value: icmp does not go with an IPv6 address (upper layer protocol mismatched)\n"
		 "1:25 invalid-value: asn1dn cannot name a phase 2 identity (id type forbidden)\n");
	FINDINGS("mode_cfg { network4 ::1; dns4 1.1.1.1, 1.1.1.2, 1.1.1.3, 1.1.1.4; split_network include 10.0.0.0/40; }",
		 "1:21 invalid-value: '::1' is not a numeric IPv4 network address\n"
		 "1:58 invalid-value: no more than 3 DNS servers (racoon refuses more)\n"
		 "1:97 invalid-value: prefix '/40' is longer than an IPv4 address (32 bits)\n");
	FINDINGS("listen { adminsock \"/var/run/x\" \"root\" \"wheel\" 680; } ldapcfg { version 4; }",
		 "1:20 invalid-value: admin socket path \"/var/run/x\" is not allowed: racoon wants a name ending in .sock or .socket, and no '..'\n"
		 "1:48 invalid-value: admin socket mode 680 is not valid: write octal digits, at most 777\n"
		 "1:73 invalid-value: invalid ldap protocol version (2 or 3)\n");
	FINDINGS("remote anonymous { exchange_mode main; my_identifier fqdn \"\"; peers_identifier user_fqdn; "
		 "xauth_login; proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method "
		 "pre_shared_key; gss_id \"h\"; dh_group 2; } }",
		 "1:59 invalid-value: my_identifier fqdn is empty\n"
		 "1:80 invalid-value: peers_identifier user_fqdn needs a value\n"
		 "1:91 invalid-value: xauth_login needs a login name\n"
		 "1:200 invalid-value: gss_id must follow 'authentication_method gssapi_krb' in the same proposal (wrong Vendor ID for gssapi_id)\n");
}

static void test_values_more(void **state)
{
	(void)state;
	FINDINGS("log info; { }", "1:11 syntax-error: unexpected '{': no block opens here\n");
	FINDINGS("remote 10.0.0.1 { exchange_mode main; ike_version 2; certificate_verification sec_framework "
		 "use_peers_identifier; certificate_type x509 \"a\" \"b\"; certificate_type plain_rsa \"c\"; "
		 "proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; "
		 "dh_group 2; } }",
		 "1:51 invalid-value: racoon speaks IKE version 1 only\n"
		 "1:54 remote-incomplete: use_peers_identifier needs a peers_identifier line\n"
		 "1:146 invalid-value: certificate_type already defined on line 1 (racoon refuses a second one)\n");
	FINDINGS("radiuscfg { auth \"a\" \"s\"; auth \"a\" \"s\"; auth \"a\" \"s\"; auth \"a\" \"s\"; "
		 "auth \"a\" \"s\"; auth \"a\" 70000 \"s\"; }",
		 "1:83 invalid-value: no more than 5 radius auth servers (racoon refuses more)\n"
		 "1:92 invalid-value: port 70000 is out of range (0 to 65535)\n");
	FINDINGS("mode_cfg { wins4 1.1.1.1, 1.1.1.2; wins4 1.1.1.3, 1.1.1.4, 1.1.1.5; }",
		 "1:60 invalid-value: no more than 4 WINS servers (racoon refuses more)\n");
	FINDINGS("remote \"a\" inherit \"b\" { remote_address 10.0.0.1; }",
		 "1:26 invalid-value: remote_address already specified: only a 'remote \"NAME\"' block that "
		 "inherits nothing can set it\n");
	FINDINGS("sainfo address 10.0.0.1-::2 any address 10.0.0.3 300 from fqdn { encryption_algorithm aes; "
		 "authentication_algorithm hmac_sha1; compression_algorithm deflate; }",
		 "1:24 invalid-value: range end '-::2' is not a numeric address of the same family\n"
		 "1:50 invalid-value: protocol number 300 is out of range (0 to 255)\n"
		 "1:54 invalid-value: 'from' needs an identity value after the type\n");
}

static void test_close_checks(void **state)
{
	(void)state;
	FINDINGS("remote anonymous { exchange_mode aggressive;\n"
		 " proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }\n"
		 " proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 14; }\n}",
		 "3:98 remote-incomplete: with aggressive mode every proposal needs the same DH group (here 14, before 2)\n");
	FINDINGS("remote anonymous { exchange_mode aggressive main; proposal { encryption_algorithm aes; "
		 "hash_algorithm sha1; authentication_method pre_shared_key; dh_group 4; } }",
		 "1:147 remote-incomplete: DH group 4 cannot be used in aggressive mode: racoon cannot compute it (failed to set DH value)\n");
	FINDINGS("remote anonymous { exchange_mode; my_identifier asn1dn; proposal { hash_algorithm sha1; } }",
		 "1:20 remote-incomplete: no exchange mode: racoon requires 'exchange_mode' (main, aggressive or base) in a remote block\n"
		 "1:35 remote-incomplete: my_identifier asn1dn needs a DN string or a 'certificate_type x509' line (ASN1 ID not specified and no CERT defined)\n"
		 "1:57 remote-incomplete: proposal lacks encryption_algorithm, authentication_method and dh_group: racoon requires encryption_algorithm, hash_algorithm, authentication_method and dh_group\n");
	/* PlainRSA keys are checked when the method is read */
	FINDINGS("remote anonymous { exchange_mode main; peers_certfile plain_rsa \"p.pub\"; proposal { "
		 "encryption_algorithm aes; hash_algorithm sha1; authentication_method rsasig; dh_group 2; } "
		 "certificate_type plain_rsa \"k\"; }",
		 "1:154 invalid-value: rsasig with 'peers_certfile plain_rsa' needs a 'certificate_type plain_rsa' "
		 "line before this proposal (Private PlainRSA key not set)\n");
	/* an inheriting block may take both from its parent */
	FINDINGS("remote \"a\" inherit \"b\" { passive on; }",
		 "");
	/* a block with a syntax error is not checked for completeness */
	FINDINGS("remote anonymous { foo; }",
		 "1:20 syntax-error: unexpected 'foo' in a remote block\n");
}

/* ---- dialects --------------------------------------------------------------------- */

static void test_apple(void **state)
{
	(void)state;
	parsed *p = parse("timer { auto_exit_delay 3 sec; }\n"
			  "remote 10.0.0.0/8 { exchange_mode main; shared_secret use \"s\"; support_mip6 on;\n"
			  " ike_version 1; local_address 10.0.0.1; certificate_verification sec_framework use_peers_identifier;\n"
			  " peers_identifier fqdn \"p\"; certificate_type x509 in_keychain; open_dir_auth_group \"g\";\n"
			  " nat_traversal_multi_user on; nat_traversal_keepalive off; dpd_algorithm dpd_blackhole_detect;\n"
			  " disconnect_on_idle idle_timeout 600 idle_direction idle_outbound;\n"
			  " proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method eap_psk_client; dh_group 2; } }\n"
			  "log \"x\";\npath logfile \"/var/log/racoon.log\";\nidentifier fqdn \"me\";\n");
	assert_int_equal(p->d.n, 0);
	assert_int_equal(p->t->dialect, RC_DIALECT_APPLE);
	uint32_t r = rc_child(p->t, p->t->root, RC_N_REMOTE);
	assert_true(p->t->nodes[rc_remote_head(p->t, r)].flags & RC_NF_APPLE);
	assert_true(p->t->nodes[rc_stmt(p->t, r, RC_T_SHARED_SECRET)].flags & RC_NF_APPLE);
	assert_true(p->t->nodes[rc_stmt(p->t, r, RC_T_SUPPORT_MIP6)].flags & RC_NF_KAME);
	done(p);
	/* shared_secret without a value only for keychain_by_id */
	FINDINGS("remote anonymous { exchange_mode main; shared_secret use; shared_secret keychain_by_id; "
		 "proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; "
		 "dh_group 2; } }",
		 "1:40 invalid-value: shared secret value missing\n");
}

static void test_kame(void **state)
{
	(void)state;
	const char *text = "identifier user_fqdn \"a@b\";\n"
			   "remote anonymous {\n\texchange_mode main;\n\tidentifier user_fqdn;\n\tkeepalive;\n"
			   "\tproposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }\n"
			   "}\nlisten { admin [7002]; }\nlog debug3;\n";
	FINDINGS(text,
		 "1:1 syntax-error: 'identifier' at top level is old KAME syntax (Apple's racoon still takes it, "
		 "ipsec-tools' does not): write 'my_identifier' in each remote block\n"
		 "4:2 syntax-error: 'identifier' inside a remote block is old KAME syntax: write 'my_identifier'\n"
		 "5:2 syntax-error: 'keepalive' is old KAME syntax that racoon no longer accepts (see dpd_delay)\n"
		 "8:10 syntax-error: 'admin' is old KAME syntax that racoon no longer accepts: use 'adminsock'\n"
		 "9:5 syntax-error: log level 'debug3' exists only in KAME's and Apple's racoon: write 'debug2'\n");
	parsed *p = parse(text);
	assert_int_equal(p->t->dialect, RC_DIALECT_KAME);
	done(p);
}

static void test_not_apple(void **state)
{
	(void)state;
	parsed *p = parse("privsep { user 0; }\nremote \"a\" { remote_address 1.2.3.4; exchange_mode base; "
			  "proposal { encryption_algorithm camellia; hash_algorithm sha1; authentication_method "
			  "pre_shared_key; dh_group 2; } }\n");
	assert_int_equal(p->d.n, 0);
	assert_int_equal(p->t->dialect, RC_DIALECT_NOT_APPLE);
	done(p);
}

/* The dialect of the real files whose racoon -t verdicts differ from what
 * racoonlint says (tests/realworld-parse-racoon.test.sh); skipped when the
 * shared folder is not next to the sources. */
static void test_realworld_dialects(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		int dialect;
	} files[] = {
		{"apple-ipsec-sample/racoon.conf", RC_DIALECT_APPLE},
		{"apple-ipsec-sample/anonymous.conf", RC_DIALECT_APPLE},
		{"uint2048-spice/racoon.conf", RC_DIALECT_APPLE},
		{"ios-rootfs-iblessing/racoon.conf", RC_DIALECT_APPLE},
		{"kame-racoon-sample-2000/racoon.conf.sample", RC_DIALECT_KAME},
	};
	const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *path = rl_xasprintf("%s/realworld/%s", shared, files[i].path);
		char *err = NULL;
		rl_source *src = rl_source_load(path, path, &err);
		free(path);
		if (!src) {
			free(err);
			skip();
		}
		rl_diags d = {0};
		rl_tree *t = rl_parse_racoon(src, &d);
		assert_int_equal(t->dialect & (RC_DIALECT_APPLE | RC_DIALECT_KAME), files[i].dialect);
		assert_int_equal(t->nerrors > 0, files[i].dialect == RC_DIALECT_KAME);
		rl_tree_free(t);
		rl_source_free(src);
		rl_diags_free(&d);
	}
}

/* ---- lossless ------------------------------------------------------------------------ */

static void check_tree(const rl_tree *t, const char *data, size_t n)
{
	assert_null(rl_tree_check_lossless(t));
	rl_buf b = {0};
	rl_tree_print(t, &b);
	assert_int_equal(b.len, n);
	assert_memory_equal(b.data ? b.data : "", data, n);
	rl_buf_free(&b);
	for (uint32_t i = 1; i < t->nnodes; i++) {
		const rl_node *nd = &t->nodes[i];
		if (nd->last >= nd->first)
			assert_true(nd->last < t->ntoks);
		for (uint32_t c = nd->child; c; c = t->nodes[c].next) {
			assert_int_equal(t->nodes[c].parent, i);
			if (t->nodes[c].last >= t->nodes[c].first && nd->last >= nd->first) {
				assert_true(t->nodes[c].first >= nd->first);
				assert_true(t->nodes[c].last <= nd->last);
			}
		}
	}
}

static void test_lossless_fixed(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"", "\n", "log info;", "log info;\r\n", "\r\n\r\n", "\0\0\0", "remote {{{ }}} ;;;",
		"\"unterminated\nstring", "#comment without newline", "sainfo address 10.0.0.1-",
		"\xff\xfe\x80 log", "remote anonymous {\r\n\texchange_mode main;\r\n}\r\n",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = i == 5 ? 3 : strlen(cases[i]);
		parsed *p = parse_n(cases[i], n);
		check_tree(p->t, cases[i], n);
		done(p);
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static void test_lossless_random(void **state)
{
	(void)state;
	static const char *const words[] = {
		"remote", "sainfo", "anonymous", "{", "}", ";", ",", "proposal", "exchange_mode", "main",
		"encryption_algorithm", "aes", "256", "10.0.0.1", "/24", "[500]", "[any]", "-1.2.3.4", "\"s\"",
		"\"", "#c\n", "\r\n", "\r", "\n", " ", "\t", "path", "include", "mode_cfg", "split_network",
		"lifetime", "time", "byte", "hour", "log", "info", "padding", "listen", "isakmp", "timer",
		"ldapcfg", "bind_pw", "radiuscfg", "auth", "identifier", "fqdn", "shared_secret", "use",
		"0x1f", "yes", "on", "dh_group", "2", "inherit", "from", "group", "icmp6", "privsep",
	};
	for (int iter = 0; iter < 3000; iter++) {
		rl_buf b = {0};
		int pieces = (int)(rnd() % 60);
		for (int k = 0; k < pieces; k++) {
			uint32_t r = rnd();
			if (r % 5 == 0) {
				rl_buf_putc(&b, (char)(rnd() & 0xff));
			} else {
				rl_buf_puts(&b, words[rnd() % (sizeof words / sizeof words[0])]);
				if (r % 3)
					rl_buf_putc(&b, ' ');
			}
		}
		parsed *p = parse_n(b.data ? b.data : "", b.len);
		check_tree(p->t, b.data ? b.data : "", b.len);
		for (size_t i = 0; i < p->d.n; i++)
			assert_true(p->d.v[i].loc.span.end <= p->src->len);
		done(p);
		rl_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_values),
		cmocka_unit_test(test_tokens_keywords),
		cmocka_unit_test(test_tokens_context),
		cmocka_unit_test(test_tokens_backed_up),
		cmocka_unit_test(test_tokens_trivia),
		cmocka_unit_test(test_tokens_secrets),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_source_lines),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_value_accessors),
		cmocka_unit_test(test_valid_files),
		cmocka_unit_test(test_syntax_messages),
		cmocka_unit_test(test_unclosed),
		cmocka_unit_test(test_recovery),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_values_more),
		cmocka_unit_test(test_close_checks),
		cmocka_unit_test(test_apple),
		cmocka_unit_test(test_kame),
		cmocka_unit_test(test_not_apple),
		cmocka_unit_test(test_realworld_dialects),
		cmocka_unit_test(test_lossless_fixed),
		cmocka_unit_test(test_lossless_random),
		cmocka_unit_test(test_fast_paths),
		cmocka_unit_test(test_alg_find_exact),
	};
	return cmocka_run_group_tests_name("racoon", tests, NULL, NULL);
}
