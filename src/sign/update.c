#include "sign/update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/* "/ByteRange [0 A B C]" is written first with room for ten digits each and filled in last,
 * when the offsets are known: the bytes around it must not move. */
static const char range_slot[] = "/ByteRange [0 0000000000 0000000000 0000000000]";

void ep_update_begin(ep_update *u, const ep_pdfdoc *doc, const unsigned char *in, size_t len, ep_buf *out)
{
    memset(u, 0, sizeof *u);
    u->out = out;
    u->doc = doc;
    u->next_id = doc->size;
    ep_buf_put(out, in, len);
    if (len && in[len - 1] != '\n') ep_buf_putc(out, '\n');
}

int ep_update_new_id(ep_update *u) { return u->next_id++; }

/* Lists object id as starting here, for the cross-reference section. */
static void record(ep_update *u, int id, int gen)
{
    u->objs = ep_grow(u->objs, sizeof *u->objs, &u->cap, u->nobjs + 1);
    u->objs[u->nobjs++] = (struct ep_update_obj){id, gen, u->out->len};
}

void ep_update_object(ep_update *u, int id, int gen)
{
    record(u, id, gen);
    ep_buf_printf(u->out, "%d %d obj\n", id, gen);
}

void ep_update_end(ep_update *u) { ep_buf_puts(u->out, "\nendobj\n"); }

int ep_update_set(ep_update *u, int id, int gen, const char *key, const char *value)
{
    char *extra = ep_xmalloc(strlen(key) + strlen(value) + 2);
    sprintf(extra, "%s %s", key, value);
    char *dict = ep_pdfdoc_dict_replace(u->doc, id, gen, &key, 1, extra);
    free(extra);
    if (!dict) return -1;
    ep_update_object(u, id, gen);
    ep_buf_puts(u->out, dict);
    ep_update_end(u);
    free(dict);
    return 0;
}

void ep_update_sig_slot(ep_update *u, size_t bytes)
{
    u->off_range = u->out->len;
    ep_buf_puts(u->out, range_slot);
    ep_buf_puts(u->out, " /Contents <");
    u->off_contents = u->out->len - 1;
    ep_buf_reserve(u->out, 2 * bytes + 1);
    memset(u->out->data + u->out->len, '0', 2 * bytes);
    u->out->len += 2 * bytes;
    ep_buf_putc(u->out, '>');
    u->end_contents = u->out->len;
    u->slot_bytes = bytes;
}

static int by_id(const void *a, const void *b)
{
    const struct ep_update_obj *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

int ep_update_finish(ep_update *u, ep_diag *d, const char *path)
{
    const ep_pdfdoc *doc = u->doc;
    if (doc->xref_stream) {
        /* The section as a cross-reference stream, itself its last object (written below). */
        record(u, ep_update_new_id(u), 0);
    }
    /* The section: subsections of consecutive object numbers. */
    size_t off_xref = doc->xref_stream ? u->objs[u->nobjs - 1].off : u->out->len;
    qsort(u->objs, u->nobjs, sizeof *u->objs, by_id);
    ep_buf index, rows;
    ep_buf_init(&index);
    ep_buf_init(&rows);
    if (!doc->xref_stream) ep_buf_puts(u->out, "xref\n");
    for (size_t i = 0; i < u->nobjs;) {
        size_t j = i + 1;
        while (j < u->nobjs && u->objs[j].id == u->objs[j - 1].id + 1) j++;
        if (doc->xref_stream) ep_buf_printf(&index, "%s%d %zu", i ? " " : "", u->objs[i].id, j - i);
        else ep_buf_printf(u->out, "%d %zu\n", u->objs[i].id, j - i);
        for (; i < j; i++) {
            if (!doc->xref_stream) {
                ep_buf_printf(u->out, "%010zu %05d n \n", u->objs[i].off, u->objs[i].gen);
                continue;
            }
            /* type 1, offset (4 bytes), generation (2) */
            unsigned char row[7] = {1, (unsigned char)(u->objs[i].off >> 24), (unsigned char)(u->objs[i].off >> 16),
                                    (unsigned char)(u->objs[i].off >> 8), (unsigned char)u->objs[i].off,
                                    (unsigned char)(u->objs[i].gen >> 8), (unsigned char)u->objs[i].gen};
            ep_buf_put(&rows, row, sizeof row);
        }
    }
    if (doc->xref_stream) {
        ep_buf_printf(u->out, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%.*s] /Root %d 0 R", u->next_id - 1,
                      u->next_id, (int)index.len, index.data, doc->root_id);
    } else {
        ep_buf_printf(u->out, "trailer\n<< /Size %d /Root %d 0 R", u->next_id, doc->root_id);
    }
    if (doc->info_id) ep_buf_printf(u->out, " /Info %d 0 R", doc->info_id);
    if (doc->id_array) ep_buf_printf(u->out, " /ID %s", doc->id_array);
    ep_buf_printf(u->out, " /Prev %lld", doc->startxref);
    if (doc->xref_stream) {
        ep_buf_printf(u->out, " /Length %zu >>\nstream\r\n", rows.len);
        ep_buf_put(u->out, rows.data, rows.len);
        ep_buf_puts(u->out, "\r\nendstream\nendobj\n");
    } else {
        ep_buf_puts(u->out, " >>\n");
    }
    ep_buf_printf(u->out, "startxref\n%zu\n%%%%EOF\n", off_xref);
    ep_buf_free(&index);
    ep_buf_free(&rows);
    if (!u->end_contents) return 0;
    /* The byte range: everything but the hex string of /Contents (its < and > included). */
    char range[64];
    int n = snprintf(range, sizeof range, "/ByteRange [0 %zu %zu %zu]", u->off_contents, u->end_contents,
                     u->out->len - u->end_contents);
    if ((size_t)n > strlen(range_slot)) {
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_TOO_LARGE, "the PDF is too large to sign");
        return -1;
    }
    memset(u->out->data + u->off_range, ' ', strlen(range_slot));
    memcpy(u->out->data + u->off_range, range, (size_t)n);
    return 0;
}

void ep_update_ranges(const ep_update *u, const unsigned char **a, size_t *na, const unsigned char **b, size_t *nb)
{
    *a = (const unsigned char *)u->out->data;
    *na = u->off_contents;
    *b = (const unsigned char *)u->out->data + u->end_contents;
    *nb = u->out->len - u->end_contents;
}

int ep_update_fill(ep_update *u, ep_diag *d, const char *path, const unsigned char *der, size_t len)
{
    if (len > u->slot_bytes) {
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_SIGNATURE, "the signature (%zu bytes) does not fit its %zu-byte slot",
                 len, u->slot_bytes);
        return -1;
    }
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        u->out->data[u->off_contents + 1 + 2 * i] = hex[der[i] >> 4];
        u->out->data[u->off_contents + 2 + 2 * i] = hex[der[i] & 15];
    }
    return 0;
}

void ep_update_free(ep_update *u)
{
    free(u->objs);
    u->objs = NULL;
}
