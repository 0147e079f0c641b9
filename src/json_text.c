/* json_text.c: how index nodes read as text: values and keys made safe for a terminal, container
 * summaries with a preview, byte sizes, whole lines, table cells, and paths in three syntaxes. */
#include "json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out.h"

/* s (len bytes, may hold NULs) as a quoted, terminal-safe literal: \ and " escaped, NUL as \u0000,
 * then out_sanitize for control characters and invalid UTF-8. */
static void quoted_display(const char *s, size_t len, strbuf *out)
{
    strbuf e = STRBUF_INIT;
    sb_grow(&e, len + 2);
    e.buf[0] = 0; /* terminated even when s is empty */
    for (size_t k = 0; k < len; k++) {
        char c = s[k];
        if (c == '\\' || c == '"') {
            sb_appendc(&e, '\\');
            sb_appendc(&e, c);
        } else if (c == 0)
            sb_append(&e, "\\u0000");
        else
            sb_appendc(&e, c);
    }
    char *safe = out_sanitize(sb_str(&e));
    sb_appendc(out, '"');
    sb_append(out, safe);
    sb_appendc(out, '"');
    free(safe);
    sb_free(&e);
}

static void key_display(const json_doc *d, uint32_t i, strbuf *out)
{
    strbuf k = STRBUF_INIT;
    if (json_key(d, i, &k)) {
        quoted_display(sb_str(&k), k.len, out);
        sb_append(out, ": ");
    }
    sb_free(&k);
}

void json_size_text(uint64_t bytes, strbuf *out)
{
    if (bytes < 1024)
        sb_printf(out, "%llu B", (unsigned long long)bytes);
    else if (bytes < 1024 * 1024)
        sb_printf(out, "%.1f KB", (double)bytes / 1024);
    else if (bytes < 1024ull * 1024 * 1024)
        sb_printf(out, "%.1f MB", (double)bytes / (1024.0 * 1024));
    else
        sb_printf(out, "%.1f GB", (double)bytes / (1024.0 * 1024 * 1024));
}

static void scalar_display(const json_doc *d, uint32_t i, strbuf *out)
{
    const json_node *nd = &d->nodes[i];
    if (json_type_of(d, i) == JSON_STRING) {
        strbuf v = STRBUF_INIT;
        json_scalar(d, i, &v);
        if (d->display_max && v.len > d->display_max) { /* cut on a character boundary */
            size_t cut = d->display_max;
            while (cut > 0 && ((unsigned char)v.buf[cut] & 0xC0) == 0x80)
                cut--;
            quoted_display(sb_str(&v), cut, out);
            out->len--; /* reopen the quote */
            out->buf[out->len] = 0;
            sb_append(out, "...\" (");
            json_size_text(v.len, out);
            sb_appendc(out, ')');
        } else
            quoted_display(sb_str(&v), v.len, out);
        sb_free(&v);
    } else
        sb_appendn(out, d->text + nd->start, nd->len);
}

void json_summary(const json_doc *d, uint32_t i, size_t max_preview, strbuf *out)
{
    const json_node *nd = &d->nodes[i];
    bool obj = json_type_of(d, i) == JSON_OBJECT;
    uint32_t n = json_nchildren(d, i);
    sb_printf(out, "%s %u %s, ", obj ? "{...}" : "[...]", n,
              obj ? (n == 1 ? "key" : "keys") : (n == 1 ? "item" : "items"));
    json_size_text(nd->len, out);
    if (!n)
        return;
    sb_append(out, obj ? "  {" : "  [");
    size_t begin = out->len;
    uint32_t c = json_first_child(d, i);
    for (uint32_t k = 0; c != JSON_NONE; k++, c = json_next_sibling(d, c)) {
        if (out->len - begin >= max_preview) {
            sb_append(out, ", ...");
            break;
        }
        if (k)
            sb_append(out, ", ");
        key_display(d, c, out);
        if (json_is_container(d, c))
            sb_append(out, json_type_of(d, c) == JSON_OBJECT ? "{...}" : "[...]");
        else {
            strbuf v = STRBUF_INIT;
            scalar_display(d, c, &v);
            size_t room = max_preview + begin > out->len ? max_preview + begin - out->len : 0;
            if (v.len > room + 3) { /* cut on a character boundary */
                size_t cut = room;
                while (cut > 0 && ((unsigned char)v.buf[cut] & 0xC0) == 0x80)
                    cut--;
                sb_appendn(out, v.buf, cut);
                sb_append(out, "...");
            } else
                sb_append(out, sb_str(&v));
            sb_free(&v);
        }
    }
    sb_append(out, obj ? "}" : "]");
}

void json_value_display(const json_doc *d, uint32_t i, strbuf *out)
{
    const json_node *nd = &d->nodes[i];
    if (!json_is_container(d, i))
        scalar_display(d, i, out);
    else if (nd->end == i + 1)
        sb_append(out, json_type_of(d, i) == JSON_OBJECT ? "{}" : "[]");
    else if (json_folded(d, i))
        json_summary(d, i, 60, out);
    else
        sb_append(out, json_type_of(d, i) == JSON_OBJECT ? "{" : "[");
}

void json_line_text(const json_doc *d, json_line l, strbuf *out)
{
    uint32_t i = l.node;
    if (l.close)
        sb_append(out, json_type_of(d, i) == JSON_OBJECT ? "}" : "]");
    else {
        key_display(d, i, out);
        json_value_display(d, i, out);
        if (json_has_close(d, i) || json_folded(d, i))
            return;
    }
    if (json_next_sibling(d, i) != JSON_NONE)
        sb_appendc(out, ',');
}

void json_cell_text(const json_doc *d, uint32_t node, strbuf *out)
{
    if (node == JSON_NONE)
        return;
    if (!json_is_container(d, node)) {
        if (json_type_of(d, node) == JSON_STRING) { /* cells show strings unquoted */
            strbuf v = STRBUF_INIT, q = STRBUF_INIT;
            json_scalar(d, node, &v);
            quoted_display(sb_str(&v), v.len, &q);
            sb_appendn(out, q.buf + 1, q.len - 2);
            sb_free(&v);
            sb_free(&q);
        } else
            scalar_display(d, node, out);
        return;
    }
    sb_printf(out, "%s%u", json_type_of(d, node) == JSON_OBJECT ? "{}" : "[]", json_nchildren(d, node));
}

/* ---- paths ---- */

static bool plain_ident(const char *s, size_t n)
{
    if (!n || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return false;
    for (size_t k = 1; k < n; k++) {
        char c = s[k];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

/* A JSON string literal of s for jq: ", \ and control characters escaped. */
static void json_lit(const char *s, size_t n, strbuf *out)
{
    sb_appendc(out, '"');
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '"' || c == '\\') {
            sb_appendc(out, '\\');
            sb_appendc(out, (char)c);
        } else if (c == '\n')
            sb_append(out, "\\n");
        else if (c == '\t')
            sb_append(out, "\\t");
        else if (c == '\r')
            sb_append(out, "\\r");
        else if (c < 0x20 || c == 0x7F)
            sb_printf(out, "\\u%04x", c);
        else
            sb_appendc(out, (char)c);
    }
    sb_appendc(out, '"');
}

static bool pg_needs_quotes(const char *s, size_t n)
{
    if (!n || (n == 4 && strncasecmp(s, "null", 4) == 0))
        return true;
    for (size_t k = 0; k < n; k++)
        if (strchr("{}\",\\ \t\n\r\v\f", s[k]) || s[k] == 0)
            return true;
    return false;
}

static void pg_elem(const char *s, size_t n, strbuf *out)
{
    if (!pg_needs_quotes(s, n)) {
        sb_appendn(out, s, n);
        return;
    }
    sb_appendc(out, '"');
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '"' || s[k] == '\\')
            sb_appendc(out, '\\');
        sb_appendc(out, s[k]);
    }
    sb_appendc(out, '"');
}

void json_path(const json_doc *d, uint32_t i, json_path_kind kind, strbuf *out)
{
    size_t depth = json_depth(d, i);
    uint32_t *chain = xmalloc((depth + 1) * sizeof *chain);
    size_t n = 0;
    for (uint32_t x = i; d->nodes[x].parent != JSON_NONE; x = d->nodes[x].parent)
        chain[n++] = x;
    strbuf body = STRBUF_INIT, key = STRBUF_INIT;
    if (kind == JSON_PATH_JSONPATH)
        sb_appendc(&body, '$');
    else if (kind != JSON_PATH_JQ)
        sb_appendc(&body, '{');
    for (size_t k = n; k-- > 0;) {
        uint32_t x = chain[k];
        bool member = json_is_member(d, x);
        sb_reset(&key);
        if (member)
            json_key(d, x, &key);
        else
            sb_printf(&key, "%u", json_child_pos(d, x));
        switch (kind) {
        case JSON_PATH_JQ:
            if (!member)
                sb_printf(&body, "%s[%s]", body.len ? "" : ".", sb_str(&key));
            else if (plain_ident(sb_str(&key), key.len))
                sb_printf(&body, ".%s", sb_str(&key));
            else {
                sb_appendc(&body, '.');
                json_lit(sb_str(&key), key.len, &body);
            }
            break;
        case JSON_PATH_JSONPATH:
            if (!member)
                sb_printf(&body, "[%s]", sb_str(&key));
            else if (plain_ident(sb_str(&key), key.len))
                sb_printf(&body, ".%s", sb_str(&key));
            else {
                sb_append(&body, "['");
                for (size_t c = 0; c < key.len; c++) {
                    if (key.buf[c] == '\'' || key.buf[c] == '\\')
                        sb_appendc(&body, '\\');
                    sb_appendc(&body, key.buf[c]);
                }
                sb_append(&body, "']");
            }
            break;
        default:
            if (k + 1 < n)
                sb_appendc(&body, ',');
            pg_elem(sb_str(&key), key.len, &body);
            break;
        }
    }
    if (kind == JSON_PATH_JQ && !body.len)
        sb_appendc(&body, '.');
    if (kind == JSON_PATH_PG || kind == JSON_PATH_PG_SQL)
        sb_appendc(&body, '}');
    if (kind == JSON_PATH_PG_SQL) {
        sb_append(out, "#>'");
        for (size_t c = 0; c < body.len; c++) {
            if (body.buf[c] == '\'')
                sb_appendc(out, '\'');
            sb_appendc(out, body.buf[c]);
        }
        sb_appendc(out, '\'');
    } else
        sb_appendn(out, sb_str(&body), body.len);
    sb_free(&body);
    sb_free(&key);
    free(chain);
}

void json_write_pretty(const json_doc *d, FILE *f)
{
    strbuf sb = STRBUF_INIT;
    json_line l = json_line_first(d);
    do {
        sb_reset(&sb);
        uint32_t depth = json_depth(d, l.node);
        if (depth <= JSON_PRETTY_MAX_INDENT)
            sb_printf(&sb, "%*s", (int)depth * 2, "");
        else /* deep nesting would make the output grow with the square of the depth */
            sb_printf(&sb, "%*s<%u> ", JSON_PRETTY_MAX_INDENT * 2, "", depth);
        json_line_text(d, l, &sb);
        sb_appendc(&sb, '\n');
        fwrite(sb_str(&sb), 1, sb.len, f);
    } while (json_line_next(d, &l));
    sb_free(&sb);
}
