/* The signing stage as a module of its own: qpdf and OpenSSL (and what they load: a C++
 * runtime, GnuTLS) are loaded only by a command that signs or verifies, not by every render
 * (they were a third of a one-letter render's start-up). The rest of epistle reaches the stage
 * through this table only; the module reaches the rest through the diagnostics it is given and
 * the text-setting callback, never the engine. */
#ifndef EP_SIGN_MODULE_H
#define EP_SIGN_MODULE_H

#include <stdio.h>

#include "diag.h"
#include "epistle/epistle.h"
#include "sign/sign.h"
#include "util/buf.h"

/* Raised whenever a function or a structure below changes: a module from another build is
 * refused rather than called wrongly. */
#define EP_SIGN_ABI 1

typedef struct ep_sign_module {
    int abi;
    /* Signs pdf in memory; sigtext (with ctx) sets a visible signature's text. */
    epistle_status (*sign_buffer)(ep_diag *d, const char *name, const unsigned char *pdf, size_t len,
                                  const epistle_sign_options *sign, ep_sigtext_fn sigtext, void *ctx, ep_buf *out);
    /* The file forms: read in_path, write out_path (temporary file, then rename). */
    epistle_status (*sign_file)(ep_diag *d, const char *in_path, const char *out_path, const epistle_sign_options *sign,
                                ep_sigtext_fn sigtext, void *ctx);
    epistle_status (*timestamp_file)(ep_diag *d, const char *in_path, const char *out_path, const char *tsa);
    epistle_status (*list_fields)(ep_diag *d, const char *path, FILE *out);
    epistle_status (*verify_file)(ep_diag *d, const char *path, int json, FILE *out, const char *trust_roots);
} ep_sign_module;

/* The module's one exported name. Linked into a program (the fuzzers), it is used directly. */
const ep_sign_module *ep_sign_module_entry(void);

#endif
