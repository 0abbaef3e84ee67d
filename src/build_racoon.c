/* racoon.conf tree -> host model. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "build.h"
#include "racoon_syntax.h"
#include "util.h"

/* The walk over one configuration: the host, and what carries from one
 * statement to the next (the 'path certificate' in force). */
typedef struct walk {
	rl_host *h;
	rl_ctx *cx;
	rl_conf_paths *paths;
	char *cert_dir;
} walk;

/* ---- locations and values ----------------------------------------- */

static rl_loc tok_loc(const rl_tree *t, uint32_t i)
{
	rl_loc l = {t->src, {t->toks[i].off, t->toks[i].off + t->toks[i].len}};
	return l;
}

static rl_loc node_loc(const rl_tree *t, uint32_t n)
{
	rl_loc l = {t->src, rl_node_span(t, n)};
	return l;
}

/* From the first argument of a statement to its last (the value). */
static rl_loc args_loc(const rl_tree *t, uint32_t stmt)
{
	uint32_t args[8];
	unsigned n = rc_args(t, stmt, args, 8);
	if (n == 0)
		return node_loc(t, stmt);
	uint32_t first = args[0], last = n <= 8 ? args[n - 1] : rc_arg(t, stmt, n - 1);
	rl_loc l = tok_loc(t, first);
	l.span.end = t->toks[last].off + t->toks[last].len;
	return l;
}

static char *tok_str(const rl_tree *t, uint32_t i)
{
	return rl_tok_strdup(t, i);
}

static bool tok_in(const rl_tree *t, uint32_t i, const char *const *words, size_t n, long *out)
{
	for (size_t k = 0; k < n; k++)
		if (rl_tok_is(t, i, words[k])) {
			*out = (long)k;
			return true;
		}
	return false;
}

/* The value of a statement whose first argument is a switch, a level or
 * a number, as the model stores it. */
static bool stmt_value(const rl_tree *t, uint32_t stmt, long *v)
{
	static const char *const sw[] = {"off", "on"};
	static const char *const gen[] = {"off", "on", "require", "unique"};
	static const char *const check[] = {"obey", "strict", "claim", "exact"};
	uint32_t a = rc_arg(t, stmt, 0);
	unsigned long n;
	switch (rc_tok_kind(t, a)) {
	case RC_T_SWITCH: return tok_in(t, a, sw, 2, v);
	case RC_T_GENERATE_LEVEL: return tok_in(t, a, gen, 4, v);
	case RC_T_PROPOSAL_CHECK_LEVEL: return tok_in(t, a, check, 4, v);
	case RC_T_FORCE: *v = RL_NATT_FORCE; return true;
	case RC_T_NUMBER:
		if (!rc_tok_ulong(t, a, &n) || n > 0x7fffffffUL)
			return false;
		*v = (long)n;
		return true;
	default: return false;
	}
}

static void put_num(const rl_tree *t, uint32_t stmt, rl_num *n)
{
	long v;
	if (stmt_value(t, stmt, &v))
		rl_num_put(n, v, args_loc(t, stmt));
}

static void put_lifetime(const rl_tree *t, uint32_t stmt, rl_num *n)
{
	unsigned long secs;
	if (rc_seconds(t, stmt, &secs) && secs <= 0x7fffffffUL)
		rl_num_put(n, (long)secs, args_loc(t, stmt));
}

/* An address token, with a prefix token ("/24") when there is one. */
static bool parse_addr(const rl_tree *t, uint32_t addr, uint32_t prefix, rl_addr *out)
{
	if (addr == RC_NONE)
		return false;
	uint32_t n = t->toks[addr].len, np = prefix != RC_NONE ? t->toks[prefix].len : 0;
	char small[128];
	if (n + np < sizeof small) {
		memcpy(small, rl_tok_text(t, addr), n);
		if (np)
			memcpy(small + n, rl_tok_text(t, prefix), np);
		small[n + np] = '\0';
		return rl_addr_parse(small, n + np, out);
	}
	rl_buf b = {0};
	rl_buf_add(&b, rl_tok_text(t, addr), t->toks[addr].len);
	if (prefix != RC_NONE)
		rl_buf_add(&b, rl_tok_text(t, prefix), t->toks[prefix].len);
	bool ok = rl_addr_parse(rl_buf_str(&b), b.len, out);
	rl_buf_free(&b);
	return ok;
}

static int port_of(const rl_tree *t, uint32_t port)
{
	unsigned long v;
	if (port == RC_NONE || rc_tok_kind(t, port) != RC_T_PORT || !rc_tok_ulong(t, port, &v) || v > 65535)
		return 0;
	return (int)v;
}

static rl_idtype idtype_of(const rl_tree *t, uint32_t tok)
{
	static const char *const names[] = {"", "address", "subnet", "fqdn", "user_fqdn", "keyid", "asn1dn"};
	long k;
	if (tok == RC_NONE || !tok_in(t, tok, names, sizeof names / sizeof names[0], &k))
		return RL_ID_NONE;
	return (rl_idtype)k;
}

/* An RC_N_ID node into an identity. */
static void set_ident(const rl_tree *t, uint32_t node, rl_ident *id)
{
	rc_id p;
	rc_id_get(t, node, &p);
	rl_idtype type = idtype_of(t, p.type);
	if (type == RL_ID_NONE)
		return;
	/* the value as rl_tok_strdup gives it (a string without its quotes),
	 * up to a NUL byte, without the copy */
	const char *value = NULL;
	size_t len = 0;
	if (p.value != RC_NONE) {
		value = rl_tok_text(t, p.value);
		len = t->toks[p.value].len;
		if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
			value++;
			len -= 2;
		}
		const char *nul = memchr(value, '\0', len);
		if (nul)
			len = (size_t)(nul - value);
	}
	rl_ident_set(id, type, value, len, node_loc(t, node));
	id->from_file = p.qual != RC_NONE && rl_tok_is(t, p.qual, "file");
}

/* ---- files the configuration names --------------------------------- */

static void add_ref(walk *w, const rl_tree *t, uint32_t tok, const char *what)
{
	rl_conf_paths *p = w->paths;
	if (!p || rc_tok_kind(t, tok) != RC_T_QSTRING)
		return;
	RL_GROW(p->refs, p->caprefs, p->nrefs + 1);
	rl_conf_ref *r = &p->refs[p->nrefs++];
	r->path = tok_str(t, tok);
	r->dir = w->cert_dir ? rl_xstrdup(w->cert_dir) : NULL;
	r->loc = tok_loc(t, tok);
	r->what = what;
}

/* certificate_type x509 CERT KEY | plain_rsa KEY; peers_certfile [x509 |
 * plain_rsa] FILE; ca_type x509 FILE. */
static void cert_refs(walk *w, const rl_tree *t, uint32_t stmt)
{
	int kw = rc_kw_kind(t, stmt);
	uint32_t a0 = rc_arg(t, stmt, 0);
	bool rsa = rc_tok_kind(t, a0) == RC_T_PLAIN_RSA;
	if (kw == RC_T_CERTIFICATE_TYPE) {
		add_ref(w, t, rc_arg(t, stmt, 1), rsa ? "private key" : "certificate");
		if (!rsa)
			add_ref(w, t, rc_arg(t, stmt, 2), "private key");
	} else if (kw == RC_T_PEERS_CERTFILE) {
		uint32_t f = rc_tok_kind(t, a0) == RC_T_QSTRING ? a0 : rc_arg(t, stmt, 1);
		add_ref(w, t, f, "peer's certificate");
	} else if (kw == RC_T_CA_TYPE) {
		add_ref(w, t, rc_arg(t, stmt, 1), "CA certificate");
	}
}

static void path_stmt(walk *w, const rl_tree *t, uint32_t stmt)
{
	uint32_t type = rc_arg(t, stmt, 0), value = rc_arg(t, stmt, 1);
	if (type == RC_NONE || rc_tok_kind(t, value) != RC_T_QSTRING)
		return;
	char *v = tok_str(t, value);
	rl_conf_paths *p = w->paths;
	if (rl_tok_is(t, type, "certificate")) {
		free(w->cert_dir);
		w->cert_dir = v;
		return;
	}
	if (p && rl_tok_is(t, type, "pre_shared_key")) {
		free(p->psk);
		p->psk = v;
		p->psk_set = true;
		p->psk_loc = tok_loc(t, value);
		return;
	}
	if (p && rl_tok_is(t, type, "include")) {
		free(p->path_include);
		p->path_include = v;
		return;
	}
	free(v);
}

/* ---- listen -------------------------------------------------------- */

static void listen_block(walk *w, const rl_tree *t, uint32_t blk)
{
	for (uint32_t s = rc_child(t, blk, RC_N_STMT); s; s = rc_next(t, s, RC_N_STMT)) {
		int kw = rc_kw_kind(t, s);
		if (kw != RC_T_ISAKMP && kw != RC_T_ISAKMP_NATT)
			continue;
		rc_addr a;
		rc_addr_get(t, rc_child(t, s, RC_N_ADDR), &a);
		rl_addr addr;
		if (!parse_addr(t, a.addr, RC_NONE, &addr))
			continue;
		int port = port_of(t, a.port);
		bool natt = kw == RC_T_ISAKMP_NATT;
		rl_host_add_listen(w->h, &addr, port ? port : natt ? 4500 : 500, natt, node_loc(t, s));
	}
}

/* ---- remote -------------------------------------------------------- */

/* A remote head (RC_N_ADDR) as the block it names: by name, anonymous, or
 * an address. */
static bool head_matches(const rl_tree *t, uint32_t head, const rl_remote *r)
{
	rc_addr a;
	rc_addr_get(t, head, &a);
	if (a.name != RC_NONE) {
		char *name = tok_str(t, a.name);
		bool same = r->name && strcmp(r->name, name) == 0;
		free(name);
		return same;
	}
	if (a.anon != RC_NONE)
		return r->anonymous && !r->name;
	rl_addr addr;
	return parse_addr(t, a.addr, a.prefix, &addr) && !r->anonymous && rl_addr_equal(&r->addr, &addr);
}

/* The block an inherit names: the latest one before r that matches. */
static const rl_remote *find_parent(const rl_host *h, const rl_tree *t, uint32_t head)
{
	for (size_t i = h->nremotes - 1; i-- > 0;)
		if (head_matches(t, head, h->remotes[i]))
			return h->remotes[i];
	return NULL;
}

static void set_head(const rl_tree *t, uint32_t head, rl_remote *r)
{
	rc_addr a;
	rc_addr_get(t, head, &a);
	rl_addr addr;
	if (a.name != RC_NONE) {
		char *name = tok_str(t, a.name);
		rl_remote_set_name(r, name);
		free(name);
	} else if (a.anon != RC_NONE) {
		rl_remote_set_anonymous(r, port_of(t, a.port), node_loc(t, head));
	} else if (a.addr != RC_NONE) {
		if (!parse_addr(t, a.addr, a.prefix, &addr))
			memset(&addr, 0, sizeof addr); /* not numeric: matches no peer */
		rl_remote_set_addr(r, &addr, port_of(t, a.port), tok_loc(t, a.addr));
	}
}

/* "remote HEAD [inherit HEAD]": from the keyword to the end of the heads. */
static rl_loc header_loc(const rl_tree *t, uint32_t n, uint32_t head)
{
	uint32_t inh = rc_child(t, n, RC_N_INHERIT);
	uint32_t last = inh ? inh : head;
	rl_loc l = tok_loc(t, t->nodes[n].first);
	if (last)
		l.span.end = rl_node_span(t, last).end;
	return l;
}

static void exchange_modes(const rl_tree *t, uint32_t stmt, rl_remote *r)
{
	static const char *const modes[] = {"", "main", "aggressive", "base"};
	rl_loc all = node_loc(t, stmt);
	for (uint32_t e = rc_find_tok(t, stmt, RC_NONE, RC_T_EXCHANGE_TYPE); e != RC_NONE;
	     e = rc_find_tok(t, stmt, e + 1, RC_T_EXCHANGE_TYPE)) {
		long m;
		if (tok_in(t, e, modes, 4, &m))
			rl_remote_add_mode(r, (rl_xmode)m, tok_loc(t, e), all);
	}
}

/* An RC_N_ALG child of a statement: the algorithm of class cls its word
 * names (NULL: none, or of another class), its key length, and the
 * location of both ("aes 256"). */
static const rl_alg *alg_of(const rl_tree *t, uint32_t alg, rl_alg_class cls, int *keylen, rl_loc *loc)
{
	unsigned long kl;
	const rl_alg *a;
	if (!alg || !(a = rc_alg(t, alg, &kl)) || !(a->classes & cls))
		return NULL;
	*keylen = kl <= 0xffff ? (int)kl : 0;
	*loc = node_loc(t, alg);
	return a;
}

static void proposal_alg(const rl_tree *t, uint32_t stmt, rl_proposal *p, rl_alg_class cls)
{
	int keylen;
	rl_loc loc;
	const rl_alg *a = alg_of(t, rc_child(t, stmt, RC_N_ALG), cls, &keylen, &loc);
	if (a)
		rl_proposal_set_alg(p, cls, a, keylen, loc);
}

/* dh_group and pfs_group: the group a name or number token gives, as
 * rc_dh_value reads it (NULL: none). */
static const rl_alg *dh_alg(const rl_tree *t, uint32_t stmt, rl_loc *loc)
{
	uint32_t a = rc_arg(t, stmt, 0);
	const rl_alg *g = NULL;
	unsigned long n;
	if (a == RC_NONE)
		return NULL;
	if (t->toks[a].kind == RC_T_ALGO) {
		g = rl_alg_find(rl_tok_text(t, a), t->toks[a].len);
		if (g && !(g->classes & RL_AC_DH))
			g = NULL;
	} else if (t->toks[a].kind == RC_T_NUMBER && rc_tok_ulong(t, a, &n)) {
		g = rl_dh_by_number(n);
	}
	if (g)
		*loc = tok_loc(t, a);
	return g;
}

static void proposal_block(const rl_tree *t, uint32_t n, rl_remote *r)
{
	rl_proposal *p = rl_remote_add_proposal(r, node_loc(t, n));
	for (uint32_t s = rc_child(t, n, RC_N_STMT); s; s = rc_next(t, s, RC_N_STMT)) {
		rl_loc loc;
		const rl_alg *g;
		switch (rc_kw_kind(t, s)) {
		case RC_T_ENCRYPTION_ALGORITHM: proposal_alg(t, s, p, RL_AC_P1_ENC); break;
		case RC_T_HASH_ALGORITHM: proposal_alg(t, s, p, RL_AC_P1_HASH); break;
		case RC_T_AUTHENTICATION_METHOD: proposal_alg(t, s, p, RL_AC_P1_AUTH); break;
		case RC_T_LIFETIME: put_lifetime(t, s, &p->lifetime); break;
		case RC_T_DH_GROUP:
			if ((g = dh_alg(t, s, &loc)))
				rl_proposal_set_alg(p, RL_AC_DH, g, 0, loc);
			break;
		default: break;
		}
	}
}

static void remote_address(const rl_tree *t, uint32_t stmt, rl_remote *r)
{
	rc_addr a;
	uint32_t head = rc_child(t, stmt, RC_N_ADDR);
	rc_addr_get(t, head, &a);
	rl_addr addr;
	if (parse_addr(t, a.addr, a.prefix, &addr))
		rl_remote_set_addr(r, &addr, port_of(t, a.port), tok_loc(t, a.addr));
}

static void remote_stmt(walk *w, const rl_tree *t, uint32_t s, rl_remote *r)
{
	switch (rc_kw_kind(t, s)) {
	case RC_T_REMOTE_ADDRESS: remote_address(t, s, r); break;
	case RC_T_EXCHANGE_MODE: exchange_modes(t, s, r); break;
	case RC_T_MY_IDENTIFIER: set_ident(t, rc_child(t, s, RC_N_ID), &r->my_id); break;
	case RC_T_PEERS_IDENTIFIER: {
		uint32_t id = rc_child(t, s, RC_N_ID);
		if (!id)
			break;
		RL_GROW(r->peers_ids, r->cappeers_ids, r->npeers_ids + 1);
		rl_ident *pid = &r->peers_ids[r->npeers_ids];
		memset(pid, 0, sizeof *pid);
		set_ident(t, id, pid);
		if (pid->type != RL_ID_NONE)
			r->npeers_ids++;
		break;
	}
	case RC_T_VERIFY_IDENTIFIER: put_num(t, s, &r->verify_identifier); break;
	case RC_T_PROPOSAL_CHECK: put_num(t, s, &r->proposal_check); break;
	case RC_T_PASSIVE: put_num(t, s, &r->passive); break;
	case RC_T_GENERATE_POLICY: put_num(t, s, &r->generate_policy); break;
	case RC_T_NAT_TRAVERSAL: put_num(t, s, &r->nat_traversal); break;
	case RC_T_DPD: put_num(t, s, &r->dpd); break;
	case RC_T_DPD_DELAY: put_num(t, s, &r->dpd_delay); break;
	case RC_T_PH1ID: put_num(t, s, &r->ph1id); break;
	case RC_T_SUPPORT_PROXY: put_num(t, s, &r->support_proxy); break;
	case RC_T_LIFETIME: put_lifetime(t, s, &r->lifetime); break;
	case RC_T_CERTIFICATE_TYPE:
		r->has_cert = true;
		r->cert_loc = node_loc(t, s);
		cert_refs(w, t, s);
		break;
	case RC_T_PEERS_CERTFILE:
	case RC_T_CA_TYPE: cert_refs(w, t, s); break;
	default: break;
	}
}

static void remote_block(walk *w, const rl_tree *t, uint32_t n)
{
	uint32_t head = rc_remote_head(t, n), parent = rc_remote_parent(t, n);
	rl_remote *r = rl_host_add_remote(w->h, header_loc(t, n, head));
	if (parent) {
		const rl_remote *p = find_parent(w->h, t, parent);
		char *text = rl_xstrndup(t->src->data + rl_node_span(t, parent).start,
					 rl_node_span(t, parent).end - rl_node_span(t, parent).start);
		rl_remote_set_inherit(r, text, node_loc(t, parent));
		free(text);
		if (p)
			rl_remote_inherit_from(r, p);
	}
	if (head)
		set_head(t, head, r);
	for (uint32_t c = t->nodes[n].child; c; c = t->nodes[c].next) {
		if (t->nodes[c].kind == RC_N_STMT)
			remote_stmt(w, t, c, r);
		else if (t->nodes[c].kind == RC_N_PROPOSAL)
			proposal_block(t, c, r);
	}
}

/* ---- sainfo -------------------------------------------------------- */

/* One selector of a sainfo header. */
static void said(const rl_tree *t, uint32_t node, rl_sid *sid)
{
	rc_said s;
	rc_said_get(t, node, &s);
	if (s.client != RC_NONE) {
		sid->kind = RL_SID_CLIENTADDR;
		sid->loc = node_loc(t, node);
		return;
	}
	if (s.anon != RC_NONE || s.type == RC_NONE)
		return;
	if (s.str != RC_NONE) {
		char *name = tok_str(t, s.str);
		rl_sid_set_name(sid, idtype_of(t, s.type), name, strlen(name), node_loc(t, node));
		free(name);
		return;
	}
	rl_addr a;
	if (!parse_addr(t, s.addr, s.prefix, &a))
		return;
	int proto = RL_PROTO_ANY;
	if (s.proto != RC_NONE) {
		proto = rl_ulproto_parse(rl_tok_text(t, s.proto), t->toks[s.proto].len);
		if (proto < 0)
			return;
	}
	rl_sid_set_addr(sid, &a, port_of(t, s.port), proto, node_loc(t, node));
	rl_addr end;
	if (s.range != RC_NONE && rl_addr_parse(rl_tok_text(t, s.range) + 1, t->toks[s.range].len - 1, &end)) {
		sid->kind = RL_SID_RANGE;
		sid->addr_end = end;
	}
}

static void sainfo_param(const rl_tree *t, uint32_t n, rl_sainfo *sa)
{
	uint32_t id = rc_child(t, n, RC_N_ID);
	if (id) {
		set_ident(t, id, &sa->from);
		sa->has_from = sa->from.type != RL_ID_NONE;
		return;
	}
	uint32_t g = rc_find_tok(t, n, RC_NONE, RC_T_QSTRING);
	if (g != RC_NONE) {
		free(sa->group);
		sa->group = tok_str(t, g);
		sa->group_loc = tok_loc(t, g);
	}
}

static void sainfo_algs(const rl_tree *t, uint32_t stmt, rl_sainfo *sa, rl_alg_class cls)
{
	for (uint32_t a = rc_child(t, stmt, RC_N_ALG); a; a = rc_next(t, a, RC_N_ALG)) {
		int keylen;
		rl_loc loc;
		const rl_alg *g = alg_of(t, a, cls, &keylen, &loc);
		if (g)
			rl_sainfo_add_alg(sa, cls, g, keylen, loc);
	}
	if (cls == RL_AC_P2_ENC && !sa->enc_loc.src)
		sa->enc_loc = node_loc(t, stmt);
}

static void sainfo_stmt(const rl_tree *t, uint32_t s, rl_sainfo *sa)
{
	rl_loc loc;
	const rl_alg *g;
	switch (rc_kw_kind(t, s)) {
	case RC_T_ENCRYPTION_ALGORITHM: sainfo_algs(t, s, sa, RL_AC_P2_ENC); break;
	case RC_T_AUTHENTICATION_ALGORITHM: sainfo_algs(t, s, sa, RL_AC_P2_AUTH); break;
	case RC_T_COMPRESSION_ALGORITHM: sainfo_algs(t, s, sa, RL_AC_P2_COMP); break;
	case RC_T_REMOTEID: put_num(t, s, &sa->remoteid); break;
	case RC_T_LIFETIME: put_lifetime(t, s, &sa->lifetime); break;
	case RC_T_PFS_GROUP:
		if ((g = dh_alg(t, s, &loc)))
			rl_sainfo_add_alg(sa, RL_AC_DH, g, 0, loc);
		break;
	default: break;
	}
}

/* "sainfo LOCAL REMOTE ... {": from the keyword to the last head node. */
static rl_loc sainfo_header(const rl_tree *t, uint32_t n)
{
	rl_loc l = tok_loc(t, t->nodes[n].first);
	for (uint32_t c = t->nodes[n].child; c; c = t->nodes[c].next)
		if (!rc_is_body(t, c))
			l.span.end = rl_node_span(t, c).end;
	return l;
}

static void sainfo_block(walk *w, const rl_tree *t, uint32_t n)
{
	rl_sainfo *sa = rl_host_add_sainfo(w->h, sainfo_header(t, n));
	uint32_t local, remote;
	rc_sainfo_ids(t, n, &local, &remote);
	if (local)
		said(t, local, &sa->local);
	if (remote && remote != local)
		said(t, remote, &sa->remote);
	uint32_t param = rc_child(t, n, RC_N_SAPARAM);
	if (param)
		sainfo_param(t, param, sa);
	for (uint32_t s = rc_child(t, n, RC_N_STMT); s; s = rc_next(t, s, RC_N_STMT))
		sainfo_stmt(t, s, sa);
}

/* ---- files --------------------------------------------------------- */

static void walk_file(walk *w, const rl_file *f);

/* The files an include statement (its pattern token) brought in. */
static void walk_included(walk *w, const rl_file *f, uint32_t stmt)
{
	uint32_t q = rc_arg(f->tree, stmt, 0);
	for (size_t i = 0; i < w->cx->nfiles; i++) {
		const rl_file *c = w->cx->files[i];
		if (c->parent == f && c->include_tok == q && c->tree)
			walk_file(w, c);
	}
}

static void walk_file(walk *w, const rl_file *f)
{
	const rl_tree *t = f->tree;
	for (uint32_t n = t->nodes[t->root].child; n; n = t->nodes[n].next) {
		if (t->nodes[n].flags & RL_NODE_ERROR && t->nodes[n].kind != RC_N_REMOTE &&
		    t->nodes[n].kind != RC_N_SAINFO)
			continue;
		switch (t->nodes[n].kind) {
		case RC_N_STMT:
			if (rc_kw_kind(t, n) == RC_T_PATH)
				path_stmt(w, t, n);
			else if (rc_kw_kind(t, n) == RC_T_INCLUDE)
				walk_included(w, f, n);
			break;
		case RC_N_BLOCK:
			if (rc_kw_kind(t, n) == RC_T_LISTEN)
				listen_block(w, t, n);
			break;
		case RC_N_REMOTE: remote_block(w, t, n); break;
		case RC_N_SAINFO: sainfo_block(w, t, n); break;
		default: break;
		}
	}
}

void rl_build_racoon(rl_host *h, rl_ctx *cx, const rl_file *root, rl_conf_paths *paths)
{
	if (!root || !root->tree)
		return;
	walk w = {h, cx, paths, NULL};
	walk_file(&w, root);
	free(w.cert_dir);
	rl_host_touch(h);
}

void rl_conf_paths_free(rl_conf_paths *p)
{
	free(p->psk);
	free(p->path_include);
	for (size_t i = 0; i < p->nrefs; i++) {
		free(p->refs[i].path);
		free(p->refs[i].dir);
	}
	free(p->refs);
	memset(p, 0, sizeof *p);
}

int rl_ulproto_parse(const char *s, size_t n)
{
#define UL(name, num) {name, sizeof name - 1, num}
	static const struct {
		const char *name;
		size_t len;
		int num;
	} names[] = {
		UL("any", RL_PROTO_ANY), UL("icmp", 1), UL("ipencap", 4), UL("ip4", 4), UL("tcp", 6), UL("udp", 17),
		UL("ipv6", 41), UL("gre", 47), UL("esp", 50), UL("ah", 51), UL("icmp6", 58), UL("ipv6-icmp", 58),
		UL("ospf", 89), UL("ipcomp", 108), UL("sctp", 132), UL("mobility-header", 135), UL("ipv6-mh", 135),
	};
#undef UL
	if (n && s[0] >= '0' && s[0] <= '9') {
		unsigned v = 0;
		for (size_t i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9' || (v = v * 10 + (unsigned)(s[i] - '0')) > 255)
				return -1;
		}
		return (int)v;
	}
	/* the length and the first byte (any case) before the whole word */
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].len == n && names[i].name[0] == (s[0] | 0x20) && strncasecmp(names[i].name, s, n) == 0)
			return names[i].num;
	return -1;
}
