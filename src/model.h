/* The semantic model of one host: what its racoon.conf, psk.txt and setkey
 * file say, as facts. Every fact keeps the location (source and byte span)
 * it was read from, so that a finding about two hosts can point at the line
 * on each of them.
 *
 * A model is built by small functions (rl_host_add_remote,
 * rl_remote_add_proposal, rl_host_add_psk, rl_host_add_policy, ...) that
 * append facts in file order; the tree walkers call them, and so do the unit
 * tests. rl_host_finish then derives what the negotiation model needs: the
 * policies still installed after the setkey file ran, the indexes (hash
 * tables) for pre-shared keys, policies, remote and sainfo blocks, and the
 * host's own addresses when they have to be inferred. Builders may be called
 * after rl_host_finish; the next query finishes the host again. */
#ifndef RL_MODEL_H
#define RL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "algo.h"
#include "diag.h"
#include "hmap.h"

struct rl_file;
struct rl_nego;

/* ---- values -------------------------------------------------------- */

/* An IPv4 or IPv6 address with a prefix length (the full length for a
 * single host). family 0 means "no address". */
typedef struct rl_addr {
	uint8_t family; /* 0, 4 or 6 */
	uint8_t prefix; /* 0..32 or 0..128 */
	uint8_t b[16];
} rl_addr;

#define RL_ADDR_STRLEN 64

/* Parse "192.0.2.1", "2001:db8::1", optionally followed by "/N". A missing
 * prefix means a single host. */
bool rl_addr_parse(const char *s, size_t n, rl_addr *a);
/* The same for s[0..n), then "/" and prefix[0..np) when prefix is not
 * NULL, without the copy for the common forms. */
bool rl_addr_parse_split(const char *s, size_t n, const char *prefix, size_t np, rl_addr *a);
/* The prefix length s[0..n) in its common form (1 to 3 digits, at most
 * bits) in *prefix; false for any other text (rl_addr_parse_split then
 * tells whether it is one). */
bool rl_addr_prefix_parse(const char *s, size_t n, unsigned bits, uint8_t *prefix);
unsigned rl_addr_bits(const rl_addr *a);
bool rl_addr_is_host(const rl_addr *a);
/* Same family, prefix and bytes. */
bool rl_addr_equal(const rl_addr *a, const rl_addr *b);
/* Does net (with its prefix) contain a (all of a's prefix)? */
bool rl_addr_contains(const rl_addr *net, const rl_addr *a);
/* Does one contain the other? */
bool rl_addr_overlap(const rl_addr *a, const rl_addr *b);
/* a with the bits past its prefix cleared. */
rl_addr rl_addr_masked(const rl_addr *a, unsigned prefix);
/* "192.0.2.1" for a host, "192.0.2.0/24" for a network, "?" for none. */
const char *rl_addr_str(const rl_addr *a, char buf[RL_ADDR_STRLEN]);
/* The address alone, without a prefix: the text racoon looks up in psk.txt. */
const char *rl_addr_text(const rl_addr *a, char buf[RL_ADDR_STRLEN]);
uint64_t rl_addr_hash(uint64_t h, const rl_addr *a);

/* A number or switch as written, or its default when 'set' is false. */
typedef struct rl_num {
	long v;
	bool set;
	rl_loc loc;
} rl_num;

void rl_num_put(rl_num *n, long v, rl_loc loc);
static inline long rl_num_get(const rl_num *n, long dflt) { return n->set ? n->v : dflt; }

/* Where a host fact that is not a statement came from. */
typedef enum rl_origin {
	RL_ORIGIN_DEFAULT = 0,
	RL_ORIGIN_FLAG,     /* a command line option */
	RL_ORIGIN_CONFIG,   /* a statement that says it (listen isakmp ...) */
	RL_ORIGIN_INFERRED, /* a guess from other facts */
} rl_origin;

const char *rl_origin_name(rl_origin o);

typedef enum rl_platform {
	RL_PLATFORM_UNKNOWN = 0,
	RL_PLATFORM_LINUX,
	RL_PLATFORM_MACOS,
	RL_PLATFORM_FREEBSD,
	RL_PLATFORM_NETBSD,
} rl_platform;

const char *rl_platform_name(rl_platform p);
/* "linux", "macos" (also "darwin", "osx"), "freebsd", "netbsd"; UNKNOWN else. */
rl_platform rl_platform_parse(const char *s);

/* What is wrong with the value of --platform=HOST=OS or --addr=HOST=ADDR
 * (and their .racoonlint keys), or NULL when nothing is. */
const char *rl_platform_value_problem(const char *s);
const char *rl_addr_value_problem(const char *s);

/* ---- racoon.conf --------------------------------------------------- */

typedef enum rl_idtype {
	RL_ID_NONE = 0, /* not written: racoon sends the address */
	RL_ID_ADDRESS,
	RL_ID_SUBNET,
	RL_ID_FQDN,
	RL_ID_USER_FQDN,
	RL_ID_KEYID,
	RL_ID_ASN1DN,
} rl_idtype;

const char *rl_idtype_name(rl_idtype t);

/* A phase 1 identity (my_identifier, peers_identifier, sainfo from). */
typedef struct rl_ident {
	rl_idtype type;
	char *value;   /* bytes as sent (NUL-terminated copy), NULL when none */
	size_t len;
	rl_addr addr;  /* RL_ID_ADDRESS with a value */
	bool from_file;/* keyid read from a file */
	rl_loc loc;
} rl_ident;

typedef enum rl_xmode {
	RL_XMODE_NONE = 0,
	RL_XMODE_MAIN,
	RL_XMODE_AGGRESSIVE,
	RL_XMODE_BASE,
} rl_xmode;

const char *rl_xmode_name(rl_xmode m);

typedef enum rl_pcheck {
	RL_PCHECK_OBEY,
	RL_PCHECK_STRICT, /* the default */
	RL_PCHECK_CLAIM,
	RL_PCHECK_EXACT,
} rl_pcheck;

const char *rl_pcheck_name(rl_pcheck c);

/* generate_policy values */
enum { RL_GENPOL_OFF = 0, RL_GENPOL_ON, RL_GENPOL_REQUIRE, RL_GENPOL_UNIQUE };
/* nat_traversal values */
enum { RL_NATT_OFF = 0, RL_NATT_ON, RL_NATT_FORCE };

#define RL_DEFAULT_LIFETIME 28800L

/* One proposal block of a remote: a phase 1 transform. enc_loc covers the
 * algorithm and its key length ("aes 256"); the other locations the value. */
typedef struct rl_proposal {
	rl_loc loc; /* the whole "proposal { ... }" block */
	const rl_alg *enc;
	int keylen; /* as written, 0 when omitted */
	rl_loc enc_loc;
	const rl_alg *hash;
	rl_loc hash_loc;
	const rl_alg *auth;
	rl_loc auth_loc;
	const rl_alg *dh;
	rl_loc dh_loc;
	rl_num lifetime; /* seconds; unset: the remote's */
} rl_proposal;

typedef struct rl_remote {
	rl_loc loc;      /* the header, "remote ... {" */
	size_t index;    /* file order */
	char *name;      /* remote "NAME", else NULL */
	bool anonymous;  /* no address: matches every peer */
	rl_addr addr;
	int port;        /* 0: not written (500) */
	rl_loc addr_loc;
	char *inherit;   /* parent as written, or NULL */
	rl_loc inherit_loc;
	rl_xmode modes[4];
	rl_loc mode_locs[4];
	size_t nmodes;
	rl_loc modes_loc; /* the exchange_mode statement */
	rl_ident my_id;   /* type NONE when not written */
	rl_ident *peers_ids;
	size_t npeers_ids, cappeers_ids;
	rl_num verify_identifier, proposal_check, passive, generate_policy, nat_traversal, dpd, dpd_delay,
		lifetime, ph1id, support_proxy;
	bool has_cert; /* certificate_type */
	rl_loc cert_loc;
	rl_proposal **props;
	size_t nprops, capprops;
} rl_remote;

/* One side of a sainfo header, or a phase 2 identity. */
typedef enum rl_sid_kind {
	RL_SID_ANONYMOUS = 0,
	RL_SID_ADDRESS,   /* address or subnet (addr.prefix) */
	RL_SID_RANGE,     /* addr .. addr_end */
	RL_SID_NAME,      /* fqdn "..." and the like */
	RL_SID_CLIENTADDR,
} rl_sid_kind;

enum { RL_PROTO_ANY = 255 };

typedef struct rl_sid {
	rl_sid_kind kind;
	rl_addr addr, addr_end;
	int port;   /* 0: any */
	int proto;  /* upper-layer protocol number, RL_PROTO_ANY for any */
	rl_idtype idtype; /* RL_SID_NAME */
	char *name;
	size_t namelen;
	rl_loc loc;
} rl_sid;

/* A phase 2 algorithm in a sainfo list; loc covers "aes 256". */
typedef struct rl_p2alg {
	const rl_alg *alg;
	int keylen;
	rl_loc loc;
} rl_p2alg;

typedef struct rl_sainfo {
	rl_loc loc;   /* the header */
	size_t index; /* file order */
	rl_sid local, remote;
	bool has_from;
	rl_ident from;
	char *group;
	rl_loc group_loc;
	rl_num remoteid, lifetime;
	const rl_alg *pfs; /* NULL: no PFS */
	rl_loc pfs_loc;
	rl_p2alg *enc, *auth, *comp;
	size_t nenc, capenc, nauth, capauth, ncomp, capcomp;
	rl_loc enc_loc; /* the encryption_algorithm statement */
} rl_sainfo;

typedef struct rl_listen {
	rl_addr addr;
	int port;
	bool natt;
	rl_loc loc;
} rl_listen;

/* ---- psk.txt ------------------------------------------------------- */

typedef struct rl_psk {
	size_t index;  /* line order */
	char *id;      /* identifier bytes (NUL-terminated copy) */
	size_t idlen;
	rl_loc loc;    /* the identifier */
	rl_loc key_loc;/* the key (a secret span) */
	/* the key as racoon uses it: hex-decoded for "0x..."; only compared,
	 * never printed */
	uint8_t *secret;
	size_t secret_len;
	bool has_key;        /* identifier followed by a key */
	bool hex, bad_hex;   /* "0x" key; malformed hex (the lookup fails) */
	bool trailing_cr, trailing_blank, quoted;
	bool wildcard;       /* the identifier "*" */
} rl_psk;

/* ---- setkey -------------------------------------------------------- */

typedef enum rl_spdcmd {
	RL_SPD_ADD,
	RL_SPD_UPDATE,
	RL_SPD_DELETE,
	RL_SPD_FLUSH, /* spdflush: every earlier policy is gone */
} rl_spdcmd;

typedef enum rl_dir { RL_DIR_IN, RL_DIR_OUT, RL_DIR_FWD } rl_dir;
const char *rl_dir_name(rl_dir d);

typedef enum rl_action {
	RL_ACT_DISCARD,
	RL_ACT_NONE,
	RL_ACT_IPSEC,
	RL_ACT_ENTRUST,
	RL_ACT_BYPASS,
} rl_action;
const char *rl_action_name(rl_action a);

typedef enum rl_ipsec_proto { RL_IPSEC_ESP = 1, RL_IPSEC_AH, RL_IPSEC_IPCOMP } rl_ipsec_proto;
typedef enum rl_ipsec_mode { RL_MODE_ANY = 0, RL_MODE_TRANSPORT, RL_MODE_TUNNEL } rl_ipsec_mode;
typedef enum rl_level { RL_LEVEL_DEFAULT, RL_LEVEL_USE, RL_LEVEL_REQUIRE, RL_LEVEL_UNIQUE } rl_level;

const char *rl_ipsec_proto_name(rl_ipsec_proto p);
const char *rl_ipsec_mode_name(rl_ipsec_mode m);
const char *rl_level_name(rl_level l);
/* "tcp", "udp", "any", or the number */
const char *rl_ulproto_name(int proto, char buf[16]);

/* One rule of an ipsec policy: esp/tunnel/A-B/require. */
typedef struct rl_sprule {
	rl_ipsec_proto proto;
	rl_ipsec_mode mode;
	bool has_ends;
	rl_addr src, dst; /* tunnel endpoints */
	int sport, dport; /* ADDR[PORT]-ADDR[PORT], 0 when not written */
	rl_level level;
	unsigned reqid;   /* unique:N */
	rl_loc loc;
} rl_sprule;

/* A policy selector. */
typedef struct rl_sel {
	rl_addr src, dst;
	int sport, dport; /* 0: any */
	int proto;        /* RL_PROTO_ANY for any */
} rl_sel;

typedef struct rl_policy {
	size_t index; /* file order */
	rl_spdcmd cmd;
	rl_loc loc;   /* the command */
	rl_sel sel;
	rl_dir dir;
	bool has_prio;
	long prio;
	rl_action action;
	rl_sprule *rules; /* &rule1 while there is room for one only */
	size_t nrules, caprules;
	bool live; /* still installed when the file has run (rl_host_finish) */
	rl_sprule rule1;  /* most policies have one rule: no allocation of its own */
} rl_policy;

/* Policies are made in blocks of this many (one allocation for them). */
#define RL_POLICY_BLOCK 512
typedef struct rl_policy_block {
	struct rl_policy_block *prev;
	size_t n;
	rl_policy v[RL_POLICY_BLOCK];
} rl_policy_block;

/* A manual SA (add/update/delete). */
typedef struct rl_sa {
	rl_loc loc;
	rl_spdcmd cmd; /* RL_SPD_ADD, _UPDATE, _DELETE */
	rl_addr src, dst;
	char *proto;   /* "esp", "ah", "ipcomp", "esp-udp", "tcp" */
	unsigned long spi;
	rl_ipsec_mode mode;
	unsigned reqid;
	char *enc, *auth, *comp;
} rl_sa;

/* ---- the host ------------------------------------------------------ */

typedef struct rl_host_addr {
	rl_addr addr;     /* may be a network when only a prefix is known */
	rl_origin origin;
	char *evidence;   /* "listen isakmp", "the source of its out policy", ... */
	rl_loc loc;       /* where the evidence is */
} rl_host_addr;

typedef struct rl_nego_cache {
	const struct rl_host *peer;
	unsigned version, peer_version; /* of both hosts when computed */
	struct rl_nego *nego;
} rl_nego_cache;

/* An answer of rl_pair_checked (negotiate.h), kept in one of the hosts. */
typedef struct rl_pair_memo {
	const struct rl_host *peer;
	unsigned version, peer_version;
	bool yes;
} rl_pair_memo;

/* A peer end and the indexes (into rl_host.policies) of a host's policies
 * towards it. */
typedef struct rl_peer_group {
	rl_addr peer;
	uint32_t *idx;
	size_t n, cap;
} rl_peer_group;

typedef struct rl_host {
	char *name;
	char *folder;
	rl_platform platform;
	rl_origin platform_origin;
	char *platform_evidence;
	rl_loc platform_loc;

	rl_host_addr *addrs;  /* given ones first, then derived ones */
	size_t naddrs, capaddrs;
	size_t nuser_addrs;   /* how many were given (rl_host_add_addr) */

	struct rl_file **files; /* not owned */
	size_t nfiles, capfiles;
	rl_source *conf;     /* racoon.conf, if any (not owned) */
	rl_source *psk_file; /* the file named by path pre_shared_key, if read */
	rl_source *spd_file; /* the setkey file, if any */

	bool psk_path_set;   /* path pre_shared_key written */
	rl_loc psk_path_loc;
	bool spd_known;      /* a setkey file was read: its policies are the SPD */

	rl_listen *listens;
	size_t nlistens, caplistens;
	rl_remote **remotes;
	size_t nremotes, capremotes;
	rl_sainfo **sainfos;
	size_t nsainfos, capsainfos;
	rl_psk **psks;
	size_t npsks, cappsks;
	rl_policy **policies;
	rl_policy_block *policy_blocks; /* where the policies live, the last block first */
	size_t npolicies, cappolicies;
	rl_sa **sas;
	size_t nsas, capsas;

	/* derived by rl_host_finish */
	bool finished;
	unsigned version;      /* counts changes, for cached negotiations */
	rl_hmap psk_ix;        /* identifier -> psk */
	size_t psk_wild;       /* first "*" line, or SIZE_MAX */
	rl_hmap spd_exact_ix;  /* direction + selector -> live policy */
	rl_hmap spd_norm_ix;   /* the same with the addresses masked to their prefixes */
	rl_hmap spd_addr_ix;   /* direction + masked addresses -> first live policy */
	uint16_t (*spd_prefixes)[3]; /* distinct (family, src prefix, dst prefix) of live policies */
	size_t nspd_prefixes, capspd_prefixes;
	bool spd_indexed;      /* the four above are built (on the first policy query) */
	rl_hmap remote_ix;     /* address -> remote */
	bool remote_net;       /* a remote block (not anonymous) names a network */
	rl_hmap sainfo_ix;     /* (local, remote) identities -> sainfo */
	rl_hmap sainfo_addr_ix;/* the same without protocols, for hints */
	/* the distinct peer addresses the host names (its remote blocks', its
	 * live ipsec policies' peer ends), built when first asked for */
	rl_addr *named;
	size_t nnamed, capnamed;
	bool named_ready;
	/* live ipsec policies with rules by direction (RL_DIR_IN, RL_DIR_OUT)
	 * and peer end, built when first asked for (rl_policies_towards) */
	rl_peer_group *groups[2];
	size_t ngroups[2], capgroups[2];
	bool groups_ready;
	/* rl_pair_checked's answers about this host and others, each for the
	 * versions of the two hosts it was found for */
	rl_pair_memo *pair_memo;
	size_t npair_memo, cappair_memo;
	rl_hmap pair_memo_ix;  /* peer host pointer -> pair_memo */

	rl_nego_cache *negos;
	size_t nnegos, capnegos;
} rl_host;

/* ---- building ------------------------------------------------------ */

rl_host *rl_host_new(const char *name, const char *folder);
void rl_host_free(rl_host *h);

void rl_host_add_file(rl_host *h, struct rl_file *f);
void rl_host_set_platform(rl_host *h, rl_platform p, rl_origin origin, const char *evidence, rl_loc loc);
void rl_host_add_addr(rl_host *h, const rl_addr *a, rl_origin origin, const char *evidence, rl_loc loc);
void rl_host_add_listen(rl_host *h, const rl_addr *a, int port, bool natt, rl_loc loc);
/* path pre_shared_key: loc of the statement; file: the file read, or NULL
 * when it is missing. */
void rl_host_set_psk_path(rl_host *h, rl_loc loc, rl_source *file);
void rl_host_set_spd_file(rl_host *h, rl_source *file);

rl_remote *rl_host_add_remote(rl_host *h, rl_loc loc);
void rl_remote_set_anonymous(rl_remote *r, int port, rl_loc loc);
void rl_remote_set_addr(rl_remote *r, const rl_addr *a, int port, rl_loc loc);
void rl_remote_set_name(rl_remote *r, const char *name);
void rl_remote_set_inherit(rl_remote *r, const char *parent, rl_loc loc);
/* Copy the parent's facts (its proposals first, as racoon does); then the
 * child's own statements override or append. */
void rl_remote_inherit_from(rl_remote *r, const rl_remote *parent);
/* exchange_mode: one call per mode; stmt is the whole statement. A new
 * statement (a different stmt span) replaces the earlier list. */
void rl_remote_add_mode(rl_remote *r, rl_xmode m, rl_loc loc, rl_loc stmt);
void rl_ident_set(rl_ident *id, rl_idtype type, const char *value, size_t len, rl_loc loc);
void rl_remote_set_my_id(rl_remote *r, rl_idtype type, const char *value, size_t len, rl_loc loc);
void rl_remote_add_peers_id(rl_remote *r, rl_idtype type, const char *value, size_t len, rl_loc loc);
rl_proposal *rl_remote_add_proposal(rl_remote *r, rl_loc loc);
/* Set the algorithm of a class (RL_AC_P1_ENC, _HASH, _AUTH, RL_AC_DH) by
 * its racoon.conf word; false when the word is unknown or of another class. */
bool rl_proposal_set(rl_proposal *p, rl_alg_class cls, const char *word, int keylen, rl_loc loc);
/* The same with the entry the word names, found already (rl_alg_find, or
 * rl_dh_by_number for a group number) and of the class: no look-up. */
bool rl_proposal_set_alg(rl_proposal *p, rl_alg_class cls, const rl_alg *a, int keylen, rl_loc loc);

rl_sainfo *rl_host_add_sainfo(rl_host *h, rl_loc loc);
/* One side of the header. */
void rl_sid_set_addr(rl_sid *s, const rl_addr *a, int port, int proto, rl_loc loc);
void rl_sid_set_name(rl_sid *s, rl_idtype type, const char *name, size_t len, rl_loc loc);
/* Append one algorithm to the list of its class (RL_AC_P2_ENC, _AUTH,
 * _COMP); RL_AC_DH sets pfs_group. */
bool rl_sainfo_add(rl_sainfo *s, rl_alg_class cls, const char *word, int keylen, rl_loc loc);
/* The same with the entry, found already and of the class (as
 * rl_proposal_set_alg). */
bool rl_sainfo_add_alg(rl_sainfo *s, rl_alg_class cls, const rl_alg *a, int keylen, rl_loc loc);

/* A psk.txt line: the identifier and the raw key bytes as written (up to,
 * not including, the newline). The secret is derived here. */
rl_psk *rl_host_add_psk(rl_host *h, const char *id, size_t idlen, rl_loc id_loc, const char *key, size_t keylen,
			rl_loc key_loc);

rl_policy *rl_host_add_policy(rl_host *h, rl_spdcmd cmd, rl_loc loc);
rl_sprule *rl_policy_add_rule(rl_policy *p, rl_ipsec_proto proto, rl_ipsec_mode mode, rl_level level, rl_loc loc);
rl_sa *rl_host_add_sa(rl_host *h, rl_spdcmd cmd, rl_loc loc);

/* Derive liveness, indexes and inferred addresses. Idempotent. */
void rl_host_finish(rl_host *h);
/* Say that facts were changed directly (not through an rl_host_add_*
 * function) after a query: the next query derives everything again. */
void rl_host_touch(rl_host *h);

/* racoon's check of its key file before every lookup: the faults it
 * finds, in the order it meets them, and what it logs for the first (the
 * file is then refused and no key found); racoon NULL when it accepts the
 * file or its status is not known. The owner must be root when racoonlint
 * runs as root (else the files are a copy, owned by whoever made it). */
typedef struct rl_psk_faults {
	bool owner, type, weak; /* not root's, not a regular file, mode & 077 */
	const char *racoon;
} rl_psk_faults;
rl_psk_faults rl_psk_file_faults(const rl_source *s);

/* ---- queries (each finishes the host first) ------------------------ */

/* The line racoon uses for an identifier (first match; a "*" line matches
 * every lookup on the platforms that have it), or NULL. */
const rl_psk *rl_host_psk_lookup(rl_host *h, const char *id, size_t len);

/* A live policy of direction dir with exactly this selector, or NULL. */
const rl_policy *rl_host_spd_exact(rl_host *h, rl_dir dir, const rl_sel *sel);
/* The first live policy (file order) whose selector contains sel: prefixes
 * cover, protocol any covers every protocol, port 0 every port. */
const rl_policy *rl_host_spd_containing(rl_host *h, rl_dir dir, const rl_sel *sel);
/* The first live policy with the same addresses and prefixes (any
 * protocol and ports), or NULL: for hints. */
const rl_policy *rl_host_spd_same_addrs(rl_host *h, rl_dir dir, const rl_sel *sel);

/* sainfo selection (semantics 4.2, 4.3). local and remote are the phase 2
 * identities seen from h. ph1id: of the remote block in use (negative: not
 * compared). peer_id: the
 * peer's phase 1 identity, NULL on the initiator ("from" is then taken as
 * satisfied and clientaddr never matches). peer_addr: the peer's address,
 * for clientaddr. */
const rl_sainfo *rl_host_sainfo_select(rl_host *h, const rl_sid *local, const rl_sid *remote, long ph1id,
				       const rl_ident *peer_id, const rl_addr *peer_addr);
/* A sainfo written for the same addresses, ignoring protocols or with the
 * two sides swapped (for hints); *swapped tells which. */
const rl_sainfo *rl_host_sainfo_near(rl_host *h, const rl_sid *local, const rl_sid *remote, bool *swapped);

/* The remote blocks that match a peer address, in file order: blocks for
 * that address (or, when peer is a network, for an address inside it) and
 * anonymous ones. With allow_passive false, passive blocks are left out.
 * Returns the count; *out is to be freed. */
size_t rl_host_remotes_for(rl_host *h, const rl_addr *peer, bool allow_passive, rl_remote ***out);

/* Is a one of the host's addresses (or inside one of its networks, or a
 * network holding one of them)? */
bool rl_host_has_addr(rl_host *h, const rl_addr *a);
/* The host address inside a when a is a network holding exactly one of
 * them; else a itself. */
rl_addr rl_host_resolve_addr(rl_host *h, const rl_addr *a);

/* ---- helpers shared by the negotiation model and the rules --------- */

/* "name:line" of a location, or "default" when it has no source. */
const char *rl_loc_str(rl_loc loc, char *buf, size_t n);
static inline rl_loc rl_loc_none(void) { rl_loc l = {0, {0, 0}}; return l; }
/* Does the identity id satisfy pattern (a peers_identifier, a sainfo
 * "from")? Types must agree; addresses compare as addresses; an asn1dn
 * pattern may use "*" as the value of a relative name. */
bool rl_ident_matches(const rl_ident *pattern, const rl_ident *id);
/* Are two selectors equal (addresses with prefixes, ports, protocol)?
 * rl_sel_hash hashes a direction and what rl_sel_equal compares. */
bool rl_sel_equal(const rl_sel *a, const rl_sel *b);
uint64_t rl_sel_hash(rl_dir dir, const rl_sel *s);
/* Are two sainfo sides or phase 2 identities the same (kind, addresses
 * with prefixes, range, name; the protocol too when with_proto)? Ports are
 * not compared, as racoon does not. rl_sid_hash hashes what rl_sid_equal
 * compares. */
bool rl_sid_equal(const rl_sid *a, const rl_sid *b, bool with_proto);
uint64_t rl_sid_hash(uint64_t h, const rl_sid *s, bool with_proto);
/* Is a secret a plain match of the other? Never prints them. */
bool rl_psk_secret_equal(const rl_psk *a, const rl_psk *b);

#endif
