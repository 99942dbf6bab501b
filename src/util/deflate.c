#include "util/deflate.h"

#include <stdlib.h>
#include <zlib.h>

int ep_deflate(const void *src, size_t len, unsigned char **out, size_t *outlen)
{
    uLongf cap = compressBound((uLong)len);
    *out = malloc(cap ? cap : 1);
    if (!*out || compress2(*out, &cap, src, (uLong)len, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(*out);
        *out = NULL;
        return -1;
    }
    *outlen = cap;
    return 0;
}
