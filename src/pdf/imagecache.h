/* Signature and logo images, decoded and compressed once per process. A batch puts the
 * same signatures on every letter; decoding a PNG and deflating its pixels again for each
 * letter would cost more than the rest of the letter. */
#ifndef EP_PDF_IMAGECACHE_H
#define EP_PDF_IMAGECACHE_H

#include <stddef.h>

typedef struct ep_image {
    unsigned width, height;
    int gray;                  /* one component, else RGB */
    unsigned char *pixels_z;   /* deflated, 8 bits per component */
    size_t pixels_zlen;
    unsigned char *alpha_z;    /* deflated alpha (SMask), NULL when fully opaque */
    size_t alpha_zlen;
} ep_image;

typedef struct ep_imagecache ep_imagecache;

ep_imagecache *ep_imagecache_new(void);
void ep_imagecache_free(ep_imagecache *c);

/* The PNG at path, or NULL with *error set (a static message). A cached image stays valid
 * until the cache is freed; when the cache is full, *owned is set to the image, which the
 * caller frees with ep_image_free when done with it. */
const ep_image *ep_imagecache_png(ep_imagecache *c, const char *path, const char **error, ep_image **owned);
void ep_image_free(ep_image *img);

/* The cached image for path, without reading anything; NULL if not cached. */
const ep_image *ep_imagecache_lookup(ep_imagecache *c, const char *path);

#endif
