/* epistle — a letter composer and PDF typesetter.
 *
 * The public C API. The command-line tool is its first user: everything the tool does
 * goes through these calls. An engine holds what is shared between letters (the font
 * cache); it is created once and may serve many renders, from several threads. */
#ifndef EPISTLE_H
#define EPISTLE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EPISTLE_VERSION "0.1.0"

/* Exit codes of the command-line tool, and return codes of the calls below. */
typedef enum epistle_status {
    EPISTLE_OK = 0,
    EPISTLE_EINPUT = 1,   /* the letter (or its images, fonts) is wrong: see the diagnostics */
    EPISTLE_EUSAGE = 2,   /* the call itself is wrong */
    EPISTLE_ESYSTEM = 3,  /* the system failed: out of disk, permission, I/O */
    EPISTLE_ESTOPPED = 4  /* a merge was told to stop (its stop flag): the tool exits 128 + signal */
} epistle_status;

/* A note says what epistle did for the letter (fit it to fewer pages, say): it is neither a
 * problem nor counted as a warning. */
typedef enum epistle_severity { EPISTLE_WARNING, EPISTLE_ERROR, EPISTLE_NOTE } epistle_severity;

typedef struct epistle_diagnostic {
    epistle_severity severity;
    const char *file;   /* NULL if the message concerns no file */
    int line, column;   /* 1-based; 0 if unknown */
    const char *message;
    const char *code;   /* what kind of problem, a stable name such as "unknown-key" or "underfull"
                         * for scripts to match on (epistle(1) lists them); never NULL */
    /* Where the problem is, for showing it; the library fills these, a handler may ignore them. */
    const char *hint;   /* what to write instead, or NULL */
    int end_column;     /* the problem spans column .. end_column - 1 of line; 0: one place */
    const char *source; /* the input line (or an excerpt of a long one), tabs as spaces and
                         * control characters as U+FFFD; NULL when there is none */
    int source_column, source_end;  /* the span in characters of source, 1-based */
} epistle_diagnostic;

/* A handler may be called from several threads at once during a merge (one per worker): it
 * must be safe for that, as printing one line with one call is. */
typedef void (*epistle_diag_fn)(const epistle_diagnostic *d, void *user);

/* Prints "file:line:col: error: message" (the format every compiler uses), then the source
 * line with a caret under the place, and the hint. */
void epistle_print_diagnostic(const epistle_diagnostic *d, FILE *out);

enum {
    EPISTLE_PRINT_COLOUR = 1,  /* ANSI colours for a terminal */
    EPISTLE_PRINT_BRIEF = 2    /* only the first line: no source, no hint */
};
/* epistle_print_diagnostic with EPISTLE_PRINT_* flags. */
void epistle_write_diagnostic(const epistle_diagnostic *d, FILE *out, unsigned flags);

typedef struct epistle_engine epistle_engine;

epistle_engine *epistle_engine_new(void);
void epistle_engine_free(epistle_engine *engine);

/* A signer: a PKCS#12 file, or PEM key and certificate (and chain). The passphrase comes
 * from an environment variable, a file, or a prompt on the terminal. */
typedef struct epistle_sign_options {
    const char *field;         /* the signature field to fill (a signatory's name) */
    const char *p12;
    const char *key, *cert, *chain;
    const char *pass_env, *pass_file;
    int visible;               /* show the signer's name and the time in the field, set in
                                * the letter's own language, faces and size */
    const char *tsa;           /* an RFC 3161 time-stamp authority's URL: a trusted time (PAdES B-T) */
    int certify;               /* first signature only: 1 no changes allowed after it, 2 only
                                * filling forms and signing (DocMDP); 0 an approval signature */
    int ltv;                   /* add validation data in a document security store (PAdES B-LT): */
    const char *const *crls;   /* CRL files (PEM or DER), */
    size_t ncrls;
    const char *const *ocsp_responses;   /* OCSP responses (DER); without either, fetched */
    size_t nocsp_responses;
    epistle_engine *engine;    /* visible: the fonts it is set with (NULL: epistle_sign_file
                                * makes an engine for the call) */
} epistle_sign_options;

typedef struct epistle_options {
    epistle_diag_fn diag;      /* NULL: print to stderr */
    void *diag_user;
    int strict;                /* treat warnings as errors */
    const epistle_sign_options *sign;   /* render: also sign, for a single signer */
    int pdfa;                  /* write PDF/A-2b (archival) */
    int pdfua;                 /* declare PDF/UA-1 (accessible; the PDF is tagged either way) */
    const char *style;         /* a built-in style or a style file, in place of the style each
                                * part names (the letter's own style keys still apply); NULL: none */
    const char *trust_roots;   /* verify: trust the roots of this PEM file, not the system's */
} epistle_options;

/* Adds the fonts in folder dir (fonts shipped with the letters) to those the engine can use.
 * Before the first letter. */
epistle_status epistle_engine_add_fonts(epistle_engine *e, const char *dir, const epistle_options *opts);

/* Reads one or more letter files ("-" = standard input), each holding one or more parts,
 * and writes one PDF to out_path ("-" = standard output). The file is written to a
 * temporary name beside the target and renamed, so a failure never leaves a partial PDF. */
epistle_status epistle_render_files(epistle_engine *engine, const char *const *inputs,
                                    size_t ninputs, const char *out_path,
                                    const epistle_options *opts);

/* The same, into memory: *pdf is malloc'd and owned by the caller. */
epistle_status epistle_render_to_memory(epistle_engine *engine, const char *const *inputs,
                                        size_t ninputs, unsigned char **pdf, size_t *len,
                                        const epistle_options *opts);

/* Parses and lays out the letter, reporting diagnostics, without writing anything. */
epistle_status epistle_check_files(epistle_engine *engine, const char *const *inputs,
                                   size_t ninputs, const epistle_options *opts);

/* Writes a commented starter letter that renders as it is, in lang (NULL: from the layout,
 * else en-GB) for layout (NULL: block), to out_path ("-" or NULL: standard output). An
 * existing file is replaced only with overwrite. */
epistle_status epistle_new_letter(const char *out_path, const char *lang, const char *layout, int overwrite,
                                  const epistle_options *opts);

/* Fills one signature field of in_path with a PAdES signature, written to out_path as an
 * incremental update ("-" = standard input/output). The input is never modified. */
epistle_status epistle_sign_file(const char *in_path, const char *out_path, const epistle_sign_options *sign,
                                 const epistle_options *opts);

/* Prints every signature of path (as text, or as JSON); EPISTLE_OK only if there is at
 * least one and all are intact. */
epistle_status epistle_verify_file(const char *path, int json, FILE *out, const epistle_options *opts);

/* Calls fn with each file the letter reads: the inputs, their style files and images (for a
 * tool that watches them). Returns the status of reading the letter; the inputs are named
 * even when it fails. */
epistle_status epistle_letter_files(const char *const *inputs, size_t n, const epistle_options *opts,
                                    void (*fn)(const char *path, void *user), void *user);

/* Says which face sets which text of the letter (inputs), or, with no inputs, of a sample
 * letter in language lang: by place on the letter, with the file, the characters set in it
 * by script, and the characters no face has. As text, or JSON when json is set. */
epistle_status epistle_fonts_report(epistle_engine *engine, const char *const *inputs, size_t n, const char *lang,
                                    int json, FILE *out, const epistle_options *opts);

/* Adds a document time-stamp from the RFC 3161 time-stamp authority at tsa (PAdES B-LTA):
 * an incremental update, so that every signature before stays valid. */
epistle_status epistle_timestamp_file(const char *in_path, const char *out_path, const char *tsa,
                                      const epistle_options *opts);
/* Prints the names of the PDF's unsigned signature fields, one per line. */
epistle_status epistle_list_fields(const char *path, FILE *out, const epistle_options *opts);

/* How far a merge has got, for a progress display. */
typedef struct epistle_merge_progress {
    size_t done, failed;       /* records finished (failed among them) */
    size_t total;              /* records in this shard */
    double seconds;            /* since the merge started */
    int final;                 /* the last call: every worker has finished */
} epistle_merge_progress;

/* Batch production: one letter per record of a data file. */
typedef struct epistle_merge_options {
    epistle_diag_fn diag;      /* NULL: print to stderr; messages name the record */
    void *diag_user;
    int strict;
    const char *format;        /* "csv", "json", "jsonl"; NULL: from the data file's extension */
    const char *output;        /* file name pattern with {{field}}, e.g. "out/{{id}}.pdf" */
    const char *combine;       /* instead: one PDF of all letters */
    int jobs;                  /* worker threads; 0: one per core */
    int shard_k, shard_n;      /* render only the k-th (1-based) of n slices; 0: all */
    int overwrite;             /* allow records that name the same output */
    const char *report;        /* a JSON report, one entry per record */
    /* Called about ten times a second while letters are made, and once more at the end with
     * final set, always from the thread that called epistle_merge; NULL: never. */
    void (*progress)(const epistle_merge_progress *p, void *user);
    void *progress_user;
    int pdfa;                  /* write PDF/A-2b */
    int pdfua;                 /* declare PDF/UA-1 */
    int keep_going;            /* --combine: write the letters that succeeded, with a first page
                                * that lists the records missing */
    /* Set non-zero at any time (by a signal handler, say): no further record is started,
     * the letters in flight are finished and written, the report lists the records not
     * reached, no combined PDF is written, and the merge returns EPISTLE_ESTOPPED. */
    const volatile int *stop;  /* (a volatile sig_atomic_t, which is an int where epistle runs) */
    const char *style;         /* as epistle_options.style, for every letter */
    const char *delimiter;     /* a CSV's separator: ",", ";", "tab" or "|"; NULL: found from the header */
    struct epistle_merge_summary *summary;  /* filled at the end when not NULL */
    int list_files;            /* say each file written (a note per letter) */
} epistle_merge_options;

/* How a merge went, for the line a tool prints at the end. */
typedef struct epistle_merge_summary {
    size_t records;            /* in this shard */
    size_t written, failed, not_reached;
    double seconds;            /* wall clock, reading the data included */
    char delimiter[8];         /* the CSV's separator as a word (",", ";", "tab", "|"); "" for JSON */
} epistle_merge_summary;

/* Renders the template (one or more files) once per record. Failed records are reported
 * and the others go on: the result is EPISTLE_EINPUT if any record failed. */
epistle_status epistle_merge(epistle_engine *engine, const char *const *templates, size_t ntemplates,
                             const char *data, const epistle_merge_options *opts);

#ifdef __cplusplus
}
#endif
#endif
