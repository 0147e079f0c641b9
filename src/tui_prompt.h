/* tui_prompt.h: the console's ':' prompt: GNU readline in callback mode drawn on the bottom line,
 * with the REPL's completion and history file. */
#ifndef AGENTDB_TUI_PROMPT_H
#define AGENTDB_TUI_PROMPT_H

typedef struct tui tui;

/* Read one line (malloc'd, caller frees), or NULL when cancelled with Esc or Ctrl-C. In script
 * mode the next script line is the answer. */
char *tui_prompt_read(tui *t, const char *prompt);
/* Script mode hook: the engine hands the next script line to the prompt. */
char *tui_script_line(tui *t);

#endif
