/* cmd_json.c: 'json show TABLE ID COLUMN [PATH] [--jsonpath=EXPR]': one JSONB value, its TABLE and
 * COLUMN checked against the catalog's JSONB columns, PATH and jsonpath evaluated by the server. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bundle.h"
#include "commands.h"
#include "json.h"
#include "util.h"

static int fail_db(app *a, db_error *e)
{
    int rc = app_db_error(a, e);
    db_error_clear(e);
    return rc;
}

/* Check TABLE and COLUMN against the catalog. On success *id_type is the id column's type
 * (malloc'd). Prints the error and returns its exit code otherwise. */
static int check_names(app *a, const char *table, const char *column, char **id_type)
{
    db_error e = {0};
    const char *p[] = {table};
    PGresult *r = db_exec(a->db, bundle_sql("queries/json/columns.sql"), 1, p, &e);
    if (!r)
        return fail_db(a, &e);
    int n = PQntuples(r);
    if (n == 0) {
        PQclear(r);
        strbuf list = STRBUF_INIT;
        PGresult *t = db_exec(a->db, bundle_sql("queries/json/tables.sql"), 0, NULL, &e);
        for (int k = 0; t && k < PQntuples(t); k++)
            sb_printf(&list, "%s%s", k ? ", " : "", PQgetvalue(t, k, 0));
        if (t)
            PQclear(t);
        db_error_clear(&e);
        app_error(a, "unknown table '%s', or it has no id and JSONB column; tables with JSONB columns: %s",
                  table, list.len ? sb_str(&list) : "(none: run 'migrate up')");
        sb_free(&list);
        return EXIT_USAGE;
    }
    for (int k = 0; k < n; k++)
        if (strcmp(PQgetvalue(r, k, 0), column) == 0) {
            *id_type = xstrdup(PQgetvalue(r, k, 1));
            PQclear(r);
            return EXIT_OK;
        }
    strbuf list = STRBUF_INIT;
    for (int k = 0; k < n; k++)
        sb_printf(&list, "%s%s", k ? ", " : "", PQgetvalue(r, k, 0));
    PQclear(r);
    app_error(a, "table %s has no JSONB column '%s'; its JSONB columns: %s", table, column, sb_str(&list));
    sb_free(&list);
    return EXIT_USAGE;
}

/* PATH and --jsonpath are parsed by the server before any row is read. */
static int check_args(app *a, const char *path, const char *jsonpath)
{
    db_error e = {0};
    const char *p1[] = {path};
    PGresult *r = db_exec(a->db, bundle_sql("queries/json/check_path.sql"), 1, p1, &e);
    if (!r) {
        if (e.conn_lost)
            return fail_db(a, &e);
        app_error(a, "PATH '%s' is not a PostgreSQL text array: %s; write it as {runs,0,checks} "
                     "(double-quote elements with commas, braces or spaces: {\"odd key\",0})",
                  path, e.message);
        db_error_clear(&e);
        return EXIT_USAGE;
    }
    bool deep = !PQgetisnull(r, 0, 0) && strcmp(PQgetvalue(r, 0, 0), "1") != 0;
    PQclear(r);
    if (deep) {
        app_error(a, "PATH '%s' has more than one dimension; write it as {a,0,b}", path);
        return EXIT_USAGE;
    }
    if (!jsonpath)
        return EXIT_OK;
    const char *p2[] = {jsonpath};
    r = db_exec(a->db, bundle_sql("queries/json/check_jsonpath.sql"), 1, p2, &e);
    if (!r) {
        if (e.conn_lost)
            return fail_db(a, &e);
        app_error(a, "invalid --jsonpath '%s': %s; the syntax is PostgreSQL's SQL/JSON path "
                     "language, e.g. '$.runs[*] ? (@.status == \"fail\")'",
                  jsonpath, e.message);
        db_error_clear(&e);
        return EXIT_USAGE;
    }
    PQclear(r);
    return EXIT_OK;
}

/* Print one JSON text: as it came (json) or indexed and pretty-printed, terminal-safe (text). */
static int print_value(app *a, const char *text, bool as_json)
{
    if (as_json) {
        fputs(text, a->out);
        fputc('\n', a->out);
        return EXIT_OK;
    }
    char *err = NULL;
    json_doc *d = json_parse(text, strlen(text), &err);
    if (!d) {
        app_error(a, "the server sent JSON the viewer cannot read: %s", err);
        free(err);
        return EXIT_FAIL;
    }
    json_write_pretty(d, a->out);
    json_free(d);
    return EXIT_OK;
}

static int show(app *a, const cmd_call *call, const char *id_type, bool as_json)
{
    const char *table = call->argv[0], *id = call->argv[1], *column = call->argv[2];
    const char *path = call->argc > 3 ? call->argv[3] : "{}";
    const char *jsonpath = cmd_option(call, "jsonpath");
    db_error e = {0};
    char *sql = db_fill_idents(a->db, bundle_sql(jsonpath ? "queries/json/fetch_jsonpath.sql" : "queries/json/fetch.sql"),
                               table, column, &e);
    if (!sql)
        return fail_db(a, &e);
    const char *p[] = {id, path, jsonpath};
    PGresult *r = db_exec(a->db, sql, jsonpath ? 3 : 2, p, &e);
    free(sql);
    if (!r) {
        if (strcmp(e.sqlstate, "22P02") == 0 || strcmp(e.sqlstate, "22003") == 0) {
            app_error(a, "ID '%s' is not a valid %s (the type of %s.id)", id, id_type, table);
            db_error_clear(&e);
            return EXIT_USAGE;
        }
        return fail_db(a, &e);
    }
    int rc = EXIT_OK, n = PQntuples(r);
    if (n == 0) {
        app_error(a, "no row in %s with id %s", table, id);
        rc = EXIT_FAIL;
    } else if (!jsonpath) {
        if (PQgetisnull(r, 0, 0)) {
            if (call->argc > 3)
                app_error(a, "%s.%s of %s has no value at path %s", table, column, id, path);
            else
                app_error(a, "%s.%s of %s is NULL", table, column, id);
            rc = EXIT_FAIL;
        } else
            rc = print_value(a, PQgetvalue(r, 0, 0), as_json);
    } else if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
        app_error(a, "%s.%s of %s has no value at path %s", table, column, id, path);
        rc = EXIT_FAIL;
    } else {
        int matches = PQgetisnull(r, 0, 1) ? 0 : n;
        if (as_json) {
            fputc('[', a->out);
            for (int k = 0; k < matches; k++)
                fprintf(a->out, "%s%s", k ? ", " : "", PQgetvalue(r, k, 1));
            fputs("]\n", a->out);
        } else
            for (int k = 0; k < matches && rc == EXIT_OK; k++)
                rc = print_value(a, PQgetvalue(r, k, 1), false);
        fprintf(a->err, "(%d %s)\n", matches, matches == 1 ? "match" : "matches");
    }
    PQclear(r);
    return rc;
}

int cmd_json_show(app *a, const cmd_call *call)
{
    bool as_json = false;
    if (call->format) {
        if (strcmp(call->format, "json") == 0)
            as_json = true;
        else if (strcmp(call->format, "text") != 0) {
            app_error(a, "json show prints --format=text (indented, the default) or --format=json, not '%s'",
                      call->format);
            return EXIT_USAGE;
        }
    } else
        as_json = a->fmt == OUT_JSON || a->fmt == OUT_JSONL;
    const char *table = call->argv[0], *column = call->argv[2];
    const char *path = call->argc > 3 ? call->argv[3] : "{}";
    char *id_type = NULL;
    int rc = check_names(a, table, column, &id_type);
    if (rc == EXIT_OK)
        rc = check_args(a, path, cmd_option(call, "jsonpath"));
    if (rc != EXIT_OK) {
        free(id_type);
        return rc;
    }
    /* both names are now known to be a table and a JSONB column of it */
    rc = show(a, call, id_type, as_json);
    free(id_type);
    return rc;
}
