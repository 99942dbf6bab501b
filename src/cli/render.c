/* epistle render / epistle check */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/options.h"

enum { OPT_OUTPUT = 1, OPT_STYLE, OPT_STRICT, OPT_PDFA, OPT_PDFUA, OPT_SIGN_FIELD };

const ep_opt ep_render_opts[] = {
    {.id = OPT_OUTPUT, .name = "--output", .alias = "-o", .arg = "FILE.pdf",
     .help = "Where to write the PDF ('-': standard output). Without it, the first letter's name with .pdf, "
             "beside it."},
    {.id = OPT_STYLE, .name = "--style", .arg = "STYLE",
     .help = "Set every part in STYLE: a built-in style (classic, compact, modern) or a style file, in place of "
             "the style the letter names."},
    {.id = OPT_STRICT, .name = "--strict",
     .help = "Treat every warning as an error: nothing is written if there is one."},
    {.id = OPT_PDFA, .name = "--pdfa",
     .help = "Write PDF/A-2b, for archiving: colours in sRGB, with an output intent and XMP."},
    {.id = OPT_PDFUA, .name = "--pdfua",
     .help = "Declare PDF/UA-1, for accessibility (the structure is always tagged)."},
    {.id = OPT_SIGN_FIELD, .name = "--sign-field", .arg = "NAME",
     .help = "Sign the rendered letter in the field of signatory NAME, with the key given by --p12 or --key and "
             "--cert."},
    {0},
};

const ep_opt ep_check_opts[] = {
    {.id = OPT_STYLE, .name = "--style", .arg = "STYLE",
     .help = "Check the letter as set in STYLE (a built-in style or a style file)."},
    {.id = OPT_STRICT, .name = "--strict", .help = "Treat every warning as an error (exit 1 if there is one)."},
    {0},
};

typedef struct args {
    const char *output;
    int strict, pdfa, pdfua;
    const char *style;
    epistle_sign_options sign;
} args;

static int take(void *ctx, int id, const char *v)
{
    args *a = ctx;
    switch (id) {
    case OPT_OUTPUT: a->output = v; break;
    case OPT_STYLE: a->style = v; break;
    case OPT_STRICT: a->strict = 1; break;
    case OPT_PDFA: a->pdfa = 1; break;
    case OPT_PDFUA: a->pdfua = 1; break;
    case OPT_SIGN_FIELD: a->sign.field = v; break;
    default: return ep_signer_take(&a->sign, id, v);
    }
    return 0;
}

char *ep_cli_default_output(const char *input)
{
    size_t n = strlen(input);
    const char *slash = strrchr(input, '/'), *dot = strrchr(input, '.');
    if (dot && (!slash || dot > slash + 1)) n = (size_t)(dot - input);
    char *out = malloc(n + 5);
    if (!out) return NULL;
    memcpy(out, input, n);
    memcpy(out + n, ".pdf", 5);
    return out;
}

int ep_cmd_render(int argc, char **argv)
{
    const ep_command *c = ep_command_named("render");
    args a;
    memset(&a, 0, sizeof a);
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t n = 0;
    int r = inputs ? ep_opts_parse(c, argc, argv, take, &a, inputs, &n) : -1;
    char *made = NULL;
    int st = r > 0 ? 0 : EPISTLE_EUSAGE;
    if (r) goto done;
    if (!n) {
        ep_cmd_usage_error(c, "no letter given");
        goto done;
    }
    if (a.output && ep_output_not_pdf(c, a.output)) goto done;
    if (!a.output && !strcmp(inputs[0], "-")) {
        ep_cmd_usage_error(c, "a letter read from standard input needs -o FILE.pdf (or -o - for standard output)");
        goto done;
    }
    if (!a.output && !(a.output = made = ep_cli_default_output(inputs[0]))) {
        st = EPISTLE_ESYSTEM;
        goto done;
    }
    if (ep_signer_check(c, &a.sign)) goto done;
    epistle_engine *e = ep_cli_engine();
    if (!e) {
        st = EPISTLE_ESYSTEM;
        goto done;
    }
    epistle_options o = {ep_cli_diag, NULL, a.strict, a.sign.field ? &a.sign : NULL, a.pdfa, a.pdfua, a.style};
    st = epistle_render_files(e, inputs, n, a.output, &o);
    epistle_engine_free(e);
    if (!st) ep_cli_wrote(a.output, NULL);
done:
    free(made);
    free(inputs);
    return st;
}

int ep_cmd_check(int argc, char **argv)
{
    const ep_command *c = ep_command_named("check");
    args a;
    memset(&a, 0, sizeof a);
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t n = 0;
    int r = inputs ? ep_opts_parse(c, argc, argv, take, &a, inputs, &n) : -1;
    int st = r > 0 ? 0 : EPISTLE_EUSAGE;
    if (!r && !n) ep_cmd_usage_error(c, "no letter given");
    if (!r && n) {
        epistle_engine *e = ep_cli_engine();
        if (!e) {
            free(inputs);
            return EPISTLE_ESYSTEM;
        }
        epistle_options o = {ep_cli_diag, NULL, a.strict, NULL, 0, 0, a.style};
        st = epistle_check_files(e, inputs, n, &o);
        epistle_engine_free(e);
    }
    free(inputs);
    return st;
}
