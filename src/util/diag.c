#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>

void ep_diag_init(ep_diag *d, epistle_diag_fn fn, void *user)
{
    d->fn = fn;
    d->user = user;
    d->errors = d->warnings = 0;
}

static void emit(ep_diag *d, epistle_severity sev, ep_pos pos, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (sev == EPISTLE_ERROR) d->errors++;
    else d->warnings++;
    epistle_diagnostic dg = {sev, pos.file, pos.line, pos.col, msg};
    if (d->fn) d->fn(&dg, d->user);
    else epistle_print_diagnostic(&dg, stderr);
}

void ep_error(ep_diag *d, ep_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(d, EPISTLE_ERROR, pos, fmt, ap);
    va_end(ap);
}

void ep_warn(ep_diag *d, ep_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(d, EPISTLE_WARNING, pos, fmt, ap);
    va_end(ap);
}

void epistle_print_diagnostic(const epistle_diagnostic *dg, FILE *out)
{
    const char *sev = dg->severity == EPISTLE_ERROR ? "error" : "warning";
    if (dg->file && dg->line > 0)
        fprintf(out, "%s:%d:%d: %s: %s\n", dg->file, dg->line, dg->column > 0 ? dg->column : 1, sev, dg->message);
    else if (dg->file)
        fprintf(out, "%s: %s: %s\n", dg->file, sev, dg->message);
    else
        fprintf(out, "epistle: %s: %s\n", sev, dg->message);
}
