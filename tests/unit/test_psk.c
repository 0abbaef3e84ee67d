/* psk.txt scanner, tree and format findings. */
#include "parse_helpers.h"
#include "psk_syntax.h"

static parsed psk(const char *text)
{
	return parse_str(RL_LANG_PSK, text);
}

static void expect_tok(const parsed *p, uint32_t i, int kind, uint32_t off, uint32_t len, uint16_t flags)
{
	assert_true(i < p->t->ntoks);
	assert_int_equal(p->t->toks[i].kind, kind);
	assert_int_equal(p->t->toks[i].off, off);
	assert_int_equal(p->t->toks[i].len, len);
	assert_int_equal(p->t->toks[i].flags, flags);
}

static void test_tokens(void **state)
{
	(void)state;
	parsed p = psk("# peers\n192.0.2.1\tsecret one \r\n  indented  rest\n  # not a comment\nlonely\n");
	assert_int_equal(p.t->ntoks, 7);
	expect_tok(&p, 0, PSKT_COMMENT, 0, 7, RL_TOK_TRIVIA);
	expect_tok(&p, 1, PSKT_IDENT, 8, 9, 0);
	/* the key runs to the byte before the newline: trailing blank and CR */
	expect_tok(&p, 2, PSKT_KEY, 18, 12, RL_TOK_SECRET);
	expect_tok(&p, 3, PSKT_INERT_WORD, 33, 8, 0);
	expect_tok(&p, 4, PSKT_KEY, 43, 4, RL_TOK_SECRET);
	expect_tok(&p, 5, PSKT_INERT_COMMENT, 50, 15, 0);
	expect_tok(&p, 6, PSKT_IDENT, 66, 6, 0);
	/* keys are secret spans of the source */
	assert_int_equal(p.src->nsecrets, 2);
	assert_true(rl_source_is_secret(p.src, 18));
	assert_true(rl_source_is_secret(p.src, 29));
	assert_false(rl_source_is_secret(p.src, 30));
	parsed_free(&p);
}

static void test_separators_and_hex(void **state)
{
	(void)state;
	parsed p = psk("a\t \tkey with  inner  blanks\nb 0x0102 03\n*\t\t0xAbCd");
	uint32_t e = rl_psk_first_entry(p.t);
	char *s = tok_text(p.t, rl_psk_key_tok(p.t, e));
	assert_string_equal(s, "key with  inner  blanks");
	free(s);
	assert_false(rl_psk_key_is_hex(p.t, e));
	e = rl_psk_next_entry(p.t, e);
	assert_true(rl_psk_key_is_hex(p.t, e));
	rl_buf b = {0};
	assert_true(rl_psk_key_value(p.t, e, &b));
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "\x01\x02\x03", 3);
	rl_buf_free(&b);
	e = rl_psk_next_entry(p.t, e);
	assert_true(rl_tok_is(p.t, rl_psk_id_tok(p.t, e), "*"));
	assert_true(rl_psk_key_value(p.t, e, &b));
	assert_memory_equal(b.data, "\xab\xcd", 2);
	rl_buf_free(&b);
	assert_int_equal(rl_psk_next_entry(p.t, e), 0);
	assert_true(p.t->dialect & RL_PSK_D_WILDCARD);
	assert_findings(&p, "");
	parsed_free(&p);
}

static void test_layout(void **state)
{
	(void)state;
	static const char *const names[] = {"?", "FILE", "ENTRY", "INERT", "ERROR"};
	parsed p = psk("# c\nid1 k1\nid2\n\n  x y\n  #z\nid3\tk3");
	char *d = dump_tree(p.t, names);
	/* entry nodes have no children: the dump shows leaves only when the
	 * node is one token */
	assert_string_equal(d, "ENTRY\nENTRY'id2'\nINERT\nINERT'#z'\nENTRY\n");
	free(d);
	assert_int_equal(p.t->nodes[p.t->root].kind, RL_PSK_FILE);
	assert_int_equal(p.t->nodes[p.t->root].first, 0);
	assert_int_equal(p.t->nodes[p.t->root].last, p.t->ntoks - 1);
	uint32_t e = rl_psk_first_entry(p.t);
	assert_true(rl_tok_is(p.t, rl_psk_id_tok(p.t, e), "id1"));
	assert_true(rl_tok_is(p.t, rl_psk_key_tok(p.t, e), "k1"));
	e = rl_psk_next_entry(p.t, e);
	assert_int_equal(rl_psk_key_tok(p.t, e), RL_PSK_NO_TOK);
	rl_buf b = {0};
	assert_false(rl_psk_key_value(p.t, e, &b));
	e = rl_psk_next_entry(p.t, e);
	assert_true(rl_tok_is(p.t, rl_psk_key_tok(p.t, e), "k3"));
	parsed_free(&p);
}

static void test_hex_decode(void **state)
{
	(void)state;
	size_t bad = 0;
	rl_buf b = {0};
	assert_int_equal(rl_psk_hex_decode("0a0B \t\r", 7, &b, &bad), RL_PSK_HEX_OK);
	assert_int_equal(b.len, 2);
	rl_buf_free(&b);
	assert_int_equal(rl_psk_hex_decode("0a0", 3, NULL, NULL), RL_PSK_HEX_ODD);
	assert_int_equal(rl_psk_hex_decode(" \r", 2, NULL, NULL), RL_PSK_HEX_EMPTY);
	assert_int_equal(rl_psk_hex_decode("0a0g", 4, NULL, &bad), RL_PSK_HEX_BAD_BYTE);
	assert_int_equal(bad, 3);
}

static void test_findings(void **state)
{
	(void)state;
	parsed p = psk("10.0.0.1 good\n"
		       "10.0.0.2 trailing \n"
		       "10.0.0.3 crlf\r\n"
		       "10.0.0.4 \"quoted\"\n"
		       "10.0.0.5 key # note\n"
		       "\tindented key\n"
		       "  # indented comment\n"
		       "nokey   \n"
		       "010.0.0.6 k\n"
		       "2001:DB8:0:0:0:0:0:1 k\n"
		       "h1 0x123\n"
		       "h2 0x12zz\n"
		       "h3 0x\n"
		       "h4 0XABCD\n");
	assert_findings(&p, "2:18: RL204 key ends with white space: racoon keeps it as part of the secret\n"
			    "3:14: RL204 key ends with a carriage return (CRLF line ending): racoon keeps it as "
			    "part of the secret\n"
			    "4:10: RL204 key is in quotes: psk.txt has no quoting, so racoon takes the quotes as part "
			    "of the secret\n"
			    "5:14: RL204 key seems to end with a comment: psk.txt has no trailing comments, so racoon "
			    "takes that text as part of the secret\n"
			    "6:1: RL204 line starts with white space: racoon reads an empty identifier and never uses "
			    "this line\n"
			    "7:1: RL204 indented '#' starts no comment in psk.txt: racoon reads this line as an entry "
			    "with an empty identifier\n"
			    "8:1: RL204 'nokey' has no key: racoon ignores this line\n"
			    "9:1: RL204 '010.0.0.6' is not written the way racoon prints a peer's address, so no lookup "
			    "matches it; write '10.0.0.6'\n"
			    "10:1: RL204 '2001:DB8:0:0:0:0:0:1' is not written the way racoon prints a peer's "
			    "address, so no lookup matches it; write '2001:db8::1'\n"
			    "11:4: RL004 hex key (0x...) has an odd number of digits: racoon fails every lookup of "
			    "this identifier\n"
			    "12:8: RL004 hex key (0x...) holds a byte that is neither a hex digit nor white space: "
			    "racoon fails every lookup of this identifier\n"
			    "13:4: RL004 hex key (0x...) has no digits: racoon fails every lookup of this identifier\n"
			    "14:4: RL204 key looks like hex but starts with '0X': racoon decodes only a lower-case "
			    "'0x' prefix and takes this key as text\n");
	assert_int_equal(p.t->nerrors, 0);
	parsed_free(&p);
}

static const rl_diag *find_rule(const parsed *p, int rule, size_t nth)
{
	for (size_t i = 0; i < p->d.n; i++)
		if (p->d.v[i].rule == rule && nth-- == 0)
			return &p->d.v[i];
	return NULL;
}

static void test_fixes(void **state)
{
	(void)state;
	parsed p = psk("192.0.2.010 k\n\t10.0.0.1 k\n  # c\nid key  \n");
	rl_diags_sort(&p.d);
	const rl_diag *dg = find_rule(&p, RL_R_psk_malformed, 0);
	assert_non_null(dg->fix);
	assert_true(dg->fix->safe);
	assert_string_equal(dg->fix->edits[0].text, "192.0.2.10");
	assert_int_equal(dg->fix->edits[0].start, 0);
	assert_int_equal(dg->fix->edits[0].end, 11);
	dg = find_rule(&p, RL_R_psk_malformed, 1); /* indented entry: changes behaviour */
	assert_false(dg->fix->safe);
	assert_int_equal(dg->fix->edits[0].end - dg->fix->edits[0].start, 1);
	dg = find_rule(&p, RL_R_psk_malformed, 2); /* indented comment: stays inert */
	assert_true(dg->fix->safe);
	dg = find_rule(&p, RL_R_psk_malformed, 3); /* trailing blanks */
	assert_false(dg->fix->safe);
	assert_string_equal(dg->fix->edits[0].text, "");
	parsed_free(&p);
}

static void test_wildcard_and_duplicates(void **state)
{
	(void)state;
	parsed p = psk("a k\n*\n* first\nb k\n* second\n");
	/* a '*' without key is ignored; the first keyed '*' hides what follows */
	assert_findings(&p, "2:1: RL204 '*' has no key: racoon ignores this line\n"
			    "4:1: RL204 entry is never used: the '*' entry on line 3 matches every lookup first\n"
			    "5:1: RL204 entry is never used: the '*' entry on line 3 matches every lookup first\n");
	const rl_diag *dg = find_rule(&p, RL_R_psk_malformed, 1);
	assert_int_equal(dg->nrel, 1);
	assert_int_equal(dg->rel[0].loc.span.start, 6);
	parsed_free(&p);
}

static void test_long_line_and_nul(void **state)
{
	(void)state;
	char line[1200];
	memset(line, 'k', sizeof line);
	memcpy(line, "id ", 3);
	line[1100] = '\n';
	parsed p = parse_mem(RL_LANG_PSK, line, 1101);
	assert_findings(&p, "1:1024: RL204 line is 1100 bytes long: racoon reads 1023 bytes of a line and "
			    "takes the rest as a new line\n");
	parsed_free(&p);
	/* exactly 1023 bytes is fine */
	line[1023] = '\n';
	p = parse_mem(RL_LANG_PSK, line, 1024);
	assert_findings(&p, "");
	parsed_free(&p);
	p = parse_mem(RL_LANG_PSK, "id ke\0y\n", 8);
	assert_findings(&p, "1:6: RL204 NUL byte: racoon reads the line only up to it\n");
	rl_buf b = {0};
	assert_true(rl_psk_key_value(p.t, rl_psk_first_entry(p.t), &b));
	assert_int_equal(b.len, 2);
	rl_buf_free(&b);
	parsed_free(&p);
}

static void test_no_secret_in_messages(void **state)
{
	(void)state;
	const char *canary = "Canary7Secret";
	char text[512];
	/* the canary only in key positions: identifiers are no secret */
	snprintf(text, sizeof text, "a %s \nb \"%s\"\nc 0x%s\nd %s # x\r\n\tx %s\ne 0X%s\n* %s\nf %s", canary,
		 canary, canary, canary, canary, canary, canary, canary);
	parsed p = psk(text);
	assert_true(p.d.n > 5);
	for (size_t i = 0; i < p.d.n; i++) {
		assert_null(strstr(p.d.v[i].message, "Canary"));
		for (size_t k = 0; k < p.d.v[i].nrel; k++)
			assert_null(strstr(p.d.v[i].rel[k].message, "Canary"));
	}
	/* a masked print shows no key */
	rl_buf out = {0}, masked = {0};
	rl_tree_print(p.t, &out);
	rl_mask_append(&masked, p.src, 0, out.data, out.len);
	assert_null(strstr(rl_buf_str(&masked), "Canary"));
	assert_non_null(strstr(rl_buf_str(&masked), "a ****\n"));
	rl_buf_free(&out);
	rl_buf_free(&masked);
	parsed_free(&p);
}

static void test_findings_cap(void **state)
{
	(void)state;
	rl_buf b = {0};
	for (int i = 0; i < 150; i++)
		rl_buf_puts(&b, "lonely\n");
	parsed p = psk(rl_buf_str(&b));
	assert_int_equal(p.d.n, RL_MAX_SYNTAX_ERRORS + 1);
	rl_diags_sort(&p.d);
	assert_string_equal(p.d.v[p.d.n - 1].message,
			    "too many findings in this psk.txt; the rest of the file is not reported");
	parsed_free(&p);
	rl_buf_free(&b);
}

static void test_crlf_dialect(void **state)
{
	(void)state;
	parsed p = psk("# comment\r\na 0x0102\r\n");
	assert_true(p.t->dialect & RL_PSK_D_CRLF);
	/* a hex key skips white space, so its CR is harmless */
	assert_findings(&p, "");
	parsed_free(&p);
}

static void test_lossless_tricky(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len;
	} cases[] = {
		{"", 0},
		{"\n", 1},
		{"   \t\r\n\v\f", 8},
		{"a b\r\nc d\r\n", 10},
		{"no final newline key", 20},
		{"#", 1},
		{"a\0b c\0d\n\0\0\n", 12},
		{"\r", 1},
		{"x", 1},
		{"x \r", 3},
		{"  \n\t#\n# \n", 9},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		parsed p = parse_mem(RL_LANG_PSK, cases[i].text, cases[i].len);
		assert_int_equal(p.t->nerrors, 0);
		parsed_free(&p);
	}
}

static size_t fill_psk_words(char *buf, size_t cap, uint64_t *state)
{
	static const char *const words[] = {"#", "# c", "*", "10.0.0.1", "0x", "0x0a", "0xz", "\"q\"", "\t",
					    " ", "\r", "key", "010.1.1.1", "fe80::1%eth0", "::FFFF:1.2.3.4", "\v"};
	return fill_words(buf, cap, state, words, sizeof words / sizeof words[0]);
}

static void test_random_bytes(void **state)
{
	(void)state;
	fuzz_lossless(RL_LANG_PSK, fill_bytes, 3000, 0x5eed1234u);
}

static void test_random_words(void **state)
{
	(void)state;
	fuzz_lossless(RL_LANG_PSK, fill_psk_words, 2000, 0xfeedbeefu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_separators_and_hex),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_hex_decode),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_fixes),
		cmocka_unit_test(test_wildcard_and_duplicates),
		cmocka_unit_test(test_long_line_and_nul),
		cmocka_unit_test(test_no_secret_in_messages),
		cmocka_unit_test(test_findings_cap),
		cmocka_unit_test(test_crlf_dialect),
		cmocka_unit_test(test_lossless_tricky),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_random_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
