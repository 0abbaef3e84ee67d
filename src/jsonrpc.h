/* JSON-RPC 2.0 messages over the base protocol of the Language Server
 * Protocol: each message is a block of header lines ("Content-Length: N",
 * optionally "Content-Type: ..."), each ended by CR LF, then an empty line,
 * then N bytes of JSON.
 *
 * The reader never trusts its input: header lines and header blocks are
 * bounded, a body over the limit is skipped rather than stored, and after a
 * header it cannot use it finds the next "Content-Length:" and carries on. */
#ifndef RL_JSONRPC_H
#define RL_JSONRPC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lsp_text.h"

/* Error codes of JSON-RPC 2.0 and of the LSP. */
enum {
	RL_RPC_PARSE_ERROR = -32700,
	RL_RPC_INVALID_REQUEST = -32600,
	RL_RPC_METHOD_NOT_FOUND = -32601,
	RL_RPC_INVALID_PARAMS = -32602,
	RL_RPC_INTERNAL_ERROR = -32603,
	RL_RPC_SERVER_NOT_INITIALIZED = -32002,
};

/* Largest message body read (bytes). */
#define RL_RPC_MAX_BODY (64u * 1024u * 1024u)
/* Longest header line, and most header lines in one block. */
#define RL_RPC_MAX_HEADER_LINE 1024
#define RL_RPC_MAX_HEADER_LINES 32

typedef struct rl_rpc_reader {
	int fd;
	size_t max_body;
	bool eof;
	bool resync; /* skip input up to the next "Content-Length:" */
	size_t pos, end;
	char buf[65536];
} rl_rpc_reader;

typedef enum rl_frame {
	RL_FRAME_OK,
	RL_FRAME_EOF,        /* end of input, also in the middle of a message */
	RL_FRAME_BAD_HEADER, /* a header block without a usable Content-Length */
	RL_FRAME_TOO_LARGE,  /* a body over max_body, skipped */
} rl_frame;

void rl_rpc_reader_init(rl_rpc_reader *r, int fd, size_t max_body);
/* Read the next message. On RL_FRAME_OK *body holds *len bytes plus a NUL
 * (to be freed). */
rl_frame rl_rpc_read(rl_rpc_reader *r, char **body, size_t *len);
/* Can the next read start without waiting for input? */
bool rl_rpc_pending(rl_rpc_reader *r);

/* Write one message with its header and flush; false on a write error. */
bool rl_rpc_write(FILE *out, const json_t *msg);

/* New messages. id may be NULL (written as null); result is stolen. */
json_t *rl_rpc_result(const json_t *id, json_t *result);
json_t *rl_rpc_error(const json_t *id, int code, const char *message);
json_t *rl_rpc_notification(const char *method, json_t *params);
/* A JSON string of s[0..n), invalid UTF-8 replaced by U+FFFD (jansson
 * refuses invalid UTF-8, and file contents need not be valid). */
json_t *rl_json_text(const char *s, size_t n);

typedef enum rl_rpc_kind {
	RL_RPC_REQUEST,      /* method and id: answer it */
	RL_RPC_NOTIFICATION, /* method, no id: never answered */
	RL_RPC_RESPONSE,     /* result or error: an answer to the server */
	RL_RPC_INVALID,      /* answer with -32600 and *id (NULL: null) */
} rl_rpc_kind;

typedef struct rl_rpc_msg {
	rl_rpc_kind kind;
	const json_t *id;     /* borrowed; NULL when absent or unusable */
	const char *method;   /* borrowed */
	const json_t *params; /* borrowed; NULL when absent */
	const char *why;      /* what makes an invalid message invalid */
} rl_rpc_msg;

/* Take a decoded message apart. A message with a method and no id is a
 * notification even when something else about it is wrong (why is set
 * then), so it is never answered. */
rl_rpc_msg rl_rpc_classify(const json_t *msg);

#endif
