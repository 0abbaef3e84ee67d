/* Reading a racoon.conf with its include files, as racoon does: an
 * 'include "GLOB";' reads every file the glob matches, in glob order, at the
 * point of the statement, each from the top level; a relative glob is taken
 * under the directory 'path include' names at that point. racoon gives up
 * when includes nest more than 10 deep.
 *
 * racoonlint reads a copy of a host's files, so absolute paths of the
 * configuration are mapped into the folder being checked (rl_pathmap). */
#ifndef RL_INCLUDE_H
#define RL_INCLUDE_H

#include "lint.h"

/* Deepest include nesting racoon accepts (its MAX_INCLUDE_DEPTH). */
#define RL_MAX_INCLUDE_DEPTH 10
/* Most files racoonlint reads through includes for one configuration. */
#define RL_MAX_INCLUDED_FILES 256

/* Where absolute paths of a configuration are found.
 *
 * folder: the folder being checked, a copy of a directory of the host.
 * prefix: the absolute directory folder is a copy of: "/etc/racoon" for a
 *     copy of /etc/racoon (FOLDER/x stands for /etc/racoon/x), "/etc" for a
 *     copy of /etc. NULL for a file given alone: its folder then stands for
 *     whatever directory 'path include' names (/etc/racoon when the file sets
 *     none), and relative globs are taken in that folder too. */
typedef struct rl_pathmap {
	const char *folder;
	const char *prefix;
} rl_pathmap;

/* Where an absolute path of the configuration lies in the checked folder,
 * given the 'path include' directory in force (or NULL); NULL when it lies
 * outside the directory the folder stands for. To be freed. */
char *rl_pathmap_resolve(const rl_pathmap *map, const char *abs, const char *path_include);

/* Read the racoon.conf at path (shown as display_name), parse it, add it to
 * the run, and follow its includes (each included file is added with its
 * including file as parent). A file that cannot be read is a missing-file
 * finding. */
void rl_racoon_load(rl_ctx *cx, const char *path, const char *display_name, const rl_pathmap *map,
		    struct rl_host *host);

/* Follow the includes of a racoon.conf already added to the run. */
void rl_racoon_follow_includes(rl_ctx *cx, rl_file *f, const rl_pathmap *map);

/* A racoon.conf given on its own: its folder stands for the 'path include'
 * directory, and its includes are followed from there. */
void rl_racoon_follow_alone(rl_ctx *cx, rl_file *f, const char *path);

#endif
