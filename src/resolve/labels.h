/* The words a letter prints by itself (labels.tsv), one row per language. */
#ifndef EP_RESOLVE_LABELS_H
#define EP_RESOLVE_LABELS_H

#include "resolve/locale.h"

/* The row for a tag: the first whose language is a prefix of the tag, else the last. */
void ep_labels_for(const char *tag, const char *out[EP_LABEL_COUNT]);

/* A label's key in labels.tsv and in a style's `labels:` ("enclosures"). */
const char *ep_label_key(ep_label which);

#endif
