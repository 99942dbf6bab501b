/* Page geometry: paper sizes and the type area of a letter page, in points. */
#ifndef EP_GEOMETRY_H
#define EP_GEOMETRY_H

#define EP_MM(x) ((float)(x) * 72.0f / 25.4f)

typedef struct ep_geometry {
    float width, height;
    float left, right, top, bottom;   /* margins */
    float body_size;                  /* text size, points */
} ep_geometry;

/* paper: a4, letter, legal, a5 (a known name). */
ep_geometry ep_geometry_for(const char *paper);
int ep_paper_known(const char *paper);
const char *const *ep_paper_names(void);   /* NULL-terminated */

#endif
