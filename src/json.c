/* json.c: builds the flat node index from yajl's streaming callbacks (no recursion anywhere), and
 * the tree walks on it: children, keys, folding and visible-line iteration. */
#include "json.h"

#include <stdlib.h>
#include <string.h>
#include <yajl_parse.h>

typedef struct pctx {
    json_doc *d;
    uint32_t cap;
    uint32_t *stack; /* open containers, innermost last (owned) */
    uint32_t depth, stack_cap;
    yajl_handle h;
    const unsigned char *base;
    bool too_deep;
} pctx;

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Offset of the opening quote of the string whose closing quote is at q. */
static size_t open_quote(const char *t, size_t q)
{
    for (size_t p = q; p-- > 0;) {
        if (t[p] != '"')
            continue;
        size_t bs = 0;
        while (bs < p && t[p - 1 - bs] == '\\')
            bs++;
        if (bs % 2 == 0)
            return p;
    }
    return 0;
}

static uint32_t add_node(pctx *c, json_type type, size_t start, size_t len)
{
    json_doc *d = c->d;
    if (d->n == c->cap) {
        c->cap = c->cap ? c->cap + c->cap / 2 : 1024;
        d->nodes = xrealloc(d->nodes, (size_t)c->cap * sizeof *d->nodes);
    }
    uint32_t i = d->n++;
    json_node *nd = &d->nodes[i];
    uint32_t parent = c->depth ? c->stack[c->depth - 1] : JSON_NONE;
    nd->parent = parent;
    nd->end = i + 1;
    nd->start = (uint32_t)start;
    nd->len = (uint32_t)len;
    nd->info = (uint32_t)type | c->depth << JSON_DEPTH_SHIFT;
    if (parent != JSON_NONE && json_type_of(d, parent) == JSON_OBJECT)
        nd->info |= JSON_F_MEMBER;
    return i;
}

static size_t consumed(pctx *c) { return yajl_get_bytes_consumed(c->h); }

static int cb_null(void *ctx)
{
    pctx *c = ctx;
    add_node(c, JSON_NULL, consumed(c) - 4, 4);
    return 1;
}

static int cb_bool(void *ctx, int v)
{
    pctx *c = ctx;
    size_t n = v ? 4 : 5;
    add_node(c, v ? JSON_TRUE : JSON_FALSE, consumed(c) - n, n);
    return 1;
}

static int cb_number(void *ctx, const char *s, size_t len)
{
    pctx *c = ctx;
    size_t off = consumed(c);
    (void)s;
    /* A bare top-level number is only seen by yajl_complete_parse (offsets of its " " buffer);
     * json_parse fixes the root's span afterwards. */
    add_node(c, JSON_NUMBER, off >= len ? off - len : 0, len);
    return 1;
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
    pctx *c = ctx;
    size_t start, total;
    const json_doc *d = c->d;
    if (s > c->base && s + len < c->base + d->text_len) {
        start = (size_t)(s - c->base) - 1;
        total = len + 2;
    } else { /* escapes: yajl decoded into its own buffer; the token ends at the offset */
        size_t end = consumed(c);
        start = open_quote(d->text, end - 1);
        total = end - start;
    }
    add_node(c, JSON_STRING, start, total);
    return 1;
}

static int cb_key(void *ctx, const unsigned char *s, size_t len)
{
    (void)ctx, (void)s, (void)len;
    return 1;
}

static int open_container(pctx *c, json_type t)
{
    if (c->depth >= JSON_MAX_DEPTH) {
        c->too_deep = true;
        return 0; /* cancels the parse */
    }
    uint32_t i = add_node(c, t, consumed(c) - 1, 1);
    if (c->depth == c->stack_cap) {
        c->stack_cap = c->stack_cap ? c->stack_cap * 2 : 64;
        c->stack = xrealloc(c->stack, (size_t)c->stack_cap * sizeof *c->stack);
    }
    c->stack[c->depth++] = i;
    return 1;
}

static int close_container(pctx *c)
{
    if (!c->depth)
        return 0;
    uint32_t i = c->stack[--c->depth];
    json_node *nd = &c->d->nodes[i];
    nd->len = (uint32_t)(consumed(c) - nd->start);
    nd->end = c->d->n;
    return 1;
}

static int cb_start_map(void *ctx) { return open_container(ctx, JSON_OBJECT); }
static int cb_start_array(void *ctx) { return open_container(ctx, JSON_ARRAY); }
static int cb_end(void *ctx) { return close_container(ctx); }

static const yajl_callbacks callbacks = {
    cb_null, cb_bool, NULL, NULL, cb_number, cb_string, cb_start_map, cb_key, cb_end, cb_start_array, cb_end,
};

/* An upper bound of the number of values, from one pass over the text: every value opens a
 * container or follows '[', '{', ',' or the start (empty containers over-count by one). Sizing the
 * node array once keeps the peak memory at the index itself instead of a growing copy. */
static size_t count_values(const char *t, size_t len)
{
    size_t n = 1;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char ch = t[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = false;
        } else if (ch == '"')
            in_str = true;
        else if (ch == ',' || ch == '[' || ch == '{')
            n++;
    }
    return n;
}

static json_doc *parse(const char *text, size_t len, bool own, char **err)
{
    *err = NULL;
    if (len > JSON_MAX_TEXT) {
        *err = xasprintf("the document is %zu bytes; the viewer takes at most %zu", len, JSON_MAX_TEXT);
        return NULL;
    }
    size_t a = 0;
    while (a < len && is_ws(text[a]))
        a++;
    if (a == len) {
        *err = xstrdup("empty document: no JSON value");
        return NULL;
    }
    json_doc *d = xcalloc(1, sizeof *d);
    d->text = text;
    d->text_len = len;
    d->own_text = own;
    pctx c = {.d = d, .base = (const unsigned char *)text};
    size_t est = count_values(text, len);
    c.cap = est < UINT32_MAX ? (uint32_t)est : UINT32_MAX - 1;
    d->nodes = xmalloc((size_t)c.cap * sizeof *d->nodes);
    c.h = yajl_alloc(&callbacks, NULL, &c);
    if (!c.h) {
        fprintf(stderr, "agentdb: out of memory\n");
        abort();
    }
    yajl_config(c.h, yajl_dont_validate_strings, 1);
    yajl_status st = yajl_parse(c.h, (const unsigned char *)text, len);
    size_t off = yajl_get_bytes_consumed(c.h);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(c.h);
    if (st != yajl_status_ok) {
        unsigned char *m = yajl_get_error(c.h, 0, (const unsigned char *)text, len);
        char *msg = xstrdup(m ? (const char *)m : "parse error");
        if (m)
            yajl_free_error(c.h, m);
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || is_ws(msg[n - 1])))
            msg[--n] = 0;
        if (c.too_deep)
            *err = xasprintf("the document nests deeper than %u levels, the most the viewer takes", JSON_MAX_DEPTH);
        else
            *err = xasprintf("invalid JSON near byte %zu: %s", off, msg);
        free(msg);
        yajl_free(c.h);
        free(c.stack);
        d->own_text = false;
        json_free(d);
        return NULL;
    }
    yajl_free(c.h);
    free(c.stack);
    if (d->n && !json_is_container(d, 0)) { /* a bare scalar: its span is the trimmed text */
        size_t b = len;
        while (b > a && is_ws(text[b - 1]))
            b--;
        d->nodes[0].start = (uint32_t)a;
        d->nodes[0].len = (uint32_t)(b - a);
    }
    if (d->n < c.cap)
        d->nodes = xrealloc(d->nodes, (size_t)(d->n ? d->n : 1) * sizeof *d->nodes);
    return d;
}

json_doc *json_parse(const char *text, size_t len, char **err) { return parse(text, len, false, err); }

json_doc *json_parse_owned(char *text, size_t len, char **err)
{
    json_doc *d = parse(text, len, true, err);
    if (!d)
        free(text);
    return d;
}

void json_free(json_doc *d)
{
    if (!d)
        return;
    if (d->own_text)
        free((char *)d->text);
    free(d->nodes);
    free(d);
}

uint32_t json_first_child(const json_doc *d, uint32_t i)
{
    return d->nodes[i].end > i + 1 ? i + 1 : JSON_NONE;
}

uint32_t json_nchildren(const json_doc *d, uint32_t i)
{
    uint32_t k = 0;
    for (uint32_t c = i + 1; c < d->nodes[i].end; c = d->nodes[c].end)
        k++;
    return k;
}

uint32_t json_next_sibling(const json_doc *d, uint32_t i)
{
    uint32_t p = d->nodes[i].parent;
    if (p == JSON_NONE)
        return JSON_NONE;
    uint32_t e = d->nodes[i].end;
    return e < d->nodes[p].end ? e : JSON_NONE;
}

uint32_t json_child_pos(const json_doc *d, uint32_t i)
{
    uint32_t p = d->nodes[i].parent;
    if (p == JSON_NONE)
        return 0;
    uint32_t k = 0;
    for (uint32_t c = p + 1; c != i; c = d->nodes[c].end)
        k++;
    return k;
}

bool json_key(const json_doc *d, uint32_t i, strbuf *out)
{
    if (!json_is_member(d, i))
        return false;
    const char *t = d->text;
    size_t p = d->nodes[i].start;
    while (p > 0 && is_ws(t[p - 1]))
        p--;
    if (p > 0 && t[p - 1] == ':')
        p--;
    while (p > 0 && is_ws(t[p - 1]))
        p--;
    if (p == 0 || t[p - 1] != '"')
        return false;
    size_t q = p - 1, o = open_quote(t, q);
    json_unescape(t + o + 1, q - o - 1, out);
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static long hex4(const char *s, size_t left)
{
    if (left < 4)
        return -1;
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static void put_utf8(strbuf *out, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6)), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    sb_appendn(out, b, n);
}

void json_unescape(const char *s, size_t len, strbuf *out)
{
    sb_grow(out, len);
    out->buf[out->len] = 0; /* terminated even when nothing is appended */
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '\\')
            j++;
        sb_appendn(out, s + i, j - i);
        if (j >= len)
            break;
        i = j + 1;
        if (i >= len)
            break;
        char e = s[i++];
        switch (e) {
        case 'b': sb_appendc(out, '\b'); break;
        case 'f': sb_appendc(out, '\f'); break;
        case 'n': sb_appendc(out, '\n'); break;
        case 'r': sb_appendc(out, '\r'); break;
        case 't': sb_appendc(out, '\t'); break;
        case 'u': {
            long cp = hex4(s + i, len - i);
            if (cp < 0) {
                sb_appendn(out, "\\u", 2);
                break;
            }
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < len && s[i] == '\\' && s[i + 1] == 'u') {
                long lo = hex4(s + i + 2, len - i - 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    i += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD;
            if (cp == 0)
                sb_grow(out, 1), out->buf[out->len++] = 0, out->buf[out->len] = 0;
            else
                put_utf8(out, (unsigned long)cp);
            break;
        }
        default: sb_appendc(out, e); break; /* \" \\ \/ */
        }
    }
}

bool json_scalar(const json_doc *d, uint32_t i, strbuf *out)
{
    const json_node *nd = &d->nodes[i];
    if (json_is_container(d, i))
        return false;
    if (json_type_of(d, i) == JSON_STRING)
        json_unescape(d->text + nd->start + 1, nd->len >= 2 ? nd->len - 2 : 0, out);
    else
        sb_appendn(out, d->text + nd->start, nd->len);
    return true;
}

/* ---- folding ---- */

void json_fold(json_doc *d, uint32_t i, bool folded)
{
    if (!json_is_container(d, i))
        return;
    if (folded)
        d->nodes[i].info |= JSON_F_FOLDED;
    else
        d->nodes[i].info &= ~(uint32_t)JSON_F_FOLDED;
}

void json_toggle(json_doc *d, uint32_t i) { json_fold(d, i, !json_folded(d, i)); }

void json_fold_level(json_doc *d, uint32_t n)
{
    for (uint32_t i = 0; i < d->n; i++)
        json_fold(d, i, json_depth(d, i) >= n);
}

void json_fold_all(json_doc *d) { json_fold_level(d, 1); }

void json_unfold_all(json_doc *d)
{
    for (uint32_t i = 0; i < d->n; i++)
        d->nodes[i].info &= ~(uint32_t)JSON_F_FOLDED;
}

void json_reveal(json_doc *d, uint32_t i)
{
    for (uint32_t p = d->nodes[i].parent; p != JSON_NONE; p = d->nodes[p].parent)
        d->nodes[p].info &= ~(uint32_t)JSON_F_FOLDED;
}

uint32_t json_fold_count(const json_doc *d)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < d->n; i++)
        k += json_folded(d, i);
    return k;
}

uint32_t json_visible_node(const json_doc *d, uint32_t i)
{
    uint32_t v = i;
    for (uint32_t p = d->nodes[i].parent; p != JSON_NONE; p = d->nodes[p].parent)
        if (json_folded(d, p))
            v = p;
    return v;
}

/* ---- visible lines ---- */

bool json_has_close(const json_doc *d, uint32_t i)
{
    return json_is_container(d, i) && !json_folded(d, i) && d->nodes[i].end > i + 1;
}

json_line json_line_first(const json_doc *d)
{
    (void)d;
    return (json_line){0, false};
}

bool json_line_next(const json_doc *d, json_line *l)
{
    uint32_t i = l->node;
    if (!l->close && json_has_close(d, i)) {
        *l = (json_line){i + 1, false};
        return true;
    }
    uint32_t p = d->nodes[i].parent;
    if (p == JSON_NONE)
        return false;
    if (d->nodes[i].end < d->nodes[p].end)
        *l = (json_line){d->nodes[i].end, false};
    else
        *l = (json_line){p, true};
    return true;
}

/* The last line of the subtree of i as displayed. */
static json_line last_of(const json_doc *d, uint32_t i)
{
    return (json_line){i, json_has_close(d, i)};
}

/* The child of p that contains node x (x a descendant of p). */
static uint32_t child_containing(const json_doc *d, uint32_t p, uint32_t x)
{
    while (d->nodes[x].parent != p)
        x = d->nodes[x].parent;
    return x;
}

bool json_line_prev(const json_doc *d, json_line *l)
{
    uint32_t i = l->node;
    if (l->close) { /* the last line of the last child */
        *l = last_of(d, child_containing(d, i, d->nodes[i].end - 1));
        return true;
    }
    uint32_t p = d->nodes[i].parent;
    if (p == JSON_NONE)
        return false;
    if (i == p + 1) {
        *l = (json_line){p, false};
        return true;
    }
    *l = last_of(d, child_containing(d, p, i - 1));
    return true;
}

json_line json_line_last(const json_doc *d) { return last_of(d, 0); }

size_t json_visible_count(const json_doc *d)
{
    size_t k = 0;
    uint32_t i = 0;
    while (i < d->n) {
        k++;
        if (json_has_close(d, i)) {
            k++;
            i++;
        } else
            i = d->nodes[i].end;
    }
    return k;
}
