#include "util/paths.h"

#include <string.h>

const char *ep_path_beside(ep_arena *a, const char *file, const char *path)
{
    if (!path || path[0] == '/' || !file || !strchr(file, '/')) return path;
    return ep_arena_printf(a, "%.*s/%s", (int)(strrchr(file, '/') - file), file, path);
}
