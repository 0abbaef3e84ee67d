/* Shared by model.c and model_index.c only. */
#ifndef RL_MODEL_PRIV_H
#define RL_MODEL_PRIV_H

#include "model.h"

/* Forget everything rl_host_finish derived (indexes, inferred addresses). */
void rl_host_drop_derived(rl_host *h);
/* Append an address without marking it as given. */
void rl_host_push_addr(rl_host *h, const rl_addr *a, rl_origin origin, const char *evidence, rl_loc loc);

#endif
