/* cmd_migrate.c: the 'migrate' commands: status, plan, up, down, verify, repair and baseline,
 * formatting the engine's state for scripts and people. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "commands.h"
#include "migrate.h"
#include "util.h"

static bool load(app *a, mig_set *set)
{
    char *err = NULL;
    if (mig_load_bundle(set, &err) != 0) {
        app_error(a, "bundled migrations are broken (a build defect): %s", err);
        free(err);
        mig_set_free(set);
        return false;
    }
    return true;
}

static mig_opts opts_for(app *a)
{
    mig_opts o = {0};
    o.out = a->out;
    o.err = a->err;
    return o;
}

/* digits followed by ms, s, min or h (the server would also reject junk, but say it early) */
static bool valid_timeout(const char *s)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > s && p - s < 10 && (strcmp(p, "ms") == 0 || strcmp(p, "s") == 0 ||
                                   strcmp(p, "min") == 0 || strcmp(p, "h") == 0);
}

/* --lock-timeout into o; false (after a message) when it is not a duration. */
static bool lock_timeout_opt(app *a, const cmd_call *call, mig_opts *o)
{
    o->lock_timeout = cmd_option(call, "lock-timeout");
    if (o->lock_timeout && !valid_timeout(o->lock_timeout)) {
        app_error(a, "--lock-timeout takes a duration such as 500ms, 5s or 1min");
        return false;
    }
    return true;
}

static bool target_arg(app *a, const char *s, int *v)
{
    if (mig_parse_version(s, v))
        return true;
    app_error(a, "'%s' is not a migration version; give a number such as 3 or 0003", s);
    return false;
}

int cmd_migrate_status(app *a, const cmd_call *call)
{
    (void)call;
    mig_set set;
    if (!load(a, &set))
        return EXIT_FAIL;
    db_error err = {0};
    if (mig_load_state(a->db, &set, &err) != 0) {
        int rc = app_db_error(a, &err);
        db_error_clear(&err);
        mig_set_free(&set);
        return rc;
    }
    static const out_col cols[] = {
        {"version", COL_NUMBER}, {"name", COL_TEXT},       {"state", COL_TEXT},
        {"applied_at", COL_TEXT}, {"applied_by", COL_TEXT}, {"duration_ms", COL_NUMBER},
        {"checksum", COL_TEXT},
    };
    out_sink *s = out_begin(a->fmt, a->out, cols, 7);
    int pending = 0, bad = 0;
    for (int i = 0; i < set.nentries; i++) {
        mig_entry *e = &set.entries[i];
        char vb[16];
        snprintf(vb, sizeof vb, "%d", e->version);
        const char *sum = e->applied_sum ? e->applied_sum : e->bundled_sum;
        char shortsum[13] = "";
        if (sum)
            snprintf(shortsum, sizeof shortsum, "%.12s", sum);
        const char *vals[] = {vb, e->name, mig_state_name(e->state), e->applied_at,
                              e->applied_by, e->duration_ms, sum ? shortsum : NULL};
        out_row(s, vals);
        pending += e->state == MIG_PENDING || e->state == MIG_PARTIAL;
        bad += e->state == MIG_DRIFTED;
    }
    out_end(s);
    fprintf(a->err, "agentdb: at %04d; %d pending, %d drifted; migration lock %s\n",
            mig_current(&set), pending, bad,
            set.lock_holder ? set.lock_holder : "free");
    mig_set_free(&set);
    return pending || bad ? EXIT_FAIL : EXIT_OK;
}

int cmd_migrate_plan(app *a, const cmd_call *call)
{
    int target = 0;
    if (call->argc > 0 && !target_arg(a, call->argv[0], &target))
        return EXIT_USAGE;
    mig_set set;
    if (!load(a, &set))
        return EXIT_FAIL;
    mig_opts o = opts_for(a);
    int rc = mig_plan(a->db, &set, target, call->argc > 0, &o);
    mig_set_free(&set);
    return rc;
}

int cmd_migrate_up(app *a, const cmd_call *call)
{
    int target = 0;
    if (call->argc > 0 && !target_arg(a, call->argv[0], &target))
        return EXIT_USAGE;
    mig_set set;
    if (!load(a, &set))
        return EXIT_FAIL;
    if (target > 0) {
        bool known = false;
        for (int i = 0; i < set.nfiles; i++)
            known = known || set.files[i].version == target;
        if (!known) {
            app_error(a, "there is no bundled migration %d; 'migrate status' lists them", target);
            mig_set_free(&set);
            return EXIT_USAGE;
        }
    }
    mig_opts o = opts_for(a);
    const char *lw = cmd_option(call, "lock-wait");
    if (lw) {
        long secs;
        if (!parse_uint(lw, INT_MAX / 1000, &secs)) {
            app_error(a, "--lock-wait takes a number of seconds from 0 to %d", INT_MAX / 1000);
            mig_set_free(&set);
            return EXIT_USAGE;
        }
        o.lock_wait_ms = secs == 0 ? -1 : (int)secs * 1000; /* 0: try once, do not wait */
    }
    if (!lock_timeout_opt(a, call, &o)) {
        mig_set_free(&set);
        return EXIT_USAGE;
    }
    int rc = mig_up(a->db, &set, target, &o);
    mig_set_free(&set);
    return rc;
}

int cmd_migrate_down(app *a, const cmd_call *call)
{
    int target = 0;
    const char *t = call->argv[0];
    if (!target_arg(a, t, &target))
        return EXIT_USAGE;
    const char *confirm = cmd_option(call, "confirm");
    if (!confirm) {
        app_error(a, "refused: rolling back to %s loses data; repeat with --confirm=%s "
                     "(see 'migrate plan %s' first)", t, t, t);
        return EXIT_REFUSED;
    }
    int cv = -1;
    if (!mig_parse_version(confirm, &cv) || cv != target) {
        app_error(a, "refused: --confirm=%s does not match the target %s", confirm, t);
        return EXIT_REFUSED;
    }
    mig_set set;
    if (!load(a, &set))
        return EXIT_FAIL;
    mig_opts o = opts_for(a);
    o.backup_dir = cmd_option(call, "backup");
    if (!lock_timeout_opt(a, call, &o)) {
        mig_set_free(&set);
        return EXIT_USAGE;
    }
    int rc = mig_down(a->db, &set, target, &o);
    mig_set_free(&set);
    return rc;
}

int cmd_migrate_verify(app *a, const cmd_call *call)
{
    (void)call;
    mig_set set;
    if (!load(a, &set))
        return EXIT_FAIL;
    mig_opts o = opts_for(a);
    int failed = 0;
    int rc = mig_verify(a->db, &set, &o, &failed);
    mig_set_free(&set);
    return rc;
}

int cmd_migrate_repair(app *a, const cmd_call *call)
{
    int v;
    if (!target_arg(a, call->argv[0], &v))
        return EXIT_USAGE;
    const char *reason = cmd_option(call, "reason");
    if (!reason || !*reason) {
        app_error(a, "refused: a repair is logged and needs --reason=TEXT saying why");
        return EXIT_REFUSED;
    }
    mig_set set;
    if (!load(a, &set))
        return EXIT_FAIL;
    mig_opts o = opts_for(a);
    int rc = mig_repair(a->db, &set, v, reason, &o);
    mig_set_free(&set);
    return rc;
}

int cmd_migrate_baseline(app *a, const cmd_call *call)
{
    int v;
    if (!target_arg(a, call->argv[0], &v))
        return EXIT_USAGE;
    mig_set set;
    if (!load(a, &set))
        return EXIT_FAIL;
    mig_opts o = opts_for(a);
    int rc = mig_baseline(a->db, &set, v, &o);
    mig_set_free(&set);
    return rc;
}
