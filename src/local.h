/* local.h: the private PostgreSQL cluster behind --local (and the test harness): initdb on first
 * use, a unix socket in the cluster's own directory only, started on demand, stopped on request. */
#ifndef AGENTDB_LOCAL_H
#define AGENTDB_LOCAL_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct local_cluster {
    char *dir;        /* owned: base directory; holds pgdata/, the socket and server.log */
    char *datadir;    /* owned: dir/pgdata */
    char *bindir;     /* owned: directory of initdb, pg_ctl, postgres */
    char *logfile;    /* owned: dir/server.log */
    bool other_user;  /* invoked as root: the server runs as run_uid */
    uid_t run_uid;
    gid_t run_gid;
    bool fast;        /* fsync off etc., for throwaway test clusters */
    bool quiet;       /* no progress lines on stderr */
} local_cluster;

/* Resolve the directory (dir, or $AGENTDB_LOCAL_DIR, or $XDG_DATA_HOME/agentdb) and the server
 * binaries ($AGENTDB_PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/NN/bin, newest first).
 * Returns 0, or -1 with *err (malloc'd, caller frees) saying what is missing and how to get it. */
int local_init(local_cluster *lc, const char *dir, char **err);
void local_free(local_cluster *lc);

/* initdb when there is no cluster yet, start the server when it is not running, and create the
 * "agentdb" database. Progress lines go to stderr unless quiet. 0 or -1 with *err. */
int local_start(local_cluster *lc, char **err);
/* Stop the server (fast mode) if it runs. 0 or -1 with *err. */
int local_stop(local_cluster *lc, char **err);
/* Is the server running (pg_ctl status)? */
bool local_running(local_cluster *lc);

/* Conninfo for the agentdb database on the local socket (malloc'd, caller frees). */
char *local_conninfo(const local_cluster *lc, const char *dbname);

/* Find the server binaries' directory (malloc'd) or NULL. Exposed for tools that need pg_dump. */
char *local_find_bindir(void);

#endif
