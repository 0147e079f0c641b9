/* screens.c: the registry the engine searches by name, built from SCREEN_LIST. */
#include "screens.h"

#include <stddef.h>

#define SCREEN_ENTRY(name) &screen_##name,
const tui_screen *const tui_screens[] = {SCREEN_LIST(SCREEN_ENTRY) NULL};
#undef SCREEN_ENTRY
