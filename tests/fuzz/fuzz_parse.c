/* libFuzzer target for one parser, chosen at build time with
 * -DFUZZ_LANG=RL_LANG_RACOON|RL_LANG_PSK|RL_LANG_SETKEY.
 *
 * Properties checked on every input: no crash, leak or undefined behaviour
 * (the sanitizers), and printing the tree gives back the input byte for
 * byte, also where the input does not parse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

#ifndef FUZZ_LANG
#error "define FUZZ_LANG"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rl_source *src = rl_source_from_mem("fuzz", (const char *)data, size);
	rl_diags d = {0};
	rl_tree *t = rl_parse(src, FUZZ_LANG, &d);
	if (rl_tree_check_lossless(t))
		abort();
	rl_buf b = {0};
	rl_tree_print(t, &b);
	if (b.len != size || (size && memcmp(b.data, data, size) != 0))
		abort();
	rl_buf_free(&b);
	rl_diags_free(&d);
	rl_tree_free(t);
	rl_source_free(src);
	return 0;
}
