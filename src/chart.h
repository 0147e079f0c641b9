/* chart.h: charts in terminal cells, free of curses: horizontal bars and column charts drawn
 * with eighth-block characters (or ASCII), and bucketing a long series into a given width. */
#ifndef AGENTDB_CHART_H
#define AGENTDB_CHART_H

#include <stdbool.h>

/* A bar for v on a scale from 0 to max (max <= 0: all bars empty), width cells, in eighths of a
 * cell ("█▌" style) or '#' in ASCII; negative values draw nothing. malloc'd. */
char *chart_hbar(double v, double max, int width, bool unicode);
/* A column chart of n values, one column per value, height rows: returns height malloc'd
 * strings (row 0 is the top), each of n cells; the caller frees each and the array. The scale
 * runs from just below the lowest value (a sliver) to the highest (full height); equal values
 * draw full columns, NaN an empty one. */
char **chart_columns(const double *v, int n, int height, bool unicode);
void chart_free_rows(char **rows, int height);
/* Average n values into w buckets (w < n) or copy them (w >= n). Returns how many were written
 * to out (min(n, w)). */
int chart_bucket(const double *v, int n, double *out, int w);

#endif
