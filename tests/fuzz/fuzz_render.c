/* libFuzzer: the whole pipeline, from a letter's bytes to PDF bytes in memory. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine.h"

static epistle_engine *engine;

static void quiet(const epistle_diagnostic *d, void *u) { (void)d; (void)u; }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    engine = epistle_engine_new();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine || size > 64 * 1024) return 0;
    ep_arena a;
    ep_arena_init(&a);
    ep_diag d;
    ep_diag_init(&d, quiet, NULL);
    ep_letter l = {&a, NULL, 0, 0};
    if (!ep_letter_read(&l, &d, "fuzz.md", (const char *)data, size)) {
        ep_textctx tx;
        ep_textctx_init(&tx, engine->fonts, engine->hyph, &a, &d);
        ep_dlist dl;
        ep_pdfinfo info;
        ep_buf pdf;
        ep_buf_init(&pdf);
        ep_render_flags flags = {0};
        ep_render_letter(engine, &tx, &l, &d, flags, NULL, &dl, &info, &pdf);
        ep_buf_free(&pdf);
        ep_textctx_done(&tx);
    }
    ep_arena_free(&a);
    return 0;
}
