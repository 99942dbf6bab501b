/* Checking the signatures of a PDF: for each signature, are the bytes it covers the bytes
 * that were signed, is the CMS signature good for them, which revision do they make, and did
 * the updates after it (as a second signatory's) change only what signing changes? */
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sign/keys.h"
#include "sign/pdfdoc.h"
#include "sign/revision.h"
#include "sign/sign.h"
#include "util/alloc.h"
#include "util/limits.h"

static char *subject_of(X509 *cert)
{
    BIO *b = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(b, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    char *p;
    long n = BIO_get_mem_data(b, &p);
    char *s = ep_xmalloc((size_t)n + 1);
    memcpy(s, p, (size_t)n);
    s[n] = 0;
    BIO_free(b);
    return s;
}

/* A PDF date (ISO 32000 7.9.4: D:YYYYMMDDHHmmSSOHH'mm') as ISO 8601; 0 if it is none. A
 * date without a zone is taken as UTC, as most writers mean. */
static int pdf_date_iso(const char *s, char *out, size_t size, struct tm *tm, long *offset)
{
    if (!s || strncmp(s, "D:", 2)) return 0;
    s += 2;
    int v[6] = {0, 1, 1, 0, 0, 0}, w[6] = {4, 2, 2, 2, 2, 2};
    for (int k = 0; k < 6; k++) {
        int x = 0, i = 0;
        for (; i < w[k] && s[i] >= '0' && s[i] <= '9'; i++) x = x * 10 + (s[i] - '0');
        if (i < w[k]) {
            if (k == 0 || i) return 0;
            break;
        }
        v[k] = x;
        s += w[k];
    }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60) return 0;
    *offset = 0;
    char zone[16] = "Z";
    if ((*s == '+' || *s == '-') && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9') {
        int hh = (s[1] - '0') * 10 + (s[2] - '0'), mm = 0;
        const char *m = s[3] == '\'' ? s + 4 : s + 3;
        if (m[0] >= '0' && m[0] <= '9' && m[1] >= '0' && m[1] <= '9') mm = (m[0] - '0') * 10 + (m[1] - '0');
        *offset = (*s == '-' ? -1 : 1) * (hh * 3600L + mm * 60L);
        snprintf(zone, sizeof zone, "%c%02u:%02u", *s, (unsigned)hh % 100u, (unsigned)mm % 100u);
    }
    unsigned u[6];
    for (int k = 0; k < 6; k++) u[k] = (unsigned)v[k] % (k ? 100u : 10000u);   /* (bounded above) */
    snprintf(out, size, "%04u-%02u-%02uT%02u:%02u:%02u%.6s", u[0], u[1], u[2], u[3], u[4], u[5], zone);
    memset(tm, 0, sizeof *tm);
    tm->tm_year = v[0] - 1900, tm->tm_mon = v[1] - 1, tm->tm_mday = v[2];
    tm->tm_hour = v[3], tm->tm_min = v[4], tm->tm_sec = v[5];
    return 1;
}

/* Whether signer chains to a root in the system's store (OpenSSL's default paths, which
 * SSL_CERT_FILE and SSL_CERT_DIR change) through the certificates the CMS carries, checked at
 * the time the signature claims: a certificate that expired since still made a good
 * signature then (a claim only a time-stamp can back, which B-T adds). */
static void check_trust(CMS_ContentInfo *cms, X509 *signer, const struct tm *when, long offset, const char *ca,
                        ep_sigcheck *c)
{
    X509_STORE *store = ep_trust_store(ca);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    c->trust_words = "not trusted";
    if (store && ctx && X509_STORE_CTX_init(ctx, store, signer, certs)) {
        if (when) {
            struct tm t = *when;
            X509_STORE_CTX_set_time(ctx, 0, timegm(&t) - offset);
        }
        if (X509_verify_cert(ctx) == 1) {
            c->trusted = 1;
            c->trust_words = "trusted";
            c->trust = ep_xstrdup(ca ? "a chain to a root of --ca" : "a chain to a root the system trusts");
        } else {
            int e = X509_STORE_CTX_get_error(ctx);
            char why[200];
            snprintf(why, sizeof why, "%s", X509_verify_cert_error_string(e));
            c->trust = ep_xstrdup(why);
            c->trust_words = ep_trust_words(e);
        }
    } else {
        c->trust = ep_xstrdup(ca ? "the --ca file cannot be read" : "the system's trust store cannot be read");
    }
    sk_X509_pop_free(certs, X509_free);
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    ERR_clear_error();
}

/* The signature time-stamp (id-aa-timeStampToken, an unsigned attribute of the signer),
 * checked against the signature value it should be over. */
static void timestamp_of(CMS_ContentInfo *cms, const char *ca, ep_sigcheck *c)
{
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
    CMS_SignerInfo *si = sis && sk_CMS_SignerInfo_num(sis) > 0 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
    int at = si ? CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) : -1;
    if (at < 0) return;
    c->stamped = 1;
    ASN1_TYPE *t = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0);
    ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature(si);
    if (!t || t->type != V_ASN1_SEQUENCE) {
        snprintf(c->tst.problem, sizeof c->tst.problem, "its time-stamp attribute holds no token");
        return;
    }
    ep_stamped what = {.a = ASN1_STRING_get0_data(value), .na = (size_t)ASN1_STRING_length(value)};
    ep_tst_check(ASN1_STRING_get0_data(t->value.sequence), (size_t)ASN1_STRING_length(t->value.sequence), what, ca,
                 &c->tst);
}

typedef struct revisions {
    size_t *ends;
    long n;
} revisions;

/* What the document's security store says of the signer's certificate. */
static void revocation_of(const ep_pdfdoc *doc, CMS_ContentInfo *cms, X509 *signer, ep_sigcheck *c)
{
    STACK_OF(X509) *pool = CMS_get1_certs(cms);
    if (!pool) pool = sk_X509_new_null();
    for (size_t i = 0; pool && i < doc->dss.ncerts; i++) {
        const unsigned char *p = doc->dss.certs[i].p;
        X509 *x = d2i_X509(NULL, &p, (long)doc->dss.certs[i].n);
        if (x && !sk_X509_push(pool, x)) X509_free(x);
    }
    X509 *issuer = pool ? ep_issuer_in(signer, pool) : NULL;
    if (issuer && issuer != signer)
        c->rev = ep_revocation_of(signer, issuer, pool, doc->dss.ocsps, doc->dss.nocsps, doc->dss.crls, doc->dss.ncrls);
    sk_X509_pop_free(pool, X509_free);
    ERR_clear_error();
}

static void check(const ep_pdfdoc *doc, const revisions *rv, const ep_sigfield *f, const char *ca, ep_sigcheck *c)
{
    const long long *r = f->range;
    long long len = (long long)doc->len;
    if (r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0 || r[2] + r[3] > len) {
        c->problem = ep_xstrdup("its byte range does not fit the file");
        return;
    }
    if (doc->data[r[1]] != '<' || doc->data[r[2] - 1] != '>') {
        c->problem = ep_xstrdup("its byte range leaves out more than its signature");
        return;
    }
    c->whole = r[2] + r[3] == len;
    c->covered = r[2] + r[3];
    c->revision = ep_revision_at(doc->data, rv->ends, rv->n, (size_t)(r[2] + r[3]));
    c->revisions = rv->n;
    if (!c->whole) {
        if (!c->revision) c->changed = ep_xstrdup("what it signed does not end where a revision of the file ends");
        else ep_later_changes(doc->path, doc->data, doc->len, (size_t)(r[2] + r[3]), &c->changed);
    }
    if (f->doc_timestamp) {
        /* A document time-stamp: the token over the byte range, from a TSA. */
        ep_stamped what = {.a = doc->data, .na = (size_t)r[1], .b = doc->data + r[2], .nb = (size_t)r[3]};
        c->doc_timestamp = c->stamped = 1;
        ep_tst_check(f->contents, f->ncontents, what, ca, &c->tst);
        c->intact = c->tst.good;
        if (!c->tst.good) c->problem = ep_xstrdup(c->tst.problem);
        c->signer = ep_xstrdup(c->tst.tsa);
        c->trusted = c->tst.trusted;
        c->trust = ep_xstrdup(c->tst.trust);
        c->trust_words = c->tst.trust_words;
        snprintf(c->when_iso, sizeof c->when_iso, "%s", c->tst.when_iso);
        return;
    }
    const unsigned char *p = f->contents;
    CMS_ContentInfo *cms = f->contents ? d2i_CMS_ContentInfo(NULL, &p, (long)f->ncontents) : NULL;
    if (!cms) {
        c->problem = ep_xstrdup("its signature is not a CMS structure");
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
    struct tm when;
    long offset = 0;
    int dated = pdf_date_iso(f->when, c->when_iso, sizeof c->when_iso, &when, &offset);
    timestamp_of(cms, ca, c);
    if (c->stamped && c->tst.good) {
        /* the certificate as it was when the TSA saw the signature, not when the signer says */
        time_t t = (time_t)c->tst.when;
        gmtime_r(&t, &when);
        offset = 0;
        dated = 1;
    }
    if (dated) {
        struct tm t = when;
        c->signed_at = (long long)(timegm(&t) - offset);
    }
    if (signers && sk_X509_num(signers) > 0) {
        c->signer = subject_of(sk_X509_value(signers, 0));
        check_trust(cms, sk_X509_value(signers, 0), dated ? &when : NULL, offset, ca, c);
        revocation_of(doc, cms, sk_X509_value(signers, 0), c);
        if (c->rev.status == EP_REV_REVOKED) c->trust_words = "revoked";
        char weak[512];
        ep_cert_concerns(sk_X509_value(signers, 0), weak, sizeof weak);
        if (*weak) c->concerns = ep_xstrdup(weak);
    }
    sk_X509_free(signers);
    if (ok) c->intact = 1;
    else {
        const char *why = ERR_reason_error_string(ERR_peek_last_error());
        c->problem = ep_xstrdup(why && strstr(why, "digest") ? "the signed bytes have changed" : why ? why : "bad signature");
    }
    ERR_clear_error();
    BIO_free(data);
    CMS_ContentInfo_free(cms);
}

/* Fields that hold the same signature dictionary (by object, or a direct one by its byte
 * range) sort together. */
static const ep_sigfield *sort_fields;

static long long sig_key(const ep_sigfield *f, int i) { return f->v_id ? f->v_id : -(long long)f->range[i]; }

static int by_signature(const void *a, const void *b)
{
    const ep_sigfield *x = &sort_fields[*(const size_t *)a], *y = &sort_fields[*(const size_t *)b];
    if (x->signed_ != y->signed_) return x->signed_ - y->signed_;
    for (int i = 0; i < 4; i++) {
        long long p = sig_key(x, i), q = sig_key(y, i);
        if (p != q) return p < q ? -1 : 1;
        if (x->v_id) break;
    }
    return *(const size_t *)a < *(const size_t *)b ? -1 : *(const size_t *)a > *(const size_t *)b;
}

static int same_signature(const ep_sigfield *x, const ep_sigfield *y)
{
    if (!x->signed_ || !y->signed_) return 0;
    if (x->v_id || y->v_id) return x->v_id == y->v_id;
    return !memcmp(x->range, y->range, sizeof x->range);
}

int ep_verify_pdf(ep_diag *d, const char *path, const unsigned char *in, size_t len, const char *ca, ep_sigcheck **out,
                  char ***unsigned_fields, size_t *nunsigned)
{
    ep_pdfdoc doc;
    *out = NULL;
    *unsigned_fields = NULL;
    *nunsigned = 0;
    if (ep_pdfdoc_read(&doc, d, path, in, len, 0)) {
        ep_pdfdoc_free(&doc);
        return -1;
    }
    size_t nf = doc.nfields, *order = ep_xmalloc((nf + 1) * sizeof *order), *first = ep_xmalloc((nf + 1) * sizeof *first);
    size_t *names = ep_xcalloc(nf + 1, sizeof *names);
    ep_sigcheck *c = ep_xcalloc(nf + 1, sizeof *c);
    revisions rv = {NULL, 0};
    rv.n = ep_revision_ends(in, len, &rv.ends);
    /* first[i]: the first field holding field i's signature. */
    sort_fields = doc.fields;
    for (size_t i = 0; i < nf; i++) order[i] = i;
    qsort(order, nf, sizeof *order, by_signature);
    for (size_t i = 0; i < nf; i++)
        first[order[i]] = i && same_signature(&doc.fields[order[i]], &doc.fields[order[i - 1]]) ? first[order[i - 1]] : order[i];
    size_t n = 0, signatures = 0;
    for (size_t i = 0; i < nf; i++) signatures += doc.fields[i].signed_ && first[i] == i;
    if (signatures > EP_MAX_SIGNATURES) {
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_TOO_LARGE, "the PDF has %zu signatures; epistle checks at most %d",
                 signatures, EP_MAX_SIGNATURES);
        free(order), free(first), free(names), free(c), free(rv.ends);
        ep_pdfdoc_free(&doc);
        return -1;
    }
    /* The check of each signature, in field order; a signature held by several fields is
     * checked once and named by all of them. */
    size_t *check_of = order;   /* reused: field -> its check */
    for (size_t i = 0; i < nf; i++) {
        const ep_sigfield *f = &doc.fields[i];
        if (!f->signed_) continue;
        if (first[i] != i) {
            check_of[i] = check_of[first[i]];
            names[check_of[i]] += strlen(f->name) + 2;
            continue;
        }
        check_of[i] = n;
        names[n] = strlen(f->name) + 1;
        c[n].when = f->when ? ep_xstrdup(f->when) : NULL;
        check(&doc, &rv, f, ca, &c[n]);
        n++;
    }
    /* A certification: a later signature breaks one that allows no change (P=1); the changes
     * P=2 allows (filling and signing) are what the revision check allows after any
     * signature. Document time-stamps and the security store are allowed after either. */
    for (size_t i = 0; i < nf; i++) {
        const ep_sigfield *f = &doc.fields[i];
        if (!f->signed_ || first[i] != i || !f->docmdp || (doc.docmdp_id && f->v_id != doc.docmdp_id)) continue;
        ep_sigcheck *cert = &c[check_of[i]];
        cert->certifies = f->docmdp;
        for (size_t j = 0; j < nf && f->docmdp == 1 && !cert->changed; j++) {
            const ep_sigfield *g = &doc.fields[j];
            if (g->signed_ && !g->doc_timestamp && g->range[2] + g->range[3] > f->range[2] + f->range[3]) {
                char why[300];
                snprintf(why, sizeof why, "it certifies the letter with no changes allowed, and a later update signed '%s'",
                         g->name);
                cert->changed = ep_xstrdup(why);
            }
        }
    }
    for (size_t k = 0; k < n; k++) {
        c[k].field = ep_xcalloc(names[k], 1);
        names[k] = 0;   /* from here: how much of it is written */
    }
    for (size_t i = 0; i < nf; i++) {
        if (!doc.fields[i].signed_ || !c[check_of[i]].field) continue;
        size_t k = check_of[i], m = strlen(doc.fields[i].name);
        char *s = c[k].field;
        if (names[k]) memcpy(s + names[k], ", ", 2), names[k] += 2;
        memcpy(s + names[k], doc.fields[i].name, m + 1);
        names[k] += m;
    }
    /* The fields nobody has signed yet, as a user names them. */
    *nunsigned = 0;
    *unsigned_fields = ep_xcalloc(nf + 1, sizeof **unsigned_fields);
    for (size_t i = 0; i < nf; i++)
        if (!doc.fields[i].signed_) (*unsigned_fields)[(*nunsigned)++] = ep_xstrdup(ep_pdfdoc_field_label(&doc, &doc.fields[i]));
    free(names);
    free(order);
    free(first);
    free(rv.ends);
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
        free(c[i].changed);
        free(c[i].trust);
    }
    free(c);
}
