#include <stdlib.h>
#include <string.h>

#include "../src/pair_report.h"
#include "../src/util.h"

/* Lists already reported: the remote block or sainfo -> its finding. */
typedef struct flagged {
	rl_hmap ix;
	rl_hmap at_ix; /* the line reported -> its finding (inherited lists share it) */
	const void **lists;
	size_t *diags;
	size_t n, cap, capd;
} flagged;

static uint64_t ptr_hash(const void *p)
{
	return rl_hash_num(RL_HASH_INIT, (uint64_t)(uintptr_t)p);
}

static void flag(flagged *fl, const void *list, size_t diag)
{
	RL_GROW(fl->lists, fl->cap, fl->n + 1);
	RL_GROW(fl->diags, fl->capd, fl->n + 1);
	fl->lists[fl->n] = list;
	fl->diags[fl->n] = diag;
	rl_hmap_add(&fl->ix, ptr_hash(list), (uint32_t)fl->n++);
}

static uint64_t loc_hash(rl_loc l)
{
	return rl_hash_num(rl_hash_num(RL_HASH_INIT, (uint64_t)(uintptr_t)l.src), l.span.start);
}

/* A list whose first entry was already reported (a remote block that
 * inherits its proposals): share that finding. */
static bool already(rl_ctx *cx, flagged *fl, const void *list, rl_loc at)
{
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&fl->at_ix, loc_hash(at), &it, &i)) {
		const rl_diag *d = &cx->diags.v[i];
		if (d->loc.src == at.src && d->loc.span.start == at.span.start) {
			flag(fl, list, i);
			return true;
		}
	}
	return false;
}

static void note_at(flagged *fl, rl_loc at, size_t diag)
{
	rl_hmap_add(&fl->at_ix, loc_hash(at), (uint32_t)diag);
}

static rl_diag *flagged_diag(rl_ctx *cx, const flagged *fl, const void *list)
{
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&fl->ix, ptr_hash(list), &it, &i))
		if (fl->lists[i] == list)
			return &cx->diags.v[fl->diags[i]];
	return NULL;
}

/* ---- fixes ---------------------------------------------------------- */

/* The blanks between the start of the line and off. */
static char *indent_of(const rl_source *s, uint32_t off)
{
	uint32_t a = off;
	while (a > 0 && (s->data[a - 1] == ' ' || s->data[a - 1] == '\t'))
		a--;
	if (a > 0 && s->data[a - 1] != '\n')
		a = off;
	return rl_xstrndup(s->data + a, off - a);
}

static bool inside(rl_loc in, rl_loc l)
{
	return in.src == l.src && l.span.start >= in.span.start && l.span.end <= in.span.end;
}

/* Insert, before the first proposal, a copy of it that uses aes. */
static void fix_add_proposal(rl_diag *dg, const rl_proposal *p)
{
	rl_source *s = p->loc.src;
	if (!s || !inside(p->loc, p->enc_loc))
		return;
	char *ind = indent_of(s, p->loc.span.start);
	rl_buf b = {0};
	rl_buf_add(&b, s->data + p->loc.span.start, p->enc_loc.span.start - p->loc.span.start);
	rl_buf_puts(&b, "aes");
	rl_buf_add(&b, s->data + p->enc_loc.span.end, p->loc.span.end - p->enc_loc.span.end);
	rl_buf_printf(&b, "\n%s", ind);
	rl_fix *fx = rl_diag_fix(dg, "offer an AES proposal first (a copy of the first proposal with aes)", true);
	rl_fix_edit(fx, s, p->loc.span.start, p->loc.span.start, rl_buf_str(&b));
	rl_buf_free(&b);
	free(ind);
}

/* Move proposal m in front of proposal first. */
static void fix_move_proposal(rl_diag *dg, const rl_proposal *first, const rl_proposal *m)
{
	rl_source *s = m->loc.src;
	if (!s || s != first->loc.src || m->loc.span.start <= first->loc.span.end)
		return;
	uint32_t del = m->loc.span.start;
	while (del > first->loc.span.end && (s->data[del - 1] == ' ' || s->data[del - 1] == '\t'))
		del--;
	if (del > first->loc.span.end && s->data[del - 1] == '\n')
		del--;
	char *ind = indent_of(s, first->loc.span.start);
	rl_buf b = {0};
	rl_buf_add(&b, s->data + m->loc.span.start, m->loc.span.end - m->loc.span.start);
	rl_buf_printf(&b, "\n%s", ind);
	rl_fix *fx = rl_diag_fix(dg, "move the AES proposal first", true);
	rl_fix_edit(fx, s, first->loc.span.start, first->loc.span.start, rl_buf_str(&b));
	rl_fix_edit(fx, s, del, m->loc.span.end, "");
	rl_buf_free(&b);
	free(ind);
}

/* Are the items of a list written in one statement, separated only by
 * commas and blanks? */
static bool one_statement(const rl_p2alg *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const rl_source *s = v[i].loc.src;
		if (!s || s != v[0].loc.src || v[i].loc.span.start < v[i - 1].loc.span.end)
			return false;
		for (uint32_t k = v[i - 1].loc.span.end; k < v[i].loc.span.start; k++)
			if (!strchr(", \t", s->data[k]))
				return false;
	}
	return v[0].loc.src != NULL;
}

static void fix_sainfo(rl_diag *dg, const rl_sainfo *sa, size_t aes)
{
	rl_source *s = sa->enc[0].loc.src;
	if (!one_statement(sa->enc, sa->nenc))
		return;
	if (aes == SIZE_MAX) {
		rl_fix_edit(rl_diag_fix(dg, "offer aes first", true), s, sa->enc[0].loc.span.start,
			    sa->enc[0].loc.span.start, "aes, ");
		return;
	}
	rl_buf b = {0};
	const rl_p2alg *v = sa->enc;
	rl_buf_add(&b, s->data + v[aes].loc.span.start, v[aes].loc.span.end - v[aes].loc.span.start);
	for (size_t i = 0; i < sa->nenc; i++)
		if (i != aes) {
			rl_buf_puts(&b, ", ");
			rl_buf_add(&b, s->data + v[i].loc.span.start, v[i].loc.span.end - v[i].loc.span.start);
		}
	rl_fix_edit(rl_diag_fix(dg, "move aes first", true), s, sa->enc[0].loc.span.start,
		    sa->enc[sa->nenc - 1].loc.span.end, rl_buf_str(&b));
	rl_buf_free(&b);
}

/* ---- each host ------------------------------------------------------ */

static void check_remote(rl_ctx *cx, rl_host *h, const rl_remote *r, flagged *fl)
{
	size_t aes = SIZE_MAX;
	for (size_t i = 0; i < r->nprops && aes == SIZE_MAX; i++)
		if (rl_alg_is_aes(r->props[i]->enc))
			aes = i;
	if (!r->nprops || aes == 0 || already(cx, fl, r, r->props[0]->enc_loc))
		return;
	const rl_proposal *p0 = r->props[0];
	const char *first = p0->enc ? p0->enc->canon : "?";
	char lb[160];
	rl_diag *dg;
	if (aes == SIZE_MAX) {
		dg = rl_report_at(cx, RL_R_aes_preference, h, p0->enc_loc, h->conf,
				  "the phase 1 proposals offer no AES cipher (the first is %s)", first);
		fix_add_proposal(dg, p0);
	} else {
		dg = rl_report_at(cx, RL_R_aes_preference, h, p0->enc_loc, h->conf,
				  "phase 1 proposal with %s comes before the one with aes (%s)", first,
				  rl_loc_str(r->props[aes]->enc_loc, lb, sizeof lb));
		fix_move_proposal(dg, p0, r->props[aes]);
	}
	flag(fl, r, cx->diags.n - 1);
	note_at(fl, p0->enc_loc, cx->diags.n - 1);
}

static void check_sainfo(rl_ctx *cx, rl_host *h, const rl_sainfo *sa, flagged *fl)
{
	size_t aes = SIZE_MAX;
	for (size_t i = 0; i < sa->nenc && aes == SIZE_MAX; i++)
		if (rl_alg_is_aes(sa->enc[i].alg))
			aes = i;
	if (!sa->nenc || aes == 0)
		return;
	char lb[160];
	rl_diag *dg;
	if (aes == SIZE_MAX)
		dg = rl_report_at(cx, RL_R_aes_preference, h, sa->enc[0].loc, h->conf,
				  "the sainfo's encryption_algorithm offers no AES cipher (the first is %s)",
				  sa->enc[0].alg->canon);
	else
		dg = rl_report_at(cx, RL_R_aes_preference, h, sa->enc[0].loc, h->conf,
				  "the sainfo's encryption_algorithm puts %s before aes (%s)", sa->enc[0].alg->canon,
				  rl_loc_str(sa->enc[aes].loc, lb, sizeof lb));
	fix_sainfo(dg, sa, aes);
	flag(fl, sa, cx->diags.n - 1);
}

/* ---- pairs: point at the peer's list that has to change alike ------- */

static void relate(rl_diag *dg, rl_loc l, const char *peer)
{
	if (!dg || !l.src || dg->nrel >= 4)
		return;
	for (size_t i = 0; i < dg->nrel; i++)
		if (dg->rel[i].loc.src == l.src && dg->rel[i].loc.span.start == l.span.start)
			return;
	rl_diag_related(dg, l.src, l.span, "%s's list it is negotiated against: change both hosts alike", peer);
}

static void pair_notes(rl_ctx *cx, rl_host *a, rl_host *b, void *arg)
{
	const flagged *fl = arg;
	const rl_nego *n = rl_negotiate(a, b);
	for (size_t i = 0; i < n->np1; i++) {
		const rl_p1 *p = &n->p1[i];
		if (!p->prop_i || !p->prop_r)
			continue;
		relate(flagged_diag(cx, fl, p->rem_i), p->prop_r->enc_loc, b->name);
		relate(flagged_diag(cx, fl, p->rem_r), p->prop_i->enc_loc, a->name);
	}
	for (size_t i = 0; i < n->nflows; i++) {
		const rl_flow *f = &n->flows[i];
		if (!f->sa_i || !f->sa_r || !f->sa_i->nenc || !f->sa_r->nenc)
			continue;
		relate(flagged_diag(cx, fl, f->sa_i), f->sa_r->enc[0].loc, b->name);
		relate(flagged_diag(cx, fl, f->sa_r), f->sa_i->enc[0].loc, a->name);
	}
}

static void check(rl_ctx *cx)
{
	flagged fl = {0};
	for (size_t i = 0; i < cx->nhosts; i++) {
		rl_host *h = cx->hosts[i];
		for (size_t k = 0; k < h->nremotes; k++)
			check_remote(cx, h, h->remotes[k], &fl);
		for (size_t k = 0; k < h->nsainfos; k++)
			check_sainfo(cx, h, h->sainfos[k], &fl);
	}
	if (fl.n)
		rl_each_direction(cx, pair_notes, &fl);
	rl_hmap_free(&fl.ix);
	rl_hmap_free(&fl.at_ix);
	free(fl.lists);
	free(fl.diags);
}

const rl_rule rl_rule_aes_preference = {
	.code = "RL101",
	.name = "aes-preference",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_HOST,
	.summary = "a phase 1 proposal list or a sainfo encryption list that does not put AES first, or has none",
	.explain =
		"The initiator's order decides what two racoons agree on: the responder\n"
		"takes the first of the initiator's proposals (phase 1) or transforms\n"
		"(phase 2) it also accepts. A list that starts with 3des, blowfish or\n"
		"cast128 therefore ends with that cipher whenever the peer accepts it,\n"
		"although both could do AES. racoonlint reports every proposal list and\n"
		"sainfo encryption list that does not start with aes, points at the\n"
		"peer's list it is negotiated against, and offers a safe fix: move the\n"
		"AES entry first, or add one in front (a copy of the first proposal\n"
		"with aes), which keeps every old choice acceptable. Apply it on both\n"
		"hosts alike so that either host gets AES when it initiates.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    proposal { encryption_algorithm 3des; hash_algorithm sha1; ... }\n"
		"    sainfo anonymous { encryption_algorithm 3des, aes; ... }\n"
		"\n"
		"Good:\n"
		"\n"
		"    proposal { encryption_algorithm aes; hash_algorithm sha1; ... }\n"
		"    proposal { encryption_algorithm 3des; hash_algorithm sha1; ... }\n"
		"    sainfo anonymous { encryption_algorithm aes, 3des; ... }\n",
	.check = check,
};
