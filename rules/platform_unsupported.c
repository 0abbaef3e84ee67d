#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../src/racoon_syntax.h"
#include "../src/setkey_syntax.h"
#include "rule_util.h"

#define P(x) (1u << RL_PLATFORM_##x)
#define BSD (P(MACOS) | P(FREEBSD) | P(NETBSD))

/* ---- the finding ---------------------------------------------------- */

static void report(rl_ctx *cx, const rl_file *f, rl_span sp, rl_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void report(rl_ctx *cx, const rl_file *f, rl_span sp, rl_severity sev, const char *fmt, ...)
{
	const rl_host *h = f->host;
	rl_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	rl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	rl_buf_printf(&b, " (%s is ", h->name);
	rlr_platform_basis(h, &b);
	rl_buf_putc(&b, ')');
	rl_diag *dg = rlr_report(cx, RL_R_platform_unsupported, f, sp, "%s", rl_buf_str(&b));
	dg->sev = sev;
	if (h->platform_loc.src && h->platform_origin == RL_ORIGIN_INFERRED)
		rl_diag_related(dg, h->platform_loc.src, h->platform_loc.span, "what the platform is inferred from");
	rl_buf_free(&b);
}

/* ---- racoon.conf: the dialect flags of the parser -------------------- */

/* The token of node n that gives it flag f: its keyword, else the first
 * word; RC_NONE when the form is the statement as a whole. */
static uint32_t culprit(const rl_tree *t, uint32_t n, unsigned f)
{
	uint32_t kw = rc_kw(t, n);
	if (kw != RC_NONE && (rc_keyword_dialect(rc_kw_kind(t, n), t->nodes[n].parent == t->root) & f))
		return kw;
	for (uint32_t i = t->nodes[n].first; i <= t->nodes[n].last; i++)
		if (rc_tok_significant(t, i) && (rc_word_dialect(t, i) & f))
			return i;
	return RC_NONE;
}

/* The span a flagged node is reported at, 0-length when it is not reported
 * on its own (a parent's name inside an 'inherit'). */
static rl_span form_span(const rl_tree *t, uint32_t n, unsigned f)
{
	const rl_node *nd = &t->nodes[n];
	rl_span none = {0, 0};
	switch (nd->kind) {
	case RC_N_REMOTE: {
		uint32_t in = rc_child(t, n, RC_N_INHERIT);
		return in ? rl_node_span(t, in) : none;
	}
	case RC_N_ADDR: {
		if (t->nodes[nd->parent].kind == RC_N_INHERIT)
			return none;
		/* a named remote: from the keyword 'remote' on */
		rl_span sp = rl_node_span(t, n);
		if (t->nodes[nd->parent].kind == RC_N_REMOTE)
			sp.start = t->toks[t->nodes[nd->parent].first].off;
		return sp;
	}
	default: {
		uint32_t c = culprit(t, n, f);
		return c == RC_NONE ? rl_node_span(t, n) : rlr_tok_span(t, c);
	}
	}
}

/* The form as the message quotes it: the span's text, on one line. */
static void put_form(rl_buf *b, const rl_source *s, rl_span sp)
{
	uint32_t end = sp.end;
	for (uint32_t i = sp.start; i < sp.end; i++)
		if (s->data[i] == '\n' || s->data[i] == '\r' || i - sp.start >= 48) {
			end = i;
			break;
		}
	rl_buf_add(b, s->data + sp.start, end - sp.start);
	if (end < sp.end)
		rl_buf_puts(b, " ...");
}

static uint32_t skip_subtree(const rl_tree *t, uint32_t n)
{
	for (; n && n != t->root; n = t->nodes[n].parent)
		if (t->nodes[n].next)
			return t->nodes[n].next;
	return 0;
}

static void check_racoon(rl_ctx *cx, const rl_file *f)
{
	const rl_tree *t = f->tree;
	bool mac = f->host->platform == RL_PLATFORM_MACOS;
	/* a KAME file's forms are syntax errors already */
	if (!mac && (t->dialect & RC_DIALECT_KAME))
		return;
	unsigned want = mac ? RC_NF_NOT_APPLE : RC_NF_APPLE;
	for (uint32_t n = rlr_next_node(t, t->root); n;) {
		if (!(t->nodes[n].flags & want)) {
			n = rlr_next_node(t, n);
			continue;
		}
		rl_span sp = form_span(t, n, want);
		if (sp.end > sp.start) {
			rl_buf form = {0};
			put_form(&form, t->src, sp);
			if (mac)
				report(cx, f, sp, RL_SEV_ERROR,
				       "'%s' is not in Apple's racoon, which rejects the line and the whole file",
				       rl_buf_str(&form));
			else
				report(cx, f, sp, RL_SEV_ERROR,
				       "'%s' exists only in Apple's racoon: ipsec-tools' racoon rejects the line and "
				       "the whole file",
				       rl_buf_str(&form));
			rl_buf_free(&form);
		}
		/* a block's statements are part of the form reported */
		n = t->nodes[n].kind == RC_N_BLOCK ? skip_subtree(t, n) : rlr_next_node(t, n);
	}
}

/* ---- setkey: forms some kernels or setkey builds lack ------------------ */

static bool leaf_is(const rl_tree *t, uint32_t n, const char *w)
{
	return n && rl_tok_is(t, rl_sk_tok(t, n), w);
}

static bool is_tagged(const rl_tree *t, uint32_t n) { return t->nodes[n].kind == RL_SK_TAG; }
static bool is_ctx(const rl_tree *t, uint32_t n) { return t->nodes[n].kind == RL_SK_CTX; }
static bool is_prio(const rl_tree *t, uint32_t n) { return t->nodes[n].kind == RL_SK_PL_PRIO; }
static bool is_spdupdate(const rl_tree *t, uint32_t n) { return t->nodes[n].kind == RL_SK_SPDUPDATE; }
static bool is_exit(const rl_tree *t, uint32_t n) { return t->nodes[n].kind == RL_SK_EXIT; }

static bool is_fwd(const rl_tree *t, uint32_t n)
{
	return t->nodes[n].kind == RL_SK_PL_DIR && leaf_is(t, n, "fwd");
}

static bool is_proto(const rl_tree *t, uint32_t n, int tok_kind)
{
	return t->nodes[n].kind == RL_SK_PROTO && t->toks[rl_sk_tok(t, n)].kind == tok_kind;
}

static bool is_tcp_sa(const rl_tree *t, uint32_t n) { return is_proto(t, n, SKT_TCP); }
static bool is_espudp(const rl_tree *t, uint32_t n) { return is_proto(t, n, SKT_ESPUDP); }

static bool is_camellia(const rl_tree *t, uint32_t n)
{
	return t->nodes[n].kind == RL_SK_ALG && leaf_is(t, n, "camellia-cbc");
}

typedef struct sk_form {
	bool (*match)(const rl_tree *t, uint32_t n);
	int kind;         /* the node kind match takes */
	unsigned lacking; /* platforms (bits P(...)) that lack the form */
	rl_severity sev;
	bool keyword;     /* report at the first token only */
	const char *why;  /* "%s": the form as written */
} sk_form;

static const sk_form sk_forms[] = {
	{is_tagged, RL_SK_TAG, P(LINUX), RL_SEV_ERROR, true,
	 "'%s' matches packets by their PF tag, which Linux kernels do not have: setkey sends no tag and the policy "
	 "means nothing"},
	{is_ctx, RL_SK_CTX, BSD, RL_SEV_ERROR, true,
	 "'%s' (a SELinux security context) exists only on Linux: this kernel has no security contexts"},
	{is_fwd, RL_SK_PL_DIR, BSD, RL_SEV_ERROR, false,
	 "'%s' policies exist only on Linux: the BSD kernels read fwd as in, which then clashes with the in "
	 "policy for the same traffic"},
	{is_prio, RL_SK_PL_PRIO, BSD, RL_SEV_WARNING, false,
	 "'%s' (a policy priority) exists only on Linux: this kernel ignores it, so the policies apply in another "
	 "order than written"},
	{is_tcp_sa, RL_SK_PROTO, P(LINUX), RL_SEV_ERROR, true, "'%s' SAs (TCP-MD5 signatures) exist only on the BSD kernels"},
	{is_spdupdate, RL_SK_SPDUPDATE, P(MACOS) | P(FREEBSD), RL_SEV_ERROR, true,
	 "'%s' is not in this platform's setkey, which rejects the file: write spddelete and spdadd"},
	{is_camellia, RL_SK_ALG, P(MACOS), RL_SEV_ERROR, false, "'%s' is not in Apple's setkey or kernel: use rijndael-cbc"},
	{is_espudp, RL_SK_PROTO, P(FREEBSD), RL_SEV_WARNING, true,
	 "'%s' SAs are not in FreeBSD's setkey (as of the versions racoonlint knows)"},
	{is_exit, RL_SK_EXIT, P(FREEBSD), RL_SEV_WARNING, true,
	 "'%s' is not in FreeBSD's setkey (as of the versions racoonlint knows), which rejects the file"},
};

/* The platforms the host may be: one, or both BSDs when a '#!/sbin/setkey'
 * line is all the platform rests on. A form is reported when all of them
 * lack it. */
static unsigned candidates(const rl_host *h)
{
	if (h->platform_origin == RL_ORIGIN_INFERRED &&
	    (h->platform == RL_PLATFORM_FREEBSD || h->platform == RL_PLATFORM_NETBSD))
		return P(FREEBSD) | P(NETBSD);
	return 1u << h->platform;
}

static void check_setkey(rl_ctx *cx, const rl_file *f)
{
	const rl_tree *t = f->tree;
	unsigned may = candidates(f->host);
	/* the forms every candidate platform lacks whose node kind the tree
	 * may hold, in table order: a node is tested against those only, and
	 * a file against none when none is */
	const sk_form *use[sizeof sk_forms / sizeof sk_forms[0]];
	size_t nuse = 0;
	for (size_t k = 0; k < sizeof sk_forms / sizeof sk_forms[0]; k++)
		if ((sk_forms[k].lacking & may) == may && rl_tree_may_have(t, sk_forms[k].kind))
			use[nuse++] = &sk_forms[k];
	if (!nuse)
		return;
	for (uint32_t n = rlr_next_node(t, t->root); n; n = rlr_next_node(t, n))
		for (size_t k = 0; k < nuse; k++) {
			const sk_form *fm = use[k];
			if (!fm->match(t, n))
				continue;
			rl_span sp = fm->keyword ? rlr_tok_span(t, rl_sk_tok(t, n)) : rl_node_span(t, n);
			rl_buf form = {0};
			put_form(&form, t->src, sp);
			report(cx, f, sp, fm->sev, fm->why, rl_buf_str(&form));
			rl_buf_free(&form);
		}
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++) {
		const rl_file *f = cx->files[i];
		if (!f->tree || !f->host || f->host->platform == RL_PLATFORM_UNKNOWN)
			continue;
		if (f->tree->lang == RL_LANG_RACOON)
			check_racoon(cx, f);
		else if (f->tree->lang == RL_LANG_SETKEY)
			check_setkey(cx, f);
	}
}

const rl_rule rl_rule_platform_unsupported = {
	.code = "RL403",
	.name = "platform-unsupported",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_HOST,
	.summary = "a racoon.conf or setkey form the host's platform lacks (Apple-only statements on Linux, fwd on BSD, ...)",
	.explain =
		"racoon and setkey come in families: ipsec-tools (Linux, NetBSD,\n"
		"FreeBSD's package) and Apple's fork (macOS), and the kernels under\n"
		"them differ. A form one family lacks makes racoon reject the whole\n"
		"racoon.conf, or makes setkey refuse a command or install something\n"
		"else than written. racoonlint knows a host's platform from\n"
		"--platform=HOST=OS or a platform.HOST key of a config file, or infers\n"
		"it from the files (Apple-only statements, the setkey shebang); every\n"
		"finding says which, and nothing is reported for a host whose platform\n"
		"is unknown.\n"
		"\n"
		"On macOS: privsep, ldapcfg, radiuscfg, pfkey_buffer, named remotes\n"
		"and inherit, remote_address, script, ph1id, rekey, remoteid,\n"
		"clientaddr, exchange_mode base, generate_policy require/unique,\n"
		"ike_frag force, certificate_type with files, camellia; in setkey\n"
		"spdupdate, -ctx, fwd, policy priorities and camellia-cbc.\n"
		"Elsewhere: Apple's statements (shared_secret, local_address,\n"
		"certificate_verification, dpd_algorithm, ...), the top-level\n"
		"identifier, log \"STRING\", keyid_use, hmac_sha1_96. On Linux: spdadd\n"
		"tagged (PF tags are BSD) and tcp SAs. On the BSDs: -ctx, fwd, and\n"
		"policy priorities (ignored). FreeBSD's own setkey also lacks\n"
		"spdupdate, esp-udp and exit (warnings: newer releases may differ);\n"
		"these are only reported when the platform is given, since a\n"
		"'#!/sbin/setkey' line may as well be NetBSD's.\n"
		"\n"
		"Bad (a Linux host):\n"
		"\n"
		"    spdadd tagged \"vpn\" -P out ipsec esp/transport//require;\n"
		"\n"
		"Good:\n"
		"\n"
		"    spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n",
	.check = check,
};
