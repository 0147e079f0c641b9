/* commands.h: the handlers named in the command table (cmd_table.c). Each returns an exit code
 * (util.h) and prints its own results and messages. */
#ifndef AGENTDB_COMMANDS_H
#define AGENTDB_COMMANDS_H

#include "app.h"

int cmd_help(app *a, const cmd_call *call);
int cmd_quit(app *a, const cmd_call *call);
int cmd_set(app *a, const cmd_call *call);
int cmd_migrate_status(app *a, const cmd_call *call);
int cmd_migrate_plan(app *a, const cmd_call *call);
int cmd_migrate_up(app *a, const cmd_call *call);
int cmd_migrate_down(app *a, const cmd_call *call);
int cmd_migrate_verify(app *a, const cmd_call *call);
int cmd_migrate_repair(app *a, const cmd_call *call);
int cmd_migrate_baseline(app *a, const cmd_call *call);
int cmd_demo_load(app *a, const cmd_call *call);
int cmd_report_list(app *a, const cmd_call *call);
int cmd_report_run(app *a, const cmd_call *call);
int cmd_report_refresh(app *a, const cmd_call *call);
int cmd_retention_plan(app *a, const cmd_call *call);
int cmd_retention_apply(app *a, const cmd_call *call);
int cmd_export(app *a, const cmd_call *call);
int cmd_health(app *a, const cmd_call *call);
int cmd_sql(app *a, const cmd_call *call);
int cmd_dag_show(app *a, const cmd_call *call);
int cmd_json_show(app *a, const cmd_call *call);
int cmd_check_list(app *a, const cmd_call *call);
int cmd_check_run(app *a, const cmd_call *call);
int cmd_check_show(app *a, const cmd_call *call);

/* The COMMANDS section of agentdb(1) in roff, generated from the table (agentdb --man-commands). */
void cmd_print_man(FILE *f);

#endif
