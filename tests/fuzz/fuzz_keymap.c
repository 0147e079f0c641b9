/* fuzz_keymap.c: the key-binding file parser on any bytes, then lookups of every key it bound. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"

static bool any_action(const char *name, int *action)
{
    /* accept a few names, as the engine's table would */
    static const char *const names[] = {"help", "quit", "back", "open", "down", "up"};
    for (int i = 0; i < 6; i++)
        if (strcmp(name, names[i]) == 0) {
            *action = i;
            return true;
        }
    return false;
}

int fuzz_keymap_one(const uint8_t *data, size_t size)
{
    keymap km = {0};
    char *errors = NULL;
    keymap_parse(&km, (const char *)data, size, "fuzz", any_action, &errors);
    /* look up at most 256 bindings: every lookup scans the whole map, so all of them would make
       the harness quadratic and the fuzzer spend its time here instead of in the parser */
    for (size_t i = 0; i < km.n && i < 256; i++) {
        char buf[16];
        (void)keymap_key_name(km.binds[i].key, buf);
        (void)keymap_lookup(&km, km.binds[i].screen, km.binds[i].key);
    }
    keymap_free(&km);
    free(errors);
    return 0;
}

#ifdef AGENTDB_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_keymap_one(data, size); }
#endif
