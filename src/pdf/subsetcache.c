#include "pdf/subsetcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/deflate.h"
#include "util/hash.h"

typedef struct entry {
    const ep_face *face;
    uint64_t hash;
    uint32_t *gids;
    size_t ngids;
    ep_subset s;
    uint8_t *bits;             /* the glyphs as a bit set, made when a batch first asks */
    struct entry *next;        /* all entries, newest first */
    struct entry *chain;       /* the entries of its bucket */
} entry;

typedef struct blob {
    uint64_t hash;
    char *text;
    size_t len;
    unsigned char *z;
    size_t zlen;
    struct blob *next, *chain;
} blob;

/* A batch of ten thousand letters whose records differ brings as many glyph sets and CMaps
 * seen once: they are looked up by hash, and kept only when seen a second time, so that the
 * cache holds what letters share rather than filling with what they do not. */
enum { BUCKETS = 1024, SEEN = 4096 };

struct ep_subsetcache {
    pthread_mutex_t lock;
    entry *head;
    blob *blobs;
    entry *buckets[BUCKETS];
    blob *bbuckets[BUCKETS];
    uint64_t seen[SEEN];
    int keep_first;
    size_t bytes, max;
};

ep_subsetcache *ep_subsetcache_new(size_t max_bytes, int keep_first)
{
    ep_subsetcache *c = ep_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->max = max_bytes;
    c->keep_first = keep_first;
    return c;
}

void ep_subset_release(ep_subset *s)
{
    free(s->prog_z);
    free(s->c2g_z);
    memset(s, 0, sizeof *s);
}

void ep_subsetcache_free(ep_subsetcache *c)
{
    if (!c) return;
    for (entry *e = c->head, *n; e; e = n) {
        n = e->next;
        ep_subset_release(&e->s);
        free(e->gids);
        free(e->bits);
        free(e);
    }
    for (blob *b = c->blobs, *n; b; b = n) {
        n = b->next;
        free(b->text);
        free(b->z);
        free(b);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* Whether to keep something with hash h: the second time it is offered (or the first, for a
 * cache that keeps everything). Under the lock. */
static int worth_keeping(ep_subsetcache *c, uint64_t h)
{
    if (c->keep_first) return 1;
    uint64_t *slot = &c->seen[h % SEEN];
    if (*slot == h) return 1;
    *slot = h;
    return 0;
}

const unsigned char *ep_subsetcache_deflated(ep_subsetcache *c, const char *text, size_t len, size_t *zlen)
{
    if (!c) return NULL;
    uint64_t h = ep_hash_bytes(text, len);
    pthread_mutex_lock(&c->lock);
    for (blob *b = c->bbuckets[h % BUCKETS]; b; b = b->chain)
        if (b->hash == h && b->len == len && !memcmp(b->text, text, len)) {
            pthread_mutex_unlock(&c->lock);
            *zlen = b->zlen;
            return b->z;
        }
    int room = c->bytes + 2 * len + sizeof(blob) <= c->max && worth_keeping(c, h);
    pthread_mutex_unlock(&c->lock);
    if (!room) return NULL;
    blob *b = ep_xcalloc(1, sizeof *b);
    b->text = ep_xmalloc(len);
    if (ep_deflate(EP_DEFLATE_FAST, text, len, &b->z, &b->zlen)) {
        free(b->text);
        free(b);
        return NULL;
    }
    memcpy(b->text, text, len);
    b->len = len;
    b->hash = h;
    pthread_mutex_lock(&c->lock);
    /* (Two threads may both store the same text: harmless, both copies are equal.) */
    b->next = c->blobs;
    c->blobs = b;
    b->chain = c->bbuckets[h % BUCKETS];
    c->bbuckets[h % BUCKETS] = b;
    c->bytes += len + b->zlen + sizeof *b;
    pthread_mutex_unlock(&c->lock);
    *zlen = b->zlen;
    return b->z;
}

static uint64_t key_of(const ep_face *face, const uint32_t *gids, size_t n)
{
    return ep_fnv1a_words(EP_FNV_OFFSET ^ (uint64_t)(uintptr_t)face, gids, n);
}

static const ep_subset *find(const ep_subsetcache *c, const ep_face *face, const uint32_t *gids, size_t n, uint64_t h)
{
    for (entry *e = c->buckets[h % BUCKETS]; e; e = e->chain)
        if (e->face == face && e->hash == h && e->ngids == n && !memcmp(e->gids, gids, n * sizeof *gids))
            return &e->s;
    return NULL;
}

const ep_subset *ep_subsetcache_get(ep_subsetcache *c, const ep_face *face, const uint32_t *gids, size_t n)
{
    if (!c) return NULL;
    uint64_t h = key_of(face, gids, n);
    pthread_mutex_lock(&c->lock);
    const ep_subset *r = find(c, face, gids, n, h);
    pthread_mutex_unlock(&c->lock);
    return r;
}

const ep_subset *ep_subsetcache_put(ep_subsetcache *c, const ep_face *face, const uint32_t *gids, size_t n,
                                    ep_subset *s)
{
    if (!c) return NULL;
    uint64_t h = key_of(face, gids, n);
    size_t cost = s->prog_zlen + s->c2g_zlen + n * sizeof(uint32_t) + sizeof(entry);
    pthread_mutex_lock(&c->lock);
    const ep_subset *r = find(c, face, gids, n, h);   /* another thread was first? */
    if (!r && c->bytes + cost <= c->max && worth_keeping(c, h)) {
        /* Entries are never evicted while the cache lives: a letter may still be using one.
         * When the cache is full, new subsets are simply not kept. */
        entry *e = ep_xcalloc(1, sizeof *e);
        e->gids = ep_xreallocarray(NULL, n + 1, sizeof *e->gids);
        memcpy(e->gids, gids, n * sizeof *gids);
        e->face = face;
        e->hash = h;
        e->ngids = n;
        e->s = *s;
        memset(s, 0, sizeof *s);
        e->next = c->head;
        c->head = e;
        e->chain = c->buckets[h % BUCKETS];
        c->buckets[h % BUCKETS] = e;
        c->bytes += cost;
        r = &e->s;
    }
    pthread_mutex_unlock(&c->lock);
    return r;
}

const ep_subset *ep_subsetcache_face(ep_subsetcache *c, const ep_face *face, const uint32_t **gids, size_t *n,
                                     const uint8_t **bits)
{
    if (!c) return NULL;
    const ep_subset *r = NULL;
    pthread_mutex_lock(&c->lock);
    for (entry *e = c->head; e && !r; e = e->next)
        if (e->face == face) {
            if (!e->bits) {
                e->bits = ep_xcalloc(face->nglyphs / 8 + 1, 1);
                for (size_t i = 0; i < e->ngids; i++)
                    if (e->gids[i] < face->nglyphs) e->bits[e->gids[i] / 8] |= (uint8_t)(1u << (e->gids[i] % 8));
            }
            r = &e->s;
            *gids = e->gids;
            *n = e->ngids;
            *bits = e->bits;
        }
    pthread_mutex_unlock(&c->lock);
    return r;
}
