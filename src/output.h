/* What the output formats share: positions counted in characters, the last
 * line of defence against printing a secret, and safe strings. */
#ifndef RL_OUTPUT_H
#define RL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lint.h"
#include "util.h"

/* Secrets shorter than this are not searched for in messages: a short
 * secret would mangle ordinary words (and psk-weak-secret reports it). */
#define RL_SCRUB_MIN 4
/* A secret is searched for by its first RL_SCRUB_KEY bytes (racoon reads
 * no key line longer than 1024 bytes); where they occur, the secret's whole
 * length is hidden, whatever follows. This keeps scrubbing linear in the
 * text however long a hostile secret is. */
#define RL_SCRUB_KEY 1024

typedef struct rl_secret_text {
	const char *p;
	size_t n;     /* bytes searched for: at most RL_SCRUB_KEY */
	size_t cover; /* bytes hidden where they occur: the secret's length */
} rl_secret_text;

/* The bytes of every secret span (of RL_SCRUB_MIN bytes or more) of every
 * source a run loaded, distinct, in byte order (a prefix before the longer
 * strings it begins): v[first[c]] to v[first[c + 1] - 1] start with the
 * byte c. Finding the secrets at a position is a binary search, so scrubbing
 * stays fast with many secrets. */
typedef struct rl_scrub {
	rl_secret_text *v;
	size_t n, cap;
	size_t maxkey; /* the longest v[i].n */
	size_t first[257];
} rl_scrub;

void rl_scrub_init(rl_scrub *s, const rl_ctx *cx);
void rl_scrub_add_source(rl_scrub *s, const rl_source *src);
void rl_scrub_free(rl_scrub *s);
/* Set covered[i] for every byte of text[0..n) that lies inside an
 * occurrence of a secret. */
void rl_scrub_mark(const rl_scrub *s, const char *text, size_t n, unsigned char *covered);
/* Append text with every run of bytes inside occurrences of secrets
 * replaced by "****". */
void rl_scrub_append(const rl_scrub *s, rl_buf *out, const char *text, size_t n);
/* The same, as a new string (to be freed); NULL gives NULL. */
char *rl_scrub_dup(const rl_scrub *s, const char *text);
/* Append text of src (text[0] is at offset off of src) with src's secret
 * spans masked (rl_mask_append) and every other occurrence of a secret of
 * s scrubbed: a key copied into a comment or used as a word elsewhere. */
void rl_mask_scrub_append(const rl_scrub *s, rl_buf *out, const rl_source *src, uint32_t off, const char *text,
			  size_t n);

/* 1-based line and column of a byte offset, the column counting characters
 * (Unicode code points; a byte that is not valid UTF-8 counts as one, and a
 * tab as one). SARIF wants these; the other formats count bytes, as
 * rl_source_pos does, which is what Vim's quickfix and GCC's byte column
 * unit expect. */
void rl_out_pos_chars(const rl_source *src, uint32_t off, uint32_t *line, uint32_t *col);

/* Marks along the last long line rl_out_pos_chars_at converted a position
 * on: mark[k] is the last character boundary at or before RL_CHAR_STEP * k
 * bytes into the line, and the characters before it. */
#define RL_CHAR_STEP 256
typedef struct rl_char_cursor {
	const rl_source *src;
	uint32_t line, start;
	uint32_t (*mark)[2];
	size_t nmarks;
} rl_char_cursor;

/* rl_out_pos_chars, for many positions: a line longer than RL_CHAR_STEP is
 * walked once, and a position on it costs at most RL_CHAR_STEP bytes, in
 * any order. Start with a zeroed cursor, free it with rl_char_cursor_free;
 * the sources must outlive it. */
void rl_out_pos_chars_at(rl_char_cursor *cur, const rl_source *src, uint32_t off, uint32_t *line, uint32_t *col);
void rl_char_cursor_free(rl_char_cursor *cur);

/* A span made safe to print: within the source, end not before start. */
rl_span rl_out_span(const rl_source *src, rl_span sp);

/* output_json.c: the json and sarif formats. */
void rl_output_json(const rl_ctx *cx, FILE *out, const rl_scrub *sc);
void rl_output_sarif(const rl_ctx *cx, FILE *out, const rl_scrub *sc);

#endif
