#ifndef EP_SIGN_KEYS_H
#define EP_SIGN_KEYS_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "sign/sign.h"

typedef struct ep_signer {
    EVP_PKEY *key;
    X509 *cert;
    STACK_OF(X509) *chain;
} ep_signer;

int ep_signer_load(ep_diag *d, const ep_signer_opts *o, ep_signer *s);

/* What is weak about a signing certificate (and its key), as sentences separated by "; ":
 * out of its validity period, RSA below 2048 bits, signed with MD5 or SHA-1. Empty if
 * nothing. Signing warns with it; verify reports it. */
void ep_cert_concerns(X509 *cert, char *out, size_t size);
void ep_signer_free(ep_signer *s);

/* The roots a verifier trusts: those of the PEM file ca, else the system's (OpenSSL's default
 * paths, which SSL_CERT_FILE and SSL_CERT_DIR change). NULL if they cannot be read. */
X509_STORE *ep_trust_store(const char *ca);
/* OpenSSL's verdict on a chain, in the words a signer's reader needs: "self-signed",
 * "untrusted issuer", "expired at signing time", ... */
const char *ep_trust_words(int x509_error);

#endif
