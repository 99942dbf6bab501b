/* Checking the signatures of a PDF: for each signed field, are the bytes it covers the
 * bytes that were signed, is the CMS signature good for them, and does it cover the whole
 * file or did later updates follow (as they do after a second signatory signs)? */
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "sign/keys.h"
#include "sign/pdfdoc.h"
#include "sign/sign.h"

static char *subject_of(X509 *cert)
{
    BIO *b = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(b, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    char *p;
    long n = BIO_get_mem_data(b, &p);
    char *s = malloc((size_t)n + 1);
    memcpy(s, p, (size_t)n);
    s[n] = 0;
    BIO_free(b);
    return s;
}

static void check(const ep_pdfdoc *doc, const ep_sigfield *f, ep_sigcheck *c)
{
    const long long *r = f->range;
    long long len = (long long)doc->len;
    if (r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0 || r[2] + r[3] > len) {
        c->problem = strdup("its byte range does not fit the file");
        return;
    }
    if (doc->data[r[1]] != '<' || doc->data[r[2] - 1] != '>') {
        c->problem = strdup("its byte range leaves out more than its signature");
        return;
    }
    c->whole = r[2] + r[3] == len;
    const unsigned char *p = f->contents;
    CMS_ContentInfo *cms = f->contents ? d2i_CMS_ContentInfo(NULL, &p, (long)f->ncontents) : NULL;
    if (!cms) {
        c->problem = strdup("its signature is not a CMS structure");
        ERR_clear_error();
        return;
    }
    BIO *data = BIO_new(BIO_s_mem());
    BIO_write(data, doc->data, (int)r[1]);
    BIO_write(data, doc->data + r[2], (int)r[3]);
    /* The signature and the digest of the signed bytes; whether the certificate is trusted
     * is a question for the reader's trust store (pdfsig answers it). */
    int ok = CMS_verify(cms, NULL, NULL, data, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY);
    STACK_OF(X509) *signers = CMS_get0_signers(cms);
    if (signers && sk_X509_num(signers) > 0) {
        c->signer = subject_of(sk_X509_value(signers, 0));
        char weak[512];
        ep_cert_concerns(sk_X509_value(signers, 0), weak, sizeof weak);
        if (*weak) c->concerns = strdup(weak);
    }
    sk_X509_free(signers);
    if (ok) c->intact = 1;
    else {
        const char *why = ERR_reason_error_string(ERR_peek_last_error());
        c->problem = strdup(why && strstr(why, "digest") ? "the signed bytes have changed" : why ? why : "bad signature");
    }
    ERR_clear_error();
    BIO_free(data);
    CMS_ContentInfo_free(cms);
}

int ep_verify_pdf(ep_diag *d, const char *path, const unsigned char *in, size_t len, ep_sigcheck **out)
{
    ep_pdfdoc doc;
    *out = NULL;
    if (ep_pdfdoc_read(&doc, d, path, in, len, 0)) {
        ep_pdfdoc_free(&doc);
        return -1;
    }
    size_t n = 0;
    ep_sigcheck *c = calloc(doc.nfields + 1, sizeof *c);
    for (size_t i = 0; i < doc.nfields; i++) {
        if (!doc.fields[i].signed_) continue;
        c[n].field = strdup(doc.fields[i].name);
        c[n].when = doc.fields[i].when ? strdup(doc.fields[i].when) : NULL;
        check(&doc, &doc.fields[i], &c[n]);
        n++;
    }
    ep_pdfdoc_free(&doc);
    *out = c;
    return (int)n;
}

void ep_sigchecks_free(ep_sigcheck *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].field);
        free(c[i].signer);
        free(c[i].when);
        free(c[i].problem);
        free(c[i].concerns);
    }
    free(c);
}
