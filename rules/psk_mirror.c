#include <stdlib.h>
#include <string.h>

#include "../src/edit.h"
#include "../src/pair_report.h"
#include "../src/psk_syntax.h"
#include "../src/util.h"

/* ---- the fix: the missing line, with the peer's key ------------------ */

/* The identifier h looks the peer up by (psk-txt.md 4): the identity the
 * peer sends in aggressive and base mode when racoon can look it up as
 * text, else the address its packets come from. NULL when there is none
 * a psk.txt line can hold. */
static char *lookup_id(const rl_ident *peer_id, const rl_addr *peer_addr, rl_xmode mode)
{
	char ab[RL_ADDR_STRLEN];
	if (mode != RL_XMODE_MAIN && peer_id->value && !peer_id->from_file &&
	    (peer_id->type == RL_ID_FQDN || peer_id->type == RL_ID_USER_FQDN || peer_id->type == RL_ID_KEYID)) {
		if (!peer_id->len || peer_id->value[0] == '#')
			return NULL;
		for (size_t i = 0; i < peer_id->len; i++) {
			unsigned char ch = (unsigned char)peer_id->value[i];
			if (ch <= ' ' || ch == 0x7f)
				return NULL; /* the identifier ends at the first blank */
		}
		return rl_xstrndup(peer_id->value, peer_id->len);
	}
	if (!rl_addr_is_host(peer_addr))
		return NULL;
	return rl_xstrdup(rl_addr_text(peer_addr, ab));
}

/* The key bytes of the peer's line as written, when racoon reads them as
 * meant: no bad hex, no quotes, no trailing CR or blanks. */
static bool clean_key(const rl_psk *e, const char **key, size_t *len)
{
	const rl_source *s = e ? e->key_loc.src : NULL;
	if (!s || !e->has_key || e->bad_hex || e->quoted || e->trailing_cr || e->trailing_blank)
		return false;
	rl_span sp = e->key_loc.span;
	if (sp.end <= sp.start || sp.end > s->len)
		return false;
	*key = s->data + sp.start;
	*len = sp.end - sp.start;
	return memchr(*key, '\r', *len) == NULL && memchr(*key, '\n', *len) == NULL && memchr(*key, '\0', *len) == NULL;
}

/* h has no line for its peer, whose own line for h (other) is sound: add
 * "ID<TAB>KEY" to h's psk.txt. Not when the file ends its lines with CR LF
 * (the CR would become part of the key), when h already has a line for the
 * identifier, or when racoon would cut the line. Unsafe: it gives h a key. */
static void add_line(rl_diag *dg, rl_host *h, const rl_ident *peer_id, const rl_addr *peer_addr, rl_xmode mode,
		     const rl_psk *other)
{
	const char *key;
	size_t klen;
	rl_source *src = h->psk_file;
	if (!h->psk_path_set || !src || !clean_key(other, &key, &klen) || strcmp(rl_edit_eol_at(src, src->len), "\n"))
		return;
	char *id = lookup_id(peer_id, peer_addr, mode);
	if (!id)
		return;
	size_t idlen = strlen(id);
	bool ok = idlen + 1 + klen <= RL_PSK_LINE_MAX;
	for (size_t i = 0; ok && i < h->npsks; i++)
		ok = !(h->psks[i]->idlen == idlen && memcmp(h->psks[i]->id, id, idlen) == 0);
	if (ok) {
		char lb[160];
		char *title = rl_xasprintf("add '%s' to %s with the key of %s", id, src->name,
					   rl_loc_str(other->loc, lb, sizeof lb));
		rl_buf line = {0};
		rl_buf_printf(&line, "%s\t", id);
		rl_buf_add(&line, key, klen);
		rl_fix_append_line(rl_diag_fix(dg, title, false), src, rl_buf_str(&line));
		rl_buf_free(&line);
		free(title);
	}
	free(id);
}

static void fix_missing(rl_ctx *cx, rl_diag *dg, const rl_nego *n, const rl_flow *f, const rl_p1 *p, rl_step step,
			const rl_check *c)
{
	(void)cx;
	(void)f;
	if (!p || step != RL_STEP_PSK || c->why != RL_WHY_PSK_MISSING)
		return;
	if (p->psk_r.out == RL_OUT_FAIL && p->psk_i.out == RL_OUT_OK)
		add_line(dg, n->resp, &p->id_i, &p->local, p->mode, p->psk_i.entry);
	else if (p->psk_i.out == RL_OUT_FAIL && p->psk_r.out == RL_OUT_OK)
		add_line(dg, n->init, &p->id_r, &p->peer, p->mode, p->psk_r.entry);
}

/* A key file racoon refuses is psk-file-mode's finding. */
static bool not_refused(rl_host *init, rl_host *resp, const rl_flow *f, const rl_check *c)
{
	(void)init;
	(void)resp;
	(void)f;
	return c->why != RL_WHY_PSK_REFUSED;
}

static void check(rl_ctx *cx)
{
	static const rl_step steps[] = {RL_STEP_PSK};
	rl_report_steps_fix(cx, RL_R_psk_mirror, steps, 1, 0, not_refused, fix_missing);
}

const rl_rule rl_rule_psk_mirror = {
	.code = "RL301",
	.name = "psk-mirror",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_PAIR,
	.summary = "the two hosts do not hold the same pre-shared key under the identity each sees the other by",
	.explain =
		"With pre_shared_key authentication each racoon looks its key up in its\n"
		"own psk.txt: in main mode by the address the peer's packets come from,\n"
		"in aggressive and base mode first by the identity the peer sends\n"
		"(my_identifier) and then, unless verify_identifier is on, by the\n"
		"address. Both lookups must succeed, and the two keys must be the same\n"
		"bytes. racoon keeps everything after the blanks that follow the\n"
		"identifier up to the newline, so a CRLF line end, trailing blanks or\n"
		"quotes silently become part of the key. racoonlint works out both\n"
		"lookups for each direction, compares the keys without printing them,\n"
		"and says which side misses its line or why the keys differ.\n"
		"\n"
		"Bad (client1 sends fqdn \"client1\" in aggressive mode; server1 files the\n"
		"key under client1's address, and its line ends with a CR):\n"
		"\n"
		"    # server1/psk.txt\n"
		"    192.168.0.99   secret-7f3a\\r\n"
		"\n"
		"Good:\n"
		"\n"
		"    # server1/psk.txt\n"
		"    client1        secret-7f3a\n"
		"    # client1/psk.txt\n"
		"    server1        secret-7f3a\n",
	.check = check,
};
