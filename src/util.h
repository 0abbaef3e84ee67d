/* Small helpers shared by every module: checked allocation and a growable
 * byte buffer. */
#ifndef RL_UTIL_H
#define RL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *rl_xmalloc(size_t n);
void *rl_xcalloc(size_t n, size_t size);
void *rl_xrealloc(void *p, size_t n);
char *rl_xstrdup(const char *s);
char *rl_xstrndup(const char *s, size_t n);
char *rl_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *rl_xvasprintf(const char *fmt, va_list ap);

/* Grow *v (element size sz) so that it holds at least need elements. */
void rl_grow(void **v, size_t *cap, size_t need, size_t sz);
#define RL_GROW(v, cap, need) rl_grow((void **)&(v), &(cap), (need), sizeof(*(v)))

typedef struct rl_buf {
	char *data;
	size_t len, cap;
} rl_buf;

void rl_buf_add(rl_buf *b, const void *p, size_t n);
void rl_buf_puts(rl_buf *b, const char *s);
void rl_buf_putc(rl_buf *b, char c);
void rl_buf_printf(rl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rl_buf_vprintf(rl_buf *b, const char *fmt, va_list ap);
/* NUL-terminated contents (the buffer keeps ownership). */
const char *rl_buf_str(rl_buf *b);
/* Hand the contents to the caller (NUL-terminated) and reset the buffer. */
char *rl_buf_take(rl_buf *b);
void rl_buf_free(rl_buf *b);

/* Hash of a byte string (FNV-1a, 64 bit). */
uint64_t rl_hash(const void *p, size_t n);

/* Decode one UTF-8 character (strict: no overlong forms, surrogates or
 * values above U+10FFFF). Returns its length in bytes, or 0 when the bytes
 * at text are not a valid character. */
size_t rl_utf8_decode(const char *text, size_t n, uint32_t *cp);

/* Index of the line holding byte offset off, given the sorted offsets of
 * the n line starts (starts[0] is 0). */
uint32_t rl_line_index(const uint32_t *starts, uint32_t n, uint32_t off);

#endif
