/* Open addressing with linear probing, at most half full: short probes, and the table is
 * one allocation that is rebuilt, never a chain of small ones. */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/hash.h"

struct ep_strmap_slot {
    uint64_t hash;      /* 0: empty */
    char *key;
    size_t value;
};

void ep_strmap_init(ep_strmap *m)
{
    m->slots = NULL;
    m->nslots = m->count = 0;
}

void ep_strmap_free(ep_strmap *m)
{
    for (size_t i = 0; i < m->nslots; i++) free(m->slots[i].key);
    free(m->slots);
    ep_strmap_init(m);
}

static struct ep_strmap_slot *probe(const ep_strmap *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->nslots - 1);
    while (m->slots[i].hash && !(m->slots[i].hash == h && !strcmp(m->slots[i].key, key)))
        i = (i + 1) & (m->nslots - 1);
    return &m->slots[i];
}

size_t *ep_strmap_find(const ep_strmap *m, const char *key)
{
    if (!m->nslots) return NULL;
    struct ep_strmap_slot *s = probe(m, key, ep_hash_bytes(key, strlen(key)));
    return s->hash ? &s->value : NULL;
}

static void grow(ep_strmap *m)
{
    size_t n = m->nslots ? m->nslots * 2 : 64;
    struct ep_strmap_slot *slots = ep_xcalloc(n, sizeof *slots);
    ep_strmap old = *m;
    m->slots = slots;
    m->nslots = n;
    for (size_t i = 0; i < old.nslots; i++)
        if (old.slots[i].hash) *probe(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
    free(old.slots);
}

size_t *ep_strmap_add(ep_strmap *m, const char *key, size_t value)
{
    if ((m->count + 1) * 2 > m->nslots) grow(m);
    uint64_t h = ep_hash_bytes(key, strlen(key));
    struct ep_strmap_slot *s = probe(m, key, h);
    if (s->hash) return &s->value;
    *s = (struct ep_strmap_slot){h, ep_xstrdup(key), value};
    m->count++;
    return &s->value;
}
