/* cmd_dag.c: `dag show WF`: a workflow's task DAG as the console draws it (text), as Graphviz DOT,
 * or as JSON with the layout, for one DAG version, optionally focused, filtered or collapsed. */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bundle.h"
#include "commands.h"
#include "dag.h"
#include "dag_db.h"
#include "util.h"

typedef enum { DF_TEXT, DF_DOT, DF_JSON } dag_format;

/* The drawing uses Unicode only where the locale's character set is UTF-8 (ux.md). */
static bool want_ascii(const app *a, const cmd_call *call)
{
    if (a->ascii || cmd_option(call, "ascii"))
        return true;
    const char *cs = nl_langinfo(CODESET);
    return !cs || strcmp(cs, "UTF-8") != 0;
}

/* An argument quoted back in a message: control characters made visible, at most 60 cells.
 * Returns a malloc'd string the caller frees. */
static char *shown(const char *arg)
{
    char *clean = out_sanitize(arg);
    if (strlen(clean) > 60)
        strcpy(clean + 57, "...");
    return clean;
}

static PGresult *run(app *a, const char *path, int n, const char *const *p, int *rc)
{
    db_error e = {0};
    PGresult *r = db_exec(a->db, bundle_sql(path), n, p, &e);
    if (!r) {
        *rc = app_db_error(a, &e);
        db_error_clear(&e);
    }
    return r;
}

int cmd_dag_show(app *a, const cmd_call *call)
{
    const char *wf = call->argv[0];
    dag_format fmt = DF_TEXT;
    if (call->format) {
        if (strcmp(call->format, "text") == 0)
            fmt = DF_TEXT;
        else if (strcmp(call->format, "dot") == 0)
            fmt = DF_DOT;
        else if (strcmp(call->format, "json") == 0)
            fmt = DF_JSON;
        else {
            char *v = shown(call->format);
            app_error(a, "dag show prints --format=text, dot or json, not '%s'", v);
            free(v);
            return EXIT_USAGE;
        }
    } else if (a->fmt == OUT_JSON || a->fmt == OUT_JSONL) {
        fmt = DF_JSON;
    }
    if (!dagdb_valid_uuid(wf)) {
        char *v = shown(wf);
        app_error(a, "'%s' is not a workflow id; give its uuid (the Workflows screen lists them)", v);
        free(v);
        return EXIT_USAGE;
    }
    const char *varg = cmd_option(call, "version"), *focus = cmd_option(call, "focus"),
               *hopsarg = cmd_option(call, "hops"), *statarg = cmd_option(call, "status");
    long version = 0, hops = 2;
    if (varg && (!parse_uint(varg, 2147483647L, &version) || version < 1)) {
        char *v = shown(varg);
        app_error(a, "--version takes a DAG version number from 1, not '%s'", v);
        free(v);
        return EXIT_USAGE;
    }
    if (hopsarg && !focus) {
        app_error(a, "--hops needs --focus=TASK (the task to centre on)");
        return EXIT_USAGE;
    }
    if (hopsarg && !parse_uint(hopsarg, 100000, &hops)) {
        char *v = shown(hopsarg);
        app_error(a, "--hops takes a whole number of edges from 0 to 100000, not '%s'", v);
        free(v);
        return EXIT_USAGE;
    }
    if (focus && !dagdb_valid_uuid(focus)) {
        char *v = shown(focus);
        app_error(a, "--focus takes a task id (uuid), not '%s'", v);
        free(v);
        return EXIT_USAGE;
    }
    unsigned statset = 0;
    if (statarg) {
        const char *bad = NULL;
        if (!dag_status_set_parse(statarg, &statset, &bad)) {
            char *v = shown(bad ? bad : statarg);
            app_error(a, "--status takes task statuses separated by commas (pending, queued, running, "
                         "completed, failed, cancelled, timeout, retrying), not '%s'", v);
            free(v);
            return EXIT_USAGE;
        }
    }

    int rc = EXIT_OK;
    const char *p1[] = {wf};
    PGresult *wr = run(a, "queries/dag/workflow.sql", 1, p1, &rc);
    if (!wr)
        return rc;
    if (PQntuples(wr) == 0) {
        PQclear(wr);
        app_error(a, "no workflow %s", wf);
        return EXIT_FAIL;
    }
    long current = atol(PQgetvalue(wr, 0, PQfnumber(wr, "current_version")));
    long maxv = atol(PQgetvalue(wr, 0, PQfnumber(wr, "max_version")));
    PQclear(wr);
    if (!varg)
        version = current;
    else if (version > (maxv > current ? maxv : current)) {
        app_error(a, "workflow %s has DAG versions 1 to %ld, not %ld", wf, maxv > current ? maxv : current,
                  version);
        return EXIT_FAIL;
    }
    char vbuf[24];
    snprintf(vbuf, sizeof vbuf, "%ld", version);
    const char *p2[] = {wf, vbuf};
    PGresult *tr = run(a, "queries/dag/tasks.sql", 2, p2, &rc);
    if (!tr)
        return rc;
    PGresult *er = run(a, "queries/dag/edges.sql", 1, p1, &rc);
    if (!er) {
        PQclear(tr);
        return rc;
    }
    dag_graph *g = dagdb_build(tr, er);
    PQclear(tr);
    PQclear(er);

    dag_focus_counts fc = {0};
    if (focus) {
        int v = dag_find(g, focus);
        if (v < 0) {
            app_error(a, "task %s is not in version %ld of workflow %s", focus, version, wf);
            dag_free(g);
            return EXIT_FAIL;
        }
        unsigned char *keep = xmalloc((size_t)g->n + 1);
        dag_focus(g, v, (int)hops, keep, &fc);
        dag_graph *s = dag_subgraph(g, keep);
        free(keep);
        dag_free(g);
        g = s;
    }
    if (statarg) {
        dag_graph *s = dag_filter_status(g, statset);
        dag_free(g);
        g = s;
    }
    if (cmd_option(call, "collapse")) {
        dag_graph *s = dag_collapse(g, 3, NULL);
        dag_free(g);
        g = s;
    }

    /* the critical path is marked in DOT and JSON */
    uint16_t *nm = xcalloc((size_t)g->n + 1, sizeof(uint16_t));
    uint16_t *em = xcalloc((size_t)g->m + 1, sizeof(uint16_t));
    int *path = NULL;
    double total = 0;
    int plen = dag_critical_path(g, &path, &total);
    for (int i = 0; i < plen; i++) {
        nm[path[i]] |= DAG_ATTR_CRITICAL;
        if (i > 0)
            for (int k = g->out_off[path[i - 1]]; k < g->out_off[path[i - 1] + 1]; k++)
                if (g->edges[g->out_e[k]].to == path[i])
                    em[g->out_e[k]] |= DAG_ATTR_CRITICAL;
    }
    free(path);
    dag_marks mk = {nm, em};
    FILE *f = a->out;
    if (fmt == DF_DOT) {
        dag_write_dot(f, g, wf, &mk);
    } else {
        dag_layout *l = dag_layout_compute(g, NULL);
        if (fmt == DF_JSON) {
            fprintf(f, "{\"workflow\":\"%s\",\"version\":%ld,\"current_version\":%ld,", wf, version,
                    current);
            if (focus)
                fprintf(f, "\"focus\":\"%s\",\"hops\":%ld,\"hidden_upstream\":%d,"
                           "\"hidden_downstream\":%d,\"hidden_other\":%d,",
                        focus, hops, fc.hidden_up, fc.hidden_down, fc.hidden_other);
            fprintf(f, "\"critical_seconds\":%.2f,\"graph\":", total);
            dag_write_json(f, g, l, &mk);
            fputs("}\n", f);
        } else {
            bool ascii = want_ascii(a, call);
            fprintf(f, "workflow %s, DAG version %ld of %ld: %d task%s, %d edge%s", wf, version,
                    maxv > current ? maxv : current, g->n, g->n == 1 ? "" : "s", g->m,
                    g->m == 1 ? "" : "s");
            if (l->nreversed)
                fprintf(f, ", %d in cycles (drawn upward)", l->nreversed);
            fputc('\n', f);
            if (focus)
                fprintf(f, "focus %s +/-%ld hops; hidden: %d upstream, %d downstream, %d unrelated\n",
                        focus, hops, fc.hidden_up, fc.hidden_down, fc.hidden_other);
            if (g->n == 0)
                fputs("(no tasks)\n", f);
            dag_render_text(f, g, l, NULL, ascii); /* as the screen first shows it: no highlights */
        }
        dag_layout_free(l);
    }
    free(nm);
    free(em);
    dag_free(g);
    return fflush(f) == 0 ? EXIT_OK : EXIT_FAIL;
}
