/* The display list: what the layout produces and a backend draws. Pages of positioned
 * glyph runs, rules, images and link areas, in PDF user space (points, origin at the
 * bottom left). It knows fonts only as faces and nothing of letters or of PDF. */
#ifndef EP_DISPLAYLIST_H
#define EP_DISPLAYLIST_H

#include <stddef.h>
#include <stdint.h>

#include "resolve/faces.h"
#include "text/fonts.h"
#include "util/arena.h"

typedef struct ep_dl_glyph {
    uint32_t gid;
    float x, y;            /* from the run origin */
    uint32_t cl_off, cl_len;   /* the cluster's text in the run's text; glyphs of one cluster share it */
} ep_dl_glyph;

typedef enum ep_dl_kind {
    EP_DL_GLYPHS,
    EP_DL_RULE,
    EP_DL_IMAGE,
    EP_DL_LINK,
    EP_DL_FIELD,           /* an empty signature field over a signatory's signature area */
} ep_dl_kind;

/* The logical structure of the letter (for tagged PDF): elements in reading order, each
 * with its role; items of the display list name the element they belong to, or 0 for
 * decoration (running headers, rules, marks), which a tagged PDF marks as artifacts.
 * The roles after EP_ROLE_TD are the letter's own, each standing for a standard one. */
typedef enum ep_role {
    EP_ROLE_DOCUMENT, EP_ROLE_PART, EP_ROLE_DIV, EP_ROLE_P, EP_ROLE_H1, EP_ROLE_H2, EP_ROLE_H3, EP_ROLE_H4,
    EP_ROLE_H5, EP_ROLE_H6, EP_ROLE_BLOCKQUOTE, EP_ROLE_L, EP_ROLE_LI, EP_ROLE_LBL, EP_ROLE_LBODY,
    EP_ROLE_LINK, EP_ROLE_FIGURE, EP_ROLE_SPAN, EP_ROLE_FORM, EP_ROLE_TABLE, EP_ROLE_TR, EP_ROLE_TH,
    EP_ROLE_TD,
    EP_ROLE_LETTERHEAD, EP_ROLE_RECIPIENT, EP_ROLE_RETURN_ADDRESS, EP_ROLE_SENDER, EP_ROLE_SIGNATURES,
    EP_ROLE_SIGNATORY, EP_ROLE_DISTRIBUTION, EP_ROLE_LETTER_FOOTER, EP_ROLE_LETTER,
    EP_ROLE_COUNT
} ep_role;

typedef enum ep_scope { EP_SCOPE_NONE, EP_SCOPE_ROW, EP_SCOPE_COLUMN } ep_scope;

typedef struct ep_dl_node {
    ep_role role;
    int parent;            /* 0 for the document */
    const char *lang;      /* when it differs from its parent's */
    const char *alt;       /* figures, form fields */
    ep_scope scope;        /* table headers */
} ep_dl_node;

/* How a visible digital signature is set in a signature field when it is signed (which is
 * after the letter is made, perhaps elsewhere): in the part's language, body size and faces,
 * with its label, and around the signature image the area shows, if any. */
typedef struct ep_dl_sigstyle {
    const char *lang;
    float size;
    const char *family;        /* the body's family; NULL: epistle's own */
    int sans;
    const ep_script_face *scripts;   /* the style's faces by writing system */
    size_t nscripts;
    const char *label;         /* "Digitally signed" */
    const char *date;          /* the letter's, YYYY-MM-DD, or NULL */
    const char *image;         /* the signature image in the area, or NULL; */
    float ix, iy, iw, ih;      /* its box on the page, as its image item has it */
    float anchor;
} ep_dl_sigstyle;

/* A colour in the display list: 0xRRGGBB with a bit that tells it from "none". */
#define EP_RGB(hex) (0x1000000u | ((uint32_t)(hex) & 0xFFFFFFu))

/* A run of glyphs of one face and size, on one baseline. */
typedef struct ep_dl_run {
    ep_face *face;
    float size;
    const char *text;      /* the paragraph's text, which each glyph's cluster indexes */
    ep_dl_glyph *glyphs;
    size_t nglyphs;
    float hscale;          /* glyphs widened (1.02) or narrowed by font expansion; 0: as they are */
    /* A gap after the run's last glyph that is spacing, not a character (the quarter em
     * between East Asian and Latin text): its width, and the face's space glyph, which a
     * backend may draw invisibly across it so that text extraction reads no space there. */
    float bridge;
    uint32_t bridge_gid;
} ep_dl_run;

/* A straight line from (x, y) to (x + w, y + h). */
typedef struct ep_dl_rule {
    float line_width;
} ep_dl_rule;

/* An image fitted into the item's box, keeping its proportions, at the bottom of the box and
 * anchored left (anchor 0) or right (anchor 1). */
typedef struct ep_dl_image {
    const char *path;
    float anchor;
} ep_dl_image;

/* The area of a link. */
typedef struct ep_dl_link {
    const char *uri;
} ep_dl_link;

/* An empty signature field: which field it is a widget of (the signatory's `field`), the
 * name it shows for (the signatory's as written), and the letter it belongs to in a combined
 * PDF: the same field in two parts of one letter is one field with a widget in each. Two
 * signatories of one part with the same name are two people: nth counts those before it. */
typedef struct ep_dl_field {
    const char *name;
    const char *label;
    int letter, nth;
    const ep_dl_sigstyle *sig;
} ep_dl_field;

/* One thing drawn on a page: where it is, which structure element it belongs to, and, by
 * its kind, one of the members of `as`. */
typedef struct ep_dl_item {
    ep_dl_kind kind;
    int node;              /* the structure element it belongs to; 0: an artifact */
    int seq;               /* elements made before it: orders it among its element's children */
    float x, y;            /* glyphs: baseline origin; rule: start; image, link, field: lower left */
    float w, h;            /* rule: end is (x + w, y + h); image, link, field: size of the box */
    float gray;            /* glyphs and rules: 0 = black */
    uint32_t rgb;          /* glyphs and rules: a colour instead, EP_RGB(0xRRGGBB); 0: gray */
    union {
        ep_dl_run run;     /* EP_DL_GLYPHS */
        ep_dl_rule rule;   /* EP_DL_RULE */
        ep_dl_image image; /* EP_DL_IMAGE */
        ep_dl_link link;   /* EP_DL_LINK */
        ep_dl_field field; /* EP_DL_FIELD */
    } as;
} ep_dl_item;

typedef struct ep_dl_page {
    float width, height;
    ep_dl_item *items;
    size_t nitems, cap;
} ep_dl_page;

typedef struct ep_dl_outline {
    const char *title;
    size_t page;
    float y;
} ep_dl_outline;

typedef struct ep_dlist {
    ep_arena *arena;
    ep_dl_page *pages;
    size_t npages, cap;
    ep_dl_outline *outlines;
    size_t noutlines, capout;
    ep_dl_node *nodes;     /* [0] unused; [1] is the document */
    size_t nnodes, capnodes;
    int nletters;          /* letters appended (ep_dl_append) */
} ep_dlist;

ep_dl_page *ep_dl_add_page(ep_dlist *dl, float width, float height);
ep_dl_item *ep_dl_add_item(ep_dlist *dl, ep_dl_page *page, ep_dl_kind kind);
void ep_dl_add_outline(ep_dlist *dl, const char *title, size_t page, float y);
/* A new structure element under parent (0: under the document, which is made on first use). */
int ep_dl_node_add(ep_dlist *dl, ep_role role, int parent, const char *lang, const char *alt);
/* The role's name, and the standard role it stands for (itself for a standard one). */
/* Appends the pages and the structure of one letter (in language lang) to all (letters
 * combined in one PDF). */
void ep_dl_append(ep_dlist *all, const ep_dlist *one, const char *lang);
const char *ep_role_name(ep_role role);
const char *ep_role_standard(ep_role role);

#endif
