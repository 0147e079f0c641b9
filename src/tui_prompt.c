/* tui_prompt.c: ':' and filter prompts on the bottom line: readline in callback mode, fed keys from
 * curses and redisplayed by us, sharing the REPL's completion and history. */
#include "tui_prompt.h"

#include <curses.h>
#include <fcntl.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repl.h"
#include "tui.h"
#include "tui_draw.h"
#include "util.h"

static unsigned char pending[64]; /* bytes waiting for readline */
static int npending, pending_pos;
static char *done_line;           /* owned: the line readline handed back */
static bool done, cancelled;
static const char *cur_prompt;
static bool history_loaded;
static FILE *null_out;
/* readline's input stream: the read end of a pipe nothing is ever written to. readline checks its
 * input stream for typeahead (select) and, finding some, reads more keys than curses has handed
 * it; on the terminal itself that cut a fast-typed or pasted answer short ("ye" of "yes").
 * Keys reach readline only through feed_getc. */
static FILE *never_in;

static int feed_getc(FILE *f)
{
    (void)f;
    if (pending_pos < npending)
        return pending[pending_pos++];
    return EOF;
}

static void redisplay(void)
{
    int row = LINES - 1;
    char *text = xasprintf("%s%s", cur_prompt ? cur_prompt : "", rl_line_buffer ? rl_line_buffer : "");
    tui_text(row, 0, COLS, text, TC_NORMAL, true);
    /* place the cursor after the prompt plus the text before rl_point */
    char *before = xstrndup(rl_line_buffer ? rl_line_buffer : "", (size_t)(rl_point > 0 ? rl_point : 0));
    int x = tui_width(cur_prompt) + tui_width(before);
    move(row, x < COLS ? x : COLS - 1);
    refresh();
    free(before);
    free(text);
}

static void on_line(char *line)
{
    done = true;
    if (!line) {
        cancelled = true;
        return;
    }
    done_line = line;
}

static void noop_prep(int meta) { (void)meta; }
static void noop_deprep(void) {}

static void push_bytes(const char *b, int n)
{
    if (pending_pos >= npending)
        npending = pending_pos = 0;
    for (int i = 0; i < n && npending < (int)sizeof pending; i++)
        pending[npending++] = (unsigned char)b[i];
}

char *tui_prompt_read(tui *t, const char *prompt)
{
    if (tui_is_script(t))
        return tui_script_line(t);
    if (!null_out)
        null_out = fopen("/dev/null", "w");
    if (!never_in) {
        int fds[2];
        if (pipe(fds) == 0) {
            never_in = fdopen(fds[0], "r"); /* fds[1] stays open, so it never reads end-of-file */
            fcntl(fds[0], F_SETFD, FD_CLOEXEC);
            fcntl(fds[1], F_SETFD, FD_CLOEXEC);
        }
    }
    if (never_in)
        rl_instream = never_in;
    char *hist = repl_history_path();
    if (!history_loaded) {
        using_history();
        read_history(hist);
        history_loaded = true;
    }
    rl_getc_function = feed_getc;
    rl_redisplay_function = redisplay;
    rl_prep_term_function = noop_prep;
    rl_deprep_term_function = noop_deprep;
    rl_outstream = null_out;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_attempted_completion_function = repl_complete;
    rl_completion_display_matches_hook = NULL;
    cur_prompt = prompt;
    done = cancelled = false;
    done_line = NULL;
    npending = pending_pos = 0;
    rl_callback_handler_install("", on_line);
    curs_set(1);
    nodelay(stdscr, FALSE);
    redisplay();
    while (!done) {
        wint_t ch;
        int r = get_wch(&ch);
        if (r == ERR)
            continue;
        if (r == KEY_CODE_YES) {
            const char *seq = NULL;
            switch (ch) {
            case KEY_UP: seq = "\033[A"; break;
            case KEY_DOWN: seq = "\033[B"; break;
            case KEY_RIGHT: seq = "\033[C"; break;
            case KEY_LEFT: seq = "\033[D"; break;
            case KEY_HOME: seq = "\033[H"; break;
            case KEY_END: seq = "\033[F"; break;
            case KEY_DC: seq = "\033[3~"; break;
            case KEY_BACKSPACE: seq = "\177"; break;
            case KEY_ENTER: seq = "\r"; break;
            case KEY_RESIZE: redisplay(); break;
            default: break;
            }
            if (seq)
                push_bytes(seq, (int)strlen(seq));
        } else if (ch == 27) {
            cancelled = done = true; /* Esc leaves the prompt */
            break;
        } else if (ch == 3 || ch == 7) {
            cancelled = done = true; /* Ctrl-C, Ctrl-G */
            break;
        } else {
            char mb[8];
            int n = 0;
            unsigned c = (unsigned)ch;
            if (c < 0x80)
                mb[n++] = (char)c;
            else if (c < 0x800) {
                mb[n++] = (char)(0xc0 | (c >> 6));
                mb[n++] = (char)(0x80 | (c & 0x3f));
            } else if (c < 0x10000) {
                mb[n++] = (char)(0xe0 | (c >> 12));
                mb[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
                mb[n++] = (char)(0x80 | (c & 0x3f));
            } else {
                mb[n++] = (char)(0xf0 | (c >> 18));
                mb[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
                mb[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
                mb[n++] = (char)(0x80 | (c & 0x3f));
            }
            push_bytes(mb, n);
        }
        while (!done && pending_pos < npending)
            rl_callback_read_char();
    }
    rl_callback_handler_remove();
    nodelay(stdscr, TRUE);
    curs_set(0);
    char *line = NULL;
    if (!cancelled && done_line) {
        line = xstrdup(done_line);
        if (line[0] && line[0] != ' ') {
            add_history(line);
            if (append_history(1, hist) != 0)
                write_history(hist);
        }
    }
    free(done_line);
    done_line = NULL;
    free(hist);
    return line;
}
