#include "hmap.h"

#include <stdlib.h>

#include "util.h"

/* Spread the bits so that close hashes do not share probe runs. */
static size_t slot(uint64_t h, size_t cap)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h & (cap - 1);
}

static void put(uint64_t *hashes, uint32_t *vals, size_t cap, uint64_t hash, uint32_t stored)
{
	size_t i = slot(hash, cap);
	while (vals[i])
		i = (i + 1) & (cap - 1);
	hashes[i] = hash;
	vals[i] = stored;
}

/* A table of cap slots with the entries of m. Only vals is cleared: a
 * slot's hash is read once its value says it is taken. */
static void resize(rl_hmap *m, size_t cap)
{
	uint64_t *hashes = rl_xmalloc(cap * sizeof *hashes);
	uint32_t *vals = rl_xcalloc(cap, sizeof *vals);
	for (size_t i = 0; i < m->cap; i++)
		if (m->vals[i])
			put(hashes, vals, cap, m->hashes[i], m->vals[i]);
	free(m->hashes);
	free(m->vals);
	m->hashes = hashes;
	m->vals = vals;
	m->cap = cap;
}

void rl_hmap_reserve(rl_hmap *m, size_t n)
{
	if (!n)
		return;
	size_t cap = m->cap ? m->cap : 16;
	while (cap < 2 * (m->n + n))
		cap *= 2;
	if (cap > m->cap)
		resize(m, cap);
}

void rl_hmap_add(rl_hmap *m, uint64_t hash, uint32_t val)
{
	if ((m->n + 1) * 2 > m->cap)
		resize(m, m->cap ? m->cap * 2 : 16);
	put(m->hashes, m->vals, m->cap, hash, val + 1);
	m->n++;
}

bool rl_hmap_next(const rl_hmap *m, uint64_t hash, size_t *it, uint32_t *val)
{
	if (!m->cap)
		return false;
	for (;;) {
		size_t i = (slot(hash, m->cap) + *it) & (m->cap - 1);
		if (!m->vals[i] || *it >= m->cap)
			return false;
		(*it)++;
		if (m->hashes[i] == hash) {
			*val = m->vals[i] - 1;
			return true;
		}
	}
}

void rl_hmap_free(rl_hmap *m)
{
	free(m->hashes);
	free(m->vals);
	m->hashes = NULL;
	m->vals = NULL;
	m->cap = m->n = 0;
}

