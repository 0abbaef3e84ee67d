/* psk.txt grammar. The scanner (psk.l) already splits every line the way
 * racoon does; this grammar groups the tokens of a line into an entry node.
 * The node layout is documented in src/psk_syntax.h. */

%define api.pure full
%define api.prefix {psk}
%define api.token.prefix {PSKT_}
%define api.value.type {uint32_t}
%define api.location.type {rl_gram_loc}
%define parse.error custom
%locations

%code requires {
#include <stdint.h>

#include "diag.h"
#include "gram_util.h"
#include "syntax.h"

/* What the scanner and the parser share. */
typedef struct psk_state {
	rl_tree *t;
	rl_diags *d;
	uint32_t pos; /* scanner position (byte offset) */
} psk_state;
}

%code {
#include "gram_util.h"
#include "parse.h"
#include "psk_syntax.h"

int psklex(PSKSTYPE *lval, PSKLTYPE *lloc, void *scanner);
static void yyerror(const PSKLTYPE *l, psk_state *P, void *scanner, const char *msg);

#define YYLLOC_DEFAULT RL_GRAM_LLOC_DEFAULT

static uint32_t entry_node(psk_state *P, uint16_t kind, uint32_t first, uint32_t last)
{
	uint32_t n = rl_tree_node(P->t, kind, first, last);
	rl_tree_append(P->t, P->t->root, n);
	return n;
}
}

%parse-param {psk_state *P} {void *scanner}
%lex-param {void *scanner}

%initial-action {
	@$.first = 0;
	@$.last = -1;
}

%token IDENT "identifier"
%token KEY "key"
%token INERT_WORD "indented word"
%token INERT_COMMENT "indented comment"
%token EOL "end of line"
%token COMMENT "comment"

%%

file
	: %empty
	| file line
	;

line
	: EOL
	| IDENT                 { entry_node(P, RL_PSK_ENTRY, $1, $1); }
	| IDENT KEY             { entry_node(P, RL_PSK_ENTRY, $1, $2); }
	| INERT_WORD            { entry_node(P, RL_PSK_INERT, $1, $1); }
	| INERT_WORD KEY        { entry_node(P, RL_PSK_INERT, $1, $2); }
	| INERT_COMMENT         { entry_node(P, RL_PSK_INERT, $1, $1); }
	| error EOL
		{
			if (@1.last >= @1.first) {
				uint32_t n = entry_node(P, RL_PSK_ERROR, (uint32_t)@1.first, (uint32_t)@1.last);
				P->t->nodes[n].flags |= RL_NODE_ERROR;
			}
			yyerrok;
		}
	;

%%

/* Only called when the parser runs out of stack, which the left-recursive
 * grammar never does. */
static void yyerror(const PSKLTYPE *l, psk_state *P, void *scanner, const char *msg)
{
	(void)l;
	(void)scanner;
	rl_syntax_error(P->t, P->d, P->t->src->len, P->t->src->len, "%s", msg);
}

/* The scanner never produces a token sequence this grammar rejects; the
 * message exists for completeness. */
static int yyreport_syntax_error(const yypcontext_t *ctx, psk_state *P, void *scanner)
{
	(void)scanner;
	const rl_gram_loc *l = yypcontext_location(ctx);
	rl_tree *t = P->t;
	uint32_t start = t->src->len, end = t->src->len;
	rl_buf b = {0};
	if (yypcontext_token(ctx) != YYSYMBOL_YYEOF && l->first >= 0 && l->first < t->ntoks) {
		start = t->toks[l->first].off;
		end = start + t->toks[l->first].len;
		rl_gram_quote_tok(&b, t, (uint32_t)l->first);
	} else {
		rl_buf_puts(&b, "end of file");
	}
	rl_syntax_error(t, P->d, start, end, "unexpected %s", rl_buf_str(&b));
	rl_buf_free(&b);
	return 0;
}
