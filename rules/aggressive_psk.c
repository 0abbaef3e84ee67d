#include "rule_util.h"

static void check_remote(rl_ctx *cx, rl_host *h, const rl_remote *r, rlr_locset *seen)
{
	const rl_proposal *prop = NULL;
	int m = rlr_aggressive_psk(r, &prop);
	/* a block that inherits the statement shares the parent's finding */
	if (m < 0 || !rlr_locset_add(seen, r->mode_locs[m]))
		return;
	rl_diag *dg = rl_report_at(cx, RL_R_aggressive_psk, h, r->mode_locs[m], h->conf,
				   "exchange_mode %s with a pre-shared key: the responder sends a hash of the key to "
				   "anyone who starts an exchange, who can then guess the key offline (CERT VU#886601); "
				   "use main mode with address identities, or certificates",
				   rl_xmode_name(r->modes[m]));
	if (prop->auth_loc.src)
		rl_diag_related(dg, prop->auth_loc.src, prop->auth_loc.span, "the proposal that uses the pre-shared key");
}

static void check(rl_ctx *cx)
{
	rlr_each_remote(cx, check_remote);
}

const rl_rule rl_rule_aggressive_psk = {
	.code = "RL103",
	.name = "aggressive-psk",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_HOST,
	.summary = "a remote block allows aggressive (or base) mode with pre-shared key authentication",
	.explain =
		"In aggressive mode (and base mode) the responder's first answer\n"
		"carries a hash keyed with the pre-shared key, in clear, to anyone who\n"
		"starts an exchange with a plausible identity. Tools such as ike-scan\n"
		"and psk-crack collect that hash and test guesses offline at millions\n"
		"a second, so the key is only as strong as its entropy (CERT\n"
		"VU#886601; Apple's racoon(8) manual advises against aggressive mode\n"
		"for this reason). Main mode encrypts the exchange that proves the\n"
		"key. racoonlint reports every remote block that lists aggressive or\n"
		"base in exchange_mode and has a proposal authenticated by\n"
		"pre_shared_key or xauth_psk_*, once per exchange_mode statement (a\n"
		"block that inherits it shares the finding). If aggressive mode is\n"
		"needed (a peer identified by name, not address), use a long random\n"
		"key (see psk-weak-secret) or certificates.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    remote anonymous {\n"
		"        exchange_mode aggressive;\n"
		"        my_identifier user_fqdn \"gw@example.net\";\n"
		"        proposal { encryption_algorithm aes; hash_algorithm sha256;\n"
		"                   authentication_method pre_shared_key; dh_group modp2048; }\n"
		"    }\n"
		"\n"
		"Good:\n"
		"\n"
		"    remote 203.0.113.20 {\n"
		"        exchange_mode main;\n"
		"        proposal { encryption_algorithm aes; hash_algorithm sha256;\n"
		"                   authentication_method pre_shared_key; dh_group modp2048; }\n"
		"    }\n",
	.check = check,
};
