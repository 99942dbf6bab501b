#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage_text[] =
    "usage: epistle render LETTER.md [MORE.md ...] -o OUT.pdf [--style STYLE] [--strict] [--pdfa] [--pdfua]\n"
    "                      [--sign-field NAME (--p12 FILE | --key KEY.pem --cert CERT.pem [--chain C.pem])\n"
    "                       [--pass-env VAR | --pass-file FILE] [--visible]]\n"
    "       epistle check LETTER.md [MORE.md ...] [--style STYLE] [--strict]\n"
    "       epistle merge TEMPLATE.md [MORE.md ...] DATA.(csv|json|jsonl) -o 'out/{{id}}.pdf' [-j N]\n"
    "                     [--shard K/N] [--combine ALL.pdf] [--report R.json] [--overwrite] [--keep-going]\n"
    "                     [--progress|--no-progress] [--format csv|json|jsonl] [--style STYLE] [--strict]\n"
    "                     [--pdfa] [--pdfua]\n"
    "       epistle sign IN.pdf --field NAME (--p12 FILE | --key KEY.pem --cert CERT.pem [--chain C.pem])\n"
    "                    [--pass-env VAR | --pass-file FILE] [--visible] -o OUT.pdf\n"
    "       epistle verify FILE.pdf [--json]\n"
    "       epistle new [--lang TAG] [--layout NAME] [--force] [FILE.md]\n"
    "       epistle --version | --help\n";

static const char common_options[] =
    "Every command also takes --json (diagnostics as JSON lines) and --color=auto|always|never.\n";

void ep_common_usage(FILE *out)
{
    fputs(common_options, out);
}

void ep_usage(FILE *out)
{
    fputs(usage_text, out);
    fputs(common_options, out);
    fputs("\n'-' reads the letter from standard input or writes the PDF to standard output.\n"
          "Exit codes: 0 success, 1 the letter has errors, 2 usage error, 3 system failure.\n"
          "See epistle(1) for the commands and epistle-letter(5) for the letter format.\n",
          out);
}

void ep_command_usage(const char *cmd, FILE *out)
{
    /* The command's lines of the usage: its own and the indented continuations after it. */
    char head[32];
    snprintf(head, sizeof head, "epistle %s ", cmd);
    int on = 0;
    for (const char *line = usage_text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = (size_t)(end - line);
        const char *at = strstr(line, "epistle ");
        if (at && at < end) on = !strncmp(at, head, strlen(head));
        if (on) fprintf(out, "%s%.*s\n", at && at < end ? "usage: " : "", (int)(at && at < end ? end - at : (long)len),
                        at && at < end ? at : line);
        line = end + 1;
    }
    fputs(common_options, out);
    fputs("See epistle(1).\n", out);
}

void ep_usage_hint(const char *cmd)
{
    if (ep_cli_json()) return;
    if (cmd) ep_command_usage(cmd, stderr);
    else ep_usage(stderr);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        ep_usage(stderr);
        return EPISTLE_EUSAGE;
    }
    if (ep_cli_messages_init(&argc, argv)) return EPISTLE_EUSAGE;
    if (argc < 2) {
        ep_cli_usage_error("which command? (render, check, merge, sign, verify, new)");
        ep_usage_hint(NULL);
        return EPISTLE_EUSAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        ep_usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("epistle %s\n", EPISTLE_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "render")) return ep_cmd_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return ep_cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "merge")) return ep_cmd_merge(argc - 1, argv + 1);
    if (!strcmp(cmd, "sign")) return ep_cmd_sign(argc - 1, argv + 1);
    if (!strcmp(cmd, "verify")) return ep_cmd_verify(argc - 1, argv + 1);
    if (!strcmp(cmd, "new")) return ep_cmd_new(argc - 1, argv + 1);
    ep_cli_usage_error("unknown command '%s'", cmd);
    ep_usage_hint(NULL);
    return EPISTLE_EUSAGE;
}
