/* How the tool shows diagnostics: "file:line:col: error: message" for people, coloured only
 * on a terminal and never under NO_COLOR (https://no-color.org), or one JSON object per line
 * for scripts (--json). Usage errors found by the tool itself go the same way, so that a
 * script reading JSON never has to parse a stray line of text. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "diag.h"
#include "util/alloc.h"

static int json_mode;
static int verbosity;        /* -1 quiet, 0, 1 verbose */
static const char *font_dirs[16];
static size_t nfont_dirs;
static int colour;    /* decided once, before any thread runs */
static int terminal;  /* standard error is a terminal: a progress bar may be on the line */
static int dumb;      /* TERM=dumb: no escape sequences at all */

int ep_cli_json(void)
{
    return json_mode;
}

int ep_cli_verbosity(void)
{
    return verbosity;
}

static int colour_wanted(const char *when)
{
    if (!strcmp(when, "always")) return 1;
    if (!strcmp(when, "never")) return 0;
    const char *no = getenv("NO_COLOR");
    if (no && *no) return 0;
    return terminal && !dumb;
}

int ep_cli_messages_init(int *argc, char **argv)
{
    const char *when = "auto";
    int n = 1;
    int after_dashes = 0;
    terminal = isatty(2);
    const char *term = getenv("TERM");
    dumb = term && !strcmp(term, "dumb");
    for (int i = 1; i < *argc; i++) {
        const char *s = argv[i];
        if (after_dashes) {
            argv[n++] = argv[i];
            continue;
        }
        if (!strcmp(s, "--")) after_dashes = 1;
        if (!strcmp(s, "--json")) json_mode = 1;
        else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) verbosity = -1;
        else if (!strcmp(s, "-v") || !strcmp(s, "--verbose")) verbosity = 1;
        else if (!strncmp(s, "--font-path=", 12) || !strcmp(s, "--font-path")) {
            const char *dir = s[11] == '=' ? s + 12 : i + 1 < *argc ? argv[++i] : NULL;
            if (!dir || !*dir || nfont_dirs == sizeof font_dirs / sizeof *font_dirs) {
                *argc = n;
                ep_cli_usage_error(dir ? "at most 16 --font-path folders" : "--font-path needs a folder: --font-path DIR");
                return -1;
            }
            font_dirs[nfont_dirs++] = dir;
        } else if (!strncmp(s, "--color=", 8) || !strncmp(s, "--colour=", 9)) when = strchr(s, '=') + 1;
        else if ((!strcmp(s, "--color") || !strcmp(s, "--colour")) && i + 1 < *argc) when = argv[++i];
        else {
            argv[n++] = argv[i];
            continue;
        }
        if (strcmp(when, "auto") && strcmp(when, "always") && strcmp(when, "never")) {
            *argc = n;
            ep_cli_usage_error("--color takes auto, always or never, not '%s'", when);
            return -1;
        }
    }
    argv[n] = NULL;
    *argc = n;
    colour = !json_mode && colour_wanted(when);
    return 0;
}

/* A JSON string of s; bytes that are not UTF-8 (a file name can be anything) become '?'. */
static json_t *json_text(const char *s)
{
    json_t *j = json_string(s);
    if (j) return j;
    char *copy = ep_xstrdup(s);
    for (char *p = copy; *p; p++)
        if ((unsigned char)*p >= 0x80) *p = '?';
    j = json_string(copy);
    free(copy);
    return j;
}

static void print_json(const epistle_diagnostic *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", d->file ? json_text(d->file) : json_null());
    json_object_set_new(o, "line", d->line > 0 ? json_integer(d->line) : json_null());
    json_object_set_new(o, "column", d->line > 0 && d->column > 0 ? json_integer(d->column) : json_null());
    json_object_set_new(o, "severity", json_string(d->severity == EPISTLE_ERROR  ? "error"
                                                   : d->severity == EPISTLE_NOTE ? "note"
                                                                                 : "warning"));
    json_object_set_new(o, "code", json_string(d->code ? d->code : "internal"));
    json_object_set_new(o, "message", json_text(d->message));
    json_object_set_new(o, "hint", d->hint ? json_text(d->hint) : json_null());
    json_object_set_new(o, "end_line", d->line > 0 && d->end_column > 0 ? json_integer(d->line) : json_null());
    json_object_set_new(o, "end_column", d->line > 0 && d->end_column > 0 ? json_integer(d->end_column) : json_null());
    json_object_set_new(o, "source", d->source ? json_text(d->source) : json_null());
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!text) return;
    size_t len = strlen(text);
    char *line = ep_xreallocarray(text, len + 2, 1);
    memcpy(line + len, "\n", 2);
    fputs(line, stderr);   /* one call: lines from merge's threads never interleave */
    free(line);
}

static void print_text(const epistle_diagnostic *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) return;
    /* On a terminal the line may hold merge's progress bar: clear it first. */
    if (terminal && !dumb) fputs("\r\033[K", mem);
    epistle_write_diagnostic(d, mem, colour ? EPISTLE_PRINT_COLOUR : 0);
    fclose(mem);
    if (text) fputs(text, stderr);   /* one call: lines from merge's threads never interleave */
    free(text);
}

void ep_cli_diag(const epistle_diagnostic *d, void *user)
{
    (void)user;
    if (json_mode) print_json(d);
    else print_text(d);
}

void ep_cli_usage_error(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    epistle_diagnostic d = {EPISTLE_ERROR, NULL, 0, 0, msg, "usage", NULL, 0, NULL, 0, 0};
    ep_cli_diag(&d, NULL);
}

int ep_cli_engine(epistle_engine **out)
{
    epistle_engine *e = *out = epistle_engine_new();
    if (!e) {
        epistle_diagnostic d = {EPISTLE_ERROR, NULL, 0, 0, "cannot initialise fontconfig", "internal", NULL, 0, NULL, 0, 0};
        ep_cli_diag(&d, NULL);
        return EPISTLE_ESYSTEM;
    }
    for (size_t i = 0; i < nfont_dirs; i++) {
        epistle_options o = {.diag = ep_cli_diag};
        int st = epistle_engine_add_fonts(e, font_dirs[i], &o);
        if (st) {
            epistle_engine_free(e);
            *out = NULL;
            return st;
        }
    }
    return 0;
}

void ep_cli_wrote(const char *path, const char *field)
{
    if (verbosity < 0 || json_mode || !strcmp(path, "-")) return;
    struct stat st;
    char size[32] = "";
    if (!stat(path, &st)) {
        if (st.st_size >= 10240) snprintf(size, sizeof size, ", %lld KB", (long long)(st.st_size + 512) / 1024);
        else snprintf(size, sizeof size, ", %lld bytes", (long long)st.st_size);
    }
    char file[1024];
    ep_escape_controls(file, sizeof file, path);
    if (field) fprintf(stderr, "epistle: wrote %s (signed in field '%s'%s)\n", file, field, size);
    else fprintf(stderr, "epistle: wrote %s (%s)\n", file, size[0] ? size + 2 : "empty");
}

int ep_output_not_pdf(const ep_command *c, const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash) || dot == path || (slash && dot == slash + 1) || !strcasecmp(dot, ".pdf"))
        return 0;
    /* (.md is the likeliest: the letter given where the output goes, which would be lost.) */
    ep_cmd_usage_error(c, "the output '%s' is not named .pdf%s", path,
                       !strcasecmp(dot, ".md") ? ": is it the letter, given where the PDF goes?" : "");
    return -1;
}
