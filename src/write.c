/* Writing corrected files in place, atomically. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix.h"
#include "util.h"

static int fault_at;
static int writes_done;

void rl_fault_inject_write(int n)
{
	fault_at = n;
	writes_done = 0;
}

static ssize_t write_all(int fd, const char *p, size_t n)
{
	if (fault_at && ++writes_done == fault_at) {
		errno = ENOSPC;
		return -1;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(fd, p + done, n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}

typedef struct pending {
	char *target; /* the real file (symbolic links resolved) */
	char *tmp;    /* its replacement, or NULL for a mode-only change */
	const rl_change *c;
} pending;

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	if (!s)
		return rl_xstrdup(".");
	if (s == path)
		return rl_xstrdup("/");
	return rl_xstrndup(path, (size_t)(s - path));
}

/* Write c's contents to a new temporary file beside target. */
static char *write_temp(const char *target, const rl_change *c, const struct stat *st, FILE *err)
{
	char *dir = dir_of(target);
	const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	char *tmpl = rl_xasprintf("%s/.%s.racoonlint-XXXXXX", dir, base);
	free(dir);
	int fd = mkstemp(tmpl);
	if (fd < 0) {
		fprintf(err, "racoonlint: %s: cannot create a temporary file beside it: %s\n", c->src->name,
			strerror(errno));
		free(tmpl);
		return NULL;
	}
	unsigned mode = c->mode ? c->new_mode : (unsigned)(st->st_mode & 07777);
	const char *what = NULL;
	if (fchmod(fd, mode & 07777) != 0)
		what = "set the mode of";
	/* keep owner and group; only root may give a file away */
	if (!what && fchown(fd, st->st_uid, st->st_gid) != 0 && errno != EPERM)
		what = "set the owner of";
	if (!what && write_all(fd, c->data, c->len) < 0)
		what = "write";
	if (!what && fsync(fd) != 0)
		what = "flush";
	if (close(fd) != 0 && !what)
		what = "close";
	if (what) {
		fprintf(err, "racoonlint: %s: cannot %s the new contents: %s; the file is unchanged\n",
			c->src->name, what, strerror(errno));
		unlink(tmpl);
		free(tmpl);
		return NULL;
	}
	return tmpl;
}

int rl_changes_write(const rl_changes *ch, FILE *err)
{
	pending *p = rl_xcalloc(ch->n ? ch->n : 1, sizeof *p);
	size_t np = 0;
	int rc = 0;
	for (size_t i = 0; i < ch->n && rc == 0; i++) {
		const rl_change *c = &ch->v[i];
		if (!c->content && !c->mode)
			continue;
		char resolved[PATH_MAX];
		if (!realpath(c->src->path, resolved)) {
			fprintf(err, "racoonlint: %s: cannot resolve: %s\n", c->src->name, strerror(errno));
			rc = -1;
			break;
		}
		struct stat st;
		if (stat(resolved, &st) != 0 || !S_ISREG(st.st_mode)) {
			fprintf(err, "racoonlint: %s: not a regular file any more; not written\n", c->src->name);
			rc = -1;
			break;
		}
		p[np].target = rl_xstrdup(resolved);
		p[np].c = c;
		if (c->content) {
			p[np].tmp = write_temp(resolved, c, &st, err);
			if (!p[np].tmp)
				rc = -1;
		}
		np++;
	}
	if (rc == 0) {
		for (size_t i = 0; i < np; i++) {
			if (p[i].tmp) {
				if (rename(p[i].tmp, p[i].target) != 0) {
					fprintf(err, "racoonlint: %s: cannot replace: %s\n", p[i].c->src->name,
						strerror(errno));
					rc = -1;
					continue;
				}
				free(p[i].tmp);
				p[i].tmp = NULL;
			} else if (chmod(p[i].target, p[i].c->new_mode & 07777) != 0) {
				fprintf(err, "racoonlint: %s: cannot set mode: %s\n", p[i].c->src->name,
					strerror(errno));
				rc = -1;
			}
		}
	}
	for (size_t i = 0; i < np; i++) {
		if (p[i].tmp)
			unlink(p[i].tmp);
		free(p[i].tmp);
		free(p[i].target);
	}
	free(p);
	return rc;
}
