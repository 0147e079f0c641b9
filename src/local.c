/* local.c: private PostgreSQL cluster for --local and for the test harness. When invoked as root
 * the server runs as the unprivileged "postgres" account, since initdb and pg_ctl refuse root. */
#include "local.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#define LOCAL_PORT "5432"
#define LOCAL_SUPERUSER "agentdb"

static bool is_exec(const char *dir, const char *name)
{
    char *p = xasprintf("%s/%s", dir, name);
    bool ok = access(p, X_OK) == 0;
    free(p);
    return ok;
}

static char *bindir_from_pg_config(void)
{
    FILE *f = popen("pg_config --bindir 2>/dev/null", "r");
    if (!f)
        return NULL;
    char buf[4096];
    char *res = NULL;
    if (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        if (buf[0] == '/')
            res = xstrdup(buf);
    }
    pclose(f);
    return res;
}

char *local_find_bindir(void)
{
    const char *env = getenv("AGENTDB_PG_BINDIR");
    if (env && *env)
        return is_exec(env, "pg_ctl") ? xstrdup(env) : NULL;
    char *b = bindir_from_pg_config();
    if (b && is_exec(b, "initdb") && is_exec(b, "pg_ctl"))
        return b;
    free(b);
    /* Debian keeps server binaries under /usr/lib/postgresql/NN/bin: take the newest. */
    DIR *d = opendir("/usr/lib/postgresql");
    if (!d)
        return NULL;
    long best = -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long v;
        if (!parse_uint(e->d_name, 1000, &v))
            continue;
        char *cand = xasprintf("/usr/lib/postgresql/%s/bin", e->d_name);
        if (v > best && is_exec(cand, "initdb") && is_exec(cand, "pg_ctl"))
            best = v;
        free(cand);
    }
    closedir(d);
    return best >= 0 ? xasprintf("/usr/lib/postgresql/%ld/bin", best) : NULL;
}

int local_init(local_cluster *lc, const char *dir, char **err)
{
    memset(lc, 0, sizeof *lc);
    const char *env = getenv("AGENTDB_LOCAL_DIR");
    if (dir && *dir)
        lc->dir = xstrdup(dir);
    else if (env && *env)
        lc->dir = xstrdup(env);
    else {
        char *base = xdg_dir("XDG_DATA_HOME", ".local/share");
        lc->dir = xasprintf("%s/agentdb", base);
        free(base);
    }
    if (lc->dir[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            char *abs = xasprintf("%s/%s", cwd, lc->dir);
            free(lc->dir);
            lc->dir = abs;
        }
    }
    lc->datadir = xasprintf("%s/pgdata", lc->dir);
    lc->logfile = xasprintf("%s/server.log", lc->dir);
    /* The socket path must fit in sun_path (107 bytes). */
    if (strlen(lc->dir) + strlen("/.s.PGSQL." LOCAL_PORT) + 8 > 107) {
        *err = xasprintf("local cluster directory %s is too long for a unix socket path "
                         "(keep it under 80 characters; set AGENTDB_LOCAL_DIR)", lc->dir);
        return -1;
    }
    lc->bindir = local_find_bindir();
    if (!lc->bindir) {
        *err = xstrdup("PostgreSQL server binaries (initdb, pg_ctl) not found: install the server "
                       "(Debian: apt-get install postgresql-15, or run 'make deps'), or set "
                       "AGENTDB_PG_BINDIR to their directory");
        return -1;
    }
    if (geteuid() == 0) {
        struct passwd *pw = getpwnam("postgres");
        if (!pw) {
            *err = xstrdup("running as root: the server must run as an unprivileged account, and "
                           "the 'postgres' user does not exist (install postgresql-15, which "
                           "creates it, or run agentdb as a normal user)");
            return -1;
        }
        lc->other_user = true;
        lc->run_uid = pw->pw_uid;
        lc->run_gid = pw->pw_gid;
    } else {
        lc->run_uid = geteuid();
        lc->run_gid = getegid();
    }
    const char *fast = getenv("AGENTDB_LOCAL_FAST");
    lc->fast = fast && strcmp(fast, "1") == 0;
    return 0;
}

void local_free(local_cluster *lc)
{
    free(lc->dir);
    free(lc->datadir);
    free(lc->bindir);
    free(lc->logfile);
    memset(lc, 0, sizeof *lc);
}

/* Run bindir/argv[0] as the server's account with output to dir/tool.log.
 * Returns the exit status (0..255) or -1; on non-zero, *out gets the log's tail. */
static int run_tool(local_cluster *lc, const char *const *argv, char **out)
{
    char *logpath = xasprintf("%s/tool.log", lc->dir);
    int fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        *out = xasprintf("cannot write %s: %s", logpath, strerror(errno));
        free(logpath);
        return -1;
    }
    if (lc->other_user && fchown(fd, lc->run_uid, lc->run_gid) != 0) {
        /* the tool can still write: the fd is already open */
    }
    char *prog = xasprintf("%s/%s", lc->bindir, argv[0]);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd, 1);
        dup2(fd, 2);
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0)
            dup2(nul, 0);
        if (lc->other_user) {
            struct passwd *pw = getpwuid(lc->run_uid);
            if (setgid(lc->run_gid) != 0 || (pw && initgroups(pw->pw_name, lc->run_gid) != 0) ||
                setuid(lc->run_uid) != 0) {
                perror("agentdb: cannot switch to the postgres account");
                _exit(127);
            }
            if (pw)
                setenv("HOME", pw->pw_dir, 1);
        }
        if (chdir(lc->dir) != 0)
            _exit(127);
        unsetenv("PGDATA");
        execv(prog, (char *const *)argv);
        fprintf(stderr, "cannot run %s: %s\n", prog, strerror(errno));
        _exit(127);
    }
    close(fd);
    free(prog);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        *out = xasprintf("cannot run %s: %s", argv[0], strerror(errno));
        free(logpath);
        return -1;
    }
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (rc != 0 && out) {
        size_t len = 0;
        char *text = read_file(logpath, &len);
        const char *tail = text ? text : "";
        if (len > 2000)
            tail = text + len - 2000;
        *out = xasprintf("%s failed (status %d): %s", argv[0], rc, tail);
        free(text);
    }
    free(logpath);
    return rc;
}

/* As root, the postgres account must be able to reach the directory: grant search (x) on the
 * ancestors that lack it, and say so. */
static int make_dir(local_cluster *lc, char **err)
{
    if (mkdir_p(lc->dir, 0700) != 0) {
        *err = xasprintf("cannot create %s: %s", lc->dir, strerror(errno));
        return -1;
    }
    if (!lc->other_user)
        return 0;
    if (chown(lc->dir, lc->run_uid, lc->run_gid) != 0 || chmod(lc->dir, 0700) != 0) {
        *err = xasprintf("cannot hand %s to the postgres account: %s", lc->dir, strerror(errno));
        return -1;
    }
    char *p = xstrdup(lc->dir);
    for (char *s = strrchr(p, '/'); s && s > p; s = strrchr(p, '/')) {
        *s = '\0';
        struct stat st;
        if (stat(p, &st) == 0 && !(st.st_mode & S_IXOTH) && st.st_uid != lc->run_uid) {
            if (chmod(p, st.st_mode | S_IXOTH) == 0 && !lc->quiet)
                fprintf(stderr, "agentdb: granted search permission on %s so the postgres account "
                                "can reach %s\n", p, lc->dir);
        }
    }
    free(p);
    return 0;
}

static int append_conf(local_cluster *lc, char **err)
{
    char *conf = xasprintf("%s/postgresql.conf", lc->datadir);
    FILE *f = fopen(conf, "a");
    if (!f) {
        *err = xasprintf("cannot append to %s: %s", conf, strerror(errno));
        free(conf);
        return -1;
    }
    fprintf(f, "\n# written by agentdb --local\nlisten_addresses = ''\n"
               "unix_socket_directories = '%s'\nunix_socket_permissions = 0700\nport = %s\n"
               "max_connections = 60\nshared_buffers = 128MB\n"
               "max_wal_size = 2GB\nlogging_collector = off\n",
            lc->dir, LOCAL_PORT);
    if (lc->fast)
        fputs("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n", f);
    fclose(f);
    free(conf);
    return 0;
}

bool local_running(local_cluster *lc)
{
    struct stat st;
    if (stat(lc->datadir, &st) != 0)
        return false;
    const char *argv[] = {"pg_ctl", "status", "-D", lc->datadir, NULL};
    char *out = NULL;
    int rc = run_tool(lc, argv, &out);
    free(out);
    return rc == 0;
}

static int create_database(local_cluster *lc, char **err)
{
    char *ci = local_conninfo(lc, "postgres");
    PGconn *pg = PQconnectdb(ci);
    free(ci);
    if (PQstatus(pg) != CONNECTION_OK) {
        *err = xasprintf("cannot connect to the local server: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return -1;
    }
    PGresult *r = PQexec(pg, "SELECT 1 FROM pg_database WHERE datname = 'agentdb'");
    bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    PQclear(r);
    int rc = 0;
    if (!exists) {
        r = PQexec(pg, "CREATE DATABASE agentdb");
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            *err = xasprintf("cannot create database agentdb: %s", PQerrorMessage(pg));
            rc = -1;
        }
        PQclear(r);
    }
    PQfinish(pg);
    return rc;
}

int local_start(local_cluster *lc, char **err)
{
    if (make_dir(lc, err) != 0)
        return -1;
    char *pgver = xasprintf("%s/PG_VERSION", lc->datadir);
    bool have = access(pgver, F_OK) == 0;
    free(pgver);
    if (!have) {
        if (!lc->quiet)
            fprintf(stderr, "agentdb: creating a private PostgreSQL cluster in %s\n", lc->dir);
        const char *argv[] = {"initdb", "-D", lc->datadir, "-U", LOCAL_SUPERUSER, "-A", "trust",
                              "-E", "UTF8", "--locale=C", "--no-instructions", NULL};
        if (run_tool(lc, argv, err) != 0)
            return -1;
        if (append_conf(lc, err) != 0)
            return -1;
    }
    if (!local_running(lc)) {
        if (!lc->quiet)
            fprintf(stderr, "agentdb: starting the local server (log: %s)\n", lc->logfile);
        const char *argv[] = {"pg_ctl", "start", "-w", "-t", "120", "-D", lc->datadir,
                              "-l", lc->logfile, NULL};
        if (run_tool(lc, argv, err) != 0)
            return -1;
    }
    return create_database(lc, err);
}

int local_stop(local_cluster *lc, char **err)
{
    if (!local_running(lc)) {
        if (!lc->quiet)
            fprintf(stderr, "agentdb: the local server in %s is not running\n", lc->dir);
        return 0;
    }
    const char *argv[] = {"pg_ctl", "stop", "-w", "-m", "fast", "-D", lc->datadir, NULL};
    if (run_tool(lc, argv, err) != 0)
        return -1;
    if (!lc->quiet)
        fprintf(stderr, "agentdb: stopped the local server in %s\n", lc->dir);
    return 0;
}

char *local_conninfo(const local_cluster *lc, const char *dbname)
{
    /* Single-quote the directory for conninfo syntax. */
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "host='");
    for (const char *p = lc->dir; *p; p++) {
        if (*p == '\'' || *p == '\\')
            sb_appendc(&sb, '\\');
        sb_appendc(&sb, *p);
    }
    sb_printf(&sb, "' port=%s user=%s dbname=%s", LOCAL_PORT, LOCAL_SUPERUSER,
              dbname ? dbname : "agentdb");
    return sb_steal(&sb);
}
