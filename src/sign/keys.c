/* The signer's key and certificates: PKCS#12 or PEM, with a passphrase that never comes
 * from the command line (so that it does not show in `ps` or shell history). */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/ui.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sign/keys.h"

/* Returns 0 with *given set if a passphrase came from the environment, a file or the
 * terminal; -1 (reported) if one was asked for and could not be had. */
static int passphrase(ep_diag *d, const ep_signer_opts *o, const char *what, char *buf, size_t size, int *given)
{
    buf[0] = 0;
    *given = o->pass_env || o->pass_file || isatty(0);
    if (o->pass_env) {
        const char *v = getenv(o->pass_env);
        if (!v) {
            ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_PASSPHRASE, "the environment variable %s is not set", o->pass_env);
            return -1;
        }
        snprintf(buf, size, "%s", v);
        return 0;
    }
    if (o->pass_file) {
        FILE *f = fopen(o->pass_file, "r");
        if (!f || !fgets(buf, (int)size, f)) {
            ep_error(d, ep_pos_make(o->pass_file, 0, 0), EP_C_PASSPHRASE, "cannot read the passphrase");
            if (f) fclose(f);
            return -1;
        }
        fclose(f);
        buf[strcspn(buf, "\r\n")] = 0;
        return 0;
    }
    if (isatty(0)) {
        char prompt[300];
        snprintf(prompt, sizeof prompt, "Passphrase for %s: ", what);
        if (EVP_read_pw_string(buf, (int)size, prompt, 0)) {
            ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_PASSPHRASE, "no passphrase was given");
            return -1;
        }
    }
    return 0;
}

static const char *ssl_error(void)
{
    static _Thread_local char msg[256];
    unsigned long e = ERR_peek_last_error();
    ERR_error_string_n(e, msg, sizeof msg);
    ERR_clear_error();
    return e ? msg : "unknown error";
}

/* A key that could not be opened: for want of a passphrase when none was given, else
 * (it: what the message calls the file) for a wrong one or a file without a key. */
static void key_refused(ep_diag *d, const char *path, int none_given, const char *it, const char *wrong)
{
    ERR_clear_error();
    if (none_given)
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_PASSPHRASE,
                 "%s needs a passphrase and none was given (--pass-env VAR or --pass-file FILE)", it);
    else
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_KEY, "%s", wrong);
}

int ep_signer_load(ep_diag *d, const ep_signer_opts *o, ep_signer *s)
{
    memset(s, 0, sizeof *s);
    char pass[1024];
    if (o->p12) {
        FILE *f = fopen(o->p12, "rb");
        PKCS12 *p12 = f ? d2i_PKCS12_fp(f, NULL) : NULL;
        if (f) fclose(f);
        if (!p12) {
            ep_error(d, ep_pos_make(o->p12, 0, 0), EP_C_KEY, "cannot read the PKCS#12 file");
            return -1;
        }
        int given;
        if (passphrase(d, o, o->p12, pass, sizeof pass, &given)) {
            PKCS12_free(p12);
            return -1;
        }
        /* PKCS#12 files from older tools (and Windows before 2019) are encrypted with RC2 or
         * 3DES, which OpenSSL 3 keeps in its legacy provider: loaded for the parse only (the
         * default provider stays the fallback), and unloaded after it. */
        OSSL_PROVIDER *legacy = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
        /* An empty passphrase and none at all are different to PKCS#12: try both. */
        int ok = PKCS12_parse(p12, pass, &s->key, &s->cert, &s->chain);
        if (!ok && !pass[0]) ok = PKCS12_parse(p12, NULL, &s->key, &s->cert, &s->chain);
        if (legacy) OSSL_PROVIDER_unload(legacy);
        OPENSSL_cleanse(pass, sizeof pass);
        PKCS12_free(p12);
        if (!ok || !s->key || !s->cert) {
            key_refused(d, o->p12, !ok && !given, "the PKCS#12 file",
                        "wrong passphrase, or the file holds no key and certificate");
            ep_signer_free(s);
            return -1;
        }
    } else {
        if (!o->key || !o->cert) {
            ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_USAGE, "give --p12 FILE, or --key KEY.pem and --cert CERT.pem");
            return -1;
        }
        BIO *b = BIO_new_file(o->cert, "r");
        s->cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
        BIO_free(b);
        if (!s->cert) {
            ep_error(d, ep_pos_make(o->cert, 0, 0), EP_C_KEY, "cannot read the certificate: %s", ssl_error());
            return -1;
        }
        int given;
        if (passphrase(d, o, o->key, pass, sizeof pass, &given)) {
            ep_signer_free(s);
            return -1;
        }
        b = BIO_new_file(o->key, "r");
        s->key = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, pass) : NULL;
        OPENSSL_cleanse(pass, sizeof pass);
        BIO_free(b);
        if (!s->key) {
            key_refused(d, o->key, !given && !pass[0], "cannot read the key: it", "cannot read the key (wrong passphrase?)");
            ep_signer_free(s);
            return -1;
        }
        if (o->chain) {
            s->chain = sk_X509_new_null();
            b = BIO_new_file(o->chain, "r");
            X509 *c;
            while (b && (c = PEM_read_bio_X509(b, NULL, NULL, NULL))) sk_X509_push(s->chain, c);
            ERR_clear_error();
            BIO_free(b);
        }
    }
    /* PDF signatures are RSA or ECDSA (PAdES); EdDSA has no reader that checks it yet. */
    int type = EVP_PKEY_get_base_id(s->key);
    if (type == EVP_PKEY_RSA_PSS) {
        /* A key restricted to PSS needs RSASSA-PSS parameters in the SignerInfo, which the
         * signer does not write yet: refused rather than a signature no reader accepts. */
        ep_error(d, ep_pos_make(o->p12 ? o->p12 : o->key, 0, 0), EP_C_KEY,
                 "the key is an RSA-PSS key, which epistle cannot sign with yet: use an RSA (PKCS #1) or ECDSA key");
        ep_signer_free(s);
        return -1;
    }
    if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC) {
        ep_error(d, ep_pos_make(o->p12 ? o->p12 : o->key, 0, 0), EP_C_KEY,
                 "the key is %s: PDF signatures take RSA or ECDSA keys (PAdES), which PDF readers can check",
                 OBJ_nid2sn(type) ? OBJ_nid2sn(type) : "of an unknown type");
        ep_signer_free(s);
        return -1;
    }
    if (!X509_check_private_key(s->cert, s->key)) {
        ERR_clear_error();
        ep_error(d, ep_pos_make(o->p12 ? o->p12 : o->key, 0, 0), EP_C_KEY, "the key does not belong to the certificate");
        ep_signer_free(s);
        return -1;
    }
    return 0;
}

void ep_cert_concerns(X509 *cert, char *out, size_t size)
{
    size_t len = 0;
    out[0] = 0;
#define CONCERN(...) \
    do { \
        if (len && len + 2 < size) len += (size_t)snprintf(out + len, size - len, "; "); \
        if (len < size) len += (size_t)snprintf(out + len, size - len, __VA_ARGS__); \
    } while (0)
    if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) CONCERN("the certificate has expired");
    if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0) CONCERN("the certificate is not valid yet");
    EVP_PKEY *key = X509_get0_pubkey(cert);
    if (key && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA && EVP_PKEY_get_bits(key) < 2048)
        CONCERN("its RSA key has %d bits, fewer than the 2048 now required", EVP_PKEY_get_bits(key));
    int md = NID_undef, pk = NID_undef;
    if (OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md, &pk) && (md == NID_md5 || md == NID_sha1))
        CONCERN("it is signed with %s, which can be forged", md == NID_md5 ? "MD5" : "SHA-1");
#undef CONCERN
}

void ep_signer_free(ep_signer *s)
{
    EVP_PKEY_free(s->key);
    X509_free(s->cert);
    sk_X509_pop_free(s->chain, X509_free);
    memset(s, 0, sizeof *s);
}

X509_STORE *ep_trust_store(const char *ca)
{
    X509_STORE *store = X509_STORE_new();
    if (store && !(ca ? X509_STORE_load_file(store, ca) : X509_STORE_set_default_paths(store))) {
        X509_STORE_free(store);
        store = NULL;
    }
    return store;
}

const char *ep_trust_words(int e)
{
    switch (e) {
    case X509_V_OK: return "trusted";
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: return "self-signed";
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: return "untrusted issuer";
    case X509_V_ERR_CERT_HAS_EXPIRED: return "expired at signing time";
    case X509_V_ERR_CERT_NOT_YET_VALID: return "not yet valid at signing time";
    case X509_V_ERR_CERT_REVOKED: return "revoked";
    case X509_V_ERR_INVALID_PURPOSE: return "not for this purpose";
    default: return "not trusted";
    }
}
