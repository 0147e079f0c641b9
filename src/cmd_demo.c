/* cmd_demo.c: 'demo load': the deterministic demo and bench data generator in sql/demo, run
 * server-side in one transaction with progress on stderr; refuses to mix with existing data. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "app.h"
#include "bundle.h"
#include "commands.h"
#include "migrate.h"
#include "util.h"

/* Bytes one unit of scale needs on the server, data plus indexes plus WAL headroom; measured at
 * scale 0.1 and 1 (see README, Performance) and rounded up. */
#define DEMO_BYTES_PER_SCALE (12.0 * 1024 * 1024 * 1024)
#define DEMO_MAX_SCALE 100.0

static bool parse_scale(const char *s, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static char *value_of(app *a, const char *path, int n, const char *const *p, db_error *e)
{
    PGresult *r = db_exec(a->db, bundle_sql(path), n, p, e);
    if (!r)
        return NULL;
    char *v = PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? xstrdup(PQgetvalue(r, 0, 0)) : NULL;
    PQclear(r);
    return v;
}

/* Free space where the server keeps its data, when this process can see that directory (a local
 * server). Returns -1 when unknown. */
static double server_free_bytes(app *a)
{
    db_error e = {0};
    char *dir = value_of(a, "queries/demo/data_directory.sql", 0, NULL, &e);
    db_error_clear(&e);
    if (!dir)
        return -1;
    struct statvfs st;
    double fb = statvfs(dir, &st) == 0 ? (double)st.f_bavail * (double)st.f_frsize : -1;
    free(dir);
    return fb;
}

static bool schema_current(app *a)
{
    mig_set set;
    char *err = NULL;
    if (mig_load_bundle(&set, &err) != 0) {
        free(err);
        return false;
    }
    db_error e = {0};
    bool ok = mig_load_state(a->db, &set, &e) == 0;
    for (int i = 0; ok && i < set.nentries; i++)
        ok = set.entries[i].state == MIG_APPLIED || set.entries[i].state == MIG_BASELINE;
    db_error_clear(&e);
    mig_set_free(&set);
    return ok;
}

int cmd_demo_load(app *a, const cmd_call *call)
{
    double scale;
    const char *sarg = cmd_option(call, "scale");
    if (!parse_scale(sarg, &scale) || scale <= 0 || scale > DEMO_MAX_SCALE) {
        app_error(a, "--scale takes a number above 0 and at most %g (1 is 10,000 workflows and "
                     "about 1M tasks; 0.01 loads in seconds), not '%s'", DEMO_MAX_SCALE,
                  sarg ? sarg : "");
        return EXIT_USAGE;
    }
    long seed = 1;
    const char *seedarg = cmd_option(call, "seed");
    if (seedarg && !parse_uint(seedarg, 2147483647L, &seed)) {
        app_error(a, "--seed takes a whole number from 0 to 2147483647, not '%s'", seedarg);
        return EXIT_USAGE;
    }
    bool append = cmd_option(call, "append") != NULL;
    bool replace = cmd_option(call, "replace") != NULL;
    if (append && replace) {
        app_error(a, "--append and --replace contradict each other; choose one");
        return EXIT_USAGE;
    }
    if (!schema_current(a)) {
        app_error(a, "the schema is not fully migrated; run 'migrate up' first");
        return EXIT_FAIL;
    }
    db_error e = {0};
    char *epoch = NULL;
    const char *eparg = cmd_option(call, "epoch");
    if (eparg) {
        const char *p[] = {eparg};
        epoch = value_of(a, "queries/demo/epoch_check.sql", 1, p, &e);
        if (!epoch) {
            app_error(a, "--epoch takes a timestamp such as 2026-01-01 or 2026-01-01T00:00:00Z");
            db_error_clear(&e);
            return EXIT_USAGE;
        }
    } else
        epoch = value_of(a, "queries/demo/epoch_default.sql", 0, NULL, &e);
    if (!epoch) {
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    double need = scale * DEMO_BYTES_PER_SCALE;
    double have = server_free_bytes(a);
    if (have >= 0 && need > have * 0.9) {
        app_error(a, "scale %g needs about %.1f GB on the server and only %.1f GB is free; "
                     "choose a smaller --scale or free some space",
                  scale, need / 1e9, have / 1e9);
        free(epoch);
        return EXIT_USAGE;
    }
    if (have < 0)
        fprintf(a->err, "demo: cannot see the server's disk from here; make sure it has about "
                        "%.1f GB free\n", need / 1e9);
    char *existing = value_of(a, "queries/demo/has_data.sql", 0, NULL, &e);
    if (!existing) {
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        free(epoch);
        return rc;
    }
    bool has_data = strcmp(existing, "0") != 0;
    free(existing);
    if (has_data && cmd_option(call, "if-empty")) {
        fprintf(a->err, "demo: the database already has workflows; nothing loaded (--if-empty)\n");
        free(epoch);
        return EXIT_OK;
    }
    if (has_data && !append && !replace) {
        app_error(a, "refused: the database already has workflows; add --append to add the demo "
                     "data to them, or --replace to delete all data first");
        free(epoch);
        return EXIT_REFUSED;
    }
    char *batch = value_of(a, "queries/demo/next_batch.sql", 0, NULL, &e);
    if (!batch) {
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        free(epoch);
        return rc;
    }
    char scale_s[64], seed_s[32];
    snprintf(scale_s, sizeof scale_s, "%.6g", scale);
    snprintf(seed_s, sizeof seed_s, "%ld", seed);
    double t0 = now_ms();
    int rc = EXIT_OK;
    int nsteps = 0;
    for (size_t i = 0; i < bundle_nfiles; i++)
        nsteps += strncmp(bundle_files[i].path, "demo/", 5) == 0;
    fprintf(a->err, "demo: loading scale %s with seed %s (epoch %s) in one transaction\n",
            scale_s, seed_s, epoch);
    PGresult *r = db_exec_simple(a->db, "BEGIN", &e);
    if (!r)
        goto fail;
    PQclear(r);
    const char *pp[] = {scale_s, seed_s, batch, epoch};
    if (db_run(a->db, bundle_sql("queries/demo/params.sql"), 4, pp, &e) != 0)
        goto fail;
    if (replace) {
        fprintf(a->err, "demo: emptying the existing data (--replace)\n");
        r = db_exec_simple(a->db, bundle_sql("queries/demo/replace.sql"), &e);
        if (!r) {
            if (strcmp(e.sqlstate, "42501") == 0) {
                db_error_clear(&e);
                db_error_set(&e, "--replace must bypass the append-only triggers and so needs a "
                                 "superuser; as another role, use 'migrate down 0 --confirm=0' "
                                 "and 'migrate up' instead");
            }
            goto fail;
        }
        PQclear(r);
    }
    int k = 0;
    for (size_t i = 0; i < bundle_nfiles; i++) {
        const bundle_file *f = &bundle_files[i];
        if (strncmp(f->path, "demo/", 5) != 0)
            continue;
        k++;
        double ts = now_ms();
        fprintf(a->err, "demo: [%d/%d] %s ...\n", k, nsteps, f->path + 5);
        fflush(a->err);
        r = db_exec_simple(a->db, f->text, &e);
        if (!r)
            goto fail;
        PQclear(r);
        fprintf(a->err, "demo: [%d/%d] %s done in %.1f s\n", k, nsteps, f->path + 5,
                (now_ms() - ts) / 1000.0);
    }
    char ms[32];
    snprintf(ms, sizeof ms, "%.0f", now_ms() - t0);
    const char *rp[] = {scale_s, seed_s, epoch, ms};
    if (db_run(a->db, bundle_sql("queries/demo/record_load.sql"), 4, rp, &e) != 0)
        goto fail;
    fprintf(a->err, "demo: committing\n");
    r = db_exec_simple(a->db, "COMMIT", &e);
    if (!r)
        goto fail;
    PQclear(r);
    fprintf(a->err, "demo: analyzing\n");
    r = db_exec_simple(a->db, "ANALYZE", &e);
    if (!r)
        goto fail_after;
    PQclear(r);
    {
        char *size = value_of(a, "queries/demo/db_size.sql", 0, NULL, &e);
        fprintf(a->err, "demo: loaded in %.1f s; database size %s\n", (now_ms() - t0) / 1000.0,
                size ? size : "?");
        free(size);
        db_error_clear(&e);
    }
    rc = EXIT_OK;
    goto out;
fail:
    if (PQtransactionStatus(db_pg(a->db)) != PQTRANS_IDLE) {
        db_error e2 = {0};
        PQclear(db_exec_simple(a->db, "ROLLBACK", &e2));
        db_error_clear(&e2);
    }
    app_error(a, "demo load failed; it was rolled back and nothing was loaded");
fail_after:
    rc = app_db_error(a, &e);
out:
    db_error_clear(&e);
    free(batch);
    free(epoch);
    return rc;
}
