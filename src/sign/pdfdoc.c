#include "sign/pdfdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/qpdf.h"
#include "util/alloc.h"

static char *dupstr(const char *s) { return s ? ep_xstrdup(s) : NULL; }

/* "startxref N" near the end of the file: where the last cross-reference section is. */
static long long find_startxref(const unsigned char *data, size_t len)
{
    size_t from = len > 2048 ? len - 2048 : 0;
    for (size_t i = len; i-- > from;) {
        if (i + 9 <= len && !memcmp(data + i, "startxref", 9)) {
            size_t k = i + 9;
            while (k < len && (data[k] == ' ' || data[k] == '\r' || data[k] == '\n')) k++;
            long long v = 0;
            int digits = 0;
            while (k < len && data[k] >= '0' && data[k] <= '9') {
                if (v > (long long)len) return -1;   /* past the end of the file already */
                v = v * 10 + (data[k++] - '0');
                digits++;
            }
            return digits ? v : -1;
        }
    }
    return -1;
}

static void copy_text(qpdf_data q, qpdf_oh s, char *out, size_t size)
{
    snprintf(out, size, "%s", qpdf_oh_is_string(q, s) ? qpdf_oh_get_utf8_value(q, s) : "");
}

/* /AP /N /PieceInfo /Epistle /Private of a widget epistle made. */
static void look_of(qpdf_data q, qpdf_oh w, ep_siglook *l)
{
    qpdf_oh ap = qpdf_oh_get_key(q, qpdf_oh_get_key(q, w, "/AP"), "/N");
    if (!qpdf_oh_is_stream(q, ap)) return;
    qpdf_oh p = qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, ap), "/PieceInfo"), "/Epistle"),
                                "/Private");
    if (!qpdf_oh_is_dictionary(q, p)) return;
    l->has = 1;
    copy_text(q, qpdf_oh_get_key(q, p, "/Lang"), l->lang, sizeof l->lang);
    copy_text(q, qpdf_oh_get_key(q, p, "/Family"), l->family, sizeof l->family);
    copy_text(q, qpdf_oh_get_key(q, p, "/Label"), l->label, sizeof l->label);
    qpdf_oh size = qpdf_oh_get_key(q, p, "/Size");
    l->size = qpdf_oh_is_number(q, size) ? qpdf_oh_get_numeric_value(q, size) : 0;
    l->sans = qpdf_oh_is_bool(q, qpdf_oh_get_key(q, p, "/Sans")) && qpdf_oh_get_bool_value(q, qpdf_oh_get_key(q, p, "/Sans"));
    qpdf_oh sc = qpdf_oh_get_key(q, p, "/Scripts");
    int n = qpdf_oh_is_array(q, sc) ? qpdf_oh_get_array_n_items(q, sc) / 3 : 0;
    for (int i = 0; i < n && l->nscripts < EP_SIGLOOK_SCRIPTS; i++) {
        struct ep_siglook_script *s = &l->scripts[l->nscripts++];
        qpdf_oh cjk = qpdf_oh_get_array_item(q, sc, 3 * i);
        s->cjk = qpdf_oh_is_integer(q, cjk) ? (int)qpdf_oh_get_int_value(q, cjk) : 0;
        copy_text(q, qpdf_oh_get_array_item(q, sc, 3 * i + 1), s->code, sizeof s->code);
        copy_text(q, qpdf_oh_get_array_item(q, sc, 3 * i + 2), s->family, sizeof s->family);
    }
    qpdf_oh img = qpdf_oh_get_key(q, p, "/Image"), box = qpdf_oh_get_key(q, p, "/ImageBox");
    if (qpdf_oh_is_stream(q, img) && qpdf_oh_is_indirect(q, img) && qpdf_oh_get_array_n_items(q, box) == 4) {
        l->image_id = qpdf_oh_get_object_id(q, img);
        l->image_gen = qpdf_oh_get_generation(q, img);
        for (int i = 0; i < 4; i++) l->ibox[i] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, i));
    }
}

static void widget_of(qpdf_data q, qpdf_oh w, ep_sigfield *sf)
{
    sf->widgets = ep_xreallocarray(sf->widgets, sf->nwidgets + 1, sizeof *sf->widgets);
    ep_sigwidget *g = &sf->widgets[sf->nwidgets++];
    memset(g, 0, sizeof *g);
    g->id = qpdf_oh_get_object_id(q, w);
    g->gen = qpdf_oh_get_generation(q, w);
    qpdf_oh rect = qpdf_oh_get_key(q, w, "/Rect");
    for (int i = 0; i < 4 && i < qpdf_oh_get_array_n_items(q, rect); i++)
        g->rect[i] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, rect, i));
    look_of(q, w, &g->look);
}

/* A field of the AcroForm's tree: a signature field (its /FT inherited from a parent or its
 * own) with its widgets, or a node whose kids are fields (they have a /T), named "parent.kid". */
static void field_of(qpdf_data q, qpdf_oh f, ep_pdfdoc *doc, const char *parent, int sig, int depth)
{
    if (!qpdf_oh_is_dictionary(q, f) || depth > 32) return;
    qpdf_oh ft = qpdf_oh_get_key(q, f, "/FT");
    if (qpdf_oh_is_name(q, ft)) sig = qpdf_oh_is_name_and_equals(q, ft, "/Sig");
    qpdf_oh t = qpdf_oh_get_key(q, f, "/T");
    char *name = NULL;
    const char *partial = qpdf_oh_is_string(q, t) ? qpdf_oh_get_utf8_value(q, t) : "";
    if (parent && *parent) {
        name = ep_xmalloc(strlen(parent) + strlen(partial) + 2);
        sprintf(name, "%s.%s", parent, partial);
    } else {
        name = dupstr(partial);
    }
    qpdf_oh kids = qpdf_oh_get_key(q, f, "/Kids");
    int nkids = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
    int field_kids = 0;
    for (int i = 0; i < nkids; i++) field_kids |= qpdf_oh_has_key(q, qpdf_oh_get_array_item(q, kids, i), "/T");
    if (field_kids) {
        for (int i = 0; i < nkids; i++) field_of(q, qpdf_oh_get_array_item(q, kids, i), doc, name, sig, depth + 1);
        free(name);
        return;
    }
    if (!sig) {
        free(name);
        return;
    }
    ep_sigfield sf;
    memset(&sf, 0, sizeof sf);
    sf.name = name;
    qpdf_oh tu = qpdf_oh_get_key(q, f, "/TU");
    sf.label = qpdf_oh_is_string(q, tu) ? dupstr(qpdf_oh_get_utf8_value(q, tu)) : NULL;
    sf.shown = sf.label && *sf.label ? ep_xstrndup(sf.label, strstr(sf.label, " / ") ? (size_t)(strstr(sf.label, " / ") - sf.label)
                                                                              : strlen(sf.label))
                                     : NULL;
    sf.id = qpdf_oh_get_object_id(q, f);
    sf.gen = qpdf_oh_get_generation(q, f);
    sf.dict = dupstr(qpdf_oh_unparse_resolved(q, f));
    if (nkids)
        for (int i = 0; i < nkids; i++) widget_of(q, qpdf_oh_get_array_item(q, kids, i), &sf);
    else
        widget_of(q, f, &sf);
    if (qpdf_oh_has_key(q, f, "/V")) {
        sf.signed_ = 1;
        qpdf_oh v = qpdf_oh_get_key(q, f, "/V");
        sf.v_id = qpdf_oh_get_object_id(q, v);
        qpdf_oh br = qpdf_oh_get_key(q, v, "/ByteRange");
        for (int i = 0; i < 4 && i < qpdf_oh_get_array_n_items(q, br); i++)
            sf.range[i] = qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, br, i));
        qpdf_oh c = qpdf_oh_get_key(q, v, "/Contents");
        size_t n = 0;
        const char *bytes = qpdf_oh_is_string(q, c) ? qpdf_oh_get_binary_string_value(q, c, &n) : NULL;
        if (bytes && n) {
            sf.contents = ep_xmalloc(n);
            memcpy(sf.contents, bytes, n);
            sf.ncontents = n;
        }
        sf.doc_timestamp = qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, v, "/SubFilter"), "/ETSI.RFC3161");
        qpdf_oh refs = qpdf_oh_get_key(q, v, "/Reference");
        for (int i = 0; qpdf_oh_is_array(q, refs) && i < qpdf_oh_get_array_n_items(q, refs); i++) {
            qpdf_oh ref = qpdf_oh_get_array_item(q, refs, i);
            if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, ref, "/TransformMethod"), "/DocMDP")) continue;
            qpdf_oh p = qpdf_oh_get_key(q, qpdf_oh_get_key(q, ref, "/TransformParams"), "/P");
            sf.docmdp = qpdf_oh_is_integer(q, p) ? (int)qpdf_oh_get_int_value(q, p) : 2;   /* 2 by default */
        }
        qpdf_oh m = qpdf_oh_get_key(q, v, "/M");
        sf.when = dupstr(qpdf_oh_is_string(q, m) ? qpdf_oh_get_utf8_value(q, m) : NULL);
    }
    doc->fields = ep_xreallocarray(doc->fields, doc->nfields + 1, sizeof *doc->fields);
    doc->fields[doc->nfields++] = sf;
}

/* The streams of an array of the DSS (at most 4096, each decoded). */
static void dss_list(qpdf_data q, qpdf_oh dss, const char *key, ep_blob **out, size_t *n)
{
    qpdf_oh a = qpdf_oh_get_key(q, dss, key);
    int count = qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_n_items(q, a) : 0;
    if (count > 4096) count = 4096;
    *out = count ? ep_xcalloc((size_t)count, sizeof **out) : NULL;
    for (int i = 0; i < count; i++) {
        qpdf_oh s = qpdf_oh_get_array_item(q, a, i);
        unsigned char *buf = NULL;
        size_t len = 0;
        if (!qpdf_oh_is_stream(q, s) || qpdf_oh_get_stream_data(q, s, qpdf_dl_generalized, NULL, &buf, &len) || !buf) {
            if (qpdf_has_error(q)) qpdf_get_error(q);
            free(buf);
            continue;
        }
        (*out)[(*n)++] = (ep_blob){buf, len};
    }
}

int ep_pdfdoc_read(ep_pdfdoc *doc, ep_diag *d, const char *path, const unsigned char *data, size_t len,
                   int for_update)
{
    memset(doc, 0, sizeof *doc);
    doc->path = path;
    doc->data = data;
    doc->len = len;
    ep_pos at = ep_pos_make(path, 0, 0);
    qpdf_data q = ep_qpdf_new();
    int failed = 0;
    if (qpdf_read_memory(q, path, (const char *)data, len, NULL) & QPDF_ERRORS) {
        qpdf_error e = qpdf_get_error(q);
        ep_error(d, at, EP_C_PDF_READ, "not a PDF epistle can read: %s", e ? qpdf_get_error_message_detail(q, e) : "unknown error");
        ep_qpdf_free(&q);
        return -1;
    }
    if (qpdf_is_encrypted(q)) {
        ep_error(d, at, EP_C_PDF_ENCRYPTED, "the PDF is encrypted; epistle signs only unencrypted PDFs");
        ep_qpdf_free(&q);
        return -1;
    }
    doc->startxref = find_startxref(data, len);
    /* An update appends a section of the same kind as the last: a table after a table, a
     * cross-reference stream after a stream ("n g obj" where startxref points). */
    int table = doc->startxref >= 0 && (size_t)doc->startxref + 4 <= len && !memcmp(data + doc->startxref, "xref", 4);
    int stream = 0;
    if (!table && doc->startxref >= 0 && (size_t)doc->startxref < len) {
        const unsigned char *p = data + doc->startxref, *e = data + len;
        int fields = 0;
        while (fields < 2 && p < e && *p >= '0' && *p <= '9') {
            while (p < e && *p >= '0' && *p <= '9') p++;
            while (p < e && *p == ' ') p++;
            fields++;
        }
        stream = fields == 2 && e - p >= 3 && !memcmp(p, "obj", 3);
    }
    doc->xref_stream = stream;
    if (for_update && !table && !stream) {
        ep_error(d, at, EP_C_PDF_UNSUPPORTED, "the PDF's last cross-reference section cannot be found where startxref says");
        failed = 1;
    }
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh root = qpdf_get_root(q);
    /* A damaged file may have no trailer or catalog that qpdf could recover. */
    if (!qpdf_oh_is_initialized(q, trailer) || !qpdf_oh_is_dictionary(q, root)) {
        ep_error(d, at, EP_C_PDF_READ, "not a PDF epistle can read: it has no document catalog");
        ep_qpdf_free(&q);
        return -1;
    }
    doc->size = (int)qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, trailer, "/Size"));
    doc->root_id = qpdf_oh_get_object_id(q, root);
    if (qpdf_oh_has_key(q, trailer, "/Info")) doc->info_id = qpdf_oh_get_object_id(q, qpdf_oh_get_key(q, trailer, "/Info"));
    if (qpdf_oh_has_key(q, trailer, "/ID")) doc->id_array = dupstr(qpdf_oh_unparse(q, qpdf_oh_get_key(q, trailer, "/ID")));
    if (qpdf_get_num_pages(q) > 0) {
        qpdf_oh page = qpdf_get_page_n(q, 0);
        doc->page1_id = qpdf_oh_get_object_id(q, page);
        doc->page1_gen = qpdf_oh_get_generation(q, page);
    }
    qpdf_oh perms = qpdf_oh_get_key(q, root, "/Perms");
    if (qpdf_oh_is_dictionary(q, perms) && qpdf_oh_has_key(q, perms, "/DocMDP"))
        doc->docmdp_id = qpdf_oh_get_object_id(q, qpdf_oh_get_key(q, perms, "/DocMDP"));
    qpdf_oh dss = qpdf_oh_get_key(q, root, "/DSS");
    if (qpdf_oh_is_dictionary(q, dss)) {
        doc->dss.id = qpdf_oh_get_object_id(q, dss);
        dss_list(q, dss, "/Certs", &doc->dss.certs, &doc->dss.ncerts);
        dss_list(q, dss, "/CRLs", &doc->dss.crls, &doc->dss.ncrls);
        dss_list(q, dss, "/OCSPs", &doc->dss.ocsps, &doc->dss.nocsps);
    }
    qpdf_oh form = qpdf_oh_get_key(q, root, "/AcroForm");
    if (qpdf_oh_is_dictionary(q, form)) {
        doc->acroform_id = qpdf_oh_get_object_id(q, form);
        doc->acroform_dict = dupstr(qpdf_oh_unparse_resolved(q, form));
        qpdf_oh fields = qpdf_oh_get_key(q, form, "/Fields");
        int n = qpdf_oh_get_array_n_items(q, fields);
        for (int i = 0; i < n; i++) field_of(q, qpdf_oh_get_array_item(q, fields, i), doc, NULL, 0, 0);
    }
    ep_qpdf_free(&q);
    return failed ? -1 : 0;
}

void ep_pdfdoc_free(ep_pdfdoc *doc)
{
    for (size_t i = 0; i < doc->nfields; i++) {
        free(doc->fields[i].name);
        free(doc->fields[i].label);
        free(doc->fields[i].shown);
        free(doc->fields[i].dict);
        free(doc->fields[i].widgets);
        free(doc->fields[i].contents);
        free(doc->fields[i].when);
    }
    free(doc->fields);
    ep_blob *lists[] = {doc->dss.certs, doc->dss.crls, doc->dss.ocsps};
    size_t counts[] = {doc->dss.ncerts, doc->dss.ncrls, doc->dss.nocsps};
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < counts[k]; i++) free(lists[k][i].p);
        free(lists[k]);
    }
    free(doc->acroform_dict);
    free(doc->id_array);
    memset(doc, 0, sizeof *doc);
}

char *ep_pdfdoc_value(const ep_pdfdoc *doc, int id, int gen, const char *key)
{
    qpdf_data q = ep_qpdf_open(doc->path, doc->data, doc->len);
    char *r = NULL;
    if (q) {
        qpdf_oh o = qpdf_get_object_by_id(q, id, gen);
        if (qpdf_oh_is_dictionary(q, o) && qpdf_oh_has_key(q, o, key)) r = dupstr(qpdf_oh_unparse(q, qpdf_oh_get_key(q, o, key)));
    }
    ep_qpdf_free(&q);
    return r;
}

char *ep_pdfdoc_dict_replace(const ep_pdfdoc *doc, int id, int gen, const char *const *drop, size_t ndrop,
                             const char *extra)
{
    qpdf_data q = ep_qpdf_open(doc->path, doc->data, doc->len);
    char *r = NULL;
    if (q) {
        qpdf_oh o = qpdf_get_object_by_id(q, id, gen);
        if (qpdf_oh_is_dictionary(q, o)) {
            for (size_t i = 0; i < ndrop; i++) qpdf_oh_remove_key(q, o, drop[i]);
            const char *text = qpdf_has_error(q) ? NULL : qpdf_oh_unparse_resolved(q, o);
            /* New entries go before the closing ">>" (references to objects qpdf has not
             * seen cannot go through its parser). */
            size_t n = text ? strlen(text) : 0;
            while (n && (text[n - 1] == ' ' || text[n - 1] == '\n')) n--;
            if (n >= 2 && !memcmp(text + n - 2, ">>", 2)) {
                r = ep_xmalloc(n + strlen(extra) + 8);
                memcpy(r, text, n - 2);
                sprintf(r + n - 2, " %s >>", extra);
            }
        }
    }
    ep_qpdf_free(&q);
    return r;
}

/* label is name, or lists it between " / " (a field shown in several parts). */
static int label_names(const char *label, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = label; p;) {
        if (!strncmp(p, name, n) && (!p[n] || !strncmp(p + n, " / ", 3))) return 1;
        p = strstr(p, " / ");
        if (p) p += 3;
    }
    return 0;
}

ep_sigfield *ep_pdfdoc_field(const ep_pdfdoc *doc, const char *name)
{
    for (size_t i = 0; i < doc->nfields; i++)
        if (!strcmp(doc->fields[i].name, name)) return &doc->fields[i];
    ep_sigfield *any = NULL;
    for (size_t i = 0; i < doc->nfields; i++) {
        ep_sigfield *f = &doc->fields[i];
        if (!f->label || !label_names(f->label, name)) continue;
        if (!f->signed_) return f;
        if (!any) any = f;
    }
    return any;
}

const char *ep_pdfdoc_field_label(const ep_pdfdoc *doc, const ep_sigfield *f)
{
    if (!f->shown) return f->name;
    for (size_t i = 0; i < doc->nfields; i++)
        if (&doc->fields[i] != f && doc->fields[i].shown && !strcmp(doc->fields[i].shown, f->shown)) return f->name;
    return f->shown;
}
