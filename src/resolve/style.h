/* Styles: what a letter's `style:` (a built-in style, a style file, keys of its own) means,
 * read once per part into numbers, names and words the layout takes as they are. */
#ifndef EP_RESOLVE_STYLE_H
#define EP_RESOLVE_STYLE_H

#include "letter/model.h"
#include "resolve/faces.h"
#include "resolve/locale.h"
#include "resolve/standards.h"

typedef enum ep_margin { EP_MARGIN_TOP, EP_MARGIN_BOTTOM, EP_MARGIN_LEFT, EP_MARGIN_RIGHT, EP_MARGIN_COUNT } ep_margin;

/* Colours are 0xRRGGBB with EP_COLOR_SET added (0: not set), as the display list has them. */
#define EP_COLOR_SET 0x1000000u

/* Where a face is used; a style names a family for each, or "serif" or "sans" for epistle's. */
typedef enum ep_face_role { EP_FACE_BODY, EP_FACE_LETTERHEAD, EP_FACE_SUBJECT, EP_FACE_COUNT } ep_face_role;

typedef enum ep_logo_place { EP_LOGO_RIGHT, EP_LOGO_LEFT, EP_LOGO_ABOVE } ep_logo_place;

typedef struct ep_face_choice {
    ep_text family;            /* a fontconfig family (with where the style names it); NULL: the kind's */
    int sans;                  /* epistle's sans-serif faces rather than its serif ones */
    int set;                   /* the style says something for this role */
} ep_face_choice;

typedef struct ep_style {
    float size;                /* body text, points; 0: the paper's */
    float leading;             /* baseline distance as a factor of the size; 0: the language's */
    float leading_pt;          /* or as a length, points; 0: none */
    float margin[EP_MARGIN_COUNT];   /* points; < 0: the paper's */
    int indented;              /* paragraphs open with an indent and have no space between */
    const char *face_body;     /* a fontconfig family for the body; NULL: epistle's */
    ep_face_choice face[EP_FACE_COUNT];
    ep_script_face scripts[EP_MAX_SCRIPT_FACES];   /* faces by writing system */
    ep_pos script_pos[EP_MAX_SCRIPT_FACES];
    size_t nscripts;
    uint32_t color_letterhead, color_rules, color_links;
    int letterhead_align;      /* an ep_align */
    int logo;                  /* an ep_logo_place */
    int closing_align;         /* an ep_align; -1: the layout's */
    const char *labels[EP_LABEL_COUNT][2];   /* singular and plural; NULL: the language's */
    int fit;                   /* 1: tighten a part to save a nearly empty last page (the default) */
    int microtype;             /* 1: font expansion and character protrusion in justified text (the default) */
    float min_size;            /* fit never sets the body below this, points; 0: size - 0.5 pt */
} ep_style;

/* Reads the keys of src (the named style's, then the letter's own: a later key wins) into
 * out. Unknown keys, bad units and values out of range are reported at their positions;
 * returns -1 if any was. */
int ep_style_resolve(const ep_style_src *src, ep_diag *d, ep_style *out);

#endif
