/* The negotiation model: what happens when host A starts IKE towards host B
 * (semantics.md sections 2 to 8), step by step, on the facts of the two
 * host models.
 *
 * For one direction (A initiating, B responding) the result holds:
 *  - one phase 1 per pair of IKE addresses A uses towards B (usually one):
 *    A's remote block, B's remote block, the exchange mode, the proposal
 *    both accept under B's proposal_check, the identities, and the
 *    pre-shared key each side finds;
 *  - one flow per protected SPD flow: each "out" ipsec policy of A whose
 *    peer is B, with the sainfo on each side, B's mirrored "in" policy and
 *    the phase 2 proposal both accept.
 * Every step has an outcome, a reason and the line on each host; the first
 * failing step of each phase 1 and each flow is marked. A step whose input
 * is missing (B's remote block when none matched) is skipped; one whose
 * input is not known (a peer address that is only a network) is unknown,
 * and rules stay silent about it. */
#ifndef RL_NEGOTIATE_H
#define RL_NEGOTIATE_H

#include <stdio.h>

#include "model.h"

struct rl_ctx;

typedef enum rl_outcome {
	RL_OUT_SKIPPED = 0, /* not evaluated: an input is missing */
	RL_OUT_OK,
	RL_OUT_WARN,        /* works, with a caveat (msg) */
	RL_OUT_UNKNOWN,     /* cannot tell from the files */
	RL_OUT_FAIL,
} rl_outcome;

typedef enum rl_step {
	/* phase 1 */
	RL_STEP_INIT_REMOTE, /* A finds a remote block for B's address */
	RL_STEP_RESP_REMOTE, /* B finds one remote block for A's address */
	RL_STEP_MODE,        /* B allows A's first exchange mode */
	RL_STEP_PROPOSAL,    /* B accepts one of A's proposals */
	RL_STEP_IDENTITY,    /* identities: peers_identifier, main mode + PSK */
	RL_STEP_PSK,         /* both find a key for the other; the keys are equal */
	/* phase 2, per flow */
	RL_STEP_INIT_SAINFO, /* A has a sainfo for its policy */
	RL_STEP_RESP_POLICY, /* B has the mirrored in policy */
	RL_STEP_RESP_SAINFO, /* B has a sainfo for A's identities */
	RL_STEP_P2_PROPOSAL, /* B accepts A's phase 2 proposal */
	RL_NSTEPS
} rl_step;

#define RL_P1_NSTEPS RL_STEP_INIT_SAINFO
#define RL_P2_NSTEPS (RL_NSTEPS - RL_STEP_INIT_SAINFO)

const char *rl_step_name(rl_step s);

/* Why a step failed (or warned); rules use it to tell faults apart. */
typedef enum rl_why {
	RL_WHY_NONE = 0,
	RL_WHY_NO_REMOTE,       /* no remote block for the address */
	RL_WHY_ONLY_PASSIVE,    /* only passive ones (the initiator) */
	RL_WHY_AMBIGUOUS,       /* two blocks equally good */
	RL_WHY_ADDR_UNKNOWN,
	RL_WHY_NO_MODE,         /* the initiator's block lists no mode */
	RL_WHY_MODE,            /* the responder does not allow the mode */
	RL_WHY_NO_PROPOSALS,
	RL_WHY_PROPOSAL,        /* no proposal pair matches */
	RL_WHY_ID_TYPE,         /* main mode + PSK with a non-address identity */
	RL_WHY_ID_MISMATCH,     /* verify_identifier: peers_identifier differs */
	RL_WHY_PSK_NO_FILE,
	RL_WHY_PSK_REFUSED,     /* racoon refuses the key file (psk-file-mode) */
	RL_WHY_PSK_MISSING,
	RL_WHY_PSK_BAD_HEX,
	RL_WHY_PSK_DIFFER,
	RL_WHY_NO_SAINFO,
	RL_WHY_NO_POLICY,       /* the mirrored policy is missing */
	RL_WHY_POLICY_NEAR,     /* same addresses, other protocol or ports */
	RL_WHY_POLICY_CONTAINED,/* only a wider policy (works as responder) */
	RL_WHY_NOT_IPSEC,
	RL_WHY_BUNDLE,          /* protocols or modes differ */
	RL_WHY_TUNNEL_ENDS,
	RL_WHY_LEVEL,           /* use on one side, require on the other */
	RL_WHY_P2_TRANSFORM,    /* no common algorithm */
	RL_WHY_P2_KEYLEN,
	RL_WHY_PFS,
	RL_WHY_P2_LIFETIME,
} rl_why;

/* One check per step of each flow: the outcome and the reason are kept in
 * a byte each (every protected flow of a host carries four of these). */
typedef struct rl_check {
	char *msg;   /* the reason (for OK: nothing); never holds a secret */
	rl_loc at_i; /* the line on the initiator, if any */
	rl_loc at_r; /* the line on the responder, if any */
	uint8_t out; /* rl_outcome */
	uint8_t why; /* rl_why */
	bool on_resp;/* the line to change is the responder's (at_r) */
} rl_check;

/* What one side finds in its psk.txt for the other. */
typedef struct rl_psk_found {
	rl_outcome out;
	const rl_psk *entry;
	bool by_id;      /* by the peer's identity (else by its address) */
	rl_idtype type;  /* the identity type looked up */
	char *key;       /* the identifier looked up */
} rl_psk_found;

typedef struct rl_p1 {
	rl_addr local, peer;      /* A's and B's IKE addresses (may be networks) */
	rl_loc trigger;           /* A's first out policy towards this peer */
	rl_remote *rem_i, *rem_r; /* the blocks used (NULL when none) */
	rl_xmode mode;
	rl_ident id_i, id_r;      /* identities sent (values not owned) */
	const rl_proposal *prop_i, *prop_r; /* the agreed pair */
	int keylen;               /* agreed key length (0: fixed-length cipher) */
	long lifetime;            /* agreed, seconds */
	bool psk;                 /* authenticated by a pre-shared key */
	rl_psk_found psk_r;       /* what B finds for A */
	rl_psk_found psk_i;       /* what A finds for B */
	bool secrets_equal;
	rl_check step[RL_P1_NSTEPS];
	int first_fail;           /* a step, or -1 */
} rl_p1;

/* An agreed SA of the bundle. */
typedef struct rl_p2sa {
	rl_ipsec_proto proto;
	rl_ipsec_mode mode;
	const rl_p2alg *enc, *auth, *comp; /* A's entries */
	int keylen;
} rl_p2sa;

/* One protected flow. A host pair may hold hundreds of thousands of them,
 * so a flow keeps only what the steps found: its phase 2 identities are
 * its out policy's selector (rl_flow_ids), and its SAs live in the
 * rl_nego's pool (rl_flow_sas). */
typedef struct rl_flow {
	const rl_policy *out;    /* A's out policy */
	const rl_sainfo *sa_i, *sa_r;
	const rl_policy *in_r;   /* B's policy for the flow */
	const rl_alg *pfs;       /* agreed PFS group, NULL for none */
	long lifetime;
	uint32_t p1;             /* index into rl_nego.p1 */
	uint32_t sa0;            /* first SA in rl_nego.sas */
	uint8_t nsas;            /* agreed SAs, one per rule of the bundle (at most 4) */
	bool ids_omitted;        /* A sends no phase 2 identities */
	bool generated;          /* B generates the policy (generate_policy) */
	int8_t first_fail;       /* a step, or -1 */
	rl_check step[RL_P2_NSTEPS];
} rl_flow;

#define RL_FLOW_MAX_SAS 4

typedef struct rl_nego {
	rl_host *init, *resp;
	rl_p1 *p1;
	size_t np1, capp1;
	rl_flow *flows;
	size_t nflows, capflows;
	rl_p2sa *sas; /* the flows' SAs, each flow's in a run */
	size_t nsas, capsas;
} rl_nego;

/* The SAs agreed for a flow (f->nsas of them). */
static inline const rl_p2sa *rl_flow_sas(const rl_nego *n, const rl_flow *f) { return n->sas + f->sa0; }
/* A flow's phase 2 identities, A's view: its out policy's source (local)
 * and destination (remote) with their ports and protocol. */
void rl_flow_ids(const rl_flow *f, rl_sid *local, rl_sid *remote);

/* A initiating to B. The result is cached in A and stays valid while
 * neither host changes; do not free it. */
const rl_nego *rl_negotiate(rl_host *a, rl_host *b);
void rl_nego_free(rl_nego *n);

static inline const rl_check *rl_flow_step(const rl_flow *f, rl_step s) { return &f->step[s - RL_STEP_INIT_SAINFO]; }
/* The check of step s for a flow (phase 2 steps) or its phase 1. */
const rl_check *rl_nego_check(const rl_nego *n, const rl_flow *f, size_t p1, rl_step s);

/* Should the pair (i, j) of a run be checked? With two hosts always; with
 * more, when a remote block, a policy or a psk.txt line of one names the
 * other's address or identity. */
bool rl_pair_checked(struct rl_ctx *cx, size_t i, size_t j);

/* Is p a live out ipsec policy whose peer is b (every one when b's
 * address is not known)? Those are the flows of a towards b. */
bool rl_policy_leads_to(rl_host *b, const rl_policy *p);

/* a's live ipsec policies with rules in direction dir (RL_DIR_IN or
 * RL_DIR_OUT) whose peer end is b, that is every one when b's address is
 * not known; with skip_multicast not those towards multicast addresses
 * (racoon ignores them). Their indexes into a->policies, ascending, in *out
 * (to be freed); returns how many. The policies are grouped by peer once a
 * host, so a pair costs its groups and its own policies, not all of a's. */
size_t rl_policies_towards(rl_host *a, rl_host *b, rl_dir dir, bool skip_multicast, uint32_t **out);


/* The peer end of an out or in ipsec policy: the tunnel endpoint of the
 * other side, else the selector's other address. */
rl_addr rl_policy_peer(const rl_policy *p);
/* The local end. */
rl_addr rl_policy_local(const rl_policy *p);

/* Host-level: the sainfo h uses for its policy p (as initiator for an out
 * policy, as responder for an in policy, the peer's identity unknown).
 * NULL when none; c (if not NULL) gets the reason, with a hint. */
const rl_sainfo *rl_policy_sainfo(rl_host *h, const rl_policy *p, rl_check *c);

/* Mirror of policy p of host a on host b (semantics 6.2): b's policy of the
 * opposite direction with the same selector and the same rules. */
void rl_mirror_check(rl_host *a, const rl_policy *p, rl_host *b, rl_check *c, const rl_policy **match);

void rl_check_clear(rl_check *c);
/* "tcp 192.0.2.0/24 -> 192.0.2.10[3260]" */
void rl_put_sel(struct rl_buf *b, const rl_sel *s);

/* --negotiate: every checked pair, both directions. */
void rl_negotiate_print(struct rl_ctx *cx, FILE *out);
void rl_nego_describe(const rl_nego *n, struct rl_buf *b);

#endif
