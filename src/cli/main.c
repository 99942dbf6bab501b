#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

void ep_usage(FILE *out)
{
    fputs("usage: epistle render LETTER.md [MORE.md ...] -o OUT.pdf [--strict] [--pdfa] [--pdfua] [--sign-field NAME --p12 FILE ...]\n"
          "       epistle check LETTER.md [MORE.md ...] [--strict]\n"
          "       epistle merge TEMPLATE.md DATA.(csv|json|jsonl) -o 'out/{{id}}.pdf' [-j N] [--shard K/N]\n"
          "                     [--combine ALL.pdf] [--report R.json] [--overwrite] [--progress] [--pdfa] [--pdfua]\n"
          "       epistle sign IN.pdf --field NAME (--p12 FILE | --key KEY.pem --cert CERT.pem [--chain C.pem])\n"
          "                    [--pass-env VAR | --pass-file FILE] -o OUT.pdf\n"
          "       epistle verify FILE.pdf [--json]\n"
          "       epistle new [--lang TAG] [--layout NAME] [--force] [FILE.md]\n"
          "       epistle --version | --help\n"
          "\n"
          "'-' reads the letter from standard input or writes the PDF to standard output.\n"
          "Exit codes: 0 success, 1 the letter has errors, 2 usage error, 3 system failure.\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        ep_usage(stderr);
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
    fprintf(stderr, "epistle: unknown command '%s'\n", cmd);
    ep_usage(stderr);
    return EPISTLE_EUSAGE;
}
