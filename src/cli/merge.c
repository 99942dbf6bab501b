/* epistle merge TEMPLATE.md [MORE.md ...] DATA -o PATTERN */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int usage_error(const char *msg, const char *arg)
{
    ep_cli_usage_error("%s%s%s", msg, arg ? " " : "", arg ? arg : "");
    ep_usage_hint("merge");
    return EPISTLE_EUSAGE;
}

/* Ctrl-C or a TERM stops a merge cleanly: the letters being written are finished, so that
 * no temporary file is left and every PDF in the folder is whole, and the report says which
 * records were not reached. A second signal is not needed and changes nothing. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig) { stop_signal = sig; }

static void catch_stops(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int ep_cmd_merge(int argc, char **argv)
{
    epistle_merge_options o;
    memset(&o, 0, sizeof o);
    o.stop = &stop_signal;
    catch_stops();
    o.progress = ep_cli_json() ? 0 : -1;   /* JSON lines and a progress bar do not mix */
    o.diag = ep_cli_diag;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDS_VALUE                                                    \
    if (!next) { free(files); return usage_error("missing value for", s); } \
    i++
        if (!strcmp(s, "-o") || !strcmp(s, "--output")) { NEEDS_VALUE; o.output = next; }
        else if (!strcmp(s, "--combine")) { NEEDS_VALUE; o.combine = next; }
        else if (!strcmp(s, "--format")) { NEEDS_VALUE; o.format = next; }
        else if (!strcmp(s, "--report")) { NEEDS_VALUE; o.report = next; }
        else if (!strcmp(s, "--style")) { NEEDS_VALUE; o.style = next; }
        else if (!strcmp(s, "-j") || !strcmp(s, "--jobs")) {
            NEEDS_VALUE;
            char *end;
            long j = strtol(next, &end, 10);
            if (*end || j < 1 || j > 1024) { free(files); return usage_error("-j takes a number of threads, got", next); }
            o.jobs = (int)j;
        } else if (!strcmp(s, "--shard")) {
            NEEDS_VALUE;
            int k, n;
            char tail;
            if (sscanf(next, "%d/%d%c", &k, &n, &tail) != 2 || n < 1 || k < 1 || k > n) {
                free(files);
                return usage_error("--shard takes K/N with 1 <= K <= N, got", next);
            }
            o.shard_k = k;
            o.shard_n = n;
        } else if (!strcmp(s, "--overwrite")) o.overwrite = 1;
        else if (!strcmp(s, "--keep-going")) o.keep_going = 1;
        else if (!strcmp(s, "--progress")) o.progress = 1;
        else if (!strcmp(s, "--no-progress")) o.progress = 0;
        else if (!strcmp(s, "--strict")) o.strict = 1;
        else if (!strcmp(s, "--pdfa")) o.pdfa = 1;
        else if (!strcmp(s, "--pdfua")) o.pdfua = 1;
        else if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            ep_command_usage("merge", stdout);
            free(files);
            exit(0);
        } else if (s[0] == '-' && s[1]) { free(files); return usage_error("unknown option", s); }
        else files[nfiles++] = s;
#undef NEEDS_VALUE
    }
    if (nfiles < 2) { free(files); return usage_error("merge needs a template and a data file", NULL); }
    if (!o.output == !o.combine) { free(files); return usage_error("give an output pattern (-o) or --combine FILE.pdf", NULL); }
    epistle_engine *e = ep_cli_engine();
    if (!e) { free(files); return EPISTLE_ESYSTEM; }
    int st = epistle_merge(e, files, nfiles - 1, files[nfiles - 1], &o);
    epistle_engine_free(e);
    free(files);
    return st == EPISTLE_ESTOPPED ? 128 + (int)stop_signal : st;
}
