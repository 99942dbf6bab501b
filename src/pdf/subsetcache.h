/* Font subsets shared between the letters of a batch. A merge renders the same template
 * again and again: the CJK part of a bilingual letter uses the same glyphs in every letter,
 * and its subset (the largest single cost of a render) is made and compressed once. */
#ifndef EP_PDF_SUBSETCACHE_H
#define EP_PDF_SUBSETCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "text/fonts.h"

typedef struct ep_subset {
    unsigned char *prog_z;    /* the font program, deflated */
    size_t prog_zlen;
    unsigned prog_len;        /* its length before deflating (/Length1) */
    unsigned char *c2g_z;     /* TrueType: the CIDToGIDMap, deflated */
    size_t c2g_zlen;
} ep_subset;

typedef struct ep_subsetcache ep_subsetcache;

/* keep_first: keep a subset or CMap the first time it is made (a batch's shared programs);
 * else the second time, when it has shown that later letters will want it. */
ep_subsetcache *ep_subsetcache_new(size_t max_bytes, int keep_first);
void ep_subsetcache_free(ep_subsetcache *c);

/* The subset of face for exactly the glyphs gids (sorted), or NULL. The result stays valid
 * until the cache is freed. */
const ep_subset *ep_subsetcache_get(ep_subsetcache *c, const ep_face *face, const uint32_t *gids, size_t n);

/* Stores s unless the cache is full or already has it, and returns the stored copy (NULL
 * if none). Taking s over empties it, so the caller releases s afterwards in every case. */
const ep_subset *ep_subsetcache_put(ep_subsetcache *c, const ep_face *face, const uint32_t *gids, size_t n,
                                    ep_subset *s);

/* The subset the cache holds for face, whatever its glyphs, and those glyphs (sorted, and as
 * a bit set by gid); NULL if none. For the cache of a batch's shared programs, which holds one
 * per face. */
const ep_subset *ep_subsetcache_face(ep_subsetcache *c, const ep_face *face, const uint32_t **gids, size_t *n,
                                     const uint8_t **bits);

void ep_subset_release(ep_subset *s);

/* Deflated bytes of text (a ToUnicode CMap), made once and kept like subsets. Returns NULL
 * when the cache is full; *zlen gets the length. */
const unsigned char *ep_subsetcache_deflated(ep_subsetcache *c, const char *text, size_t len, size_t *zlen);

#endif
