/* psk.txt tree -> host model. */
#include "build.h"
#include "psk_syntax.h"

static rl_loc tok_loc(const rl_tree *t, uint32_t i)
{
	rl_loc l = {t->src, {t->toks[i].off, t->toks[i].off + t->toks[i].len}};
	return l;
}

/* Every line with an identifier, in file order; lines that start with
 * white space give racoon an empty identifier it never looks up, so they
 * add nothing. The key bytes go to the model as written (the model derives
 * the secret racoon uses); the key token is already a secret span. */
void rl_build_psk(rl_host *h, const rl_tree *t)
{
	if (!t)
		return;
	for (uint32_t e = rl_psk_first_entry(t); e; e = rl_psk_next_entry(t, e)) {
		uint32_t id = rl_psk_id_tok(t, e), key = rl_psk_key_tok(t, e);
		const char *keytext = key != RL_PSK_NO_TOK ? rl_tok_text(t, key) : NULL;
		size_t keylen = key != RL_PSK_NO_TOK ? t->toks[key].len : 0;
		rl_loc key_loc = key != RL_PSK_NO_TOK ? tok_loc(t, key) : rl_loc_none();
		rl_host_add_psk(h, rl_tok_text(t, id), t->toks[id].len, tok_loc(t, id), keytext, keylen, key_loc);
	}
}
