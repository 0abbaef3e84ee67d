#include "host.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build.h"
#include "include.h"
#include "model.h"
#include "pair_report.h"
#include "parse.h"
#include "racoon_syntax.h"
#include "setkey_syntax.h"
#include "util.h"

/* ---- paths ----------------------------------------------------------- */

static const char *display(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

static char *join(const char *dir, const char *rel)
{
	return rl_xasprintf("%s/%s", dir, rel);
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder without trailing slashes ("/" stays). */
static char *trim_folder(const char *folder)
{
	size_t n = strlen(folder);
	while (n > 1 && folder[n - 1] == '/')
		n--;
	return rl_xstrndup(folder, n);
}

/* The last component of a folder; for ".", ".." and the like, that of its
 * real path. */
static char *base_of(const char *folder)
{
	const char *slash = strrchr(folder, '/');
	const char *b = slash ? slash + 1 : folder;
	if (*b && strcmp(b, ".") != 0 && strcmp(b, "..") != 0)
		return rl_xstrdup(b);
	char real[PATH_MAX];
	if (!realpath(folder, real))
		return rl_xstrdup(folder);
	slash = strrchr(real, '/');
	return rl_xstrdup(slash && slash[1] ? slash + 1 : real);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return rl_xstrdup(".");
	return rl_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* An absolute form of a path that need not exist yet (its folder must). */
static char *canon(const char *path)
{
	char real[PATH_MAX];
	if (realpath(path, real))
		return rl_xstrdup(real);
	char *dir = dir_of(path);
	const char *slash = strrchr(path, '/');
	char *r = realpath(dir, real) ? join(real, slash ? slash + 1 : path) : rl_xstrdup(path);
	free(dir);
	return r;
}

static rl_file *host_file(rl_ctx *cx, rl_host *h, const char *path, rl_lang lang);

/* ---- reading the folder ---------------------------------------------- */

typedef struct loader {
	rl_ctx *cx;
	rl_host *h;
	char *folder;    /* as named, without trailing slashes */
	char *confdir;   /* the folder racoon.conf lies in */
	char *prefix;    /* the directory the folder stands for */
	rl_pathmap map;
	rl_host_text *over;
	char *over_canon;
	rl_file *conf;
	rl_file *spd;
	rl_conf_paths paths;
} loader;

/* The editor's text when it stands for this path, else NULL. */
static rl_source *over_source(loader *L, const char *path)
{
	if (!L->over)
		return NULL;
	char *c = canon(path);
	bool same = strcmp(c, L->over_canon) == 0;
	free(c);
	if (!same)
		return NULL;
	rl_source *src = rl_source_from_mem(display(path), L->over->text, L->over->len);
	free(src->path);
	src->path = rl_xstrdup(path);
	rl_source_stat_path(src, path);
	L->over->src = src;
	return src;
}

/* A file of the host: the editor's text when it stands for this path, else
 * the file (through the run's cache). */
static rl_file *add_file(loader *L, const char *path, rl_lang lang, rl_file *parent, char **err)
{
	rl_source *src = over_source(L, path);
	if (src)
		return rl_ctx_add_file(L->cx, src, lang, L->h, parent);
	return rl_ctx_load_file(L->cx, path, display(path), lang, L->h, parent, err);
}

/* Where racoon's configuration directory lies on hosts that keep it
 * elsewhere than /etc/racoon, and the /etc it is under. */
static const struct {
	const char *racoon, *etc;
} conf_dirs[] = {
	{"/usr/local/etc/racoon", "/usr/local/etc"},
	{"/usr/pkg/etc/racoon", "/usr/pkg/etc"},
	{"/opt/local/etc/racoon", "/opt/local/etc"},
	{"/etc/racoon", "/etc"},
};

/* The directory the folder stands for: /etc/racoon (or /etc for the racoon/
 * layout), unless the configuration's top-level paths name one of the other
 * configuration directories. */
static char *choose_prefix(const rl_tree *t, bool etc_layout)
{
	size_t k = sizeof conf_dirs / sizeof conf_dirs[0] - 1;
	for (uint32_t n = rc_child(t, t->root, RC_N_STMT); n && k == sizeof conf_dirs / sizeof conf_dirs[0] - 1;
	     n = rc_next(t, n, RC_N_STMT)) {
		uint32_t v = rc_arg(t, n, 1);
		if (rc_kw_kind(t, n) != RC_T_PATH || rc_tok_kind(t, v) != RC_T_QSTRING)
			continue;
		char *value = rl_tok_strdup(t, v);
		for (size_t i = 0; i + 1 < sizeof conf_dirs / sizeof conf_dirs[0]; i++) {
			rl_pathmap m = {".", conf_dirs[i].racoon};
			char *r = rl_pathmap_resolve(&m, value, NULL);
			if (r)
				k = i;
			free(r);
		}
		free(value);
	}
	return rl_xstrdup(etc_layout ? conf_dirs[k].etc : conf_dirs[k].racoon);
}

/* A path of the configuration in the folder; NULL when it lies outside the
 * directory the folder stands for. Relative paths are taken in base, or in
 * racoon.conf's folder. */
static char *in_folder(const loader *L, const char *p, const char *base)
{
	if (p[0] == '/')
		return rl_pathmap_resolve(&L->map, p, L->paths.path_include);
	if (!base)
		return join(L->confdir, p);
	char *dir = in_folder(L, base, NULL);
	char *r = dir ? join(dir, p) : NULL;
	free(dir);
	return r;
}

static void report_outside(loader *L, rl_loc at, const char *what, const char *value)
{
	rl_diag *dg = rl_report_at(L->cx, RL_R_missing_file, L->h, at, L->h->conf,
				   "%s \"%s\" is outside %s, the directory %s stands for: not checked", what, value,
				   L->prefix, display(L->folder));
	dg->sev = RL_SEV_WARNING;
}

static void load_psk(loader *L)
{
	const rl_conf_paths *p = &L->paths;
	if (!p->psk_set)
		return;
	char *path = in_folder(L, p->psk, NULL);
	rl_file *f = NULL;
	if (!path) {
		report_outside(L, p->psk_loc, "path pre_shared_key", p->psk);
	} else {
		char *err = NULL;
		f = is_file(path) || L->over ? add_file(L, path, RL_LANG_PSK, L->conf, &err) : NULL;
		if (!f)
			rl_report_at(L->cx, RL_R_missing_file, L->h, p->psk_loc, L->h->conf,
				     "the pre-shared key file \"%s\" is missing (looked for %s): racoon finds no key",
				     p->psk, display(path));
		free(err);
	}
	rl_host_set_psk_path(L->h, p->psk_loc, f ? f->src : NULL);
	if (f)
		rl_build_psk(L->h, f->tree);
	free(path);
}

/* Certificates and keys, relative to the 'path certificate' in force where
 * they are named. Without one, racoon's built-in directory is unknown:
 * relative names are not checked. */
static void check_refs(loader *L)
{
	for (size_t i = 0; i < L->paths.nrefs; i++) {
		const rl_conf_ref *r = &L->paths.refs[i];
		if (r->path[0] != '/' && !r->dir)
			continue;
		char *path = in_folder(L, r->path, r->dir);
		if (!path)
			report_outside(L, r->loc, r->what, r->path);
		else if (!is_file(path))
			rl_report_at(L->cx, RL_R_missing_file, L->h, r->loc, L->h->conf,
				     "the %s file \"%s\" is missing (looked for %s): racoon cannot load it", r->what,
				     r->path, display(path));
		free(path);
	}
}

/* The editor's text for a file that an include brought in from disk: the
 * file is parsed again from the text, its findings with it. */
static void swap_included(loader *L)
{
	if (!L->over || L->over->src)
		return;
	rl_file *f = host_file(L->cx, L->h, L->over->path, RL_LANG_RACOON);
	if (!f)
		return;
	rl_diags *d = &L->cx->diags;
	for (size_t i = d->n; i-- > 0;)
		if (d->v[i].loc.src == f->src)
			rl_diags_remove(d, i);
	rl_source *src = rl_source_from_mem(f->src->name, L->over->text, L->over->len);
	free(src->path);
	src->path = rl_xstrdup(f->src->path);
	rl_source_stat_path(src, src->path);
	if (!f->shared) {
		rl_tree_free(f->tree);
		rl_source_free(f->src);
	}
	f->shared = false;
	f->src = src;
	f->tree = rl_parse(src, RL_LANG_RACOON, d);
	L->over->src = src;
}

/* racoon.conf and what it includes and names. */
static void load_conf(loader *L, const char *rel, bool etc_layout)
{
	char *path = join(L->folder, rel);
	char *err = NULL;
	L->conf = add_file(L, path, RL_LANG_RACOON, NULL, &err);
	free(path);
	if (!L->conf) {
		fprintf(stderr, "racoonlint: %s\n", err);
		free(err);
		return;
	}
	L->h->conf = L->conf->src;
	L->prefix = choose_prefix(L->conf->tree, etc_layout);
	L->map.folder = L->folder;
	L->map.prefix = L->prefix;
	rl_racoon_follow_includes(L->cx, L->conf, &L->map);
	swap_included(L);
	rl_build_racoon(L->h, L->cx, L->conf, &L->paths);
	load_psk(L);
	check_refs(L);
}

/* ---- the setkey file ------------------------------------------------ */

/* Does the text start (after comments) with a setkey command? For
 * ipsec.conf, which is setkey's input on FreeBSD but another daemon's
 * configuration elsewhere. */
static bool holds_setkey(const char *path)
{
	static const char *const cmds[] = {"flush", "spdflush", "spdadd", "spdupdate", "spddelete", "add", "delete"};
	char *err = NULL;
	rl_source *s = rl_source_load(path, path, &err);
	free(err);
	if (!s)
		return false;
	const char *p = s->data;
	for (;;) {
		p += strspn(p, " \t\r\n");
		if (*p != '#')
			break;
		p += strcspn(p, "\n");
	}
	bool yes = false;
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0] && !yes; i++) {
		size_t n = strlen(cmds[i]);
		yes = strncmp(p, cmds[i], n) == 0 && strchr(" \t\r\n;", p[n]) && p[n];
	}
	rl_source_free(s);
	return yes;
}

static int setkey_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 7 && strcmp(e->d_name + n - 7, ".setkey") == 0;
}

/* The first *.setkey file of dir (in name order), or NULL. */
static char *first_setkey(const char *dir)
{
	struct dirent **v;
	int n = scandir(dir, &v, setkey_name, alphasort);
	char *found = NULL;
	for (int i = 0; i < n; i++) {
		char *p = join(dir, v[i]->d_name);
		if (!found && is_file(p))
			found = p;
		else
			free(p);
		free(v[i]);
	}
	if (n >= 0)
		free(v);
	return found;
}

static char *find_setkey(const char *folder)
{
	static const char *const names[] = {"ipsec-tools.conf", "setkey.conf", "racoon/setkey.conf", "ipsec.conf"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *p = join(folder, names[i]);
		if (is_file(p) && (strcmp(names[i], "ipsec.conf") != 0 || holds_setkey(p)))
			return p;
		free(p);
	}
	char *p = first_setkey(folder);
	if (!p) {
		char *sub = join(folder, "racoon");
		p = first_setkey(sub);
		free(sub);
	}
	return p;
}

/* --setkey=HOST=FILE: FILE as named, else inside the folder. */
static char *flag_setkey(const loader *L, const char *file)
{
	if (is_file(file))
		return rl_xstrdup(file);
	char *p = join(L->folder, file);
	if (is_file(p))
		return p;
	free(p);
	return NULL;
}

static int load_setkey(loader *L)
{
	const rl_options *o = L->cx->opt;
	const char *flag = rl_kv_lookup(o->setkeys, o->nsetkeys, L->h->name);
	char *path = flag ? flag_setkey(L, flag) : find_setkey(L->folder);
	if (flag && !path) {
		fprintf(stderr, "racoonlint: --setkey=%s=%s: no such file\n", L->h->name, flag);
		return 2;
	}
	if (!path)
		return 0;
	char *err = NULL;
	L->spd = add_file(L, path, RL_LANG_SETKEY, NULL, &err);
	free(path);
	if (!L->spd) {
		fprintf(stderr, "racoonlint: %s\n", err);
		free(err);
		return 2;
	}
	rl_host_set_spd_file(L->h, L->spd->src);
	rl_build_setkey(L->h, L->spd->tree);
	return 0;
}

/* ---- platform and address ------------------------------------------- */

static rl_loc first_line(rl_source *s)
{
	rl_loc l = {s, {0, rl_source_line_end(s, 1)}};
	return l;
}

/* The first node of a racoon.conf tree that only Apple's racoon accepts. */
static rl_loc apple_form(const rl_tree *t)
{
	for (uint32_t n = 1; n < t->nnodes; n++)
		if (t->nodes[n].flags & RC_NF_APPLE) {
			rl_loc l = {t->src, rl_node_span(t, n)};
			return l;
		}
	return rl_loc_none();
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The platform a host's files point at, with the evidence. */
static void infer_platform(rl_host *h, const rl_file *conf, const rl_file *spd)
{
	if (conf && conf->tree && (conf->tree->dialect & RC_DIALECT_APPLE)) {
		rl_host_set_platform(h, RL_PLATFORM_MACOS, RL_ORIGIN_INFERRED, "racoon.conf statements only Apple's racoon reads",
				     apple_form(conf->tree));
		return;
	}
	if (!spd || !spd->tree)
		return;
	int d = spd->tree->dialect;
	rl_loc whole = {spd->src, {0, 0}};
	if (strcmp(base_name(spd->src->path), "ipsec-tools.conf") == 0)
		rl_host_set_platform(h, RL_PLATFORM_LINUX, RL_ORIGIN_INFERRED, "the setkey file is ipsec-tools.conf (Debian)",
				     whole);
	else if (d & RL_SK_D_SHEBANG_USR)
		rl_host_set_platform(h, RL_PLATFORM_LINUX, RL_ORIGIN_INFERRED, "#!/usr/sbin/setkey", first_line(spd->src));
	else if (d & RL_SK_D_SHEBANG_SBIN)
		rl_host_set_platform(h, RL_PLATFORM_FREEBSD, RL_ORIGIN_INFERRED,
				     "#!/sbin/setkey (a BSD: FreeBSD or NetBSD)", first_line(spd->src));
	else if (d & (RL_SK_D_CTX | RL_SK_D_FWD | RL_SK_D_PRIO))
		rl_host_set_platform(h, RL_PLATFORM_LINUX, RL_ORIGIN_INFERRED,
				     "setkey forms only Linux has (fwd, priority or -ctx)", whole);
}

/* --platform, --addr (and their .racoonlint keys) for this host; their
 * values were checked when read (rl_platform_value_problem,
 * rl_addr_value_problem). */
static void host_flags(rl_ctx *cx, rl_host *h)
{
	const rl_options *o = cx->opt;
	const char *plat = rl_kv_lookup(o->platforms, o->nplatforms, h->name);
	rl_platform p = plat ? rl_platform_parse(plat) : RL_PLATFORM_UNKNOWN;
	if (p != RL_PLATFORM_UNKNOWN)
		rl_host_set_platform(h, p, RL_ORIGIN_FLAG, "--platform", rl_loc_none());
	const char *addr = rl_kv_lookup(o->addrs, o->naddrs, h->name);
	rl_addr a;
	if (addr && rl_addr_parse(addr, strlen(addr), &a))
		rl_host_add_addr(h, &a, RL_ORIGIN_FLAG, "--addr", rl_loc_none());
}

/* Platform, address, and the list of the host's files. */
static void finish_host(rl_ctx *cx, rl_host *h, const rl_file *conf, const rl_file *spd)
{
	infer_platform(h, conf, spd);
	for (size_t i = 0; i < cx->nfiles; i++)
		if (cx->files[i]->host == h)
			rl_host_add_file(h, cx->files[i]);
	host_flags(cx, h);
}

static rl_host *new_host(rl_ctx *cx, const char *folder)
{
	char *name = base_of(folder);
	rl_host *h = rl_host_new(name, folder);
	free(name);
	RL_GROW(cx->hosts, cx->caphosts, cx->nhosts + 1);
	cx->hosts[cx->nhosts++] = h;
	return h;
}

/* ---- host folders --------------------------------------------------- */

static const char *conf_in(const char *folder, bool *etc_layout)
{
	char *p = join(folder, "racoon.conf");
	bool direct = is_file(p);
	free(p);
	if (direct) {
		*etc_layout = false;
		return "racoon.conf";
	}
	p = join(folder, "racoon/racoon.conf");
	bool under = is_file(p);
	free(p);
	*etc_layout = true;
	return under ? "racoon/racoon.conf" : NULL;
}

bool rl_is_host_folder(const char *folder)
{
	bool etc;
	if (!is_dir(folder))
		return false;
	if (conf_in(folder, &etc))
		return true;
	char *sk = find_setkey(folder);
	free(sk);
	return sk != NULL;
}

/* A setkey file found in the folder or named by --setkey. */
static bool has_setkey(const rl_ctx *cx, const char *folder)
{
	char *name = base_of(folder);
	bool flagged = rl_kv_lookup(cx->opt->setkeys, cx->opt->nsetkeys, name) != NULL;
	free(name);
	char *sk = flagged ? NULL : find_setkey(folder);
	free(sk);
	return flagged || sk != NULL;
}

static void loader_free(loader *L)
{
	free(L->folder);
	free(L->confdir);
	free(L->prefix);
	free(L->over_canon);
	rl_conf_paths_free(&L->paths);
}

int rl_host_load(rl_ctx *cx, const char *folder, rl_host_text *over)
{
	loader L;
	memset(&L, 0, sizeof L);
	L.cx = cx;
	L.folder = trim_folder(folder);
	L.over = over;
	L.over_canon = over ? canon(over->path) : NULL;
	bool etc_layout;
	const char *conf = conf_in(L.folder, &etc_layout);
	if (!conf && !has_setkey(cx, L.folder)) {
		/* an ipsec.conf that is not setkey's (another daemon's, or a
		 * copy that does not read as one) is left out: say so */
		char *ic = join(L.folder, "ipsec.conf");
		bool other = is_file(ic);
		free(ic);
		fprintf(stderr, "racoonlint: %s: not a host folder: no racoon.conf (nor racoon/racoon.conf) and no setkey "
				"file (ipsec-tools.conf, setkey.conf, racoon/setkey.conf, ipsec.conf, *.setkey)%s\n",
			display(L.folder),
			other ? "; its ipsec.conf does not start with a setkey command (--setkey=HOST=FILE reads it as one)" : "");
		loader_free(&L);
		return 2;
	}
	L.h = new_host(cx, L.folder);
	L.confdir = conf && etc_layout ? join(L.folder, "racoon") : rl_xstrdup(L.folder);
	if (conf)
		load_conf(&L, conf, etc_layout);
	int rc = conf && !L.conf ? 2 : 0;
	if (load_setkey(&L) != 0)
		rc = 2;
	finish_host(cx, L.h, L.conf, L.spd);
	loader_free(&L);
	return rc;
}

/* ---- files named on their own --------------------------------------- */

static char *file_folder(const rl_ctx *cx, const rl_file *f)
{
	if (strcmp(f->src->path, "-") == 0)
		return cx->opt->stdin_filename ? dir_of(cx->opt->stdin_filename) : rl_xstrdup(".");
	return dir_of(f->src->path);
}

/* The implicit host of a folder, made on first use. */
static rl_host *host_for(rl_ctx *cx, size_t first_new, const char *folder)
{
	for (size_t i = first_new; i < cx->nhosts; i++)
		if (strcmp(cx->hosts[i]->folder, folder) == 0)
			return cx->hosts[i];
	return new_host(cx, folder);
}

/* A file of the host with this path (compared as real paths), or NULL. */
static rl_file *host_file(rl_ctx *cx, rl_host *h, const char *path, rl_lang lang)
{
	char *want = canon(path);
	rl_file *found = NULL;
	for (size_t i = 0; i < cx->nfiles && !found; i++) {
		rl_file *f = cx->files[i];
		if (f->host != h || !f->tree || f->tree->lang != lang)
			continue;
		char *c = canon(f->src->path);
		if (strcmp(c, want) == 0)
			found = f;
		free(c);
	}
	free(want);
	return found;
}

/* The psk file a loose racoon.conf names: one named too, else the one on
 * disk (read quietly, as its includes are), else none. */
static void loose_psk(rl_ctx *cx, rl_host *h, rl_file *conf, const rl_conf_paths *p)
{
	if (!p->psk_set)
		return;
	rl_pathmap map = {h->folder, NULL};
	char *path = p->psk[0] == '/' ? rl_pathmap_resolve(&map, p->psk, p->path_include) : join(h->folder, p->psk);
	rl_file *f = path ? host_file(cx, h, path, RL_LANG_PSK) : NULL;
	if (path && !f && is_file(path)) {
		char *err = NULL;
		rl_source *src = rl_source_load(path, display(path), &err);
		free(err);
		if (src) {
			f = rl_ctx_add_file(cx, src, RL_LANG_PSK, h, conf);
			f->policy = conf->policy; /* the policy of the input that named it */
			rl_build_psk(h, f->tree);
		}
	}
	rl_host_set_psk_path(h, p->psk_loc, f ? f->src : NULL);
	free(path);
}

/* Build the model of an implicit host from its files. */
static int build_loose(rl_ctx *cx, rl_host *h, size_t from)
{
	rl_file *conf = NULL, *spd = NULL;
	rl_conf_paths paths;
	memset(&paths, 0, sizeof paths);
	size_t n = cx->nfiles;
	for (size_t i = from; i < n; i++) {
		rl_file *f = cx->files[i];
		if (f->host != h || f->parent || !f->tree)
			continue;
		if (f->tree->lang == RL_LANG_RACOON && !conf) {
			conf = f;
			h->conf = f->src;
			rl_build_racoon(h, cx, f, &paths);
		} else if (f->tree->lang == RL_LANG_PSK) {
			rl_build_psk(h, f->tree);
		} else if (f->tree->lang == RL_LANG_SETKEY && !spd) {
			spd = f;
			rl_host_set_spd_file(h, f->src);
			rl_build_setkey(h, f->tree);
		}
	}
	if (conf)
		loose_psk(cx, h, conf, &paths);
	rl_conf_paths_free(&paths);
	finish_host(cx, h, conf, spd);
	return 0;
}

int rl_hosts_for_loose_files(rl_ctx *cx, size_t from)
{
	size_t first_new = cx->nhosts;
	for (size_t i = from; i < cx->nfiles; i++) {
		rl_file *f = cx->files[i];
		if (f->host)
			continue;
		if (f->parent) {
			f->host = f->parent->host;
			continue;
		}
		char *folder = file_folder(cx, f);
		f->host = host_for(cx, first_new, folder);
		free(folder);
	}
	int rc = 0;
	for (size_t i = first_new; i < cx->nhosts; i++)
		if (build_loose(cx, cx->hosts[i], from) != 0)
			rc = 2;
	return rc;
}
