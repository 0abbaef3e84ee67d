/* Applying fixes: choose the fixes of a run's findings, turn them into new
 * file contents, show them as one unified diff, or write them in place.
 *
 * Fixes are chosen in finding order; a fix whose edits overlap an edit
 * already chosen is left out whole (running again picks it up), and an
 * edit identical to one already chosen counts as done (the same fix is often
 * reported from both hosts of a pair). */
#ifndef RL_FIX_H
#define RL_FIX_H

#include <stdbool.h>
#include <stdio.h>

#include "lint.h"
#include "util.h"

typedef struct rl_change {
	rl_source *src;     /* the file as read */
	char *data;         /* new contents */
	size_t len;
	bool content;       /* contents differ */
	bool mode;          /* mode differs */
	unsigned new_mode;  /* permission bits when mode is set */
	size_t nfixes;      /* fixes applied to this file */
	bool layout;        /* the canonical layout changed it further */
} rl_change;

typedef struct rl_changes {
	rl_change *v;
	size_t n, cap;
	size_t applied, skipped; /* fixes */
} rl_changes;

/* Gather the fixes of cx->diags (unsafe ones too when unsafe is set). */
void rl_changes_from_fixes(rl_ctx *cx, bool unsafe, rl_changes *out);
/* Replace each change's contents by the canonical layout of it
 * (src/canonical.h); every file of the run is included, with or without
 * fixes. A file whose contents do not parse keeps its layout, with a note
 * to err (unless err is NULL). */
void rl_changes_canonical(rl_ctx *cx, rl_changes *ch, FILE *err);
void rl_changes_free(rl_changes *ch);
/* The change of a file when its contents change, or NULL. */
const rl_change *rl_changes_find(const rl_changes *ch, const rl_source *src);

struct rl_scrub;
/* Unified diff of every change (a/ and b/ prefixes, 3 lines of context,
 * git-style mode lines). Lines are compared as they are and printed with
 * their secrets masked on both sides (the new contents are parsed to find
 * theirs), then scrubbed of the bytes of every secret in sc (output.h: the
 * run's; NULL: none). */
void rl_changes_diff(const rl_changes *ch, const struct rl_scrub *sc, rl_buf *out);
/* A change's new contents with their secrets masked (the contents are
 * parsed to find them) and scrubbed by sc (may be NULL), appended to out. */
void rl_change_masked(const rl_change *c, const struct rl_scrub *sc, rl_buf *out);
/* The text of an edit masked where the file, with the edit made, holds a
 * secret (the text may bring one, as a key copied from a peer's psk.txt).
 * A masker keeps the top-level statements of the run's files: only those
 * around an edit are parsed again when the file parsed cleanly; with a
 * NULL masker, or when the new text reads badly there, the whole new
 * file is. */
typedef struct rl_edit_masker rl_edit_masker;
rl_edit_masker *rl_edit_masker_new(const rl_ctx *cx);
void rl_edit_masker_free(rl_edit_masker *m);
void rl_edit_masked(rl_edit_masker *m, const rl_edit *e, rl_buf *out);
/* How many of the masker's edits needed the whole new file parsed. */
size_t rl_edit_masker_whole(const rl_edit_masker *m);

/* Write every changed file in place: each one to a temporary file in the
 * same folder, flushed, with the original's owner, group and mode (or the
 * fix's mode), then renamed over it once all temporary files are written.
 * Symbolic links are written through to their target. On failure nothing
 * is replaced and a message naming the file goes to err; returns 0 or -1. */
int rl_changes_write(const rl_changes *ch, FILE *err);

/* Apply edits (any order, non-overlapping) to a buffer. */
char *rl_apply_edits(const char *data, size_t len, const rl_edit *const *edits, size_t n, size_t *newlen);

/* For tests: make the n-th write (1-based) fail; 0 turns it off. */
void rl_fault_inject_write(int n);

#endif
