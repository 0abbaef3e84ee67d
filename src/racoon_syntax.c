#include "racoon_syntax.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "algo.h"

const char *rc_node_kind_name(int kind)
{
	static const char *const names[] = {
		[RC_N_LIST] = "list",         [RC_N_FILE] = "file",       [RC_N_STMT] = "stmt",
		[RC_N_BLOCK] = "block",       [RC_N_REMOTE] = "remote",   [RC_N_ADDR] = "addr",
		[RC_N_INHERIT] = "inherit",   [RC_N_PROPOSAL] = "proposal", [RC_N_SAINFO] = "sainfo",
		[RC_N_SAID] = "said",         [RC_N_SAPARAM] = "saparam", [RC_N_ID] = "id",
		[RC_N_ALG] = "alg",           [RC_N_ERROR] = "error",
	};
	if (kind < 0 || (size_t)kind >= sizeof names / sizeof names[0] || !names[kind])
		return "?";
	return names[kind];
}

static bool node_ok(const rl_tree *t, uint32_t node)
{
	return node && node < t->nnodes && t->nodes[node].last >= t->nodes[node].first &&
	       t->nodes[node].last < t->ntoks;
}

uint32_t rc_kw_scan(const rl_tree *t, uint32_t node)
{
	if (!node_ok(t, node))
		return RC_NONE;
	for (uint32_t i = t->nodes[node].first; i <= t->nodes[node].last; i++)
		if (rc_tok_significant(t, i))
			return i;
	return RC_NONE;
}

/* Last token of a node's arguments: its last token, minus a closing ';'. */
static uint32_t args_end(const rl_tree *t, uint32_t node)
{
	uint32_t last = t->nodes[node].last;
	if (t->toks[last].kind == RC_T_EOS && last > t->nodes[node].first)
		last--;
	return last;
}

uint32_t rc_arg_scan(const rl_tree *t, uint32_t node, unsigned i)
{
	uint32_t k = rc_kw(t, node);
	if (k == RC_NONE)
		return RC_NONE;
	uint32_t end = args_end(t, node);
	const rl_tok *tk = t->toks;
	for (uint32_t j = k + 1; j <= end; j++) {
		if (tk[j].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR))
			continue;
		if (i == 0)
			return j;
		i--;
	}
	return RC_NONE;
}

unsigned rc_args(const rl_tree *t, uint32_t node, uint32_t *out, unsigned max)
{
	uint32_t k = rc_kw(t, node);
	if (k == RC_NONE)
		return 0;
	uint32_t end = args_end(t, node);
	const rl_tok *tk = t->toks;
	unsigned n = 0;
	for (uint32_t j = k + 1; j <= end; j++) {
		if (tk[j].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR))
			continue;
		if (n < max)
			out[n] = j;
		n++;
	}
	return n;
}

uint32_t rc_find_tok(const rl_tree *t, uint32_t node, uint32_t from, int kind)
{
	uint32_t k = rc_kw(t, node);
	if (k == RC_NONE)
		return RC_NONE;
	uint32_t start = from == RC_NONE ? k : from;
	uint32_t end = args_end(t, node);
	for (uint32_t j = start; j <= end; j++)
		if (rc_tok_significant(t, j) && t->toks[j].kind == kind)
			return j;
	return RC_NONE;
}

bool rc_tok_ulong(const rl_tree *t, uint32_t i, unsigned long *out)
{
	if (i >= t->ntoks)
		return false;
	const char *s = rl_tok_text(t, i);
	uint32_t n = t->toks[i].len;
	/* skip the '[' of a port and the '/' of a prefix */
	while (n && (*s < '0' || *s > '9')) {
		s++;
		n--;
	}
	unsigned long v = 0;
	bool digits = false;
	for (; n && *s >= '0' && *s <= '9'; s++, n--) {
		unsigned d = (unsigned)(*s - '0');
		if (v >= ~0UL / 10 && (v > ~0UL / 10 || d > ~0UL % 10))
			return false;
		v = v * 10 + d;
		digits = true;
	}
	*out = v;
	return digits;
}

uint32_t rc_walk(const rl_tree *t, uint32_t n)
{
	switch (t->nodes[n].kind) {
	case RC_N_FILE: case RC_N_BLOCK: case RC_N_REMOTE: case RC_N_PROPOSAL: case RC_N_SAINFO:
		if (t->nodes[n].child)
			return t->nodes[n].child;
		break;
	default:
		break;
	}
	for (; n && n != t->root; n = t->nodes[n].parent)
		if (t->nodes[n].next)
			return t->nodes[n].next;
	return 0;
}

uint32_t rc_next_stmt(const rl_tree *t, uint32_t stmt, int kw)
{
	for (uint32_t c = stmt ? t->nodes[stmt].next : 0; c; c = t->nodes[c].next)
		if (t->nodes[c].kind == RC_N_STMT && rc_kw_kind(t, c) == kw)
			return c;
	return 0;
}

uint32_t rc_stmt(const rl_tree *t, uint32_t block, int kw)
{
	if (!block || block >= t->nnodes)
		return 0;
	uint32_t c = t->nodes[block].child;
	if (c && t->nodes[c].kind == RC_N_STMT && rc_kw_kind(t, c) == kw)
		return c;
	return rc_next_stmt(t, c, kw);
}

/* The significant token of a node after token "after" (RC_NONE: its first). */
static uint32_t next_sig(const rl_tree *t, uint32_t node, uint32_t after)
{
	uint32_t j = after == RC_NONE ? t->nodes[node].first : after + 1;
	for (; j <= t->nodes[node].last; j++)
		if (rc_tok_significant(t, j))
			return j;
	return RC_NONE;
}

void rc_addr_get(const rl_tree *t, uint32_t node, rc_addr *a)
{
	a->name = a->anon = a->addr = a->prefix = a->port = RC_NONE;
	if (!node_ok(t, node))
		return;
	for (uint32_t j = next_sig(t, node, RC_NONE); j != RC_NONE; j = next_sig(t, node, j)) {
		switch (t->toks[j].kind) {
		case RC_T_QSTRING: a->name = j; break;
		case RC_T_ANONYMOUS: a->anon = j; break;
		case RC_T_ADDR: a->addr = j; break;
		case RC_T_PREFIX: a->prefix = j; break;
		case RC_T_PORT: a->port = j; break;
		default: break;
		}
	}
}

void rc_id_get(const rl_tree *t, uint32_t node, rc_id *id)
{
	id->type = id->qual = id->value = RC_NONE;
	if (!node_ok(t, node))
		return;
	for (uint32_t j = next_sig(t, node, RC_NONE); j != RC_NONE; j = next_sig(t, node, j)) {
		switch (t->toks[j].kind) {
		case RC_T_IDTYPE: id->type = j; break;
		case RC_T_IDQUAL: id->qual = j; break;
		case RC_T_QSTRING: case RC_T_ADDR: id->value = j; break;
		default: break;
		}
	}
}

void rc_said_get(const rl_tree *t, uint32_t node, rc_said *s)
{
	s->anon = s->client = s->type = s->addr = s->range = RC_NONE;
	s->prefix = s->port = s->proto = s->str = RC_NONE;
	if (!node_ok(t, node))
		return;
	for (uint32_t j = next_sig(t, node, RC_NONE); j != RC_NONE; j = next_sig(t, node, j)) {
		switch (t->toks[j].kind) {
		case RC_T_ANONYMOUS: s->anon = j; break;
		case RC_T_CLIENTADDR: s->client = j; break;
		case RC_T_IDTYPE: s->type = j; break;
		case RC_T_ADDR: s->addr = j; break;
		case RC_T_ADDRRANGE: s->range = j; break;
		case RC_T_PREFIX: s->prefix = j; break;
		case RC_T_PORT: case RC_T_PORTANY: s->port = j; break;
		case RC_T_ULPROTO: case RC_T_ANY: case RC_T_NUMBER: s->proto = j; break;
		case RC_T_QSTRING: s->str = j; break;
		default: break;
		}
	}
}

uint32_t rc_remote_head(const rl_tree *t, uint32_t remote)
{
	return rc_child(t, remote, RC_N_ADDR);
}

uint32_t rc_remote_parent(const rl_tree *t, uint32_t remote)
{
	return rc_child(t, rc_child(t, remote, RC_N_INHERIT), RC_N_ADDR);
}

void rc_sainfo_ids(const rl_tree *t, uint32_t sainfo, uint32_t *local, uint32_t *remote)
{
	*local = rc_child(t, sainfo, RC_N_SAID);
	*remote = *local && (t->nodes[*local].flags & RC_NF_BOTH) ? *local : rc_next(t, *local, RC_N_SAID);
}

bool rc_is_body(const rl_tree *t, uint32_t node)
{
	switch (t->nodes[node].kind) {
	case RC_N_STMT: case RC_N_BLOCK: case RC_N_REMOTE: case RC_N_PROPOSAL: case RC_N_SAINFO:
	case RC_N_ERROR:
		return true;
	default:
		return false;
	}
}

const rl_alg *rc_alg(const rl_tree *t, uint32_t alg, unsigned long *keylen)
{
	*keylen = 0;
	uint32_t name = rc_kw(t, alg);
	if (name == RC_NONE || t->toks[name].kind != RC_T_ALGO)
		return NULL;
	/* a node of one token has no key length */
	uint32_t k = t->nodes[alg].last > name ? rc_arg(t, alg, 0) : RC_NONE;
	if (k != RC_NONE && !rc_tok_ulong(t, k, keylen))
		*keylen = 0;
	return rl_alg_find(rl_tok_text(t, name), t->toks[name].len);
}

int rc_dh_value(const rl_tree *t, uint32_t tok)
{
	if (tok >= t->ntoks)
		return 0;
	if (t->toks[tok].kind == RC_T_ALGO) {
		const rl_alg *a = rl_alg_find(rl_tok_text(t, tok), t->toks[tok].len);
		return a && (a->classes & RL_AC_DH) ? a->dh : 0;
	}
	unsigned long n;
	if (t->toks[tok].kind != RC_T_NUMBER || !rc_tok_ulong(t, tok, &n) || !rl_dh_by_number(n))
		return 0;
	return (int)n;
}

bool rc_seconds(const rl_tree *t, uint32_t stmt, unsigned long *secs)
{
	/* the first NUMBER, the first UNIT_TIME after it, and no BYTE: one
	 * pass over the statement */
	uint32_t k = rc_kw(t, stmt);
	if (k == RC_NONE)
		return false;
	uint32_t end = args_end(t, stmt), num = RC_NONE, unit = RC_NONE;
	const rl_tok *tk = t->toks;
	for (uint32_t j = k; j <= end; j++) {
		if (tk[j].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR))
			continue;
		if (tk[j].kind == RC_T_BYTE)
			return false;
		if (tk[j].kind == RC_T_NUMBER && num == RC_NONE)
			num = j;
		else if (tk[j].kind == RC_T_UNIT_TIME && num != RC_NONE && unit == RC_NONE)
			unit = j;
	}
	unsigned long n;
	if (unit == RC_NONE || !rc_tok_ulong(t, num, &n))
		return false;
	unsigned long mul = 1;
	if (rl_tok_text(t, unit)[0] == 'm')
		mul = 60;
	else if (rl_tok_text(t, unit)[0] == 'h')
		mul = 3600;
	if (n > ~0UL / mul)
		return false;
	*secs = n * mul;
	return true;
}
