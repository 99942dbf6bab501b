#include "sign/ltv.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sign/http.h"
#include "sign/update.h"
#include "util/alloc.h"

enum { EP_MAX_CHAIN = 8, EP_MAX_FETCH = 16 << 20 };

static long long asn1_seconds(const ASN1_TIME *t)
{
    struct tm tm;
    return t && ASN1_TIME_to_tm(t, &tm) ? (long long)timegm(&tm) : 0;
}

X509 *ep_issuer_in(X509 *cert, STACK_OF(X509) *certs)
{
    if (X509_check_issued(cert, cert) == X509_V_OK) return cert;
    for (int i = 0; certs && i < sk_X509_num(certs); i++) {
        X509 *c = sk_X509_value(certs, i);
        if (c != cert && X509_check_issued(c, cert) == X509_V_OK) return c;
    }
    return NULL;
}

static ep_revinfo from_ocsp(X509 *cert, X509 *issuer, STACK_OF(X509) *pool, const unsigned char *der, size_t n)
{
    ep_revinfo r = {EP_REV_NONE, "OCSP", 0, 0};
    const unsigned char *p = der;
    OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)n);
    OCSP_BASICRESP *basic = resp && OCSP_response_status(resp) == OCSP_RESPONSE_STATUS_SUCCESSFUL
                          ? OCSP_response_get1_basic(resp) : NULL;
    OCSP_CERTID *id = basic ? OCSP_cert_to_id(NULL, cert, issuer) : NULL;
    int status = -1, reason = 0;
    ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL;
    X509_STORE *none = X509_STORE_new();
    /* The responder's signature (whether the responder is trusted is the verifier's question) */
    if (id && OCSP_resp_find_status(basic, id, &status, &reason, &rev, &thisupd, &nextupd) &&
        OCSP_basic_verify(basic, pool, none, OCSP_NOVERIFY) > 0) {
        r.status = status == V_OCSP_CERTSTATUS_GOOD ? EP_REV_GOOD : status == V_OCSP_CERTSTATUS_REVOKED ? EP_REV_REVOKED : EP_REV_UNKNOWN;
        r.produced = asn1_seconds(thisupd);
        r.revoked_at = asn1_seconds(rev);
    }
    X509_STORE_free(none);
    OCSP_CERTID_free(id);
    OCSP_BASICRESP_free(basic);
    OCSP_RESPONSE_free(resp);
    ERR_clear_error();
    return r;
}

static ep_revinfo from_crl(X509 *cert, X509 *issuer, const unsigned char *der, size_t n)
{
    ep_revinfo r = {EP_REV_NONE, "CRL", 0, 0};
    const unsigned char *p = der;
    X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)n);
    if (crl && !X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) &&
        X509_CRL_verify(crl, X509_get0_pubkey(issuer)) == 1) {
        X509_REVOKED *rev = NULL;
        r.status = X509_CRL_get0_by_cert(crl, &rev, cert) == 1 ? EP_REV_REVOKED : EP_REV_GOOD;
        r.produced = asn1_seconds(X509_CRL_get0_lastUpdate(crl));
        if (rev) r.revoked_at = asn1_seconds(X509_REVOKED_get0_revocationDate(rev));
    }
    X509_CRL_free(crl);
    ERR_clear_error();
    return r;
}

ep_revinfo ep_revocation_of(X509 *cert, X509 *issuer, STACK_OF(X509) *pool, const ep_blob *ocsps, size_t nocsps,
                            const ep_blob *crls, size_t ncrls)
{
    /* The newest answer wins: a later response may say what an earlier one could not. */
    ep_revinfo best = {EP_REV_NONE, "", 0, 0};
    for (size_t i = 0; i < nocsps + ncrls; i++) {
        ep_revinfo r = i < nocsps ? from_ocsp(cert, issuer, pool, ocsps[i].p, ocsps[i].n)
                                  : from_crl(cert, issuer, crls[i - nocsps].p, crls[i - nocsps].n);
        if (r.status != EP_REV_NONE && (best.status == EP_REV_NONE || r.produced >= best.produced)) best = r;
    }
    return best;
}

/* ---- gathering ---- */

typedef struct blobs {
    ep_blob *v;
    size_t n, cap;
} blobs;

/* What the update will hold, and what is known. */
typedef struct gather {
    ep_diag *d;
    const char *path;
    STACK_OF(X509) *pool;      /* every certificate known */
    blobs certs, crls, ocsps;  /* new data for the DSS (DER), each once */
    blobs given_crls, given_ocsps;   /* from files */
    const ep_dss *had;         /* the DSS the PDF has */
    /* the VRI entry being built: indexes into certs, crls, ocsps */
    ep_buf vri_certs, vri_crls, vri_ocsps;
    int failed;
} gather;

/* Index of the blob with these bytes in b, added (copied) if new; -1 if out of memory. */
static long blob_add(blobs *b, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i].n == n && !memcmp(b->v[i].p, p, n)) return (long)i;
    b->v = ep_grow(b->v, sizeof *b->v, &b->cap, b->n + 1);
    unsigned char *copy = ep_xmalloc(n);
    memcpy(copy, p, n);
    b->v[b->n] = (ep_blob){copy, n};
    return (long)b->n++;
}

static void blobs_free(blobs *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->v[i].p);
    free(b->v);
}

static int in_dss(const ep_blob *v, size_t n, const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].n == len && !memcmp(v[i].p, p, len)) return 1;
    return 0;
}

/* Puts DER into the update's list (unless the DSS has it) and names it in the VRI entry. */
static void keep(gather *g, blobs *list, ep_buf *vri, const ep_blob *had, size_t nhad, const unsigned char *p, size_t n)
{
    if (in_dss(had, nhad, p, n)) return;
    long k = blob_add(list, p, n);
    if (k < 0) {
        g->failed = 1;
        return;
    }
    /* (the VRI lists hold " 0 3 5"; each index once) */
    for (const char *q = vri->data; q && *q;) {
        char *end;
        if (strtol(q, &end, 10) == k) return;
        if (end == q) break;
        q = end;
    }
    ep_buf_printf(vri, " %ld", k);
}

static void pool_add(gather *g, X509 *c)
{
    for (int i = 0; i < sk_X509_num(g->pool); i++)
        if (!X509_cmp(sk_X509_value(g->pool, i), c)) return;
    X509_up_ref(c);
    if (!sk_X509_push(g->pool, c)) X509_free(c);
}

/* The pool's copy of c (which outlives the CMS or token c came from). */
static X509 *pooled(gather *g, X509 *c)
{
    for (int i = 0; c && i < sk_X509_num(g->pool); i++)
        if (!X509_cmp(sk_X509_value(g->pool, i), c)) return sk_X509_value(g->pool, i);
    return NULL;
}

static void pool_add_all(gather *g, STACK_OF(X509) *certs)
{
    for (int i = 0; certs && i < sk_X509_num(certs); i++) pool_add(g, sk_X509_value(certs, i));
}

static char *subject(X509 *c, char *out, size_t size)
{
    X509_NAME_oneline(X509_get_subject_name(c), out, (int)size);
    return out;
}

/* GETs url: DER (a certificate, a CRL) in out. */
static int fetch(const char *url, ep_buf *out, char *why, size_t size)
{
    return ep_http_exchange(url, NULL, NULL, 0, NULL, EP_MAX_FETCH, out, why, size);
}

/* The issuer of cert from its AIA caIssuers URL (a DER certificate). */
static X509 *fetch_issuer(gather *g, X509 *cert)
{
    AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(cert, NID_info_access, NULL, NULL);
    X509 *found = NULL;
    for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia) && !found; i++) {
        ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
        if (OBJ_obj2nid(ad->method) != NID_ad_ca_issuers || ad->location->type != GEN_URI) continue;
        ep_buf b;
        ep_buf_init(&b);
        char why[300];
        const char *url = (const char *)ASN1_STRING_get0_data(ad->location->d.uniformResourceIdentifier);
        if (!fetch(url, &b, why, sizeof why)) {
            const unsigned char *p = (const unsigned char *)b.data;
            X509 *c = d2i_X509(NULL, &p, (long)b.len);
            if (c && X509_check_issued(c, cert) == X509_V_OK) {
                pool_add(g, c);
                found = c;
            }
            X509_free(c);
        }
        ep_buf_free(&b);
    }
    AUTHORITY_INFO_ACCESS_free(aia);
    ERR_clear_error();
    return found;
}

/* An OCSP response for cert from the responder its AIA names; DER in out. */
static int fetch_ocsp(X509 *cert, X509 *issuer, ep_buf *out, char *why, size_t size)
{
    STACK_OF(OPENSSL_STRING) *urls = X509_get1_ocsp(cert);
    int ok = -1;
    snprintf(why, size, "it names no OCSP responder");
    for (int i = 0; urls && i < sk_OPENSSL_STRING_num(urls) && ok; i++) {
        OCSP_REQUEST *req = OCSP_REQUEST_new();
        OCSP_CERTID *id = OCSP_cert_to_id(NULL, cert, issuer);
        unsigned char *der = NULL;
        int n = -1;
        if (req && id && OCSP_request_add0_id(req, id)) {
            id = NULL;
            if (OCSP_request_add1_nonce(req, NULL, -1)) n = i2d_OCSP_REQUEST(req, &der);
        }
        out->len = 0;
        if (n > 0 && !ep_http_exchange(sk_OPENSSL_STRING_value(urls, i), "application/ocsp-request", der, (size_t)n,
                                       "application/ocsp-response", EP_MAX_FETCH, out, why, size)) {
            const unsigned char *p = (const unsigned char *)out->data;
            OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)out->len);
            OCSP_BASICRESP *basic = resp ? OCSP_response_get1_basic(resp) : NULL;
            /* this request's nonce, or none (a responder may send pre-produced answers) */
            if (!resp || OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
                snprintf(why, size, "%s answered no OCSP response", sk_OPENSSL_STRING_value(urls, i));
            else if (!basic || OCSP_check_nonce(req, basic) == 0)
                snprintf(why, size, "%s answered for another request", sk_OPENSSL_STRING_value(urls, i));
            else
                ok = 0;
            OCSP_BASICRESP_free(basic);
            OCSP_RESPONSE_free(resp);
        }
        OPENSSL_free(der);
        OCSP_CERTID_free(id);
        OCSP_REQUEST_free(req);
    }
    X509_email_free(urls);
    ERR_clear_error();
    return ok;
}

/* A CRL for cert from its CRL distribution points; DER in out. */
static int fetch_crl(X509 *cert, ep_buf *out, char *why, size_t size)
{
    STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(cert, NID_crl_distribution_points, NULL, NULL);
    int ok = -1;
    snprintf(why, size, "it names no CRL distribution point");
    for (int i = 0; dps && i < sk_DIST_POINT_num(dps) && ok; i++) {
        DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
        if (!dp->distpoint || dp->distpoint->type != 0) continue;
        GENERAL_NAMES *names = dp->distpoint->name.fullname;
        for (int k = 0; k < sk_GENERAL_NAME_num(names) && ok; k++) {
            GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, k);
            if (gn->type != GEN_URI) continue;
            out->len = 0;
            ok = fetch((const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier), out, why, size);
        }
    }
    sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
    ERR_clear_error();
    return ok;
}

/* Validation data for one certificate of a chain: from the files, else fetched. The status
 * it gives, with why there is none. */
static ep_revinfo revocation(gather *g, X509 *cert, X509 *issuer, char *why, size_t size)
{
    ep_revinfo r = ep_revocation_of(cert, issuer, g->pool, g->given_ocsps.v, g->given_ocsps.n, g->given_crls.v,
                                    g->given_crls.n);
    const ep_blob *src = NULL;
    blobs *list = NULL;
    ep_buf *vri = NULL;
    if (r.status != EP_REV_NONE) {
        /* the given response or CRL that said it */
        blobs *given = !strcmp(r.source, "OCSP") ? &g->given_ocsps : &g->given_crls;
        for (size_t i = 0; i < given->n && !src; i++) {
            ep_revinfo one = given == &g->given_ocsps ? from_ocsp(cert, issuer, g->pool, given->v[i].p, given->v[i].n)
                                                       : from_crl(cert, issuer, given->v[i].p, given->v[i].n);
            if (one.status == r.status && one.produced == r.produced) src = &given->v[i];
        }
        list = given == &g->given_ocsps ? &g->ocsps : &g->crls;
    } else if (g->given_ocsps.n || g->given_crls.n) {
        snprintf(why, size, "none of the given OCSP responses and CRLs is about it");
        return r;
    } else {
        ep_buf b;
        ep_buf_init(&b);
        char w1[300], w2[300];
        int got_ocsp = !fetch_ocsp(cert, issuer, &b, w1, sizeof w1);
        if (got_ocsp) r = from_ocsp(cert, issuer, g->pool, (unsigned char *)b.data, b.len);
        if (!got_ocsp || r.status == EP_REV_NONE) {
            if (!fetch_crl(cert, &b, w2, sizeof w2)) r = from_crl(cert, issuer, (unsigned char *)b.data, b.len);
            else snprintf(why, size, "OCSP: %s; CRL: %s", w1, w2);
            list = &g->crls;
        } else {
            list = &g->ocsps;
        }
        if (r.status != EP_REV_NONE) {
            vri = list == &g->ocsps ? &g->vri_ocsps : &g->vri_crls;
            keep(g, list, vri, list == &g->ocsps ? g->had->ocsps : g->had->crls,
                 list == &g->ocsps ? g->had->nocsps : g->had->ncrls, (unsigned char *)b.data, b.len);
        } else if (!why[0]) {
            snprintf(why, size, "the answer is not about it, or its signature does not verify");
        }
        ep_buf_free(&b);
        return r;
    }
    if (src) {
        vri = list == &g->ocsps ? &g->vri_ocsps : &g->vri_crls;
        keep(g, list, vri, list == &g->ocsps ? g->had->ocsps : g->had->crls,
             list == &g->ocsps ? g->had->nocsps : g->had->ncrls, src->p, src->n);
    }
    return r;
}

/* The chain of leaf up to its root: every certificate kept, and the revocation data of all
 * but the root. newest: problems are errors, not warnings. */
static void chain_of(gather *g, X509 *leaf, const char *what, int newest)
{
    X509 *cert = leaf;
    char name[256], why[700];
    for (int depth = 0; cert && depth < EP_MAX_CHAIN; depth++) {
        unsigned char *der = NULL;
        int n = i2d_X509(cert, &der);
        if (n > 0) keep(g, &g->certs, &g->vri_certs, g->had->certs, g->had->ncerts, der, (size_t)n);
        OPENSSL_free(der);
        X509 *issuer = ep_issuer_in(cert, g->pool);
        if (issuer == cert) return;   /* the root: nothing revokes it */
        if (!issuer) issuer = fetch_issuer(g, cert);
        if (!issuer) {
            (newest ? ep_error : ep_warn)(g->d, ep_pos_make(g->path, 0, 0), EP_C_LTV,
                                          "%s: the issuer of %s is unknown (give it with --chain)", what,
                                          subject(cert, name, sizeof name));
            if (newest) g->failed = 1;
            return;
        }
        why[0] = 0;
        ep_revinfo r = revocation(g, cert, issuer, why, sizeof why);
        if (r.status != EP_REV_GOOD) {
            const char *state = r.status == EP_REV_REVOKED ? "is revoked" : r.status == EP_REV_UNKNOWN ? "is unknown to its CA"
                              : "has no revocation data";
            (newest ? ep_error : ep_warn)(g->d, ep_pos_make(g->path, 0, 0), EP_C_LTV, "%s: the certificate %s %s%s%s", what,
                                          subject(cert, name, sizeof name), state, why[0] ? ": " : "", why);
            if (newest) g->failed = 1;
        }
        cert = issuer;
    }
}

/* Reads PEM or DER files of one kind into b. */
static int read_files(gather *g, const char *const *files, size_t n, int crl, blobs *b)
{
    for (size_t i = 0; i < n; i++) {
        ep_buf f;
        ep_buf_init(&f);
        int err = ep_buf_read_file(&f, files[i], EP_MAX_FETCH);
        if (err) {
            ep_error(g->d, ep_pos_make(files[i], 0, 0), EP_C_IO, "cannot read: %s", strerror(err));
            ep_buf_free(&f);
            return -1;
        }
        int before = (int)b->n;
        if (crl) {
            /* PEM (one or more) or DER */
            BIO *bio = BIO_new_mem_buf(f.data, (int)f.len);
            X509_CRL *c;
            while (bio && (c = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL))) {
                unsigned char *der = NULL;
                int len = i2d_X509_CRL(c, &der);
                if (len > 0 && blob_add(b, der, (size_t)len) < 0) g->failed = 1;
                OPENSSL_free(der);
                X509_CRL_free(c);
            }
            BIO_free(bio);
            ERR_clear_error();
            const unsigned char *p = (const unsigned char *)f.data;
            if ((int)b->n == before && (c = d2i_X509_CRL(NULL, &p, (long)f.len))) {
                X509_CRL_free(c);
                if (blob_add(b, (unsigned char *)f.data, f.len) < 0) g->failed = 1;
            }
        } else {
            const unsigned char *p = (const unsigned char *)f.data;
            OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &p, (long)f.len);
            if (r && blob_add(b, (unsigned char *)f.data, f.len) < 0) g->failed = 1;
            OCSP_RESPONSE_free(r);
        }
        ERR_clear_error();
        ep_buf_free(&f);
        if ((int)b->n == before) {
            ep_error(g->d, ep_pos_make(files[i], 0, 0), EP_C_LTV, crl ? "not a CRL (PEM or DER)" : "not an OCSP response (DER)");
            return -1;
        }
    }
    return 0;
}

/* The certificates of a signature (CMS) and of its time-stamp token, with the signer and the
 * TSA. */
static void parties(gather *g, const ep_sigfield *f, X509 **signer, X509 **tsa)
{
    *signer = *tsa = NULL;
    const unsigned char *p = f->contents;
    PKCS7 *token = NULL;
    if (f->doc_timestamp) {
        token = d2i_PKCS7(NULL, &p, (long)f->ncontents);
    } else {
        CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)f->ncontents);
        STACK_OF(X509) *certs = cms ? CMS_get1_certs(cms) : NULL;
        pool_add_all(g, certs);
        STACK_OF(CMS_SignerInfo) *sis = cms ? CMS_get0_SignerInfos(cms) : NULL;
        CMS_SignerInfo *si = sis && sk_CMS_SignerInfo_num(sis) ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
        for (int i = 0; si && certs && i < sk_X509_num(certs) && !*signer; i++)
            if (!CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i))) *signer = pooled(g, sk_X509_value(certs, i));
        int at = si ? CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) : -1;
        ASN1_TYPE *t = at >= 0 ? X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0) : NULL;
        if (t && t->type == V_ASN1_SEQUENCE) {
            const unsigned char *q = ASN1_STRING_get0_data(t->value.sequence);
            token = d2i_PKCS7(NULL, &q, ASN1_STRING_length(t->value.sequence));
        }
        sk_X509_pop_free(certs, X509_free);
        CMS_ContentInfo_free(cms);
    }
    if (token && PKCS7_type_is_signed(token)) {
        pool_add_all(g, token->d.sign->cert);
        STACK_OF(X509) *s = PKCS7_get0_signers(token, NULL, 0);
        if (s && sk_X509_num(s)) *tsa = pooled(g, sk_X509_value(s, 0));
        sk_X509_free(s);
    }
    PKCS7_free(token);
    ERR_clear_error();
}

static void write_list(ep_update *u, const blobs *b, int *ids)
{
    for (size_t i = 0; i < b->n; i++) {
        ids[i] = ep_update_new_id(u);
        ep_update_object(u, ids[i], 0);
        ep_buf_printf(u->out, "<< /Length %zu >>\nstream\n", b->v[i].n);
        ep_buf_put(u->out, b->v[i].p, b->v[i].n);
        ep_buf_puts(u->out, "\nendstream");
        ep_update_end(u);
    }
}

/* "[ old refs... new refs ]": the DSS's array key extended. */
static void array_out(ep_buf *out, const ep_pdfdoc *doc, const char *key, const int *ids, size_t n)
{
    char *old = doc->dss.id ? ep_pdfdoc_value(doc, doc->dss.id, 0, key) : NULL;
    size_t len = old ? strlen(old) : 0;
    while (len && (old[len - 1] == ' ' || old[len - 1] == ']')) len--;
    ep_buf_puts(out, " ");
    ep_buf_puts(out, key);
    if (old && old[0] == '[') ep_buf_printf(out, " %.*s", (int)len, old);
    else ep_buf_puts(out, " [");
    for (size_t i = 0; i < n; i++) ep_buf_printf(out, " %d 0 R", ids[i]);
    ep_buf_puts(out, " ]");
    free(old);
}

/* " 3 5" (indexes) -> " 12 0 R 14 0 R" (objects) */
static void refs_out(ep_buf *out, const char *indexes, const int *ids)
{
    for (const char *p = indexes; p && *p;) {
        char *end;
        long k = strtol(p, &end, 10);
        if (end == p) break;
        ep_buf_printf(out, " %d 0 R", ids[k]);
        p = end;
    }
}

int ep_ltv_add(ep_diag *d, const char *path, const ep_ltv_opts *o, ep_buf *pdf)
{
    ep_pdfdoc doc;
    if (ep_pdfdoc_read(&doc, d, path, (unsigned char *)pdf->data, pdf->len, 1)) {
        ep_pdfdoc_free(&doc);
        return -1;
    }
    gather g;
    memset(&g, 0, sizeof g);
    g.d = d, g.path = path, g.had = &doc.dss;
    g.pool = sk_X509_new_null();
    ep_buf vri;
    ep_buf_init(&vri);
    /* Everything known: the DSS's certificates, the --chain file's. */
    for (size_t i = 0; i < doc.dss.ncerts; i++) {
        const unsigned char *p = doc.dss.certs[i].p;
        X509 *c = d2i_X509(NULL, &p, (long)doc.dss.certs[i].n);
        if (c) pool_add(&g, c);
        X509_free(c);
    }
    if (o->chain) {
        BIO *b = BIO_new_file(o->chain, "r");
        X509 *c;
        while (b && (c = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
            pool_add(&g, c);
            X509_free(c);
        }
        BIO_free(b);
        ERR_clear_error();
    }
    int failed = read_files(&g, o->crls, o->ncrls, 1, &g.given_crls) || read_files(&g, o->ocsps, o->nocsps, 0, &g.given_ocsps);
    char *old_vri = doc.dss.id ? ep_pdfdoc_value(&doc, doc.dss.id, 0, "/VRI") : NULL;
    /* Each signature and time-stamp: its chains, its revocation data, its VRI entry. */
    for (size_t i = 0; i < doc.nfields && !failed; i++) {
        const ep_sigfield *f = &doc.fields[i];
        if (!f->signed_ || !f->contents) continue;
        int newest = f->range[2] + f->range[3] == (long long)pdf->len;
        X509 *signer, *tsa;
        parties(&g, f, &signer, &tsa);
        g.vri_certs.len = g.vri_crls.len = g.vri_ocsps.len = 0;
        char what[300];
        snprintf(what, sizeof what, "%s '%s'", f->doc_timestamp ? "document time-stamp" : "signature", f->name);
        if (signer) chain_of(&g, signer, what, newest);
        if (tsa) {
            snprintf(what, sizeof what, "the time-stamp of '%s'", f->name);
            chain_of(&g, tsa, what, newest);
        }
        /* The VRI key: SHA-1 of the signature's /Contents bytes, as readers compute it (an
         * entry the DSS has already stays as it is: a key is given once). */
        unsigned char sha1[20];
        char key[42];
        EVP_Digest(f->contents, f->ncontents, sha1, NULL, EVP_sha1(), NULL);
        for (int k = 0; k < 20; k++) snprintf(key + 2 * k, 3, "%02X", sha1[k]);
        if (old_vri && strstr(old_vri, key)) continue;
        ep_buf_printf(&vri, " /%s", key);
        ep_buf_printf(&vri, " << /Cert [%s ] /CRL [%s ] /OCSP [%s ] >>", g.vri_certs.data ? g.vri_certs.data : "",
                      g.vri_crls.data ? g.vri_crls.data : "", g.vri_ocsps.data ? g.vri_ocsps.data : "");
    }
    failed |= g.failed;
    int r = -1;
    if (!failed) {
        /* The update: the new streams, the DSS (rewritten when the PDF has one), the catalog. */
        ep_buf out;
        ep_buf_init(&out);
        ep_update u;
        ep_update_begin(&u, &doc, (unsigned char *)pdf->data, pdf->len, &out);
        int *ids[3] = {ep_xcalloc(g.certs.n + 1, sizeof(int)), ep_xcalloc(g.crls.n + 1, sizeof(int)), ep_xcalloc(g.ocsps.n + 1, sizeof(int))};
        if (ids[0] && ids[1] && ids[2]) {
            write_list(&u, &g.certs, ids[0]);
            write_list(&u, &g.crls, ids[1]);
            write_list(&u, &g.ocsps, ids[2]);
            int dss = doc.dss.id ? doc.dss.id : ep_update_new_id(&u);
            ep_update_object(&u, dss, 0);
            ep_buf_puts(&out, "<< /Type /DSS");
            array_out(&out, &doc, "/Certs", ids[0], g.certs.n);
            array_out(&out, &doc, "/CRLs", ids[1], g.crls.n);
            array_out(&out, &doc, "/OCSPs", ids[2], g.ocsps.n);
            /* The VRI entries as text with indexes ("/Cert [ 0 2 ]") become references. */
            ep_buf_puts(&out, " /VRI <<");
            if (old_vri) {
                /* the entries between the outer << and >> */
                size_t olen = strlen(old_vri);
                while (olen && old_vri[olen - 1] == ' ') olen--;
                if (olen >= 4 && !strncmp(old_vri, "<<", 2) && !strncmp(old_vri + olen - 2, ">>", 2))
                    ep_buf_printf(&out, " %.*s", (int)(olen - 4), old_vri + 2);
            }
            const char *names[] = {"/Cert [", "/CRL [", "/OCSP ["};
            for (const char *p = vri.data; p && *p;) {
                const char *best = NULL;
                int which = -1;
                for (int k = 0; k < 3; k++) {
                    const char *q = strstr(p, names[k]);
                    if (q && (!best || q < best)) best = q, which = k;
                }
                if (!best) {
                    ep_buf_puts(&out, p);
                    break;
                }
                size_t head = (size_t)(best - p) + strlen(names[which]);
                ep_buf_put(&out, p, head);
                const char *close = strchr(best, ']');
                char *indexes = ep_xstrndup(best + strlen(names[which]), (size_t)(close - best) - strlen(names[which]));
                refs_out(&out, indexes, ids[which]);
                free(indexes);
                p = close;
            }
            ep_buf_puts(&out, " >> >>");
            ep_update_end(&u);
            int ok = 1;
            if (!doc.dss.id) {
                char ref[32];
                snprintf(ref, sizeof ref, "%d 0 R", dss);
                if (ep_update_set(&u, doc.root_id, 0, "/DSS", ref)) {
                    ep_error(d, ep_pos_make(path, 0, 0), EP_C_PDF_UNSUPPORTED, "cannot update the document catalog");
                    ok = 0;
                }
            }
            if (ok && !ep_update_finish(&u, d, path)) {
                ep_buf t = *pdf;
                *pdf = out;
                out = t;
                r = 0;
            }
        } else {
            ep_error(d, ep_pos_make(path, 0, 0), EP_C_INTERNAL, "out of memory");
        }
        for (int k = 0; k < 3; k++) free(ids[k]);
        ep_update_free(&u);
        ep_buf_free(&out);
    }
    free(old_vri);
    ep_buf_free(&vri);
    ep_buf_free(&g.vri_certs);
    ep_buf_free(&g.vri_crls);
    ep_buf_free(&g.vri_ocsps);
    blobs_free(&g.certs), blobs_free(&g.crls), blobs_free(&g.ocsps);
    blobs_free(&g.given_crls), blobs_free(&g.given_ocsps);
    sk_X509_pop_free(g.pool, X509_free);
    ep_pdfdoc_free(&doc);
    return r;
}
