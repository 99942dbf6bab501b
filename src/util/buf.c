#include "util/buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

void ep_buf_init(ep_buf *b) { b->data = NULL; b->len = b->cap = 0; }

void ep_buf_free(ep_buf *b)
{
    free(b->data);
    ep_buf_init(b);
}

void ep_buf_reserve(ep_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + extra + 1) ncap *= 2;
    b->data = ep_xreallocarray(b->data, ncap, 1);
    b->cap = ncap;
}

void ep_buf_put(ep_buf *b, const void *p, size_t n)
{
    ep_buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void ep_buf_hex4(ep_buf *b, unsigned v)
{
    static const char digits[] = "0123456789ABCDEF";
    char h[4] = {digits[(v >> 12) & 15], digits[(v >> 8) & 15], digits[(v >> 4) & 15], digits[v & 15]};
    ep_buf_put(b, h, 4);
}

void ep_buf_puts(ep_buf *b, const char *s) { ep_buf_put(b, s, strlen(s)); }

void ep_buf_putc(ep_buf *b, char c) { ep_buf_put(b, &c, 1); }

void ep_buf_printf(ep_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        ep_buf_put(b, tmp, (size_t)n);
        return;
    }
    ep_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int ep_buf_read_file(ep_buf *b, const char *path, size_t max)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return errno ? errno : EIO;
    char tmp[65536];
    size_t n, start = b->len;
    int big = 0;
    while (!big && (n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (b->len - start + n > max) {
            n = max - (b->len - start);
            big = 1;
        }
        ep_buf_put(b, tmp, n);
    }
    int err = big ? EFBIG : ferror(f) ? (errno ? errno : EIO) : 0;
    if (f != stdin) fclose(f);
    if (!b->data) ep_buf_put(b, "", 0);
    return err;
}
