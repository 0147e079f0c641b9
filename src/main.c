/* main.c: options and mode choice: console when stdin and stdout are terminals and no -c or -f
 * is given, the REPL, -c and -f in order, or a script on piped stdin. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "commands.h"
#include "local.h"
#include "repl.h"
#include "tui.h"
#include "util.h"

typedef struct action {
    char kind;        /* 'c' command, 'f' file */
    const char *arg;  /* borrowed from argv */
} action;

static void usage(FILE *f)
{
    fputs("Usage: agentdb [OPTIONS] [DBNAME | CONNINFO | URI]\n"
          "The console and command line for an AI-agent orchestration database.\n\n"
          "Connection (libpq conventions; PGHOST, PGPORT, PGDATABASE, PGUSER, ~/.pgpass...):\n"
          "  -h, --host=HOST          server host or socket directory\n"
          "  -p, --port=PORT          server port\n"
          "  -U, --username=USER      database user\n"
          "  -d, --dbname=DBNAME      database name, conninfo string or URI\n"
          "  -w, --no-password        never prompt for a password\n"
          "  -W, --password           prompt for a password before connecting\n"
          "      --local              use the private cluster in $XDG_DATA_HOME/agentdb\n"
          "                           (created and started on demand)\n"
          "      --local-dir=DIR      keep the private cluster in DIR instead\n"
          "      --local-stop         stop the private cluster and exit\n"
          "      --read-only          refuse writes (also sets default_transaction_read_only)\n"
          "      --report-dsn=CONNINFO  run reports (and other read-only analysis) on this\n"
          "                           server, e.g. a standby (also AGENTDB_REPORT_DSN)\n\n"
          "Console:\n"
          "      --repl               the command REPL instead of the console on a terminal\n"
          "      --ascii              ASCII line drawing and glyphs only\n"
          "      --color=WHEN         auto (default; NO_COLOR turns it off), always or never\n\n"
          "Commands:\n"
          "  -c, --command=CMD        run CMD (repeatable; run in order with -f)\n"
          "  -f, --file=FILE          run the commands in FILE ('-' for stdin)\n"
          "      --format=FMT         table (default), csv, json or jsonl\n"
          "      --continue-on-error  keep going after a failing command\n"
          "      --version            print the version and exit\n"
          "      --help               print this help and exit\n\n"
          "Run 'agentdb -c help' for the commands; man agentdb for everything.\n"
          "Exit status: 0 ok, 1 usage, 2 connection, 3 command failed, 4 refused, 5 problems found.\n",
          f);
}

enum { OPT_FORMAT = 256, OPT_READ_ONLY, OPT_LOCAL, OPT_LOCAL_DIR, OPT_LOCAL_STOP, OPT_CONTINUE,
       OPT_VERSION, OPT_HELP, OPT_MAN_COMMANDS, OPT_REPL, OPT_ASCII, OPT_COLOR, OPT_REPORT_DSN };

static void on_sigint(int sig)
{
    (void)sig;
    if (db_cancel_requested())
        _exit(130); /* a second Ctrl-C while the first is pending: give up now */
    db_request_cancel();
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    app a = {0};
    a.out = stdout;
    a.err = stderr;
    a.fmt = OUT_TABLE;
    action *acts = xcalloc((size_t)argc + 1, sizeof *acts);
    int nacts = 0;
    bool local = false, do_stop = false, want_repl = false;
    const char *local_dir = NULL;
    static const struct option longopts[] = {
        {"host", required_argument, NULL, 'h'},
        {"port", required_argument, NULL, 'p'},
        {"username", required_argument, NULL, 'U'},
        {"dbname", required_argument, NULL, 'd'},
        {"no-password", no_argument, NULL, 'w'},
        {"password", no_argument, NULL, 'W'},
        {"command", required_argument, NULL, 'c'},
        {"file", required_argument, NULL, 'f'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"read-only", no_argument, NULL, OPT_READ_ONLY},
        {"report-dsn", required_argument, NULL, OPT_REPORT_DSN},
        {"local", no_argument, NULL, OPT_LOCAL},
        {"local-dir", required_argument, NULL, OPT_LOCAL_DIR},
        {"local-stop", no_argument, NULL, OPT_LOCAL_STOP},
        {"continue-on-error", no_argument, NULL, OPT_CONTINUE},
        {"version", no_argument, NULL, OPT_VERSION},
        {"help", no_argument, NULL, OPT_HELP},
        {"man-commands", no_argument, NULL, OPT_MAN_COMMANDS},
        {"repl", no_argument, NULL, OPT_REPL},
        {"ascii", no_argument, NULL, OPT_ASCII},
        {"color", required_argument, NULL, OPT_COLOR},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":h:p:U:d:wWc:f:", longopts, NULL)) != -1) {
        switch (ch) {
        case 'h': a.params.host = optarg; break;
        case 'p': a.params.port = optarg; break;
        case 'U': a.params.user = optarg; break;
        case 'd': a.params.dbname = optarg; break;
        case 'w': a.params.no_password = true; break;
        case 'W': a.params.force_password = true; break;
        case 'c':
        case 'f':
            acts[nacts].kind = (char)ch;
            acts[nacts].arg = optarg;
            nacts++;
            break;
        case OPT_FORMAT:
            if (!out_format_parse(optarg, &a.fmt)) {
                out_errorf(stderr, "unknown format '%s'; use table, csv, json or jsonl",
                        optarg);
                free(acts);
                return EXIT_USAGE;
            }
            break;
        case OPT_READ_ONLY: a.params.read_only = true; break;
        case OPT_REPORT_DSN: a.report_dsn = optarg; break;
        case OPT_LOCAL: local = true; break;
        case OPT_LOCAL_DIR: local_dir = optarg; local = true; break;
        case OPT_LOCAL_STOP: do_stop = true; break;
        case OPT_CONTINUE: a.continue_on_error = true; break;
        case OPT_REPL: want_repl = true; break;
        case OPT_ASCII: a.ascii = true; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                out_errorf(stderr, "--color takes auto, always or never, not '%s'", optarg);
                free(acts);
                return EXIT_USAGE;
            }
            a.color = optarg;
            break;
        case OPT_VERSION: printf("agentdb %s\n", AGENTDB_VERSION); free(acts); return EXIT_OK;
        case OPT_HELP: usage(stdout); free(acts); return EXIT_OK;
        case OPT_MAN_COMMANDS: cmd_print_man(stdout); free(acts); return EXIT_OK;
        case ':':
            out_errorf(stderr, "option '%s' needs a value; see agentdb --help",
                    argv[optind - 1]);
            free(acts);
            return EXIT_USAGE;
        default: {
            const char *bad = argv[optind - 1];
            const char *best = NULL;
            int bestd = 4;
            for (const struct option *o = longopts; o->name; o++) {
                if (strcmp(o->name, "man-commands") == 0)
                    continue;
                const char *b = bad;
                while (*b == '-')
                    b++;
                char *name = xstrndup(b, strcspn(b, "="));
                int d = edit_distance(name, o->name);
                free(name);
                if (d < bestd) {
                    bestd = d;
                    best = o->name;
                }
            }
            if (best)
                out_errorf(stderr, "unknown option '%s'; did you mean '--%s'?", bad, best);
            else
                out_errorf(stderr, "unknown option '%s'; see agentdb --help", bad);
            free(acts);
            return EXIT_USAGE;
        }
        }
    }
    if (!a.report_dsn && getenv("AGENTDB_REPORT_DSN") && *getenv("AGENTDB_REPORT_DSN"))
        a.report_dsn = getenv("AGENTDB_REPORT_DSN");
    if (optind < argc)
        a.params.conninfo = argv[optind++];
    if (optind < argc) {
        out_errorf(stderr, "unexpected argument '%s'; give one DBNAME, conninfo or URI",
                argv[optind]);
        free(acts);
        return EXIT_USAGE;
    }
    int rc = EXIT_OK;
    local_cluster lc = {0};
    bool lc_init = false;
    if (local || do_stop) {
        if (a.params.conninfo || a.params.host) {
            fprintf(stderr, "agentdb: --local uses the private cluster; drop the connection "
                            "arguments, or drop --local\n");
            free(acts);
            return EXIT_USAGE;
        }
        char *err = NULL;
        if (local_init(&lc, local_dir, &err) != 0) {
            out_errorf(stderr, "%s", err);
            free(err);
            free(acts);
            return EXIT_CONN;
        }
        lc_init = true;
        if (do_stop) {
            if (local_stop(&lc, &err) != 0) {
                out_errorf(stderr, "%s", err);
                free(err);
                rc = EXIT_FAIL;
            }
            local_free(&lc);
            free(acts);
            return rc;
        }
        if (local_start(&lc, &err) != 0) {
            out_errorf(stderr, "%s", err);
            free(err);
            local_free(&lc);
            free(acts);
            return EXIT_CONN;
        }
        a.local_conninfo = local_conninfo(&lc, NULL);
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    if (nacts > 0) {
        for (int i = 0; i < nacts && !a.quit; i++) {
            int r;
            if (acts[i].kind == 'c')
                r = app_run_line(&a, acts[i].arg);
            else {
                FILE *f = strcmp(acts[i].arg, "-") == 0 ? stdin : fopen(acts[i].arg, "r");
                if (!f) {
                    out_errorf(stderr, "cannot read %s: %s", acts[i].arg,
                            strerror(errno));
                    r = EXIT_USAGE;
                } else {
                    r = script_run(&a, f, strcmp(acts[i].arg, "-") == 0 ? "stdin" : acts[i].arg);
                    if (f != stdin)
                        fclose(f);
                }
            }
            if (r != EXIT_OK) {
                if (!rc)
                    rc = r;
                if (!a.continue_on_error || r == EXIT_CONN)
                    break;
            }
        }
    } else if (getenv("AGENTDB_SCRIPT") && *getenv("AGENTDB_SCRIPT")) {
        rc = tui_run(&a); /* headless console driven by a script (tests) */
    } else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
        rc = want_repl ? repl_run(&a) : tui_run(&a);
    } else {
        rc = script_run(&a, stdin, "stdin");
    }
    db_close(a.db);
    db_close(a.report_db);
    free(a.local_conninfo);
    if (lc_init)
        local_free(&lc);
    free(acts);
    fflush(stdout);
    if (ferror(stdout) && rc == EXIT_OK)
        rc = EXIT_USAGE;
    return rc;
}
