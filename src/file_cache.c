#include "file_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "parse.h"
#include "util.h"

/* What identifies the bytes of a file without reading them. */
typedef struct fc_stat {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	mode_t mode;
	uid_t uid;
	gid_t gid;
} fc_stat;

typedef struct fc_entry {
	struct fc_entry *next; /* in its bucket */
	uint64_t hash;         /* of path */
	char *site, *path, *name;
	rl_lang lang;
	fc_stat st;
	bool clean;    /* old enough: the status alone tells a change */
	unsigned used; /* the run that last used it */
	rl_source *src;
	rl_tree *tree;
	rl_diags diags; /* what the parse reported, located in src */
} fc_entry;

struct rl_file_cache {
	fc_entry **buckets;
	size_t nbuckets, n;
	unsigned run;  /* counts runs; entries used by this one are in use */
	char *site;    /* the site of the run in progress, NULL between runs */
	int racy_s;    /* rl_file_cache_set_racy */
	rl_file_cache_stats stats;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static bool get_stat(const char *path, fc_stat *out)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	memset(out, 0, sizeof *out);
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->size = st.st_size;
	out->mtime = st.st_mtim;
	out->ctime = st.st_ctim;
	out->mode = st.st_mode;
	out->uid = st.st_uid;
	out->gid = st.st_gid;
	return true;
}

static bool same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static bool same_stat(const fc_stat *a, const fc_stat *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size && same_time(a->mtime, b->mtime) &&
	       same_time(a->ctime, b->ctime) && a->mode == b->mode && a->uid == b->uid && a->gid == b->gid;
}

/* Is a file with this status, seen at 'now', too recent for its time stamps
 * to tell a later change? */
static bool racy(const rl_file_cache *c, const fc_stat *st, time_t now)
{
	return st->mtime.tv_sec >= now - c->racy_s || st->ctime.tv_sec >= now - c->racy_s;
}

static time_t now_s(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0; /* every file then looks recent: compared each time */
	return ts.tv_sec;
}

rl_file_cache *rl_file_cache_new(void)
{
	rl_file_cache *c = rl_xcalloc(1, sizeof *c);
	c->nbuckets = 64;
	c->racy_s = RL_FILE_CACHE_RACY;
	c->buckets = rl_xcalloc(c->nbuckets, sizeof *c->buckets);
	return c;
}

static void entry_free(fc_entry *e)
{
	rl_diags_free(&e->diags);
	rl_tree_free(e->tree);
	rl_source_free(e->src);
	free(e->site);
	free(e->path);
	free(e->name);
	free(e);
}

/* Unlink and free every entry pred selects. */
static void remove_if(rl_file_cache *c, bool (*pred)(const fc_entry *e, const void *arg), const void *arg)
{
	for (size_t b = 0; b < c->nbuckets; b++) {
		for (fc_entry **p = &c->buckets[b]; *p;) {
			fc_entry *e = *p;
			if (pred(e, arg)) {
				*p = e->next;
				entry_free(e);
				c->n--;
			} else {
				p = &e->next;
			}
		}
	}
}

static bool any_entry(const fc_entry *e, const void *arg)
{
	(void)e;
	(void)arg;
	return true;
}

void rl_file_cache_free(rl_file_cache *c)
{
	if (!c)
		return;
	remove_if(c, any_entry, NULL);
	free(c->buckets);
	free(c->site);
	free(c);
}

void rl_file_cache_begin(rl_file_cache *c, const char *site)
{
	free(c->site);
	c->site = rl_xstrdup(site);
	c->run++;
}

static bool unused_in_site(const fc_entry *e, const void *arg)
{
	const rl_file_cache *c = arg;
	return e->used != c->run && strcmp(e->site, c->site) == 0;
}

void rl_file_cache_end(rl_file_cache *c)
{
	if (!c->site)
		return;
	remove_if(c, unused_in_site, c);
	free(c->site);
	c->site = NULL;
}

static void grow(rl_file_cache *c)
{
	size_t nb = c->nbuckets * 2;
	fc_entry **v = rl_xcalloc(nb, sizeof *v);
	for (size_t b = 0; b < c->nbuckets; b++) {
		for (fc_entry *e = c->buckets[b], *next; e; e = next) {
			next = e->next;
			e->next = v[e->hash & (nb - 1)];
			v[e->hash & (nb - 1)] = e;
		}
	}
	free(c->buckets);
	c->buckets = v;
	c->nbuckets = nb;
}

static fc_entry **find(rl_file_cache *c, uint64_t h, const char *path, const char *name, rl_lang lang)
{
	for (fc_entry **p = &c->buckets[h & (c->nbuckets - 1)]; *p; p = &(*p)->next) {
		const fc_entry *e = *p;
		if (e->hash == h && e->lang == lang && strcmp(e->path, path) == 0 && strcmp(e->name, name) == 0 &&
		    strcmp(e->site, c->site) == 0)
			return p;
	}
	return NULL;
}

static void copy_diags(rl_diags *to, const rl_diags *from)
{
	for (size_t i = 0; i < from->n; i++)
		rl_diags_append_copy(to, &from->v[i]);
}

/* Move every finding of from to the end of to. */
static void move_diags(rl_diags *to, rl_diags *from)
{
	for (size_t i = 0; i < from->n; i++) {
		RL_GROW(to->v, to->cap, to->n + 1);
		to->v[to->n++] = from->v[i];
	}
	free(from->v);
	memset(from, 0, sizeof *from);
}

/* Read and parse the file, not kept. */
static bool read_plain(const char *path, const char *name, rl_lang lang, rl_diags *d, rl_source **src,
		       rl_tree **tree, char **err)
{
	*src = rl_source_load(path, name, err);
	if (!*src)
		return false;
	*tree = rl_parse(*src, lang, d);
	return true;
}

/* Does the file still hold the entry's bytes? Reads it again. */
static bool same_bytes(const fc_entry *e, const fc_stat *before)
{
	char *err = NULL;
	rl_source *now = rl_source_load(e->path, e->name, &err);
	free(err);
	fc_stat after;
	bool same = now && get_stat(e->path, &after) && same_stat(before, &after) && now->len == e->src->len &&
		    memcmp(now->data, e->src->data, now->len) == 0 && now->mode == e->src->mode &&
		    now->uid == e->src->uid && now->gid == e->src->gid;
	if (now)
		rl_source_free(now);
	return same;
}

static void serve(rl_file_cache *c, fc_entry *e, rl_diags *d, rl_source **src, rl_tree **tree, bool *shared)
{
	e->used = c->run;
	copy_diags(d, &e->diags);
	*src = e->src;
	*tree = e->tree;
	*shared = true;
}

bool rl_file_cache_read(rl_file_cache *c, const char *path, const char *name, rl_lang lang, rl_diags *d,
			rl_source **src, rl_tree **tree, bool *shared, char **err)
{
	*err = NULL;
	*shared = false;
	*src = NULL;
	*tree = NULL;
	if (!c || !c->site)
		return read_plain(path, name, lang, d, src, tree, err);
	time_t now = now_s();
	fc_stat before;
	if (!get_stat(path, &before))
		return read_plain(path, name, lang, d, src, tree, err); /* its failure, as rl_source_load says it */
	uint64_t h = hash_str(path);
	fc_entry **at = find(c, h, path, name, lang);
	fc_entry *e = at ? *at : NULL;
	if (e && e->used == c->run)
		/* read twice in one run: each read has its own source */
		return read_plain(path, name, lang, d, src, tree, err);
	if (e && same_stat(&e->st, &before) && (e->clean || same_bytes(e, &before))) {
		if (!e->clean) {
			c->stats.verified++;
			e->clean = !racy(c, &before, now);
		}
		c->stats.hits++;
		serve(c, e, d, src, tree, shared);
		return true;
	}
	if (e) {
		/* changed on disk */
		*at = e->next;
		entry_free(e);
		c->n--;
	}
	c->stats.misses++;
	rl_diags parsed = {0};
	if (!read_plain(path, name, lang, &parsed, src, tree, err)) {
		rl_diags_free(&parsed);
		return false;
	}
	fc_stat after;
	if (!get_stat(path, &after) || !same_stat(&before, &after) || (*src)->mode != before.mode ||
	    (*src)->uid != before.uid || (*src)->gid != before.gid) {
		/* it changed while it was read: use what was read, keep nothing */
		move_diags(d, &parsed);
		return true;
	}
	e = rl_xcalloc(1, sizeof *e);
	e->hash = h;
	e->site = rl_xstrdup(c->site);
	e->path = rl_xstrdup(path);
	e->name = rl_xstrdup(name);
	e->lang = lang;
	e->st = before;
	e->clean = !racy(c, &before, now);
	e->src = *src;
	e->tree = *tree;
	e->diags = parsed;
	if (c->n >= c->nbuckets)
		grow(c);
	e->next = c->buckets[h & (c->nbuckets - 1)];
	c->buckets[h & (c->nbuckets - 1)] = e;
	c->n++;
	serve(c, e, d, src, tree, shared);
	return true;
}

void rl_file_cache_forget(rl_file_cache *c, const char *path)
{
	if (!c || !path)
		return;
	/* the entries of a path share its bucket */
	for (fc_entry **p = &c->buckets[hash_str(path) & (c->nbuckets - 1)]; *p;) {
		fc_entry *e = *p;
		if (strcmp(e->path, path) == 0) {
			*p = e->next;
			entry_free(e);
			c->n--;
		} else {
			p = &e->next;
		}
	}
}

typedef struct keep_arg {
	bool (*keep)(const char *site, void *arg);
	void *arg;
} keep_arg;

static bool not_kept(const fc_entry *e, const void *arg)
{
	const keep_arg *k = arg;
	return !k->keep(e->site, k->arg);
}

void rl_file_cache_keep(rl_file_cache *c, bool (*keep)(const char *site, void *arg), void *arg)
{
	if (!c)
		return;
	keep_arg k = {keep, arg};
	remove_if(c, not_kept, &k);
}

static bool in_site(const fc_entry *e, const void *arg)
{
	return strcmp(e->site, arg) == 0;
}

void rl_file_cache_drop_site(rl_file_cache *c, const char *site)
{
	if (c && site)
		remove_if(c, in_site, site);
}

void rl_file_cache_set_racy(rl_file_cache *c, int seconds)
{
	c->racy_s = seconds;
}

rl_file_cache_stats rl_file_cache_get_stats(const rl_file_cache *c)
{
	rl_file_cache_stats s = c->stats;
	s.entries = c->n;
	return s;
}
