/* Findings ("diagnostics"), their related locations and their fixes.
 *
 * A fix is a list of byte-range replacements on source buffers, possibly in
 * several files and hosts, plus an optional file-mode change; it is safe
 * (keeps or makes the hosts' negotiation work) or unsafe (a person must
 * confirm the change in behaviour). */
#ifndef RL_DIAG_H
#define RL_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"

typedef enum rl_severity {
	RL_SEV_INFO = 0,
	RL_SEV_WARNING = 1,
	RL_SEV_ERROR = 2,
} rl_severity;

const char *rl_severity_name(rl_severity s);
/* "info", "warning", "error" (also "style"/"note" for info); -1 if unknown */
int rl_severity_parse(const char *s);

typedef struct rl_loc {
	rl_source *src;
	rl_span span;
} rl_loc;

typedef struct rl_related {
	rl_loc loc;
	char *message;
} rl_related;

typedef struct rl_edit {
	rl_source *src;
	uint32_t start, end; /* bytes [start, end) replaced by text */
	char *text;
} rl_edit;

typedef struct rl_fix {
	char *title;
	bool safe;
	rl_edit *edits;
	size_t nedits, capedits;
	rl_source *mode_src; /* a file whose mode is to be set, or NULL */
	unsigned new_mode;
} rl_fix;

typedef struct rl_diag {
	int rule;           /* index into the rule registry (RL_R_...) */
	rl_severity sev;
	rl_loc loc;
	char *message;      /* never holds a secret */
	rl_related *rel;
	size_t nrel;
	rl_fix *fix;        /* NULL when there is none */
	char *host;         /* host the finding belongs to, or NULL */
} rl_diag;

typedef struct rl_diags {
	rl_diag *v;
	size_t n, cap;
} rl_diags;

/* Add a finding with the rule's default severity. The returned pointer is
 * valid until the next rl_report on the same list. */
rl_diag *rl_report(rl_diags *d, int rule, rl_source *src, rl_span span, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
rl_diag *rl_vreport(rl_diags *d, int rule, rl_source *src, rl_span span, const char *fmt, va_list ap);
void rl_diag_related(rl_diag *dg, rl_source *src, rl_span span, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
rl_fix *rl_diag_fix(rl_diag *dg, const char *title, bool safe);
void rl_fix_edit(rl_fix *f, rl_source *src, uint32_t start, uint32_t end, const char *text);
void rl_fix_chmod(rl_fix *f, rl_source *src, unsigned mode);

/* Stable order: file name, start and end offset, rule, message; ties keep
 * the order of reporting. */
void rl_diags_sort(rl_diags *d);
void rl_diags_remove(rl_diags *d, size_t i);
/* Append a copy of dg (its message, related locations, fix and host) to d;
 * the copy points at the same sources. */
void rl_diags_append_copy(rl_diags *d, const rl_diag *dg);
void rl_diag_free(rl_diag *dg);
void rl_diags_free(rl_diags *d);

#endif
