/* RFC 3161 time-stamps: a time-stamp authority (TSA) signs the hash of some bytes with the
 * time, which later proves the bytes existed then. A signature's time-stamp is over its
 * signature value (PAdES B-T); a document time-stamp over the file (B-LTA). */
#ifndef EP_SIGN_TIMESTAMP_H
#define EP_SIGN_TIMESTAMP_H

#include <stddef.h>

#include "diag.h"

/* The bytes a time-stamp is over: one or two pieces (a document time-stamp's byte range). */
typedef struct ep_stamped {
    const unsigned char *a, *b;
    size_t na, nb;
} ep_stamped;

/* Asks the TSA at url for a token over SHA-256 of the bytes, and checks the answer
 * before anyone relies on it: granted, for this hash and this request's nonce, signed by a
 * certificate for time-stamping whose signature verifies. Returns the token (DER, a CMS
 * SignedData; OPENSSL_free it) and its length in *len; NULL after an error. */
unsigned char *ep_tsa_token(ep_diag *d, const char *url, ep_stamped data, int *len);

typedef struct ep_tst {
    char when_iso[40];    /* the time the TSA vouches for, ISO 8601 UTC */
    long long when;       /* the same, seconds since 1970 */
    char tsa[256];        /* the TSA certificate's subject */
    int good;             /* signed by the TSA, and over SHA-256 (or the hash it names) of the data */
    char problem[160];    /* why not good */
    int trusted;          /* the TSA chains to a root the verifier trusts */
    char trust[160];      /* OpenSSL's reason */
    const char *trust_words;   /* "trusted", "untrusted issuer", ... (ep_trust_words) */
} ep_tst;

/* Reads a token (DER) and checks it against the bytes it should be over; its TSA against the
 * roots of the PEM file ca, or the system's (NULL). */
void ep_tst_check(const unsigned char *token, size_t len, ep_stamped data, const char *ca, ep_tst *out);

#endif
