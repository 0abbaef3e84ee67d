#include "parse.h"

#include <stdarg.h>

#include "rules.h"

rl_tree *rl_parse(rl_source *src, rl_lang lang, rl_diags *d)
{
	if (lang == RL_LANG_UNKNOWN)
		lang = src->lang;
	src->lang = lang;
	rl_tree *t;
	switch (lang) {
	case RL_LANG_PSK: t = rl_parse_psk(src, d); break;
	case RL_LANG_SETKEY: t = rl_parse_setkey(src, d); break;
	default: t = rl_parse_racoon(src, d); break;
	}
	rl_tree_built(t);
	if (t->long_len)
		rl_syntax_error(t, d, t->long_off, t->long_off + t->long_len,
				"a token of %u bytes: racoonlint reads tokens of at most %u bytes", t->long_len,
				RL_TOK_MAXLEN);
	return t;
}

rl_diag *rl_syntax_error(rl_tree *t, rl_diags *d, uint32_t start, uint32_t end, const char *fmt, ...)
{
	t->nerrors++;
	if (t->nerrors > RL_MAX_SYNTAX_ERRORS)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	rl_diag *dg = rl_vreport(d, RL_R_syntax_error, t->src, (rl_span){start, end}, fmt, ap);
	va_end(ap);
	if (t->nerrors == RL_MAX_SYNTAX_ERRORS) {
		rl_report(d, RL_R_syntax_error, t->src, (rl_span){start, end},
			  "too many syntax errors; the rest of the file is not reported");
		return NULL;
	}
	return dg;
}
