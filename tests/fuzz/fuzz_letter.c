/* libFuzzer: a letter file's bytes through the parsers (parts, front matter, body) and the
 * checks that follow them. */
#include <stddef.h>
#include <stdint.h>

#include "letter/model.h"

static void quiet(const epistle_diagnostic *d, void *u) { (void)d; (void)u; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ep_arena a;
    ep_arena_init(&a);
    ep_diag d;
    ep_diag_init(&d, quiet, NULL);
    ep_letter l = {&a, NULL, 0, 0};
    if (!ep_letter_read(&l, &d, "fuzz.md", (const char *)data, size)) ep_letter_validate(&l, &d, NULL);
    ep_arena_free(&a);
    return 0;
}
