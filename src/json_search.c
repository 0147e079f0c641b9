/* json_search.c: regex search over the decoded keys and values of an index, with hit counts for
 * any subtree (so folded nodes can say how many hits they hide) and next/previous hit. */
#include "json.h"

#include <regex.h>
#include <stdlib.h>

void json_hits_free(json_hits *h)
{
    free(h->nodes);
    h->nodes = NULL;
    h->n = 0;
}

int json_search(const json_doc *d, const char *pattern, json_search_where where, bool icase,
                json_hits *hits, char **err)
{
    json_hits_free(hits);
    *err = NULL;
    regex_t re;
    int rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0));
    if (rc) {
        char msg[256];
        regerror(rc, &re, msg, sizeof msg);
        *err = xasprintf("bad regular expression '%s': %s", pattern, msg);
        return -1;
    }
    uint32_t cap = 0;
    strbuf s = STRBUF_INIT;
    for (uint32_t i = 0; i < d->n; i++) {
        bool hit = false;
        if (where & JSON_SEARCH_KEYS) {
            sb_reset(&s);
            hit = json_key(d, i, &s) && regexec(&re, sb_str(&s), 0, NULL, 0) == 0;
        }
        if (!hit && (where & JSON_SEARCH_VALUES)) {
            sb_reset(&s);
            hit = json_scalar(d, i, &s) && regexec(&re, sb_str(&s), 0, NULL, 0) == 0;
        }
        if (!hit)
            continue;
        if (hits->n == cap) {
            cap = cap ? cap * 2 : 64;
            hits->nodes = xrealloc(hits->nodes, (size_t)cap * sizeof *hits->nodes);
        }
        hits->nodes[hits->n++] = i;
    }
    sb_free(&s);
    regfree(&re);
    return 0;
}

/* Index of the first hit >= x. */
static uint32_t lower_bound(const json_hits *h, uint32_t x)
{
    uint32_t lo = 0, hi = h->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (h->nodes[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

uint32_t json_hits_in(const json_doc *d, const json_hits *h, uint32_t i)
{
    return lower_bound(h, d->nodes[i].end) - lower_bound(h, i);
}

uint32_t json_hit_next(const json_hits *h, uint32_t after)
{
    if (!h->n)
        return JSON_NONE;
    uint32_t k = after == JSON_NONE ? 0 : lower_bound(h, after + 1);
    return h->nodes[k < h->n ? k : 0];
}

uint32_t json_hit_prev(const json_hits *h, uint32_t before)
{
    if (!h->n)
        return JSON_NONE;
    uint32_t k = before == JSON_NONE ? h->n : lower_bound(h, before);
    return h->nodes[k > 0 ? k - 1 : h->n - 1];
}
