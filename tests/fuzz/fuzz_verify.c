/* libFuzzer: `epistle verify` on arbitrary bytes: the PDF reader that finds signature
 * dictionaries, byte ranges and revisions, and the CMS checks behind it. A signed letter is
 * the seed, so that mutations land in /ByteRange, /Contents and the cross-reference data. */
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

#include "sign/sign.h"

static void quiet(const epistle_diagnostic *d, void *u) { (void)d; (void)u; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ep_diag d;
    ep_diag_init(&d, quiet, NULL);
    ep_sigcheck *c = NULL;
    char **unsigned_fields = NULL;
    size_t nunsigned = 0;
    int n = ep_verify_pdf(&d, "fuzz.pdf", data, size, NULL, &c, &unsigned_fields, &nunsigned);
    if (n >= 0) ep_sigchecks_free(c, (size_t)n);
    for (size_t i = 0; i < nunsigned; i++) free(unsigned_fields[i]);
    free(unsigned_fields);
    return 0;
}
