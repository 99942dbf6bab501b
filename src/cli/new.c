/* epistle new [--lang TAG] [--layout NAME] [--force] [FILE.md] */
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"

enum { OPT_LANG = 1, OPT_LAYOUT, OPT_FORCE };

const ep_opt ep_new_opts[] = {
    {.id = OPT_LANG, .name = "--lang", .arg = "TAG",
     .help = "The letter's language (default: from the layout, else en-GB); its wording is in English, German, "
             "French, Chinese, Japanese or Korean."},
    {.id = OPT_LAYOUT, .name = "--layout", .arg = "NAME",
     .help = "block (the default), din5008-a, din5008-b, sn010130, us-window or jp."},
    {.id = OPT_FORCE, .name = "--force", .help = "Replace FILE if it exists."},
    {0},
};

typedef struct new_args {
    const char *lang, *layout;
    int force;
} new_args;

static int take(void *ctx, int id, const char *v)
{
    new_args *a = ctx;
    if (id == OPT_LANG) a->lang = v;
    else if (id == OPT_LAYOUT) a->layout = v;
    else a->force = 1;
    return 0;
}

int ep_cmd_new(int argc, char **argv)
{
    const ep_command *c = ep_command_named("new");
    new_args a = {0};
    size_t n;
    int r = ep_opts_parse(c, argc, argv, take, &a, &n);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    if (n > 1) return ep_cmd_usage_error(c, "one file at a time");
    epistle_options o = {.diag = ep_cli_diag};
    int st = epistle_new_letter(n ? argv[0] : NULL, a.lang, a.layout, a.force, &o);
    if (!st && n && strcmp(argv[0], "-")) ep_cli_wrote(argv[0], NULL);
    return st;
}
