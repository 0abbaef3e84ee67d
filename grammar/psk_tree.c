/* Accessors of the psk.txt tree (src/psk_syntax.h). */
#include <string.h>

#include "gram_util.h"
#include "psk_syntax.h"

static uint32_t entry_from(const rl_tree *t, uint32_t n)
{
	while (n && t->nodes[n].kind != RL_PSK_ENTRY)
		n = t->nodes[n].next;
	return n;
}

uint32_t rl_psk_first_entry(const rl_tree *t)
{
	return t->root ? entry_from(t, t->nodes[t->root].child) : 0;
}

uint32_t rl_psk_next_entry(const rl_tree *t, uint32_t entry)
{
	return entry_from(t, t->nodes[entry].next);
}

bool rl_psk_key_is_hex(const rl_tree *t, uint32_t entry)
{
	uint32_t k = rl_psk_key_tok(t, entry);
	return k != RL_PSK_NO_TOK && t->toks[k].len >= 2 && memcmp(rl_tok_text(t, k), "0x", 2) == 0;
}

rl_psk_hex rl_psk_hex_decode(const char *s, size_t n, rl_buf *out, size_t *bad)
{
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (rl_gram_hex_digit(c) >= 0) {
			digits++;
		} else if (!rl_gram_isspace(c)) {
			if (bad)
				*bad = i;
			return RL_PSK_HEX_BAD_BYTE;
		}
	}
	if (digits == 0)
		return RL_PSK_HEX_EMPTY;
	if (digits % 2)
		return RL_PSK_HEX_ODD;
	if (!out)
		return RL_PSK_HEX_OK;
	int high = -1;
	for (size_t i = 0; i < n; i++) {
		int v = rl_gram_hex_digit((unsigned char)s[i]);
		if (v < 0)
			continue;
		if (high < 0) {
			high = v;
		} else {
			rl_buf_putc(out, (char)(high << 4 | v));
			high = -1;
		}
	}
	return RL_PSK_HEX_OK;
}

bool rl_psk_key_value(const rl_tree *t, uint32_t entry, rl_buf *out)
{
	uint32_t k = rl_psk_key_tok(t, entry);
	if (k == RL_PSK_NO_TOK)
		return false;
	const char *s = rl_tok_text(t, k);
	size_t n = t->toks[k].len;
	const char *nul = memchr(s, '\0', n);
	if (nul)
		n = (size_t)(nul - s);
	if (n == 0)
		return false;
	if (n >= 2 && memcmp(s, "0x", 2) == 0)
		return rl_psk_hex_decode(s + 2, n - 2, out, NULL) == RL_PSK_HEX_OK;
	rl_buf_add(out, s, n);
	return true;
}
