/* Long-term validation (PAdES B-LT): the certificates up to each root and the revocation data
 * (OCSP responses, CRLs) of the signatures and time-stamps of a PDF, kept in its document
 * security store (/DSS), so that the signatures can be checked when the CAs' servers are gone.
 * The data comes from files the signer gives, or from the servers each certificate names
 * (its AIA's issuer and OCSP responder, its CRL distribution points). */
#ifndef EP_SIGN_LTV_H
#define EP_SIGN_LTV_H

#include <openssl/x509.h>
#include <stddef.h>

#include "diag.h"
#include "sign/pdfdoc.h"
#include "util/buf.h"

typedef struct ep_ltv_opts {
    const char *chain;                 /* more certificates, PEM */
    const char *const *crls;           /* CRL files, PEM or DER */
    size_t ncrls;
    const char *const *ocsps;          /* OCSP responses, DER */
    size_t nocsps;
} ep_ltv_opts;

/* Adds the DSS update to the PDF in pdf (replaced by the updated file). The newest signature
 * (the one covering the whole file) must have complete, good validation data, else an error;
 * for earlier ones, a warning says what is missing or revoked. */
int ep_ltv_add(ep_diag *d, const char *path, const ep_ltv_opts *o, ep_buf *pdf);

/* What the revocation data says of a certificate. */
typedef enum ep_revstatus { EP_REV_NONE, EP_REV_GOOD, EP_REV_REVOKED, EP_REV_UNKNOWN } ep_revstatus;

typedef struct ep_revinfo {
    ep_revstatus status;
    char source[16];           /* "OCSP" or "CRL" */
    long long produced;        /* when the response or CRL was issued (seconds since 1970) */
    long long revoked_at;      /* EP_REV_REVOKED: since when */
} ep_revinfo;

/* The status of cert (issued by issuer) in the given OCSP responses and CRLs (DER). */
ep_revinfo ep_revocation_of(X509 *cert, X509 *issuer, STACK_OF(X509) *pool, const ep_blob *ocsps, size_t nocsps,
                            const ep_blob *crls, size_t ncrls);

/* The issuer of cert among certs (NULL if none; cert itself when it is self-issued). */
X509 *ep_issuer_in(X509 *cert, STACK_OF(X509) *certs);

#endif
