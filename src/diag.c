#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

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
    dg.source_column = -1;   /* a count, not a place to show again */
    d->repeats = 0;
    forward(d, &dg);
}

ep_source *ep_source_lines(ep_arena *a, const char *file, const char *text, size_t len)
{
    ep_srcline *lines = NULL;
    size_t n = 0, cap = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        lines = ep_arena_grow(a, lines, sizeof *lines, &cap, n + 1);
        lines[n++] = (ep_srcline){p, e ? (size_t)(e - p) : (size_t)(end - p)};
        p = e ? e + 1 : end;
    }
    ep_source *s = ep_arena_alloc(a, sizeof *s);
    *s = (ep_source){file, lines, n, 1, NULL};
    return s;
}

void ep_diag_add_source(ep_diag *d, ep_source *s)
{
    s->next = d->sources;
    d->sources = s;
}

enum { EP_EXCERPT_BEFORE = 50, EP_EXCERPT_CHARS = 110 };

/* The line dg points at, as the excerpt it shows: a window of a long line around the place,
 * each tab four spaces (so that the caret lines up in any terminal) and each control
 * character U+FFFD (so that the line never drives the terminal). */
static void quote_source(const ep_diag *d, epistle_diagnostic *dg, char *buf, size_t size)
{
    if (dg->source || dg->source_column < 0 || !dg->file || dg->line <= 0) return;
    const ep_source *s = d->sources;
    while (s && strcmp(s->file, dg->file)) s = s->next;
    if (!s || dg->line < s->first_line || (size_t)(dg->line - s->first_line) >= s->nlines) return;
    const ep_srcline *l = &s->lines[dg->line - s->first_line];
    int32_t len = (int32_t)l->len;
    while (len && (l->s[len - 1] == '\r' || l->s[len - 1] == '\n')) len--;
    int col = dg->column > 0 ? dg->column : 1;
    int end = dg->end_column > col ? dg->end_column : col + 1;
    int from = col > EP_EXCERPT_BEFORE ? col - EP_EXCERPT_BEFORE / 2 : 1;
    size_t n = 0;
    int shown = 0, ch = 1;
    if (from > 1) {
        n += (size_t)snprintf(buf, size, "\u2026");
        shown = 1;
    }
    int32_t i = 0;
    for (; i < len; ch++) {
        UChar32 c;
        int32_t at = i;
        U8_NEXT(l->s, i, len, c);
        if (ch < from) continue;
        if (shown >= EP_EXCERPT_CHARS || n + 16 >= size) {
            n += (size_t)snprintf(buf + n, size - n, "\u2026");
            break;
        }
        if (ch == col) dg->source_column = shown + 1;
        if (ch == end) dg->source_end = shown + 1;
        if (c == '\t') {
            memcpy(buf + n, "    ", 4);
            n += 4;
            shown += 4;
        } else if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c < 0) {
            n += (size_t)snprintf(buf + n, size - n, "\uFFFD");
            shown++;
        } else {
            memcpy(buf + n, l->s + at, (size_t)(i - at));
            n += (size_t)(i - at);
            shown++;
        }
    }
    buf[n] = 0;
    /* A place at the end of the line (a missing value) gets its caret just after the text. */
    if (!dg->source_column) dg->source_column = shown + 1;
    if (!dg->source_end || dg->source_end <= dg->source_column) {
        dg->source_end = dg->end_column > col && ch <= end ? shown + 1 : dg->source_column + 1;
        if (dg->source_end <= dg->source_column) dg->source_end = dg->source_column + 1;
    }
    dg->source = buf;
}

/* Forwards dg with its line quoted: only what is shown is quoted, so a warning repeated a
 * hundred thousand times costs one quote. */
static void show(ep_diag *d, const epistle_diagnostic *dg)
{
    char excerpt[1024];
    epistle_diagnostic quoted = *dg;
    quote_source(d, &quoted, excerpt, sizeof excerpt);
    forward(d, &quoted);
}

void ep_diag_replay(ep_diag *d, const epistle_diagnostic *dg)
{
    if (dg->severity == EPISTLE_NOTE) {
        ep_diag_flush(d);
        show(d, dg);
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
        /* Its count is said without the line again (and these point into the caller's frame). */
        d->last.source = d->last.hint = NULL;
        d->last.end_column = d->last.source_column = d->last.source_end = 0;
    }
    show(d, dg);
}

static void emit(ep_diag *d, epistle_severity sev, ep_pos pos, ep_code code, const char *hint, const char *fmt,
                 va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    epistle_diagnostic dg = {sev, pos.file, pos.line, pos.col, msg, ep_code_name(code), hint, pos.end, NULL, 0, 0};
    ep_diag_replay(d, &dg);
}

#define EP_EMIT(sev, hint)               \
    do {                                 \
        va_list ap;                      \
        va_start(ap, fmt);               \
        emit(d, sev, pos, code, hint, fmt, ap); \
        va_end(ap);                      \
    } while (0)

void ep_error_hint(ep_diag *d, ep_pos pos, ep_code code, const char *hint, const char *fmt, ...)
{
    EP_EMIT(EPISTLE_ERROR, hint);
}

void ep_warn_hint(ep_diag *d, ep_pos pos, ep_code code, const char *hint, const char *fmt, ...)
{
    EP_EMIT(EPISTLE_WARNING, hint);
}

void ep_error(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...)
{
    EP_EMIT(EPISTLE_ERROR, NULL);
}

void ep_warn(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...)
{
    EP_EMIT(EPISTLE_WARNING, NULL);
}

void ep_diag_keep(ep_arena *a, epistle_diagnostic **v, size_t *n, size_t *cap, const epistle_diagnostic *dg)
{
    *v = ep_arena_grow(a, *v, sizeof **v, cap, *n + 1);
    (*v)[*n] = *dg;
    (*v)[*n].message = ep_arena_strdup(a, dg->message);
    if (dg->hint) (*v)[*n].hint = ep_arena_strdup(a, dg->hint);
    if (dg->source) (*v)[*n].source = ep_arena_strdup(a, dg->source);
    (*n)++;
}

void ep_note(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...)
{
    EP_EMIT(EPISTLE_NOTE, NULL);
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

/* Terminal cells: East Asian wide and fullwidth characters take two, combining marks and
 * format characters none (so that a caret under Chinese or Arabic text lines up). */
static int cells(const char *s, int chars)
{
    int w = 0;
    int32_t i = 0, n = (int32_t)strlen(s);
    for (int k = 0; k < chars && i < n; k++) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) { w++; continue; }
        int8_t cat = (int8_t)u_charType(c);
        if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_FORMAT_CHAR) continue;
        int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        w += ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
    }
    return w;
}

void epistle_write_diagnostic(const epistle_diagnostic *dg, FILE *out, unsigned flags)
{
    const int colour = flags & EPISTLE_PRINT_COLOUR;
    const int err = dg->severity == EPISTLE_ERROR, note = dg->severity == EPISTLE_NOTE;
    const char *sev = err ? "error" : note ? "note" : "warning";
    const char *bold = colour ? "\033[1m" : "", *off = colour ? "\033[0m" : "";
    const char *tint = colour ? (err ? "\033[1;31m" : note ? "\033[1;36m" : "\033[1;35m") : "";
    const char *blue = colour ? "\033[1;34m" : "";
    char file[1024], msg[4096];
    /* Text from the input (a name, a value) is shown, never obeyed by the terminal. */
    ep_escape_controls(file, sizeof file, dg->file);
    ep_escape_controls(msg, sizeof msg, dg->message);
    if (dg->file && dg->line > 0)
        fprintf(out, "%s%s:%d:%d:%s ", bold, file, dg->line, dg->column > 0 ? dg->column : 1, off);
    else if (dg->file)
        fprintf(out, "%s%s:%s ", bold, file, off);
    else
        fprintf(out, "%sepistle:%s ", bold, off);
    fprintf(out, "%s%s:%s %s\n", tint, sev, off, msg);
    if (flags & EPISTLE_PRINT_BRIEF) return;
    char num[16];
    int gutter = snprintf(num, sizeof num, "%d", dg->line > 0 ? dg->line : 0);
    if (dg->source && dg->line > 0) {
        int col = dg->source_column > 0 ? dg->source_column : 1;
        int end = dg->source_end > col ? dg->source_end : col + 1;
        int lead = cells(dg->source, col - 1);
        int width = cells(dg->source, end - 1) - lead;
        fprintf(out, "%s%s |%s %s\n", blue, num, off, dg->source);
        fprintf(out, "%s%*s |%s %*s%s", blue, gutter, "", off, lead, "", tint);
        for (int k = 0; k < (width > 0 ? width : 1); k++) fputc('^', out);
        fprintf(out, "%s\n", off);
    }
    if (dg->hint) {
        ep_escape_controls(msg, sizeof msg, dg->hint);
        if (dg->source && dg->line > 0) fprintf(out, "%*s %s=%s ", gutter, "", blue, off);
        fprintf(out, "%shint:%s %s\n", bold, off, msg);
    }
}

void epistle_print_diagnostic(const epistle_diagnostic *dg, FILE *out)
{
    epistle_write_diagnostic(dg, out, 0);
}
