#include "pdf/haru.h"

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_version.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf16.h>

#include "epistle/epistle.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/deflate.h"
#include "util/utf16.h"

#if HPDF_VERSION_ID != 20300
#error "src/pdf/haru.c reads libharu 2.3.0's internal structures; check them for this version"
#endif

/* libharu allocates every object, dictionary entry and stream buffer apart (thirty thousand
 * for the bilingual letter) and frees them one by one at the end: a tenth of a batch's work.
 * A document's memory comes from an arena instead, dropped at once. Its allocator callbacks
 * carry no context, hence the thread's current arena; a document is made on one thread. */
static _Thread_local ep_arena *pool;

static void *pool_alloc(HPDF_UINT size) { return pool ? ep_arena_alloc(pool, size) : ep_xmalloc(size); }
static void pool_free(void *p)
{
    if (!pool) free(p);
}

HPDF_Doc ep_haru_new(ep_arena *a, HPDF_Error_Handler on_error, void *user)
{
    pool = a;
    HPDF_Doc pdf = HPDF_NewEx(on_error, pool_alloc, pool_free, 0, user);
    if (!pdf) pool = NULL;
    return pdf;
}

void ep_haru_free(HPDF_Doc pdf)
{
    /* Nothing to walk: the arena holds it all. */
    (void)pdf;
    pool = NULL;
}

/* A stream whose bytes are final (deflated already): libharu reads them straight from one
 * block of the document's memory, instead of copying them a byte at a time into and out of
 * a memory stream's 4 KB buffers (which had been a seventh of a batch's work). */
typedef struct blob {
    HPDF_BYTE *data;
    HPDF_UINT len, pos;
} blob;

static HPDF_STATUS blob_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    blob *b = s->attr;
    HPDF_UINT n = b->len - b->pos < *size ? b->len - b->pos : *size;
    memcpy(ptr, b->data + b->pos, n);
    b->pos += n;
    HPDF_STATUS r = n < *size ? HPDF_STREAM_EOF : HPDF_OK;
    *size = n;
    return r;
}

static HPDF_STATUS blob_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    blob *b = s->attr;
    HPDF_INT at = mode == HPDF_SEEK_SET ? pos : mode == HPDF_SEEK_CUR ? (HPDF_INT)b->pos + pos : (HPDF_INT)b->len + pos;
    if (at < 0 || (HPDF_UINT)at > b->len) return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    b->pos = (HPDF_UINT)at;
    return HPDF_OK;
}

static HPDF_INT32 blob_tell(HPDF_Stream s) { return (HPDF_INT32)((blob *)s->attr)->pos; }
static HPDF_UINT32 blob_size(HPDF_Stream s) { return ((blob *)s->attr)->len; }

static void blob_free(HPDF_Stream s)
{
    blob *b = s->attr;
    if (!b) return;
    HPDF_FreeMem(s->mmgr, b->data);
    HPDF_FreeMem(s->mmgr, b);
    s->attr = NULL;
}

/* Gives dict (a stream) the bytes z, deflated already, in place of its memory stream. */
static HPDF_STATUS set_deflated(HPDF_Dict dict, const void *z, size_t len)
{
    HPDF_MMgr mm = dict->mmgr;
    if (len > 0x7FFFFFFF) return HPDF_SetError(dict->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
    HPDF_Stream s = HPDF_GetMem(mm, sizeof *s);
    blob *b = HPDF_GetMem(mm, sizeof *b);
    HPDF_BYTE *data = HPDF_GetMem(mm, len ? (HPDF_UINT)len : 1);
    if (!s || !b || !data) {
        HPDF_FreeMem(mm, s);
        HPDF_FreeMem(mm, b);
        HPDF_FreeMem(mm, data);
        return HPDF_FAILD_TO_ALLOC_MEM;
    }
    if (len) memcpy(data, z, len);
    *b = (blob){.data = data, .len = (HPDF_UINT)len};
    *s = (HPDF_Stream_Rec){.sig_bytes = HPDF_STREAM_SIG_BYTES, .type = HPDF_STREAM_UNKNOWN, .mmgr = mm,
                           .error = dict->error, .read_fn = blob_read, .seek_fn = blob_seek,
                           .tell_fn = blob_tell, .size_fn = blob_size, .free_fn = blob_free, .attr = b};
    HPDF_Stream_Free(dict->stream);
    dict->stream = s;
    ep_haru_predeflated(dict);
    return HPDF_OK;
}

HPDF_Dict ep_haru_deflated_stream(HPDF_Doc pdf, const void *z, size_t len)
{
    HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    return d && set_deflated(d, z, len) == HPDF_OK ? d : NULL;
}

HPDF_Dict ep_haru_stream(HPDF_Doc pdf, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!s) return NULL;
    if (pdf->compression_mode & HPDF_COMP_METADATA) s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) == HPDF_OK ? s : NULL;
}

static HPDF_STATUS write_buf(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
    ep_buf_put(s->attr, p, n);
    return HPDF_OK;
}

HPDF_STATUS ep_haru_save(HPDF_Doc pdf, ep_buf *out)
{
    /* libharu writes to the document's stream: a callback that appends to out rather than the
     * memory stream it would make (and that would have to be read back). */
    HPDF_Stream s = HPDF_CallbackWriter_New(pdf->mmgr, write_buf, out);
    if (!s) return HPDF_FAILD_TO_ALLOC_MEM;
    if (pdf->stream) HPDF_Stream_Free(pdf->stream);
    pdf->stream = s;
    return HPDF_SaveToStream(pdf);
}

HPDF_MMgr ep_haru_mmgr(HPDF_Doc pdf) { return pdf->mmgr; }
HPDF_Xref ep_haru_xref(HPDF_Doc pdf) { return pdf->xref; }
static void free_font_attr(HPDF_Dict obj)
{
    if (obj->attr) HPDF_FreeMem(obj->mmgr, obj->attr);
    obj->attr = NULL;
}

const char *ep_haru_font_name(HPDF_Page page, HPDF_Dict font)
{
    return HPDF_Page_GetLocalFontName(page, (HPDF_Font)font);
}

HPDF_Dict ep_haru_font_dict(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d) return NULL;
    HPDF_FontAttr attr = HPDF_GetMem(pdf->mmgr, sizeof *attr);
    if (!attr) {
        HPDF_Dict_Free(d);
        return NULL;
    }
    memset(attr, 0, sizeof *attr);
    attr->type = HPDF_FONT_TYPE0_CID;
    attr->writing_mode = HPDF_WMODE_HORIZONTAL;
    attr->xref = pdf->xref;
    d->header.obj_class |= HPDF_OSUBCLASS_FONT;
    d->attr = attr;
    d->free_fn = free_font_attr;
    /* Registered before anything refers to it: the xref refuses objects already owned. */
    if (HPDF_Xref_Add(pdf->xref, d) != HPDF_OK) return NULL;
    HPDF_Dict_AddName(d, "Type", "Font");
    HPDF_Dict_AddName(d, "Subtype", "Type0");
    HPDF_Dict_AddName(d, "Encoding", "Identity-H");
    return d;
}

static HPDF_STATUS write_flate_filter(HPDF_Dict obj, HPDF_Stream stream)
{
    (void)obj;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

void ep_haru_predeflated(HPDF_Dict stream)
{
    /* With filter NONE libharu removes any /Filter entry and copies the bytes as they are;
     * the entry is added back as the dictionary is written. */
    stream->filter = HPDF_STREAM_FILTER_NONE;
    stream->write_fn = write_flate_filter;
}

int ep_haru_deflate_streams(HPDF_Doc pdf)
{
    for (HPDF_Xref x = pdf->xref; x; x = x->prev)
        for (HPDF_UINT i = 0; i < x->entries->count; i++) {
            HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
            HPDF_Dict d = e ? e->obj : NULL;
            if (!d || (d->header.obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT || !d->stream ||
                d->filter != HPDF_STREAM_FILTER_FLATE_DECODE || d->write_fn == write_flate_filter)
                continue;
            HPDF_UINT size = HPDF_Stream_Size(d->stream), got = 0;
            unsigned char *raw = ep_xmalloc(size), *z = NULL;
            size_t zlen = 0;
            /* The memory stream's buffers, read in place. */
            HPDF_UINT nbufs = HPDF_MemStream_GetBufCount(d->stream);
            for (HPDF_UINT k = 0; k < nbufs; k++) {
                HPDF_UINT n = 0;
                HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(d->stream, k, &n);
                if (!p || n > size - got) break;
                memcpy(raw + got, p, n);
                got += n;
            }
            int ok = got == size && !ep_deflate(EP_DEFLATE_FAST, raw, size, &z, &zlen);
            free(raw);
            ok = ok && set_deflated(d, z, zlen) == HPDF_OK;
            free(z);
            if (!ok) return -1;
        }
    return 0;
}

static HPDF_Dict image_stream(HPDF_Doc pdf, unsigned w, unsigned h, const char *cs, const void *z, size_t zlen)
{
    HPDF_Dict img = ep_haru_deflated_stream(pdf, z, zlen);
    if (!img) return NULL;
    img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    HPDF_Dict_AddName(img, "Type", "XObject");
    HPDF_Dict_AddName(img, "Subtype", "Image");
    HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)w);
    HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)h);
    HPDF_Dict_AddName(img, "ColorSpace", cs);
    HPDF_Dict_AddNumber(img, "BitsPerComponent", 8);
    return img;
}

HPDF_Image ep_haru_image(HPDF_Doc pdf, unsigned width, unsigned height, int gray, const void *pixels_z,
                         size_t pixels_zlen, const void *alpha_z, size_t alpha_zlen)
{
    HPDF_Dict img = image_stream(pdf, width, height, gray ? "DeviceGray" : "DeviceRGB", pixels_z, pixels_zlen);
    if (img && alpha_z) {
        HPDF_Dict mask = image_stream(pdf, width, height, "DeviceGray", alpha_z, alpha_zlen);
        if (!mask) return NULL;
        HPDF_Dict_Add(img, "SMask", mask);
    }
    return img;
}

HPDF_Dict ep_haru_signature_field(HPDF_Doc pdf, const char *name, const char *tip)
{
    HPDF_Dict f = HPDF_Dict_New(pdf->mmgr);
    if (!f || HPDF_Xref_Add(pdf->xref, f) != HPDF_OK) return NULL;
    HPDF_Dict_AddName(f, "FT", "Sig");
    ep_haru_set_text(pdf, f, "T", name);
    if (tip) ep_haru_set_text(pdf, f, "TU", tip);
    HPDF_Dict form = HPDF_Dict_GetItem(pdf->catalog, "AcroForm", HPDF_OCLASS_DICT);
    if (!form) {
        HPDF_ResetError(pdf);
        form = HPDF_Dict_New(pdf->mmgr);
        HPDF_Xref_Add(pdf->xref, form);
        HPDF_Dict_Add(form, "Fields", HPDF_Array_New(pdf->mmgr));
        HPDF_Dict_Add(pdf->catalog, "AcroForm", form);
    }
    HPDF_Array fields = HPDF_Dict_GetItem(form, "Fields", HPDF_OCLASS_ARRAY);
    return fields && HPDF_Array_Add(fields, f) == HPDF_OK ? f : NULL;
}

static HPDF_Array real_array(HPDF_Doc pdf, const float *v, size_t n)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    for (size_t i = 0; a && i < n; i++) HPDF_Array_AddReal(a, v[i]);
    return a;
}

/* /PieceInfo << /Epistle << /LastModified ... /Private << ... >> >> >> */
static void sig_piece(HPDF_Doc pdf, HPDF_Dict ap, const ep_haru_sigdata *s)
{
    HPDF_Dict priv = HPDF_Dict_New(pdf->mmgr), data = HPDF_Dict_New(pdf->mmgr), piece = HPDF_Dict_New(pdf->mmgr);
    if (!priv || !data || !piece) return;
    if (s->lang) HPDF_Dict_Add(priv, "Lang", HPDF_String_New(pdf->mmgr, s->lang, NULL));
    HPDF_Dict_AddReal(priv, "Size", s->size);
    if (s->family) ep_haru_set_text(pdf, priv, "Family", s->family);
    if (s->sans) HPDF_Dict_Add(priv, "Sans", HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE));
    if (s->label) ep_haru_set_text(pdf, priv, "Label", s->label);
    if (s->nscripts) {
        /* [cjk code family ...]: three entries per face */
        HPDF_Array a = HPDF_Array_New(pdf->mmgr);
        for (size_t i = 0; a && i < s->nscripts; i++) {
            HPDF_Array_AddNumber(a, s->script_cjk[i]);
            HPDF_Array_Add(a, HPDF_String_New(pdf->mmgr, s->script_codes[i], NULL));
            HPDF_Array_Add(a, HPDF_String_New(pdf->mmgr, s->script_families[i] ? s->script_families[i] : "", NULL));
        }
        HPDF_Dict_Add(priv, "Scripts", a);
    }
    if (s->image) {
        HPDF_Dict_Add(priv, "Image", s->image);
        HPDF_Dict_Add(priv, "ImageBox", real_array(pdf, s->ibox, 4));
    }
    HPDF_Dict_Add(data, "LastModified", HPDF_String_New(pdf->mmgr, s->modified, NULL));
    HPDF_Dict_Add(data, "Private", priv);
    HPDF_Dict_Add(piece, "Epistle", data);
    HPDF_Dict_Add(ap, "PieceInfo", piece);
}

HPDF_Dict ep_haru_signature_widget(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect rect, HPDF_Dict field, int merged,
                                   const ep_haru_sigdata *sig)
{
    HPDF_Dict w = field;
    if (!merged) {
        /* A kid: a widget only, whose field is its /Parent. */
        w = HPDF_Dict_New(pdf->mmgr);
        if (!w || HPDF_Xref_Add(pdf->xref, w) != HPDF_OK) return NULL;
        HPDF_Array kids = HPDF_Dict_GetItem(field, "Kids", HPDF_OCLASS_ARRAY);
        if (!kids) {
            HPDF_ResetError(pdf);
            kids = HPDF_Array_New(pdf->mmgr);
            if (!kids || HPDF_Dict_Add(field, "Kids", kids) != HPDF_OK) return NULL;
        }
        if (HPDF_Array_Add(kids, w) != HPDF_OK) return NULL;
        HPDF_Dict_Add(w, "Parent", field);
    }
    HPDF_Dict_AddName(w, "Type", "Annot");
    HPDF_Dict_AddName(w, "Subtype", "Widget");
    HPDF_Array r = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_AddReal(r, rect.left);
    HPDF_Array_AddReal(r, rect.bottom);
    HPDF_Array_AddReal(r, rect.right);
    HPDF_Array_AddReal(r, rect.top);
    HPDF_Dict_Add(w, "Rect", r);
    HPDF_Dict_AddNumber(w, "F", 4);   /* Print: required of annotations in PDF/A */
    HPDF_Dict_Add(w, "P", page);
    /* An empty appearance, so that every viewer (and PDF/A) has one to show. */
    HPDF_Dict ap = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (ap) {
        HPDF_Dict_AddName(ap, "Type", "XObject");
        HPDF_Dict_AddName(ap, "Subtype", "Form");
        HPDF_Array bbox = HPDF_Array_New(pdf->mmgr);
        HPDF_Array_AddReal(bbox, 0);
        HPDF_Array_AddReal(bbox, 0);
        HPDF_Array_AddReal(bbox, rect.right - rect.left);
        HPDF_Array_AddReal(bbox, rect.top - rect.bottom);
        HPDF_Dict_Add(ap, "BBox", bbox);
        if (sig) sig_piece(pdf, ap, sig);
        HPDF_Dict apd = HPDF_Dict_New(pdf->mmgr);
        HPDF_Dict_Add(apd, "N", ap);
        HPDF_Dict_Add(w, "AP", apd);
    }
    HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (!annots) {
        HPDF_ResetError(pdf);
        annots = HPDF_Array_New(pdf->mmgr);
        HPDF_Dict_Add(page, "Annots", annots);
    }
    return HPDF_Array_Add(annots, w) == HPDF_OK ? w : NULL;
}

HPDF_STATUS ep_haru_metadata(HPDF_Doc pdf, const char *xmp, size_t xmplen)
{
    /* The metadata stream stays uncompressed, so that tools can find it without PDF parsing. */
    HPDF_Dict meta = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!meta) return HPDF_FAILD_TO_ALLOC_MEM;
    meta->filter = HPDF_STREAM_FILTER_NONE;
    HPDF_Dict_AddName(meta, "Type", "Metadata");
    HPDF_Dict_AddName(meta, "Subtype", "XML");
    HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)xmp, (HPDF_UINT)xmplen);
    return HPDF_Dict_Add(pdf->catalog, "Metadata", meta);
}

HPDF_STATUS ep_haru_viewer_prefs(HPDF_Doc pdf, int display_title, int right_to_left)
{
    if (!display_title && !right_to_left) return HPDF_OK;
    HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
    if (!prefs) return HPDF_FAILD_TO_ALLOC_MEM;
    if (display_title) HPDF_Dict_Add(prefs, "DisplayDocTitle", HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE));
    if (right_to_left) HPDF_Dict_AddName(prefs, "Direction", "R2L");
    return HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs);
}

HPDF_STATUS ep_haru_pdfa(HPDF_Doc pdf, const char *xmp, size_t xmplen, const void *icc, size_t icclen,
                         const unsigned char id[16])
{
    HPDF_STATUS st = ep_haru_metadata(pdf, xmp, xmplen);
    if (st != HPDF_OK) return st;

    HPDF_Dict profile = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!profile) return HPDF_FAILD_TO_ALLOC_MEM;
    profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_Dict_AddNumber(profile, "N", 3);
    HPDF_Stream_Write(profile->stream, icc, (HPDF_UINT)icclen);
    HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "DestOutputProfile", profile);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(intents, intent);
    HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);

    HPDF_Array ids = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(ids, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
    HPDF_Array_Add(ids, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
    return HPDF_Dict_Add(pdf->trailer, "ID", ids);
}

void ep_haru_annot_printable(HPDF_Annotation annot)
{
    HPDF_Dict_AddNumber(annot, "F", 4);
}

HPDF_STATUS ep_haru_quadpoints(HPDF_Doc pdf, HPDF_Annotation annot, const float *q, size_t n)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a) return HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t i = 0; i < n; i++) HPDF_Array_AddReal(a, q[i]);
    return HPDF_Dict_Add(annot, "QuadPoints", a);
}

HPDF_STATUS ep_haru_page_write(HPDF_Page page, const char *bytes, size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)bytes, (HPDF_UINT)len);
}

HPDF_STATUS ep_haru_set_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key, const char *utf8)
{
    ep_buf be;
    ep_buf_init(&be);
    ep_buf_put(&be, "\xFE\xFF", 2);
    ep_utf16be(&be, utf8, strlen(utf8));
    /* libharu's strings end at 65,535 bytes: a longer text (a description, a title) is cut,
     * not the cause of a failed document. Never between the halves of a surrogate pair. */
    size_t n = be.len;
    if (n > HPDF_LIMIT_MAX_STRING_LEN) {
        n = HPDF_LIMIT_MAX_STRING_LEN & ~(size_t)1;
        if (U16_IS_LEAD(((unsigned char)be.data[n - 2] << 8) | (unsigned char)be.data[n - 1])) n -= 2;
    }
    HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)be.data, (HPDF_UINT)n);
    ep_buf_free(&be);
    return b ? HPDF_Dict_Add(dict, key, b) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_Dict ep_haru_info(HPDF_Doc pdf)
{
    if (!pdf->info) HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "epistle " EPISTLE_VERSION);
    return pdf->info;
}

HPDF_Dict ep_haru_catalog(HPDF_Doc pdf) { return pdf->catalog; }

void ep_haru_require_version(HPDF_Doc pdf, HPDF_PDFVer v)
{
    if (pdf->pdf_version < v) pdf->pdf_version = v;
}

void ep_haru_text_mode(HPDF_Page page, int in_text)
{
    /* What HPDF_Page_BeginText and _EndText record, for BT and ET written directly (so
     * that marked content can sit inside the text object). */
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    attr->gmode = in_text ? HPDF_GMODE_TEXT_OBJECT : HPDF_GMODE_PAGE_DESCRIPTION;
    if (in_text) {
        HPDF_TransMatrix identity = {1, 0, 0, 1, 0, 0};
        HPDF_Point origin = {0, 0};
        attr->text_matrix = identity;
        attr->text_pos = origin;
    }
}
