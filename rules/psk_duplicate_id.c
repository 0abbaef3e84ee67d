#include <stdlib.h>
#include <string.h>

#include "../src/edit.h"
#include "../src/psk_syntax.h"
#include "rule_util.h"

/* The entries of one file by identifier: the first of each. */
typedef struct seen {
	rl_hmap ix;
	uint32_t *first; /* entry nodes */
	size_t n, cap;
} seen;

static uint64_t id_hash(const rl_tree *t, uint32_t tok)
{
	return rl_hash_more(RL_HASH_INIT, rl_tok_text(t, tok), t->toks[tok].len);
}

static bool same_id(const rl_tree *t, uint32_t a, uint32_t b)
{
	return t->toks[a].len == t->toks[b].len && memcmp(rl_tok_text(t, a), rl_tok_text(t, b), t->toks[a].len) == 0;
}

/* The earlier entry with the identifier of entry e, or 0 (e is then
 * remembered). */
static uint32_t first_with(seen *sn, const rl_tree *t, uint32_t e)
{
	uint32_t id = rl_psk_id_tok(t, e);
	uint64_t h = id_hash(t, id);
	size_t it = 0;
	uint32_t i;
	while (rl_hmap_next(&sn->ix, h, &it, &i))
		if (same_id(t, rl_psk_id_tok(t, sn->first[i]), id))
			return sn->first[i];
	RL_GROW(sn->first, sn->cap, sn->n + 1);
	sn->first[sn->n] = e;
	rl_hmap_add(&sn->ix, h, (uint32_t)sn->n++);
	return 0;
}

static void report(rl_ctx *cx, const rl_file *f, uint32_t e, uint32_t first)
{
	const rl_tree *t = f->tree;
	uint32_t id = rl_psk_id_tok(t, e), fid = rl_psk_id_tok(t, first);
	uint32_t line, col;
	rl_source_pos(t->src, t->toks[fid].off, &line, &col);
	rl_diag *dg = rlr_report(cx, RL_R_psk_duplicate_id, f, rlr_tok_span(t, id),
				 "'%.*s' already has a key on line %u: racoon uses the first line and never this one",
				 (int)t->toks[id].len, rl_tok_text(t, id), line);
	rl_diag_related(dg, t->src, rlr_tok_span(t, fid), "the line racoon uses");
	rl_fix_delete_stmt(rl_diag_fix(dg, "remove the unused line", true), t, e);
}

static void check_file(rl_ctx *cx, const rl_file *f)
{
	const rl_tree *t = f->tree;
	if (!t || t->lang != RL_LANG_PSK)
		return;
	seen sn = {0};
	for (uint32_t e = rl_psk_first_entry(t); e; e = rl_psk_next_entry(t, e)) {
		if (rl_psk_key_tok(t, e) == RL_PSK_NO_TOK)
			continue; /* racoon skips a line without a key */
		/* a '*' line hides every later one: psk-malformed says so */
		if (rl_tok_is(t, rl_psk_id_tok(t, e), "*"))
			break;
		uint32_t first = first_with(&sn, t, e);
		if (first)
			report(cx, f, e, first);
	}
	rl_hmap_free(&sn.ix);
	free(sn.first);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++)
		check_file(cx, cx->files[i]);
}

const rl_rule rl_rule_psk_duplicate_id = {
	.code = "RL203",
	.name = "psk-duplicate-id",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_FILE,
	.summary = "the same identifier twice in psk.txt: only the first line counts",
	.explain =
		"racoon reads psk.txt from the top on every lookup and stops at the\n"
		"first line whose identifier matches, so a second line for the same\n"
		"address or name is never used. When the two lines hold different\n"
		"keys, editing the second one (say, to change a peer's key) changes\n"
		"nothing and phase 1 keeps failing with the old key. The finding points\n"
		"at the line racoon uses; the fix removes the unused line, which\n"
		"changes nothing racoon does. Identifiers compare byte for byte, as\n"
		"racoon compares them.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    192.0.2.10      first-key-that-is-still-used\n"
		"    192.0.2.10      changed-key-that-is-never-read\n"
		"\n"
		"Good:\n"
		"\n"
		"    192.0.2.10      changed-key-that-is-now-read\n",
	.check = check,
};
