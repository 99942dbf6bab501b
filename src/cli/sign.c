/* epistle sign IN.pdf --field NAME (--p12 FILE | --key KEY.pem --cert CERT.pem [--chain CHAIN.pem])
 *              [--pass-env VAR | --pass-file FILE] -o OUT.pdf
 * epistle verify FILE.pdf [--json] */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int ep_signer_option(epistle_sign_options *s, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--visible")) {
        s->visible = 1;
        return 1;
    }
    const char **slot = !strcmp(a, "--field") || !strcmp(a, "--sign-field") ? &s->field
                      : !strcmp(a, "--p12")       ? &s->p12
                      : !strcmp(a, "--key")       ? &s->key
                      : !strcmp(a, "--cert")      ? &s->cert
                      : !strcmp(a, "--chain")     ? &s->chain
                      : !strcmp(a, "--pass-env")  ? &s->pass_env
                      : !strcmp(a, "--pass-file") ? &s->pass_file
                                                  : NULL;
    if (!slot) return 0;
    if (*i + 1 >= argc) {
        ep_cli_usage_error("%s needs a value", a);
        return -1;
    }
    *slot = argv[++*i];
    return 1;
}

int ep_cmd_sign(int argc, char **argv)
{
    epistle_sign_options s;
    memset(&s, 0, sizeof s);
    const char *in = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r = ep_signer_option(&s, argc, argv, &i);
        if (r < 0) return EPISTLE_EUSAGE;
        if (r) continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            ep_command_usage("sign", stdout);
            return 0;
        }
        if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--pass") || !strcmp(argv[i], "--passphrase")) {
            ep_cli_usage_error("a passphrase is never taken from the command line (it would show in ps and in the "
                               "shell's history): use --pass-env VAR, --pass-file FILE or the prompt");
            return EPISTLE_EUSAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            ep_cli_usage_error("unknown option '%s'", argv[i]);
            return EPISTLE_EUSAGE;
        } else if (!in) in = argv[i];
        else {
            ep_cli_usage_error("one PDF at a time");
            return EPISTLE_EUSAGE;
        }
    }
    if (!in || !out || !s.field || (!s.p12 && !(s.key && s.cert))) {
        ep_cli_usage_error("sign needs a PDF, -o OUT.pdf, --field NAME and --p12 FILE or --key and --cert");
        ep_usage_hint("sign");
        return EPISTLE_EUSAGE;
    }
    epistle_options o = {.diag = ep_cli_diag};
    return epistle_sign_file(in, out, &s, &o);
}

int ep_cmd_verify(int argc, char **argv)
{
    const char *in = NULL;
    int json = ep_cli_json();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            ep_command_usage("verify", stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            ep_cli_usage_error("unknown option '%s'", argv[i]);
            return EPISTLE_EUSAGE;
        } else in = argv[i];
    }
    if (!in) {
        ep_cli_usage_error("which PDF?");
        ep_usage_hint("verify");
        return EPISTLE_EUSAGE;
    }
    epistle_options o = {.diag = ep_cli_diag};
    return epistle_verify_file(in, json, stdout, &o);
}
