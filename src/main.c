/* racoonlint: command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "fix.h"
#include "host.h"
#include "include.h"
#include "lint.h"
#include "lsp.h"
#include "negotiate.h"
#include "output.h"
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
	"      --color=WHEN        colour in the text format: auto (default: on a\n"
	"                          terminal, unless NO_COLOR is set), always or never\n"
	"      --print             print each file back (unchanged files byte for byte)\n"
	"      --negotiate         print what each pair of hosts negotiates, both ways:\n"
	"                          phase 1 and each protected flow's phase 2, or the\n"
	"                          step that fails and why; exit 1 when a step fails\n"
	"      --show-secrets      let --print write pre-shared keys whole (never to a\n"
	"                          terminal); without it they are masked\n"
	"\n"
	"Fixes:\n"
	"      --diff              show the safe fixes of the findings as one unified\n"
	"                          diff (secrets masked); change nothing; exit 1 when\n"
	"                          there is a change\n"
	"      --fix               apply the safe fixes in place, then report the\n"
	"                          findings that remain (with --print: print the\n"
	"                          corrected files instead; '-' is always printed)\n"
	"      --unsafe-fixes      with --fix or --diff: the unsafe fixes too (they\n"
	"                          change what the hosts do; review them)\n"
	"      --canonical         with --diff, --fix or --print: also lay every file\n"
	"                          out canonically (files that do not parse are left\n"
	"                          as they are)\n"
	"\n"
	"Input:\n"
	"      --kind=KIND         language of the files: racoon, psk or setkey\n"
	"      --stdin-filename=N  name of standard input: reported, used to tell its\n"
	"                          language and to find its .racoonlint\n"
	"      --addr=HOST=ADDR    address of a host (a host folder's name)\n"
	"      --platform=HOST=OS  platform of a host (e.g. linux, freebsd, macos)\n"
	"      --setkey=HOST=FILE  the setkey file of a host\n"
	"\n"
	"Rules:\n"
	"      --select=RULES      only these rules (names or codes, comma-separated,\n"
	"                          or all); may be repeated\n"
	"      --ignore=RULES      not these rules; wins over --select; may be repeated\n"
	"      --severity=LEVEL    report findings at or above LEVEL: info (default),\n"
	"                          warning or error\n"
	"      --list-rules        list every rule: code, name, severity, scope, summary\n"
	"      --explain=RULE      explain a rule (name or code)\n"
	"\n"
	"Configuration:\n"
	"      --config=FILE       read settings from FILE for every input\n"
	"      --no-config         read no .racoonlint file\n"
	"  Without these, each input uses the nearest .racoonlint in its folder or\n"
	"  above; flags win over the file. Comments '# racoonlint: disable=RULE' and\n"
	"  '# racoonlint: disable-file=RULE' suppress findings inline.\n"
	"\n"
	"      --lsp               serve the Language Server Protocol on standard input\n"
	"                          and output (for editors)\n"
	"  -h, --help              this help\n"
	"      --version           version\n"
	"\n"
	"Exit status: 0 no findings at or above the severity, 1 findings, 2 the run\n"
	"itself failed (bad option or configuration, unreadable file).\n";

enum {
	OPT_PRINT = 256,
	OPT_SHOW_SECRETS,
	OPT_KIND,
	OPT_STDIN_FILENAME,
	OPT_ADDR,
	OPT_PLATFORM,
	OPT_SETKEY,
	OPT_SELECT,
	OPT_IGNORE,
	OPT_SEVERITY,
	OPT_LIST_RULES,
	OPT_EXPLAIN,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_VERSION,
	OPT_COLOR,
	OPT_LSP,
	OPT_DIFF,
	OPT_FIX,
	OPT_UNSAFE_FIXES,
	OPT_CANONICAL,
	OPT_NEGOTIATE,
};

static const struct option long_opts[] = {
	{"format", required_argument, 0, 'f'},
	{"color", required_argument, 0, OPT_COLOR},
	{"print", no_argument, 0, OPT_PRINT},
	{"show-secrets", no_argument, 0, OPT_SHOW_SECRETS},
	{"diff", no_argument, 0, OPT_DIFF},
	{"fix", no_argument, 0, OPT_FIX},
	{"unsafe-fixes", no_argument, 0, OPT_UNSAFE_FIXES},
	{"canonical", no_argument, 0, OPT_CANONICAL},
	{"negotiate", no_argument, 0, OPT_NEGOTIATE},
	{"kind", required_argument, 0, OPT_KIND},
	{"stdin-filename", required_argument, 0, OPT_STDIN_FILENAME},
	{"addr", required_argument, 0, OPT_ADDR},
	{"platform", required_argument, 0, OPT_PLATFORM},
	{"setkey", required_argument, 0, OPT_SETKEY},
	{"select", required_argument, 0, OPT_SELECT},
	{"ignore", required_argument, 0, OPT_IGNORE},
	{"severity", required_argument, 0, OPT_SEVERITY},
	{"list-rules", no_argument, 0, OPT_LIST_RULES},
	{"explain", required_argument, 0, OPT_EXPLAIN},
	{"config", required_argument, 0, OPT_CONFIG},
	{"no-config", no_argument, 0, OPT_NO_CONFIG},
	{"lsp", no_argument, 0, OPT_LSP},
	{"help", no_argument, 0, 'h'},
	{"version", no_argument, 0, OPT_VERSION},
	{0, 0, 0, 0},
};

typedef enum action {
	ACT_LINT,
	ACT_HELP,
	ACT_VERSION,
	ACT_LIST_RULES,
	ACT_EXPLAIN,
	ACT_LSP,
} action;

/* Everything the command line says. */
typedef struct cli {
	rl_options opt;
	rl_settings set;    /* --select, --ignore, --severity, --format */
	int color;          /* -1 auto, 0 never, 1 always */
	const char *config; /* --config */
	bool no_config;
	action act;
	const char *explain;
	/* how many --addr, --platform and --setkey the command line gave
	 * (config files' values follow them in opt) */
	size_t flag_addrs, flag_platforms, flag_setkeys;
} cli;

/* A .racoonlint file read for some input. Policies are referred to by the
 * files, so each lives at a fixed address. */
typedef struct loaded_config {
	char *path;
	rl_settings set;
	rl_rule_policy policy;
} loaded_config;

typedef struct configs {
	loaded_config **v;
	size_t n, cap;
} configs;

static int usage_error(const char *fmt, const char *arg)
{
	fputs("racoonlint: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'racoonlint --help'.\n", stderr);
	return 2;
}

/* --addr=HOST=VALUE and its kind; problem (may be NULL) tells what is
 * wrong with a VALUE */
static int add_host_value(rl_kv **v, size_t *n, const char *arg, const char *flag,
			  const char *(*problem)(const char *))
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return usage_error(flag, arg);
	const char *why = problem ? problem(eq + 1) : NULL;
	if (why) {
		fprintf(stderr, "racoonlint: %.*s=%s: %s\nTry 'racoonlint --help'.\n", (int)strcspn(flag, " "), flag,
			arg, why);
		return 2;
	}
	char *host = rl_xstrndup(arg, (size_t)(eq - arg));
	rl_kv_add(v, n, host, eq + 1);
	free(host);
	return 0;
}

static int add_rules(rl_rule_set *set, const char *list, const char *flag)
{
	char *err = NULL;
	if (rl_rule_set_add(set, list, &err) == 0)
		return 0;
	fprintf(stderr, "racoonlint: %s: %s\nTry 'racoonlint --help'.\n", flag, err);
	free(err);
	return 2;
}

static int set_choice(int *dst, int value, const char *what, const char *arg)
{
	if (value < 0)
		return usage_error(what, arg);
	*dst = value;
	return 0;
}

static int parse_color(const char *s)
{
	return strcmp(s, "auto") == 0 ? -1 : strcmp(s, "never") == 0 ? 0 : strcmp(s, "always") == 0 ? 1 : -2;
}

/* A long option's entry by the name in "--name[=value]", or NULL. */
static const struct option *long_opt(const char *arg)
{
	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	size_t n = strcspn(arg + 2, "=");
	for (const struct option *o = long_opts; o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, arg + 2, n) == 0)
			return o;
	return NULL;
}

/* The option getopt_long refused, for the message. */
static int bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];
	if (c == ':')
		return usage_error("option '%s' needs a value", arg);
	if (optopt > 0 && optopt < 256) {
		char s[3] = {'-', (char)optopt, 0};
		return usage_error("unknown option '%s'", s);
	}
	const struct option *o = long_opt(arg);
	if (o && o->has_arg == no_argument)
		return usage_error("option '--%s' takes no value", o->name);
	return usage_error("unknown option '%s'", arg);
}

static int parse_option(cli *c, int ch, char **argv)
{
	rl_options *o = &c->opt;
	switch (ch) {
	case 'f': return set_choice(&c->set.format, rl_format_parse(optarg),
				    "unknown format '%s' (text, gcc, json or sarif)", optarg);
	case OPT_COLOR: {
		int v = parse_color(optarg);
		if (v == -2)
			return usage_error("--color takes auto, always or never, not '%s'", optarg);
		c->color = v;
		return 0;
	}
	case OPT_PRINT: o->print = true; return 0;
	case OPT_SHOW_SECRETS: o->show_secrets = true; return 0;
	case OPT_DIFF: o->diff = true; return 0;
	case OPT_FIX: o->fix = true; return 0;
	case OPT_UNSAFE_FIXES: o->unsafe_fixes = true; return 0;
	case OPT_CANONICAL: o->canonical = true; return 0;
	case OPT_NEGOTIATE: o->negotiate = true; return 0;
	case OPT_KIND:
		o->kind = rl_lang_parse(optarg);
		return o->kind == RL_LANG_UNKNOWN ? usage_error("unknown kind '%s' (racoon, psk or setkey)", optarg) : 0;
	case OPT_STDIN_FILENAME: o->stdin_filename = optarg; return 0;
	case OPT_ADDR:
		return add_host_value(&o->addrs, &o->naddrs, optarg, "--addr takes HOST=ADDR, not '%s'",
				      rl_addr_value_problem);
	case OPT_PLATFORM:
		return add_host_value(&o->platforms, &o->nplatforms, optarg, "--platform takes HOST=OS, not '%s'",
				      rl_platform_value_problem);
	case OPT_SETKEY:
		return add_host_value(&o->setkeys, &o->nsetkeys, optarg, "--setkey takes HOST=FILE, not '%s'", NULL);
	case OPT_SELECT: return add_rules(&c->set.select, optarg, "--select");
	case OPT_IGNORE: return add_rules(&c->set.ignore, optarg, "--ignore");
	case OPT_SEVERITY: return set_choice(&c->set.severity, rl_severity_parse(optarg),
					     "unknown severity '%s' (info, warning or error)", optarg);
	case OPT_LIST_RULES: c->act = ACT_LIST_RULES; return 0;
	case OPT_EXPLAIN: c->act = ACT_EXPLAIN; c->explain = optarg; return 0;
	case OPT_CONFIG: c->config = optarg; return 0;
	case OPT_NO_CONFIG: c->no_config = true; return 0;
	case OPT_VERSION: c->act = ACT_VERSION; return 0;
	case 'h': c->act = ACT_HELP; return 0;
	case OPT_LSP: c->act = ACT_LSP; return 0;
	default: return bad_option(ch, argv);
	}
}

/* The flags of the fix modes go together only in some ways. */
static int check_fix_flags(const rl_options *o)
{
	if (o->print && o->diff)
		return usage_error("%s", "--print and --diff exclude each other");
	if (o->unsafe_fixes && !o->fix && !o->diff)
		return usage_error("%s", "--unsafe-fixes goes with --fix or --diff");
	if (o->canonical && !o->fix && !o->diff && !o->print)
		return usage_error("%s", "--canonical goes with --diff, --fix or --print");
	if (o->negotiate && (o->fix || o->diff || o->canonical))
		return usage_error("%s", "--negotiate goes with none of --diff, --fix and --canonical");
	return 0;
}

/* Parse every option; the first action flag seen does not stop the
 * parse, so a bad flag anywhere is an error. */
static int parse_args(cli *c, int argc, char **argv)
{
	int ch;
	action first = ACT_LINT;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:h", long_opts, NULL)) != -1) {
		int rc = parse_option(c, ch, argv);
		if (rc)
			return rc;
		if (first == ACT_LINT)
			first = c->act;
	}
	c->act = first;
	c->flag_addrs = c->opt.naddrs;
	c->flag_platforms = c->opt.nplatforms;
	c->flag_setkeys = c->opt.nsetkeys;
	if (c->config && c->no_config)
		return usage_error("%s", "--config and --no-config exclude each other");
	if (c->opt.negotiate && (c->set.format == RL_FMT_JSON || c->set.format == RL_FMT_SARIF))
		return usage_error("%s", "--negotiate prints text only: not with --format=json or sarif");
	return check_fix_flags(&c->opt);
}

static void list_rules(void)
{
	int w = 0;
	for (int i = 0; i < RL_NRULES; i++) {
		int n = (int)strlen(rl_rule_get(i)->name);
		w = n > w ? n : w;
	}
	for (int i = 0; i < RL_NRULES; i++) {
		const rl_rule *r = rl_rule_get(i);
		printf("%-5s %-*s %-7s %-4s %s\n", r->code, w, r->name, rl_severity_name(r->severity),
		       rl_scope_name(r->scope), r->summary);
	}
}

static int explain(const char *what)
{
	int id = rl_rule_find(what);
	if (id < 0)
		return usage_error("unknown rule '%s' (see --list-rules)", what);
	const rl_rule *r = rl_rule_get(id);
	printf("%s %s (%s, scope %s)\n\n%s.\n\n%s", r->code, r->name, rl_severity_name(r->severity),
	       rl_scope_name(r->scope), r->summary, r->explain);
	return 0;
}

/* The text --print writes for a file: its new contents when ch changes
 * it, else its tree printed back; secrets masked unless show. *secret: the
 * text holds secrets. */
static void print_text(const rl_file *f, const rl_changes *ch, const rl_scrub *sc, bool show, rl_buf *out,
		       bool *secret)
{
	const rl_change *c = ch ? rl_changes_find(ch, f->src) : NULL;
	rl_buf raw = {0}, masked = {0};
	if (c) {
		rl_buf_add(&raw, c->data, c->len);
		rl_change_masked(c, sc, &masked);
	} else {
		rl_tree_print(f->tree, &raw);
		rl_mask_scrub_append(sc, &masked, f->src, 0, raw.data ? raw.data : "", raw.len);
	}
	*secret = raw.len != masked.len || memcmp(raw.data ? raw.data : "", masked.data ? masked.data : "", raw.len);
	rl_buf_add(out, show ? raw.data : masked.data, show ? raw.len : masked.len);
	rl_buf_free(&raw);
	rl_buf_free(&masked);
}

/* --print: each file back (with the changes ch makes, when not NULL),
 * secrets masked unless --show-secrets. */
static int print_files(rl_ctx *cx, const rl_changes *ch)
{
	bool tty = isatty(1);
	rl_scrub sc;
	rl_scrub_init(&sc, cx);
	int rc = 0;
	for (size_t i = 0; i < cx->nfiles && rc == 0; i++) {
		rl_file *f = cx->files[i];
		if (f->parent)
			continue; /* an included file: not named on the command line */
		rl_buf b = {0};
		bool secret;
		print_text(f, ch, &sc, cx->opt->show_secrets, &b, &secret);
		if (secret && cx->opt->show_secrets && tty) {
			fprintf(stderr, "racoonlint: %s: not writing secrets to a terminal; redirect the output\n",
				f->src->name);
			rc = 2;
		} else {
			fwrite(b.data ? b.data : "", 1, b.len, stdout);
		}
		rl_buf_free(&b);
	}
	rl_scrub_free(&sc);
	return rc;
}

/* --- configuration ------------------------------------------------------- */

static void configs_free(configs *cf)
{
	for (size_t i = 0; i < cf->n; i++) {
		free(cf->v[i]->path);
		rl_settings_free(&cf->v[i]->set);
		free(cf->v[i]);
	}
	free(cf->v);
}

/* The config file at path, read once; NULL after a message on error. */
static loaded_config *config_at(configs *cf, const cli *c, const char *path)
{
	for (size_t i = 0; i < cf->n; i++)
		if (strcmp(cf->v[i]->path, path) == 0)
			return cf->v[i];
	loaded_config *lc = rl_xcalloc(1, sizeof *lc);
	rl_settings_init(&lc->set);
	char *err = NULL;
	if (rl_config_load(&lc->set, path, &err) != 0) {
		fprintf(stderr, "racoonlint: %s\n", err);
		free(err);
		rl_settings_free(&lc->set);
		free(lc);
		return NULL;
	}
	lc->path = rl_xstrdup(path);
	rl_rule_policy_make(&lc->policy, &c->set, &lc->set);
	RL_GROW(cf->v, cf->cap, cf->n + 1);
	cf->v[cf->n++] = lc;
	return lc;
}

/* The folder where the search for an input's .racoonlint starts. */
static char *input_dir(const cli *c, const char *input)
{
	if (strcmp(input, "-") != 0)
		return rl_config_start_dir(input);
	return c->opt.stdin_filename ? rl_config_start_dir(c->opt.stdin_filename) : rl_xstrdup(".");
}

/* The config an input uses, or NULL for none; *failed on a bad file. */
static loaded_config *config_for(configs *cf, const cli *c, const char *input, bool *failed)
{
	*failed = false;
	if (c->no_config)
		return NULL;
	if (c->config) {
		loaded_config *lc = config_at(cf, c, c->config);
		*failed = lc == NULL;
		return lc;
	}
	char *dir = input_dir(c, input);
	char *path = rl_config_find(dir);
	free(dir);
	if (!path)
		return NULL;
	loaded_config *lc = config_at(cf, c, path);
	*failed = lc == NULL;
	free(path);
	return lc;
}

/* Settings that are one for the whole run: the format (the command line's,
 * else the first config file's), and the hosts' addresses and platforms
 * (the command line's first, then every config file's, in input order). */
static void apply_run_settings(cli *c, const configs *cf)
{
	rl_options *o = &c->opt;
	int format = c->set.format;
	for (size_t i = 0; i < cf->n && format < 0; i++)
		format = cf->v[i]->set.format;
	o->format = format >= 0 ? (rl_format)format : isatty(1) ? RL_FMT_TEXT : RL_FMT_GCC;
	for (size_t i = 0; i < cf->n; i++) {
		const rl_settings *s = &cf->v[i]->set;
		for (size_t k = 0; k < s->naddrs; k++)
			rl_kv_add(&o->addrs, &o->naddrs, s->addrs[k].key, s->addrs[k].value);
		for (size_t k = 0; k < s->nplatforms; k++)
			rl_kv_add(&o->platforms, &o->nplatforms, s->platforms[k].key, s->platforms[k].value);
	}
	if (c->color == -1) {
		const char *nc = getenv("NO_COLOR");
		c->color = isatty(1) && !(nc && *nc);
	}
	o->color = c->color == 1;
}

/* --- inputs -------------------------------------------------------------- */

/* Does the file name (its last part) hold "psk", in any case? */
static bool name_says_psk(const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	for (const char *p = base; *p; p++)
		if (strncasecmp(p, "psk", 3) == 0)
			return true;
	return false;
}

static int load_file(rl_ctx *cx, const char *path)
{
	const rl_options *o = cx->opt;
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? (o->stdin_filename ? o->stdin_filename : "<stdin>") : path;
	char *err = NULL;
	rl_source *src = rl_source_load(path, name, &err);
	if (!src) {
		fprintf(stderr, "racoonlint: %s\n", err);
		free(err);
		return 2;
	}
	rl_lang named = rl_lang_from_name(name, src->data, src->len);
	rl_lang lang = o->kind ? o->kind : named;
	if (lang != RL_LANG_PSK && (named == RL_LANG_PSK || (named == RL_LANG_UNKNOWN && name_says_psk(name)))) {
		/* a key file (by its name: psk.txt, or 'psk' in a name that
		 * says no other language) read as another language: its keys
		 * are still keys, masked wherever the file is shown */
		rl_diags quiet = {0};
		rl_tree_free(rl_parse(src, RL_LANG_PSK, &quiet));
		rl_diags_free(&quiet);
	}
	if (lang == RL_LANG_UNKNOWN) {
		if (is_stdin && !o->stdin_filename)
			fprintf(stderr, "racoonlint: standard input: name its language with --kind or "
					"--stdin-filename\n");
		else
			fprintf(stderr, "racoonlint: %s: cannot tell the language from the name; use --kind\n", name);
		rl_source_free(src);
		return 2;
	}
	rl_file *f = rl_ctx_add_file(cx, src, lang, NULL, NULL);
	if (lang == RL_LANG_RACOON && !is_stdin)
		rl_racoon_follow_alone(cx, f, path);
	return 0;
}

/* A folder is one host; a file is checked on its own. */
static int load_input(rl_ctx *cx, const char *path)
{
	struct stat st;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return rl_host_load(cx, path, NULL);
	return load_file(cx, path);
}

/* The config of each input, all read before any input: a bad one stops
 * the run before any output. NULL after a message on error. */
static loaded_config **configs_of(configs *cf, const cli *c, char **inputs, int n)
{
	loaded_config **used = rl_xcalloc((size_t)n, sizeof *used);
	for (int i = 0; i < n; i++) {
		bool failed;
		used[i] = config_for(cf, c, inputs[i], &failed);
		if (failed) {
			free(used);
			return NULL;
		}
	}
	return used;
}

/* Give the files added since 'before' their policy, and let the rules it
 * enables run. */
static void set_policy(rl_ctx *cx, size_t before, const rl_rule_policy *p, rl_options *o)
{
	for (size_t k = before; k < cx->nfiles; k++)
		cx->files[k]->policy = p;
	for (int r = 0; r < RL_NRULES; r++)
		o->enabled[r] = o->enabled[r] || p->enabled[r];
}

/* The inputs of a run and the config each one uses. */
typedef struct run_inputs {
	char **v;
	int n;
	loaded_config **used;
} run_inputs;

/* Read every input's config and settle the run's settings. Returns 0, or 2
 * after a message when nothing may be checked at all (a bad config file,
 * stdin named twice). */
static int load_configs(cli *c, configs *cf, run_inputs *in)
{
	int nstdin = 0;
	for (int i = 0; i < in->n; i++)
		nstdin += strcmp(in->v[i], "-") == 0;
	if (nstdin > 1)
		return usage_error("%s", "standard input ('-') named more than once");
	in->used = configs_of(cf, c, in->v, in->n);
	if (!in->used)
		return 2;
	if (c->config)
		c->opt.policy = cf->v[0]->policy;
	apply_run_settings(c, cf);
	memset(c->opt.enabled, 0, sizeof c->opt.enabled);
	return 0;
}

/* Read every input with its policy into a new run. Returns 0, or 2 when
 * an input could not be read (the readable ones are still checked). */
static int read_inputs(rl_ctx *cx, cli *c, const run_inputs *in)
{
	memset(cx, 0, sizeof *cx);
	cx->opt = &c->opt;
	int rc = 0;
	for (int i = 0; i < in->n; i++) {
		size_t before = cx->nfiles;
		if (load_input(cx, in->v[i]) != 0)
			rc = 2;
		set_policy(cx, before, in->used[i] ? &in->used[i]->policy : &c->opt.policy, &c->opt);
	}
	if (rl_hosts_for_loose_files(cx, 0) != 0)
		rc = 2;
	return rc;
}

/* Check, filter and print the findings; 1 when some are left, else 0. */
static int check_and_report(rl_ctx *cx)
{
	rl_ctx_run_rules(cx);
	rl_ctx_filter(cx);
	rl_output(cx, stdout);
	return cx->diags.n ? 1 : 0;
}

/* Did a step fail, or is its outcome not known? */
static bool steps_fail(const rl_check *c, size_t n, int first_fail)
{
	bool bad = first_fail >= 0;
	for (size_t i = 0; i < n; i++)
		bad = bad || c[i].out == RL_OUT_UNKNOWN;
	return bad;
}

/* Did every step of every checked pair succeed, both ways? */
static bool negotiations_succeed(rl_ctx *cx)
{
	bool ok = true;
	for (size_t i = 0; i < cx->nhosts; i++)
		for (size_t j = 0; j < cx->nhosts; j++) {
			if (i == j || !rl_pair_checked(cx, i < j ? i : j, i < j ? j : i))
				continue;
			const rl_nego *n = rl_negotiate(cx->hosts[i], cx->hosts[j]);
			for (size_t k = 0; k < n->np1; k++)
				ok = ok && !steps_fail(n->p1[k].step, RL_P1_NSTEPS, n->p1[k].first_fail);
			for (size_t k = 0; k < n->nflows; k++)
				ok = ok && !steps_fail(n->flows[k].step, RL_P2_NSTEPS, n->flows[k].first_fail);
		}
	return ok;
}

/* --negotiate: the negotiation of every checked pair; 0 when every step
 * succeeds, 1 otherwise, 2 with fewer than two hosts. */
static int negotiate(rl_ctx *cx)
{
	rl_negotiate_print(cx, stdout);
	if (cx->nhosts < 2)
		return 2;
	return negotiations_succeed(cx) ? 0 : 1;
}

/* The changes of a run: its fixes (with --fix or --diff), then the
 * canonical layout (with --canonical). */
static void collect_changes(rl_ctx *cx, rl_changes *ch)
{
	const rl_options *o = cx->opt;
	rl_ctx_run_rules(cx);
	rl_ctx_filter(cx);
	if (o->fix || o->diff)
		rl_changes_from_fixes(cx, o->unsafe_fixes, ch);
	if (o->canonical)
		rl_changes_canonical(cx, ch, stderr);
}

/* Which mode runs, on a run that has files to work on. */
typedef int (*mode_fn)(rl_ctx *cx, cli *c, const run_inputs *in);

/* The plain run: the findings, the files back with --print, or the
 * negotiations with --negotiate. */
static int mode_lint(rl_ctx *cx, cli *c, const run_inputs *in)
{
	(void)c;
	(void)in;
	const rl_options *o = cx->opt;
	return o->print ? print_files(cx, NULL) : o->negotiate ? negotiate(cx) : check_and_report(cx);
}

/* --diff: the changes as one unified diff; 1 when there are some. */
static int mode_diff(rl_ctx *cx, cli *c, const run_inputs *in)
{
	(void)c;
	(void)in;
	rl_changes ch = {0};
	collect_changes(cx, &ch);
	rl_buf out = {0};
	rl_scrub sc;
	rl_scrub_init(&sc, cx);
	rl_changes_diff(&ch, &sc, &out);
	rl_scrub_free(&sc);
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	if (out.len && strstr(out.data, "****") && fflush(stdout) == 0)
		fputs("racoonlint: note: the diff shows keys as '****': a patch made from it would write '****' where a key "
		      "belongs (or not apply where a key is context); --fix writes the files themselves\n",
		      stderr);
	int rc = out.len ? 1 : 0;
	rl_buf_free(&out);
	rl_changes_free(&ch);
	return rc;
}

/* --print with --fix or --canonical: the corrected files. */
static int mode_print_fixed(rl_ctx *cx, cli *c, const run_inputs *in)
{
	(void)c;
	(void)in;
	rl_changes ch = {0};
	collect_changes(cx, &ch);
	int rc = print_files(cx, &ch);
	rl_changes_free(&ch);
	return rc;
}

/* "fixed 2 findings in F", "laid out F", for each file written. */
static void report_changes(const rl_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		const rl_change *c = &ch->v[i];
		if (!c->content && !c->mode)
			continue;
		if (c->nfixes)
			fprintf(stderr, "fixed %zu finding%s %s %s\n", c->nfixes, c->nfixes == 1 ? "" : "s",
				c->layout ? "and laid out" : "in", c->src->name);
		else
			fprintf(stderr, "laid out %s\n", c->src->name);
	}
	if (ch->skipped)
		fprintf(stderr, "%zu fix%s left out: %s another; run again\n", ch->skipped,
			ch->skipped == 1 ? "" : "es", ch->skipped == 1 ? "it overlaps" : "they overlap");
}

/* --fix: write the changes, then report the findings that remain, read
 * afresh from the files. */
static int mode_fix(rl_ctx *cx, cli *c, const run_inputs *in)
{
	rl_changes ch = {0};
	collect_changes(cx, &ch);
	int w = rl_changes_write(&ch, stderr);
	if (w == 0)
		report_changes(&ch);
	rl_changes_free(&ch);
	if (w != 0)
		return 2;
	rl_ctx after;
	int rc = read_inputs(&after, c, in);
	int out = check_and_report(&after);
	rl_ctx_free(&after);
	return rc ? rc : out;
}

static bool reads_stdin(const run_inputs *in)
{
	for (int i = 0; i < in->n; i++)
		if (strcmp(in->v[i], "-") == 0)
			return true;
	return false;
}

/* A host named by --addr, --platform or --setkey that no input is: most
 * likely a typo, said on standard error. (A .racoonlint file may name the
 * hosts of a whole site, of which a run reads only some.) */
static void warn_unknown_hosts(const rl_ctx *cx, const cli *c)
{
	const rl_options *o = &c->opt;
	const struct {
		const rl_kv *v;
		size_t n;
		const char *what;
	} lists[] = {{o->addrs, c->flag_addrs, "addr"}, {o->platforms, c->flag_platforms, "platform"},
		     {o->setkeys, c->flag_setkeys, "setkey"}};
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t i = 0; i < lists[l].n; i++) {
			bool found = false;
			for (size_t h = 0; h < cx->nhosts && !found; h++)
				found = strcmp(cx->hosts[h]->name, lists[l].v[i].key) == 0;
			if (!found && cx->nhosts)
				fprintf(stderr, "racoonlint: warning: --%s=%s=...: no host of that name among the inputs\n",
					lists[l].what, lists[l].v[i].key);
		}
}


static mode_fn choose_mode(cli *c, const run_inputs *in)
{
	rl_options *o = &c->opt;
	if (o->fix && reads_stdin(in))
		o->print = true; /* standard input cannot be written back */
	if (o->diff)
		return mode_diff;
	if (o->print && (o->fix || o->canonical))
		return mode_print_fixed;
	return o->fix ? mode_fix : mode_lint;
}

static int lint(cli *c, char **inputs, int n)
{
	configs cf = {0};
	run_inputs in = {inputs, n, NULL};
	int rc = load_configs(c, &cf, &in);
	if (rc == 0) {
		mode_fn mode = choose_mode(c, &in);
		rl_ctx cx;
		rc = read_inputs(&cx, c, &in);
		warn_unknown_hosts(&cx, c);
		if (rc == 0 || cx.nfiles) {
			int out = mode(&cx, c, &in);
			rc = rc ? rc : out;
		}
		rl_ctx_free(&cx);
	}
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc < 2) {
		fputs("racoonlint: cannot write the output\n", stderr);
		rc = 2;
	}
	free(in.used);
	configs_free(&cf);
	return rc;
}

int main(int argc, char **argv)
{
	cli c;
	memset(&c, 0, sizeof c);
	rl_options_init(&c.opt);
	rl_settings_init(&c.set);
	c.color = -1;
	int rc = parse_args(&c, argc, argv);
	if (rc == 0) {
		rl_rule_policy_make(&c.opt.policy, &c.set, NULL);
		switch (c.act) {
		case ACT_HELP: fputs(usage_text, stdout); break;
		case ACT_VERSION: printf("racoonlint %s\n", RL_VERSION); break;
		case ACT_LIST_RULES: list_rules(); break;
		case ACT_EXPLAIN: rc = explain(c.explain); break;
		case ACT_LSP: rc = rl_lsp_main(&c.opt); break;
		case ACT_LINT:
			if (optind >= argc)
				rc = usage_error("%s", "no input: name host folders or files (see --help)");
			else
				rc = lint(&c, argv + optind, argc - optind);
			break;
		}
	}
	rl_settings_free(&c.set);
	rl_options_free(&c.opt);
	return rc;
}
