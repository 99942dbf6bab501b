#include "text/fonts.h"

#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H
#include FT_TRUETYPE_TABLES_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"

typedef struct resolved {
    char *key;
    ep_face *face;     /* NULL: known to be absent */
} resolved;

struct ep_fontcache {
    pthread_mutex_t lock;
    FcConfig *fc;      /* read through config(): it is loaded on another thread */
    pthread_t loader;
    int loading;
    pthread_mutex_t ready;
    ep_face **faces;
    size_t nfaces, capfaces;
    resolved *res;
    size_t nres, capres;
};

static FcConfig *config(ep_fontcache *fc);

/* epistle asks fontconfig for names of its own, which fonts/50-epistle.conf maps to
 * families (Noto first), so that a site can change its fonts in fontconfig's configuration. */
static const char *const cjk_serif[] = {
    [EP_CJK_NONE] = "epistle serif TC", [EP_CJK_TC] = "epistle serif TC",
    [EP_CJK_SC] = "epistle serif SC", [EP_CJK_JP] = "epistle serif JP",
    [EP_CJK_KR] = "epistle serif KR",
};
static const char *const cjk_sans[] = {
    [EP_CJK_NONE] = "epistle sans TC", [EP_CJK_TC] = "epistle sans TC",
    [EP_CJK_SC] = "epistle sans SC", [EP_CJK_JP] = "epistle sans JP",
    [EP_CJK_KR] = "epistle sans KR",
};
#define LOGICAL_PREFIX "epistle "

/* The fragment, compiled in (generated from fonts/50-epistle.conf). */
extern const char ep_fonts_conf[];
static const char *const cjk_fclang[] = {
    [EP_CJK_NONE] = "en", [EP_CJK_TC] = "zh-tw", [EP_CJK_SC] = "zh-cn",
    [EP_CJK_JP] = "ja", [EP_CJK_KR] = "ko",
};

/* The families fontconfig's configuration gives for one of epistle's names, in order: those
 * bound as strongly as the name itself. Weakly bound ones are what the configuration adds for
 * any family (sans-serif and its fallbacks), which epistle's own fallback handles; an
 * override needs binding="same" to count, as it does to win in fc-match. */
static size_t logical_families(ep_fontcache *fc, const char *name, char out[][128], size_t max)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)name);
    FcConfigSubstitute(config(fc), pat, FcMatchPattern);
    size_t n = 0;
    FcPatternIter it;
    if (FcPatternFindIter(pat, &it, FC_FAMILY)) {
        int count = FcPatternIterValueCount(pat, &it);
        for (int i = 0; i < count && n < max; i++) {
            FcValue v;
            FcValueBinding b;
            if (FcPatternIterGetValue(pat, &it, i, &v, &b) != FcResultMatch || v.type != FcTypeString) continue;
            const char *f = (const char *)v.u.s;
            if (b == FcValueBindingWeak || !strncasecmp(f, LOGICAL_PREFIX, strlen(LOGICAL_PREFIX))) continue;
            snprintf(out[n++], 128, "%s", f);
        }
    }
    FcPatternDestroy(pat);
    return n;
}

/* epistle's names first, from its compiled-in copy of the fragment, then the system's and the
 * user's configuration: an installed copy only repeats the same lists, and an override there
 * ("prefer" with binding="same") goes before them. So the faces do not depend on where epistle
 * was installed. */
static void *load_config(void *arg)
{
    ep_fontcache *fc = arg;
    FcConfig *c = FcConfigCreate();
    if (c && (!FcConfigParseAndLoadFromMemory(c, (const FcChar8 *)ep_fonts_conf, FcTrue) ||
              !FcConfigParseAndLoad(c, NULL, FcTrue) || !FcConfigBuildFonts(c))) {
        FcConfigDestroy(c);
        c = NULL;
    }
    if (!c) {
        /* No usable system configuration: fontconfig's built-in fallback, with epistle's names.
         * (Parsing above must complain: without it a missing file "succeeds", with no fonts.) */
        c = FcInitLoadConfigAndFonts();
        if (c) FcConfigParseAndLoadFromMemory(c, (const FcChar8 *)ep_fonts_conf, FcTrue);
    }
    fc->fc = c;
    return NULL;
}

/* The configuration, once its loading is over. Reading the system's configuration (some fifty
 * files) takes a few milliseconds that a one-letter render spends parsing its letter and
 * loading a hyphenation dictionary instead. */
static FcConfig *config(ep_fontcache *fc)
{
    pthread_mutex_lock(&fc->ready);
    if (fc->loading) {
        pthread_join(fc->loader, NULL);
        fc->loading = 0;
    }
    pthread_mutex_unlock(&fc->ready);
    return fc->fc;
}

ep_fontcache *ep_fontcache_new(void)
{
    ep_fontcache *fc = ep_xcalloc(1, sizeof *fc);
    pthread_mutex_init(&fc->lock, NULL);
    pthread_mutex_init(&fc->ready, NULL);
    fc->loading = pthread_create(&fc->loader, NULL, load_config, fc) == 0;
    if (!fc->loading) load_config(fc);
    return fc;
}

int ep_fonts_add_dir(ep_fontcache *fc, const char *dir)
{
    struct stat st;
    if (stat(dir, &st)) return errno;
    if (!S_ISDIR(st.st_mode)) return ENOTDIR;
    FcConfig *c = config(fc);
    pthread_mutex_lock(&fc->lock);
    int ok = c && FcConfigAppFontAddDir(c, (const FcChar8 *)dir);
    /* What was looked up before may be found differently now. */
    for (size_t i = 0; i < fc->nres; i++) free(fc->res[i].key);
    fc->nres = 0;
    pthread_mutex_unlock(&fc->lock);
    return ok ? 0 : ENOMEM;
}

static void face_free(ep_face *f)
{
    if (f->ft_face) FT_Done_Face((FT_Face)f->ft_face);
    if (f->ft_lib) FT_Done_FreeType((FT_Library)f->ft_lib);
    pthread_mutex_destroy(&f->cid_lock);
    free(f->why);
    hb_font_destroy(f->hb_font);
    hb_face_destroy(f->hb_face);
    hb_blob_destroy(f->blob);
    if (f->map) munmap(f->map, f->maplen);
    free(f->cids);
    free(f->path);
    free(f->family);
    free(f);
}

void ep_fontcache_free(ep_fontcache *fc)
{
    if (!fc) return;
    for (size_t i = 0; i < fc->nfaces; i++) face_free(fc->faces[i]);
    for (size_t i = 0; i < fc->nres; i++) free(fc->res[i].key);
    free(fc->faces);
    free(fc->res);
    if (config(fc)) FcConfigDestroy(fc->fc);
    pthread_mutex_destroy(&fc->lock);
    pthread_mutex_destroy(&fc->ready);
    free(fc);
}

/* Everything the PDF backend needs from FreeType is read here, once, and does not change
 * afterwards, so threads read it without a lock. The exception is a CID-keyed CFF font's
 * table of CIDs, filled glyph by glyph as they are used (ep_face_code): an entry is read
 * atomically, and a missing one is looked up in FreeType under the face's cid_lock. */
static int read_ft_facts(ep_face *f)
{
    FT_Library lib;
    FT_Face ft;
    if (FT_Init_FreeType(&lib)) return -1;
    if (FT_New_Memory_Face(lib, f->map, (FT_Long)f->maplen, f->index, &ft)) {
        FT_Done_FreeType(lib);
        return -1;
    }
    const char *ps = FT_Get_Postscript_Name(ft);
    snprintf(f->psname, sizeof f->psname, "%s", ps ? ps : "Unnamed");
    for (char *p = f->psname; *p; p++)
        if (*p <= ' ' || *p > '~' || strchr("()<>[]{}/%#", *p)) *p = '-';
    f->bbox[0] = (int)ft->bbox.xMin; f->bbox[1] = (int)ft->bbox.yMin;
    f->bbox[2] = (int)ft->bbox.xMax; f->bbox[3] = (int)ft->bbox.yMax;
    f->nglyphs = (unsigned)ft->num_glyphs;
    TT_Postscript *post = FT_Get_Sfnt_Table(ft, FT_SFNT_POST);
    f->italic_angle = post ? (int)(post->italicAngle >> 16) : 0;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
    f->weight = os2 ? os2->usWeightClass : 400;
    f->cap_height = os2 && os2->version >= 2 ? os2->sCapHeight : (int)(f->ascender * 0.7);
    f->x_height = os2 && os2->version >= 2 ? os2->sxHeight : (int)(f->ascender * 0.5);
    FT_Bool is_cid = 0;
    if (f->is_cff && !FT_Get_CID_Is_Internally_CID_Keyed(ft, &is_cid) && is_cid) {
        f->cid_keyed = 1;
        const char *reg = NULL, *ord = NULL;
        FT_Int sup = 0;
        if (!FT_Get_CID_Registry_Ordering_Supplement(ft, &reg, &ord, &sup)) {
            snprintf(f->registry, sizeof f->registry, "%s", reg ? reg : "Adobe");
            snprintf(f->ordering, sizeof f->ordering, "%s", ord ? ord : "Identity");
            f->supplement = sup;
        }
        /* Reading all 65,535 CIDs up front costs more than the rest of a letter; they
         * are read as glyphs are used, and FreeType stays open for that. */
        f->cids = ep_xcalloc(f->nglyphs, sizeof *f->cids);
        f->ft_lib = lib;
        f->ft_face = ft;
        return 0;
    }
    FT_Done_Face(ft);
    FT_Done_FreeType(lib);
    return 0;
}

unsigned ep_face_code(ep_face *f, unsigned gid)
{
    if (!f->cids || gid >= f->nglyphs) return gid;
    uint32_t c = __atomic_load_n(&f->cids[gid], __ATOMIC_ACQUIRE);
    if (c) return c - 1;
    pthread_mutex_lock(&f->cid_lock);
    FT_UInt cid = gid;
    if (FT_Get_CID_From_Glyph_Index((FT_Face)f->ft_face, gid, &cid)) cid = gid;
    __atomic_store_n(&f->cids[gid], (uint32_t)cid + 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&f->cid_lock);
    return cid;
}

static ep_face *face_open(const char *path, int index, const char *family)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    if (fstat(fd, &st) || st.st_size <= 0) {
        close(fd);
        return NULL;
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return NULL;
    ep_face *f = ep_xcalloc(1, sizeof *f);
    pthread_mutex_init(&f->cid_lock, NULL);
    f->map = map;
    f->maplen = (size_t)st.st_size;
    f->path = ep_xstrdup(path);
    f->family = ep_xstrdup(family ? family : "");
    f->index = index;
    f->blob = hb_blob_create(map, (unsigned)f->maplen, HB_MEMORY_MODE_READONLY, NULL, NULL);
    f->hb_face = hb_face_create(f->blob, (unsigned)index);
    f->upem = hb_face_get_upem(f->hb_face);
    f->hb_font = hb_font_create(f->hb_face);
    hb_font_make_immutable(f->hb_font);
    hb_blob_t *cff = hb_face_reference_table(f->hb_face, HB_TAG('C', 'F', 'F', ' '));
    f->is_cff = hb_blob_get_length(cff) > 0;
    hb_blob_destroy(cff);
    hb_position_t v;
    f->ascender = hb_ot_metrics_get_position(f->hb_font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v) ? v : (int)f->upem * 8 / 10;
    f->descender = hb_ot_metrics_get_position(f->hb_font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v) ? v : -(int)f->upem * 2 / 10;
    if (f->upem == 0 || hb_face_get_glyph_count(f->hb_face) == 0 || read_ft_facts(f)) {
        face_free(f);
        return NULL;
    }
    return f;
}

/* Returns the cached face for (path, index), opening it on first use. Lock held. */
static ep_face *face_get(ep_fontcache *fc, const char *path, int index, const char *family)
{
    for (size_t i = 0; i < fc->nfaces; i++)
        if (fc->faces[i]->index == index && !strcmp(fc->faces[i]->path, path)) return fc->faces[i];
    ep_face *f = face_open(path, index, family);
    if (!f) return NULL;
    fc->faces = ep_grow(fc->faces, sizeof *fc->faces, &fc->capfaces, fc->nfaces + 1);
    f->id = (int)fc->nfaces;
    fc->faces[fc->nfaces++] = f;
    return f;
}

/* Says once how f was found, for a user asking why a face was used. Lock held. */
static void found_as(ep_face *f, const char *fmt, const char *what)
{
    if (!f || f->why) return;
    char buf[256];
    snprintf(buf, sizeof buf, fmt, what);
    f->why = ep_xstrdup(buf);
}

static resolved *res_find(ep_fontcache *fc, const char *key)
{
    for (size_t i = 0; i < fc->nres; i++)
        if (!strcmp(fc->res[i].key, key)) return &fc->res[i];
    return NULL;
}

static void res_add(ep_fontcache *fc, const char *key, ep_face *f)
{
    fc->res = ep_grow(fc->res, sizeof *fc->res, &fc->capres, fc->nres + 1);
    fc->res[fc->nres].key = ep_xstrdup(key);
    fc->res[fc->nres].face = f;
    fc->nres++;
}

/* The face of a named family in exactly this weight and slant, if installed: a listing is
 * much cheaper than a match, which scores every installed font. Lock held. */
/* The installed faces of a family in a slant, by weight or by style name. */
static FcFontSet *fc_list(ep_fontcache *fc, const char *family, int italic, const char *object, int weight,
                          const char *style)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    if (style) FcPatternAddString(pat, object, (const FcChar8 *)style);
    else FcPatternAddInteger(pat, object, weight);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FAMILY, FC_VARIABLE, FC_WIDTH, FC_STYLE, (char *)0);
    FcFontSet *set = FcFontList(config(fc), pat, os);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    return set;
}

/* The face of a named family in exactly this weight and slant, if installed: a listing is
 * much cheaper than a match, which scores every installed font. Lock held. */
static ep_face *fc_exact(ep_fontcache *fc, const char *family, int bold, int italic)
{
    FcFontSet *set = fc_list(fc, family, italic, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR, NULL);
    /* Some fonts declare their bold face with the regular weight (Noto Nastaliq Urdu): its
     * style name says what it is. */
    if (bold && (!set || !set->nfont)) {
        if (set) FcFontSetDestroy(set);
        set = fc_list(fc, family, italic, FC_STYLE, 0, "Bold");
    }
    /* A family may hold condensed or expanded faces under the same name (DejaVu Serif does):
     * the one nearest normal width is the text face; and the one whose style name agrees. */
    int best = -1, best_off = 1 << 30;
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *file = NULL, *style = NULL;
        FcBool variable = FcFalse;
        FcPatternGetBool(set->fonts[i], FC_VARIABLE, 0, &variable);
        if (variable || FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        int width = FC_WIDTH_NORMAL;
        FcPatternGetInteger(set->fonts[i], FC_WIDTH, 0, &width);
        int off = abs(width - FC_WIDTH_NORMAL);
        if (FcPatternGetString(set->fonts[i], FC_STYLE, 0, &style) == FcResultMatch &&
            (strstr((const char *)style, "Bold") != NULL) != (bold != 0))
            off += 1000;
        if (off < best_off) best = i, best_off = off;
    }
    ep_face *f = NULL;
    if (best >= 0) {
        FcChar8 *file = NULL;
        int index = 0;
        FcPatternGetString(set->fonts[best], FC_FILE, 0, &file);
        FcPatternGetInteger(set->fonts[best], FC_INDEX, 0, &index);
        f = face_get(fc, (const char *)file, index & 0xFFFF, family);
    }
    if (set) FcFontSetDestroy(set);
    return f;
}

/* The face one of epistle's names stands for: the first family of its list installed in this
 * weight and slant. Lock held. */
/* Lock held. Remembered, absence included: the fallback search asks for the same six names
 * for every new cluster, and each question costs fontconfig's whole rule set (in a batch whose
 * names are in Hangul, a third of the work of a letter, with the other workers waiting). */
static ep_face *logical_face(ep_fontcache *fc, const char *name, int bold, int italic)
{
    char key[160];
    snprintf(key, sizeof key, "l:%d:%d:%s", bold, italic, name);
    resolved *r = res_find(fc, key);
    if (r) return r->face;
    char fams[16][128];
    size_t n = logical_families(fc, name, fams, 16);
    ep_face *f = NULL;
    for (size_t i = 0; i < n && !f; i++) f = fc_exact(fc, fams[i], bold, italic);
    res_add(fc, key, f);
    return f;
}

static int covers(ep_face *f, const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!ep_face_has(f, cps[i])) return 0;
    return 1;
}

/* Asks fontconfig for the best match of a family or of characters (n of cps) and opens it;
 * NULL if it lacks one of the characters. Lock held. */
static ep_face *fc_match(ep_fontcache *fc, const char *family, const char *lang, int bold,
                         int italic, const uint32_t *cps, size_t n)
{
    FcPattern *pat = FcPatternCreate();
    if (family) FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddString(pat, FC_LANG, (const FcChar8 *)lang);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    if (n) {
        FcCharSet *cs = FcCharSetCreate();
        for (size_t i = 0; i < n; i++) FcCharSetAddChar(cs, cps[i]);
        FcPatternAddCharSet(pat, FC_CHARSET, cs);
        FcCharSetDestroy(cs);
    }
    FcConfigSubstitute(config(fc), pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult r;
    FcPattern *m = FcFontMatch(config(fc), pat, &r);
    FcPatternDestroy(pat);
    if (!m) return NULL;
    FcChar8 *file = NULL, *fam = NULL;
    int index = 0;
    ep_face *f = NULL;
    if (FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        FcPatternGetString(m, FC_FAMILY, 0, &fam);
        /* The high bits of the index name a variable font's instance, not a face. */
        f = face_get(fc, (const char *)file, index & 0xFFFF, (const char *)fam);
    }
    FcPatternDestroy(m);
    if (f && !covers(f, cps, n)) f = NULL;
    return f;
}

ep_face *ep_fonts_face(ep_fontcache *fc, const char *family, ep_family_kind kind, ep_cjk cjk,
                       int bold, int italic)
{
    if (!family) {
        if (cjk != EP_CJK_NONE)
            family = kind == EP_FAMILY_SANS ? cjk_sans[cjk] : cjk_serif[cjk];
        else
            family = kind == EP_FAMILY_MONO ? "epistle mono" : kind == EP_FAMILY_SANS ? "epistle sans" : "epistle serif";
    }
    char key[256];
    snprintf(key, sizeof key, "f:%s:%d:%d:%d", family, (int)cjk, bold, italic);
    pthread_mutex_lock(&fc->lock);
    resolved *r = res_find(fc, key);
    ep_face *f;
    if (r) f = r->face;
    else {
        int logical = !strncasecmp(family, LOGICAL_PREFIX, strlen(LOGICAL_PREFIX));
        f = logical ? logical_face(fc, family, bold, italic) : fc_exact(fc, family, bold, italic);
        found_as(f, logical ? "the first installed family of '%s' (in epistle's fontconfig fragment)"
                            : "installed as the family '%s' the letter names", family);
        if (!f) {
            f = fc_match(fc, family, cjk_fclang[cjk], bold, italic, NULL, 0);
            found_as(f, "fontconfig's best match for '%s', which is not installed", family);
        }
        res_add(fc, key, f);
    }
    pthread_mutex_unlock(&fc->lock);
    return f;
}

int ep_fonts_has_family(ep_fontcache *fc, const char *family)
{
    if (!strncasecmp(family, LOGICAL_PREFIX, strlen(LOGICAL_PREFIX))) return 1;
    pthread_mutex_lock(&fc->lock);
    int has = fc_exact(fc, family, 0, 0) != NULL || fc_exact(fc, family, 1, 0) != NULL;
    pthread_mutex_unlock(&fc->lock);
    return has;
}

ep_face *ep_fonts_script(ep_fontcache *fc, const char *script, const char *lang, ep_family_kind kind, int bold)
{
    char key[96];
    snprintf(key, sizeof key, "s:%s:%s:%d:%d", script, lang ? lang : "", (int)kind, bold);
    pthread_mutex_lock(&fc->lock);
    resolved *r = res_find(fc, key);
    ep_face *f = NULL;
    if (r) f = r->face;
    else {
        /* The language's own style of the script first (Urdu's Nastaliq), then the script's;
         * a face in the other weight rather than another script's face. */
        const char *k = kind == EP_FAMILY_SANS ? "sans" : "serif";
        char names[2][64];
        size_t n = 0;
        if (lang && *lang) snprintf(names[n++], sizeof names[0], "epistle %s %s %s", k, script, lang);
        snprintf(names[n++], sizeof names[0], "epistle %s %s", k, script);
        for (int w = bold; w >= 0 && !f; w--)
            for (size_t i = 0; i < n && !f; i++) f = logical_face(fc, names[i], w, 0);
        found_as(f, "the face for the %s script (in epistle's fontconfig fragment)", script);
        res_add(fc, key, f);
    }
    pthread_mutex_unlock(&fc->lock);
    return f;
}

ep_face *ep_fonts_fallback(ep_fontcache *fc, const uint32_t *cps, size_t n, ep_cjk cjk, int bold, int italic)
{
    if (!n) return NULL;
    char key[160];
    int k = snprintf(key, sizeof key, "c:%d:%d:%d", (int)cjk, bold, italic);
    for (size_t i = 0; i < n && k > 0 && (size_t)k < sizeof key; i++)
        k += snprintf(key + k, sizeof key - (size_t)k, ":%X", cps[i]);
    pthread_mutex_lock(&fc->lock);
    resolved *r = res_find(fc, key);
    ep_face *f;
    if (r) f = r->face;
    else {
        /* Prefer the letter's own faces (one more embedded font costs more than a slightly
         * different design for one character), in an order that does not depend on what
         * other letters opened before: output must not depend on the order of a batch. A
         * face must have every character of the cluster, or its marks would be drawn apart
         * from their base (with HarfBuzz's dotted circle). */
        f = NULL;
        const char *own[] = {"epistle serif", cjk_serif[cjk], "epistle serif TC", "epistle serif JP",
                             "epistle serif KR", "epistle serif SC"};
        for (size_t i = 0; i < sizeof own / sizeof *own && !f; i++) {
            ep_face *c = logical_face(fc, own[i], bold, italic && i == 0);
            if (c && covers(c, cps, n)) f = c;
        }
        if (!f) f = fc_match(fc, NULL, cjk_fclang[cjk], bold, italic, cps, n);
        /* Nothing has all of them: the first character decides. */
        if (!f && n > 1) f = fc_match(fc, NULL, cjk_fclang[cjk], bold, italic, cps, 1);
        found_as(f, "%s", "a fallback: fontconfig's best match for characters the letter's own faces lack");
        res_add(fc, key, f);
    }
    pthread_mutex_unlock(&fc->lock);
    return f;
}
