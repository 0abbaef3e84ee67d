#include "jsonrpc.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void rl_rpc_reader_init(rl_rpc_reader *r, int fd, size_t max_body)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->max_body = max_body;
}

/* Make at least one byte available; false at end of input. */
static bool fill(rl_rpc_reader *r)
{
	if (r->pos < r->end)
		return true;
	while (!r->eof) {
		ssize_t n = read(r->fd, r->buf, sizeof r->buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r->eof = true;
			break;
		}
		r->pos = 0;
		r->end = (size_t)n;
		return true;
	}
	return false;
}

static int get_byte(rl_rpc_reader *r)
{
	return fill(r) ? (unsigned char)r->buf[r->pos++] : -1;
}

/* Copy (or, with to == NULL, skip) n bytes; false at end of input. */
static bool take_bytes(rl_rpc_reader *r, char *to, size_t n)
{
	while (n > 0) {
		if (!fill(r))
			return false;
		size_t k = r->end - r->pos;
		if (k > n)
			k = n;
		if (to) {
			memcpy(to, r->buf + r->pos, k);
			to += k;
		}
		r->pos += k;
		n -= k;
	}
	return true;
}

enum { LINE_EOF = -1, LINE_TOO_LONG = -2 };

/* One header line, without its LF or CR LF, into line (NUL-terminated).
 * Returns its length, LINE_EOF, or LINE_TOO_LONG (the line is consumed). */
static long read_line(rl_rpc_reader *r, char *line, size_t cap)
{
	size_t n = 0;
	bool too_long = false;
	for (;;) {
		int c = get_byte(r);
		if (c < 0)
			return LINE_EOF;
		if (c == '\n')
			break;
		if (n + 1 < cap)
			line[n++] = (char)c;
		else
			too_long = true;
	}
	if (n && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	return too_long ? LINE_TOO_LONG : (long)n;
}

/* Skip input up to and including the next "Content-Length:" (any case);
 * false at end of input. */
static bool skip_to_length(rl_rpc_reader *r)
{
	static const char want[] = "content-length:";
	size_t m = 0;
	while (m < sizeof want - 1) {
		int c = get_byte(r);
		if (c < 0)
			return false;
		c = tolower(c);
		/* 'c' occurs in want only at its start, so restarting is exact */
		m = c == want[m] ? m + 1 : c == want[0];
	}
	return true;
}

typedef struct header {
	bool have_len;
	bool bad;  /* a line that is no header field */
	bool lost; /* where the body starts or ends is unknown */
	size_t len;
} header;

/* Digits with optional blanks around them; saturates at SIZE_MAX. */
static bool parse_length(const char *s, size_t *out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	size_t v = 0;
	for (; isdigit((unsigned char)*s); s++) {
		size_t d = (size_t)(*s - '0');
		v = v > (SIZE_MAX - d) / 10 ? SIZE_MAX : v * 10 + d;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	*out = v;
	return *s == '\0';
}

static void header_field(header *h, const char *line)
{
	const char *colon = strchr(line, ':');
	if (!colon || colon == line) {
		h->bad = true;
		return;
	}
	if ((size_t)(colon - line) != 14 || strncasecmp(line, "Content-Length", 14) != 0)
		return; /* Content-Type and anything else: ignored */
	size_t v;
	if (!parse_length(colon + 1, &v) || (h->have_len && v != h->len)) {
		h->lost = true;
		return;
	}
	h->have_len = true;
	h->len = v;
}

/* Read a header block; false at end of input. */
static bool read_header(rl_rpc_reader *r, header *h)
{
	char line[RL_RPC_MAX_HEADER_LINE];
	size_t nlines = 0;
	if (r->resync) {
		if (!skip_to_length(r))
			return false;
		r->resync = false;
		memcpy(line, "Content-Length:", 15);
		long n = read_line(r, line + 15, sizeof line - 15);
		if (n == LINE_EOF)
			return false;
		if (n == LINE_TOO_LONG)
			h->lost = true;
		else
			header_field(h, line);
		nlines++;
	}
	for (;;) {
		long n = read_line(r, line, sizeof line);
		if (n == LINE_EOF)
			return false;
		if (n == 0 && nlines == 0)
			continue; /* blank lines between messages */
		if (n == 0)
			return true;
		if (n == LINE_TOO_LONG)
			h->bad = true;
		else
			header_field(h, line);
		if (++nlines > RL_RPC_MAX_HEADER_LINES) {
			h->lost = true;
			return true;
		}
	}
}

rl_frame rl_rpc_read(rl_rpc_reader *r, char **body, size_t *len)
{
	*body = NULL;
	*len = 0;
	header h = {0};
	if (!read_header(r, &h))
		return RL_FRAME_EOF;
	if (h.lost || !h.have_len) {
		r->resync = true;
		return RL_FRAME_BAD_HEADER;
	}
	if (h.len > r->max_body) {
		take_bytes(r, NULL, h.len);
		return RL_FRAME_TOO_LARGE;
	}
	if (h.bad) {
		take_bytes(r, NULL, h.len);
		return RL_FRAME_BAD_HEADER;
	}
	char *b = malloc(h.len + 1);
	if (!b) {
		take_bytes(r, NULL, h.len);
		return RL_FRAME_TOO_LARGE;
	}
	if (!take_bytes(r, b, h.len)) {
		free(b);
		return RL_FRAME_EOF;
	}
	b[h.len] = '\0';
	*body = b;
	*len = h.len;
	return RL_FRAME_OK;
}

bool rl_rpc_pending(rl_rpc_reader *r)
{
	if (r->pos < r->end || r->eof)
		return true;
	struct pollfd p = {.fd = r->fd, .events = POLLIN};
	return poll(&p, 1, 0) > 0;
}

bool rl_rpc_write(FILE *out, const json_t *msg)
{
	char *s = json_dumps(msg, JSON_COMPACT);
	if (!s)
		return false;
	size_t n = strlen(s);
	bool ok = fprintf(out, "Content-Length: %zu\r\n\r\n", n) > 0 && fwrite(s, 1, n, out) == n &&
		  fflush(out) == 0;
	free(s);
	return ok;
}

static json_t *id_copy(const json_t *id)
{
	return id ? json_deep_copy(id) : json_null();
}

json_t *rl_rpc_result(const json_t *id, json_t *result)
{
	return json_pack("{s:s,s:o,s:o}", "jsonrpc", "2.0", "id", id_copy(id), "result",
			 result ? result : json_null());
}

json_t *rl_rpc_error(const json_t *id, int code, const char *message)
{
	return json_pack("{s:s,s:o,s:{s:i,s:o}}", "jsonrpc", "2.0", "id", id_copy(id), "error", "code", code,
			 "message", rl_json_text(message, strlen(message)));
}

json_t *rl_rpc_notification(const char *method, json_t *params)
{
	return json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params",
			 params ? params : json_object());
}

json_t *rl_json_text(const char *s, size_t n)
{
	rl_buf b = {0};
	rl_utf8_sanitize(&b, s, n);
	json_t *j = json_stringn(rl_buf_str(&b), b.len);
	rl_buf_free(&b);
	return j;
}

rl_rpc_msg rl_rpc_classify(const json_t *msg)
{
	rl_rpc_msg m = {.kind = RL_RPC_INVALID};
	if (!json_is_object(msg)) {
		m.why = "a message must be a JSON object";
		return m;
	}
	const json_t *id = json_object_get(msg, "id");
	const json_t *method = json_object_get(msg, "method");
	const json_t *params = json_object_get(msg, "params");
	const json_t *version = json_object_get(msg, "jsonrpc");
	bool id_ok = id && (json_is_string(id) || json_is_integer(id) || json_is_null(id));
	m.id = id_ok ? id : NULL;
	if (!method && (json_object_get(msg, "result") || json_object_get(msg, "error"))) {
		m.kind = RL_RPC_RESPONSE;
		return m;
	}
	if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0)
		m.why = "\"jsonrpc\" must be \"2.0\"";
	else if (id && !id_ok)
		m.why = "\"id\" must be an integer or a string";
	else if (!method)
		m.why = "no \"method\"";
	else if (!json_is_string(method))
		m.why = "\"method\" must be a string";
	else if (params && !json_is_object(params) && !json_is_array(params))
		m.why = "\"params\" must be an object or an array";
	bool notification = !id && json_is_string(method);
	if (json_is_string(method))
		m.method = json_string_value(method);
	if (m.why) {
		m.kind = notification ? RL_RPC_NOTIFICATION : RL_RPC_INVALID;
		return m;
	}
	m.params = params;
	m.kind = notification ? RL_RPC_NOTIFICATION : RL_RPC_REQUEST;
	return m;
}
