#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ep_diag_init(ep_diag *d, epistle_diag_fn fn, void *user)
{
    memset(d, 0, sizeof *d);
    d->fn = fn;
    d->user = user;
}

const char *ep_code_name(ep_code c)
{
#define EP_DIAG_NAME(id, name) name,
    static const char *const names[] = {EP_DIAG_CODES(EP_DIAG_NAME)};
#undef EP_DIAG_NAME
    return (unsigned)c < EP_C_COUNT ? names[c] : "internal";
}

static void forward(ep_diag *d, const epistle_diagnostic *dg)
{
    if (d->fn) d->fn(dg, d->user);
    else epistle_print_diagnostic(dg, stderr);
}

static int same_place(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

void ep_diag_flush(ep_diag *d)
{
    if (!d->repeats) return;
    char msg[96];
    snprintf(msg, sizeof msg, "\u2026 and %ld more like it", d->repeats);
    epistle_diagnostic dg = d->last;
    dg.message = msg;
    d->repeats = 0;
    forward(d, &dg);
}

void ep_diag_replay(ep_diag *d, const epistle_diagnostic *dg)
{
    if (dg->severity == EPISTLE_NOTE) {
        ep_diag_flush(d);
        forward(d, dg);
        return;
    }
    int warning = dg->severity != EPISTLE_ERROR;
    if (warning) d->warnings++;
    else d->errors++;
    /* A paragraph of 10 MB may give the same warning 100,000 times: say it once. */
    if (warning && d->has_last && dg->line == d->last.line && dg->column == d->last.column &&
        same_place(dg->file, d->last.file) && same_place(dg->code, d->last.code) &&
        !strncmp(dg->message, d->last_message, sizeof d->last_message - 1)) {
        d->repeats++;
        return;
    }
    ep_diag_flush(d);
    d->has_last = warning;
    if (warning) {
        d->last = *dg;
        snprintf(d->last_message, sizeof d->last_message, "%s", dg->message);
        d->last.message = d->last_message;
    }
    forward(d, dg);
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

void ep_diag_keep(ep_arena *a, epistle_diagnostic **v, size_t *n, size_t *cap, const epistle_diagnostic *dg)
{
    *v = ep_arena_grow(a, *v, sizeof **v, cap, *n + 1);
    (*v)[*n] = *dg;
    (*v)[(*n)++].message = ep_arena_strdup(a, dg->message);
}

void ep_note(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(d, EPISTLE_NOTE, pos, code, fmt, ap);
    va_end(ap);
}

const char *ep_escape_controls(char *out, size_t size, const char *in)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(in ? in : ""); *p && n + 8 < size; p++) {
        if (*p < 0x20 || *p == 0x7F) n += (size_t)snprintf(out + n, size - n, "\\x%02x", *p);
        else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) n += (size_t)snprintf(out + n, size - n, "U+%04X", *++p);
        else out[n++] = (char)*p;
    }
    out[n] = 0;
    return out;
}

void epistle_print_diagnostic(const epistle_diagnostic *dg, FILE *out)
{
    const char *sev = dg->severity == EPISTLE_ERROR ? "error" : dg->severity == EPISTLE_NOTE ? "note" : "warning";
    char file[1024], msg[4096];
    ep_escape_controls(file, sizeof file, dg->file);
    ep_escape_controls(msg, sizeof msg, dg->message);
    if (dg->file && dg->line > 0)
        fprintf(out, "%s:%d:%d: %s: %s\n", file, dg->line, dg->column > 0 ? dg->column : 1, sev, msg);
    else if (dg->file)
        fprintf(out, "%s: %s: %s\n", file, sev, msg);
    else
        fprintf(out, "epistle: %s: %s\n", sev, msg);
}
