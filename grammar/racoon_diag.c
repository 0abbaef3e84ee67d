/* Messages of the racoon.conf reader: syntax errors found by the parser and
 * the scanner, worded like a compiler's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "racoon_scan.h"
#include "racoon_syntax.h"
#include "rules.h"
#include "util.h"

enum { SHORT_TEXT = 48 };

/* Printable copy of bytes: control bytes and bytes above 0x7e escaped. */
static void put_escaped(rl_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7e || c == '\'' || c == '\\')
			rl_buf_printf(out, "\\x%02x", c);
		else
			rl_buf_putc(out, (char)c);
	}
}

void rc_describe_tok(const rl_tree *t, uint32_t i, rl_buf *out)
{
	if (i == RC_NOTOK || i >= t->ntoks) {
		rl_buf_puts(out, "end of file");
		return;
	}
	const rl_tok *k = &t->toks[i];
	if (k->kind == RC_T_QSTRING) {
		rl_buf_puts(out, "quoted string");
		return;
	}
	if (k->flags & RL_TOK_SECRET) {
		rl_buf_puts(out, "secret value");
		return;
	}
	size_t n = k->len > SHORT_TEXT ? SHORT_TEXT : k->len;
	rl_buf_putc(out, '\'');
	put_escaped(out, t->src->data + k->off, n);
	if (n < k->len)
		rl_buf_puts(out, "...");
	rl_buf_putc(out, '\'');
}

char *rc_short_text(const rl_tree *t, uint32_t first, uint32_t last)
{
	if (first == RC_NOTOK || last == RC_NOTOK || first > last || last >= t->ntoks)
		return NULL;
	uint32_t start = t->toks[first].off;
	uint32_t end = t->toks[last].off + t->toks[last].len;
	if (end - start > SHORT_TEXT || memchr(t->src->data + start, '\n', end - start))
		return NULL;
	rl_buf masked = {0};
	rl_mask_append(&masked, t->src, start, t->src->data + start, end - start);
	rl_buf out = {0};
	put_escaped(&out, masked.data ? masked.data : "", masked.len);
	rl_buf_free(&masked);
	return rl_buf_take(&out);
}

static void end_of(const rl_tree *t, uint32_t i, uint32_t *start, uint32_t *end)
{
	*start = *end = t->toks[i].off + t->toks[i].len;
}

static void span_of(const rl_tree *t, uint32_t i, uint32_t *start, uint32_t *end)
{
	if (i == RC_NOTOK || i >= t->ntoks) {
		*start = *end = t->src->len;
		return;
	}
	*start = t->toks[i].off;
	*end = t->toks[i].off + t->toks[i].len;
}

/* Does token b start on a later line than token a ends? */
static bool later_line(const rl_tree *t, uint32_t a, uint32_t b)
{
	uint32_t from = t->toks[a].off + t->toks[a].len;
	uint32_t to = b < t->ntoks ? t->toks[b].off : t->src->len;
	return to > from && memchr(t->src->data + from, '\n', to - from) != NULL;
}

static void put_expected(rl_buf *b, const char *const *names, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			rl_buf_puts(b, i == n - 1 ? " or " : ", ");
		rl_buf_puts(b, names[i]);
	}
}

/* "expected ';' after 'dpd_delay 20'", at the end of that statement. */
static void missing_close(rc_parser *p, uint32_t prev, char close)
{
	rl_buf b = {0};
	char *text = rc_short_text(p->t, p->stmt_start, prev);
	rl_buf_printf(&b, "expected '%c' after ", close);
	if (text)
		rl_buf_printf(&b, "'%s'", text);
	else
		rc_describe_tok(p->t, prev, &b);
	free(text);
	uint32_t s, e;
	end_of(p->t, prev, &s, &e);
	rl_diag *dg = rl_syntax_error(p->t, p->d, s, e, "%s", rl_buf_str(&b));
	if (dg && close == ';')
		rl_fix_insert_after_tok(rl_diag_fix(dg, "insert ';'", true), p->t, prev, ";");
	rl_buf_free(&b);
}

/* " ('default_domain' belongs in a mode_cfg block)" when the word is a
 * keyword of another block than the one the parser is in. At the start of a
 * statement (where is known) the word cannot start one here, whatever the
 * scanner makes of it; inside a statement a word of this block needs no
 * hint. */
static void put_home(rl_buf *b, const rc_parser *p, uint32_t la, const char *where)
{
	if (la == RC_NOTOK || p->la_virtual)
		return;
	const rl_tok *k = &p->t->toks[la];
	const char *text = p->t->src->data + k->off;
	char c = text[0];
	if (k->len > SHORT_TEXT || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
		return;
	const char *home = rc_word_home(p, text, k->len, where != NULL);
	if (home && (!where || strcmp(home, where) != 0))
		rl_buf_printf(b, " ('%.*s' belongs %s)", (int)k->len, text, home);
}

void rc_syntax_error(rc_parser *p, uint32_t la, const char *const *names, int n, char close, const char *where)
{
	bool eof = la == RC_NOTOK;
	uint32_t prev = eof || p->la_virtual ? p->cur : p->before;
	if (close && prev != RC_NOTOK && (eof || p->la_virtual || later_line(p->t, prev, la))) {
		missing_close(p, prev, close);
		return;
	}
	if (p->t->nerrors >= RL_MAX_SYNTAX_ERRORS) {
		/* past the cap the message is dropped: do not build it (finding
		 * where a misplaced word belongs scans it again, in every state) */
		p->t->nerrors++;
		return;
	}
	rl_buf b = {0};
	uint32_t s, e;
	if (p->la_virtual && prev != RC_NOTOK) {
		/* the block was closed for want of a '}' (already reported) */
		rl_buf_puts(&b, "the block ends here");
		end_of(p->t, prev, &s, &e);
	} else {
		rl_buf_puts(&b, "unexpected ");
		rc_describe_tok(p->t, la, &b);
		span_of(p->t, la, &s, &e);
	}
	if (n > 0 && n <= 5) {
		rl_buf_puts(&b, ", expected ");
		put_expected(&b, names, n);
	} else if (where) {
		rl_buf_printf(&b, " %s", where);
	}
	put_home(&b, p, la, where);
	rl_syntax_error(p->t, p->d, s, e, "%s", rl_buf_str(&b));
	rl_buf_free(&b);
}

/* A finding of the syntax-error rule that racoon survives: a warning.
 * NULL past the cap. */
static rl_diag *syntax_warning(rc_parser *p, uint32_t start, uint32_t end, const char *msg)
{
	if (p->warnings >= RL_MAX_SYNTAX_ERRORS || p->t->nerrors >= RL_MAX_SYNTAX_ERRORS)
		return NULL;
	p->warnings++;
	rl_diag *dg = rl_report(p->d, RL_R_syntax_error, p->t->src, (rl_span){start, end}, "%s", msg);
	dg->sev = RL_SEV_WARNING;
	return dg;
}

void rc_stray_report(rc_parser *p, uint32_t start, uint32_t end, uint32_t next)
{
	rl_buf b = {0};
	rl_buf_puts(&b, end - start > 1 ? "stray characters '" : "stray character '");
	uint32_t n = end - start > SHORT_TEXT ? SHORT_TEXT : end - start;
	put_escaped(&b, p->t->src->data + start, n);
	rl_buf_puts(&b, n < end - start ? "...'" : "'");
	if (next == RC_NOTOK) {
		rl_buf_puts(&b, ": racoon ignores it here; remove it");
		rl_diag *dg = syntax_warning(p, start, end, rl_buf_str(&b));
		if (dg)
			rl_fix_delete_range(rl_diag_fix(dg, "remove it", true), p->t->src, start, end);
	} else {
		rl_buf_puts(&b, " before ");
		rc_describe_tok(p->t, next, &b);
		rl_buf_puts(&b, ": racoon reads them as one value");
		rl_syntax_error(p->t, p->d, start, end, "%s", rl_buf_str(&b));
	}
	rl_buf_free(&b);
}

static void put_block(rl_buf *b, const rl_tree *t, const rc_block *blk)
{
	uint32_t line, col;
	rl_source_pos(t->src, t->toks[blk->open_tok].off, &line, &col);
	rl_buf_putc(b, '\'');
	if (blk->kw_tok != RC_NOTOK)
		put_escaped(b, rl_tok_text(t, blk->kw_tok), t->toks[blk->kw_tok].len);
	rl_buf_printf(b, "' block opened on line %u", line);
}

void rc_unclosed_report(rc_parser *p, const char *before)
{
	rl_buf b = {0};
	rl_buf_puts(&b, "expected '}' ");
	if (before)
		rl_buf_printf(&b, "before '%s'", before);
	else
		rl_buf_puts(&b, "before the end of the file");
	int shown = 0;
	for (int i = p->depth - 1; i >= 0; i--) {
		if (!p->stack[i].real)
			continue;
		rl_buf_puts(&b, shown ? " and the " : ": the ");
		put_block(&b, p->t, &p->stack[i]);
		shown++;
	}
	rl_buf_puts(&b, shown > 1 ? " are not closed" : " is not closed");
	uint32_t s, e;
	if (p->last_sig != RC_NOTOK)
		end_of(p->t, p->last_sig, &s, &e);
	else
		s = e = 0;
	rl_syntax_error(p->t, p->d, s, e, "%s", rl_buf_str(&b));
	rl_buf_free(&b);
}

void rc_brace_report(rc_parser *p, uint32_t tok)
{
	uint32_t s, e;
	span_of(p->t, tok, &s, &e);
	if (p->t->src->data[s] == '{')
		rl_syntax_error(p->t, p->d, s, e, "unexpected '{': no block opens here");
	else
		rl_syntax_error(p->t, p->d, s, e, "unexpected '}': no block is open");
}

void rc_deep_report(rc_parser *p, uint32_t tok)
{
	uint32_t s, e;
	span_of(p->t, tok, &s, &e);
	rl_syntax_error(p->t, p->d, s, e, "braces nested more than %d deep", RL_MAX_NESTING);
}
