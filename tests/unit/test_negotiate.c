#include "fixture.h"

static void seed_negotiates(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_host *s, *c;
	seed_pair(f, &s, &c);
	char *t = describe(c, s);
	printf("%s", t);
	free(t);
	t = describe(s, c);
	printf("%s", t);
	free(t);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_negotiates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
