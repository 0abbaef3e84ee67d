#include <string.h>

#include "../src/racoon_syntax.h"
#include "rule_util.h"

/* Authentication methods where this host proves itself with its own
 * certificate. */
static bool own_cert_auth(const rl_alg *auth)
{
	static const char *const names[] = {"rsasig", "dsssig", "hybrid_rsa_server", "hybrid_dss_server",
					    "xauth_rsa_server", "xauth_rsa_client"};
	for (size_t i = 0; auth && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(auth->canon, names[i]) == 0)
			return true;
	return false;
}

/* Is the block's certificate_type a plain RSA key (no certificate, so no
 * subjectAltName is looked for)? */
static bool plain_rsa(rl_ctx *cx, const rl_remote *r)
{
	const rl_file *f = rlr_file_of(cx, r->cert_loc.src);
	if (!r->has_cert || !f || !f->tree || f->tree->lang != RL_LANG_RACOON)
		return false;
	const rl_tree *t = f->tree;
	for (uint32_t i = rlr_tok_from(t, r->cert_loc.span.start); i < t->ntoks && t->toks[i].off < r->cert_loc.span.end;
	     i++)
		if (t->toks[i].kind == RC_T_PLAIN_RSA)
			return true;
	return false;
}

static void check_remote(rl_ctx *cx, rl_host *h, const rl_remote *r, rlr_locset *seen)
{
	const rl_proposal *cert = NULL;
	for (size_t i = 0; i < r->nprops && !cert; i++)
		if (own_cert_auth(r->props[i]->auth))
			cert = r->props[i];
	if (!cert || (r->my_id.type != RL_ID_NONE && r->my_id.type != RL_ID_ADDRESS) || plain_rsa(cx, r))
		return;
	bool written = r->my_id.type == RL_ID_ADDRESS && r->my_id.loc.src;
	rl_loc at = written ? r->my_id.loc : r->loc;
	if (!rlr_locset_add(seen, at))
		return;
	rl_diag *dg = rl_report_at(
		cx, RL_R_cert_identifier, h, at, h->conf,
		"certificate authentication (%s) with %s: the peer looks for that address in this host's "
		"certificate (a subjectAltName), and a certificate with only a subject name fails with 'failed to "
		"get subjectAltName'; write my_identifier asn1dn (and peers_identifier asn1dn on the peer) unless "
		"the certificate carries the address",
		cert->auth->canon, written ? "my_identifier address" : "no my_identifier, so the IP address is sent");
	if (cert->auth_loc.src)
		rl_diag_related(dg, cert->auth_loc.src, cert->auth_loc.span, "the proposal that uses the certificate");
}

static void check(rl_ctx *cx)
{
	rlr_each_remote(cx, check_remote);
}

const rl_rule rl_rule_cert_identifier = {
	.code = "RL107",
	.name = "cert-identifier",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_HOST,
	.summary = "certificate authentication with the address as identity: the certificate must carry that address",
	.explain =
		"With rsasig (and the other certificate methods) racoon sends its\n"
		"my_identifier as phase 1 identity, and the peer, with verify_cert on\n"
		"(the default), checks that identity against the certificate: an\n"
		"asn1dn against the subject, an address against a subjectAltName of\n"
		"type IP. Without my_identifier racoon sends its IP address, so a\n"
		"certificate that has only a subject name (the usual case) fails on\n"
		"the peer with 'failed to get subjectAltName' and phase 1 never\n"
		"completes. racoonlint cannot read the certificate, so it warns when a\n"
		"block authenticates by certificate with no identity or an address\n"
		"identity; a certificate that does carry the address is fine.\n"
		"Blocks with a plain RSA key (certificate_type plain_rsa) have no\n"
		"certificate to check and are left alone.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    remote 203.0.113.20 {\n"
		"        exchange_mode main;\n"
		"        certificate_type x509 \"hostA.crt\" \"hostA.key\";\n"
		"        proposal { encryption_algorithm aes; hash_algorithm sha256;\n"
		"                   authentication_method rsasig; dh_group modp2048; }\n"
		"    }\n"
		"\n"
		"Good:\n"
		"\n"
		"    remote 203.0.113.20 {\n"
		"        exchange_mode main;\n"
		"        certificate_type x509 \"hostA.crt\" \"hostA.key\";\n"
		"        my_identifier asn1dn;\n"
		"        peers_identifier asn1dn;\n"
		"        proposal { encryption_algorithm aes; hash_algorithm sha256;\n"
		"                   authentication_method rsasig; dh_group modp2048; }\n"
		"    }\n",
	.check = check,
};
