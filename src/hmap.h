/* A small hash multimap from 64-bit hashes to 32-bit values, used by the
 * host model to index pre-shared keys, policies, remote blocks and sainfo
 * blocks without quadratic scans. Several values may share one hash (and
 * several keys may collide on one hash): the caller walks every value
 * stored under a hash and checks the real key itself. */
#ifndef RL_HMAP_H
#define RL_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rl_hmap {
	uint64_t *hashes;
	uint32_t *vals; /* value + 1; 0 marks an empty slot */
	size_t cap;     /* a power of two, or 0 */
	size_t n;
} rl_hmap;

void rl_hmap_add(rl_hmap *m, uint64_t hash, uint32_t val);
/* Room for n more values without growing on the way: the table the adds
 * would reach, made once. */
void rl_hmap_reserve(rl_hmap *m, size_t n);
/* Walk the values stored under hash: start with *it = 0; each call
 * returns the next one in *val, false when there are no more. */
bool rl_hmap_next(const rl_hmap *m, uint64_t hash, size_t *it, uint32_t *val);
void rl_hmap_free(rl_hmap *m);

#define RL_HASH_INIT 0xcbf29ce484222325ULL

/* Fold a 64-bit word into a running hash in one step (the table spreads
 * the bits of the result itself). */
static inline uint64_t rl_hash_word(uint64_t h, uint64_t w)
{
	return (h ^ w) * 0x9e3779b97f4a7c15ULL;
}

/* Hash helpers: fold more bytes or a number into a running hash (FNV-1a,
 * a number as its 8 bytes, least significant first). Inline: the model
 * hashes every selector and identity several times. */
static inline uint64_t rl_hash_more(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* A zero byte only multiplies by the FNV prime, so once the bytes left of
 * v are all zero the rest is one multiplication by a power of the prime:
 * the same value in a step or two for the small numbers hashed most. */
static inline uint64_t rl_hash_num(uint64_t h, uint64_t v)
{
	static const uint64_t prime_pow[9] = {
		0x0000000000000001ULL, 0x00000100000001b3ULL, 0x000366000002e329ULL,
		0x08a97b0004e7feabULL, 0x9ffaac085635bc91ULL, 0x0caee32a7d4f6a63ULL,
		0xdc966432edf1c639ULL, 0xc5527b8a51d3d2dbULL, 0x1efac7090aef4a21ULL,
	};
	int i = 0;
	for (; i < 8 && v; i++, v >>= 8) {
		h ^= v & 0xff;
		h *= 0x100000001b3ULL;
	}
	return h * prime_pow[8 - i];
}

#endif
