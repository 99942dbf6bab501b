/* Per-letter bump allocator: everything a letter needs lives until the letter is done,
 * so one free at the end replaces thousands of small frees and cannot leak. */
#ifndef EP_ARENA_H
#define EP_ARENA_H

#include <stddef.h>

typedef struct ep_arena_chunk ep_arena_chunk;

typedef struct ep_arena {
    ep_arena_chunk *head;
    ep_arena_chunk *spare;   /* empty chunks kept by ep_arena_reset */
    size_t total;
} ep_arena;

void ep_arena_init(ep_arena *a);
void ep_arena_free(ep_arena *a);
/* Empties the arena for reuse, keeping up to keep bytes of its chunks: a batch worker
 * reuses one arena for every letter instead of returning its memory to the system. */
void ep_arena_reset(ep_arena *a, size_t keep);
void *ep_arena_alloc(ep_arena *a, size_t size);          /* zeroed; aborts only on OOM */
void *ep_arena_dup(ep_arena *a, const void *p, size_t size);
char *ep_arena_strdup(ep_arena *a, const char *s);
char *ep_arena_strndup(ep_arena *a, const char *s, size_t n);
char *ep_arena_printf(ep_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Grows an arena-backed array of elem-sized items to hold at least need items. */
void *ep_arena_grow(ep_arena *a, void *old, size_t elem, size_t *cap, size_t need);

#endif
