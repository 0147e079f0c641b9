/* json_diff.c: structural diff of two indexed documents, iterative (an explicit work stack), with
 * object members matched by key and array elements by position; reports added, removed, changed. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

typedef enum { W_PAIR, W_ADDED, W_REMOVED } wkind;
typedef struct work {
    wkind kind;
    uint32_t a, b;
} work;

typedef struct keyed {
    char *key; /* owned */
    size_t len;
    uint32_t node;
    uint32_t pos; /* position among the members */
    bool used;
} keyed;

static int keyed_cmp(const void *x, const void *y)
{
    const keyed *p = x, *q = y;
    size_t n = p->len < q->len ? p->len : q->len;
    int c = memcmp(p->key, q->key, n);
    if (c)
        return c;
    if (p->len != q->len)
        return p->len < q->len ? -1 : 1;
    return p->node < q->node ? -1 : p->node > q->node;
}

static bool scalar_equal(const json_doc *a, uint32_t ia, const json_doc *b, uint32_t ib)
{
    const json_node *x = &a->nodes[ia], *y = &b->nodes[ib];
    json_type t = json_type_of(a, ia);
    if (t != json_type_of(b, ib))
        return false;
    if (t == JSON_NUMBER) {
        if (x->len == y->len && memcmp(a->text + x->start, b->text + y->start, x->len) == 0)
            return true;
        char *s1 = xstrndup(a->text + x->start, x->len), *s2 = xstrndup(b->text + y->start, y->len);
        bool eq = strtod(s1, NULL) == strtod(s2, NULL);
        free(s1);
        free(s2);
        return eq;
    }
    if (t != JSON_STRING)
        return true;
    strbuf s1 = STRBUF_INIT, s2 = STRBUF_INIT;
    json_scalar(a, ia, &s1);
    json_scalar(b, ib, &s2);
    bool eq = s1.len == s2.len && memcmp(sb_str(&s1), sb_str(&s2), s1.len) == 0;
    sb_free(&s1);
    sb_free(&s2);
    return eq;
}

typedef struct wstack {
    work *w;
    size_t n, cap;
} wstack;

static void wpush(wstack *s, wkind k, uint32_t a, uint32_t b)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->w = xrealloc(s->w, s->cap * sizeof *s->w);
    }
    s->w[s->n++] = (work){k, a, b};
}

static void emit(json_diff *out, size_t *cap, json_diff_kind k, uint32_t a, uint32_t b)
{
    if (out->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        out->e = xrealloc(out->e, *cap * sizeof *out->e);
    }
    out->e[out->n++] = (json_diff_entry){k, a, b};
}

/* Push the work for two objects: members of a in order (matched pairs or removals), then the
 * members only b has. Pushed in reverse so they pop in document order. */
static void push_objects(wstack *s, const json_doc *a, uint32_t ia, const json_doc *b, uint32_t ib)
{
    uint32_t nb = json_nchildren(b, ib), na = json_nchildren(a, ia);
    keyed *kb = xcalloc(nb ? nb : 1, sizeof *kb);
    strbuf t = STRBUF_INIT;
    uint32_t k = 0;
    for (uint32_t c = json_first_child(b, ib); c != JSON_NONE; c = json_next_sibling(b, c), k++) {
        sb_reset(&t);
        json_key(b, c, &t);
        char *key = xmalloc(t.len + 1); /* keys may hold NUL (\u0000): copy by length */
        memcpy(key, sb_str(&t), t.len + 1);
        kb[k] = (keyed){key, t.len, c, k, false};
    }
    qsort(kb, nb, sizeof *kb, keyed_cmp);
    work *mine = xmalloc((size_t)(na + nb + 1) * sizeof *mine);
    bool *usedpos = xcalloc(nb ? nb : 1, sizeof *usedpos);
    size_t m = 0;
    for (uint32_t c = json_first_child(a, ia); c != JSON_NONE; c = json_next_sibling(a, c)) {
        sb_reset(&t);
        json_key(a, c, &t);
        keyed probe = {(char *)sb_str(&t), t.len, 0, 0, false};
        /* the first unused entry with this key */
        size_t lo = 0, hi = nb;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (keyed_cmp(&kb[mid], &probe) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        while (lo < nb && kb[lo].used && kb[lo].len == t.len && memcmp(kb[lo].key, sb_str(&t), t.len) == 0)
            lo++;
        if (lo < nb && !kb[lo].used && kb[lo].len == t.len && memcmp(kb[lo].key, sb_str(&t), t.len) == 0) {
            kb[lo].used = true;
            usedpos[kb[lo].pos] = true;
            mine[m++] = (work){W_PAIR, c, kb[lo].node};
        } else
            mine[m++] = (work){W_REMOVED, c, JSON_NONE};
    }
    /* additions in b's order */
    k = 0;
    for (uint32_t c = json_first_child(b, ib); c != JSON_NONE; c = json_next_sibling(b, c), k++)
        if (!usedpos[k])
            mine[m++] = (work){W_ADDED, JSON_NONE, c};
    while (m > 0) {
        m--;
        wpush(s, mine[m].kind, mine[m].a, mine[m].b);
    }
    for (uint32_t q = 0; q < nb; q++)
        free(kb[q].key);
    free(kb);
    free(usedpos);
    free(mine);
    sb_free(&t);
}

static void push_arrays(wstack *s, const json_doc *a, uint32_t ia, const json_doc *b, uint32_t ib)
{
    uint32_t na = json_nchildren(a, ia), nb = json_nchildren(b, ib);
    uint32_t n = na > nb ? na : nb;
    work *mine = xmalloc((size_t)(n + 1) * sizeof *mine);
    uint32_t ca = json_first_child(a, ia), cb = json_first_child(b, ib);
    for (uint32_t k = 0; k < n; k++) {
        if (ca != JSON_NONE && cb != JSON_NONE)
            mine[k] = (work){W_PAIR, ca, cb};
        else if (ca != JSON_NONE)
            mine[k] = (work){W_REMOVED, ca, JSON_NONE};
        else
            mine[k] = (work){W_ADDED, JSON_NONE, cb};
        if (ca != JSON_NONE)
            ca = json_next_sibling(a, ca);
        if (cb != JSON_NONE)
            cb = json_next_sibling(b, cb);
    }
    for (uint32_t k = n; k-- > 0;)
        wpush(s, mine[k].kind, mine[k].a, mine[k].b);
    free(mine);
}

/* Walk; with out NULL stop at the first difference. Returns whether any difference was found. */
static bool walk(const json_doc *a, uint32_t ia, const json_doc *b, uint32_t ib, json_diff *out)
{
    wstack s = {0};
    size_t cap = out ? out->n : 0;
    bool any = false;
    wpush(&s, W_PAIR, ia, ib);
    while (s.n > 0 && !(any && !out)) {
        work w = s.w[--s.n];
        if (w.kind != W_PAIR) {
            any = true;
            if (out)
                emit(out, &cap, w.kind == W_ADDED ? JSON_DIFF_ADDED : JSON_DIFF_REMOVED, w.a, w.b);
            continue;
        }
        json_type ta = json_type_of(a, w.a), tb = json_type_of(b, w.b);
        if (ta == JSON_OBJECT && tb == JSON_OBJECT)
            push_objects(&s, a, w.a, b, w.b);
        else if (ta == JSON_ARRAY && tb == JSON_ARRAY)
            push_arrays(&s, a, w.a, b, w.b);
        else if (ta == JSON_OBJECT || ta == JSON_ARRAY || tb == JSON_OBJECT || tb == JSON_ARRAY ||
                 !scalar_equal(a, w.a, b, w.b)) {
            any = true;
            if (out)
                emit(out, &cap, JSON_DIFF_CHANGED, w.a, w.b);
        }
    }
    free(s.w);
    return any;
}

void json_diff_run(const json_doc *a, const json_doc *b, json_diff *out)
{
    out->e = NULL;
    out->n = 0;
    walk(a, 0, b, 0, out);
}

void json_diff_free(json_diff *df)
{
    free(df->e);
    df->e = NULL;
    df->n = 0;
}

bool json_equal(const json_doc *a, uint32_t ia, const json_doc *b, uint32_t ib)
{
    return !walk(a, ia, b, ib, NULL);
}
