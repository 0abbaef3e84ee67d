#include "lsp_lint.h"

rl_source *rl_lint_overlay(rl_ctx *cx, const rl_overlay *ov)
{
	rl_source *src = rl_source_from_mem(ov->path, ov->text, ov->len);
	rl_ctx_add_file(cx, src, ov->lang, NULL, NULL);
	rl_ctx_run_rules(cx);
	rl_ctx_filter(cx);
	return src;
}

char *rl_lsp_canonical(const rl_tree *t)
{
	(void)t;
	return NULL;
}
