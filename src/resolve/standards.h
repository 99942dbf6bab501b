/* Letter standards as data: where the address window is, where the information block and
 * the fold marks go, in millimetres from the top left corner of the sheet. */
#ifndef EP_STANDARDS_H
#define EP_STANDARDS_H

#include <stddef.h>

/* Alignment by writing direction: the start of a right-to-left line is its right end. */
typedef enum ep_align { EP_ALIGN_START, EP_ALIGN_END, EP_ALIGN_CENTER } ep_align;

/* The kind of head a standard's first page has: the layout's hooks for it (layout/standards.c). */
typedef enum ep_head_kind {
    EP_HEAD_BLOCK,         /* letterhead, date, address in the text flow */
    EP_HEAD_WINDOW,        /* address in a window envelope's field */
    EP_HEAD_JP,            /* Japanese business letter */
} ep_head_kind;

typedef struct ep_standard {
    const char *name;
    const char *window;          /* "left" or "right" where a standard has both; NULL */
    ep_head_kind kind;
    const char *paper;           /* the paper it is made for; NULL: any */
    float left, right, top, bottom;   /* page margins; 0: the paper's own */
    /* the address field (window) */
    float addr_x, addr_y, addr_w, addr_h;
    float upper;                 /* return-address and remarks zone at its top */
    float inset;                 /* text inset from the field's left edge */
    float addr_size;             /* points */
    /* DIN 5008's information block, right of the address field */
    int info;
    float info_x, info_y, info_w;
    /* fold marks and the punch (hole) mark, from the top edge */
    float folds[2];
    int nfolds;                  /* 0 with thirds set: the paper in thirds */
    int thirds;
    float punch;
    int marks;                   /* drawn unless the letter says marks: false */
    int date_right;              /* the date right-aligned at the address field's top */
    ep_align subject, closing;   /* how the subject line and the complimentary close align */
} ep_standard;

/* The standard for a layout name (NULL: block), with window "left" or "right" where the
 * standard has both; NULL for a name no standard has. */
const ep_standard *ep_standard_for(const char *layout, const char *window);
/* The names of the standards, in the table's order, each once. */
size_t ep_standard_names(const char **out, size_t max);

#endif
