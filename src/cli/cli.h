/* The command-line tool: one file per subcommand, all of them users of the public API. */
#ifndef EP_CLI_H
#define EP_CLI_H

#include "epistle/epistle.h"
#include "cli/options.h"

int ep_cmd_render(int argc, char **argv);
int ep_cmd_check(int argc, char **argv);
int ep_cmd_merge(int argc, char **argv);
int ep_cmd_sign(int argc, char **argv);
int ep_cmd_verify(int argc, char **argv);
int ep_cmd_timestamp(int argc, char **argv);
int ep_cmd_new(int argc, char **argv);
int ep_cmd_fonts(int argc, char **argv);
int ep_cmd_watch(int argc, char **argv);

/* The commands' option tables (cli/options.h). */
extern const ep_opt ep_render_opts[], ep_check_opts[], ep_merge_opts[], ep_sign_opts[], ep_verify_opts[], ep_timestamp_opts[],
    ep_new_opts[], ep_signer_opts[], ep_fonts_opts[], ep_watch_opts[];

/* The options render shares with watch (and check, in part): ep_render_take reads them. */
enum { EP_OPT_OUTPUT = 1, EP_OPT_STYLE, EP_OPT_STRICT, EP_OPT_PDFA, EP_OPT_PDFUA, EP_OPT_SIGN_FIELD };
typedef struct ep_render_args {
    const char *output, *style;
    int strict, pdfa, pdfua;
    epistle_sign_options sign;
} ep_render_args;
int ep_render_take(void *ctx, int id, const char *value);

/* letter.md → letter.pdf, beside it (malloc'd; NULL when out of memory). */
char *ep_cli_default_output(const char *input);
/* A signer option (of ep_signer_opts) into s. */
int ep_signer_take(epistle_sign_options *s, int id, const char *value);
/* Signer options that make no whole: a key without a field, a field without a key. -1 after
 * a usage error of command c. */
int ep_signer_check(const ep_command *c, const epistle_sign_options *s);
/* An output named with an extension other than .pdf (a slip for the input, say): -1 after a
 * usage error of command c. */
int ep_output_not_pdf(const ep_command *c, const char *path);

/* Takes the options every command has (--json, --color=WHEN, -q, -v, --font-path DIR) out
 * of argv; -1 if one is wrong. */
int ep_cli_messages_init(int *argc, char **argv);
int ep_cli_json(void);
/* -1 with -q, 1 with -v, else 0. */
int ep_cli_verbosity(void);
/* The diagnostic handler the tool gives the library: text or JSON on standard error. */
void ep_cli_diag(const epistle_diagnostic *d, void *user);
/* The engine (with the --font-path folders) in *e: 0, or the exit status after saying why
 * not (a folder that is none is a usage error). */
int ep_cli_engine(epistle_engine **e);
/* A usage error the tool itself finds (code "usage"). */
void ep_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "wrote PATH (N KB)" on standard error, unless -q or PATH is standard output; what
 * (a field signed, say) is added when not NULL. */
void ep_cli_wrote(const char *path, const char *field);

#endif
