/* Digital signatures: filling a signature field with a detached CMS signature (PAdES
 * baseline B-B: SHA-256, ETSI.CAdES.detached, signing-certificate-v2) in an incremental
 * update, and checking the signatures of a PDF. OpenSSL does the cryptography. */
#ifndef EP_SIGN_H
#define EP_SIGN_H

#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "sign/ltv.h"
#include "sign/pdfdoc.h"
#include "sign/timestamp.h"
#include "util/buf.h"

/* A visible signature's text: the signer's name and the signing time, set as the letter
 * asks (look) by the caller's text engine (the signing stage knows no fonts) to fit max_w by
 * max_h, and written to pdf as a one-page PDF whose page is the text's box (*w by *h); *rtl
 * when the text reads from right to left. 0, or -1 with an error reported. */
typedef struct ep_sigtext_req {
    const ep_siglook *look;
    const char *name;
    time_t when;
    double max_w, max_h;
    const char *path;          /* the PDF being signed, for messages */
} ep_sigtext_req;
typedef int (*ep_sigtext_fn)(void *ctx, ep_diag *d, const ep_sigtext_req *r, ep_buf *pdf, double *w, double *h,
                             int *rtl);

typedef struct ep_signer_opts {
    const char *p12;           /* a PKCS#12 file, or: */
    const char *key, *cert, *chain;   /* PEM files */
    const char *pass_env;      /* the passphrase from this environment variable */
    const char *pass_file;     /* or from the first line of this file */
    int visible;               /* show the signer's name and the time in the field, */
    ep_sigtext_fn sigtext;     /* set by this */
    void *sigtext_ctx;
    const char *tsa;           /* a time-stamp authority's URL: the signature gets a time-stamp */
    int certify;               /* 1 or 2: certify (DocMDP P=1: no changes; P=2: form filling and
                                * signing only); 0: an approval signature */
    int ltv;                   /* then add the validation data (PAdES B-LT): */
    const char *const *crls;   /* from these CRL files, */
    size_t ncrls;
    const char *const *ocsps;  /* these OCSP responses, or the servers the certificates name */
    size_t nocsps;
    /* otherwise it is asked for on the terminal (never taken from the command line) */
} ep_signer_opts;

/* Signs field `field` of the PDF in `in` (len bytes, read from path) and puts the whole
 * signed file in out. Nothing is written anywhere. */
int ep_sign_pdf(ep_diag *d, const char *path, const unsigned char *in, size_t len, const char *field,
                const ep_signer_opts *o, ep_buf *out);

/* Adds a document time-stamp (PAdES B-LTA) from the TSA at url to the PDF in `in`, putting
 * the whole file in out. */
int ep_timestamp_pdf(ep_diag *d, const char *path, const unsigned char *in, size_t len, const char *tsa, ep_buf *out);

typedef struct ep_sigcheck {
    char *field;               /* the fields whose value it is, ", "-separated */
    char *signer;              /* subject of the signing certificate */
    char *when;                /* /M, as written */
    int intact;                /* the signed bytes are unchanged and the signature is good */
    int whole;                 /* it covers the whole file (no later update) */
    char *problem;             /* why not intact */
    char *concerns;            /* what is weak about the signer's certificate, or NULL */
    long long covered;         /* bytes from the start that it covers (its byte range's end) */
    long revision, revisions;  /* it covers revision `revision` of `revisions` (0: no revision's end) */
    char *changed;             /* what a later update changed that signing does not, or NULL */
    char when_iso[32];         /* /M as ISO 8601 ("2026-12-01T00:34:38Z"), "" when it is no PDF date */
    int trusted;               /* the certificate chains to a root the verifier trusts, at the signing time */
    char *trust;               /* why not, or how (malloc'd) */
    const char *trust_words;   /* "trusted", "self-signed", "untrusted issuer", "expired at signing
                                * time", "revoked"... */
    int doc_timestamp;         /* it is a document time-stamp (tst is its token; signer its TSA) */
    int stamped;               /* it has a signature time-stamp (PAdES B-T): */
    ep_tst tst;                /* its time, its TSA, whether it is good and trusted */
    ep_revinfo rev;            /* the signer's certificate in the document's validation data */
    long long signed_at;       /* the time-stamp's time, else /M's (seconds since 1970; 0: none) */
    int certifies;             /* it certifies the letter: DocMDP /P (1 no changes, 2 signing only) */
} ep_sigcheck;

/* Checks every signature (one per signature dictionary, however many fields hold it), trusting
 * the roots of the PEM file ca, or the system's (NULL); returns the number of checks in *out
 * (malloc'd), and the names of the fields not signed yet in *unsigned_fields (malloc'd, each
 * too). -1 if the file cannot be read as a PDF. A
 * signature is good when it is intact and nothing but signing changed the file after it. */
int ep_verify_pdf(ep_diag *d, const char *path, const unsigned char *in, size_t len, const char *ca, ep_sigcheck **out,
                  char ***unsigned_fields, size_t *nunsigned);
void ep_sigchecks_free(ep_sigcheck *c, size_t n);

#endif
