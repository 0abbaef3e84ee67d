#include "lsp_lint.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "canonical.h"
#include "file_cache.h"
#include "host.h"
#include "util.h"

static char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return rl_xstrdup(".");
	return rl_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Is dir the racoon/ folder of a copy of /etc (its parent a host folder)? */
static bool racoon_of_etc(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	if (strcmp(slash ? slash + 1 : dir, "racoon") != 0)
		return false;
	char *parent = parent_of(dir);
	bool yes = rl_is_host_folder(parent);
	free(parent);
	return yes;
}

/* The host folder a file lies in: its folder (the one above for the racoon/
 * folder of a copy of /etc), or the one above (a folder of included files);
 * NULL when neither is one. */
static char *host_folder_of(const char *path)
{
	char *dir = parent_of(path);
	for (int up = 0; up < 2; up++) {
		if (rl_is_host_folder(dir) && !racoon_of_etc(dir))
			return dir;
		char *p = parent_of(dir);
		bool top = strcmp(p, dir) == 0;
		free(dir);
		dir = p;
		if (top)
			break;
	}
	free(dir);
	return NULL;
}

/* The host folders beside 'folder': itself first (a fault between two
 * hosts is reported on the first one's line, the buffer being edited),
 * then the others in name order. */
static size_t sibling_hosts(const char *folder, char ***out)
{
	char *parent = parent_of(folder);
	struct dirent **v;
	int n = scandir(parent, &v, NULL, alphasort);
	char **list = NULL;
	size_t count = 0, cap = 0;
	for (int i = 0; i < n; i++) {
		char *p = rl_xasprintf("%s/%s", parent, v[i]->d_name);
		if (v[i]->d_name[0] != '.' && rl_is_host_folder(p)) {
			RL_GROW(list, cap, count + 1);
			list[count++] = p;
			if (strcmp(p, folder) == 0) {
				memmove(list + 1, list, (count - 1) * sizeof *list);
				list[0] = p;
			}
		} else {
			free(p);
		}
		free(v[i]);
	}
	if (n >= 0)
		free(v);
	free(parent);
	*out = list;
	return count;
}

/* The buffer's host and its sibling hosts, read as `racoonlint PARENT/HOST...`
 * reads them, the buffer standing for its file. NULL when the buffer is no
 * file those hosts read. */
static rl_source *lint_hosts(rl_ctx *cx, const rl_overlay *ov, char **hosts, size_t n)
{
	rl_host_text over = {ov->path, ov->text, ov->len, NULL};
	for (size_t i = 0; i < n; i++)
		rl_host_load(cx, hosts[i], &over);
	return over.src;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

rl_source *rl_lint_overlay(rl_ctx *cx, const rl_overlay *ov)
{
	rl_source *src = NULL;
	char *folder = host_folder_of(ov->path);
	char **hosts = NULL;
	size_t n = folder ? sibling_hosts(folder, &hosts) : 0;
	char *site = folder ? parent_of(folder) : NULL;
	if (n > 1) {
		if (cx->cache)
			rl_file_cache_begin(cx->cache, site);
		src = lint_hosts(cx, ov, hosts, n);
		if (cx->cache)
			rl_file_cache_end(cx->cache);
	} else if (site) {
		/* a host without siblings now: what was kept of its site goes */
		rl_file_cache_drop_site(cx->cache, site);
	}
	free(site);
	free_list(hosts, n);
	free(folder);
	if (!src) {
		/* alone, as `racoonlint FILE` */
		size_t first = cx->nfiles;
		src = rl_source_from_mem(ov->path, ov->text, ov->len);
		rl_source_stat_path(src, ov->path);
		rl_ctx_add_file(cx, src, ov->lang, NULL, NULL);
		rl_hosts_for_loose_files(cx, first);
	}
	rl_ctx_run_rules(cx);
	rl_ctx_filter(cx);
	return src;
}

char *rl_lsp_canonical(const rl_tree *t)
{
	size_t len;
	char *text = rl_canonical(t, &len);
	if (text && strlen(text) != len) {
		/* a NUL byte (inside a psk.txt key): the server takes C strings */
		free(text);
		return NULL;
	}
	return text;
}
