/* What the language server asks of the linter: lint an open buffer whose
 * text may differ from the file on disk, and lay a buffer out canonically.
 *
 * These two functions are the seams between the server (src/lsp.c, which
 * only speaks the protocol) and the linter proper; cross-host linting and
 * the canonical printer plug in here without touching the server. */
#ifndef RL_LSP_LINT_H
#define RL_LSP_LINT_H

#include <stddef.h>

#include "lint.h"

/* An editor buffer standing in for a file. */
typedef struct rl_overlay {
	const char *path; /* the file it stands for (the URI when it is no file) */
	const char *text; /* its bytes, unsaved edits included */
	size_t len;
	rl_lang lang;
} rl_overlay;

/* Lint an open buffer into cx (the caller sets cx->opt and frees cx): parse,
 * run the rules, filter as the command line does. Returns the source in cx
 * that holds ov's text; the server publishes the findings located in it.
 *
 * When ov->path lies in a host folder (the folder holding racoon.conf or a
 * setkey file, or the parent of a racoon/ folder holding racoon.conf) whose
 * parent folder holds other host folders, that host and each of its sibling
 * hosts are read as `racoonlint PARENT/HOST...` reads them, with ov->text
 * standing in for the file at ov->path (every other file comes from disk),
 * and the pair rules run over them; the parent folder is the workspace.
 * Otherwise the buffer is linted on its own, as `racoonlint FILE` lints a
 * file. Findings whose location is in another file are not shown in this
 * buffer (they are shown when that file is open), but their related
 * locations may point anywhere.
 *
 * With cx->cache set, the hosts' files are read through it
 * (src/file_cache.h), the parent folder being their site; what it kept
 * for the site of a host that has no siblings any more is dropped. */
rl_source *rl_lint_overlay(rl_ctx *cx, const rl_overlay *ov);

/* The canonical layout of a tree that parsed without errors, or NULL to
 * leave the layout as it is (the server then answers formatting with no
 * edits). The server computes the edits and keeps secrets out of them.
 *
 * It is rl_canonical (src/canonical.h), or NULL when the text holds a NUL
 * byte. */
char *rl_lsp_canonical(const rl_tree *t);

#endif
