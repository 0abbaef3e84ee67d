/* Shared by the files of the negotiation model only. */
#ifndef RL_NEGOTIATE_PRIV_H
#define RL_NEGOTIATE_PRIV_H

#include <stdarg.h>

#include "negotiate.h"
#include "util.h"

/* One direction being worked out: a initiates, b responds. */
typedef struct nctx {
	rl_host *a, *b;
	rl_nego *n;
} nctx;

/* Several reasons joined with "; "; the first one's kind and lines. */
typedef struct reasons {
	rl_why why;
	rl_loc at_i, at_r;
	bool on_resp, next_on_resp; /* the first reason's line to change is the responder's */
	rl_buf text;
} reasons;

void reasons_add(reasons *r, rl_why why, rl_loc at_i, rl_loc at_r, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void nego_set(rl_check *c, rl_outcome out, rl_why why, rl_loc at_i, rl_loc at_r, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void nego_vset(rl_check *c, rl_outcome out, rl_why why, rl_loc at_i, rl_loc at_r, const char *fmt, va_list ap);
void nego_ok(rl_check *c);

rl_loc file_loc(rl_source *src);
/* Where a host's address (one overlapping a) comes from. */
rl_loc peer_evidence(const rl_host *h, const rl_addr *a);
void put_ident(rl_buf *b, const rl_ident *id);
char *ident_str(const rl_ident *id);
void put_cipher(rl_buf *b, const rl_alg *a, int keylen);
bool keylen_ok(rl_pcheck chk, int peer, int mine);
/* The same algorithm (aliases count as equal)? */
bool same_alg(const rl_alg *x, const rl_alg *y);
rl_pcheck remote_check(const rl_remote *r);

void nego_phase1(nctx *x, rl_p1 *p);
void nego_p1_free(rl_p1 *p);
void nego_flow(nctx *x, rl_flow *f);
void nego_flow_free(rl_flow *f);

#endif
