#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "source.h"
#include "util.h"

int rl_format_parse(const char *s)
{
	static const char *const names[] = {
		[RL_FMT_TEXT] = "text", [RL_FMT_GCC] = "gcc", [RL_FMT_JSON] = "json", [RL_FMT_SARIF] = "sarif"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

void rl_kv_add(rl_kv **v, size_t *n, const char *key, const char *value)
{
	*v = rl_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].key = rl_xstrdup(key);
	(*v)[*n].value = rl_xstrdup(value);
	(*n)++;
}

const char *rl_kv_lookup(const rl_kv *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return v[i].value;
	return NULL;
}

void rl_kv_free(rl_kv *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim blanks (and a CR) from both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\r'))
		(*n)--;
}

int rl_rule_set_add(rl_rule_set *set, const char *list, char **err)
{
	set->given = true;
	const char *p = list;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const char *name = p;
		trim(&name, &n);
		if (n == 0) {
			*err = rl_xasprintf("empty rule name in '%s'", list);
			return -1;
		}
		char *word = rl_xstrndup(name, n);
		int id = rl_rule_find(word);
		if (strcmp(word, "all") == 0) {
			for (int i = 0; i < RL_NRULES; i++)
				set->has[i] = true;
		} else if (id >= 0) {
			set->has[id] = true;
		} else {
			*err = rl_xasprintf("unknown rule '%s' (see --list-rules)", word);
			free(word);
			return -1;
		}
		free(word);
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

void rl_settings_init(rl_settings *s)
{
	memset(s, 0, sizeof *s);
	s->severity = -1;
	s->format = -1;
}

void rl_settings_free(rl_settings *s)
{
	rl_kv_free(s->platforms, s->nplatforms);
	rl_kv_free(s->addrs, s->naddrs);
	rl_settings_init(s);
}

static const rl_rule_set *pick_set(const rl_rule_set *cli, const rl_rule_set *file)
{
	if (cli && cli->given)
		return cli;
	if (file && file->given)
		return file;
	return NULL;
}

void rl_rule_policy_make(rl_rule_policy *p, const rl_settings *cli, const rl_settings *file)
{
	const rl_rule_set *sel = pick_set(cli ? &cli->select : NULL, file ? &file->select : NULL);
	const rl_rule_set *ign = pick_set(cli ? &cli->ignore : NULL, file ? &file->ignore : NULL);
	for (int i = 0; i < RL_NRULES; i++)
		p->enabled[i] = (!sel || sel->has[i]) && !(ign && ign->has[i]);
	p->min_severity = RL_SEV_INFO;
	if (file && file->severity >= 0)
		p->min_severity = file->severity;
	if (cli && cli->severity >= 0)
		p->min_severity = cli->severity;
}

/* --- config files -------------------------------------------------------- */

typedef struct parser {
	rl_settings *s;
	const char *name;
	unsigned line;
	char **err;
	/* keys seen so far, with their lines, to refuse a key given twice */
	rl_kv *seen;
	size_t nseen;
} parser;

static int perr(parser *p, const char *fmt, const char *arg)
{
	rl_buf b = {0};
	rl_buf_printf(&b, "%s:%u: ", p->name, p->line);
	rl_buf_printf(&b, fmt, arg);
	*p->err = rl_buf_take(&b);
	return -1;
}

/* A host key whose value is wrong: "KEY: WHY". */
static int bad_value(parser *p, const char *key, const char *why)
{
	char *m = rl_xasprintf("%s: %s", key, why);
	int rc = perr(p, "%s", m);
	free(m);
	return rc;
}

static int set_rules(parser *p, rl_rule_set *set, const char *value)
{
	char *e = NULL;
	if (rl_rule_set_add(set, value, &e) == 0)
		return 0;
	int rc = perr(p, "%s", e);
	free(e);
	return rc;
}

/* platform.HOST or addr.HOST: the HOST part, or NULL. */
static const char *host_key(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(key, prefix, n) == 0 ? key + n : NULL;
}

static int set_key(parser *p, const char *key, const char *value)
{
	const char *host;
	if (strcmp(key, "select") == 0)
		return set_rules(p, &p->s->select, value);
	if (strcmp(key, "ignore") == 0)
		return set_rules(p, &p->s->ignore, value);
	if (strcmp(key, "severity") == 0) {
		p->s->severity = rl_severity_parse(value);
		return p->s->severity < 0 ? perr(p, "unknown severity '%s' (info, warning or error)", value) : 0;
	}
	if (strcmp(key, "format") == 0) {
		p->s->format = rl_format_parse(value);
		return p->s->format < 0 ? perr(p, "unknown format '%s' (text, gcc, json or sarif)", value) : 0;
	}
	const char *why;
	if ((host = host_key(key, "platform.")) != NULL && *host) {
		if ((why = rl_platform_value_problem(value)) != NULL)
			return bad_value(p, key, why);
		rl_kv_add(&p->s->platforms, &p->s->nplatforms, host, value);
		return 0;
	}
	if ((host = host_key(key, "addr.")) != NULL && *host) {
		if ((why = rl_addr_value_problem(value)) != NULL)
			return bad_value(p, key, why);
		rl_kv_add(&p->s->addrs, &p->s->naddrs, host, value);
		return 0;
	}
	return perr(p, "unknown key '%s' (select, ignore, severity, format, platform.HOST, addr.HOST)", key);
}

static int parse_line(parser *p, const char *s, size_t n)
{
	const char *hash = memchr(s, '#', n);
	if (hash)
		n = (size_t)(hash - s);
	trim(&s, &n);
	if (n == 0)
		return 0;
	if (memchr(s, '\0', n))
		return perr(p, "%s", "NUL byte in the line");
	const char *eq = memchr(s, '=', n);
	if (!eq)
		return perr(p, "%s", "expected 'key = value'");
	const char *k = s, *v = eq + 1;
	size_t kn = (size_t)(eq - s), vn = n - kn - 1;
	trim(&k, &kn);
	trim(&v, &vn);
	if (kn == 0)
		return perr(p, "%s", "expected a key before '='");
	char *key = rl_xstrndup(k, kn), *value = rl_xstrndup(v, vn);
	int rc;
	const char *first = rl_kv_lookup(p->seen, p->nseen, key);
	if (first) {
		char *msg = rl_xasprintf("'%s' given twice (first on line %s)", key, first);
		rc = perr(p, "%s", msg);
		free(msg);
	} else if (vn == 0) {
		rc = perr(p, "'%s' needs a value", key);
	} else {
		char num[16];
		snprintf(num, sizeof num, "%u", p->line);
		rl_kv_add(&p->seen, &p->nseen, key, num);
		rc = set_key(p, key, value);
	}
	free(key);
	free(value);
	return rc;
}

int rl_config_parse(rl_settings *s, const char *name, const char *text, size_t len, char **err)
{
	parser p = {.s = s, .name = name, .line = 0, .err = err};
	*err = NULL;
	size_t i = 0;
	int rc = 0;
	while (rc == 0 && i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		p.line++;
		rc = parse_line(&p, text + i, n);
		i += n + 1;
	}
	rl_kv_free(p.seen, p.nseen);
	return rc;
}

int rl_config_load(rl_settings *s, const char *path, char **err)
{
	rl_source *src = rl_source_load(path, path, err);
	if (!src)
		return -1;
	int rc = rl_config_parse(s, path, src->data, src->len, err);
	rl_source_free(src);
	return rc;
}

static bool is_regular(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* An absolute form of dir (resolved when it exists). */
static char *absolute(const char *dir)
{
	char *real = realpath(dir, NULL);
	if (real)
		return real;
	if (dir[0] == '/')
		return rl_xstrdup(dir);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return rl_xstrdup(dir);
	return rl_xasprintf("%s/%s", cwd, dir);
}

/* path relative to the current folder when it lies below it, so messages
 * name it as a user would. */
static char *shorten(char *path)
{
	char *cwd = realpath(".", NULL);
	size_t n = cwd ? strlen(cwd) : 0;
	if (cwd && n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/') {
		char *rel = rl_xstrdup(path + n + 1);
		free(path);
		path = rel;
	}
	free(cwd);
	return path;
}

char *rl_config_find(const char *dir)
{
	char *d = absolute(dir);
	char *found = NULL;
	for (;;) {
		size_t n = strlen(d);
		char *cand = rl_xasprintf("%s%s%s", d, n && d[n - 1] == '/' ? "" : "/", RL_CONFIG_NAME);
		if (is_regular(cand)) {
			found = cand;
			break;
		}
		free(cand);
		char *slash = strrchr(d, '/');
		if (!slash || (slash == d && d[1] == '\0'))
			break;
		slash[slash == d ? 1 : 0] = '\0';
	}
	free(d);
	return found ? shorten(found) : NULL;
}

char *rl_config_start_dir(const char *input)
{
	struct stat st;
	if (stat(input, &st) == 0 && S_ISDIR(st.st_mode))
		return rl_xstrdup(input);
	const char *slash = strrchr(input, '/');
	if (!slash)
		return rl_xstrdup(".");
	if (slash == input)
		return rl_xstrdup("/");
	return rl_xstrndup(input, (size_t)(slash - input));
}
