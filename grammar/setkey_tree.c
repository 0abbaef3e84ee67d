/* Accessors of the setkey tree and the algorithm table
 * (src/setkey_syntax.h). */
#include <string.h>

#include "gram_util.h"
#include "setkey_syntax.h"

/* Key sizes are those of setkey.md section 5.4 (what Linux and the KAME
 * kernels register). */
static const rl_sk_alg algs[] = {
	{"des-cbc", 'E', false, {64}, 0, 0, NULL, 0},
	{"3des-cbc", 'E', false, {192}, 0, 0, NULL, 0},
	{"null", 'E', true, {0}, 0, 0, NULL, 0},
	{"simple", 'E', true, {0}, 0, 0, NULL, 0},
	{"blowfish-cbc", 'E', false, {0}, 40, 448, NULL, 0},
	{"cast128-cbc", 'E', false, {0}, 40, 128, NULL, 0},
	{"des-deriv", 'E', false, {64}, 0, 0, "esp", 0},
	{"des-32iv", 'E', false, {64}, 0, 0, "esp-old", 0},
	{"twofish-cbc", 'E', false, {0}, 0, 256, NULL, 0},
	{"aes-cbc", 'E', false, {128, 192, 256}, 0, 0, NULL, RL_SK_D_SHORT_NAMES},
	{"rijndael-cbc", 'E', false, {128, 192, 256}, 0, 0, NULL, 0},
	{"aes-ctr", 'E', false, {160, 224, 288}, 0, 0, NULL, 0},
	{"camellia-cbc", 'E', false, {128, 192, 256}, 0, 0, NULL, RL_SK_D_CAMELLIA},
	{"hmac-md5", 'A', false, {128}, 0, 0, NULL, 0},
	{"hmac-sha1", 'A', false, {160}, 0, 0, NULL, 0},
	{"keyed-md5", 'A', false, {128}, 0, 0, NULL, 0},
	{"keyed-sha1", 'A', false, {160}, 0, 0, NULL, 0},
	{"hmac-sha256", 'A', false, {256}, 0, 0, NULL, RL_SK_D_SHORT_NAMES},
	{"hmac-sha2-256", 'A', false, {256}, 0, 0, NULL, 0},
	{"hmac-sha384", 'A', false, {384}, 0, 0, NULL, RL_SK_D_SHORT_NAMES},
	{"hmac-sha2-384", 'A', false, {384}, 0, 0, NULL, 0},
	{"hmac-sha512", 'A', false, {512}, 0, 0, NULL, RL_SK_D_SHORT_NAMES},
	{"hmac-sha2-512", 'A', false, {512}, 0, 0, NULL, 0},
	{"hmac-ripemd160", 'A', false, {160}, 0, 0, NULL, 0},
	{"aes-xcbc-mac", 'A', false, {128}, 0, 0, NULL, 0},
	{"tcp-md5", 'A', false, {0}, 8, 640, "tcp", RL_SK_D_TCP},
	{"null", 'A', true, {0}, 0, 0, NULL, 0},
	{"deflate", 'C', true, {0}, 0, 0, NULL, 0},
	{"oui", 'C', true, {0}, 0, 0, NULL, 0},
	{"lzs", 'C', true, {0}, 0, 0, NULL, 0},
};

const rl_sk_alg *rl_sk_alg_find(char cls, const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++)
		if (algs[i].cls == cls && strlen(algs[i].name) == n && memcmp(algs[i].name, s, n) == 0)
			return &algs[i];
	return NULL;
}

void rl_sk_alg_names(char cls, rl_buf *b)
{
	const char *sep = "";
	for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
		if (algs[i].cls != cls)
			continue;
		rl_buf_printf(b, "%s%s", sep, algs[i].name);
		sep = ", ";
	}
}

static uint32_t tok_of(const rl_tree *t, uint32_t node)
{
	return node ? t->nodes[node].first : RL_SK_NO_TOK;
}

uint32_t rl_sk_value(const rl_tree *t, uint32_t node)
{
	return tok_of(t, rl_sk_child(t, node, RL_SK_VALUE));
}

uint32_t rl_sk_src(const rl_tree *t, uint32_t cmd)
{
	return rl_sk_child(t, cmd, RL_SK_ADDR);
}

uint32_t rl_sk_dst(const rl_tree *t, uint32_t cmd)
{
	return rl_sk_next(t, rl_sk_src(t, cmd), RL_SK_ADDR);
}

uint32_t rl_sk_addr_host(const rl_tree *t, uint32_t addr)
{
	return addr ? t->nodes[addr].first : RL_SK_NO_TOK;
}

/* PREFIX ends with its value; PORT holds its value between '[' and ']',
 * the one significant token there (comments may sit around it). */
uint32_t rl_sk_addr_prefix(const rl_tree *t, uint32_t addr)
{
	uint32_t p = rl_sk_child(t, addr, RL_SK_PREFIX);
	return p ? t->nodes[p].last : RL_SK_NO_TOK;
}

uint32_t rl_sk_addr_port(const rl_tree *t, uint32_t addr)
{
	uint32_t p = rl_sk_child(t, addr, RL_SK_PORT);
	if (!p)
		return RL_SK_NO_TOK;
	uint32_t i = t->nodes[p].first + 1;
	while (i < t->nodes[p].last && (t->toks[i].flags & (RL_TOK_TRIVIA | RL_TOK_ERROR)))
		i++;
	return i < t->nodes[p].last ? i : RL_SK_NO_TOK;
}

bool rl_sk_number(const rl_tree *t, uint32_t tok, uint64_t *v)
{
	if (tok == RL_SK_NO_TOK)
		return false;
	const char *s = rl_tok_text(t, tok);
	size_t n = t->toks[tok].len;
	switch (t->toks[tok].kind) {
	case SKT_DECSTRING:
	case SKT_PL_NUMBER: return rl_gram_u64(s, n, 10, v);
	case SKT_HEXSTRING: return rl_gram_u64(s + 2, n - 2, 16, v);
	case SKT_PL_PORT: return rl_gram_u64(s + 1, n - 2, 10, v);
	default: return false;
	}
}

uint32_t rl_sk_key_bytes(const rl_tree *t, uint32_t tok)
{
	uint32_t n = t->toks[tok].len;
	if (t->toks[tok].kind == SKT_HEXSTRING)
		return (n - 2 + 1) / 2;
	return n >= 2 ? n - 2 : 0;
}

void rl_sk_key_value(const rl_tree *t, uint32_t tok, rl_buf *out)
{
	const char *s = rl_tok_text(t, tok);
	uint32_t n = t->toks[tok].len;
	if (t->toks[tok].kind != SKT_HEXSTRING) {
		if (n >= 2)
			rl_buf_add(out, s + 1, n - 2);
		return;
	}
	s += 2;
	n -= 2;
	if (n % 2) {
		rl_buf_putc(out, (char)rl_gram_hex_digit((unsigned char)*s++));
		n--;
	}
	for (uint32_t i = 0; i < n; i += 2) {
		int hi = rl_gram_hex_digit((unsigned char)s[i]), lo = rl_gram_hex_digit((unsigned char)s[i + 1]);
		rl_buf_putc(out, (char)(hi << 4 | lo));
	}
}
