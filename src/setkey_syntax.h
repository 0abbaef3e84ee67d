/* The setkey syntax tree (grammar/setkey.l, grammar/setkey.y).
 *
 * A setkey file (setkey -f, ipsec-tools.conf) is a list of commands ended by
 * ';'; the text after -P is the libipsec policy language, scanned into its
 * own tokens so that findings can point at a level or an endpoint. The
 * language is described in setkey.md.
 *
 * TOKENS (t->toks[i].kind: the SKT_* numbers of the generated setkey.tab.h)
 *
 *   SKT_ADD ... SKT_EXIT  command words (quit and bye are SKT_EXIT)
 *   SKT_TAGGED            tagged
 *   SKT_FLAGS             -4, -6, -n and combinations (-4n)
 *   SKT_SAPROTO           esp, esp-old, ah, ah-old, ipcomp
 *   SKT_ESPUDP, SKT_TCP   esp-udp, tcp
 *   SKT_F_ENC SKT_F_AUTH SKT_F_COMP SKT_F_RAWCPI SKT_F_POLICY
 *                         -E -A -C -R -P
 *   SKT_F_MODE SKT_F_EXT SKT_F_CTX   -m -f -ctx
 *   SKT_F_NUM             -u -r -lh -ls -bh -bs (they take a number)
 *   SKT_MODE              transport, tunnel
 *   SKT_PADVAL            zero-pad random-pad seq-pad nocyclic-seq
 *   SKT_ALG_ENC SKT_ALG_ENC_NOKEY SKT_ALG_AUTH SKT_ALG_AUTH_NOKEY SKT_ALG_COMP
 *                         algorithm names (the name right after -E/-A is
 *                         looked up in rl_sk_algs; deflate, oui, lzs always)
 *   SKT_ANY               any (also inside policy text)
 *   SKT_SLASH SKT_LBRACKET SKT_RBRACKET SKT_SEMI   / [ ] ;
 *   SKT_DECSTRING SKT_HEXSTRING SKT_QUOTEDSTRING SKT_STRING
 *                         numbers, 0x numbers, "strings", names/addresses
 *                         (also "135,0" lists)
 *   policy text: SKT_PL_DIR (in out fwd), SKT_PL_PRIORITY (priority prio),
 *   SKT_PL_PRIOBASE (low def high), SKT_PL_PLUS (+), SKT_PL_HYPHEN (-),
 *   SKT_PL_NUMBER, SKT_PL_ACTION (discard none ipsec entrust bypass),
 *   SKT_PL_PROTO (esp ah ipcomp), SKT_PL_MODE (transport tunnel), SKT_PL_ME,
 *   SKT_PL_ADDR (any other word: an address), SKT_PL_PORT ("[500]", one
 *   token), SKT_PL_LEVEL (default use require unique unique:N)
 *   SKT_COMMENT           "# ..." to the end of the line, and the shebang;
 *                         flagged RL_TOK_TRIVIA
 *   SKT_INVALID           bytes that start no token (CR, backslash, '#'
 *                         inside -P text, an unterminated string, ...);
 *                         flagged RL_TOK_ERROR, reported as syntax errors
 *
 * A key (the QUOTEDSTRING or HEXSTRING after an algorithm name) is flagged
 * RL_TOK_SECRET. Trivia and error tokens are never handed to the parser;
 * they may sit inside a node's token range, but never at its first or last
 * token.
 *
 * NODES (t->nodes[n].kind). "leaf" = a node over exactly one token, its
 * first. Children are listed in order; '?' optional, '*' any number.
 *
 *   RL_SK_FILE       root (t->root), covers every token; children: the
 *                    command nodes in file order
 *   commands: first token = the command word, last = the ';'
 *     RL_SK_ADD      FLAGS* ADDR(src) ADDR(dst) PROTO SPI (EXT|CTX)*, then
 *                    ALG_ENC ALG_AUTH? or ALG_AUTH or ALG_COMP
 *     RL_SK_GET RL_SK_GETSPI RL_SK_DELETE
 *                    FLAGS* ADDR(src) ADDR(dst) PROTO SPI (EXT|CTX)*
 *     RL_SK_DELETEALL  FLAGS* ADDR(src) ADDR(dst) PROTO   (ADDR without port)
 *     RL_SK_FLUSH RL_SK_DUMP   PROTO?
 *     RL_SK_SPDADD RL_SK_SPDUPDATE RL_SK_SPDDELETE
 *                    FLAGS* ADDR(src) ADDR(dst) UPPER MISC? CTX? POLICY
 *                    or, for "spdadd tagged", TAG POLICY
 *     RL_SK_SPDDUMP RL_SK_SPDFLUSH RL_SK_EXIT   no children
 *     RL_SK_ERROR    a command the parser skipped after a syntax error
 *                    (RL_NODE_ERROR set); no children. Past
 *                    RL_MAX_SYNTAX_ERRORS errors skipped commands get no
 *                    node at all.
 *   RL_SK_FLAGS      leaf: -4 / -6 / -n ...
 *   RL_SK_ADDR       first = the host token (an address or host name,
 *                    SKT_STRING); children PREFIX? PORT?
 *   RL_SK_HOST       leaf: esp-udp's address or host name (SKT_STRING)
 *   RL_SK_PREFIX     first = '/', last = the prefix length; no children
 *                    (rl_sk_addr_prefix)
 *   RL_SK_PORT       first = '[', last = ']', the value between (number,
 *                    any or service name); no children (rl_sk_addr_port)
 *   RL_SK_VALUE      leaf: the argument of its parent (EXT, CTX, TAG,
 *                    PL_PRIO)
 *   RL_SK_PROTO      first = the SA protocol word; child HOST? (esp-udp's
 *                    NAT original address)
 *   RL_SK_SPI        leaf: DECSTRING or HEXSTRING
 *   RL_SK_EXT        first = -m / -f / -u / -r / -lh / -ls / -bh / -bs;
 *                    child VALUE
 *   RL_SK_CTX        first = -ctx; children VALUE(doi) VALUE(algorithm)
 *                    VALUE(context string)
 *   RL_SK_ALG_ENC RL_SK_ALG_AUTH   first = -E / -A; children ALG KEY?
 *   RL_SK_ALG_COMP   first = -C; children ALG RAWCPI?
 *   RL_SK_ALG        leaf: algorithm name
 *   RL_SK_KEY        leaf: the key (secret)
 *   RL_SK_RAWCPI     leaf: -R
 *   RL_SK_UPPER      leaf: upper-layer protocol (number, any, tcp, name)
 *   RL_SK_MISC       leaf: ICMP "type,code" or GRE key "A.B.C.D"
 *   RL_SK_TAG        first = tagged; child VALUE (the quoted tag)
 *   RL_SK_POLICY     first = -P; children PL_DIR PL_PRIO? PL_ACTION? PL_RULE*
 *   RL_SK_PL_DIR     leaf: in, out, fwd
 *   RL_SK_PL_PRIO    first = priority/prio; children PL_PRIOBASE? PL_SIGN?
 *                    VALUE? ("prio 10": VALUE; "prio -10": SIGN VALUE;
 *                    "prio def": PRIOBASE; "prio def + 1": all three)
 *   RL_SK_PL_PRIOBASE leaf: low, def, high
 *   RL_SK_PL_SIGN    leaf: + or -
 *   RL_SK_PL_ACTION  leaf: discard none ipsec entrust bypass
 *   RL_SK_PL_RULE    first = the protocol; children PL_PROTO PL_MODE
 *                    PL_ENDPOINTS? PL_LEVEL?
 *   RL_SK_PL_PROTO   leaf: esp, ah, ipcomp
 *   RL_SK_PL_MODE    leaf: transport, tunnel
 *   RL_SK_PL_ENDPOINTS  children PL_EP(source) PL_EP(destination)
 *   RL_SK_PL_EP      first = the address, or me / any; child PL_PORT?
 *   RL_SK_PL_PORT    leaf: "[N]"
 *   RL_SK_PL_LEVEL   leaf: default use require unique unique:N
 *
 * setkey stops reading at exit; commands after RL_SK_EXIT never run.
 *
 * Example: the policies of a file, with their first rule's level.
 *
 *   for (uint32_t c = t->nodes[t->root].child; c; c = t->nodes[c].next) {
 *       if (t->nodes[c].kind != RL_SK_SPDADD)
 *           continue;
 *       uint32_t src = rl_sk_src(t, c), dst = rl_sk_dst(t, c);
 *       char *host = rl_tok_strdup(t, rl_sk_addr_host(t, src));
 *       uint32_t prefix = rl_sk_addr_prefix(t, src);    // RL_SK_NO_TOK: full length
 *       uint32_t pol = rl_sk_child(t, c, RL_SK_POLICY);
 *       uint32_t dir = rl_sk_tok(t, rl_sk_child(t, pol, RL_SK_PL_DIR));
 *       uint32_t rule = rl_sk_child(t, pol, RL_SK_PL_RULE);     // 0: none
 *       uint32_t level = rl_sk_child(t, rule, RL_SK_PL_LEVEL);  // 0: "default"
 *       ...
 *   }
 */
#ifndef RL_SETKEY_SYNTAX_H
#define RL_SETKEY_SYNTAX_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "setkey.tab.h"
#include "syntax.h"
#include "util.h"

enum rl_sk_node {
	RL_SK_FILE = 1,
	RL_SK_ADD,
	RL_SK_GETSPI,
	RL_SK_GET,
	RL_SK_DELETE,
	RL_SK_DELETEALL,
	RL_SK_FLUSH,
	RL_SK_DUMP,
	RL_SK_SPDADD,
	RL_SK_SPDUPDATE,
	RL_SK_SPDDELETE,
	RL_SK_SPDDUMP,
	RL_SK_SPDFLUSH,
	RL_SK_EXIT,
	RL_SK_ERROR,
	RL_SK_FLAGS,
	RL_SK_ADDR,
	RL_SK_HOST,
	RL_SK_PREFIX,
	RL_SK_PORT,
	RL_SK_VALUE,
	RL_SK_PROTO,
	RL_SK_SPI,
	RL_SK_EXT,
	RL_SK_CTX,
	RL_SK_ALG_ENC,
	RL_SK_ALG_AUTH,
	RL_SK_ALG_COMP,
	RL_SK_ALG,
	RL_SK_KEY,
	RL_SK_RAWCPI,
	RL_SK_UPPER,
	RL_SK_MISC,
	RL_SK_TAG,
	RL_SK_POLICY,
	RL_SK_PL_DIR,
	RL_SK_PL_PRIO,
	RL_SK_PL_PRIOBASE,
	RL_SK_PL_SIGN,
	RL_SK_PL_ACTION,
	RL_SK_PL_RULE,
	RL_SK_PL_PROTO,
	RL_SK_PL_MODE,
	RL_SK_PL_ENDPOINTS,
	RL_SK_PL_EP,
	RL_SK_PL_PORT,
	RL_SK_PL_LEVEL,
};

/* tree->dialect bits of a setkey tree: the forms seen, for platform checks */
enum {
	RL_SK_D_SHEBANG = 1 << 0,      /* line 1 is "#!..." */
	RL_SK_D_SHEBANG_USR = 1 << 1,  /* ... naming /usr/sbin/setkey (Debian, Linux) */
	RL_SK_D_SHEBANG_SBIN = 1 << 2, /* ... naming /sbin/setkey (the BSDs) */
	RL_SK_D_SHEBANG_NO_F = 1 << 3, /* ... without a final -f */
	RL_SK_D_CTX = 1 << 4,          /* -ctx: Linux only */
	RL_SK_D_FWD = 1 << 5,          /* fwd direction: Linux only */
	RL_SK_D_PRIO = 1 << 6,         /* policy priority: Linux only */
	RL_SK_D_TAGGED = 1 << 7,       /* spdadd tagged: BSD only */
	RL_SK_D_TCP = 1 << 8,          /* tcp SA or tcp-md5: BSD only */
	RL_SK_D_GETSPI = 1 << 9,       /* getspi: this fork only */
	RL_SK_D_SPDUPDATE = 1 << 10,   /* spdupdate: not Apple, not FreeBSD */
	RL_SK_D_ESPUDP = 1 << 11,      /* esp-udp: not FreeBSD */
	RL_SK_D_LIFEBYTES = 1 << 12,   /* -bh / -bs: not FreeBSD */
	RL_SK_D_EXIT = 1 << 13,        /* exit, quit, bye: not FreeBSD */
	RL_SK_D_POLICY_EXT = 1 << 14,  /* '+' or a [port] in -P text: not FreeBSD */
	RL_SK_D_SHORT_NAMES = 1 << 15, /* aes-cbc, hmac-sha256...: not FreeBSD */
	RL_SK_D_CAMELLIA = 1 << 16,    /* camellia-cbc: not Apple */
};

#define RL_SK_NO_TOK UINT32_MAX

/* An algorithm setkey knows, with the key sizes the usual kernels take. */
typedef struct rl_sk_alg {
	const char *name;
	char cls;              /* 'E' encryption, 'A' authentication, 'C' compression */
	bool nokey;            /* takes no key */
	uint16_t bits[3];      /* the key sizes it takes, or 0 0 0 ... */
	uint16_t min, max;     /* ... a range of sizes (bits) */
	const char *only;      /* the only SA protocol it suits, or NULL */
	int dialect;           /* RL_SK_D_* bit its name implies, or 0 */
} rl_sk_alg;

/* The algorithm called s[0..n) in class cls, or NULL. */
const rl_sk_alg *rl_sk_alg_find(char cls, const char *s, size_t n);

/* Append the names of the algorithms of class cls: "a, b, c". */
void rl_sk_alg_names(char cls, rl_buf *b);

/* Is kind one of the command node kinds (RL_SK_ADD ... RL_SK_EXIT)? */
static inline bool rl_sk_is_command(int kind)
{
	return kind >= RL_SK_ADD && kind <= RL_SK_EXIT;
}

/* The token a leaf stands for (also the first token of any node). */
static inline uint32_t rl_sk_tok(const rl_tree *t, uint32_t node)
{
	return t->nodes[node].first;
}

/* First child of node with this kind, or 0; the next sibling after node
 * with this kind, or 0. */
static inline uint32_t rl_sk_of_kind(const rl_tree *t, uint32_t n, int kind)
{
	while (n && t->nodes[n].kind != kind)
		n = t->nodes[n].next;
	return n;
}

static inline uint32_t rl_sk_child(const rl_tree *t, uint32_t node, int kind)
{
	return node ? rl_sk_of_kind(t, t->nodes[node].child, kind) : 0;
}

static inline uint32_t rl_sk_next(const rl_tree *t, uint32_t node, int kind)
{
	return node ? rl_sk_of_kind(t, t->nodes[node].next, kind) : 0;
}

/* Token of node's first VALUE child, or RL_SK_NO_TOK. */
uint32_t rl_sk_value(const rl_tree *t, uint32_t node);

/* Source and destination ADDR of a command (0 when missing). */
uint32_t rl_sk_src(const rl_tree *t, uint32_t cmd);
uint32_t rl_sk_dst(const rl_tree *t, uint32_t cmd);
/* Host, prefix length and port value tokens of an ADDR (RL_SK_NO_TOK when
 * absent). */
uint32_t rl_sk_addr_host(const rl_tree *t, uint32_t addr);
uint32_t rl_sk_addr_prefix(const rl_tree *t, uint32_t addr);
uint32_t rl_sk_addr_port(const rl_tree *t, uint32_t addr);

/* Value of a DECSTRING, HEXSTRING, PL_NUMBER or "[N]" token; false when it
 * is none of those or does not fit in 64 bits. */
bool rl_sk_number(const rl_tree *t, uint32_t tok, uint64_t *v);

/* Length in bytes of the key a KEY token gives (hex: two digits a byte, an
 * odd count padded; quoted: the bytes inside the quotes). */
uint32_t rl_sk_key_bytes(const rl_tree *t, uint32_t tok);

/* Append the bytes of the key a KEY token gives to out (hex decoded, an
 * odd digit count padded with a leading zero; or the bytes inside the
 * quotes). */
void rl_sk_key_value(const rl_tree *t, uint32_t tok, rl_buf *out);

/* An address token the value checks parsed as rl_addr_parse_split does
 * (without a prefix), kept in t->sk_addrs in ascending token order so that
 * the model builder does not parse it again. */
typedef struct rl_sk_addr_memo {
	uint32_t tok;
	uint8_t family; /* 4 or 6 */
	uint8_t b[16];
} rl_sk_addr_memo;

typedef struct rl_sk_addrs {
	uint32_t n, cap;
	uint32_t next; /* where the last look-up ended: the builder asks in order */
	rl_sk_addr_memo v[];
} rl_sk_addrs;

/* The memo of token tok, or NULL. */
const rl_sk_addr_memo *rl_sk_addr_memo_find(const rl_tree *t, uint32_t tok);
/* Free the memo (the model builder is done with it). */
void rl_sk_addr_memo_drop(rl_tree *t);

/* The value checks setkey makes (run by rl_parse_setkey). */
void rl_setkey_check(rl_tree *t, rl_diags *d);

#endif
