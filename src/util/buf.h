/* Growable byte buffer on the heap, for output that outlives an arena (PDF bytes)
 * or is built incrementally (content streams, CMaps). */
#ifndef EP_BUF_H
#define EP_BUF_H

#include <stddef.h>

typedef struct ep_buf {
    char *data;
    size_t len, cap;
} ep_buf;

void ep_buf_init(ep_buf *b);
void ep_buf_free(ep_buf *b);
void ep_buf_reserve(ep_buf *b, size_t extra);
void ep_buf_put(ep_buf *b, const void *p, size_t n);
void ep_buf_puts(ep_buf *b, const char *s);
void ep_buf_putc(ep_buf *b, char c);
/* v (below 65,536) as four upper-case hexadecimal digits. */
void ep_buf_hex4(ep_buf *b, unsigned v);
void ep_buf_printf(ep_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads a whole file ("-" = standard input), at most max bytes: a larger file (or
 * /dev/zero) stops the read there with EFBIG, before the memory runs out. Returns 0 or an
 * errno value. */
int ep_buf_read_file(ep_buf *b, const char *path, size_t max);

#endif
