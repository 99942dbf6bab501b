/* Filling a signature field: the signature dictionary, the field pointing at it and the
 * AcroForm's /SigFlags are appended as an incremental update with its own cross-reference
 * section; the CMS signature covers every byte of the new file but its own /Contents. */
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sign/appearance.h"
#include "sign/keys.h"
#include "sign/ltv.h"
#include "sign/pdfdoc.h"
#include "sign/sign.h"
#include "sign/timestamp.h"
#include "sign/update.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/utf16.h"

enum { EP_SIG_BYTES = 16384 };   /* room for the DER signature; the hex is twice as long */

/* X.690 11.6: the members of a SET OF in the order of their encodings, compared as octet
 * strings, the shorter padded with zeros. */
typedef struct der_item {
    unsigned char *p;
    int n;
} der_item;

static int der_order(const void *a, const void *b)
{
    const der_item *x = a, *y = b;
    int n = x->n < y->n ? x->n : y->n, c = memcmp(x->p, y->p, (size_t)n);
    if (c) return c;
    const der_item *longer = x->n > y->n ? x : y;
    for (int i = n; i < longer->n; i++)
        if (longer->p[i]) return longer == x ? 1 : -1;
    return 0;
}

/* Signs the signer's attributes ourselves. OpenSSL 3.0's own signing adds a signing-time
 * attribute, which EN 319 142-1 (PAdES baseline) forbids: the time is the signature
 * dictionary's /M. The signature covers the DER SET OF the attributes, as the SignerInfo
 * encodes them. */
static int sign_attributes(CMS_SignerInfo *si, EVP_PKEY *key)
{
    enum { MAX_ATTRS = 8 };
    der_item items[MAX_ATTRS];
    int n = CMS_signed_get_attr_count(si), total = 0, ok = 0;
    if (n <= 0 || n > MAX_ATTRS) return 0;
    memset(items, 0, sizeof items);
    for (int i = 0; i < n; i++) {
        items[i].n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &items[i].p);
        if (items[i].n <= 0) goto done;
        total += items[i].n;
    }
    qsort(items, (size_t)n, sizeof *items, der_order);
    unsigned char head[6];
    int h = 0;
    head[h++] = 0x31;   /* SET */
    if (total < 0x80) head[h++] = (unsigned char)total;
    else if (total < 0x100) head[h++] = 0x81, head[h++] = (unsigned char)total;
    else head[h++] = 0x82, head[h++] = (unsigned char)(total >> 8), head[h++] = (unsigned char)total;
    unsigned char *der = ep_xmalloc((size_t)(h + total));
    if (total >= 0x10000) {
        free(der);
        goto done;
    }
    memcpy(der, head, (size_t)h);
    for (int i = 0, at = h; i < n; at += items[i].n, i++) memcpy(der + at, items[i].p, (size_t)items[i].n);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t siglen = 0;
    unsigned char *sig = NULL;
    if (ctx && EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) > 0 &&
        EVP_DigestSign(ctx, NULL, &siglen, der, (size_t)(h + total)) > 0 && (sig = OPENSSL_malloc(siglen)) &&
        EVP_DigestSign(ctx, sig, &siglen, der, (size_t)(h + total)) > 0) {
        ASN1_STRING_set0(CMS_SignerInfo_get0_signature(si), sig, (int)siglen);
        sig = NULL;
        ok = 1;
    }
    OPENSSL_free(sig);
    EVP_MD_CTX_free(ctx);
    free(der);
done:
    for (int i = 0; i < n; i++) OPENSSL_free(items[i].p);
    return ok;
}

/* PAdES B-T: a time-stamp over the signature value, as the unsigned attribute
 * id-aa-timeStampToken (RFC 3161 appendix A), so that the time no longer rests on the
 * signer's word. */
static int timestamp(ep_diag *d, CMS_SignerInfo *si, const char *tsa)
{
    ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature(si);
    int len = 0;
    ep_stamped what = {.a = ASN1_STRING_get0_data(value), .na = (size_t)ASN1_STRING_length(value)};
    unsigned char *token = ep_tsa_token(d, tsa, what, &len);
    if (!token) return 0;
    ASN1_STRING *seq = ASN1_STRING_new();
    int ok = seq && ASN1_STRING_set(seq, token, len) &&
             CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, seq, -1);
    ASN1_STRING_free(seq);
    OPENSSL_free(token);
    if (!ok) ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_SIGNATURE, "cannot add the time-stamp to the signature");
    return ok;
}

/* The DER CMS: detached, SHA-256, with the content type, the message digest and
 * signing-certificate-v2 (PAdES needs it to bind the signer's certificate) as signed
 * attributes, and no signing time. */
static unsigned char *cms_sign(ep_diag *d, const ep_signer *s, const char *tsa, const unsigned char *data, size_t n1,
                               const unsigned char *data2, size_t n2, int *derlen)
{
    int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
    CMS_SignerInfo *si = cms ? CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), flags) : NULL;
    unsigned char *der = NULL, *out = NULL;
    ESS_SIGNING_CERT_V2 *sc = NULL;
    if (!si) goto fail;
    sc = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), s->cert, NULL, 0);
    int len = sc ? i2d_ESS_SIGNING_CERT_V2(sc, &der) : -1;
    if (len <= 0) goto fail;
    ASN1_STRING *seq = ASN1_STRING_new();
    ASN1_STRING_set(seq, der, len);
    int ok = CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE, seq, -1);
    ASN1_STRING_free(seq);
    if (!ok) goto fail;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    ok = mctx && EVP_DigestInit_ex(mctx, EVP_sha256(), NULL) && EVP_DigestUpdate(mctx, data, n1) &&
         EVP_DigestUpdate(mctx, data2, n2) && EVP_DigestFinal_ex(mctx, md, &mdlen);
    EVP_MD_CTX_free(mctx);
    if (!ok || !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) ||
        !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, md, (int)mdlen) ||
        !sign_attributes(si, s->key))
        goto fail;
    for (int i = 0; s->chain && i < sk_X509_num(s->chain); i++) CMS_add1_cert(cms, sk_X509_value(s->chain, i));
    if (tsa && !timestamp(d, si, tsa)) {
        OPENSSL_free(der);
        ESS_SIGNING_CERT_V2_free(sc);
        CMS_ContentInfo_free(cms);
        return NULL;
    }
    *derlen = i2d_CMS_ContentInfo(cms, &out);
    if (*derlen <= 0) goto fail;
    OPENSSL_free(der);
    ESS_SIGNING_CERT_V2_free(sc);
    CMS_ContentInfo_free(cms);
    return out;
fail:
    ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_SIGNATURE, "OpenSSL could not make the signature: %s",
             ERR_reason_error_string(ERR_peek_last_error()) ? ERR_reason_error_string(ERR_peek_last_error()) : "unknown error");
    ERR_clear_error();
    OPENSSL_free(der);
    OPENSSL_free(out);
    ESS_SIGNING_CERT_V2_free(sc);
    CMS_ContentInfo_free(cms);
    return NULL;
}

/* A dictionary as unparsed by qpdf, with one more entry before its closing ">>" (for an
 * entry it cannot already have). */
static void dict_with(ep_buf *b, const char *dict, const char *entry)
{
    size_t n = strlen(dict);
    while (n && (dict[n - 1] == ' ' || dict[n - 1] == '\n' || dict[n - 1] == '\r')) n--;
    if (n >= 2 && !memcmp(dict + n - 2, ">>", 2)) n -= 2;
    ep_buf_put(b, dict, n);
    ep_buf_printf(b, " %s >>", entry);
}

static void pdf_date(time_t t, char *out, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, "D:%Y%m%d%H%M%SZ", &tm);
}

static void pdf_escape(ep_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '(' || *s == ')' || *s == '\\') ep_buf_putc(b, '\\');
        ep_buf_putc(b, *s);
    }
}

/* A PDF text string: literal for ASCII; else UTF-16BE with its byte order mark, since a
 * literal string is read as PDFDocEncoding (a Chinese signer's name would be mojibake). */
static void pdf_string(ep_buf *b, const char *s)
{
    int ascii = 1;
    for (const char *p = s; *p && ascii; p++) ascii = (unsigned char)*p < 0x80;
    if (ascii) {
        ep_buf_putc(b, '(');
        pdf_escape(b, s);
        ep_buf_putc(b, ')');
        return;
    }
    ep_buf_puts(b, "<FEFF");
    ep_utf16be_hex(b, s, strlen(s));
    ep_buf_putc(b, '>');
}

/* Signing one field, step by step; ep_sign_pdf frees what the steps made, in one place. */
typedef struct signing {
    ep_diag *d;
    const char *path, *field;
    const ep_signer_opts *o;
    ep_buf *out;
    ep_pdfdoc doc;
    ep_sigfield *f;
    ep_signer s;
    int have_signer, have_update;
    ep_update u;
    int sig_id;
    char cn[256];      /* the signer's common name, or empty */
    time_t signed_at;
} signing;

/* The field exists, is not signed yet, and the document can take the signature. */
static int check_field(signing *g)
{
    ep_pos at = ep_pos_make(g->path, 0, 0);
    ep_pdfdoc *doc = &g->doc;
    g->f = ep_pdfdoc_field(doc, g->field);
    if (!g->f) {
        ep_buf names;
        ep_buf_init(&names);
        for (size_t i = 0; i < doc->nfields; i++)
            ep_buf_printf(&names, "%s'%s'", i ? ", " : "", ep_pdfdoc_field_label(doc, &doc->fields[i]));
        ep_error(g->d, at, EP_C_NO_FIELD, "no signature field '%s' (the PDF has %s)", g->field,
                 doc->nfields ? names.data : "none");
        ep_buf_free(&names);
        return -1;
    }
    if (g->f->signed_) {
        ep_error(g->d, at, EP_C_ALREADY_SIGNED, "the field '%s' is signed already", g->field);
        return -1;
    }
    for (size_t i = 0; g->o->certify && i < doc->nfields; i++)
        if (doc->fields[i].signed_) {
            ep_error(g->d, at, EP_C_ALREADY_SIGNED,
                     "only the first signature can certify the letter, and '%s' is signed already", doc->fields[i].name);
            return -1;
        }
    if (!doc->acroform_id) {
        ep_error(g->d, at, EP_C_PDF_UNSUPPORTED, "the PDF's AcroForm is not an object of its own; cannot update it");
        return -1;
    }
    return 0;
}

/* The signature dictionary, its /Contents a placeholder, and for a certification the
 * catalog's /Perms pointing at it. */
static int write_signature(signing *g)
{
    ep_update *u = &g->u;
    ep_buf *out = g->out;
    g->sig_id = ep_update_new_id(u);
    char when[32];
    g->signed_at = ep_now();
    pdf_date(g->signed_at, when, sizeof when);
    X509_NAME_get_text_by_NID(X509_get_subject_name(g->s.cert), NID_commonName, g->cn, sizeof g->cn);
    ep_update_object(u, g->sig_id, 0);
    ep_buf_puts(out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ");
    ep_update_sig_slot(u, EP_SIG_BYTES);
    ep_buf_printf(out, " /M (%s) /Name ", when);
    pdf_string(out, g->cn);
    /* A certification (ISO 32000-1 12.8.2.2): which changes the letter allows after it. */
    if (g->o->certify)
        ep_buf_printf(out, " /Reference [ << /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type "
                           "/TransformParams /P %d /V /1.2 >> >> ]", g->o->certify);
    ep_buf_puts(out, " >>");
    ep_update_end(u);
    if (!g->o->certify) return 0;
    char perms[48];
    snprintf(perms, sizeof perms, "<< /DocMDP %d 0 R >>", g->sig_id);
    if (!ep_update_set(u, g->doc.root_id, 0, "/Perms", perms)) return 0;
    ep_error(g->d, ep_pos_make(g->path, 0, 0), EP_C_PDF_UNSUPPORTED, "cannot add /Perms to the document catalog");
    return -1;
}

/* The field and its widgets pointing at the signature, each widget with its appearance when
 * the signature is visible, and the AcroForm's /SigFlags. */
static int write_field(signing *g)
{
    const ep_sigfield *f = g->f;
    const ep_signer_opts *o = g->o;
    /* A visible signature: one appearance per widget (the parts' areas, languages and faces
     * may differ), in the letter's own faces. */
    int *ap_ids = ep_xcalloc(f->nwidgets + 1, sizeof *ap_ids);
    for (size_t k = 0; o->visible && k < f->nwidgets; k++)
        if (!(ap_ids[k] = ep_sig_appearance(&g->u, g->d, g->path, &f->widgets[k], o, g->cn[0] ? g->cn : g->field,
                                            g->signed_at))) {
            free(ap_ids);
            return -1;
        }

    /* The field gets the value; each widget (the field itself when the two are merged) the
     * appearance. A kid gets the value too: it is a field dictionary without a name of its own,
     * which the PDF standard makes "a representation of the same underlying field" (12.7.4.2),
     * and readers that take it for a field of its own (poppler before 25.12, as in Debian 12)
     * would otherwise list it as an unsigned field beside the signed one. Entry k < nwidgets is
     * widget k, entry nwidgets the field. */
    int failed = 0;
    for (size_t k = f->nwidgets + 1; k-- > 0 && !failed;) {
        int is_field = k == f->nwidgets;
        int id = is_field ? f->id : f->widgets[k].id, gen = is_field ? f->gen : f->widgets[k].gen;
        if (!is_field && id == f->id && gen == f->gen) continue;   /* merged: written as the field */
        int ap = 0;
        for (size_t j = 0; o->visible && j < f->nwidgets; j++)
            if (f->widgets[j].id == id && f->widgets[j].gen == gen) ap = ap_ids[j];
        char extra[96];
        int n = snprintf(extra, sizeof extra, "/V %d 0 R", g->sig_id);
        if (ap) snprintf(extra + n, sizeof extra - (size_t)n, " /AP << /N %d 0 R >>", ap);
        static const char *const drop[] = {"/V", "/AP"};
        char *dict = ep_pdfdoc_dict_replace(&g->doc, id, gen, drop, ap ? 2 : 1, extra);
        if (!dict) {
            failed = 1;
            break;
        }
        ep_update_object(&g->u, id, gen);
        ep_buf_puts(g->out, dict);
        ep_update_end(&g->u);
        free(dict);
    }
    free(ap_ids);
    if (failed) {
        ep_error(g->d, ep_pos_make(g->path, 0, 0), EP_C_PDF_UNSUPPORTED, "cannot update the field '%s'", g->field);
        return -1;
    }
    ep_update_object(&g->u, g->doc.acroform_id, 0);
    if (strstr(g->doc.acroform_dict, "/SigFlags")) ep_buf_puts(g->out, g->doc.acroform_dict);
    else dict_with(g->out, g->doc.acroform_dict, "/SigFlags 3");
    ep_update_end(&g->u);
    return 0;
}

/* The cross-reference section, then the CMS signature over the finished update's bytes,
 * written into the placeholder. */
static int fill_signature(signing *g)
{
    if (ep_update_finish(&g->u, g->d, g->path)) return -1;
    const unsigned char *r1, *r2;
    size_t n1, n2;
    int derlen = 0;
    ep_update_ranges(&g->u, &r1, &n1, &r2, &n2);
    unsigned char *der = cms_sign(g->d, &g->s, g->o->tsa, r1, n1, r2, n2, &derlen);
    int r = der ? ep_update_fill(&g->u, g->d, g->path, der, (size_t)derlen) : -1;
    OPENSSL_free(der);
    return r;
}

int ep_sign_pdf(ep_diag *d, const char *path, const unsigned char *in, size_t len, const char *field,
                const ep_signer_opts *o, ep_buf *out)
{
    signing g = {.d = d, .path = path, .field = field, .o = o, .out = out};
    int r = -1;
    if (ep_pdfdoc_read(&g.doc, d, path, in, len, 1) || check_field(&g)) goto done;
    if (ep_signer_load(d, o, &g.s)) goto done;
    g.have_signer = 1;
    char weak[512];
    ep_cert_concerns(g.s.cert, weak, sizeof weak);
    if (*weak) ep_warn(d, ep_pos_make(o->p12 ? o->p12 : o->cert, 0, 0), EP_C_WEAK_CERTIFICATE, "%s", weak);

    /* The update: the signature, the field, the AcroForm, the cross-reference section. */
    ep_update_begin(&g.u, &g.doc, in, len, out);
    g.have_update = 1;
    if (write_signature(&g) || write_field(&g) || fill_signature(&g)) goto done;
    r = 0;
    if (o->ltv) {
        /* B-LT: the validation data, in an update of its own after the signature's. */
        ep_ltv_opts lo = {.chain = o->chain, .crls = o->crls, .ncrls = o->ncrls, .ocsps = o->ocsps, .nocsps = o->nocsps};
        r = ep_ltv_add(d, path, &lo, out);
    }
done:
    if (g.have_update) ep_update_free(&g.u);
    if (g.have_signer) ep_signer_free(&g.s);
    ep_pdfdoc_free(&g.doc);
    return r;
}
