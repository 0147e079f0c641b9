/* db_copy.h: COPY ... TO STDOUT streamed row by row with PQgetCopyData, so memory stays flat
 * however many rows come back; honours db_request_cancel() while waiting. */
#ifndef AGENTDB_DB_COPY_H
#define AGENTDB_DB_COPY_H

#include <stddef.h>

#include "db.h"

/* Receives one COPY data message (one row, or the CSV header line), borrowed for the call.
 * Returns 0 to go on, -1 to stop (a local failure such as a full disk; the sink reports it). */
typedef int (*db_copy_sink)(void *arg, const char *data, size_t len);

/* Run sql, which must be a COPY ... TO STDOUT statement (simple protocol, no parameters), and
 * hand each data message to sink. Returns 0 when the COPY finished, -1 with *err filled when
 * the server failed (or was cancelled), and -2 when the sink stopped it (the query is then
 * cancelled and drained, and *err is left empty). */
int db_copy_out(db_conn *c, const char *sql, db_copy_sink sink, void *arg, db_error *err);

#endif
