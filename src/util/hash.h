/* FNV-1a, the one hash of the tree: for hash tables, cache keys and the names that must
 * come out the same for the same input (subset tags, document identifiers). Not for
 * anything an attacker could aim at (signing uses OpenSSL's digests). */
#ifndef EP_HASH_H
#define EP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define EP_FNV_OFFSET 1469598103934665603ull

/* h, continued over n bytes. */
uint64_t ep_fnv1a(uint64_t h, const void *p, size_t n);
/* h, continued over n 32-bit words, a word at a time (glyph ids). */
uint64_t ep_fnv1a_words(uint64_t h, const uint32_t *w, size_t n);
/* FNV-1a of n bytes from the offset basis; never 0, so that 0 can mark an empty slot. */
uint64_t ep_hash_bytes(const void *p, size_t n);

#endif
