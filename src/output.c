/* The text and gcc formats, and what every format shares (output.h). The
 * json and sarif formats live in output_json.c. */
#include "output.h"

#include <stdlib.h>
#include <string.h>

/* --- secrets ------------------------------------------------------------- */

/* Byte order of p[0..n) and q[0..m), a prefix first. */
static int cmp_bytes(const char *p, size_t n, const char *q, size_t m)
{
	int c = memcmp(p, q, n < m ? n : m);
	return c ? c : n < m ? -1 : n > m;
}

static int cmp_secret(const void *a, const void *b)
{
	const rl_secret_text *x = a, *y = b;
	return cmp_bytes(x->p, x->n, y->p, y->n);
}

/* Sort, drop duplicates (the longest cover of a key stays), and index the
 * secrets by their first byte. */
static void index_secrets(rl_scrub *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, cmp_secret);
	size_t w = s->n ? 1 : 0;
	for (size_t i = 1; i < s->n; i++) {
		if (cmp_secret(&s->v[i], &s->v[w - 1]) != 0)
			s->v[w++] = s->v[i];
		else if (s->v[i].cover > s->v[w - 1].cover)
			s->v[w - 1].cover = s->v[i].cover;
	}
	s->n = w;
	size_t k = 0;
	for (int c = 0; c < 256; c++) {
		s->first[c] = k;
		while (k < s->n && (unsigned char)s->v[k].p[0] == c)
			k++;
	}
	s->first[256] = k;
}

static void append_source(rl_scrub *s, const rl_source *src)
{
	for (size_t i = 0; i < src->nsecrets; i++) {
		rl_span sp = src->secrets[i];
		if (sp.end > src->len || sp.end - sp.start < RL_SCRUB_MIN)
			continue;
		size_t len = sp.end - sp.start, key = len < RL_SCRUB_KEY ? len : RL_SCRUB_KEY;
		RL_GROW(s->v, s->cap, s->n + 1);
		s->v[s->n++] = (rl_secret_text){src->data + sp.start, key, len};
		if (key > s->maxkey)
			s->maxkey = key;
	}
}

void rl_scrub_add_source(rl_scrub *s, const rl_source *src)
{
	if (src) {
		append_source(s, src);
		index_secrets(s);
	}
}

/* The distinct sources of a run: its files', and any other that a finding
 * points into. */
typedef struct source_set {
	const rl_source **v;
	size_t n, cap;
} source_set;

static void add_distinct(source_set *set, const rl_source *src)
{
	if (!src)
		return;
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i] == src)
			return;
	RL_GROW(set->v, set->cap, set->n + 1);
	set->v[set->n++] = src;
}

void rl_scrub_init(rl_scrub *s, const rl_ctx *cx)
{
	memset(s, 0, sizeof *s);
	source_set set = {0};
	for (size_t i = 0; i < cx->nfiles; i++)
		add_distinct(&set, cx->files[i]->src);
	const rl_source *last = NULL; /* findings come in runs on one source */
	for (size_t i = 0; i < cx->diags.n; i++) {
		const rl_diag *dg = &cx->diags.v[i];
		if (dg->loc.src != last)
			add_distinct(&set, last = dg->loc.src);
		for (size_t k = 0; k < dg->nrel; k++)
			add_distinct(&set, dg->rel[k].loc.src);
		for (size_t k = 0; dg->fix && k < dg->fix->nedits; k++)
			add_distinct(&set, dg->fix->edits[k].src);
	}
	for (size_t i = 0; i < set.n; i++)
		append_source(s, set.v[i]);
	free(set.v);
	index_secrets(s);
}

void rl_scrub_free(rl_scrub *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* The longest secret key among v[lo..hi) that text[0..n) begins with, or
 * NULL. The last key t not after text[0..want) is the answer when it is a
 * prefix of text; otherwise any shorter answer is a prefix of both, so the
 * search goes on before t with text cut to what they share. */
static const rl_secret_text *longest_prefix(const rl_scrub *s, size_t lo, size_t hi, const char *text, size_t n)
{
	size_t want = n;
	while (hi > lo && want >= RL_SCRUB_MIN) {
		size_t a = lo, b = hi; /* first index in [lo, hi) after text[0..want) */
		while (a < b) {
			size_t mid = a + (b - a) / 2;
			if (cmp_bytes(s->v[mid].p, s->v[mid].n, text, want) <= 0)
				a = mid + 1;
			else
				b = mid;
		}
		if (a == lo)
			return NULL;
		const rl_secret_text *t = &s->v[a - 1];
		size_t common = 0;
		while (common < t->n && common < want && t->p[common] == text[common])
			common++;
		if (common == t->n)
			return t;
		want = common;
		hi = a - 1;
	}
	return NULL;
}

void rl_scrub_mark(const rl_scrub *s, const char *text, size_t n, unsigned char *covered)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (s->first[c] == s->first[c + 1])
			continue;
		size_t rest = n - i < s->maxkey ? n - i : s->maxkey;
		const rl_secret_text *t = longest_prefix(s, s->first[c], s->first[c + 1], text + i, rest);
		if (t)
			memset(covered + i, 1, t->cover < n - i ? t->cover : n - i);
	}
}

void rl_scrub_append(const rl_scrub *s, rl_buf *out, const char *text, size_t n)
{
	if (!s || s->n == 0 || n == 0) {
		rl_buf_add(out, text, n);
		return;
	}
	unsigned char *covered = rl_xcalloc(n, 1);
	rl_scrub_mark(s, text, n, covered);
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && covered[j] == covered[i])
			j++;
		if (covered[i])
			rl_buf_puts(out, "****");
		else
			rl_buf_add(out, text + i, j - i);
		i = j;
	}
	free(covered);
}

char *rl_scrub_dup(const rl_scrub *s, const char *text)
{
	if (!text)
		return NULL;
	rl_buf b = {0};
	rl_scrub_append(s, &b, text, strlen(text));
	return rl_buf_take(&b);
}

void rl_mask_scrub_append(const rl_scrub *s, rl_buf *out, const rl_source *src, uint32_t off, const char *text,
			  size_t n)
{
	rl_buf m = {0};
	rl_mask_append(&m, src, off, text, n);
	rl_scrub_append(s, out, m.data ? m.data : "", m.len);
	rl_buf_free(&m);
}

/* --- characters ---------------------------------------------------------- */

/* Bytes of the character at p: a valid sequence, or one invalid byte. */
static size_t char_len(const char *p, size_t n, uint32_t *cp)
{
	size_t k = rl_utf8_decode(p, n, cp);
	if (k == 0) {
		*cp = 0xfffd;
		return 1;
	}
	return k;
}

/* From the boundary *i with *n characters before it, step over the
 * characters of the line (ending at end) that end at or before stop. */
static void walk_chars(const rl_source *src, uint32_t end, uint32_t stop, uint32_t *i, uint32_t *n)
{
	for (;;) {
		uint32_t cp;
		uint32_t k = *i < end ? (uint32_t)char_len(src->data + *i, end - *i, &cp) : 1;
		if (*i + k > stop)
			return;
		*i += k;
		(*n)++;
	}
}

/* Make cur mark the line [start, end) of src. */
static void mark_line(rl_char_cursor *cur, const rl_source *src, uint32_t line, uint32_t start, uint32_t end)
{
	free(cur->mark);
	cur->src = src;
	cur->line = line;
	cur->start = start;
	cur->nmarks = (end - start) / RL_CHAR_STEP + 1;
	cur->mark = rl_xmalloc(cur->nmarks * sizeof *cur->mark);
	uint32_t i = start, n = 0;
	for (size_t k = 0; k < cur->nmarks; k++) {
		walk_chars(src, end, start + (uint32_t)(k * RL_CHAR_STEP), &i, &n);
		cur->mark[k][0] = i;
		cur->mark[k][1] = n;
	}
}

void rl_out_pos_chars_at(rl_char_cursor *cur, const rl_source *src, uint32_t off, uint32_t *line, uint32_t *col)
{
	uint32_t bytecol;
	if (off > src->len)
		off = src->len;
	rl_source_pos(src, off, line, &bytecol);
	uint32_t i = rl_source_line_start(src, *line), n = 0;
	uint32_t end = rl_source_line_end(src, *line);
	if (end - i > RL_CHAR_STEP) {
		if (!cur->mark || cur->src != src || cur->line != *line)
			mark_line(cur, src, *line, i, end);
		size_t k = (off - i) / RL_CHAR_STEP;
		k = k < cur->nmarks ? k : cur->nmarks - 1;
		i = cur->mark[k][0];
		n = cur->mark[k][1];
	}
	/* the characters that end at or before off; the bytes of one that
	 * straddles off count one each, as invalid bytes do */
	walk_chars(src, end, off, &i, &n);
	*col = n + (off - i) + 1;
}

void rl_char_cursor_free(rl_char_cursor *cur)
{
	free(cur->mark);
	memset(cur, 0, sizeof *cur);
}

void rl_out_pos_chars(const rl_source *src, uint32_t off, uint32_t *line, uint32_t *col)
{
	rl_char_cursor cur = {0};
	rl_out_pos_chars_at(&cur, src, off, line, col);
	rl_char_cursor_free(&cur);
}

rl_span rl_out_span(const rl_source *src, rl_span sp)
{
	if (sp.start > src->len)
		sp.start = src->len;
	if (sp.end > src->len)
		sp.end = src->len;
	if (sp.end < sp.start)
		sp.end = sp.start;
	return sp;
}

/* Characters a terminal must not receive raw: C0 and C1 controls, DEL, and
 * the bidirectional overrides that reorder what is shown. */
static bool unsafe_char(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfffd;
}

/* Append text for a terminal or a one-line format: unsafe characters and
 * invalid bytes become '?', a tab a blank. */
static void put_safe(rl_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* a run of printable ASCII goes in as it is, in one piece */
		size_t j = i;
		while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7f)
			j++;
		if (j > i) {
			rl_buf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		uint32_t cp;
		size_t k = char_len(s + i, n - i, &cp);
		if (cp == '\t')
			rl_buf_putc(out, ' ');
		else if (unsafe_char(cp))
			rl_buf_putc(out, '?');
		else
			rl_buf_add(out, s + i, k);
		i += k;
	}
}

/* A message: secrets scrubbed, then made safe. */
static void put_message(rl_buf *out, const rl_scrub *sc, const char *msg)
{
	rl_buf tmp = {0};
	rl_scrub_append(sc, &tmp, msg, strlen(msg));
	put_safe(out, tmp.data ? tmp.data : "", tmp.len);
	rl_buf_free(&tmp);
}

/* --- code frames --------------------------------------------------------- */

/* A line longer than FRAME_LONG bytes is shown as a window of FRAME_WINDOW
 * bytes that starts FRAME_LEAD bytes before the span. */
#define FRAME_LONG 160
#define FRAME_WINDOW 120
#define FRAME_LEAD 40
#define TAB_STOP 8

/* The secret bytes of one source line [ls, le): inside a secret span of
 * the source, or inside a copy of any secret of the run. Frames on the same
 * line share it, so a long line with many findings is scanned once. */
typedef struct line_cover {
	const rl_source *src;
	uint32_t ls, le;
	unsigned char *cov; /* cov[i - ls] is set when byte i is secret */
} line_cover;

/* One source line being rendered for a code frame. */
typedef struct frame {
	const rl_source *src;
	uint32_t s, e;         /* the span to underline */
	const line_cover *lc;  /* the secret bytes of the line */
	rl_buf text;           /* the line as shown */
	size_t col;            /* display columns shown so far */
	size_t col_s, col_e;   /* display columns of the span */
	bool have_s, have_e;
} frame;

static uint32_t char_start(const rl_source *src, uint32_t off, uint32_t floor)
{
	while (off > floor && ((unsigned char)src->data[off] & 0xc0) == 0x80)
		off--;
	return off;
}

/* Make lc the cover of the line [ls, le) of src, unless it already is. */
static void cover_line(line_cover *lc, const rl_scrub *sc, const rl_source *src, uint32_t ls, uint32_t le)
{
	if (lc->cov && lc->src == src && lc->ls == ls && lc->le == le)
		return;
	free(lc->cov);
	*lc = (line_cover){src, ls, le, rl_xcalloc(le - ls + 1, 1)};
	for (size_t i = rl_source_secret_after(src, ls); i < src->nsecrets; i++) {
		uint32_t a = src->secrets[i].start, b = src->secrets[i].end;
		if (a >= le)
			break;
		a = a < ls ? ls : a;
		b = b > le ? le : b;
		memset(lc->cov + (a - ls), 1, b - a);
	}
	if (sc)
		rl_scrub_mark(sc, src->data + ls, le - ls, lc->cov);
}

static bool secret_at(const frame *fr, uint32_t i)
{
	return fr->lc->cov[i - fr->lc->ls];
}

/* Note where the span falls while bytes [p, q) take w display columns. */
static void advance(frame *fr, uint32_t p, uint32_t q, size_t w)
{
	if (!fr->have_s && fr->s >= p && fr->s < q) {
		fr->col_s = fr->col;
		fr->have_s = true;
	}
	if (!fr->have_e && fr->e > p && fr->e <= q) {
		fr->col_e = fr->col + w;
		fr->have_e = true;
	}
	fr->col += w;
}

/* Show the run of secret bytes from p as "****"; returns where it ends. */
static uint32_t show_secret(frame *fr, uint32_t p)
{
	uint32_t q = p;
	while (q < fr->lc->le && secret_at(fr, q))
		q++;
	rl_buf_puts(&fr->text, "****");
	advance(fr, p, q, 4);
	return q;
}

/* Columns a terminal gives a character: 2 for the wide and fullwidth
 * East Asian blocks and the emoji, 0 for combining marks, zero-width
 * joiners and variation selectors, 1 for the rest. */
static size_t char_width(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
		uint8_t w;
	} ranges[] = {
		{0x0300, 0x036f, 0}, {0x1100, 0x115f, 2},   {0x1ab0, 0x1aff, 0},   {0x1dc0, 0x1dff, 0},
		{0x200b, 0x200f, 0}, {0x20d0, 0x20ff, 0},   {0x2e80, 0x303e, 2},   {0x3041, 0x33ff, 2},
		{0x3400, 0x4dbf, 2}, {0x4e00, 0x9fff, 2},   {0xa000, 0xa4cf, 2},   {0xac00, 0xd7a3, 2},
		{0xf900, 0xfaff, 2}, {0xfe00, 0xfe0f, 0},   {0xfe20, 0xfe2f, 0},   {0xfe30, 0xfe4f, 2},
		{0xff00, 0xff60, 2}, {0xffe0, 0xffe6, 2},   {0x1f300, 0x1f64f, 2}, {0x1f900, 0x1f9ff, 2},
		{0x20000, 0x2fffd, 2}, {0x30000, 0x3fffd, 2}, {0xe0100, 0xe01ef, 0},
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0] && cp >= ranges[i].lo; i++)
		if (cp <= ranges[i].hi)
			return ranges[i].w;
	return 1;
}

/* Show the character at p (before we); returns where it ends. */
static uint32_t show_char(frame *fr, uint32_t p, uint32_t we)
{
	uint32_t cp;
	uint32_t q = p + (uint32_t)char_len(fr->src->data + p, we - p, &cp);
	for (uint32_t k = p + 1; k < q; k++)
		if (secret_at(fr, k))
			q = p + 1, cp = 0xfffd; /* never split a masked run */
	if (cp == '\t') {
		size_t w = TAB_STOP - fr->col % TAB_STOP;
		for (size_t k = 0; k < w; k++)
			rl_buf_putc(&fr->text, ' ');
		advance(fr, p, q, w);
	} else {
		bool shown = !unsafe_char(cp);
		if (shown)
			rl_buf_add(&fr->text, fr->src->data + p, q - p);
		else
			rl_buf_putc(&fr->text, '?');
		advance(fr, p, q, shown ? char_width(cp) : 1);
	}
	return q;
}

/* Render the line [ls, le) holding the span (its start within the line):
 * tabs expanded, secrets as "****", unsafe characters as '?', a long line
 * cut to a window around the span. */
static void render_line(frame *fr, uint32_t ls, uint32_t le)
{
	uint32_t ws = ls, we = le, s = fr->s;
	if (le - ls > FRAME_LONG) {
		if (s - ls > FRAME_LEAD + 20)
			ws = char_start(fr->src, s - FRAME_LEAD, ls);
		we = le - ws > FRAME_WINDOW ? char_start(fr->src, ws + FRAME_WINDOW, ws) : le;
	}
	if (ws > ls) {
		rl_buf_puts(&fr->text, "...");
		fr->col = 3;
	}
	for (uint32_t p = ws; p < we;)
		p = secret_at(fr, p) ? show_secret(fr, p) : show_char(fr, p, we);
	if (we < le)
		rl_buf_puts(&fr->text, "...");
	if (!fr->have_s)
		fr->col_s = fr->col; /* the span starts at the end of the line */
	if (fr->e <= fr->s)
		fr->col_e = fr->col_s;
	else if (!fr->have_e)
		fr->col_e = fr->col; /* the span runs past what is shown */
}

typedef struct style {
	const char *bold, *red, *yellow, *cyan, *blue, *reset;
} style;

static const style plain = {"", "", "", "", "", ""};
static const style ansi = {"\033[1m", "\033[1;31m", "\033[1;33m", "\033[1;36m", "\033[1;34m", "\033[0m"};

static const char *sev_color(const style *st, rl_severity s)
{
	return s == RL_SEV_ERROR ? st->red : s == RL_SEV_WARNING ? st->yellow : st->cyan;
}

/* The source line holding loc, then the span underlined with carets (one
 * at least; to the end of the line for a span over several lines). lc keeps
 * the secret bytes of the line for the next frame. */
static void put_frame(rl_buf *b, const style *st, const rl_scrub *sc, line_cover *lc, const rl_loc *l,
		      const char *color)
{
	const rl_source *src = l->src;
	if (!src)
		return;
	rl_span sp = rl_out_span(src, l->span);
	uint32_t line, col;
	rl_source_pos(src, sp.start, &line, &col);
	uint32_t ls = rl_source_line_start(src, line), le = rl_source_line_end(src, line);
	frame fr;
	memset(&fr, 0, sizeof fr);
	fr.src = src;
	fr.s = sp.start > le ? le : sp.start; /* a CR before the line break */
	fr.e = sp.end < fr.s ? fr.s : sp.end;
	cover_line(lc, sc, src, ls, le);
	fr.lc = lc;
	render_line(&fr, ls, le);
	char num[16];
	int w = snprintf(num, sizeof num, "%u", line);
	rl_buf_printf(b, " %s%s |%s ", st->blue, num, st->reset);
	rl_buf_add(b, fr.text.data ? fr.text.data : "", fr.text.len);
	rl_buf_putc(b, '\n');
	rl_buf_printf(b, " %*s %s|%s ", w, "", st->blue, st->reset);
	for (size_t i = 0; i < fr.col_s; i++)
		rl_buf_putc(b, ' ');
	rl_buf_puts(b, color);
	size_t n = fr.col_e > fr.col_s ? fr.col_e - fr.col_s : 1;
	for (size_t i = 0; i < n; i++)
		rl_buf_putc(b, '^');
	rl_buf_puts(b, st->reset);
	rl_buf_putc(b, '\n');
	rl_buf_free(&fr.text);
}

/* --- text and gcc -------------------------------------------------------- */

static void put_loc(rl_buf *b, const rl_loc *l)
{
	if (!l->src) {
		rl_buf_puts(b, "racoonlint");
		return;
	}
	uint32_t line, col;
	rl_source_pos(l->src, l->span.start, &line, &col);
	put_safe(b, l->src->name, strlen(l->src->name));
	rl_buf_printf(b, ":%u:%u", line, col);
}

/* covers: of the line of the last finding, and of its last note (findings
 * come in file order, their notes often point at one other place) */
static void put_finding(rl_buf *b, const style *st, const rl_scrub *sc, line_cover covers[2], const rl_diag *dg,
			bool frames)
{
	const rl_rule *r = rl_rule_get(dg->rule);
	const char *color = sev_color(st, dg->sev);
	rl_buf_puts(b, st->bold);
	put_loc(b, &dg->loc);
	rl_buf_printf(b, ":%s %s%s:%s %s", st->reset, color, rl_severity_name(dg->sev), st->reset, st->bold);
	put_message(b, sc, dg->message);
	rl_buf_printf(b, "%s [%s %s]\n", st->reset, r->code, r->name);
	if (frames)
		put_frame(b, st, sc, &covers[0], &dg->loc, color);
	for (size_t k = 0; k < dg->nrel; k++) {
		rl_buf_puts(b, st->bold);
		put_loc(b, &dg->rel[k].loc);
		rl_buf_printf(b, ":%s %snote:%s ", st->reset, st->cyan, st->reset);
		put_message(b, sc, dg->rel[k].message);
		rl_buf_putc(b, '\n');
		if (frames)
			put_frame(b, st, sc, &covers[1], &dg->rel[k].loc, st->cyan);
	}
	if (frames && dg->fix) {
		rl_buf_printf(b, " %shelp:%s ", st->cyan, st->reset);
		put_message(b, sc, dg->fix->title);
		rl_buf_printf(b, " (%s fix)\n", dg->fix->safe ? "safe" : "unsafe");
	}
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void put_summary(rl_buf *b, const rl_ctx *cx)
{
	size_t count[3] = {0, 0, 0};
	for (size_t i = 0; i < cx->diags.n; i++)
		count[cx->diags.v[i].sev]++;
	rl_buf_printf(b, "%zu %s checked: ", cx->nfiles, plural(cx->nfiles, "file", "files"));
	if (cx->diags.n == 0)
		rl_buf_puts(b, "no findings\n");
	else
		rl_buf_printf(b, "%zu %s, %zu %s, %zu info\n", count[RL_SEV_ERROR],
			      plural(count[RL_SEV_ERROR], "error", "errors"), count[RL_SEV_WARNING],
			      plural(count[RL_SEV_WARNING], "warning", "warnings"), count[RL_SEV_INFO]);
}

/* text: each finding with its code frame and those of its related
 * locations, a blank line after each, and a summary; gcc: one line per
 * finding and one per related location, nothing else. */
static void output_text(const rl_ctx *cx, FILE *out, const rl_scrub *sc, bool text)
{
	const style *st = (text && cx->opt->color) ? &ansi : &plain;
	rl_buf b = {0};
	line_cover covers[2] = {{0}, {0}};
	for (size_t i = 0; i < cx->diags.n; i++) {
		put_finding(&b, st, sc, covers, &cx->diags.v[i], text);
		if (text)
			rl_buf_putc(&b, '\n');
	}
	free(covers[0].cov);
	free(covers[1].cov);
	if (text)
		put_summary(&b, cx);
	fwrite(b.data ? b.data : "", 1, b.len, out);
	rl_buf_free(&b);
}

void rl_output(rl_ctx *cx, FILE *out)
{
	rl_scrub sc;
	rl_scrub_init(&sc, cx);
	switch (cx->opt->format) {
	case RL_FMT_GCC: output_text(cx, out, &sc, false); break;
	case RL_FMT_JSON: rl_output_json(cx, out, &sc); break;
	case RL_FMT_SARIF: rl_output_sarif(cx, out, &sc); break;
	default: output_text(cx, out, &sc, true); break;
	}
	rl_scrub_free(&sc);
}
