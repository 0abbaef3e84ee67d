/* racoonlint --lsp: a Language Server Protocol server on standard input and
 * output.
 *
 * It keeps the text of every open document (full or incremental sync),
 * lints a document's unsaved text after each change and publishes its
 * findings as diagnostics, answers textDocument/codeAction with the quick
 * fixes of the findings in the asked range and textDocument/formatting with
 * the canonical layout. The linting itself is behind src/lsp_lint.h.
 *
 * Diagnostics are published when no further message is waiting, so a burst
 * of edits is linted once. No secret leaves: messages are scrubbed of the
 * secrets of every file read, and an edit whose text could carry a secret
 * is never sent. */
#ifndef RL_LSP_H
#define RL_LSP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "jsonrpc.h"
#include "lint.h"
#include "lsp_text.h"

typedef struct rl_lsp_doc {
	struct rl_lsp_doc *next;
	char *uri;
	char *path; /* the file it is, or its URI when it is no local file */
	rl_lang lang;
	json_int_t version;
	rl_lsp_text text;
	bool dirty; /* changed since its diagnostics were published */
} rl_lsp_doc;

typedef enum rl_lsp_state {
	RL_LSP_NEW,      /* waiting for initialize */
	RL_LSP_RUNNING,
	RL_LSP_SHUTDOWN, /* shutdown received: waiting for exit */
} rl_lsp_state;

typedef struct rl_lsp {
	rl_options *opt; /* rule selection and threshold from the command line */
	FILE *out;
	rl_lsp_enc enc;
	rl_lsp_state state;
	bool exited;     /* exit received */
	bool out_failed; /* the client is gone */
	rl_lsp_doc *docs;
	/* the files of the host folders around the open documents, as read
	 * and parsed by the last runs (src/file_cache.h) */
	struct rl_file_cache *cache;
} rl_lsp;

void rl_lsp_init(rl_lsp *s, rl_options *opt, FILE *out);
void rl_lsp_free(rl_lsp *s);
/* Handle one message body (answers go to s->out). */
void rl_lsp_handle(rl_lsp *s, const char *body, size_t len);
/* Answer a message the reader could not frame. */
void rl_lsp_frame_error(rl_lsp *s, rl_frame f);
/* Lint the documents changed since their last diagnostics and publish. */
void rl_lsp_publish_pending(rl_lsp *s);
/* 0 after shutdown, else 1. */
int rl_lsp_exit_code(const rl_lsp *s);
/* Serve on standard input and output until exit or end of input. */
int rl_lsp_main(rl_options *opt);

/* Turning findings into LSP objects. A locator maps each source of a run to
 * a URI and a line table, built on first use. */
typedef struct rl_lsp_file {
	const rl_source *src;
	char *uri;
	rl_lsp_lines lines;
} rl_lsp_file;

typedef struct rl_lsp_locator {
	rl_lsp_enc enc;
	const rl_ctx *cx;      /* its files' secrets are scrubbed from messages */
	const rl_source *home; /* the buffer's source ... */
	const char *home_uri;  /* ... and the URI the client knows it by */
	struct rl_scrub *scrub;/* the secrets of the run and of home */
	rl_lsp_file *v;
	size_t n, cap;
} rl_lsp_locator;

void rl_lsp_locator_init(rl_lsp_locator *l, rl_lsp_enc enc, const rl_ctx *cx, const rl_source *home,
			 const char *home_uri);
void rl_lsp_locator_free(rl_lsp_locator *l);
/* An LSP Range for a span of src. */
json_t *rl_lsp_range(rl_lsp_locator *l, const rl_source *src, rl_span span);
/* An LSP Diagnostic. */
json_t *rl_lsp_diagnostic(rl_lsp_locator *l, const rl_diag *dg);
/* A TextEdit replacing [start, end) of src with text[0..n), or NULL when the
 * text could carry a secret (it replaces bytes of a secret, or puts
 * non-blank text into a pre-shared key file). */
json_t *rl_lsp_edit_json(rl_lsp_locator *l, const rl_source *src, uint32_t start, uint32_t end,
			 const char *text, size_t n);
/* TextEdits turning src's text into text[0..m): one edit over the part that
 * differs, none when nothing differs or when that edit could carry a
 * secret. */
json_t *rl_lsp_replace_edits(rl_lsp_locator *l, const rl_source *src, const char *text, size_t m);
/* A quick-fix CodeAction for the finding's fix, or NULL when it has none
 * that an editor can apply without a secret in it. */
json_t *rl_lsp_code_action(rl_lsp_locator *l, const rl_diag *dg);

#endif
