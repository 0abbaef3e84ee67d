/* The checks racoon makes on a racoon.conf while it reads it, run over the
 * finished tree:
 *
 *  - forms racoon's grammar rejects but the parser keeps for a better message
 *    (a hexadecimal number, 'yes'/'no', a missing unit, old KAME statements,
 *    a body-less remote without 'inherit'): syntax-error findings;
 *  - values it refuses (algorithm of the wrong class, DH group, key length,
 *    byte lifetimes, addresses that are not numeric, ports, prefixes, ...):
 *    invalid-value findings;
 *  - what it requires when a block closes: remote-incomplete and
 *    sainfo-incomplete findings;
 *  - the dialect: Apple-only, KAME-only and not-in-Apple forms are flagged on
 *    their nodes and summed up in tree->dialect. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algo.h"
#include "edit.h"
#include "racoon_scan.h"
#include "racoon_syntax.h"
#include "rules.h"
#include "util.h"

typedef struct chk {
	rl_tree *t;
	rl_diags *d;
	unsigned dns4, wins4;    /* mode_cfg servers so far */
	unsigned rad_auth, rad_acct;
	unsigned warnings;       /* warnings made so far (capped) */
	uint32_t *kame;          /* nodes with an old KAME form */
	size_t nkame, capkame;
	unsigned flagged;        /* the dialect flags given to any node */
	bool errors;             /* some node carries RL_NODE_ERROR */
	/* the algorithms of the last ALGO tokens looked up, by token index:
	 * the dialect marks, the class and the DH checks ask for the same
	 * words one after the other */
	uint32_t alg_tok[8];     /* token index + 1; 0: empty */
	const rl_alg *alg[8];
} chk;

enum { MAXNS = 3, MAXWINS = 4, RADIUS_MAX_SERVERS = 5 };

/* ---- findings ------------------------------------------------------------ */

static rl_span tok_span(const rl_tree *t, uint32_t i)
{
	return (rl_span){t->toks[i].off, t->toks[i].off + t->toks[i].len};
}

static rl_span tok_end(const rl_tree *t, uint32_t i)
{
	uint32_t e = t->toks[i].off + t->toks[i].len;
	return (rl_span){e, e};
}

static void invalid(chk *c, rl_span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void invalid(chk *c, rl_span sp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rl_vreport(c->d, RL_R_invalid_value, c->t->src, sp, fmt, ap);
	va_end(ap);
}

static void syntax(chk *c, rl_span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void syntax(chk *c, rl_span sp, const char *fmt, ...)
{
	char *msg;
	va_list ap;
	va_start(ap, fmt);
	msg = rl_xvasprintf(fmt, ap);
	va_end(ap);
	rl_syntax_error(c->t, c->d, sp.start, sp.end, "%s", msg);
	free(msg);
}

/* 'text' of a token for a message (secrets masked). */
static char *quote(const rl_tree *t, uint32_t i)
{
	rl_buf b = {0};
	rc_describe_tok(t, i, &b);
	return rl_buf_take(&b);
}

/* The inside of a token: a string without its quotes. */
static char *text_of(const rl_tree *t, uint32_t i)
{
	return rl_tok_strdup(t, i);
}

static bool tok_is(const rl_tree *t, uint32_t i, const char *s)
{
	return i != RC_NONE && rl_tok_is(t, i, s);
}

/* The algorithm an ALGO token names (NULL: none), through the cache. */
static const rl_alg *alg_at(chk *c, uint32_t i)
{
	unsigned h = i & 7;
	if (c->alg_tok[h] != i + 1) {
		c->alg_tok[h] = i + 1;
		c->alg[h] = rl_alg_find(rl_tok_text(c->t, i), c->t->toks[i].len);
	}
	return c->alg[h];
}

/* ---- dialects -------------------------------------------------------------- */

static void flag(chk *c, uint32_t node, unsigned f)
{
	c->t->nodes[node].flags |= (uint16_t)f;
	c->flagged |= f;
	if (f & RC_NF_KAME) {
		RL_GROW(c->kame, c->capkame, c->nkame + 1);
		c->kame[c->nkame++] = node;
	}
}

/* What check_stmt_common does with a token, by kind: TK_CHECK for the
 * tokens check_token explains, TK_DIALECT for the kinds of the words in
 * rc_word_dialect's table, 0 for the others. */
enum { TK_CHECK = 1, TK_DIALECT = 2, TK_KINDS = 512 };
static const unsigned char tok_class[TK_KINDS] = {
	[RC_T_HEXNUM] = TK_CHECK, [RC_T_QSTRING] = TK_CHECK, [RC_T_BOOL] = TK_CHECK,
	[RC_T_ALGO] = TK_DIALECT, [RC_T_PATHTYPE] = TK_DIALECT, [RC_T_LOGLEVEL] = TK_DIALECT,
	[RC_T_IDTYPE] = TK_DIALECT, [RC_T_EXCHANGE_TYPE] = TK_DIALECT, [RC_T_GENERATE_LEVEL] = TK_DIALECT,
	[RC_T_WINS4] = TK_DIALECT, [RC_T_LDAP] = TK_DIALECT, [RC_T_ULPROTO] = TK_DIALECT,
	[RC_T_CLIENTADDR] = TK_DIALECT, [RC_T_INHERIT] = TK_DIALECT, [RC_T_AUTO_EXIT_DELAY] = TK_DIALECT,
	[RC_T_IN_KEYCHAIN] = TK_DIALECT,
};

static inline unsigned tok_class_of(int kind)
{
	return kind >= 0 && kind < TK_KINDS ? tok_class[kind] : 0;
}

/* The flags an algorithm word gives its statement. */
static unsigned alg_dialect(const rl_alg *a)
{
	if (a && a->dialect == RL_DIALECT_APPLE)
		return RC_NF_APPLE;
	if (a && a->dialect == RL_DIALECT_NOT_APPLE)
		return RC_NF_NOT_APPLE;
	return 0;
}

/* Words whose mere presence marks a dialect (racoon_syntax.h). */
unsigned rc_word_dialect(const rl_tree *t, uint32_t i)
{
	static const struct {
		int kind;
		const char *text; /* NULL: any spelling of the kind */
		unsigned flags;
	} words[] = {
		{RC_T_PATHTYPE, "logfile", RC_NF_APPLE},
		{RC_T_PATHTYPE, "script", RC_NF_NOT_APPLE},
		{RC_T_PATHTYPE, "backupsa", RC_NF_NOT_APPLE},
		{RC_T_LOGLEVEL, "debug3", RC_NF_APPLE | RC_NF_KAME},
		{RC_T_LOGLEVEL, "debug4", RC_NF_APPLE | RC_NF_KAME},
		{RC_T_IDTYPE, "keyid_use", RC_NF_APPLE},
		{RC_T_IDTYPE, "certname", RC_NF_APPLE},
		{RC_T_EXCHANGE_TYPE, "base", RC_NF_NOT_APPLE},
		{RC_T_GENERATE_LEVEL, NULL, RC_NF_NOT_APPLE},
		{RC_T_WINS4, "nbns4", RC_NF_NOT_APPLE},
		{RC_T_LDAP, NULL, RC_NF_NOT_APPLE},
		{RC_T_ULPROTO, "gre", RC_NF_NOT_APPLE},
		{RC_T_CLIENTADDR, NULL, RC_NF_NOT_APPLE},
		{RC_T_INHERIT, NULL, RC_NF_NOT_APPLE},
		{RC_T_AUTO_EXIT_DELAY, NULL, RC_NF_APPLE},
		{RC_T_IN_KEYCHAIN, NULL, RC_NF_APPLE},
	};
	int kind = t->toks[i].kind;
	if (tok_class_of(kind) != TK_DIALECT)
		return 0; /* no word of the table below: most words */
	if (kind == RC_T_ALGO)
		return alg_dialect(rl_alg_find(rl_tok_text(t, i), t->toks[i].len));
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (words[k].kind == kind && (!words[k].text || rl_tok_is(t, i, words[k].text)))
			return words[k].flags;
	return 0;
}

/* Statement keywords that mark a dialect; top: the statement is at top
 * level. */
unsigned rc_keyword_dialect(int kw, bool top)
{
	switch (kw) {
	case RC_T_PRIVSEP: case RC_T_PFKEY_BUFFER: case RC_T_LDAPCFG: case RC_T_RADIUSCFG:
	case RC_T_GSS_ID_ENC: case RC_T_REMOTE_ADDRESS: case RC_T_SCRIPT: case RC_T_PH1ID:
	case RC_T_REKEY: case RC_T_MATCH_EMPTY_CR: case RC_T_PEERS_CERTFILE: case RC_T_CA_TYPE:
	case RC_T_REMOTEID:
		return RC_NF_NOT_APPLE;
	case RC_T_IKE_VERSION: case RC_T_LOCAL_ADDRESS: case RC_T_SHARED_SECRET:
	case RC_T_CERTIFICATE_VERIFICATION: case RC_T_OPEN_DIR_AUTH_GROUP:
	case RC_T_NAT_TRAVERSAL_MULTI_USER: case RC_T_NAT_TRAVERSAL_KEEPALIVE:
	case RC_T_DPD_ALGORITHM: case RC_T_DISCONNECT_ON_IDLE:
		return RC_NF_APPLE;
	case RC_T_IDENTIFIER:
		return top ? RC_NF_APPLE | RC_NF_KAME : RC_NF_KAME;
	case RC_T_SUPPORT_MIP6:
		return RC_NF_APPLE | RC_NF_KAME;
	case RC_T_KEEPALIVE: case RC_T_ADMIN:
		return RC_NF_KAME;
	default:
		return 0;
	}
}

/* An old KAME form in a file that is KAME's: a syntax error with a hint. */
static void kame_error(chk *c, uint32_t node)
{
	const rl_tree *t = c->t;
	uint32_t kw = rc_kw(t, node);
	if (kw == RC_NONE)
		return;
	rl_span sp = tok_span(t, kw);
	bool top = t->nodes[node].parent == t->root;
	switch (t->toks[kw].kind) {
	case RC_T_IDENTIFIER:
		if (top)
			syntax(c, sp, "'identifier' at top level is old KAME syntax (Apple's racoon still takes "
				      "it, ipsec-tools' does not): write 'my_identifier' in each remote block");
		else
			syntax(c, sp, "'identifier' inside a remote block is old KAME syntax: write 'my_identifier'");
		break;
	case RC_T_KEEPALIVE:
		syntax(c, sp, "'keepalive' is old KAME syntax that racoon no longer accepts (see dpd_delay)");
		break;
	case RC_T_ADMIN:
		syntax(c, sp, "'admin' is old KAME syntax that racoon no longer accepts: use 'adminsock'");
		break;
	case RC_T_SUPPORT_MIP6:
		syntax(c, sp, "'support_mip6' is old KAME syntax (Apple's racoon still takes it, "
			      "ipsec-tools' does not): write 'support_proxy'");
		break;
	default: {
		uint32_t lvl = rc_arg(t, node, 0);
		char *q = quote(t, lvl != RC_NONE ? lvl : kw);
		syntax(c, lvl != RC_NONE ? tok_span(t, lvl) : sp,
		       "log level %s exists only in KAME's and Apple's racoon: write 'debug2'", q);
		free(q);
		break;
	}
	}
}

/* A file with KAME-only forms is KAME's: every KAME form is an error there,
 * including those Apple kept. Otherwise Apple's forms make it Apple's. */
static void settle_dialect(chk *c)
{
	rl_tree *t = c->t;
	bool kame = false;
	for (size_t i = 0; i < c->nkame; i++)
		if (!(t->nodes[c->kame[i]].flags & RC_NF_APPLE))
			kame = true;
	for (size_t i = 0; i < c->nkame; i++)
		if (kame || !(t->nodes[c->kame[i]].flags & RC_NF_APPLE))
			kame_error(c, c->kame[i]);
	if (kame)
		t->dialect |= RC_DIALECT_KAME;
}

/* ---- tokens the grammar takes only to explain them ------------------------------ */

/* A token the grammar takes only to explain it: a hexadecimal number, a
 * quoted string with a line break, 'yes' or 'no'. */
static void check_token(chk *c, uint32_t i)
{
	const rl_tree *t = c->t;
	if (t->toks[i].kind == RC_T_HEXNUM && (t->toks[i].flags & RL_TOK_SECRET)) {
		syntax(c, tok_span(t, i), "racoon takes no hexadecimal number");
	} else if (t->toks[i].kind == RC_T_HEXNUM) {
		errno = 0;
		unsigned long v = strtoul(rl_tok_text(t, i) + 2, NULL, 16);
		char *q = quote(t, i);
		if (errno == ERANGE)
			syntax(c, tok_span(t, i), "racoon takes no hexadecimal number, and %s is beyond 64 bits", q);
		else
			syntax(c, tok_span(t, i), "racoon takes no hexadecimal number: write %s as %lu", q, v);
		free(q);
	} else if (t->toks[i].kind == RC_T_QSTRING && memchr(rl_tok_text(t, i), '\n', t->toks[i].len) &&
		   c->warnings++ < RL_MAX_SYNTAX_ERRORS) {
		rl_diag *dg = rl_report(c->d, RL_R_syntax_error, t->src, tok_span(t, i),
					"a line break inside a quoted string: racoon takes it, but its line "
					"numbers are wrong after it");
		dg->sev = RL_SEV_WARNING;
	} else if (t->toks[i].kind == RC_T_BOOL) {
		char *q = quote(t, i);
		syntax(c, tok_span(t, i), "racoon takes 'on' or 'off' here, not %s", q);
		free(q);
	}
}

/* A time after a NUMBER needs its unit. */
static void need_unit(chk *c, uint32_t node, unsigned num_arg, bool time)
{
	const rl_tree *t = c->t;
	uint32_t args[4];
	unsigned n = rc_args(t, node, args, 4);
	/* an argument at num_arg (the number) and none after it */
	if (n != num_arg + 1)
		return;
	uint32_t num = args[num_arg];
	if (time)
		syntax(c, tok_end(t, num), "expected a time unit (sec, min or hour) after '%.*s'",
		       (int)t->toks[num].len, rl_tok_text(t, num));
	else
		syntax(c, tok_end(t, num), "expected a byte unit (B, KB, MB) after '%.*s'",
		       (int)t->toks[num].len, rl_tok_text(t, num));
}

static void check_lifetime(chk *c, uint32_t node, const char *where)
{
	const rl_tree *t = c->t;
	uint32_t type = rc_arg(t, node, 0);
	bool bytes = rc_tok_kind(t, type) == RC_T_BYTE;
	need_unit(c, node, 1, !bytes);
	if (bytes)
		invalid(c, rl_node_span(t, node),
			"racoon no longer supports byte lifetimes (%s): use 'lifetime time'", where);
}

/* ---- values ---------------------------------------------------------------------- */

/* Family of a numeric address (AF_INET, AF_INET6), or 0 when the text is
 * not one. An IPv6 zone ("%eth0") is allowed; the '-' of an address range
 * is skipped. */
static int addr_family(const rl_tree *t, uint32_t i)
{
	/* the text as rl_tok_strdup gives it, in place of a copy when short */
	char small[80], *s = small, *copy = NULL;
	const char *text = rl_tok_text(t, i);
	uint32_t n = t->toks[i].len;
	if (n >= 2 && text[0] == '"' && text[n - 1] == '"') {
		text++;
		n -= 2;
	}
	if (n < sizeof small) {
		memcpy(small, text, n);
		small[n] = '\0';
	} else {
		s = copy = rl_tok_strdup(t, i);
	}
	char *a = *s == '-' ? s + 1 : s;
	char *zone = strchr(a, '%');
	if (zone)
		*zone = '\0';
	unsigned char buf[16];
	int af = 0;
	if (!zone && inet_pton(AF_INET, a, buf) == 1)
		af = AF_INET;
	else if (inet_pton(AF_INET6, a, buf) == 1)
		af = AF_INET6;
	free(copy);
	return af;
}

static int check_addr(chk *c, uint32_t i)
{
	int af = addr_family(c->t, i);
	if (!af) {
		char *q = quote(c->t, i);
		invalid(c, tok_span(c->t, i), "%s is not a numeric IPv4 or IPv6 address (racoon resolves no names)", q);
		free(q);
	}
	return af;
}

static void check_ipv4(chk *c, uint32_t i, const char *what)
{
	if (addr_family(c->t, i) != AF_INET) {
		char *q = quote(c->t, i);
		invalid(c, tok_span(c->t, i), "%s is not a numeric IPv4 %s", q, what);
		free(q);
	}
}

static void check_port(chk *c, uint32_t i)
{
	unsigned long v;
	if (i == RC_NONE || rc_tok_kind(c->t, i) != RC_T_PORT)
		return;
	if (!rc_tok_ulong(c->t, i, &v) || v > 65535) {
		char *q = quote(c->t, i);
		invalid(c, tok_span(c->t, i), "port %s is out of range (0 to 65535)", q);
		free(q);
	}
}

static void check_prefix(chk *c, uint32_t i, int af)
{
	unsigned long v;
	unsigned max = af == AF_INET6 ? 128 : 32;
	if (i == RC_NONE || !af)
		return;
	if (!rc_tok_ulong(c->t, i, &v) || v > max) {
		char *q = quote(c->t, i);
		invalid(c, tok_span(c->t, i), "prefix %s is longer than an %s address (%u bits)", q,
			af == AF_INET6 ? "IPv6" : "IPv4", max);
		free(q);
	}
}

static void check_addr_node(chk *c, uint32_t node)
{
	rc_addr a;
	rc_addr_get(c->t, node, &a);
	int af = a.addr != RC_NONE ? check_addr(c, a.addr) : 0;
	check_prefix(c, a.prefix, af);
	check_port(c, a.port);
	if (a.prefix != RC_NONE)
		flag(c, node, RC_NF_APPLE);
	if (a.name != RC_NONE)
		flag(c, node, RC_NF_NOT_APPLE);
}

/* An identity: the values racoon's set_identifier wants. */
static void check_id(chk *c, uint32_t node, const char *stmt)
{
	const rl_tree *t = c->t;
	rc_id id;
	rc_id_get(t, node, &id);
	if (id.type == RC_NONE)
		return;
	char *type = text_of(t, id.type);
	bool named = strcmp(type, "fqdn") == 0 || strcmp(type, "user_fqdn") == 0;
	if (named && id.value == RC_NONE)
		invalid(c, rl_node_span(t, node), "%s %s needs a value", stmt, type);
	else if (named && t->toks[id.value].len == 2 && t->toks[id.value].kind == RC_T_QSTRING)
		invalid(c, tok_span(t, id.value), "%s %s is empty", stmt, type);
	else if (strcmp(type, "keyid") == 0 && id.value == RC_NONE)
		invalid(c, rl_node_span(t, node), "%s keyid needs a file name or, with 'tag', a string", stmt);
	else if (strcmp(type, "address") == 0 && id.value != RC_NONE) {
		if (t->toks[id.value].kind == RC_T_ADDR)
			check_addr(c, id.value);
	}
	free(type);
}

/* ---- algorithms ------------------------------------------------------------------ */

/* The class an algorithm word is first known as. */
static rl_alg_class main_class(const rl_alg *a)
{
	for (unsigned bit = 1; bit <= RL_AC_DH; bit <<= 1)
		if (a->classes & bit)
			return (rl_alg_class)bit;
	return 0;
}

static void describe_keylens(rl_buf *b, const rl_alg *a)
{
	if (a->key_step == 64)
		rl_buf_printf(b, "128, 192 or 256");
	else
		rl_buf_printf(b, "%d to %d in steps of %d", a->key_min, a->key_max, a->key_step);
}

static void check_keylen(chk *c, const rl_alg *a, uint32_t name, uint32_t keylen)
{
	const rl_tree *t = c->t;
	unsigned long v;
	if (keylen == RC_NONE || rc_tok_kind(t, keylen) != RC_T_NUMBER)
		return;
	if (!a->key_default) {
		invalid(c, tok_span(t, keylen), "'%.*s' has a fixed key length: racoon refuses a key length (keylen not allowed)",
			(int)t->toks[name].len, rl_tok_text(t, name));
		return;
	}
	if (!rc_tok_ulong(t, keylen, &v) || !rl_alg_keylen_ok(a, v)) {
		rl_buf b = {0};
		describe_keylens(&b, a);
		invalid(c, tok_span(t, keylen), "invalid key length %.*s for '%.*s' (%s)", (int)t->toks[keylen].len,
			rl_tok_text(t, keylen), (int)t->toks[name].len, rl_tok_text(t, name), rl_buf_str(&b));
		rl_buf_free(&b);
	}
}

/* One algorithm (RC_N_ALG) where the class 'want' is expected. */
static void check_alg(chk *c, uint32_t node, rl_alg_class want, bool keylen_counts)
{
	const rl_tree *t = c->t;
	uint32_t name = rc_kw(t, node);
	if (name == RC_NONE)
		return;
	const rl_alg *a = alg_at(c, name);
	if (!a)
		return;
	if (!(a->classes & want)) {
		rl_alg_class is = main_class(a);
		if (is)
			invalid(c, tok_span(t, name), "'%s' is a %s, not a %s", a->name, rl_alg_class_name(is),
				rl_alg_class_name(want));
		else
			invalid(c, tok_span(t, name), "racoon does not take '%s' as a %s", a->name, rl_alg_class_name(want));
		return;
	}
	if (keylen_counts)
		check_keylen(c, a, name, rc_arg(t, node, 0));
}

/* A DH group: a name or a number; the value when valid, else 0. */
static int check_dh(chk *c, uint32_t v)
{
	const rl_tree *t = c->t;
	if (v == RC_NONE)
		return 0;
	const rl_alg *a = t->toks[v].kind == RC_T_ALGO ? alg_at(c, v) : NULL;
	/* rc_dh_value, with the name looked up once */
	int group = a ? (a->classes & RL_AC_DH ? a->dh : 0) : rc_dh_value(t, v);
	if (group)
		return group;
	if (t->toks[v].kind == RC_T_ALGO) {
		if (a && a->dh)
			invalid(c, tok_span(t, v), "racoon does not take '%s' as a DH group (must be DH group); "
						   "the EC2N groups are not supported", a->name);
		else if (a)
			invalid(c, tok_span(t, v), "'%s' is a %s, not a Diffie-Hellman group", a->name,
				rl_alg_class_name(main_class(a)));
	} else if (t->toks[v].kind == RC_T_NUMBER) {
		invalid(c, tok_span(t, v), "%.*s is not a DH group racoon knows (1, 2, 5, 14 to 18) (must be DH group)",
			(int)t->toks[v].len, rl_tok_text(t, v));
	}
	return 0;
}

/* ---- statements -------------------------------------------------------------- */

static void check_listen_stmt(chk *c, uint32_t s, int kw)
{
	const rl_tree *t = c->t;
	if (kw == RC_T_ISAKMP || kw == RC_T_ISAKMP_NATT) {
		check_addr_node(c, rc_child(t, s, RC_N_ADDR));
		return;
	}
	if (kw != RC_T_ADMINSOCK)
		return;
	uint32_t path = rc_arg(t, s, 0);
	uint32_t mode = rc_arg(t, s, 3);
	if (rc_tok_kind(t, path) == RC_T_QSTRING) {
		char *p = text_of(t, path);
		const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
		size_t n = strlen(base);
		bool sock = (n > 5 && strcmp(base + n - 5, ".sock") == 0) ||
			    (n > 7 && strcmp(base + n - 7, ".socket") == 0);
		if (!*p || !sock || strstr(p, "/../") || strncmp(p, "../", 3) == 0)
			invalid(c, tok_span(t, path), "admin socket path \"%s\" is not allowed: racoon wants a name "
						      "ending in .sock or .socket, and no '..'", p);
		free(p);
	}
	unsigned long m;
	if (rc_tok_kind(t, mode) == RC_T_NUMBER && rc_tok_ulong(t, mode, &m)) {
		const char *s8 = rl_tok_text(t, mode);
		bool octal = m <= 777;
		for (uint32_t k = 0; k < t->toks[mode].len; k++)
			if (s8[k] > '7')
				octal = false;
		if (!octal)
			invalid(c, tok_span(t, mode), "admin socket mode %lu is not valid: write octal digits, at most 777", m);
	}
}

static void check_list_addrs(chk *c, uint32_t s, unsigned *count, unsigned max, const char *what)
{
	const rl_tree *t = c->t;
	for (uint32_t a = rc_find_tok(t, s, RC_NONE, RC_T_ADDR); a != RC_NONE;
	     a = rc_find_tok(t, s, a + 1, RC_T_ADDR)) {
		check_ipv4(c, a, "address");
		if (++*count == max + 1)
			invalid(c, tok_span(t, a), "no more than %u %s servers (racoon refuses more)", max, what);
	}
}

static void check_modecfg_stmt(chk *c, uint32_t s, int kw)
{
	const rl_tree *t = c->t;
	switch (kw) {
	case RC_T_NETWORK4:
		check_ipv4(c, rc_arg(t, s, 0), "network address");
		break;
	case RC_T_NETMASK4:
		check_ipv4(c, rc_arg(t, s, 0), "netmask");
		break;
	case RC_T_DNS4:
		check_list_addrs(c, s, &c->dns4, MAXNS, "DNS");
		break;
	case RC_T_WINS4:
		check_list_addrs(c, s, &c->wins4, MAXWINS, "WINS");
		break;
	case RC_T_SPLIT_NETWORK:
		for (uint32_t a = rc_find_tok(t, s, RC_NONE, RC_T_ADDR); a != RC_NONE;
		     a = rc_find_tok(t, s, a + 1, RC_T_ADDR)) {
			check_ipv4(c, a, "network address");
			check_prefix(c, rc_find_tok(t, s, a, RC_T_PREFIX), AF_INET);
		}
		break;
	default:
		break;
	}
}

static void check_ldap_stmt(chk *c, uint32_t s, int kw)
{
	unsigned long v;
	uint32_t a = rc_arg(c->t, s, 0);
	if (kw == RC_T_VERSION && rc_tok_kind(c->t, a) == RC_T_NUMBER && (!rc_tok_ulong(c->t, a, &v) || v < 2 || v > 3))
		invalid(c, tok_span(c->t, a), "invalid ldap protocol version (2 or 3)");
	if (kw == RC_T_LDAP_PORT && rc_tok_kind(c->t, a) == RC_T_NUMBER && (!rc_tok_ulong(c->t, a, &v) || v > 65535))
		invalid(c, tok_span(c->t, a), "port %.*s is out of range (0 to 65535)", (int)c->t->toks[a].len,
			rl_tok_text(c->t, a));
}

static void check_radius_stmt(chk *c, uint32_t s, int kw)
{
	const rl_tree *t = c->t;
	if (kw != RC_T_AUTH && kw != RC_T_ACCT)
		return;
	unsigned *n = kw == RC_T_AUTH ? &c->rad_auth : &c->rad_acct;
	if (++*n == RADIUS_MAX_SERVERS + 1)
		invalid(c, rl_node_span(t, s), "no more than %d radius %s servers (racoon refuses more)",
			RADIUS_MAX_SERVERS, kw == RC_T_AUTH ? "auth" : "accounting");
	uint32_t port = rc_find_tok(t, s, RC_NONE, RC_T_NUMBER);
	unsigned long v;
	if (port != RC_NONE && (!rc_tok_ulong(t, port, &v) || v > 65535))
		invalid(c, tok_span(t, port), "port %.*s is out of range (0 to 65535)", (int)t->toks[port].len,
			rl_tok_text(t, port));
}

static void check_timer_stmt(chk *c, uint32_t s, int kw)
{
	if (kw != RC_T_COUNTER && kw != RC_T_PERSEND)
		need_unit(c, s, 0, true);
}

/* A statement of a top-level block. */
static void check_block_stmt(chk *c, int block, uint32_t s)
{
	int kw = rc_kw_kind(c->t, s);
	switch (block) {
	case RC_T_LISTEN: check_listen_stmt(c, s, kw); break;
	case RC_T_MODE_CFG: check_modecfg_stmt(c, s, kw); break;
	case RC_T_LDAPCFG: check_ldap_stmt(c, s, kw); break;
	case RC_T_RADIUSCFG: check_radius_stmt(c, s, kw); break;
	case RC_T_TIMER: check_timer_stmt(c, s, kw); break;
	default: break;
	}
}

/* Every statement: the tokens only explained (check_token), and the
 * dialect its keyword and words mark, in one pass over its tokens. */
static void check_stmt_common(chk *c, uint32_t s)
{
	const rl_tree *t = c->t;
	const rl_node *n = &t->nodes[s];
	if (n->last < n->first)
		return;
	unsigned f = rc_keyword_dialect(rc_kw_kind(t, s), n->parent == t->root);
	const rl_tok *tk = t->toks;
	for (uint32_t i = n->first; i <= n->last; i++) {
		if (tk[i].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR))
			continue;
		unsigned cls = tok_class_of(tk[i].kind);
		if (cls == TK_CHECK)
			check_token(c, i);
		else if (cls == TK_DIALECT)
			f |= tk[i].kind == RC_T_ALGO ? alg_dialect(alg_at(c, i)) : rc_word_dialect(t, i);
	}
	if (f)
		flag(c, s, f);
}

static void check_block(chk *c, uint32_t b)
{
	int kw = rc_kw_kind(c->t, b);
	unsigned f = rc_keyword_dialect(kw, true);
	if (f)
		flag(c, b, f);
	for (uint32_t s = c->t->nodes[b].child; s; s = c->t->nodes[s].next) {
		if (c->t->nodes[s].kind != RC_N_STMT)
			continue;
		check_stmt_common(c, s);
		check_block_stmt(c, kw, s);
	}
}

/* ---- remote and proposal -------------------------------------------------- */

/* What a remote body holds, for its close checks. */
typedef struct remote_info {
	uint32_t exchange;    /* the last exchange_mode statement */
	bool aggressive;
	uint32_t asn1dn;      /* my_identifier asn1dn without a DN */
	bool x509;            /* certificate_type x509 */
	unsigned peers_ids;
	uint32_t verify_peers; /* certificate_verification ... use_peers_identifier */
	uint32_t certtype, peerscert, catype;
	bool plain_rsa_key;    /* certificate_type plain_rsa so far */
	bool plain_rsa_peers;  /* peers_certfile plain_rsa so far */
} remote_info;

/* What a proposal holds, for the checks made when the remote closes. */
typedef struct prop_info {
	uint32_t node;
	bool enc, hash, auth;
	int dh;          /* group number, 0 when absent or invalid */
	bool dh_seen;
} prop_info;

static void check_proposal(chk *c, uint32_t p, const remote_info *ri, prop_info *pi)
{
	const rl_tree *t = c->t;
	bool gss_auth = false;
	memset(pi, 0, sizeof *pi);
	pi->node = p;
	for (uint32_t s = t->nodes[p].child; s; s = t->nodes[s].next) {
		if (t->nodes[s].kind != RC_N_STMT)
			continue;
		check_stmt_common(c, s);
		uint32_t alg = rc_child(t, s, RC_N_ALG);
		switch (rc_kw_kind(t, s)) {
		case RC_T_ENCRYPTION_ALGORITHM:
			check_alg(c, alg, RL_AC_P1_ENC, true);
			pi->enc = true;
			break;
		case RC_T_HASH_ALGORITHM:
			check_alg(c, alg, RL_AC_P1_HASH, false);
			pi->hash = true;
			break;
		case RC_T_AUTHENTICATION_METHOD:
			check_alg(c, alg, RL_AC_P1_AUTH, false);
			pi->auth = true;
			gss_auth = tok_is(t, rc_kw(t, alg), "gssapi_krb");
			/* racoon checks the keys as it reads the method */
			if (tok_is(t, rc_kw(t, alg), "rsasig") && ri->plain_rsa_peers && !ri->plain_rsa_key)
				invalid(c, tok_span(t, rc_kw(t, alg)), "rsasig with 'peers_certfile plain_rsa' needs a "
								      "'certificate_type plain_rsa' line before this proposal "
								      "(Private PlainRSA key not set)");
			break;
		case RC_T_DH_GROUP:
			pi->dh = check_dh(c, rc_arg(t, s, 0));
			pi->dh_seen = true;
			break;
		case RC_T_GSS_ID:
			if (!gss_auth)
				invalid(c, tok_span(t, rc_kw(t, s)), "gss_id must follow 'authentication_method "
								   "gssapi_krb' in the same proposal (wrong Vendor ID for gssapi_id)");
			break;
		case RC_T_LIFETIME:
			check_lifetime(c, s, "phase 1");
			break;
		default:
			break;
		}
	}
}

static void check_certificates(chk *c, uint32_t s, int kw, uint32_t *seen)
{
	const rl_tree *t = c->t;
	if (kw == RC_T_CERTIFICATE_TYPE && rc_find_tok(t, s, RC_NONE, RC_T_IN_KEYCHAIN) == RC_NONE)
		flag(c, s, RC_NF_NOT_APPLE);
	if (*seen) {
		uint32_t line, col;
		rl_source_pos(t->src, t->toks[rc_kw(t, *seen)].off, &line, &col);
		invalid(c, tok_span(t, rc_kw(t, s)), "%.*s already defined on line %u (racoon refuses a second one)",
			(int)t->toks[rc_kw(t, s)].len, rl_tok_text(t, rc_kw(t, s)), line);
	}
	*seen = s;
}


static void note_my_identifier(chk *c, uint32_t s, remote_info *ri)
{
	rc_id id;
	rc_id_get(c->t, rc_child(c->t, s, RC_N_ID), &id);
	ri->asn1dn = tok_is(c->t, id.type, "asn1dn") && id.value == RC_NONE ? s : 0;
}

static void check_exchange_mode(chk *c, uint32_t s, remote_info *ri)
{
	const rl_tree *t = c->t;
	ri->exchange = s;
	ri->aggressive = false;
	for (uint32_t e = rc_find_tok(t, s, RC_NONE, RC_T_EXCHANGE_TYPE); e != RC_NONE;
	     e = rc_find_tok(t, s, e + 1, RC_T_EXCHANGE_TYPE))
		if (rl_tok_is(t, e, "aggressive"))
			ri->aggressive = true;
}

static void check_remote_stmt(chk *c, uint32_t r, uint32_t s, remote_info *ri)
{
	const rl_tree *t = c->t;
	int kw = rc_kw_kind(t, s);
	uint32_t a0 = rc_arg(t, s, 0);
	unsigned long v;
	switch (kw) {
	case RC_T_REMOTE_ADDRESS: {
		rc_addr head;
		rc_addr_get(t, rc_remote_head(t, r), &head);
		check_addr_node(c, rc_child(t, s, RC_N_ADDR));
		if (head.name == RC_NONE || rc_remote_parent(t, r))
			invalid(c, tok_span(t, rc_kw(t, s)), "remote_address already specified: only a "
							      "'remote \"NAME\"' block that inherits nothing can set it");
		break;
	}
	case RC_T_EXCHANGE_MODE: check_exchange_mode(c, s, ri); break;
	case RC_T_MY_IDENTIFIER:
		check_id(c, rc_child(t, s, RC_N_ID), "my_identifier");
		note_my_identifier(c, s, ri);
		break;
	case RC_T_PEERS_IDENTIFIER:
		check_id(c, rc_child(t, s, RC_N_ID), "peers_identifier");
		ri->peers_ids++;
		break;
	case RC_T_XAUTH_LOGIN:
		if (a0 == RC_NONE)
			invalid(c, rl_node_span(t, s), "xauth_login needs a login name");
		break;
	case RC_T_CERTIFICATE_TYPE:
		ri->x509 = ri->x509 || rc_tok_kind(t, a0) == RC_T_X509;
		ri->plain_rsa_key = ri->plain_rsa_key || rc_tok_kind(t, a0) == RC_T_PLAIN_RSA;
		check_certificates(c, s, kw, &ri->certtype);
		break;
	case RC_T_PEERS_CERTFILE:
		ri->plain_rsa_peers = ri->plain_rsa_peers || rc_tok_kind(t, a0) == RC_T_PLAIN_RSA;
		check_certificates(c, s, kw, &ri->peerscert);
		break;
	case RC_T_CA_TYPE: check_certificates(c, s, kw, &ri->catype); break;
	case RC_T_DH_GROUP:
		invalid(c, tok_span(t, rc_kw(t, s)), "dh_group cannot be defined here: set it in each proposal");
		break;
	case RC_T_LIFETIME: check_lifetime(c, s, "phase 1"); break;
	case RC_T_LOCAL_ADDRESS: check_addr(c, a0); break;
	case RC_T_IKE_VERSION:
		if (rc_tok_kind(t, a0) == RC_T_NUMBER && (!rc_tok_ulong(t, a0, &v) || v != 1))
			invalid(c, tok_span(t, a0), "racoon speaks IKE version 1 only");
		break;
	case RC_T_SHARED_SECRET:
		if (rc_arg(t, s, 1) == RC_NONE && !tok_is(t, a0, "keychain_by_id"))
			invalid(c, rl_node_span(t, s), "shared secret value missing");
		break;
	case RC_T_CERTIFICATE_VERIFICATION:
		if (tok_is(t, rc_arg(t, s, 1), "use_peers_identifier"))
			ri->verify_peers = s;
		break;
	case RC_T_IKE_FRAG:
		if (rc_tok_kind(t, a0) == RC_T_FORCE)
			flag(c, s, RC_NF_NOT_APPLE);
		break;
	default:
		break;
	}
}

static void incomplete(chk *c, rl_span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void incomplete(chk *c, rl_span sp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rl_vreport(c->d, RL_R_remote_incomplete, c->t->src, sp, fmt, ap);
	va_end(ap);
}

static bool has_error_in(const rl_tree *t, uint32_t node)
{
	if (t->nodes[node].flags & RL_NODE_ERROR)
		return true;
	for (uint32_t ch = t->nodes[node].child; ch; ch = t->nodes[ch].next)
		if (has_error_in(t, ch))
			return true;
	return false;
}

/* Does the node or a node under it carry RL_NODE_ERROR? Most files have
 * no such node at all. */
static bool has_error(const chk *c, uint32_t node)
{
	return c->errors && has_error_in(c->t, node);
}

/* The head of a block: from its keyword to the end of its head nodes. */
static rl_span head_span(const rl_tree *t, uint32_t node)
{
	uint32_t kw = rc_kw(t, node);
	uint32_t last = kw;
	for (uint32_t ch = t->nodes[node].child; ch && !rc_is_body(t, ch); ch = t->nodes[ch].next)
		last = t->nodes[ch].last;
	return (rl_span){t->toks[kw].off, t->toks[last].off + t->toks[last].len};
}

static void check_proposals_complete(chk *c, const prop_info *ps, size_t n)
{
	const rl_tree *t = c->t;
	for (size_t i = 0; i < n; i++) {
		const char *miss[4];
		int m = 0;
		if (!ps[i].enc)
			miss[m++] = "encryption_algorithm";
		if (!ps[i].hash)
			miss[m++] = "hash_algorithm";
		if (!ps[i].auth)
			miss[m++] = "authentication_method";
		if (!ps[i].dh_seen)
			miss[m++] = "dh_group";
		if (!m)
			continue;
		rl_buf b = {0};
		for (int k = 0; k < m; k++)
			rl_buf_printf(&b, "%s%s", k ? (k == m - 1 ? " and " : ", ") : "", miss[k]);
		incomplete(c, tok_span(t, rc_kw(t, ps[i].node)), "proposal lacks %s: racoon requires "
				 "encryption_algorithm, hash_algorithm, authentication_method and dh_group",
			   rl_buf_str(&b));
		rl_buf_free(&b);
	}
}

static void check_aggressive(chk *c, const prop_info *ps, size_t n)
{
	const rl_tree *t = c->t;
	int group = 0;
	for (size_t i = 0; i < n; i++) {
		if (!ps[i].dh)
			continue;
		if (group && ps[i].dh != group) {
			uint32_t s = rc_stmt(t, ps[i].node, RC_T_DH_GROUP);
			incomplete(c, rl_node_span(t, s), "with aggressive mode every proposal needs the same DH "
							  "group (here %d, before %d)", ps[i].dh, group);
			return;
		}
		group = ps[i].dh;
	}
	const rl_alg *g = group ? rl_dh_by_number((unsigned long)group) : NULL;
	if (g && g->dh_unusable)
		incomplete(c, rl_node_span(t, rc_stmt(t, ps[0].node, RC_T_DH_GROUP)),
			   "DH group %d cannot be used in aggressive mode: racoon cannot compute it (failed to set DH value)",
			   group);
}

/* Checks racoon makes when a remote block closes. */
static void close_remote(chk *c, uint32_t r, const remote_info *ri, const prop_info *ps, size_t n)
{
	const rl_tree *t = c->t;
	if (has_error(c, r) || (t->nodes[r].flags & RC_NF_NOBODY))
		return;
	bool inherits = rc_remote_parent(t, r) != 0;
	rl_span head = head_span(t, r);
	if (!inherits && (!ri->exchange || rc_arg(t, ri->exchange, 0) == RC_NONE))
		incomplete(c, ri->exchange ? rl_node_span(t, ri->exchange) : head,
			   "no exchange mode: racoon requires 'exchange_mode' (main, aggressive or base) in a remote block");
	if (ri->asn1dn && !ri->x509)
		incomplete(c, rl_node_span(t, ri->asn1dn), "my_identifier asn1dn needs a DN string or a "
							    "'certificate_type x509' line (ASN1 ID not specified and no CERT defined)");
	if (!inherits && n == 0)
		incomplete(c, head, "remote block has no proposal: racoon requires at least one");
	check_proposals_complete(c, ps, n);
	if (ri->aggressive)
		check_aggressive(c, ps, n);
	if (ri->verify_peers && !ri->peers_ids)
		incomplete(c, rl_node_span(t, ri->verify_peers), "use_peers_identifier needs a peers_identifier line");
}

static void check_remote(chk *c, uint32_t r)
{
	rl_tree *t = c->t;
	remote_info ri;
	memset(&ri, 0, sizeof ri);
	prop_info *ps = NULL;
	size_t n = 0, cap = 0;
	uint32_t head = rc_remote_head(t, r);
	if (head)
		check_addr_node(c, head);
	uint32_t parent = rc_remote_parent(t, r);
	if (parent) {
		check_addr_node(c, parent);
		flag(c, r, RC_NF_NOT_APPLE);
	}
	if (t->nodes[r].flags & RC_NF_NOBODY) {
		flag(c, r, RC_NF_NOT_APPLE);
		if (!parent)
			syntax(c, tok_span(t, t->nodes[r].last), "expected '{': only a remote block with 'inherit' may end with ';'");
	}
	for (uint32_t s = t->nodes[r].child; s; s = t->nodes[s].next) {
		if (t->nodes[s].kind == RC_N_PROPOSAL) {
			RL_GROW(ps, cap, n + 1);
			check_proposal(c, s, &ri, &ps[n++]);
		} else if (t->nodes[s].kind == RC_N_STMT) {
			check_stmt_common(c, s);
			check_remote_stmt(c, r, s, &ri);
		}
	}
	close_remote(c, r, &ri, ps, n);
	free(ps);
}

/* ---- sainfo ------------------------------------------------------------------- */

static void check_said(chk *c, uint32_t node)
{
	const rl_tree *t = c->t;
	rc_said s;
	rc_said_get(t, node, &s);
	if (s.client != RC_NONE)
		flag(c, node, RC_NF_NOT_APPLE);
	if (s.str != RC_NONE && tok_is(t, s.type, "asn1dn"))
		invalid(c, tok_span(t, s.type), "asn1dn cannot name a phase 2 identity (id type forbidden)");
	if (s.addr == RC_NONE)
		return;
	int af = check_addr(c, s.addr);
	if (s.range != RC_NONE) {
		int raf = addr_family(t, s.range);
		if (!raf || (af && raf != af)) {
			char *q = quote(t, s.range);
			invalid(c, tok_span(t, s.range), "range end %s is not a numeric address of the same family", q);
			free(q);
		}
	}
	check_prefix(c, s.prefix, af);
	check_port(c, s.port);
	bool icmp = tok_is(t, s.proto, "icmp"), icmp6 = tok_is(t, s.proto, "icmp6");
	if ((icmp || icmp6) && rc_tok_kind(t, s.port) == RC_T_PORT)
		invalid(c, tok_span(t, s.port), "with icmp the port must be [any] or absent (port number must be \"any\")");
	if ((icmp && af == AF_INET6) || (icmp6 && af == AF_INET))
		invalid(c, tok_span(t, s.proto), "%s does not go with an IPv%c address (upper layer protocol mismatched)",
			icmp ? "icmp" : "icmp6", af == AF_INET ? '4' : '6');
	unsigned long v;
	if (rc_tok_kind(t, s.proto) == RC_T_NUMBER && (!rc_tok_ulong(t, s.proto, &v) || v > 255))
		invalid(c, tok_span(t, s.proto), "protocol number %.*s is out of range (0 to 255)",
			(int)t->toks[s.proto].len, rl_tok_text(t, s.proto));
}

static void check_saparam(chk *c, uint32_t node)
{
	const rl_tree *t = c->t;
	uint32_t id = rc_child(t, node, RC_N_ID);
	if (!id)
		return;
	rc_id v;
	rc_id_get(t, id, &v);
	if (v.value == RC_NONE)
		invalid(c, rl_node_span(t, node), "'from' needs an identity value after the type");
	else
		check_id(c, id, "from");
}

static void check_sainfo(chk *c, uint32_t sa)
{
	rl_tree *t = c->t;
	bool have[3] = {false, false, false};
	static const int kws[3] = {RC_T_ENCRYPTION_ALGORITHM, RC_T_AUTHENTICATION_ALGORITHM, RC_T_COMPRESSION_ALGORITHM};
	static const rl_alg_class cls[3] = {RL_AC_P2_ENC, RL_AC_P2_AUTH, RL_AC_P2_COMP};
	for (uint32_t s = t->nodes[sa].child; s; s = t->nodes[s].next) {
		switch (t->nodes[s].kind) {
		case RC_N_SAID: check_said(c, s); break;
		case RC_N_SAPARAM: check_saparam(c, s); break;
		case RC_N_STMT: {
			check_stmt_common(c, s);
			int kw = rc_kw_kind(t, s);
			for (int k = 0; k < 3; k++) {
				if (kw != kws[k])
					continue;
				have[k] = true;
				for (uint32_t a = rc_child(t, s, RC_N_ALG); a; a = rc_next(t, a, RC_N_ALG))
					check_alg(c, a, cls[k], k == 0);
			}
			if (kw == RC_T_PFS_GROUP)
				check_dh(c, rc_arg(t, s, 0));
			else if (kw == RC_T_LIFETIME)
				check_lifetime(c, s, "phase 2");
			break;
		}
		default:
			break;
		}
	}
	if (has_error(c, sa))
		return;
	const char *names[3] = {"encryption_algorithm", "authentication_algorithm", "compression_algorithm"};
	rl_buf b = {0};
	int missing = 0;
	for (int k = 0; k < 3; k++)
		if (!have[k])
			missing++;
	for (int k = 0, m = 0; k < 3; k++) {
		if (have[k])
			continue;
		rl_buf_printf(&b, "%s%s", m ? (m == missing - 1 ? " and " : ", ") : "", names[k]);
		m++;
	}
	if (missing) {
		rl_diag *dg = rl_report(c->d, RL_R_sainfo_incomplete, t->src, head_span(t, sa),
					"sainfo lacks %s: racoon requires encryption_algorithm, "
					"authentication_algorithm and compression_algorithm in every sainfo",
					rl_buf_str(&b));
		/* deflate is what racoon would need only for IPComp: adding it
		 * changes nothing else */
		if (!have[2])
			rl_fix_insert_stmt_end(rl_diag_fix(dg, "add 'compression_algorithm deflate;'", true), t, sa,
					       "compression_algorithm deflate;");
	}
	rl_buf_free(&b);
}

/* ---- the walk ---------------------------------------------------------------- */

static void check_top(chk *c, uint32_t n)
{
	switch (c->t->nodes[n].kind) {
	case RC_N_STMT: {
		check_stmt_common(c, n);
		uint32_t id = rc_child(c->t, n, RC_N_ID);
		if (id)
			check_id(c, id, "identifier");
		if (rc_tok_kind(c->t, rc_arg(c->t, n, 0)) == RC_T_QSTRING && rc_kw_kind(c->t, n) == RC_T_LOG)
			flag(c, n, RC_NF_APPLE);
		break;
	}
	case RC_N_BLOCK: check_block(c, n); break;
	case RC_N_REMOTE: check_remote(c, n); break;
	case RC_N_SAINFO: check_sainfo(c, n); break;
	default: break;
	}
}

void rc_check(rl_tree *t, rl_diags *d)
{
	chk c;
	memset(&c, 0, sizeof c);
	c.t = t;
	c.d = d;
	for (uint32_t i = 1; i < t->nnodes && !c.errors; i++)
		c.errors = t->nodes[i].flags & RL_NODE_ERROR;
	for (uint32_t n = t->nodes[t->root].child; n; n = t->nodes[n].next)
		check_top(&c, n);
	settle_dialect(&c);
	/* every flagged node is in the tree: what flag() gave sums it up */
	if ((c.flagged & RC_NF_APPLE) && !(t->dialect & RC_DIALECT_KAME))
		t->dialect |= RC_DIALECT_APPLE;
	if (c.flagged & RC_NF_NOT_APPLE)
		t->dialect |= RC_DIALECT_NOT_APPLE;
	free(c.kame);
}
