/* The files of host folders as read and parsed, kept between the runs of
 * the language server.
 *
 * A buffer in a host folder with sibling host folders is linted with all of
 * them, and each edit is a new run. The cache keeps the source, the tree and
 * the parse findings of every file such a run read from disk, so that the
 * next run parses only what changed. It caches nothing else: which files a
 * run reads (the host folders of the site, their racoon.conf, setkey file,
 * includes and key file) is found again from the disk each time, and the
 * host models and the rules are built and run again each time.
 *
 * An entry serves a run only while the file is what was read:
 *  - the status of the path (device, inode, size, modification and change
 *    times with their nanoseconds, mode, owner and group) is the one it had
 *    when it was read, and stayed the same while it was read;
 *  - a file changed less than RL_FILE_CACHE_RACY seconds before it was read
 *    (a later change could carry the same time stamp) is read again and
 *    compared byte for byte each time, until it is older than that;
 *  - a file that cannot be read is never kept: the run reads it as
 *    rl_source_load does and reports the same failure.
 * An editor buffer's text never enters the cache; rl_file_cache_forget
 * drops the entry of a file whose buffer the editor opens or changes.
 *
 * Entries belong to a site, the folder holding the host folders. A run
 * brackets its reads with rl_file_cache_begin and rl_file_cache_end; the
 * end frees the site's entries the run did not read (files deleted, hosts
 * gone), rl_file_cache_keep frees those of the sites no longer asked for.
 * One run at a time: its files (rl_ctx_free) must be freed before the next
 * run begins or an entry is forgotten. */
#ifndef RL_FILE_CACHE_H
#define RL_FILE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "syntax.h"

/* Seconds: a file whose modification or change time is less old than this
 * when it is read is compared byte for byte at each use. Covers file
 * systems with coarse time stamps (2 s on FAT). */
#define RL_FILE_CACHE_RACY 3

typedef struct rl_file_cache rl_file_cache;

typedef struct rl_file_cache_stats {
	size_t entries;  /* files kept */
	size_t hits;     /* reads served from an entry, without parsing */
	size_t misses;   /* reads that parsed the file (new or changed) */
	size_t verified; /* hits that read the file again to compare it */
} rl_file_cache_stats;

rl_file_cache *rl_file_cache_new(void);
void rl_file_cache_free(rl_file_cache *c);

/* A run over the host folders of site starts; reads until the end go
 * through the cache. */
void rl_file_cache_begin(rl_file_cache *c, const char *site);
/* The run's reads are over: free the site's entries it did not use. */
void rl_file_cache_end(rl_file_cache *c);

/* Read the file at path (name: as messages show it) and parse it as lang:
 * *src and *tree are set, the parse findings appended to d (copies when the
 * entry was parsed before). *shared tells that the source and the tree
 * belong to the cache (the run must not free them); outside a run, and when
 * the file changed while it was read, they are the caller's. Returns false
 * with *err set (the caller frees it) when the file cannot be read. */
bool rl_file_cache_read(rl_file_cache *c, const char *path, const char *name, rl_lang lang, rl_diags *d,
			rl_source **src, rl_tree **tree, bool *shared, char **err);

/* An editor buffer stands for the file at path now: drop its entries. */
void rl_file_cache_forget(rl_file_cache *c, const char *path);

/* Free the entries of every site keep(site, arg) says is no longer needed. */
void rl_file_cache_keep(rl_file_cache *c, bool (*keep)(const char *site, void *arg), void *arg);

/* Drop the entries of one site. */
void rl_file_cache_drop_site(rl_file_cache *c, const char *site);

rl_file_cache_stats rl_file_cache_get_stats(const rl_file_cache *c);

/* How old (seconds) a file must be for its status alone to serve
 * (RL_FILE_CACHE_RACY by default). Tests set -1: every file is old
 * enough, so that only the status tells a change. */
void rl_file_cache_set_racy(rl_file_cache *c, int seconds);

#endif
