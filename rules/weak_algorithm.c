#include <stdio.h>
#include <string.h>

#include "../src/racoon_syntax.h"
#include "../src/setkey_syntax.h"
#include "rule_util.h"

/* Why an algorithm is weak, and what to write instead. */
typedef struct weakness {
	const char *canon; /* canonical racoon.conf name (src/algo.h) */
	const char *why;
	const char *instead;
} weakness;

static const weakness weaknesses[] = {
	{"des", "a 56-bit key, found by brute force in hours", "aes"},
	{"des_iv64", "a 56-bit key, found by brute force in hours", "aes"},
	{"des_iv32", "a 56-bit key, found by brute force in hours", "aes"},
	{"3des", "a 64-bit block: past a few GB under one key blocks repeat (Sweet32); deprecated since 2023", "aes"},
	{"blowfish", "a 64-bit block: past a few GB under one key blocks repeat (Sweet32)", "aes"},
	{"cast128", "a 64-bit block: past a few GB under one key blocks repeat (Sweet32)", "aes"},
	{"idea", "a 64-bit block: past a few GB under one key blocks repeat (Sweet32)", "aes"},
	{"3idea", "a 64-bit block: past a few GB under one key blocks repeat (Sweet32)", "aes"},
	{"rc5", "a 64-bit block: past a few GB under one key blocks repeat (Sweet32)", "aes"},
	{"rc4", "a biased key stream", "aes"},
	{"null_enc", "no encryption at all: the traffic travels in clear text", "aes"},
	{"md5", "MD5 collisions are practical and RFC 8247 forbids MD5 in IKE", "sha256"},
	{"hmac_md5", "RFC 8221 forbids HMAC-MD5 for ESP and AH", "hmac_sha256"},
	{"hmac_md5_96", "RFC 8221 forbids HMAC-MD5 for ESP and AH", "hmac_sha256"},
	{"kpdk", "keyed MD5 (RFC 1828) is obsolete", "hmac_sha256"},
	{"non_auth", "ESP without integrity: a packet can be altered on the way", "hmac_sha256"},
	{"modp768", "768-bit discrete logarithms have been computed", "modp2048"},
	{"modp1024", "1024-bit groups are within reach of precomputation (Logjam); RFC 8247 says SHOULD NOT",
	 "modp2048"},
};

/* setkey's names for the algorithms racoon.conf names otherwise, and what
 * setkey calls the better choice. */
static const struct {
	char cls; /* 'E' or 'A' */
	const char *setkey, *canon, *instead;
} setkey_names[] = {
	{'E', "des-cbc", "des", "rijndael-cbc"},
	{'E', "des-deriv", "des", "rijndael-cbc"},
	{'E', "des-32iv", "des_iv32", "rijndael-cbc"},
	{'E', "3des-cbc", "3des", "rijndael-cbc"},
	{'E', "blowfish-cbc", "blowfish", "rijndael-cbc"},
	{'E', "cast128-cbc", "cast128", "rijndael-cbc"},
	{'E', "null", "null_enc", "rijndael-cbc"},
	{'E', "simple", "null_enc", "rijndael-cbc"},
	{'A', "hmac-md5", "hmac_md5", "hmac-sha2-256"},
	{'A', "keyed-md5", "kpdk", "hmac-sha2-256"},
	{'A', "keyed-sha1", "kpdk", "hmac-sha2-256"},
	{'A', "null", "non_auth", "hmac-sha2-256"},
};

static const weakness *weakness_of(const char *canon)
{
	for (size_t i = 0; i < sizeof weaknesses / sizeof weaknesses[0]; i++)
		if (strcmp(weaknesses[i].canon, canon) == 0)
			return &weaknesses[i];
	return NULL;
}

/* One weak algorithm found in a statement. */
typedef struct found {
	const rl_alg *alg;
	int bits;            /* a variable key length below 128 bits, else 0 */
	rl_span span;
	char name[48];       /* as the message names it */
	const char *instead; /* what to write instead, or NULL: the table's */
} found;

static rl_alg_strength strength(const found *w)
{
	return w->bits ? RL_BROKEN : w->alg->strength;
}

/* The weak algorithms of one statement; the worst one is reported, the
 * others are named. */
typedef struct stmt_weak {
	found v[8];
	size_t n;
	size_t worst;
} stmt_weak;

/* Note algorithm a written at span (name: the word written, for setkey;
 * NULL: racoon.conf's name). */
static void note(stmt_weak *sw, const rl_alg *a, int bits, rl_span span, const char *name, const char *instead)
{
	if (!a || a->dh_unusable || sw->n == sizeof sw->v / sizeof sw->v[0])
		return;
	found *w = &sw->v[sw->n];
	w->alg = a;
	w->bits = bits > 0 && bits < 128 ? bits : 0;
	w->span = span;
	w->name[0] = '\0';
	w->instead = instead;
	/* sha1 as the phase 1 hash is an HMAC, which RFC 8247 still requires:
	 * not reported, although src/algo.h calls it legacy */
	if (strength(w) == RL_STRONG || strcmp(a->canon, "sha1") == 0)
		return;
	if (name)
		snprintf(w->name, sizeof w->name, "%s", name);
	else if (a->dh)
		snprintf(w->name, sizeof w->name, "DH group %d (%s)", a->dh, a->canon);
	else
		snprintf(w->name, sizeof w->name, "%s", a->canon);
	/* an alias of one already noted adds nothing */
	for (size_t i = 0; i < sw->n; i++)
		if (strcmp(sw->v[i].alg->canon, a->canon) == 0)
			return;
	if (sw->n == 0 || strength(w) > strength(&sw->v[sw->worst]))
		sw->worst = sw->n;
	sw->n++;
}

static void put_reason(rl_buf *b, const found *w)
{
	const weakness *k = weakness_of(w->alg->canon);
	const char *instead = w->instead ? w->instead : k ? k->instead : "a current algorithm";
	if (w->bits)
		rl_buf_printf(b, "%s with a %d-bit key is broken: the key is found by brute force; use %s", w->name,
			      w->bits, "aes");
	else
		rl_buf_printf(b, "%s is %s: %s; use %s", w->name, w->alg->strength == RL_BROKEN ? "broken" : "legacy",
			      k ? k->why : "deprecated", instead);
}

static void report(rl_ctx *cx, const rl_file *f, const stmt_weak *sw)
{
	if (!sw->n)
		return;
	const found *w = &sw->v[sw->worst];
	rl_buf b = {0};
	put_reason(&b, w);
	const char *sep = " (also weak in this statement: ";
	for (size_t i = 0; i < sw->n; i++) {
		if (i == sw->worst)
			continue;
		rl_buf_printf(&b, "%s%s", sep, sw->v[i].name);
		sep = ", ";
	}
	if (sw->n > 1)
		rl_buf_putc(&b, ')');
	rl_buf_puts(&b, "; change the peer alike");
	rl_diag *dg = rlr_report(cx, RL_R_weak_algorithm, f, w->span, "%s", rl_buf_str(&b));
	if (strength(w) == RL_LEGACY)
		dg->sev = RL_SEV_INFO;
	rl_buf_free(&b);
}

/* ---- racoon.conf ---------------------------------------------------- */

static void racoon_stmt(rl_ctx *cx, const rl_file *f, uint32_t s)
{
	const rl_tree *t = f->tree;
	stmt_weak sw;
	sw.n = sw.worst = 0;
	switch (rc_kw_kind(t, s)) {
	case RC_T_ENCRYPTION_ALGORITHM:
	case RC_T_HASH_ALGORITHM:
	case RC_T_AUTHENTICATION_ALGORITHM:
		for (uint32_t a = rc_child(t, s, RC_N_ALG); a; a = rc_next(t, a, RC_N_ALG)) {
			unsigned long keylen = 0;
			const rl_alg *alg = rc_alg(t, a, &keylen);
			/* an invalid key length is invalid-value's */
			bool bits = alg && alg->key_default && keylen && rl_alg_keylen_ok(alg, keylen);
			/* what note() would drop at once: a strong one at full length */
			if (!alg || (alg->strength == RL_STRONG && !(bits && keylen < 128)))
				continue;
			note(&sw, alg, bits ? (int)keylen : 0, rl_node_span(t, a), NULL, NULL);
		}
		break;
	case RC_T_DH_GROUP:
		if (t->nodes[t->nodes[s].parent].kind != RC_N_PROPOSAL)
			return;
		/* fall through */
	case RC_T_PFS_GROUP: {
		uint32_t v = rc_arg(t, s, 0);
		int group = v == RC_NONE ? 0 : rc_dh_value(t, v);
		if (group)
			note(&sw, rl_dh_by_number((unsigned long)group), 0, rlr_tok_span(t, v), NULL, NULL);
		break;
	}
	default:
		return;
	}
	report(cx, f, &sw);
}

/* ---- setkey: the algorithms of manual SAs ---------------------------- */

static void setkey_alg(stmt_weak *sw, char cls, const rl_tree *t, uint32_t alg)
{
	uint32_t tok = rl_sk_tok(t, alg);
	for (size_t i = 0; i < sizeof setkey_names / sizeof setkey_names[0]; i++)
		if (setkey_names[i].cls == cls && rl_tok_is(t, tok, setkey_names[i].setkey)) {
			const char *canon = setkey_names[i].canon;
			note(sw, rl_alg_find(canon, strlen(canon)), 0, rl_node_span(t, alg), setkey_names[i].setkey,
			     setkey_names[i].instead);
			return;
		}
}

static void setkey_add(rl_ctx *cx, const rl_file *f, uint32_t cmd)
{
	const rl_tree *t = f->tree;
	stmt_weak sw = {0};
	static const struct {
		int node;
		char cls;
	} kinds[] = {{RL_SK_ALG_ENC, 'E'}, {RL_SK_ALG_AUTH, 'A'}};
	for (size_t k = 0; k < 2; k++) {
		uint32_t n = rl_sk_child(t, cmd, kinds[k].node);
		uint32_t alg = n ? rl_sk_child(t, n, RL_SK_ALG) : 0;
		if (alg)
			setkey_alg(&sw, kinds[k].cls, t, alg);
	}
	report(cx, f, &sw);
}

static void check_file(rl_ctx *cx, const rl_file *f)
{
	const rl_tree *t = f->tree;
	if (!t || (t->lang != RL_LANG_RACOON && t->lang != RL_LANG_SETKEY))
		return;
	if (t->lang == RL_LANG_RACOON) {
		/* the statements with algorithms are in top-level blocks
		 * (sainfo, mode_cfg) and in the proposals of remote blocks */
		for (uint32_t n = t->nodes[t->root].child; n; n = t->nodes[n].next) {
			if (t->nodes[n].kind == RC_N_STMT)
				racoon_stmt(cx, f, n);
			for (uint32_t c = rc_is_body(t, n) ? t->nodes[n].child : 0; c; c = t->nodes[c].next) {
				if (t->nodes[c].kind == RC_N_STMT)
					racoon_stmt(cx, f, c);
				else if (t->nodes[c].kind == RC_N_PROPOSAL)
					for (uint32_t d = t->nodes[c].child; d; d = t->nodes[d].next)
						if (t->nodes[d].kind == RC_N_STMT)
							racoon_stmt(cx, f, d);
			}
		}
		return;
	}
	/* SAs are made by add commands, which are children of the root */
	if (!rl_tree_may_have(t, RL_SK_ADD))
		return;
	for (uint32_t n = t->nodes[t->root].child; n; n = t->nodes[n].next)
		if (t->nodes[n].kind == RL_SK_ADD)
			setkey_add(cx, f, n);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++)
		check_file(cx, cx->files[i]);
}

const rl_rule rl_rule_weak_algorithm = {
	.code = "RL102",
	.name = "weak-algorithm",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_FILE,
	.summary = "a broken or legacy cipher, hash, authentication algorithm or DH group in a proposal, sainfo or SA",
	.explain =
		"racoon negotiates whatever both hosts list, so one weak entry is enough\n"
		"for an attacker who can make the hosts agree on it (the initiator's\n"
		"order decides) or who records the traffic to attack it later. Each\n"
		"statement gets one finding, at its weakest algorithm:\n"
		"\n"
		"  broken (warning): des (a 56-bit key), null_enc (no encryption),\n"
		"    rc4, md5 as the phase 1 hash, hmac_md5 and keyed MD5 in phase 2,\n"
		"    non_auth (ESP without integrity), DH group 1 (modp768), and any\n"
		"    variable-length cipher with a key shorter than 128 bits\n"
		"    (blowfish 40);\n"
		"  legacy (info): 3des, blowfish, cast128, idea and rc5 (64-bit\n"
		"    blocks: Sweet32), DH group 2 (modp1024: Logjam-style\n"
		"    precomputation).\n"
		"\n"
		"sha1 as the phase 1 hash is not reported: there it is used as an HMAC,\n"
		"which still holds and which RFC 8247 still requires.\n"
		"\n"
		"Broken algorithms are warnings because they give no real protection\n"
		"today; legacy ones are information because they still hold against\n"
		"most attackers and are often all an old peer offers. The same words\n"
		"are checked in proposal blocks (encryption_algorithm, hash_algorithm,\n"
		"dh_group), sainfo blocks (encryption_algorithm,\n"
		"authentication_algorithm, pfs_group), the mode_cfg pfs_group, and the\n"
		"-E and -A algorithms of manual SAs in setkey files. Change both hosts\n"
		"alike: phase 1 and phase 2 only agree on what both list.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    proposal { encryption_algorithm des; hash_algorithm md5;\n"
		"               authentication_method pre_shared_key; dh_group modp768; }\n"
		"    sainfo anonymous { pfs_group 1; encryption_algorithm 3des;\n"
		"                       authentication_algorithm hmac_md5; compression_algorithm deflate; }\n"
		"\n"
		"Good:\n"
		"\n"
		"    proposal { encryption_algorithm aes 256; hash_algorithm sha256;\n"
		"               authentication_method pre_shared_key; dh_group modp2048; }\n"
		"    sainfo anonymous { pfs_group modp2048; encryption_algorithm aes;\n"
		"                       authentication_algorithm hmac_sha256; compression_algorithm deflate; }\n",
	.check = check,
};
