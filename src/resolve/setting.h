/* The resolve stage: turns each part of the letter model into an immutable setting, the
 * only place where a language tag, a layout name or a paper name is read. The layout takes
 * settings and the model's text; the text engine takes the locale. */
#ifndef EP_RESOLVE_SETTING_H
#define EP_RESOLVE_SETTING_H

#include "diag.h"
#include "letter/model.h"
#include "resolve/geometry.h"
#include "resolve/locale.h"
#include "resolve/standards.h"
#include "resolve/style.h"
#include "util/arena.h"

typedef struct ep_setting {
    ep_part part;              /* the part's text as it is set: punctuation made typographic */
    const ep_locale *loc;
    const ep_standard *std;
    ep_geometry geo;           /* the paper, with the standard's or the style's margins and size */
    const char *date;          /* written for the locale */
    const char *iso_date;      /* the same as YYYY-MM-DD, or NULL when it is no calendar date */
    const char *serif;         /* the letter's serif family; NULL: epistle's */
    ep_style style;
    float leading;             /* baseline distance as a factor of the size */
    ep_align closing;          /* how the complimentary close aligns */
    ep_align date_align;       /* how a date in the text flow aligns */
    /* A Chinese closing of two phrases (此致 敬禮) is set on two lines, the first indented
     * two characters; NULL when the closing is one line. */
    const char *closing_lines[2];
    const char *labels[EP_LABEL_COUNT][2];   /* the words the letter prints, singular and plural */
} ep_setting;

/* What the document as a whole says of itself, from its first part. */
typedef struct ep_docinfo {
    const char *title, *author, *subject, *lang;
    const char *recipient;     /* for a bookmark per letter when letters are combined */
    int rtl;                   /* the first part is right to left */
} ep_docinfo;

typedef struct ep_resolved {
    ep_setting *parts;         /* one per part of the letter */
    size_t nparts;
    ep_docinfo info;
} ep_resolved;

/* Resolves every part of l into r (allocated in l's arena). Unknown names are reported
 * with their positions; returns -1 if any was. */
int ep_resolve_letter(const ep_letter *l, ep_diag *d, ep_resolved *r);

#endif
