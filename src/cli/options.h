/* The commands and their options, as tables: one description serves the parser, the help
 * (`epistle help render`), the "did you mean" of a mistyped option and the short usage line
 * after a usage error, so that none of them can fall out of step with the others. */
#ifndef EP_CLI_OPTIONS_H
#define EP_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

typedef struct ep_opt {
    int id;              /* the command's own number for it; 0 ends a table */
    const char *name;    /* "--style" */
    const char *alias;   /* "-o", or NULL */
    const char *arg;     /* "STYLE" when it takes a value; NULL for a flag */
    const char *help;    /* what it does, in a sentence */
    int hidden;          /* understood (to refuse it with a reason) but not offered */
} ep_opt;

typedef struct ep_command {
    const char *name;        /* "render" */
    const char *operands;    /* "LETTER.md [MORE.md ...]" */
    const char *summary;     /* what the command does */
    const ep_opt *opts;      /* its own options */
    const ep_opt *shared;    /* a group it shares with another command (the signer's), or NULL */
    int (*run)(int argc, char **argv);
} ep_command;

/* Every command, in the order the help lists them; NULL-name terminated. */
extern const ep_command ep_commands[];
const ep_command *ep_command_named(const char *name);

/* Takes the value of option id (value NULL for a flag); -1 after a usage error of its own. */
typedef int (*ep_opt_take)(void *ctx, int id, const char *value);

/* Reads argv[1..] of command c: options go to take; the other words (the operands) are moved
 * to argv[0..*noperands). Understands --name=value, -- and --help. 1: help was printed (exit
 * 0); -1: a usage error was reported, with the short usage after it; 0: go on. */
int ep_opts_parse(const ep_command *c, int argc, char **argv, ep_opt_take take, void *ctx, size_t *noperands);

/* A usage error of command c, then its short usage (not in JSON mode). Returns EPISTLE_EUSAGE. */
int ep_cmd_usage_error(const ep_command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* `epistle help COMMAND`: the synopsis, what it does, and a sentence per option. */
void ep_cmd_help(const ep_command *c, FILE *out);
/* The whole usage: a line per command. */
void ep_usage(FILE *out);

#endif
