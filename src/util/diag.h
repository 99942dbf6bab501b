/* Diagnostics: every message a user sees goes through here, so that each carries
 * "file:line:col: severity: message" and the exit code follows from what was reported. */
#ifndef EP_DIAG_H
#define EP_DIAG_H

#include "epistle/epistle.h"

typedef struct ep_pos {
    const char *file;   /* NULL when the message has no file */
    int line, col;      /* 1-based; 0 when unknown */
} ep_pos;

typedef struct ep_diag {
    epistle_diag_fn fn;
    void *user;
    int errors, warnings;
} ep_diag;

void ep_diag_init(ep_diag *d, epistle_diag_fn fn, void *user);
void ep_error(ep_diag *d, ep_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ep_warn(ep_diag *d, ep_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static inline ep_pos ep_pos_make(const char *file, int line, int col)
{
    ep_pos p = {file, line, col};
    return p;
}

#endif
