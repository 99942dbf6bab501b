/* Drawing a page of another PDF in an update: a visible signature's text, which the text
 * engine sets and the PDF backend writes as a small PDF of its own. */
#ifndef EP_SIGN_IMPORT_H
#define EP_SIGN_IMPORT_H

#include <stddef.h>

#include "sign/update.h"

/* Writes the first page of pdf (len bytes; name for messages) into u as a form XObject with
 * the objects it needs, renumbered; returns the form's object number and the page's size in
 * *w, *h, or 0 when the PDF cannot be read. */
int ep_import_page(ep_update *u, const char *name, const unsigned char *pdf, size_t len, double *w, double *h);

#endif
