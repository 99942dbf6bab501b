#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>

void ep_diag_init(ep_diag *d, epistle_diag_fn fn, void *user)
{
    d->fn = fn;
    d->user = user;
    d->errors = d->warnings = 0;
}

const char *ep_code_name(ep_code c)
{
#define EP_DIAG_NAME(id, name) name,
    static const char *const names[] = {EP_DIAG_CODES(EP_DIAG_NAME)};
#undef EP_DIAG_NAME
    return (unsigned)c < EP_C_COUNT ? names[c] : "internal";
}

void ep_diag_replay(ep_diag *d, const epistle_diagnostic *dg)
{
    if (dg->severity == EPISTLE_ERROR) d->errors++;
    else d->warnings++;
    if (d->fn) d->fn(dg, d->user);
    else epistle_print_diagnostic(dg, stderr);
}

static void emit(ep_diag *d, epistle_severity sev, ep_pos pos, ep_code code, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    epistle_diagnostic dg = {sev, pos.file, pos.line, pos.col, msg, ep_code_name(code)};
    ep_diag_replay(d, &dg);
}

void ep_error(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(d, EPISTLE_ERROR, pos, code, fmt, ap);
    va_end(ap);
}

void ep_warn(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(d, EPISTLE_WARNING, pos, code, fmt, ap);
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
