/* epistle fonts [--lang TAG] [LETTER.md ...] */
#include "cli/cli.h"

enum { OPT_LANG = 1, OPT_STYLE };

const ep_opt ep_fonts_opts[] = {
    {.id = OPT_LANG, .name = "--lang", .arg = "TAG",
     .help = "Without a letter: the faces of a sample letter in this language (default en)."},
    {.id = OPT_STYLE, .name = "--style", .arg = "STYLE", .help = "The faces of the letter as set in STYLE."},
    {0},
};

typedef struct fonts_args {
    const char *lang, *style;
} fonts_args;

static int take(void *ctx, int id, const char *v)
{
    fonts_args *a = ctx;
    if (id == OPT_LANG) a->lang = v;
    else a->style = v;
    return 0;
}

int ep_cmd_fonts(int argc, char **argv)
{
    const ep_command *c = ep_command_named("fonts");
    fonts_args a = {0};
    size_t n;
    int r = ep_opts_parse(c, argc, argv, take, &a, &n);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    if (n && a.lang) return ep_cmd_usage_error(c, "--lang is for a sample letter: a letter names its own languages");
    epistle_engine *e;
    int st = ep_cli_engine(&e);
    if (st) return st;
    epistle_options o = {.diag = ep_cli_diag, .style = a.style};
    st = epistle_fonts_report(e, (const char **)argv, n, a.lang, ep_cli_json(), stdout, &o);
    epistle_engine_free(e);
    return st;
}
