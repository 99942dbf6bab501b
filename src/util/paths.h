/* File names in a letter, a style or a template are relative to the file that names them,
 * not to the working directory. */
#ifndef EP_UTIL_PATHS_H
#define EP_UTIL_PATHS_H

#include "util/arena.h"

/* path as file names it: unchanged when absolute or when file has no folder, else in file's
 * folder (allocated in a). */
const char *ep_path_beside(ep_arena *a, const char *file, const char *path);

#endif
