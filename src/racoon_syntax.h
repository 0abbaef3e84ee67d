/* The syntax tree of a racoon.conf file, as rl_parse_racoon builds it.
 *
 * Tokens
 * ------
 * tok->kind is a bison token kind RC_T_<NAME> from racoon.tab.h (included
 * below). Every keyword spelling has one token kind (RC_T_REMOTE,
 * RC_T_EXCHANGE_MODE, RC_T_LIFETIME, ...), whatever block it is used in.
 * Some families of words share one kind and are told apart by their text:
 *
 *   RC_T_PATHTYPE      include pre_shared_key certificate script backupsa
 *                      pidfile logfile
 *   RC_T_LOGLEVEL      error warning notify info debug debug2 debug3 debug4
 *   RC_T_GSSENC_TYPE   latin1 utf-16le
 *   RC_T_EXCHANGE_TYPE main aggressive base
 *   RC_T_SITUATION_TYPE identity_only secrecy integrity
 *   RC_T_GENERATE_LEVEL require unique
 *   RC_T_PROPOSAL_CHECK_LEVEL obey strict claim exact
 *   RC_T_PHASE1_HOOK   phase1_up phase1_down phase1_dead
 *   RC_T_WINS4         wins4 nbns4
 *   RC_T_GSS_ID        gss_id gssapi_id
 *   RC_T_SWITCH        on off           RC_T_BOOL  yes no (never valid)
 *   RC_T_ALGO          every algorithm, DH group and authentication method
 *                      name (src/algo.h classifies them)
 *   RC_T_ULPROTO       esp ah ipcomp icmp icmp6 tcp udp gre
 *   RC_T_IDTYPE        address subnet fqdn user_fqdn keyid asn1dn
 *                      keyid_use certname
 *   RC_T_IDQUAL        file tag
 *   RC_T_UNIT_TIME     sec secs second seconds min mins minute minutes
 *                      hour hours
 *   RC_T_UNIT_BYTE     B byte bytes KB MB TB (inside remote, proposal and
 *                      sainfo 'byte' is RC_T_BYTE, the lifetime type)
 *   Apple: RC_T_SECRET_TYPE (use key keychain keychain_by_id),
 *          RC_T_VERIFY_MODULE (openssl sec_framework), RC_T_VERIFY_OPTION
 *          (use_open_dir use_peers_identifier), RC_T_DPD_ALGO_TYPE
 *          (dpd_default dpd_inbound_detect dpd_blackhole_detect),
 *          RC_T_IDLE_DIRECTION_TYPE (idle_any idle_inbound idle_outbound)
 *
 * Values: RC_T_NUMBER (decimal), RC_T_HEXNUM (0x..., never accepted),
 * RC_T_QSTRING (with its quotes; rl_tok_strdup gives the inside), RC_T_ADDR
 * (a word of hex digits, ':' and '.', maybe '%zone': numeric address, or
 * not an address at all), RC_T_ADDRRANGE ("-ADDR"), RC_T_PREFIX ("/24"),
 * RC_T_PORT ("[500]"), RC_T_PORTANY ("[any]"), RC_T_WORD (a word that is no
 * keyword in its block; always a syntax error).
 *
 * Tokens the parser never sees: RC_T_COMMENT (RL_TOK_TRIVIA), RC_T_STRAY
 * (RL_TOK_ERROR: bytes that start no token), and ',' inside a remote block
 * (RC_T_COMMA with RL_TOK_TRIVIA: racoon ignores it there). Quoted strings
 * that hold secrets carry RL_TOK_SECRET: radiuscfg auth/acct secrets,
 * ldapcfg bind_pw, Apple's shared_secret use "...".
 *
 * Nodes
 * -----
 * Every node covers a token range (comments inside it included). The
 * "keyword" of a node is its first significant token; the "arguments" of a
 * simple statement are the significant tokens after the keyword, the closing
 * ';' excluded, tokens of child nodes included. rc_kw() and rc_arg() read
 * them. Children by kind:
 *
 * RC_N_FILE      the root; covers the whole file; children: the top-level
 *                statements in file order.
 * RC_N_STMT      a simple statement "KEYWORD ARGS ;". The keyword's token
 *                kind says which statement it is (table below). Children:
 *                only the value nodes named in the table.
 * RC_N_BLOCK     privsep, padding, listen, timer, mode_cfg, ldapcfg,
 *                radiuscfg: "KEYWORD { STATEMENTS }"; children: RC_N_STMT
 *                and RC_N_ERROR.
 * RC_N_REMOTE    "remote HEAD [inherit HEAD] { STATEMENTS }" or, with
 *                RC_NF_NOBODY, "remote HEAD ... ;". Children: RC_N_ADDR (the
 *                block's own head; rc_remote_head), RC_N_INHERIT when present
 *                (rc_remote_parent), then the body: RC_N_STMT, RC_N_PROPOSAL,
 *                RC_N_ERROR.
 * RC_N_ADDR      a head or an address: "NAME" (QSTRING, remote heads only) |
 *                anonymous [PORT] | ADDR [PREFIX] [PORT] (PREFIX: Apple's
 *                remote heads). Read it with rc_addr_get().
 * RC_N_INHERIT   "inherit" HEAD; child: RC_N_ADDR (the parent's head).
 * RC_N_PROPOSAL  "proposal { STATEMENTS }" in a remote body; children:
 *                RC_N_STMT and RC_N_ERROR.
 * RC_N_SAINFO    "sainfo LOCAL [REMOTE] [from ID | group "G"] { STATEMENTS }".
 *                Children: RC_N_SAID (local), RC_N_SAID (remote; absent when
 *                a lone 'anonymous' stands for both sides and carries
 *                RC_NF_BOTH; rc_sainfo_ids hides the difference), RC_N_SAPARAM
 *                when present, then the body: RC_N_STMT and RC_N_ERROR.
 * RC_N_SAID      a selector: anonymous | clientaddr |
 *                IDTYPE ADDR [ADDRRANGE] [PREFIX] [PORT | PORTANY] PROTO |
 *                IDTYPE "STRING", PROTO being ULPROTO, 'any' or a NUMBER.
 *                Read it with rc_said_get().
 * RC_N_SAPARAM   "from" and a child RC_N_ID (no qualifier), or "group" and a
 *                QSTRING.
 * RC_N_ID        IDTYPE [QUAL] [VALUE], VALUE a QSTRING or an ADDR. Read it
 *                with rc_id_get().
 * RC_N_ALG       ALGO [KEYLEN]: one algorithm of a proposal or sainfo line;
 *                rc_alg() reads it.
 * RC_N_ERROR     tokens the parser skipped after a syntax error; carries
 *                RL_NODE_ERROR. A block whose head was broken, or that the
 *                scanner closed for want of a '}', carries RL_NODE_ERROR
 *                too.
 *
 * Statements (RC_N_STMT) by keyword, with their arguments:
 *
 *  top level
 *   PATH        PATHTYPE QSTRING
 *   INCLUDE     QSTRING (a glob)
 *   PFKEY_BUFFER NUMBER                 COMPLEX_BUNDLE SWITCH
 *   GSS_ID_ENC  GSSENC_TYPE             LOG  LOGLEVEL | QSTRING (Apple)
 *   IDENTIFIER  child RC_N_ID, or VENDOR_ID QSTRING (Apple, KAME)
 *  privsep      USER / GROUP (QSTRING | NUMBER), CHROOT QSTRING
 *  padding      RANDOMIZE, RANDOMIZE_LENGTH, STRICT_CHECK, EXCLUSIVE_TAIL
 *               SWITCH; MAXIMUM_LENGTH NUMBER
 *  listen       ISAKMP, ISAKMP_NATT: child RC_N_ADDR;
 *               ADMINSOCK QSTRING [QSTRING QSTRING NUMBER] | DISABLED;
 *               STRICT_ADDRESS; ADMIN [PORT] (KAME, rejected)
 *  timer        COUNTER, PERSEND NUMBER; INTERVAL, PHASE1, PHASE2,
 *               NATT_KEEPALIVE, AUTO_EXIT_DELAY (Apple) NUMBER UNIT_TIME
 *  mode_cfg     NETWORK4, NETMASK4 ADDR; DNS4, WINS4 ADDR {, ADDR};
 *               SPLIT_NETWORK (INCLUDE | LOCAL_LAN) ADDR PREFIX {, ADDR
 *               PREFIX}; SPLIT_DNS, AUTH_GROUPS QSTRING {, QSTRING};
 *               DEFAULT_DOMAIN, BANNER QSTRING; AUTH_SOURCE, GROUP_SOURCE,
 *               CONF_SOURCE, ACCOUNTING a source word (SYSTEM RADIUS PAM
 *               LDAP LOCAL NONE); POOL_SIZE, PFS_GROUP, AUTH_THROTTLE
 *               NUMBER; SAVE_PASSWD SWITCH
 *  ldapcfg      VERSION, DEBUG, TIMEOUT, LDAP_PORT NUMBER; SUBTREE SWITCH;
 *               URI, HOST, BASE, BIND_DN, BIND_PW, ATTR_* QSTRING
 *  radiuscfg    AUTH, ACCT QSTRING [NUMBER] QSTRING; TIMEOUT, RETRIES NUMBER
 *  remote body  REMOTE_ADDRESS child RC_N_ADDR; EXCHANGE_MODE EXCHANGE_TYPE*;
 *               DOI IPSEC_DOI; SITUATION SITUATION_TYPE;
 *               MY_IDENTIFIER, PEERS_IDENTIFIER child RC_N_ID;
 *               XAUTH_LOGIN [QSTRING | ADDR];
 *               CERTIFICATE_TYPE X509 QSTRING QSTRING | PLAIN_RSA QSTRING |
 *               X509 IN_KEYCHAIN [QSTRING] (Apple);
 *               PEERS_CERTFILE [X509 | PLAIN_RSA] QSTRING | DNSSEC;
 *               CA_TYPE X509 QSTRING; NONCE_SIZE, ESP_FRAG, DPD_DELAY,
 *               DPD_RETRY, DPD_MAXFAIL, PH1ID NUMBER; DH_GROUP (ALGO |
 *               NUMBER) (rejected by racoon); SCRIPT QSTRING PHASE1_HOOK;
 *               LIFETIME TIME NUMBER UNIT_TIME | BYTE NUMBER UNIT_BYTE;
 *               PROPOSAL_CHECK PROPOSAL_CHECK_LEVEL;
 *               GENERATE_POLICY SWITCH | GENERATE_LEVEL;
 *               IKE_FRAG, NAT_TRAVERSAL, REKEY SWITCH | FORCE;
 *               VERIFY_IDENTIFIER, VERIFY_CERT, SEND_CERT, SEND_CR,
 *               MATCH_EMPTY_CR, PASSIVE, MODE_CFG, WEAK_PHASE1_CHECK,
 *               SUPPORT_PROXY, INITIAL_CONTACT, DPD SWITCH;
 *               Apple: IKE_VERSION NUMBER; LOCAL_ADDRESS ADDR;
 *               SHARED_SECRET SECRET_TYPE [QSTRING];
 *               CERTIFICATE_VERIFICATION VERIFY_MODULE [VERIFY_OPTION];
 *               OPEN_DIR_AUTH_GROUP QSTRING; NAT_TRAVERSAL_MULTI_USER,
 *               NAT_TRAVERSAL_KEEPALIVE, SUPPORT_MIP6 SWITCH;
 *               DPD_ALGORITHM DPD_ALGO_TYPE; DISCONNECT_ON_IDLE IDLE_TIMEOUT
 *               NUMBER IDLE_DIRECTION IDLE_DIRECTION_TYPE;
 *               KAME (rejected): IDENTIFIER child RC_N_ID; KEEPALIVE
 *  proposal     ENCRYPTION_ALGORITHM, HASH_ALGORITHM, AUTHENTICATION_METHOD
 *               child RC_N_ALG; DH_GROUP ALGO | NUMBER; GSS_ID QSTRING;
 *               LIFETIME as in remote
 *  sainfo body  ENCRYPTION_ALGORITHM, AUTHENTICATION_ALGORITHM,
 *               COMPRESSION_ALGORITHM: children RC_N_ALG, one per name;
 *               PFS_GROUP ALGO | NUMBER; REMOTEID NUMBER; LIFETIME as above
 *
 * Wherever a NUMBER is expected the tree may hold a HEXNUM, and wherever a
 * SWITCH is expected a BOOL, and a time or byte unit may be missing: racoon
 * rejects all three and so do the checks (syntax-error findings), but the
 * statement keeps its node.
 *
 * Example: the psk file, and the exchange modes of each remote block.
 *
 *   for (uint32_t n = rc_child(t, t->root, -1); n; n = rc_next(t, n, -1)) {
 *       if (rc_kw_kind(t, n) == RC_T_PATH && rl_tok_is(t, rc_arg(t, n, 0), "pre_shared_key"))
 *           psk = rl_tok_strdup(t, rc_arg(t, n, 1));   // the inside of the string
 *       if (t->nodes[n].kind != RC_N_REMOTE)
 *           continue;
 *       uint32_t s = rc_stmt(t, n, RC_T_EXCHANGE_MODE);  // racoon keeps the last one
 *       for (uint32_t m; (m = rc_next_stmt(t, s, RC_T_EXCHANGE_MODE)); s = m)
 *           ;
 *       for (uint32_t e = rc_find_tok(t, s, RC_NONE, RC_T_EXCHANGE_TYPE); e != RC_NONE;
 *            e = rc_find_tok(t, s, e + 1, RC_T_EXCHANGE_TYPE))
 *           use(rl_tok_text(t, e), t->toks[e].len);     // "main", "aggressive", "base"
 *   }
 *
 * Dialects: tree->dialect holds RC_DIALECT_* bits. The node that carries a
 * form only one family of racoon accepts has RC_NF_APPLE, RC_NF_KAME or
 * RC_NF_NOT_APPLE: the statement (or block) for a keyword or a word in it,
 * RC_N_ADDR for a remote head by prefix (Apple) or by name (not Apple),
 * RC_N_REMOTE for 'inherit' and the ';' form (not Apple), RC_N_SAID for
 * clientaddr (not Apple). KAME forms Apple kept (top-level identifier,
 * support_mip6, log debug3/debug4) carry both RC_NF_APPLE and RC_NF_KAME. */
#ifndef RL_RACOON_SYNTAX_H
#define RL_RACOON_SYNTAX_H

#include <stdbool.h>
#include <stdint.h>

#include "racoon.tab.h"
#include "syntax.h"

enum rc_node_kind {
	RC_N_LIST = 0, /* scratch list while parsing; never reachable from the root */
	RC_N_FILE = 1,
	RC_N_STMT,
	RC_N_BLOCK,
	RC_N_REMOTE,
	RC_N_ADDR,
	RC_N_INHERIT,
	RC_N_PROPOSAL,
	RC_N_SAINFO,
	RC_N_SAID,
	RC_N_SAPARAM,
	RC_N_ID,
	RC_N_ALG,
	RC_N_ERROR,
};

/* Node flags (rl_node.flags), besides RL_NODE_ERROR. */
enum {
	RC_NF_APPLE = 1 << 8,     /* a form only Apple's racoon accepts */
	RC_NF_KAME = 1 << 9,      /* a form of old KAME racoon */
	RC_NF_NOT_APPLE = 1 << 10, /* a form Apple's racoon lacks */
	RC_NF_BOTH = 1 << 11,     /* RC_N_SAID: a lone 'anonymous' for both sides */
	RC_NF_NOBODY = 1 << 12,   /* RC_N_REMOTE: "remote ... inherit ... ;" */
};

/* tree->dialect bits. */
enum {
	/* The file uses forms only Apple's racoon accepts (and none that only
	 * KAME's did): ipsec-tools' racoon rejects it, Apple's reads it. */
	RC_DIALECT_APPLE = 1 << 0,
	/* The file uses forms of old KAME racoon (2000-2001) that neither
	 * ipsec-tools nor Apple accept; the forms Apple kept from KAME then
	 * count as errors too. */
	RC_DIALECT_KAME = 1 << 1,
	/* The file uses forms Apple's racoon lacks (privsep, named remotes,
	 * ...). */
	RC_DIALECT_NOT_APPLE = 1 << 2,
};

#define RC_NONE UINT32_MAX

const char *rc_node_kind_name(int kind);

/* Token kind of token i, or -1. */
static inline int rc_tok_kind(const rl_tree *t, uint32_t i)
{
	return i < t->ntoks ? t->toks[i].kind : -1;
}
/* Is token i significant (not a comment, stray byte or ignored comma)? */
static inline bool rc_tok_significant(const rl_tree *t, uint32_t i)
{
	return i < t->ntoks && !(t->toks[i].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR));
}
/* First significant token of a node (a statement's keyword), or RC_NONE.
 * Inline: a node's first token is its keyword but for nodes that begin
 * with a comment or a stray byte, which rc_kw_scan walks past. */
uint32_t rc_kw_scan(const rl_tree *t, uint32_t node);
static inline uint32_t rc_kw(const rl_tree *t, uint32_t node)
{
	if (node && node < t->nnodes) {
		const rl_node *n = &t->nodes[node];
		if (n->first <= n->last && n->last < t->ntoks &&
		    !(t->toks[n->first].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR)))
			return n->first;
	}
	return rc_kw_scan(t, node);
}
/* Its token kind, or -1. */
static inline int rc_kw_kind(const rl_tree *t, uint32_t node)
{
	uint32_t k = rc_kw(t, node);
	return k == RC_NONE ? -1 : t->toks[k].kind;
}
/* The i-th argument (0-based) of a node: significant tokens after the
 * keyword, the closing ';' excluded. RC_NONE when there are fewer.
 * Inline for the first argument right after the keyword. */
uint32_t rc_arg_scan(const rl_tree *t, uint32_t node, unsigned i);
static inline uint32_t rc_arg(const rl_tree *t, uint32_t node, unsigned i)
{
	if (i == 0 && node && node < t->nnodes) {
		const rl_node *n = &t->nodes[node];
		uint32_t k = n->first, end = n->last;
		if (k < end && end < t->ntoks) {
			if (t->toks[end].kind == RC_T_EOS)
				end--;
			if (k + 1 <= end && !(t->toks[k].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR)) &&
			    !(t->toks[k + 1].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR)))
				return k + 1;
		}
	}
	return rc_arg_scan(t, node, i);
}
/* The arguments of a node at once: up to max of them into out; returns how
 * many there are (which may be more than max). */
unsigned rc_args(const rl_tree *t, uint32_t node, uint32_t *out, unsigned max);
/* The first token of the given kind among a node's arguments at or after
 * token 'from' (pass RC_NONE to start at the keyword), or RC_NONE. */
uint32_t rc_find_tok(const rl_tree *t, uint32_t node, uint32_t from, int kind);
/* The value of a NUMBER (or PORT, PREFIX) token; false when out of range. */
bool rc_tok_ulong(const rl_tree *t, uint32_t i, unsigned long *out);

/* The nodes of a racoon.conf tree in file order, entering only the
 * nodes that hold statements (the file, blocks, remote, proposal and
 * sainfo blocks): every statement, block and head node, none of the value
 * nodes inside a statement or a head. Start with the root; 0 at the end. */
uint32_t rc_walk(const rl_tree *t, uint32_t n);

/* Children. */
static inline uint32_t rc_next(const rl_tree *t, uint32_t child, int kind)
{
	for (uint32_t c = child ? t->nodes[child].next : 0; c; c = t->nodes[c].next)
		if (kind < 0 || t->nodes[c].kind == kind)
			return c;
	return 0;
}
static inline uint32_t rc_child(const rl_tree *t, uint32_t node, int kind)
{
	if (!node || node >= t->nnodes)
		return 0;
	uint32_t c = t->nodes[node].child;
	if (c && (kind < 0 || t->nodes[c].kind == kind))
		return c;
	return rc_next(t, c, kind);
}
/* First statement of a block whose keyword has token kind kw. */
uint32_t rc_stmt(const rl_tree *t, uint32_t block, int kw);
uint32_t rc_next_stmt(const rl_tree *t, uint32_t stmt, int kw);

/* RC_N_ADDR parts: token indices or RC_NONE. */
typedef struct rc_addr {
	uint32_t name;   /* QSTRING: a named remote */
	uint32_t anon;   /* 'anonymous' */
	uint32_t addr;   /* ADDR */
	uint32_t prefix; /* PREFIX (Apple remote heads) */
	uint32_t port;   /* PORT */
} rc_addr;
void rc_addr_get(const rl_tree *t, uint32_t node, rc_addr *a);

/* RC_N_ID parts. */
typedef struct rc_id {
	uint32_t type;  /* IDTYPE */
	uint32_t qual;  /* IDQUAL or RC_NONE */
	uint32_t value; /* QSTRING, ADDR or RC_NONE */
} rc_id;
void rc_id_get(const rl_tree *t, uint32_t node, rc_id *id);

/* RC_N_SAID parts. */
typedef struct rc_said {
	uint32_t anon;    /* 'anonymous' */
	uint32_t client;  /* 'clientaddr' */
	uint32_t type;    /* IDTYPE */
	uint32_t addr;    /* ADDR */
	uint32_t range;   /* ADDRRANGE */
	uint32_t prefix;  /* PREFIX */
	uint32_t port;    /* PORT or PORTANY */
	uint32_t proto;   /* ULPROTO, 'any' or NUMBER */
	uint32_t str;     /* QSTRING (IDTYPE "STRING" form) */
} rc_said;
void rc_said_get(const rl_tree *t, uint32_t node, rc_said *s);

/* The remote block's head and parent (RC_N_ADDR nodes; parent 0 when the
 * block inherits nothing). */
uint32_t rc_remote_head(const rl_tree *t, uint32_t remote);
uint32_t rc_remote_parent(const rl_tree *t, uint32_t remote);
/* The sainfo selectors: *remote is *local for a lone 'anonymous'. */
void rc_sainfo_ids(const rl_tree *t, uint32_t sainfo, uint32_t *local, uint32_t *remote);

/* Values, as racoon computes them (0 / NULL / false when the value is
 * missing or invalid; racoon_check reports those). */
struct rl_alg;
/* The algorithm of an RC_N_ALG node, and its key length (0 when none). */
const struct rl_alg *rc_alg(const rl_tree *t, uint32_t alg, unsigned long *keylen);
/* The DH group number of a dh_group or pfs_group value token (a name or a
 * number). */
int rc_dh_value(const rl_tree *t, uint32_t tok);
/* Seconds of "lifetime time N UNIT" or of a timer statement "N UNIT". */
bool rc_seconds(const rl_tree *t, uint32_t stmt, unsigned long *secs);

/* The RC_NF_APPLE, RC_NF_KAME and RC_NF_NOT_APPLE flags a word (token i)
 * or a statement keyword (token kind kw; top: at top level) gives the node
 * that holds it; 0 for words every racoon reads. */
unsigned rc_word_dialect(const rl_tree *t, uint32_t i);
unsigned rc_keyword_dialect(int kw, bool top);

/* Is this node (a statement, block or remote) part of the body of its
 * parent, as opposed to a head node? */
bool rc_is_body(const rl_tree *t, uint32_t node);

#endif
