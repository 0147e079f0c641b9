/* migrate.h: the migration engine: bundled reversible migrations applied one transaction each
 * under an advisory lock, with history in agentdb.schema_versions and schema_version_events. */
#ifndef AGENTDB_MIGRATE_H
#define AGENTDB_MIGRATE_H

#include <stdbool.h>
#include <stdio.h>

#include "db.h"
#include "migfile.h"

typedef enum {
    MIG_PENDING,      /* bundled, not applied */
    MIG_APPLIED,      /* applied, checksum matches */
    MIG_BASELINE,     /* adopted by 'migrate baseline' */
    MIG_DRIFTED,      /* applied, but the bundled file's checksum differs */
    MIG_PARTIAL,      /* a no-transaction migration stopped part way; the next run resumes */
    MIG_NOT_BUNDLED   /* applied by another binary; this one does not carry the file */
} mig_state;

const char *mig_state_name(mig_state s);

typedef struct mig_entry {
    int version;
    const char *name;          /* borrowed from file or owned via applied_name */
    const migfile *file;       /* borrowed from the mig_set; NULL when not bundled */
    const char *bundled_sum;   /* borrowed; NULL when not bundled */
    mig_state state;
    /* From the history row (all owned; NULL when not applied): */
    char *applied_name;
    char *applied_sum;
    char *applied_at;
    char *applied_by;
    char *duration_ms;
    char *down_sql;            /* the down SQL stored when it was applied */
    int statements_done;       /* progress of a partial no-transaction run */
    bool irreversible;
} mig_entry;

/* The bundled migrations plus, once loaded, the database's history merged in version order. */
typedef struct mig_set {
    migfile *files;            /* owned array, sorted by version */
    const char **sums;         /* borrowed sha256 per file */
    int nfiles;
    mig_entry *entries;        /* owned, sorted by version */
    int nentries;
    bool history_exists;       /* agentdb.schema_versions is there */
    char *lock_holder;         /* owned: "pid 123 (agentdb, user x)" when someone holds the lock */
} mig_set;

/* Progress and messages go to err; SQL text (plan) to out. */
typedef struct mig_opts {
    FILE *out;
    FILE *err;
    bool quiet;
    int lock_wait_ms;          /* wait for the migration lock: 0 default (300 s), <0 not at all */
    int max_retries;           /* lock_timeout retries per migration (default 5) */
    const char *backup_dir;    /* down: pg_dump the affected tables here first */
    const char *lock_timeout;  /* overrides the files' lock_timeout (e.g. "1s"); NULL: theirs */
} mig_opts;

/* Parse every bundled migration. Returns 0, or -1 with *err (a build defect). */
int mig_load_bundle(mig_set *set, char **err);
/* Read the history (without creating it) and merge it with the bundle into set->entries. */
int mig_load_state(db_conn *db, mig_set *set, db_error *err);
void mig_set_free(mig_set *set);

/* The highest applied version (0 when none). */
int mig_current(const mig_set *set);
/* Entries that block a run: drifted ones. Writes one line each to err; returns their count. */
int mig_report_drift(const mig_set *set, FILE *err);

/* The actions. Each returns an exit code (util.h) after printing what happened. */
int mig_up(db_conn *db, mig_set *set, int target, const mig_opts *o);
int mig_down(db_conn *db, mig_set *set, int target, const mig_opts *o);
int mig_plan(db_conn *db, mig_set *set, int target, bool have_target, const mig_opts *o);
int mig_verify(db_conn *db, mig_set *set, const mig_opts *o, int *nfailed);
int mig_repair(db_conn *db, mig_set *set, int version, const char *reason, const mig_opts *o);
int mig_baseline(db_conn *db, mig_set *set, int version, const mig_opts *o);

/* Tables whose rows the down SQL of an entry drops (DROP TABLE names), malloc'd array of malloc'd
 * names, NULL-terminated (caller frees). */
char **mig_down_tables(const char *down_sql);

/* Print to o->err what rolling back to target would undo: the migrations, and the tables that
 * lose rows with exact counts (what mig_down prints before it starts). */
void mig_print_down_plan(db_conn *db, mig_set *set, int target, const mig_opts *o);
/* Parse a version argument ("3", "0003"). */
bool mig_parse_version(const char *s, int *v);

#endif
