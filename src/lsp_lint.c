#include "lsp_lint.h"

#include <stdlib.h>
#include <string.h>

#include "canonical.h"

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
	size_t len;
	char *text = rl_canonical(t, &len);
	if (text && strlen(text) != len) {
		/* a NUL byte (inside a psk.txt key): the server takes C strings */
		free(text);
		return NULL;
	}
	return text;
}
