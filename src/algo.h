/* The algorithm and Diffie-Hellman group tables of racoon.conf: which words
 * are valid in which statement, their aliases, key lengths and strength.
 * Shared by the parser's value checks, the model, the negotiation model and
 * the rules. */
#ifndef RL_ALGO_H
#define RL_ALGO_H

#include <stdbool.h>
#include <stddef.h>

typedef enum rl_alg_class {
	RL_AC_P1_ENC = 1 << 0,  /* proposal { encryption_algorithm } */
	RL_AC_P1_HASH = 1 << 1, /* proposal { hash_algorithm } */
	RL_AC_P1_AUTH = 1 << 2, /* proposal { authentication_method } */
	RL_AC_P2_ENC = 1 << 3,  /* sainfo { encryption_algorithm } */
	RL_AC_P2_AUTH = 1 << 4, /* sainfo { authentication_algorithm } */
	RL_AC_P2_COMP = 1 << 5, /* sainfo { compression_algorithm } */
	RL_AC_DH = 1 << 6,      /* dh_group, pfs_group */
} rl_alg_class;

/* How weak an algorithm is considered today. */
typedef enum rl_alg_strength {
	RL_STRONG = 0,
	RL_LEGACY = 1, /* still negotiable, deprecated: 3des, blowfish, cast128, modp1024 */
	RL_BROKEN = 2, /* practically broken or no protection: des, null, md5, modp768 */
} rl_alg_strength;

/* Which racoon builds know a word. */
typedef enum rl_alg_dialect {
	RL_DIALECT_ALL = 0,
	RL_DIALECT_APPLE = 1, /* only Apple's racoon */
	RL_DIALECT_NOT_APPLE = 2,
} rl_alg_dialect;

typedef struct rl_alg {
	const char *name;   /* spelling */
	const char *canon;  /* canonical spelling of the algorithm (aliases share it) */
	unsigned classes;   /* RL_AC_* where the word is accepted */
	int dh;             /* DH group number (RL_AC_DH), else 0 */
	int key_default;    /* variable-length ciphers: key length when omitted, else 0 */
	int key_min, key_max, key_step; /* allowed lengths: min..max by step; step 64 marks {128,192,256} */
	rl_alg_strength strength;
	rl_alg_dialect dialect;
	bool dh_unusable;   /* a group racoon accepts but cannot compute (3, 4) */
} rl_alg;

/* The entry for a word (exact, case-sensitive), or NULL. */
const rl_alg *rl_alg_find(const char *name, size_t len);
/* The DH group with this number, or NULL when racoon rejects the number. */
const rl_alg *rl_dh_by_number(unsigned long n);
/* Is keylen valid for this cipher? (0 means omitted: always valid) */
bool rl_alg_keylen_ok(const rl_alg *a, unsigned long keylen);
/* Effective key length: keylen, or the cipher's default, or 0 for a fixed one. */
int rl_alg_keylen(const rl_alg *a, unsigned long keylen);
/* Fold the client/server variants of an authentication method onto one
 * canonical name (xauth_psk_client and xauth_psk_server compare equal). */
const char *rl_auth_fold(const char *canon);
/* Human name of an algorithm class ("phase 1 encryption algorithm"). */
const char *rl_alg_class_name(rl_alg_class c);
/* Is the canonical name an AES cipher? */
bool rl_alg_is_aes(const rl_alg *a);

#endif
