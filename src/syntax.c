#include "syntax.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

rl_tree *rl_tree_new(rl_source *src, rl_lang lang)
{
	rl_tree *t = rl_xcalloc(1, sizeof *t);
	t->src = src;
	t->lang = lang;
	RL_GROW(t->nodes, t->capnodes, 16);
	t->lastchild = rl_xcalloc(t->capnodes, sizeof *t->lastchild);
	memset(&t->nodes[0], 0, sizeof t->nodes[0]);
	t->nnodes = 1;
	/* a rough guess: one significant token every 6 bytes */
	RL_GROW(t->toks, t->captoks, (size_t)src->len / 6 + 16);
	return t;
}

void rl_tree_free(rl_tree *t)
{
	if (!t)
		return;
	free(t->toks);
	free(t->nodes);
	free(t->lastchild);
	free(t->sk_addrs);
	free(t->top);
	free(t);
}

const uint32_t *rl_tree_top(const rl_tree *t, uint32_t *n)
{
	if (!t->top && t->root) {
		/* a cache: filled in once, through the tree's own pointer */
		rl_tree *w = (rl_tree *)t;
		size_t cap = 0;
		uint32_t k = 0;
		for (uint32_t c = t->nodes[t->root].child; c; c = t->nodes[c].next) {
			RL_GROW(w->top, cap, (size_t)k + 1);
			w->top[k++] = c;
		}
		if (!w->top)
			w->top = rl_xmalloc(sizeof *w->top);
		w->ntop = k;
	}
	*n = t->ntop;
	return t->top;
}

void rl_tree_built(rl_tree *t)
{
	free(t->lastchild);
	t->lastchild = NULL;
}

void rl_tree_grow_toks(rl_tree *t)
{
	RL_GROW(t->toks, t->captoks, (size_t)t->ntoks + 1);
}

uint32_t rl_tree_add_long_tok(rl_tree *t, uint32_t off, uint32_t len, uint16_t kind, uint16_t flags)
{
	bool significant = !(flags & (RL_TOK_TRIVIA | RL_TOK_ERROR));
	if (flags & RL_TOK_SECRET)
		rl_source_add_secret(t->src, off, off + len);
	if (significant && !t->long_len) {
		t->long_off = off;
		t->long_len = len;
	}
	uint16_t head = (uint16_t)(flags & ~RL_TOK_SECRET);
	if (significant)
		head |= RL_TOK_ERROR;
	uint32_t i = 0;
	while (len) {
		uint32_t n = len > RL_TOK_MAXLEN ? RL_TOK_MAXLEN : len;
		/* the secret range is recorded above, once */
		i = rl_tree_add_tok(t, off, n, kind, n < len ? head : (uint16_t)(flags & ~RL_TOK_SECRET));
		if (flags & RL_TOK_SECRET)
			t->toks[i].flags |= RL_TOK_SECRET;
		off += n;
		len -= n;
	}
	return i;
}

void rl_tree_grow_nodes(rl_tree *t)
{
	RL_GROW(t->nodes, t->capnodes, (size_t)t->nnodes + 1);
	t->lastchild = rl_xrealloc(t->lastchild, t->capnodes * sizeof *t->lastchild);
}

void rl_tree_append_list(rl_tree *t, uint32_t parent, uint32_t child)
{
	if (!parent || !child)
		return;
	rl_node *p = &t->nodes[parent];
	if (t->lastchild[parent])
		t->nodes[t->lastchild[parent]].next = child;
	else
		p->child = child;
	uint32_t c = child;
	for (;;) {
		rl_node *n = &t->nodes[c];
		n->parent = parent;
		if (n->last >= n->first) {
			if (p->last < p->first) {
				p->first = n->first;
				p->last = n->last;
			} else {
				if (n->first < p->first)
					p->first = n->first;
				if (n->last > p->last)
					p->last = n->last;
			}
		}
		if (!n->next)
			break;
		c = n->next;
	}
	t->lastchild[parent] = c;
}

char *rl_tok_strdup(const rl_tree *t, uint32_t i)
{
	const char *s = rl_tok_text(t, i);
	uint32_t n = t->toks[i].len;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		return rl_xstrndup(s + 1, n - 2);
	return rl_xstrndup(s, n);
}

rl_span rl_node_span(const rl_tree *t, uint32_t node)
{
	rl_span s = {0, 0};
	const rl_node *n = &t->nodes[node];
	if (n->last < n->first || n->last >= t->ntoks)
		return s;
	s.start = t->toks[n->first].off;
	s.end = t->toks[n->last].off + t->toks[n->last].len;
	return s;
}

void rl_tree_print(const rl_tree *t, rl_buf *out)
{
	uint32_t pos = 0;
	for (uint32_t i = 0; i < t->ntoks; i++) {
		const rl_tok *k = &t->toks[i];
		if (k->off > pos)
			rl_buf_add(out, t->src->data + pos, k->off - pos);
		rl_buf_add(out, t->src->data + k->off, k->len);
		pos = k->off + k->len;
	}
	if (pos < t->src->len)
		rl_buf_add(out, t->src->data + pos, t->src->len - pos);
}

const char *rl_tree_check_lossless(const rl_tree *t)
{
	uint32_t pos = 0;
	for (uint32_t i = 0; i <= t->ntoks; i++) {
		uint32_t stop = i < t->ntoks ? t->toks[i].off : t->src->len;
		if (stop < pos)
			return "tokens overlap or are out of order";
		for (uint32_t k = pos; k < stop; k++) {
			char c = t->src->data[k];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f')
				return "a byte outside every token is not white space";
		}
		if (i == t->ntoks)
			break;
		if (t->toks[i].off + t->toks[i].len > t->src->len)
			return "a token runs past the end of the file";
		pos = t->toks[i].off + t->toks[i].len;
	}
	return NULL;
}
