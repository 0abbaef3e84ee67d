#include <stdlib.h>

#include "../src/edit.h"
#include "rule_util.h"

/* The policies installed so far as setkey runs the file: spdflush starts
 * a new generation, spddelete kills one. fwd counts as in: on Linux setkey
 * adds a fwd copy of every in policy, and the BSD kernels read fwd as in,
 * so the two clash either way. */
typedef struct installed {
	rl_hmap ix;
	struct ent {
		const rl_policy *p;
		unsigned gen;
		bool alive;
	} *v;
	size_t n, cap;
	unsigned gen;
} installed;

static rl_dir slot(rl_dir d)
{
	return d == RL_DIR_FWD ? RL_DIR_IN : d;
}

/* key: the hash of p's selector and direction slot */
static struct ent *find(installed *in, const rl_policy *p, uint64_t key)
{
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&in->ix, key, &it, &i)) {
		struct ent *e = &in->v[i];
		if (e->alive && e->gen == in->gen && slot(e->p->dir) == slot(p->dir) && rl_sel_equal(&e->p->sel, &p->sel))
			return e;
	}
	return NULL;
}

static void add(installed *in, const rl_policy *p, uint64_t key)
{
	RL_GROW(in->v, in->cap, in->n + 1);
	in->v[in->n] = (struct ent){p, in->gen, true};
	rl_hmap_add(&in->ix, key, (uint32_t)in->n++);
}

static void report(rl_ctx *cx, rl_host *h, const rl_policy *p, const rl_policy *first, const rlr_sk_cmds *cmds)
{
	char lb[160];
	rl_loc_str(first->loc, lb, sizeof lb);
	rl_diag *dg;
	if (p->dir == first->dir)
		dg = rl_report_at(cx, RL_R_spd_duplicate, h, p->loc, h->spd_file,
				  "this %s policy repeats the selector of %s with no spdflush or spddelete between: "
				  "setkey fails here with 'File exists' and keeps the first; remove this one",
				  rl_dir_name(p->dir), lb);
	else
		dg = rl_report_at(cx, RL_R_spd_duplicate, h, p->loc, h->spd_file,
				  "this %s policy has the selector of the %s policy at %s: setkey on Linux adds a fwd "
				  "copy of every in policy and the BSD kernels read fwd as in, so this fails with 'File "
				  "exists'; remove this one",
				  rl_dir_name(p->dir), rl_dir_name(first->dir), lb);
	rl_diag_related(dg, first->loc.src, first->loc.span, "the policy setkey installed first");
	uint32_t cmd = rlr_sk_cmd_at(cmds, p->loc);
	if (cmd)
		rl_fix_delete_stmt(rl_diag_fix(dg, "remove the repeated policy", true), cmds->f->tree, cmd);
}

static void check_host(rl_ctx *cx, rl_host *h)
{
	installed in = {0};
	rlr_sk_cmds cmds;
	rlr_sk_cmds_init(&cmds, cx, h->spd_file);
	rl_hmap_reserve(&in.ix, h->npolicies);
	for (size_t i = 0; i < h->npolicies; i++) {
		const rl_policy *p = h->policies[i];
		if (p->cmd == RL_SPD_FLUSH) {
			in.gen++;
			continue;
		}
		/* spdadd tagged has no selector */
		if (!p->sel.src.family)
			continue;
		uint64_t key = rl_sel_hash(slot(p->dir), &p->sel);
		struct ent *e = find(&in, p, key);
		switch (p->cmd) {
		case RL_SPD_ADD:
			if (e)
				report(cx, h, p, e->p, &cmds);
			else
				add(&in, p, key);
			break;
		case RL_SPD_UPDATE:
			if (e)
				e->alive = false;
			add(&in, p, key);
			break;
		default:
			if (e)
				e->alive = false;
			break;
		}
	}
	rlr_sk_cmds_free(&cmds);
	rl_hmap_free(&in.ix);
	free(in.v);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nhosts; i++)
		check_host(cx, cx->hosts[i]);
}

const rl_rule rl_rule_spd_duplicate = {
	.code = "RL401",
	.name = "spd-duplicate",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_HOST,
	.summary = "spdadd of a selector and direction already installed: setkey fails with 'File exists'",
	.explain =
		"The kernel keeps one policy per selector (source, destination,\n"
		"ports, upper-layer protocol) and direction. An spdadd for one that is\n"
		"already installed, with no spdflush or spddelete for it in between,\n"
		"fails with 'File exists': the first policy stays, and if the second\n"
		"was meant to change it (other rules, another level, a corrected\n"
		"tunnel), the change never happens. An explicit fwd policy clashes\n"
		"with the in policy of the same selector: setkey on Linux installs a\n"
		"fwd copy of every in policy, and the BSD kernels read fwd as in.\n"
		"spdupdate replaces a policy and is never reported. The fix removes\n"
		"the repeated command with its line; since setkey never installs it,\n"
		"that changes nothing.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n"
		"    spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/unique;\n"
		"\n"
		"Good:\n"
		"\n"
		"    spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/unique;\n",
	.check = check,
};
