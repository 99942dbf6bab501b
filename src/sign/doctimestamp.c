/* A document time-stamp (PAdES B-LTA, ISO 32000-2 12.8.5): an RFC 3161 token over the whole
 * file but the token itself, in a signature dictionary of type /DocTimeStamp, held by an
 * invisible signature field of its own on the first page. Added after the signatures (and
 * their validation data), it proves they existed, as they are, at its time; a later one
 * renews the proof before the algorithms of the earlier one weaken. */
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign.h"
#include "sign/timestamp.h"
#include "sign/update.h"
#include "util/alloc.h"

enum { EP_TST_BYTES = 12288 };   /* room for the token with the TSA's chain */

/* A field name the PDF does not have yet. */
static void field_name(const ep_pdfdoc *doc, char *out, size_t size)
{
    for (int k = 1;; k++) {
        if (k == 1) snprintf(out, size, "Document time-stamp");
        else snprintf(out, size, "Document time-stamp (%d)", k);
        int taken = 0;
        for (size_t i = 0; i < doc->nfields && !taken; i++) taken = !strcmp(doc->fields[i].name, out);
        if (!taken) return;
    }
}

/* An array's value unparsed ("[ 1 0 R ]") with one more reference in it; NULL if it is not a
 * direct array (a reference to one is not written by epistle, nor handled). */
static char *array_with(const char *array, int id)
{
    size_t n = array ? strlen(array) : 0;
    while (n && (array[n - 1] == ' ' || array[n - 1] == '\n')) n--;
    if (array && (n < 2 || array[0] != '[' || array[n - 1] != ']')) return NULL;
    char *r = ep_xmalloc(n + 32);
    if (array) snprintf(r, n + 32, "%.*s %d 0 R ]", (int)(n - 1), array, id);
    else snprintf(r, n + 32, "[ %d 0 R ]", id);
    return r;
}

int ep_timestamp_pdf(ep_diag *d, const char *path, const unsigned char *in, size_t len, const char *tsa, ep_buf *out)
{
    ep_pdfdoc doc;
    if (ep_pdfdoc_read(&doc, d, path, in, len, 1)) {
        ep_pdfdoc_free(&doc);
        return -1;
    }
    ep_pos at = ep_pos_make(path, 0, 0);
    if (!doc.page1_id) {
        ep_error(d, at, EP_C_PDF_UNSUPPORTED, "the PDF has no page to hold the time-stamp's field");
        ep_pdfdoc_free(&doc);
        return -1;
    }
    ep_update u;
    ep_update_begin(&u, &doc, in, len, out);
    int sig = ep_update_new_id(&u), field = ep_update_new_id(&u), ap = ep_update_new_id(&u);
    int form = doc.acroform_id ? doc.acroform_id : ep_update_new_id(&u);
    char name[64];
    field_name(&doc, name, sizeof name);

    ep_update_object(&u, sig, 0);
    ep_buf_puts(out, "<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ");
    ep_update_sig_slot(&u, EP_TST_BYTES);
    ep_buf_puts(out, " >>");
    ep_update_end(&u);
    /* Invisible (an empty rectangle), printable as PDF/A asks of every annotation, with an
     * empty appearance. */
    ep_update_object(&u, field, 0);
    ep_buf_printf(out, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /V %d 0 R /Rect [ 0 0 0 0 ] /F 4 /P %d %d R "
                       "/AP << /N %d 0 R >> >>", name, sig, doc.page1_id, doc.page1_gen, ap);
    ep_update_end(&u);
    ep_update_object(&u, ap, 0);
    ep_buf_puts(out, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 0 0 ] /Length 0 >>\nstream\n\nendstream");
    ep_update_end(&u);

    /* The page lists the widget; the form, the field (a form is made when the PDF has none). */
    char *annots = ep_pdfdoc_value(&doc, doc.page1_id, doc.page1_gen, "/Annots");
    char *annots2 = array_with(annots, field);
    int failed = !annots2 || ep_update_set(&u, doc.page1_id, doc.page1_gen, "/Annots", annots2);
    free(annots);
    free(annots2);
    if (!failed && doc.acroform_id) {
        char *fields = ep_pdfdoc_value(&doc, form, 0, "/Fields");
        char *fields2 = array_with(fields, field);
        failed = !fields2 || ep_update_set(&u, form, 0, "/Fields", fields2);
        free(fields);
        free(fields2);
    } else if (!failed) {
        ep_update_object(&u, form, 0);
        ep_buf_printf(out, "<< /Fields [ %d 0 R ] /SigFlags 3 >>", field);
        ep_update_end(&u);
        char ref[32];
        snprintf(ref, sizeof ref, "%d 0 R", form);
        failed = ep_update_set(&u, doc.root_id, 0, "/AcroForm", ref);
    }
    if (failed) {
        ep_error(d, at, EP_C_PDF_UNSUPPORTED, "cannot add a field to this PDF (its first page's /Annots or its "
                                              "form's /Fields is not an array of its own)");
        ep_update_free(&u);
        ep_pdfdoc_free(&doc);
        return -1;
    }

    int r = ep_update_finish(&u, d, path);
    if (!r) {
        ep_stamped what;
        ep_update_ranges(&u, &what.a, &what.na, &what.b, &what.nb);
        int tlen = 0;
        unsigned char *token = ep_tsa_token(d, tsa, what, &tlen);
        r = token ? ep_update_fill(&u, d, path, token, (size_t)tlen) : -1;
        OPENSSL_free(token);
    }
    ep_update_free(&u);
    ep_pdfdoc_free(&doc);
    return r;
}
