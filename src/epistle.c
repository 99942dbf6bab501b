/* The public API: runs the pipeline parse -> letter model -> layout -> display list ->
 * PDF for one letter, with one arena per letter and the engine's shared font cache. */
#include "epistle/epistle.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "input.h"
#include "layout/layout.h"
#include "letter/model.h"
#include "letter/starter.h"
#include "pdf/pdf.h"
#include "resolve/setting.h"
#include "text/fonts.h"
#include "text/hyphen.h"
#include "text/para.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/cachedir.h"
#include "util/clock.h"
#include "util/deflate.h"
#include "util/output.h"

epistle_engine *epistle_engine_new(void)
{
    epistle_engine *e = ep_xcalloc(1, sizeof *e);
    e->fonts = ep_fontcache_new();
    char cache[PATH_MAX];
    e->hyph = ep_hyphcache_new(getenv("EPISTLE_HYPHEN_DIR"), ep_cache_dir(cache, sizeof cache) ? cache : NULL);
    /* Subsets kept for later letters: the few a template needs, bounded for long runs. */
    e->shared.subsets = ep_subsetcache_new(64u << 20, 0);
    e->shared.images = ep_imagecache_new();
    if (!e->fonts || !e->hyph || !e->shared.subsets || !e->shared.images) {
        epistle_engine_free(e);
        return NULL;
    }
    return e;
}

epistle_status epistle_engine_add_fonts(epistle_engine *e, const char *dir, const epistle_options *opts)
{
    int err = ep_fonts_add_dir(e->fonts, dir);
    if (!err) return EPISTLE_OK;
    char msg[300];
    snprintf(msg, sizeof msg, "cannot use as a font folder: %s", strerror(err));
    epistle_diagnostic dg = {EPISTLE_ERROR, dir, 0, 0, msg, ep_code_name(EP_C_IO), NULL, 0, NULL, 0, 0};
    if (opts && opts->diag) opts->diag(&dg, opts->diag_user);
    else epistle_print_diagnostic(&dg, stderr);
    return err == ENOMEM ? EPISTLE_ESYSTEM : EPISTLE_EUSAGE;
}

void epistle_engine_free(epistle_engine *e)
{
    ep_deflate_release();
    if (!e) return;
    ep_fontcache_free(e->fonts);
    ep_hyphcache_free(e->hyph);
    ep_subsetcache_free(e->shared.subsets);
    ep_imagecache_free(e->shared.images);
    free(e);
}

void ep_forward_diag(const epistle_diagnostic *dg, void *user)
{
    ep_forward *s = user;
    epistle_diagnostic copy = *dg;
    if (s->strict && copy.severity == EPISTLE_WARNING) copy.severity = EPISTLE_ERROR;
    if (s->fn) s->fn(&copy, s->user);
    else epistle_print_diagnostic(&copy, stderr);
}

epistle_status ep_read_letters(ep_letter *l, ep_diag *d, const char *const *inputs, size_t n, const char *style)
{
    if (!n) {
        ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_USAGE, "no input files");
        return EPISTLE_EUSAGE;
    }
    for (size_t i = 0; i < n; i++) {
        ep_buf src;
        ep_buf_init(&src);
        const char *name = strcmp(inputs[i], "-") ? inputs[i] : "<stdin>";
        epistle_status st = ep_read_input(d, name, inputs[i], EP_MAX_LETTER_BYTES, "for a letter", &src);
        if (st) return st;
        const char *file = ep_arena_strdup(l->arena, name);
        char *text = ep_arena_alloc(l->arena, src.len + 1);
        memcpy(text, src.data, src.len);
        text[src.len] = 0;
        ep_letter_read(l, d, file, text, src.len);
        ep_buf_free(&src);
    }
    /* A letter is dated: one without a date is a draft that was sent by mistake. (Said once
     * here, where a merge reads its template, not once per record.) */
    if (!d->errors && l->nparts && !l->parts[0].date.s) {
        const ep_part *p = &l->parts[0];
        struct tm tm;
        ep_today(&tm);
        char hint[160];
        snprintf(hint, sizeof hint, "add 'date: %04d-%02d-%02d' to the front matter, or 'date: today' for the day it is "
                 "rendered", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
        ep_warn_hint(d, ep_pos_make(p->file, p->line, 1), EP_C_MISSING_KEY, hint, "this letter has no date");
    }
    if (style && !d->errors) {
        /* Read once; every part takes it in place of the style it names. */
        ep_style_src s = {0};
        ep_text name = {ep_arena_strdup(l->arena, style), ep_pos_make(NULL, 0, 0)};
        if (ep_style_load(l->arena, d, NULL, name, &s)) return EPISTLE_EINPUT;
        for (size_t i = 0; i < l->nparts; i++) {
            l->parts[i].style.name = s.name;
            l->parts[i].style.named = s.named;
            l->parts[i].style.nnamed = s.nnamed;
            l->parts[i].style.files = s.files;
            l->parts[i].style.nfiles = s.nfiles;
        }
    }
    return d->errors ? EPISTLE_EINPUT : EPISTLE_OK;
}

static epistle_status render_letter(epistle_engine *e, ep_textctx *tx, const ep_letter *l, ep_diag *d,
                                    ep_render_flags flags, ep_pathset *checked, ep_dlist *dl, ep_pdfinfo *info,
                                    ep_buf *pdf)
{
    int errors = d->errors, warnings = d->warnings;
    int invalid = ep_letter_validate((ep_letter *)l, d, checked);
    ep_resolved set;
    if (ep_resolve_letter(l, d, &set) || invalid || d->errors > errors) return EPISTLE_EINPUT;
    /* Hyphenation dictionaries load on the other core while the layout starts. */
    for (size_t i = 0; i < l->nparts; i++) {
        /* (CJK parts seldom hyphenate the odd Latin word: theirs load when needed.) */
        if (l->parts[i].nbody && set.parts[i].loc->cjk == EP_CJK_NONE) ep_hyphen_prefetch(e->hyph, set.parts[i].loc);
    }
    tx->arena = l->arena;
    tx->diag = d;
    memset(dl, 0, sizeof *dl);
    dl->arena = l->arena;
    ep_layout_letter(&set, tx, dl, !pdf);   /* check says what fit did */
    if (d->errors > errors || (flags.strict && d->warnings > warnings)) return EPISTLE_EINPUT;
    *info = (ep_pdfinfo){set.info.title, set.info.author, set.info.subject, set.info.lang, set.info.recipient,
                         flags.pdfa, flags.pdfua, set.info.rtl};
    ep_pdfshared shared = e->shared;
    if (flags.bases && flags.fill_bases) shared.subsets = flags.bases;
    else shared.bases = flags.bases;
    if (pdf && ep_pdf_write(dl, info, &shared, d, pdf)) return EPISTLE_EINPUT;
    return EPISTLE_OK;
}

epistle_status ep_render_letter(epistle_engine *e, ep_textctx *tx, const ep_letter *l, ep_diag *d,
                                ep_render_flags flags, ep_pathset *checked, ep_dlist *dl, ep_pdfinfo *info,
                                ep_buf *pdf)
{
    epistle_status st = render_letter(e, tx, l, d, flags, checked, dl, info, pdf);
    ep_diag_flush(d);
    return st;
}

ep_subsetcache *ep_batch_fonts(epistle_engine *e, const ep_letter *tmpl, const ep_fields *const *fields, size_t n,
                               int pdfa, int pdfua)
{
    ep_subsetcache *bases = ep_subsetcache_new(64u << 20, 1);
    if (!bases) return NULL;
    ep_diag none;
    ep_diag_init(&none, NULL, NULL);
    epistle_status st = EPISTLE_EINPUT;
    for (size_t i = 0; i < n && st; i++) {
        ep_arena arena;
        ep_arena_init(&arena);
        ep_letter letter = {&arena, NULL, 0, 0};
        if (!ep_template_apply(tmpl, fields[i], &letter, &none)) {
            ep_textctx tx;
            ep_textctx_init(&tx, e->fonts, e->hyph, &arena, &none);
            ep_render_flags flags = {.pdfa = pdfa, .pdfua = pdfua, .bases = bases, .fill_bases = 1};
            ep_dlist dl;
            ep_pdfinfo info;
            ep_buf pdf;
            ep_buf_init(&pdf);
            st = ep_render_letter(e, &tx, &letter, &none, flags, NULL, &dl, &info, &pdf);
            ep_buf_free(&pdf);
            ep_textctx_done(&tx);
        }
        ep_arena_free(&arena);
    }
    if (st) {
        ep_subsetcache_free(bases);
        return NULL;
    }
    return bases;
}

void ep_batch_fonts_free(ep_subsetcache *bases) { ep_subsetcache_free(bases); }

/* A letter read from its files for one call of the API: its arena, and its diagnostics
 * going to the caller's handler. The caller frees the arena. */
typedef struct reading {
    ep_forward fw;
    ep_diag d;
    ep_arena arena;
    ep_letter letter;
} reading;

static epistle_status read_inputs(reading *r, const char *const *inputs, size_t n, const epistle_options *opts,
                                  int strict)
{
    r->fw = (ep_forward){opts ? opts->diag : NULL, opts ? opts->diag_user : NULL, strict};
    ep_diag_init(&r->d, ep_forward_diag, &r->fw);
    ep_arena_init(&r->arena);
    r->letter = (ep_letter){&r->arena, NULL, 0, 0};
    return ep_read_letters(&r->letter, &r->d, inputs, n, opts ? opts->style : NULL);
}

/* Runs the pipeline up to the PDF bytes (pdf NULL: stop after layout). */
static epistle_status run(epistle_engine *e, const char *const *inputs, size_t n, ep_buf *pdf,
                          const epistle_options *opts)
{
    reading r;
    epistle_status st = read_inputs(&r, inputs, n, opts, opts ? opts->strict : 0);
    if (!st) {
        ep_textctx tx;
        ep_textctx_init(&tx, e->fonts, e->hyph, &r.arena, &r.d);
        ep_dlist dl;
        ep_pdfinfo info;
        ep_render_flags flags = {.strict = r.fw.strict, .pdfa = opts ? opts->pdfa : 0, .pdfua = opts ? opts->pdfua : 0};
        st = ep_render_letter(e, &tx, &r.letter, &r.d, flags, NULL, &dl, &info, pdf);
        ep_textctx_done(&tx);
    }
    ep_arena_free(&r.arena);
    return st;
}

epistle_status epistle_render_to_memory(epistle_engine *e, const char *const *inputs, size_t n,
                                        unsigned char **pdf, size_t *len, const epistle_options *opts)
{
    ep_buf out;
    ep_buf_init(&out);
    epistle_status st = run(e, inputs, n, &out, opts);
    if (st) {
        ep_buf_free(&out);
        *pdf = NULL;
        *len = 0;
        return st;
    }
    *pdf = (unsigned char *)out.data;
    *len = out.len;
    return EPISTLE_OK;
}

/* A diagnostic without a position, to the caller's handler or standard error. */
static epistle_status report(const epistle_options *opts, const char *file, ep_code code, const char *msg,
                             epistle_status st)
{
    epistle_diagnostic dg = {EPISTLE_ERROR, file, 0, 0, msg, ep_code_name(code), NULL, 0, NULL, 0, 0};
    if (opts && opts->diag) opts->diag(&dg, opts->diag_user);
    else epistle_print_diagnostic(&dg, stderr);
    return st;
}

epistle_status epistle_render_files(epistle_engine *e, const char *const *inputs, size_t n,
                                    const char *out_path, const epistle_options *opts)
{
    unsigned char *pdf;
    size_t len;
    long same = ep_output_is_input(out_path, inputs, n);
    if (same >= 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "the output would overwrite the input '%.500s'", inputs[same]);
        return report(opts, out_path, EP_C_USAGE, msg, EPISTLE_EUSAGE);
    }
    epistle_status st = epistle_render_to_memory(e, inputs, n, &pdf, &len, opts);
    if (st) return st;
    if (opts && opts->sign) {
        /* One signer can sign in the same run: the rendered bytes never touch the disk unsigned. */
        ep_forward fw = {opts->diag, opts->diag_user, 0};
        ep_diag d;
        ep_diag_init(&d, ep_forward_diag, &fw);
        ep_buf signed_pdf;
        ep_buf_init(&signed_pdf);
        st = ep_sign_buffer(e, &d, out_path, pdf, len, opts->sign, &signed_pdf);
        free(pdf);
        if (st) {
            ep_buf_free(&signed_pdf);
            return st;
        }
        pdf = (unsigned char *)signed_pdf.data;
        len = signed_pdf.len;
    }
    int err = ep_write_atomic(out_path, pdf, len, 1);
    free(pdf);
    return err ? report(opts, out_path, EP_C_IO, strerror(err), EPISTLE_ESYSTEM) : EPISTLE_OK;
}

epistle_status epistle_letter_files(const char *const *inputs, size_t n, const epistle_options *opts,
                                    void (*fn)(const char *path, void *user), void *user)
{
    reading r;
    epistle_status st = read_inputs(&r, inputs, n, opts, 0);
    const ep_letter *l = &r.letter;
    /* The inputs even when they have errors: the file to watch is the one being fixed. */
    for (size_t i = 0; i < n; i++)
        if (strcmp(inputs[i], "-")) fn(inputs[i], user);
    for (size_t i = 0; i < l->nparts; i++) {
        const ep_part *p = &l->parts[i];
        for (size_t k = 0; k < p->style.nfiles; k++) fn(p->style.files[k], user);
        if (p->from.logo.s) fn(p->from.logo.s, user);
        for (size_t k = 0; k < p->nsignatories; k++)
            if (p->signatories[k].signature.s) fn(p->signatories[k].signature.s, user);
    }
    ep_arena_free(&r.arena);
    return st;
}

epistle_status epistle_check_files(epistle_engine *e, const char *const *inputs, size_t n,
                                   const epistle_options *opts)
{
    return run(e, inputs, n, NULL, opts);
}

epistle_status epistle_new_letter(const char *out_path, const char *lang, const char *layout, int overwrite,
                                  const epistle_options *opts)
{
    if (!lang) lang = layout && !strcmp(layout, "us-window") ? "en-US" : layout && !strcmp(layout, "jp") ? "ja"
                    : layout && !strncmp(layout, "din5008", 7) ? "de" : "en-GB";
    if (!layout) layout = "block";
    char msg[256];
    if (!ep_locale_valid(lang)) {
        snprintf(msg, sizeof msg, "'%s' is not a BCP 47 language tag (en-GB, zh-Hant, ja, ...)", lang);
        return report(opts, NULL, EP_C_USAGE, msg, EPISTLE_EUSAGE);
    }
    if (!ep_starter_layout_known(layout)) {
        snprintf(msg, sizeof msg, "unknown layout '%s': one of %s", layout, ep_starter_layouts());
        return report(opts, NULL, EP_C_USAGE, msg, EPISTLE_EUSAGE);
    }
    struct stat sb;
    int to_stdout = !out_path || !strcmp(out_path, "-");
    if (!to_stdout && !overwrite && stat(out_path, &sb) == 0)
        return report(opts, out_path, EP_C_USAGE, "exists already; give --force to replace it", EPISTLE_EUSAGE);
    /* Today, unless SOURCE_DATE_EPOCH fixes the date (reproducible output). */
    time_t now = ep_now();
    struct tm tm;
    char date[16] = "2026-01-01";
    if (gmtime_r(&now, &tm)) strftime(date, sizeof date, "%Y-%m-%d", &tm);
    ep_buf b;
    ep_buf_init(&b);
    ep_starter_letter(&b, lang, layout, date);
    int err = ep_write_atomic(to_stdout ? "-" : out_path, b.data, b.len, 1);
    ep_buf_free(&b);
    return err ? report(opts, out_path, EP_C_IO, strerror(err), EPISTLE_ESYSTEM) : EPISTLE_OK;
}
