/* A source buffer: the bytes of one input file, its line table, and the
 * spans of the secrets it holds. Every position racoonlint reports is a byte
 * offset into one of these. */
#ifndef RL_SOURCE_H
#define RL_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The languages racoonlint reads. */
typedef enum rl_lang {
	RL_LANG_UNKNOWN = 0,
	RL_LANG_RACOON,
	RL_LANG_PSK,
	RL_LANG_SETKEY,
} rl_lang;

/* NUL bytes after the data of every source: flex scans a buffer in place
 * when it ends with two of them. */
#define RL_SOURCE_PAD 2

/* Largest file racoonlint reads (bytes). */
#define RL_MAX_FILE_SIZE (64u * 1024u * 1024u)

typedef struct rl_span {
	uint32_t start, end; /* [start, end) */
} rl_span;

typedef struct rl_source {
	char *path;       /* file system path ("-" for standard input) */
	char *name;       /* name shown in messages */
	char *data;       /* the bytes, then RL_SOURCE_PAD NUL bytes (so the
			   * text is NUL-terminated, and the scanners read it
			   * in place: see rl_scan_in_place) */
	uint32_t len;
	uint32_t *lines;  /* offset of the start of each line */
	uint32_t nlines;
	rl_lang lang;
	/* secret spans, sorted by start, never overlapping */
	rl_span *secrets;
	size_t nsecrets, capsecrets;
	/* file status when read from disk */
	bool have_stat;
	mode_t mode;
	uid_t uid;
	gid_t gid;
} rl_source;

/* Read a file. On failure returns NULL and sets *err to a message (to be
 * freed by the caller) naming the file. */
rl_source *rl_source_load(const char *path, const char *name, char **err);
/* Wrap bytes already in memory (copied). */
rl_source *rl_source_from_mem(const char *name, const char *data, size_t len);
void rl_source_free(rl_source *src);
/* Take the file status (mode, owner) of the file at path, for a source
 * whose bytes come from elsewhere (an editor's buffer of that file);
 * nothing when path cannot be read. */
void rl_source_stat_path(rl_source *src, const char *path);

/* 1-based line and column (column counts bytes) of a byte offset. */
void rl_source_pos(const rl_source *src, uint32_t off, uint32_t *line, uint32_t *col);
/* Offset of the start of a 1-based line, and the end of that line (before
 * its line break). */
uint32_t rl_source_line_start(const rl_source *src, uint32_t line);
uint32_t rl_source_line_end(const rl_source *src, uint32_t line);

/* Mark [start, end) as a secret: every printer masks those bytes. */
void rl_source_add_secret(rl_source *src, uint32_t start, uint32_t end);
bool rl_source_is_secret(const rl_source *src, uint32_t off);
/* Index of the first secret span that ends after off (nsecrets when none). */
size_t rl_source_secret_after(const rl_source *src, uint32_t off);
/* Does [start, end) overlap a secret? */
bool rl_source_overlaps_secret(const rl_source *src, uint32_t start, uint32_t end);

/* Copy text, replacing every byte that lies in one of src's secret spans.
 * 'off' is the offset of text[0] in src. A masked secret becomes "****"
 * once, whatever its length, so its length does not leak either. */
struct rl_buf;
void rl_mask_append(struct rl_buf *out, const rl_source *src, uint32_t off, const char *text, size_t n);

/* Guess the language from a file name (and the first line). */
rl_lang rl_lang_from_name(const char *path, const char *data, size_t len);
const char *rl_lang_name(rl_lang lang);
rl_lang rl_lang_parse(const char *s);

#endif
