#include "fixture.h"

/* Run one rule over the hosts; returns how many findings it made. */
static size_t run(fx *f, int rule)
{
	rl_ctx *cx = fx_ctx(f);
	rl_diags_free(&cx->diags);
	rl_rule_get(rule)->check(cx);
	for (size_t i = 0; i < cx->diags.n; i++) {
		const rl_diag *d = &cx->diags.v[i];
		char lb[160];
		printf("  %s: %s [%s]\n", rl_loc_str(d->loc, lb, sizeof lb), d->message, rl_rule_get(d->rule)->name);
		for (size_t k = 0; k < d->nrel; k++)
			printf("    note %s: %s\n", rl_loc_str(d->rel[k].loc, lb, sizeof lb), d->rel[k].message);
	}
	return cx->diags.n;
}

static void seed_rules(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *s, *c;
	seed_pair(f, &s, &c);
	assert_int_equal(run(f, RL_R_aes_preference), 2);
	assert_int_equal(run(f, RL_R_psk_mirror), 0);
	assert_int_equal(run(f, RL_R_phase1_mismatch), 0);
	assert_int_equal(run(f, RL_R_phase2_mismatch), 0);
	assert_int_equal(run(f, RL_R_spd_asymmetric), 0);
	assert_int_equal(run(f, RL_R_spd_without_sainfo), 0);
	assert_int_equal(run(f, RL_R_no_remote_for_peer), 0);
	run(f, RL_R_address_inferred);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
