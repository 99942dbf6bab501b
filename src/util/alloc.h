/* The one allocation policy: every heap allocation goes through these, and none returns
 * NULL. When memory runs out they say so on standard error and end the process with exit
 * status 3 (a system error), without unwinding: no caller tests for NULL, so no error path
 * exists that no test could reach, and nothing half-built is flushed on the way out (a PDF
 * being written to standard output stays unwritten rather than cut). The arena and the byte
 * buffer follow the same rule. docs/architecture.md says why this and not checked returns. */
#ifndef EP_ALLOC_H
#define EP_ALLOC_H

#include <stddef.h>

void *ep_xmalloc(size_t size);
void *ep_xcalloc(size_t n, size_t size);
/* n items of size bytes each; the product is checked for overflow. */
void *ep_xreallocarray(void *p, size_t n, size_t size);
char *ep_xstrdup(const char *s);
char *ep_xstrndup(const char *s, size_t n);

/* A heap array of elem-sized items, grown to hold at least need: doubled (from 8), so that
 * n appends cost O(n). Returns the array, perhaps moved; *cap is updated. The new items are
 * not cleared. */
void *ep_grow(void *v, size_t elem, size_t *cap, size_t need);

/* Ends the process for want of size bytes, as the wrappers above do. */
_Noreturn void ep_out_of_memory(size_t size);

#endif
