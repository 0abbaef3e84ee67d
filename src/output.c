/* The text and gcc formats. (json and sarif live in output_json.c.) */
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "util.h"

typedef struct style {
	const char *bold, *red, *yellow, *cyan, *blue, *reset;
} style;

static const style plain = {"", "", "", "", "", ""};
static const style ansi = {"\033[1m", "\033[1;31m", "\033[1;33m", "\033[1;36m", "\033[1;34m", "\033[0m"};

static const char *sev_color(const style *st, rl_severity s)
{
	return s == RL_SEV_ERROR ? st->red : s == RL_SEV_WARNING ? st->yellow : st->cyan;
}

static void put_loc(rl_buf *b, const rl_loc *l)
{
	if (!l->src) {
		rl_buf_puts(b, "racoonlint");
		return;
	}
	uint32_t line, col;
	rl_source_pos(l->src, l->span.start, &line, &col);
	rl_buf_printf(b, "%s:%u:%u", l->src->name, line, col);
}

/* The source line holding loc, with the span underlined. */
static void put_frame(rl_buf *b, const style *st, const rl_loc *l, const char *color)
{
	const rl_source *src = l->src;
	if (!src || src->len == 0)
		return;
	uint32_t line, col;
	rl_source_pos(src, l->span.start, &line, &col);
	uint32_t ls = rl_source_line_start(src, line), le = rl_source_line_end(src, line);
	uint32_t s = l->span.start, e = l->span.end;
	if (s < ls)
		s = ls;
	if (s > le)
		s = le;
	if (e > le)
		e = le;
	if (e < s)
		e = s;
	rl_buf text = {0}, pre = {0}, mid = {0};
	rl_mask_append(&text, src, ls, src->data + ls, le - ls);
	rl_mask_append(&pre, src, ls, src->data + ls, s - ls);
	rl_mask_append(&mid, src, s, src->data + s, e - s);
	/* keep frames of huge lines readable */
	size_t shown = text.len > 200 ? 200 : text.len;
	char num[16];
	int w = snprintf(num, sizeof num, "%u", line);
	rl_buf_printf(b, " %s%s |%s ", st->blue, num, st->reset);
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)text.data[i];
		rl_buf_putc(b, (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c);
	}
	if (shown < text.len)
		rl_buf_puts(b, "...");
	rl_buf_putc(b, '\n');
	rl_buf_printf(b, " %*s %s|%s ", w, "", st->blue, st->reset);
	size_t plen = pre.len < shown ? pre.len : shown;
	for (size_t i = 0; i < plen; i++)
		rl_buf_putc(b, pre.data && pre.data[i] == '\t' ? '\t' : ' ');
	size_t n = mid.len ? mid.len : 1;
	if (plen + n > shown + 1)
		n = shown + 1 > plen ? shown + 1 - plen : 1;
	rl_buf_puts(b, color);
	for (size_t i = 0; i < n; i++)
		rl_buf_putc(b, '^');
	rl_buf_puts(b, st->reset);
	rl_buf_putc(b, '\n');
	rl_buf_free(&text);
	rl_buf_free(&pre);
	rl_buf_free(&mid);
}

static void output_text(rl_ctx *cx, FILE *out, bool frames)
{
	const style *st = (frames && cx->opt->color) ? &ansi : &plain;
	size_t count[3] = {0, 0, 0};
	rl_buf b = {0};
	for (size_t i = 0; i < cx->diags.n; i++) {
		rl_diag *dg = &cx->diags.v[i];
		const rl_rule *r = rl_rule_get(dg->rule);
		count[dg->sev]++;
		rl_buf_puts(&b, st->bold);
		put_loc(&b, &dg->loc);
		rl_buf_printf(&b, ":%s %s%s:%s %s%s%s [%s %s]\n", st->reset, sev_color(st, dg->sev),
			      rl_severity_name(dg->sev), st->reset, st->bold, dg->message, st->reset,
			      r->code, r->name);
		if (frames)
			put_frame(&b, st, &dg->loc, sev_color(st, dg->sev));
		for (size_t k = 0; k < dg->nrel; k++) {
			rl_buf_puts(&b, st->bold);
			put_loc(&b, &dg->rel[k].loc);
			rl_buf_printf(&b, ":%s %snote:%s %s\n", st->reset, st->cyan, st->reset, dg->rel[k].message);
			if (frames)
				put_frame(&b, st, &dg->rel[k].loc, st->cyan);
		}
		if (frames && dg->fix)
			rl_buf_printf(&b, "  %shelp:%s %s (%s fix)\n", st->cyan, st->reset, dg->fix->title,
				      dg->fix->safe ? "safe" : "unsafe");
	}
	if (frames) {
		size_t files = 0;
		for (size_t i = 0; i < cx->nfiles; i++)
			files++;
		if (cx->diags.n == 0)
			rl_buf_printf(&b, "no findings in %zu file%s\n", files, files == 1 ? "" : "s");
		else
			rl_buf_printf(&b, "%zu error%s, %zu warning%s, %zu info in %zu file%s\n", count[2],
				      count[2] == 1 ? "" : "s", count[1], count[1] == 1 ? "" : "s", count[0], files,
				      files == 1 ? "" : "s");
	}
	fwrite(b.data ? b.data : "", 1, b.len, out);
	rl_buf_free(&b);
}

void rl_output_json(rl_ctx *cx, FILE *out, bool sarif);

void rl_output(rl_ctx *cx, FILE *out)
{
	switch (cx->opt->format) {
	case RL_FMT_GCC:
		output_text(cx, out, false);
		break;
	case RL_FMT_JSON:
		rl_output_json(cx, out, false);
		break;
	case RL_FMT_SARIF:
		rl_output_json(cx, out, true);
		break;
	default:
		output_text(cx, out, true);
		break;
	}
}
