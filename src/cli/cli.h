/* The command-line tool: one file per subcommand, all of them users of the public API. */
#ifndef EP_CLI_H
#define EP_CLI_H

#include "epistle/epistle.h"

int ep_cmd_render(int argc, char **argv);
int ep_cmd_check(int argc, char **argv);
int ep_cmd_merge(int argc, char **argv);
int ep_cmd_sign(int argc, char **argv);
int ep_cmd_verify(int argc, char **argv);
int ep_cmd_new(int argc, char **argv);
/* Takes a signer option at argv[*i] (and its value): 1 if it was one, 0 if not, -1 on error. */
int ep_signer_option(epistle_sign_options *s, int argc, char **argv, int *i);
void ep_usage(FILE *out);
/* The line about the options every command takes, for a command's own help. */
void ep_common_usage(FILE *out);
/* After a usage error: the command's usage on standard error (not in JSON mode, where
 * standard error holds only JSON lines). cmd NULL: the whole usage. */
void ep_usage_hint(const char *cmd);

/* Takes the options every command has (--json, --color=WHEN) out of argv; -1 if one is wrong. */
int ep_cli_messages_init(int *argc, char **argv);
int ep_cli_json(void);
/* The diagnostic handler the tool gives the library: text or JSON on standard error. */
void ep_cli_diag(const epistle_diagnostic *d, void *user);
/* The engine, or NULL after saying why not. */
epistle_engine *ep_cli_engine(void);
/* A usage error the tool itself finds (code "usage"). */
void ep_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The usage of one command (its lines of the full usage). */
void ep_command_usage(const char *cmd, FILE *out);

#endif
