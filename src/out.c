/* out.c: result sinks (psql-like aligned table, CSV, JSON array, JSON Lines) and the escaping
 * helpers behind them: strict UTF-8 checking, JSON strings, CSV fields, terminal-safe text. */
#include "out.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util.h"

/* Rows the table format buffers before printing an aligned batch (psql's FETCH_COUNT). */
#define TABLE_BATCH 1000

struct out_sink {
    out_format fmt;
    FILE *f;             /* borrowed */
    const out_col *cols; /* borrowed, ncols entries */
    int ncols;
    unsigned long long nrows; /* rows seen so far */
    /* Table only. */
    char **hdr;    /* owned: ncols sanitized column names, each owned */
    size_t *hdrw;  /* owned: display width of each hdr[i] */
    char **cells;  /* owned: TABLE_BATCH * ncols sanitized cells, each owned; NULL = SQL NULL */
    size_t *cellw; /* owned: display width of each cell (0 for NULL) */
    size_t *colw;  /* owned: ncols column widths of the current batch */
    int nbuf;      /* rows currently buffered */
};

/* ---- UTF-8 ---------------------------------------------------------------------------- */

/* Decode the UTF-8 sequence at p (NUL-terminated). Returns its length (1-4) and stores the
 * code point in *cp, or returns 0 when the byte at p does not begin a valid sequence:
 * overlong forms, surrogates, code points above U+10FFFF, truncated sequences and stray
 * continuation bytes are all invalid. Never reads past a NUL. */
static int u8_decode(const unsigned char *p, uint32_t *cp)
{
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
            return 0;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* ---- formats -------------------------------------------------------------------------- */

static const char *const format_names[] = {"table", "csv", "json", "jsonl"};

bool out_format_parse(const char *s, out_format *fmt)
{
    if (!s)
        return false;
    for (int i = 0; i < 4; i++) {
        if (strcmp(s, format_names[i]) == 0) {
            *fmt = (out_format)i;
            return true;
        }
    }
    return false;
}

const char *out_format_name(out_format fmt)
{
    if ((int)fmt < 0 || (int)fmt >= 4)
        return "unknown";
    return format_names[fmt];
}

/* ---- JSON ----------------------------------------------------------------------------- */

void out_json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p; /* start of bytes not yet written that need no escape */
    putc('"', f);
    while (*p) {
        uint32_t cp;
        int n = u8_decode(p, &cp);
        const char *esc = NULL;
        char hex[8];
        if (n == 0) {
            esc = "\\ufffd";
            n = 1;
        } else if (cp == '"') {
            esc = "\\\"";
        } else if (cp == '\\') {
            esc = "\\\\";
        } else if (cp == '\b') {
            esc = "\\b";
        } else if (cp == '\f') {
            esc = "\\f";
        } else if (cp == '\n') {
            esc = "\\n";
        } else if (cp == '\r') {
            esc = "\\r";
        } else if (cp == '\t') {
            esc = "\\t";
        } else if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) {
            snprintf(hex, sizeof hex, "\\u%04x", (unsigned)cp);
            esc = hex;
        }
        if (esc) {
            fwrite(run, 1, (size_t)(p - run), f);
            fputs(esc, f);
            p += n;
            run = p;
        } else {
            p += n;
        }
    }
    fwrite(run, 1, (size_t)(p - run), f);
    putc('"', f);
}

/* True when s matches the JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_number_ok(const char *s)
{
#define DIGIT(c) ((c) >= '0' && (c) <= '9')
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (DIGIT(*p))
            p++;
    } else {
        return false;
    }
    if (*p == '.') {
        p++;
        if (!DIGIT(*p))
            return false;
        while (DIGIT(*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!DIGIT(*p))
            return false;
        while (DIGIT(*p))
            p++;
    }
    return *p == '\0';
#undef DIGIT
}

/* True when a COL_JSON value may be embedded raw: valid UTF-8, no control bytes except the
 * JSON whitespace tab/LF/CR, and not blank. Full JSON validation is left to the server. */
static bool json_raw_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    bool blank = true;
    while (*p) {
        uint32_t cp;
        int n = u8_decode(p, &cp);
        if (n == 0)
            return false;
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
            return false;
        if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r')
            blank = false;
        p += n;
    }
    return !blank;
}

/* Write server JSON text raw. Tab, LF and CR can only be insignificant whitespace in valid
 * JSON (they must be escaped inside strings), so they become spaces: one object per line. */
static void json_raw_write(FILE *f, const char *s)
{
    const char *run = s, *p = s;
    for (; *p; p++) {
        if (*p == '\t' || *p == '\n' || *p == '\r') {
            fwrite(run, 1, (size_t)(p - run), f);
            putc(' ', f);
            run = p + 1;
        }
    }
    fwrite(run, 1, (size_t)(p - run), f);
}

static void json_value(FILE *f, out_coltype type, const char *v)
{
    if (!v) {
        fputs("null", f);
        return;
    }
    switch (type) {
    case COL_NUMBER:
        if (json_number_ok(v)) {
            fputs(v, f);
            return;
        }
        break;
    case COL_BOOL:
        if (strcmp(v, "t") == 0 || strcmp(v, "true") == 0) {
            fputs("true", f);
            return;
        }
        if (strcmp(v, "f") == 0 || strcmp(v, "false") == 0) {
            fputs("false", f);
            return;
        }
        break;
    case COL_JSON:
        if (json_raw_ok(v)) {
            json_raw_write(f, v);
            return;
        }
        break;
    case COL_TEXT:
        break;
    }
    out_json_string(f, v);
}

static void json_object(out_sink *s, const char *const *vals)
{
    putc('{', s->f);
    for (int i = 0; i < s->ncols; i++) {
        if (i > 0)
            putc(',', s->f);
        out_json_string(s->f, s->cols[i].name);
        putc(':', s->f);
        json_value(s->f, s->cols[i].type, vals[i]);
    }
    putc('}', s->f);
}

/* ---- CSV ------------------------------------------------------------------------------ */

void out_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    size_t len = strlen(s);
    bool quote = len == 0 || s[0] == ' ' || s[len - 1] == ' ' || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fwrite(s, 1, len, f);
        return;
    }
    putc('"', f);
    const char *run = s, *p = s;
    for (; *p; p++) {
        if (*p == '"') {
            fwrite(run, 1, (size_t)(p - run + 1), f); /* up to and including the quote */
            putc('"', f);
            run = p + 1;
        }
    }
    fwrite(run, 1, (size_t)(p - run), f);
    putc('"', f);
}

/* One CSV record. Records end in LF, not RFC 4180's CRLF: the output is for Unix tools,
 * and every CSV reader we care about accepts LF. Embedded CR/LF are inside quotes. */
static void csv_record(out_sink *s, const char *const *vals, bool header)
{
    for (int i = 0; i < s->ncols; i++) {
        if (i > 0)
            putc(',', s->f);
        out_csv_field(s->f, header ? s->cols[i].name : vals[i]);
    }
    putc('\n', s->f);
}

/* ---- terminal-safe text and width ----------------------------------------------------- */

static bool is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *out_sanitize(const char *s)
{
    strbuf sb = STRBUF_INIT;
    if (!s)
        return xstrdup("");
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;
    sb_grow(&sb, strlen(s));
    while (*p) {
        uint32_t cp;
        int n = u8_decode(p, &cp);
        char esc[16];
        esc[0] = '\0';
        if (n == 0) {
            snprintf(esc, sizeof esc, "\\x%02X", (unsigned)*p);
            n = 1;
        } else if (cp == '\n') {
            strcpy(esc, "\\n");
        } else if (cp == '\r') {
            strcpy(esc, "\\r");
        } else if (cp == '\t') {
            strcpy(esc, "\\t");
        } else if (cp < 0x20 || cp == 0x7F) {
            snprintf(esc, sizeof esc, "\\x%02X", (unsigned)cp);
        } else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
            snprintf(esc, sizeof esc, "\\u{%02X}", (unsigned)cp);
        }
        if (esc[0]) {
            sb_appendn(&sb, (const char *)run, (size_t)(p - run));
            sb_append(&sb, esc);
            p += n;
            run = p;
        } else {
            p += n;
        }
    }
    sb_appendn(&sb, (const char *)run, (size_t)(p - run));
    return sb_steal(&sb);
}

/* Terminal cells taken by already-sanitized text in the current locale. */
static size_t text_width(const char *s)
{
    size_t len = strlen(s);
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (ascii || MB_CUR_MAX == 1)
        return len;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t w = 0;
    const char *p = s;
    size_t left = len;
    while (left > 0) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, p, left, &st);
        if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
            /* Not a character in this locale: the terminal shows something 1 cell wide. */
            memset(&st, 0, sizeof st);
            w++;
            p++;
            left--;
            continue;
        }
        int cw = wcwidth(wc);
        w += cw < 0 ? 1 : (size_t)cw;
        p += n;
        left -= n;
    }
    return w;
}

int out_display_width(const char *s)
{
    char *t = out_sanitize(s);
    size_t w = text_width(t);
    free(t);
    return w > INT_MAX ? INT_MAX : (int)w;
}

/* ---- aligned table -------------------------------------------------------------------- */

static void put_spaces(FILE *f, size_t n)
{
    static const char sp[] = "                                "; /* 32 spaces */
    while (n > 0) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
        fwrite(sp, 1, k, f);
        n -= k;
    }
}

static void put_dashes(FILE *f, size_t n)
{
    static const char d[] = "--------------------------------"; /* 32 dashes */
    while (n > 0) {
        size_t k = n < sizeof d - 1 ? n : sizeof d - 1;
        fwrite(d, 1, k, f);
        n -= k;
    }
}

/* Print the buffered rows as one aligned block with its own header, like psql does for each
 * FETCH_COUNT batch; then free them. Widths are those of this batch alone. */
static void table_flush(out_sink *s)
{
    FILE *f = s->f;
    int nc = s->ncols;
    if (nc == 0) {
        fputs("--\n", f); /* psql's rendering of a zero-column result */
        s->nbuf = 0;
        return;
    }
    for (int c = 0; c < nc; c++) {
        size_t w = s->hdrw[c];
        for (int r = 0; r < s->nbuf; r++) {
            size_t cw = s->cellw[(size_t)r * (size_t)nc + (size_t)c];
            if (cw > w)
                w = cw;
        }
        s->colw[c] = w;
    }
    /* Header: names centred (extra space to the right), padded out to the last column. */
    for (int c = 0; c < nc; c++) {
        size_t pad = s->colw[c] - s->hdrw[c];
        fputs(c == 0 ? " " : " | ", f);
        put_spaces(f, pad / 2);
        fputs(s->hdr[c], f);
        put_spaces(f, pad - pad / 2);
    }
    fputs(" \n", f);
    for (int c = 0; c < nc; c++) {
        if (c > 0)
            putc('+', f);
        put_dashes(f, s->colw[c] + 2);
    }
    putc('\n', f);
    /* Rows: numbers right-aligned, text left-aligned with no trailing pad on the last column. */
    for (int r = 0; r < s->nbuf; r++) {
        for (int c = 0; c < nc; c++) {
            size_t i = (size_t)r * (size_t)nc + (size_t)c;
            const char *v = s->cells[i] ? s->cells[i] : "";
            size_t pad = s->colw[c] - s->cellw[i];
            fputs(c == 0 ? " " : " | ", f);
            if (s->cols[c].type == COL_NUMBER) {
                put_spaces(f, pad);
                fputs(v, f);
            } else {
                fputs(v, f);
                if (c < nc - 1)
                    put_spaces(f, pad);
            }
            free(s->cells[i]);
            s->cells[i] = NULL;
        }
        putc('\n', f);
    }
    s->nbuf = 0;
}

static void table_row(out_sink *s, const char *const *vals)
{
    size_t base = (size_t)s->nbuf * (size_t)s->ncols;
    for (int c = 0; c < s->ncols; c++) {
        if (vals[c]) {
            s->cells[base + (size_t)c] = out_sanitize(vals[c]);
            s->cellw[base + (size_t)c] = text_width(s->cells[base + (size_t)c]);
        } else {
            s->cells[base + (size_t)c] = NULL;
            s->cellw[base + (size_t)c] = 0;
        }
    }
    if (++s->nbuf == TABLE_BATCH)
        table_flush(s);
}

/* ---- sink ----------------------------------------------------------------------------- */

out_sink *out_begin(out_format fmt, FILE *f, const out_col *cols, int ncols)
{
    out_sink *s = xcalloc(1, sizeof *s);
    s->fmt = fmt;
    s->f = f;
    s->cols = cols;
    s->ncols = ncols < 0 ? 0 : ncols;
    size_t nc = (size_t)s->ncols;
    if (fmt == OUT_TABLE) {
        s->hdr = xcalloc(nc, sizeof *s->hdr);
        s->hdrw = xcalloc(nc, sizeof *s->hdrw);
        s->colw = xcalloc(nc, sizeof *s->colw);
        s->cells = xcalloc(TABLE_BATCH * nc, sizeof *s->cells);
        s->cellw = xcalloc(TABLE_BATCH * nc, sizeof *s->cellw);
        for (size_t c = 0; c < nc; c++) {
            s->hdr[c] = out_sanitize(cols[c].name);
            s->hdrw[c] = text_width(s->hdr[c]);
        }
    } else if (fmt == OUT_CSV) {
        csv_record(s, NULL, true);
    }
    return s;
}

void out_row(out_sink *s, const char *const *vals)
{
    if (!s)
        return;
    switch (s->fmt) {
    case OUT_TABLE:
        table_row(s, vals);
        break;
    case OUT_CSV:
        csv_record(s, vals, false);
        break;
    case OUT_JSON:
        fputs(s->nrows == 0 ? "[\n" : ",\n", s->f);
        json_object(s, vals);
        break;
    case OUT_JSONL:
        json_object(s, vals);
        putc('\n', s->f);
        break;
    }
    s->nrows++;
}

void out_end(out_sink *s)
{
    if (!s)
        return;
    switch (s->fmt) {
    case OUT_TABLE:
        if (s->nbuf > 0 || s->nrows == 0)
            table_flush(s);
        fprintf(s->f, "(%llu %s)\n\n", s->nrows, s->nrows == 1 ? "row" : "rows");
        break;
    case OUT_JSON:
        fputs(s->nrows == 0 ? "[]\n" : "\n]\n", s->f);
        break;
    case OUT_CSV:
    case OUT_JSONL:
        break;
    }
    fflush(s->f);
    if (s->hdr) {
        for (int c = 0; c < s->ncols; c++)
            free(s->hdr[c]);
    }
    if (s->cells) {
        for (size_t i = 0; i < (size_t)s->nbuf * (size_t)s->ncols; i++)
            free(s->cells[i]);
    }
    free(s->hdr);
    free(s->hdrw);
    free(s->colw);
    free(s->cells);
    free(s->cellw);
    free(s);
}

void out_errorf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    char *safe = out_sanitize(msg);
    fprintf(f, "agentdb: %s\n", safe);
    fflush(f);
    free(safe);
    free(msg);
}
