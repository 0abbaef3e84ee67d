#include <string.h>
#include <strings.h>

#include "../src/rules.h"

static const rl_rule *const all[] = {
#define RL_RULE(id) &rl_rule_##id,
#include "registry.def"
#undef RL_RULE
};

const rl_rule *rl_rule_get(int id)
{
	if (id < 0 || id >= RL_NRULES)
		return NULL;
	return all[id];
}

int rl_rule_find(const char *s)
{
	for (int i = 0; i < RL_NRULES; i++)
		if (strcmp(all[i]->name, s) == 0 || strcasecmp(all[i]->code, s) == 0)
			return i;
	return -1;
}

const char *rl_scope_name(rl_scope s)
{
	switch (s) {
	case RL_SCOPE_FILE: return "file";
	case RL_SCOPE_HOST: return "host";
	default: return "pair";
	}
}
