#include <sys/stat.h>

#include "rule_util.h"

/* The mode racoon accepts, taken from the current one: only the owner's
 * read and write bits are kept, so the fix never opens the file further. */
static unsigned owner_only(mode_t mode)
{
	return (unsigned)(mode & 0600);
}

/* What is wrong with the file, in the order racoon's check meets it. */
typedef struct fault {
	bool on;
	const char *what; /* printf format with the value */
	unsigned value;
	const char *todo;
} fault;

static void check_file(rl_ctx *cx, const rl_file *f)
{
	const rl_source *s = f->src;
	if (!f->tree || f->tree->lang != RL_LANG_PSK || !s->have_stat)
		return;
	rl_psk_faults pf = rl_psk_file_faults(s);
	const fault faults[] = {
		{pf.owner, "is owned by uid %u, not root", (unsigned)s->uid, "chown root"},
		{pf.type, "is not a regular file (mode %06o)", (unsigned)s->mode, "make it a regular file"},
		{pf.weak, "has mode %04o, open to group or others", (unsigned)(s->mode & 07777), "chmod 600"},
	};
	const fault *first = NULL;
	rl_buf what = {0}, todo = {0};
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		if (!faults[i].on)
			continue;
		if (first) {
			rl_buf_puts(&what, " and ");
			rl_buf_puts(&todo, " and ");
		}
		rl_buf_printf(&what, faults[i].what, faults[i].value);
		rl_buf_puts(&todo, faults[i].todo);
		first = first ? first : &faults[i];
	}
	if (first) {
		rl_span top = {0, 0};
		rl_diag *dg = rlr_report(cx, RL_R_psk_file_mode, f, top,
					 "the pre-shared key file %s: racoon refuses it ('%s') and finds no key at all; %s",
					 rl_buf_str(&what), pf.racoon, rl_buf_str(&todo));
		const rl_host *h = f->host;
		if (h && h->psk_file == s && h->psk_path_set && h->psk_path_loc.src)
			rl_diag_related(dg, h->psk_path_loc.src, h->psk_path_loc.span, "racoon reads it from here");
		if (pf.weak && !pf.type)
			rl_fix_chmod(rl_diag_fix(dg, "remove the group and other permissions", true), f->src,
				     owner_only(s->mode));
	}
	rl_buf_free(&what);
	rl_buf_free(&todo);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++)
		check_file(cx, cx->files[i]);
}

const rl_rule rl_rule_psk_file_mode = {
	.code = "RL201",
	.name = "psk-file-mode",
	.severity = RL_SEV_ERROR,
	.scope = RL_SCOPE_FILE,
	.summary = "psk.txt may be read or written by group or others, is not a regular file, or is not root's",
	.explain =
		"Before every lookup racoon checks its key file: it must be a regular\n"
		"file, owned by the user racoon runs as (root), with no permission for\n"
		"group or others (mode & 077 = 0: 0600 or 0400). Otherwise it logs\n"
		"'has weak file permission', 'has invalid owner uid' or 'is an invalid\n"
		"file type', then 'failed to open pre_share_key file', and every\n"
		"phase 1 that needs a pre-shared key fails. Configuration management\n"
		"that installs the file 0644 is the usual cause.\n"
		"\n"
		"racoonlint checks the mode of every psk.txt it reads (the file named by\n"
		"path pre_shared_key in a host folder, or a file given on its own). The\n"
		"fix removes the group and other bits (chmod 600, or 400 for a\n"
		"read-only file); it never adds a permission. The owner is only\n"
		"checked when racoonlint itself runs as root: a copy checked out by a\n"
		"normal user can never be owned by root, so there the owner says\n"
		"nothing about the deployed file.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    -rw-r--r-- root root /etc/racoon/psk.txt\n"
		"\n"
		"Good:\n"
		"\n"
		"    -rw------- root root /etc/racoon/psk.txt\n",
	.check = check,
};
