/* Helpers shared by the rules of rules/: walking a syntax tree, the file and
 * host a finding belongs to, locations already reported, the bytes to
 * delete to remove a command with its line, and the words that say what a
 * host's platform rests on.
 *
 * Two kinds of rules use them. A rule about one statement (an algorithm
 * word, a policy level, a psk.txt line) reads the syntax tree of every file
 * of the run, so it also checks a file given on its own. A rule that
 * combines statements (a remote block with the blocks it inherits from,
 * the policies of a setkey file after flushes and deletes) reads the host
 * model. */
#ifndef RL_RULE_UTIL_H
#define RL_RULE_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "../src/hmap.h"
#include "../src/lint.h"
#include "../src/model.h"
#include "../src/pair_report.h"
#include "../src/util.h"

/* The node after n in pre-order (a node before its children, children in
 * order), or 0 after the last. Start from t->root. */
uint32_t rlr_next_node(const rl_tree *t, uint32_t n);

static inline rl_span rlr_tok_span(const rl_tree *t, uint32_t i)
{
	rl_span sp = {t->toks[i].off, t->toks[i].off + t->toks[i].len};
	return sp;
}

/* The first token that starts at or after offset off (t->ntoks when
 * none). */
uint32_t rlr_tok_from(const rl_tree *t, uint32_t off);

/* A finding at span in f's source, belonging to f's host (if any). */
rl_diag *rlr_report(rl_ctx *cx, int rule, const rl_file *f, rl_span span, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The file of the run that was read into src, or NULL. */
rl_file *rlr_file_of(rl_ctx *cx, const rl_source *src);

/* A set of locations (source and start offset), to report a fact that
 * several blocks share (an inherited statement) once. */
typedef struct rlr_locset {
	rl_hmap ix;
	rl_loc *v;
	size_t n, cap;
} rlr_locset;

/* Add l; false when it was already there. */
bool rlr_locset_add(rlr_locset *s, rl_loc l);
void rlr_locset_free(rlr_locset *s);

/* Call fn for every remote block of every host, with one location set
 * shared by all the calls (a block two hosts read is reported once). */
typedef void (*rlr_remote_fn)(rl_ctx *cx, rl_host *h, const rl_remote *r, rlr_locset *seen);
void rlr_each_remote(rl_ctx *cx, rlr_remote_fn fn);

/* ---- racoon.conf facts ---------------------------------------------- */

/* The first exchange mode of r that sends a hash of the pre-shared key in
 * the clear, aggressive or base (an index into r->modes), when r also has
 * a proposal authenticated by a pre-shared key (*prop, if not NULL);
 * else -1. */
int rlr_aggressive_psk(const rl_remote *r, const rl_proposal **prop);
/* Does some remote block of h allow that? */
bool rlr_host_aggressive_psk(const rl_host *h);

/* ---- setkey policies ------------------------------------------------ */

/* One rule of an ipsec policy that spdadd or spdupdate installs, as nodes
 * of a setkey tree (0 when absent; an absent level means 'default'). */
typedef struct rlr_sk_rule {
	uint32_t cmd, dir, rule, proto, mode, eps, level;
} rlr_sk_rule;

/* The run and the file being walked, for callbacks. */
typedef struct rlr_at {
	rl_ctx *cx;
	const rl_file *f;
} rlr_at;

/* Call fn for every rule of every ipsec policy of a setkey tree that
 * spdadd or spdupdate installs, up to an exit command. */
void rlr_sk_each_rule(const rl_tree *t, void (*fn)(const rlr_sk_rule *r, void *arg), void *arg);
/* Do the bytes of t's source hold word anywhere? false proves that no
 * token is word (a test before a walk that looks for one). */
bool rlr_src_holds(const rl_tree *t, const char *word);
/* Is the level (leaf node, or 0 for none) the given word? An absent level
 * is "default"; "unique:N" counts as "unique". */
bool rlr_sk_level_is(const rl_tree *t, uint32_t level, const char *word);
/* Attach a fix that gives the rule the level word (with the file's edit
 * helpers, src/edit.h). */
void rlr_sk_level_fix(rl_diag *dg, const rl_tree *t, const rlr_sk_rule *r, const char *word, bool safe);

/* The command nodes of a setkey file, to find the one a policy of the
 * model was read from. */
typedef struct rlr_sk_cmds {
	const rl_file *f;
	const uint32_t *v; /* command nodes in file order (the tree's rl_tree_top) */
	size_t n;
} rlr_sk_cmds;

/* Index the commands of the run's file holding src (none when the run has
 * no setkey tree for it). */
void rlr_sk_cmds_init(rlr_sk_cmds *c, rl_ctx *cx, const rl_source *src);
void rlr_sk_cmds_free(rlr_sk_cmds *c);
/* The command node that holds the location, or 0 when the location is not
 * in the indexed file. */
uint32_t rlr_sk_cmd_at(const rlr_sk_cmds *c, rl_loc at);
/* Rule k (from 0) of the command that holds the location; false when the
 * location is not in the indexed file or the command has no such rule. */
bool rlr_sk_rule_at(const rlr_sk_cmds *c, rl_loc at, size_t k, rlr_sk_rule *r);

/* The first tunnel-mode rule of a policy that names its endpoints, or
 * NULL; *k (if not NULL) gets its index. */
const rl_sprule *rlr_tunnel_rule(const rl_policy *p, size_t *k);

/* What a host's platform rests on, e.g. "macOS, given by --platform" or
 * "Linux, inferred from the shebang of setkey.conf". */
void rlr_platform_basis(const rl_host *h, rl_buf *b);

#endif
