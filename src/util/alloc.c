#include "util/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Noreturn void ep_out_of_memory(size_t size)
{
    /* No stdio: the stream may be what could not get its buffer. */
    char msg[96];
    int n = snprintf(msg, sizeof msg, "epistle: error: out of memory (%zu bytes more were needed)\n", size);
    if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0) { /* nothing left to tell it with */ }
    _exit(3);
}

void *ep_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) ep_out_of_memory(size);
    return p;
}

void *ep_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) ep_out_of_memory(n * size);
    return p;
}

void *ep_xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) ep_out_of_memory(SIZE_MAX);
    size_t bytes = n * size;
    void *q = realloc(p, bytes ? bytes : 1);
    if (!q) ep_out_of_memory(bytes);
    return q;
}

char *ep_xstrndup(const char *s, size_t n)
{
    char *d = ep_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *ep_xstrdup(const char *s) { return ep_xstrndup(s, strlen(s)); }

void *ep_grow(void *v, size_t elem, size_t *cap, size_t need)
{
    if (need <= *cap) return v;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) ep_out_of_memory(SIZE_MAX);
        ncap *= 2;
    }
    v = ep_xreallocarray(v, ncap, elem);
    *cap = ncap;
    return v;
}
