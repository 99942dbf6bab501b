#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void new_usage(FILE *out)
{
    fputs("usage: epistle new [--lang TAG] [--layout NAME] [--force] [FILE.md | -]\n"
          "Writes a commented starter letter that renders as it is (to standard output without FILE).\n"
          "  --lang TAG      the letter's language (default: from the layout, else en-GB); its wording\n"
          "                  is in English, German, French, Chinese, Japanese or Korean\n"
          "  --layout NAME   block (default), din5008-a, din5008-b, sn010130, us-window, jp\n"
          "  --force         replace FILE if it exists\n",
          out);
    ep_common_usage(out);
    fputs("See epistle(1).\n", out);
}

int ep_cmd_new(int argc, char **argv)
{
    const char *lang = NULL, *layout = NULL, *file = NULL;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if ((!strcmp(s, "--lang") || !strcmp(s, "--layout")) && i + 1 < argc) {
            if (!strcmp(s, "--lang")) lang = argv[++i];
            else layout = argv[++i];
        } else if (!strcmp(s, "--force")) {
            force = 1;
        } else if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            new_usage(stdout);
            return 0;
        } else if ((s[0] != '-' || !strcmp(s, "-")) && !file) {
            file = s;
        } else {
            ep_cli_usage_error("new: unexpected '%s'", s);
            if (!ep_cli_json()) new_usage(stderr);
            return EPISTLE_EUSAGE;
        }
    }
    epistle_options o = {.diag = ep_cli_diag};
    return epistle_new_letter(file, lang, layout, force, &o);
}
