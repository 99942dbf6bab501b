/* epistle render / epistle check */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

typedef struct args {
    const char **inputs;
    size_t ninputs;
    const char *output;
    int strict, pdfa, pdfua;
    const char *style;
    epistle_sign_options sign;
} args;

static int parse(int argc, char **argv, args *a, int want_output)
{
    memset(a, 0, sizeof *a);
    a->inputs = calloc((size_t)argc + 1, sizeof *a->inputs);
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int r;
        if (!only_files && !strcmp(s, "--")) only_files = 1;
        else if (!only_files && want_output && (!strcmp(s, "-o") || !strcmp(s, "--output"))) {
            if (i + 1 >= argc) {
                ep_cli_usage_error("%s needs a file name", s);
                return -1;
            }
            a->output = argv[++i];
        } else if (!only_files && !strcmp(s, "--style")) {
            if (i + 1 >= argc) {
                ep_cli_usage_error("%s needs a style: a built-in style or a style file", s);
                return -1;
            }
            a->style = argv[++i];
        } else if (!only_files && !strcmp(s, "--strict")) a->strict = 1;
        else if (!only_files && !strcmp(s, "--pdfa")) a->pdfa = 1;
        else if (!only_files && !strcmp(s, "--pdfua")) a->pdfua = 1;
        else if (!only_files && want_output && s[0] == '-' && s[1] && (r = ep_signer_option(&a->sign, argc, argv, &i))) {
            if (r < 0) return -1;
        } else if (!only_files && (!strcmp(s, "--help") || !strcmp(s, "-h"))) {
            ep_command_usage(want_output ? "render" : "check", stdout);
            exit(0);
        } else if (!only_files && s[0] == '-' && s[1]) {
            ep_cli_usage_error("unknown option '%s'", s);
            return -1;
        } else a->inputs[a->ninputs++] = s;
    }
    if (!a->ninputs) {
        ep_cli_usage_error("no letter given");
        return -1;
    }
    if (want_output && !a->output) {
        ep_cli_usage_error("no output given (-o FILE.pdf, or -o - for standard output)");
        return -1;
    }
    return 0;
}

static int finish(args *a, int status)
{
    free(a->inputs);
    return status;
}

int ep_cmd_render(int argc, char **argv)
{
    args a;
    if (parse(argc, argv, &a, 1)) {
        ep_usage_hint("render");
        return finish(&a, EPISTLE_EUSAGE);
    }
    epistle_engine *e = ep_cli_engine();
    if (!e) return finish(&a, EPISTLE_ESYSTEM);
    epistle_options o = {ep_cli_diag, NULL, a.strict, a.sign.field ? &a.sign : NULL, a.pdfa, a.pdfua, a.style};
    int st = epistle_render_files(e, a.inputs, a.ninputs, a.output, &o);
    epistle_engine_free(e);
    return finish(&a, st);
}

int ep_cmd_check(int argc, char **argv)
{
    args a;
    if (parse(argc, argv, &a, 0)) {
        ep_usage_hint("check");
        return finish(&a, EPISTLE_EUSAGE);
    }
    epistle_engine *e = ep_cli_engine();
    if (!e) return finish(&a, EPISTLE_ESYSTEM);
    epistle_options o = {ep_cli_diag, NULL, a.strict, NULL, 0, 0, a.style};
    int st = epistle_check_files(e, a.inputs, a.ninputs, &o);
    epistle_engine_free(e);
    return finish(&a, st);
}
