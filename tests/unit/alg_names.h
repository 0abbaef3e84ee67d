/* Every algorithm, group and method name of racoon.conf's table, for tests
 * that try each one. */
#ifndef RL_TEST_ALG_NAMES_H
#define RL_TEST_ALG_NAMES_H

#define RL_TEST_ALG_NAMES                                                                                         \
	"des", "3des", "des_iv64", "des_iv32", "blowfish", "cast128", "aes", "rijndael", "camellia", "rc5", "idea",    \
		"3idea", "twofish", "rc4", "null_enc", "null", "md5", "sha1", "sha256", "sha2_256", "sha384",         \
		"sha2_384", "sha512", "sha2_512", "tiger", "hmac_md5", "hmac_sha1", "hmac_sha256", "hmac_sha2_256",   \
		"hmac_sha384", "hmac_sha2_384", "hmac_sha512", "hmac_sha2_512", "hmac_md5_96", "hmac_sha1_96",        \
		"kpdk", "non_auth", "des_mac", "deflate", "oui", "lzs", "pre_shared_key", "rsasig", "dsssig",         \
		"rsaenc", "rsarev", "gssapi_krb", "hybrid_rsa_server", "hybrid_rsa_client", "hybrid_dss_server",      \
		"hybrid_dss_client", "xauth_psk_server", "xauth_psk_client", "xauth_rsa_server", "xauth_rsa_client",  \
		"eap_psk_client", "eap_rsa_client", "modp768", "modp1024", "ec2n155", "ec2n185", "modp1536",          \
		"modp2048", "modp3072", "modp4096", "modp6144", "modp8192"

#endif
