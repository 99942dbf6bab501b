/* FNV-1a, the one hash of the tree: for hash tables, cache keys and the names that must
 * come out the same for the same input (subset tags, document identifiers). Not for
 * anything an attacker could aim at (signing uses OpenSSL's digests). */
#ifndef EP_HASH_H
#define EP_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The starting value every hash of the tree has used: FNV's published offset basis is
 * 14695981039346656037 (0xcbf29ce484222325), and this is that number short of its last digit.
 * It hashes as well, and subset tags, which are made from it, are in
 * every PDF epistle has written: a letter rendered again gives the same bytes. */
#define EP_FNV_OFFSET 1469598103934665603ull

/* h, continued over n bytes (FNV-1a: xor the byte, multiply by the 64-bit FNV prime). */
uint64_t ep_fnv1a(uint64_t h, const void *p, size_t n);
/* h, continued over n 32-bit words, a word at a time (glyph ids). */
uint64_t ep_fnv1a_words(uint64_t h, const uint32_t *w, size_t n);
/* FNV-1a of n bytes from EP_FNV_OFFSET; never 0, so that 0 can mark an empty slot. */
uint64_t ep_hash_bytes(const void *p, size_t n);

#endif
