/* Value checks setkey and libipsec make on a parsed file (setkey.md
 * sections 4 to 7), reported as invalid-value, and the dialect bits of the
 * tree. No message holds a byte of a key. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gram_util.h"
#include "model.h"
#include "parse.h"
#include "rules.h"
#include "setkey_syntax.h"

typedef struct ck {
	rl_tree *t;
	rl_diags *d;
	uint32_t count; /* findings made */
} ck;

/* Like syntax errors, at most RL_MAX_SYNTAX_ERRORS findings a file. */
static bool capped(const ck *c)
{
	return c->count > RL_MAX_SYNTAX_ERRORS;
}

static void report_span(ck *c, rl_span sp, const char *fmt, va_list ap)
{
	if (capped(c))
		return;
	if (++c->count > RL_MAX_SYNTAX_ERRORS)
		rl_report(c->d, RL_R_invalid_value, c->t->src, sp, "%s",
			  "too many invalid values in this file; the rest of the file is not reported");
	else
		rl_vreport(c->d, RL_R_invalid_value, c->t->src, sp, fmt, ap);
}

/* invalid-value over a node's tokens */
static void bad(ck *c, uint32_t node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(ck *c, uint32_t node, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report_span(c, rl_node_span(c->t, node), fmt, ap);
	va_end(ap);
}

/* invalid-value over one token */
static void bad_tok(ck *c, uint32_t tok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad_tok(ck *c, uint32_t tok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const rl_tok *k = &c->t->toks[tok];
	report_span(c, (rl_span){k->off, k->off + k->len}, fmt, ap);
	va_end(ap);
}

/* Token text as a C string for a message: quoted and cut (see
 * rl_gram_quote_tok). To be freed. */
static char *q(const ck *c, uint32_t tok)
{
	rl_buf b = {0};
	rl_gram_quote_tok(&b, c->t, tok);
	return rl_buf_take(&b);
}

static const char *leaf_text(const ck *c, uint32_t node, size_t *n)
{
	uint32_t tok = rl_sk_tok(c->t, node);
	*n = c->t->toks[tok].len;
	return rl_tok_text(c->t, tok);
}

static bool leaf_is(const ck *c, uint32_t node, const char *text)
{
	return node && rl_tok_is(c->t, rl_sk_tok(c->t, node), text);
}

/* A number token must be at most max. */
static void check_max(ck *c, uint32_t tok, uint64_t max, const char *what)
{
	uint64_t v;
	if (tok == RL_SK_NO_TOK)
		return;
	if (!rl_sk_number(c->t, tok, &v) || v > max) {
		char *s = q(c, tok);
		bad_tok(c, tok, "%s %s is out of range (at most %llu)", what, s, (unsigned long long)max);
		free(s);
	}
}

/* --- addresses -------------------------------------------------------- */

typedef struct flags {
	int family;   /* 0, 4 or 6: -4 / -6, the last one wins */
	bool numeric; /* -n */
} flags;

static flags command_flags(const ck *c, uint32_t cmd)
{
	flags f = {0, false};
	for (uint32_t n = rl_sk_child(c->t, cmd, RL_SK_FLAGS); n; n = rl_sk_next(c->t, n, RL_SK_FLAGS)) {
		size_t len;
		const char *s = leaf_text(c, n, &len);
		for (size_t i = 1; i < len; i++) {
			if (s[i] == 'n')
				f.numeric = true;
			else
				f.family = s[i] - '0';
		}
	}
	return f;
}

/* The family of an address token (rl_gram_addr_family's answer, 0 for
 * none). An address the model's parser takes is kept for the builder:
 * where that parser succeeds, its family is the same (it takes a subset
 * of what inet_aton and inet_pton take, and no zone). */
static int addr_family(ck *c, uint32_t tok)
{
	rl_tree *t = c->t;
	rl_addr a;
	if (!rl_addr_parse_split(rl_tok_text(t, tok), t->toks[tok].len, NULL, 0, &a))
		return rl_gram_addr_family(rl_tok_text(t, tok), t->toks[tok].len);
	rl_sk_addrs *ms = t->sk_addrs;
	if (!ms || ms->v[ms->n - 1].tok < tok) {
		if (!ms || ms->n == ms->cap) {
			uint32_t cap = ms ? ms->cap * 2 : 64;
			ms = rl_xrealloc(ms, sizeof *ms + cap * sizeof ms->v[0]);
			if (!t->sk_addrs)
				ms->n = ms->next = 0;
			ms->cap = cap;
			t->sk_addrs = ms;
		}
		rl_sk_addr_memo *m = &ms->v[ms->n++];
		m->tok = tok;
		m->family = a.family;
		memcpy(m->b, a.b, sizeof m->b);
	}
	return a.family;
}

const rl_sk_addr_memo *rl_sk_addr_memo_find(const rl_tree *t, uint32_t tok)
{
	rl_sk_addrs *ms = t->sk_addrs;
	if (!ms)
		return NULL;
	if (ms->next < ms->n && ms->v[ms->next].tok == tok)
		return &ms->v[ms->next++];
	uint32_t lo = 0, hi = ms->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ms->v[mid].tok < tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ms->n && ms->v[lo].tok == tok) {
		ms->next = lo + 1;
		return &ms->v[lo];
	}
	return NULL;
}

void rl_sk_addr_memo_drop(rl_tree *t)
{
	free(t->sk_addrs);
	t->sk_addrs = NULL;
}

static void check_addr(ck *c, uint32_t addr, flags f)
{
	if (!addr)
		return;
	uint32_t host = rl_sk_addr_host(c->t, addr);
	int fam = addr_family(c, host);
	if ((f.numeric && fam == 0) || (f.family && fam && fam != f.family)) {
		char *s = q(c, host);
		if (f.numeric && fam == 0)
			bad_tok(c, host, "with -n setkey resolves no names: %s must be a numeric address", s);
		else
			bad_tok(c, host, "%s is an IPv%d address, but the command has -%d", s, fam, f.family);
		free(s);
	}
	int v4 = fam == 4 || (fam == 0 && f.family == 4);
	check_max(c, rl_sk_addr_prefix(c->t, addr), v4 ? 32 : 128, v4 ? "IPv4 prefix length" : "prefix length");
	uint32_t port = rl_sk_addr_port(c->t, addr);
	if (port != RL_SK_NO_TOK && c->t->toks[port].kind == SKT_DECSTRING)
		check_max(c, port, 65535, "port");
}

static void check_addrs(ck *c, uint32_t cmd)
{
	flags f = command_flags(c, cmd);
	check_addr(c, rl_sk_src(c->t, cmd), f);
	check_addr(c, rl_sk_dst(c->t, cmd), f);
}

/* --- SA commands ------------------------------------------------------ */

static bool proto_is(const ck *c, uint32_t proto, const char *a, const char *b, const char *d)
{
	return leaf_is(c, proto, a) || (b && leaf_is(c, proto, b)) || (d && leaf_is(c, proto, d));
}

/* The key sizes alg takes, for a message. */
static void describe_sizes(rl_buf *b, const rl_sk_alg *a)
{
	if (!a->bits[0]) {
		rl_buf_printf(b, "keys of %u to %u bits", a->min, a->max);
		return;
	}
	size_t n = a->bits[2] ? 3 : a->bits[1] ? 2 : 1;
	if (n == 1)
		rl_buf_puts(b, "a ");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			rl_buf_puts(b, i + 1 == n ? " or " : ", ");
		rl_buf_printf(b, "%u", a->bits[i]);
	}
	rl_buf_puts(b, n > 1 ? "-bit keys" : "-bit key");
}

static bool size_fits(const rl_sk_alg *a, uint32_t bits)
{
	if (!a->bits[0])
		return bits >= a->min && bits <= a->max;
	for (size_t i = 0; i < 3 && a->bits[i]; i++)
		if (a->bits[i] == bits)
			return true;
	return false;
}

/* Algorithm name, protocol it suits, key size; sets the dialect bit. */
static void check_alg(ck *c, uint32_t algnode, char cls, uint32_t proto)
{
	uint32_t name = rl_sk_child(c->t, algnode, RL_SK_ALG);
	size_t len;
	const char *s = leaf_text(c, name, &len);
	const rl_sk_alg *a = rl_sk_alg_find(cls, s, len);
	if (!a)
		return;
	c->t->dialect |= a->dialect;
	if (a->only && !leaf_is(c, proto, a->only))
		bad(c, name, "%s works only with %s", a->name, a->only);
	uint32_t key = rl_sk_child(c->t, algnode, RL_SK_KEY);
	if (!key || a->nokey)
		return;
	uint32_t bits = rl_sk_key_bytes(c->t, rl_sk_tok(c->t, key)) * 8;
	if (!size_fits(a, bits)) {
		rl_buf b = {0};
		describe_sizes(&b, a);
		bad(c, key, "the key does not suit %s, which takes %s", a->name, rl_buf_str(&b));
		rl_buf_free(&b);
	}
}

/* The algorithm switches must suit the SA protocol (setkey.md 5.4). */
static void check_suits(ck *c, uint32_t cmd, uint32_t proto)
{
	uint32_t enc = rl_sk_child(c->t, cmd, RL_SK_ALG_ENC);
	uint32_t auth = rl_sk_child(c->t, cmd, RL_SK_ALG_AUTH);
	uint32_t comp = rl_sk_child(c->t, cmd, RL_SK_ALG_COMP);
	uint32_t first = enc ? enc : auth ? auth : comp;
	size_t len;
	const char *p = leaf_text(c, proto, &len);
	if (proto_is(c, proto, "esp", "esp-old", "esp-udp")) {
		if (!enc)
			bad(c, first, "%.*s needs an encryption algorithm (-E)", (int)len, p);
	} else if (proto_is(c, proto, "ah", "ah-old", "tcp")) {
		if (!auth || enc || comp)
			bad(c, first, "%.*s takes only an authentication algorithm (-A)", (int)len, p);
	} else if (proto_is(c, proto, "ipcomp", NULL, NULL)) {
		if (!comp)
			bad(c, first, "ipcomp takes a compression algorithm (-C)");
	}
	if (enc)
		check_alg(c, enc, 'E', proto);
	if (auth)
		check_alg(c, auth, 'A', proto);
}

static void check_extensions(ck *c, uint32_t cmd, uint32_t proto)
{
	for (uint32_t n = c->t->nodes[cmd].child; n; n = c->t->nodes[n].next) {
		if (c->t->nodes[n].kind == RL_SK_CTX)
			c->t->dialect |= RL_SK_D_CTX;
		if (c->t->nodes[n].kind != RL_SK_EXT)
			continue;
		uint32_t sw = rl_sk_tok(c->t, n);
		uint64_t v = 0;
		if (rl_tok_is(c->t, sw, "-bh") || rl_tok_is(c->t, sw, "-bs"))
			c->t->dialect |= RL_SK_D_LIFEBYTES;
		if (rl_tok_is(c->t, sw, "-r") && rl_sk_number(c->t, rl_sk_value(c->t, n), &v) && v > 0 &&
		    proto_is(c, proto, "esp-old", "ah-old", NULL))
			bad(c, n, "the old formats (esp-old, ah-old) have no replay window: drop -r");
	}
}

static void check_sa(ck *c, uint32_t cmd)
{
	check_addrs(c, cmd);
	uint32_t proto = rl_sk_child(c->t, cmd, RL_SK_PROTO);
	if (!proto)
		return;
	if (leaf_is(c, proto, "esp-udp"))
		c->t->dialect |= RL_SK_D_ESPUDP;
	if (leaf_is(c, proto, "tcp"))
		c->t->dialect |= RL_SK_D_TCP;
	check_max(c, rl_sk_tok(c->t, rl_sk_child(c->t, cmd, RL_SK_SPI)), UINT32_MAX, "SPI");
	check_extensions(c, cmd, proto);
	if (c->t->nodes[cmd].kind == RL_SK_ADD)
		check_suits(c, cmd, proto);
}

/* --- SPD commands ----------------------------------------------------- */

/* Names getprotobyname usually knows (Debian's /etc/protocols and its
 * aliases), plus the two setkey accepts on its own. */
static const char *const protocol_names[] = {
	"ip", "hopopt", "icmp", "igmp", "ggp", "ipencap", "ip-encap", "st", "tcp", "egp", "igp", "pup",
	"udp", "hmp", "xns-idp", "rdp", "iso-tp4", "dccp", "xtp", "ddp", "idpr-cmtp", "ipv6", "ipv6-route",
	"ipv6-frag", "idrp", "rsvp", "gre", "esp", "ipsec-esp", "ah", "ipsec-ah", "skip", "ipv6-icmp",
	"ipv6-nonxt", "ipv6-opts", "rspf", "cphb", "vmtp", "eigrp", "ospf", "ospfigp", "ax.25", "ipip",
	"etherip", "encap", "pim", "ipcomp", "vrrp", "l2tp", "isis", "sctp", "fc", "mobility-header",
	"ipv6-mh", "udplite", "mpls-in-ip", "manet", "hip", "shim6", "wesp", "rohc", "ethernet", "icmp6",
	"ip4",
};

/* Protocol number of an upper-layer leaf when it matters for MISC (1, 58,
 * 135, 47), else 0 (also for unknown names). -1: a name setkey would not
 * find. */
static int upper_number(const ck *c, uint32_t upper)
{
	uint32_t tok = rl_sk_tok(c->t, upper);
	uint64_t v;
	if (c->t->toks[tok].kind == SKT_DECSTRING)
		return rl_sk_number(c->t, tok, &v) && v <= 255 ? (int)v : 0;
	if (c->t->toks[tok].kind != SKT_STRING)
		return 0;
	static const struct { const char *name; int num; } misc[] = {
		{"icmp", 1}, {"ipv6-icmp", 58}, {"icmp6", 58}, {"gre", 47}, {"mobility-header", 135},
		{"ipv6-mh", 135},
	};
	char *s = rl_xstrndup(rl_tok_text(c->t, tok), c->t->toks[tok].len);
	int num = -1;
	for (size_t i = 0; i < sizeof misc / sizeof misc[0] && num < 0; i++)
		if (strcasecmp(s, misc[i].name) == 0)
			num = misc[i].num;
	for (size_t i = 0; i < sizeof protocol_names / sizeof protocol_names[0] && num < 0; i++)
		if (strcasecmp(s, protocol_names[i]) == 0)
			num = 0;
	free(s);
	return num;
}

static bool dec_part(const char *s, size_t n, unsigned max)
{
	uint64_t v;
	return n > 0 && n <= 5 && rl_gram_u64(s, n, 10, &v) && v <= max;
}

/* ICMP "TYPE,CODE" with both numbers below 256. */
static void check_icmp(ck *c, uint32_t misc)
{
	size_t n;
	const char *s = leaf_text(c, misc, &n);
	const char *comma = memchr(s, ',', n);
	if (!comma || !dec_part(s, (size_t)(comma - s), 255)) {
		bad(c, misc, "ICMP type and code must be written TYPE,CODE (two numbers up to 255)");
		return;
	}
	size_t rest = n - (size_t)(comma - s) - 1;
	if (rest == 0)
		bad(c, misc, "ICMP code missing after ',': setkey leaves it undefined");
	else if (!dec_part(comma + 1, rest, 255))
		bad(c, misc, "ICMP type and code must be written TYPE,CODE (two numbers up to 255)");
}

static void check_upper(ck *c, uint32_t cmd)
{
	uint32_t upper = rl_sk_child(c->t, cmd, RL_SK_UPPER);
	uint32_t misc = rl_sk_child(c->t, cmd, RL_SK_MISC);
	if (!upper)
		return;
	uint32_t tok = rl_sk_tok(c->t, upper);
	if (c->t->toks[tok].kind == SKT_DECSTRING)
		check_max(c, tok, 255, "upper-layer protocol");
	int num = upper_number(c, upper);
	if (num < 0) {
		char *s = q(c, tok);
		bad(c, upper, "unknown upper-layer protocol %s: not a name /etc/protocols has; write its number", s);
		free(s);
	}
	if (!misc)
		return;
	if (num == 1 || num == 58 || num == 135) {
		check_icmp(c, misc);
	} else if (num == 47) {
		size_t n;
		const char *s = leaf_text(c, misc, &n);
		char *canon = rl_gram_addr_canonical(s, n);
		if (!canon || strchr(canon, ':'))
			bad(c, misc, "a GRE key must be written as a dotted quad A.B.C.D");
		free(canon);
	} else {
		bad(c, misc, "only icmp, icmp6, mobility-header and gre take a value after the protocol; "
			     "after any other it corrupts the selector ports");
	}
}

static uint64_t prio_limit(const ck *c, uint32_t prio)
{
	uint32_t base = rl_sk_child(c->t, prio, RL_SK_PL_PRIOBASE);
	uint32_t sign = rl_sk_child(c->t, prio, RL_SK_PL_SIGN);
	bool minus = leaf_is(c, sign, "-");
	if (base)
		return minus ? 1073741823u : 1073741824u;
	return minus ? 2147483647u : 2147483648u;
}

static void check_endpoints(ck *c, uint32_t eps, uint32_t dir)
{
	uint32_t src = rl_sk_child(c->t, eps, RL_SK_PL_EP);
	uint32_t dst = rl_sk_next(c->t, src, RL_SK_PL_EP);
	int fam[2] = {0, 0};
	uint32_t ep[2] = {src, dst};
	for (int i = 0; i < 2; i++) {
		uint32_t tok = rl_sk_tok(c->t, ep[i]);
		uint32_t port = rl_sk_child(c->t, ep[i], RL_SK_PL_PORT);
		if (port) {
			c->t->dialect |= RL_SK_D_POLICY_EXT;
			check_max(c, rl_sk_tok(c->t, port), 65535, "port");
		}
		if (c->t->toks[tok].kind != SKT_PL_ADDR)
			continue;
		fam[i] = addr_family(c, tok);
		if (fam[i] == 0) {
			char *s = q(c, tok);
			bad_tok(c, tok, "%s is not a numeric address: policy endpoints cannot be host names", s);
			free(s);
		}
	}
	if (fam[0] && fam[1] && fam[0] != fam[1])
		bad(c, eps, "endpoints mix IPv4 and IPv6");
	bool me_any = leaf_is(c, src, "me");
	bool any_me = leaf_is(c, dst, "me");
	if ((me_any && !leaf_is(c, dir, "out")) || (any_me && !leaf_is(c, dir, "in")))
		bad(c, eps, "%s is only valid in an '%s' policy", me_any ? "me-any" : "any-me", me_any ? "out" : "in");
}

static void check_level(ck *c, uint32_t level)
{
	size_t n;
	const char *s = leaf_text(c, level, &n);
	uint64_t v;
	if (n > 7 && memcmp(s, "unique:", 7) == 0 && (!rl_gram_u64(s + 7, n - 7, 10, &v) || v < 1 || v > 16383))
		bad(c, level, "unique:N takes a request id from 1 to 16383");
}

static void check_rule(ck *c, uint32_t rule, uint32_t dir)
{
	uint32_t mode = rl_sk_child(c->t, rule, RL_SK_PL_MODE);
	uint32_t eps = rl_sk_child(c->t, rule, RL_SK_PL_ENDPOINTS);
	uint32_t level = rl_sk_child(c->t, rule, RL_SK_PL_LEVEL);
	if (leaf_is(c, mode, "tunnel") && !eps)
		bad(c, rule, "tunnel mode needs endpoints (PROTO/tunnel/SOURCE-DESTINATION/LEVEL)");
	if (eps)
		check_endpoints(c, eps, dir);
	if (level)
		check_level(c, level);
}

static void check_policy(ck *c, uint32_t cmd)
{
	uint32_t pol = rl_sk_child(c->t, cmd, RL_SK_POLICY);
	if (!pol)
		return;
	uint32_t dir = rl_sk_child(c->t, pol, RL_SK_PL_DIR);
	uint32_t prio = rl_sk_child(c->t, pol, RL_SK_PL_PRIO);
	if (leaf_is(c, dir, "fwd"))
		c->t->dialect |= RL_SK_D_FWD;
	if (prio) {
		c->t->dialect |= RL_SK_D_PRIO;
		if (leaf_is(c, rl_sk_child(c->t, prio, RL_SK_PL_SIGN), "+"))
			c->t->dialect |= RL_SK_D_POLICY_EXT;
		check_max(c, rl_sk_value(c->t, prio), prio_limit(c, prio), "priority offset");
	}
	if (!rl_sk_child(c->t, pol, RL_SK_PL_ACTION) && c->t->nodes[cmd].kind != RL_SK_SPDDELETE)
		bad(c, dir, "policy has no action, so setkey installs a discard policy: write ipsec with its "
			    "rules, none or discard");
	for (uint32_t r = rl_sk_child(c->t, pol, RL_SK_PL_RULE); r; r = rl_sk_next(c->t, r, RL_SK_PL_RULE))
		check_rule(c, r, dir);
}

static void check_spd(ck *c, uint32_t cmd)
{
	int kind = c->t->nodes[cmd].kind;
	if (kind == RL_SK_SPDUPDATE)
		c->t->dialect |= RL_SK_D_SPDUPDATE;
	if (rl_sk_child(c->t, cmd, RL_SK_TAG))
		c->t->dialect |= RL_SK_D_TAGGED;
	if (rl_sk_child(c->t, cmd, RL_SK_CTX))
		c->t->dialect |= RL_SK_D_CTX;
	check_addrs(c, cmd);
	check_upper(c, cmd);
	check_policy(c, cmd);
}

/* --- file ------------------------------------------------------------- */

static void shebang_dialect(rl_tree *t)
{
	if (t->ntoks == 0 || t->toks[0].off != 0 || t->toks[0].kind != SKT_COMMENT || t->toks[0].len < 2 ||
	    memcmp(t->src->data, "#!", 2) != 0)
		return;
	char *line = rl_xstrndup(t->src->data, t->toks[0].len);
	size_t n = strlen(line);
	while (n > 0 && rl_gram_isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	t->dialect |= RL_SK_D_SHEBANG;
	char *sb = strstr(line, "/sbin/setkey");
	if (sb && sb - line >= 4 && memcmp(sb - 4, "/usr", 4) == 0)
		t->dialect |= RL_SK_D_SHEBANG_USR;
	else if (sb)
		t->dialect |= RL_SK_D_SHEBANG_SBIN;
	if (n < 3 || strcmp(line + n - 3, " -f") != 0)
		t->dialect |= RL_SK_D_SHEBANG_NO_F;
	free(line);
}

void rl_setkey_check(rl_tree *t, rl_diags *d)
{
	ck c = {.t = t, .d = d, .count = 0};
	shebang_dialect(t);
	for (uint32_t n = t->nodes[t->root].child; n && !capped(&c); n = t->nodes[n].next) {
		switch (t->nodes[n].kind) {
		case RL_SK_ADD:
		case RL_SK_GET:
		case RL_SK_DELETE:
			check_sa(&c, n);
			break;
		case RL_SK_GETSPI:
			t->dialect |= RL_SK_D_GETSPI;
			check_sa(&c, n);
			break;
		case RL_SK_DELETEALL:
			check_addrs(&c, n);
			break;
		case RL_SK_SPDADD:
		case RL_SK_SPDUPDATE:
		case RL_SK_SPDDELETE:
			check_spd(&c, n);
			break;
		case RL_SK_EXIT:
			t->dialect |= RL_SK_D_EXIT;
			break;
		default: break;
		}
	}
}
