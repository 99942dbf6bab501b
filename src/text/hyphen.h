/* Hyphenation with libhyphen and the system's dictionaries (Debian's hyphen-* packages).
 * Dictionaries are loaded once per process and shared read-only between threads. */
#ifndef EP_TEXT_HYPHEN_H
#define EP_TEXT_HYPHEN_H

#include <stddef.h>
#include <stdint.h>

#include "resolve/locale.h"

typedef struct ep_hyphcache ep_hyphcache;
typedef struct _HyphenDict ep_hyphdict;

/* NULL dir: /usr/share/hyphen. cache: the folder that keeps compiled dictionaries
 * (text/hyphstore.h), or NULL. */
ep_hyphcache *ep_hyphcache_new(const char *dir, const char *cache);
void ep_hyphcache_free(ep_hyphcache *h);

/* Starts loading the dictionary for lang on another thread, so that a letter that will
 * need it does not wait for it (loading one costs about as much as laying out a page). */
void ep_hyphen_prefetch(ep_hyphcache *h, const ep_locale *loc);

/* The dictionary for a locale, or NULL when none is installed. */
ep_hyphdict *ep_hyphen_dict(ep_hyphcache *h, const ep_locale *loc);

/* Marks in after[i] (i < len) whether a hyphen may follow byte i of word, keeping at least
 * lmin characters before and rmin after every hyphen. Returns the number of points. */
int ep_hyphenate(ep_hyphdict *d, const char *word, size_t len, int lmin, int rmin, uint8_t *after);

#endif
