/* The canonical layout of the languages made of statements ended by ';'
 * and blocks in braces (racoon.conf, setkey): one pass over the tokens,
 * deciding only the white space between them. The layout rules are listed
 * in canonical.h. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "canonical_int.h"

typedef struct flow {
	const rl_tree *t;
	const rl_ctok *r;
	rl_buf *out;
	int depth;
	uint32_t last;    /* the token written last (UINT32_MAX: none yet) */
	bool line_open;   /* the current output line holds something */
	bool in_stmt;     /* inside a statement: its words so far are written */
	bool after_open;  /* the last line written opened a block */
	bool unit_open;   /* top level: something written since the last statement ended */
	bool prev_block;  /* top level: the last statement was a block */
	uint32_t done;    /* a '{' already written before the comment ahead of it */
} flow;

static void put(flow *f, const char *s, size_t n)
{
	rl_buf_add(f->out, s, n);
	f->line_open = true;
}

static void end_line(flow *f)
{
	if (f->line_open)
		rl_buf_putc(f->out, '\n');
	f->line_open = false;
}

static void indent(flow *f, int depth)
{
	for (int i = 0; i < depth; i++)
		rl_buf_putc(f->out, '\t');
}

/* Line breaks in the white space before token i. */
static unsigned breaks_before(const flow *f, uint32_t i)
{
	uint32_t from = i ? f->t->toks[i - 1].off + f->t->toks[i - 1].len : 0;
	unsigned n = 0;
	for (uint32_t k = from; k < f->t->toks[i].off; k++)
		n += f->t->src->data[k] == '\n';
	return n;
}

/* Does the statement starting at token i open a block (a '{' before its
 * ';')? */
static bool opens_block(const flow *f, uint32_t i)
{
	for (; i < f->t->ntoks; i++) {
		switch (f->r[i].role) {
		case RL_CR_OPEN: return true;
		case RL_CR_END: case RL_CR_CLOSE: return false;
		default: break;
		}
	}
	return false;
}

/* Does the next statement after the comments from token i open a block? */
static bool next_opens_block(const flow *f, uint32_t i)
{
	while (i < f->t->ntoks && f->r[i].role == RL_CR_COMMENT)
		i++;
	return i < f->t->ntoks && f->r[i].role != RL_CR_CLOSE && opens_block(f, i);
}

/* Start a line for token i outside a statement (a statement's first word,
 * a comment of its own, a '}'): a blank line first when the layout wants
 * one, then the indentation. */
static void start_line(flow *f, uint32_t i)
{
	end_line(f);
	bool blank = false;
	if (f->out->len && !f->after_open && f->r[i].role != RL_CR_CLOSE) {
		blank = breaks_before(f, i) >= 2;
		if (f->depth == 0 && !f->unit_open && (f->prev_block || next_opens_block(f, i)))
			blank = true;
	}
	if (blank)
		rl_buf_putc(f->out, '\n');
	if (f->depth == 0)
		f->unit_open = true;
	f->after_open = false;
	indent(f, f->depth);
}

/* Is comment token i a piece of the comment before it (a comment longer
 * than a token holds is stored as pieces that touch)? */
static bool comment_piece(const flow *f, uint32_t i)
{
	const rl_tok *k = f->t->toks;
	return i > 0 && i < f->t->ntoks && f->r[i].role == RL_CR_COMMENT && f->r[i - 1].role == RL_CR_COMMENT &&
	       k[i - 1].off + k[i - 1].len == k[i].off;
}

static void put_comment(flow *f, uint32_t i)
{
	const char *s = rl_tok_text(f->t, i);
	size_t n = f->t->toks[i].len;
	if (comment_piece(f, i + 1)) {
		put(f, s, n); /* the comment goes on in the next piece */
		return;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	put(f, s, n);
	end_line(f);
}

static void word(flow *f, uint32_t i);

static void comment(flow *f, uint32_t i)
{
	if (comment_piece(f, i)) {
		put_comment(f, i);
		return;
	}
	if (f->line_open && breaks_before(f, i) == 0) {
		/* after its token; a block's '{' on the next line comes first,
		 * so that the comment ends the head's line */
		if (f->in_stmt && i + 1 < f->t->ntoks && f->r[i + 1].role == RL_CR_OPEN) {
			word(f, i + 1);
			f->done = i + 1;
		}
		put(f, " ", 1);
	} else if (f->in_stmt) {
		end_line(f); /* alone on its line inside a statement */
		indent(f, f->depth + 1);
	} else {
		start_line(f, i);
	}
	put_comment(f, i);
}

/* The statement ended at top level. */
static void top_end(flow *f, bool block)
{
	if (f->depth != 0)
		return;
	f->prev_block = block;
	f->unit_open = false;
}

static void close_block(flow *f, uint32_t i)
{
	end_line(f);
	if (f->depth > 0)
		f->depth--;
	start_line(f, i);
	put(f, rl_tok_text(f->t, i), f->t->toks[i].len);
	f->in_stmt = false;
	top_end(f, true);
}

static void word(flow *f, uint32_t i)
{
	if (!f->in_stmt) {
		start_line(f, i);
		f->in_stmt = true;
	} else if (!f->line_open) {
		indent(f, f->depth + 1); /* the statement goes on after a comment */
	} else if (!f->r[f->last].glue_after && !f->r[i].glue_before) {
		put(f, " ", 1);
	}
	put(f, rl_tok_text(f->t, i), f->t->toks[i].len);
	if (f->r[i].role == RL_CR_OPEN) {
		f->depth++;
		f->in_stmt = false;
		f->after_open = true;
	} else if (f->r[i].role == RL_CR_END) {
		f->in_stmt = false;
		top_end(f, false);
	}
}

void rl_canon_flow(const rl_tree *t, const rl_ctok *roles, rl_buf *out)
{
	flow f;
	memset(&f, 0, sizeof f);
	f.t = t;
	f.r = roles;
	f.out = out;
	f.last = UINT32_MAX;
	f.done = UINT32_MAX;
	for (uint32_t i = 0; i < t->ntoks; i++) {
		if (i == f.done)
			continue;
		switch (roles[i].role) {
		case RL_CR_COMMENT: comment(&f, i); break;
		case RL_CR_CLOSE: close_block(&f, i); break;
		default: word(&f, i); break;
		}
		f.last = i;
	}
	end_line(&f);
}
