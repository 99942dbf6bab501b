#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "util/spelling.h"

const ep_command ep_commands[] = {
    {"render", "LETTER.md [MORE.md ...]",
     "Typesets a letter into a PDF: one file, or several files as the parts of one letter (an English letter and "
     "its Chinese translation, say).",
     ep_render_opts, ep_signer_opts, ep_cmd_render},
    {"check", "LETTER.md [MORE.md ...]",
     "Reads and lays out a letter, and reports its problems as file:line:col, without writing anything.",
     ep_check_opts, NULL, ep_cmd_check},
    {"merge", "TEMPLATE.md [MORE.md ...] DATA.(csv|json|jsonl)",
     "Renders the template once per record of the data, each record's values in place of its {{fields}}, and "
     "says at the end how many letters were written and how fast.",
     ep_merge_opts, NULL, ep_cmd_merge},
    {"sign", "IN.pdf", "Signs a signatory's field of a rendered letter; earlier signatures stay valid.", ep_sign_opts,
     ep_signer_opts, ep_cmd_sign},
    {"timestamp", "IN.pdf",
     "Adds a document time-stamp from a time-stamp authority: proof that the file, its signatures and their "
     "validation data existed, as they are, at that time (PAdES B-LTA).",
     ep_timestamp_opts, NULL, ep_cmd_timestamp},
    {"verify", "FILE.pdf",
     "Lists the PDF's signatures and checks each: the digest, the signature, what it covers and any change made "
     "after it. Exit 0 only if every signature holds.",
     ep_verify_opts, NULL, ep_cmd_verify},
    {"new", "[FILE.md]", "Writes a commented starter letter that renders as it is (to standard output without FILE).",
     ep_new_opts, NULL, ep_cmd_new},
    {"watch", "LETTER.md [MORE.md ...]",
     "Renders the letter, then again each time it, its parts, its style files or its images are saved, printing "
     "each build's messages; a build that fails keeps the last good PDF. The PDF is replaced in one step, so a "
     "viewer that watches the file reloads it. Ctrl-C ends it.",
     ep_watch_opts, NULL, ep_cmd_watch},
    {"fonts", "[LETTER.md ...]",
     "Says which face sets which text of the letter (or of a sample letter in --lang): the font file, the "
     "characters set in it by script, and any character no installed face has. With --json, as JSON on standard "
     "output.",
     ep_fonts_opts, NULL, ep_cmd_fonts},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

static int unknown_command(const char *cmd)
{
    const char *names[16];
    size_t n = 0;
    for (const ep_command *c = ep_commands; c->name && n < 15; c++) names[n++] = c->name;
    names[n] = NULL;
    const char *best = ep_closest(cmd, names);
    if (best) ep_cli_usage_error("unknown command '%s'; did you mean '%s'?", cmd, best);
    else ep_cli_usage_error("unknown command '%s'", cmd);
    if (!ep_cli_json()) fputs("usage: epistle COMMAND [ARGS]; 'epistle help' lists the commands\n", stderr);
    return EPISTLE_EUSAGE;
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
        return EPISTLE_EUSAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || (!strcmp(cmd, "help") && argc == 2)) {
        ep_usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "help")) {
        const ep_command *c = ep_command_named(argv[2]);
        if (!c) return unknown_command(argv[2]);
        ep_cmd_help(c, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("epistle %s\n", EPISTLE_VERSION);
        return 0;
    }
    const ep_command *c = ep_command_named(cmd);
    if (!c) return unknown_command(cmd);
    return c->run(argc - 1, argv + 1);
}
