/* tui.c: the console's engine: screen stack, main loop over the tty and the libpq socket, one query
 * in flight with a queue, key bindings, status line, reconnect with backoff, and headless scripts. */
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "bundle.h"
#include "keymap.h"
#include "tui_draw.h"
#include "tui_prompt.h"
#include "util.h"

extern const char keymap_default_text[];
extern const tui_screen *const tui_screens[];

#define MAX_DEPTH 32
#define MIN_COLS 40
#define MIN_ROWS 8

struct tui_view {
    const tui_screen *s;
    void *st;        /* owned, s->state_size bytes */
    int id;          /* unique per push; results for a closed view are dropped */
};

typedef struct pending_query {
    int view_id;
    int tag;
    char *sql_path;  /* owned: a bundled file's path, or NULL when sql_text is set */
    char *sql_text;  /* owned: SQL built by a screen from catalog-quoted identifiers, or NULL */
    char *table, *column; /* owned: identifiers for a template (tui_query_ident), or NULL */
    int nparams;
    char **params;   /* owned */
    bool report;     /* goes to the report server (--report-dsn), not the primary */
    struct pending_query *next;
} pending_query;

struct tui {
    app *a;
    keymap km;
    tui_view *stack[MAX_DEPTH];
    int depth;
    int next_id;
    pending_query *queue, *queue_tail;
    pending_query *inflight;  /* owned while sent */
    double inflight_since;
    char *message;            /* owned: last error or notice */
    bool message_error;
    bool quit;
    bool dirty;
    bool ascii;
    bool conn_lost;
    db_conn *lost;            /* borrowed: the connection that was lost (the primary or report) */
    double reconnect_at;
    int reconnect_delay_ms;
    int refresh_s;            /* auto-refresh interval, 0 = off */
    double last_refresh;
    /* headless script mode */
    FILE *script;
    FILE *script_times;   /* AGENTDB_SCRIPT_TIMES: ms from each key line to its repaint */
    double key_t0;        /* when the pending key line started, 0 when none */
    char *key_label;      /* owned: that line */
    SCREEN *scr;
    FILE *null_out, *null_in;
    int script_line;
    char *clipboard;          /* owned: last copied text */
    PGresult *delivering;     /* the result being delivered; a screen may take it */
};

static volatile sig_atomic_t got_sigint;
static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
}

/* ---- actions ---- */

static const char *const action_names[] = {
#define TUI_NAME(id, name, help) name,
    TUI_ACTIONS(TUI_NAME)
#undef TUI_NAME
};
static const char *const action_helps[] = {
#define TUI_HELP(id, name, help) help,
    TUI_ACTIONS(TUI_HELP)
#undef TUI_HELP
};

const char *tui_action_name(tui_action a) { return a < TA_COUNT ? action_names[a] : "?"; }
const char *tui_action_help(tui_action a) { return a < TA_COUNT ? action_helps[a] : "?"; }

bool tui_action_parse(const char *name, tui_action *a)
{
    for (int i = 0; i < TA_COUNT; i++)
        if (strcmp(action_names[i], name) == 0) {
            *a = (tui_action)i;
            return true;
        }
    return false;
}

static bool lookup_action(const char *name, int *action)
{
    tui_action a;
    if (!tui_action_parse(name, &a))
        return false;
    *action = (int)a;
    return true;
}

const keymap *tui_keymap(const tui *t);
const keymap *tui_keymap(const tui *t) { return &t->km; }

/* ---- small accessors ---- */

bool tui_busy(const tui *t) { return t->inflight != NULL || t->queue != NULL; }
bool tui_is_script(const tui *t) { return t->script != NULL; }

char *tui_script_line(tui *t)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len = getline(&line, &cap, t->script);
    if (len < 0) {
        free(line);
        return NULL;
    }
    t->script_line++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    return line;
}

char *tui_ask(tui *t, const char *prompt, const char *initial)
{
    (void)initial;
    return tui_prompt_read(t, prompt);
}
bool tui_ascii(const tui *t) { return t->ascii; }
bool tui_read_only(const tui *t) { return t->a->params.read_only; }
app *tui_app(tui *t) { return t->a; }

void tui_set_message(tui *t, bool error, const char *fmt, ...)
{
    free(t->message);
    va_list ap;
    va_start(ap, fmt);
    t->message = xvasprintf(fmt, ap);
    va_end(ap);
    /* The status line is one line: libpq's and the server's messages may span several
       ("connection to server ... failed: ...\n\tIs the server running ..."), so each run of
       line breaks and tabs becomes one space, and trailing ones go. */
    char *w = t->message;
    for (const char *r = t->message; *r;) {
        if (*r == '\n' || *r == '\r' || *r == '\t') {
            while (*r == '\n' || *r == '\r' || *r == '\t' || *r == ' ')
                r++;
            if (*r && w > t->message && w[-1] != ' ')
                *w++ = ' ';
        } else
            *w++ = *r++;
    }
    *w = '\0';
    t->message_error = error;
    t->dirty = true;
}

const tui_screen *tui_screen_find(const char *name)
{
    for (int i = 0; tui_screens[i]; i++)
        if (strcmp(tui_screens[i]->name, name) == 0)
            return tui_screens[i];
    return NULL;
}

/* ---- stack ---- */

static tui_view *top(tui *t) { return t->depth ? t->stack[t->depth - 1] : NULL; }

void tui_push(tui *t, const tui_screen *s, const char *arg)
{
    if (t->depth == MAX_DEPTH) {
        /* drop the oldest view below the dashboard to keep going */
        tui_view *old = t->stack[1];
        if (old->s->close)
            old->s->close(old->st);
        free(old->st);
        free(old);
        memmove(&t->stack[1], &t->stack[2], sizeof t->stack[0] * (MAX_DEPTH - 2));
        t->depth--;
    }
    tui_view *v = xcalloc(1, sizeof *v);
    v->s = s;
    v->st = xcalloc(1, s->state_size ? s->state_size : 1);
    v->id = ++t->next_id;
    t->stack[t->depth++] = v;
    if (s->open)
        s->open(t, v, v->st, arg);
    t->dirty = true;
}

static void pop(tui *t)
{
    if (t->depth <= 1) {
        return;
    }
    tui_view *v = t->stack[--t->depth];
    if (v->s->close)
        v->s->close(v->st);
    free(v->st);
    free(v);
    t->dirty = true;
}

static tui_view *view_by_id(tui *t, int id)
{
    for (int i = 0; i < t->depth; i++)
        if (t->stack[i]->id == id)
            return t->stack[i];
    return NULL;
}

/* ---- queries ---- */

static void free_query(pending_query *q)
{
    if (!q)
        return;
    for (int i = 0; i < q->nparams; i++)
        free(q->params[i]);
    free(q->params);
    free(q->sql_path);
    free(q->sql_text);
    free(q->table);
    free(q->column);
    free(q);
}

/* Whether v reads from the report server: its screen asks for it and --report-dsn is set. */
static bool view_on_report(const tui *t, const tui_view *v)
{
    return v && v->s->reads_reports && t->a->report_dsn;
}

static void enqueue(tui *t, tui_view *v, int tag, const char *path, const char *text,
                    int nparams, const char *const *params, bool primary)
{
    pending_query *q = xcalloc(1, sizeof *q);
    q->view_id = v ? v->id : 0;
    q->report = !primary && view_on_report(t, v);
    q->tag = tag;
    q->sql_path = path ? xstrdup(path) : NULL;
    q->sql_text = text ? xstrdup(text) : NULL;
    q->nparams = nparams;
    q->params = xcalloc((size_t)(nparams ? nparams : 1), sizeof *q->params);
    for (int i = 0; i < nparams; i++)
        q->params[i] = params[i] ? xstrdup(params[i]) : NULL;
    if (t->queue_tail)
        t->queue_tail->next = q;
    else
        t->queue = q;
    t->queue_tail = q;
    t->dirty = true;
}

void tui_query(tui *t, tui_view *v, int tag, const char *path, int nparams,
               const char *const *params)
{
    enqueue(t, v, tag, path, NULL, nparams, params, false);
}

void tui_query_text(tui *t, tui_view *v, int tag, const char *sql, int nparams,
                    const char *const *params)
{
    enqueue(t, v, tag, NULL, sql, nparams, params, false);
}

void tui_query_text_primary(tui *t, tui_view *v, int tag, const char *sql, int nparams,
                            const char *const *params)
{
    enqueue(t, v, tag, NULL, sql, nparams, params, true);
}

/* The report server's connection, opened on first use. It never prompts for a password (the
 * terminal belongs to curses): PGPASSWORD, ~/.pgpass or a passwordless method must supply it.
 * NULL with *err set (owned by the caller) when it cannot connect. */
static db_conn *report_conn(tui *t, char **err)
{
    app *a = t->a;
    if (a->report_db)
        return a->report_db;
    db_params p = {0};
    p.conninfo = a->report_dsn;
    p.read_only = true;
    p.no_password = true;
    db_error e = {0};
    a->report_db = db_connect(&p, &e);
    if (!a->report_db)
        *err = xasprintf("report server (--report-dsn): %s", e.message ? e.message : "cannot connect");
    db_error_clear(&e);
    return a->report_db;
}

/* The connection q runs on (NULL only for a report query before its server could be reached). */
static db_conn *qconn(tui *t, const pending_query *q)
{
    return q && q->report ? t->a->report_db : t->a->db;
}

db_conn *tui_view_db(tui *t, tui_view *v)
{
    if (!view_on_report(t, v))
        return t->a->db;
    char *err = NULL;
    db_conn *c = report_conn(t, &err);
    if (!c) {
        tui_set_message(t, true, "%s", err);
        free(err);
    }
    return c;
}

PGresult *tui_take_result(tui *t)
{
    PGresult *r = t->delivering;
    t->delivering = NULL;
    return r;
}

void tui_query_ident(tui *t, tui_view *v, int tag, const char *path, const char *table,
                     const char *column, int nparams, const char *const *params)
{
    tui_query(t, v, tag, path, nparams, params);
    t->queue_tail->table = table ? xstrdup(table) : NULL;
    t->queue_tail->column = column ? xstrdup(column) : NULL;
}

static void deliver(tui *t, pending_query *q, const PGresult *res, const char *err)
{
    tui_view *v = view_by_id(t, q->view_id);
    if (v && v->s->on_result)
        v->s->on_result(t, v, v->st, q->tag, res, err);
    if (err)
        tui_set_message(t, true, "%s", err);
    t->dirty = true;
}

static void connection_lost(tui *t, db_conn *c, const char *why)
{
    if (!t->conn_lost) {
        t->conn_lost = true;
        t->lost = c;
        t->reconnect_delay_ms = 500;
        t->reconnect_at = now_ms() + t->reconnect_delay_ms;
        tui_set_message(t, true, "connection lost: %s", why ? why : "");
    }
    /* requeue the query in flight so the screen gets its data after reconnecting */
    if (t->inflight) {
        t->inflight->next = t->queue;
        t->queue = t->inflight;
        if (!t->queue_tail)
            t->queue_tail = t->inflight;
        t->inflight = NULL;
    }
}

static void send_next(tui *t)
{
    if (t->inflight || !t->queue || t->conn_lost)
        return;
    pending_query *q = t->queue;
    t->queue = q->next;
    if (!t->queue)
        t->queue_tail = NULL;
    q->next = NULL;
    db_error e = {0};
    db_clear_cancel();
    db_conn *c = t->a->db;
    if (q->report) {
        char *err = NULL;
        if (!(c = report_conn(t, &err))) {
            deliver(t, q, NULL, err);
            free(err);
            free_query(q);
            return;
        }
    }
    char *filled = NULL;
    if (q->table || q->column) {
        filled = db_fill_idents(c, bundle_sql(q->sql_path), q->table, q->column, &e);
        if (!filled) {
            deliver(t, q, NULL, e.message);
            free_query(q);
            db_error_clear(&e);
            return;
        }
    }
    int sent = db_send(c, filled ? filled : q->sql_text ? q->sql_text : bundle_sql(q->sql_path), q->nparams,
                       (const char *const *)q->params, &e);
    free(filled);
    if (sent != 0) {
        if (e.conn_lost) {
            t->inflight = q;
            connection_lost(t, c, e.message);
        } else {
            deliver(t, q, NULL, e.message);
            free_query(q);
        }
        db_error_clear(&e);
        return;
    }
    t->inflight = q;
    t->inflight_since = now_ms();
    t->dirty = true;
}

static void consume(tui *t)
{
    if (!t->inflight)
        return;
    PGresult *res = NULL;
    db_error e = {0};
    pending_query *q = t->inflight;
    int rc = db_consume(qconn(t, q), &res, &e);
    if (rc == 1)
        return;
    if (rc < 0 && e.conn_lost) {
        connection_lost(t, qconn(t, q), e.message);
        db_error_clear(&e);
        return;
    }
    t->inflight = NULL;
    if (rc == 0) {
        t->delivering = res;
        deliver(t, q, res, NULL);
        res = t->delivering; /* NULL when the screen took it */
        t->delivering = NULL;
    } else {
        char *msg = e.sqlstate[0] ? xasprintf("%s (%s)", e.message, e.sqlstate) : xstrdup(e.message);
        deliver(t, q, NULL, msg);
        free(msg);
    }
    PQclear(res);
    free_query(q);
    db_error_clear(&e);
}

static void cancel_query(tui *t)
{
    if (!t->inflight)
        return;
    PGcancel *c = PQgetCancel(db_pg(qconn(t, t->inflight)));
    if (c) {
        char buf[256];
        PQcancel(c, buf, sizeof buf);
        PQfreeCancel(c);
    }
    tui_set_message(t, false, "cancelling the running query");
}

static void try_reconnect(tui *t)
{
    if (!t->conn_lost || now_ms() < t->reconnect_at)
        return;
    db_error e = {0};
    db_conn *c = t->lost ? t->lost : t->a->db;
    if (db_reconnect(c, &e) == 0) {
        t->conn_lost = false;
        t->lost = NULL;
        tui_set_message(t, false, "reconnected to %s%s", db_label(c),
                        c == t->a->report_db ? " (report server)" : "");
    } else {
        t->reconnect_delay_ms = t->reconnect_delay_ms * 2 > 30000 ? 30000 : t->reconnect_delay_ms * 2;
        t->reconnect_at = now_ms() + t->reconnect_delay_ms;
        t->dirty = true;
    }
    db_error_clear(&e);
}

bool tui_interrupted(tui *t)
{
    if (t->script) {
        /* a script interrupts with a "key ^C" line right after the key that started the work;
           a script that cannot be rewound (a FIFO) never interrupts */
        long pos = ftell(t->script);
        if (pos < 0)
            return false;
        char *line = NULL;
        size_t cap = 0;
        ssize_t n = getline(&line, &cap, t->script);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        bool stop = n >= 0 && strcmp(line, "key ^C") == 0;
        if (stop)
            t->script_line++;
        else
            fseek(t->script, pos, SEEK_SET);
        free(line);
        return stop;
    }
    bool stop = got_sigint;
    got_sigint = 0;
    int ch;
    while ((ch = getch()) != ERR) /* keys typed during the work are dropped */
        stop = stop || ch == 3 || ch == 27;
    return stop;
}

/* ---- drawing ---- */

/* Bottom line: state and the last message on the left (they matter most), the server, role
 * and read-only badge on the right when there is room. */
static void draw_status(tui *t)
{
    int row = LINES - 1;
    /* the server this screen reads from: the report server for report screens with --report-dsn */
    tui_view *tv = top(t);
    bool rep = view_on_report(t, tv) && t->a->report_db;
    db_conn *sc = rep ? t->a->report_db : t->a->db;
    const char *role = PQuser(db_pg(sc));
    char *state = t->conn_lost
                      ? xasprintf(" reconnecting in %ds", (int)((t->reconnect_at - now_ms()) / 1000 + 1))
                      : xstrdup(t->inflight ? " query running (^C cancels)" : " ready");
    char *right = view_on_report(t, tv) && !rep
                      ? xstrdup("reports from the report server: not connected ")
                      : xasprintf("%s%s%s %s ", t->a->params.read_only ? "[read-only] " : "",
                                  rep ? "reports from " : "", db_label(sc), role ? role : "");
    tui_text(row, 0, COLS, "", TC_STATUS, true);
    int x = tui_text(row, 0, COLS, state, TC_STATUS, false);
    if (t->message && x + 3 < COLS)
        x += tui_text(row, x, 2, "  ", TC_STATUS, false) +
             tui_text(row, x + 2, COLS - x - 2, t->message, t->message_error ? TC_ERROR : TC_STATUS, false);
    int rw = tui_width(right);
    if (x + 2 + rw <= COLS)
        tui_text(row, COLS - rw, rw, right, TC_STATUS, false);
    free(state);
    free(right);
}

static void draw_title(tui *t)
{
    tui_view *v = top(t);
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, " agentdb");
    for (int i = 0; i < t->depth; i++)
        sb_printf(&sb, " %s %s", tui_draw_unicode() ? "\xe2\x80\xba" : ">", t->stack[i]->s->title);
    if (t->refresh_s)
        sb_printf(&sb, "  (auto-refresh %ds)", t->refresh_s);
    tui_text(0, 0, COLS, sb_str(&sb), TC_TITLE, true);
    sb_free(&sb);
    (void)v;
}

static void draw(tui *t)
{
    erase();
    if (COLS < MIN_COLS || LINES < MIN_ROWS) {
        char *m = xasprintf("terminal too small (%dx%d); agentdb needs %dx%d. Q quits.", COLS,
                            LINES, MIN_COLS, MIN_ROWS);
        for (int r = 0; r < LINES; r++) {
            int off = r * COLS;
            if ((size_t)off >= strlen(m))
                break;
            char *part = xstrndup(m + off, (size_t)COLS);
            tui_text(r, 0, COLS, part, TC_NORMAL, false);
            free(part);
        }
        free(m);
        refresh();
        return;
    }
    draw_title(t);
    if (t->conn_lost)
        tui_text(1, 0, COLS, " connection lost: reconnecting with backoff; your screen is kept; Q quits",
                 TC_BANNER, true);
    tui_view *v = top(t);
    int body_top = t->conn_lost ? 2 : 1;
    if (v && v->s->draw)
        v->s->draw(t, v, v->st, body_top, LINES - 1 - body_top, COLS);
    draw_status(t);
    refresh();
    t->dirty = false;
}

void tui_redraw(tui *t)
{
    draw(t);
}

/* ---- OSC 52 copy ---- */

static char *base64(const char *s)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s);
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "");
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)s[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)s[i + 2];
        sb_appendc(&sb, tbl[(v >> 18) & 63]);
        sb_appendc(&sb, tbl[(v >> 12) & 63]);
        sb_appendc(&sb, i + 1 < n ? tbl[(v >> 6) & 63] : '=');
        sb_appendc(&sb, i + 2 < n ? tbl[v & 63] : '=');
    }
    return sb_steal(&sb);
}

void tui_copy(tui *t, const char *text)
{
    free(t->clipboard);
    t->clipboard = xstrdup(text);
    if (!t->script) {
        char *b = base64(text);
        /* straight to the terminal: curses does not pass OSC sequences */
        int fd = open("/dev/tty", O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            char *seq = xasprintf("\033]52;c;%s\007", b);
            if (write(fd, seq, strlen(seq)) < 0) {
                /* nothing more to do */
            }
            free(seq);
            close(fd);
        }
        free(b);
    }
    tui_set_message(t, false, "copied %zu bytes", strlen(text));
}

/* ---- key handling ---- */

static int curses_to_key(int ch, bool is_key)
{
    if (!is_key) {
        if (ch == '\n' || ch == '\r')
            return KEYC_ENTER;
        if (ch == 27)
            return KEYC_ESC;
        if (ch == '\t')
            return KEYC_TAB;
        if (ch == 127 || ch == 8)
            return KEYC_BACKSPACE;
        return ch;
    }
    switch (ch) {
    case KEY_UP: return KEYC_UP;
    case KEY_DOWN: return KEYC_DOWN;
    case KEY_LEFT: return KEYC_LEFT;
    case KEY_RIGHT: return KEYC_RIGHT;
    case KEY_PPAGE: return KEYC_PGUP;
    case KEY_NPAGE: return KEYC_PGDN;
    case KEY_HOME: return KEYC_HOME;
    case KEY_END: return KEYC_END;
    case KEY_ENTER: return KEYC_ENTER;
    case KEY_BACKSPACE: return KEYC_BACKSPACE;
    case KEY_DC: return KEYC_DELETE;
    case KEY_IC: return KEYC_INSERT;
    case KEY_BTAB: return KEYC_BTAB;
    default:
        if (ch >= KEY_F(1) && ch <= KEY_F(12))
            return KEYC_F1 + ch - KEY_F(1);
        return -1;
    }
}

static void run_prompt_line(tui *t, const char *line);

static bool global_action(tui *t, tui_action a)
{
    static const struct {
        tui_action a;
        const char *screen;
    } jumps[] = {
        {TA_GO_DASHBOARD, "dashboard"}, {TA_GO_WORKFLOWS, "workflows"}, {TA_GO_TASKS, "tasks"},
        {TA_GO_AGENTS, "agents"},       {TA_GO_MIGRATIONS, "migrations"}, {TA_GO_REPORTS, "reports"},
        {TA_GO_CHECKS, "checks"},       {TA_GO_EXPERIENCES, "experiences"},
    };
    for (size_t i = 0; i < sizeof jumps / sizeof jumps[0]; i++)
        if (jumps[i].a == a) {
            const tui_screen *s = tui_screen_find(jumps[i].screen);
            if (!s)
                tui_set_message(t, true, "the %s screen is not part of this version yet",
                                jumps[i].screen);
            else {
                while (t->depth > 1)
                    pop(t);
                if (strcmp(top(t)->s->name, s->name) != 0)
                    tui_push(t, s, NULL);
            }
            return true;
        }
    switch (a) {
    case TA_QUIT: t->quit = true; return true;
    case TA_BACK:
        if (t->depth > 1)
            pop(t);
        else
            tui_set_message(t, false, "this is the first screen; Q quits");
        return true;
    case TA_HELP: tui_push(t, tui_screen_find("help"), top(t)->s->name); return true;
    case TA_CANCEL: cancel_query(t); return true;
    case TA_REFRESH:
        top(t)->s->open(t, top(t), top(t)->st, NULL);
        return true;
    case TA_FASTER:
        t->refresh_s = t->refresh_s == 0 ? 10 : t->refresh_s > 1 ? t->refresh_s / 2 : 1;
        tui_set_message(t, false, "auto-refresh every %d s", t->refresh_s);
        return true;
    case TA_SLOWER:
        t->refresh_s = t->refresh_s >= 30 || t->refresh_s == 0 ? 0 : t->refresh_s * 2;
        tui_set_message(t, false, t->refresh_s ? "auto-refresh every %d s" : "auto-refresh off%.0d",
                        t->refresh_s);
        return true;
    case TA_PROMPT: {
        char *line = tui_prompt_read(t, ":");
        if (line) {
            run_prompt_line(t, line);
            free(line);
        }
        return true;
    }
    default: return false;
    }
}

static void handle_key(tui *t, int key)
{
    tui_view *v = top(t);
    if (key == 3) { /* Ctrl-C: cancel the running query; quit only when nothing runs */
        if (t->inflight)
            cancel_query(t);
        else
            t->quit = true;
        return;
    }
    int act = keymap_lookup(&t->km, v->s->name, key);
    if (act < 0) {
        char buf[16];
        tui_set_message(t, false, "%s is not bound here; ? lists the keys", keymap_key_name(key, buf));
        return;
    }
    if (t->conn_lost && act != TA_QUIT && act != TA_BACK && act != TA_HELP) {
        tui_set_message(t, true, "not connected; reconnecting (Q quits)");
        return;
    }
    if (v->s->on_action && v->s->on_action(t, v, v->st, (tui_action)act)) {
        t->dirty = true;
        return;
    }
    if (!global_action(t, (tui_action)act))
        tui_set_message(t, false, "%s does nothing on this screen", tui_action_name((tui_action)act));
    t->dirty = true;
}

/* ---- ':' commands ---- */

static void dump_screen(tui *t, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        tui_set_message(t, true, "cannot write %s: %s", path, strerror(errno));
        return;
    }
    if (t->dirty)
        draw(t);
    for (int r = 0; r < LINES; r++) {
        strbuf sb = STRBUF_INIT;
        sb_append(&sb, "");
        for (int c = 0; c < COLS; c++) {
            cchar_t cc;
            if (mvin_wch(r, c, &cc) == ERR)
                break;
            wchar_t wc[CCHARW_MAX + 1];
            attr_t at;
            short pair;
            if (getcchar(&cc, wc, &at, &pair, NULL) == ERR)
                continue;
            char mb[64];
            for (int k = 0; wc[k]; k++) {
                mbstate_t ms;
                memset(&ms, 0, sizeof ms);
                size_t n = wcrtomb(mb, wc[k], &ms);
                if (n != (size_t)-1)
                    sb_appendn(&sb, mb, n);
            }
        }
        /* trailing spaces carry no meaning in a dump */
        while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
            sb.buf[--sb.len] = '\0';
        fprintf(f, "%s\n", sb_str(&sb));
        sb_free(&sb);
    }
    fclose(f);
}

static void run_prompt_line(tui *t, const char *line)
{
    char **w = NULL;
    int n = 0;
    char *err = NULL;
    if (cmd_split(line, &w, &n, &err) != 0) {
        tui_set_message(t, true, "%s", err);
        free(err);
        return;
    }
    if (n == 0) {
        cmd_words_free(w, n);
        return;
    }
    const tui_screen *s = tui_screen_find(w[0]);
    if (strcmp(w[0], "dump-screen") == 0 && n == 2)
        dump_screen(t, w[1]);
    else if (strcmp(w[0], "quit") == 0 || strcmp(w[0], "q") == 0)
        t->quit = true;
    else if (strcmp(w[0], "resize") == 0 && n == 2 && t->script) {
        int cols, rows;
        if (sscanf(w[1], "%dx%d", &cols, &rows) == 2 && cols > 0 && rows > 0 && cols <= 1000 &&
            rows <= 1000) {
            resize_term(rows, cols);
            t->dirty = true;
        } else
            tui_set_message(t, true, "resize takes COLSxROWS");
    } else if (strcmp(w[0], "sleep") == 0 && n == 2 && t->script) {
        long ms;
        if (parse_uint(w[1], 10000, &ms)) {
            struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
            nanosleep(&ts, NULL);
            try_reconnect(t);
            t->dirty = true;
        } else
            tui_set_message(t, true, "sleep takes milliseconds, at most 10000");
    } else if (strcmp(w[0], "key") == 0 && n == 2) {
        int key;
        if (keymap_key_parse(w[1], &key))
            handle_key(t, key);
        else
            tui_set_message(t, true, "unknown key '%s'", w[1]);
    } else if (s && s != tui_screen_find("help") && s != tui_screen_find("result") &&
               !(n > 1 && cmd_find(w[0], w[1]))) { /* ':dag WF' opens the screen, ':dag show' runs */
        if (n > 2)
            tui_set_message(t, true, "%s takes at most one argument", w[0]);
        else
            tui_push(t, s, n > 1 ? w[1] : NULL);
    } else if (strcmp(w[0], "help") == 0 && n == 1)
        tui_push(t, tui_screen_find("help"), top(t)->s->name);
    else {
        /* a command from the command table: run it and show its output */
        char *outbuf = NULL, *errbuf = NULL;
        size_t outlen = 0, errlen = 0;
        FILE *o = open_memstream(&outbuf, &outlen), *e = open_memstream(&errbuf, &errlen);
        FILE *so = t->a->out, *se = t->a->err;
        t->a->out = o;
        t->a->err = e;
        int rc = app_run_line(t->a, line);
        t->a->out = so;
        t->a->err = se;
        fclose(o);
        fclose(e);
        if (outlen > 0)
            tui_push(t, tui_screen_find("result"), outbuf);
        /* last non-empty line of the messages goes to the status line */
        char *last = NULL;
        for (char *p = strtok(errbuf, "\n"); p; p = strtok(NULL, "\n"))
            last = p;
        if (last)
            tui_set_message(t, rc != 0, "%s", last);
        else if (rc != 0)
            tui_set_message(t, true, "command failed (exit %d)", rc);
        if (t->a->quit)
            t->quit = true;
        free(outbuf);
        free(errbuf);
    }
    cmd_words_free(w, n);
}

/* ---- script mode ---- */

/* One script line: "key NAME", "type TEXT" (each character a key), ":COMMAND", or "# comment". */
static void script_step(tui *t)
{
    char *line = tui_script_line(t);
    if (!line) {
        t->quit = true;
        return;
    }
    if (line[0] == ':')
        run_prompt_line(t, line + 1);
    else if (strncmp(line, "key ", 4) == 0) {
        if (t->script_times) {
            t->key_t0 = now_ms();
            free(t->key_label);
            t->key_label = xstrdup(line + 4);
        }
        char *k = line + 4;
        char *save = NULL;
        for (char *tok = strtok_r(k, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
            int key;
            if (keymap_key_parse(tok, &key))
                handle_key(t, key);
            else
                tui_set_message(t, true, "script line %d: unknown key '%s'", t->script_line, tok);
            /* finish the queries each key started before the next key */
            while (tui_busy(t) && !t->conn_lost) {
                send_next(t);
                if (t->inflight) {
                    struct pollfd pf = {db_socket(qconn(t, t->inflight)), POLLIN, 0};
                    poll(&pf, 1, 1000);
                    consume(t);
                }
            }
        }
    } else if (line[0] && line[0] != '#')
        tui_set_message(t, true, "script line %d: not understood", t->script_line);
    free(line);
    t->dirty = true;
}

/* ---- setup and loop ---- */

static void load_keys(tui *t)
{
    char *errs = NULL;
    keymap_parse(&t->km, keymap_default_text, strlen(keymap_default_text), "keys.default",
                 lookup_action, &errs);
    free(errs); /* the bundled file is tested to parse clean */
    char *cfg = xdg_dir("XDG_CONFIG_HOME", ".config");
    char *path = xasprintf("%s/agentdb/keys", cfg);
    free(cfg);
    size_t len;
    char *text = read_file(path, &len);
    if (text) {
        int n = keymap_parse(&t->km, text, len, path, lookup_action, &errs);
        if (n > 0) {
            char *first = errs ? strtok(errs, "\n") : NULL;
            tui_set_message(t, true, "%d bad line%s in keys: %s", n, n == 1 ? "" : "s",
                            first ? first : "");
        }
        free(errs);
        free(text);
    }
    free(path);
}

static bool want_color(const char *mode)
{
    if (mode && strcmp(mode, "never") == 0)
        return false;
    if (mode && strcmp(mode, "always") == 0)
        return true;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    return has_colors();
}

int tui_run(app *a)
{
    tui *t = xcalloc(1, sizeof *t);
    t->a = a;
    t->ascii = a->ascii;
    const char *lc = setlocale(LC_CTYPE, NULL);
    (void)lc;
    const char *script = getenv("AGENTDB_SCRIPT");
    if (script && *script) {
        const char *times = getenv("AGENTDB_SCRIPT_TIMES");
        if (times && *times && !(t->script_times = fopen(times, "w")))
            fprintf(stderr, "agentdb: cannot write AGENTDB_SCRIPT_TIMES %s: %s\n", times,
                    strerror(errno));
        t->script = fopen(script, "r");
        if (!t->script) {
            fprintf(stderr, "agentdb: cannot read AGENTDB_SCRIPT %s: %s\n", script, strerror(errno));
            free(t);
            return EXIT_USAGE;
        }
        int cols = 80, rows = 24;
        const char *size = getenv("AGENTDB_SCREEN");
        if (size && (sscanf(size, "%dx%d", &cols, &rows) != 2 || cols < 1 || rows < 1 ||
                     cols > 1000 || rows > 1000)) {
            fprintf(stderr, "agentdb: AGENTDB_SCREEN takes COLSxROWS, such as 80x24\n");
            fclose(t->script);
            free(t);
            return EXIT_USAGE;
        }
        t->null_out = fopen("/dev/null", "w");
        t->null_in = fopen("/dev/null", "r");
        const char *term = getenv("TERM");
        t->scr = newterm(term && *term ? (char *)term : (char *)"xterm-256color", t->null_out,
                         t->null_in);
        if (!t->scr)
            t->scr = newterm((char *)"vt100", t->null_out, t->null_in);
        if (!t->scr) {
            fprintf(stderr, "agentdb: cannot start a virtual terminal for the script\n");
            return EXIT_USAGE;
        }
        set_term(t->scr);
        resize_term(rows, cols);
    } else {
        if (!initscr()) {
            fprintf(stderr, "agentdb: cannot initialise the terminal\n");
            free(t);
            return EXIT_USAGE;
        }
    }
    raw();
    noecho();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    const char *cs = nl_langinfo(CODESET);
    bool utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
    tui_draw_init(utf8, t->ascii, t->script ? false : want_color(a->color));
    if (!t->a->db && app_db(t->a) != EXIT_OK) {
        endwin();
        fprintf(stderr, "agentdb: the console needs a database connection\n");
        return EXIT_CONN;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    load_keys(t);
    tui_push(t, tui_screen_find("dashboard"), NULL);
    t->last_refresh = now_ms();
    while (!t->quit) {
        try_reconnect(t);
        send_next(t);
        if (t->dirty)
            draw(t);
        if (t->key_t0 > 0 && !t->inflight && !t->queue) {
            /* the key's queries are done and the screen repainted */
            fprintf(t->script_times, "%.3f\t%s\n", now_ms() - t->key_t0, t->key_label);
            t->key_t0 = 0;
        }
        if (t->script && !t->conn_lost) {
            if (t->inflight) {
                struct pollfd pf = {db_socket(qconn(t, t->inflight)), POLLIN, 0};
                poll(&pf, 1, 1000);
                consume(t);
            } else if (!t->queue)
                script_step(t);
            continue;
        }
        struct pollfd pf[2] = {{STDIN_FILENO, POLLIN, 0}, {-1, POLLIN, 0}};
        int npf = 1;
        if (t->inflight && !t->conn_lost) {
            pf[1].fd = db_socket(qconn(t, t->inflight));
            npf = 2;
        }
        int timeout = t->conn_lost ? 250 : 1000;
        int pr = poll(pf, (nfds_t)npf, timeout);
        if (got_sigint) {
            got_sigint = 0;
            handle_key(t, 3);
        }
        if (pr < 0 && errno != EINTR)
            break;
        if (npf == 2 && (pf[1].revents & (POLLIN | POLLHUP | POLLERR)))
            consume(t);
        if (t->script && t->conn_lost) {
            /* a script cannot wait forever on a dead server */
            script_step(t);
            continue;
        }
        if (pf[0].revents & POLLIN) {
            wint_t ch;
            int r;
            while ((r = get_wch(&ch)) != ERR) {
                if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
                    t->dirty = true;
                    continue;
                }
                int key = curses_to_key((int)ch, r == KEY_CODE_YES);
                if (key >= 0)
                    handle_key(t, key);
                if (t->quit)
                    break;
            }
        }
        if (pr == 0 || t->conn_lost)
            t->dirty = true; /* the status line's clock and the reconnect countdown */
        if (t->refresh_s && !tui_busy(t) && now_ms() - t->last_refresh > t->refresh_s * 1000.0) {
            t->last_refresh = now_ms();
            tui_view *v = top(t);
            if (v->s->on_action)
                v->s->on_action(t, v, v->st, TA_REFRESH);
        }
    }
    while (t->depth > 0) {
        tui_view *v = t->stack[--t->depth];
        if (v->s->close)
            v->s->close(v->st);
        free(v->st);
        free(v);
    }
    endwin();
    if (t->scr)
        delscreen(t->scr);
    if (t->null_out)
        fclose(t->null_out);
    if (t->null_in)
        fclose(t->null_in);
    if (t->script)
        fclose(t->script);
    if (t->script_times)
        fclose(t->script_times);
    free(t->key_label);
    while (t->queue) {
        pending_query *q = t->queue;
        t->queue = q->next;
        free_query(q);
    }
    free_query(t->inflight);
    keymap_free(&t->km);
    free(t->message);
    free(t->clipboard);
    free(t);
    return EXIT_OK;
}
