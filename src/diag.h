/* Diagnostics: every message a user sees goes through here, so that each carries
 * "file:line:col: severity: message" and the exit code follows from what was reported. */
#ifndef EP_DIAG_H
#define EP_DIAG_H

#include "epistle/epistle.h"
#include "util/arena.h"

typedef struct ep_pos {
    const char *file;   /* NULL when the message has no file */
    int line, col;      /* 1-based; 0 when unknown */
    int end;            /* the column after the span on the same line; 0: the place only */
} ep_pos;

/* A line of an input file, without its newline. */
typedef struct ep_srcline {
    const char *s;
    size_t len;
} ep_srcline;

/* An input file's lines, kept (in the letter's arena) so that a diagnostic can show the line
 * it points at. */
typedef struct ep_source {
    const char *file;
    const ep_srcline *lines;
    size_t nlines;
    int first_line;              /* the line number of lines[0] */
    const struct ep_source *next;
} ep_source;

/* Every diagnostic has a code: a stable kebab-case name that scripts match on (messages are
 * for people and may be reworded). epistle(1) lists them under DIAGNOSTICS; a test checks that
 * the list there and this one agree. Codes are never renamed or reused once released. */
#define EP_DIAG_CODES(X)                                                                         \
    X(USAGE, "usage")                       /* the command or API call is wrong */               \
    X(IO, "io")                             /* a file cannot be read or written */               \
    X(TOO_LARGE, "too-large")               /* an input is beyond a size limit */                \
    X(ENCODING, "encoding")                 /* invalid UTF-8 or a NUL character */               \
    X(FRONT_MATTER, "front-matter")         /* the front matter is not closed */                 \
    X(YAML_SYNTAX, "yaml-syntax")           /* the front matter is not YAML */                   \
    X(YAML_LIMIT, "yaml-limit")             /* anchors, aliases, too many values */              \
    X(NESTING, "nesting")                   /* front matter or body nested too deep */           \
    X(UNKNOWN_KEY, "unknown-key")           /* a front matter key the format does not have */    \
    X(DUPLICATE_KEY, "duplicate-key")       /* a key given twice in one mapping */               \
    X(WRONG_TYPE, "wrong-type")             /* a value of the wrong kind (list, string, ...) */  \
    X(MISSING_KEY, "missing-key")           /* a required key is absent */                       \
    X(UNKNOWN_LANGUAGE, "unknown-language") /* lang is not a BCP 47 tag */                       \
    X(UNKNOWN_PAPER, "unknown-paper")                                                            \
    X(UNKNOWN_LAYOUT, "unknown-layout")                                                          \
    X(INVALID_VALUE, "invalid-value")       /* a value outside what the key accepts */           \
    X(IMAGE, "image")                       /* a logo or signature image is unusable */          \
    X(LINK, "link")                         /* a link target not http, https or mailto: text only */ \
    X(EMPTY_PART, "empty-part")             /* a part with nothing to set */                     \
    X(ADDRESS_WINDOW, "address-window")     /* the address does not fit the envelope window */  \
    X(LOOSE, "loose")                       /* a justified line looser than badness 200 */      \
    X(UNDERFULL, "underfull")               /* a justified line stretched beyond badness 1000 */ \
    X(OVERFULL, "overfull")                 /* a word wider than the line */                     \
    X(FONT_FALLBACK, "font-fallback")       /* no font for a character; .notdef is drawn */      \
    X(NO_FONT, "no-font")                   /* no usable font at all */                          \
    X(FONT_EMBED, "font-embed")             /* a font cannot be subset or embedded */            \
    X(ICC_PROFILE, "icc-profile")           /* PDF/A without an sRGB profile installed */        \
    X(PDF_WRITE, "pdf-write")               /* libharu failed to write the PDF */                \
    X(MISSING_FIELD, "missing-field")       /* a template field the record lacks */              \
    X(DATA_SYNTAX, "data-syntax")           /* the data file is not valid CSV or JSON */         \
    X(DATA_SHAPE, "data-shape")             /* valid, but not a table of text records */         \
    X(DUPLICATE_OUTPUT, "duplicate-output") /* two records would write the same file */          \
    X(INCOMPLETE, "incomplete")             /* a merge stopped, or --combine lacks a letter */   \
    X(PDF_READ, "pdf-read")                 /* the PDF to sign cannot be parsed */               \
    X(PDF_ENCRYPTED, "pdf-encrypted")                                                            \
    X(PDF_UNSUPPORTED, "pdf-unsupported")   /* a PDF structure the signer cannot update */       \
    X(PASSPHRASE, "passphrase")             /* no passphrase could be had */                     \
    X(KEY, "key")                           /* key or certificate unreadable or mismatched */    \
    X(NO_FIELD, "no-field")                 /* no signature field of that name */                \
    X(ALREADY_SIGNED, "already-signed")                                                          \
    X(SIGNATURE, "signature")               /* OpenSSL could not make the signature */           \
    X(WEAK_CERTIFICATE, "weak-certificate") /* expired, not yet valid, short RSA, MD5 or SHA-1 */ \
    X(NETWORK, "network")                   /* a server (TSA, OCSP, CRL) unreachable or wrong */ \
    X(TIMESTAMP, "timestamp")               /* a time-stamp refused, or not for this request */  \
    X(LTV, "ltv")                           /* validation data missing, or a certificate revoked */ \
    X(FIT, "fit")                           /* (a note) a part was set tighter to save a page */ \
    X(WROTE, "wrote")                       /* (a note) a file was written */                    \
    X(INTERNAL, "internal")                 /* a library failed (out of memory?) */

#define EP_DIAG_ENUM(id, name) EP_C_##id,
typedef enum ep_code { EP_DIAG_CODES(EP_DIAG_ENUM) EP_C_COUNT } ep_code;
#undef EP_DIAG_ENUM

const char *ep_code_name(ep_code c);

typedef struct ep_diag {
    epistle_diag_fn fn;
    void *user;
    int errors, warnings;
    /* The last warning, to collapse its repeats ("... and 3,000 more like it"). */
    epistle_diagnostic last;
    char last_message[1024];
    int has_last;
    long repeats;
    const ep_source *sources;  /* what diagnostics may quote; shared, read-only */
} ep_diag;

void ep_diag_init(ep_diag *d, epistle_diag_fn fn, void *user);
void ep_error(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void ep_warn(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void ep_note(ep_diag *d, ep_pos pos, ep_code code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* An error or warning with a hint: what to write instead (shown under the source line). */
void ep_error_hint(ep_diag *d, ep_pos pos, ep_code code, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void ep_warn_hint(ep_diag *d, ep_pos pos, ep_code code, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* text's lines (text len bytes, kept as it is, in a), as a source of file whose first line
 * is line 1. */
ep_source *ep_source_lines(ep_arena *a, const char *file, const char *text, size_t len);
/* Lets later diagnostics quote the lines of file (s, allocated by the caller where it outlives
 * them, lines[0] being line first_line). */
void ep_diag_add_source(ep_diag *d, ep_source *s);
/* Reports a diagnostic made earlier (kept by a cache) as it was first reported. A warning
 * identical to the one before it (place, code and words) is counted, not shown again. */
void ep_diag_replay(ep_diag *d, const epistle_diagnostic *dg);
/* Appends a copy of dg to the vector *v (n of cap), its message copied into a, to be replayed
 * later; its file name and code are kept as they point (they outlive the letter). */
void ep_diag_keep(ep_arena *a, epistle_diagnostic **v, size_t *n, size_t *cap, const epistle_diagnostic *dg);
/* Says how many repeats of the last warning were not shown ("... and N more like it"):
 * at the end of a letter, before anything else is reported. */
void ep_diag_flush(ep_diag *d);

static inline ep_pos ep_pos_make(const char *file, int line, int col)
{
    ep_pos p = {file, line, col, 0};
    return p;
}

static inline ep_pos ep_span_make(const char *file, int line, int col, int end)
{
    ep_pos p = {file, line, col, end};
    return p;
}

/* in with its control characters (C0, DEL, C1) written out as \x1b or U+0085, so that a
 * diagnostic never drives the terminal it is shown on. Returns out. */
const char *ep_escape_controls(char *out, size_t size, const char *in);

#endif
