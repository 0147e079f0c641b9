/* reportview.c: the Report screen: one report's rows as a table, or as a chart: a column chart
 * over time when it has a date column, horizontal bars per label (agent, task type, ...) when it
 * has a text column. 'c' switches table and charts, '<' '>' pick the charted number. */
#include <errno.h>
#include <math.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "out.h"
#include "report_query.h"
#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

#define REPORT_ROW_LIMIT 2000

enum { MODE_TABLE, MODE_SERIES, MODE_BARS, MODE_COUNT };
enum { Q_COLUMNS, Q_ROWS, Q_REFRESH };

typedef struct {
    char *name;       /* owned: the report's view name */
    tui_table tt;
    bool loaded;
    char *error;      /* owned: why there is nothing to show */
    int mode;
    int xcol;         /* date/time column, or -1 */
    int lcol;         /* label (text) column, or -1 */
    int ycol;         /* the charted numeric column, or -1 */
    PGresult *cols;   /* owned: the report's columns (report/columns.sql), kept for filters */
    char *from, *to, *agent, *type; /* owned filters, NULL when not set */
    double refresh_t0;/* when the refresh of the materialized view was sent */
} report_state;

static void rv_open(tui *t, tui_view *v, void *st, const char *arg)
{
    report_state *s = st;
    if (!s->loaded)
        s->xcol = s->lcol = s->ycol = -1;
    if (arg) {
        free(s->name);
        s->name = xstrdup(arg);
    }
    if (!s->name)
        return;
    const char *p[1] = {s->name};
    tui_query(t, v, Q_COLUMNS, "queries/report/columns.sql", 1, p);
}

static bool is_time_type(Oid t) { return t == 1082 || t == 1114 || t == 1184; }
static bool is_text_type(Oid t) { return t == 25 || t == 1043 || t == 19; }

/* The column to chart first: a mean, rate or p95 if there is one, else the first number. */
static int default_ycol(const tui_table *tt)
{
    int first = -1;
    for (int j = 0; j < tt->ncols; j++) {
        if (!tt->numeric[j])
            continue;
        if (first < 0)
            first = j;
        const char *n = tt->names[j];
        if (strstr(n, "avg") || strstr(n, "rate") || strstr(n, "p95"))
            return j;
    }
    return first;
}

/* Replace the filters (taking ownership of the new values, each NULL for none). */
static void set_filters(report_state *s, char *from, char *to, char *agent, char *type)
{
    free(s->from);
    free(s->to);
    free(s->agent);
    free(s->type);
    s->from = from;
    s->to = to;
    s->agent = agent;
    s->type = type;
}

/* The rows, with the filters in force: identifiers from the catalog, values as parameters. */
static void load_rows(tui *t, tui_view *v, report_state *s)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", REPORT_ROW_LIMIT);
    report_filters f = {s->from, s->to, s->agent, s->type, limit};
    const char *params[5], *missing = NULL;
    int n = 0;
    char *sql = report_query_build(s->cols, &f, params, &n, &missing);
    if (!sql) {
        tui_set_message(t, true, "%s has no %s; filter cleared", s->name,
                        missing ? missing : "columns");
        set_filters(s, NULL, NULL, NULL, NULL);
        f = (report_filters){NULL, NULL, NULL, NULL, limit};
        sql = report_query_build(s->cols, &f, params, &n, &missing);
        if (!sql)
            return;
    }
    tui_query_text(t, v, Q_ROWS, sql, n, params);
    free(sql);
}

static void rv_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    report_state *s = st;
    if (err)
        return;
    if (tag == Q_COLUMNS) {
        free(s->error);
        s->error = NULL;
        if (PQntuples(res) == 0) {
            s->error = xasprintf("no report named '%s'; the Reports screen (6) lists them", s->name);
            s->loaded = true;
            return;
        }
        if (s->cols)
            PQclear(s->cols);
        s->cols = tui_take_result(t);
        load_rows(t, v, s);
        return;
    }
    if (tag == Q_REFRESH) {
        tui_set_message(t, false, "refreshed %s concurrently in %.1f s", s->name,
                        (now_ms() - s->refresh_t0) / 1000.0);
        load_rows(t, v, s);
        return;
    }
    tt_load(&s->tt, res);
    s->loaded = true;
    s->xcol = s->lcol = -1;
    for (int j = 0; j < PQnfields(res); j++) {
        Oid ty = PQftype(res, j);
        if (s->xcol < 0 && is_time_type(ty))
            s->xcol = j;
        if (s->lcol < 0 && is_text_type(ty))
            s->lcol = j;
    }
    s->ycol = default_ycol(&s->tt);
}

static bool mode_available(const report_state *s, int mode)
{
    switch (mode) {
    case MODE_TABLE: return true;
    case MODE_SERIES: return s->ycol >= 0 && s->xcol >= 0;
    case MODE_BARS: return s->ycol >= 0 && s->lcol >= 0;
    default: return false;
    }
}

/* Distinct keys of column kcol in first-seen order with the mean of ycol per key. Returns the
 * count; *keys (borrowed cell pointers) and *vals are malloc'd arrays the caller frees. */
static int group_mean(const report_state *s, int kcol, const char ***keys, double **vals)
{
    int n = 0, rows = s->tt.nrows;
    const char **k = xcalloc((size_t)rows + 1, sizeof *k);
    double *sum = xcalloc((size_t)rows + 1, sizeof *sum);
    int *cnt = xcalloc((size_t)rows + 1, sizeof *cnt);
    for (int i = 0; i < rows; i++) {
        const char *key = s->tt.cells[(size_t)i * s->tt.ncols + kcol];
        const char *y = s->tt.cells[(size_t)i * s->tt.ncols + s->ycol];
        if (!key || !y)
            continue;
        int g = 0;
        while (g < n && strcmp(k[g], key) != 0)
            g++;
        if (g == n)
            k[n++] = key;
        sum[g] += atof(y);
        cnt[g]++;
    }
    for (int g = 0; g < n; g++)
        sum[g] = cnt[g] ? sum[g] / cnt[g] : NAN;
    free(cnt);
    *keys = k;
    *vals = sum;
    return n;
}

static int cmp_keys_asc(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    return strcmp(*x, *y);
}

/* A column chart of the mean per date, oldest on the left (ISO dates sort as text). */
static void draw_series(report_state *s, int top, int rows, int cols)
{
    const char **keys;
    double *vals;
    int n = group_mean(s, s->xcol, &keys, &vals);
    /* sort (key, value) pairs by key */
    typedef struct { const char *k; double v; } kv;
    kv *p = xcalloc((size_t)n + 1, sizeof *p);
    for (int i = 0; i < n; i++)
        p[i] = (kv){keys[i], vals[i]};
    qsort(p, (size_t)n, sizeof *p, cmp_keys_asc);
    double lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        vals[i] = p[i].v;
        if (i == 0 || p[i].v < lo)
            lo = p[i].v;
        if (i == 0 || p[i].v > hi)
            hi = p[i].v;
    }
    char *title = xasprintf(" %s by %s, mean over rows; %d points%s", s->tt.names[s->ycol],
                            s->tt.names[s->xcol], n,
                            s->tt.nrows >= REPORT_ROW_LIMIT ? " (first 2000 rows)" : "");
    tui_text(top, 0, cols, title, TC_HEADER, true);
    free(title);
    int axis = 10, width = cols - axis - 1, height = rows - 3;
    if (n == 0 || width < 4 || height < 1) {
        tui_text(top + 1, 0, cols, n ? "too small for a chart" : "no values", TC_DIM, true);
        goto out;
    }
    double *b = xcalloc((size_t)width, sizeof *b);
    int m = chart_bucket(vals, n, b, width);
    char **lines = chart_columns(b, m, height, tui_draw_unicode());
    for (int r = 0; r < height; r++) {
        char label[32] = "";
        if (r == 0)
            snprintf(label, sizeof label, "%9.4g", hi);
        else if (r == height - 1)
            snprintf(label, sizeof label, "%9.4g", lo);
        tui_text(top + 1 + r, 0, axis, label, TC_DIM, true);
        tui_text(top + 1 + r, axis, width + 1, lines[r], TC_OK, true);
    }
    chart_free_rows(lines, height);
    free(b);
    char *xl = xasprintf("%*s%s .. %s%s", axis, "", p[0].k, p[n - 1].k,
                         n > width ? "  (averaged into the width)" : "");
    tui_text(top + 1 + height, 0, cols, xl, TC_DIM, true);
    free(xl);
out:
    free(p);
    free(keys);
    free(vals);
}

/* Horizontal bars: the mean per label, in the report's order. */
static void draw_bars(report_state *s, int top, int rows, int cols)
{
    const char **keys;
    double *vals;
    int n = group_mean(s, s->lcol, &keys, &vals);
    double max = 0;
    for (int i = 0; i < n; i++)
        if (vals[i] > max)
            max = vals[i];
    char *title = xasprintf(" %s by %s, mean over rows", s->tt.names[s->ycol],
                            s->tt.names[s->lcol]);
    tui_text(top, 0, cols, title, TC_HEADER, true);
    free(title);
    int lw = cols / 4 < 24 ? cols / 4 : 24, vw = 10, bw = cols - lw - vw - 2;
    for (int i = 0; i < n && i < rows - 1; i++) {
        int row = top + 1 + i;
        tui_text(row, 0, lw, keys[i], TC_NORMAL, true);
        char num[32];
        snprintf(num, sizeof num, "%.4g", vals[i]);
        tui_text_right(row, lw + 1, vw, num, TC_NORMAL);
        if (bw > 0) {
            char *bar = chart_hbar(vals[i], max, bw, tui_draw_unicode());
            tui_text(row, lw + vw + 2, bw, bar, TC_OK, true);
            free(bar);
        }
    }
    if (n == 0)
        tui_text(top + 1, 0, cols, "no values", TC_DIM, true);
    free(keys);
    free(vals);
}

static void rv_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    report_state *s = st;
    if (s->error) {
        tui_text(top, 0, cols, s->error, TC_ERROR, true);
        return;
    }
    const char *mode = s->mode == MODE_SERIES ? "chart over time"
                       : s->mode == MODE_BARS ? "bar chart"
                                              : "table";
    strbuf fl = STRBUF_INIT;
    sb_append(&fl, "");
    if (s->from) sb_printf(&fl, " from=%s", s->from);
    if (s->to) sb_printf(&fl, " to=%s", s->to);
    if (s->agent) sb_printf(&fl, " agent=%s", s->agent);
    if (s->type) sb_printf(&fl, " type=%s", s->type);
    char *h = xasprintf(" %s%s  %d rows  %s  / filter  c chart  e export CSV  F refresh  < > "
                        "charted: %s",
                        s->name ? s->name : "", sb_str(&fl), s->tt.nrows, mode,
                        s->ycol >= 0 && s->ycol < s->tt.ncols ? s->tt.names[s->ycol] : "(none)");
    tui_text(top, 0, cols, h, TC_DIM, true);
    free(h);
    sb_free(&fl);
    if (rows < 2)
        return;
    if (s->mode == MODE_SERIES)
        draw_series(s, top + 1, rows - 1, cols);
    else if (s->mode == MODE_BARS)
        draw_bars(s, top + 1, rows - 1, cols);
    else
        tt_draw(&s->tt, top + 1, rows - 1, cols, s->loaded ? "no rows" : "loading...");
}

/* '/': "from=TIME to=TIME agent=NAME type=TYPE" (any of them; empty clears). */
static void filter(tui *t, tui_view *v, report_state *s)
{
    char *in = tui_ask(t, "filter (from=TIME to=TIME agent=NAME type=TYPE; empty clears): ", NULL);
    if (!in)
        return;
    char *from = NULL, *to = NULL, *agent = NULL, *type = NULL, *save = NULL;
    bool bad = false;
    for (char *w = strtok_r(in, " ", &save); w && !bad; w = strtok_r(NULL, " ", &save)) {
        char **slot = strncmp(w, "from=", 5) == 0    ? &from
                      : strncmp(w, "to=", 3) == 0    ? &to
                      : strncmp(w, "agent=", 6) == 0 ? &agent
                      : strncmp(w, "type=", 5) == 0  ? &type
                                                     : NULL;
        if (!slot || !strchr(w, '=')[1]) {
            tui_set_message(t, true, "'%s': use from=TIME to=TIME agent=NAME type=TYPE", w);
            bad = true;
            break;
        }
        free(*slot);
        *slot = xstrdup(strchr(w, '=') + 1);
    }
    free(in);
    if (bad) {
        free(from);
        free(to);
        free(agent);
        free(type);
        return;
    }
    set_filters(s, from, to, agent, type);
    s->tt.sel = s->tt.top = 0;
    if (s->cols)
        load_rows(t, v, s);
}

/* 'e': the rows shown, as CSV with a header, into a file (written whole, then renamed). */
static void export_csv(tui *t, report_state *s)
{
    if (!s->loaded || !s->tt.ncols)
        return;
    char *path = tui_ask(t, "export the rows shown as CSV to file: ", NULL);
    if (!path || !*path) {
        free(path);
        return;
    }
    char *tmp = xasprintf("%s.partial", path);
    FILE *f = fopen(tmp, "wx");
    if (!f) {
        tui_set_message(t, true, "cannot write %s: %s", tmp, strerror(errno));
        free(tmp);
        free(path);
        return;
    }
    out_col *cols = xcalloc((size_t)s->tt.ncols, sizeof *cols);
    for (int j = 0; j < s->tt.ncols; j++)
        cols[j] = (out_col){s->tt.names[j], s->tt.numeric[j] ? COL_NUMBER : COL_TEXT};
    out_sink *sink = out_begin(OUT_CSV, f, cols, s->tt.ncols);
    for (int i = 0; i < s->tt.nrows; i++)
        out_row(sink, (const char *const *)&s->tt.cells[(size_t)i * s->tt.ncols]);
    out_end(sink);
    bool ok = !ferror(f);
    ok = fclose(f) == 0 && ok;
    if (ok && link(tmp, path) == 0) {
        unlink(tmp);
        tui_set_message(t, false, "wrote %d rows to %s", s->tt.nrows, path);
    } else {
        tui_set_message(t, true, "cannot write %s: %s (an existing file is never replaced)", path,
                        strerror(errno));
        unlink(tmp);
    }
    free(cols);
    free(tmp);
    free(path);
}

static bool rv_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)v;
    report_state *s = st;
    bool end, start;
    if (s->mode == MODE_TABLE && tt_move(&s->tt, a, 10, &end, &start))
        return true;
    switch (a) {
    case TA_CHART: {
        int m = s->mode;
        do
            m = (m + 1) % MODE_COUNT;
        while (!mode_available(s, m));
        if (m == MODE_TABLE && s->mode == MODE_TABLE)
            tui_set_message(t, false, "this report has no number to chart against a date or "
                                      "a label");
        s->mode = m;
        return true;
    }
    case TA_SORT_PREV:
    case TA_SORT_NEXT: {
        if (s->ycol < 0)
            return true;
        int step = a == TA_SORT_NEXT ? 1 : -1, j = s->ycol;
        for (int k = 0; k < s->tt.ncols; k++) {
            j = (j + step + s->tt.ncols) % s->tt.ncols;
            if (s->tt.numeric[j])
                break;
        }
        s->ycol = j;
        return true;
    }
    case TA_FILTER: filter(t, v, s); return true;
    case TA_EXPORT_CSV: export_csv(t, s); return true;
    case TA_REFRESH_REPORT: {
        const char *qmv = s->cols && PQntuples(s->cols) ? PQgetvalue(s->cols, 0, 5) : "";
        if (!*qmv) {
            tui_set_message(t, false, "%s is a plain view: its rows are always current", s->name);
            return true;
        }
        if (tui_read_only(t)) {
            tui_set_message(t, true, "refused: the console is read-only (--read-only)");
            return true;
        }
        /* qmv is quote_ident() of a catalog name */
        char *sql = xasprintf("REFRESH MATERIALIZED VIEW CONCURRENTLY public.%s", qmv);
        s->refresh_t0 = now_ms();
        tui_set_message(t, false, "refreshing %s concurrently ...", qmv);
        tui_query_text_primary(t, v, Q_REFRESH, sql, 0, NULL); /* a write: never the standby */
        free(sql);
        return true;
    }
    case TA_COPY:
    case TA_COPY_PATH:
        if (s->name)
            tui_copy(t, s->name);
        return true;
    default: return false;
    }
}

static void rv_close(void *st)
{
    report_state *s = st;
    tt_free(&s->tt);
    if (s->cols)
        PQclear(s->cols);
    set_filters(s, NULL, NULL, NULL, NULL);
    free(s->name);
    free(s->error);
}

const tui_screen screen_reportview = {
    "reportview", "Report", sizeof(report_state), rv_open, rv_result, rv_draw, rv_action,
    rv_close, true,
};
