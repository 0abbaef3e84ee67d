/* The rule registry. Every rule has a stable code and name, a default
 * severity, a scope, a one-line summary and an explanation with a bad and a
 * good example; rules/registry.def lists them all, one line each, and each
 * rule's definition (with its check function) lives in its own file under
 * rules/. */
#ifndef RL_RULES_H
#define RL_RULES_H

#include "diag.h"

typedef enum rl_scope {
	RL_SCOPE_FILE,
	RL_SCOPE_HOST,
	RL_SCOPE_PAIR,
} rl_scope;

struct rl_ctx;

typedef struct rl_rule {
	const char *code;     /* "RL101" */
	const char *name;     /* "aes-preference" */
	rl_severity severity; /* default */
	rl_scope scope;
	const char *summary;  /* one line */
	const char *explain;  /* paragraphs; includes a bad and a good example */
	/* Runs the check over the whole run (every file, host and pair); NULL
	 * for findings made elsewhere (syntax errors by the parsers, ...). */
	void (*check)(struct rl_ctx *cx);
} rl_rule;

/* RL_R_syntax_error, RL_R_missing_file, ... */
enum {
#define RL_RULE(id) RL_R_##id,
#include "../rules/registry.def"
#undef RL_RULE
	RL_NRULES
};

#define RL_RULE(id) extern const rl_rule rl_rule_##id;
#include "../rules/registry.def"
#undef RL_RULE

const rl_rule *rl_rule_get(int id);
/* By name or code; -1 when unknown. */
int rl_rule_find(const char *name_or_code);
const char *rl_scope_name(rl_scope s);

#endif
