/* The lossless syntax tree.
 *
 * A scanner turns a source buffer into an array of tokens. Every byte of the
 * buffer is either inside a token or in the gap between two tokens, and the
 * scanner only leaves white space (blank, tab, line breaks) in gaps: comments,
 * shebang lines and stray bytes are tokens too (comments are flagged
 * RL_TOK_TRIVIA, stray bytes RL_TOK_ERROR). Printing a tree therefore gives
 * back the input byte for byte, whether or not it parsed.
 *
 * The parser builds nodes over the significant tokens. A node covers the
 * token range [first, last] and has children (statements inside a block,
 * arguments of a statement, ...). Nodes live in one array per tree and refer
 * to each other by index; index 0 means "none". */
#ifndef RL_SYNTAX_H
#define RL_SYNTAX_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "source.h"

enum {
	RL_TOK_TRIVIA = 1 << 0, /* comment or shebang line: not seen by the parser */
	RL_TOK_ERROR = 1 << 1,  /* bytes that start no token */
	RL_TOK_SECRET = 1 << 2, /* a pre-shared key or key material */
};

/* Eight bytes a token. A token holds at most RL_TOK_MAXLEN bytes: the
 * scanners hand longer trivia and error runs to rl_tree_add_tok, which
 * stores them as consecutive pieces; a longer significant token is a
 * syntax error (see rl_tree_add_tok). */
typedef struct rl_tok {
	uint32_t off;       /* byte offset in the source */
	uint32_t len : 16;  /* byte length, at most RL_TOK_MAXLEN */
	uint32_t kind : 13; /* language-specific token kind (the bison token number) */
	uint32_t flags : 3; /* RL_TOK_* */
} rl_tok;

#define RL_TOK_MAXLEN 0xFFFFu
#define RL_TOK_MAXKIND 0x1FFFu

typedef struct rl_node {
	uint16_t kind;     /* language-specific node kind */
	uint16_t flags;
	uint32_t first;    /* first token index (inclusive) */
	uint32_t last;     /* last token index (inclusive); last < first: empty */
	uint32_t child;    /* first child node, 0 = none */
	uint32_t next;     /* next sibling, 0 = none */
	uint32_t parent;   /* 0 for the root */
} rl_node;

enum {
	RL_NODE_ERROR = 1 << 0, /* the parser recovered from an error inside this node */
};

typedef struct rl_tree {
	rl_source *src;
	rl_lang lang;
	rl_tok *toks;
	uint32_t ntoks;
	size_t captoks;
	rl_node *nodes; /* nodes[0] is unused */
	uint32_t nnodes;
	size_t capnodes;
	/* while the parser builds the tree: the last child of each node (0 =
	 * none), capnodes of them; freed by rl_tree_built, NULL after */
	uint32_t *lastchild;
	uint32_t root;
	/* bit k % 64 set for every node kind k made: a tree holds a node of
	 * kind k only if rl_tree_may_have(t, k) (a test before a walk over
	 * every node) */
	uint64_t node_kinds;
	/* setkey trees: the addresses the value checks parsed, by token in
	 * ascending order, for the model builder, which frees them
	 * (setkey_syntax.h) */
	struct rl_sk_addrs *sk_addrs; /* one allocation */
	/* the root's children in file order, built on the first
	 * rl_tree_top (NULL until then) */
	uint32_t *top;
	uint32_t ntop;
	uint32_t nerrors;  /* syntax errors found */
	uint32_t long_off; /* a significant token longer than RL_TOK_MAXLEN: */
	uint32_t long_len; /* its bytes (long_len 0: none); rl_parse reports it */
	int dialect;       /* language-specific dialect flags seen while parsing */
} rl_tree;

rl_tree *rl_tree_new(rl_source *src, rl_lang lang);
/* Frees the tree, not its source. */
void rl_tree_free(rl_tree *t);
/* The parser is done: drop what only building needs (lastchild). No node
 * may be appended after. rl_parse calls it. */
void rl_tree_built(rl_tree *t);
/* Forget node n's children (they stay in the array, unlinked from n). */
static inline void rl_tree_clear_children(rl_tree *t, uint32_t n)
{
	t->nodes[n].child = 0;
	t->lastchild[n] = 0;
}

/* Append a token; returns its index. A token longer than RL_TOK_MAXLEN
 * is stored as consecutive pieces of at most that length, the same kind
 * and flags, so the tree stays lossless; the index returned is the last
 * piece's. For a significant token (neither trivia nor error) the pieces
 * before the last are flagged RL_TOK_ERROR and the first such token is
 * kept in long_off / long_len for rl_parse to report as a syntax error:
 * the parser sees only the last piece. */
static inline uint32_t rl_tree_add_tok(rl_tree *t, uint32_t off, uint32_t len, uint16_t kind, uint16_t flags);
/* New node over tokens [first, last]; returns its index. */
static inline uint32_t rl_tree_node(rl_tree *t, uint16_t kind, uint32_t first, uint32_t last);
/* Append child (and its following siblings) under parent; widens parent's
 * token range to cover it. */
static inline void rl_tree_append(rl_tree *t, uint32_t parent, uint32_t child);

/* The slow paths of the three above, out of line: they run once a token
 * or node array fills up, or for a child with siblings. */
void rl_tree_grow_toks(rl_tree *t);
uint32_t rl_tree_add_long_tok(rl_tree *t, uint32_t off, uint32_t len, uint16_t kind, uint16_t flags);
void rl_tree_grow_nodes(rl_tree *t);
void rl_tree_append_list(rl_tree *t, uint32_t parent, uint32_t child);

/* The root's children (the file's top-level statements or commands) in
 * file order, *n of them: an array kept with the tree, made on the first
 * call (a tree is not changed once built, so it stays true). */
const uint32_t *rl_tree_top(const rl_tree *t, uint32_t *n);
/* Last child of node n, or 0 (a walk over the children). */
static inline uint32_t rl_tree_last_child(const rl_tree *t, uint32_t n)
{
	uint32_t c = t->nodes[n].child;
	while (c && t->nodes[c].next)
		c = t->nodes[c].next;
	return c;
}
static inline bool rl_tree_may_have(const rl_tree *t, int kind) { return (t->node_kinds >> (kind & 63)) & 1; }
static inline const rl_node *rl_node_at(const rl_tree *t, uint32_t i) { return i ? &t->nodes[i] : 0; }
static inline const char *rl_tok_text(const rl_tree *t, uint32_t i) { return t->src->data + t->toks[i].off; }
/* Copy of a token's bytes (to be freed). For a quoted string, the inside. */
char *rl_tok_strdup(const rl_tree *t, uint32_t i);
/* Inline: with a string literal for text, strlen is folded at compile
 * time and the test is a length compare and a memcmp. */
static inline bool rl_tok_is(const rl_tree *t, uint32_t i, const char *text)
{
	size_t n = strlen(text);
	return i < t->ntoks && t->toks[i].len == n && memcmp(t->src->data + t->toks[i].off, text, n) == 0;
}
/* Byte span of a node: from its first token to the end of its last. */
rl_span rl_node_span(const rl_tree *t, uint32_t node);

/* The scanners and parsers call these for every token and node: inline,
 * with a test for room and no call in the common case. */
static inline uint32_t rl_tree_add_tok(rl_tree *t, uint32_t off, uint32_t len, uint16_t kind, uint16_t flags)
{
	if (len > RL_TOK_MAXLEN)
		return rl_tree_add_long_tok(t, off, len, kind, flags);
	if (t->ntoks >= t->captoks)
		rl_tree_grow_toks(t);
	rl_tok *k = &t->toks[t->ntoks];
	*k = (rl_tok){.off = off, .len = len & RL_TOK_MAXLEN, .kind = kind & RL_TOK_MAXKIND, .flags = flags & 7u};
	if (flags & RL_TOK_SECRET)
		rl_source_add_secret(t->src, off, off + len);
	return t->ntoks++;
}

static inline uint32_t rl_tree_node(rl_tree *t, uint16_t kind, uint32_t first, uint32_t last)
{
	if (t->nnodes >= t->capnodes)
		rl_tree_grow_nodes(t);
	rl_node *n = &t->nodes[t->nnodes];
	*n = (rl_node){.kind = kind, .first = first, .last = last};
	t->lastchild[t->nnodes] = 0;
	t->node_kinds |= 1ULL << (kind & 63);
	return t->nnodes++;
}

static inline void rl_tree_append(rl_tree *t, uint32_t parent, uint32_t child)
{
	if (!parent || !child)
		return;
	rl_node *c = &t->nodes[child];
	if (c->next) {
		rl_tree_append_list(t, parent, child);
		return;
	}
	rl_node *p = &t->nodes[parent];
	uint32_t *last = &t->lastchild[parent];
	if (*last)
		t->nodes[*last].next = child;
	else
		p->child = child;
	*last = child;
	c->parent = parent;
	if (c->last >= c->first) {
		if (p->last < p->first) {
			p->first = c->first;
			p->last = c->last;
		} else {
			if (c->first < p->first)
				p->first = c->first;
			if (c->last > p->last)
				p->last = c->last;
		}
	}
}

/* Print the tree back: every token and every gap, in order. */
struct rl_buf;
void rl_tree_print(const rl_tree *t, struct rl_buf *out);
/* Self-check used by tests: tokens ascending, non-overlapping, and every gap
 * made only of white space. Returns NULL or a message (static). */
const char *rl_tree_check_lossless(const rl_tree *t);

#endif
