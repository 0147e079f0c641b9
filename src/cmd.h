/* cmd.h: the command grammar (noun verb [args] [--options]) and the one command table that the
 * REPL, -c, -f, piped stdin, the console's ':' prompt, help, completion and the man page share. */
#ifndef AGENTDB_CMD_H
#define AGENTDB_CMD_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { OPT_FLAG, OPT_STRING, OPT_INT } cmd_optkind;

typedef struct cmd_opt {
    const char *name;     /* without the leading "--" */
    cmd_optkind kind;
    const char *metavar;  /* e.g. "V" for --confirm=V; NULL for flags */
    const char *help;
} cmd_opt;

enum {
    CMD_NEEDS_DB = 1u << 0,    /* connects before running */
    CMD_WRITES = 1u << 1,      /* refused with exit 4 under --read-only and on a standby */
    CMD_DESTRUCTIVE = 1u << 2, /* loses data: needs an explicit confirmation */
    CMD_HIDDEN = 1u << 3,      /* not listed in help or the man page (test hooks) */
    CMD_OWN_FORMAT = 1u << 4   /* --format takes values the command checks itself (json show: text) */
};

struct app;
struct cmd_call;
typedef int (*cmd_fn)(struct app *a, const struct cmd_call *call);

typedef struct cmd_def {
    const char *noun;
    const char *verb;        /* NULL for one-word commands such as "help" */
    const char *args;        /* synopsis of positional arguments, "" when none */
    int min_args, max_args;  /* max_args -1: unbounded */
    const cmd_opt *opts;     /* terminated by an entry with name NULL; may be NULL */
    unsigned flags;
    const char *summary;     /* one line */
    const char *help;        /* a paragraph, or NULL */
    cmd_fn run;
} cmd_def;

typedef struct cmd_optval {
    const cmd_opt *opt;      /* borrowed from the table */
    char *value;             /* owned; "" for flags */
} cmd_optval;

/* A parsed command line. Owns argv, the option values and the strings in them. */
typedef struct cmd_call {
    const cmd_def *def;
    int argc;
    char **argv;
    int nopts;
    cmd_optval *opts;
    char *format;            /* owned: value of the universal --format option, or NULL */
} cmd_call;

extern const cmd_def cmd_table[];
extern const size_t cmd_count;
/* Options every command accepts (currently --format). */
extern const cmd_opt cmd_common_opts[];

/* Split a line into words: whitespace separates, '...' quotes literally, "..." quotes with
 * backslash escapes for " and \, a backslash outside quotes escapes the next character.
 * Returns 0 with *words (malloc'd array of malloc'd strings, caller frees with cmd_words_free),
 * or -1 with *err (malloc'd) on an unterminated quote. A '#' starting a word begins a comment. */
int cmd_split(const char *line, char ***words, int *nwords, char **err);
void cmd_words_free(char **words, int n);

/* Parse a line into *call. Returns 0 on success, 1 for an empty or comment-only line (nothing to
 * run), -1 on a usage error with *err (malloc'd, one line, naming the nearest valid word). */
int cmd_parse(const char *line, cmd_call *call, char **err);
void cmd_call_free(cmd_call *call);

/* Option lookup in a parsed call: the value ("" for a flag), or NULL when not given. */
const char *cmd_option(const cmd_call *call, const char *name);

/* Table lookups. cmd_find: exact noun and verb (verb NULL for one-word commands). */
const cmd_def *cmd_find(const char *noun, const char *verb);
bool cmd_noun_exists(const char *noun);
/* "migrate up" style full name into buf-owned string (malloc'd, caller frees). */
char *cmd_fullname(const cmd_def *d);
/* Synopsis line, e.g. "migrate down TARGET --confirm=TARGET [--backup=DIR]" (malloc'd). */
char *cmd_synopsis(const cmd_def *d);

/* Completion: candidates for the word being typed, given the words before it.
 * Returns a malloc'd NULL-terminated array of malloc'd strings (caller frees all). */
char **cmd_complete(char **words_before, int nbefore, const char *prefix);

#endif
