/* Shared by the pair rules: walk the pairs of hosts a run checks and turn
 * the negotiation model's failing steps into findings, each fault once
 * (a fault met by many flows, or in both directions, is one finding that
 * says so). */
#ifndef RL_PAIR_REPORT_H
#define RL_PAIR_REPORT_H

#include "lint.h"
#include "negotiate.h"

enum {
	RL_REPORT_WARN = 1 << 0, /* also report steps that warn */
};

/* May veto a check before it is reported (f is NULL for phase 1 steps). */
typedef bool (*rl_step_filter)(rl_host *init, rl_host *resp, const rl_flow *f, const rl_check *c);

/* Attaches a fix to a finding (f is NULL for phase 1 steps, p is the
 * phase 1 of the flow or the step). Called when the finding is made, and
 * again when the same fault is met later while the finding has no fix. */
typedef void (*rl_step_fixer)(rl_ctx *cx, rl_diag *dg, const rl_nego *n, const rl_flow *f, const rl_p1 *p,
			      rl_step step, const rl_check *c);

/* Report, under rule, every failing check of the given steps in both
 * directions of every checked pair. */
void rl_report_steps(rl_ctx *cx, int rule, const rl_step *steps, size_t nsteps, unsigned flags, rl_step_filter filter);
/* The same, with a fixer (may be NULL). */
void rl_report_steps_fix(rl_ctx *cx, int rule, const rl_step *steps, size_t nsteps, unsigned flags,
			 rl_step_filter filter, rl_step_fixer fixer);

/* Call fn for every checked pair, both orders (a initiating). */
void rl_each_direction(rl_ctx *cx, void (*fn)(rl_ctx *cx, rl_host *a, rl_host *b, void *arg), void *arg);

/* A finding at loc (or, when loc has no source, at the start of the
 * fallback file) that belongs to host h. */
rl_diag *rl_report_at(rl_ctx *cx, int rule, rl_host *h, rl_loc loc, rl_source *fallback, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif
