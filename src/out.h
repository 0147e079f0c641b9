/* out.h: result sinks for command mode: aligned table, CSV, JSON and JSON Lines.
 * Rows are pushed one at a time so large results stream; no curses, no libpq here. */
#ifndef AGENTDB_OUT_H
#define AGENTDB_OUT_H

#include <stdbool.h>
#include <stdio.h>

typedef enum { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_JSONL } out_format;

/* How a column's values are written in JSON: text is quoted, number and bool are
 * written bare (when they parse as such), json is embedded as-is (after validation
 * of UTF-8 it is trusted to be the server's JSON text). NULL is always null. */
typedef enum { COL_TEXT, COL_NUMBER, COL_BOOL, COL_JSON } out_coltype;

typedef struct out_col {
    const char *name;   /* borrowed; must outlive the sink */
    out_coltype type;
} out_col;

typedef struct out_sink out_sink;

/* Parse "table", "csv", "json", "jsonl". Returns false on anything else. */
bool out_format_parse(const char *s, out_format *fmt);
const char *out_format_name(out_format fmt);

/* Begin a result. The sink borrows cols (ncols entries) and the FILE.
 * The table format buffers rows until out_end (or every 1000 rows, re-printing the
 * header like psql's FETCH_COUNT), the others write each row at once. Caller frees
 * the sink with out_end. */
out_sink *out_begin(out_format fmt, FILE *f, const out_col *cols, int ncols);
/* One row: vals[i] NULL means SQL NULL. Values are borrowed for the call only. */
void out_row(out_sink *s, const char *const *vals);
/* Finish: flush, write the trailer ("(N rows)" for table, "]" for json), free the sink. */
void out_end(out_sink *s);

/* Lower-level writers, exported for tests and for other modules. */
/* Append s as a JSON string literal (with quotes). Control characters are escaped
 * (\n \t \r \b \f and \u00XX, DEL too), '"' and '\\' too, U+2028/U+2029 become \u2028/\u2029,
 * and each invalid UTF-8 byte becomes \ufffd. A NULL s writes null. */
void out_json_string(FILE *f, const char *s);
/* Append s as a CSV field: quoted when it has a comma, quote, CR, LF, or leading or trailing
 * space, or is empty-but-not-NULL; quotes doubled. NULL is an empty unquoted field. */
void out_csv_field(FILE *f, const char *s);
/* Display width of a UTF-8 string in terminal cells as the table prints it, i.e. of
 * out_sanitize(s): wcwidth per character (1 per byte when MB_CUR_MAX == 1), with control
 * characters, bidi controls and invalid bytes counted as their visible escape. */
int out_display_width(const char *s);
/* Make s safe to print on a terminal: newline, CR and tab become "\n" "\r" "\t", other
 * C0 controls and DEL become \xHH (e.g. \x1B), C1 controls U+0080-U+009F and bidi controls
 * U+202A-U+202E, U+2066-U+2069 become \u{9B} / \u{202E}, invalid UTF-8 bytes \xHH; hex is
 * upper-case. Backslash itself is left alone. Returns a malloc'd string the caller frees
 * (NULL in gives "" out). */
char *out_sanitize(const char *s);
/* Print "agentdb: " and the formatted message, sanitised (user input in messages never reaches
 * the terminal raw), and a newline; flushes f. */
void out_errorf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
