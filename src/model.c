/* The host model: values, names and the builder functions. Deriving
 * indexes and answering queries is in model_index.c. */
#include "model.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model_priv.h"
#include "negotiate.h"
#include "util.h"

/* ---- addresses ----------------------------------------------------- */

/* The class of each byte in address text: 1 + the value of a hexadecimal
 * digit, AX_COLON, AX_DOT, or 0 for any other byte. */
enum { AX_COLON = 17, AX_DOT = 18 };
static const uint8_t addr_class[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
	[':'] = AX_COLON, ['.'] = AX_DOT,
};

/* IPv6 text of hexadecimal digits and colons that is no address: -1, as
 * glibc's inet_pton6 answers, unless p[0..end) holds a byte of another
 * kind (0: ask inet_pton). */
static int not_colon_hex(const unsigned char *p, const unsigned char *end)
{
	for (; p < end; p++)
		if (addr_class[*p] == 0 || addr_class[*p] == AX_DOT)
			return 0;
	return -1;
}

/* The common forms of an address in s[0..n), read in one pass: a dotted
 * quad of four decimal parts of 1 to 3 digits, each <= 255, no leading
 * zero (what inet_pton takes for AF_INET); or text of hexadecimal digits
 * and colons, at least one colon (inet_pton's AF_INET6 steps without the
 * embedded IPv4 form, which AF_INET refuses). Returns 4 or 6 with the
 * bytes in b (an IPv4 address in b[0..4), b[4..16) cleared), -1 for text
 * of the second kind that is no address, 0 for other text (ask inet_pton);
 * b is written only for 4 and 6. */
static int addr_text(const char *s, size_t n, uint8_t b[16])
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	unsigned c = 0, val = 0, dec = 0, digits = 0;
	bool decimal = true;
	/* the first part, read as hexadecimal and as decimal */
	for (; p < end; p++) {
		c = addr_class[*p];
		if (c - 1u >= 16)
			break;
		val = val << 4 | (c - 1);
		dec = dec * 10 + (c - 1);
		decimal &= c <= 10;
		digits++;
	}
	if (p == end)
		return 0;
	if (c == AX_DOT) {
		uint8_t q[4];
		for (int part = 0;; part++) {
			if (!decimal || digits == 0 || digits > 3 || dec > 255 || (digits > 1 && p[-(ptrdiff_t)digits] == '0'))
				return 0;
			q[part] = (uint8_t)dec;
			if (part == 3)
				break;
			if (p == end || *p++ != '.')
				return 0;
			dec = digits = 0;
			for (; p < end && (c = (unsigned)*p - '0') <= 9; p++) {
				dec = dec * 10 + c;
				digits++;
			}
		}
		if (p != end)
			return 0;
		memcpy(b, q, 4);
		memset(b + 4, 0, 12);
		return 4;
	}
	if (c != AX_COLON)
		return 0;
	/* IPv6: p is at the colon after the first group */
	uint16_t w[8];
	unsigned nw = 0, gap = 9; /* 9: no "::" */
	if (digits > 4)
		return not_colon_hex(p, end);
	if (digits == 0 && (end - p < 2 || p[1] != ':'))
		return not_colon_hex(p, end);
	if (digits == 0)
		p++;
	for (;;) {
		/* p is at a colon */
		if (digits == 0) {
			if (gap != 9)
				return not_colon_hex(p, end);
			gap = nw;
			p++;
		} else {
			p++;
			if (p == end || nw == 8)
				return not_colon_hex(p, end);
			w[nw++] = (uint16_t)val;
			digits = val = 0;
		}
		for (; p < end && (c = addr_class[*p]) - 1u < 16; p++) {
			if (++digits > 4)
				return not_colon_hex(p, end);
			val = val << 4 | (c - 1);
		}
		if (p == end)
			break;
		if (c != AX_COLON)
			return 0;
	}
	if (digits) {
		if (nw == 8)
			return -1;
		w[nw++] = (uint16_t)val;
	}
	if (gap == 9 ? nw != 8 : nw == 8)
		return -1;
	unsigned head = gap == 9 ? nw : gap, zeros = 8 - nw, i = 0;
	for (; i < head; i++) {
		b[2 * i] = (uint8_t)(w[i] >> 8);
		b[2 * i + 1] = (uint8_t)w[i];
	}
	for (; i < head + zeros; i++)
		b[2 * i] = b[2 * i + 1] = 0;
	for (; i < 8; i++) {
		b[2 * i] = (uint8_t)(w[i - zeros] >> 8);
		b[2 * i + 1] = (uint8_t)w[i - zeros];
	}
	return 6;
}

bool rl_addr_parse(const char *s, size_t n, rl_addr *a)
{
	char buf[RL_ADDR_STRLEN];
	memset(a, 0, sizeof *a);
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	long prefix = -1;
	char *slash = strchr(buf, '/');
	if (slash) {
		char *end;
		*slash = '\0';
		if (!isdigit((unsigned char)slash[1]))
			return false;
		prefix = strtol(slash + 1, &end, 10);
		if (*end)
			return false;
	}
	int fast = addr_text(buf, strlen(buf), a->b);
	if (fast == 4 || (fast == 0 && inet_pton(AF_INET, buf, a->b) == 1))
		a->family = 4;
	else if (fast == 6 || (fast == 0 && inet_pton(AF_INET6, buf, a->b) == 1))
		a->family = 6;
	else
		return false;
	unsigned bits = rl_addr_bits(a);
	if (prefix > (long)bits)
		return false;
	a->prefix = (uint8_t)(prefix < 0 ? bits : (unsigned long)prefix);
	return true;
}

bool rl_addr_prefix_parse(const char *s, size_t n, unsigned bits, uint8_t *prefix)
{
	if (n < 1 || n > 3)
		return false;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > bits)
		return false;
	*prefix = (uint8_t)v;
	return true;
}

bool rl_addr_parse_split(const char *s, size_t n, const char *prefix, size_t np, rl_addr *a)
{
	/* the common cases: a dotted quad or IPv6 text of hexadecimal digits
	 * and colons, without a prefix or with one of 1 to 3 digits */
	int fam = addr_text(s, n, a->b);
	if (fam > 0) {
		unsigned bits = fam == 4 ? 32 : 128;
		uint8_t v = (uint8_t)bits;
		if (!prefix || rl_addr_prefix_parse(prefix, np, bits, &v)) {
			a->family = (uint8_t)fam;
			a->prefix = v;
			return true;
		}
	}
	if (fam < 0) {
		/* no address, whatever the prefix */
		memset(a, 0, sizeof *a);
		return false;
	}
	char b[RL_ADDR_STRLEN];
	size_t total = n + (prefix ? 1 + np : 0);
	if (total >= sizeof b) {
		memset(a, 0, sizeof *a);
		return false;
	}
	memcpy(b, s, n);
	if (prefix) {
		b[n] = '/';
		memcpy(b + n + 1, prefix, np);
	}
	b[total] = '\0';
	return rl_addr_parse(b, total, a);
}

unsigned rl_addr_bits(const rl_addr *a)
{
	return a->family == 6 ? 128 : a->family == 4 ? 32 : 0;
}

bool rl_addr_is_host(const rl_addr *a)
{
	return a->family && a->prefix == rl_addr_bits(a);
}

static size_t addr_len(const rl_addr *a)
{
	return a->family == 6 ? 16 : a->family == 4 ? 4 : 0;
}

bool rl_addr_equal(const rl_addr *a, const rl_addr *b)
{
	return a->family == b->family && a->prefix == b->prefix && memcmp(a->b, b->b, addr_len(a)) == 0;
}

/* Big-endian 64-bit words: compilers make each one load or store and a
 * byte swap. */
static uint64_t load_be64(const uint8_t *b)
{
	return (uint64_t)b[0] << 56 | (uint64_t)b[1] << 48 | (uint64_t)b[2] << 40 | (uint64_t)b[3] << 32 |
	       (uint64_t)b[4] << 24 | (uint64_t)b[5] << 16 | (uint64_t)b[6] << 8 | (uint64_t)b[7];
}

static void store_be64(uint8_t *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
}

/* The first n bits (0..64) of a word set. */
static uint64_t high_bits(unsigned n)
{
	return n >= 64 ? ~0ULL : n ? ~0ULL << (64 - n) : 0;
}

rl_addr rl_addr_masked(const rl_addr *a, unsigned prefix)
{
	rl_addr m = *a;
	unsigned bits = rl_addr_bits(a);
	if (prefix > bits)
		prefix = bits;
	/* the bits past the prefix cleared, the bytes past the address's
	 * length left as they are */
	if (bits == 128) {
		store_be64(m.b, load_be64(m.b) & high_bits(prefix));
		store_be64(m.b + 8, load_be64(m.b + 8) & high_bits(prefix > 64 ? prefix - 64 : 0));
	} else if (bits == 32) {
		uint32_t v = (uint32_t)m.b[0] << 24 | (uint32_t)m.b[1] << 16 | (uint32_t)m.b[2] << 8 | m.b[3];
		v &= (uint32_t)(high_bits(prefix) >> 32);
		m.b[0] = (uint8_t)(v >> 24);
		m.b[1] = (uint8_t)(v >> 16);
		m.b[2] = (uint8_t)(v >> 8);
		m.b[3] = (uint8_t)v;
	}
	m.prefix = (uint8_t)prefix;
	return m;
}

bool rl_addr_contains(const rl_addr *net, const rl_addr *a)
{
	if (!net->family || net->family != a->family || net->prefix > a->prefix)
		return false;
	rl_addr x = rl_addr_masked(net, net->prefix), y = rl_addr_masked(a, net->prefix);
	return memcmp(x.b, y.b, addr_len(net)) == 0;
}

bool rl_addr_overlap(const rl_addr *a, const rl_addr *b)
{
	return rl_addr_contains(a, b) || rl_addr_contains(b, a);
}

const char *rl_addr_text(const rl_addr *a, char buf[RL_ADDR_STRLEN])
{
	if (!a->family || !inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->b, buf, RL_ADDR_STRLEN))
		strcpy(buf, "?");
	return buf;
}

const char *rl_addr_str(const rl_addr *a, char buf[RL_ADDR_STRLEN])
{
	rl_addr_text(a, buf);
	if (a->family && !rl_addr_is_host(a)) {
		size_t n = strlen(buf);
		snprintf(buf + n, RL_ADDR_STRLEN - n, "/%u", a->prefix);
	}
	return buf;
}

/* Whole words at a time: xor a word in, multiply by an odd constant (a
 * bijection of the word for a given running hash). The hash map spreads
 * the bits again before it picks a slot (hmap.c). */

uint64_t rl_addr_hash(uint64_t h, const rl_addr *a)
{
	h = rl_hash_word(h, (uint64_t)a->family << 8 | a->prefix);
	if (a->family == 4) {
		uint32_t w;
		memcpy(&w, a->b, 4);
		return rl_hash_word(h, w);
	}
	if (a->family == 6) {
		uint64_t w[2];
		memcpy(w, a->b, 16);
		return rl_hash_word(rl_hash_word(h, w[0]), w[1]);
	}
	return h;
}

/* ---- names --------------------------------------------------------- */

void rl_num_put(rl_num *n, long v, rl_loc loc)
{
	n->v = v;
	n->set = true;
	n->loc = loc;
}

const char *rl_origin_name(rl_origin o)
{
	switch (o) {
	case RL_ORIGIN_FLAG: return "flag";
	case RL_ORIGIN_CONFIG: return "configuration";
	case RL_ORIGIN_INFERRED: return "inferred";
	default: return "default";
	}
}

static const char *const platform_names[] = {"unknown", "linux", "macos", "freebsd", "netbsd"};

const char *rl_platform_name(rl_platform p)
{
	return platform_names[p];
}

rl_platform rl_platform_parse(const char *s)
{
	for (size_t i = 1; i < sizeof platform_names / sizeof platform_names[0]; i++)
		if (strcasecmp(s, platform_names[i]) == 0)
			return (rl_platform)i;
	if (strcasecmp(s, "darwin") == 0 || strcasecmp(s, "osx") == 0 || strcasecmp(s, "macosx") == 0)
		return RL_PLATFORM_MACOS;
	return RL_PLATFORM_UNKNOWN;
}

rl_psk_faults rl_psk_file_faults(const rl_source *s)
{
	rl_psk_faults f = {0};
	if (!s || !s->have_stat)
		return f;
	f.owner = geteuid() == 0 && s->uid != 0;
	f.type = !S_ISREG(s->mode);
	f.weak = (s->mode & 077) != 0;
	f.racoon = f.owner ? "has invalid owner uid"
		   : f.type ? "is an invalid file type"
		   : f.weak ? "has weak file permission"
			    : NULL;
	return f;
}

const char *rl_platform_value_problem(const char *s)
{
	return rl_platform_parse(s) == RL_PLATFORM_UNKNOWN ? "unknown platform (linux, macos, freebsd or netbsd)"
							   : NULL;
}

const char *rl_addr_value_problem(const char *s)
{
	rl_addr a;
	if (!rl_addr_parse(s, strlen(s), &a))
		return "not a numeric address";
	if (a.prefix != rl_addr_bits(&a))
		return "a network: give the host's own address";
	return NULL;
}

const char *rl_idtype_name(rl_idtype t)
{
	static const char *const n[] = {"address", "address", "subnet", "fqdn", "user_fqdn", "keyid", "asn1dn"};
	return n[t];
}

const char *rl_xmode_name(rl_xmode m)
{
	static const char *const n[] = {"none", "main", "aggressive", "base"};
	return n[m];
}

const char *rl_pcheck_name(rl_pcheck c)
{
	static const char *const n[] = {"obey", "strict", "claim", "exact"};
	return n[c];
}

const char *rl_dir_name(rl_dir d)
{
	static const char *const n[] = {"in", "out", "fwd"};
	return n[d];
}

const char *rl_action_name(rl_action a)
{
	static const char *const n[] = {"discard", "none", "ipsec", "entrust", "bypass"};
	return n[a];
}

const char *rl_ipsec_proto_name(rl_ipsec_proto p)
{
	static const char *const n[] = {"?", "esp", "ah", "ipcomp"};
	return n[p];
}

const char *rl_ipsec_mode_name(rl_ipsec_mode m)
{
	static const char *const n[] = {"any", "transport", "tunnel"};
	return n[m];
}

const char *rl_level_name(rl_level l)
{
	static const char *const n[] = {"default", "use", "require", "unique"};
	return n[l];
}

const char *rl_ulproto_name(int proto, char buf[16])
{
	switch (proto) {
	case RL_PROTO_ANY: return "any";
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 47: return "gre";
	case 50: return "esp";
	case 51: return "ah";
	case 58: return "icmp6";
	case 108: return "ipcomp";
	default: snprintf(buf, 16, "%d", proto); return buf;
	}
}

const char *rl_loc_str(rl_loc loc, char *buf, size_t n)
{
	if (!loc.src) {
		snprintf(buf, n, "default");
		return buf;
	}
	uint32_t line, col;
	rl_source_pos(loc.src, loc.span.start, &line, &col);
	snprintf(buf, n, "%s:%u", loc.src->name, line);
	return buf;
}

/* ---- the host ------------------------------------------------------ */

rl_host *rl_host_new(const char *name, const char *folder)
{
	rl_host *h = rl_xcalloc(1, sizeof *h);
	h->name = rl_xstrdup(name);
	h->folder = rl_xstrdup(folder ? folder : name);
	h->psk_wild = SIZE_MAX;
	return h;
}

static void ident_free(rl_ident *id)
{
	free(id->value);
	id->value = NULL;
}

static void remote_free(rl_remote *r)
{
	free(r->name);
	free(r->inherit);
	ident_free(&r->my_id);
	for (size_t i = 0; i < r->npeers_ids; i++)
		ident_free(&r->peers_ids[i]);
	free(r->peers_ids);
	for (size_t i = 0; i < r->nprops; i++)
		free(r->props[i]);
	free(r->props);
	free(r);
}

static void sainfo_free(rl_sainfo *s)
{
	free(s->local.name);
	free(s->remote.name);
	ident_free(&s->from);
	free(s->group);
	free(s->enc);
	free(s->auth);
	free(s->comp);
	free(s);
}

static void psk_free(rl_psk *p)
{
	/* do not leave the key in freed memory */
	volatile uint8_t *v = p->secret;
	for (size_t i = 0; i < p->secret_len; i++)
		v[i] = 0;
	free(p->secret);
	free(p->id);
	free(p);
}

static void sa_free(rl_sa *s)
{
	free(s->proto);
	free(s->enc);
	free(s->auth);
	free(s->comp);
	free(s);
}

void rl_host_free(rl_host *h)
{
	if (!h)
		return;
	rl_host_drop_derived(h);
	for (size_t i = 0; i < h->nnegos; i++)
		rl_nego_free(h->negos[i].nego);
	free(h->negos);
	for (size_t i = 0; i < h->naddrs; i++)
		free(h->addrs[i].evidence);
	free(h->addrs);
	for (size_t i = 0; i < h->nremotes; i++)
		remote_free(h->remotes[i]);
	free(h->remotes);
	for (size_t i = 0; i < h->nsainfos; i++)
		sainfo_free(h->sainfos[i]);
	free(h->sainfos);
	for (size_t i = 0; i < h->npsks; i++)
		psk_free(h->psks[i]);
	free(h->psks);
	for (size_t i = 0; i < h->npolicies; i++)
		if (h->policies[i]->rules != &h->policies[i]->rule1)
			free(h->policies[i]->rules);
	free(h->policies);
	for (rl_policy_block *b = h->policy_blocks, *prev; b; b = prev) {
		prev = b->prev;
		free(b);
	}
	for (size_t i = 0; i < h->nsas; i++)
		sa_free(h->sas[i]);
	free(h->sas);
	free(h->listens);
	free(h->files);
	free(h->platform_evidence);
	free(h->name);
	free(h->folder);
	free(h);
}

/* Every builder marks the host as changed: derived facts and cached
 * negotiations are recomputed on the next query. */
void rl_host_touch(rl_host *h)
{
	h->version++;
	if (h->finished)
		rl_host_drop_derived(h);
}

void rl_host_add_file(rl_host *h, struct rl_file *f)
{
	RL_GROW(h->files, h->capfiles, h->nfiles + 1);
	h->files[h->nfiles++] = f;
}

void rl_host_set_platform(rl_host *h, rl_platform p, rl_origin origin, const char *evidence, rl_loc loc)
{
	h->platform = p;
	h->platform_origin = origin;
	free(h->platform_evidence);
	h->platform_evidence = evidence ? rl_xstrdup(evidence) : NULL;
	h->platform_loc = loc;
	rl_host_touch(h);
}

void rl_host_push_addr(rl_host *h, const rl_addr *a, rl_origin origin, const char *evidence, rl_loc loc)
{
	RL_GROW(h->addrs, h->capaddrs, h->naddrs + 1);
	rl_host_addr *x = &h->addrs[h->naddrs++];
	x->addr = *a;
	x->origin = origin;
	x->evidence = rl_xstrdup(evidence ? evidence : rl_origin_name(origin));
	x->loc = loc;
}

void rl_host_add_addr(rl_host *h, const rl_addr *a, rl_origin origin, const char *evidence, rl_loc loc)
{
	rl_host_touch(h);
	rl_host_push_addr(h, a, origin, evidence, loc);
	h->nuser_addrs = h->naddrs;
}

void rl_host_add_listen(rl_host *h, const rl_addr *a, int port, bool natt, rl_loc loc)
{
	rl_host_touch(h);
	RL_GROW(h->listens, h->caplistens, h->nlistens + 1);
	rl_listen *l = &h->listens[h->nlistens++];
	l->addr = *a;
	l->port = port;
	l->natt = natt;
	l->loc = loc;
}

void rl_host_set_psk_path(rl_host *h, rl_loc loc, rl_source *file)
{
	rl_host_touch(h);
	h->psk_path_set = true;
	h->psk_path_loc = loc;
	h->psk_file = file;
}

void rl_host_set_spd_file(rl_host *h, rl_source *file)
{
	rl_host_touch(h);
	h->spd_file = file;
	h->spd_known = true;
}

/* ---- remote blocks ------------------------------------------------- */

rl_remote *rl_host_add_remote(rl_host *h, rl_loc loc)
{
	rl_host_touch(h);
	rl_remote *r = rl_xcalloc(1, sizeof *r);
	r->loc = loc;
	r->index = h->nremotes;
	r->anonymous = true;
	RL_GROW(h->remotes, h->capremotes, h->nremotes + 1);
	h->remotes[h->nremotes++] = r;
	return r;
}

void rl_remote_set_anonymous(rl_remote *r, int port, rl_loc loc)
{
	r->anonymous = true;
	memset(&r->addr, 0, sizeof r->addr);
	r->port = port;
	r->addr_loc = loc;
}

void rl_remote_set_addr(rl_remote *r, const rl_addr *a, int port, rl_loc loc)
{
	r->anonymous = false;
	r->addr = *a;
	r->port = port;
	r->addr_loc = loc;
}

void rl_remote_set_name(rl_remote *r, const char *name)
{
	free(r->name);
	r->name = rl_xstrdup(name);
}

void rl_remote_set_inherit(rl_remote *r, const char *parent, rl_loc loc)
{
	free(r->inherit);
	r->inherit = rl_xstrdup(parent);
	r->inherit_loc = loc;
}

static void ident_copy(rl_ident *dst, const rl_ident *src)
{
	*dst = *src;
	dst->value = src->value ? rl_xstrndup(src->value, src->len) : NULL;
}

void rl_remote_inherit_from(rl_remote *r, const rl_remote *p)
{
	r->anonymous = p->anonymous;
	r->addr = p->addr;
	r->port = p->port;
	r->addr_loc = p->addr_loc;
	memcpy(r->modes, p->modes, sizeof r->modes);
	memcpy(r->mode_locs, p->mode_locs, sizeof r->mode_locs);
	r->nmodes = p->nmodes;
	r->modes_loc = p->modes_loc;
	ident_free(&r->my_id);
	ident_copy(&r->my_id, &p->my_id);
	for (size_t i = 0; i < p->npeers_ids; i++) {
		RL_GROW(r->peers_ids, r->cappeers_ids, r->npeers_ids + 1);
		ident_copy(&r->peers_ids[r->npeers_ids++], &p->peers_ids[i]);
	}
	r->verify_identifier = p->verify_identifier;
	r->proposal_check = p->proposal_check;
	r->passive = p->passive;
	r->generate_policy = p->generate_policy;
	r->nat_traversal = p->nat_traversal;
	r->dpd = p->dpd;
	r->dpd_delay = p->dpd_delay;
	r->lifetime = p->lifetime;
	r->ph1id = p->ph1id;
	r->support_proxy = p->support_proxy;
	r->has_cert = p->has_cert;
	r->cert_loc = p->cert_loc;
	for (size_t i = 0; i < p->nprops; i++) {
		rl_proposal *c = rl_remote_add_proposal(r, p->props[i]->loc);
		*c = *p->props[i];
	}
}

void rl_remote_add_mode(rl_remote *r, rl_xmode m, rl_loc loc, rl_loc stmt)
{
	bool same_stmt = r->modes_loc.src == stmt.src && r->modes_loc.span.start == stmt.span.start &&
			 r->modes_loc.span.end == stmt.span.end;
	if (!same_stmt)
		r->nmodes = 0;
	r->modes_loc = stmt;
	if (r->nmodes < sizeof r->modes / sizeof r->modes[0]) {
		r->mode_locs[r->nmodes] = loc;
		r->modes[r->nmodes++] = m;
	}
}

void rl_ident_set(rl_ident *id, rl_idtype type, const char *value, size_t len, rl_loc loc)
{
	ident_free(id);
	memset(id, 0, sizeof *id);
	id->type = type;
	id->loc = loc;
	if (value) {
		id->value = rl_xstrndup(value, len);
		id->len = len;
		if (type == RL_ID_ADDRESS && !rl_addr_parse(value, len, &id->addr))
			memset(&id->addr, 0, sizeof id->addr);
	}
}

void rl_remote_set_my_id(rl_remote *r, rl_idtype type, const char *value, size_t len, rl_loc loc)
{
	rl_ident_set(&r->my_id, type, value, len, loc);
}

void rl_remote_add_peers_id(rl_remote *r, rl_idtype type, const char *value, size_t len, rl_loc loc)
{
	RL_GROW(r->peers_ids, r->cappeers_ids, r->npeers_ids + 1);
	rl_ident *id = &r->peers_ids[r->npeers_ids++];
	memset(id, 0, sizeof *id);
	rl_ident_set(id, type, value, len, loc);
}

rl_proposal *rl_remote_add_proposal(rl_remote *r, rl_loc loc)
{
	rl_proposal *p = rl_xcalloc(1, sizeof *p);
	p->loc = loc;
	RL_GROW(r->props, r->capprops, r->nprops + 1);
	r->props[r->nprops++] = p;
	return p;
}

static const rl_alg *find_alg(const char *word, rl_alg_class cls)
{
	const rl_alg *a = rl_alg_find(word, strlen(word));
	if (a && (a->classes & cls))
		return a;
	/* dh_group and pfs_group also take the group number */
	if (cls == RL_AC_DH && isdigit((unsigned char)word[0]))
		return rl_dh_by_number(strtoul(word, NULL, 10));
	return NULL;
}

bool rl_proposal_set_alg(rl_proposal *p, rl_alg_class cls, const rl_alg *a, int keylen, rl_loc loc)
{
	if (!a)
		return false;
	switch (cls) {
	case RL_AC_P1_ENC: p->enc = a; p->keylen = keylen; p->enc_loc = loc; break;
	case RL_AC_P1_HASH: p->hash = a; p->hash_loc = loc; break;
	case RL_AC_P1_AUTH: p->auth = a; p->auth_loc = loc; break;
	case RL_AC_DH: p->dh = a; p->dh_loc = loc; break;
	default: return false;
	}
	return true;
}

bool rl_proposal_set(rl_proposal *p, rl_alg_class cls, const char *word, int keylen, rl_loc loc)
{
	return rl_proposal_set_alg(p, cls, find_alg(word, cls), keylen, loc);
}

/* ---- sainfo blocks ------------------------------------------------- */

rl_sainfo *rl_host_add_sainfo(rl_host *h, rl_loc loc)
{
	rl_host_touch(h);
	rl_sainfo *s = rl_xcalloc(1, sizeof *s);
	s->loc = loc;
	s->index = h->nsainfos;
	s->local.proto = s->remote.proto = RL_PROTO_ANY;
	s->local.loc = s->remote.loc = loc;
	RL_GROW(h->sainfos, h->capsainfos, h->nsainfos + 1);
	h->sainfos[h->nsainfos++] = s;
	return s;
}

void rl_sid_set_addr(rl_sid *s, const rl_addr *a, int port, int proto, rl_loc loc)
{
	s->kind = RL_SID_ADDRESS;
	s->addr = *a;
	s->port = port;
	s->proto = proto;
	s->loc = loc;
}

void rl_sid_set_name(rl_sid *s, rl_idtype type, const char *name, size_t len, rl_loc loc)
{
	free(s->name);
	s->kind = RL_SID_NAME;
	s->idtype = type;
	s->name = rl_xstrndup(name, len);
	s->namelen = len;
	s->proto = RL_PROTO_ANY;
	s->loc = loc;
}

static void p2_push(rl_p2alg **v, size_t *n, size_t *cap, const rl_alg *a, int keylen, rl_loc loc)
{
	/* most lists hold one or two algorithms: room for two at first */
	if (!*cap) {
		*v = rl_xmalloc(2 * sizeof **v);
		*cap = 2;
	}
	rl_grow((void **)v, cap, *n + 1, sizeof **v);
	(*v)[*n].alg = a;
	(*v)[*n].keylen = keylen;
	(*v)[*n].loc = loc;
	(*n)++;
}

bool rl_sainfo_add_alg(rl_sainfo *s, rl_alg_class cls, const rl_alg *a, int keylen, rl_loc loc)
{
	if (!a)
		return false;
	switch (cls) {
	case RL_AC_P2_ENC: p2_push(&s->enc, &s->nenc, &s->capenc, a, keylen, loc); break;
	case RL_AC_P2_AUTH: p2_push(&s->auth, &s->nauth, &s->capauth, a, 0, loc); break;
	case RL_AC_P2_COMP: p2_push(&s->comp, &s->ncomp, &s->capcomp, a, 0, loc); break;
	case RL_AC_DH: s->pfs = a; s->pfs_loc = loc; break;
	default: return false;
	}
	return true;
}

bool rl_sainfo_add(rl_sainfo *s, rl_alg_class cls, const char *word, int keylen, rl_loc loc)
{
	return rl_sainfo_add_alg(s, cls, find_alg(word, cls), keylen, loc);
}

/* ---- psk.txt ------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode "0x..." as racoon does: hex digits, white space skipped, an even
 * number of at least two digits. */
static bool decode_hex(rl_psk *p, const char *key, size_t n)
{
	p->secret = rl_xmalloc(n / 2 + 1);
	size_t digits = 0;
	int hi = 0;
	for (size_t i = 2; i < n; i++) {
		int c = (unsigned char)key[i];
		if (isspace(c))
			continue;
		int v = hexval(c);
		if (v < 0)
			return false;
		if (digits++ % 2 == 0)
			hi = v;
		else
			p->secret[p->secret_len++] = (uint8_t)(hi << 4 | v);
	}
	return digits >= 2 && digits % 2 == 0;
}

static void classify_text_key(rl_psk *p, const char *key, size_t n)
{
	p->secret = rl_xmalloc(n + 1);
	memcpy(p->secret, key, n);
	p->secret_len = n;
	p->trailing_cr = key[n - 1] == '\r';
	size_t end = n;
	while (end > 0 && key[end - 1] == '\r')
		end--;
	p->trailing_blank = end > 0 && (key[end - 1] == ' ' || key[end - 1] == '\t');
	while (end > 0 && isspace((unsigned char)key[end - 1]))
		end--;
	p->quoted = end >= 2 && key[0] == '"' && key[end - 1] == '"';
}

rl_psk *rl_host_add_psk(rl_host *h, const char *id, size_t idlen, rl_loc id_loc, const char *key, size_t keylen,
			rl_loc key_loc)
{
	rl_host_touch(h);
	rl_psk *p = rl_xcalloc(1, sizeof *p);
	p->index = h->npsks;
	p->id = rl_xstrndup(id, idlen);
	p->idlen = idlen;
	p->loc = id_loc;
	p->key_loc = key_loc;
	p->wildcard = idlen == 1 && id[0] == '*';
	p->has_key = key && keylen > 0;
	if (p->has_key) {
		p->hex = keylen >= 2 && key[0] == '0' && key[1] == 'x';
		if (p->hex)
			p->bad_hex = !decode_hex(p, key, keylen);
		else
			classify_text_key(p, key, keylen);
	}
	RL_GROW(h->psks, h->cappsks, h->npsks + 1);
	h->psks[h->npsks++] = p;
	return p;
}

bool rl_psk_secret_equal(const rl_psk *a, const rl_psk *b)
{
	return a->has_key && b->has_key && !a->bad_hex && !b->bad_hex && a->secret_len == b->secret_len &&
	       memcmp(a->secret, b->secret, a->secret_len) == 0;
}

/* ---- setkey -------------------------------------------------------- */

rl_policy *rl_host_add_policy(rl_host *h, rl_spdcmd cmd, rl_loc loc)
{
	rl_host_touch(h);
	rl_policy_block *b = h->policy_blocks;
	if (!b || b->n == RL_POLICY_BLOCK) {
		/* a block's policies are cleared as they are made, not here: the
		 * pages of a block stay untouched until it fills */
		b = rl_xmalloc(sizeof *b);
		b->prev = h->policy_blocks;
		b->n = 0;
		h->policy_blocks = b;
	}
	rl_policy *p = &b->v[b->n++];
	memset(p, 0, sizeof *p);
	p->index = h->npolicies;
	p->cmd = cmd;
	p->loc = loc;
	p->sel.proto = RL_PROTO_ANY;
	p->action = cmd == RL_SPD_FLUSH ? RL_ACT_NONE : RL_ACT_IPSEC;
	RL_GROW(h->policies, h->cappolicies, h->npolicies + 1);
	h->policies[h->npolicies++] = p;
	return p;
}

rl_sprule *rl_policy_add_rule(rl_policy *p, rl_ipsec_proto proto, rl_ipsec_mode mode, rl_level level, rl_loc loc)
{
	/* most policies have one rule, a few two: grow from one, not from
	 * RL_GROW's eight (the spare seven were most of a host's model) */
	if (p->nrules == p->caprules) {
		if (!p->caprules) {
			p->rules = &p->rule1;
			p->caprules = 1;
		} else {
			size_t cap = p->caprules * 2;
			rl_sprule *v = rl_xmalloc(cap * sizeof *v);
			memcpy(v, p->rules, p->nrules * sizeof *v);
			if (p->rules != &p->rule1)
				free(p->rules);
			p->rules = v;
			p->caprules = cap;
		}
	}
	rl_sprule *r = &p->rules[p->nrules++];
	memset(r, 0, sizeof *r);
	r->proto = proto;
	r->mode = mode;
	r->level = level;
	r->loc = loc;
	return r;
}

rl_sa *rl_host_add_sa(rl_host *h, rl_spdcmd cmd, rl_loc loc)
{
	rl_sa *s = rl_xcalloc(1, sizeof *s);
	s->cmd = cmd;
	s->loc = loc;
	RL_GROW(h->sas, h->capsas, h->nsas + 1);
	h->sas[h->nsas++] = s;
	return s;
}

/* ---- identities ---------------------------------------------------- */

static rl_idtype id_kind(rl_idtype t)
{
	return t == RL_ID_NONE ? RL_ID_ADDRESS : t;
}

/* Next relative name of a DN: [*p, end) up to a ',' not escaped. */
static bool next_rdn(const char **p, const char *end, const char **s, size_t *n)
{
	while (*p < end && (**p == ' ' || **p == ','))
		(*p)++;
	if (*p >= end)
		return false;
	*s = *p;
	while (*p < end && **p != ',') {
		if (**p == '\\' && *p + 1 < end)
			(*p)++;
		(*p)++;
	}
	*n = (size_t)(*p - *s);
	while (*n && (*s)[*n - 1] == ' ')
		(*n)--;
	return true;
}

static bool dn_matches(const char *pat, size_t plen, const char *val, size_t vlen)
{
	const char *p = pat, *pe = pat + plen, *v = val, *ve = val + vlen;
	const char *ps, *vs;
	size_t pn, vn;
	for (;;) {
		bool more_p = next_rdn(&p, pe, &ps, &pn);
		bool more_v = next_rdn(&v, ve, &vs, &vn);
		if (!more_p || !more_v)
			return more_p == more_v;
		const char *eq = memchr(ps, '=', pn);
		bool wild = eq && (size_t)(ps + pn - eq) == 2 && eq[1] == '*';
		size_t attr = eq ? (size_t)(eq - ps) + 1 : pn;
		if (wild ? (vn < attr || memcmp(ps, vs, attr) != 0) : (pn != vn || memcmp(ps, vs, pn) != 0))
			return false;
	}
}

bool rl_ident_matches(const rl_ident *pattern, const rl_ident *id)
{
	if (id_kind(pattern->type) != id_kind(id->type))
		return false;
	if (!pattern->value)
		return true;
	if (id_kind(pattern->type) == RL_ID_ADDRESS && pattern->addr.family && id->addr.family)
		return rl_addr_equal(&pattern->addr, &id->addr);
	if (!id->value)
		return false;
	if (pattern->type == RL_ID_ASN1DN)
		return dn_matches(pattern->value, pattern->len, id->value, id->len);
	return pattern->len == id->len && memcmp(pattern->value, id->value, id->len) == 0;
}
