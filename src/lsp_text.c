#include "lsp_text.h"

#include "gram_util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "source.h"

const char *rl_lsp_enc_name(rl_lsp_enc enc)
{
	switch (enc) {
	case RL_ENC_UTF8: return "utf-8";
	default: return "utf-16";
	}
}


void rl_utf8_sanitize(rl_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = rl_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			rl_buf_puts(out, "\xEF\xBF\xBD");
			i++;
		} else {
			rl_buf_add(out, s + i, k);
			i += k;
		}
	}
}

/* One character at p: its length in bytes, and its width in units of enc in
 * *units. A byte that starts no valid sequence is one character of width 1. */
static size_t step(const char *p, size_t n, rl_lsp_enc enc, uint32_t *units)
{
	uint32_t cp = 0;
	size_t k = rl_utf8_decode(p, n, &cp);
	if (k == 0) {
		*units = 1;
		return 1;
	}
	if (enc == RL_ENC_UTF8)
		*units = (uint32_t)k;
	else
		*units = cp >= 0x10000 ? 2 : 1;
	return k;
}

static void add_line(rl_lsp_lines *l, uint32_t start)
{
	RL_GROW(l->start, l->cap, (size_t)l->n + 1);
	l->start[l->n++] = start;
}

void rl_lsp_lines_build(rl_lsp_lines *l, const char *data, uint32_t len)
{
	free(l->mark);
	l->mark = NULL;
	l->nmarks = 0;
	l->data = data;
	l->len = len;
	l->n = 0;
	add_line(l, 0);
	for (uint32_t i = 0; i < len; i++) {
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n')))
			add_line(l, i + 1);
	}
}

void rl_lsp_lines_free(rl_lsp_lines *l)
{
	free(l->mark);
	free(l->start);
	memset(l, 0, sizeof *l);
}

/* Offset where line k's text ends (before its line break). */
static uint32_t line_end(const rl_lsp_lines *l, uint32_t k)
{
	if (k + 1 >= l->n)
		return l->len;
	uint32_t e = l->start[k + 1];
	if (e > l->start[k] && l->data[e - 1] == '\n')
		e--;
	if (e > l->start[k] && l->data[e - 1] == '\r')
		e--;
	return e;
}

static uint32_t line_of(const rl_lsp_lines *l, uint32_t off)
{
	return rl_line_index(l->start, l->n, off);
}

#define MARK_STEP 256

/* From the boundary *i with *units before it, step over the characters of
 * the line (ending at end) that end at or before stop. */
static void walk_units(const rl_lsp_lines *l, uint32_t end, uint32_t stop, rl_lsp_enc enc, uint32_t *i,
		       uint32_t *units)
{
	while (*i < stop) {
		uint32_t w;
		size_t n = step(l->data + *i, end - *i, enc, &w);
		if (*i + n > stop)
			return;
		*i += (uint32_t)n;
		*units += w;
	}
}

/* Mark line k (ending at end) for the encoding enc. */
static void mark_line(rl_lsp_lines *l, uint32_t k, uint32_t end, rl_lsp_enc enc)
{
	free(l->mark);
	uint32_t start = l->start[k];
	l->mark_line = k;
	l->mark_enc = enc;
	l->nmarks = (end - start) / MARK_STEP + 1;
	l->mark = rl_xmalloc(l->nmarks * sizeof *l->mark);
	uint32_t i = start, units = 0;
	for (size_t m = 0; m < l->nmarks; m++) {
		walk_units(l, end, start + (uint32_t)(m * MARK_STEP), enc, &i, &units);
		l->mark[m][0] = i;
		l->mark[m][1] = units;
	}
}

rl_lsp_pos rl_lsp_pos_of(rl_lsp_lines *l, uint32_t off, rl_lsp_enc enc)
{
	if (off > l->len)
		off = l->len;
	uint32_t k = line_of(l, off);
	uint32_t end = line_end(l, k);
	if (off > end)
		off = end;
	rl_lsp_pos p = {k, 0};
	uint32_t i = l->start[k];
	if (end - i > MARK_STEP) {
		if (!l->mark || l->mark_line != k || l->mark_enc != enc)
			mark_line(l, k, end, enc);
		size_t m = (off - i) / MARK_STEP;
		m = m < l->nmarks ? m : l->nmarks - 1;
		i = l->mark[m][0];
		p.character = l->mark[m][1];
	}
	walk_units(l, end, off, enc, &i, &p.character);
	return p;
}

uint32_t rl_lsp_off_of(const rl_lsp_lines *l, rl_lsp_pos p, rl_lsp_enc enc)
{
	if (p.line >= l->n)
		return l->len;
	uint32_t i = l->start[p.line], end = line_end(l, p.line);
	uint32_t units = 0;
	while (i < end && units < p.character) {
		uint32_t w;
		size_t n = step(l->data + i, end - i, enc, &w);
		if (units + w > p.character)
			break;
		i += (uint32_t)n;
		units += w;
	}
	return i;
}

bool rl_lsp_text_set(rl_lsp_text *t, const char *data, size_t len)
{
	if (len > RL_MAX_FILE_SIZE)
		return false;
	t->buf.len = 0;
	rl_buf_add(&t->buf, data, len);
	rl_lsp_lines_build(&t->lines, t->buf.data, (uint32_t)t->buf.len);
	return true;
}

bool rl_lsp_text_edit(rl_lsp_text *t, rl_lsp_pos start, rl_lsp_pos end, const char *data, size_t n,
		      rl_lsp_enc enc)
{
	uint32_t a = rl_lsp_off_of(&t->lines, start, enc);
	uint32_t b = rl_lsp_off_of(&t->lines, end, enc);
	if (a > b) {
		uint32_t x = a;
		a = b;
		b = x;
	}
	size_t old = t->buf.len;
	if (n > RL_MAX_FILE_SIZE || old - (b - a) > RL_MAX_FILE_SIZE - n)
		return false;
	size_t len = old - (b - a) + n;
	RL_GROW(t->buf.data, t->buf.cap, len + 1);
	memmove(t->buf.data + a + n, t->buf.data + b, old - b);
	if (n)
		memcpy(t->buf.data + a, data, n);
	t->buf.len = len;
	t->buf.data[len] = '\0';
	rl_lsp_lines_build(&t->lines, t->buf.data, (uint32_t)len);
	return true;
}

void rl_lsp_text_free(rl_lsp_text *t)
{
	rl_buf_free(&t->buf);
	rl_lsp_lines_free(&t->lines);
}

char *rl_uri_to_path(const char *uri)
{
	if (strncasecmp(uri, "file://", 7) != 0)
		return NULL;
	const char *host = uri + 7;
	const char *path = strchr(host, '/');
	if (!path)
		return NULL;
	size_t hostlen = (size_t)(path - host);
	if (hostlen && !(hostlen == 9 && strncasecmp(host, "localhost", 9) == 0))
		return NULL;
	rl_buf b = {0};
	for (const char *s = path; *s && *s != '?' && *s != '#'; s++) {
		int hi = *s == '%' ? rl_gram_hex_digit((unsigned char)s[1]) : -1;
		int lo = hi >= 0 ? rl_gram_hex_digit((unsigned char)s[2]) : -1;
		if (lo < 0) {
			rl_buf_putc(&b, *s);
			continue;
		}
		if (hi == 0 && lo == 0) { /* a NUL names no file */
			rl_buf_free(&b);
			return NULL;
		}
		rl_buf_putc(&b, (char)(hi * 16 + lo));
		s += 2;
	}
	return rl_buf_take(&b);
}

static bool uri_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.' || c == '_' || c == '~' || c == '/';
}

char *rl_path_to_uri(const char *path)
{
	rl_buf abs = {0};
	char cwd[4096];
	if (path[0] != '/' && getcwd(cwd, sizeof cwd)) {
		rl_buf_puts(&abs, cwd);
		if (abs.len && abs.data[abs.len - 1] != '/')
			rl_buf_putc(&abs, '/');
		if (path[0] == '.' && path[1] == '/')
			path += 2;
	}
	rl_buf_puts(&abs, path);
	rl_buf b = {0};
	rl_buf_puts(&b, "file://");
	for (const unsigned char *s = (const unsigned char *)abs.data; *s; s++) {
		if (uri_plain(*s))
			rl_buf_putc(&b, (char)*s);
		else
			rl_buf_printf(&b, "%%%02X", *s);
	}
	rl_buf_free(&abs);
	return rl_buf_take(&b);
}
