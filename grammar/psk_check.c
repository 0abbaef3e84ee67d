/* Findings on psk.txt lines that racoon reads differently from what they
 * seem to say (psk-txt.md sections 1 to 3). Bad hex keys make racoon fail
 * the lookup (invalid-value); the rest are psk-malformed. No message holds
 * a byte of a key. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gram_util.h"
#include "parse.h"
#include "psk_syntax.h"
#include "rules.h"

typedef struct check {
	rl_tree *t;
	rl_diags *d;
	uint32_t star;  /* the first '*' entry with a key, or 0 */
	uint32_t count; /* findings made */
} check;

/* Like syntax errors, at most RL_MAX_SYNTAX_ERRORS findings a file. */
static bool capped(const check *c)
{
	return c->count > RL_MAX_SYNTAX_ERRORS;
}

static rl_span tok_span(const rl_tree *t, uint32_t tok)
{
	return (rl_span){t->toks[tok].off, t->toks[tok].off + t->toks[tok].len};
}

static rl_diag *report(check *c, int rule, uint32_t start, uint32_t end, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The finding, or NULL past the cap. */
static rl_diag *report(check *c, int rule, uint32_t start, uint32_t end, const char *fmt, ...)
{
	if (capped(c))
		return NULL;
	if (++c->count > RL_MAX_SYNTAX_ERRORS)
		return rl_report(c->d, RL_R_psk_malformed, c->t->src, (rl_span){start, end}, "%s",
				 "too many findings in this psk.txt; the rest of the file is not reported");
	va_list ap;
	va_start(ap, fmt);
	rl_diag *dg = rl_vreport(c->d, rule, c->t->src, (rl_span){start, end}, fmt, ap);
	va_end(ap);
	return dg;
}

static void check_long_lines(check *c)
{
	const rl_source *src = c->t->src;
	for (uint32_t i = 0; i < src->nlines && !capped(c); i++) {
		uint32_t s = src->lines[i];
		uint32_t e = i + 1 < src->nlines ? src->lines[i + 1] - 1 : src->len;
		if (e > s && src->data[e - 1] == '\r' && e < src->len)
			c->t->dialect |= RL_PSK_D_CRLF;
		if (e - s > RL_PSK_LINE_MAX) {
			report(c, RL_R_psk_malformed, s + RL_PSK_LINE_MAX, e,
			       "line is %u bytes long: racoon reads %u bytes of a line and takes the rest "
			       "as a new line",
			       e - s, RL_PSK_LINE_MAX);
		}
	}
}

/* A NUL byte ends the line for racoon (it uses C string functions). */
static void check_nul(check *c, uint32_t node)
{
	rl_span sp = rl_node_span(c->t, node);
	const char *s = c->t->src->data;
	const char *nul = memchr(s + sp.start, '\0', sp.end - sp.start);
	if (nul) {
		uint32_t off = (uint32_t)(nul - s);
		report(c, RL_R_psk_malformed, off, off + 1, "%s",
		       "NUL byte: racoon reads the line only up to it");
	}
}

/* Fix of dg (when there is a dg): replace [start, end) by text. */
static void fix(rl_diag *dg, rl_source *src, uint32_t start, uint32_t end, const char *text, const char *title,
		bool safe)
{
	if (dg)
		rl_fix_edit(rl_diag_fix(dg, title, safe), src, start, end, text);
}

static void check_hex_key(check *c, uint32_t key)
{
	const rl_tok *k = &c->t->toks[key];
	size_t bad = 0;
	rl_psk_hex h = rl_psk_hex_decode(rl_tok_text(c->t, key) + 2, k->len - 2, NULL, &bad);
	uint32_t at = k->off + 2 + (uint32_t)bad;
	switch (h) {
	case RL_PSK_HEX_BAD_BYTE:
		report(c, RL_R_invalid_value, at, at + 1, "%s",
		       "hex key (0x...) holds a byte that is neither a hex digit nor white space: "
		       "racoon fails every lookup of this identifier");
		break;
	case RL_PSK_HEX_ODD:
		report(c, RL_R_invalid_value, k->off, k->off + k->len, "%s",
		       "hex key (0x...) has an odd number of digits: racoon fails every lookup of this "
		       "identifier");
		break;
	case RL_PSK_HEX_EMPTY:
		report(c, RL_R_invalid_value, k->off, k->off + k->len, "%s",
		       "hex key (0x...) has no digits: racoon fails every lookup of this identifier");
		break;
	default: break;
	}
}

/* Does s[0..n) look like a hex key written with "0X"? */
static bool upper_hex_prefix(const char *s, size_t n)
{
	return n > 2 && s[0] == '0' && s[1] == 'X' && rl_psk_hex_decode(s + 2, n - 2, NULL, NULL) == RL_PSK_HEX_OK;
}

static void check_trailing_space(check *c, uint32_t key)
{
	const rl_tok *k = &c->t->toks[key];
	const char *s = rl_tok_text(c->t, key);
	uint32_t n = k->len;
	while (n > 0 && rl_gram_isspace((unsigned char)s[n - 1]))
		n--;
	if (n == k->len)
		return;
	bool cr = memchr(s + n, '\r', k->len - n) != NULL;
	rl_diag *dg = report(c, RL_R_psk_malformed, k->off + n, k->off + k->len, "%s",
			     cr ? "key ends with a carriage return (CRLF line ending): racoon keeps it as part "
				  "of the secret"
				: "key ends with white space: racoon keeps it as part of the secret");
	fix(dg, c->t->src, k->off + n, k->off + k->len, "", "remove the trailing white space", false);
}

static void check_text_key(check *c, uint32_t key)
{
	const rl_tok *k = &c->t->toks[key];
	const char *s = rl_tok_text(c->t, key);
	uint32_t n = k->len;
	if (upper_hex_prefix(s, n))
		report(c, RL_R_psk_malformed, k->off, k->off + 2, "%s",
		       "key looks like hex but starts with '0X': racoon decodes only a lower-case '0x' "
		       "prefix and takes this key as text");
	check_trailing_space(c, key);
	while (n > 0 && rl_gram_isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
		report(c, RL_R_psk_malformed, k->off, k->off + n, "%s",
		       "key is in quotes: psk.txt has no quoting, so racoon takes the quotes as part of "
		       "the secret");
	for (uint32_t i = 1; i < n; i++) {
		if (s[i] == '#' && rl_gram_isspace((unsigned char)s[i - 1])) {
			report(c, RL_R_psk_malformed, k->off + i, k->off + n, "%s",
			       "key seems to end with a comment: psk.txt has no trailing comments, so racoon "
			       "takes that text as part of the secret");
			break;
		}
	}
}

static void check_address_form(check *c, uint32_t id)
{
	const rl_tok *k = &c->t->toks[id];
	char *canon = rl_gram_addr_canonical(rl_tok_text(c->t, id), k->len);
	if (!canon)
		return;
	if (strlen(canon) != k->len || memcmp(canon, rl_tok_text(c->t, id), k->len) != 0) {
		rl_buf b = {0};
		rl_gram_quote_tok(&b, c->t, id);
		rl_buf_puts(&b, " is not written the way racoon prints a peer's address, so no lookup "
				"matches it; write ");
		rl_gram_quote(&b, canon, strlen(canon));
		rl_diag *dg = report(c, RL_R_psk_malformed, k->off, k->off + k->len, "%s", rl_buf_str(&b));
		char *title = rl_xasprintf("write %s", canon);
		fix(dg, c->t->src, k->off, k->off + k->len, canon, title, true);
		free(title);
		rl_buf_free(&b);
	}
	free(canon);
}

static void check_after_star(check *c, uint32_t entry)
{
	if (!c->star)
		return;
	uint32_t star_tok = rl_psk_id_tok(c->t, c->star);
	uint32_t line, col;
	rl_source_pos(c->t->src, c->t->toks[star_tok].off, &line, &col);
	rl_span sp = tok_span(c->t, rl_psk_id_tok(c->t, entry));
	rl_diag *dg = report(c, RL_R_psk_malformed, sp.start, sp.end,
			     "entry is never used: the '*' entry on line %u matches every lookup first", line);
	if (dg)
		rl_diag_related(dg, c->t->src, tok_span(c->t, star_tok), "the '*' entry");
}

static void check_entry(check *c, uint32_t entry)
{
	rl_tree *t = c->t;
	uint32_t id = rl_psk_id_tok(t, entry), key = rl_psk_key_tok(t, entry);
	check_nul(c, entry);
	if (key == RL_PSK_NO_TOK) {
		rl_buf b = {0};
		rl_gram_quote_tok(&b, t, id);
		report(c, RL_R_psk_malformed, t->toks[id].off, t->toks[id].off + t->toks[id].len,
		       "%s has no key: racoon ignores this line", rl_buf_str(&b));
		rl_buf_free(&b);
		return;
	}
	check_after_star(c, entry);
	if (rl_tok_is(t, id, "*")) {
		t->dialect |= RL_PSK_D_WILDCARD;
		if (!c->star)
			c->star = entry;
	}
	check_address_form(c, id);
	if (rl_psk_key_is_hex(t, entry))
		check_hex_key(c, key);
	else
		check_text_key(c, key);
}

static void check_inert(check *c, uint32_t node)
{
	rl_tree *t = c->t;
	uint32_t first = rl_psk_id_tok(t, node);
	uint32_t line, col;
	rl_source_pos(t->src, t->toks[first].off, &line, &col);
	uint32_t bol = rl_source_line_start(t->src, line);
	bool comment = t->toks[first].kind == PSKT_INERT_COMMENT;
	rl_diag *dg = report(c, RL_R_psk_malformed, bol, t->toks[first].off + t->toks[first].len, "%s",
			     comment ? "indented '#' starts no comment in psk.txt: racoon reads this line as an "
				       "entry with an empty identifier"
				     : "line starts with white space: racoon reads an empty identifier and never "
				       "uses this line");
	fix(dg, t->src, bol, t->toks[first].off, "", "remove the indentation", comment);
}

void rl_psk_check(rl_tree *t, rl_diags *d)
{
	check c = {.t = t, .d = d, .star = 0};
	check_long_lines(&c);
	for (uint32_t n = t->nodes[t->root].child; n && !capped(&c); n = t->nodes[n].next) {
		if (t->nodes[n].kind == RL_PSK_ENTRY)
			check_entry(&c, n);
		else if (t->nodes[n].kind == RL_PSK_INERT)
			check_inert(&c, n);
	}
}
