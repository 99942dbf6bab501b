/* Merge templates: {{field}} in front-matter strings and in the body, replaced on the parsed
 * letter, so a value can never change the letter's structure: YAML, Markdown, quotes or
 * another {{…}} in a value appear literally. */
#ifndef EP_LETTER_TEMPLATE_H
#define EP_LETTER_TEMPLATE_H

#include "letter/model.h"

typedef struct ep_fields {
    const char *const *keys;
    const char *const *values;
    size_t n;
} ep_fields;

/* s with every {{name}} replaced; *missing gets the first name the record lacks (and NULL is
 * returned). A string without "{{" is returned as it is. */
const char *ep_template_expand(ep_arena *a, const char *s, size_t len, size_t *outlen,
                               const ep_fields *f, const char **missing);

/* out = tmpl with the record's values; out->arena must be set. On a missing field, reports
 * "missing field 'name'" at the template position that uses it and returns -1. */
int ep_template_apply(const ep_letter *tmpl, const ep_fields *f, ep_letter *out, ep_diag *d);

/* Calls fn for every field name in s (an output name pattern, say). */
void ep_template_names_in(const char *s, size_t len, void (*fn)(const char *name, size_t len, void *u), void *u);
/* Calls fn for every distinct field name the template uses. */
void ep_template_names(const ep_letter *tmpl, void (*fn)(const char *name, size_t len, void *u), void *u);

#endif
