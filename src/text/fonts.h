/* Fonts: faces found through fontconfig, opened once per process (mmap), and shared
 * read-only between letters and threads. A face is one (file, index) pair. */
#ifndef EP_TEXT_FONTS_H
#define EP_TEXT_FONTS_H

#include <hb.h>
#include <pthread.h>
#include <stdint.h>

#include "resolve/locale.h"

typedef struct ep_face {
    int id;                 /* order of first use in the process; stable for a given run */
    char *path;
    int index;
    char *family;
    void *map;
    size_t maplen;
    hb_blob_t *blob;
    hb_face_t *hb_face;
    hb_font_t *hb_font;     /* scale = upem: positions are in font units */
    unsigned upem;
    int is_cff;             /* CFF outlines (else TrueType) */
    int cid_keyed;          /* CFF with CIDs that are not GIDs */
    char psname[128];
    int ascender, descender, cap_height, x_height;   /* font units */
    int bbox[4], italic_angle, weight;
    char registry[32], ordering[32];   /* CFF ROS, when CID-keyed */
    int supplement;
    uint32_t *cids;         /* gid -> CID + 1 for CID-keyed CFF, filled on first use */
    unsigned nglyphs;
    void *ft_lib, *ft_face; /* FreeType, kept only to read CIDs; used under cid_lock */
    char *why;              /* how it was first found (for `epistle fonts`); set under the cache's lock */
    pthread_mutex_t cid_lock;
} ep_face;

typedef enum ep_family_kind { EP_FAMILY_SERIF, EP_FAMILY_SANS, EP_FAMILY_MONO } ep_family_kind;

typedef struct ep_fontcache ep_fontcache;

ep_fontcache *ep_fontcache_new(void);
/* Adds the fonts in dir (and its subfolders) to those the cache finds; an errno value if dir
 * is no readable folder. Before the first letter: faces found earlier stay. */
int ep_fonts_add_dir(ep_fontcache *fc, const char *dir);
void ep_fontcache_free(ep_fontcache *fc);

/* The face for a family (NULL = the default for kind and cjk) in a weight and slant.
 * Returns NULL only if fontconfig finds no usable face at all. */
ep_face *ep_fonts_face(ep_fontcache *fc, const char *family, ep_family_kind kind, ep_cjk cjk,
                       int bold, int italic);

/* The face for text in a script other than Latin, Greek, Cyrillic and the CJK ones (ISO
 * 15924 code, "Arab"), preferring the language's own style of it (lang "ur": Nastaliq, or
 * NULL); NULL when no face of the script is installed. */
/* 1 if fontconfig has a face of this family itself (not a substitute for it). */
int ep_fonts_has_family(ep_fontcache *fc, const char *family);

ep_face *ep_fonts_script(ep_fontcache *fc, const char *script, const char *lang, ep_family_kind kind, int bold);

/* A face that has every one of the n characters of a cluster, preferring the letter's own
 * faces and the language's Han forms; failing that, one that has the first; NULL if none. */
ep_face *ep_fonts_fallback(ep_fontcache *fc, const uint32_t *cps, size_t n, ep_cjk cjk, int bold, int italic);

static inline int ep_face_has(const ep_face *f, uint32_t cp)
{
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(f->hb_font, cp, &g);
}

/* The code a PDF content stream uses for gid: the CID for CID-keyed CFF, else the gid.
 * Safe from any thread. */
unsigned ep_face_code(ep_face *f, unsigned gid);

#endif
