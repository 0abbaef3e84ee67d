/* setkey grammar: the commands of setkey.md section 3 and the -P policy
 * text of section 7.2. Actions only build nodes; the node layout is
 * documented in src/setkey_syntax.h, the value checks live in
 * setkey_check.c. Every list is left-recursive and carries its parent node,
 * so the parser stack stays flat whatever the input. */

%define api.pure full
%define api.prefix {sk}
%define api.token.prefix {SKT_}
%define api.value.type {uint32_t}
%define parse.error custom
/* Canonical LR with default reductions only in consistent states, as in
 * racoon.y: an error is found before any reduction that needs the
 * lookahead, and the expected tokens of the state are exactly those the
 * grammar takes there. This gives the messages lookahead correction (LAC)
 * gave with LALR tables, without LAC's simulation of the stack for every
 * lookahead that triggers a reduction (a tenth of the parser's work on a
 * file of policies). */
%define lr.type canonical-lr
%define lr.default-reduction consistent
/* No %locations: the tokens carry their indices as values, and the one
 * location a rule needs, where a skipped command starts, is kept in
 * sk_state (cmd_first) at less cost than a location on every symbol. */

%code requires {
#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "gram_util.h"
#include "syntax.h"

/* What the scanner and the parser share. */
typedef struct sk_state {
	rl_tree *t;
	rl_diags *d;
	uint32_t pos;      /* scanner position (byte offset) */
	uint32_t cur;      /* token handed to the parser last (the lookahead) */
	uint32_t prev;     /* the one before it; UINT32_MAX: none */
	uint32_t cmd_first;/* the first token handed over for the command being
			    * parsed; UINT32_MAX: none yet */
	uint32_t since_alg;/* tokens handed over since -E or -A */
	bool bol;          /* only white space since the last newline */
	bool cr_reported;  /* a CR was reported (once per file) */
	bool skipped_byte; /* the scanner skipped a byte in this command */
} sk_state;
}

%code {
#include <string.h>

#include "edit.h"
#include "gram_util.h"
#include "parse.h"
#include "setkey_syntax.h"

int sklex(SKSTYPE *lval, void *scanner);
static void yyerror(sk_state *P, void *scanner, const char *msg);

#define NOTOK UINT32_MAX

/* A node over [first, last]. */
static uint32_t node(sk_state *P, int kind, uint32_t first, uint32_t last)
{
	return rl_tree_node(P->t, (uint16_t)kind, first, last);
}

static uint32_t leaf(sk_state *P, int kind, uint32_t tok)
{
	return node(P, kind, tok, tok);
}

/* Append child under parent; returns parent. */
static uint32_t add(sk_state *P, uint32_t parent, uint32_t child)
{
	rl_tree_append(P->t, parent, child);
	return parent;
}

static uint32_t add_leaf(sk_state *P, uint32_t parent, int kind, uint32_t tok)
{
	return add(P, parent, leaf(P, kind, tok));
}

/* Widen node to end at tok. */
static uint32_t upto(sk_state *P, uint32_t n, uint32_t tok)
{
	if (P->t->nodes[n].last < tok)
		P->t->nodes[n].last = tok;
	return n;
}

/* A node whose first token is tok, with tok's argument as VALUE child. */
static uint32_t with_value(sk_state *P, int kind, uint32_t tok, uint32_t value)
{
	return add_leaf(P, node(P, kind, tok, tok), RL_SK_VALUE, value);
}

/* The command node for the command word tok. */
static uint32_t command(sk_state *P, uint32_t tok)
{
	static const struct { int tok, node; } map[] = {
		{SKT_ADD, RL_SK_ADD}, {SKT_GETSPI, RL_SK_GETSPI}, {SKT_GET, RL_SK_GET},
		{SKT_DELETE, RL_SK_DELETE}, {SKT_DELETEALL, RL_SK_DELETEALL}, {SKT_FLUSH, RL_SK_FLUSH},
		{SKT_DUMP, RL_SK_DUMP}, {SKT_SPDADD, RL_SK_SPDADD}, {SKT_SPDUPDATE, RL_SK_SPDUPDATE},
		{SKT_SPDDELETE, RL_SK_SPDDELETE}, {SKT_SPDDUMP, RL_SK_SPDDUMP},
		{SKT_SPDFLUSH, RL_SK_SPDFLUSH}, {SKT_EXIT, RL_SK_EXIT},
	};
	int kind = RL_SK_ERROR;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].tok == P->t->toks[tok].kind)
			kind = map[i].node;
	return leaf(P, kind, tok);
}

/* ADDR over the host token, with the optional prefix and port nodes (0 =
 * none) as children. */
static uint32_t address(sk_state *P, uint32_t host, uint32_t prefix, uint32_t port)
{
	uint32_t a = node(P, RL_SK_ADDR, host, host);
	if (prefix)
		add(P, a, prefix);
	if (port)
		add(P, a, port);
	return a;
}

/* ALG_ENC / ALG_AUTH / ALG_COMP: switch, name, then a KEY or RAWCPI. */
static uint32_t algorithm(sk_state *P, int kind, uint32_t sw, uint32_t name, int extra, uint32_t tok)
{
	uint32_t n = add_leaf(P, node(P, kind, sw, sw), RL_SK_ALG, name);
	if (tok != NOTOK)
		add_leaf(P, n, extra, tok);
	return n;
}

/* PL_PRIO: the priority word, then base, sign and offset when present. */
static uint32_t priority(sk_state *P, uint32_t word, uint32_t base, uint32_t sign, uint32_t offset)
{
	uint32_t n = node(P, RL_SK_PL_PRIO, word, word);
	if (base != NOTOK)
		add_leaf(P, n, RL_SK_PL_PRIOBASE, base);
	if (sign != NOTOK)
		add_leaf(P, n, RL_SK_PL_SIGN, sign);
	if (offset != NOTOK)
		add_leaf(P, n, RL_SK_VALUE, offset);
	return n;
}

/* PL_EP: an address (or me / any) and its optional port. */
static uint32_t endpoint(sk_state *P, uint32_t addr, uint32_t port)
{
	uint32_t n = node(P, RL_SK_PL_EP, addr, addr);
	if (port != NOTOK)
		add_leaf(P, n, RL_SK_PL_PORT, port);
	return n;
}

static uint32_t endpoints(sk_state *P, uint32_t src, uint32_t dst)
{
	uint32_t n = node(P, RL_SK_PL_ENDPOINTS, P->t->nodes[src].first, P->t->nodes[src].first);
	return add(P, add(P, n, src), dst);
}

/* Where the command that error recovery skips starts: its first token
 * handed to the parser, or the end of the file when there is none (what
 * bison's location of the error symbol gave: the first symbol popped, or
 * the lookahead when nothing was). */
static int64_t error_first(const sk_state *P)
{
	return P->cmd_first != NOTOK ? (int64_t)P->cmd_first : (int64_t)P->t->ntoks;
}

/* The node of a command skipped after a syntax error, or 0. Past the
 * error cap no node is made, so hostile input cannot grow the tree. */
static uint32_t skipped(sk_state *P, int64_t first, int64_t last)
{
	if (first < 0 || last < first || last == NOTOK || P->t->nerrors > RL_MAX_SYNTAX_ERRORS)
		return 0;
	uint32_t n = node(P, RL_SK_ERROR, (uint32_t)first, (uint32_t)last);
	P->t->nodes[n].flags |= RL_NODE_ERROR;
	return n;
}
}

%parse-param {sk_state *P} {void *scanner}
%lex-param {void *scanner}

%token ADD "add" DELETE "delete" DELETEALL "deleteall" GET "get" GETSPI "getspi"
%token FLUSH "flush" DUMP "dump" SPDADD "spdadd" SPDUPDATE "spdupdate"
%token SPDDELETE "spddelete" SPDDUMP "spddump" SPDFLUSH "spdflush" EXIT "exit"
%token TAGGED "tagged" FLAGS "address flags"
%token SAPROTO "SA protocol" ESPUDP "esp-udp" TCP "tcp"
%token F_ENC "-E" F_AUTH "-A" F_COMP "-C" F_RAWCPI "-R" F_POLICY "-P"
%token F_MODE "-m" F_EXT "-f" F_NUM "numeric option" F_CTX "-ctx"
%token MODE "SA mode" PADVAL "-f value"
%token ALG_ENC "encryption algorithm" ALG_ENC_NOKEY "keyless encryption algorithm"
%token ALG_AUTH "authentication algorithm" ALG_AUTH_NOKEY "keyless authentication algorithm"
%token ALG_COMP "compression algorithm"
%token ANY "any" SLASH "/" LBRACKET "[" RBRACKET "]" SEMI ";"
%token DECSTRING "number" HEXSTRING "hex number" QUOTEDSTRING "quoted string" STRING "name"
%token PL_DIR "direction" PL_PRIORITY "priority" PL_PRIOBASE "priority base"
%token PL_PLUS "+" PL_HYPHEN "-" PL_NUMBER "policy number" PL_ACTION "action"
%token PL_PROTO "policy protocol" PL_MODE "policy mode" PL_ME "me"
%token PL_ADDR "policy address" PL_PORT "policy port" PL_LEVEL "level"
%token COMMENT "comment" INVALID "invalid character"

%%

file
	: %empty
	| file command
		{
			if ($2)
				rl_tree_append(P->t, P->t->root, $2);
			/* the next command starts at the lookahead, when one was read */
			P->cmd_first = yychar == SKT_SKEMPTY ? NOTOK : P->cur;
		}
	;

command
	: add_cmd SEMI          { $$ = upto(P, $1, $2); }
	| sa_cmd SEMI           { $$ = upto(P, $1, $2); }
	| deleteall_cmd SEMI    { $$ = upto(P, $1, $2); }
	| flush_cmd SEMI        { $$ = upto(P, $1, $2); }
	| spd_cmd SEMI          { $$ = upto(P, $1, $2); }
	| bare_cmd SEMI         { $$ = upto(P, $1, $2); }
	| error SEMI            { $$ = skipped(P, error_first(P), $2); yyerrok; }
	| error                 { $$ = skipped(P, error_first(P), P->prev); yyerrok; }
	;

/* --- SA commands ------------------------------------------------------ */

add_head
	: ADD                   { $$ = command(P, $1); }
	| add_head FLAGS        { $$ = add_leaf(P, $1, RL_SK_FLAGS, $2); }
	;

add_sel
	: add_head hostport hostport sa_proto spi
				{ $$ = add(P, add(P, add(P, add(P, $1, $2), $3), $4), $5); }
	;

add_exts
	: add_sel
	| add_exts extension    { $$ = add(P, $1, $2); }
	;

add_cmd
	: add_exts algorithms   { $$ = add(P, $1, $2); }
	;

sa_word
	: GET | GETSPI | DELETE
	;

sa_head
	: sa_word               { $$ = command(P, $1); }
	| sa_head FLAGS         { $$ = add_leaf(P, $1, RL_SK_FLAGS, $2); }
	;

sa_sel
	: sa_head hostport hostport sa_proto spi
				{ $$ = add(P, add(P, add(P, add(P, $1, $2), $3), $4), $5); }
	;

sa_cmd
	: sa_sel
	| sa_cmd extension      { $$ = add(P, $1, $2); }
	;

deleteall_head
	: DELETEALL             { $$ = command(P, $1); }
	| deleteall_head FLAGS  { $$ = add_leaf(P, $1, RL_SK_FLAGS, $2); }
	;

deleteall_cmd
	: deleteall_head plain_addr plain_addr sa_proto
				{ $$ = add(P, add(P, add(P, $1, $2), $3), $4); }
	;

flush_word
	: FLUSH | DUMP
	;

flush_cmd
	: flush_word            { $$ = command(P, $1); }
	| flush_word sa_proto   { $$ = add(P, command(P, $1), $2); }
	;

bare_cmd
	: SPDDUMP               { $$ = command(P, $1); }
	| SPDFLUSH              { $$ = command(P, $1); }
	| EXIT                  { $$ = command(P, $1); }
	;

/* the token: an ADDR node stands for it, or a HOST leaf (esp-udp) */
host
	: STRING
	;

plain_addr
	: host                  { $$ = address(P, $1, 0, 0); }
	;

hostport
	: host                  { $$ = address(P, $1, 0, 0); }
	| host port             { $$ = address(P, $1, 0, $2); }
	;

port
	: LBRACKET port_value RBRACKET
				{ $$ = node(P, RL_SK_PORT, $1, $3); }
	;

port_value
	: DECSTRING | ANY | STRING
	;

prefix
	: SLASH DECSTRING       { $$ = node(P, RL_SK_PREFIX, $1, $2); }
	;

sa_proto
	: SAPROTO               { $$ = leaf(P, RL_SK_PROTO, $1); }
	| TCP                   { $$ = leaf(P, RL_SK_PROTO, $1); }
	| ESPUDP                { $$ = leaf(P, RL_SK_PROTO, $1); }
	| ESPUDP host           { $$ = add_leaf(P, leaf(P, RL_SK_PROTO, $1), RL_SK_HOST, $2); }
	;

spi
	: DECSTRING             { $$ = leaf(P, RL_SK_SPI, $1); }
	| HEXSTRING             { $$ = leaf(P, RL_SK_SPI, $1); }
	;

extension
	: F_MODE mode_value     { $$ = with_value(P, RL_SK_EXT, $1, $2); }
	| F_EXT PADVAL          { $$ = with_value(P, RL_SK_EXT, $1, $2); }
	| F_NUM DECSTRING       { $$ = with_value(P, RL_SK_EXT, $1, $2); }
	| context
	;

mode_value
	: MODE | ANY
	;

context
	: F_CTX DECSTRING DECSTRING QUOTEDSTRING
		{
			$$ = add_leaf(P, add_leaf(P, with_value(P, RL_SK_CTX, $1, $2), RL_SK_VALUE, $3),
				      RL_SK_VALUE, $4);
		}
	;

algorithms
	: enc_alg
	| enc_alg auth_alg      { P->t->nodes[$1].next = $2; $$ = $1; }
	| auth_alg
	| comp_alg
	;

enc_alg
	: F_ENC ALG_ENC key     { $$ = algorithm(P, RL_SK_ALG_ENC, $1, $2, RL_SK_KEY, $3); }
	| F_ENC ALG_ENC_NOKEY   { $$ = algorithm(P, RL_SK_ALG_ENC, $1, $2, 0, NOTOK); }
	;

auth_alg
	: F_AUTH ALG_AUTH key   { $$ = algorithm(P, RL_SK_ALG_AUTH, $1, $2, RL_SK_KEY, $3); }
	| F_AUTH ALG_AUTH_NOKEY { $$ = algorithm(P, RL_SK_ALG_AUTH, $1, $2, 0, NOTOK); }
	;

comp_alg
	: F_COMP ALG_COMP       { $$ = algorithm(P, RL_SK_ALG_COMP, $1, $2, 0, NOTOK); }
	| F_COMP ALG_COMP F_RAWCPI
				{ $$ = algorithm(P, RL_SK_ALG_COMP, $1, $2, RL_SK_RAWCPI, $3); }
	;

key
	: QUOTEDSTRING | HEXSTRING
	;

/* --- SPD commands ----------------------------------------------------- */

spd_word
	: SPDADD | SPDUPDATE | SPDDELETE
	;

tagged_word
	: SPDADD | SPDUPDATE
	;

spd_head
	: spd_word              { $$ = command(P, $1); }
	| spd_head FLAGS        { $$ = add_leaf(P, $1, RL_SK_FLAGS, $2); }
	;

spd_sel
	: spd_head range range upper
				{ $$ = add(P, add(P, add(P, $1, $2), $3), $4); }
	;

spd_misc
	: spd_sel
	| spd_sel STRING        { $$ = add_leaf(P, $1, RL_SK_MISC, $2); }
	;

spd_ctx
	: spd_misc
	| spd_misc context      { $$ = add(P, $1, $2); }
	;

spd_cmd
	: spd_ctx policy        { $$ = add(P, $1, $2); }
	| tagged_word TAGGED QUOTEDSTRING policy
				{ $$ = add(P, add(P, command(P, $1), with_value(P, RL_SK_TAG, $2, $3)), $4); }
	;

range
	: host                  { $$ = address(P, $1, 0, 0); }
	| host prefix           { $$ = address(P, $1, $2, 0); }
	| host port             { $$ = address(P, $1, 0, $2); }
	| host prefix port      { $$ = address(P, $1, $2, $3); }
	;

upper
	: DECSTRING             { $$ = leaf(P, RL_SK_UPPER, $1); }
	| ANY                   { $$ = leaf(P, RL_SK_UPPER, $1); }
	| TCP                   { $$ = leaf(P, RL_SK_UPPER, $1); }
	| STRING                { $$ = leaf(P, RL_SK_UPPER, $1); }
	;

/* --- policy text (-P) ------------------------------------------------- */

policy
	: policy_head
	| policy_body
	;

policy_head
	: F_POLICY PL_DIR       { $$ = add_leaf(P, node(P, RL_SK_POLICY, $1, $1), RL_SK_PL_DIR, $2); }
	;

policy_body
	: policy_head action    { $$ = add(P, $1, $2); }
	| policy_head prio action
				{ $$ = add(P, add(P, $1, $2), $3); }
	| policy_body rule      { $$ = add(P, $1, $2); }
	;

prio
	: PL_PRIORITY PL_NUMBER { $$ = priority(P, $1, NOTOK, NOTOK, $2); }
	| PL_PRIORITY PL_HYPHEN PL_NUMBER
				{ $$ = priority(P, $1, NOTOK, $2, $3); }
	| PL_PRIORITY PL_PRIOBASE
				{ $$ = priority(P, $1, $2, NOTOK, NOTOK); }
	| PL_PRIORITY PL_PRIOBASE prio_sign PL_NUMBER
				{ $$ = priority(P, $1, $2, $3, $4); }
	;

prio_sign
	: PL_PLUS | PL_HYPHEN
	;

action
	: PL_ACTION             { $$ = leaf(P, RL_SK_PL_ACTION, $1); }
	;

rule_head
	: PL_PROTO SLASH PL_MODE
		{
			$$ = add_leaf(P, add_leaf(P, node(P, RL_SK_PL_RULE, $1, $1), RL_SK_PL_PROTO, $1),
				      RL_SK_PL_MODE, $3);
		}
	;

rule
	: rule_head
	| rule_head SLASH       { $$ = upto(P, $1, $2); }
	| rule_head SLASH endpoints
				{ $$ = add(P, $1, $3); }
	| rule_head SLASH endpoints SLASH
				{ $$ = upto(P, add(P, $1, $3), $4); }
	| rule_head SLASH endpoints SLASH level
				{ $$ = add(P, add(P, $1, $3), $5); }
	| rule_head SLASH SLASH level
				{ $$ = add(P, $1, $4); }
	;

endpoints
	: PL_ADDR PL_HYPHEN PL_ADDR
				{ $$ = endpoints(P, endpoint(P, $1, NOTOK), endpoint(P, $3, NOTOK)); }
	| PL_ADDR PL_PORT PL_HYPHEN PL_ADDR PL_PORT
				{ $$ = endpoints(P, endpoint(P, $1, $2), endpoint(P, $4, $5)); }
	| PL_ME PL_HYPHEN ANY   { $$ = endpoints(P, endpoint(P, $1, NOTOK), endpoint(P, $3, NOTOK)); }
	| ANY PL_HYPHEN PL_ME   { $$ = endpoints(P, endpoint(P, $1, NOTOK), endpoint(P, $3, NOTOK)); }
	;

level
	: PL_LEVEL              { $$ = leaf(P, RL_SK_PL_LEVEL, $1); }
	;

%%

/* Only called when the parser runs out of memory; the grammar keeps its
 * stack flat, so this does not happen. */
static void yyerror(sk_state *P, void *scanner, const char *msg)
{
	(void)scanner;
	rl_syntax_error(P->t, P->d, P->t->src->len, P->t->src->len, "%s", msg);
}

/* --- syntax error messages -------------------------------------------- */

#define NSYM YYNTOKENS

/* A phrase for a group of expected tokens: it applies when every symbol of
 * need is expected, and stands for those of take. */
typedef struct phrase {
	yysymbol_kind_t need[4];
	yysymbol_kind_t take[13];
	const char *text;
} phrase;

#define S(x) YYSYMBOL_##x
static const phrase phrases[] = {
	{{S(SEMI)}, {S(SEMI)}, "';'"},
	{{S(ADD)},
	 {S(ADD), S(DELETE), S(DELETEALL), S(GET), S(GETSPI), S(FLUSH), S(DUMP), S(SPDADD), S(SPDUPDATE),
	  S(SPDDELETE), S(SPDDUMP), S(SPDFLUSH), S(EXIT)},
	 "a command (add, spdadd, flush, ...)"},
	{{S(TCP), S(DECSTRING), S(ANY), S(STRING)},
	 {S(TCP), S(DECSTRING), S(ANY), S(STRING)},
	 "an upper-layer protocol (any, a number or a name such as udp)"},
	{{S(F_POLICY), S(STRING)}, {S(STRING)}, "a protocol value (TYPE,CODE or A.B.C.D)"},
	{{S(DECSTRING), S(ANY), S(STRING)}, {S(DECSTRING), S(ANY), S(STRING)},
	 "a port (a number, any or a service name)"},
	{{S(SAPROTO)}, {S(SAPROTO), S(ESPUDP), S(TCP)}, "a protocol (esp, ah, ipcomp, esp-udp, tcp, ...)"},
	{{S(QUOTEDSTRING), S(HEXSTRING)}, {S(QUOTEDSTRING), S(HEXSTRING)}, "a key (0x... or a quoted string)"},
	{{S(DECSTRING), S(HEXSTRING)}, {S(DECSTRING), S(HEXSTRING)}, "an SPI"},
	{{S(STRING)}, {S(STRING)}, "an address"},
	{{S(FLAGS)}, {S(FLAGS)}, "address flags (-4, -6, -n)"},
	{{S(TAGGED)}, {S(TAGGED)}, "'tagged'"},
	{{S(LBRACKET), S(SLASH)}, {S(SLASH)}, "a prefix length (/N)"},
	{{S(LBRACKET)}, {S(LBRACKET)}, "a port ([N])"},
	{{S(F_MODE)}, {S(F_MODE), S(F_EXT), S(F_NUM), S(F_CTX)}, "an SA option (-m, -u, -r, -f, -lh, ...)"},
	{{S(F_ENC)}, {S(F_ENC), S(F_AUTH), S(F_COMP)}, "an algorithm (-E, -A or -C)"},
	{{S(F_AUTH)}, {S(F_AUTH)}, "-A"},
	{{S(F_CTX)}, {S(F_CTX)}, "-ctx"},
	{{S(F_POLICY)}, {S(F_POLICY)}, "-P and a policy"},
	{{S(F_RAWCPI)}, {S(F_RAWCPI)}, "-R"},
	{{S(MODE)}, {S(MODE), S(ANY)}, "a mode (transport, tunnel or any)"},
	{{S(PADVAL)}, {S(PADVAL)}, "zero-pad, random-pad, seq-pad or nocyclic-seq"},
	{{S(ALG_COMP)}, {S(ALG_COMP)}, "a compression algorithm (deflate, oui or lzs)"},
	{{S(ALG_ENC)}, {S(ALG_ENC), S(ALG_ENC_NOKEY)}, "an encryption algorithm (aes-cbc, 3des-cbc, null, ...)"},
	{{S(ALG_AUTH)}, {S(ALG_AUTH), S(ALG_AUTH_NOKEY)},
	 "an authentication algorithm (hmac-sha256, hmac-sha1, null, ...)"},
	{{S(PL_DIR)}, {S(PL_DIR)}, "a direction (in, out or fwd)"},
	{{S(PL_PRIORITY)}, {S(PL_PRIORITY)}, "a priority (prio N)"},
	{{S(PL_ACTION)}, {S(PL_ACTION)}, "an action (ipsec, none or discard)"},
	{{S(PL_NUMBER), S(PL_PRIOBASE)}, {S(PL_NUMBER), S(PL_HYPHEN), S(PL_PRIOBASE)},
	 "a priority value (N, -N, low, def or high)"},
	{{S(PL_PLUS)}, {S(PL_PLUS), S(PL_HYPHEN)}, "'+' or '-'"},
	{{S(PL_PROTO)}, {S(PL_PROTO)}, "a protocol (esp, ah or ipcomp)"},
	{{S(PL_MODE)}, {S(PL_MODE)}, "a mode (transport or tunnel)"},
	{{S(PL_ADDR)}, {S(PL_ADDR), S(PL_ME), S(ANY)}, "endpoints (ADDRESS-ADDRESS)"},
	{{S(PL_LEVEL)}, {S(PL_LEVEL)}, "a level (default, use, require, unique or unique:N)"},
	{{S(PL_HYPHEN)}, {S(PL_HYPHEN)}, "'-'"},
	{{S(PL_PORT)}, {S(PL_PORT)}, "a port ([N])"},
	{{S(PL_ME)}, {S(PL_ME)}, "'me'"},
	{{S(ANY)}, {S(ANY)}, "'any'"},
	{{S(SLASH)}, {S(SLASH)}, "'/'"},
	{{S(RBRACKET)}, {S(RBRACKET)}, "']'"},
	{{S(DECSTRING)}, {S(DECSTRING)}, "a number"},
	{{S(PL_NUMBER)}, {S(PL_NUMBER)}, "a number"},
	{{S(QUOTEDSTRING)}, {S(QUOTEDSTRING)}, "a quoted string"},
	{{S(HEXSTRING)}, {S(HEXSTRING)}, "a hex number"},
};

/* Symbols listed in a phrase end at the first YYSYMBOL_YYEOF (0), which is
 * never expected in the middle of a command. */
static bool phrase_applies(const phrase *ph, const bool *want, const bool *left)
{
	for (size_t i = 0; i < 4 && ph->need[i] != YYSYMBOL_YYEOF; i++)
		if (!want[ph->need[i]])
			return false;
	for (size_t i = 0; i < 13 && ph->take[i] != YYSYMBOL_YYEOF; i++)
		if (left[ph->take[i]])
			return true;
	return false;
}

/* "A, B or C" for the expected symbols. */
static void describe_expected(rl_buf *b, const bool *want)
{
	bool left[NSYM];
	memcpy(left, want, sizeof left);
	const char *out[sizeof phrases / sizeof phrases[0]];
	size_t n = 0;
	for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
		const phrase *ph = &phrases[i];
		if (!phrase_applies(ph, want, left))
			continue;
		for (size_t k = 0; k < 13 && ph->take[k] != YYSYMBOL_YYEOF; k++)
			left[ph->take[k]] = false;
		out[n++] = ph->text;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			rl_buf_puts(b, i + 1 == n ? " or " : ", ");
		rl_buf_puts(b, out[i]);
	}
	if (n == 0)
		rl_buf_puts(b, "the end of the command");
}

static bool is_command_symbol(yysymbol_kind_t s)
{
	return s >= YYSYMBOL_ADD && s <= YYSYMBOL_EXIT;
}

static uint32_t tok_line(const rl_tree *t, uint32_t tok)
{
	uint32_t line, col;
	rl_source_pos(t->src, t->toks[tok].off, &line, &col);
	return line;
}

/* The message when the lookahead is a word the user clearly meant as
 * something setkey does not have; false when there is no such case. */
static bool special_message(rl_buf *b, const rl_tree *t, yysymbol_kind_t la, uint32_t tok, const bool *want)
{
	if (la == YYSYMBOL_DECSTRING && want[YYSYMBOL_STRING] && want[YYSYMBOL_F_POLICY]) {
		rl_buf_puts(b, "unexpected ");
		rl_gram_quote_tok(b, t, tok);
		rl_buf_puts(b, ", expected -P and a policy, or a value for the protocol written TYPE,CODE "
			       "(ICMP) or A.B.C.D (GRE), never a bare number");
		return true;
	}
	if (la != YYSYMBOL_STRING)
		return false;
	if (want[YYSYMBOL_ADD] && rl_tok_is(t, tok, "update")) {
		rl_buf_puts(b, "'update' is not a setkey command: setkey(8) documents it, but setkey does "
			       "not accept it (use delete and add, or spdupdate for policies)");
		return true;
	}
	const char *what = want[YYSYMBOL_ALG_ENC] ? "encryption" : want[YYSYMBOL_ALG_AUTH] ? "authentication" : NULL;
	if (!what)
		return false;
	rl_buf_printf(b, "unknown %s algorithm ", what);
	rl_gram_quote_tok(b, t, tok);
	rl_buf_puts(b, " (setkey knows ");
	rl_sk_alg_names(*what == 'e' ? 'E' : 'A', b);
	rl_buf_puts(b, ")");
	return true;
}

/* "expected X after 'prev'", at the end of prev: the command ends early
 * (a missing ';' or a missing part), so the line is the one at fault. */
static void report_missing(rl_buf *b, rl_span *at, const rl_tree *t, uint32_t prev, const bool *want)
{
	at->start = at->end = t->toks[prev].off + t->toks[prev].len;
	rl_buf_puts(b, "expected ");
	describe_expected(b, want);
	rl_buf_puts(b, " after ");
	rl_gram_quote_tok(b, t, prev);
}

/* "unexpected 'tok', expected X", at tok (NOTOK: the end of the file). */
static void report_unexpected(rl_buf *b, rl_span *at, const rl_tree *t, yysymbol_kind_t la, uint32_t tok,
			      const bool *want)
{
	if (tok == NOTOK) {
		at->start = at->end = t->src->len;
		rl_buf_puts(b, "unexpected end of file, expected ");
		describe_expected(b, want);
		return;
	}
	at->start = t->toks[tok].off;
	at->end = at->start + t->toks[tok].len;
	if (special_message(b, t, la, tok, want))
		return;
	rl_buf_puts(b, "unexpected ");
	if (t->toks[tok].flags & RL_TOK_SECRET)
		rl_buf_puts(b, "key");
	else
		rl_gram_quote_tok(b, t, tok);
	rl_buf_puts(b, ", expected ");
	describe_expected(b, want);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, sk_state *P, void *scanner)
{
	(void)scanner;
	rl_tree *t = P->t;
	if (P->skipped_byte)
		return 0; /* most likely a consequence of the byte the scanner skipped */
	if (t->nerrors >= RL_MAX_SYNTAX_ERRORS) {
		/* past the cap only the count changes: skip the expected tokens */
		rl_syntax_error(t, P->d, 0, 0, "%s", "");
		return 0;
	}
	yysymbol_kind_t syms[NSYM];
	bool want[NSYM] = {false};
	int n = yypcontext_expected_tokens(ctx, syms, NSYM);
	for (int i = 0; i < n; i++)
		if (syms[i] >= 0 && syms[i] < NSYM)
			want[syms[i]] = true;
	yysymbol_kind_t la = yypcontext_token(ctx);
	uint32_t tok = la == YYSYMBOL_YYEOF ? NOTOK : P->cur, prev = P->prev;
	bool ends_early = prev != NOTOK && (tok == NOTOK || is_command_symbol(la) ||
					    (want[YYSYMBOL_SEMI] && tok_line(t, tok) > tok_line(t, prev)));
	rl_buf b = {0};
	rl_span at;
	if (ends_early)
		report_missing(&b, &at, t, prev, want);
	else
		report_unexpected(&b, &at, t, la, tok, want);
	rl_diag *dg = rl_syntax_error(t, P->d, at.start, at.end, "%s", rl_buf_str(&b));
	/* the command is complete but for its ';' */
	if (dg && ends_early && want[YYSYMBOL_SEMI])
		rl_fix_insert_after_tok(rl_diag_fix(dg, "insert ';'", true), t, prev, ";");
	rl_buf_free(&b);
	return 0;
}
