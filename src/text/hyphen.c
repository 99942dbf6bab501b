#include "text/hyphen.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicode/utf8.h>

typedef struct loaded {
    const ep_locale *loc;   /* interned: one object per tag */
    HyphenDict *dict;   /* NULL: none installed for this language */
} loaded;

struct ep_hyphcache {
    pthread_mutex_t lock;
    char dir[256];
    loaded *v;
    size_t n, cap;
    struct prefetch { ep_hyphcache *h; const ep_locale *loc; pthread_t thread; } *pf;
    size_t npf;
};

ep_hyphcache *ep_hyphcache_new(const char *dir)
{
    ep_hyphcache *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    pthread_mutex_init(&h->lock, NULL);
    snprintf(h->dir, sizeof h->dir, "%s", dir ? dir : "/usr/share/hyphen");
    return h;
}

void ep_hyphcache_free(ep_hyphcache *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->npf; i++) pthread_join(h->pf[i].thread, NULL);
    free(h->pf);
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].dict) hnj_hyphen_free(h->v[i].dict);
    free(h->v);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

/* The dictionaries the locale names, in order (hyph_en_GB.dic, then hyph_en.dic). */
static HyphenDict *load_for(const ep_hyphcache *h, const ep_locale *loc)
{
    for (size_t i = 0; i < 2; i++) {
        if (!loc->hyph[i][0]) continue;
        char path[512];
        snprintf(path, sizeof path, "%s/hyph_%s.dic", h->dir, loc->hyph[i]);
        if (!access(path, R_OK)) return hnj_hyphen_load(path);
    }
    return NULL;
}

ep_hyphdict *ep_hyphen_dict(ep_hyphcache *h, const ep_locale *loc)
{
    if (!h || !loc) return NULL;
    pthread_mutex_lock(&h->lock);
    HyphenDict *d = NULL;
    size_t i;
    for (i = 0; i < h->n; i++)
        if (h->v[i].loc == loc) break;
    if (i < h->n) d = h->v[i].dict;
    else {
        d = load_for(h, loc);
        if (h->n == h->cap) {
            h->cap = h->cap ? h->cap * 2 : 4;
            h->v = realloc(h->v, h->cap * sizeof *h->v);
        }
        h->v[h->n].loc = loc;
        h->v[h->n].dict = d;
        h->n++;
    }
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
    if (!known && !h->pf) h->pf = calloc(16, sizeof *h->pf);
    if (!known && h->pf && h->npf < 16) {
        struct prefetch *p = &h->pf[h->npf];
        p->h = h;
        p->loc = loc;
        if (pthread_create(&p->thread, NULL, prefetch_main, p) == 0) h->npf++;
    }
    pthread_mutex_unlock(&h->lock);
}

int ep_hyphenate(ep_hyphdict *d, const char *word, size_t len, int lmin, int rmin, uint8_t *after)
{
    memset(after, 0, len);
    if (!d || len < 2 || len > 200) return 0;
    /* libhyphen searches the word with strstr() for its NOHYPHEN exceptions and writes
     * where it finds them: the word must end with a NUL, or it reads (and writes) past it. */
    char w[208], hy[208];
    memcpy(w, word, len);
    w[len] = 0;
    word = w;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate2(d, w, (int)len, hy, NULL, &rep, &pos, &cut)) return 0;
    /* Characters before each byte, to apply the minimums in characters, not bytes. */
    int chars = 0, total = 0, count = 0;
    for (int32_t i = 0; i < (int32_t)len;) { U8_FWD_1(word, i, (int32_t)len); total++; }
    for (int32_t i = 0; i < (int32_t)len;) {
        U8_FWD_1(word, i, (int32_t)len);
        chars++;
        /* Only standard points: a non-standard one (rep) would change the spelling. */
        if ((hy[i - 1] & 1) && !(rep && rep[i - 1]) && chars >= lmin && total - chars >= rmin && i < (int32_t)len) {
            after[i - 1] = 1;
            count++;
        }
    }
    if (rep) {
        for (size_t i = 0; i < len; i++) free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}
