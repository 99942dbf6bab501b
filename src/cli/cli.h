/* The command-line tool: one file per subcommand, all of them users of the public API. */
#ifndef EP_CLI_H
#define EP_CLI_H

#include "epistle/epistle.h"

int ep_cmd_render(int argc, char **argv);
int ep_cmd_check(int argc, char **argv);
int ep_cmd_merge(int argc, char **argv);
void ep_usage(FILE *out);

#endif
