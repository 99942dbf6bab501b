#include "sign/timestamp.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sign/http.h"
#include "sign/keys.h"

enum { EP_TSA_MAX_REPLY = 1 << 20 };

static const char *reason(void)
{
    unsigned long e = ERR_peek_last_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;
    return r ? r : "unknown error";
}

static TS_REQ *request_for(const unsigned char *hash, unsigned hlen)
{
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    BIGNUM *bn = BN_new();
    ASN1_INTEGER *nonce = NULL;
    int ok = req && mi && alg && bn && TS_REQ_set_version(req, 1) &&
             X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) && TS_MSG_IMPRINT_set_algo(mi, alg) &&
             TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)hash, (int)hlen) && TS_REQ_set_msg_imprint(req, mi) &&
             /* a nonce, so that an old answer cannot be replayed for this request */
             BN_rand(bn, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) && (nonce = BN_to_ASN1_INTEGER(bn, NULL)) &&
             TS_REQ_set_nonce(req, nonce) &&
             /* the TSA's certificate in the token, so that a verifier needs nothing else */
             TS_REQ_set_cert_req(req, 1);
    ASN1_INTEGER_free(nonce);
    BN_free(bn);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(mi);
    if (!ok) {
        TS_REQ_free(req);
        return NULL;
    }
    return req;
}

/* The hash of the bytes by md, in hash (EVP_MAX_MD_SIZE); its length, 0 on failure. */
static unsigned digest(const EVP_MD *md, ep_stamped data, unsigned char *hash)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned n = 0;
    if (!ctx || !EVP_DigestInit_ex(ctx, md, NULL) || !EVP_DigestUpdate(ctx, data.a, data.na) ||
        (data.nb && !EVP_DigestUpdate(ctx, data.b, data.nb)) || !EVP_DigestFinal_ex(ctx, hash, &n))
        n = 0;
    EVP_MD_CTX_free(ctx);
    return n;
}

unsigned char *ep_tsa_token(ep_diag *d, const char *url, ep_stamped data, int *len)
{
    ep_pos at = ep_pos_make(NULL, 0, 0);
    unsigned char hash[EVP_MAX_MD_SIZE], *der = NULL, *token = NULL;
    unsigned hlen = 0;
    TS_REQ *req = NULL;
    TS_RESP *resp = NULL;
    TS_VERIFY_CTX *vctx = NULL;
    ep_buf answer;
    ep_buf_init(&answer);
    ERR_clear_error();
    int derlen = -1;
    if (!(hlen = digest(EVP_sha256(), data, hash)) || !(req = request_for(hash, hlen)) ||
        (derlen = i2d_TS_REQ(req, &der)) <= 0) {
        ep_error(d, at, EP_C_TIMESTAMP, "cannot make the time-stamp request: %s", reason());
        goto done;
    }
    char why[300];
    if (ep_http_exchange(url, "application/timestamp-query", der, (size_t)derlen, "application/timestamp-reply",
                         EP_TSA_MAX_REPLY, &answer, why, sizeof why)) {
        ep_error(d, at, EP_C_NETWORK, "%s", why);
        goto done;
    }
    const unsigned char *p = (const unsigned char *)answer.data;
    if (!(resp = d2i_TS_RESP(NULL, &p, (long)answer.len))) {
        ep_error(d, at, EP_C_TIMESTAMP, "%s: the answer is not a time-stamp response", url);
        goto done;
    }
    /* Status, version, this hash and this nonce: what the request asked for. */
    if (!(vctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL)) || !TS_RESP_verify_response(vctx, resp)) {
        TS_STATUS_INFO *st = TS_RESP_get_status_info(resp);
        const ASN1_UTF8STRING *text = st && TS_STATUS_INFO_get0_text(st) ? sk_ASN1_UTF8STRING_value(TS_STATUS_INFO_get0_text(st), 0) : NULL;
        long status = st ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(st)) : -1;
        if (status > 1)
            ep_error(d, at, EP_C_TIMESTAMP, "%s refused the time-stamp (status %ld%s%.*s)", url, status,
                     text ? ": " : "", text ? ASN1_STRING_length(text) : 0, text ? (const char *)ASN1_STRING_get0_data(text) : "");
        else
            ep_error(d, at, EP_C_TIMESTAMP, "%s: the time-stamp does not answer the request: %s", url, reason());
        goto done;
    }
    PKCS7 *tok = TS_RESP_get_token(resp);
    int tlen = tok ? i2d_PKCS7(tok, &token) : -1;
    if (tlen <= 0) {
        ep_error(d, at, EP_C_TIMESTAMP, "%s: the time-stamp response carries no token", url);
        goto done;
    }
    /* The TSA's own signature on the token (whether its certificate is trusted is the
     * verifier's question, as it is for the signer's). */
    ep_tst t;
    ep_tst_check(token, (size_t)tlen, data, NULL, &t);
    if (!t.good) {
        ep_error(d, at, EP_C_TIMESTAMP, "%s: the time-stamp token is not good: %s", url, t.problem);
        OPENSSL_free(token);
        token = NULL;
        goto done;
    }
    *len = tlen;
done:
    ERR_clear_error();
    TS_VERIFY_CTX_free(vctx);
    TS_RESP_free(resp);
    TS_REQ_free(req);
    OPENSSL_free(der);
    ep_buf_free(&answer);
    return token;
}

static void trust_of(PKCS7 *p7, X509 *tsa, const char *ca, time_t at, ep_tst *out)
{
    X509_STORE *store = ep_trust_store(ca);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    STACK_OF(X509) *certs = p7->d.sign ? p7->d.sign->cert : NULL;
    out->trust_words = "not trusted";
    if (store && ctx && X509_STORE_CTX_init(ctx, store, tsa, certs)) {
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_TIMESTAMP_SIGN);
        if (at) X509_STORE_CTX_set_time(ctx, 0, at);
        if (X509_verify_cert(ctx) == 1) {
            out->trusted = 1;
            out->trust_words = "trusted";
            snprintf(out->trust, sizeof out->trust, "a chain to a root %s", ca ? "of --ca" : "the system trusts");
        } else {
            int e = X509_STORE_CTX_get_error(ctx);
            out->trust_words = ep_trust_words(e);
            snprintf(out->trust, sizeof out->trust, "%s", X509_verify_cert_error_string(e));
        }
    } else {
        snprintf(out->trust, sizeof out->trust, "the trust store cannot be read");
    }
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
}

void ep_tst_check(const unsigned char *token, size_t len, ep_stamped data, const char *ca, ep_tst *out)
{
    memset(out, 0, sizeof *out);
    const unsigned char *p = token;
    PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)len);
    TS_TST_INFO *info = p7 ? PKCS7_to_TS_TST_INFO(p7) : NULL;
    STACK_OF(X509) *signers = NULL;
    if (!info) {
        snprintf(out->problem, sizeof out->problem, "not an RFC 3161 time-stamp token");
        goto done;
    }
    const ASN1_GENERALIZEDTIME *gt = TS_TST_INFO_get_time(info);
    struct tm tm;
    if (gt && ASN1_TIME_to_tm(gt, &tm)) {
        out->when = (long long)timegm(&tm);
        snprintf(out->when_iso, sizeof out->when_iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    /* The imprint: the hash the TSA signed, against the hash of the data, by the algorithm
     * the token names. */
    TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(info);
    const EVP_MD *md = EVP_get_digestbyobj(TS_MSG_IMPRINT_get_algo(mi)->algorithm);
    ASN1_OCTET_STRING *signed_hash = TS_MSG_IMPRINT_get_msg(mi);
    unsigned char hash[EVP_MAX_MD_SIZE];
    unsigned hlen = 0;
    if (!md || !(hlen = digest(md, data, hash)) || (int)hlen != ASN1_STRING_length(signed_hash) ||
        memcmp(hash, ASN1_STRING_get0_data(signed_hash), hlen)) {
        snprintf(out->problem, sizeof out->problem, "it is over other bytes than those it should vouch for");
        goto done;
    }
    /* The TSA's signature over the token's content, with the certificates it carries. */
    if (PKCS7_verify(p7, NULL, NULL, NULL, NULL, PKCS7_NOVERIFY) != 1) {
        snprintf(out->problem, sizeof out->problem, "the TSA's signature on it does not verify (%s)", reason());
        goto done;
    }
    signers = PKCS7_get0_signers(p7, NULL, 0);
    X509 *tsa = signers && sk_X509_num(signers) ? sk_X509_value(signers, 0) : NULL;
    if (tsa) {
        BIO *b = BIO_new(BIO_s_mem());
        char *text = NULL;
        long tn = b && X509_NAME_print_ex(b, X509_get_subject_name(tsa), 0, XN_FLAG_RFC2253) >= 0 ? BIO_get_mem_data(b, &text) : 0;
        snprintf(out->tsa, sizeof out->tsa, "%.*s", (int)(tn < 255 ? tn : 255), text ? text : "");
        BIO_free(b);
        /* RFC 3161 2.3: the TSA's certificate is for time-stamping only (critical EKU). */
        if (!(X509_get_extension_flags(tsa) & EXFLAG_XKUSAGE) || !(X509_get_extended_key_usage(tsa) & XKU_TIMESTAMP)) {
            snprintf(out->problem, sizeof out->problem, "its signer's certificate is not for time-stamping");
            goto done;
        }
        trust_of(p7, tsa, ca, (time_t)out->when, out);
    }
    out->good = 1;
done:
    ERR_clear_error();
    sk_X509_free(signers);
    TS_TST_INFO_free(info);
    PKCS7_free(p7);
}
