#include "algo.h"

#include <stdint.h>
#include <string.h>

#define P1E RL_AC_P1_ENC
#define P1H RL_AC_P1_HASH
#define P1A RL_AC_P1_AUTH
#define P2E RL_AC_P2_ENC
#define P2A RL_AC_P2_AUTH
#define P2C RL_AC_P2_COMP
#define DH RL_AC_DH

/* name, canon, classes, dh, key default/min/max/step, strength, dialect */
static const rl_alg table[] = {
	/* ciphers */
	{"des", "des", P1E | P2E, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"3des", "3des", P1E | P2E, 0, 0, 0, 0, 0, RL_LEGACY, 0, false},
	{"des_iv64", "des_iv64", P2E, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"des_iv32", "des_iv32", P2E, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"blowfish", "blowfish", P1E | P2E, 0, 128, 40, 448, 8, RL_LEGACY, 0, false},
	{"cast128", "cast128", P1E | P2E, 0, 128, 40, 128, 8, RL_LEGACY, 0, false},
	{"aes", "aes", P1E | P2E, 0, 128, 128, 256, 64, RL_STRONG, 0, false},
	{"rijndael", "aes", P1E | P2E, 0, 128, 128, 256, 64, RL_STRONG, 0, false},
	{"camellia", "camellia", P1E | P2E, 0, 128, 128, 256, 64, RL_STRONG, RL_DIALECT_NOT_APPLE, false},
	{"rc5", "rc5", P1E | P2E, 0, 128, 40, 2040, 8, RL_LEGACY, 0, false},
	{"idea", "idea", P1E | P2E, 0, 0, 0, 0, 0, RL_LEGACY, 0, false},
	{"3idea", "3idea", P2E, 0, 0, 0, 0, 0, RL_LEGACY, 0, false},
	{"twofish", "twofish", P2E, 0, 128, 40, 256, 8, RL_STRONG, 0, false},
	{"rc4", "rc4", P2E, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"null_enc", "null_enc", P2E, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"null", "null_enc", P2E, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	/* phase 1 hashes */
	{"md5", "md5", P1H, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"sha1", "sha1", P1H, 0, 0, 0, 0, 0, RL_LEGACY, 0, false},
	{"sha256", "sha256", P1H, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"sha2_256", "sha256", P1H, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"sha384", "sha384", P1H, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"sha2_384", "sha384", P1H, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"sha512", "sha512", P1H, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"sha2_512", "sha512", P1H, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"tiger", "tiger", 0, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	/* phase 2 authentication */
	{"hmac_md5", "hmac_md5", P2A, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"hmac_sha1", "hmac_sha1", P2A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hmac_sha256", "hmac_sha256", P2A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hmac_sha2_256", "hmac_sha256", P2A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hmac_sha384", "hmac_sha384", P2A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hmac_sha2_384", "hmac_sha384", P2A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hmac_sha512", "hmac_sha512", P2A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hmac_sha2_512", "hmac_sha512", P2A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hmac_md5_96", "hmac_md5_96", P2A, 0, 0, 0, 0, 0, RL_BROKEN, RL_DIALECT_APPLE, false},
	{"hmac_sha1_96", "hmac_sha1_96", P2A, 0, 0, 0, 0, 0, RL_STRONG, RL_DIALECT_APPLE, false},
	{"kpdk", "kpdk", P2A, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"non_auth", "non_auth", P2A, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"des_mac", "des_mac", 0, 0, 0, 0, 0, 0, RL_BROKEN, 0, false},
	/* compression */
	{"deflate", "deflate", P2C, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"oui", "oui", P2C, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"lzs", "lzs", P2C, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	/* phase 1 authentication methods */
	{"pre_shared_key", "pre_shared_key", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"rsasig", "rsasig", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"dsssig", "dsssig", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"rsaenc", "rsaenc", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"rsarev", "rsarev", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"gssapi_krb", "gssapi_krb", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hybrid_rsa_server", "hybrid_rsa_server", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hybrid_rsa_client", "hybrid_rsa_client", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hybrid_dss_server", "hybrid_dss_server", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"hybrid_dss_client", "hybrid_dss_client", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"xauth_psk_server", "xauth_psk_server", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"xauth_psk_client", "xauth_psk_client", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"xauth_rsa_server", "xauth_rsa_server", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"xauth_rsa_client", "xauth_rsa_client", P1A, 0, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"eap_psk_client", "eap_psk_client", P1A, 0, 0, 0, 0, 0, RL_STRONG, RL_DIALECT_APPLE, false},
	{"eap_rsa_client", "eap_rsa_client", P1A, 0, 0, 0, 0, 0, RL_STRONG, RL_DIALECT_APPLE, false},
	/* Diffie-Hellman groups */
	{"modp768", "modp768", DH, 1, 0, 0, 0, 0, RL_BROKEN, 0, false},
	{"modp1024", "modp1024", DH, 2, 0, 0, 0, 0, RL_LEGACY, 0, false},
	{"ec2n155", "ec2n155", 0, 3, 0, 0, 0, 0, RL_BROKEN, 0, true},
	{"ec2n185", "ec2n185", 0, 4, 0, 0, 0, 0, RL_BROKEN, 0, true},
	{"modp1536", "modp1536", DH, 5, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"modp2048", "modp2048", DH, 14, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"modp3072", "modp3072", DH, 15, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"modp4096", "modp4096", DH, 16, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"modp6144", "modp6144", DH, 17, 0, 0, 0, 0, RL_STRONG, 0, false},
	{"modp8192", "modp8192", DH, 18, 0, 0, 0, 0, RL_STRONG, 0, false},
};

#define NALG (sizeof table / sizeof table[0])

/* A hash index of the names, built on the first look-up: the checks look
 * up every algorithm word of a file, and a scan of the table with strlen
 * cost a thousand instructions a word. Slots hold index + 1, 0 is free. */
#define ALG_SLOTS 256
static uint8_t alg_slot[ALG_SLOTS];
static uint8_t alg_len[NALG];

static unsigned alg_hash(const char *s, size_t n)
{
	return ((unsigned)n * 31u + (unsigned char)s[0] * 7u + (unsigned char)s[n - 1] * 3u +
		(unsigned char)s[n / 2]) % ALG_SLOTS;
}

static void alg_index(void)
{
	for (size_t i = 0; i < NALG; i++) {
		size_t n = strlen(table[i].name);
		alg_len[i] = (uint8_t)n;
		unsigned h = alg_hash(table[i].name, n);
		while (alg_slot[h])
			h = (h + 1) % ALG_SLOTS;
		alg_slot[h] = (uint8_t)(i + 1);
	}
}

/* memcmp(a, b, n) == 0 for the short names of the table: two loads of
 * each side, overlapping, that stay inside the n bytes. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t a0, a1, b0, b1;
		memcpy(&a0, a, 8);
		memcpy(&b0, b, 8);
		memcpy(&a1, a + n - 8, 8);
		memcpy(&b1, b + n - 8, 8);
		return a0 == b0 && a1 == b1;
	}
	if (n >= 4 && n < 8) {
		uint32_t a0, a1, b0, b1;
		memcpy(&a0, a, 4);
		memcpy(&b0, b, 4);
		memcpy(&a1, a + n - 4, 4);
		memcpy(&b1, b + n - 4, 4);
		return a0 == b0 && a1 == b1;
	}
	if (n < 4) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	return memcmp(a, b, n) == 0;
}

const rl_alg *rl_alg_find(const char *name, size_t len)
{
	if (len == 0 || len > 255)
		return NULL;
	if (!alg_len[0])
		alg_index();
	for (unsigned h = alg_hash(name, len); alg_slot[h]; h = (h + 1) % ALG_SLOTS) {
		size_t i = alg_slot[h] - 1u;
		if (alg_len[i] == len && same_bytes(table[i].name, name, len))
			return &table[i];
	}
	return NULL;
}

/* The first entry of each Diffie-Hellman group number, by number, built
 * on the first look-up (the checks look up every dh_group and pfs_group). */
#define DH_MAX 64
static const rl_alg *dh_first[DH_MAX];
static bool dh_ready;

const rl_alg *rl_dh_by_number(unsigned long n)
{
	if (!dh_ready) {
		for (size_t i = NALG; i-- > 0;)
			if (table[i].dh > 0 && table[i].dh < DH_MAX)
				dh_first[table[i].dh] = &table[i];
		dh_ready = true;
	}
	if (n > 0 && n < DH_MAX)
		return dh_first[n];
	for (size_t i = 0; i < NALG; i++)
		if (table[i].dh && (unsigned long)table[i].dh == n)
			return &table[i];
	return NULL;
}

bool rl_alg_keylen_ok(const rl_alg *a, unsigned long keylen)
{
	if (keylen == 0)
		return true;
	if (!a->key_default)
		return false;
	if (keylen < (unsigned long)a->key_min || keylen > (unsigned long)a->key_max)
		return false;
	return (keylen - (unsigned long)a->key_min) % (unsigned long)a->key_step == 0;
}

int rl_alg_keylen(const rl_alg *a, unsigned long keylen)
{
	if (!a->key_default)
		return 0;
	return keylen ? (int)keylen : a->key_default;
}

const char *rl_auth_fold(const char *canon)
{
	static const char *const pairs[][2] = {
		{"hybrid_rsa_client", "hybrid_rsa_server"},
		{"hybrid_dss_client", "hybrid_dss_server"},
		{"xauth_psk_client", "xauth_psk_server"},
		{"xauth_rsa_client", "xauth_rsa_server"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (strcmp(canon, pairs[i][0]) == 0)
			return pairs[i][1];
	return canon;
}

const char *rl_alg_class_name(rl_alg_class c)
{
	switch (c) {
	case RL_AC_P1_ENC: return "phase 1 encryption algorithm";
	case RL_AC_P1_HASH: return "phase 1 hash algorithm";
	case RL_AC_P1_AUTH: return "phase 1 authentication method";
	case RL_AC_P2_ENC: return "phase 2 encryption algorithm";
	case RL_AC_P2_AUTH: return "phase 2 authentication algorithm";
	case RL_AC_P2_COMP: return "compression algorithm";
	default: return "Diffie-Hellman group";
	}
}

bool rl_alg_is_aes(const rl_alg *a)
{
	return a && strcmp(a->canon, "aes") == 0;
}
