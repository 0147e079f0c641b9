/* screens.h: the list of console screens (one X-macro), so adding a screen touches its own file,
 * this list and nothing else. */
#ifndef AGENTDB_SCREENS_H
#define AGENTDB_SCREENS_H

#include "tui.h"

#define SCREEN_LIST(X) \
    X(dashboard)       \
    X(workflows)       \
    X(workflow)        \
    X(tasks)           \
    X(task)            \
    X(dag)             \
    X(agents)          \
    X(agent)           \
    X(experiences)     \
    X(episode)         \
    X(reports)         \
    X(reportview)      \
    X(migrations)      \
    X(sqlview)         \
    X(checks)          \
    X(checkrows)       \
    X(jsonview)        \
    X(help)            \
    X(result)

#define SCREEN_DECLARE(name) extern const tui_screen screen_##name;
SCREEN_LIST(SCREEN_DECLARE)
#undef SCREEN_DECLARE

#endif
