#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../src/psk_syntax.h"
#include "rule_util.h"

/* Shorter than this is short, whatever the bytes. */
#define STRONG_LEN 16

/* Words people build keys from, lower case. A key made of them, with at
 * most four other characters or with digits only besides ("letmein1",
 * "Password-2024-Summer"), is guessable. */
static const char *const words[] = {
	"secret", "password", "passwd", "passphrase", "pass", "changeme", "default", "testing", "test", "letmein",
	"welcome", "administrator", "admin", "root", "guest", "master", "qwerty", "vpn", "ipsec", "racoon", "psk",
	"presharedkey", "preshared", "sharedsecret", "sharedkey", "shared", "secretkey", "mykey", "key", "cisco",
	"example", "foobar", "hello", "iloveyou", "trustno1", "sunshine", "dragon", "monkey", "spring", "summer",
	"autumn", "fall", "winter", "january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "company", "office", "network", "server", "client",
};

/* Runs that make a guessable key when the key is part of one. */
static const char *const runs[] = {
	"01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba",
	"qwertyuiopasdfghjklzxcvbnm", "qwertzuiopasdfghjklyxcvbnm", "azertyuiopqsdfghjklmwxcvbn", "1qaz2wsx3edc4rfv",
};

/* Does hay[0..hn) hold needle[0..nn)? */
static bool contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
	for (size_t i = 0; nn && i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn) == 0)
			return true;
	return false;
}

static void wipe_free(char *s, size_t n)
{
	if (s)
		memset(s, 0, n);
	free(s);
}

static char *lower(const uint8_t *k, size_t n)
{
	char *s = rl_xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)tolower(k[i]);
	s[n] = '\0';
	return s;
}

static bool separator(char c)
{
	return c == '-' || c == '_' || c == '.' || c == ' ' || c == '@' || c == '!' || c == '#';
}

/* The longest word of the list at s[0..n), or 0. */
static size_t word_at(const char *s, size_t n)
{
	size_t best = 0;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t w = strlen(words[i]);
		if (w > best && w <= n && memcmp(s, words[i], w) == 0)
			best = w;
	}
	return best;
}

/* Made of listed words, with at most four other characters or digits
 * only besides them (separators do not count). */
static bool word_based(const char *s, size_t n)
{
	size_t nwords = 0, extra = 0;
	bool digits = true;
	for (size_t i = 0; i < n;) {
		size_t w = word_at(s + i, n - i);
		if (w) {
			nwords++;
			i += w;
			continue;
		}
		if (!separator(s[i])) {
			extra++;
			digits = digits && isdigit((unsigned char)s[i]);
		}
		i++;
	}
	return nwords && (extra <= 4 || digits);
}

/* The key is a few characters repeated ("aaaa", "abcabc"). */
static bool repeated(const char *s, size_t n)
{
	for (size_t unit = 1; unit <= 4 && unit < n; unit++) {
		size_t i = unit;
		while (i < n && s[i] == s[i - unit])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool in_run(const char *s, size_t n)
{
	if (n < 4 || memchr(s, '\0', n))
		return false;
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
		if (strstr(runs[i], s))
			return true;
	return false;
}

static bool only_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Is the key the identifier, or built around it? */
static bool from_id(const char *key, size_t n, const char *id, size_t idn)
{
	if (idn < 3)
		return false;
	char *l = lower((const uint8_t *)id, idn);
	bool r = contains(key, n, l, idn) || (n >= 3 && contains(l, idn, key, n));
	free(l);
	return r;
}

static bool guessable(const uint8_t *k, size_t n, const char *id, size_t idn)
{
	if (n == 0)
		return false;
	char *s = lower(k, n);
	bool r = word_based(s, n) || repeated(s, n) || in_run(s, n) || only_digits(s, n) || from_id(s, n, id, idn);
	wipe_free(s, n);
	return r;
}

static void check_entry(rl_ctx *cx, const rl_file *f, uint32_t e, bool aggressive)
{
	const rl_tree *t = f->tree;
	uint32_t key = rl_psk_key_tok(t, e), id = rl_psk_id_tok(t, e);
	rl_buf secret = {0};
	if (key == RL_PSK_NO_TOK || !rl_psk_key_value(t, e, &secret)) {
		rl_buf_free(&secret);
		return;
	}
	bool shrt = secret.len < STRONG_LEN;
	bool guess = guessable((const uint8_t *)secret.data, secret.len, rl_tok_text(t, id), t->toks[id].len);
	/* the secret's bytes are wiped before they are freed */
	size_t n = secret.len;
	wipe_free(rl_buf_take(&secret), n);
	if (!shrt && !guess)
		return;
	const char *what = shrt && guess ? "is shorter than 16 bytes and guessable (a common word, a run or repeat, or "
					   "its identifier)"
			   : shrt ? "is shorter than 16 bytes"
				  : "is guessable (a common word, a run or repeat, or its identifier)";
	const char *risk = aggressive ? "this host allows aggressive mode, which hands a hash of the key to anyone "
					"who asks, to test guesses offline"
				      : "anyone who can pose as the peer can test guesses offline";
	/* the identifier is not named either: a key built from it would show */
	rlr_report(cx, RL_R_psk_weak_secret, f, rlr_tok_span(t, key),
		   "this pre-shared key %s: %s; use 16 or more random bytes on both hosts (e.g. openssl rand -base64 24)",
		   what, risk);
}

static void check_file(rl_ctx *cx, const rl_file *f)
{
	const rl_tree *t = f->tree;
	if (!t || t->lang != RL_LANG_PSK)
		return;
	bool aggressive = f->host && rlr_host_aggressive_psk(f->host);
	for (uint32_t e = rl_psk_first_entry(t); e; e = rl_psk_next_entry(t, e))
		check_entry(cx, f, e, aggressive);
}

static void check(rl_ctx *cx)
{
	for (size_t i = 0; i < cx->nfiles; i++)
		check_file(cx, cx->files[i]);
}

const rl_rule rl_rule_psk_weak_secret = {
	.code = "RL202",
	.name = "psk-weak-secret",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_FILE,
	.summary = "a pre-shared key that is short (under 16 bytes) or guessable; the key is never shown",
	.explain =
		"A pre-shared key is the whole of phase 1 authentication. In main\n"
		"mode an attacker who can sit between the hosts gets material to test\n"
		"guesses against; in aggressive mode (and base mode) the responder\n"
		"sends a hash of the key to anyone who asks, and tools test millions of\n"
		"guesses a second offline (CERT VU#886601). racoonlint reports a key\n"
		"(after 0x hexadecimal decoding) that is shorter than 16 bytes, or that\n"
		"is guessable: a common word or password, possibly followed by a few\n"
		"characters (letmein1, Password-2024), digits only, a run of digits,\n"
		"letters or keyboard keys, a few characters repeated, or text built\n"
		"around the line's own identifier. The wording is stronger when the\n"
		"host allows aggressive mode with pre-shared keys. The message never\n"
		"holds the key, nor any detail of it beyond 'shorter than 16 bytes'.\n"
		"Use at least 16 random bytes on both hosts.\n"
		"\n"
		"Bad:\n"
		"\n"
		"    192.0.2.10      letmein1\n"
		"    gw.example.net  gw.example.net\n"
		"\n"
		"Good:\n"
		"\n"
		"    192.0.2.10      kT9vQ2xW7mR4pL8sZ3nB6yH1\n"
		"    gw.example.net  0x8f3a91c4d27e5b60a1f49c83e2d7b516\n",
	.check = check,
};
