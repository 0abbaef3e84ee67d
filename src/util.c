#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("racoonlint: out of memory\n", stderr);
	exit(2);
}

void *rl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *rl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *rl_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *rl_xstrdup(const char *s)
{
	return rl_xstrndup(s, strlen(s));
}

char *rl_xstrndup(const char *s, size_t n)
{
	char *p = rl_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rl_xvasprintf(const char *fmt, va_list ap)
{
	rl_buf b = {0};
	rl_buf_vprintf(&b, fmt, ap);
	return rl_buf_take(&b);
}

char *rl_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = rl_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void rl_grow(void **v, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / sz)
			oom();
		n *= 2;
	}
	*v = rl_xrealloc(*v, n * sz);
	*cap = n;
}

void rl_buf_add(rl_buf *b, const void *p, size_t n)
{
	RL_GROW(b->data, b->cap, b->len + n + 1);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void rl_buf_puts(rl_buf *b, const char *s)
{
	rl_buf_add(b, s, strlen(s));
}

void rl_buf_putc(rl_buf *b, char c)
{
	rl_buf_add(b, &c, 1);
}

void rl_buf_vprintf(rl_buf *b, const char *fmt, va_list ap)
{
	/* into the room there is; a second time only when it was short */
	size_t room = b->cap - b->len;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		if (b->data)
			b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		RL_GROW(b->data, b->cap, b->len + (size_t)n + 1);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void rl_buf_printf(rl_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *rl_buf_str(rl_buf *b)
{
	if (!b->data)
		rl_buf_add(b, "", 0);
	return b->data;
}

char *rl_buf_take(rl_buf *b)
{
	rl_buf_str(b);
	char *s = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void rl_buf_free(rl_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

uint64_t rl_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

size_t rl_utf8_decode(const char *text, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)text;
	if (n == 0)
		return 0;
	unsigned char c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v;
	/* the range the second byte must fall in: it rules out overlong forms,
	 * surrogates and values over U+10FFFF */
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1Fu;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0Fu;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07u;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (p[i] < lo || p[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
		v = (v << 6) | (p[i] & 0x3Fu);
	}
	*cp = v;
	return len;
}

uint32_t rl_line_index(const uint32_t *starts, uint32_t n, uint32_t off)
{
	uint32_t lo = 0, hi = n;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
