/* The public API: runs the pipeline parse -> letter model -> layout -> display list ->
 * PDF for one letter, with one arena per letter and the engine's shared font cache. */
#include "epistle/epistle.h"

#include <errno.h>

#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"
#include "letter/locale.h"
#include "letter/model.h"
#include "pdf/pdf.h"
#include "text/fonts.h"
#include "text/hyphen.h"
#include "text/para.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/output.h"

struct epistle_engine {
    ep_fontcache *fonts;
    ep_hyphcache *hyph;
};

epistle_engine *epistle_engine_new(void)
{
    epistle_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->fonts = ep_fontcache_new();
    e->hyph = ep_hyphcache_new(getenv("EPISTLE_HYPHEN_DIR"));
    if (!e->fonts || !e->hyph) {
        epistle_engine_free(e);
        return NULL;
    }
    return e;
}

void epistle_engine_free(epistle_engine *e)
{
    if (!e) return;
    ep_fontcache_free(e->fonts);
    ep_hyphcache_free(e->hyph);
    free(e);
}

typedef struct strict_diag {
    epistle_diag_fn fn;
    void *user;
    int strict;
} strict_diag;

static void forward(const epistle_diagnostic *dg, void *user)
{
    strict_diag *s = user;
    epistle_diagnostic copy = *dg;
    if (s->strict) copy.severity = EPISTLE_ERROR;
    if (s->fn) s->fn(&copy, s->user);
    else epistle_print_diagnostic(&copy, stderr);
}

/* Runs the pipeline up to the PDF bytes (pdf NULL: stop after layout). */
static epistle_status run(epistle_engine *e, const char *const *inputs, size_t n, ep_buf *pdf,
                          const epistle_options *opts)
{
    strict_diag sd = {opts ? opts->diag : NULL, opts ? opts->diag_user : NULL, opts ? opts->strict : 0};
    ep_diag d;
    ep_diag_init(&d, forward, &sd);
    if (!n) {
        ep_error(&d, ep_pos_make(NULL, 0, 0), "no input files");
        return EPISTLE_EUSAGE;
    }
    ep_arena arena;
    ep_arena_init(&arena);
    ep_letter letter = {&arena, NULL, 0, 0};
    epistle_status st = EPISTLE_OK;
    for (size_t i = 0; i < n; i++) {
        ep_buf src;
        ep_buf_init(&src);
        const char *name = strcmp(inputs[i], "-") ? inputs[i] : "<stdin>";
        int err = ep_buf_read_file(&src, inputs[i]);
        if (err) {
            ep_error(&d, ep_pos_make(name, 0, 0), "cannot read: %s", strerror(err));
            ep_buf_free(&src);
            st = err == ENOENT || err == EISDIR ? EPISTLE_EINPUT : EPISTLE_ESYSTEM;
            goto done;
        }
        const char *file = ep_arena_strdup(&arena, name);
        ep_letter_read(&letter, &d, file, src.data, src.len);
        ep_buf_free(&src);
    }
    if (d.errors || ep_letter_validate(&letter, &d) || d.errors) {
        st = EPISTLE_EINPUT;
        goto done;
    }
    /* Hyphenation dictionaries load on the other core while the layout starts. */
    for (size_t i = 0; i < letter.nparts; i++) {
        const char *lang = letter.parts[i].lang.s ? letter.parts[i].lang.s : "en";
        /* (CJK parts seldom hyphenate the odd Latin word: theirs load when needed.) */
        if (letter.parts[i].nbody && ep_lang_cjk(lang) == EP_CJK_NONE) ep_hyphen_prefetch(e->hyph, lang);
    }
    ep_textctx tx;
    ep_textctx_init(&tx, e->fonts, e->hyph, &arena, &d);
    ep_dlist dl;
    memset(&dl, 0, sizeof dl);
    dl.arena = &arena;
    ep_layout_letter(&letter, &tx, &dl);
    ep_textctx_done(&tx);
    if (d.errors || (sd.strict && d.warnings)) {
        st = EPISTLE_EINPUT;
        goto done;
    }
    if (pdf && ep_pdf_write(&dl, &d, pdf)) st = EPISTLE_EINPUT;
done:
    ep_arena_free(&arena);
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

epistle_status epistle_render_files(epistle_engine *e, const char *const *inputs, size_t n,
                                    const char *out_path, const epistle_options *opts)
{
    unsigned char *pdf;
    size_t len;
    epistle_status st = epistle_render_to_memory(e, inputs, n, &pdf, &len, opts);
    if (st) return st;
    int err = ep_write_atomic(out_path, pdf, len);
    free(pdf);
    if (err) {
        epistle_diagnostic dg = {EPISTLE_ERROR, out_path, 0, 0, strerror(err)};
        if (opts && opts->diag) opts->diag(&dg, opts->diag_user);
        else epistle_print_diagnostic(&dg, stderr);
        return EPISTLE_ESYSTEM;
    }
    return EPISTLE_OK;
}

epistle_status epistle_check_files(epistle_engine *e, const char *const *inputs, size_t n,
                                   const epistle_options *opts)
{
    return run(e, inputs, n, NULL, opts);
}
