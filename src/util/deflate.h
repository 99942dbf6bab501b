/* Deflate (zlib format) of a whole buffer, for the PDF's streams: those epistle compresses
 * itself (cached font subsets, images, CMaps) and those libharu would have compressed as it
 * saves (pdf/haru.c hands them here first). */
#ifndef EP_DEFLATE_H
#define EP_DEFLATE_H

#include <stddef.h>

/* The effort. FAST for what is made for one letter (its pages, its structure tree) and for
 * CMaps, which compress well at any level; SMALL for font programs and images, made once and
 * kept in a batch. A stream's level never depends on whether a cache held it, so that a
 * letter's bytes do not depend on the order of a batch. */
typedef enum ep_deflate_use { EP_DEFLATE_FAST, EP_DEFLATE_SMALL } ep_deflate_use;

/* *out is malloc'd; returns 0, or -1 (libdeflate could not make its compressor). Safe from several threads at once. */
int ep_deflate(ep_deflate_use use, const void *src, size_t len, unsigned char **out, size_t *outlen);

/* Frees the calling thread's compressor now rather than when the thread ends (the main
 * thread's never ends as far as a leak checker knows). */
void ep_deflate_release(void);

#endif
