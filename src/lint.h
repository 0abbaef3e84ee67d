/* One run of racoonlint: its options, the files and hosts it read, and the
 * findings. */
#ifndef RL_LINT_H
#define RL_LINT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "rules.h"
#include "syntax.h"

typedef enum rl_format {
	RL_FMT_TEXT,
	RL_FMT_GCC,
	RL_FMT_JSON,
	RL_FMT_SARIF,
} rl_format;

typedef struct rl_kv {
	char *key, *value;
} rl_kv;

typedef struct rl_options {
	rl_format format;
	bool format_set;
	bool color;
	int min_severity;           /* report findings at or above */
	bool print;                 /* print files back */
	bool show_secrets;          /* --print writes secrets whole */
	bool diff, fix, unsafe_fixes, canonical, negotiate;
	rl_lang kind;               /* --kind */
	const char *stdin_filename; /* --stdin-filename */
	signed char enabled[RL_NRULES]; /* 1 on, 0 off */
	/* --addr=HOST=ADDR, --platform=HOST=NAME, --setkey=HOST=FILE */
	rl_kv *addrs, *platforms, *setkeys;
	size_t naddrs, nplatforms, nsetkeys;
} rl_options;

struct rl_host;

typedef struct rl_file {
	rl_source *src;
	rl_tree *tree;
	struct rl_host *host;   /* NULL for a file given on its own */
	struct rl_file *parent; /* the file whose include brought this one in */
} rl_file;

typedef struct rl_ctx {
	rl_options *opt;
	rl_file **files;
	size_t nfiles, capfiles;
	struct rl_host **hosts;
	size_t nhosts, caphosts;
	rl_diags diags;
} rl_ctx;

/* Parse src (taking ownership) and add it to the run. */
rl_file *rl_ctx_add_file(rl_ctx *cx, rl_source *src, rl_lang lang, struct rl_host *host, rl_file *parent);
/* Run every enabled rule's check. */
void rl_ctx_run_rules(rl_ctx *cx);
/* Drop findings that are disabled, suppressed inline or below the
 * threshold; then sort. */
void rl_ctx_filter(rl_ctx *cx);
void rl_ctx_free(rl_ctx *cx);

/* output.c */
void rl_output(rl_ctx *cx, FILE *out);

#endif
