#include "gram_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

void rl_gram_quote(rl_buf *b, const char *s, size_t n)
{
	size_t shown = n > RL_GRAM_QUOTE_MAX ? RL_GRAM_QUOTE_MAX : n;
	rl_buf_putc(b, '\'');
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f)
			rl_buf_printf(b, "\\x%02x", c);
		else
			rl_buf_putc(b, (char)c);
	}
	if (shown < n)
		rl_buf_puts(b, "...");
	rl_buf_putc(b, '\'');
}

void rl_gram_quote_tok(rl_buf *b, const rl_tree *t, uint32_t i)
{
	if (t->toks[i].flags & RL_TOK_SECRET) {
		rl_buf_puts(b, "the key");
		return;
	}
	rl_gram_quote(b, rl_tok_text(t, i), t->toks[i].len);
}

bool rl_gram_u64(const char *s, size_t n, int base, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = rl_gram_hex_digit((unsigned char)s[i]);
		if (d < 0 || d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* s as a C string without its IPv6 zone; NULL when it holds a NUL byte */
static char *addr_copy(const char *s, size_t n, bool strip_zone)
{
	if (memchr(s, '\0', n))
		return NULL;
	char *c = rl_xstrndup(s, n);
	char *zone = strip_zone ? strchr(c, '%') : NULL;
	if (zone)
		*zone = '\0';
	return c;
}

int rl_gram_addr_family(const char *s, size_t n)
{
	int fam = 0;
	char *c = addr_copy(s, n, false);
	if (!c)
		return 0;
	struct in_addr a4;
	struct in6_addr a6;
	if (strchr(c, ':') == NULL) {
		if (inet_aton(c, &a4))
			fam = 4;
	} else {
		char *zone = strchr(c, '%');
		if (zone)
			*zone = '\0';
		if ((!zone || zone[1] != '\0') && inet_pton(AF_INET6, c, &a6) == 1)
			fam = 6;
	}
	free(c);
	return fam;
}

/* A dotted quad with four decimal parts of 1 to 3 digits, each <= 255. */
static bool dotted_quad(const char *s, uint8_t out[4])
{
	for (int part = 0; part < 4; part++) {
		unsigned v = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return false;
		out[part] = (uint8_t)v;
		if (part < 3 && *s++ != '.')
			return false;
	}
	return *s == '\0';
}

char *rl_gram_addr_canonical(const char *s, size_t n)
{
	char *c = addr_copy(s, n, false);
	if (!c)
		return NULL;
	char *res = NULL;
	char text[INET6_ADDRSTRLEN];
	uint8_t q[4];
	struct in6_addr a6;
	char *zone = strchr(c, '%');
	if (zone)
		*zone++ = '\0';
	if (!zone && dotted_quad(c, q)) {
		res = rl_xasprintf("%u.%u.%u.%u", q[0], q[1], q[2], q[3]);
	} else if (strchr(c, ':') && inet_pton(AF_INET6, c, &a6) == 1 &&
		   inet_ntop(AF_INET6, &a6, text, sizeof text)) {
		res = zone ? rl_xasprintf("%s%%%s", text, zone) : rl_xstrdup(text);
	}
	free(c);
	return res;
}
