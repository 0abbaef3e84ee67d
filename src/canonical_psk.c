/* The canonical layout of psk.txt: line by line, as racoon reads it. Only
 * the white space between an identifier and its key changes (to one tab),
 * and blank lines; a key's bytes never do. */
#include <string.h>

#include "canonical_int.h"
#include "psk_syntax.h"

/* May the line [s, e), holding tokens [first, end), be laid out: an
 * identifier and its key, a line racoon reads whole? */
static bool plain_entry(const rl_tree *t, uint32_t s, uint32_t e, uint32_t first, uint32_t end)
{
	return end - first == 2 && t->toks[first].kind == PSKT_IDENT && t->toks[first + 1].kind == PSKT_KEY &&
	       e - s <= RL_PSK_LINE_MAX && !memchr(t->src->data + s, '\0', e - s);
}

void rl_canon_psk(const rl_tree *t, rl_buf *out)
{
	const char *data = t->src->data;
	uint32_t len = t->src->len, tok = 0;
	bool blank = false;
	for (uint32_t s = 0; s < len;) {
		const char *nl = memchr(data + s, '\n', len - s);
		uint32_t e = nl ? (uint32_t)(nl - data) : len;
		uint32_t first = tok;
		while (tok < t->ntoks && t->toks[tok].off < e)
			tok++;
		if (tok == first) {
			blank = out->len > 0; /* white space only */
		} else {
			if (blank)
				rl_buf_putc(out, '\n');
			blank = false;
			if (plain_entry(t, s, e, first, tok)) {
				const rl_tok *id = &t->toks[first], *key = &t->toks[first + 1];
				rl_buf_add(out, data + id->off, id->len);
				rl_buf_putc(out, '\t');
				rl_buf_add(out, data + key->off, key->len);
			} else {
				rl_buf_add(out, data + s, e - s);
			}
			rl_buf_putc(out, '\n');
		}
		s = e + 1;
	}
}
