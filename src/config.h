/* Settings: what the command line says and what a .racoonlint file says,
 * and the rule policy made of the two.
 *
 * A .racoonlint file is found by walking upward from an input (a host folder,
 * or the folder of a file) to the file system root; the nearest one wins, and
 * its settings apply to that input's files. It holds `key = value` lines and
 * `#` comments; docs/config.md lists the keys. A flag on the command line
 * replaces the key of the same name. */
#ifndef RL_CONFIG_H
#define RL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

/* Name of the configuration file looked for beside the inputs. */
#define RL_CONFIG_NAME ".racoonlint"

typedef enum rl_format {
	RL_FMT_TEXT,
	RL_FMT_GCC,
	RL_FMT_JSON,
	RL_FMT_SARIF,
} rl_format;

/* "text", "gcc", "json" or "sarif"; -1 when unknown. */
int rl_format_parse(const char *s);

typedef struct rl_kv {
	char *key, *value;
} rl_kv;

/* Append a copy of key and value. */
void rl_kv_add(rl_kv **v, size_t *n, const char *key, const char *value);
/* The value of the first entry with this key, or NULL. */
const char *rl_kv_lookup(const rl_kv *v, size_t n, const char *key);
void rl_kv_free(rl_kv *v, size_t n);

/* The rules a --select or --ignore (or a config key) names. */
typedef struct rl_rule_set {
	bool given;              /* the flag or key appeared at least once */
	bool has[RL_NRULES];
} rl_rule_set;

/* Add the rules of a comma-separated list of names or codes ("all" names
 * every rule; blanks around names are allowed) to set. Returns 0, or -1 with
 * *err set (to be freed) naming the first unknown rule or an empty name. */
int rl_rule_set_add(rl_rule_set *set, const char *list, char **err);

/* What one source of settings says; fields not given are -1 or empty. */
typedef struct rl_settings {
	rl_rule_set select, ignore;
	int severity;            /* rl_severity, or -1 */
	int format;              /* rl_format, or -1 */
	rl_kv *platforms, *addrs;/* platform.HOST and addr.HOST: key HOST */
	size_t nplatforms, naddrs;
} rl_settings;

void rl_settings_init(rl_settings *s);
void rl_settings_free(rl_settings *s);

/* Which rules report, and from which severity on. */
typedef struct rl_rule_policy {
	bool enabled[RL_NRULES];
	int min_severity;
} rl_rule_policy;

/* The policy of files covered by a config file (NULL: none). Each setting
 * comes from the command line when the flag was given, else from the file,
 * else the default: every rule, from info on. A rule reports when it is
 * selected and not ignored: ignore wins. */
void rl_rule_policy_make(rl_rule_policy *p, const rl_settings *cli, const rl_settings *file);

/* Parse the text of a config file into s (initialised by the caller).
 * name is used in messages. Returns 0, or -1 with *err set to
 * "NAME:LINE: message" (to be freed). */
int rl_config_parse(rl_settings *s, const char *name, const char *text, size_t len, char **err);
/* Read and parse a config file. Same contract as rl_config_parse. */
int rl_config_load(rl_settings *s, const char *path, char **err);
/* Path of the nearest .racoonlint in dir or one of its parents, or NULL
 * (to be freed): relative to the current folder when it lies below it,
 * else absolute. A relative dir is taken from the current folder. */
char *rl_config_find(const char *dir);
/* The folder to start looking from for an input: the input itself when it
 * is a folder, else the folder of its name (to be freed). */
char *rl_config_start_dir(const char *input);

#endif
