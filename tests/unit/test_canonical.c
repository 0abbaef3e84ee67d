/* The canonical layout printer: each language's layout, comments, blank
 * lines, psk.txt keys, refusal on syntax errors, idempotence, and the token
 * check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "canonical.h"
#include "diag.h"
#include "lsp_lint.h"
#include "parse.h"
#include "util.h"

/* The canonical layout of text (NULL when refused); *len its length. */
static char *canon_len(rl_lang lang, const char *text, size_t n, size_t *len)
{
	rl_source *src = rl_source_from_mem("f", text, n);
	rl_diags d = {0};
	rl_tree *t = rl_parse(src, lang, &d);
	char *out = rl_canonical(t, len);
	rl_tree_free(t);
	rl_diags_free(&d);
	rl_source_free(src);
	return out;
}

static char *canon(rl_lang lang, const char *text)
{
	size_t len;
	return canon_len(lang, text, strlen(text), &len);
}

/* text lays out as want, and want lays out as itself */
static void expect(rl_lang lang, const char *text, const char *want)
{
	char *once = canon(lang, text);
	assert_non_null(once);
	assert_string_equal(once, want);
	char *twice = canon(lang, once);
	assert_non_null(twice);
	assert_string_equal(twice, once);
	free(once);
	free(twice);
}

/* --- racoon.conf ------------------------------------------------------- */

static void test_racoon_blocks(void **state)
{
	(void)state;
	expect(RL_LANG_RACOON,
	       "path pre_shared_key   \"/etc/racoon/psk.txt\" ;\n"
	       "remote 192.0.2.1\n{ exchange_mode main , aggressive;\n"
	       "        proposal {encryption_algorithm aes 128; hash_algorithm sha256;\n"
	       "authentication_method pre_shared_key; dh_group modp2048;}}\n"
	       "sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha256;"
	       " compression_algorithm deflate; }",
	       "path pre_shared_key \"/etc/racoon/psk.txt\";\n"
	       "\n"
	       "remote 192.0.2.1 {\n"
	       "\texchange_mode main, aggressive;\n"
	       "\tproposal {\n"
	       "\t\tencryption_algorithm aes 128;\n"
	       "\t\thash_algorithm sha256;\n"
	       "\t\tauthentication_method pre_shared_key;\n"
	       "\t\tdh_group modp2048;\n"
	       "\t}\n"
	       "}\n"
	       "\n"
	       "sainfo anonymous {\n"
	       "\tencryption_algorithm aes;\n"
	       "\tauthentication_algorithm hmac_sha256;\n"
	       "\tcompression_algorithm deflate;\n"
	       "}\n");
}

static void test_racoon_addresses_glued(void **state)
{
	(void)state;
	expect(RL_LANG_RACOON,
	       "listen { isakmp 192.0.2.1 [500]; isakmp_natt 192.0.2.1 [4500]; }\n"
	       "sainfo address 10.0.0.0 /24 [any] any address 10.0.1.1 -10.0.1.9 any {\n"
	       "encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }\n"
	       "remote anonymous [500] { exchange_mode main; proposal { encryption_algorithm aes;"
	       " hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; } }\n",
	       "listen {\n"
	       "\tisakmp 192.0.2.1[500];\n"
	       "\tisakmp_natt 192.0.2.1[4500];\n"
	       "}\n"
	       "\n"
	       "sainfo address 10.0.0.0/24[any] any address 10.0.1.1-10.0.1.9 any {\n"
	       "\tencryption_algorithm aes;\n"
	       "\tauthentication_algorithm hmac_sha1;\n"
	       "\tcompression_algorithm deflate;\n"
	       "}\n"
	       "\n"
	       "remote anonymous [500] {\n"
	       "\texchange_mode main;\n"
	       "\tproposal {\n"
	       "\t\tencryption_algorithm aes;\n"
	       "\t\thash_algorithm sha1;\n"
	       "\t\tauthentication_method pre_shared_key;\n"
	       "\t\tdh_group 2;\n"
	       "\t}\n"
	       "}\n");
}

static void test_racoon_comments(void **state)
{
	(void)state;
	expect(RL_LANG_RACOON,
	       "#!/usr/sbin/racoon -f\n"
	       "# the keys   \n"
	       "path pre_shared_key \"psk.txt\";   # trailing\t\n"
	       "   # about the timer\n"
	       "timer { # opens\n"
	       "  counter 5;\t\t# tries\n"
	       "        # last words\n"
	       "} # closes\n"
	       "# at the end\n",
	       "#!/usr/sbin/racoon -f\n"
	       "# the keys\n"
	       "path pre_shared_key \"psk.txt\"; # trailing\n"
	       "\n"
	       "# about the timer\n"
	       "timer { # opens\n"
	       "\tcounter 5; # tries\n"
	       "\t# last words\n"
	       "} # closes\n"
	       "\n"
	       "# at the end\n");
}

/* A comment inside a statement stays where it is; the statement goes on
 * one level deeper on the next line. A block's '{' moves up before the
 * comment that ends its head's line. */
static void test_racoon_comment_inside_statement(void **state)
{
	(void)state;
	expect(RL_LANG_RACOON,
	       "remote 192.0.2.1 # the gateway\n"
	       "{\n"
	       "exchange_mode main,\n"
	       "# old peers\n"
	       "   aggressive;\n"
	       "proposal { encryption_algorithm aes; hash_algorithm sha1;"
	       " authentication_method pre_shared_key; dh_group 2; }\n"
	       "}\n",
	       "remote 192.0.2.1 { # the gateway\n"
	       "\texchange_mode main,\n"
	       "\t\t# old peers\n"
	       "\t\taggressive;\n"
	       "\tproposal {\n"
	       "\t\tencryption_algorithm aes;\n"
	       "\t\thash_algorithm sha1;\n"
	       "\t\tauthentication_method pre_shared_key;\n"
	       "\t\tdh_group 2;\n"
	       "\t}\n"
	       "}\n");
}

static void test_racoon_blank_lines(void **state)
{
	(void)state;
	expect(RL_LANG_RACOON,
	       "\n\n"
	       "path include \"/etc/racoon\";\n"
	       "path certificate \"/etc/cert\";\n"
	       "\n\n\n"
	       "path script \"/etc/scripts\";\n"
	       "padding {\n\n"
	       "randomize off;\n\n\n"
	       "strict_check off;\n\n"
	       "}\n"
	       "log notify;\n\n\n",
	       "path include \"/etc/racoon\";\n"
	       "path certificate \"/etc/cert\";\n"
	       "\n"
	       "path script \"/etc/scripts\";\n"
	       "\n"
	       "padding {\n"
	       "\trandomize off;\n"
	       "\n"
	       "\tstrict_check off;\n"
	       "}\n"
	       "\n"
	       "log notify;\n");
}

static void test_racoon_strings_and_crlf(void **state)
{
	(void)state;
	expect(RL_LANG_RACOON,
	       "remote anonymous {\r\n"
	       "  my_identifier fqdn   \"a  b\";\r\n"
	       "  exchange_mode main;\r\n"
	       "  proposal { encryption_algorithm aes; hash_algorithm sha1;"
	       " authentication_method pre_shared_key; dh_group 2; }\r\n"
	       "}\r\n",
	       "remote anonymous {\n"
	       "\tmy_identifier fqdn \"a  b\";\n"
	       "\texchange_mode main;\n"
	       "\tproposal {\n"
	       "\t\tencryption_algorithm aes;\n"
	       "\t\thash_algorithm sha1;\n"
	       "\t\tauthentication_method pre_shared_key;\n"
	       "\t\tdh_group 2;\n"
	       "\t}\n"
	       "}\n");
}

static void test_racoon_empty(void **state)
{
	(void)state;
	expect(RL_LANG_RACOON, "", "");
	expect(RL_LANG_RACOON, "\n\n  \n", "");
	expect(RL_LANG_RACOON, "# only\n", "# only\n");
}

static void test_refuses_syntax_errors(void **state)
{
	(void)state;
	assert_null(canon(RL_LANG_RACOON, "remote anonymous {\n\tdpd_delay 20\n\texchange_mode main;\n}\n"));
	assert_null(canon(RL_LANG_RACOON, "timer { counter 5;\n"));
	/* a stray character racoon ignores is a warning, yet no layout */
	assert_null(canon(RL_LANG_RACOON, "timer {\n\tcounter = 5;\n}\n"));
	assert_null(canon(RL_LANG_SETKEY, "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require\n"));
	assert_null(canon(RL_LANG_SETKEY, "flush;\r\nspdflush;\r\n"));
}

/* --- setkey ------------------------------------------------------------ */

static void test_setkey_commands(void **state)
{
	(void)state;
	expect(RL_LANG_SETKEY,
	       "#!/usr/sbin/setkey -f\n"
	       "flush; spdflush;\n"
	       "# hosts\n"
	       "spdadd   10.0.0.0 / 24 [any] 10.0.1.0/24[ 500 ] any\n"
	       "   -P out  ipsec\n"
	       "      esp / tunnel / 192.0.2.1 - 192.0.2.2 / require;\n"
	       "spdadd -4n 10.0.1.1 10.0.0.1 tcp -P in prio - 10 none ;\n"
	       "spdadd 10.0.1.1 10.0.0.1 udp -P in prio def + 1 ipsec esp/transport/192.0.2.2[4500]-192.0.2.1[4500]/use;\n",
	       "#!/usr/sbin/setkey -f\n"
	       "flush;\n"
	       "spdflush;\n"
	       "# hosts\n"
	       "spdadd 10.0.0.0/24[any] 10.0.1.0/24[500] any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n"
	       "spdadd -4n 10.0.1.1 10.0.0.1 tcp -P in prio -10 none;\n"
	       "spdadd 10.0.1.1 10.0.0.1 udp -P in prio def +1 ipsec "
	       "esp/transport/192.0.2.2[4500]-192.0.2.1[4500]/use;\n");
}

static void test_setkey_keys(void **state)
{
	(void)state;
	expect(RL_LANG_SETKEY,
	       "add 192.0.2.1 192.0.2.2 esp 0x1000\n"
	       "\t-m transport\n"
	       "\t-E aes-cbc 0x00112233445566778899aabbccddeeff\n"
	       "\t-A hmac-sha256 \"a  quoted  key 1234567890123\"; # keys\n",
	       "add 192.0.2.1 192.0.2.2 esp 0x1000 -m transport -E aes-cbc 0x00112233445566778899aabbccddeeff "
	       "-A hmac-sha256 \"a  quoted  key 1234567890123\"; # keys\n");
}

/* --- psk.txt ------------------------------------------------------------ */

static void test_psk_entries(void **state)
{
	(void)state;
	expect(RL_LANG_PSK,
	       "\n"
	       "# peers\n"
	       "192.0.2.1     secret one  \n"
	       "gw.example.net\t \tsecret\ttwo\r\n"
	       "\n\n\n"
	       "  indented   line\n"
	       "lonely   \n"
	       "*   catch-all",
	       "# peers\n"
	       "192.0.2.1\tsecret one  \n"
	       "gw.example.net\tsecret\ttwo\r\n"
	       "\n"
	       "  indented   line\n"
	       "lonely   \n"
	       "*\tcatch-all\n");
}

/* Keys keep every byte, NUL bytes included; lines racoon would cut stay. */
static void test_psk_keys_untouched(void **state)
{
	(void)state;
	const char text[] = "a  k\0ey \nb\tkey\n";
	size_t len;
	char *out = canon_len(RL_LANG_PSK, text, sizeof text - 1, &len);
	assert_non_null(out);
	assert_int_equal(len, sizeof text - 1);
	assert_memory_equal(out, text, len); /* the line holding a NUL stays */
	free(out);

	rl_buf b = {0};
	rl_buf_puts(&b, "long    ");
	for (int i = 0; i < 1100; i++)
		rl_buf_putc(&b, 'k');
	rl_buf_putc(&b, '\n');
	out = canon(RL_LANG_PSK, rl_buf_str(&b));
	assert_string_equal(out, rl_buf_str(&b)); /* too long: racoon splits it */
	free(out);
	rl_buf_free(&b);
}

/* The editor's seam: the layout, unless it holds a NUL byte. */
static void test_lsp_seam(void **state)
{
	(void)state;
	const char *texts[] = {"log   info;\n", "a k\0ey\nb  key\n"};
	size_t lens[] = {12, 15};
	for (int i = 0; i < 2; i++) {
		rl_source *src = rl_source_from_mem("f", texts[i], lens[i]);
		rl_diags d = {0};
		rl_tree *t = rl_parse(src, i ? RL_LANG_PSK : RL_LANG_RACOON, &d);
		char *out = rl_lsp_canonical(t);
		if (i == 0)
			assert_string_equal(out, "log info;\n");
		else
			assert_null(out);
		free(out);
		rl_tree_free(t);
		rl_diags_free(&d);
		rl_source_free(src);
	}
}

/* --- the token check ------------------------------------------------------ */

static rl_tree *parse(rl_lang lang, const char *text, rl_source **src, rl_diags *d)
{
	*src = rl_source_from_mem("f", text, strlen(text));
	return rl_parse(*src, lang, d);
}

static void test_same_tokens(void **state)
{
	(void)state;
	rl_diags d = {0};
	rl_source *s1, *s2, *s3;
	rl_tree *a = parse(RL_LANG_RACOON, "log notify; # x  \n", &s1, &d);
	rl_tree *b = parse(RL_LANG_RACOON, "log   notify;\n\n# x\n", &s2, &d);
	rl_tree *c = parse(RL_LANG_RACOON, "log debug; # x\n", &s3, &d);
	assert_true(rl_canonical_same_tokens(a, b));
	assert_false(rl_canonical_same_tokens(a, c));
	rl_tree_free(a);
	rl_tree_free(b);
	rl_tree_free(c);
	rl_source_free(s1);
	rl_source_free(s2);
	rl_source_free(s3);
	rl_diags_free(&d);
}

/* --- every corpus file ----------------------------------------------------- */

static rl_lang lang_of_dir(const char *dir)
{
	return strstr(dir, "psk") ? RL_LANG_PSK : strstr(dir, "setkey") ? RL_LANG_SETKEY : RL_LANG_RACOON;
}

/* Each corpus file that parses lays out, idempotently, into the same
 * tokens. */
static void check_file(const char *path, rl_lang lang, int *laid)
{
	char *err = NULL;
	rl_source *src = rl_source_load(path, path, &err);
	assert_non_null(src);
	rl_diags d = {0};
	rl_tree *t = rl_parse(src, lang, &d);
	size_t len;
	char *once = rl_canonical(t, &len);
	if (rl_canonical_ok(t)) {
		assert_non_null(once);
		size_t len2;
		char *twice = canon_len(lang, once, len, &len2);
		assert_non_null(twice);
		assert_int_equal(len, len2);
		assert_memory_equal(once, twice, len);
		free(twice);
		(*laid)++;
	}
	free(once);
	rl_tree_free(t);
	rl_diags_free(&d);
	rl_source_free(src);
}

static void test_corpus(void **state)
{
	(void)state;
	static const char *dirs[] = {"corpus/racoon", "corpus/psk", "corpus/setkey"};
	int laid = 0;
	for (size_t i = 0; i < 3; i++) {
		DIR *dir = opendir(dirs[i]);
		if (!dir)
			skip();
		for (struct dirent *e; (e = readdir(dir));) {
			const char *n = e->d_name;
			size_t l = strlen(n);
			if (n[0] == '.' || (l > 4 && (strcmp(n + l - 4, ".out") == 0 || strcmp(n + l - 5, ".args") == 0)) ||
			    (l > 3 && strcmp(n + l - 3, ".md") == 0))
				continue;
			char *p = rl_xasprintf("%s/%s", dirs[i], n);
			struct stat st;
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
				check_file(p, lang_of_dir(dirs[i]), &laid);
			free(p);
		}
		closedir(dir);
	}
	assert_true(laid > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_racoon_blocks),
		cmocka_unit_test(test_racoon_addresses_glued),
		cmocka_unit_test(test_racoon_comments),
		cmocka_unit_test(test_racoon_comment_inside_statement),
		cmocka_unit_test(test_racoon_blank_lines),
		cmocka_unit_test(test_racoon_strings_and_crlf),
		cmocka_unit_test(test_racoon_empty),
		cmocka_unit_test(test_refuses_syntax_errors),
		cmocka_unit_test(test_setkey_commands),
		cmocka_unit_test(test_setkey_keys),
		cmocka_unit_test(test_psk_entries),
		cmocka_unit_test(test_psk_keys_untouched),
		cmocka_unit_test(test_lsp_seam),
		cmocka_unit_test(test_same_tokens),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
