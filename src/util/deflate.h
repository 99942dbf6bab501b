/* zlib deflate of a whole buffer, for streams epistle compresses itself (cached font
 * subsets, images, CMaps) rather than leaving to libharu. */
#ifndef EP_DEFLATE_H
#define EP_DEFLATE_H

#include <stddef.h>

/* *out is malloc'd; returns 0, or -1 (out of memory). */
int ep_deflate(const void *src, size_t len, unsigned char **out, size_t *outlen);

#endif
