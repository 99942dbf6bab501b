#include "pdf/imagecache.h"

#include <png.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/deflate.h"

enum { EP_IMAGE_MAX_PIXELS = 40 * 1000 * 1000, EP_IMAGECACHE_MAX = 64 };

typedef struct entry {
    char *path;
    ep_image img;
    struct entry *next;
} entry;

struct ep_imagecache {
    pthread_mutex_t lock;
    entry *head;
    size_t n;
};

ep_imagecache *ep_imagecache_new(void)
{
    ep_imagecache *c = ep_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void image_release(ep_image *i)
{
    free(i->pixels_z);
    free(i->alpha_z);
}

void ep_imagecache_free(ep_imagecache *c)
{
    if (!c) return;
    for (entry *e = c->head, *n; e; e = n) {
        n = e->next;
        image_release(&e->img);
        free(e->path);
        free(e);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}


/* libpng's simplified API reads every PNG (palette, gray, 16-bit, with or without alpha)
 * as 8-bit gray or RGB with alpha. */
static const char *load_png(const char *path, ep_image *img)
{
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&pi, path)) return "cannot read the PNG file";
    if ((size_t)pi.width * pi.height > EP_IMAGE_MAX_PIXELS) {
        png_image_free(&pi);
        return "the image is too large (more than 40 million pixels)";
    }
    int gray = !(pi.format & PNG_FORMAT_FLAG_COLOR);
    pi.format = gray ? PNG_FORMAT_GA : PNG_FORMAT_RGBA;
    size_t comps = gray ? 1 : 3, n = (size_t)pi.width * pi.height;
    unsigned char *buf = ep_xmalloc(PNG_IMAGE_SIZE(pi));
    if (!png_image_finish_read(&pi, NULL, buf, 0, NULL)) {
        free(buf);
        return "the PNG file is damaged";
    }
    /* Split colour and alpha: PDF keeps the alpha in a separate soft mask. */
    unsigned char *color = ep_xmalloc(n * comps), *alpha = ep_xmalloc(n);
    int opaque = 1;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = buf + i * (comps + 1);
        memcpy(color + i * comps, p, comps);
        alpha[i] = p[comps];
        opaque &= p[comps] == 255;
    }
    free(buf);
    const char *err = NULL;
    img->width = pi.width;
    img->height = pi.height;
    img->gray = gray;
    if (ep_deflate(EP_DEFLATE_SMALL, color, n * comps, &img->pixels_z, &img->pixels_zlen) ||
        (!opaque && ep_deflate(EP_DEFLATE_SMALL, alpha, n, &img->alpha_z, &img->alpha_zlen)))
        err = "out of memory";
    free(color);
    free(alpha);
    if (err) image_release(img);
    return err;
}

const ep_image *ep_imagecache_lookup(ep_imagecache *c, const char *path)
{
    const ep_image *r = NULL;
    pthread_mutex_lock(&c->lock);
    for (entry *e = c->head; e && !r; e = e->next)
        if (!strcmp(e->path, path)) r = &e->img;
    pthread_mutex_unlock(&c->lock);
    return r;
}

void ep_image_free(ep_image *img)
{
    if (!img) return;
    image_release(img);
    free(img);
}

const ep_image *ep_imagecache_png(ep_imagecache *c, const char *path, const char **error, ep_image **owned)
{
    *owned = NULL;
    pthread_mutex_lock(&c->lock);
    for (entry *e = c->head; e; e = e->next)
        if (!strcmp(e->path, path)) {
            pthread_mutex_unlock(&c->lock);
            return &e->img;
        }
    pthread_mutex_unlock(&c->lock);
    entry *e = ep_xcalloc(1, sizeof *e);
    *error = load_png(path, &e->img);
    if (*error) {
        free(e);
        return NULL;
    }
    e->path = ep_xstrdup(path);
    pthread_mutex_lock(&c->lock);
    /* Another thread may have loaded it meanwhile: keep one. */
    for (entry *o = c->head; o; o = o->next)
        if (!strcmp(o->path, path)) {
            pthread_mutex_unlock(&c->lock);
            image_release(&e->img);
            free(e->path);
            free(e);
            return &o->img;
        }
    if (c->n >= EP_IMAGECACHE_MAX) {
        /* Full (a batch with an image per record): the caller keeps this one for its letter. */
        pthread_mutex_unlock(&c->lock);
        ep_image *img = ep_xmalloc(sizeof *img);
        *img = e->img;
        free(e->path);
        free(e);
        *owned = img;
        if (!img) *error = "out of memory";
        return img;
    }
    e->next = c->head;
    c->head = e;
    c->n++;
    pthread_mutex_unlock(&c->lock);
    return &e->img;
}
