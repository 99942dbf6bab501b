/* epistle render / epistle check */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "util/alloc.h"

const ep_opt ep_render_opts[] = {
    {.id = EP_OPT_OUTPUT, .name = "--output", .alias = "-o", .arg = "FILE.pdf",
     .help = "Where to write the PDF ('-': standard output). Without it, the first letter's name with .pdf, "
             "beside it."},
    {.id = EP_OPT_STYLE, .name = "--style", .arg = "STYLE",
     .help = "Set every part in STYLE: a built-in style (classic, compact, modern) or a style file, in place of "
             "the style the letter names."},
    {.id = EP_OPT_STRICT, .name = "--strict",
     .help = "Treat every warning as an error: nothing is written if there is one."},
    {.id = EP_OPT_PDFA, .name = "--pdfa",
     .help = "Write PDF/A-2b, for archiving: colours in sRGB, with an output intent and XMP."},
    {.id = EP_OPT_PDFUA, .name = "--pdfua",
     .help = "Declare PDF/UA-1, for accessibility (the structure is always tagged)."},
    {.id = EP_OPT_SIGN_FIELD, .name = "--sign-field", .arg = "NAME",
     .help = "Sign the rendered letter in the field of signatory NAME, with the key given by --p12 or --key and "
             "--cert."},
    {0},
};

const ep_opt ep_check_opts[] = {
    {.id = EP_OPT_STYLE, .name = "--style", .arg = "STYLE",
     .help = "Check the letter as set in STYLE (a built-in style or a style file)."},
    {.id = EP_OPT_STRICT, .name = "--strict", .help = "Treat every warning as an error (exit 1 if there is one)."},
    {0},
};

int ep_render_take(void *ctx, int id, const char *v)
{
    ep_render_args *a = ctx;
    switch (id) {
    case EP_OPT_OUTPUT: a->output = v; break;
    case EP_OPT_STYLE: a->style = v; break;
    case EP_OPT_STRICT: a->strict = 1; break;
    case EP_OPT_PDFA: a->pdfa = 1; break;
    case EP_OPT_PDFUA: a->pdfua = 1; break;
    case EP_OPT_SIGN_FIELD: a->sign.field = v; break;
    default: return ep_signer_take(&a->sign, id, v);
    }
    return 0;
}

char *ep_cli_default_output(const char *input)
{
    size_t n = strlen(input);
    const char *slash = strrchr(input, '/'), *dot = strrchr(input, '.');
    if (dot && (!slash || dot > slash + 1)) n = (size_t)(dot - input);
    char *out = ep_xmalloc(n + 5);
    memcpy(out, input, n);
    memcpy(out + n, ".pdf", 5);
    return out;
}

int ep_cmd_render(int argc, char **argv)
{
    const ep_command *c = ep_command_named("render");
    ep_render_args a = {0};
    size_t n;
    int r = ep_opts_parse(c, argc, argv, ep_render_take, &a, &n);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    const char **inputs = (const char **)argv;
    if (!n) return ep_cmd_usage_error(c, "no letter given");
    if (a.output && ep_output_not_pdf(c, a.output)) return EPISTLE_EUSAGE;
    if (!a.output && !strcmp(inputs[0], "-"))
        return ep_cmd_usage_error(c, "a letter read from standard input needs -o FILE.pdf (or -o - for standard output)");
    if (ep_signer_check(c, &a.sign)) return EPISTLE_EUSAGE;
    char *made = NULL;
    if (!a.output && !(a.output = made = ep_cli_default_output(inputs[0]))) return EPISTLE_ESYSTEM;
    epistle_engine *e;
    int st = ep_cli_engine(&e);
    if (!st) {
        epistle_options o = {.diag = ep_cli_diag, .strict = a.strict, .sign = a.sign.field ? &a.sign : NULL,
                             .pdfa = a.pdfa, .pdfua = a.pdfua, .style = a.style};
        st = epistle_render_files(e, inputs, n, a.output, &o);
        epistle_engine_free(e);
        if (!st) ep_cli_wrote(a.output, NULL);
    }
    free(made);
    return st;
}

int ep_cmd_check(int argc, char **argv)
{
    const ep_command *c = ep_command_named("check");
    ep_render_args a = {0};
    size_t n;
    int r = ep_opts_parse(c, argc, argv, ep_render_take, &a, &n);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    if (!n) return ep_cmd_usage_error(c, "no letter given");
    epistle_engine *e;
    int st = ep_cli_engine(&e);
    if (st) return st;
    epistle_options o = {.diag = ep_cli_diag, .strict = a.strict, .style = a.style};
    st = epistle_check_files(e, (const char **)argv, n, &o);
    epistle_engine_free(e);
    return st;
}
