/* cmd_health.c: 'health': server, connections, replication, migrations, transactions, largest
 * tables and partitions ahead, one out.c table per section, and an exit code that says whether
 * anything needs an operator (5, as for 'check run' violations). SQL in sql/queries/health. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bundle.h"
#include "cmd_result.h"
#include "commands.h"
#include "migrate.h"
#include "util.h"

#define HEALTH_PINGS 5

/* Where the sections go. JSON: one object, a key per section (each an array of row objects).
 * CSV and JSON Lines: every row starts with a "section" column, so the rows of all sections
 * can be told apart in one stream (CSV sections are separated by a blank line, each with its
 * header). Table: a title line, then psql-style table. */
typedef struct health_out {
    app *a;
    out_format fmt;
    int nsections;
    strbuf problems;       /* "section\tproblem\n" lines */
    int nproblems;
    int nfailed;           /* sections that could not be read (e.g. no privilege) */
} health_out;

typedef struct health_sec {
    health_out *h;
    out_sink *sink;
    out_col *cols;         /* owned array; names borrowed */
    int ncols;             /* including the section column when prefixed */
    bool prefixed;
    const char *name;
} health_sec;

static void sec_begin(health_out *h, health_sec *s, const char *name, const char *title,
                      const out_col *cols, int ncols)
{
    FILE *f = h->a->out;
    s->h = h;
    s->name = name;
    s->prefixed = h->fmt == OUT_CSV || h->fmt == OUT_JSONL;
    s->ncols = ncols + (s->prefixed ? 1 : 0);
    s->cols = xcalloc((size_t)s->ncols, sizeof *s->cols);
    int k = 0;
    if (s->prefixed)
        s->cols[k++] = (out_col){"section", COL_TEXT};
    for (int i = 0; i < ncols; i++)
        s->cols[k++] = cols[i];
    switch (h->fmt) {
    case OUT_JSON:
        fputs(h->nsections == 0 ? "{\n" : ",\n", f);
        out_json_string(f, name);
        fputs(": ", f);
        break;
    case OUT_TABLE:
        fprintf(f, "%s\n", title);
        break;
    case OUT_CSV:
        if (h->nsections > 0)
            fputc('\n', f);
        break;
    case OUT_JSONL:
        break;
    }
    h->nsections++;
    s->sink = out_begin(h->fmt, f, s->cols, s->ncols);
}

static void sec_row(health_sec *s, const char *const *vals)
{
    if (!s->prefixed) {
        out_row(s->sink, vals);
        return;
    }
    const char **v = xcalloc((size_t)s->ncols, sizeof *v);
    v[0] = s->name;
    for (int i = 1; i < s->ncols; i++)
        v[i] = vals[i - 1];
    out_row(s->sink, v);
    free(v);
}

static void sec_end(health_sec *s)
{
    out_end(s->sink); /* JSON: closes the array; the object goes on in the next section */
    free(s->cols);
    memset(s, 0, sizeof *s);
}

static void add_problem(health_out *h, const char *section, const char *text)
{
    sb_printf(&h->problems, "%s\t%s\n", section, text);
    h->nproblems++;
}

/* A section whose query failed without losing the connection (say, a role that may not read
 * the migration history): the error is printed, the section holds it in an "error" column, it
 * is listed as a problem, and the other sections still run; health then exits 3. A lost
 * connection stops health (its exit code is returned). */
static int section_failed(health_out *h, const char *name, const char *title, db_error *e)
{
    int rc = app_db_error(h->a, e);
    if (e->conn_lost) {
        db_error_clear(e);
        return rc;
    }
    static const out_col cols[] = {{"error", COL_TEXT}};
    health_sec s;
    sec_begin(h, &s, name, title, cols, 1);
    const char *vals[] = {e->message};
    sec_row(&s, vals);
    sec_end(&s);
    char *t = xasprintf("could not be read: %s", e->message ? e->message : "?");
    add_problem(h, name, t);
    free(t);
    h->nfailed++;
    db_error_clear(e);
    return EXIT_OK;
}

/* A whole result as one section. The column named "problem" (when there is one) is collected
 * into the problems section for each row where it is not NULL. */
static void sec_result(health_out *h, const char *name, const char *title, PGresult *r)
{
    int nc = PQnfields(r);
    out_col *cols = xcalloc((size_t)(nc ? nc : 1), sizeof *cols);
    int pcol = -1;
    for (int c = 0; c < nc; c++) {
        cols[c].name = PQfname(r, c);
        cols[c].type = cmd_result_coltype(PQftype(r, c));
        if (strcmp(cols[c].name, "problem") == 0)
            pcol = c;
    }
    health_sec s;
    sec_begin(h, &s, name, title, cols, nc);
    const char **vals = xcalloc((size_t)(nc ? nc : 1), sizeof *vals);
    for (int i = 0; i < PQntuples(r); i++) {
        for (int c = 0; c < nc; c++)
            vals[c] = PQgetisnull(r, i, c) ? NULL : PQgetvalue(r, i, c);
        sec_row(&s, vals);
        if (pcol >= 0 && !PQgetisnull(r, i, pcol)) {
            /* named by the first column: "pid 123: ...", "experiences: ..." */
            char *t = xasprintf("%s%s%s: %s", cols[0].type == COL_NUMBER ? cols[0].name : "",
                                cols[0].type == COL_NUMBER ? " " : "", PQgetvalue(r, i, 0),
                                PQgetvalue(r, i, pcol));
            add_problem(h, name, t);
            free(t);
        }
    }
    sec_end(&s);
    free(vals);
    free(cols);
}

/* Run a bundled health query and print it as a section. Returns EXIT_OK or an error's code. */
static int run_section(health_out *h, const char *name, const char *title, const char *path,
                       int np, const char *const *params)
{
    db_error e = {0};
    PGresult *r = db_exec(h->a->db, bundle_sql(path), np, params, &e);
    if (!r)
        return section_failed(h, name, title, &e);
    sec_result(h, name, title, r);
    PQclear(r);
    return EXIT_OK;
}

/* ---- sections computed here ---------------------------------------------------------------- */

/* Median of HEALTH_PINGS round trips of a trivial query, in ms, into buf. */
static int measure_latency(app *a, char *buf, size_t n)
{
    double t[HEALTH_PINGS];
    for (int i = 0; i < HEALTH_PINGS; i++) {
        db_error e = {0};
        double t0 = now_ms();
        PGresult *r = db_exec(a->db, bundle_sql("queries/health/ping.sql"), 0, NULL, &e);
        if (!r) {
            int rc = app_db_error(a, &e);
            db_error_clear(&e);
            return rc;
        }
        t[i] = now_ms() - t0;
        PQclear(r);
    }
    for (int i = 1; i < HEALTH_PINGS; i++) /* insertion sort of 5 */
        for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
            double x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
        }
    snprintf(buf, n, "%.3f", t[HEALTH_PINGS / 2]);
    return EXIT_OK;
}

static int section_migrations(health_out *h)
{
    app *a = h->a;
    mig_set set;
    char *err = NULL;
    if (mig_load_bundle(&set, &err) != 0) {
        app_error(a, "bundled migrations are broken (a build defect): %s", err);
        free(err);
        return EXIT_FAIL;
    }
    db_error e = {0};
    if (mig_load_state(a->db, &set, &e) != 0) {
        mig_set_free(&set);
        return section_failed(h, "migrations", "Migrations", &e);
    }
    int pending = 0, partial = 0, drifted = 0, foreign = 0, latest = 0;
    for (int i = 0; i < set.nentries; i++) {
        mig_state st = set.entries[i].state;
        pending += st == MIG_PENDING;
        partial += st == MIG_PARTIAL;
        drifted += st == MIG_DRIFTED;
        foreign += st == MIG_NOT_BUNDLED;
    }
    for (int i = 0; i < set.nfiles; i++)
        if (set.files[i].version > latest)
            latest = set.files[i].version;
    char cur[16], lat[16], pe[16], pa[16], dr[16], fo[16];
    snprintf(cur, sizeof cur, "%d", mig_current(&set));
    snprintf(lat, sizeof lat, "%d", latest);
    snprintf(pe, sizeof pe, "%d", pending);
    snprintf(pa, sizeof pa, "%d", partial);
    snprintf(dr, sizeof dr, "%d", drifted);
    snprintf(fo, sizeof fo, "%d", foreign);
    static const out_col cols[] = {
        {"current", COL_NUMBER}, {"latest_bundled", COL_NUMBER}, {"pending", COL_NUMBER},
        {"partial", COL_NUMBER}, {"drifted", COL_NUMBER},        {"not_bundled", COL_NUMBER},
        {"lock_holder", COL_TEXT},
    };
    health_sec s;
    sec_begin(h, &s, "migrations", "Migrations", cols, 7);
    const char *vals[] = {cur, lat, pe, pa, dr, fo, set.lock_holder};
    sec_row(&s, vals);
    sec_end(&s);
    if (pending || partial || drifted) {
        char *t = xasprintf("%d pending, %d partial, %d drifted (see 'migrate status')", pending,
                            partial, drifted);
        add_problem(h, "migrations", t);
        free(t);
    }
    mig_set_free(&set);
    return EXIT_OK;
}

static int section_partitions(health_out *h)
{
    db_error e = {0};
    PGresult *r = db_exec(h->a->db, bundle_sql("queries/health/has_policies.sql"), 0, NULL, &e);
    if (!r)
        return section_failed(h, "partitions", "Partitions ahead", &e);
    bool have = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    if (!have) {
        /* Before migration 0009 there is nothing to maintain; the migrations section already
         * says what is pending. An empty section keeps the output's shape. */
        static const out_col cols[] = {{"table_name", COL_TEXT}, {"problem", COL_TEXT}};
        health_sec s;
        sec_begin(h, &s, "partitions", "Partitions ahead", cols, 2);
        sec_end(&s);
        return EXIT_OK;
    }
    return run_section(h, "partitions", "Partitions ahead", "queries/health/partitions.sql", 0,
                       NULL);
}

static void section_problems(health_out *h)
{
    static const out_col cols[] = {{"area", COL_TEXT}, {"problem", COL_TEXT}};
    health_sec s;
    sec_begin(h, &s, "problems", "Problems", cols, 2);
    char *text = xstrdup(sb_str(&h->problems));
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *vals[] = {line, tab + 1};
        sec_row(&s, vals);
    }
    free(text);
    sec_end(&s);
}

/* ---- options ------------------------------------------------------------------------------- */

/* A threshold option through the server's interval parser; canonical text into out. */
static int threshold(app *a, const cmd_call *call, const char *opt, const char *dflt, char **out)
{
    const char *v = cmd_option(call, opt);
    if (!v)
        v = dflt;
    db_error e = {0};
    const char *p[] = {v};
    PGresult *r = db_exec(a->db, bundle_sql("queries/health/check_interval.sql"), 1, p, &e);
    if (!r) {
        int rc;
        if (strncmp(e.sqlstate, "22", 2) == 0) {
            char *shown = out_sanitize(v);
            app_error(a, "--%s takes a duration such as 0s, 30s, 5min or 1h, not '%s'", opt, shown);
            free(shown);
            rc = EXIT_USAGE;
        } else
            rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    if (strcmp(PQgetvalue(r, 0, 1), "t") != 0) {
        app_error(a, "--%s takes a duration of 0 or more, not '%s'", opt, v);
        PQclear(r);
        return EXIT_USAGE;
    }
    *out = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return EXIT_OK;
}

int cmd_health(app *a, const cmd_call *call)
{
    long top = 10;
    const char *topv = cmd_option(call, "top");
    if (topv && (!parse_uint(topv, 1000, &top) || top < 1)) {
        app_error(a, "--top takes a number from 1 to 1000, not '%s'", topv);
        return EXIT_USAGE;
    }
    char *long_xact = NULL, *idle_xact = NULL;
    int rc = threshold(a, call, "long-xact", "5min", &long_xact);
    if (rc == EXIT_OK)
        rc = threshold(a, call, "idle-xact", "1min", &idle_xact);
    if (rc != EXIT_OK) {
        free(long_xact);
        return rc;
    }
    char latency[32];
    rc = measure_latency(a, latency, sizeof latency);
    if (rc != EXIT_OK) {
        free(long_xact);
        free(idle_xact);
        return rc;
    }
    health_out h = {0};
    h.a = a;
    h.fmt = a->fmt;
    char tops[16];
    snprintf(tops, sizeof tops, "%ld", top);
    const char *lat_p[] = {latency};
    const char *thr_p[] = {long_xact, idle_xact};
    const char *top_p[] = {tops};
    if ((rc = run_section(&h, "server", "Server", "queries/health/server.sql", 1, lat_p)) ||
        (rc = run_section(&h, "connections", "Connections", "queries/health/connections.sql", 0,
                          NULL)) ||
        (rc = run_section(&h, "replication", "Replication", "queries/health/replication.sql", 0,
                          NULL)) ||
        (rc = section_migrations(&h)) ||
        (rc = run_section(&h, "transactions", "Long and idle transactions",
                          "queries/health/transactions.sql", 2, thr_p)) ||
        (rc = run_section(&h, "tables", "Largest tables and partitions",
                          "queries/health/tables.sql", 1, top_p)) ||
        (rc = section_partitions(&h))) {
        /* a failed section: close the JSON object so what was printed still parses */
        if (h.fmt == OUT_JSON && h.nsections > 0)
            fputs("}\n", a->out);
        sb_free(&h.problems);
        free(long_xact);
        free(idle_xact);
        return rc;
    }
    section_problems(&h);
    if (h.fmt == OUT_JSON)
        fprintf(a->out, ",\n\"healthy\": %s\n}\n", h.nproblems ? "false" : "true");
    else if (h.fmt == OUT_TABLE)
        fprintf(a->out, "%s\n", h.nproblems ? "Needs attention." : "Healthy.");
    if (h.nproblems)
        fprintf(a->err, "agentdb: health: %d problem%s found%s\n", h.nproblems,
                h.nproblems == 1 ? "" : "s",
                h.nfailed ? "; some sections could not be read" : "");
    sb_free(&h.problems);
    free(long_xact);
    free(idle_xact);
    return h.nfailed ? EXIT_FAIL : h.nproblems ? EXIT_VIOLATIONS : EXIT_OK;
}
