#include "pdf/fontembed.h"

#include <hb-subset.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/haru.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/deflate.h"
#include "util/hash.h"
#include "util/utf16.h"

static ep_pdffont *new_font(ep_pdffonts *fs, ep_face *face)
{
    HPDF_Dict t0 = ep_haru_font_dict(fs->pdf);
    if (!t0) return NULL;
    fs->v = ep_grow(fs->v, sizeof *fs->v, &fs->cap, fs->n + 1);
    ep_pdffont *f = ep_xcalloc(1, sizeof *f);
    fs->v[fs->n++] = f;
    f->face = face;
    f->t0 = t0;
    return f;
}

ep_pdffont *ep_pdffont_get(ep_pdffonts *fs, ep_face *face)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->v[i]->face == face && !fs->v[i]->is_extra) return fs->v[i];
    ep_pdffont *f = new_font(fs, face);
    if (f) f->shared = ep_subsetcache_face(fs->bases, face, &f->shared_gids, &f->nshared, &f->shared_bits);
    return f;
}

int ep_pdffont_draws(const ep_pdffont *f, uint32_t gid)
{
    return !f->shared || (gid < f->face->nglyphs && (f->shared_bits[gid / 8] >> (gid % 8) & 1));
}

ep_pdffont *ep_pdffont_extra(ep_pdffonts *fs, ep_pdffont *f)
{
    if (!f->extra && (f->extra = new_font(fs, f->face))) f->extra->is_extra = 1;
    return f->extra;
}

float ep_pdffont_width(const ep_pdffont *f, uint32_t gid)
{
    if (gid >= f->face->nglyphs) return 0;
    hb_position_t adv = hb_font_get_glyph_h_advance(f->face->hb_font, gid);
    return roundf((float)adv * 100000.0f / (float)f->face->upem) / 100.0f;
}

/* Where gid's search starts in a table of n slots (a power of two). */
static size_t slot_of(uint32_t gid, size_t n) { return (size_t)ep_fnv1a_words(EP_FNV_OFFSET, &gid, 1) & (n - 1); }

/* The use record of gid, made on first use. A face has up to 65,535 glyphs and a letter
 * uses a few hundred: a small hash table, not an array per face. */
static ep_glyphuse *use_of(ep_pdffont *f, uint32_t gid)
{
    if (f->nuses * 2 >= f->nslots) {
        size_t n = f->nslots ? f->nslots * 2 : 256;
        uint32_t *slots = ep_xcalloc(n, sizeof *slots);
        for (size_t i = 0; i < f->nuses; i++) {
            size_t h = slot_of(f->uses[i].gid, n);
            while (slots[h]) h = (h + 1) & (n - 1);
            slots[h] = (uint32_t)i + 1;
        }
        free(f->slots);
        f->slots = slots;
        f->nslots = n;
    }
    size_t h = slot_of(gid, f->nslots);
    while (f->slots[h]) {
        ep_glyphuse *u = &f->uses[f->slots[h] - 1];
        if (u->gid == gid) return u;
        h = (h + 1) & (f->nslots - 1);
    }
    f->uses = ep_grow(f->uses, sizeof *f->uses, &f->capuses, f->nuses + 1);
    f->uses[f->nuses] = (ep_glyphuse){gid, NULL};
    f->slots[h] = (uint32_t)++f->nuses;
    return &f->uses[f->nuses - 1];
}

void ep_pdffont_mark(ep_pdffont *f, uint32_t gid)
{
    if (gid < f->face->nglyphs) use_of(f, gid);
}

int ep_pdffont_use(ep_pdffont *f, uint32_t gid, const char *text, size_t len)
{
    if (gid >= f->face->nglyphs) return 1;
    ep_glyphuse *u = use_of(f, gid);
    if (!u->text) {
        if (!len) return 1;
        u->text = ep_xstrndup(text, len);
        return 0;
    }
    return strlen(u->text) != len || memcmp(u->text, text, len) != 0;
}

/* A subset tag that depends only on the face and the glyph set, so the same letter
 * always gives the same bytes. */
static void subset_tag(const ep_pdffont *f, const uint32_t *gids, size_t n, char tag[8])
{
    const char *ps = f->face->psname;
    uint64_t h = ep_fnv1a_words(ep_fnv1a(EP_FNV_OFFSET, ps, strlen(ps)), gids, n);
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '+';
    tag[7] = 0;
}

typedef struct code_entry {
    unsigned code;
    float width;
    const char *text;
} code_entry;

static int cmp_code(const void *a, const void *b)
{
    unsigned x = ((const code_entry *)a)->code, y = ((const code_entry *)b)->code;
    return (x > y) - (x < y);
}

static HPDF_Dict tounicode(ep_pdffonts *fs, const ep_pdffont *f)
{
    ep_buf b;
    ep_buf_init(&b);
    ep_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* Entries sorted by code, in blocks of at most 100 as the CMap format requires. */
    size_t k = 0;
    code_entry *e = ep_xmalloc(sizeof *e * (f->nuses + 1));
    for (size_t i = 0; i < f->nuses; i++)
        if (f->uses[i].text) e[k++] = (code_entry){ep_face_code(f->face, f->uses[i].gid), 0, f->uses[i].text};
    qsort(e, k, sizeof *e, cmp_code);
    for (size_t i = 0; i < k; i += 100) {
        size_t m = k - i < 100 ? k - i : 100;
        ep_buf_printf(&b, "%zu beginbfchar\n", m);
        for (size_t j = i; j < i + m; j++) {
            ep_buf_printf(&b, "<%04X> <", e[j].code);
            if (!ep_utf16be_hex(&b, e[j].text, strlen(e[j].text))) ep_buf_puts(&b, "FFFD");
            ep_buf_puts(&b, ">\n");
        }
        ep_buf_puts(&b, "endbfchar\n");
    }
    ep_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    /* The same glyphs standing for the same text give the same CMap in every letter of a
     * batch: it is deflated once. */
    size_t zlen;
    const unsigned char *z = ep_subsetcache_deflated(fs->cache, b.data, b.len, &zlen);
    HPDF_Dict s = z ? ep_haru_deflated_stream(fs->pdf, z, zlen) : ep_haru_stream(fs->pdf, b.data, b.len);
    ep_buf_free(&b);
    free(e);
    return s;
}

static HPDF_Array widths(ep_pdffonts *fs, ep_pdffont *f, float dw)
{
    HPDF_MMgr mm = ep_haru_mmgr(fs->pdf);
    HPDF_Array w = HPDF_Array_New(mm);
    /* Sorted by code: for CFF the codes are CIDs, whose order may differ from gids. */
    code_entry *e = ep_xmalloc(sizeof *e * (f->nuses + 1));
    size_t k = 0;
    for (size_t i = 0; i < f->nuses; i++) {
        float gw = ep_pdffont_width(f, f->uses[i].gid);
        if (fabsf(gw - dw) < 0.005f) continue;
        e[k++] = (code_entry){ep_face_code(f->face, f->uses[i].gid), gw, NULL};
    }
    qsort(e, k, sizeof *e, cmp_code);
    for (size_t i = 0; i < k;) {
        size_t j = i + 1;
        while (j < k && e[j].code == e[j - 1].code + 1) j++;
        HPDF_Array_AddNumber(w, (HPDF_INT32)e[i].code);
        HPDF_Array run = HPDF_Array_New(mm);
        for (size_t m = i; m < j; m++) HPDF_Array_AddReal(run, e[m].width);
        HPDF_Array_Add(w, run);
        i = j;
    }
    free(e);
    return w;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The most common width becomes /DW, so /W lists only the exceptions (for CJK: 1000). */
static float most_common_width(ep_pdffont *f)
{
    size_t k = 0;
    float *ws = ep_xmalloc(sizeof *ws * (f->nuses + 1));
    for (size_t i = 0; i < f->nuses; i++) ws[k++] = ep_pdffont_width(f, f->uses[i].gid);
    qsort(ws, k, sizeof *ws, cmp_float);
    float best = k ? ws[0] : 1000;
    size_t bestn = 0;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j < k && ws[j] == ws[i]) j++;
        if (j - i > bestn) { bestn = j - i; best = ws[i]; }
        i = j;
    }
    free(ws);
    return best;
}

/* The HarfBuzz half of embedding a font: the subset program and, for TrueType, the
 * CIDToGIDMap. It touches no libharu object, so the fonts of a document are subset in
 * parallel, one thread each. */
typedef struct subset_job {
    ep_pdffont *f;
    uint32_t *gids;            /* sorted */
    size_t ngids;
    pthread_t thread;
    int started, ok;
    const ep_subset *use;      /* what the font's objects are made from: cached or own */
    ep_subset own;
} subset_job;


/* Tables a PDF font program does without: layout (the PDF positions every glyph), bitmaps and
 * colour, and what maps characters or names to glyphs (the PDF maps codes itself). */
static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "DSIG",
                                      "LTSH", "VDMX", "hdmx", "PCLT", "vhea", "vmtx", "VORG", "gasp",
                                      "morx", "mort", "kerx", "feat", "trak", "EBDT", "EBLC", "EBSC",
                                      "CBDT", "CBLC", "sbix", "COLR", "CPAL", "SVG ", "meta", "STAT",
                                      "cmap", "name", "post"};

static int is_dropped(hb_tag_t tag)
{
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
        if (tag == hb_tag_from_string(dropped[i], 4)) return 1;
    return 0;
}

/* What the subsetter reads: the face with only the tables it keeps. The subset is the same,
 * but HarfBuzz no longer walks the whole cmap and the layout tables to plan it, which for a
 * CJK face was most of the work: 10 glyphs of Noto Serif CJK took 7.4 ms from the face
 * and 0.2 ms from its kept tables; 300 glyphs 16.8 ms and 7.6 ms. */
static hb_face_t *kept_tables(hb_face_t *face)
{
    hb_face_t *kept = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned offset = 0, n;
    do {
        n = sizeof tags / sizeof *tags;
        n = hb_face_get_table_tags(face, offset, &n, tags) ? n : 0;
        for (unsigned i = 0; i < n; i++) {
            if (is_dropped(tags[i])) continue;
            hb_blob_t *t = hb_face_reference_table(face, tags[i]);
            hb_face_builder_add_table(kept, tags[i], t);
            hb_blob_destroy(t);
        }
        offset += n;
    } while (n == sizeof tags / sizeof *tags);
    return kept;
}

static void *subset_main(void *arg)
{
    subset_job *j = arg;
    ep_pdffont *f = j->f;
    ep_face *face = f->face;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return NULL;
    hb_set_t *gs = hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < j->ngids; i++) hb_set_add(gs, j->gids[i]);
    hb_set_t *dt = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++) hb_set_add(dt, hb_tag_from_string(dropped[i], 4));
    /* Name-keyed CFF has no CIDs of its own: keep gids so that code = CID = gid. */
    int retain = face->is_cff && !face->cid_keyed;
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE |
                                      (retain ? HB_SUBSET_FLAGS_RETAIN_GIDS : 0));
    hb_face_t *src = kept_tables(face->hb_face);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(src, in);
    hb_subset_input_destroy(in);
    if (!plan) {
        hb_face_destroy(src);
        return NULL;
    }
    const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
    hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
    if (sub) {
        hb_blob_t *prog = face->is_cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
                                       : hb_face_reference_blob(sub);
        unsigned plen = 0;
        const char *pdata = hb_blob_get_data(prog, &plen);
        j->own.prog_len = plen;
        /* A letter's own supplement (a record's name) is made for it alone, and small. */
        ep_deflate_use use = f->is_extra ? EP_DEFLATE_FAST : EP_DEFLATE_SMALL;
        int ok = !ep_deflate(use, pdata, plen, &j->own.prog_z, &j->own.prog_zlen);
        hb_blob_destroy(prog);
        /* CIDToGIDMap for TrueType: code (original gid) -> gid in the subset. */
        if (ok && !face->is_cff) {
            unsigned maxg = j->ngids ? j->gids[j->ngids - 1] : 0;
            size_t mlen = 2 * ((size_t)maxg + 1);
            unsigned char *map = ep_xcalloc(mlen, 1);
            for (size_t i = 0; i < j->ngids; i++) {
                unsigned g = j->gids[i];
                hb_codepoint_t ng = hb_map_get(o2n, g);
                if (ng == HB_MAP_VALUE_INVALID) ng = 0;
                map[2 * g] = (unsigned char)(ng >> 8);
                map[2 * g + 1] = (unsigned char)(ng & 0xFF);
            }
            ok = map && !ep_deflate(use, map, mlen, &j->own.c2g_z, &j->own.c2g_zlen);
            free(map);
        }
        j->ok = ok;
        hb_face_destroy(sub);
    }
    hb_subset_plan_destroy(plan);
    hb_face_destroy(src);
    return NULL;
}

/* The libharu half: the font's objects, from the subset. */
static int finish_one(ep_pdffonts *fs, ep_pdffont *f, subset_job *j, ep_diag *d)
{
    ep_face *face = f->face;
    HPDF_MMgr mm = ep_haru_mmgr(fs->pdf);
    HPDF_Xref xref = ep_haru_xref(fs->pdf);
    const ep_subset *sub = j->use;
    if (!sub) {
        ep_error(d, ep_pos_make(face->path, 0, 0), EP_C_FONT_EMBED, "cannot subset font %s", face->psname);
        return -1;
    }
    HPDF_Dict ff = ep_haru_deflated_stream(fs->pdf, sub->prog_z, sub->prog_zlen);
    if (ff) {
        if (face->is_cff) HPDF_Dict_AddName(ff, "Subtype", "CIDFontType0C");
        else HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)sub->prog_len);
    }
    HPDF_Dict c2g = face->is_cff ? NULL : ep_haru_deflated_stream(fs->pdf, sub->c2g_z, sub->c2g_zlen);

    char tag[8], name[200];
    subset_tag(f, j->gids, j->ngids, tag);
    snprintf(name, sizeof name, "%s%s", tag, face->psname);
    float k = 1000.0f / (float)face->upem;

    HPDF_Dict fd = HPDF_Dict_New(mm);
    HPDF_Xref_Add(xref, fd);
    HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    HPDF_Dict_AddName(fd, "FontName", name);
    HPDF_Dict_AddNumber(fd, "Flags", 4 | (face->italic_angle ? 64 : 0));
    HPDF_Array bbox = HPDF_Array_New(mm);
    for (int i = 0; i < 4; i++) HPDF_Array_AddNumber(bbox, (HPDF_INT32)lroundf((float)face->bbox[i] * k));
    HPDF_Dict_Add(fd, "FontBBox", bbox);
    HPDF_Dict_AddNumber(fd, "ItalicAngle", face->italic_angle);
    HPDF_Dict_AddNumber(fd, "Ascent", (HPDF_INT32)lroundf((float)face->ascender * k));
    HPDF_Dict_AddNumber(fd, "Descent", (HPDF_INT32)lroundf((float)face->descender * k));
    HPDF_Dict_AddNumber(fd, "CapHeight", (HPDF_INT32)lroundf((float)face->cap_height * k));
    HPDF_Dict_AddNumber(fd, "XHeight", (HPDF_INT32)lroundf((float)face->x_height * k));
    /* TrueType has no stem width; estimate it from the weight class as viewers expect. */
    HPDF_Dict_AddNumber(fd, "StemV", 10 + 220 * (face->weight - 50) / 900);
    if (ff) HPDF_Dict_Add(fd, face->is_cff ? "FontFile3" : "FontFile2", ff);

    HPDF_Dict cf = HPDF_Dict_New(mm);
    HPDF_Xref_Add(xref, cf);
    HPDF_Dict_AddName(cf, "Type", "Font");
    HPDF_Dict_AddName(cf, "Subtype", face->is_cff ? "CIDFontType0" : "CIDFontType2");
    HPDF_Dict_AddName(cf, "BaseFont", name);
    HPDF_Dict si = HPDF_Dict_New(mm);
    int ros = face->is_cff && face->cid_keyed && face->registry[0];
    HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, ros ? face->registry : "Adobe", NULL));
    HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, ros ? face->ordering : "Identity", NULL));
    HPDF_Dict_AddNumber(si, "Supplement", ros ? face->supplement : 0);
    HPDF_Dict_Add(cf, "CIDSystemInfo", si);
    HPDF_Dict_Add(cf, "FontDescriptor", fd);
    /* The most common width becomes /DW so /W lists only the exceptions (all 1000 for CJK). */
    float dw = most_common_width(f);
    HPDF_Dict_AddReal(cf, "DW", dw);
    HPDF_Dict_Add(cf, "W", widths(fs, f, dw));
    if (c2g) HPDF_Dict_Add(cf, "CIDToGIDMap", c2g);

    char t0name[220];
    snprintf(t0name, sizeof t0name, "%s%s", name, face->is_cff ? "-Identity-H" : "");
    HPDF_Dict_AddName(f->t0, "BaseFont", t0name);
    HPDF_Array desc = HPDF_Array_New(mm);
    HPDF_Array_Add(desc, cf);
    HPDF_Dict_Add(f->t0, "DescendantFonts", desc);
    HPDF_Dict tu = tounicode(fs, f);
    if (tu) HPDF_Dict_Add(f->t0, "ToUnicode", tu);
    if (HPDF_GetError(fs->pdf) != HPDF_OK) {
        ep_error(d, ep_pos_make(face->path, 0, 0), EP_C_FONT_EMBED, "cannot embed font %s (libharu error 0x%04lX)", face->psname,
                 (unsigned long)HPDF_GetError(fs->pdf));
        return -1;
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int ep_pdffonts_finish(ep_pdffonts *fs, ep_diag *d)
{
    int r = 0;
    subset_job *jobs = ep_xcalloc(fs->n + 1, sizeof *jobs);
    size_t last = SIZE_MAX;
    for (size_t i = 0; i < fs->n; i++) {
        ep_pdffont *f = fs->v[i];
        jobs[i].f = f;
        ep_pdffont_mark(f, 0);
        jobs[i].gids = ep_xmalloc(sizeof *jobs[i].gids * (f->nuses + 1));
        for (size_t k = 0; k < f->nuses; k++) jobs[i].gids[k] = f->uses[k].gid;
        jobs[i].ngids = f->nuses;
        qsort(jobs[i].gids, jobs[i].ngids, sizeof *jobs[i].gids, cmp_u32);
        /* Every CID a /W or ToUnicode entry needs is read before the threads start. */
        for (size_t k = 0; k < f->nuses; k++) ep_face_code(f->face, f->uses[k].gid);
        /* A batch's shared program serves if it holds every glyph the font drew (the
         * drawing sent the others to the letter's own font). */
        int shared = f->shared != NULL;
        for (size_t k = 0; shared && k < jobs[i].ngids; k++) shared = ep_pdffont_draws(f, jobs[i].gids[k]);
        if (shared) {
            uint32_t *all = ep_xreallocarray(jobs[i].gids, f->nshared + 1, sizeof *all);
            jobs[i].use = f->shared;
            jobs[i].gids = all;
            jobs[i].ngids = f->nshared;
            memcpy(all, f->shared_gids, sizeof *all * f->nshared);
        } else {
            jobs[i].use = ep_subsetcache_get(fs->cache, f->face, jobs[i].gids, jobs[i].ngids);
        }
        if (!jobs[i].use) last = i;
    }
    /* One letter alone subsets its faces side by side. A batch's workers already keep every
     * core busy, and a thread per subset there only adds its start and the waits (a quarter
     * more CPU time in a batch whose names are in Han and Hangul). */
    for (size_t i = 0; i < fs->n && !fs->bases; i++)
        if (!jobs[i].use && i != last)
            jobs[i].started = pthread_create(&jobs[i].thread, NULL, subset_main, &jobs[i]) == 0;
    /* The last font to subset (or any whose thread did not start) is done here. */
    for (size_t i = 0; i < fs->n; i++)
        if (!jobs[i].use && !jobs[i].started) subset_main(&jobs[i]);
    for (size_t i = 0; i < fs->n; i++) {
        if (jobs[i].started) pthread_join(jobs[i].thread, NULL);
        if (jobs[i].use || !jobs[i].ok) continue;
        jobs[i].use = ep_subsetcache_put(fs->cache, fs->v[i]->face, jobs[i].gids, jobs[i].ngids, &jobs[i].own);
        if (!jobs[i].use) jobs[i].use = &jobs[i].own;
    }
    for (size_t i = 0; i < fs->n; i++) {
        if (finish_one(fs, fs->v[i], &jobs[i], d)) r = -1;
        ep_subset_release(&jobs[i].own);
        free(jobs[i].gids);
    }
    free(jobs);
    return r;
}

void ep_pdffonts_free(ep_pdffonts *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        ep_pdffont *f = fs->v[i];
        for (size_t k = 0; k < f->nuses; k++) free(f->uses[k].text);
        free(f->uses);
        free(f->slots);
        free(f);
    }
    free(fs->v);
    fs->v = NULL;
    fs->n = fs->cap = 0;
}
