#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

struct ep_arena_chunk {
    ep_arena_chunk *next;
    size_t used, size;
    max_align_t data[];
};

enum { EP_ARENA_CHUNK = 64 * 1024 };

void ep_arena_init(ep_arena *a)
{
    a->head = a->spare = NULL;
    a->total = 0;
}

void ep_arena_free(ep_arena *a)
{
    ep_arena_chunk *lists[2] = {a->head, a->spare};
    for (int i = 0; i < 2; i++)
        for (ep_arena_chunk *c = lists[i], *n; c; c = n) {
            n = c->next;
            free(c);
        }
    a->head = a->spare = NULL;
    a->total = 0;
}

void ep_arena_reset(ep_arena *a, size_t keep)
{
    /* Standard chunks go to the spare list up to the limit; large one-off blocks go back. */
    size_t bytes = 0;
    for (ep_arena_chunk *c = a->spare; c; c = c->next) bytes += c->size;
    for (ep_arena_chunk *c = a->head, *n; c; c = n) {
        n = c->next;
        if (c->size == EP_ARENA_CHUNK && bytes + c->size <= keep) {
            c->used = 0;
            c->next = a->spare;
            a->spare = c;
            bytes += c->size;
        } else {
            free(c);
        }
    }
    a->head = NULL;
    a->total = 0;
}

void *ep_arena_alloc(ep_arena *a, size_t size)
{
    size_t align = sizeof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    ep_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > EP_ARENA_CHUNK / 2 ? size : EP_ARENA_CHUNK;
        if (cap == EP_ARENA_CHUNK && a->spare) {
            c = a->spare;
            a->spare = c->next;
        } else {
            c = ep_xmalloc(sizeof *c + cap);
            c->size = cap;
        }
        c->used = 0;
        /* A large block gets its own chunk behind the head, so the head's free tail
         * stays usable for the small allocations that follow. */
        if (a->head && size > EP_ARENA_CHUNK / 2) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

void *ep_arena_dup(ep_arena *a, const void *p, size_t size)
{
    void *q = ep_arena_alloc(a, size);
    if (size) memcpy(q, p, size);
    return q;
}

char *ep_arena_strndup(ep_arena *a, const char *s, size_t n)
{
    char *q = ep_arena_alloc(a, n + 1);
    memcpy(q, s, n);
    q[n] = 0;
    return q;
}

char *ep_arena_strdup(ep_arena *a, const char *s)
{
    return s ? ep_arena_strndup(a, s, strlen(s)) : NULL;
}

char *ep_arena_printf(ep_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = ep_arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
    if (n > 0) vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

/* The chunk that holds nothing but the block of `size` bytes at p, among the first few:
 * large blocks go in behind the head, so a vector being grown is found at once. */
static ep_arena_chunk **own_chunk(ep_arena *a, const void *p, size_t size)
{
    ep_arena_chunk **at = &a->head;
    for (int i = 0; *at && i < 8; i++, at = &(*at)->next)
        if ((const void *)(*at)->data == p && (*at)->used == size && (*at)->size == size)
            return at;
    return NULL;
}

void *ep_arena_grow(ep_arena *a, void *old, size_t elem, size_t *cap, size_t need)
{
    if (need <= *cap) return old;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < need) ncap *= 2;
    /* A large vector has a chunk of its own, which can grow where it is: copying it into a
     * new block at each doubling would leave every old copy in the arena, and a paragraph
     * of ten megabytes would hold its items twice over. */
    size_t align = sizeof(max_align_t), bytes = (ncap * elem + align - 1) & ~(align - 1);
    size_t had = (*cap * elem + align - 1) & ~(align - 1);
    ep_arena_chunk **at = old && had > EP_ARENA_CHUNK / 2 ? own_chunk(a, old, had) : NULL;
    if (at) {
        ep_arena_chunk *c = ep_xreallocarray(*at, 1, sizeof *c + bytes);
        memset((char *)c->data + c->used, 0, bytes - c->used);
        a->total += bytes - c->used;
        c->size = c->used = bytes;
        *at = c;
        *cap = ncap;
        return c->data;
    }
    void *n = ep_arena_alloc(a, ncap * elem);
    if (old && *cap) memcpy(n, old, *cap * elem);
    *cap = ncap;
    return n;
}
