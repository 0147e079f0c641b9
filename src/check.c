/* check.c: run the integrity rules of sql/checks against the database: an SQL rule is wrapped to
 * count and sample its rows in one statement; c:cycles streams the edges into check_cycles.c. */
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "check.h"
#include "check_cycles.h"
#include "cmd_result.h"
#include "util.h"

int check_load(check_set *s, char **err)
{
    s->rules = NULL;
    s->n = 0;
    *err = NULL;
    for (size_t i = 0; i < bundle_nfiles; i++) {
        const bundle_file *f = &bundle_files[i];
        if (strncmp(f->path, "checks/", 7) != 0)
            continue;
        s->rules = xrealloc(s->rules, (size_t)(s->n + 1) * sizeof *s->rules);
        if (checkfile_parse(f->path, f->text, f->len, &s->rules[s->n], err) != 0) {
            check_set_free(s);
            return -1;
        }
        s->n++;
    }
    /* bundle_files is sorted by path, and a rule's name is its file's base name: sorted. */
    return 0;
}

void check_set_free(check_set *s)
{
    for (int i = 0; i < s->n; i++)
        checkfile_free(&s->rules[i]);
    free(s->rules);
    s->rules = NULL;
    s->n = 0;
}

const checkfile *check_find(const check_set *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->rules[i].name, name) == 0)
            return &s->rules[i];
    return NULL;
}

const char *check_nearest(const check_set *s, const char *name)
{
    const char *best = NULL;
    int bestd = 4;
    for (int i = 0; i < s->n; i++) {
        int d = edit_distance(name, s->rules[i].name);
        if (d < bestd || (strstr(s->rules[i].name, name) && strlen(name) >= 4 && !best)) {
            bestd = d < bestd ? d : bestd;
            best = s->rules[i].name;
        }
    }
    return best;
}

const char *check_status_name(check_status st)
{
    return st == CHECK_PASS ? "pass" : st == CHECK_FAIL ? "fail" : "error";
}

void check_result_free(check_result *res)
{
    for (int i = 0; i < res->nsample; i++)
        free(res->sample[i]);
    free(res->sample);
    free(res->table);
    free(res->error);
    memset(res, 0, sizeof *res);
}

void check_rows_free(check_rows *rows)
{
    for (int c = 0; c < rows->ncols; c++)
        free(rows->names[c]);
    for (long i = 0; i < rows->nrows * rows->ncols; i++)
        free(rows->cells[i]);
    free(rows->names);
    free(rows->types);
    free(rows->cells);
    memset(rows, 0, sizeof *rows);
}

static bool is_cycles(const checkfile *rule) { return strcmp(rule->impl, "c:cycles") == 0; }

/* The cycle rule's rows: one per cycle, lowest task first. */
static int cycle_rows(db_conn *db, const checkfile *rule, long limit, check_rows *rows,
                      db_error *err)
{
    cyc_graph *g = cyc_new();
    if (cyc_load_copy(db, rule->sql, g, err) != 0) {
        cyc_free(g);
        return -1;
    }
    cyc_component *c;
    size_t n = cyc_find(g, &c);
    cyc_free(g);
    static const char *const names[] = {"table", "id", "workflow_id", "task_id",
                                        "tasks_on_cycle", "cycle_sample"};
    static const out_coltype types[] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_NUMBER,
                                        COL_TEXT};
    rows->ncols = 6;
    rows->names = xmalloc(6 * sizeof *rows->names);
    rows->types = xmalloc(6 * sizeof *rows->types);
    for (int i = 0; i < 6; i++) {
        rows->names[i] = xstrdup(names[i]);
        rows->types[i] = types[i];
    }
    size_t take = limit > 0 && (size_t)limit < n ? (size_t)limit : n;
    rows->more = take < n;
    rows->nrows = (long)take;
    rows->cells = xcalloc(take * 6 + 1, sizeof *rows->cells);
    for (size_t i = 0; i < take; i++) {
        char **cell = rows->cells + i * 6;
        char id[37], wf[37];
        cyc_format_uuid(c[i].members[0], id);
        cyc_format_uuid(c[i].workflow, wf);
        strbuf sb = STRBUF_INIT;
        for (size_t k = 0; k < c[i].nmembers; k++) {
            char m[37];
            cyc_format_uuid(c[i].members[k], m);
            sb_printf(&sb, "%s%s", k ? "," : "", m);
        }
        if (c[i].size > c[i].nmembers)
            sb_append(&sb, ",...");
        cell[0] = xstrdup("tasks");
        cell[1] = xstrdup(id);
        cell[2] = xstrdup(wf);
        cell[3] = xstrdup(id);
        cell[4] = xasprintf("%zu", c[i].size);
        cell[5] = sb_steal(&sb);
    }
    free(c);
    return 0;
}

/* An SQL rule's text inside a wrapper. The rule is bundled SQL (never user input); the wrapper
 * adds no values, which travel as $1. The rule is a MATERIALIZED CTE so that it is planned for
 * all its rows: as a subquery under LIMIT the planner picks fast-start plans (sort first, then a
 * nested loop per row) that are many times slower when, as usual, there is no row at all. */
static char *wrap(const char *head, const checkfile *rule)
{
    return xasprintf("WITH q AS MATERIALIZED (\n%s\n)\n%s FROM q LIMIT $1", rule->sql, head);
}

static bool convention_ok(PGresult *r, int first, db_error *err, const checkfile *rule)
{
    if (PQnfields(r) >= first + 2 && strcmp(PQfname(r, first), "table") == 0 &&
        strcmp(PQfname(r, first + 1), "id") == 0)
        return true;
    db_error_set(err, "rule %s does not return \"table\" and id as its first columns (a defect "
                      "of sql/checks/%s.sql)", rule->name, rule->name);
    return false;
}

int check_rows_get(db_conn *db, const checkfile *rule, long limit, check_rows *rows,
                   db_error *err)
{
    memset(rows, 0, sizeof *rows);
    if (is_cycles(rule))
        return cycle_rows(db, rule, limit, rows, err);
    char *sql = wrap("SELECT q.*", rule);
    char lim[32];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *p[] = {limit > 0 ? lim : NULL};
    PGresult *r = db_exec(db, sql, 1, p, err);
    free(sql);
    if (!r)
        return -1;
    if (!convention_ok(r, 0, err, rule)) {
        PQclear(r);
        return -1;
    }
    int nc = PQnfields(r);
    long nr = PQntuples(r);
    rows->more = limit > 0 && nr > limit;
    if (rows->more)
        nr = limit;
    rows->ncols = nc;
    rows->names = xmalloc((size_t)nc * sizeof *rows->names);
    rows->types = xmalloc((size_t)nc * sizeof *rows->types);
    for (int c = 0; c < nc; c++) {
        rows->names[c] = xstrdup(PQfname(r, c));
        rows->types[c] = cmd_result_coltype(PQftype(r, c));
    }
    rows->nrows = nr;
    rows->cells = xcalloc((size_t)(nr * nc) + 1, sizeof *rows->cells);
    for (long i = 0; i < nr; i++)
        for (int c = 0; c < nc; c++)
            if (!PQgetisnull(r, (int)i, c))
                rows->cells[i * nc + c] = xstrdup(PQgetvalue(r, (int)i, c));
    PQclear(r);
    return 0;
}

static void broken(check_result *res, db_error *e)
{
    res->status = CHECK_BROKEN;
    res->error = xstrdup(e->message ? e->message : "unknown error");
    res->conn_lost = e->conn_lost;
    db_error_clear(e);
}

check_status check_run(db_conn *db, const checkfile *rule, int max_sample, check_result *res)
{
    memset(res, 0, sizeof *res);
    double t0 = now_ms();
    db_error e = {0};
    if (max_sample < 0)
        max_sample = 0;
    res->sample = xcalloc((size_t)max_sample + 1, sizeof *res->sample);
    if (is_cycles(rule)) {
        check_rows rows;
        if (check_rows_get(db, rule, 0, &rows, &e) != 0)
            broken(res, &e);
        else {
            res->count = rows.nrows;
            for (long i = 0; i < rows.nrows && res->nsample < max_sample; i++)
                res->sample[res->nsample++] = xstrdup(rows.cells[i * rows.ncols + 1]);
            if (rows.nrows)
                res->table = xstrdup(rows.cells[0]);
            check_rows_free(&rows);
        }
    } else {
        char *sql = wrap("SELECT count(*) OVER () AS check_total, q.*", rule);
        char lim[32];
        snprintf(lim, sizeof lim, "%d", max_sample > 0 ? max_sample : 1);
        const char *p[] = {lim};
        PGresult *r = db_exec(db, sql, 1, p, &e);
        free(sql);
        if (!r)
            broken(res, &e);
        else if (!convention_ok(r, 1, &e, rule)) {
            broken(res, &e);
            PQclear(r);
        } else {
            int n = PQntuples(r);
            res->count = n ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
            if (n)
                res->table = xstrdup(PQgetvalue(r, 0, 1));
            for (int i = 0; i < n && res->nsample < max_sample; i++)
                res->sample[res->nsample++] = xstrdup(PQgetvalue(r, i, 2));
            PQclear(r);
        }
    }
    if (res->status != CHECK_BROKEN)
        res->status = res->count ? CHECK_FAIL : CHECK_PASS;
    res->ms = now_ms() - t0;
    return res->status;
}

/* A text[] literal of ids (uuids, numbers, relation and constraint names): each element quoted,
 * with backslash and quote escaped, so any text is safe. */
static char *text_array(const check_result *res)
{
    strbuf sb = STRBUF_INIT;
    sb_appendc(&sb, '{');
    for (int i = 0; i < res->nsample; i++) {
        if (i)
            sb_appendc(&sb, ',');
        sb_appendc(&sb, '"');
        for (const char *p = res->sample[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                sb_appendc(&sb, '\\');
            sb_appendc(&sb, *p);
        }
        sb_appendc(&sb, '"');
    }
    sb_appendc(&sb, '}');
    return sb_steal(&sb);
}

int check_store(db_conn *db, const checkfile *const *rules, const check_result *results, int n,
                db_error *err)
{
    PGresult *r = db_exec(db, bundle_sql("queries/check/results_exist.sql"), 0, NULL, err);
    if (!r)
        return -1;
    bool exists = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    bool hidden = PQntuples(r) == 1 && PQgetisnull(r, 0, 0);
    PQclear(r);
    if (hidden) {
        db_error_set(err, "this role may not use the agentdb schema, where they are kept");
        return -1;
    }
    if (!exists) {
        r = db_exec_simple(db, bundle_sql("queries/check/ensure_results.sql"), err);
        if (!r)
            return -1;
        PQclear(r);
    }
    if (db_run(db, "BEGIN", 0, NULL, err) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const check_result *res = &results[i];
        char count[32], ms[32];
        snprintf(count, sizeof count, "%lld", res->count);
        snprintf(ms, sizeof ms, "%.3f", res->ms);
        char *arr = text_array(res);
        const char *p[] = {rules[i]->name, checkfile_severity_name(rules[i]->severity),
                           check_status_name(res->status),
                           res->status == CHECK_BROKEN ? NULL : count, arr, res->error, ms};
        int rc = db_run(db, bundle_sql("queries/check/record_result.sql"), 7, p, err);
        free(arr);
        if (rc != 0) {
            db_error e2 = {0};
            db_run(db, "ROLLBACK", 0, NULL, &e2);
            db_error_clear(&e2);
            return -1;
        }
    }
    return db_run(db, "COMMIT", 0, NULL, err);
}

bool check_rls_limited(db_conn *db)
{
    db_error e = {0};
    PGresult *r = db_exec(db, bundle_sql("queries/check/rls_limited.sql"), 0, NULL, &e);
    bool limited = r && PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    db_error_clear(&e);
    return limited;
}
