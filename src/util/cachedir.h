/* Where epistle keeps what it can compute again but would rather not (see text/hyphstore.h). */
#ifndef EP_UTIL_CACHEDIR_H
#define EP_UTIL_CACHEDIR_H

#include <stddef.h>

/* The cache folder, in out: $EPISTLE_CACHE_DIR (set but empty: no cache), else
 * $XDG_CACHE_HOME/epistle, else $HOME/.cache/epistle. Returns 0 when there is none (caching
 * off, no home, or a name too long). The folder need not exist yet. */
int ep_cache_dir(char *out, size_t size);

#endif
