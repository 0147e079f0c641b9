/* dag_export.c: write a task DAG as Graphviz DOT (for `dot -Tsvg`) or as JSON with the layout's
 * boxes and edge polylines (for scripts). Strings are escaped; nothing from the data is trusted. */
#include <stdlib.h>
#include <string.h>

#include "dag.h"
#include "out.h"
#include "util.h"

/* The inside of a DOT quoted string: out_sanitize makes control characters visible (a newline
 * becomes the two characters \n) and invalid UTF-8 bytes \xHH; backslash and double quote are
 * then escaped for DOT, so nothing in the data can end the string or start an escape. */
static void dot_inner(FILE *f, const char *s)
{
    char *clean = out_sanitize(s);
    for (const char *p = clean; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', f);
        fputc(*p, f);
    }
    free(clean);
}

static void dot_string(FILE *f, const char *s)
{
    fputc('"', f);
    dot_inner(f, s);
    fputc('"', f);
}

static const char *const dot_colors[DAG_NSTATUS] = {
    [DAG_PENDING] = "#d0d0d0", [DAG_QUEUED] = "#c6dbef",  [DAG_RUNNING] = "#6baed6",
    [DAG_COMPLETED] = "#a1d99b", [DAG_FAILED] = "#fb6a4a", [DAG_CANCELLED] = "#bdbdbd",
    [DAG_TIMEOUT] = "#fdae6b",  [DAG_RETRYING] = "#fdd0a2",
};

void dag_write_dot(FILE *f, const dag_graph *g, const char *name, const dag_marks *mk)
{
    fputs("digraph ", f);
    dot_string(f, name ? name : "workflow");
    fputs(" {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\"];\n",
          f);
    for (int v = 0; v < g->n; v++) {
        const dag_node *nd = &g->nodes[v];
        /* two label lines, each escaped, joined by DOT's own \n */
        strbuf l1 = STRBUF_INIT, l2 = STRBUF_INIT;
        if (nd->count > 1) {
            char *h = dag_hist_text(nd, false);
            sb_printf(&l1, "%d\u00d7 %s", nd->count, nd->type);
            sb_append(&l2, h);
            free(h);
        } else {
            sb_printf(&l1, "%s %s", dag_status_glyph(nd->status, false),
                      nd->label[0] ? nd->label : nd->type);
            sb_append(&l2, nd->type);
            if (nd->duration >= 0)
                sb_printf(&l2, " %.1fs", nd->duration);
            if (nd->try_max > 0)
                sb_printf(&l2, " try %d/%d", nd->try_n, nd->try_max);
        }
        fputs("  ", f);
        dot_string(f, nd->id);
        fputs(" [label=\"", f);
        dot_inner(f, sb_str(&l1));
        fputs("\\n", f);
        dot_inner(f, sb_str(&l2));
        fputc('"', f);
        sb_free(&l1);
        sb_free(&l2);
        fprintf(f, ", fillcolor=\"%s\"", dot_colors[nd->status]);
        if (nd->flags & DAG_NODE_REMOVED)
            fputs(", style=\"rounded,dashed\"", f);
        if (mk && mk->node && (mk->node[v] & DAG_ATTR_CRITICAL))
            fputs(", penwidth=3", f);
        fputs("];\n", f);
    }
    for (int e = 0; e < g->m; e++) {
        fputs("  ", f);
        dot_string(f, g->nodes[g->edges[e].from].id);
        fputs(" -> ", f);
        dot_string(f, g->nodes[g->edges[e].to].id);
        bool soft = g->edges[e].kind == DAG_EDGE_SOFT;
        bool crit = mk && mk->edge && (mk->edge[e] & DAG_ATTR_CRITICAL);
        if (soft || crit)
            fprintf(f, " [%s%s%s]", soft ? "style=dashed" : "", soft && crit ? ", " : "",
                    crit ? "penwidth=3" : "");
        fputs(";\n", f);
    }
    fputs("}\n", f);
}

void dag_write_json(FILE *f, const dag_graph *g, const dag_layout *l, const dag_marks *mk)
{
    fputs("{\"nodes\":[", f);
    for (int v = 0; v < g->n; v++) {
        const dag_node *nd = &g->nodes[v];
        fputs(v ? ",\n{" : "\n{", f);
        fputs("\"id\":", f);
        out_json_string(f, nd->id);
        fputs(",\"label\":", f);
        out_json_string(f, nd->label);
        fputs(",\"type\":", f);
        out_json_string(f, nd->type);
        fprintf(f, ",\"status\":\"%s\"", dag_status_name(nd->status));
        if (nd->duration >= 0)
            fprintf(f, ",\"duration\":%.2f", nd->duration);
        else
            fputs(",\"duration\":null", f);
        fprintf(f, ",\"try\":%d,\"max_tries\":%d,\"count\":%d", nd->try_n, nd->try_max, nd->count);
        if (nd->count > 1) {
            fputs(",\"statuses\":{", f);
            int k = 0;
            for (int s = 0; s < DAG_NSTATUS; s++)
                if (nd->hist[s])
                    fprintf(f, "%s\"%s\":%d", k++ ? "," : "", dag_status_name((dag_status)s),
                            nd->hist[s]);
            fputc('}', f);
        }
        if (nd->flags & DAG_NODE_ADDED)
            fputs(",\"added\":true", f);
        if (nd->flags & DAG_NODE_REMOVED)
            fputs(",\"removed\":true", f);
        if (nd->hidden_up || nd->hidden_down)
            fprintf(f, ",\"hidden_upstream\":%d,\"hidden_downstream\":%d", nd->hidden_up,
                    nd->hidden_down);
        if (mk && mk->node && (mk->node[v] & DAG_ATTR_CRITICAL))
            fputs(",\"critical\":true", f);
        if (l && v < l->n) {
            const dag_box *b = &l->boxes[v];
            fprintf(f, ",\"box\":{\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"layer\":%d}", b->x, b->y, b->w,
                    b->h, b->layer);
        }
        fputc('}', f);
    }
    fputs("],\n\"edges\":[", f);
    for (int e = 0; e < g->m; e++) {
        fputs(e ? ",\n{" : "\n{", f);
        fputs("\"from\":", f);
        out_json_string(f, g->nodes[g->edges[e].from].id);
        fputs(",\"to\":", f);
        out_json_string(f, g->nodes[g->edges[e].to].id);
        fprintf(f, ",\"kind\":\"%s\"", dag_edge_kind_name(g->edges[e].kind));
        if (mk && mk->edge && (mk->edge[e] & DAG_ATTR_CRITICAL))
            fputs(",\"critical\":true", f);
        if (l && e < l->m) {
            const dag_path *p = &l->paths[e];
            fprintf(f, ",\"reversed\":%s,\"points\":[", p->reversed ? "true" : "false");
            for (int i = 0; i < p->npts; i++)
                fprintf(f, "%s[%d,%d]", i ? "," : "", l->pts[p->first + i].x, l->pts[p->first + i].y);
            fputc(']', f);
        }
        fputc('}', f);
    }
    fputs("]", f);
    if (l)
        fprintf(f, ",\n\"layout\":{\"width\":%d,\"height\":%d,\"layers\":%d,\"dummies\":%d,"
                   "\"reversed\":%d,\"crossings\":%ld}",
                l->width, l->height, l->nlayers, l->ndummies, l->nreversed, l->crossings);
    fputs("}\n", f);
}
