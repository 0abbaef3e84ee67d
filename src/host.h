/* Host folders: a folder named on the command line is one host, a copy of
 * its /etc/racoon or of its /etc.
 *
 *  - The host is named after the folder (its last component).
 *  - racoon.conf is FOLDER/racoon.conf (a copy of the racoon directory) or
 *    FOLDER/racoon/racoon.conf (a copy of /etc). Absolute paths of the
 *    configuration are mapped into the folder: /etc/racoon/x is FOLDER/x in
 *    the first layout, /etc/x is FOLDER/x in the second (/private/etc is
 *    /etc, as on macOS; /usr/local/etc and /usr/pkg/etc stand for /etc when
 *    the configuration names them).
 *  - includes, 'path pre_shared_key' and the certificate files are read as
 *    racoon reads them; a file the configuration names that the folder lacks
 *    is a missing-file finding at the statement that names it.
 *  - The setkey file is --setkey=HOST=FILE, else the first of
 *    ipsec-tools.conf, setkey.conf, racoon/setkey.conf, ipsec.conf (when it
 *    holds setkey commands) and *.setkey (FOLDER, then FOLDER/racoon).
 *  - The address is --addr=HOST=ADDR (or addr.HOST in .racoonlint), else
 *    the model infers it; the platform is --platform=HOST=OS, else inferred
 *    from the files (Apple-only racoon.conf statements: macos;
 *    ipsec-tools.conf, a #!/usr/sbin/setkey line or Linux-only setkey forms:
 *    linux; #!/sbin/setkey: a BSD).
 *
 * Files named on their own are grouped by folder into implicit hosts, so
 * that the rules on the model see them too. */
#ifndef RL_HOST_H
#define RL_HOST_H

#include <stddef.h>

#include "lint.h"

/* Text that stands for one file of a folder (an editor buffer). */
typedef struct rl_host_text {
	const char *path;
	const char *text;
	size_t len;
	rl_source *src; /* set by the loader: the source made from the text */
} rl_host_text;

/* Is folder a host folder (does it hold racoon.conf, racoon/racoon.conf or
 * a setkey file)? */
bool rl_is_host_folder(const char *folder);

/* Read a host folder into cx: its files (with their findings) and its
 * model, as a new entry of cx->hosts. over (may be NULL) replaces the bytes
 * of one file. Returns 0, or 2 after a message on standard error when the
 * folder is no host folder or an option about it is wrong. */
int rl_host_load(rl_ctx *cx, const char *folder, rl_host_text *over);

/* Give the files from index 'from' on that belong to no host (files named
 * on their own, and what they include) a host per folder, and build their
 * models. Returns 0, or 2 after a message when an option about such a host
 * is wrong. */
int rl_hosts_for_loose_files(rl_ctx *cx, size_t from);

#endif
