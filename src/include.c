#include "include.h"

#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "racoon_syntax.h"
#include "rules.h"
#include "util.h"

/* What racoon carries from one file to the next while it reads. */
typedef struct inc_state {
	rl_ctx *cx;
	const rl_pathmap *map;
	struct rl_host *host;
	char *path_include;   /* the 'path include' directory in force, or NULL */
	char *open[RL_MAX_INCLUDE_DEPTH + 1]; /* real paths of the files being read */
	rl_file *open_file[RL_MAX_INCLUDE_DEPTH + 1];
	int depth;
	char **seen;          /* real paths of every file read */
	size_t nseen, capseen;
	bool too_many;
} inc_state;

static bool starts_with_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

char *rl_pathmap_resolve(const rl_pathmap *map, const char *abs, const char *path_include)
{
	/* macOS: /etc is /private/etc */
	if (strncmp(abs, "/private/etc/", 13) == 0)
		abs += 8;
	const char *prefix = map->prefix ? map->prefix : path_include ? path_include : "/etc/racoon";
	if (!starts_with_dir(abs, prefix))
		return NULL;
	size_t n = strlen(prefix);
	while (n > 1 && prefix[n - 1] == '/')
		n--;
	const char *rest = (n == 1 && prefix[0] == '/') ? abs : abs + n;
	while (*rest == '/' && rest[1] == '/')
		rest++;
	return rl_xasprintf("%s%s%s", map->folder, *rest == '/' || !*rest ? "" : "/", rest);
}

/* folder with the characters glob(3) would take as a pattern escaped. */
static void put_glob_escaped(rl_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("*?[]\\", *s))
			rl_buf_putc(b, '\\');
		rl_buf_putc(b, *s);
	}
}

/* The glob to run for an include pattern, in the checked folder; NULL when
 * the pattern lies outside it (*outside then names the directory the
 * folder stands for). */
static char *fs_pattern(const inc_state *st, const char *pattern, const char **outside)
{
	char *abs = NULL;
	if (pattern[0] != '/' && st->path_include)
		abs = rl_xasprintf("%s/%s", st->path_include, pattern);
	rl_buf b = {0};
	if (!abs && pattern[0] != '/') {
		put_glob_escaped(&b, st->map->folder);
		rl_buf_printf(&b, "/%s", pattern);
		return rl_buf_take(&b);
	}
	const char *full = abs ? abs : pattern;
	const rl_pathmap *map = st->map;
	const char *prefix = map->prefix ? map->prefix : st->path_include ? st->path_include : "/etc/racoon";
	char *mapped = rl_pathmap_resolve(map, full, st->path_include);
	if (!mapped) {
		*outside = prefix;
		free(abs);
		return NULL;
	}
	/* escape the folder part only: the rest is the pattern */
	size_t nf = strlen(map->folder);
	char *folder = rl_xstrndup(mapped, nf);
	put_glob_escaped(&b, folder);
	rl_buf_puts(&b, mapped + nf);
	free(folder);
	free(mapped);
	free(abs);
	return rl_buf_take(&b);
}

static const char *display_path(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

static rl_diag *report_at(inc_state *st, rl_file *f, uint32_t tok, int rule, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static rl_diag *report_at(inc_state *st, rl_file *f, uint32_t tok, int rule, const char *fmt, ...)
{
	rl_span sp = {0, 0};
	rl_source *src = NULL;
	if (f) {
		src = f->src;
		if (tok != RC_NONE)
			sp = (rl_span){f->tree->toks[tok].off, f->tree->toks[tok].off + f->tree->toks[tok].len};
	}
	va_list ap;
	va_start(ap, fmt);
	rl_diag *dg = rl_vreport(&st->cx->diags, rule, src, sp, fmt, ap);
	va_end(ap);
	return dg;
}

static bool seen_before(inc_state *st, const char *real)
{
	for (size_t i = 0; i < st->nseen; i++)
		if (strcmp(st->seen[i], real) == 0)
			return true;
	RL_GROW(st->seen, st->capseen, st->nseen + 1);
	st->seen[st->nseen++] = rl_xstrdup(real);
	return false;
}

static void follow(inc_state *st, rl_file *f);

/* Read one file a glob matched. */
static void include_one(inc_state *st, rl_file *f, uint32_t at, const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		report_at(st, f, at, RL_R_missing_file, "cannot read included file '%s'", display_path(path));
		return;
	}
	for (int i = 0; i < st->depth; i++) {
		if (strcmp(st->open[i], real) != 0)
			continue;
		rl_file *cur = st->open_file[st->depth - 1];
		if (i == st->depth - 1) {
			report_at(st, f, at, RL_R_include_cycle, "'%s' includes itself: racoon reads it again and "
				  "again until includes nest too deeply", cur->src->name);
			return;
		}
		rl_buf chain = {0};
		for (int k = i; k < st->depth; k++)
			rl_buf_printf(&chain, "%s -> ", st->open_file[k]->src->name);
		rl_buf_puts(&chain, st->open_file[i]->src->name);
		report_at(st, f, at, RL_R_include_cycle, "'%s' includes '%s', which is already being read (%s): "
			  "racoon loops until includes nest too deeply", cur->src->name, st->open_file[i]->src->name,
			  rl_buf_str(&chain));
		rl_buf_free(&chain);
		return;
	}
	if (st->depth > RL_MAX_INCLUDE_DEPTH) {
		report_at(st, f, at, RL_R_include_cycle, "includes nest more than %d deep at '%s': racoon "
			  "stops (Includes nested too deeply)", RL_MAX_INCLUDE_DEPTH, display_path(path));
		return;
	}
	if (seen_before(st, real))
		return;
	if (st->nseen > RL_MAX_INCLUDED_FILES) {
		if (!st->too_many)
			report_at(st, f, at, RL_R_missing_file, "more than %d included files: the rest are not read",
				  RL_MAX_INCLUDED_FILES);
		st->too_many = true;
		return;
	}
	char *err = NULL;
	rl_file *nf = rl_ctx_load_file(st->cx, path, display_path(path), RL_LANG_RACOON, st->host, f, &err);
	if (!nf) {
		report_at(st, f, at, RL_R_missing_file, "included file %s", err);
		free(err);
		return;
	}
	nf->include_tok = at;
	follow(st, nf);
}

static void include_stmt(inc_state *st, rl_file *f, uint32_t stmt)
{
	const rl_tree *t = f->tree;
	uint32_t q = rc_arg(t, stmt, 0);
	if (q == RC_NONE || t->toks[q].kind != RC_T_QSTRING)
		return;
	char *pattern = rl_tok_strdup(t, q);
	const char *outside = NULL;
	char *fsp = fs_pattern(st, pattern, &outside);
	if (!fsp) {
		rl_diag *dg = report_at(st, f, q, RL_R_missing_file, "include \"%s\" is outside %s, the directory "
					"%s stands for: not checked", pattern, outside, display_path(st->map->folder));
		dg->sev = RL_SEV_WARNING;
		free(pattern);
		return;
	}
	if (strlen(fsp) >= PATH_MAX) {
		/* glibc's glob recurses once a path component and grows its memory
		 * with the square of their number: a hostile pattern of a million
		 * components ran out of stack. No such path can exist anyway. */
		report_at(st, f, q, RL_R_missing_file, "include pattern of %zu bytes matches no file: paths are "
			  "shorter than %d bytes", strlen(pattern), PATH_MAX);
		free(fsp);
		free(pattern);
		return;
	}
	glob_t g;
	memset(&g, 0, sizeof g);
	int rc = glob(fsp, 0, NULL, &g);
	if (rc != 0 || g.gl_pathc == 0) {
		rl_diag *dg = report_at(st, f, q, RL_R_missing_file, "include \"%s\" matches no file (looked for "
					"%s): racoon stops (glob found no matches)", pattern, display_path(fsp));
		/* Apple's racoon only warns */
		if (t->dialect & RC_DIALECT_APPLE)
			dg->sev = RL_SEV_WARNING;
	}
	for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++)
		include_one(st, f, q, g.gl_pathv[i]);
	globfree(&g);
	free(fsp);
	free(pattern);
}

static void path_include_stmt(inc_state *st, const rl_tree *t, uint32_t stmt)
{
	uint32_t type = rc_arg(t, stmt, 0);
	uint32_t value = rc_arg(t, stmt, 1);
	if (type == RC_NONE || value == RC_NONE || !rl_tok_is(t, type, "include") ||
	    t->toks[value].kind != RC_T_QSTRING)
		return;
	free(st->path_include);
	st->path_include = rl_tok_strdup(t, value);
	size_t n = strlen(st->path_include);
	while (n > 1 && st->path_include[n - 1] == '/')
		st->path_include[--n] = '\0';
}

/* Walk one file's top-level statements in order, as racoon reads them. */
static void follow(inc_state *st, rl_file *f)
{
	char real[PATH_MAX];
	if (!realpath(f->src->path, real))
		snprintf(real, sizeof real, "%s", f->src->path);
	st->open[st->depth] = rl_xstrdup(real);
	st->open_file[st->depth] = f;
	st->depth++;
	const rl_tree *t = f->tree;
	for (uint32_t n = t->nodes[t->root].child; n; n = t->nodes[n].next) {
		if (t->nodes[n].kind != RC_N_STMT)
			continue;
		int kw = rc_kw_kind(t, n);
		if (kw == RC_T_PATH)
			path_include_stmt(st, t, n);
		else if (kw == RC_T_INCLUDE)
			include_stmt(st, f, n);
	}
	st->depth--;
	free(st->open[st->depth]);
}

void rl_racoon_follow_includes(rl_ctx *cx, rl_file *f, const rl_pathmap *map)
{
	inc_state st;
	memset(&st, 0, sizeof st);
	st.cx = cx;
	st.map = map;
	st.host = f->host;
	char real[PATH_MAX];
	if (realpath(f->src->path, real))
		seen_before(&st, real);
	follow(&st, f);
	for (size_t i = 0; i < st.nseen; i++)
		free(st.seen[i]);
	free(st.seen);
	free(st.path_include);
}

void rl_racoon_load(rl_ctx *cx, const char *path, const char *display_name, const rl_pathmap *map,
		    struct rl_host *host)
{
	char *err = NULL;
	rl_source *src = rl_source_load(path, display_name, &err);
	if (!src) {
		rl_report(&cx->diags, RL_R_missing_file, NULL, (rl_span){0, 0}, "%s", err);
		free(err);
		return;
	}
	rl_file *f = rl_ctx_add_file(cx, src, RL_LANG_RACOON, host, NULL);
	rl_racoon_follow_includes(cx, f, map);
}

void rl_racoon_follow_alone(rl_ctx *cx, rl_file *f, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *folder = slash ? rl_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : rl_xstrdup(".");
	rl_pathmap map = {folder, NULL};
	rl_racoon_follow_includes(cx, f, &map);
	free(folder);
}
