/* epistle merge TEMPLATE.md [MORE.md ...] DATA -o PATTERN */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"

/* The options: the library's, and whether to draw the progress bar (-1: on a terminal). */
typedef struct merge_args {
    epistle_merge_options o;
    int progress;
} merge_args;

enum { OPT_OUTPUT = 1, OPT_COMBINE, OPT_FORMAT, OPT_DELIMITER, OPT_REPORT, OPT_STYLE, OPT_JOBS, OPT_SHARD,
       OPT_OVERWRITE, OPT_KEEP_GOING, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_STRICT, OPT_PDFA, OPT_PDFUA };

const ep_opt ep_merge_opts[] = {
    {.id = OPT_OUTPUT, .name = "--output", .alias = "-o", .arg = "PATTERN",
     .help = "The file of each letter, with the record's fields in it: 'out/{{id}}.pdf'. Folders are made as "
             "needed."},
    {.id = OPT_COMBINE, .name = "--combine", .arg = "ALL.pdf",
     .help = "Instead, one PDF of every letter, each starting on a new sheet."},
    {.id = OPT_JOBS, .name = "--jobs", .alias = "-j", .arg = "N",
     .help = "Render with N threads (default: one per core)."},
    {.id = OPT_SHARD, .name = "--shard", .arg = "K/N",
     .help = "Render only every N-th record from the K-th, to share a batch among machines."},
    {.id = OPT_REPORT, .name = "--report", .arg = "R.json",
     .help = "Write a report: each record's file, pages, size and messages."},
    {.id = OPT_OVERWRITE, .name = "--overwrite",
     .help = "Allow several records to name the same output file (the last wins)."},
    {.id = OPT_KEEP_GOING, .name = "--keep-going",
     .help = "With --combine: write the letters that succeeded, with a first page listing the records that failed."},
    {.id = OPT_PROGRESS, .name = "--progress",
     .help = "Show a progress bar even when standard error is not a terminal."},
    {.id = OPT_NO_PROGRESS, .name = "--no-progress", .help = "Never show a progress bar."},
    {.id = OPT_FORMAT, .name = "--format", .arg = "FORMAT",
     .help = "Read the data as csv, json or jsonl (default: from its extension)."},
    {.id = OPT_DELIMITER, .name = "--delimiter", .arg = "CHAR",
     .help = "The CSV's separator: ',', ';', 'tab' or '|' (default: found from the header line)."},
    {.id = OPT_STYLE, .name = "--style", .arg = "STYLE",
     .help = "Set every letter in STYLE (a built-in style or a style file)."},
    {.id = OPT_STRICT, .name = "--strict",
     .help = "Treat every warning as an error: a record with one is not written."},
    {.id = OPT_PDFA, .name = "--pdfa", .help = "Write PDF/A-2b."},
    {.id = OPT_PDFUA, .name = "--pdfua", .help = "Declare PDF/UA-1."},
    {0},
};

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

/* Records done, rate, time left, failures: redrawn in place on standard error. */
static void progress_bar(const epistle_merge_progress *p, void *user)
{
    (void)user;
    double rate = p->seconds > 0 ? (double)p->done / p->seconds : 0;
    double eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    int width = 30, fill = p->total ? (int)((double)width * (double)p->done / (double)p->total) : width;
    char bar[64];
    for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
    bar[width] = 0;
    fprintf(stderr, "\r[%s] %zu/%zu  %.0f/s  ETA %.0fs  %zu failed%s", bar, p->done, p->total, rate, eta, p->failed,
            p->final ? "\n" : "  ");
    fflush(stderr);
}

static int take(void *ctx, int id, const char *v)
{
    merge_args *a = ctx;
    epistle_merge_options *o = &a->o;
    switch (id) {
    case OPT_OUTPUT: o->output = v; break;
    case OPT_COMBINE: o->combine = v; break;
    case OPT_FORMAT: o->format = v; break;
    case OPT_DELIMITER: o->delimiter = v; break;
    case OPT_REPORT: o->report = v; break;
    case OPT_STYLE: o->style = v; break;
    case OPT_OVERWRITE: o->overwrite = 1; break;
    case OPT_KEEP_GOING: o->keep_going = 1; break;
    case OPT_PROGRESS: a->progress = 1; break;
    case OPT_NO_PROGRESS: a->progress = 0; break;
    case OPT_STRICT: o->strict = 1; break;
    case OPT_PDFA: o->pdfa = 1; break;
    case OPT_PDFUA: o->pdfua = 1; break;
    case OPT_JOBS: {
        char *end;
        long j = strtol(v, &end, 10);
        if (*end || j < 1 || j > 1024) {
            ep_cli_usage_error("-j takes a number of threads from 1 to 1024, not '%s'", v);
            return -1;
        }
        o->jobs = (int)j;
        break;
    }
    case OPT_SHARD: {
        int k, n;
        char tail;
        if (sscanf(v, "%d/%d%c", &k, &n, &tail) != 2 || n < 1 || k < 1 || k > n) {
            ep_cli_usage_error("--shard takes K/N with 1 <= K <= N, not '%s'", v);
            return -1;
        }
        o->shard_k = k;
        o->shard_n = n;
        break;
    }
    }
    return 0;
}

int ep_cmd_merge(int argc, char **argv)
{
    const ep_command *c = ep_command_named("merge");
    merge_args a;
    memset(&a, 0, sizeof a);
    epistle_merge_options *o = &a.o;
    o->stop = &stop_signal;
    a.progress = ep_cli_json() ? 0 : -1;   /* JSON lines and a progress bar do not mix */
    o->diag = ep_cli_diag;
    epistle_merge_summary sum;
    memset(&sum, 0, sizeof sum);
    o->summary = &sum;
    o->list_files = ep_cli_verbosity() > 0;
    size_t nfiles;
    int r = ep_opts_parse(c, argc, argv, take, &a, &nfiles);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    const char **files = (const char **)argv;
    if (nfiles < 2) return ep_cmd_usage_error(c, "merge needs a template and a data file");
    if (!o->output == !o->combine)
        return ep_cmd_usage_error(c, "give an output pattern (-o 'out/{{id}}.pdf') or --combine FILE.pdf");
    if (ep_output_not_pdf(c, o->output ? o->output : o->combine)) return EPISTLE_EUSAGE;
    if (a.progress > 0 || (a.progress < 0 && isatty(2))) o->progress = progress_bar;
    catch_stops();
    epistle_engine *e;
    int st = ep_cli_engine(&e);
    if (st) return st;
    st = epistle_merge(e, files, nfiles - 1, files[nfiles - 1], o);
    epistle_engine_free(e);
    /* One line at the end, terminal or not: a log of a nightly batch says how it went. */
    if (sum.records && ep_cli_verbosity() >= 0 && !ep_cli_json()) {
        double rate = sum.seconds > 0 ? (double)sum.written / sum.seconds : 0;
        char more[64] = "", data[48] = "";
        if (sum.not_reached) snprintf(more, sizeof more, ", %zu not reached", sum.not_reached);
        if (sum.delimiter[0] && strcmp(sum.delimiter, "','"))
            snprintf(data, sizeof data, " (CSV separated by %s)", sum.delimiter);
        fprintf(stderr, "epistle: merge: %zu written, %zu failed%s in %.2f s, %.0f letters/s%s%s%s\n", sum.written,
                sum.failed, more, sum.seconds, rate, data, o->combine && !st ? "; wrote " : "",
                o->combine && !st ? o->combine : "");
    }
    return st == EPISTLE_ESTOPPED ? 128 + (int)stop_signal : st;
}
