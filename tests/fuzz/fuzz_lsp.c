/* libFuzzer target for the editor server: the input is cut at each byte
 * 0x1e (ASCII record separator) into message bodies, each handed to the
 * server as if framed by the client; diagnostics are published after each
 * one, as when the client pauses. Answers go to a memory buffer.
 *
 * Properties checked: no crash, leak or undefined behaviour (the
 * sanitizers), whatever the client sends: bad JSON, wrong types, ranges
 * past the end or backwards, edits of closed documents, any order of
 * initialize, shutdown and exit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

#define SEP 0x1e

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	if (!out)
		abort();
	rl_options opt;
	rl_options_init(&opt);
	rl_lsp s;
	rl_lsp_init(&s, &opt, out);
	const char *p = (const char *)data, *end = p + size;
	while (p < end && !s.exited) {
		const char *sep = memchr(p, SEP, (size_t)(end - p));
		const char *stop = sep ? sep : end;
		rl_lsp_handle(&s, p, (size_t)(stop - p));
		rl_lsp_publish_pending(&s);
		p = sep ? sep + 1 : end;
	}
	rl_lsp_free(&s);
	rl_options_free(&opt);
	fclose(out);
	free(buf);
	return 0;
}
