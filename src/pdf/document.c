/* The document: pages, text, rules, images, links, bookmarks and metadata, written
 * with libharu; fonts are embedded by fontembed.c. */
#include <hpdf.h>
#include <hpdf_version.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/fontembed.h"
#include "pdf/glyphrun.h"
#include "pdf/objstm.h"
#include "pdf/haru.h"
#include "pdf/imagecache.h"
#include "pdf/pdf.h"
#include "pdf/structure.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/hash.h"
#include "util/strmap.h"

#define EP_PRODUCER "epistle " EPISTLE_VERSION " (libharu " HPDF_VERSION_TEXT ")"

typedef struct doc {
    HPDF_Doc pdf;
    ep_diag *diag;
    HPDF_STATUS last_error;
    ep_pdffonts fonts;
    struct { const char *path; HPDF_Image img; float w, h; } *images;
    ep_imagecache *images_cache;
    ep_strmap fields;          /* signature field names given so far -> next number to try */
    size_t nfields;
    ep_strmap sigkeys;         /* "letter\x1Fnth\x1Ffield" -> its index in sigs */
    struct sigfield { size_t widgets; char *tip; HPDF_Dict dict; } *sigs;
    size_t nsigs, capsigs;
    size_t nimages, capimages;
    int off_page;              /* text outside a page was reported */
    ep_pdftags *tags;          /* NULL: untagged */
    const ep_dlist *dl;
} doc;

enum { EP_PAGES_PER_NODE = 1024, EP_LINK_SAID = 160 };

static const char *haru_error_text(HPDF_STATUS err)
{
    switch (err) {
    case HPDF_ARRAY_COUNT_ERR: return "an array would exceed libharu's 32,767 entries";
    case HPDF_DICT_COUNT_ERR: return "a dictionary would exceed libharu's 4,095 entries";
    case HPDF_XREF_COUNT_ERR: return "the document would exceed libharu's 8,388,607 objects";
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_STRING_OUT_OF_RANGE: return "a string would exceed libharu's 65,535 bytes";
    default: return NULL;
    }
}

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *user)
{
    doc *d = user;
    if (!d->last_error) d->last_error = err;
    (void)detail;
}

static HPDF_Image image_get(doc *d, const char *path, float *w, float *h)
{
    for (size_t i = 0; i < d->nimages; i++)
        if (!strcmp(d->images[i].path, path)) {
            *w = d->images[i].w;
            *h = d->images[i].h;
            return d->images[i].img;
        }
    /* A cached PNG needs no look at the file. */
    unsigned char magic[4] = {0};
    FILE *f = ep_imagecache_lookup(d->images_cache, path) ? NULL : fopen(path, "rb");
    if (!f && ep_imagecache_lookup(d->images_cache, path)) {
        magic[0] = 0x89;
        magic[1] = 'P';
    }
    if (f) {
        if (fread(magic, 1, 4, f) != 4) magic[0] = 0;
        fclose(f);
    }
    HPDF_Image img = NULL;
    const char *error = "neither PNG nor JPEG";
    *w = *h = 0;
    if (magic[0] == 0x89 && magic[1] == 'P') {
        ep_image *owned = NULL;
        const ep_image *pi = ep_imagecache_png(d->images_cache, path, &error, &owned);
        if (pi) {
            img = ep_haru_image(d->pdf, pi->width, pi->height, pi->gray, pi->pixels_z, pi->pixels_zlen, pi->alpha_z,
                                pi->alpha_zlen);
            *w = (float)pi->width;
            *h = (float)pi->height;
            if (!img) error = "libharu could not add the image";
        }
        ep_image_free(owned);
    } else if (magic[0] == 0xFF && magic[1] == 0xD8) {
        /* A JPEG goes in as it is (DCTDecode): nothing to decode or compress. */
        img = HPDF_LoadJpegImageFromFile(d->pdf, path);
        if (img) {
            *w = (float)HPDF_Image_GetWidth(img);
            *h = (float)HPDF_Image_GetHeight(img);
        } else {
            error = "libharu reads baseline JPEG only";
        }
    }
    if (!img) {
        HPDF_ResetError(d->pdf);
        d->last_error = 0;
        ep_error(d->diag, ep_pos_make(path, 0, 0), EP_C_IMAGE, "cannot use image: %s", error);
    }
    d->images = ep_grow(d->images, sizeof *d->images, &d->capimages, d->nimages + 1);
    d->images[d->nimages].path = path;
    d->images[d->nimages].img = img;
    d->images[d->nimages].w = *w;
    d->images[d->nimages].h = *h;
    d->nimages++;
    return img;
}

/* An image of iw x ih pixels fitted into the box x, y, w, h keeping its proportions, at the
 * bottom of the box and at its left (anchor 0) or right (anchor 1): box gets x, y, w, h. */
static void fit_image(float x, float y, float w, float h, float anchor, float iw, float ih, float box[4])
{
    float s = w / iw < h / ih ? w / iw : h / ih;
    box[2] = iw * s, box[3] = ih * s;
    box[0] = x + (w - box[2]) * anchor, box[1] = y;
}

static void draw_image(doc *d, HPDF_Page page, const ep_dl_item *it)
{
    float iw, ih, box[4];
    HPDF_Image img = image_get(d, it->as.image.path, &iw, &ih);
    if (!img) return;
    if (iw <= 0 || ih <= 0) return;
    fit_image(it->x, it->y, it->w, it->h, it->as.image.anchor, iw, ih, box);
    HPDF_Page_DrawImage(page, img, box[0], box[1], box[2], box[3]);
}

/* A field name not given before in the document: name itself, or "name (k)" for the
 * first free k. Each name remembers the k it reached, so that the ten-thousandth "A. Lee" of
 * a combined merge costs what the second did. */
static void field_name(doc *d, const char *name, char *unique, size_t size)
{
    snprintf(unique, size, "%s", name);
    size_t *next = ep_strmap_find(&d->fields, name);
    if (!next) {
        ep_strmap_add(&d->fields, name, 2);
        return;
    }
    size_t k = *next;
    do snprintf(unique, size, "%s (%zu)", name, k++);
    while (ep_strmap_find(&d->fields, unique));
    *next = k;   /* (before the add below, which may move the table) */
    ep_strmap_add(&d->fields, unique, 2);
}

static void sig_key(const ep_dl_item *it, char *key, size_t size)
{
    snprintf(key, size, "%d\x1F%d\x1F%s", it->as.field.letter, it->as.field.nth, it->as.field.name ? it->as.field.name : "Signature");
}

/* One signature field per signatory of a letter, however many parts draw their signature
 * area: counted before the pages are drawn, so that a field with one widget is one object
 * (as most viewers and every earlier epistle made them) and a field with several has them
 * as kids. Its /TU lists each way the parts print the name ("Lin Wei-ting / 林蔚婷"), each
 * of which `epistle sign --field` takes. */
static void gather_signature_fields(doc *d)
{
    char key[600];
    for (size_t p = 0; p < d->dl->npages; p++)
        for (size_t i = 0; i < d->dl->pages[p].nitems; i++) {
            const ep_dl_item *it = &d->dl->pages[p].items[i];
            if (it->kind != EP_DL_FIELD) continue;
            sig_key(it, key, sizeof key);
            size_t *k = ep_strmap_find(&d->sigkeys, key);
            if (!k) {
                d->sigs = ep_grow(d->sigs, sizeof *d->sigs, &d->capsigs, d->nsigs + 1);
                k = ep_strmap_add(&d->sigkeys, key, d->nsigs);
                memset(&d->sigs[d->nsigs++], 0, sizeof *d->sigs);
            }
            struct sigfield *g = &d->sigs[*k];
            g->widgets++;
            const char *label = it->as.field.label ? it->as.field.label : it->as.field.name;
            if (!label) continue;
            /* A label already listed is not listed again (whole " / "-separated names only). */
            size_t n = strlen(label), had = g->tip ? strlen(g->tip) : 0;
            int seen = 0;
            for (const char *q = g->tip; q && !seen; q = strstr(q, " / ") ? strstr(q, " / ") + 3 : NULL)
                seen = !strncmp(q, label, n) && (q[n] == 0 || !strncmp(q + n, " / ", 3));
            if (seen) continue;
            char *tip = ep_xreallocarray(g->tip, had + n + 4, 1);
            if (had) memcpy(tip + had, " / ", 3), had += 3;
            memcpy(tip + had, label, n + 1);
            g->tip = tip;
        }
}

static HPDF_Dict signature_widget(doc *d, HPDF_Page page, const ep_dl_item *it)
{
    char key[600];
    sig_key(it, key, sizeof key);
    size_t *k = ep_strmap_find(&d->sigkeys, key);
    if (!k) return NULL;
    struct sigfield *g = &d->sigs[*k];
    if (!g->dict) {
        /* The form's /Fields is one array, and libharu stops at HPDF_LIMIT_MAX_ARRAY
         * (said once; the fields past it are not made). */
        if (d->nfields++ >= HPDF_LIMIT_MAX_ARRAY) {
            if (d->nfields == HPDF_LIMIT_MAX_ARRAY + 1)
                ep_error(d->diag, ep_pos_make(NULL, 0, 0), EP_C_TOO_LARGE,
                         "more than 32,767 signature fields in one PDF: combine fewer letters");
            return NULL;
        }
        /* Field names are unique in a document: a second "A. Lee" is "A. Lee (2)".
         * A period would make the name hierarchical, so it becomes "_". */
        char name[256];
        snprintf(name, sizeof name, "%s", it->as.field.name ? it->as.field.name : "Signature");
        for (char *q = name; *q; q++)
            if (*q == '.') *q = '_';
        char unique[300];
        field_name(d, name, unique, sizeof unique);
        const char *tip = g->tip ? g->tip
                        : it->node > 0 && (size_t)it->node < d->dl->nnodes ? d->dl->nodes[it->node].alt : NULL;
        if (!(g->dict = ep_haru_signature_field(d->pdf, unique, tip))) return NULL;
    }
    HPDF_Rect r = {it->x, it->y, it->x + it->w, it->y + it->h};
    if (!it->as.field.sig) return ep_haru_signature_widget(d->pdf, page, r, g->dict, g->widgets == 1, NULL);
    /* What signing with a visible signature will need, however much later. */
    const ep_dl_sigstyle *s = it->as.field.sig;
    enum { MAX = EP_MAX_SCRIPT_FACES };
    int cjk[MAX];
    const char *codes[MAX], *families[MAX];
    size_t n = 0;
    for (size_t i = 0; i < s->nscripts && n < MAX; i++, n++)
        cjk[n] = (int)s->scripts[i].cjk, codes[n] = s->scripts[i].script, families[n] = s->scripts[i].family;
    /* The data's date: no clock in the output unless asked for, as the document's own. */
    char when[32] = "D:19700101000000Z";
    time_t t;
    struct tm tm;
    if (ep_source_date(&t) && gmtime_r(&t, &tm)) strftime(when, sizeof when, "D:%Y%m%d%H%M%SZ", &tm);
    else if (s->date) snprintf(when, sizeof when, "D:%.4s%.2s%.2s000000Z", s->date, s->date + 5, s->date + 8);
    ep_haru_sigdata sd = {.lang = s->lang, .family = s->family, .label = s->label, .size = s->size, .sans = s->sans,
                          .script_cjk = cjk, .script_codes = codes, .script_families = families, .nscripts = n,
                          .modified = when};
    float iw, ih;
    if (s->image && (sd.image = image_get(d, s->image, &iw, &ih)) && iw > 0 && ih > 0) {
        fit_image(s->ix, s->iy, s->iw, s->ih, s->anchor, iw, ih, sd.ibox);
        sd.ibox[0] -= it->x, sd.ibox[1] -= it->y;
    } else {
        sd.image = NULL;
    }
    return ep_haru_signature_widget(d->pdf, page, r, g->dict, g->widgets == 1, &sd);
}

/* Items that put ink on the page; links and fields are annotations. */
static int paints(const ep_dl_item *it)
{
    return it->kind == EP_DL_GLYPHS || it->kind == EP_DL_RULE || it->kind == EP_DL_IMAGE;
}

/* Where the page's content stream is: inside a text object or not, and in which element's
 * marked-content sequence. */
typedef struct pagestate {
    int in_text, marked, node;
    ep_pdffont *font;      /* the font set in this text object */
} pagestate;

/* Consecutive items of one structure element form one marked-content sequence. Text keeps
 * its sequences inside its text objects, so that a span can interrupt one. */
static void enter(doc *d, HPDF_Page page, pagestate *ps, const ep_dl_item *it, ep_buf *tmp)
{
    int text = it->kind == EP_DL_GLYPHS;
    tmp->len = 0;
    if (text != ps->in_text) {
        if (ps->marked) ep_pdftags_end(tmp);
        ps->marked = 0;
        ep_buf_puts(tmp, text ? "BT\n" : "ET\n");
    }
    if (!ps->marked || it->node != ps->node) {
        if (ps->marked) ep_pdftags_end(tmp);
        ep_pdftags_begin(d->tags, it->node, it->seq, tmp);
        ps->marked = 1;
        ps->node = it->node;
    }
    ep_haru_page_write(page, tmp->data, tmp->len);
    if (text != ps->in_text) {
        ep_haru_text_mode(page, text);
        ps->in_text = text;
        ps->font = NULL;
    }
}

static void set_rgb(HPDF_Page page, uint32_t rgb, int stroke)
{
    float r = (float)((rgb >> 16) & 0xFF) / 255, g = (float)((rgb >> 8) & 0xFF) / 255, b = (float)(rgb & 0xFF) / 255;
    if (stroke) HPDF_Page_SetRGBStroke(page, r, g, b);
    else HPDF_Page_SetRGBFill(page, r, g, b);
}

/* Whether a run has glyphs outside its font's shared program (a record's name in a batch). */
static int needs_extra(const ep_pdffont *f, const ep_dl_item *it)
{
    for (size_t i = 0; i < it->as.run.nglyphs; i++)
        if (!ep_pdffont_draws(f, it->as.run.glyphs[i].gid)) return 1;
    return it->as.run.bridge > 0 && !ep_pdffont_draws(f, it->as.run.bridge_gid);
}

static void draw_page(doc *d, const ep_dl_page *pg, size_t index, ep_buf *tmp)
{
    HPDF_Page page = HPDF_AddPage(d->pdf);
    if (!page) return;   /* libharu's error is reported when the document is finished */
    HPDF_Page_SetWidth(page, pg->width);
    HPDF_Page_SetHeight(page, pg->height);
    ep_pdftags_page(d->tags, page, index);
    pagestate ps = {0, 0, 0, NULL};
    float cur_size = 0, cur_gray = 0;
    uint32_t cur_rgb = 0;
    /* Link pieces already annotated. */
    unsigned char *done = ep_xcalloc(pg->nitems + 1, 1);
    float *quads = NULL;
    size_t qcap = 0;
    for (size_t i = 0; i < pg->nitems; i++) {
        const ep_dl_item *it = &pg->items[i];
        if (paints(it)) enter(d, page, &ps, it, tmp);
        switch (it->kind) {
        case EP_DL_GLYPHS: {
            /* Text below the page's bottom edge or above its top is text nobody will read:
             * a layout mistake, never a PDF to hand out. */
            if ((it->y < 0 || it->y > pg->height) && !d->off_page) {
                d->off_page = 1;
                ep_error(d->diag, ep_pos_make(NULL, 0, 0), EP_C_INTERNAL,
                         "text would be set off page %zu (a layout bug; please report it with the letter)", index + 1);
            }
            ep_pdffont *f = ep_pdffont_get(&d->fonts, it->as.run.face);
            if (!f) break;
            if (it->rgb != cur_rgb || (!it->rgb && it->gray != cur_gray)) {
                if (it->rgb) set_rgb(page, it->rgb, 0);
                else HPDF_Page_SetGrayFill(page, it->gray);
                cur_gray = it->gray;
                cur_rgb = it->rgb;
            }
            if (f != ps.font || it->as.run.size != cur_size) {
                HPDF_Page_SetFontAndSize(page, (HPDF_Font)f->t0, it->as.run.size);
                ps.font = f;
                cur_size = it->as.run.size;
            }
            HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, it->x, it->y);
            tmp->len = 0;
            ep_runfonts rf = {f, NULL, NULL, NULL};
            if (f->shared && needs_extra(f, it)) {
                rf.extra = ep_pdffont_extra(&d->fonts, f);
                rf.main_name = ep_haru_font_name(page, f->t0);
                rf.extra_name = rf.extra ? ep_haru_font_name(page, rf.extra->t0) : NULL;
                if (!rf.main_name || !rf.extra_name) rf.extra = NULL;
            }
            ep_pdf_glyph_run(tmp, &rf, it, d->tags);
            ep_haru_page_write(page, tmp->data, tmp->len);
            break;
        }
        case EP_DL_RULE:
            HPDF_Page_SetLineWidth(page, it->as.rule.line_width);
            if (it->rgb) set_rgb(page, it->rgb, 1);
            else HPDF_Page_SetGrayStroke(page, it->gray);
            HPDF_Page_MoveTo(page, it->x, it->y);
            HPDF_Page_LineTo(page, it->x + it->w, it->y + it->h);
            HPDF_Page_Stroke(page);
            break;
        case EP_DL_IMAGE:
            draw_image(d, page, it);
            break;
        case EP_DL_FIELD: {
            HPDF_Dict w = signature_widget(d, page, it);
            if (w) ep_pdftags_annot(d->tags, w, it->node, it->seq);
            break;
        }
        case EP_DL_LINK: {
            /* One annotation for all the pieces of a link on this page (a link broken over
             * lines, or over runs of text): its rectangle covers them, /QuadPoints says
             * where each is. An address is written once per page, not once per piece. */
            if (done[i]) break;
            HPDF_Rect r = {it->x, it->y, it->x + it->w, it->y + it->h};
            size_t pieces = 0;
            for (size_t k = i; k < pg->nitems; k++) {
                const ep_dl_item *o = &pg->items[k];
                if (o->kind != EP_DL_LINK || o->as.link.uri != it->as.link.uri || o->node != it->node || done[k]) continue;
                done[k] = 1;
                if (r.left > o->x) r.left = o->x;
                if (r.bottom > o->y) r.bottom = o->y;
                if (r.right < o->x + o->w) r.right = o->x + o->w;
                if (r.top < o->y + o->h) r.top = o->y + o->h;
                quads = ep_grow(quads, sizeof *quads, &qcap, 8 * (pieces + 1));
                float *q = quads + 8 * pieces++;
                q[0] = o->x, q[1] = o->y + o->h, q[2] = o->x + o->w, q[3] = o->y + o->h;
                q[4] = o->x, q[5] = o->y, q[6] = o->x + o->w, q[7] = o->y;
            }
            HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(page, r, it->as.link.uri);
            if (a && pieces > 1) ep_haru_quadpoints(d->pdf, a, quads, 8 * pieces);
            if (a) {
                HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
                ep_haru_annot_printable(a);
                /* What a screen reader says of the link: its address, or the start of
                 * one too long to listen to (written again on every page it is on). */
                char said[EP_LINK_SAID + 8];
                size_t n = strlen(it->as.link.uri);
                if (n > EP_LINK_SAID) {
                    n = EP_LINK_SAID;
                    while (n && ((unsigned char)it->as.link.uri[n] & 0xC0) == 0x80) n--;
                    snprintf(said, sizeof said, "%.*s\xE2\x80\xA6", (int)n, it->as.link.uri);
                }
                ep_haru_set_text(d->pdf, a, "Contents", n < strlen(it->as.link.uri) ? said : it->as.link.uri);
                ep_pdftags_annot(d->tags, a, it->node, it->seq);
            }
            break;
        }
        }
    }
    free(done);
    free(quads);
    tmp->len = 0;
    if (ps.marked) ep_pdftags_end(tmp);
    if (ps.in_text) ep_buf_puts(tmp, "ET\n");
    ep_haru_page_write(page, tmp->data, tmp->len);
    if (ps.in_text) ep_haru_text_mode(page, 0);
}

static void xml_text(ep_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': ep_buf_puts(b, "&lt;"); break;
        case '>': ep_buf_puts(b, "&gt;"); break;
        case '&': ep_buf_puts(b, "&amp;"); break;
        case '"': ep_buf_puts(b, "&quot;"); break;
        default: ep_buf_putc(b, *s);
        }
    }
}

/* The XMP packet: the document information again, and what the file claims to conform to.
 * PDF/A knows the pdfuaid namespace only through an extension schema declared here. */
static void xmp_packet(ep_buf *x, const ep_pdfinfo *info, const char *title, const char *iso_date)
{
    ep_buf_puts(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "<rdf:Description rdf:about=\"\"\n"
                   "  xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                   "  xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
                   "  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   "  xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                   "  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    if (info->pdfa) ep_buf_puts(x, "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n");
    if (info->pdfua) ep_buf_puts(x, "<pdfuaid:part>1</pdfuaid:part>\n");
    ep_buf_puts(x, "<pdf:Producer>");
    xml_text(x, EP_PRODUCER);
    ep_buf_puts(x, "</pdf:Producer>\n<xmp:CreatorTool>epistle " EPISTLE_VERSION "</xmp:CreatorTool>\n");
    if (iso_date) ep_buf_printf(x, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n", iso_date, iso_date);
    if (title) {
        ep_buf_puts(x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_text(x, title);
        ep_buf_puts(x, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (info->author) {
        ep_buf_puts(x, "<dc:creator><rdf:Seq><rdf:li>");
        xml_text(x, info->author);
        ep_buf_puts(x, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (info->lang) {
        ep_buf_puts(x, "<dc:language><rdf:Bag><rdf:li>");
        xml_text(x, info->lang);
        ep_buf_puts(x, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    ep_buf_puts(x, "</rdf:Description>\n");
    if (info->pdfa && info->pdfua)
        ep_buf_puts(x, "<rdf:Description rdf:about=\"\"\n"
                       "  xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                       "  xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                       "  xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
                       "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
                       "<pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n"
                       "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
                       "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
                       "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
                       "<pdfaProperty:name>part</pdfaProperty:name>\n"
                       "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
                       "<pdfaProperty:category>internal</pdfaProperty:category>\n"
                       "<pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
                       "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
                       "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
                       "</rdf:Description>\n");
    ep_buf_puts(x, "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
}

/* PDF/A-2b: the XMP, the sRGB profile as the output intent, and a file identifier
 * (derived from the content, so output stays reproducible). */
static int pdfa(doc *d, const ep_dlist *dl, const ep_buf *x)
{
    static const char *const icc_paths[] = {"/usr/share/color/icc/sRGB.icc", "/usr/share/color/icc/colord/sRGB.icc",
                                            "/usr/share/color/icc/ghostscript/srgb.icc"};
    ep_buf icc;
    ep_buf_init(&icc);
    const char *env = getenv("EPISTLE_SRGB_PROFILE");
    int found = env && !ep_buf_read_file(&icc, env, 16u << 20);
    for (size_t i = 0; !found && i < sizeof icc_paths / sizeof *icc_paths; i++) {
        icc.len = 0;
        found = !ep_buf_read_file(&icc, icc_paths[i], 16u << 20);
    }
    if (!found) {
        ep_error(d->diag, ep_pos_make(NULL, 0, 0), EP_C_ICC_PROFILE, "PDF/A needs an sRGB ICC profile: install icc-profiles-free");
        ep_buf_free(&icc);
        return -1;
    }
    /* The identifier: a hash of what the letter says and how long it is. */
    unsigned char id[16];
    uint64_t h1 = ep_fnv1a(EP_FNV_OFFSET, x->data, x->len) ^ dl->npages;
    uint64_t h2 = ep_fnv1a(7809847782465536322ull, x->data, x->len);
    for (int i = 0; i < 8; i++) {
        id[i] = (unsigned char)(h1 >> (8 * i));
        id[8 + i] = (unsigned char)(h2 >> (8 * i));
    }
    HPDF_STATUS st = ep_haru_pdfa(d->pdf, x->data, x->len, icc.data, icc.len, id);
    ep_buf_free(&icc);
    return st == HPDF_OK ? 0 : -1;
}

static void metadata(doc *d, const ep_dlist *dl, const ep_pdfinfo *info)
{
    HPDF_Dict dict = ep_haru_info(d->pdf);
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "epistle " EPISTLE_VERSION);
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_PRODUCER, EP_PRODUCER);
    /* PDF/UA wants a title, shown in the window's title bar: the subject, or whom the
     * letter is to. */
    char fallback[300];
    const char *title = info->title;
    if (!title && info->pdfua) {
        snprintf(fallback, sizeof fallback, info->recipient ? "Letter to %s" : "Letter", info->recipient);
        title = fallback;
    }
    if (title) ep_haru_set_text(d->pdf, dict, "Title", title);
    if (info->author) ep_haru_set_text(d->pdf, dict, "Author", info->author);
    if (info->lang) HPDF_Dict_Add(ep_haru_catalog(d->pdf), "Lang", HPDF_String_New(ep_haru_mmgr(d->pdf), info->lang, NULL));
    /* No clock in the output unless asked for: the same letter gives the same bytes. */
    char iso[32] = "";
    time_t tt;
    struct tm tm;
    if (ep_source_date(&tt) && gmtime_r(&tt, &tm)) {
        /* "+00'00'": libharu writes "Z00'00'" for 'Z', which is not a PDF date. */
        HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, '+', 0, 0};
        HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
        strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    }
    if (!info->pdfa && !info->pdfua) {
        ep_haru_viewer_prefs(d->pdf, 0, info->rtl);
        return;
    }
    ep_buf x;
    ep_buf_init(&x);
    xmp_packet(&x, info, title, iso[0] ? iso : NULL);
    if (info->pdfa) pdfa(d, dl, &x);   /* reports its own errors */
    else ep_haru_metadata(d->pdf, x.data, x.len);
    ep_haru_viewer_prefs(d->pdf, info->pdfua, info->rtl);
    ep_buf_free(&x);
}

static void outlines(doc *d, const ep_dlist *dl)
{
    if (!dl->noutlines) return;
    for (size_t i = 0; i < dl->noutlines; i++) {
        const ep_dl_outline *o = &dl->outlines[i];
        HPDF_Outline ol = HPDF_CreateOutline(d->pdf, NULL, "-", NULL);
        if (!ol) continue;
        ep_haru_set_text(d->pdf, ol, "Title", o->title);
        HPDF_Page page = HPDF_GetPageByIndex(d->pdf, (HPDF_UINT)o->page);
        HPDF_Destination dst = page ? HPDF_Page_CreateDestination(page) : NULL;
        if (dst) {
            HPDF_Destination_SetXYZ(dst, 0, o->y, 1);
            HPDF_Outline_SetDestination(ol, dst);
        }
    }
    if (dl->noutlines > 1) HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

int ep_pdf_write(const ep_dlist *dl, const ep_pdfinfo *info, const ep_pdfshared *shared, ep_diag *diag, ep_buf *out)
{
    doc d;
    memset(&d, 0, sizeof d);
    d.diag = diag;
    d.dl = dl;
    ep_arena pool;
    ep_arena_init(&pool);
    d.pdf = ep_haru_new(&pool, on_error, &d);
    if (!d.pdf) {
        ep_error(diag, ep_pos_make(NULL, 0, 0), EP_C_PDF_WRITE, "cannot create a PDF document");
        return -1;
    }
    d.fonts.pdf = d.pdf;
    d.fonts.cache = shared ? shared->subsets : NULL;
    d.fonts.bases = shared ? shared->bases : NULL;
    ep_imagecache *own_images = shared && shared->images ? NULL : ep_imagecache_new();
    d.images_cache = own_images ? own_images : shared->images;
    HPDF_SetCompressionMode(d.pdf, HPDF_COMP_ALL);
    /* The page tree's /Kids is an array too: past a few thousand pages, a level of
     * intermediate nodes (a small letter keeps its flat tree). */
    if (dl->npages > EP_PAGES_PER_NODE) HPDF_SetPagesConfiguration(d.pdf, EP_PAGES_PER_NODE);
    int errors = diag->errors;
    ep_buf tmp;
    ep_buf_init(&tmp);
    d.tags = ep_pdftags_new(d.pdf, dl);
    gather_signature_fields(&d);
    for (size_t i = 0; i < dl->npages && !d.last_error; i++) draw_page(&d, &dl->pages[i], i, &tmp);
    ep_buf_free(&tmp);
    if (ep_pdftags_finish(d.tags) != HPDF_OK)
        ep_error(diag, ep_pos_make(NULL, 0, 0), EP_C_PDF_WRITE, "cannot write the structure tree: out of memory");
    outlines(&d, dl);
    metadata(&d, dl, info);
    /* An earlier libharu failure makes every later call fail too (embedding the fonts,
     * say): report the first, not what it brought down. */
    int ok = diag->errors == errors;
    if (ok && d.last_error) {
        const char *why = haru_error_text(d.last_error);
        if (why) ep_error(diag, ep_pos_make(NULL, 0, 0), EP_C_PDF_WRITE, "cannot write the PDF: %s", why);
        else ep_error(diag, ep_pos_make(NULL, 0, 0), EP_C_PDF_WRITE, "cannot write the PDF: libharu error 0x%04X", (unsigned)d.last_error);
        ok = 0;
    }
    if (ok) ok = ep_pdffonts_finish(&d.fonts, diag) == 0;
    if (ok) {
        /* The version the file's features need: tagging with /Lang, transparency (soft masks)
         * and XMP metadata are PDF 1.4, /ActualText in marked content 1.5; 1.7 (ISO 32000-1)
         * is what PDF/A-2 and PDF/UA-1 are built on. Last, because several libharu calls
         * assign the version rather than raise it. */
        ep_haru_require_version(d.pdf, HPDF_VER_17);
        if (ep_haru_deflate_streams(d.pdf)) {
            ep_error(diag, ep_pos_make(NULL, 0, 0), EP_C_INTERNAL, "out of memory compressing the PDF");
            ok = 0;
        } else {
            ep_buf file;
            ep_buf_init(&file);
            if (ep_haru_save(d.pdf, &file) != HPDF_OK) {
                ep_error(diag, ep_pos_make(NULL, 0, 0), EP_C_PDF_WRITE, "libharu could not write the PDF (error 0x%04X)", (unsigned)d.last_error);
                ok = 0;
            } else if (ep_pdf_pack(&file)) {
                ep_error(diag, ep_pos_make(NULL, 0, 0), EP_C_INTERNAL, "cannot pack the PDF's objects (out of memory?)");
                ok = 0;
            } else {
                ep_buf_put(out, file.data, file.len);
            }
            ep_buf_free(&file);
        }
    }
    ep_haru_free(d.pdf);
    ep_arena_free(&pool);
    ep_pdftags_free(d.tags);
    ep_pdffonts_free(&d.fonts);
    free(d.images);
    ep_strmap_free(&d.fields);
    ep_strmap_free(&d.sigkeys);
    for (size_t i = 0; i < d.nsigs; i++) free(d.sigs[i].tip);
    free(d.sigs);
    ep_imagecache_free(own_images);
    return ok ? 0 : -1;
}
