/* The batch runner behind epistle merge: the template is parsed once, the data read once,
 * output names checked before anything is written, then worker threads take records in
 * turn, each with its own text state and a fresh arena per letter, over the engine's shared
 * fonts. A record that fails is reported and the others go on. */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "letter/template.h"
#include "merge/data.h"
#include "merge/names.h"
#include "text/memo.h"
#include "util/alloc.h"
#include "util/output.h"

typedef struct result {
    int status;                /* epistle_status */
    int reached;               /* rendered, or tried (a stop leaves the rest unreached) */
    const char *output;
    long pages;
    size_t bytes;
    int warnings;
    char *messages;            /* the record's diagnostics, one per line (malloc'd) */
    size_t mlen;
    /* --combine keeps each letter's display list and its arena until the end. */
    ep_arena *arena;
    ep_dlist dl;
    ep_pdfinfo info;           /* its title, authors and language */
    const char *key;           /* the output name as folding file systems see it */
} result;

typedef struct batch {
    epistle_engine *e;
    const epistle_merge_options *o;
    const ep_letter *tmpl;
    const ep_source *sources;  /* the template's lines, for the records' diagnostics */
    ep_dataset *data;
    size_t *todo;              /* indexes into data of the records of this shard */
    size_t ntodo;
    result *res;
    size_t next, done, failed; /* shared counters, under lock */
    int closed;                /* stopped: no record is taken any more */
    pthread_mutex_t lock;
    int system_error;
    ep_subsetcache *bases;     /* the font programs every letter shares; NULL: none */
} batch;

typedef struct recdiag {
    batch *b;
    result *r;
    long number;
    int strict;
} recdiag;

/* A record's messages: "file:line:col: error: record N: message", kept for the report and
 * printed whole, so that lines from different threads never interleave. */
static void record_diag(const epistle_diagnostic *dg, void *user)
{
    recdiag *rd = user;
    epistle_diagnostic copy = *dg;
    if (rd->strict && copy.severity == EPISTLE_WARNING) copy.severity = EPISTLE_ERROR;
    char msg[1200];
    snprintf(msg, sizeof msg, "record %ld: %s", rd->number, dg->message);
    copy.message = msg;
    char *line = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&line, &len);
    if (mem) {
        epistle_write_diagnostic(&copy, mem, EPISTLE_PRINT_BRIEF);
        fclose(mem);
    }
    if (!line) return;
    result *r = rd->r;
    r->messages = ep_xreallocarray(r->messages, r->mlen + len + 1, 1);
    memcpy(r->messages + r->mlen, line, len + 1);
    r->mlen += len;
    if (rd->b->o->diag) rd->b->o->diag(&copy, rd->b->o->diag_user);
    else {
        pthread_mutex_lock(&rd->b->lock);
        fputs(line, stderr);
        pthread_mutex_unlock(&rd->b->lock);
    }
    free(line);
}

typedef struct workerstate {
    ep_textctx tx;
    ep_arena arena;            /* reused for every letter */
    ep_pathset images;         /* images already checked */
    char lastdir[512];         /* the last output folder made */
} workerstate;

static void render_one(batch *b, workerstate *w, size_t k)
{
    const ep_record *rec = &b->data->v[b->todo[k]];
    result *r = &b->res[k];
    recdiag rd = {b, r, rec->number, b->o->strict};
    ep_diag d;
    ep_diag_init(&d, record_diag, &rd);
    d.sources = b->sources;
    /* Combined letters keep their memory until the end; the others reuse the worker's. */
    ep_arena *arena = &w->arena;
    if (b->o->combine) {
        arena = ep_xmalloc(sizeof *arena);
        ep_arena_init(arena);
    }
    ep_letter letter = {arena, NULL, 0, 0};
    ep_buf pdf;
    ep_buf_init(&pdf);
    ep_dlist dl;
    memset(&dl, 0, sizeof dl);
    r->status = EPISTLE_EINPUT;
    if (r->output || b->o->combine) {
        if (!ep_template_apply(b->tmpl, &rec->fields, &letter, &d)) {
            ep_render_flags flags = {.strict = b->o->strict, .pdfa = b->o->pdfa, .pdfua = b->o->pdfua, .bases = b->bases};
            r->status = ep_render_letter(b->e, &w->tx, &letter, &d, flags, &w->images, &dl, &r->info,
                                         b->o->combine ? NULL : &pdf);
            r->pages = (long)dl.npages;
        }
    }
    if (!r->status && !b->o->combine) {
        /* Folders are made once: most letters go where the one before went. */
        const char *slash = strrchr(r->output, '/');
        size_t dl_ = slash ? (size_t)(slash - r->output) : 0;
        int err = 0;
        if (dl_ && !(dl_ < sizeof w->lastdir && !strncmp(w->lastdir, r->output, dl_) && !w->lastdir[dl_])) {
            err = ep_make_folders_for(r->output, 0777);
            if (!err && dl_ < sizeof w->lastdir) {
                memcpy(w->lastdir, r->output, dl_);
                w->lastdir[dl_] = 0;
            }
        }
        if (!err) err = ep_write_atomic(r->output, pdf.data, pdf.len, 0);
        if (err) {
            ep_error(&d, ep_pos_make(r->output, 0, 0), EP_C_IO, "cannot write: %s", strerror(err));
            r->status = EPISTLE_ESYSTEM;
        }
        else if (b->o->list_files)
            ep_note(&d, ep_pos_make(r->output, 0, 0), EP_C_WROTE, "wrote %zu page%s, %zu bytes", dl.npages,
                    dl.npages == 1 ? "" : "s", pdf.len);
        r->bytes = pdf.len;
    }
    r->warnings = d.warnings;
    ep_buf_free(&pdf);
    if (b->o->combine && !r->status) {
        r->arena = arena;
        r->dl = dl;
    } else if (b->o->combine) {
        ep_arena_free(arena);
        free(arena);
    } else {
        ep_arena_reset(arena, 16u << 20);
    }
}

/* The font programs every letter shares (see ep_batch_fonts): from the template with its
 * fields empty or, if that cannot be set (an image named by a field), with the data's first
 * record, so that a letter's bytes depend on the data file, not on the thread or the shard
 * that made it. */
static ep_subsetcache *shared_fonts(batch *b)
{
    if (!b->data->n) return NULL;
    const ep_fields *first = &b->data->v[0].fields;
    const char **empty = ep_xcalloc(first->n + 1, sizeof *empty);
    for (size_t i = 0; i < first->n; i++) empty[i] = "";
    ep_fields blank = {first->keys, empty, first->n};
    const ep_fields *tries[] = {&blank, first};
    ep_subsetcache *bases = ep_batch_fonts(b->e, b->tmpl, tries, 2, b->o->pdfa, b->o->pdfua);
    free(empty);
    return bases;
}

static int stopped(const batch *b) { return b->o->stop && *b->o->stop; }

static void *worker(void *arg)
{
    batch *b = arg;
    workerstate *w = ep_xcalloc(1, sizeof *w);
    ep_diag none;
    ep_diag_init(&none, NULL, NULL);
    ep_textctx_init(&w->tx, b->e->fonts, b->e->hyph, NULL, &none);
    /* Combined letters are drawn after the workers end, from display lists that point into
     * the text they were set from: they cannot share a memo that goes with its thread. */
    w->tx.memo = b->o->combine ? NULL : ep_memo_new(32u << 20);
    ep_arena_init(&w->arena);
    for (;;) {
        pthread_mutex_lock(&b->lock);
        if (stopped(b)) b->closed = 1;
        size_t k = b->next < b->ntodo && !b->closed ? b->next++ : SIZE_MAX;
        pthread_mutex_unlock(&b->lock);
        if (k == SIZE_MAX) break;
        ep_memo_checkpoint(w->tx.memo);
        render_one(b, w, k);
        pthread_mutex_lock(&b->lock);
        b->res[k].reached = 1;
        b->done++;
        if (b->res[k].status) b->failed++;
        if (b->res[k].status == EPISTLE_ESYSTEM) b->system_error = 1;
        pthread_mutex_unlock(&b->lock);
    }
    ep_textctx_done(&w->tx);
    ep_memo_free(w->tx.memo);
    ep_arena_free(&w->arena);
    ep_pathset_free(&w->images);
    free(w);
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_report(batch *b, const char *path)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < b->ntodo; k++) {
        const result *r = &b->res[k];
        json_t *o = json_object();
        json_object_set_new(o, "record", json_integer(b->data->v[b->todo[k]].number));
        json_object_set_new(o, "status", json_string(!r->reached && !r->status ? "not reached" : r->status ? "error" : "ok"));
        json_object_set_new(o, "output", r->output ? json_string(r->output) : json_null());
        json_object_set_new(o, "pages", json_integer(r->pages));
        json_object_set_new(o, "bytes", json_integer((json_int_t)r->bytes));
        json_object_set_new(o, "warnings", json_integer(r->warnings));
        json_t *msgs = json_array();
        for (const char *p = r->messages; p && *p;) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            json_array_append_new(msgs, json_stringn(p, n));
            p = e ? e + 1 : p + n;
        }
        json_object_set_new(o, "messages", msgs);
        json_array_append_new(arr, o);
    }
    char *text = json_dumps(arr, JSON_INDENT(2));
    json_decref(arr);
    if (!text) return ENOMEM;
    size_t n = strlen(text);
    text[n] = '\n';
    int err = ep_write_atomic(path, text, n + 1, 1);
    free(text);
    return err;
}

/* --keep-going: the combined PDF's first page says which letters it lacks, so that nobody
 * sends it as complete. It is a letter like the others, set by the same pipeline. */
static int missing_notice(batch *b, ep_arena *arena, ep_diag *d, ep_dlist *dl)
{
    ep_buf md;
    ep_buf_init(&md);
    ep_buf_printf(&md, "---\nlang: en\nsubject: \"Incomplete: %zu of %zu letters are missing\"\n---\n\n"
                       "This PDF was to hold %zu letters. These records failed, and their letters are not in it: ",
                  b->failed, b->ntodo, b->ntodo);
    size_t listed = 0;
    for (size_t k = 0; k < b->ntodo; k++)
        if (b->res[k].status)
            ep_buf_printf(&md, "%s%ld", listed++ ? ", " : "", b->data->v[b->todo[k]].number);
    ep_buf_puts(&md, ".\n\nThe messages of each are in the report (`--report`) or were printed by the merge.\n");
    ep_letter l = {arena, NULL, 0, 0};
    ep_textctx tx;
    ep_textctx_init(&tx, b->e->fonts, b->e->hyph, arena, d);
    ep_pdfinfo info;
    ep_render_flags flags = {.pdfa = b->o->pdfa, .pdfua = b->o->pdfua};
    int st = ep_letter_read(&l, d, "<missing letters>", md.data, md.len) ? EPISTLE_EINPUT
           : ep_render_letter(b->e, &tx, &l, d, flags, NULL, dl, &info, NULL);
    ep_textctx_done(&tx);
    ep_buf_free(&md);
    return st;
}

static int combine(batch *b, ep_arena *arena, ep_diag *d)
{
    ep_combined *letters = ep_arena_alloc(arena, sizeof *letters * (b->ntodo + 1));
    size_t n = 0;
    ep_dlist notice;
    memset(&notice, 0, sizeof notice);
    if (b->failed) {
        if (missing_notice(b, arena, d, &notice)) return EPISTLE_EINPUT;
        letters[n++] = (ep_combined){&notice, NULL, "en", "Missing letters"};
    }
    for (size_t k = 0; k < b->ntodo; k++) {
        const result *r = &b->res[k];
        if (r->status) continue;
        const char *title = r->info.recipient ? r->info.recipient : r->info.title ? r->info.title : "Letter";
        letters[n++] = (ep_combined){&r->dl, &r->info, r->info.lang,
                                     ep_arena_printf(arena, "%ld. %s", b->data->v[b->todo[k]].number, title)};
    }
    ep_buf pdf;
    ep_buf_init(&pdf);
    int st = ep_combine_letters(b->e, letters, n, b->o->pdfa, b->o->pdfua, b->o->combine, d, &pdf);
    if (!st) {
        int err = ep_write_atomic(b->o->combine, pdf.data, pdf.len, 1);
        if (err) {
            ep_error(d, ep_pos_make(b->o->combine, 0, 0), EP_C_IO, "cannot write: %s", strerror(err));
            st = EPISTLE_ESYSTEM;
        }
    }
    ep_buf_free(&pdf);
    return st;
}

static int cmp_names(const void *x, const void *y)
{
    const result *const *a = x, *const *b = y;
    int c = strcmp((*a)->key, (*b)->key);
    return c ? c : ((*a) < (*b) ? -1 : 1);
}

/* Whether writing out would destroy the template, one of its parts or the data (reported). */
static int overwrites_input(ep_diag *d, const char *out, const char *const *templates, size_t ntemplates,
                            const char *data_path)
{
    long same = ep_output_is_input(out, templates, ntemplates);
    const char *input = same >= 0 ? templates[same] : ep_output_is_input(out, &data_path, 1) >= 0 ? data_path : NULL;
    if (input)
        ep_error(d, ep_pos_make(out, 0, 0), EP_C_USAGE, "the output would overwrite the input '%s'", input);
    return input != NULL;
}

typedef struct columns_check {
    const ep_dataset *data;
    ep_diag *d;
    const char *seen[64];
    size_t nseen;
    int failed;
} columns_check;

static void need_column(const char *name, size_t len, void *u)
{
    columns_check *c = u;
    if (!len) return;   /* '{{}}' names nothing: said where it is, for each record */
    for (size_t i = 0; i < c->data->ncolumns; i++)
        if (strlen(c->data->columns[i]) == len && !memcmp(c->data->columns[i], name, len)) return;
    for (size_t i = 0; i < c->nseen; i++)
        if (strlen(c->seen[i]) == len && !memcmp(c->seen[i], name, len)) return;
    char have[600];
    size_t n = 0;
    have[0] = 0;
    for (size_t i = 0; i < c->data->ncolumns && n + 40 < sizeof have; i++)
        n += (size_t)snprintf(have + n, sizeof have - n, "%s%s", i ? ", " : "", c->data->columns[i]);
    if (n + 40 >= sizeof have) snprintf(have + n, sizeof have - n, ", …");
    char hint[200];
    snprintf(hint, sizeof hint, "add a '%.*s' column, or take {{%.*s}} out of the template", (int)len, name, (int)len,
             name);
    ep_pos at = ep_span_make(c->data->header.file, 1, 1, (int)c->data->header.lines[0].len + 1);
    ep_error_hint(c->d, at, EP_C_MISSING_FIELD, hint,
                  "the template uses {{%.*s}}, but the data has no '%.*s' column (separated by %s, its columns are: %s)",
                  (int)len, name, (int)len, name, ep_delimiter_name(c->data->delimiter), have);
    if (c->nseen < 64) c->seen[c->nseen++] = ep_arena_strndup(c->data->arena, name, len);
    c->failed = 1;
}

/* A column every record lacks is said once, at the header line, with the columns there are,
 * rather than once per record (and a ';'-separated file read with ',' has one column). */
static int missing_columns(const ep_letter *tmpl, ep_dataset *data, const char *output, ep_diag *d)
{
    if (!data->columns) return 0;
    ep_diag_add_source(d, &data->header);
    columns_check c = {data, d, {0}, 0, 0};
    ep_template_names(tmpl, need_column, &c);
    if (output) ep_template_names_in(output, strlen(output), need_column, &c);
    return c.failed;
}

/* The options that are wrong whatever the data: each reported. */
static epistle_status check_options(const epistle_merge_options *o, ep_diag *d, ep_format *format, char *delim)
{
    if (!o->output == !o->combine) {
        ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_USAGE, "give either an output pattern (-o) or --combine FILE.pdf");
        return EPISTLE_EUSAGE;
    }
    *format = EP_FORMAT_AUTO;
    if (o->format && ep_format_parse(o->format, format)) {
        ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_USAGE, "unknown data format '%s' (csv, json, jsonl)", o->format);
        return EPISTLE_EUSAGE;
    }
    *delim = o->delimiter ? ep_delimiter_parse(o->delimiter) : 0;
    if (o->delimiter && !*delim) {
        ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_USAGE, "unknown CSV separator '%s' (',', ';', 'tab' or '|')",
                 o->delimiter);
        return EPISTLE_EUSAGE;
    }
    return EPISTLE_OK;
}

/* The combined PDF and the report, written last: neither may be one of the inputs (the
 * template, its parts, the data), and their folders are made (as the letters' are) or found
 * wanting now, not after the whole run. */
static epistle_status check_named_outputs(const epistle_merge_options *o, ep_diag *d, const char *const *templates,
                                          size_t ntemplates, const char *data_path)
{
    const char *named[] = {o->combine, o->report};
    for (size_t i = 0; i < 2; i++)
        if (overwrites_input(d, named[i], templates, ntemplates, data_path)) return EPISTLE_EUSAGE;
    for (size_t i = 0; i < 2; i++) {
        int err = named[i] ? ep_make_folders_for(named[i], 0777) : 0;
        if (!err && named[i]) err = ep_output_folder_ok(named[i]);
        if (err) {
            ep_error(d, ep_pos_make(named[i], 0, 0), EP_C_IO, "cannot write: %s", strerror(err));
            return EPISTLE_ESYSTEM;
        }
    }
    return EPISTLE_OK;
}

/* Each record's output name, all of them before any letter is written: a record whose name
 * cannot be made fails; a name that would overwrite an input stops the merge; names that
 * collide (also where a file system folds case or normalisation) stop it unless --overwrite. */
static epistle_status name_outputs(batch *b, ep_arena *arena, ep_diag *d, const char *const *templates,
                                   size_t ntemplates, const char *data_path)
{
    const epistle_merge_options *o = b->o;
    const ep_dataset *data = b->data;
    result **byname = ep_xcalloc(b->ntodo + 1, sizeof *byname);
    size_t named = 0;
    int dup = 0;
    for (size_t k = 0; k < b->ntodo; k++) {
        const ep_record *rec = &data->v[b->todo[k]];
        const char *missing;
        b->res[k].output = ep_name_expand(arena, o->output, &rec->fields, &missing);
        if (!b->res[k].output) {
            recdiag rd = {b, &b->res[k], rec->number, 0};
            ep_diag rdd;
            ep_diag_init(&rdd, record_diag, &rd);
            if (*missing)
                ep_error(&rdd, ep_pos_make(data_path, (int)rec->line, 0), EP_C_MISSING_FIELD,
                         "the output name needs field '%s', which is missing", missing);
            else
                ep_error(&rdd, ep_pos_make(data_path, (int)rec->line, 0), EP_C_MISSING_FIELD,
                         "the output name has '{{}}', which names no field");
            b->res[k].status = EPISTLE_EINPUT;
        } else {
            b->res[k].key = ep_name_key(arena, b->res[k].output);
            byname[named++] = &b->res[k];
        }
    }
    qsort(byname, named, sizeof *byname, cmp_names);
    epistle_status st = EPISTLE_OK;
    for (size_t i = 0; i < named && !st; i++)
        if (overwrites_input(d, byname[i]->output, templates, ntemplates, data_path)) st = EPISTLE_EUSAGE;
    /* Names that differ only by case or Unicode normalisation are one file where the file
     * system folds them: each such group is reported once. */
    for (size_t i = 0; i < named && !o->overwrite && !st;) {
        size_t j = i + 1;
        while (j < named && !strcmp(byname[i]->key, byname[j]->key)) j++;
        if (j - i > 1) {
            char who[160] = "records";
            size_t len = strlen(who);
            for (size_t k = i; k < j && len + 32 < sizeof who; k++) {
                long r = data->v[b->todo[byname[k] - b->res]].number;
                const char *sep = k == i ? " " : k + 1 == j ? " and " : ", ";
                len += (size_t)snprintf(who + len, sizeof who - len, "%s%ld", sep, r);
                if (k + 1 < j && len + 32 >= sizeof who) snprintf(who + len, sizeof who - len, " …");
            }
            int same = 1;
            for (size_t k = i + 1; k < j; k++) same &= !strcmp(byname[k]->output, byname[i]->output);
            if (same)
                ep_error(d, ep_pos_make(data_path, 0, 0), EP_C_DUPLICATE_OUTPUT,
                         "%s would %s write %s (use --overwrite to allow it)", who, j - i > 2 ? "all" : "both",
                         byname[i]->output);
            else
                ep_error(d, ep_pos_make(data_path, 0, 0), EP_C_DUPLICATE_OUTPUT,
                         "%s would write %s and %s, one file where names are folded (Windows, macOS)", who,
                         byname[i]->output, byname[i + 1]->output);
            dup = 1;
        }
        i = j;
    }
    free(byname);
    return st ? st : dup ? EPISTLE_EINPUT : EPISTLE_OK;
}

static void tell_progress(batch *b, double t0, int final)
{
    pthread_mutex_lock(&b->lock);
    epistle_merge_progress p = {b->done, b->failed, b->ntodo, now() - t0, final};
    pthread_mutex_unlock(&b->lock);
    b->o->progress(&p, b->o->progress_user);
}

/* The workers, each taking records in turn until none is left or the merge is stopped;
 * meanwhile this thread tells the caller how far they are. */
static void run_workers(batch *b, double t0)
{
    const epistle_merge_options *o = b->o;
    int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1) jobs = 1;
    if ((size_t)jobs > b->ntodo) jobs = b->ntodo ? (int)b->ntodo : 1;
    pthread_t *threads = ep_xcalloc((size_t)jobs, sizeof *threads);
    int started = 0;
    for (int i = 0; i < jobs; i++)
        if (!pthread_create(&threads[i], NULL, worker, b)) started++;
    if (!started) worker(b);
    while (o->progress) {
        pthread_mutex_lock(&b->lock);
        int finished = (b->next >= b->ntodo || b->closed) && b->done >= b->next;
        pthread_mutex_unlock(&b->lock);
        if (finished) break;
        tell_progress(b, t0, 0);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    if (o->progress) tell_progress(b, t0, 1);
    free(threads);
}

/* After the letters: the stop or the refusal to combine an incomplete set said, the combined
 * PDF written, the report written. */
static epistle_status finish(batch *b, ep_arena *arena, ep_diag *d, size_t reached, int stop)
{
    const epistle_merge_options *o = b->o;
    epistle_status st = EPISTLE_OK;
    if (stop) {
        ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_INCOMPLETE, "stopped: %zu of %zu letters done, the rest not started%s",
                 reached, b->ntodo, o->combine ? "; no combined PDF written" : "");
    } else if (o->combine && b->failed && !o->keep_going) {
        /* A combined PDF that silently lacks letters would be sent as if complete. */
        ep_error(d, ep_pos_make(o->combine, 0, 0), EP_C_INCOMPLETE,
                 "not written: %zu of %zu letters failed (see above), and a combined PDF without them would look whole",
                 b->failed, b->ntodo);
    } else if (o->combine) {
        st = combine(b, arena, d);
    }
    if (o->report) {
        int err = write_report(b, o->report);
        if (err) {
            ep_error(d, ep_pos_make(o->report, 0, 0), EP_C_IO, "cannot write: %s", strerror(err));
            st = EPISTLE_ESYSTEM;
        }
    }
    return st;
}

static void summarise(const batch *b, epistle_status st, size_t reached, double t0, epistle_merge_summary *sum)
{
    const epistle_merge_options *o = b->o;
    sum->records = b->ntodo;
    sum->failed = b->failed;
    sum->not_reached = b->ntodo - reached;
    sum->written = o->combine ? 0 : reached - b->failed;
    if (o->combine && (st == EPISTLE_OK || (o->keep_going && st == EPISTLE_EINPUT))) sum->written = reached - b->failed;
    sum->seconds = now() - t0;
    snprintf(sum->delimiter, sizeof sum->delimiter, "%s", b->data->columns ? ep_delimiter_name(b->data->delimiter) : "");
}

epistle_status epistle_merge(epistle_engine *e, const char *const *templates, size_t ntemplates,
                             const char *data_path, const epistle_merge_options *o)
{
    ep_forward fw = {o->diag, o->diag_user, o->strict};
    ep_diag d;
    ep_diag_init(&d, ep_forward_diag, &fw);
    ep_format format;
    char delim;
    epistle_status st = check_options(o, &d, &format, &delim);
    if (!st) st = check_named_outputs(o, &d, templates, ntemplates, data_path);
    if (st) return st;

    ep_arena arena;
    ep_arena_init(&arena);
    ep_letter tmpl = {&arena, NULL, 0, 0};
    ep_dataset data;
    memset(&data, 0, sizeof data);
    data.arena = &arena;
    batch b;
    memset(&b, 0, sizeof b);
    b.e = e;
    b.o = o;
    b.tmpl = &tmpl;
    b.data = &data;
    pthread_mutex_init(&b.lock, NULL);
    double t0 = now();
    st = ep_read_letters(&tmpl, &d, templates, ntemplates, o->style);
    if (!st && ep_data_read(&data, &d, data_path, format, delim)) st = EPISTLE_EINPUT;
    if (!st && missing_columns(&tmpl, &data, o->output, &d)) st = EPISTLE_EINPUT;
    if (st) goto done;
    b.sources = d.sources;
    /* A shard is every n-th record: the same slices whatever the machine or the order. */
    b.todo = ep_arena_alloc(&arena, sizeof *b.todo * (data.n + 1));
    for (size_t i = 0; i < data.n; i++)
        if (o->shard_n <= 1 || (long)(i % (size_t)o->shard_n) == o->shard_k - 1) b.todo[b.ntodo++] = i;
    b.res = ep_xcalloc(b.ntodo + 1, sizeof *b.res);
    if (o->output && (st = name_outputs(&b, &arena, &d, templates, ntemplates, data_path))) goto done;

    /* (A combined PDF has one font per face for all its letters anyway.) */
    if (!o->combine && b.ntodo > 1) b.bases = shared_fonts(&b);
    run_workers(&b, t0);
    size_t reached = 0;
    for (size_t k = 0; k < b.ntodo; k++) reached += b.res[k].reached;
    int stop = reached < b.ntodo && stopped(&b);
    st = finish(&b, &arena, &d, reached, stop);
    if (!st) st = stop ? EPISTLE_ESTOPPED : b.system_error ? EPISTLE_ESYSTEM : b.failed ? EPISTLE_EINPUT : EPISTLE_OK;
    if (o->summary) summarise(&b, st, reached, t0, o->summary);

done:
    for (size_t k = 0; b.res && k < b.ntodo; k++) {
        free(b.res[k].messages);
        if (b.res[k].arena) {
            ep_arena_free(b.res[k].arena);
            free(b.res[k].arena);
        }
    }
    free(b.res);
    ep_batch_fonts_free(b.bases);
    pthread_mutex_destroy(&b.lock);
    ep_arena_free(&arena);
    return st;
}
