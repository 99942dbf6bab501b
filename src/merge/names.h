/* Output file names from a pattern such as "out/{{id}}.pdf": the pattern is the user's, the
 * values are data, so a value can never leave the pattern's directory or hide a file. */
#ifndef EP_MERGE_NAMES_H
#define EP_MERGE_NAMES_H

#include "letter/template.h"
#include "util/arena.h"

enum { EP_NAME_VALUE_MAX = 100 };   /* bytes of one value in a file name */

/* The value made safe for a file name: "/" and "\" become "_", control and bidi characters go,
 * leading dots and spaces go, ".." becomes ".", at most EP_NAME_VALUE_MAX bytes (whole
 * characters); an empty result is "_". */
const char *ep_name_safe(ep_arena *a, const char *value);

/* The name as the file systems that fold names see it (NFKC, case folded): two outputs with
 * one key are one file on Windows or macOS. */
const char *ep_name_key(ep_arena *a, const char *name);

/* The pattern with safe values; NULL and *missing set if the record lacks a field. */
const char *ep_name_expand(ep_arena *a, const char *pattern, const ep_fields *f, const char **missing);

#endif
