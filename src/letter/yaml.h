/* What the front matter and style files share of libyaml: the limits checked before a
 * document is loaded, and the flattening of a style mapping into keys. */
#ifndef EP_LETTER_YAML_H
#define EP_LETTER_YAML_H

#include <yaml.h>

#include "letter/model.h"

/* Refuses anchors and aliases, nesting past 16 levels and more than 100,000 values, with
 * their positions (file, from first_line); -1 after reporting. */
int ep_yaml_prescan(ep_diag *d, const char *file, int first_line, const char *yaml, size_t len);

/* Appends the keys of the style mapping n (of doc, read from file at first_line) to *kv,
 * dotted ("margins.top"); -1 after reporting a value that is no text, list or mapping. */
int ep_style_flatten(ep_arena *a, ep_diag *d, yaml_document_t *doc, yaml_node_t *n, const char *file, int first_line,
                     ep_style_kv **kv, size_t *nkv);

#endif
