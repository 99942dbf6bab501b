/* epistle watch LETTER.md [MORE.md ...] [-o OUT.pdf]: a live preview. The letter is rendered,
 * then rendered again each time one of the files it reads is saved (its parts, its style
 * files, its images). The PDF is replaced by a rename, so a viewer that watches it reloads
 * a whole file; a build that fails leaves the last good PDF where it is. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/alloc.h"

const ep_opt ep_watch_opts[] = {
    {.id = EP_OPT_OUTPUT, .name = "--output", .alias = "-o", .arg = "FILE.pdf",
     .help = "Where to write the PDF (default: the first letter's name with .pdf, beside it)."},
    {.id = EP_OPT_STYLE, .name = "--style", .arg = "STYLE", .help = "Set every part in STYLE."},
    {.id = EP_OPT_STRICT, .name = "--strict", .help = "Treat every warning as an error: such a build keeps the last PDF."},
    {.id = EP_OPT_PDFA, .name = "--pdfa", .help = "Write PDF/A-2b."},
    {.id = EP_OPT_PDFUA, .name = "--pdfua", .help = "Declare PDF/UA-1."},
    {0},
};

static volatile sig_atomic_t stop;

static void on_stop(int sig) { stop = sig; }

/* The files a build read, and the folders they are in: a folder is watched rather than the
 * file, because editors save by writing a new file and renaming it over the old. */
enum { EP_WATCH_MAX = 256 };

typedef struct deps {
    char *path[EP_WATCH_MAX];
    int image[EP_WATCH_MAX];   /* an image: the engine's decoded copy must be dropped */
    size_t n;
} deps;

static void add_dep(const char *path, void *user)
{
    deps *d = user;
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->path[i], path)) return;
    if (d->n == EP_WATCH_MAX) return;
    const char *dot = strrchr(path, '.');
    d->image[d->n] = dot && (!strcmp(dot, ".png") || !strcmp(dot, ".jpg") || !strcmp(dot, ".jpeg"));
    d->path[d->n++] = ep_xstrdup(path);
}

static void deps_free(deps *d)
{
    for (size_t i = 0; i < d->n; i++) free(d->path[i]);
    d->n = 0;
}

static void quiet(const epistle_diagnostic *dg, void *user) { (void)dg, (void)user; }

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int build(epistle_engine *e, const char **inputs, size_t n, const ep_render_args *a)
{
    double t0 = seconds();
    epistle_options o = {.diag = ep_cli_diag, .strict = a->strict, .pdfa = a->pdfa, .pdfua = a->pdfua, .style = a->style};
    int st = epistle_render_files(e, inputs, n, a->output, &o);
    long ms = (long)((seconds() - t0) * 1000 + 0.5);
    if (ep_cli_verbosity() >= 0 && !ep_cli_json()) {
        if (!st) {
            ep_cli_wrote(a->output, NULL);
            fprintf(stderr, "epistle: watch: built in %ld ms; waiting for changes (Ctrl-C ends)\n", ms);
        } else if (!access(a->output, F_OK)) {
            fprintf(stderr, "epistle: watch: the build failed; %s is still the last good PDF\n", a->output);
        } else {
            fprintf(stderr, "epistle: watch: the build failed; no PDF yet, waiting for changes\n");
        }
    }
    return st;
}

/* The directory part of path ("." for a bare name). */
static void dir_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(out, size, ".");
    else if (slash == path) snprintf(out, size, "/");
    else snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* Watches the folders of the files in d; -1 (after saying why) when nothing can be watched. */
static int watch_folders(int fd, const deps *d, int *wd, char dirs[][PATH_MAX])
{
    int any = 0;
    for (size_t i = 0; i < d->n; i++) {
        dir_of(d->path[i], dirs[i], PATH_MAX);
        wd[i] = inotify_add_watch(fd, dirs[i], IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB);
        any |= wd[i] >= 0;
    }
    if (!any) ep_cli_usage_error("cannot watch the letter's folder: %s", strerror(errno));
    return any ? 0 : -1;
}

/* Which of d the event is about: its index, or -1. */
static long dep_of(const deps *d, const int *wd, const struct inotify_event *ev)
{
    if (!ev->len) return -1;
    for (size_t i = 0; i < d->n; i++) {
        if (wd[i] != ev->wd) continue;
        const char *base = strrchr(d->path[i], '/');
        base = base ? base + 1 : d->path[i];
        if (!strcmp(base, ev->name)) return (long)i;
    }
    return -1;
}

int ep_cmd_watch(int argc, char **argv)
{
    const ep_command *c = ep_command_named("watch");
    ep_render_args a = {0};
    size_t n;
    int r = ep_opts_parse(c, argc, argv, ep_render_take, &a, &n);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    const char **inputs = (const char **)argv;
    if (!n || !strcmp(inputs[0], "-"))
        return ep_cmd_usage_error(c, n ? "a letter read from standard input cannot be watched" : "no letter given");
    if (a.output && !strcmp(a.output, "-")) return ep_cmd_usage_error(c, "watch writes a file: -o FILE.pdf");
    if (a.output && ep_output_not_pdf(c, a.output)) return EPISTLE_EUSAGE;
    char *made = NULL;
    if (!a.output && !(a.output = made = ep_cli_default_output(inputs[0]))) return EPISTLE_ESYSTEM;
    int st = EPISTLE_ESYSTEM;
    epistle_engine *e = NULL;
    deps d = {0};
    int fd = -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;   /* a write in progress finishes; poll() returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if ((st = ep_cli_engine(&e))) goto done;
    st = EPISTLE_ESYSTEM;
    epistle_options deps_opts = {.diag = quiet, .style = a.style};
    /* One inotify descriptor for the whole session, the folders watched before each build:
     * a save made while a build runs (or just after) is queued, never lost. */
    fd = inotify_init1(IN_CLOEXEC);
    if (fd < 0) {
        ep_cli_usage_error("cannot watch files: %s", strerror(errno));
        goto done;
    }
    static int wd[EP_WATCH_MAX];
    static char dirs[EP_WATCH_MAX][PATH_MAX];
    int images_changed = 0;
    while (!stop) {
        if (images_changed) {
            /* The engine keeps decoded images by name: a changed one is read afresh. */
            epistle_engine_free(e);
            if (ep_cli_engine(&e)) goto done;
        }
        deps_free(&d);
        epistle_letter_files(inputs, n, &deps_opts, add_dep, &d);
        if (watch_folders(fd, &d, wd, dirs)) goto done;
        build(e, inputs, n, &a);
        /* Wait for a change to one of the files, then for the saves that come with it (an
         * editor's backup, a second file saved at once) to settle. */
        images_changed = 0;
        int changed = 0;
        while (!stop) {
            struct pollfd p = {fd, POLLIN, 0};
            int k = poll(&p, 1, changed ? 40 : -1);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) break;
            char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
            ssize_t len = read(fd, buf, sizeof buf);
            for (char *q = buf; len > 0 && q < buf + len;) {
                const struct inotify_event *ev = (const struct inotify_event *)q;
                long i = dep_of(&d, wd, ev);
                if (i >= 0) {
                    changed = 1;
                    images_changed |= d.image[i];
                }
                q += sizeof *ev + ev->len;
            }
        }
    }
    st = 0;
    if (ep_cli_verbosity() >= 0 && !ep_cli_json()) fputs("epistle: watch: stopped\n", stderr);
done:
    if (fd >= 0) close(fd);
    deps_free(&d);
    epistle_engine_free(e);
    free(made);
    return st;
}
