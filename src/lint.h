/* One run of racoonlint: its options, the files and hosts it read, and the
 * findings. */
#ifndef RL_LINT_H
#define RL_LINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "diag.h"
#include "rules.h"
#include "syntax.h"

typedef struct rl_options {
	rl_format format;
	bool color;
	/* findings in files that no config file covers */
	rl_rule_policy policy;
	/* run a rule's check: the rule is on in some file's policy */
	bool enabled[RL_NRULES];
	bool print;                 /* print files back */
	bool show_secrets;          /* --print writes secrets whole */
	bool diff, fix, unsafe_fixes, canonical, negotiate;
	rl_lang kind;               /* --kind */
	const char *stdin_filename; /* --stdin-filename */
	/* --addr=HOST=ADDR, --platform=HOST=NAME, --setkey=HOST=FILE, then the
	 * addr.HOST and platform.HOST keys of config files: the first entry for
	 * a host wins (rl_kv_lookup) */
	rl_kv *addrs, *platforms, *setkeys;
	size_t naddrs, nplatforms, nsetkeys;
} rl_options;

void rl_options_init(rl_options *o);
void rl_options_free(rl_options *o);

struct rl_host;
struct rl_file_cache;

typedef struct rl_file {
	rl_source *src;
	rl_tree *tree;
	struct rl_host *host;   /* NULL for a file given on its own */
	struct rl_file *parent; /* the file whose include brought this one in */
	uint32_t include_tok;   /* the token of that include statement's pattern */
	const rl_rule_policy *policy;/* from the config file of its input; NULL: opt->policy */
	bool shared;            /* src and tree belong to the run's cache, not to the run */
} rl_file;

typedef struct rl_ctx {
	rl_options *opt;
	rl_file **files;
	size_t nfiles, capfiles;
	struct rl_host **hosts;
	size_t nhosts, caphosts;
	rl_diags diags;
	/* files read from disk come from here when set (src/file_cache.h) */
	struct rl_file_cache *cache;
} rl_ctx;

/* Parse src (taking ownership) and add it to the run. */
rl_file *rl_ctx_add_file(rl_ctx *cx, rl_source *src, rl_lang lang, struct rl_host *host, rl_file *parent);
/* Read the file at path (shown as name), parse it and add it to the run,
 * through cx->cache when set. NULL with *err set (the caller frees it)
 * when it cannot be read. */
rl_file *rl_ctx_load_file(rl_ctx *cx, const char *path, const char *name, rl_lang lang, struct rl_host *host,
			  rl_file *parent, char **err);
/* The tree of a file of the run read from src, or NULL. */
const rl_tree *rl_ctx_tree(const rl_ctx *cx, const rl_source *src);
/* Run the check of every rule in opt->enabled. */
void rl_ctx_run_rules(rl_ctx *cx);
/* Drop the findings that their file's policy turns off or puts below its
 * threshold, and those suppressed by a directive in their file (src/suppress.h);
 * then sort them. A finding belongs to the file of its primary location. */
void rl_ctx_filter(rl_ctx *cx);
void rl_ctx_free(rl_ctx *cx);

/* output.c */
void rl_output(rl_ctx *cx, FILE *out);

#endif
