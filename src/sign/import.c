/* A page of another PDF brought into an update as a form XObject: a visible signature's text,
 * typeset and written by the rest of epistle as a small PDF of its own, is drawn in a widget
 * of the letter. Its objects (the fonts, their programs and maps) are copied with new
 * numbers; the content of the page becomes the form's. */
#include <stdlib.h>
#include <string.h>

#include "sign/import.h"
#include "sign/qpdf.h"
#include "util/alloc.h"
#include "util/deflate.h"

typedef struct importer {
    qpdf_data q;
    ep_update *u;
    struct mapped { int from, gen, to; } *map;
    size_t nmap, done, cap;
    int failed;
} importer;

/* The update's number for object (id, gen) of the source, given when first met; objects are
 * written in the order they were met. */
static int map_of(importer *m, int id, int gen)
{
    for (size_t i = 0; i < m->nmap; i++)
        if (m->map[i].from == id && m->map[i].gen == gen) return m->map[i].to;
    m->map = ep_grow(m->map, sizeof *m->map, &m->cap, m->nmap + 1);
    int to = ep_update_new_id(m->u);
    m->map[m->nmap++] = (struct mapped){id, gen, to};
    return to;
}

/* An object's value in PDF syntax, references renumbered. Keys are read before the values
 * are, since qpdf has one dictionary iterator per document. */
static void value(importer *m, qpdf_oh oh, int depth)
{
    ep_buf *out = m->u->out;
    qpdf_data q = m->q;
    if (depth > 0 && qpdf_oh_is_indirect(q, oh)) {
        ep_buf_printf(out, "%d 0 R", map_of(m, qpdf_oh_get_object_id(q, oh), qpdf_oh_get_generation(q, oh)));
        return;
    }
    if (depth > 64) {
        m->failed = 1;
        return;
    }
    if (qpdf_oh_is_array(q, oh)) {
        int n = qpdf_oh_get_array_n_items(q, oh);
        ep_buf_putc(out, '[');
        for (int i = 0; i < n; i++) {
            if (i) ep_buf_putc(out, ' ');
            value(m, qpdf_oh_get_array_item(q, oh, i), depth + 1);
        }
        ep_buf_putc(out, ']');
    } else if (qpdf_oh_is_dictionary(q, oh)) {
        size_t n = 0, cap = 0;
        char **keys = NULL;
        qpdf_oh_begin_dict_key_iter(q, oh);
        while (qpdf_oh_dict_more_keys(q)) {
            const char *k = qpdf_oh_dict_next_key(q);
            keys = ep_grow(keys, sizeof *keys, &cap, n + 1);
            keys[n++] = ep_xstrdup(k);
        }
        ep_buf_puts(out, "<<");
        for (size_t i = 0; i < n; i++) {
            ep_buf_printf(out, "%s ", keys[i]);
            value(m, qpdf_oh_get_key(q, oh, keys[i]), depth + 1);
            ep_buf_putc(out, ' ');
            free(keys[i]);
        }
        ep_buf_puts(out, ">>");
        free(keys);
    } else if (qpdf_oh_is_stream(q, oh)) {
        m->failed = 1;   /* only ever an indirect object, written by stream() */
    } else {
        ep_buf_puts(out, qpdf_oh_unparse_binary(q, oh));
    }
}

/* A stream of the source, its bytes as they are (still filtered), its dictionary copied. */
static void stream(importer *m, qpdf_oh oh)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_stream_data(m->q, oh, qpdf_dl_none, NULL, &data, &len) & QPDF_ERRORS) {
        m->failed = 1;
        return;
    }
    qpdf_oh dict = qpdf_oh_get_dict(m->q, oh);
    qpdf_oh_remove_key(m->q, dict, "/Length");
    value(m, dict, 1);
    m->u->out->len -= 2;   /* the ">>" */
    ep_buf_printf(m->u->out, "/Length %zu >>\nstream\n", len);
    ep_buf_put(m->u->out, data, len);
    ep_buf_puts(m->u->out, "\nendstream");
    free(data);
}

int ep_import_page(ep_update *u, const char *name, const unsigned char *pdf, size_t len, double *w, double *h)
{
    importer m = {.q = ep_qpdf_new(), .u = u};
    int form = 0;
    unsigned char *content = NULL, *z = NULL;
    size_t clen = 0, zlen = 0;
    if (qpdf_read_memory(m.q, name, (const char *)pdf, len, NULL) & QPDF_ERRORS) goto done;
    qpdf_oh page = qpdf_get_page_n(m.q, 0);
    qpdf_oh box = qpdf_oh_get_key(m.q, page, "/MediaBox");
    if (!qpdf_oh_is_dictionary(m.q, page) || qpdf_oh_get_array_n_items(m.q, box) != 4 ||
        (qpdf_oh_get_page_content_data(m.q, page, &content, &clen) & QPDF_ERRORS) ||
        ep_deflate(EP_DEFLATE_FAST, content, clen, &z, &zlen))
        goto done;
    *w = qpdf_oh_get_numeric_value(m.q, qpdf_oh_get_array_item(m.q, box, 2));
    *h = qpdf_oh_get_numeric_value(m.q, qpdf_oh_get_array_item(m.q, box, 3));
    form = ep_update_new_id(u);
    ep_update_object(u, form, 0);
    ep_buf_printf(u->out, "<< /Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] /Resources ", *w, *h);
    value(&m, qpdf_oh_get_key(m.q, page, "/Resources"), 1);
    ep_buf_printf(u->out, " /Filter /FlateDecode /Length %zu >>\nstream\n", zlen);
    ep_buf_put(u->out, z, zlen);
    ep_buf_puts(u->out, "\nendstream");
    ep_update_end(u);
    /* What it refers to, and what that refers to, each once. */
    for (; m.done < m.nmap && !m.failed; m.done++) {
        struct mapped o = m.map[m.done];
        qpdf_oh oh = qpdf_get_object_by_id(m.q, o.from, o.gen);
        ep_update_object(u, o.to, 0);
        if (qpdf_oh_is_stream(m.q, oh)) stream(&m, oh);
        else value(&m, oh, 0);
        ep_update_end(u);
    }
    if (m.failed) form = 0;
done:
    ep_qpdf_free(&m.q);
    free(content);
    free(z);
    free(m.map);
    return form;
}
