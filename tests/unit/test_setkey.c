/* setkey scanner, tree, syntax errors and value checks. */
#include "parse_helpers.h"
#include "setkey_syntax.h"

static const char *const names[] = {
	"?", "FILE", "ADD", "GETSPI", "GET", "DELETE", "DELETEALL", "FLUSH", "DUMP", "SPDADD", "SPDUPDATE",
	"SPDDELETE", "SPDDUMP", "SPDFLUSH", "EXIT", "ERROR", "FLAGS", "ADDR", "HOST", "PREFIX", "PORT", "VALUE",
	"PROTO", "SPI", "EXT", "CTX", "ALG_ENC", "ALG_AUTH", "ALG_COMP", "ALG", "KEY", "RAWCPI", "UPPER", "MISC",
	"TAG", "POLICY", "PL_DIR", "PL_PRIO", "PL_PRIOBASE", "PL_SIGN", "PL_ACTION", "PL_RULE", "PL_PROTO",
	"PL_MODE", "PL_ENDPOINTS", "PL_EP", "PL_PORT", "PL_LEVEL",
};

static parsed sk(const char *text)
{
	return parse_str(RL_LANG_SETKEY, text);
}

/* Layout of every command of text, one a line. */
static void assert_layout(const char *text, const char *expected)
{
	parsed p = sk(text);
	char *got = dump_tree(p.t, names);
	assert_string_equal(got, expected);
	free(got);
	parsed_free(&p);
}

/* Kinds of the significant tokens of text, as "kind:text" words. */
static char *token_list(const parsed *p)
{
	rl_buf b = {0};
	for (uint32_t i = 0; i < p->t->ntoks; i++) {
		const rl_tok *k = &p->t->toks[i];
		if (i)
			rl_buf_putc(&b, ' ');
		rl_buf_printf(&b, "%d%s:", k->kind - SKT_ADD,
			      k->flags & RL_TOK_SECRET ? "S" : k->flags & RL_TOK_TRIVIA ? "T" : k->flags & RL_TOK_ERROR ? "E" : "");
		rl_buf_add(&b, p->src->data + k->off, k->len);
	}
	return rl_buf_take(&b);
}

#define K(x) (SKT_##x - SKT_ADD)

static void assert_tokens(const char *text, const char *expected)
{
	parsed p = sk(text);
	char *got = token_list(&p);
	assert_string_equal(got, expected);
	free(got);
	parsed_free(&p);
}

static void test_token_spans(void **state)
{
	(void)state;
	parsed p = sk("spdadd 10.0.0.0/8[any] ::1 any -P out ipsec esp/tunnel/10.0.0.1-10.0.0.2/unique:7;");
	static const struct {
		int kind;
		uint32_t off, len;
	} want[] = {
		{SKT_SPDADD, 0, 6}, {SKT_STRING, 7, 8}, {SKT_SLASH, 15, 1}, {SKT_DECSTRING, 16, 1},
		{SKT_LBRACKET, 17, 1}, {SKT_ANY, 18, 3}, {SKT_RBRACKET, 21, 1}, {SKT_STRING, 23, 3},
		{SKT_ANY, 27, 3}, {SKT_F_POLICY, 31, 2}, {SKT_PL_DIR, 34, 3}, {SKT_PL_ACTION, 38, 5},
		{SKT_PL_PROTO, 44, 3}, {SKT_SLASH, 47, 1}, {SKT_PL_MODE, 48, 6}, {SKT_SLASH, 54, 1},
		{SKT_PL_ADDR, 55, 8}, {SKT_PL_HYPHEN, 63, 1}, {SKT_PL_ADDR, 64, 8}, {SKT_SLASH, 72, 1},
		{SKT_PL_LEVEL, 73, 8}, {SKT_SEMI, 81, 1},
	};
	assert_int_equal(p.t->ntoks, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_int_equal(p.t->toks[i].kind, want[i].kind);
		assert_int_equal(p.t->toks[i].off, want[i].off);
		assert_int_equal(p.t->toks[i].len, want[i].len);
	}
	assert_findings(&p, "");
	parsed_free(&p);
}

static void test_token_kinds(void **state)
{
	(void)state;
	char want[512];
	/* options split the way setkey's scanner does; -P switches to policy text */
	snprintf(want, sizeof want, "%d:-4n %d:x %d:-P %d:out %d:;", K(FLAGS), K(STRING), K(F_POLICY), K(PL_DIR),
		 K(SEMI));
	assert_tokens("-4nx -Pout;", want);
	/* keywords are whole words only; numbers, hex, lists, quoted strings */
	snprintf(want, sizeof want, "%d:addhost %d:esp-old %d:1234 %d:0X1f %d:135,0 %d:\"a b\" %d:0x1g", K(STRING),
		 K(SAPROTO), K(DECSTRING), K(HEXSTRING), K(STRING), K(QUOTEDSTRING), K(STRING));
	assert_tokens("addhost esp-old 1234 0X1f 135,0 \"a b\" 0x1g", want);
	/* algorithm names only right after -E / -A; the key after them is secret */
	snprintf(want, sizeof want, "%d:null %d:-E %d:null %d:-A %d:hmac-md5 %dS:0x00 %d:-C %d:deflate %d:-R",
		 K(STRING), K(F_ENC), K(ALG_ENC_NOKEY), K(F_AUTH), K(ALG_AUTH), K(HEXSTRING), K(F_COMP),
		 K(ALG_COMP), K(F_RAWCPI));
	assert_tokens("null -E null -A hmac-md5 0x00 -C deflate -R", want);
	/* options with a number, extension words */
	snprintf(want, sizeof want, "%d:-m %d:tunnel %d:-f %d:nocyclic-seq %d:-lh %d:-bs %d:-ctx %dT:# c",
		 K(F_MODE), K(MODE), K(F_EXT), K(PADVAL), K(F_NUM), K(F_NUM), K(F_CTX), K(COMMENT));
	assert_tokens("-m tunnel -f nocyclic-seq -lh -bs -ctx # c", want);
	/* policy words */
	snprintf(want, sizeof want, "%d:-P %d:in %d:prio %d:def %d:+ %d:10 %d:ipsec %d:ah %d:/ %d:transport %d:/ %d:me %d:- %d:any %d:/ %d:unique %d:[5] %d:;",
		 K(F_POLICY), K(PL_DIR), K(PL_PRIORITY), K(PL_PRIOBASE), K(PL_PLUS), K(PL_NUMBER), K(PL_ACTION),
		 K(PL_PROTO), K(SLASH), K(PL_MODE), K(SLASH), K(PL_ME), K(PL_HYPHEN), K(ANY), K(SLASH), K(PL_LEVEL),
		 K(PL_PORT), K(SEMI));
	assert_tokens("-P in prio def+10 ipsec ah/transport/me-any/unique [5];", want);
	/* bytes that start no token */
	snprintf(want, sizeof want, "%dE:\\ %dE:\r %dE:-x %dE:_$ %dE:-", K(INVALID), K(INVALID), K(INVALID),
		 K(INVALID), K(INVALID));
	assert_tokens("\\ \r -x _$ -", want);
}

static void test_layout_sa(void **state)
{
	(void)state;
	assert_layout("add -4n 10.0.0.1[4500] 10.0.0.2 esp-udp 10.0.0.7 0x1000 -m tunnel -u 7 "
		      "-ctx 1 2 \"c\" -E aes-cbc \"0123456789abcdef\" -A hmac-md5 0x00112233445566778899aabbccddeeff;",
		      "ADD(FLAGS'-4n' ADDR(PORT) ADDR'10.0.0.2' "
		      "PROTO(HOST'10.0.0.7') SPI'0x1000' EXT(VALUE'tunnel') EXT(VALUE'7') "
		      "CTX(VALUE'1' VALUE'2' VALUE'\"c\"') ALG_ENC(ALG'aes-cbc' KEY'\"0123456789abcdef\"') "
		      "ALG_AUTH(ALG'hmac-md5' KEY'0x00112233445566778899aabbccddeeff'))\n");
	assert_layout("add 1.1.1.1 2.2.2.2 ipcomp 300 -C lzs -R;\n"
		      "getspi 1.1.1.1 2.2.2.2 esp 0;\n"
		      "get 1.1.1.1 2.2.2.2 ah 300 -m any;\n"
		      "delete -6 ::1 ::2 esp 300 -f zero-pad;\n"
		      "deleteall 1.1.1.1 2.2.2.2 ah;\n"
		      "flush; dump esp; spdflush; spddump; exit; quit;\n",
		      "ADD(ADDR'1.1.1.1' ADDR'2.2.2.2' PROTO'ipcomp' SPI'300' ALG_COMP(ALG'lzs' RAWCPI'-R'))\n"
		      "GETSPI(ADDR'1.1.1.1' ADDR'2.2.2.2' PROTO'esp' SPI'0')\n"
		      "GET(ADDR'1.1.1.1' ADDR'2.2.2.2' PROTO'ah' SPI'300' EXT(VALUE'any'))\n"
		      "DELETE(FLAGS'-6' ADDR'::1' ADDR'::2' PROTO'esp' SPI'300' EXT(VALUE'zero-pad'))\n"
		      "DELETEALL(ADDR'1.1.1.1' ADDR'2.2.2.2' PROTO'ah')\n"
		      "FLUSH\nDUMP(PROTO'esp')\nSPDFLUSH\nSPDDUMP\nEXIT\nEXIT\n");
}

static void test_layout_spd(void **state)
{
	(void)state;
	assert_layout("spdadd 10.0.0.0/8[any] 10.1.0.0/16[http] tcp -P out prio def + 3 ipsec "
		      "esp/tunnel/10.0.0.1[500]-10.0.0.2[4500]/unique:7 ah/transport//use ipcomp/transport/;",
		      "SPDADD(ADDR(PREFIX PORT) "
		      "ADDR(PREFIX PORT) UPPER'tcp' "
		      "POLICY(PL_DIR'out' PL_PRIO(PL_PRIOBASE'def' PL_SIGN'+' VALUE'3') PL_ACTION'ipsec' "
		      "PL_RULE(PL_PROTO'esp' PL_MODE'tunnel' PL_ENDPOINTS(PL_EP(PL_PORT'[500]') PL_EP(PL_PORT'[4500]')) "
		      "PL_LEVEL'unique:7') PL_RULE(PL_PROTO'ah' PL_MODE'transport' PL_LEVEL'use') "
		      "PL_RULE(PL_PROTO'ipcomp' PL_MODE'transport')))\n");
	assert_layout("spdupdate -n ::/0 ::/0 icmp6 135,0 -ctx 1 1 \"x\" -P in prio -5 none;\n"
		      "spdadd tagged \"t\" -P out ipsec esp/transport/me-any;\n"
		      "spddelete 1.1.1.1 2.2.2.2 any -P fwd;\n",
		      "SPDUPDATE(FLAGS'-n' ADDR(PREFIX) ADDR(PREFIX) "
		      "UPPER'icmp6' MISC'135,0' CTX(VALUE'1' VALUE'1' VALUE'\"x\"') "
		      "POLICY(PL_DIR'in' PL_PRIO(PL_SIGN'-' VALUE'5') PL_ACTION'none'))\n"
		      "SPDADD(TAG(VALUE'\"t\"') POLICY(PL_DIR'out' PL_ACTION'ipsec' "
		      "PL_RULE(PL_PROTO'esp' PL_MODE'transport' PL_ENDPOINTS(PL_EP'me' PL_EP'any'))))\n"
		      "SPDDELETE(ADDR'1.1.1.1' ADDR'2.2.2.2' UPPER'any' POLICY(PL_DIR'fwd'))\n");
}

static void test_accessors(void **state)
{
	(void)state;
	parsed p = sk("spdadd 10.0.0.0/8[500] 10.1.0.0 udp -P out prio 7 ipsec esp/tunnel/1.1.1.1-2.2.2.2/require;\n"
		      "add 1.1.1.1 2.2.2.2 esp 0x10 -E 3des-cbc 0x1 -A null;");
	uint32_t cmd = p.t->nodes[p.t->root].child;
	assert_true(rl_sk_is_command(p.t->nodes[cmd].kind));
	assert_true(rl_tok_is(p.t, rl_sk_tok(p.t, cmd), "spdadd"));
	uint32_t src = rl_sk_src(p.t, cmd), dst = rl_sk_dst(p.t, cmd);
	assert_true(rl_tok_is(p.t, rl_sk_addr_host(p.t, src), "10.0.0.0"));
	assert_true(rl_tok_is(p.t, rl_sk_addr_prefix(p.t, src), "8"));
	assert_true(rl_tok_is(p.t, rl_sk_addr_port(p.t, src), "500"));
	assert_int_equal(rl_sk_addr_prefix(p.t, dst), RL_SK_NO_TOK);
	assert_int_equal(rl_sk_addr_port(p.t, dst), RL_SK_NO_TOK);
	{
		/* comments around the prefix length and the port value */
		parsed c = sk("spdadd 10.0.0.0/ # a\n8 [ # b\nany # c\n] 10.1.0.0[ 80 ] udp -P out none;\n");
		uint32_t k = c.t->nodes[c.t->root].child;
		assert_true(rl_tok_is(c.t, rl_sk_addr_host(c.t, rl_sk_src(c.t, k)), "10.0.0.0"));
		assert_true(rl_tok_is(c.t, rl_sk_addr_prefix(c.t, rl_sk_src(c.t, k)), "8"));
		assert_true(rl_tok_is(c.t, rl_sk_addr_port(c.t, rl_sk_src(c.t, k)), "any"));
		assert_true(rl_tok_is(c.t, rl_sk_addr_port(c.t, rl_sk_dst(c.t, k)), "80"));
		parsed_free(&c);
	}
	uint32_t pol = rl_sk_child(p.t, cmd, RL_SK_POLICY);
	uint64_t v = 0;
	assert_true(rl_sk_number(p.t, rl_sk_value(p.t, rl_sk_child(p.t, pol, RL_SK_PL_PRIO)), &v));
	assert_int_equal(v, 7);
	uint32_t rule = rl_sk_child(p.t, pol, RL_SK_PL_RULE);
	uint32_t eps = rl_sk_child(p.t, rule, RL_SK_PL_ENDPOINTS);
	uint32_t ep = rl_sk_child(p.t, eps, RL_SK_PL_EP);
	assert_true(rl_tok_is(p.t, rl_sk_tok(p.t, rl_sk_next(p.t, ep, RL_SK_PL_EP)), "2.2.2.2"));
	/* the level token gives its exact column */
	uint32_t lvl = rl_sk_tok(p.t, rl_sk_child(p.t, rule, RL_SK_PL_LEVEL));
	uint32_t line, col;
	rl_source_pos(p.src, p.t->toks[lvl].off, &line, &col);
	assert_int_equal(col, 84);
	assert_int_equal(rl_sk_next(p.t, rule, RL_SK_PL_RULE), 0);
	uint32_t add = p.t->nodes[cmd].next;
	uint32_t spi = rl_sk_tok(p.t, rl_sk_child(p.t, add, RL_SK_SPI));
	assert_true(rl_sk_number(p.t, spi, &v));
	assert_int_equal(v, 16);
	uint32_t key = rl_sk_tok(p.t, rl_sk_child(p.t, rl_sk_child(p.t, add, RL_SK_ALG_ENC), RL_SK_KEY));
	assert_true(p.t->toks[key].flags & RL_TOK_SECRET);
	assert_int_equal(rl_sk_key_bytes(p.t, key), 1);
	rl_buf kb = {0};
	rl_sk_key_value(p.t, key, &kb);
	assert_int_equal(kb.len, 1);
	assert_int_equal(kb.data[0], 1);
	rl_buf_free(&kb);
	assert_int_equal(rl_sk_child(p.t, rl_sk_child(p.t, add, RL_SK_ALG_AUTH), RL_SK_KEY), 0);
	parsed q = sk("add 1.1.1.1 2.2.2.2 esp 1 -E des-cbc 0xA0b1C -A hmac-md5 \"k\\ey\";");
	uint32_t qadd = q.t->nodes[q.t->root].child;
	uint32_t qe = rl_sk_tok(q.t, rl_sk_child(q.t, rl_sk_child(q.t, qadd, RL_SK_ALG_ENC), RL_SK_KEY));
	uint32_t qa = rl_sk_tok(q.t, rl_sk_child(q.t, rl_sk_child(q.t, qadd, RL_SK_ALG_AUTH), RL_SK_KEY));
	rl_sk_key_value(q.t, qe, &kb);
	rl_sk_key_value(q.t, qa, &kb);
	assert_int_equal(kb.len, 7);
	assert_memory_equal(kb.data, "\x0a\x0b\x1ck\\ey", 7);
	assert_int_equal(rl_sk_key_bytes(q.t, qe), 3);
	assert_int_equal(rl_sk_key_bytes(q.t, qa), 4);
	rl_buf_free(&kb);
	parsed_free(&q);
	const rl_sk_alg *a = rl_sk_alg_find('A', "hmac-sha2-256", 13);
	assert_non_null(a);
	assert_int_equal(a->bits[0], 256);
	assert_null(rl_sk_alg_find('E', "aes-gcm-16", 10));
	parsed_free(&p);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	parsed p = sk("flush\n"
		      "spdflush;\n"
		      "spdadd 10.0.0.1 10.0.0.2 any -P sideways;\n"
		      "update 1.1.1.1 2.2.2.2 esp 300;\n"
		      "add 1.1.1.1 2.2.2.2 esp 300 -E aes-gcm-16 0x00;\n"
		      "spdadd 1.1.1.1 2.2.2.2 any -P out ipsec esp/transport//require\n"
		      "spdadd 1.1.1.1 2.2.2.2 any -P in ipsec esp/transport//requir;\n"
		      "get 1.1.1.1 2.2.2.2 esp 300 -E aes-cbc 0x00;\n"
		      "spdadd ::/0 ::/0 icmp6 135 -P in none;\n"
		      "spddump");
	assert_findings(&p,
			"1:6: RL001 expected ';' or a protocol (esp, ah, ipcomp, esp-udp, tcp, ...) after 'flush'\n"
			"3:33: RL001 unexpected 'sideways', expected a direction (in, out or fwd)\n"
			"4:1: RL001 'update' is not a setkey command: setkey(8) documents it, but setkey does not accept it (use delete and add, or spdupdate for policies)\n"
			"5:32: RL001 unknown encryption algorithm 'aes-gcm-16' (setkey knows des-cbc, 3des-cbc, null, simple, blowfish-cbc, cast128-cbc, des-deriv, des-32iv, twofish-cbc, aes-cbc, rijndael-cbc, aes-ctr, camellia-cbc)\n"
			"6:63: RL001 expected ';' or a protocol (esp, ah or ipcomp) after 'require'\n"
			"7:55: RL001 unexpected 'requir', expected a level (default, use, require, unique or unique:N)\n"
			"8:29: RL001 unexpected '-E', expected ';' or an SA option (-m, -u, -r, -f, -lh, ...)\n"
			"9:24: RL001 unexpected '135', expected -P and a policy, or a value for the protocol written "
			"TYPE,CODE (ICMP) or A.B.C.D (GRE), never a bare number\n"
			"10:8: RL001 expected ';' after 'spddump'\n");
	assert_int_equal(p.t->nerrors, 9);
	/* recovery keeps the commands around the errors */
	static const int kinds[] = {RL_SK_ERROR, RL_SK_SPDFLUSH, RL_SK_ERROR, RL_SK_ERROR, RL_SK_ERROR,
				    RL_SK_ERROR, RL_SK_ERROR, RL_SK_ERROR, RL_SK_ERROR, RL_SK_ERROR};
	size_t i = 0;
	for (uint32_t c = p.t->nodes[p.t->root].child; c; c = p.t->nodes[c].next, i++) {
		assert_true(i < sizeof kinds / sizeof kinds[0]);
		assert_int_equal(p.t->nodes[c].kind, kinds[i]);
		if (kinds[i] == RL_SK_ERROR)
			assert_true(p.t->nodes[c].flags & RL_NODE_ERROR);
	}
	parsed_free(&p);
}

static void test_missing_semicolon_keeps_next(void **state)
{
	(void)state;
	parsed p = sk("spdadd 1.1.1.1 2.2.2.2 any -P out none\n"
		      "  spdadd 2.2.2.2 1.1.1.1 any -P in none;\n"
		      "spdflush\n"
		      "flush;\n");
	assert_findings(&p, "1:39: RL001 expected ';' or a protocol (esp, ah or ipcomp) after 'none'\n"
			    "3:9: RL001 expected ';' after 'spdflush'\n");
	char *d = dump_tree(p.t, names);
	assert_string_equal(d, "ERROR\n"
			       "SPDADD(ADDR'2.2.2.2' ADDR'1.1.1.1' UPPER'any' POLICY(PL_DIR'in' "
			       "PL_ACTION'none'))\n"
			       "ERROR'spdflush'\nFLUSH\n");
	free(d);
	/* the error node ends before the next command */
	uint32_t err = p.t->nodes[p.t->root].child;
	char *last = tok_text(p.t, p.t->nodes[err].last);
	assert_string_equal(last, "none");
	free(last);
	parsed_free(&p);
}

static void test_invalid_bytes(void **state)
{
	(void)state;
	parsed p = sk("flush;\r\nspdflush;\r\n"
		      "add 1.1.1.1 2.2.2.2 esp 300 \\\n -E null;\n"
		      "spdadd 1.1.1.1 2.2.2.2 any -P out ipsec\n# note\n esp/transport//require;\n"
		      "spdadd 1.1.1.1 2.2.2.2 any -P out ipsec esp/transport//use\\;\n"
		      "-x flush;\n"
		      "_ dump;\n"
		      "tagged \"open");
	assert_findings(&p, "1:7: RL001 carriage return (CRLF line ending): setkey accepts only LF line endings\n"
			    "3:29: RL001 '\\' is no line continuation in setkey: a command may span lines as it is\n"
			    "6:1: RL001 a comment cannot start inside a -P policy (the policy runs up to the next ';')\n"
			    "8:59: RL001 '\\' is no line continuation in setkey: a command may span lines as it is\n"
			    "9:1: RL001 unknown option '-x'\n"
			    "10:1: RL001 invalid character '_'\n"
			    "11:1: RL001 unexpected 'tagged', expected a command (add, spdadd, flush, ...)\n"
			    "11:8: RL001 unterminated quoted string: no closing '\"' before the end of the file\n");
	/* the stray bytes are error tokens; the commands around them parse */
	int cmds = 0;
	for (uint32_t c = p.t->nodes[p.t->root].child; c; c = p.t->nodes[c].next)
		cmds += p.t->nodes[c].kind != RL_SK_ERROR;
	assert_int_equal(cmds, 7);
	parsed_free(&p);
}

/* Text of n copies of c between head and tail (to be freed). */
static char *padded(const char *head, char c, size_t n, const char *tail)
{
	rl_buf b = {0};
	rl_buf_puts(&b, head);
	for (size_t i = 0; i < n; i++)
		rl_buf_putc(&b, c);
	rl_buf_puts(&b, tail);
	return rl_buf_take(&b);
}

/* Pieces of a token longer than RL_TOK_MAXLEN: same kind, touching,
 * at most RL_TOK_MAXLEN each, together the n bytes at off. */
static void assert_pieces(const rl_tree *t, uint32_t first, uint32_t off, uint32_t n, int kind, unsigned flags)
{
	uint32_t pos = off, i = first;
	for (; pos < off + n; i++) {
		assert_true(i < t->ntoks);
		assert_int_equal(t->toks[i].off, pos);
		assert_int_equal(t->toks[i].kind, kind);
		assert_true(t->toks[i].len > 0 && t->toks[i].len <= RL_TOK_MAXLEN);
		assert_int_equal(t->toks[i].flags & flags, flags);
		pos += t->toks[i].len;
	}
	assert_int_equal(pos, off + n);
}

static void test_long_tokens(void **state)
{
	(void)state;
	/* a comment of 200,000 bytes: pieces, no finding, the policy after it parses */
	char *text = padded("#", 'c', 200000, "\nspdadd 1.1.1.1 2.2.2.2 any -P out ipsec esp/transport//require;\n");
	parsed p = sk(text);
	assert_findings(&p, "");
	assert_pieces(p.t, 0, 0, 200001, SKT_COMMENT, RL_TOK_TRIVIA);
	assert_int_equal(p.t->toks[3].kind, SKT_COMMENT);
	assert_int_equal(p.t->toks[4].kind, SKT_SPDADD);
	assert_int_equal(p.t->nodes[p.t->nodes[p.t->root].child].kind, RL_SK_SPDADD);
	parsed_free(&p);
	free(text);
	/* a word of 70,000 bytes: an error token, the next command parses */
	text = padded("spdadd ", 'a', 70000, " 2.2.2.2 any -P out ipsec esp/transport//require;\nspdflush;\n");
	p = sk(text);
	assert_findings(&p, "1:8: RL001 a token of 70000 bytes: racoonlint reads tokens of at most 65535 bytes\n");
	assert_pieces(p.t, 1, 7, 70000, SKT_INVALID, RL_TOK_ERROR);
	assert_int_equal(p.t->nodes[rl_tree_last_child(p.t, p.t->root)].kind, RL_SK_SPDFLUSH);
	parsed_free(&p);
	free(text);
	/* a key of 65,536 bytes: an error token, kept secret */
	text = padded("add 1.1.1.1 2.2.2.2 esp 300 -E aes-cbc \"", 'k', 65534, "\";\n");
	p = sk(text);
	assert_pieces(p.t, 7, 39, 65536, SKT_INVALID, RL_TOK_ERROR);
	assert_true(rl_source_is_secret(p.src, 39) && rl_source_is_secret(p.src, 39 + 65535));
	parsed_free(&p);
	free(text);
	/* exactly RL_TOK_MAXLEN bytes: one token */
	text = padded("spdadd ", 'a', RL_TOK_MAXLEN, " 2.2.2.2 any -P out none;\n");
	p = sk(text);
	assert_int_equal(p.t->toks[1].len, RL_TOK_MAXLEN);
	assert_int_equal(p.t->toks[1].kind, SKT_STRING);
	parsed_free(&p);
	free(text);
}

/* The tree's own fallback, for scanners that hand it a long significant
 * token: pieces, the earlier ones error tokens, and rl_parse reports it. */
static void test_long_token_fallback(void **state)
{
	(void)state;
	for (uint32_t n = RL_TOK_MAXLEN - 1; n <= 3 * RL_TOK_MAXLEN + 2; n += RL_TOK_MAXLEN / 2) {
		char *text = padded(" ", 'a', n, "");
		rl_source *src = rl_source_from_mem("t", text, n + 1);
		rl_tree *t = rl_tree_new(src, RL_LANG_SETKEY);
		uint32_t i = rl_tree_add_tok(t, 1, n, SKT_STRING, RL_TOK_SECRET);
		assert_int_equal(i, t->ntoks - 1);
		assert_int_equal(t->toks[i].kind, SKT_STRING);
		assert_int_equal(t->toks[i].flags, RL_TOK_SECRET);
		assert_pieces(t, 0, 1, n, SKT_STRING, RL_TOK_SECRET);
		for (uint32_t k = 0; k < i; k++)
			assert_int_equal(t->toks[k].flags, RL_TOK_SECRET | RL_TOK_ERROR);
		assert_int_equal(t->long_len, n > RL_TOK_MAXLEN ? n : 0);
		assert_true(rl_source_is_secret(src, 1) && rl_source_is_secret(src, n) && !rl_source_is_secret(src, 0));
		assert_null(rl_tree_check_lossless(t));
		rl_tree_free(t);
		rl_source_free(src);
		free(text);
	}
}

static void test_value_checks(void **state)
{
	(void)state;
	parsed p = sk("add 1.1.1.1 2.2.2.2 esp 4294967296 -E aes-cbc \"short\" -A hmac-sha1 0x0011;\n"
		      "add 1.1.1.1 2.2.2.2 ah 0x100000000 -E des-cbc 0x0011223344556677;\n"
		      "add 1.1.1.1 2.2.2.2 esp 300 -A hmac-md5 0x00112233445566778899aabbccddeeff;\n"
		      "add 1.1.1.1 2.2.2.2 ipcomp 300 -E null;\n"
		      "add 1.1.1.1 2.2.2.2 esp-old 300 -r 4 -E des-deriv 0x0011223344556677;\n"
		      "add 1.1.1.1 2.2.2.2 esp 300 -E blowfish-cbc 0x00112233;\n"
		      "add -n host 1.1.1.1[70000] esp 300 -E null;\n"
		      "add -4 ::1 1.1.1.1 esp 300 -E null;\n"
		      "spdadd 1.1.1.1/33 ::/129 300 -P out none;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 udp 1,2 -P out none;\n"
		      "spdadd ::/0 ::/0 icmp6 135, -P in none;\n"
		      "spdadd ::/0 ::/0 icmp 1.2 -P in none;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 gre 1,2 -P in none;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 frobnicate -P in none;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 any -P out;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 any -P in ipsec esp/tunnel//require ah/transport/me-any/unique:16384;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 any -P out ipsec esp/tunnel/1.1.1.1-::2 esp/tunnel/gw[1]-1.1.1.1[65536];\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 any -P out prio 2147483649 none;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 any -P out prio -2147483648 none;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 any -P out prio high + 1073741825 none;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 any -P out prio low - 1073741824 none;\n"
		      "spddelete 0.0.0.0/0 0.0.0.0/0 any -P out;\n"
		      "add 1.1.1.1 2.2.2.2 tcp 300 -A tcp-md5 \"k\";\n"
		      "add 1.1.1.1 2.2.2.2 ah 300 -A tcp-md5 \"k\";\n");
	assert_findings(
		&p,
		"1:25: RL004 SPI '4294967296' is out of range (at most 4294967295)\n"
		"1:47: RL004 the key does not suit aes-cbc, which takes 128, 192 or 256-bit keys\n"
		"1:68: RL004 the key does not suit hmac-sha1, which takes a 160-bit key\n"
		"2:24: RL004 SPI '0x100000000' is out of range (at most 4294967295)\n"
		"2:36: RL004 ah takes only an authentication algorithm (-A)\n"
		"3:29: RL004 esp needs an encryption algorithm (-E)\n"
		"4:32: RL004 ipcomp takes a compression algorithm (-C)\n"
		"5:33: RL004 the old formats (esp-old, ah-old) have no replay window: drop -r\n"
		"5:41: RL004 des-deriv works only with esp\n"
		"6:45: RL004 the key does not suit blowfish-cbc, which takes keys of 40 to 448 bits\n"
		"7:8: RL004 with -n setkey resolves no names: 'host' must be a numeric address\n"
		"7:21: RL004 port '70000' is out of range (at most 65535)\n"
		"8:8: RL004 '::1' is an IPv6 address, but the command has -4\n"
		"9:16: RL004 IPv4 prefix length '33' is out of range (at most 32)\n"
		"9:22: RL004 prefix length '129' is out of range (at most 128)\n"
		"9:26: RL004 upper-layer protocol '300' is out of range (at most 255)\n"
		"10:32: RL004 only icmp, icmp6, mobility-header and gre take a value after the protocol; after any other it corrupts the selector ports\n"
		"11:24: RL004 ICMP code missing after ',': setkey leaves it undefined\n"
		"12:23: RL004 ICMP type and code must be written TYPE,CODE (two numbers up to 255)\n"
		"13:32: RL004 a GRE key must be written as a dotted quad A.B.C.D\n"
		"14:28: RL004 unknown upper-layer protocol 'frobnicate': not a name /etc/protocols has; write its number\n"
		"15:35: RL004 policy has no action, so setkey installs a discard policy: write ipsec with its rules, none or discard\n"
		"16:44: RL004 tunnel mode needs endpoints (PROTO/tunnel/SOURCE-DESTINATION/LEVEL)\n"
		"16:77: RL004 me-any is only valid in an 'out' policy\n"
		"16:84: RL004 unique:N takes a request id from 1 to 16383\n"
		"17:56: RL004 endpoints mix IPv4 and IPv6\n"
		"17:79: RL004 'gw' is not a numeric address: policy endpoints cannot be host names\n"
		"17:92: RL004 port '[65536]' is out of range (at most 65535)\n"
		"18:44: RL004 priority offset '2147483649' is out of range (at most 2147483648)\n"
		"19:45: RL004 priority offset '2147483648' is out of range (at most 2147483647)\n"
		"20:51: RL004 priority offset '1073741825' is out of range (at most 1073741824)\n"
		"21:50: RL004 priority offset '1073741824' is out of range (at most 1073741823)\n"
		"24:31: RL004 tcp-md5 works only with tcp\n");
	assert_int_equal(p.t->nerrors, 0);
	parsed_free(&p);
}

static void test_no_secret_in_messages(void **state)
{
	(void)state;
	parsed p = sk("add 1.1.1.1 2.2.2.2 esp 300 -E aes-cbc \"Canary\" -A hmac-sha1 0xCa7a11;\n"
		      "add 1.1.1.1 2.2.2.2 esp 300 -E null \"Canary\";\n"
		      "add 1.1.1.1 2.2.2.2 esp 300 -E \"Canary\" 0x0;\n"
		      "add 1.1.1.1 2.2.2.2 esp 300 -E aes-gcm-16 0xCa7a11 -A hmac-sha1 \"Canary\";\n");
	assert_true(p.d.n >= 4);
	for (size_t i = 0; i < p.d.n; i++) {
		assert_null(strstr(p.d.v[i].message, "Canary"));
		assert_null(strstr(p.d.v[i].message, "Ca7a11"));
	}
	for (uint32_t i = 0; i < p.t->ntoks; i++) {
		const char *s = p.src->data + p.t->toks[i].off;
		if (strncmp(s, "\"Canary\"", 8) == 0 || strncmp(s, "0xCa7a11", 8) == 0)
			assert_true(p.t->toks[i].flags & RL_TOK_SECRET);
	}
	assert_findings(&p, "1:40: RL004 the key does not suit aes-cbc, which takes 128, 192 or 256-bit keys\n"
			    "1:62: RL004 the key does not suit hmac-sha1, which takes a 160-bit key\n"
			    "2:37: RL001 unexpected key, expected ';' or -A\n"
			    "3:32: RL001 unexpected key, expected an encryption algorithm (aes-cbc, 3des-cbc, "
			    "null, ...)\n"
			    "4:32: RL001 unknown encryption algorithm 'aes-gcm-16' (setkey knows des-cbc, 3des-cbc, "
			    "null, simple, blowfish-cbc, cast128-cbc, des-deriv, des-32iv, twofish-cbc, aes-cbc, "
			    "rijndael-cbc, aes-ctr, camellia-cbc)\n");
	parsed_free(&p);
}

static void test_dialect(void **state)
{
	(void)state;
	parsed p = sk("#!/usr/sbin/setkey -f\ngetspi 1.1.1.1 2.2.2.2 esp 0;\n"
		      "add 1.1.1.1 2.2.2.2 esp-udp 300 -bh 10 -E camellia-cbc 0x00112233445566778899aabbccddeeff;\n"
		      "spdupdate 0.0.0.0/0 0.0.0.0/0 any -ctx 1 1 \"c\" -P fwd prio 1 none;\n"
		      "spdadd 0.0.0.0/0 0.0.0.0/0 any -P out ipsec esp/tunnel/1.1.1.1[1]-2.2.2.2[2]/use;\nbye;\n");
	int want = RL_SK_D_SHEBANG | RL_SK_D_SHEBANG_USR | RL_SK_D_GETSPI | RL_SK_D_ESPUDP | RL_SK_D_LIFEBYTES |
		   RL_SK_D_CAMELLIA | RL_SK_D_SPDUPDATE | RL_SK_D_CTX | RL_SK_D_FWD | RL_SK_D_PRIO |
		   RL_SK_D_POLICY_EXT | RL_SK_D_EXIT;
	assert_int_equal(p.t->dialect, want);
	parsed_free(&p);
	p = sk("#!/sbin/setkey\nspdadd tagged \"x\" -P out none;\nadd 1.1.1.1 2.2.2.2 tcp 300 -A tcp-md5 \"k\";\n"
	       "add 1.1.1.1 2.2.2.2 esp 300 -E aes-cbc 0x00112233445566778899aabbccddeeff;\n");
	want = RL_SK_D_SHEBANG | RL_SK_D_SHEBANG_SBIN | RL_SK_D_SHEBANG_NO_F | RL_SK_D_TAGGED | RL_SK_D_TCP |
	       RL_SK_D_SHORT_NAMES;
	assert_int_equal(p.t->dialect, want);
	parsed_free(&p);
}

static void test_error_cap(void **state)
{
	(void)state;
	rl_buf b = {0};
	for (int i = 0; i < 150; i++)
		rl_buf_puts(&b, "flush x;\n");
	parsed p = sk(rl_buf_str(&b));
	assert_int_equal(p.t->nerrors, 150);
	assert_int_equal(p.d.n, RL_MAX_SYNTAX_ERRORS + 1);
	parsed_free(&p);
	/* value findings have the same cap */
	b.len = 0;
	for (int i = 0; i < 150; i++)
		rl_buf_puts(&b, "add 1.1.1.1 2.2.2.2 esp 99999999999 -E null;\n");
	p = sk(rl_buf_str(&b));
	assert_int_equal(p.d.n, RL_MAX_SYNTAX_ERRORS + 1);
	rl_diags_sort(&p.d);
	assert_string_equal(p.d.v[p.d.n - 1].message,
			    "too many invalid values in this file; the rest of the file is not reported");
	parsed_free(&p);
	rl_buf_free(&b);
}

static void test_lossless_tricky(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len;
	} cases[] = {
		{"", 0},
		{"flush;\r\nspdflush;\r\n", 19},
		{"spdadd 1.1.1.1 2.2.2.2 any -P out none;", 39},
		{"spdadd 1.1.1.1 2.2.2.2 any -P out none", 38},
		{"add \0 1.1.1.1\0;\n", 16},
		{"\"\0\n\r\"", 5},
		{"#!/usr/sbin/setkey -f", 21},
		{"-P", 2},
		{"-P \0#\r\v\f;", 9},
		{"\v\f", 2},
		{"-", 1},
		{"\"", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		parsed p = parse_mem(RL_LANG_SETKEY, cases[i].text, cases[i].len);
		parsed_free(&p);
	}
}

static size_t fill_setkey_words(char *buf, size_t cap, uint64_t *state)
{
	static const char *const words[] = {
		"add", "spdadd", "flush", "getspi", "deleteall", "tagged", "\"t\"", "-P", "out", "in", "fwd",
		"ipsec", "none", "esp", "ah", "ipcomp", "/", "transport", "tunnel", "10.0.0.1", "::1", "-",
		"[", "]", "[500]", ";", "#", "#c", "-E", "-A", "-C", "aes-cbc", "hmac-sha1", "null", "deflate",
		"0x1234", "\"k\"", "300", "any", "tcp", "udp", "135,0", "prio", "def", "+", "unique:5", "me",
		"-4n", "-m", "-ctx", "\\", "\r", "exit", "require", "/0", "-R", "esp-udp",
	};
	return fill_words(buf, cap, state, words, sizeof words / sizeof words[0]);
}

static void test_random_bytes(void **state)
{
	(void)state;
	fuzz_lossless(RL_LANG_SETKEY, fill_bytes, 3000, 0x5eed5eedu);
}

/* rl_tree_top: the root's children in order, the same array on every
 * call; none for a file of comments. */
static void test_tree_top(void **state)
{
	(void)state;
	static const char text[] = "flush;\n# c\nspdflush;\nspdadd 1.2.3.4 5.6.7.8 any -P out none;\nexit;\n";
	parsed p = parse_mem(RL_LANG_SETKEY, text, sizeof text - 1);
	uint32_t n;
	const uint32_t *v = rl_tree_top(p.t, &n);
	assert_int_equal(n, 4);
	uint32_t k = 0;
	for (uint32_t c = p.t->nodes[p.t->root].child; c; c = p.t->nodes[c].next)
		assert_int_equal(v[k++], c);
	assert_int_equal(k, n);
	assert_int_equal(p.t->nodes[v[3]].kind, RL_SK_EXIT);
	uint32_t n2;
	assert_ptr_equal(rl_tree_top(p.t, &n2), v);
	assert_int_equal(n2, n);
	parsed_free(&p);

	p = parse_mem(RL_LANG_SETKEY, "# only a comment\n", 17);
	rl_tree_top(p.t, &n);
	assert_int_equal(n, 0);
	parsed_free(&p);
}

static void test_random_words(void **state)
{
	(void)state;
	fuzz_lossless(RL_LANG_SETKEY, fill_setkey_words, 3000, 0xabcdef12u);
}

int main(void)
{
	assert_int_equal(sizeof names / sizeof names[0], RL_SK_PL_LEVEL + 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_spans),
		cmocka_unit_test(test_long_tokens),
		cmocka_unit_test(test_long_token_fallback),
		cmocka_unit_test(test_token_kinds),
		cmocka_unit_test(test_layout_sa),
		cmocka_unit_test(test_layout_spd),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_missing_semicolon_keeps_next),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_value_checks),
		cmocka_unit_test(test_no_secret_in_messages),
		cmocka_unit_test(test_dialect),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_lossless_tricky),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_random_words),
		cmocka_unit_test(test_tree_top),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
