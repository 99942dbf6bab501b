#include "util/hash.h"

#define FNV_PRIME 1099511628211ull

uint64_t ep_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * FNV_PRIME;
    return h;
}

uint64_t ep_fnv1a_words(uint64_t h, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ w[i]) * FNV_PRIME;
    return h;
}

uint64_t ep_hash_bytes(const void *p, size_t n) { return ep_fnv1a(EP_FNV_OFFSET, p, n) | 1; }
