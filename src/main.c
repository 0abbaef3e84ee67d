/* racoonlint: command line. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "include.h"
#include "lint.h"
#include "parse.h"
#include "util.h"
#include "version.h"

static const char usage_text[] =
	"usage: racoonlint [OPTION]... PATH...\n"
	"Check racoon (ipsec-tools) IPsec configurations: racoon.conf, psk.txt and\n"
	"setkey files, each host alone and every pair of hosts against each other.\n"
	"A PATH that is a folder is one host (a copy of its /etc/racoon or /etc);\n"
	"a file is checked on its own; '-' reads standard input.\n"
	"\n"
	"Output:\n"
	"  -f, --format=FMT        text (default on a terminal), gcc (default otherwise),\n"
	"                          json or sarif\n"
	"      --color=WHEN        auto (default), always or never; NO_COLOR turns it off\n"
	"      --print             print each file back (unchanged files byte for byte)\n"
	"      --show-secrets      let --print write pre-shared keys whole (never to a\n"
	"                          terminal); without it they are masked\n"
	"\n"
	"Input:\n"
	"      --kind=KIND         language of the files: racoon, psk or setkey\n"
	"      --stdin-filename=N  name to report for standard input\n"
	"\n"
	"Rules:\n"
	"      --select=RULES      only these rules (names or codes, comma-separated)\n"
	"      --ignore=RULES      not these rules\n"
	"      --severity=LEVEL    report findings at or above LEVEL: info (default),\n"
	"                          warning or error\n"
	"      --list-rules        list every rule and exit\n"
	"      --explain=RULE      explain a rule (name or code) and exit\n"
	"\n"
	"  -h, --help              this help\n"
	"      --version           version\n"
	"\n"
	"Exit status: 0 no findings at or above the severity, 1 findings, 2 the run\n"
	"itself failed (bad option, unreadable file).\n";

enum {
	OPT_PRINT = 256,
	OPT_SHOW_SECRETS,
	OPT_KIND,
	OPT_STDIN_FILENAME,
	OPT_SELECT,
	OPT_IGNORE,
	OPT_SEVERITY,
	OPT_LIST_RULES,
	OPT_EXPLAIN,
	OPT_VERSION,
	OPT_COLOR,
};

static const struct option long_opts[] = {
	{"format", required_argument, 0, 'f'},
	{"color", required_argument, 0, OPT_COLOR},
	{"print", no_argument, 0, OPT_PRINT},
	{"show-secrets", no_argument, 0, OPT_SHOW_SECRETS},
	{"kind", required_argument, 0, OPT_KIND},
	{"stdin-filename", required_argument, 0, OPT_STDIN_FILENAME},
	{"select", required_argument, 0, OPT_SELECT},
	{"ignore", required_argument, 0, OPT_IGNORE},
	{"severity", required_argument, 0, OPT_SEVERITY},
	{"list-rules", no_argument, 0, OPT_LIST_RULES},
	{"explain", required_argument, 0, OPT_EXPLAIN},
	{"help", no_argument, 0, 'h'},
	{"version", no_argument, 0, OPT_VERSION},
	{0, 0, 0, 0},
};

static int fail(const char *fmt, const char *arg)
{
	fputs("racoonlint: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'racoonlint --help'.\n", stderr);
	return 2;
}

/* Set enabled[] for each rule in a comma-separated list. */
static int set_rules(rl_options *o, const char *list, signed char value, bool only)
{
	char *copy = rl_xstrdup(list);
	int rc = 0;
	if (only)
		memset(o->enabled, 0, sizeof o->enabled);
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		int id = rl_rule_find(tok);
		if (id < 0) {
			rc = fail("unknown rule '%s' (see --list-rules)", tok);
			break;
		}
		o->enabled[id] = value;
	}
	free(copy);
	return rc;
}

static void list_rules(void)
{
	for (int i = 0; i < RL_NRULES; i++) {
		const rl_rule *r = rl_rule_get(i);
		printf("%-6s %-22s %-8s %-5s %s\n", r->code, r->name, rl_severity_name(r->severity),
		       rl_scope_name(r->scope), r->summary);
	}
}

static int explain(const char *what)
{
	int id = rl_rule_find(what);
	if (id < 0)
		return fail("unknown rule '%s' (see --list-rules)", what);
	const rl_rule *r = rl_rule_get(id);
	printf("%s %s (%s, scope %s)\n\n%s.\n\n%s", r->code, r->name, rl_severity_name(r->severity),
	       rl_scope_name(r->scope), r->summary, r->explain);
	return 0;
}

/* --print: each file back, secrets masked unless --show-secrets. */
static int print_files(rl_ctx *cx)
{
	bool tty = isatty(1);
	for (size_t i = 0; i < cx->nfiles; i++) {
		rl_file *f = cx->files[i];
		if (f->parent)
			continue; /* an included file: not named on the command line */
		rl_buf b = {0};
		rl_tree_print(f->tree, &b);
		if (f->src->nsecrets && cx->opt->show_secrets && tty) {
			fprintf(stderr, "racoonlint: %s: not writing secrets to a terminal; redirect the output\n",
				f->src->name);
			rl_buf_free(&b);
			return 2;
		}
		if (f->src->nsecrets && !cx->opt->show_secrets) {
			rl_buf m = {0};
			rl_mask_append(&m, f->src, 0, b.data ? b.data : "", b.len);
			rl_buf_free(&b);
			b = m;
		}
		fwrite(b.data ? b.data : "", 1, b.len, stdout);
		rl_buf_free(&b);
	}
	return 0;
}

/* A racoon.conf given alone: its folder stands for the 'path include'
 * directory. */
static void follow_includes_alone(rl_ctx *cx, rl_file *f, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *folder = slash ? rl_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : rl_xstrdup(".");
	rl_pathmap map = {folder, NULL};
	rl_racoon_follow_includes(cx, f, &map);
	free(folder);
}

int main(int argc, char **argv)
{
	rl_options opt;
	memset(&opt, 0, sizeof opt);
	memset(opt.enabled, 1, sizeof opt.enabled);
	opt.min_severity = RL_SEV_INFO;
	int color = -1; /* auto */
	int c;
	while ((c = getopt_long(argc, argv, "f:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			opt.format_set = true;
			if (strcmp(optarg, "text") == 0)
				opt.format = RL_FMT_TEXT;
			else if (strcmp(optarg, "gcc") == 0)
				opt.format = RL_FMT_GCC;
			else if (strcmp(optarg, "json") == 0)
				opt.format = RL_FMT_JSON;
			else if (strcmp(optarg, "sarif") == 0)
				opt.format = RL_FMT_SARIF;
			else
				return fail("unknown format '%s' (text, gcc, json or sarif)", optarg);
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				color = -1;
			else if (strcmp(optarg, "always") == 0)
				color = 1;
			else if (strcmp(optarg, "never") == 0)
				color = 0;
			else
				return fail("--color takes auto, always or never, not '%s'", optarg);
			break;
		case OPT_PRINT: opt.print = true; break;
		case OPT_SHOW_SECRETS: opt.show_secrets = true; break;
		case OPT_KIND:
			opt.kind = rl_lang_parse(optarg);
			if (opt.kind == RL_LANG_UNKNOWN)
				return fail("unknown kind '%s' (racoon, psk or setkey)", optarg);
			break;
		case OPT_STDIN_FILENAME: opt.stdin_filename = optarg; break;
		case OPT_SELECT:
			if (set_rules(&opt, optarg, 1, true))
				return 2;
			break;
		case OPT_IGNORE:
			if (set_rules(&opt, optarg, 0, false))
				return 2;
			break;
		case OPT_SEVERITY: {
			int s = rl_severity_parse(optarg);
			if (s < 0)
				return fail("unknown severity '%s' (info, warning or error)", optarg);
			opt.min_severity = s;
			break;
		}
		case OPT_LIST_RULES: list_rules(); return 0;
		case OPT_EXPLAIN: return explain(optarg);
		case OPT_VERSION: printf("racoonlint %s\n", RL_VERSION); return 0;
		case 'h': fputs(usage_text, stdout); return 0;
		default: fputs("Try 'racoonlint --help'.\n", stderr); return 2;
		}
	}
	if (optind >= argc)
		return fail("%s", "no input: name host folders or files (see --help)");
	if (!opt.format_set)
		opt.format = isatty(1) ? RL_FMT_TEXT : RL_FMT_GCC;
	if (color < 0) {
		const char *nc = getenv("NO_COLOR");
		color = isatty(1) && !(nc && *nc);
	}
	opt.color = color == 1;

	rl_ctx cx;
	memset(&cx, 0, sizeof cx);
	cx.opt = &opt;
	int rc = 0;
	for (int i = optind; i < argc; i++) {
		const char *p = argv[i];
		struct stat st;
		if (strcmp(p, "-") != 0 && stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			fprintf(stderr, "racoonlint: %s: host folders are not read yet\n", p);
			rc = 2;
			break;
		}
		char *err = NULL;
		const char *name = strcmp(p, "-") == 0 ? (opt.stdin_filename ? opt.stdin_filename : "<stdin>") : p;
		rl_source *src = rl_source_load(p, name, &err);
		if (!src) {
			fprintf(stderr, "racoonlint: %s\n", err);
			free(err);
			rc = 2;
			break;
		}
		rl_lang lang = opt.kind ? opt.kind : rl_lang_from_name(name, src->data, src->len);
		if (lang == RL_LANG_UNKNOWN) {
			fprintf(stderr, "racoonlint: %s: cannot tell the language from the name; use --kind\n", name);
			rl_source_free(src);
			rc = 2;
			break;
		}
		rl_file *f = rl_ctx_add_file(&cx, src, lang, NULL, NULL);
		if (lang == RL_LANG_RACOON && strcmp(p, "-") != 0)
			follow_includes_alone(&cx, f, p);
	}
	if (rc == 0) {
		if (opt.print) {
			rc = print_files(&cx);
		} else {
			rl_ctx_run_rules(&cx);
			rl_ctx_filter(&cx);
			rl_output(&cx, stdout);
			rc = cx.diags.n ? 1 : 0;
		}
	}
	if (fflush(stdout) != 0 && rc == 0)
		rc = 2;
	rl_ctx_free(&cx);
	return rc;
}
