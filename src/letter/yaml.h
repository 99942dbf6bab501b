/* What the front matter and style files share of libyaml: the limits checked before a
 * document is loaded, and the flattening of a style mapping into keys. */
#ifndef EP_LETTER_YAML_H
#define EP_LETTER_YAML_H

#include <yaml.h>

#include "letter/model.h"

/* Checks the limits (no anchors or aliases, nesting to 16 levels, 100,000 values), then loads the first document of text (line 1 of which is first_line of
 * file) into doc, with parser left open for the caller to read on and delete. -1 after
 * reporting, with nothing left to delete: a syntax error as what to write instead, or a key
 * given twice in one mapping. */
int ep_yaml_load(ep_diag *d, yaml_parser_t *parser, const char *file, int first_line, const char *text, size_t len,
                 yaml_document_t *doc);

/* Appends the keys of the style mapping n (of doc, read from file at first_line) to *kv,
 * dotted ("margins.top"); -1 after reporting a value that is no text, list or mapping. */
int ep_style_flatten(ep_arena *a, ep_diag *d, yaml_document_t *doc, yaml_node_t *n, const char *file, int first_line,
                     ep_style_kv **kv, size_t *nkv);

#endif
