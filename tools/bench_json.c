/* bench_json.c: times opening a large JSON document in the viewer (fetch, index, first paint) with
 * its peak RSS, beside `jq . FILE` on the same document in the same run. A bench, not a test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <libpq-fe.h>

#include "json.h"
#include "util.h"

#define RUNS 7
#define PAINT_ROWS 60

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* What the screen does before its first frame: the line count for the header, the cursor's path
 * and the first rows' text. Returns the bytes rendered (so nothing is optimised away). */
static size_t first_paint(const json_doc *d)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%zu lines ", json_visible_count(d));
    json_path(d, 0, JSON_PATH_JQ, &sb);
    json_line l = json_line_first(d);
    int r = 0;
    do {
        sb_printf(&sb, "%*s", (int)json_depth(d, l.node) * 2, "");
        json_line_text(d, l, &sb);
        sb_appendc(&sb, '\n');
    } while (++r < PAINT_ROWS && json_line_next(d, &l));
    size_t n = sb.len;
    sb_free(&sb);
    return n;
}

/* A document shaped like the demo's large feedback_notes (sql/demo/30_tasks.sql), in jsonb's
 * text form, of at least mb megabytes. */
static char *generate(double mb, size_t *len)
{
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "{\"runs\": [");
    size_t want = (size_t)(mb * 1024 * 1024);
    for (unsigned r = 1; sb.len < want; r++) {
        sb_printf(&sb,
                  "%s{\"log\": \"run %u: evaluated %u items; model %s; tokens %u; verdict %s\", \"run\": %u, "
                  "\"checks\": [{\"ms\": %u, \"name\": \"schema\", \"status\": \"pass\"}, {\"name\": \"unit_tests\", "
                  "\"failed\": [\"test_%u\", \"test_%u\"], \"status\": \"%s\"}, {\"name\": \"lint\", \"status\": "
                  "\"pass\", \"warnings\": %u}], \"started\": \"2025-12-31T%02u:%02u:00Z\"}",
                  r > 1 ? ", " : "", r, 10 + r * 7 % 990, r % 2 ? "gpt-4" : "claude-3", 100 + r * 13 % 8900,
                  r % 9 ? "accept" : "reject", r, 1 + r % 90, r % 40, r % 13, r % 9 ? "pass" : "fail", r % 5,
                  r / 60 % 24, r % 60);
    }
    sb_append(&sb, "], \"evaluator\": {\"agent\": \"EvaluatorAgent\", \"score\": -0.5}}");
    *len = sb.len;
    return sb_steal(&sb);
}

/* Run `jq . file >/dev/null`; returns wall ms, or -1 when jq cannot run. *rss_kb gets its peak. */
static double run_jq(const char *file, long *rss_kb)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        execlp("jq", "jq", ".", file, (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return -1;
    *rss_kb = ru.ru_maxrss;
    return now_ms() - t0;
}

/* The whole file in a buffer of exactly its size (as a fetched value would be). */
static char *read_exact(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *buf = xmalloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    buf[got] = 0;
    *len = got;
    return buf;
}

static int write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "bench_json: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* One run in a fresh process, as the console opens the viewer: fetch the document (jsonb as text),
 * index it in place and paint. Prints "total_ms fetch_ms peak_rss_kb" on stdout. */
static int fetch_child(const char *conninfo)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "bench_json: %s", PQerrorMessage(c));
        PQfinish(c);
        return 1;
    }
    double t0 = now_ms();
    const char *id[] = {"1", "{}"};
    PGresult *r = PQexecParams(c, "SELECT (notes #> $2::text[])::text FROM bench_json_doc WHERE id = $1", 2, NULL,
                               id, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        fprintf(stderr, "bench_json: %s", PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return 1;
    }
    double t1 = now_ms();
    char *err = NULL;
    json_doc *d = json_parse(PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0), &err);
    if (!d) {
        fprintf(stderr, "bench_json: %s\n", err);
        return 1;
    }
    first_paint(d);
    double t2 = now_ms();
    printf("%.3f %.3f %ld\n", t2 - t0, t1 - t0, peak_rss_kb());
    json_free(d);
    PQclear(r);
    PQfinish(c);
    return 0;
}

static PGresult *exec1(PGconn *c, const char *sql, const char *param)
{
    const char *p[] = {param};
    return PQexecParams(c, sql, param ? 1 : 0, NULL, p, NULL, NULL, 0);
}

/* The document goes into an unlogged table (bench_json_doc, dropped afterwards); each run is then
 * a child process. ms, fetch_ms and rss_kb get one value per run. */
static int bench_db(const char *self, const char *conninfo, const char *doc, double *ms, double *fetch_ms,
                    long *rss_kb)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "bench_json: %s", PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PQclear(exec1(c, "SET client_min_messages = warning", NULL));
    PQclear(exec1(c, "DROP TABLE IF EXISTS bench_json_doc", NULL));
    PQclear(exec1(c, "CREATE UNLOGGED TABLE bench_json_doc (id int PRIMARY KEY, notes jsonb)", NULL));
    PGresult *r = exec1(c, "INSERT INTO bench_json_doc VALUES (1, $1::jsonb)", doc);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "bench_json: %s", PQerrorMessage(c));
    PQclear(r);
    char *arg = xasprintf("--fetch-child=%s", conninfo);
    for (int k = 0; ok && k < RUNS; k++) {
        int fds[2];
        if (pipe(fds) != 0)
            break;
        pid_t pid = fork();
        if (pid == 0) {
            dup2(fds[1], 1);
            close(fds[0]);
            execl(self, self, arg, (char *)NULL);
            _exit(127);
        }
        close(fds[1]);
        char buf[128] = {0};
        ssize_t n = read(fds[0], buf, sizeof buf - 1);
        close(fds[0]);
        int st;
        waitpid(pid, &st, 0);
        ok = n > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
             sscanf(buf, "%lf %lf %ld", &ms[k], &fetch_ms[k], &rss_kb[k]) == 3;
    }
    free(arg);
    PQclear(exec1(c, "DROP TABLE IF EXISTS bench_json_doc", NULL));
    PQfinish(c);
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *file = NULL, *conninfo = NULL, *gen = NULL;
    if (argc == 2 && strncmp(argv[1], "--fetch-child=", 14) == 0)
        return fetch_child(argv[1] + 14);
    double mb = 10;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--db=", 5) == 0)
            conninfo = argv[i] + 5;
        else if (strncmp(argv[i], "--generate=", 11) == 0)
            gen = argv[i] + 11;
        else if (strncmp(argv[i], "--mb=", 5) == 0)
            mb = atof(argv[i] + 5);
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else {
            fprintf(stderr, "usage: bench_json [FILE] [--mb=N] [--db=CONNINFO] | --generate=FILE [--mb=N]\n"
                            "  FILE: a JSON document (default: generate one shaped like the demo's\n"
                            "  feedback_notes, of N MB, default 10); --db also times the fetch from PostgreSQL\n");
            return 1;
        }
    }
    if (gen) { /* write the document only, so that a fresh process measures it */
        size_t n;
        char *t = generate(mb, &n);
        int rc = write_file(gen, t, n) ? 1 : 0;
        free(t);
        return rc;
    }
    long rss_start = peak_rss_kb();
    size_t len;
    char *text;
    char tmpl[] = "/tmp/bench_json.XXXXXX";
    if (file) {
        text = read_exact(file, &len);
        if (!text) {
            perror(file);
            return 1;
        }
    } else {
        text = generate(mb, &len);
        int fd = mkstemp(tmpl);
        if (fd < 0)
            return 1;
        close(fd);
        if (write_file(tmpl, text, len) != 0)
            return 1;
        file = tmpl;
    }
    printf("document: %s, %.1f MB\n", file, (double)len / (1024 * 1024));

    /* index + first paint from text already in memory */
    double ms[RUNS];
    uint32_t nodes = 0;
    long rss_before = peak_rss_kb();
    for (int k = 0; k < RUNS; k++) {
        double t0 = now_ms();
        char *err = NULL;
        json_doc *d = json_parse(text, len, &err);
        if (!d) {
            fprintf(stderr, "bench_json: %s\n", err);
            return 1;
        }
        first_paint(d);
        ms[k] = now_ms() - t0;
        nodes = d->n;
        json_free(d);
    }
    long rss_index = peak_rss_kb();
    double med_index = median(ms, RUNS);
    printf("nodes: %u (%zu bytes of index, %.1f per node)\n", nodes, (size_t)nodes * sizeof(json_node),
           (double)sizeof(json_node));
    printf("%-44s %8.1f ms (median of %d)\n", "index + first paint", med_index, RUNS);
    printf("%-44s %8.1f MB (%.2fx the document; start %.1f MB, text %.1f MB)\n", "peak RSS, text + index",
           rss_index / 1024.0, rss_index * 1024.0 / (double)len, rss_start / 1024.0, rss_before / 1024.0);

    double med_db = -1;
    long rss_db = 0;
    if (conninfo) {
        double dms[RUNS], fms[RUNS];
        long rss[RUNS];
        if (bench_db(argv[0], conninfo, text, dms, fms, rss) == 0) {
            med_db = median(dms, RUNS);
            for (int k = 0; k < RUNS; k++)
                rss_db = rss[k] > rss_db ? rss[k] : rss_db;
            printf("%-44s %8.1f ms (median of %d)\n", "fetch alone (query, jsonb to text, transfer)",
                   median(fms, RUNS), RUNS);
            printf("%-44s %8.1f ms (median of %d)\n", "fetch + index + first paint (PostgreSQL)", med_db, RUNS);
            printf("%-44s %8.1f MB (%.2fx the document; a fresh process with libpq's buffers)\n",
                   "peak RSS, fetch + index", rss_db / 1024.0, rss_db * 1024.0 / (double)len);
        } else
            printf("fetch: failed (see above)\n");
    }

    double jms[RUNS];
    long jrss = 0, jr = 0;
    int jn = 0;
    for (int k = 0; k < RUNS; k++) {
        double v = run_jq(file, &jr);
        if (v < 0)
            break;
        jms[jn++] = v;
        if (jr > jrss)
            jrss = jr;
    }
    if (jn)
        printf("%-44s %8.1f ms (median of %d), peak RSS %.1f MB\n", "jq . FILE >/dev/null", median(jms, jn), jn,
               jrss / 1024.0);
    else
        printf("jq: not run (not installed?)\n");
    printf("target: open <= 150 ms, RSS <= 3x the document\n");
    printf("{\"name\": \"json_open_10mb\", \"value\": %.1f, \"unit\": \"ms\", \"target\": 150, \"peer\": \"jq .\", "
           "\"peer_value\": %.1f, \"fetch_value\": %.1f, \"rss_mb\": %.1f, \"doc_mb\": %.1f}\n",
           med_index, jn ? median(jms, jn) : -1.0, med_db, (conninfo ? rss_db : rss_index) / 1024.0,
           (double)len / (1024 * 1024));
    if (file == tmpl)
        unlink(tmpl);
    free(text);
    return 0;
}
