#include "../src/model.h"
#include "../src/pair_report.h"

static void check(rl_ctx *cx)
{
	char ab[RL_ADDR_STRLEN];
	for (size_t i = 0; i < cx->nhosts; i++) {
		rl_host *h = cx->hosts[i];
		rl_host_finish(h);
		for (size_t k = 0; k < h->naddrs; k++) {
			const rl_host_addr *a = &h->addrs[k];
			if (a->origin != RL_ORIGIN_INFERRED)
				continue;
			rl_source *at = h->conf ? h->conf : h->spd_file;
			if (rl_addr_is_host(&a->addr))
				rl_report_at(cx, RL_R_address_inferred, h, a->loc, at,
					     "the address of %s, %s, is inferred from %s; give --addr=%s=ADDR if that "
					     "is wrong",
					     h->name, rl_addr_str(&a->addr, ab), a->evidence, h->name);
			else
				rl_report_at(cx, RL_R_address_inferred, h, a->loc, at,
					     "the address of %s is only known as a network, %s, inferred from %s: "
					     "checks that need the host's own address (a key looked up by it, the "
					     "remote block its peer picks for it) stay unsure; give --addr=%s=ADDR",
					     h->name, rl_addr_str(&a->addr, ab), a->evidence, h->name);
		}
	}
}

const rl_rule rl_rule_address_inferred = {
	.code = "RL308",
	.name = "address-inferred",
	.severity = RL_SEV_INFO,
	.scope = RL_SCOPE_HOST,
	.summary = "a host's own address is a guess from its policies or identity, not given or configured",
	.explain =
		"The pair checks need each host's IKE address: which remote block the\n"
		"peer selects for it, which psk.txt line is looked up in main mode,\n"
		"which policies lead to it. racoonlint takes it from --addr=HOST=ADDR,\n"
		"else from listen isakmp, else it guesses: my_identifier address, the\n"
		"local end of a tunnel, the source of an out policy in transport mode\n"
		"(which may be a whole network). A wrong guess makes the pair checks\n"
		"wrong, so every guess is listed.\n"
		"\n"
		"Example (client1's out policy starts at 192.168.0.0/24, so client1's\n"
		"address is only known as that network):\n"
		"\n"
		"    spdadd 192.168.0.0/24 192.168.0.10[3260] tcp -P out ipsec esp/transport//require;\n"
		"\n"
		"Better: racoonlint --addr=client1=192.168.0.20 server1/ client1/\n",
	.check = check,
};
