/* Text as an editor sees it, for the language server: line tables with the
 * LSP's idea of a line break (LF, CR LF or a lone CR), conversions between
 * byte offsets and LSP positions (line and character, where a character is
 * counted in UTF-16 code units by default, or in UTF-8 bytes when the client
 * offers that), edits of an open buffer, and file: URIs.
 *
 * Everything here works on arbitrary bytes: a buffer with invalid UTF-8
 * counts each stray byte as one unit, never reads past its end, and never
 * fails. */
#ifndef RL_LSP_TEXT_H
#define RL_LSP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The unit LSP positions count columns in (LSP 3.17 "position encoding"). */
typedef enum rl_lsp_enc {
	RL_ENC_UTF16 = 0, /* the default every client understands */
	RL_ENC_UTF8,
} rl_lsp_enc;

const char *rl_lsp_enc_name(rl_lsp_enc enc);


/* Append s[0..n) to out with every invalid UTF-8 byte replaced by U+FFFD, so
 * the result can go into a JSON string. */
void rl_utf8_sanitize(rl_buf *out, const char *s, size_t n);

typedef struct rl_lsp_pos {
	uint32_t line;      /* 0-based */
	uint32_t character; /* 0-based, in units of the position encoding */
} rl_lsp_pos;

/* The start of every line of a text. The text is borrowed: rebuild the
 * table after the bytes change or move. */
typedef struct rl_lsp_lines {
	const char *data;
	uint32_t len;
	uint32_t *start; /* start[0] == 0 */
	uint32_t n;      /* number of lines, at least 1 */
	size_t cap;
	/* marks along the last long line rl_lsp_pos_of converted on, in the
	 * encoding mark_enc: mark[k] is the last character boundary at or
	 * before 256 * k bytes into line mark_line, and the units before it */
	uint32_t (*mark)[2];
	size_t nmarks;
	uint32_t mark_line;
	rl_lsp_enc mark_enc;
} rl_lsp_lines;

void rl_lsp_lines_build(rl_lsp_lines *l, const char *data, uint32_t len);
void rl_lsp_lines_free(rl_lsp_lines *l);

/* Position of a byte offset (clamped to the text; an offset inside a line
 * break or inside a multi-byte character maps to where that break or
 * character starts). A line longer than 256 bytes is walked once and
 * marked (l keeps the marks of one line), so that many positions on it, in
 * any order, cost no more than the line. */
rl_lsp_pos rl_lsp_pos_of(rl_lsp_lines *l, uint32_t off, rl_lsp_enc enc);
/* Byte offset of a position; a line past the end maps to the end of the
 * text, a character past the end of its line to the end of the line, and a
 * character inside a multi-byte character (half a surrogate pair) to its
 * start, as the LSP asks. */
uint32_t rl_lsp_off_of(const rl_lsp_lines *l, rl_lsp_pos p, rl_lsp_enc enc);

/* An open editor buffer: its bytes and their line table, kept in step. */
typedef struct rl_lsp_text {
	rl_buf buf;
	rl_lsp_lines lines;
} rl_lsp_text;

/* Both refuse (return false, changing nothing) when the text would grow past
 * RL_MAX_FILE_SIZE. */
bool rl_lsp_text_set(rl_lsp_text *t, const char *data, size_t len);
/* Replace [start, end) (positions, in order or not) with data[0..n). */
bool rl_lsp_text_edit(rl_lsp_text *t, rl_lsp_pos start, rl_lsp_pos end, const char *data, size_t n,
		      rl_lsp_enc enc);
void rl_lsp_text_free(rl_lsp_text *t);

/* The file system path of a file: URI (percent-decoded), or NULL when uri
 * is not a local file: URI. */
char *rl_uri_to_path(const char *uri);
/* A file: URI for a path (made absolute against the working folder). */
char *rl_path_to_uri(const char *path);

#endif
