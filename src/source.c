#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The line table in one memchr pass: room for a line every 24 bytes first
 * (more than most files need), doubled when short, then cut to size. */
static void build_lines(rl_source *src)
{
	const char *d = src->data, *end = src->data + src->len;
	size_t cap = src->len / 24 + 16, n = 1;
	uint32_t *lines = rl_xmalloc(cap * sizeof *lines);
	lines[0] = 0;
	for (const char *p = d; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		if (n == cap)
			RL_GROW(lines, cap, n + 1);
		lines[n++] = (uint32_t)(p - d) + 1;
	}
	if (n < cap)
		lines = rl_xrealloc(lines, n * sizeof *lines);
	src->lines = lines;
	src->nlines = (uint32_t)n;
}

/* data holds len bytes and RL_SOURCE_PAD NUL bytes after them. */
static rl_source *make(const char *path, const char *name, char *data, size_t len)
{
	rl_source *src = rl_xcalloc(1, sizeof *src);
	src->path = rl_xstrdup(path);
	src->name = rl_xstrdup(name ? name : path);
	src->data = data;
	src->len = (uint32_t)len;
	memset(data + len, 0, RL_SOURCE_PAD);
	build_lines(src);
	return src;
}

rl_source *rl_source_from_mem(const char *name, const char *data, size_t len)
{
	char *copy = rl_xmalloc(len + RL_SOURCE_PAD);
	if (len)
		memcpy(copy, data, len);
	return make(name, name, copy, len);
}

static char *too_large(const char *name)
{
	return rl_xasprintf("%s: file larger than %u MiB, not read", name, RL_MAX_FILE_SIZE / (1024u * 1024u));
}

/* Read fd to its end into one buffer with room for the padding. 'hint' is
 * the size fstat gave (0 when unknown): a file that does not change is read
 * straight into a buffer of its size, without copies. */
static char *read_all(int fd, size_t hint, size_t *lenp, char **err, const char *name)
{
	/* one byte more than the data and the padding: the read that meets
	 * the end of the file */
	size_t cap = (hint ? hint : 65536) + RL_SOURCE_PAD + 1, len = 0;
	char *b = rl_xmalloc(cap);
	for (;;) {
		if (cap - len < RL_SOURCE_PAD + 1) {
			cap *= 2;
			b = rl_xrealloc(b, cap);
		}
		ssize_t n = read(fd, b + len, cap - len - RL_SOURCE_PAD);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err = rl_xasprintf("%s: cannot read: %s", name, strerror(errno));
			free(b);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > RL_MAX_FILE_SIZE) {
			*err = too_large(name);
			free(b);
			return NULL;
		}
	}
	*lenp = len;
	return b;
}

rl_source *rl_source_load(const char *path, const char *name, char **err)
{
	*err = NULL;
	if (!name)
		name = path;
	if (strcmp(path, "-") == 0) {
		size_t len = 0;
		char *data = read_all(0, 0, &len, err, name);
		if (!data)
			return NULL;
		return make(path, name, data, len);
	}
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*err = rl_xasprintf("%s: cannot open: %s", name, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		*err = rl_xasprintf("%s: cannot stat: %s", name, strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		*err = rl_xasprintf("%s: is a folder, not a file", name);
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = rl_xasprintf("%s: not a regular file", name);
		close(fd);
		return NULL;
	}
	if ((uintmax_t)st.st_size > RL_MAX_FILE_SIZE) {
		*err = too_large(name);
		close(fd);
		return NULL;
	}
	/* back to blocking reads for a regular file */
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	size_t len = 0;
	char *data = read_all(fd, (size_t)st.st_size, &len, err, name);
	close(fd);
	if (!data)
		return NULL;
	rl_source *src = make(path, name, data, len);
	src->have_stat = true;
	src->mode = st.st_mode;
	src->uid = st.st_uid;
	src->gid = st.st_gid;
	return src;
}

void rl_source_free(rl_source *src)
{
	if (!src)
		return;
	free(src->path);
	free(src->name);
	free(src->data);
	free(src->lines);
	free(src->secrets);
	free(src);
}

void rl_source_pos(const rl_source *src, uint32_t off, uint32_t *line, uint32_t *col)
{
	if (off > src->len)
		off = src->len;
	uint32_t lo = rl_line_index(src->lines, src->nlines, off);
	*line = lo + 1;
	*col = off - src->lines[lo] + 1;
}

uint32_t rl_source_line_start(const rl_source *src, uint32_t line)
{
	if (line < 1)
		line = 1;
	if (line > src->nlines)
		return src->len;
	return src->lines[line - 1];
}

uint32_t rl_source_line_end(const rl_source *src, uint32_t line)
{
	uint32_t e = line < src->nlines ? src->lines[line] - 1 : src->len;
	uint32_t s = rl_source_line_start(src, line);
	while (e > s && (src->data[e - 1] == '\r'))
		e--;
	return e;
}

/* Put [start, end) at index i of the sorted spans. */
static void insert_secret(rl_source *src, size_t i, uint32_t start, uint32_t end)
{
	RL_GROW(src->secrets, src->capsecrets, src->nsecrets + 1);
	memmove(src->secrets + i + 1, src->secrets + i, (src->nsecrets - i) * sizeof *src->secrets);
	src->secrets[i].start = start;
	src->secrets[i].end = end;
	src->nsecrets++;
}

void rl_source_add_secret(rl_source *src, uint32_t start, uint32_t end)
{
	if (end <= start)
		return;
	/* keep the spans sorted (they usually arrive in order) and apart: a
	 * span overlapping others is merged with them, so that the binary
	 * searches below may rely on ends being sorted too */
	size_t i = src->nsecrets;
	while (i > 0 && src->secrets[i - 1].start > start)
		i--;
	if (i > 0 && src->secrets[i - 1].end > start) {
		i--;
		if (end > src->secrets[i].end)
			src->secrets[i].end = end;
	} else {
		insert_secret(src, i, start, end);
	}
	rl_span *v = src->secrets;
	size_t j = i + 1;
	for (; j < src->nsecrets && v[j].start < v[i].end; j++)
		if (v[j].end > v[i].end)
			v[i].end = v[j].end;
	memmove(v + i + 1, v + j, (src->nsecrets - j) * sizeof *v);
	src->nsecrets -= j - i - 1;
}

/* index of the first secret whose end is > off */
size_t rl_source_secret_after(const rl_source *src, uint32_t off)
{
	size_t lo = 0, hi = src->nsecrets;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (src->secrets[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool rl_source_is_secret(const rl_source *src, uint32_t off)
{
	size_t i = rl_source_secret_after(src, off);
	return i < src->nsecrets && src->secrets[i].start <= off;
}

bool rl_source_overlaps_secret(const rl_source *src, uint32_t start, uint32_t end)
{
	size_t i = rl_source_secret_after(src, start);
	return i < src->nsecrets && src->secrets[i].start < end;
}

void rl_mask_append(rl_buf *out, const rl_source *src, uint32_t off, const char *text, size_t n)
{
	if (!src || src->nsecrets == 0) {
		rl_buf_add(out, text, n);
		return;
	}
	size_t i = 0;
	while (i < n) {
		uint32_t pos = off + (uint32_t)i;
		size_t k = rl_source_secret_after(src, pos);
		if (k < src->nsecrets && src->secrets[k].start <= pos) {
			rl_buf_puts(out, "****");
			size_t skip = src->secrets[k].end - pos;
			i += skip;
			continue;
		}
		size_t stop = n;
		if (k < src->nsecrets && src->secrets[k].start < off + n)
			stop = src->secrets[k].start - off;
		rl_buf_add(out, text + i, stop - i);
		i = stop;
	}
}

void rl_source_stat_path(rl_source *src, const char *path)
{
	struct stat st;
	if (!path || stat(path, &st) != 0)
		return;
	src->have_stat = true;
	src->mode = st.st_mode;
	src->uid = st.st_uid;
	src->gid = st.st_gid;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

rl_lang rl_lang_from_name(const char *path, const char *data, size_t len)
{
	const char *b = base_name(path);
	if (strcmp(b, "psk.txt") == 0 || ends_with(b, ".psk") || strcmp(b, "psk") == 0)
		return RL_LANG_PSK;
	if (strcmp(b, "ipsec-tools.conf") == 0 || strcmp(b, "setkey.conf") == 0 ||
	    strcmp(b, "ipsec.conf") == 0 || ends_with(b, ".setkey"))
		return RL_LANG_SETKEY;
	if (data && len > 2 && data[0] == '#' && data[1] == '!') {
		const char *nl = memchr(data, '\n', len);
		size_t l = nl ? (size_t)(nl - data) : len;
		char *first = rl_xstrndup(data, l);
		bool sk = strstr(first, "setkey") != NULL;
		free(first);
		if (sk)
			return RL_LANG_SETKEY;
	}
	if (strcmp(b, "racoon.conf") == 0 || ends_with(b, ".conf"))
		return RL_LANG_RACOON;
	return RL_LANG_UNKNOWN;
}

const char *rl_lang_name(rl_lang lang)
{
	switch (lang) {
	case RL_LANG_RACOON: return "racoon";
	case RL_LANG_PSK: return "psk";
	case RL_LANG_SETKEY: return "setkey";
	default: return "unknown";
	}
}

rl_lang rl_lang_parse(const char *s)
{
	if (strcmp(s, "racoon") == 0)
		return RL_LANG_RACOON;
	if (strcmp(s, "psk") == 0)
		return RL_LANG_PSK;
	if (strcmp(s, "setkey") == 0)
		return RL_LANG_SETKEY;
	return RL_LANG_UNKNOWN;
}
