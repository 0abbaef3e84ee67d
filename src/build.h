/* Building a host's model (model.h) from its parsed files: the tree walkers
 * that turn racoon.conf, psk.txt and setkey trees into facts with their
 * locations.
 *
 * Each walker takes what parsed and leaves out what did not: an error node
 * adds nothing, and a statement whose value is missing or invalid (a
 * syntax-error or invalid-value finding already says so) sets nothing. The
 * model then works with what racoon would have read had it accepted the
 * rest. */
#ifndef RL_BUILD_H
#define RL_BUILD_H

#include "lint.h"
#include "model.h"

/* A file a racoon.conf names besides its includes: the pre-shared key
 * file, certificates and keys. */
typedef struct rl_conf_ref {
	char *path;      /* as written */
	char *dir;       /* the 'path certificate' in force there, or NULL */
	rl_loc loc;      /* the quoted name */
	const char *what;/* "certificate", "private key", ... */
} rl_conf_ref;

/* What the host loader needs from a racoon.conf and its includes. */
typedef struct rl_conf_paths {
	bool psk_set;        /* path pre_shared_key written (the last one counts) */
	char *psk;
	rl_loc psk_loc;      /* its quoted value */
	char *path_include;  /* the last 'path include' */
	rl_conf_ref *refs;   /* certificate and key files, in file order */
	size_t nrefs, caprefs;
} rl_conf_paths;

void rl_conf_paths_free(rl_conf_paths *p);

/* Walk root (a racoon.conf added to cx) and the files it includes, in the
 * order racoon reads them, adding listen addresses, remote and sainfo
 * blocks to h. paths (may be NULL) gets the files the configuration names. */
void rl_build_racoon(rl_host *h, rl_ctx *cx, const rl_file *root, rl_conf_paths *paths);

/* The lines of a psk.txt: identifiers and keys (the secret stays in
 * memory, only compared). */
void rl_build_psk(rl_host *h, const rl_tree *t);

/* The commands of a setkey file up to exit: policies (spdadd, spdupdate,
 * spddelete, spdflush) and manual SAs (add, delete). */
void rl_build_setkey(rl_host *h, const rl_tree *t);

/* Protocol number of an upper-layer protocol name as setkey and racoon.conf
 * write it ("tcp", "icmp6", "any" -> RL_PROTO_ANY, or a number); -1 when
 * unknown. */
int rl_ulproto_parse(const char *s, size_t n);

#endif
