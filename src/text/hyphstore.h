/* Hyphenation dictionaries as libhyphen compiled them, kept in epistle's cache folder.
 *
 * libhyphen compiles a dictionary's patterns into a state machine each time a process loads
 * it: 6 ms for English, 1.2 s for German (279,000 states), longer than the rest of a cold
 * render. The machine depends only on the dictionary file and on libhyphen, so the first
 * process to compile one writes it here and later ones read it back, as fontconfig does with
 * its font lists. A stored machine is used only when the dictionary file and the libhyphen
 * library are the ones it was compiled from, and only after every index and string in it has
 * been checked to lie inside it; anything else is a miss, and the dictionary is compiled
 * again. The cache only saves time: a folder that cannot be written is not an error. */
#ifndef EP_TEXT_HYPHSTORE_H
#define EP_TEXT_HYPHSTORE_H

#include <hyphen.h>
#include <stddef.h>

/* The machine compiled from the dictionary file dic, from the cache folder dir; NULL when
 * there is none, or it is stale or damaged. Free it with ep_hyphstore_free. */
HyphenDict *ep_hyphstore_load(const char *dir, const char *dic);

/* Stores d, compiled from dic, in dir (created, for this user only, if need be). Returns 0,
 * or an errno value (which callers may ignore). */
int ep_hyphstore_save(const char *dir, const char *dic, const HyphenDict *d);

/* A machine from ep_hyphstore_load (one allocation, unlike libhyphen's own). */
void ep_hyphstore_free(HyphenDict *d);

/* The file in dir that holds dic's machine, in out; 0 if it does not fit. */
int ep_hyphstore_path(const char *dir, const char *dic, char *out, size_t size);

#endif
