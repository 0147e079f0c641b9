/* repl.c: the readline REPL (history, completion from the command table, a line starting with a
 * space is not saved) and the script runner used for -f and piped stdin. */
#include "repl.h"

#include <errno.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "util.h"

int script_run(app *a, FILE *in, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0, first_failure = EXIT_OK;
    while ((n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if (memchr(line, '\0', (size_t)n) != NULL) {
            app_error(a, "%s:%d: the line holds a NUL byte; refusing it", name, lineno);
            first_failure = first_failure ? first_failure : EXIT_USAGE;
            if (!a->continue_on_error)
                break;
            continue;
        }
        int rc = app_run_line(a, line);
        if (rc != EXIT_OK) {
            if (rc == EXIT_USAGE)
                fprintf(a->err, "agentdb: (at %s:%d)\n", name, lineno);
            if (!first_failure)
                first_failure = rc;
            if (!a->continue_on_error || rc == EXIT_CONN)
                break;
        }
        if (a->quit)
            break;
    }
    free(line);
    if (ferror(in)) {
        app_error(a, "error reading %s: %s", name, strerror(errno));
        return first_failure ? first_failure : EXIT_USAGE;
    }
    return first_failure;
}

/* ---- completion ---- */

static char **completions; /* owned: candidates of the current completion */
static int completion_idx;

static char *next_candidate(const char *text, int state)
{
    (void)text;
    if (state == 0)
        completion_idx = 0;
    if (!completions || !completions[completion_idx])
        return NULL;
    return xstrdup(completions[completion_idx++]);
}

char **repl_complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    char *before = xstrndup(rl_line_buffer, (size_t)start);
    char **words = NULL;
    int nw = 0;
    char *err = NULL;
    if (cmd_split(before, &words, &nw, &err) != 0) {
        free(err);
        free(before);
        return NULL;
    }
    free(before);
    if (completions) {
        for (char **p = completions; *p; p++)
            free(*p);
        free(completions);
    }
    completions = cmd_complete(words, nw, text);
    cmd_words_free(words, nw);
    if (completions[0] && strchr(completions[0], '=') &&
        completions[0][strlen(completions[0]) - 1] == '=')
        rl_completion_append_character = '\0';
    else
        rl_completion_append_character = ' ';
    return rl_completion_matches(text, next_candidate);
}

char *repl_history_path(void)
{
    char *state = xdg_dir("XDG_STATE_HOME", ".local/state");
    char *dir = xasprintf("%s/agentdb", state);
    free(state);
    mkdir_p(dir, 0700);
    char *p = xasprintf("%s/history", dir);
    free(dir);
    return p;
}

static volatile sig_atomic_t at_prompt;

static void on_sigint(int sig)
{
    (void)sig;
    if (at_prompt) {
        /* discard the line being typed, as shells do */
        rl_replace_line("", 0);
        rl_crlf();
        rl_on_new_line();
        rl_redisplay();
        return;
    }
    db_request_cancel();
}

int repl_run(app *a)
{
    rl_readline_name = "agentdb";
    rl_attempted_completion_function = repl_complete;
    rl_catch_signals = 0;
    struct sigaction sa = {0};
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    char *hist = repl_history_path();
    using_history();
    if (read_history(hist) != 0)
        write_history(hist); /* create it (readline makes it 0600) so appends work */
    stifle_history(5000);
    fprintf(a->out, "agentdb %s; 'help' lists the commands, 'quit' or Ctrl-D leaves.\n",
            AGENTDB_VERSION);
    int rc = EXIT_OK;
    while (!a->quit) {
        const char *prompt = a->params.read_only ? "agentdb(read-only)=> " : "agentdb=> ";
        at_prompt = 1;
        char *line = readline(prompt);
        at_prompt = 0;
        if (!line) {
            fputc('\n', a->out);
            break;
        }
        size_t len = strlen(line);
        while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0'; /* completion leaves a trailing space */
        if (line[0] && line[0] != ' ') {
            HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1)
                                                  : NULL;
            if (!last || strcmp(last->line, line) != 0) {
                add_history(line);
                append_history(1, hist);
            }
        }
        int r = app_run_line(a, line);
        free(line);
        if (r == EXIT_CONN)
            rc = EXIT_CONN;
        else if (r == EXIT_OK && rc == EXIT_CONN)
            rc = EXIT_OK;
    }
    history_truncate_file(hist, 5000);
    free(hist);
    if (completions) {
        for (char **p = completions; *p; p++)
            free(*p);
        free(completions);
        completions = NULL;
    }
    return rc;
}
