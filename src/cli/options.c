#include "cli/options.h"

#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"
#include "util/spelling.h"

/* What every command takes besides its own options (read before the command runs). */
static const ep_opt common[] = {
    {.id = 1, .name = "--json", .help = "Diagnostics as JSON, one object per line on standard error, for scripts."},
    {.id = 2, .name = "--color", .arg = "WHEN",
     .help = "Colour the messages: auto (on a terminal, unless NO_COLOR is set), always or never."},
    {.id = 3, .name = "--quiet", .alias = "-q",
     .help = "Say nothing but warnings and errors (not the line saying what was written)."},
    {.id = 4, .name = "--verbose", .alias = "-v",
     .help = "Say more: a note for every file a merge writes."},
    {.id = 5, .name = "--font-path", .arg = "DIR",
     .help = "Also use the fonts in DIR (repeatable), such as fonts shipped with a letter."},
    {.id = 6, .name = "--help", .alias = "-h", .help = "Describe the command and its options."},
    {0},
};

const ep_command *ep_command_named(const char *name)
{
    for (const ep_command *c = ep_commands; c->name; c++)
        if (!strcmp(c->name, name)) return c;
    return NULL;
}

static const ep_opt *find_in(const ep_opt *t, const char *s, size_t n)
{
    for (; t && t->id; t++)
        if ((!strncmp(t->name, s, n) && !t->name[n]) || (t->alias && !strncmp(t->alias, s, n) && !t->alias[n])) return t;
    return NULL;
}

static void short_usage(const ep_command *c, FILE *out)
{
    fprintf(out, "usage: epistle %s %s [OPTIONS]\n       'epistle help %s' describes each option\n", c->name,
            c->operands, c->name);
}

int ep_cmd_usage_error(const ep_command *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ep_cli_usage_error("%s", msg);
    if (!ep_cli_json()) short_usage(c, stderr);
    return EPISTLE_EUSAGE;
}

/* The option meant by a mistyped one: a near spelling among this command's, or the name of
 * another command's (which is then said). */
static void unknown_option(const ep_command *c, const char *s, size_t n)
{
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)(n < 63 ? n : 63), s);
    const char *names[64];
    size_t k = 0;
    const ep_opt *groups[] = {c->opts, c->shared, common};
    for (size_t g = 0; g < 3; g++)
        for (const ep_opt *o = groups[g]; o && o->id && k < 63; o++)
            if (!o->hidden) names[k++] = o->name;
    names[k] = NULL;
    const char *best = ep_closest(word, names);
    if (best) {
        ep_cmd_usage_error(c, "unknown option '%s'; did you mean '%s'?", word, best);
        return;
    }
    for (const ep_command *other = ep_commands; other->name; other++) {
        if (other == c) continue;
        const ep_opt *o = find_in(other->opts, word, strlen(word));
        if (!o) o = find_in(other->shared, word, strlen(word));
        if (o) {
            ep_cmd_usage_error(c, "'%s' is an option of 'epistle %s', not of 'epistle %s'", word, other->name, c->name);
            return;
        }
    }
    ep_cmd_usage_error(c, "unknown option '%s'", word);
}

int ep_opts_parse(const ep_command *c, int argc, char **argv, ep_opt_take take, void *ctx, size_t *noperands)
{
    /* Operand k goes to argv[k], which has been read: k is at most the index being read. */
    char **operands = argv;
    *noperands = 0;
    int only_operands = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (only_operands || s[0] != '-' || !s[1]) {
            operands[(*noperands)++] = argv[i];
            continue;
        }
        if (!strcmp(s, "--")) {
            only_operands = 1;
            continue;
        }
        if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            ep_cmd_help(c, stdout);
            return 1;
        }
        const char *eq = s[1] == '-' ? strchr(s, '=') : NULL;
        size_t n = eq ? (size_t)(eq - s) : strlen(s);
        const ep_opt *o = find_in(c->opts, s, n);
        if (!o) o = find_in(c->shared, s, n);
        /* -j4: a short option with its value attached. */
        const char *attached = NULL;
        if (!o && s[1] != '-' && n > 2) {
            o = find_in(c->opts, s, 2);
            if (o && o->arg) attached = s + 2;
            else o = NULL;
        }
        if (!o) {
            unknown_option(c, s, n);
            return -1;
        }
        const char *value = NULL;
        if (o->arg) {
            value = eq ? eq + 1 : attached ? attached : i + 1 < argc ? argv[++i] : NULL;
            if (!value) {
                ep_cmd_usage_error(c, "%s needs a value: %s %s", o->name, o->name, o->arg);
                return -1;
            }
        } else if (eq) {
            ep_cmd_usage_error(c, "%s takes no value", o->name);
            return -1;
        }
        if (take(ctx, o->id, value)) {
            if (!ep_cli_json()) short_usage(c, stderr);
            return -1;
        }
    }
    return 0;
}

/* text from column `at`, wrapped before column 100. */
static void wrapped(FILE *out, const char *text, int at, int col)
{
    const int width = 100;
    for (const char *p = text; *p;) {
        const char *sp = strchr(p, ' ');
        size_t w = sp ? (size_t)(sp - p) : strlen(p);
        if (col > at && col + 1 + (int)w > width) {
            fprintf(out, "\n%*s", at, "");
            col = at;
        } else if (col > at) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, w, out);
        col += (int)w;
        p += w;
        while (*p == ' ') p++;
    }
    fputc('\n', out);
}

static void option_lines(FILE *out, const ep_opt *t)
{
    for (; t && t->id; t++) {
        if (t->hidden) continue;
        char head[64];
        int n = snprintf(head, sizeof head, "  %s%s%s%s%s", t->alias ? t->alias : "", t->alias ? ", " : "", t->name,
                         t->arg ? (strcmp(t->name, "--color") ? " " : "=") : "", t->arg ? t->arg : "");
        fputs(head, out);
        if (n >= 26) {
            fprintf(out, "\n%*s", 26, "");
            n = 26;
        }
        fprintf(out, "%*s", 26 - n, "");
        wrapped(out, t->help, 26, 26);
    }
}

void ep_cmd_help(const ep_command *c, FILE *out)
{
    fprintf(out, "usage: epistle %s %s [OPTIONS]\n\n", c->name, c->operands);
    wrapped(out, c->summary, 0, 0);
    fputs("\nOptions:\n", out);
    option_lines(out, c->opts);
    option_lines(out, c->shared);
    fputs("\nEvery command also takes:\n", out);
    option_lines(out, common);
    fputs("\nExit codes: 0 success, 1 the letter has errors, 2 usage error, 3 system failure.\n"
          "See epistle(1) for more, epistle-letter(5) for the letter format.\n",
          out);
}

/* A command's synopsis with every option, wrapped with its continuation lines indented. */
static void synopsis(const ep_command *c, FILE *out, int first)
{
    char head[160];
    int at = snprintf(head, sizeof head, "%sepistle %s ", first ? "usage: " : "       ", c->name);
    fputs(head, out);
    int col = at;
    const ep_opt *groups[] = {c->opts, c->shared};
    char word[128];
    fputs(c->operands, out);
    col += (int)strlen(c->operands);
    for (size_t g = 0; g < 2; g++)
        for (const ep_opt *o = groups[g]; o && o->id; o++) {
            if (o->hidden) continue;
            int n = o->arg ? snprintf(word, sizeof word, "[%s %s]", o->alias ? o->alias : o->name, o->arg)
                           : snprintf(word, sizeof word, "[%s]", o->alias ? o->alias : o->name);
            if (o->alias) n = snprintf(word, sizeof word, o->arg ? "[%s|%s %s]" : "[%s|%s]", o->alias, o->name,
                                       o->arg ? o->arg : "");
            if (col + 1 + n > 100) {
                fprintf(out, "\n%*s", at + 2, "");
                col = at + 2;
            } else {
                fputc(' ', out);
                col++;
            }
            fputs(word, out);
            col += n;
        }
    fputc('\n', out);
}

void ep_usage(FILE *out)
{
    int first = 1;
    for (const ep_command *c = ep_commands; c->name; c++, first = 0) synopsis(c, out, first);
    fputs("       epistle help [COMMAND] | -V|--version\n\n", out);
    fputs("Every command also takes --json, --color=auto|always|never, -q|--quiet, -v|--verbose and\n"
          "--font-path DIR. '-' reads the letter from standard input or writes the PDF to standard output.\n"
          "Exit codes: 0 success, 1 the letter has errors, 2 usage error, 3 system failure.\n"
          "'epistle help COMMAND' describes a command's options; see epistle(1) and epistle-letter(5).\n",
          out);
}
