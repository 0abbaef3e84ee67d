/* The psk.txt rules: psk-file-mode, psk-weak-secret, psk-duplicate-id.
 * Each fires on a bad case and stays silent on a good one; no message ever
 * holds a key. */
#include <sys/stat.h>
#include <unistd.h>

#include "rules_helpers.h"

static rl_file *psk_file(fx *f, const char *text, mode_t mode, uid_t uid, rl_host *h)
{
	rl_file *file = rfx_file(f, RL_LANG_PSK, "gw/psk.txt", text, h);
	file->src->have_stat = true;
	file->src->mode = mode;
	file->src->uid = uid;
	return file;
}

/* ---- psk-file-mode ---------------------------------------------------- */

static void file_mode_rule(void **state)
{
	(void)state;
	static const char text[] = "192.0.2.1\tkT9vQ2xW7mR4pL8sZ3nB6yH1\n";
	fx *f = fx_new();
	rl_file *file = psk_file(f, text, S_IFREG | 0644, 0, NULL);
	assert_int_equal(run(f, RL_R_psk_file_mode), 1);
	assert_true(says(f, "has mode 0644, open to group or others: racoon refuses it ('has weak file permission')"));
	const rl_fix *fix = finding(f, 0)->fix;
	assert_non_null(fix);
	assert_true(fix->safe);
	assert_ptr_equal(fix->mode_src, file->src);
	assert_int_equal(fix->new_mode, 0600);
	assert_int_equal(fix->nedits, 0);
	rfx_free(f);

	/* the fix never opens a file further: 0440 becomes 0400 */
	f = fx_new();
	psk_file(f, text, S_IFREG | 0440, 0, NULL);
	assert_int_equal(run(f, RL_R_psk_file_mode), 1);
	assert_int_equal(finding(f, 0)->fix->new_mode, 0400);
	rfx_free(f);

	/* owner-only modes pass */
	f = fx_new();
	psk_file(f, text, S_IFREG | 0600, 0, NULL);
	psk_file(f, text, S_IFREG | 0400, 0, NULL);
	assert_int_equal(run(f, RL_R_psk_file_mode), 0);
	rfx_free(f);

	/* the owner counts only when racoonlint runs as root */
	f = fx_new();
	psk_file(f, text, S_IFREG | 0600, 1000, NULL);
	assert_int_equal(run(f, RL_R_psk_file_mode), geteuid() == 0 ? 1 : 0);
	if (geteuid() == 0) {
		assert_true(says(f, "is owned by uid 1000, not root"));
		assert_null(finding(f, 0)->fix);
	}
	rfx_free(f);

	/* the file named by path pre_shared_key: the statement is related */
	f = fx_new();
	rl_host *h = fx_host(f, "gw");
	rl_source *c = fx_src(f, "gw/racoon.conf", "path pre_shared_key \"/etc/racoon/psk.txt\";\n");
	h->conf = c;
	file = psk_file(f, text, S_IFREG | 0604, 0, h);
	rl_host_set_psk_path(h, find(c, "path pre_shared_key"), file->src);
	assert_int_equal(run(f, RL_R_psk_file_mode), 1);
	assert_int_equal(finding(f, 0)->nrel, 1);
	assert_string_equal(finding(f, 0)->host, "gw");
	rfx_free(f);
}

/* ---- psk-weak-secret ---------------------------------------------------- */

static const char weak_psk[] =
	"# identifier  key\n"
	"192.0.2.1\tsecret1\n"
	"192.0.2.2\t0x0102\n"
	"gw.example.net\tgw.example.net-01\n"
	"192.0.2.4\taaaaaaaaaaaaaaaaaaaaaaaa\n"
	"192.0.2.5\t12345678901234567890\n"
	"192.0.2.6\tPassword-2024-Summer\n"
	"192.0.2.7\tqwertyuiopasdfghjkl\n"
	"192.0.2.8\tabcabcabcabcabcabcabc\n";

static const char strong_psk[] =
	"192.0.2.1\tkT9vQ2xW7mR4pL8sZ3nB6yH1\n"
	"192.0.2.2\t0x8f3a91c4d27e5b60a1f49c83e2d7b516\n"
	"gw.example.net\tcorrect horse battery staple\n"
	"192.0.2.3\tsecret-sauce-of-the-kT9vQ2xW7mR4\n";

static void weak_secret_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	psk_file(f, weak_psk, S_IFREG | 0600, 0, NULL);
	assert_int_equal(run(f, RL_R_psk_weak_secret), 8);
	assert_true(says(f, "this pre-shared key is shorter than 16 bytes and guessable"));
	assert_true(says(f, "this pre-shared key is shorter than 16 bytes:"));
	assert_true(says(f, "this pre-shared key is guessable"));
	assert_true(at_line(f, 2, "gw/psk.txt:4"));
	/* a key built from its identifier: the identifier is not named */
	assert_true(no_text_anywhere(f, "gw.example.net"));
	assert_true(says(f, "anyone who can pose as the peer"));
	/* at the key, which every printer masks */
	assert_true(at_line(f, 0, "gw/psk.txt:2"));
	assert_true(rl_source_overlaps_secret(finding(f, 0)->loc.src, finding(f, 0)->loc.span.start,
					      finding(f, 0)->loc.span.end));
	static const char *const keys[] = {"secret1", "0x0102", "gw.example.net-01", "aaaaaaaa", "1234567890",
					   "Password", "qwerty", "abcabc"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_true(no_text_anywhere(f, keys[i]));
	/* no length beyond "shorter than 16 bytes" */
	assert_true(no_text_anywhere(f, " 7 bytes") && no_text_anywhere(f, " 2 bytes"));
	rfx_free(f);

	f = fx_new();
	psk_file(f, strong_psk, S_IFREG | 0600, 0, NULL);
	assert_int_equal(run(f, RL_R_psk_weak_secret), 0);
	rfx_free(f);
}

/* Aggressive mode on the host makes the wording stronger. */
static void weak_secret_aggressive(void **state)
{
	(void)state;
	fx *f = fx_new();
	hspec a = HOST_A;
	a.modes = "aggressive";
	a.psk = "192.0.2.2\tsecret1\n";
	rl_host *h = spec_host(f, &a);
	psk_file(f, a.psk, S_IFREG | 0600, 0, h);
	assert_int_equal(run(f, RL_R_psk_weak_secret), 1);
	assert_true(says(f, "this host allows aggressive mode, which hands a hash of the key to anyone who asks"));
	assert_string_equal(finding(f, 0)->host, "alpha");
	rfx_free(f);
}

/* ---- psk-duplicate-id --------------------------------------------------- */

static const char dup_psk[] =
	"192.0.2.1\tkT9vQ2xW7mR4pL8sZ3nB6yH1\n"
	"192.0.2.2\n"
	"192.0.2.2\tfirst-key-that-is-used-0000\n"
	"gw.example.net\tanother-key-0123456789\n"
	"192.0.2.1\tsecond-key-never-read-0000\n"
	"192.0.2.2\tthird-key-never-read-00000\n"
	"*\twildcard-key-0123456789\n"
	"gw.example.net\tafter-the-star-0123456789\n";

static void duplicate_id_rule(void **state)
{
	(void)state;
	fx *f = fx_new();
	rl_file *file = psk_file(f, dup_psk, S_IFREG | 0600, 0, NULL);
	assert_int_equal(run(f, RL_R_psk_duplicate_id), 2);
	assert_true(at_line(f, 0, "gw/psk.txt:5"));
	assert_true(says(f, "'192.0.2.1' already has a key on line 1"));
	/* a line without a key does not count: line 3 is the first */
	assert_true(says(f, "'192.0.2.2' already has a key on line 3"));
	assert_int_equal(finding(f, 0)->nrel, 1);
	assert_true(no_text_anywhere(f, "never-read"));
	assert_true(finding(f, 0)->fix->safe);
	assert_true(fixed_to(f, 0, file->src,
			     "192.0.2.1\tkT9vQ2xW7mR4pL8sZ3nB6yH1\n"
			     "192.0.2.2\n"
			     "192.0.2.2\tfirst-key-that-is-used-0000\n"
			     "gw.example.net\tanother-key-0123456789\n"
			     "192.0.2.2\tthird-key-never-read-00000\n"
			     "*\twildcard-key-0123456789\n"
			     "gw.example.net\tafter-the-star-0123456789\n"));
	rfx_free(f);

	f = fx_new();
	psk_file(f, strong_psk, S_IFREG | 0600, 0, NULL);
	assert_int_equal(run(f, RL_R_psk_duplicate_id), 0);
	rfx_free(f);
}

int main(void)
{
	verbose = getenv("VERBOSE") != NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_mode_rule),
		cmocka_unit_test(weak_secret_rule),
		cmocka_unit_test(weak_secret_aggressive),
		cmocka_unit_test(duplicate_id_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
