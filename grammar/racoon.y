/* racoon.conf grammar.
 *
 * Accepts what racoon accepts (ipsec-tools 0.8, its maintained fork, and
 * Apple's and old KAME's forms, which the checks then mark or reject) and
 * builds the lossless tree described in src/racoon_syntax.h. Semantic values
 * are token indices (terminals) and node indices (nonterminals); actions only
 * build nodes. Every check racoon makes on the values lives in
 * racoon_check.c.
 *
 * Error recovery: each statement list resumes after a syntax error at the
 * next ';', at the next keyword that can start a statement of the list, or
 * at the '}' that ends the list. Block heads resume at their '{'. The
 * scanner closes blocks that a top-level keyword at the start of a line
 * shows to be unclosed (see racoon_scan.h). */

%code requires {
#include <stdint.h>

struct rc_parser;
typedef struct rc_loc {
	uint32_t first, last; /* token indices; last < first when empty */
} rc_loc;

#define YYLLOC_DEFAULT(Cur, Rhs, N)                         \
	do {                                                \
		if (N) {                                    \
			(Cur).first = YYRHSLOC(Rhs, 1).first; \
			(Cur).last = YYRHSLOC(Rhs, N).last;   \
		} else {                                    \
			(Cur).first = YYRHSLOC(Rhs, 0).last + 1; \
			(Cur).last = YYRHSLOC(Rhs, 0).last;   \
		}                                           \
	} while (0)
}

%code {
#include <string.h>

#include "../../grammar/racoon_scan.h" /* from $(B)/gen */
#include "racoon_syntax.h"
#include "util.h"

static uint32_t node(struct rc_parser *P, int kind, uint32_t first, uint32_t last);
static uint32_t node_of(struct rc_parser *P, int kind, uint32_t first, uint32_t last, uint32_t child);
static uint32_t list_new(struct rc_parser *P);
static uint32_t list_add(struct rc_parser *P, uint32_t list, uint32_t child);
static uint32_t list_close(struct rc_parser *P, uint32_t list, int kind, uint32_t first, uint32_t last);
static uint32_t block_close(struct rc_parser *P, uint32_t list, int kind, uint32_t first, uint32_t last);
static uint32_t adopt(struct rc_parser *P, uint32_t parent, uint32_t list, uint32_t last);
static uint32_t error_node(struct rc_parser *P, rc_loc loc);
static uint32_t set_flags(struct rc_parser *P, uint32_t n, unsigned flags);
static void rcerror(const rc_loc *loc, struct rc_parser *P, const char *msg);
static bool progress(struct rc_parser *P);
static rc_loc before_lookahead(struct rc_parser *P, rc_loc loc, int la, rc_loc la_loc);
/* The location of symbols a..b of a rule, as bison gives @$ for them. */
static inline rc_loc loc_span(rc_loc a, rc_loc b)
{
	a.last = b.last;
	return a;
}

/* After a resynchronisation the next error is reported at once (bison
 * would wait for three good tokens), unless no token was read since the
 * last one: that is how a loop would start. */
#define RECOVERED do { if (progress(P)) yyerrok; } while (0)
}

%define api.pure full
%define api.prefix {rc}
%define api.token.prefix {RC_T_}
%define api.value.type {uint32_t}
%define api.location.type {rc_loc}
%define parse.error custom
/* canonical LR: the tokens an error message lists as expected are exactly
 * those the grammar takes there. Default reductions only where no lookahead
 * is needed: a block ends at its '}' before the next token is read, so an
 * error right after a block is found outside the block. */
%define lr.type canonical-lr
%define lr.default-reduction consistent
%locations
%param {struct rc_parser *P}

/* punctuation and values */
%token EOS "';'" BOC "'{'" EOC "'}'" COMMA "','"
%token NUMBER "number" HEXNUM "hexadecimal number" QSTRING "quoted string"
%token ADDR "address" ADDRRANGE "address range" PREFIX "prefix" PORT "port"
%token PORTANY "'[any]'" WORD "word"
%token SWITCH "'on' or 'off'" BOOL "'yes' or 'no'"
%token ALGO "algorithm" ULPROTO "protocol" IDTYPE "identifier type"
%token IDQUAL "'file' or 'tag'" UNIT_TIME "time unit" UNIT_BYTE "byte unit"
%token COMMENT "comment" STRAY "stray character"
/* top level */
%token PRIVSEP "'privsep'" PATH "'path'" INCLUDE "'include'"
%token PFKEY_BUFFER "'pfkey_buffer'" GSS_ID_ENC "'gss_id_enc'" LOG "'log'"
%token PADDING "'padding'" LISTEN "'listen'" TIMER "'timer'"
%token COMPLEX_BUNDLE "'complex_bundle'" MODE_CFG "'mode_cfg'"
%token LDAPCFG "'ldapcfg'" RADIUSCFG "'radiuscfg'" SAINFO "'sainfo'"
%token REMOTE "'remote'" IDENTIFIER "'identifier'"
/* privsep, path, log, gss_id_enc, identifier */
%token USER "'user'" GROUP "'group'" CHROOT "'chroot'"
%token PATHTYPE "path type" LOGLEVEL "log level"
%token GSSENC_TYPE "'latin1' or 'utf-16le'" VENDOR_ID "'vendor_id'"
/* padding */
%token RANDOMIZE "'randomize'" RANDOMIZE_LENGTH "'randomize_length'"
%token MAXIMUM_LENGTH "'maximum_length'" STRICT_CHECK "'strict_check'"
%token EXCLUSIVE_TAIL "'exclusive_tail'"
/* listen */
%token ISAKMP "'isakmp'" ISAKMP_NATT "'isakmp_natt'" ADMIN "'admin'"
%token ADMINSOCK "'adminsock'" DISABLED "'disabled'"
%token STRICT_ADDRESS "'strict_address'"
/* radiuscfg */
%token AUTH "'auth'" ACCT "'acct'" TIMEOUT "'timeout'" RETRIES "'retries'"
/* ldapcfg */
%token VERSION "'version'" DEBUG "'debug'" URI "'uri'" HOST "'host'"
%token LDAP_PORT "'port'" BASE "'base'" SUBTREE "'subtree'"
%token BIND_DN "'bind_dn'" BIND_PW "'bind_pw'" ATTR_USER "'attr_user'"
%token ATTR_ADDR "'attr_addr'" ATTR_MASK "'attr_mask'"
%token ATTR_GROUP "'attr_group'" ATTR_MEMBER "'attr_member'"
/* mode_cfg */
%token NETWORK4 "'network4'" NETMASK4 "'netmask4'" DNS4 "'dns4'"
%token WINS4 "'wins4'" DEFAULT_DOMAIN "'default_domain'"
%token AUTH_SOURCE "'auth_source'" AUTH_GROUPS "'auth_groups'"
%token GROUP_SOURCE "'group_source'" CONF_SOURCE "'conf_source'"
%token ACCOUNTING "'accounting'" SYSTEM "'system'" LOCAL "'local'"
%token NONE "'none'" RADIUS "'radius'" PAM "'pam'" LDAP "'ldap'"
%token POOL_SIZE "'pool_size'" BANNER "'banner'"
%token AUTH_THROTTLE "'auth_throttle'" SPLIT_NETWORK "'split_network'"
%token LOCAL_LAN "'local_lan'" SPLIT_DNS "'split_dns'"
%token PFS_GROUP "'pfs_group'" SAVE_PASSWD "'save_passwd'"
/* timer */
%token COUNTER "'counter'" INTERVAL "'interval'" PERSEND "'persend'"
%token PHASE1 "'phase1'" PHASE2 "'phase2'" NATT_KEEPALIVE "'natt_keepalive'"
%token AUTO_EXIT_DELAY "'auto_exit_delay'"
/* sainfo */
%token ANONYMOUS "'anonymous'" CLIENTADDR "'clientaddr'" ANY "'any'"
%token FROM "'from'" REMOTEID "'remoteid'" MY_IDENTIFIER "'my_identifier'"
%token LIFETIME "'lifetime'" TIME "'time'" BYTE "'byte'"
%token ENCRYPTION_ALGORITHM "'encryption_algorithm'"
%token AUTHENTICATION_ALGORITHM "'authentication_algorithm'"
%token COMPRESSION_ALGORITHM "'compression_algorithm'"
/* remote */
%token INHERIT "'inherit'" REMOTE_ADDRESS "'remote_address'"
%token EXCHANGE_MODE "'exchange_mode'" EXCHANGE_TYPE "exchange mode"
%token DOI "'doi'" IPSEC_DOI "'ipsec_doi'" SITUATION "'situation'"
%token SITUATION_TYPE "situation type" XAUTH_LOGIN "'xauth_login'"
%token PEERS_IDENTIFIER "'peers_identifier'"
%token VERIFY_IDENTIFIER "'verify_identifier'"
%token CERTIFICATE_TYPE "'certificate_type'" CA_TYPE "'ca_type'"
%token X509 "'x509'" PLAIN_RSA "'plain_rsa'" PEERS_CERTFILE "'peers_certfile'"
%token DNSSEC "'dnssec'" VERIFY_CERT "'verify_cert'" SEND_CERT "'send_cert'"
%token SEND_CR "'send_cr'" MATCH_EMPTY_CR "'match_empty_cr'"
%token DH_GROUP "'dh_group'" NONCE_SIZE "'nonce_size'"
%token GENERATE_POLICY "'generate_policy'"
%token GENERATE_LEVEL "'require' or 'unique'"
%token SUPPORT_PROXY "'support_proxy'" INITIAL_CONTACT "'initial_contact'"
%token NAT_TRAVERSAL "'nat_traversal'" FORCE "'force'"
%token PROPOSAL_CHECK "'proposal_check'"
%token PROPOSAL_CHECK_LEVEL "proposal check level"
%token KEEPALIVE "'keepalive'" PASSIVE "'passive'" DPD "'dpd'"
%token DPD_DELAY "'dpd_delay'" DPD_RETRY "'dpd_retry'"
%token DPD_MAXFAIL "'dpd_maxfail'" PH1ID "'ph1id'" IKE_FRAG "'ike_frag'"
%token ESP_FRAG "'esp_frag'" SCRIPT "'script'" PHASE1_HOOK "script hook"
%token WEAK_PHASE1_CHECK "'weak_phase1_check'" REKEY "'rekey'"
%token PROPOSAL "'proposal'"
/* remote, Apple */
%token IKE_VERSION "'ike_version'" LOCAL_ADDRESS "'local_address'"
%token SHARED_SECRET "'shared_secret'" SECRET_TYPE "shared secret type"
%token IN_KEYCHAIN "'in_keychain'"
%token CERTIFICATE_VERIFICATION "'certificate_verification'"
%token VERIFY_MODULE "'openssl' or 'sec_framework'"
%token VERIFY_OPTION "'use_open_dir' or 'use_peers_identifier'"
%token OPEN_DIR_AUTH_GROUP "'open_dir_auth_group'"
%token NAT_TRAVERSAL_MULTI_USER "'nat_traversal_multi_user'"
%token NAT_TRAVERSAL_KEEPALIVE "'nat_traversal_keepalive'"
%token DPD_ALGORITHM "'dpd_algorithm'" DPD_ALGO_TYPE "DPD algorithm"
%token DISCONNECT_ON_IDLE "'disconnect_on_idle'" IDLE_TIMEOUT "'idle_timeout'"
%token IDLE_DIRECTION "'idle_direction'" IDLE_DIRECTION_TYPE "idle direction"
%token SUPPORT_MIP6 "'support_mip6'"
/* proposal */
%token AUTHENTICATION_METHOD "'authentication_method'"
%token HASH_ALGORITHM "'hash_algorithm'" GSS_ID "'gss_id'"

%%

file
	: %empty
	| file top_stmt { rl_tree_append(P->t, P->root, $2); }
	;

top_stmt
	: privsep | path | include | pfkey | gssenc | log | padding | listen
	| timer | bundle | modecfg | ldapcfg | radiuscfg | sainfo | remote
	| identifier
	| error EOS { $$ = error_node(P, @$); RECOVERED; }
	| error { $$ = error_node(P, before_lookahead(P, @$, yychar, yylloc)); RECOVERED; }
	;

/* ---- small shared pieces ---------------------------------------------- */

/* The scanner hands the parser a hexadecimal NUMBER as a NUMBER and 'yes'
 * or 'no' as a SWITCH (the tree keeps HEXNUM and BOOL, which the checks
 * explain): the grammar takes them wherever it takes the others, but for
 * the protocol of a sainfo selector, where the scanner passes HEXNUM on.
 * Keywords and values are spelled out in each statement rather than
 * gathered in nonterminals: each such nonterminal costs a reduction a
 * statement. */
time_unit: %empty { $$ = RC_NONE; } | UNIT_TIME ;
port_opt: %empty { $$ = RC_NONE; } | PORT ;
prefix_opt: %empty { $$ = RC_NONE; } | PREFIX ;
id_value: %empty { $$ = RC_NONE; } | QSTRING | ADDR ;

alg
	: ALGO { $$ = node(P, RC_N_ALG, $1, $1); }
	| ALGO NUMBER { $$ = node(P, RC_N_ALG, $1, $2); }
	;
alg_list
	: alg { $$ = list_add(P, list_new(P), $1); }
	| alg_list COMMA alg { $$ = list_add(P, $1, $3); }
	;

id
	: IDTYPE id_value { $$ = node(P, RC_N_ID, $1, $2 == RC_NONE ? $1 : $2); }
	| IDTYPE IDQUAL id_value { $$ = node(P, RC_N_ID, $1, $3 == RC_NONE ? $2 : $3); }
	;
id_noqual
	: IDTYPE id_value { $$ = node(P, RC_N_ID, $1, $2 == RC_NONE ? $1 : $2); }
	;

addr_port
	: ADDR port_opt { $$ = node(P, RC_N_ADDR, $1, $2 == RC_NONE ? $1 : $2); }
	;

/* ---- top-level statements --------------------------------------------- */

path: PATH PATHTYPE QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $4); } ;
include: INCLUDE QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); } ;
pfkey: PFKEY_BUFFER NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); } ;
gssenc: GSS_ID_ENC GSSENC_TYPE EOS { $$ = node(P, RC_N_STMT, $1, $3); } ;
bundle: COMPLEX_BUNDLE SWITCH EOS { $$ = node(P, RC_N_STMT, $1, $3); } ;
log
	: LOG LOGLEVEL EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| LOG QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	;
identifier
	: IDENTIFIER id EOS { $$ = node_of(P, RC_N_STMT, $1, $3, $2); }
	| IDENTIFIER VENDOR_ID QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $4); }
	;

/* A block: KEYWORD '{' statements '}'. The head may be broken. */
privsep
	: PRIVSEP BOC privsep_body EOC { $$ = block_close(P, $3, RC_N_BLOCK, $1, $4); }
	| PRIVSEP error BOC privsep_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_BLOCK, $1, $5), RL_NODE_ERROR); }
	| PRIVSEP error { $$ = error_node(P, @$); }
	;
privsep_body: %empty { $$ = list_new(P); } | privsep_body privsep_stmt { $$ = list_add(P, $1, $2); } ;
privsep_stmt
	: USER QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| USER NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| GROUP QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| GROUP NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| CHROOT QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| error EOS { $$ = error_node(P, @$); RECOVERED; }
	| error { $$ = error_node(P, before_lookahead(P, @$, yychar, yylloc)); RECOVERED; }
	;

padding
	: PADDING BOC padding_body EOC { $$ = block_close(P, $3, RC_N_BLOCK, $1, $4); }
	| PADDING error BOC padding_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_BLOCK, $1, $5), RL_NODE_ERROR); }
	| PADDING error { $$ = error_node(P, @$); }
	;
padding_body: %empty { $$ = list_new(P); } | padding_body padding_stmt { $$ = list_add(P, $1, $2); } ;
padding_stmt
	: RANDOMIZE SWITCH EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| RANDOMIZE_LENGTH SWITCH EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| MAXIMUM_LENGTH NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| STRICT_CHECK SWITCH EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| EXCLUSIVE_TAIL SWITCH EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| error EOS { $$ = error_node(P, @$); RECOVERED; }
	| error { $$ = error_node(P, before_lookahead(P, @$, yychar, yylloc)); RECOVERED; }
	;

listen
	: LISTEN BOC listen_body EOC { $$ = block_close(P, $3, RC_N_BLOCK, $1, $4); }
	| LISTEN error BOC listen_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_BLOCK, $1, $5), RL_NODE_ERROR); }
	| LISTEN error { $$ = error_node(P, @$); }
	;
listen_body: %empty { $$ = list_new(P); } | listen_body listen_stmt { $$ = list_add(P, $1, $2); } ;
listen_stmt
	: ISAKMP addr_port EOS { $$ = node_of(P, RC_N_STMT, $1, $3, $2); }
	| ISAKMP_NATT addr_port EOS { $$ = node_of(P, RC_N_STMT, $1, $3, $2); }
	| ADMINSOCK QSTRING QSTRING QSTRING NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $6); }
	| ADMINSOCK QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| ADMINSOCK DISABLED EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| STRICT_ADDRESS EOS { $$ = node(P, RC_N_STMT, $1, $2); }
	| ADMIN port_opt EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| error EOS { $$ = error_node(P, @$); RECOVERED; }
	| error { $$ = error_node(P, before_lookahead(P, @$, yychar, yylloc)); RECOVERED; }
	;

timer
	: TIMER BOC timer_body EOC { $$ = block_close(P, $3, RC_N_BLOCK, $1, $4); }
	| TIMER error BOC timer_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_BLOCK, $1, $5), RL_NODE_ERROR); }
	| TIMER error { $$ = error_node(P, @$); }
	;
timer_body: %empty { $$ = list_new(P); } | timer_body timer_stmt { $$ = list_add(P, $1, $2); } ;
timer_stmt
	: COUNTER NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| PERSEND NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| INTERVAL NUMBER time_unit EOS { $$ = node(P, RC_N_STMT, $1, $4); }
	| PHASE1 NUMBER time_unit EOS { $$ = node(P, RC_N_STMT, $1, $4); }
	| PHASE2 NUMBER time_unit EOS { $$ = node(P, RC_N_STMT, $1, $4); }
	| NATT_KEEPALIVE NUMBER time_unit EOS { $$ = node(P, RC_N_STMT, $1, $4); }
	| AUTO_EXIT_DELAY NUMBER time_unit EOS { $$ = node(P, RC_N_STMT, $1, $4); }
	| error EOS { $$ = error_node(P, @$); RECOVERED; }
	| error { $$ = error_node(P, before_lookahead(P, @$, yychar, yylloc)); RECOVERED; }
	;

modecfg
	: MODE_CFG BOC modecfg_body EOC { $$ = block_close(P, $3, RC_N_BLOCK, $1, $4); }
	| MODE_CFG error BOC modecfg_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_BLOCK, $1, $5), RL_NODE_ERROR); }
	| MODE_CFG error { $$ = error_node(P, @$); }
	;
modecfg_body: %empty { $$ = list_new(P); } | modecfg_body modecfg_stmt { $$ = list_add(P, $1, $2); } ;
modecfg_stmt
	: NETWORK4 ADDR EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| NETMASK4 ADDR EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| DNS4 addr_list EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| WINS4 addr_list EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| SPLIT_NETWORK split_mode net_list EOS { $$ = node(P, RC_N_STMT, $1, $4); }
	| SPLIT_DNS string_list EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| DEFAULT_DOMAIN QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| AUTH_SOURCE auth_source EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| AUTH_GROUPS string_list EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| GROUP_SOURCE group_source EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| CONF_SOURCE conf_source EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| ACCOUNTING accounting EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| POOL_SIZE NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| PFS_GROUP NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| SAVE_PASSWD SWITCH EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| AUTH_THROTTLE NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| BANNER QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| error EOS { $$ = error_node(P, @$); RECOVERED; }
	| error { $$ = error_node(P, before_lookahead(P, @$, yychar, yylloc)); RECOVERED; }
	;
addr_list: ADDR | addr_list COMMA ADDR ;
string_list: QSTRING | string_list COMMA QSTRING ;
net_list: ADDR PREFIX | net_list COMMA ADDR PREFIX ;
split_mode: INCLUDE | LOCAL_LAN ;
auth_source: SYSTEM | RADIUS | PAM | LDAP ;
group_source: SYSTEM | LDAP ;
conf_source: LOCAL | RADIUS | LDAP ;
accounting: NONE | SYSTEM | RADIUS | PAM ;

ldapcfg
	: LDAPCFG BOC ldap_body EOC { $$ = block_close(P, $3, RC_N_BLOCK, $1, $4); }
	| LDAPCFG error BOC ldap_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_BLOCK, $1, $5), RL_NODE_ERROR); }
	| LDAPCFG error { $$ = error_node(P, @$); }
	;
ldap_body: %empty { $$ = list_new(P); } | ldap_body ldap_stmt { $$ = list_add(P, $1, $2); } ;
ldap_stmt
	: ldap_number NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| ldap_string QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| SUBTREE SWITCH EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| error EOS { $$ = error_node(P, @$); RECOVERED; }
	| error { $$ = error_node(P, before_lookahead(P, @$, yychar, yylloc)); RECOVERED; }
	;
ldap_number: VERSION | DEBUG | TIMEOUT | LDAP_PORT ;
ldap_string
	: URI | HOST | BASE | BIND_DN | BIND_PW | ATTR_USER | ATTR_ADDR
	| ATTR_MASK | ATTR_GROUP | ATTR_MEMBER
	;

radiuscfg
	: RADIUSCFG BOC radius_body EOC { $$ = block_close(P, $3, RC_N_BLOCK, $1, $4); }
	| RADIUSCFG error BOC radius_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_BLOCK, $1, $5), RL_NODE_ERROR); }
	| RADIUSCFG error { $$ = error_node(P, @$); }
	;
radius_body: %empty { $$ = list_new(P); } | radius_body radius_stmt { $$ = list_add(P, $1, $2); } ;
radius_stmt
	: radius_server QSTRING QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $4); }
	| radius_server QSTRING NUMBER QSTRING EOS { $$ = node(P, RC_N_STMT, $1, $5); }
	| TIMEOUT NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| RETRIES NUMBER EOS { $$ = node(P, RC_N_STMT, $1, $3); }
	| error EOS { $$ = error_node(P, @$); RECOVERED; }
	| error { $$ = error_node(P, before_lookahead(P, @$, yychar, yylloc)); RECOVERED; }
	;
radius_server: AUTH | ACCT ;

/* ---- sainfo ------------------------------------------------------------ */

sainfo
	: sainfo_head BOC sainfo_body EOC { $$ = adopt(P, $1, $3, $4); }
	| SAINFO error BOC sainfo_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_SAINFO, $1, $5), RL_NODE_ERROR); }
	| SAINFO error { $$ = error_node(P, @$); }
	;
sainfo_head
	: SAINFO sainfo_ids sainfo_param {
		$$ = list_close(P, $2, RC_N_SAINFO, $1, $1);
		if ($3)
			rl_tree_append(P->t, $$, $3);
	}
	;
sainfo_ids
	: ANONYMOUS { $$ = list_add(P, list_new(P), set_flags(P, node(P, RC_N_SAID, $1, $1), RC_NF_BOTH)); }
	| ANONYMOUS CLIENTADDR { $$ = list_add(P, list_add(P, list_new(P), node(P, RC_N_SAID, $1, $1)), node(P, RC_N_SAID, $2, $2)); }
	| ANONYMOUS said { $$ = list_add(P, list_add(P, list_new(P), node(P, RC_N_SAID, $1, $1)), $2); }
	| said ANONYMOUS { $$ = list_add(P, list_add(P, list_new(P), $1), node(P, RC_N_SAID, $2, $2)); }
	| said CLIENTADDR { $$ = list_add(P, list_add(P, list_new(P), $1), node(P, RC_N_SAID, $2, $2)); }
	| said said { $$ = list_add(P, list_add(P, list_new(P), $1), $2); }
	;
said
	: IDTYPE ADDR prefix_opt port_spec ulproto { $$ = node(P, RC_N_SAID, $1, $5); }
	| IDTYPE ADDR ADDRRANGE prefix_opt port_spec ulproto { $$ = node(P, RC_N_SAID, $1, $6); }
	| IDTYPE QSTRING { $$ = node(P, RC_N_SAID, $1, $2); }
	;
port_spec: %empty { $$ = RC_NONE; } | PORT | PORTANY ;
ulproto: ULPROTO | ANY | NUMBER ;
sainfo_param
	: %empty { $$ = 0; }
	| FROM id_noqual { $$ = node_of(P, RC_N_SAPARAM, $1, P->t->nodes[$2].last, $2); }
	| GROUP QSTRING { $$ = node(P, RC_N_SAPARAM, $1, $2); }
	;
sainfo_body
	: %empty { $$ = list_new(P); }
	| sainfo_body PFS_GROUP ALGO EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| sainfo_body PFS_GROUP NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| sainfo_body REMOTEID NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| sainfo_body LIFETIME TIME NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| sainfo_body LIFETIME TIME NUMBER UNIT_TIME EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| sainfo_body LIFETIME BYTE NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| sainfo_body LIFETIME BYTE NUMBER UNIT_BYTE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| sainfo_body LIFETIME BYTE NUMBER BYTE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| sainfo_body ENCRYPTION_ALGORITHM alg_list EOS { $$ = list_add(P, $1, list_close(P, $3, RC_N_STMT, $2, $4)); }
	| sainfo_body AUTHENTICATION_ALGORITHM alg_list EOS { $$ = list_add(P, $1, list_close(P, $3, RC_N_STMT, $2, $4)); }
	| sainfo_body COMPRESSION_ALGORITHM alg_list EOS { $$ = list_add(P, $1, list_close(P, $3, RC_N_STMT, $2, $4)); }
	| sainfo_body error EOS { $$ = list_add(P, $1, error_node(P, loc_span(@2, @3))); RECOVERED; }
	| sainfo_body error { $$ = list_add(P, $1, error_node(P, before_lookahead(P, @2, yychar, yylloc))); RECOVERED; }
	;

/* ---- remote ------------------------------------------------------------ */

remote
	: remote_head BOC remote_body EOC { $$ = adopt(P, $1, $3, $4); }
	| remote_head EOS { P->t->nodes[$1].last = $2; $$ = set_flags(P, $1, RC_NF_NOBODY); }
	| REMOTE error BOC remote_body EOC { $$ = set_flags(P, block_close(P, $4, RC_N_REMOTE, $1, $5), RL_NODE_ERROR); }
	| REMOTE error { $$ = error_node(P, @$); }
	;
remote_head
	: REMOTE remote_index { $$ = node_of(P, RC_N_REMOTE, $1, $1, $2); }
	| REMOTE remote_index INHERIT remote_index {
		$$ = node_of(P, RC_N_REMOTE, $1, $1, $2);
		rl_tree_append(P->t, $$, node_of(P, RC_N_INHERIT, $3, P->t->nodes[$4].last, $4));
	}
	;
remote_index
	: QSTRING { $$ = node(P, RC_N_ADDR, $1, $1); }
	| ANONYMOUS port_opt { $$ = node(P, RC_N_ADDR, $1, $2 == RC_NONE ? $1 : $2); }
	| ADDR prefix_opt port_opt { $$ = node(P, RC_N_ADDR, $1, $3 != RC_NONE ? $3 : $2 != RC_NONE ? $2 : $1); }
	;
remote_body
	: %empty { $$ = list_new(P); }
	| remote_body REMOTE_ADDRESS addr_port EOS { $$ = list_add(P, $1, node_of(P, RC_N_STMT, $2, $4, $3)); }
	| remote_body EXCHANGE_MODE exchange_types EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DOI IPSEC_DOI EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body SITUATION SITUATION_TYPE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body MY_IDENTIFIER id EOS { $$ = list_add(P, $1, node_of(P, RC_N_STMT, $2, $4, $3)); }
	| remote_body PEERS_IDENTIFIER id EOS { $$ = list_add(P, $1, node_of(P, RC_N_STMT, $2, $4, $3)); }
	| remote_body IDENTIFIER id EOS { $$ = list_add(P, $1, node_of(P, RC_N_STMT, $2, $4, $3)); }
	| remote_body XAUTH_LOGIN id_value EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body CERTIFICATE_TYPE X509 QSTRING QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| remote_body CERTIFICATE_TYPE PLAIN_RSA QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body CERTIFICATE_TYPE X509 IN_KEYCHAIN EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body CERTIFICATE_TYPE X509 IN_KEYCHAIN QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| remote_body PEERS_CERTFILE QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body PEERS_CERTFILE X509 QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body PEERS_CERTFILE PLAIN_RSA QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body PEERS_CERTFILE DNSSEC EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body CA_TYPE X509 QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body VERIFY_IDENTIFIER SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body VERIFY_CERT SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body SEND_CERT SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body SEND_CR SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body MATCH_EMPTY_CR SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body PASSIVE SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body MODE_CFG SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body WEAK_PHASE1_CHECK SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body SUPPORT_PROXY SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body INITIAL_CONTACT SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DPD SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body NAT_TRAVERSAL_MULTI_USER SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body NAT_TRAVERSAL_KEEPALIVE SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body SUPPORT_MIP6 SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body NONCE_SIZE NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body ESP_FRAG NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DPD_DELAY NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DPD_RETRY NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DPD_MAXFAIL NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body PH1ID NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body IKE_VERSION NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DH_GROUP ALGO EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DH_GROUP NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body IKE_FRAG SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body IKE_FRAG FORCE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body NAT_TRAVERSAL SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body NAT_TRAVERSAL FORCE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body REKEY SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body REKEY FORCE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body SCRIPT QSTRING PHASE1_HOOK EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body GENERATE_POLICY SWITCH EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body GENERATE_POLICY GENERATE_LEVEL EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body PROPOSAL_CHECK PROPOSAL_CHECK_LEVEL EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body LIFETIME TIME NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body LIFETIME TIME NUMBER UNIT_TIME EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| remote_body LIFETIME BYTE NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body LIFETIME BYTE NUMBER UNIT_BYTE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| remote_body LIFETIME BYTE NUMBER BYTE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| remote_body PROPOSAL BOC proposal_body EOC { $$ = list_add(P, $1, block_close(P, $4, RC_N_PROPOSAL, $2, $5)); }
	| remote_body PROPOSAL error BOC proposal_body EOC { $$ = list_add(P, $1, set_flags(P, block_close(P, $5, RC_N_PROPOSAL, $2, $6), RL_NODE_ERROR)); }
	| remote_body KEEPALIVE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $3)); }
	| remote_body LOCAL_ADDRESS ADDR EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body SHARED_SECRET SECRET_TYPE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body SHARED_SECRET SECRET_TYPE QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body CERTIFICATE_VERIFICATION VERIFY_MODULE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body CERTIFICATE_VERIFICATION VERIFY_MODULE VERIFY_OPTION EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| remote_body OPEN_DIR_AUTH_GROUP QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DPD_ALGORITHM DPD_ALGO_TYPE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| remote_body DISCONNECT_ON_IDLE IDLE_TIMEOUT NUMBER IDLE_DIRECTION IDLE_DIRECTION_TYPE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $7)); }
	| remote_body error EOS { $$ = list_add(P, $1, error_node(P, loc_span(@2, @3))); RECOVERED; }
	| remote_body error { $$ = list_add(P, $1, error_node(P, before_lookahead(P, @2, yychar, yylloc))); RECOVERED; }
	;
exchange_types: %empty { $$ = RC_NONE; } | exchange_types EXCHANGE_TYPE ;

proposal_body
	: %empty { $$ = list_new(P); }
	| proposal_body ENCRYPTION_ALGORITHM alg EOS { $$ = list_add(P, $1, node_of(P, RC_N_STMT, $2, $4, $3)); }
	| proposal_body HASH_ALGORITHM alg EOS { $$ = list_add(P, $1, node_of(P, RC_N_STMT, $2, $4, $3)); }
	| proposal_body AUTHENTICATION_METHOD alg EOS { $$ = list_add(P, $1, node_of(P, RC_N_STMT, $2, $4, $3)); }
	| proposal_body DH_GROUP ALGO EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| proposal_body DH_GROUP NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| proposal_body GSS_ID QSTRING EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $4)); }
	| proposal_body LIFETIME TIME NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| proposal_body LIFETIME TIME NUMBER UNIT_TIME EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| proposal_body LIFETIME BYTE NUMBER EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $5)); }
	| proposal_body LIFETIME BYTE NUMBER UNIT_BYTE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| proposal_body LIFETIME BYTE NUMBER BYTE EOS { $$ = list_add(P, $1, node(P, RC_N_STMT, $2, $6)); }
	| proposal_body error EOS { $$ = list_add(P, $1, error_node(P, loc_span(@2, @3))); RECOVERED; }
	| proposal_body error { $$ = list_add(P, $1, error_node(P, before_lookahead(P, @2, yychar, yylloc))); RECOVERED; }
	;

%%

static uint32_t node(struct rc_parser *P, int kind, uint32_t first, uint32_t last)
{
	return rl_tree_node(P->t, (uint16_t)kind, first, last);
}

static uint32_t node_of(struct rc_parser *P, int kind, uint32_t first, uint32_t last, uint32_t child)
{
	uint32_t n = node(P, kind, first, last);
	rl_tree_append(P->t, n, child);
	return n;
}

static uint32_t list_new(struct rc_parser *P)
{
	return node(P, RC_N_LIST, 1, 0);
}

static uint32_t list_add(struct rc_parser *P, uint32_t list, uint32_t child)
{
	rl_tree_append(P->t, list, child);
	return list;
}

/* A block the scanner closed with a virtual '}' (see rclex) holds an
 * error; it ends at the last real token before that '}'. */
static uint32_t check_close(struct rc_parser *P, uint32_t n, uint32_t last)
{
	if (last & RC_VIRTUAL) {
		P->t->nodes[n].flags |= RL_NODE_ERROR;
		last &= ~RC_VIRTUAL;
	}
	P->t->nodes[n].last = last;
	return n;
}

/* The scratch list becomes the finished node. */
static uint32_t list_close(struct rc_parser *P, uint32_t list, int kind, uint32_t first, uint32_t last)
{
	rl_node *n = &P->t->nodes[list];
	n->kind = (uint16_t)kind;
	n->first = first;
	n->last = last;
	return list;
}

/* A block's list becomes the block, which ends at its '}'. */
static uint32_t block_close(struct rc_parser *P, uint32_t list, int kind, uint32_t first, uint32_t last)
{
	list_close(P, list, kind, first, last);
	return check_close(P, list, last);
}

/* bison stretches the location of the error token to the lookahead; an
 * error reduced before that lookahead must stop short of it. */
static rc_loc before_lookahead(struct rc_parser *P, rc_loc loc, int la, rc_loc la_loc)
{
	if (la > 0 && !P->la_virtual && la_loc.first <= loc.last)
		loc.last = la_loc.first - 1;
	return loc;
}

static bool progress(struct rc_parser *P)
{
	if (P->recover_tok == P->cur && P->recover_seen)
		return false;
	P->recover_tok = P->cur;
	P->recover_seen = true;
	return true;
}

/* Move the children of a scratch list under parent, which then ends at
 * token last. */
static uint32_t adopt(struct rc_parser *P, uint32_t parent, uint32_t list, uint32_t last)
{
	if (list) {
		uint32_t first_child = P->t->nodes[list].child;
		rl_tree_clear_children(P->t, list);
		rl_tree_append(P->t, parent, first_child);
	}
	return check_close(P, parent, last);
}

static uint32_t error_node(struct rc_parser *P, rc_loc loc)
{
	uint32_t n = node(P, RC_N_ERROR, loc.first, loc.last);
	P->t->nodes[n].flags |= RL_NODE_ERROR;
	return n;
}

static uint32_t set_flags(struct rc_parser *P, uint32_t n, unsigned flags)
{
	P->t->nodes[n].flags |= (uint16_t)flags;
	return n;
}

/* Only for bison's own failures (its stack exhausted). */
static void rcerror(const rc_loc *loc, struct rc_parser *P, const char *msg)
{
	(void)loc;
	rl_syntax_error(P->t, P->d, 0, 0, "%s", msg);
}

/* The block the parser was in, told by one statement keyword it could
 * have taken there. */
static const char *error_context(const yysymbol_kind_t *exp, int n)
{
	static const struct {
		yysymbol_kind_t sym;
		const char *where;
	} marks[] = {
		{YYSYMBOL_REMOTE, "at top level"},
		{YYSYMBOL_HASH_ALGORITHM, "in a proposal block"},
		{YYSYMBOL_EXCHANGE_MODE, "in a remote block"},
		{YYSYMBOL_REMOTEID, "in a sainfo block"},
		{YYSYMBOL_CHROOT, "in a privsep block"},
		{YYSYMBOL_RANDOMIZE, "in a padding block"},
		{YYSYMBOL_ISAKMP, "in a listen block"},
		{YYSYMBOL_COUNTER, "in a timer block"},
		{YYSYMBOL_NETWORK4, "in a mode_cfg block"},
		{YYSYMBOL_URI, "in an ldapcfg block"},
		{YYSYMBOL_RETRIES, "in a radiuscfg block"},
	};
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
		for (int i = 0; i < n; i++)
			if (exp[i] == marks[k].sym)
				return marks[k].where;
	return NULL;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, struct rc_parser *P)
{
	enum { MAX = 128 };
	yysymbol_kind_t exp[MAX];
	int n = yypcontext_expected_tokens(ctx, exp, MAX);
	if (n < 0)
		return n;
	const char *names[MAX];
	int m = 0;
	bool eos = false, boc = false;
	for (int i = 0; i < n; i++) {
		if (exp[i] == YYSYMBOL_EOS)
			eos = true;
		if (exp[i] == YYSYMBOL_BOC)
			boc = true;
		/* hexadecimal numbers and yes/no are taken only to be explained */
		if (exp[i] != YYSYMBOL_YYEOF && exp[i] != YYSYMBOL_HEXNUM && exp[i] != YYSYMBOL_BOOL)
			names[m++] = yysymbol_name(exp[i]);
	}
	const rc_loc *loc = yypcontext_location(ctx);
	bool eof = yypcontext_token(ctx) == YYSYMBOL_YYEOF;
	rc_syntax_error(P, eof ? RC_NOTOK : loc->first, names, m, boc ? '{' : eos ? ';' : 0, error_context(exp, n));
	return 0;
}
