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

/* Character classes for the address fast paths: a hexadecimal digit's
 * value, C_COLON, C_DOT, or C_OTHER. */
enum { C_COLON = 16, C_DOT = 17, C_OTHER = 18 };
static unsigned char addr_class[256];

static void addr_classes(void)
{
	for (int c = 0; c < 256; c++)
		addr_class[c] = C_OTHER;
	for (int c = '0'; c <= '9'; c++)
		addr_class[c] = (unsigned char)(c - '0');
	for (int c = 0; c < 6; c++)
		addr_class['a' + c] = addr_class['A' + c] = (unsigned char)(10 + c);
	addr_class[':'] = C_COLON;
	addr_class['.'] = C_DOT;
}

/* A dotted quad of plain decimal parts (no leading zero, each <= 255):
 * inet_aton takes it as IPv4. Anything else is left to inet_aton itself
 * (octal, hexadecimal and shorter forms). */
static bool plain_quad(const unsigned char *s, size_t n)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part && (i >= n || s[i++] != '.'))
			return false;
		size_t start = i;
		unsigned v = 0;
		while (i < n && i - start < 4 && addr_class[s[i]] < 10)
			v = v * 10 + addr_class[s[i++]];
		size_t digits = i - start;
		if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s[start] == '0'))
			return false;
	}
	return i == n;
}

/* Only hexadecimal digits and colons, and at least one colon. */
static bool colon_hex_only(const unsigned char *s, size_t n)
{
	unsigned colons = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = addr_class[s[i]];
		if (c > C_COLON)
			return false;
		colons += c == C_COLON;
	}
	return colons > 0;
}

/* glibc's inet_pton6 for text made only of hexadecimal digits and colons
 * (no embedded IPv4 part, no zone): 1 when it is an IPv6 address, 0 when
 * not. */
static int colon_hex6(const unsigned char *s, size_t n)
{
	const unsigned char *end = s + n;
	unsigned groups = 0, digits = 0;
	bool gap = false;
	if (s == end)
		return 0;
	if (*s == ':' && (++s == end || *s != ':'))
		return 0;
	while (s < end) {
		if (*s++ != ':') {
			if (digits == 4)
				return 0;
			digits++;
			continue;
		}
		if (digits == 0) {
			if (gap)
				return 0;
			gap = true;
			continue;
		}
		if (s == end || groups == 8)
			return 0;
		groups++;
		digits = 0;
	}
	if (digits && groups++ == 8)
		return 0;
	return gap ? groups < 8 : groups == 8;
}

int rl_gram_addr_family(const char *s, size_t n)
{
	/* the common forms without a copy */
	const unsigned char *u = (const unsigned char *)s;
	if (addr_class['.'] != C_DOT)
		addr_classes();
	if (plain_quad(u, n))
		return 4;
	if (n <= 39 && colon_hex_only(u, n))
		return colon_hex6(u, n) ? 6 : 0;
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
