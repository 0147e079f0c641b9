/* test_check_cycles.c: unit tests for the cycle rule's graph (check_cycles.c): Tarjan on small
 * shapes, a 1,000-long cycle, a large acyclic graph, several cycles, COPY text and binary rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_cycles.h"

/* Task n of workflow w as a uuid: bytes 0-3 hold w, 12-15 hold n (big-endian, so ids sort by n). */
static void id_of(uint32_t w, uint32_t n, uint8_t out[16])
{
    memset(out, 0, 16);
    out[0] = (uint8_t)(w >> 24), out[1] = (uint8_t)(w >> 16), out[2] = (uint8_t)(w >> 8);
    out[3] = (uint8_t)w;
    out[12] = (uint8_t)(n >> 24), out[13] = (uint8_t)(n >> 16), out[14] = (uint8_t)(n >> 8);
    out[15] = (uint8_t)n;
}

static void edge(cyc_graph *g, uint32_t w, uint32_t task, uint32_t dep)
{
    uint8_t wf[16], a[16], b[16];
    id_of(w, 0xffffffffu, wf);
    id_of(w, task, a);
    id_of(w, dep, b);
    cyc_add_edge(g, wf, a, b);
}

static void test_acyclic_shapes(void **state)
{
    (void)state;
    cyc_graph *g = cyc_new();
    /* a diamond, a chain and a fan-in: no cycle */
    edge(g, 1, 2, 1);
    edge(g, 1, 3, 1);
    edge(g, 1, 4, 2);
    edge(g, 1, 4, 3);
    edge(g, 1, 5, 4);
    for (uint32_t i = 10; i < 20; i++)
        edge(g, 1, 20, i);
    cyc_component *c;
    assert_int_equal(cyc_find(g, &c), 0);
    assert_null(c);
    assert_int_equal(cyc_vertices(g), 16);
    assert_int_equal(cyc_edges(g), 15);
    cyc_free(g);
}

static void test_two_cycle_and_self_loop(void **state)
{
    (void)state;
    cyc_graph *g = cyc_new();
    edge(g, 7, 1, 2);
    edge(g, 7, 2, 1);
    edge(g, 7, 3, 1); /* hangs off the cycle, not on it */
    edge(g, 8, 5, 5); /* a task depending on itself */
    edge(g, 8, 6, 5);
    cyc_component *c;
    assert_int_equal(cyc_find(g, &c), 2);
    uint8_t want[16];
    id_of(7, 1, want);
    assert_memory_equal(c[0].members[0], want, 16);
    assert_int_equal(c[0].size, 2);
    assert_int_equal(c[0].nmembers, 2);
    id_of(7, 2, want);
    assert_memory_equal(c[0].members[1], want, 16);
    id_of(7, 0xffffffffu, want);
    assert_memory_equal(c[0].workflow, want, 16);
    id_of(8, 5, want);
    assert_memory_equal(c[1].members[0], want, 16);
    assert_int_equal(c[1].size, 1);
    free(c);
    cyc_free(g);
}

/* 1,000 tasks in one ring, entered from a long acyclic tail: one component of 1,000, found
 * without recursion; the sample keeps the ten lowest ids in order. */
static void test_thousand_long_cycle(void **state)
{
    (void)state;
    cyc_graph *g = cyc_new();
    for (uint32_t i = 0; i < 1000; i++)
        edge(g, 3, 5000 + i, 5000 + (i + 1) % 1000);
    for (uint32_t i = 0; i < 20000; i++)
        edge(g, 3, 100000 + i, i == 19999 ? 5500 : 100000 + i + 1);
    cyc_component *c;
    assert_int_equal(cyc_find(g, &c), 1);
    assert_int_equal(c[0].size, 1000);
    assert_int_equal(c[0].nmembers, CYC_SAMPLE);
    for (uint32_t k = 0; k < CYC_SAMPLE; k++) {
        uint8_t want[16];
        id_of(3, 5000 + k, want);
        assert_memory_equal(c[0].members[k], want, 16);
    }
    free(c);
    /* Removing nothing but adding a chord keeps one component. */
    edge(g, 3, 5100, 5900);
    assert_int_equal(cyc_find(g, &c), 1);
    assert_int_equal(c[0].size, 1000);
    free(c);
    cyc_free(g);
}

/* 300,000 tasks in 3,000 workflows, each a layered DAG with about 2.5 edges per task pointing to
 * earlier tasks only (at least 750,000 edges, paths 100 deep): acyclic. Then one back edge in one
 * workflow closes exactly one cycle. */
static void test_large_acyclic_then_one_back_edge(void **state)
{
    (void)state;
    cyc_graph *g = cyc_new();
    uint32_t seed = 12345;
    for (uint32_t w = 0; w < 3000; w++)
        for (uint32_t t = 1; t < 100; t++) {
            edge(g, w, t, t - 1);
            for (int k = 0; k < 2; k++) {
                seed = seed * 1103515245u + 12345u;
                uint32_t d = (seed >> 8) % t;
                if (d != t - 1)
                    edge(g, w, t, d);
            }
        }
    assert_int_equal(cyc_vertices(g), 300000);
    assert_true(cyc_edges(g) > 700000);
    cyc_component *c;
    assert_int_equal(cyc_find(g, &c), 0);
    edge(g, 1234, 0, 99); /* task 0 now depends on the last task of its chain */
    assert_int_equal(cyc_find(g, &c), 1);
    assert_int_equal(c[0].size, 100);
    uint8_t want[16];
    id_of(1234, 0, want);
    assert_memory_equal(c[0].members[0], want, 16);
    free(c);
    cyc_free(g);
}

static void test_copy_lines_and_uuids(void **state)
{
    (void)state;
    const char *a = "0b5f0e3c-8a51-4f7e-9d7a-2a1e4a5b6c7d";
    uint8_t id[16];
    char back[37];
    assert_int_equal(cyc_parse_uuid(a, id), 0);
    cyc_format_uuid(id, back);
    assert_string_equal(back, a);
    assert_int_equal(cyc_parse_uuid("0B5F0E3C-8A51-4F7E-9D7A-2A1E4A5B6C7D", id), 0);
    cyc_format_uuid(id, back);
    assert_string_equal(back, a);
    assert_int_equal(cyc_parse_uuid("0b5f0e3c-8a51-4f7e-9d7a_2a1e4a5b6c7d", id), -1);
    assert_int_equal(cyc_parse_uuid("0b5f0e3c-8a51-4f7e-9d7a-2a1e4a5b6c7g", id), -1);

    cyc_graph *g = cyc_new();
    const char *l1 = "00000000-0000-0000-0000-000000000001\t"
                     "00000000-0000-0000-0000-00000000000a\t"
                     "00000000-0000-0000-0000-00000000000b\n";
    const char *l2 = "00000000-0000-0000-0000-000000000001\t"
                     "00000000-0000-0000-0000-00000000000b\t"
                     "00000000-0000-0000-0000-00000000000a\n";
    assert_int_equal(cyc_add_line(g, l1, strlen(l1)), 0);
    assert_int_equal(cyc_add_line(g, l2, strlen(l2) - 1), 0); /* without the newline too */
    assert_int_equal(cyc_add_line(g, l1, strlen(l1) - 2), -1);
    assert_int_equal(cyc_add_line(g, "\\N\t\\N\t\\N\n", 9), -1);
    cyc_component *c;
    assert_int_equal(cyc_find(g, &c), 1);
    cyc_format_uuid(c[0].members[0], back);
    assert_string_equal(back, "00000000-0000-0000-0000-00000000000a");
    cyc_format_uuid(c[0].workflow, back);
    assert_string_equal(back, "00000000-0000-0000-0000-000000000001");
    free(c);
    cyc_free(g);
}

/* COPY binary: header with the first tuple, one tuple per message, the trailer alone. */
static size_t put_tuple(unsigned char *b, uint32_t w, uint32_t x, uint32_t y)
{
    size_t k = 0;
    b[k++] = 0, b[k++] = 3;
    uint32_t v[3] = {w, x, y};
    for (int i = 0; i < 3; i++) {
        b[k++] = 0, b[k++] = 0, b[k++] = 0, b[k++] = 16;
        id_of(i == 0 ? v[0] : w, i == 0 ? 0xffffffffu : v[i], b + k);
        k += 16;
    }
    return k;
}

static void test_copy_binary(void **state)
{
    (void)state;
    unsigned char b[256];
    size_t k = 0;
    memcpy(b, "PGCOPY\n\377\r\n", 11);
    k = 11;
    memset(b + k, 0, 8); /* flags, extension length */
    k += 8;
    k += put_tuple(b + k, 9, 1, 2);
    cyc_graph *g = cyc_new();
    int st = 0;
    assert_int_equal(cyc_add_binary(g, (const char *)b, k, &st), 0);
    assert_int_equal(st, 1);
    k = put_tuple(b, 9, 2, 3);
    assert_int_equal(cyc_add_binary(g, (const char *)b, k, &st), 0);
    k = put_tuple(b, 9, 3, 1);
    assert_int_equal(cyc_add_binary(g, (const char *)b, k, &st), 0);
    b[0] = 0xff, b[1] = 0xff;
    assert_int_equal(cyc_add_binary(g, (const char *)b, 2, &st), 0);
    assert_int_equal(st, 2);
    assert_int_equal(cyc_edges(g), 3);
    cyc_component *c;
    assert_int_equal(cyc_find(g, &c), 1);
    assert_int_equal(c[0].size, 3);
    free(c);
    /* malformed: bad signature, a NULL field, a short tuple, data after the trailer */
    int s2 = 0;
    assert_int_equal(cyc_add_binary(g, "PGCOPY\n\377\r\x01xxxxxxxx", 19, &s2), -1);
    k = put_tuple(b, 9, 4, 5);
    b[2] = b[3] = b[4] = b[5] = 0xff;
    int s3 = 1;
    assert_int_equal(cyc_add_binary(g, (const char *)b, k, &s3), -1);
    k = put_tuple(b, 9, 4, 5);
    assert_int_equal(cyc_add_binary(g, (const char *)b, k - 1, &s3), -1);
    int s4 = 2;
    assert_int_equal(cyc_add_binary(g, (const char *)b, k, &s4), -1);
    assert_int_equal(cyc_edges(g), 3);
    cyc_free(g);
}

static void test_empty_graph(void **state)
{
    (void)state;
    cyc_graph *g = cyc_new();
    cyc_component *c;
    assert_int_equal(cyc_find(g, &c), 0);
    assert_null(c);
    cyc_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acyclic_shapes),
        cmocka_unit_test(test_two_cycle_and_self_loop),
        cmocka_unit_test(test_thousand_long_cycle),
        cmocka_unit_test(test_large_acyclic_then_one_back_edge),
        cmocka_unit_test(test_copy_lines_and_uuids),
        cmocka_unit_test(test_copy_binary),
        cmocka_unit_test(test_empty_graph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
