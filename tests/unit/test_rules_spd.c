/* The setkey and platform rules: spd-duplicate, spd-level-use,
 * platform-unsupported, ipcomp-level, tunnel-endpoints, spd-unique-needed
 * and sainfo-without-policy. Each fires on a bad case and stays silent on a
 * good one; fixes are applied and compared. */
#include "rules_helpers.h"
#include "../../rules/rule_util.h"

/* A setkey file of host h, parsed into the run and named its SPD. */
static rl_source *spd_file(fx *f, rl_host *h, const char *name, const char *text)
{
	rl_file *file = rfx_file(f, RL_LANG_SETKEY, name, text, h);
	rl_host_set_spd_file(h, file->src);
	return file->src;
}

static rl_policy *cmd_at(rl_host *h, rl_source *s, rl_spdcmd cmd, const char *needle, rl_dir dir, const char *src,
			 const char *dst)
{
	rl_policy *p = rl_host_add_policy(h, cmd, line_of(s, needle));
	if (src) {
		p->sel.src = ADDR(src);
		p->sel.dst = ADDR(dst);
		p->sel.proto = RL_PROTO_ANY;
	}
	p->dir = dir;
	p->action = RL_ACT_IPSEC;
	return p;
}

/* ---- spd-duplicate ------------------------------------------------------ */

static const char dup_spd[] =
	"spdflush;\n"
	"spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require; # a\n"
	"spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/unique; # b\n"
	"spdadd 10.2.0.0/16 10.1.0.0/16 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require; # c\n"
	"spdadd 10.2.0.0/16 10.1.0.0/16 any -P fwd ipsec esp/tunnel/192.0.2.2-192.0.2.1/require; # d\n"
	"spddelete 10.1.0.0/16 10.2.0.0/16 any -P out; # e\n"
	"spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/unique; # f\n"
	"spdupdate 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require; # g\n"
	"spdflush; # h\n"
	"spdadd 10.2.0.0/16 10.1.0.0/16 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require; # i\n";

static void duplicate_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *h = fx_host(f, "gw");
	rl_source *s = spd_file(f, h, "gw/setkey.conf", dup_spd);
	rl_host_add_policy(h, RL_SPD_FLUSH, line_of(s, "spdflush;"));
	cmd_at(h, s, RL_SPD_ADD, "# a", RL_DIR_OUT, "10.1.0.0/16", "10.2.0.0/16");
	cmd_at(h, s, RL_SPD_ADD, "# b", RL_DIR_OUT, "10.1.0.0/16", "10.2.0.0/16");
	cmd_at(h, s, RL_SPD_ADD, "# c", RL_DIR_IN, "10.2.0.0/16", "10.1.0.0/16");
	cmd_at(h, s, RL_SPD_ADD, "# d", RL_DIR_FWD, "10.2.0.0/16", "10.1.0.0/16");
	cmd_at(h, s, RL_SPD_DELETE, "# e", RL_DIR_OUT, "10.1.0.0/16", "10.2.0.0/16");
	cmd_at(h, s, RL_SPD_ADD, "# f", RL_DIR_OUT, "10.1.0.0/16", "10.2.0.0/16");
	cmd_at(h, s, RL_SPD_UPDATE, "# g", RL_DIR_OUT, "10.1.0.0/16", "10.2.0.0/16");
	rl_host_add_policy(h, RL_SPD_FLUSH, line_of(s, "# h"));
	cmd_at(h, s, RL_SPD_ADD, "# i", RL_DIR_IN, "10.2.0.0/16", "10.1.0.0/16");
	assert_int_equal(run(f, RL_R_spd_duplicate), 2);
	assert_true(at_line(f, 0, "gw/setkey.conf:3"));
	assert_true(says(f, "this out policy repeats the selector of gw/setkey.conf:2"));
	assert_true(at_line(f, 1, "gw/setkey.conf:5"));
	assert_true(says(f, "this fwd policy has the selector of the in policy at gw/setkey.conf:4"));
	assert_int_equal(finding(f, 0)->nrel, 1);
	assert_true(finding(f, 0)->fix->safe);
	/* the whole line goes */
	char *want = rl_xstrdup(dup_spd);
	char *line3 = strstr(want, "spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/unique; # b\n");
	memmove(line3, strchr(line3, '\n') + 1, strlen(strchr(line3, '\n') + 1) + 1);
	assert_true(fixed_to(f, 0, s, want));
	free(want);
	rfx_free(f);

	/* the seed hosts: one policy a selector */
	f = fx_new();
	rl_host *a, *b;
	seed_pair(f, &a, &b);
	assert_int_equal(run(f, RL_R_spd_duplicate), 0);
	fx_free(f);
}

/* ---- spd-level-use and ipcomp-level (syntax trees) ------------------------- */

static const char levels_spd[] =
	"spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//use;\n"
	"spdadd 192.0.2.2 192.0.2.1 any -P in ipsec esp/transport/;\n"
	"spdadd 192.0.2.1 192.0.2.3 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.3/default;\n"
	"spdadd 192.0.2.1 192.0.2.4 any -P out ipsec esp/transport//require ah/transport//unique:7;\n"
	"spdadd 192.0.2.1 192.0.2.5 any -P out none;\n"
	"spddelete 192.0.2.1 192.0.2.6 any -P out ipsec esp/transport//use;\n";

static void level_use_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_file *file = rfx_file(f, RL_LANG_SETKEY, "levels.setkey", levels_spd, NULL);
	assert_int_equal(run(f, RL_R_spd_level_use), 3);
	assert_true(says(f, "level use sends the traffic in clear text"));
	assert_true(says(f, "a rule without a level takes the kernel's system-wide default"));
	assert_true(says(f, "level default takes"));
	assert_false(finding(f, 0)->fix->safe);
	/* the fixes write require: in place of the level, or the rule again */
	assert_true(fixed_to(f, 0, file->src,
			     "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n"
			     "spdadd 192.0.2.2 192.0.2.1 any -P in ipsec esp/transport/;\n"
			     "spdadd 192.0.2.1 192.0.2.3 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.3/default;\n"
			     "spdadd 192.0.2.1 192.0.2.4 any -P out ipsec esp/transport//require ah/transport//unique:7;\n"
			     "spdadd 192.0.2.1 192.0.2.5 any -P out none;\n"
			     "spddelete 192.0.2.1 192.0.2.6 any -P out ipsec esp/transport//use;\n"));
	char *t = apply_fix(finding(f, 1)->fix, file->src);
	assert_non_null(strstr(t, "-P in ipsec esp/transport//require;\n"));
	free(t);
	t = apply_fix(finding(f, 2)->fix, file->src);
	assert_non_null(strstr(t, "esp/tunnel/192.0.2.1-192.0.2.3/require;\n"));
	free(t);
	rfx_free(f);
}

static const char ipcomp_spd[] =
	"spdadd 192.0.2.10 203.0.113.20 any -P out ipsec ipcomp/transport//require esp/transport//require;\n"
	"spdadd 203.0.113.20 192.0.2.10 any -P in ipsec ipcomp/transport esp/transport//require;\n"
	"spdadd 203.0.113.21 192.0.2.10 any -P in ipsec ipcomp/transport//use esp/transport//require;\n";

static void ipcomp_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_file *file = rfx_file(f, RL_LANG_SETKEY, "ipcomp.setkey", ipcomp_spd, NULL);
	assert_int_equal(run(f, RL_R_ipcomp_level), 2);
	assert_int_equal(finding(f, 0)->sev, RL_SEV_WARNING); /* out */
	assert_int_equal(finding(f, 1)->sev, RL_SEV_ERROR);   /* in */
	assert_true(says(f, "ipcomp rule with no level (default): the peer sends small or incompressible packets"));
	assert_true(finding(f, 1)->fix->safe);
	char *t = apply_fix(finding(f, 1)->fix, file->src);
	assert_non_null(strstr(t, "-P in ipsec ipcomp/transport//use esp/transport//require;\n"));
	free(t);
	/* spd-level-use leaves ipcomp alone */
	assert_int_equal(run(f, RL_R_spd_level_use), 0);
	rfx_free(f);
}

/* ---- tunnel-endpoints -------------------------------------------------------- */

static const char tunnel_spd[] =
	"spdadd 198.51.100.10 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n"
	"spdadd 198.51.100.128/25 198.51.100.10 any -P in ipsec esp/tunnel/192.0.2.11-203.0.113.20/require;\n"
	"spdadd 198.51.100.11 198.51.100.128/25 any -P out ipsec esp/tunnel/203.0.113.5-203.0.113.20/require;\n"
	"spdadd 198.51.100.128/25 198.51.100.11 any -P in ipsec esp/tunnel/203.0.113.20-203.0.113.5/require;\n"
	"spdadd 198.51.100.12 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n"
	"spdadd 198.51.100.128/25 198.51.100.12 any -P in ipsec esp/tunnel/203.0.113.20-192.0.2.10/require;\n";

static rl_host *tunnel_host(fx *f, bool given, rl_source **out)
{
	rl_host *h = fx_host(f, "gw");
	if (given) {
		rl_addr a = ADDR("192.0.2.10");
		rl_host_add_addr(h, &a, RL_ORIGIN_FLAG, "--addr", rl_loc_none());
	}
	rl_source *s = spd_file(f, h, "gw/setkey.conf", tunnel_spd);
	static const struct {
		const char *needle, *src, *dst, *ends;
		rl_dir dir;
	} v[] = {
		{"198.51.100.10 198.51.100.128/25", "198.51.100.10", "198.51.100.128/25", "192.0.2.10-203.0.113.20", RL_DIR_OUT},
		{"198.51.100.128/25 198.51.100.10 ", "198.51.100.128/25", "198.51.100.10", "192.0.2.11-203.0.113.20", RL_DIR_IN},
		{"198.51.100.11 198.51.100.128/25", "198.51.100.11", "198.51.100.128/25", "203.0.113.5-203.0.113.20", RL_DIR_OUT},
		{"198.51.100.128/25 198.51.100.11", "198.51.100.128/25", "198.51.100.11", "203.0.113.20-203.0.113.5", RL_DIR_IN},
		{"198.51.100.12 198.51.100.128/25", "198.51.100.12", "198.51.100.128/25", "192.0.2.10-203.0.113.20", RL_DIR_OUT},
		{"198.51.100.128/25 198.51.100.12", "198.51.100.128/25", "198.51.100.12", "203.0.113.20-192.0.2.10", RL_DIR_IN},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		rl_policy *p = cmd_at(h, s, RL_SPD_ADD, v[i].needle, v[i].dir, v[i].src, v[i].dst);
		rule(p, RL_IPSEC_ESP, RL_MODE_TUNNEL, v[i].ends, RL_LEVEL_REQUIRE);
	}
	*out = s;
	return h;
}

static void tunnel_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_source *s;
	tunnel_host(f, true, &s);
	assert_int_equal(run(f, RL_R_tunnel_endpoints), 3);
	/* F030: the in policy of the first pair has another local address */
	assert_true(at_line(f, 0, "gw/setkey.conf:2"));
	assert_true(says(f, "the in policy's tunnel 192.0.2.11-203.0.113.20 reads from this host to the peer, like an "
			    "out policy, and with another local address (192.0.2.11) than the out policy's (192.0.2.10)"));
	assert_int_equal(finding(f, 0)->nrel, 1);
	assert_false(finding(f, 0)->fix->safe);
	char *t = apply_fix(finding(f, 0)->fix, s);
	assert_non_null(strstr(t, "-P in ipsec esp/tunnel/203.0.113.20-192.0.2.10/require;\n"));
	free(t);
	/* F029: a NAT's public address as the local endpoint, out and in */
	assert_true(says(f, "the local tunnel endpoint 203.0.113.5 of this out policy is not an address of gw "
			    "(192.0.2.10, from --addr)"));
	assert_true(says(f, "the local tunnel endpoint 203.0.113.5 of this in policy"));
	rfx_free(f);

	/* the host's address only guessed: the local end is not checked */
	f = fx_new();
	tunnel_host(f, false, &s);
	assert_int_equal(run(f, RL_R_tunnel_endpoints), 1);
	rfx_free(f);
}

/* An in policy written local-peer, like its out policy. */
static void tunnel_reversed(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *h = fx_host(f, "gw");
	rl_source *s = spd_file(f, h, "gw/setkey.conf",
				"spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n"
				"spdadd 10.2.0.0/16 10.1.0.0/16 any -P in ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n");
	rule(cmd_at(h, s, RL_SPD_ADD, "-P out", RL_DIR_OUT, "10.1.0.0/16", "10.2.0.0/16"), RL_IPSEC_ESP, RL_MODE_TUNNEL,
	     "192.0.2.1-192.0.2.2", RL_LEVEL_REQUIRE);
	rule(cmd_at(h, s, RL_SPD_ADD, "-P in", RL_DIR_IN, "10.2.0.0/16", "10.1.0.0/16"), RL_IPSEC_ESP, RL_MODE_TUNNEL,
	     "192.0.2.1-192.0.2.2", RL_LEVEL_REQUIRE);
	assert_int_equal(run(f, RL_R_tunnel_endpoints), 1);
	assert_true(says(f, "the in policy's tunnel 192.0.2.1-192.0.2.2 reads from this host to the peer, like an out "
			    "policy: an in tunnel goes from the peer to this host, 192.0.2.2-192.0.2.1"));
	assert_true(fixed_to(f, 0, s,
			     "spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n"
			     "spdadd 10.2.0.0/16 10.1.0.0/16 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require;\n"));
	rfx_free(f);
}

/* ---- spd-unique-needed ----------------------------------------------------- */

static const char shared_spd[] =
	"spdadd 198.51.100.0/26 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n"
	"spdadd 198.51.100.64/26 198.51.100.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n"
	"spdadd 198.51.100.128/25 198.51.100.0/26 any -P in ipsec esp/tunnel/203.0.113.20-192.0.2.10/require;\n"
	"spdadd 198.51.100.128/25 198.51.100.64/26 any -P in ipsec esp/tunnel/203.0.113.20-192.0.2.10/require;\n"
	"spdadd 198.51.100.0/26 192.0.2.128/25 any -P out ipsec esp/tunnel/192.0.2.10-203.0.113.30/require;\n";

static void unique_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *h = fx_host(f, "gw");
	rl_source *s = spd_file(f, h, "gw/setkey.conf", shared_spd);
	static const struct {
		const char *needle, *src, *dst, *ends;
		rl_dir dir;
	} v[] = {
		{"100.0/26 198.51.100.128/25", "198.51.100.0/26", "198.51.100.128/25", "192.0.2.10-203.0.113.20", RL_DIR_OUT},
		{"100.64/26 198.51.100.128/25", "198.51.100.64/26", "198.51.100.128/25", "192.0.2.10-203.0.113.20", RL_DIR_OUT},
		{"128/25 198.51.100.0/26", "198.51.100.128/25", "198.51.100.0/26", "203.0.113.20-192.0.2.10", RL_DIR_IN},
		{"128/25 198.51.100.64/26", "198.51.100.128/25", "198.51.100.64/26", "203.0.113.20-192.0.2.10", RL_DIR_IN},
		{"192.0.2.128/25", "198.51.100.0/26", "192.0.2.128/25", "192.0.2.10-203.0.113.30", RL_DIR_OUT},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		rule(cmd_at(h, s, RL_SPD_ADD, v[i].needle, v[i].dir, v[i].src, v[i].dst), RL_IPSEC_ESP, RL_MODE_TUNNEL,
		     v[i].ends, RL_LEVEL_REQUIRE);
	assert_int_equal(run(f, RL_R_spd_unique_needed), 2);
	assert_true(says(f, "2 out policies use the tunnel 192.0.2.10-203.0.113.20 at level require"));
	assert_true(at_line(f, 0, "gw/setkey.conf:1"));
	assert_true(at_line(f, 1, "gw/setkey.conf:2"));
	assert_int_equal(finding(f, 1)->nrel, 1);
	assert_false(finding(f, 1)->fix->safe);
	char *t = apply_fix(finding(f, 1)->fix, s);
	assert_non_null(strstr(t, "198.51.100.64/26 198.51.100.128/25 any -P out ipsec "
				  "esp/tunnel/192.0.2.10-203.0.113.20/unique;\n"));
	free(t);
	/* with unique on one of them, the other is alone at require */
	h->policies[0]->rules[0].level = RL_LEVEL_UNIQUE;
	assert_int_equal(run(f, RL_R_spd_unique_needed), 0);
	rfx_free(f);
}

/* ---- sainfo-without-policy ------------------------------------------------- */

static const char sainfo_conf[] =
	"remote 203.0.113.20 { exchange_mode main; }\n"
	"sainfo address 198.51.100.0/25 any address 198.51.100.128/25 any { }\n"
	"sainfo address 198.51.100.0/25 any address 192.0.2.128/25 any { }\n"
	"sainfo address 192.0.2.128/25 any address 198.51.100.0/25 any { }\n"
	"sainfo anonymous { }\n";

static void sainfo_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *h = fx_host(f, "gw");
	rl_source *c = fx_src(f, "gw/racoon.conf", sainfo_conf);
	h->conf = c;
	rl_remote *r = remote(h, c, "remote 203.0.113.20", 1, "203.0.113.20");
	sainfo(h, c, 1, "198.51.100.0/25", RL_PROTO_ANY, "198.51.100.128/25", RL_PROTO_ANY);
	sainfo(h, c, 2, "198.51.100.0/25", RL_PROTO_ANY, "192.0.2.128/25", RL_PROTO_ANY);
	sainfo(h, c, 3, "192.0.2.128/25", RL_PROTO_ANY, "198.51.100.0/25", RL_PROTO_ANY);
	sainfo(h, c, 4, NULL, 0, NULL, 0);
	rl_source *s = spd_file(f, h, "gw/setkey.conf",
				"spdadd 198.51.100.0/25 198.51.100.128/25 tcp -P out ipsec esp/tunnel/192.0.2.10-203.0.113.20/require;\n");
	rule(cmd_at(h, s, RL_SPD_ADD, "-P out", RL_DIR_OUT, "198.51.100.0/25", "198.51.100.128/25"), RL_IPSEC_ESP,
	     RL_MODE_TUNNEL, "192.0.2.10-203.0.113.20", RL_LEVEL_REQUIRE);
	h->policies[0]->sel.proto = 6;
	/* the 2nd and the 3rd (its sides swapped) name no policy's addresses */
	assert_int_equal(run(f, RL_R_sainfo_without_policy), 2);
	assert_true(at_line(f, 0, "gw/racoon.conf:3"));
	assert_true(says(f, "sainfo for 198.51.100.0/25 -> 192.0.2.128/25: no policy in gw/setkey.conf names these "
			    "addresses"));
	/* a generate_policy responder builds its own */
	rnum(r, c, &r->generate_policy, "exchange_mode", RL_GENPOL_ON);
	assert_int_equal(run(f, RL_R_sainfo_without_policy), 0);
	rfx_free(f);

	/* no setkey file read: nothing is known */
	f = fx_new();
	h = fx_host(f, "gw");
	c = fx_src(f, "gw/racoon.conf", sainfo_conf);
	h->conf = c;
	sainfo(h, c, 2, "198.51.100.0/25", RL_PROTO_ANY, "192.0.2.128/25", RL_PROTO_ANY);
	assert_int_equal(run(f, RL_R_sainfo_without_policy), 0);
	fx_free(f);
}

/* ---- platform-unsupported ---------------------------------------------------- */

static const char mixed_conf[] =
	"privsep { user \"racoon\"; }\n"
	"remote \"gw\" { exchange_mode main, base; ike_frag force;\n"
	"  shared_secret use \"inline-secret\";\n"
	"  proposal { encryption_algorithm camellia; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 14; } }\n"
	"remote 192.0.2.1 inherit \"gw\" { passive on; }\n";

static const char mixed_spd[] =
	"#!/sbin/setkey -f\n"
	"spdadd tagged \"vpn\" -P out ipsec esp/transport//require;\n"
	"spdadd 10.0.0.0/8 10.1.0.0/16 any -ctx 1 1 \"system_u:object_r:ipsec_spd_t:s0\" -P out ipsec esp/transport//require;\n"
	"spdadd 10.1.0.0/16 10.0.0.0/8 any -P fwd prio 10 ipsec esp/tunnel/192.0.2.2-192.0.2.1/require;\n"
	"spdupdate 10.1.0.0/16 10.0.0.0/8 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require;\n";

static rl_host *platform_host(fx *f, rl_platform p)
{
	rl_host *h = fx_host(f, "gw");
	rl_host_set_platform(h, p, RL_ORIGIN_FLAG, "--platform", rl_loc_none());
	rfx_file(f, RL_LANG_RACOON, "gw/racoon.conf", mixed_conf, h);
	rfx_file(f, RL_LANG_SETKEY, "gw/setkey.conf", mixed_spd, h);
	return h;
}

static void platform_rule(void **state)
{
	(void)state;
	/* macOS: the forms Apple's racoon and setkey lack */
	fx *f = fx_new();
	platform_host(f, RL_PLATFORM_MACOS);
	assert_int_equal(run(f, RL_R_platform_unsupported), 10);
	assert_true(says(f, "'privsep' is not in Apple's racoon"));
	assert_true(says(f, "'remote \"gw\"' is not in Apple's racoon"));
	assert_true(says(f, "'base' is not in Apple's racoon"));
	assert_true(says(f, "'ike_frag force;' is not in Apple's racoon"));
	assert_true(says(f, "'camellia' is not in Apple's racoon"));
	assert_true(says(f, "'inherit \"gw\"' is not in Apple's racoon"));
	assert_true(says(f, "(gw is macOS, given by --platform)"));
	assert_true(says(f, "'-ctx' (a SELinux security context) exists only on Linux"));
	assert_true(says(f, "'fwd' policies exist only on Linux"));
	assert_true(says(f, "'prio 10' (a policy priority) exists only on Linux"));
	assert_true(says(f, "'spdupdate' is not in this platform's setkey"));
	assert_true(no_text_anywhere(f, "inline-secret"));
	rfx_free(f);

	/* Linux: Apple's statement and the BSD tag */
	f = fx_new();
	platform_host(f, RL_PLATFORM_LINUX);
	assert_int_equal(run(f, RL_R_platform_unsupported), 2);
	assert_true(says(f, "'shared_secret' exists only in Apple's racoon"));
	assert_true(says(f, "'tagged' matches packets by their PF tag, which Linux kernels do not have"));
	assert_true(at_line(f, 0, "gw/racoon.conf:3"));
	rfx_free(f);

	/* unknown platform: silent */
	f = fx_new();
	platform_host(f, RL_PLATFORM_UNKNOWN);
	assert_int_equal(run(f, RL_R_platform_unsupported), 0);
	rfx_free(f);

	/* an inferred platform says what it rests on */
	f = fx_new();
	rl_host *h = platform_host(f, RL_PLATFORM_LINUX);
	rl_source *s = h->files[1]->src;
	rl_host_set_platform(h, RL_PLATFORM_NETBSD, RL_ORIGIN_INFERRED, "the shebang of gw/setkey.conf", line_of(s, "#!"));
	assert_int_equal(run(f, RL_R_platform_unsupported), 4);
	assert_true(says(f, "(gw is NetBSD, inferred from the shebang of gw/setkey.conf)"));
	assert_int_equal(finding(f, 0)->nrel, 1);
	rfx_free(f);

	/* '#!/sbin/setkey' may be FreeBSD or NetBSD: what only FreeBSD's setkey
	 * lacks (spdupdate) waits for --platform */
	f = fx_new();
	h = platform_host(f, RL_PLATFORM_LINUX);
	s = h->files[1]->src;
	rl_host_set_platform(h, RL_PLATFORM_FREEBSD, RL_ORIGIN_INFERRED, "#!/sbin/setkey", line_of(s, "#!"));
	assert_int_equal(run(f, RL_R_platform_unsupported), 4);
	rl_host_set_platform(h, RL_PLATFORM_FREEBSD, RL_ORIGIN_FLAG, "--platform", rl_loc_none());
	assert_int_equal(run(f, RL_R_platform_unsupported), 5);
	assert_true(says(f, "'spdupdate' is not in this platform's setkey"));
	rfx_free(f);
}

/* rlr_src_holds agrees with a plain search, on random text over a small
 * alphabet (so that words and near misses are frequent). */
static bool plain_holds(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, w, n) == 0)
			return true;
	return false;
}

static void src_holds(void **state)
{
	(void)state;
	static const char *const words[] = {"ipcomp", "m", "racoonlint:", "esp", "x", "mp", "comp", "ipcompx"};
	static const char alphabet[] = "ipcomx :;e\nsr";
	uint32_t seed = 99;
	for (int round = 0; round < 20000; round++) {
		char text[64];
		seed = seed * 1103515245u + 12345u;
		size_t len = (seed >> 16) % sizeof text;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		rl_source *src = rl_source_from_mem("t", text, len);
		rl_tree *t = rl_tree_new(src, RL_LANG_SETKEY);
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
			if (rlr_src_holds(t, words[w]) != plain_holds(text, len, words[w]))
				fail_msg("'%.*s' holds '%s': %d", (int)len, text, words[w], rlr_src_holds(t, words[w]));
		rl_tree_free(t);
		rl_source_free(src);
	}
}

int main(void)
{
	verbose = getenv("VERBOSE") != NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(duplicate_rule),
		cmocka_unit_test(level_use_rule),
		cmocka_unit_test(ipcomp_rule),
		cmocka_unit_test(src_holds),
		cmocka_unit_test(tunnel_rule),
		cmocka_unit_test(tunnel_reversed),
		cmocka_unit_test(unique_rule),
		cmocka_unit_test(sainfo_rule),
		cmocka_unit_test(platform_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
