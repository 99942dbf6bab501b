#include "text/hyphen.h"

#include <hyphen.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/hyphstore.h"
#include "util/alloc.h"

typedef struct loaded {
    const ep_locale *loc;   /* interned: one object per tag */
    HyphenDict *dict;   /* NULL: none installed for this language */
    int stored;         /* read from the cache folder (one block), not compiled by libhyphen */
    int loading;        /* a thread is reading it; the others wait for `loaded` */
} loaded;

/* The lock guards the list, never the reading: a German dictionary takes a second to
 * compile, and a batch's threads asking for English meanwhile need not wait for it. */
struct ep_hyphcache {
    pthread_mutex_t lock;
    pthread_cond_t loaded;
    char dir[256];
    char cache[PATH_MAX];   /* "": compiled dictionaries are not kept */
    loaded *v;
    size_t n, cap;
    struct prefetch { ep_hyphcache *h; const ep_locale *loc; pthread_t thread; } *pf;
    size_t npf;
};

ep_hyphcache *ep_hyphcache_new(const char *dir, const char *cache)
{
    ep_hyphcache *h = ep_xcalloc(1, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->loaded, NULL);
    snprintf(h->dir, sizeof h->dir, "%s", dir ? dir : "/usr/share/hyphen");
    snprintf(h->cache, sizeof h->cache, "%s", cache ? cache : "");
    return h;
}

void ep_hyphcache_free(ep_hyphcache *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->npf; i++) pthread_join(h->pf[i].thread, NULL);
    free(h->pf);
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].stored) ep_hyphstore_free(h->v[i].dict);
        else if (h->v[i].dict) hnj_hyphen_free(h->v[i].dict);
    free(h->v);
    pthread_cond_destroy(&h->loaded);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

/* The dictionaries the locale names, in order (hyph_en_GB.dic, then hyph_en.dic): compiled
 * before and kept in the cache folder, or compiled now and kept there for the next process. */
static HyphenDict *load_for(const ep_hyphcache *h, const ep_locale *loc, int *stored)
{
    *stored = 0;
    for (size_t i = 0; i < 2; i++) {
        if (!loc->hyph[i][0]) continue;
        char path[512];
        snprintf(path, sizeof path, "%s/hyph_%s.dic", h->dir, loc->hyph[i]);
        if (access(path, R_OK)) continue;
        HyphenDict *d = h->cache[0] ? ep_hyphstore_load(h->cache, path) : NULL;
        if (d) {
            *stored = 1;
            return d;
        }
        d = hnj_hyphen_load(path);
        if (d && h->cache[0]) ep_hyphstore_save(h->cache, path, d);
        return d;
    }
    return NULL;
}

/* The entry of loc, or NULL. Lock held. */
static loaded *entry_of(ep_hyphcache *h, const ep_locale *loc)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].loc == loc) return &h->v[i];
    return NULL;
}

ep_hyphdict *ep_hyphen_dict(ep_hyphcache *h, const ep_locale *loc)
{
    if (!h || !loc) return NULL;
    pthread_mutex_lock(&h->lock);
    loaded *e = entry_of(h, loc);
    if (e) {
        while (e->loading) {
            pthread_cond_wait(&h->loaded, &h->lock);
            e = entry_of(h, loc);   /* the list may have moved meanwhile */
        }
        HyphenDict *d = e->dict;
        pthread_mutex_unlock(&h->lock);
        return d;
    }
    /* First asked for: marked as loading, then read without the lock. */
    h->v = ep_grow(h->v, sizeof *h->v, &h->cap, h->n + 1);
    h->v[h->n++] = (loaded){loc, NULL, 0, 1};
    pthread_mutex_unlock(&h->lock);
    int stored;
    HyphenDict *d = load_for(h, loc, &stored);
    pthread_mutex_lock(&h->lock);
    e = entry_of(h, loc);
    e->dict = d;
    e->stored = stored;
    e->loading = 0;
    pthread_cond_broadcast(&h->loaded);
    pthread_mutex_unlock(&h->lock);
    return d;
}

static void *prefetch_main(void *arg)
{
    struct prefetch *p = arg;
    ep_hyphen_dict(p->h, p->loc);
    return NULL;
}

void ep_hyphen_prefetch(ep_hyphcache *h, const ep_locale *loc)
{
    if (!h || !loc) return;
    /* Under the lock: worker threads of a batch ask for the same languages at once. The
     * thread started here waits for the lock before it loads anything. */
    pthread_mutex_lock(&h->lock);
    int known = 0;
    for (size_t i = 0; i < h->npf && !known; i++) known = h->pf[i].loc == loc;
    for (size_t i = 0; i < h->n && !known; i++) known = h->v[i].loc == loc;
    /* Fixed slots: the thread keeps a pointer to its slot, so the array never moves. */
    if (!known && !h->pf) h->pf = ep_xcalloc(16, sizeof *h->pf);
    if (!known && h->npf < 16) {
        struct prefetch *p = &h->pf[h->npf];
        p->h = h;
        p->loc = loc;
        if (pthread_create(&p->thread, NULL, prefetch_main, p) == 0) h->npf++;
    }
    pthread_mutex_unlock(&h->lock);
}

int ep_hyphenate(ep_hyphdict *d, const char *word, size_t len, int lmin, int rmin, uint8_t *after)
{
    enum { MAX = 200 };
    memset(after, 0, len);
    if (!d || len < 2 || len > MAX) return 0;
    /* libhyphen matches bytes against patterns written in lower case and in the dictionary's
     * own encoding: the word goes in that way (hyph_de_DE.dic is ISO 8859-1, where a UTF-8
     * "ü" matched no pattern and "Aufgabenübertragung" broke as "aufgabenü-bertragung").
     * It searches the word with strstr() for its NOHYPHEN exceptions and writes where it
     * finds them: the word ends with a NUL. */
    char w[MAX * 4 + 8], hy[MAX * 4 + 8];
    int32_t src_end[MAX + 1], w_end[MAX + 1], n = 0, wlen = 0;
    for (int32_t i = 0; i < (int32_t)len && n < MAX;) {
        UChar32 c;
        U8_NEXT(word, i, (int32_t)len, c);
        if (c < 0) return 0;
        c = u_tolower(c);
        if (d->utf8) {
            UBool bad = 0;
            U8_APPEND(w, wlen, (int32_t)sizeof w - 1, c, bad);
            if (bad) return 0;
        } else if (c < 0x100) {
            w[wlen++] = (char)c;
        } else {
            return 0;   /* not in the dictionary's alphabet */
        }
        src_end[n] = i;
        w_end[n++] = wlen;
    }
    w[wlen] = 0;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate2(d, w, wlen, hy, NULL, &rep, &pos, &cut)) return 0;
    /* Counted in characters, not bytes; only standard points: a non-standard one (rep)
     * would change the spelling. */
    int count = 0;
    for (int32_t k = 0; k + 1 < n; k++) {
        int32_t at = w_end[k] - 1;
        if ((hy[at] & 1) && !(rep && rep[at]) && k + 1 >= lmin && n - (k + 1) >= rmin) {
            after[src_end[k] - 1] = 1;
            count++;
        }
    }
    if (rep) {
        for (int32_t i = 0; i < wlen; i++) free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}
