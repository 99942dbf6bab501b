#include "pdf/objstm.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/deflate.h"

/* Objects per object stream: a reader inflates a whole stream to reach one of its objects. */
enum { PER_STREAM = 200 };

typedef struct obj {
    size_t start, end;         /* "n 0 obj" to the byte after "endobj\n" */
    size_t body, body_end;     /* what lies between "obj" and "endobj" */
    int stream;                /* a stream object: stays as it is */
    uint32_t objstm, index;    /* where a packed object went */
    size_t offset;             /* where an unpacked one is in the new file */
} obj;

static int cmp_start(const void *a, const void *b)
{
    const obj *const *x = a, *const *y = b;
    return ((*x)->start > (*y)->start) - ((*x)->start < (*y)->start);
}

static const char *find(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    for (; p + n <= end; p++)
        if (*p == *s && !memcmp(p, s, n)) return p;
    return NULL;
}

static const char *find_last(const char *begin, const char *end, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = end - n; p >= begin; p--)
        if (*p == *s && !memcmp(p, s, n)) return p;
    return NULL;
}

/* Reads "N" as a decimal number at *p, moving past it. */
static int number(const char **p, const char *end, size_t *v)
{
    const char *q = *p;
    *v = 0;
    if (q >= end || *q < '0' || *q > '9') return -1;
    while (q < end && *q >= '0' && *q <= '9') *v = *v * 10 + (size_t)(*q++ - '0');
    *p = q;
    return 0;
}

static void put_be(ep_buf *b, size_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--) ep_buf_putc(b, (char)((v >> (8 * i)) & 0xFF));
}

/* Appends a deflated stream object: "n 0 obj <<dict /Filter /FlateDecode /Length L>> stream ... endstream". */
static int put_stream(ep_buf *out, size_t num, const char *dict, const void *data, size_t len)
{
    unsigned char *z;
    size_t zlen;
    if (ep_deflate(EP_DEFLATE_FAST, data, len, &z, &zlen)) return -1;
    ep_buf_printf(out, "%zu 0 obj\n<<%s /Filter /FlateDecode /Length %zu >>\nstream\r\n", num, dict, zlen);
    ep_buf_put(out, z, zlen);
    ep_buf_puts(out, "\r\nendstream\nendobj\n");
    free(z);
    return 0;
}

int ep_pdf_pack(ep_buf *pdf)
{
    const char *d = pdf->data, *end = d + pdf->len;
    /* The one cross-reference section, where startxref says. */
    const char *sx = find_last(d, end, "startxref");
    const char *p = sx ? sx + 9 : NULL;
    size_t xref_at;
    while (p && p < end && (*p == '\n' || *p == '\r' || *p == ' ')) p++;
    if (!p || number(&p, end, &xref_at) || xref_at >= pdf->len) return -1;
    p = d + xref_at;
    size_t first, count;
    if (end - p < 5 || memcmp(p, "xref", 4)) return -1;
    p += 4;
    while (p < end && (*p == '\n' || *p == '\r')) p++;
    if (number(&p, end, &first) || first != 0 || p >= end || *p++ != ' ' || number(&p, end, &count) || count < 2)
        return -1;
    while (p < end && (*p == '\n' || *p == '\r')) p++;
    if ((size_t)(end - p) < 20 * count) return -1;
    const char *entries = p;
    const char *trailer = find(entries + 20 * count, end, "<<");
    const char *trailer_end = trailer ? find(trailer, end, "\n>>") : NULL;
    if (!trailer || !trailer_end) return -1;

    obj *o = ep_xcalloc(count, sizeof *o);
    obj **order = ep_xcalloc(count, sizeof *order);
    ep_buf out, packed, head;
    ep_buf_init(&out);
    ep_buf_init(&packed);
    ep_buf_init(&head);
    int ok = 1;
    size_t n = 0;
    for (size_t i = 1; ok && i < count; i++) {
        const char *e = entries + 20 * i;
        if (e[17] != 'n' || memcmp(e + 11, "00000", 5)) { ok = 0; break; }   /* libharu writes no free or old objects */
        const char *q = e;
        ok = !number(&q, e + 10, &o[i].start) && o[i].start < xref_at;
        order[n++] = &o[i];
    }
    if (ok) {
        qsort(order, n, sizeof *order, cmp_start);
        for (size_t k = 0; k < n; k++) order[k]->end = k + 1 < n ? order[k + 1]->start : xref_at;
    }
    for (size_t i = 1; ok && i < count; i++) {
        const char *s = d + o[i].start, *e = d + o[i].end;
        const char *hdr = find(s, e, "obj");
        const char *close = find_last(s, e, "endobj");
        if (!hdr || !close || close < hdr) { ok = 0; break; }
        o[i].body = (size_t)(hdr + 3 - d);
        o[i].body_end = (size_t)(close - d);
        const char *t = close;
        while (t > hdr && (t[-1] == '\n' || t[-1] == '\r' || t[-1] == ' ')) t--;
        o[i].stream = t - hdr >= 9 && !memcmp(t - 9, "endstream", 9);
    }
    if (!ok) {
        free(o);
        free(order);
        return -1;
    }

    /* The new file: the header, the streams as they were, then the object streams and the
     * cross-reference stream. */
    const char *first_obj = d + order[0]->start;
    ep_buf_put(&out, d, (size_t)(first_obj - d));
    size_t next_num = count;
    for (size_t i = 1; i < count; i++)
        if (o[i].stream) {
            o[i].offset = out.len;
            ep_buf_put(&out, d + o[i].start, o[i].end - o[i].start);
        }
    size_t nstreams = 0, capstreams = 0, first_stm = next_num, *stm_offsets = NULL;
    for (size_t i = 1; ok && i < count;) {
        head.len = packed.len = 0;
        size_t in = 0, num = next_num++;
        for (; i < count && in < PER_STREAM; i++) {
            if (o[i].stream) continue;
            const char *b = d + o[i].body, *be = d + o[i].body_end;
            while (b < be && (*b == '\n' || *b == '\r' || *b == ' ')) b++;
            while (be > b && (be[-1] == '\n' || be[-1] == '\r' || be[-1] == ' ')) be--;
            ep_buf_printf(&head, "%zu %zu ", i, packed.len);
            ep_buf_put(&packed, b, (size_t)(be - b));
            ep_buf_putc(&packed, '\n');
            o[i].objstm = (uint32_t)num;
            o[i].index = (uint32_t)in++;
        }
        if (!in) {
            next_num--;
            break;
        }
        ep_buf_put(&head, packed.data, packed.len);
        char dict[96];
        snprintf(dict, sizeof dict, "/Type /ObjStm /N %zu /First %zu", in, head.len - packed.len);
        stm_offsets = ep_grow(stm_offsets, sizeof *stm_offsets, &capstreams, nstreams + 1);
        stm_offsets[nstreams++] = out.len;
        ok = !put_stream(&out, num, dict, head.data, head.len);
    }

    /* The cross-reference stream: type (1 byte), offset or object stream (4), generation or
     * index (2), for every object, the object streams and itself. */
    size_t xnum = next_num, size = xnum + 1;
    ep_buf x;
    ep_buf_init(&x);
    for (size_t i = 0; ok && i < size; i++) {
        if (i == 0) {
            put_be(&x, 0, 1), put_be(&x, 0, 4), put_be(&x, 65535, 2);
        } else if (i < count && o[i].stream) {
            put_be(&x, 1, 1), put_be(&x, o[i].offset, 4), put_be(&x, 0, 2);
        } else if (i < count) {
            put_be(&x, 2, 1), put_be(&x, o[i].objstm, 4), put_be(&x, o[i].index, 2);
        } else if (i < xnum) {
            put_be(&x, 1, 1), put_be(&x, stm_offsets[i - first_stm], 4), put_be(&x, 0, 2);
        } else {
            put_be(&x, 1, 1), put_be(&x, out.len, 4), put_be(&x, 0, 2);
        }
    }
    if (ok && out.len > 0xFFFFFFFFu) ok = 0;
    if (ok) {
        /* The trailer's entries (Root, Info, ID) but its Size. */
        ep_buf dict;
        ep_buf_init(&dict);
        ep_buf_printf(&dict, " /Type /XRef /Size %zu /W [1 4 2]", size);
        for (const char *l = trailer + 2; l < trailer_end;) {
            const char *nl = memchr(l, '\n', (size_t)(trailer_end - l));
            if (!nl) nl = trailer_end;
            if (nl > l && !(nl - l >= 5 && !memcmp(l, "/Size", 5))) {
                ep_buf_putc(&dict, ' ');
                ep_buf_put(&dict, l, (size_t)(nl - l));
            }
            l = nl + 1;
        }
        ep_buf_putc(&dict, 0);
        size_t xref_offset = out.len;
        ok = !put_stream(&out, xnum, dict.data, x.data, x.len);
        if (ok) ep_buf_printf(&out, "startxref\n%zu\n%%%%EOF\n", xref_offset);
        ep_buf_free(&dict);
    }
    ep_buf_free(&x);
    ep_buf_free(&head);
    ep_buf_free(&packed);
    free(o);
    free(order);
    free(stm_offsets);
    if (!ok) {
        ep_buf_free(&out);
        return -1;
    }
    ep_buf_free(pdf);
    *pdf = out;
    return 0;
}
