/* "Did you mean": the known word nearest to a misspelt one. */
#ifndef EP_UTIL_SPELLING_H
#define EP_UTIL_SPELLING_H

#include <stddef.h>

/* The word of known (NULL-terminated) fewest edits (insertions, deletions, substitutions)
 * from word, if fewer than 3; NULL otherwise. */
const char *ep_closest(const char *word, const char *const *known);

#endif
