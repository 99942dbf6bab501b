#include "util/cachedir.h"

#include <stdio.h>
#include <stdlib.h>

static int set(char *out, size_t size, const char *a, const char *b)
{
    int n = snprintf(out, size, "%s%s", a, b);
    return n > 0 && (size_t)n < size;
}

int ep_cache_dir(char *out, size_t size)
{
    const char *own = getenv("EPISTLE_CACHE_DIR");
    if (own) return *own ? set(out, size, own, "") : 0;
    /* XDG's variables count only when they hold an absolute path. */
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && *xdg == '/') return set(out, size, xdg, "/epistle");
    const char *home = getenv("HOME");
    if (home && *home == '/') return set(out, size, home, "/.cache/epistle");
    return 0;
}
