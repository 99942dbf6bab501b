#include "util/deflate.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>

/* libdeflate rather than zlib: on a bilingual letter's streams, at the same level, twice as
 * fast and 1.6 % smaller. A compressor holds large tables: one per thread, made on first use
 * and freed when the thread ends. */
enum { LEVEL = 6 };

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void free_compressor(void *c) { libdeflate_free_compressor(c); }
static void make_key(void) { pthread_key_create(&key, free_compressor); }

static struct libdeflate_compressor *compressor(void)
{
    pthread_once(&once, make_key);
    struct libdeflate_compressor *c = pthread_getspecific(key);
    if (!c && (c = libdeflate_alloc_compressor(LEVEL)) && pthread_setspecific(key, c)) {
        libdeflate_free_compressor(c);
        c = NULL;
    }
    return c;
}

void ep_deflate_release(void)
{
    pthread_once(&once, make_key);
    struct libdeflate_compressor *c = pthread_getspecific(key);
    if (c) {
        pthread_setspecific(key, NULL);
        libdeflate_free_compressor(c);
    }
}

int ep_deflate(const void *src, size_t len, unsigned char **out, size_t *outlen)
{
    struct libdeflate_compressor *c = compressor();
    if (!c) {
        *out = NULL;
        return -1;
    }
    size_t cap = libdeflate_zlib_compress_bound(c, len);
    *out = malloc(cap ? cap : 1);
    size_t n = *out ? libdeflate_zlib_compress(c, src, len, *out, cap) : 0;
    if (!n) {
        free(*out);
        *out = NULL;
        return -1;
    }
    *outlen = n;
    return 0;
}
