/* bench_queries.c: latency of the console's bundled queries, for make bench. For each manifest
 * line (name, sql file, target ms, parameter-sample SQL) it draws parameter rows from the
 * database, runs the query with each row several times over libpq (as the console does: one
 * PQexecParams round trip) and, in the same run, the same SQL prepared and executed in psql
 * with \timing (the peer); it prints median and p95 of both, writes one JSON line per query, and
 * prints EXPLAIN (ANALYZE, BUFFERS) for any query whose p95 is over its target.
 * Usage: bench_queries CONNINFO MANIFEST SQLDIR JSONOUT [REPEAT] */
#include <libpq-fe.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of n sorted values, nearest rank. */
static double quantile(const double *v, int n, double q)
{
    if (n <= 0)
        return NAN;
    int k = (int)ceil(q * n) - 1;
    return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    fclose(f);
    /* drop the trailing semicolon and whitespace: the text is embedded in PREPARE/EXPLAIN */
    while (n > 0 && (buf[n - 1] == ';' || buf[n - 1] == '\n' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    return buf;
}

/* psql's \timing figures for the same executions, prepared once: the peer. Returns how many
 * times were read into out (at most max). */
static int psql_times(const char *conninfo, PGconn *c, const char *sql, PGresult *params,
                      int repeat, double *out, int max)
{
    char path[] = "/tmp/agentdb-bench-psql-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "w");
    fprintf(f, "PREPARE q AS %s;\n\\timing on\n", sql);
    int np = PQnfields(params);
    for (int r = 0; r < repeat; r++)
        for (int i = 0; i < PQntuples(params); i++) {
            fputs(np ? "EXECUTE q(" : "EXECUTE q", f);
            for (int j = 0; j < np; j++) {
                if (PQgetisnull(params, i, j))
                    fputs("NULL", f);
                else {
                    const char *v = PQgetvalue(params, i, j);
                    char *lit = PQescapeLiteral(c, v, strlen(v));
                    fputs(lit, f);
                    PQfreemem(lit);
                }
                fputs(j + 1 < np ? ", " : "", f);
            }
            fputs(np ? ");\n" : ";\n", f);
        }
    fclose(f);
    char *cmd = NULL;
    /* conninfo is passed through the environment, not spliced into the shell command */
    setenv("AGENTDB_BENCH_CONNINFO", conninfo, 1);
    if (asprintf(&cmd, "/usr/lib/postgresql/15/bin/psql -X -q -o /dev/null -d \"$AGENTDB_BENCH_CONNINFO\" "
                       "-f %s 2>&1", path) < 0)
        return 0;
    FILE *p = popen(cmd, "r");
    free(cmd);
    int n = 0;
    char line[512];
    while (p && fgets(line, sizeof line, p)) {
        double ms;
        if (sscanf(line, "Time: %lf ms", &ms) == 1 && n < max)
            out[n++] = ms;
    }
    if (p)
        pclose(p);
    remove(path);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_queries CONNINFO MANIFEST SQLDIR JSONOUT [REPEAT]\n");
        return 1;
    }
    const char *conninfo = argv[1];
    int repeat = argc > 5 ? atoi(argv[5]) : 5;
    if (repeat < 1)
        repeat = 1;
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "bench_queries: %s", PQerrorMessage(c));
        return 1;
    }
    FILE *m = fopen(argv[2], "r"), *json = fopen(argv[4], "a");
    if (!m || !json) {
        fprintf(stderr, "bench_queries: cannot open %s or %s\n", argv[2], argv[4]);
        return 1;
    }
    printf("%-34s %9s %9s %9s %9s %8s  %s\n", "query", "median", "p95", "psql p95", "target",
           "samples", "verdict");
    char line[4096];
    int over = 0;
    while (fgets(line, sizeof line, m)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *name = strtok(line, "\t"), *file = strtok(NULL, "\t");
        char *target_s = strtok(NULL, "\t"), *sample = strtok(NULL, "\t");
        if (!name || !file || !target_s || !sample) {
            fprintf(stderr, "bench_queries: bad manifest line for %s\n", name ? name : "?");
            continue;
        }
        double target = atof(target_s);
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", argv[3], file);
        char *sql = read_file(path);
        if (!sql) {
            fprintf(stderr, "bench_queries: cannot read %s\n", path);
            continue;
        }
        PGresult *params = PQexec(c, sample);
        if (PQresultStatus(params) != PGRES_TUPLES_OK || PQntuples(params) == 0) {
            fprintf(stderr, "bench_queries: %s: no parameter rows: %s", name,
                    PQresultErrorMessage(params));
            PQclear(params);
            free(sql);
            continue;
        }
        int rows = PQntuples(params), np = PQnfields(params), total = rows * repeat;
        double *t = calloc((size_t)total, sizeof *t), *peer = calloc((size_t)total, sizeof *peer);
        const char **vals = calloc((size_t)(np ? np : 1), sizeof *vals);
        int n = 0;
        bool failed = false;
        for (int r = 0; r < repeat && !failed; r++)
            for (int i = 0; i < rows && !failed; i++) {
                for (int j = 0; j < np; j++)
                    vals[j] = PQgetisnull(params, i, j) ? NULL : PQgetvalue(params, i, j);
                double t0 = now_ms();
                PGresult *res = PQexecParams(c, sql, np, NULL, vals, NULL, NULL, 0);
                double dt = now_ms() - t0;
                if (PQresultStatus(res) != PGRES_TUPLES_OK) {
                    fprintf(stderr, "bench_queries: %s failed: %s", name, PQresultErrorMessage(res));
                    failed = true;
                } else
                    t[n++] = dt;
                PQclear(res);
            }
        int pn = failed ? 0 : psql_times(conninfo, c, sql, params, repeat, peer, total);
        qsort(t, (size_t)n, sizeof *t, cmp_double);
        qsort(peer, (size_t)pn, sizeof *peer, cmp_double);
        double med = quantile(t, n, 0.5), p95 = quantile(t, n, 0.95);
        double peer95 = quantile(peer, pn, 0.95);
        bool ok = !failed && p95 <= target;
        printf("%-34s %9.2f %9.2f %9.2f %9.0f %8d  %s\n", name, med, p95, peer95, target, n,
               failed ? "FAILED" : ok ? "ok" : "OVER TARGET");
        fprintf(json, "{\"name\": \"query %s p95\", \"value\": %.3f, \"unit\": \"ms\", "
                      "\"target\": %.0f, \"peer\": \"psql (prepared, \\\\timing)\", "
                      "\"peer_value\": %.3f, \"median\": %.3f, \"samples\": %d}\n",
                name, failed ? -1 : p95, target, isnan(peer95) ? -1 : peer95, med, n);
        if (!ok && !failed) {
            over++;
            for (int j = 0; j < np; j++)
                vals[j] = PQgetisnull(params, 0, j) ? NULL : PQgetvalue(params, 0, j);
            char *ex = NULL;
            if (asprintf(&ex, "EXPLAIN (ANALYZE, BUFFERS) %s", sql) > 0) {
                PGresult *pl = PQexecParams(c, ex, np, NULL, vals, NULL, NULL, 0);
                printf("  plan of %s (over its %.0f ms target):\n", name, target);
                for (int i = 0; i < PQntuples(pl); i++)
                    printf("    %s\n", PQgetvalue(pl, i, 0));
                PQclear(pl);
                free(ex);
            }
        }
        free(t);
        free(peer);
        free(vals);
        PQclear(params);
        free(sql);
    }
    fclose(m);
    fclose(json);
    PQfinish(c);
    return over ? 2 : 0;
}
