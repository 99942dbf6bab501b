/* A map from strings to numbers, for the few places that must ask "seen this name before?"
 * once per item of a document that may hold tens of thousands (field names of a combined
 * merge): a linear scan there makes the whole run quadratic. */
#ifndef EP_STRMAP_H
#define EP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ep_strmap {
    struct ep_strmap_slot *slots;
    size_t nslots, count;
} ep_strmap;

void ep_strmap_init(ep_strmap *m);
void ep_strmap_free(ep_strmap *m);
/* The value stored for key, or NULL. */
size_t *ep_strmap_find(const ep_strmap *m, const char *key);
/* The value for key, added as value if key is new (key is copied). */
size_t *ep_strmap_add(ep_strmap *m, const char *key, size_t value);

#endif
