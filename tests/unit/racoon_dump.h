/* Test helper: a racoon.conf tree as a compact s-expression.
 *   (file (stmt path pre_shared_key "x") (remote (addr anonymous) ...))
 * A node prints as (KIND tokens-not-in-children... children...), tokens in
 * source order; comments and stray bytes are left out. */
#ifndef RACOON_DUMP_H
#define RACOON_DUMP_H

#include "racoon_syntax.h"
#include "util.h"

static void rc_dump_node(const rl_tree *t, uint32_t n, rl_buf *b)
{
	const rl_node *nd = &t->nodes[n];
	rl_buf_printf(b, "(%s", rc_node_kind_name(nd->kind));
	if (nd->flags & RL_NODE_ERROR)
		rl_buf_puts(b, "!");
	uint32_t ch = nd->child;
	for (uint32_t i = nd->first; nd->last >= nd->first && i <= nd->last; i++) {
		while (ch && t->nodes[ch].last < i && t->nodes[ch].last >= t->nodes[ch].first)
			ch = t->nodes[ch].next;
		while (ch && t->nodes[ch].last < t->nodes[ch].first) {
			rc_dump_node(t, ch, b);
			ch = t->nodes[ch].next;
		}
		if (ch && i == t->nodes[ch].first) {
			rl_buf_putc(b, ' ');
			rc_dump_node(t, ch, b);
			i = t->nodes[ch].last;
			ch = t->nodes[ch].next;
			continue;
		}
		if (!rc_tok_significant(t, i) || t->toks[i].kind == RC_T_EOS)
			continue;
		rl_buf_printf(b, " %.*s", (int)t->toks[i].len, rl_tok_text(t, i));
	}
	rl_buf_puts(b, ")");
}

static char *rc_dump(const rl_tree *t)
{
	rl_buf b = {0};
	rc_dump_node(t, t->root, &b);
	return rl_buf_take(&b);
}

#endif
