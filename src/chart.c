/* chart.c: charts in terminal cells: eighth-block bars and columns, with ASCII fallbacks, and
 * averaging a long series into the width available. */
#include <math.h>
#include <stdlib.h>

#include "chart.h"
#include "util.h"

/* U+2588 .. U+258F: full, seven eighths, ..., one eighth (left blocks). */
static const char *const left_blocks[] = {"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
                                          "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
                                          "\xe2\x96\x89", "\xe2\x96\x88"};
/* U+2581 .. U+2588: lower one eighth ... full block. */
static const char *const lower_blocks[] = {" ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                           "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                           "\xe2\x96\x87", "\xe2\x96\x88"};

char *chart_hbar(double v, double max, int width, bool unicode)
{
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "");
    if (width < 1 || max <= 0 || !(v > 0))
        return sb_steal(&sb);
    double frac = v >= max ? 1.0 : v / max;
    if (!unicode) {
        long cells = lround(frac * width);
        for (long i = 0; i < (cells ? cells : 1); i++)
            sb_appendc(&sb, '#');
        return sb_steal(&sb);
    }
    long eighths = lround(frac * width * 8);
    if (eighths == 0)
        eighths = 1; /* a positive value always shows */
    for (long i = 0; i < eighths / 8; i++)
        sb_append(&sb, left_blocks[8]);
    sb_append(&sb, left_blocks[eighths % 8]);
    return sb_steal(&sb);
}

char **chart_columns(const double *v, int n, int height, bool unicode)
{
    if (height < 1)
        height = 1;
    char **rows = xcalloc((size_t)height, sizeof *rows);
    double lo = 0, hi = 0;
    bool any = false;
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            continue;
        if (!any || v[i] < lo)
            lo = v[i];
        if (!any || v[i] > hi)
            hi = v[i];
        any = true;
    }
    /* Baseline: an eighth of a cell below the lowest value, so the lowest still shows as a
     * sliver and the axis label under the chart is that lowest value. */
    double base = lo - (hi - lo) / (height * 8.0);
    double span = hi - base;
    strbuf *sb = xcalloc((size_t)height, sizeof *sb);
    for (int i = 0; i < n; i++) {
        long eighths = 0;
        if (isfinite(v[i]))
            eighths = span > 0 ? lround((v[i] - base) / span * height * 8) : (long)height * 8;
        for (int r = 0; r < height; r++) {
            /* row r from the top holds eighths above (height - 1 - r) full cells */
            long cell = eighths - (long)(height - 1 - r) * 8;
            if (cell < 0)
                cell = 0;
            if (cell > 8)
                cell = 8;
            if (unicode)
                sb_append(&sb[r], lower_blocks[cell]);
            else
                sb_appendc(&sb[r], cell >= 8 ? '#' : cell >= 4 ? '.' : ' ');
        }
    }
    for (int r = 0; r < height; r++) {
        sb_append(&sb[r], "");
        rows[r] = sb_steal(&sb[r]);
    }
    free(sb);
    return rows;
}

void chart_free_rows(char **rows, int height)
{
    if (!rows)
        return;
    for (int r = 0; r < height; r++)
        free(rows[r]);
    free(rows);
}

int chart_bucket(const double *v, int n, double *out, int w)
{
    if (n <= 0 || w <= 0)
        return 0;
    if (w >= n) {
        for (int i = 0; i < n; i++)
            out[i] = v[i];
        return n;
    }
    for (int b = 0; b < w; b++) {
        long from = (long)b * n / w, to = (long)(b + 1) * n / w;
        double sum = 0;
        int k = 0;
        for (long i = from; i < to; i++)
            if (isfinite(v[i])) {
                sum += v[i];
                k++;
            }
        out[b] = k ? sum / k : NAN;
    }
    return w;
}
