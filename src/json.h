/* json.h: a flat node index of one JSON document (parsed once with yajl's streaming parser) with
 * folding, visible-line iteration, summaries, regex search, paths, diff and table mode. No curses, no db. */
#ifndef AGENTDB_JSON_H
#define AGENTDB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

#define JSON_NONE UINT32_MAX
/* Largest document the index takes: offsets are 32-bit. */
#define JSON_MAX_TEXT ((size_t)UINT32_MAX - 1)

typedef enum { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_OBJECT, JSON_ARRAY } json_type;

/* Bits of json_node.info: the type in bits 0-2, two flags, the depth above them. */
enum {
    JSON_F_FOLDED = 1u << 3, /* container shown as one summary line */
    JSON_F_MEMBER = 1u << 4, /* value of an object member: a key precedes it in the text */
};
#define JSON_DEPTH_SHIFT 5
/* Deepest nesting the index takes (the depth shares a 32-bit word with type and flags). */
#define JSON_MAX_DEPTH ((1u << (32 - JSON_DEPTH_SHIFT)) - 1)

/* One value, in document (pre-)order: a node's descendants are the nodes [i+1, end), so a node
 * has children when end > i + 1. Keys are not stored: a member's key is the string just before
 * its value in the text (json_key finds it). 20 bytes a node. */
typedef struct json_node {
    uint32_t parent; /* JSON_NONE for the root */
    uint32_t end;    /* one past the last node of the subtree: the next sibling, if any */
    uint32_t start;  /* byte offset of the value's text (strings with quotes, containers */
    uint32_t len;    /* with their brackets), so len is the subtree's size in bytes */
    uint32_t info;   /* type | JSON_F_* | depth << JSON_DEPTH_SHIFT (root depth 0) */
} json_node;

typedef struct json_doc {
    const char *text; /* the document; owned when own_text, else borrowed and must outlive the doc */
    size_t text_len;
    bool own_text;
    json_node *nodes; /* owned; nodes[0] is the root */
    uint32_t n;
    size_t display_max; /* strings longer than this (bytes) show cut, with their size; 0: never */
} json_doc;

/* Parse and index. json_parse borrows text (it must outlive the doc); json_parse_owned takes a
 * malloc'd text and frees it with the doc. Nesting depth is unlimited (yajl keeps its parser state
 * in a growing byte stack, and the index uses an explicit stack). Strings are not checked for
 * valid UTF-8: invalid bytes are kept and shown escaped. Returns NULL with *err (malloc'd, with the
 * byte offset) on invalid JSON or a text over JSON_MAX_TEXT. Free with json_free. */
json_doc *json_parse(const char *text, size_t len, char **err);
json_doc *json_parse_owned(char *text, size_t len, char **err);
void json_free(json_doc *d);

static inline json_type json_type_of(const json_doc *d, uint32_t i) { return (json_type)(d->nodes[i].info & 7u); }
static inline uint32_t json_depth(const json_doc *d, uint32_t i) { return d->nodes[i].info >> JSON_DEPTH_SHIFT; }
static inline bool json_is_member(const json_doc *d, uint32_t i) { return d->nodes[i].info & JSON_F_MEMBER; }
static inline bool json_is_container(const json_doc *d, uint32_t i)
{
    json_type t = json_type_of(d, i);
    return t == JSON_OBJECT || t == JSON_ARRAY;
}
static inline bool json_folded(const json_doc *d, uint32_t i) { return d->nodes[i].info & JSON_F_FOLDED; }
/* Members or elements of i (0 for scalars); O(number of children). */
uint32_t json_nchildren(const json_doc *d, uint32_t i);

/* Children: first child (JSON_NONE when none) and next sibling (JSON_NONE after the last). */
uint32_t json_first_child(const json_doc *d, uint32_t i);
uint32_t json_next_sibling(const json_doc *d, uint32_t i);
/* Position of i among its parent's children (0-based; 0 for the root). O(siblings before it). */
uint32_t json_child_pos(const json_doc *d, uint32_t i);
/* The member key of i, decoded (escapes resolved), appended to out. False when i is no member. */
bool json_key(const json_doc *d, uint32_t i, strbuf *out);
/* The decoded value of a string node, or the literal text of a number/true/false/null, appended
 * to out. Containers append nothing and return false. */
bool json_scalar(const json_doc *d, uint32_t i, strbuf *out);
/* Decode a JSON string literal body (without quotes): escapes resolved, \u0000 kept as a NUL
 * byte, lone surrogates as U+FFFD, raw bytes (valid UTF-8 or not) copied. */
void json_unescape(const char *s, size_t len, strbuf *out);

/* Folding. Folding a scalar does nothing. fold_level(n): containers at depth >= n fold, the
 * others unfold (n 0 folds the root too). fold_all is fold_level(1); unfold_all unfolds every node. */
void json_fold(json_doc *d, uint32_t i, bool folded);
void json_toggle(json_doc *d, uint32_t i);
void json_fold_level(json_doc *d, uint32_t n);
void json_fold_all(json_doc *d);
void json_unfold_all(json_doc *d);
/* Unfold the ancestors of i so that it is visible. */
void json_reveal(json_doc *d, uint32_t i);
/* Number of folded containers. */
uint32_t json_fold_count(const json_doc *d);

/* Visible lines: a node's own line, and for an unfolded container with children, its closing line
 * (close true). Iteration skips folded subtrees with the end index, never re-parsing. */
typedef struct json_line {
    uint32_t node;
    bool close;
} json_line;

json_line json_line_first(const json_doc *d);
bool json_line_next(const json_doc *d, json_line *l);
bool json_line_prev(const json_doc *d, json_line *l);
/* The last visible line of the document. */
json_line json_line_last(const json_doc *d);
size_t json_visible_count(const json_doc *d);
/* Whether a container shows a closing line (unfolded with children). */
bool json_has_close(const json_doc *d, uint32_t i);
/* The visible line that shows node i, i.e. i itself or its outermost folded ancestor. */
uint32_t json_visible_node(const json_doc *d, uint32_t i);

/* Display helpers (json_text.c). Text is made safe for a terminal with out_sanitize. */
/* A scalar as shown: strings quoted with control characters and invalid bytes escaped, others
 * as written. Containers give "{" / "[" when unfolded, else their summary. */
void json_value_display(const json_doc *d, uint32_t i, strbuf *out);
/* The summary of a container: {…} 3 keys, 1.2 KB  {"a": 1, "b": "x", …} — preview bounded by
 * max_preview bytes of values. */
void json_summary(const json_doc *d, uint32_t i, size_t max_preview, strbuf *out);
/* A byte count as "812 B", "1.2 KB", "10.0 MB". */
void json_size_text(uint64_t bytes, strbuf *out);
/* One line as text, without indentation: `"key": value,` or `},`. */
void json_line_text(const json_doc *d, json_line l, strbuf *out);
/* Every visible line, indented two spaces per level, one per output line (terminal-safe).
 * Below JSON_PRETTY_MAX_INDENT levels the indentation stops growing and the line starts with its
 * depth as "<N> ", so the output stays linear in the document's size. */
#define JSON_PRETTY_MAX_INDENT 100
void json_write_pretty(const json_doc *d, FILE *f);

/* Paths of node i (json_path.c): jq (.a[0].b, ."odd key"), JSONPath ($.a[0].b, $['odd key'])
 * and a PostgreSQL text[] literal ({a,0,b}, with elements double-quoted when they need it).
 * json_path_pg_sql wraps the latter as an SQL operator: #>'{a,0,b}' (quotes doubled). */
typedef enum { JSON_PATH_JQ, JSON_PATH_JSONPATH, JSON_PATH_PG, JSON_PATH_PG_SQL } json_path_kind;
void json_path(const json_doc *d, uint32_t i, json_path_kind kind, strbuf *out);

/* Search (json_search.c): POSIX extended regex over decoded keys, values or both. Hits are node
 * indices in document order (a node counts once). */
typedef enum { JSON_SEARCH_KEYS = 1, JSON_SEARCH_VALUES = 2, JSON_SEARCH_BOTH = 3 } json_search_where;
typedef struct json_hits {
    uint32_t *nodes; /* owned; sorted */
    uint32_t n;
} json_hits;
/* Returns 0, or -1 with *err (malloc'd regerror text) for a bad pattern. Frees old hits first. */
int json_search(const json_doc *d, const char *pattern, json_search_where where, bool icase,
                json_hits *hits, char **err);
void json_hits_free(json_hits *h);
/* Hits inside the subtree of i (i included), e.g. inside a folded node. */
uint32_t json_hits_in(const json_doc *d, const json_hits *h, uint32_t i);
/* The first hit after node `after` (JSON_NONE: from the start), wrapping; JSON_NONE when none. */
uint32_t json_hit_next(const json_hits *h, uint32_t after);
uint32_t json_hit_prev(const json_hits *h, uint32_t before);

/* Structural diff (json_diff.c): object members matched by key, array elements by position. */
typedef enum { JSON_DIFF_ADDED, JSON_DIFF_REMOVED, JSON_DIFF_CHANGED } json_diff_kind;
typedef struct json_diff_entry {
    json_diff_kind kind;
    uint32_t a, b; /* node in the first / second document (JSON_NONE for the missing side) */
} json_diff_entry;
typedef struct json_diff {
    json_diff_entry *e; /* owned; in document order of the first document, additions in place */
    size_t n;
} json_diff;
void json_diff_run(const json_doc *a, const json_doc *b, json_diff *out);
void json_diff_free(json_diff *df);
/* Whether two subtrees are equal (numbers compared by value, strings decoded, keys by name). */
bool json_equal(const json_doc *a, uint32_t ia, const json_doc *b, uint32_t ib);

/* Table mode (json_table.c) for an array of objects: columns are the union of member keys in
 * first-seen order; cell (r, c) is the node of that member or JSON_NONE. */
typedef struct json_table {
    char **cols;     /* owned: decoded key names */
    uint32_t ncols;
    uint32_t *rows;  /* owned: the element node of each row */
    uint32_t nrows;
    uint32_t *cells; /* owned: nrows * ncols node indices */
} json_table;
/* Returns false (table untouched) when i is not an array with at least one object element;
 * non-object elements become rows with every cell empty. */
bool json_table_build(const json_doc *d, uint32_t i, json_table *t);
void json_table_free(json_table *t);
/* A compact one-line rendering of a cell value (scalars as shown, containers as a short summary). */
void json_cell_text(const json_doc *d, uint32_t node, strbuf *out);

#endif
