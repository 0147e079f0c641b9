/* sqllex.h: the SQL lexer behind sqlsplit.c, shared with migfile.c (private; not a public API).
 * It yields top-level tokens so callers never look inside quotes, dollar quotes or comments. */
#ifndef AGENTDB_SQLLEX_H
#define AGENTDB_SQLLEX_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sqltok_kind {
    SQLTOK_END,           /* end of input (len 0) */
    SQLTOK_SPACE,         /* a run of whitespace */
    SQLTOK_LINE_COMMENT,  /* "--" up to, not including, the newline */
    SQLTOK_BLOCK_COMMENT, /* slash-star comment, nesting as in PostgreSQL */
    SQLTOK_WORD,          /* unquoted identifier or keyword (may contain '$' after the first char) */
    SQLTOK_STRING,        /* '...', E'...', U&'...' or $tag$...$tag$ */
    SQLTOK_QIDENT,        /* "..." or U&"..." */
    SQLTOK_SEMI,          /* ';' */
    SQLTOK_OTHER,         /* number, $n parameter, or one operator/punctuation character */
    SQLTOK_ERROR          /* unterminated construct: what names it, line is where it started */
} sqltok_kind;

typedef struct sqltok {
    sqltok_kind kind;
    size_t off;       /* byte offset of the token in the text */
    size_t len;
    int line;         /* line of the token's first byte */
    const char *what; /* SQLTOK_ERROR only: static text such as "dollar-quoted string" */
} sqltok;

/* Lexer state. Borrows text, which must outlive it. Plain struct: copy it to look ahead. */
typedef struct sqllex {
    const char *text;
    size_t len;
    size_t pos;
    int line;
} sqllex;

void sqllex_init(sqllex *lx, const char *text, size_t len, int first_line);
/* Fill *tok with the next token and return its kind. After END or ERROR it keeps returning END. */
sqltok_kind sqllex_next(sqllex *lx, sqltok *tok);
/* True when tok is an unquoted word equal to kw (kw in lower case; ASCII case-insensitive). */
bool sqltok_is(const char *text, const sqltok *tok, const char *kw);

#endif
