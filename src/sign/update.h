/* An incremental update: objects appended after the bytes of a PDF, with a cross-reference
 * section for them and a trailer whose /Prev points at the previous one. The bytes before
 * never change, so every earlier signature stays intact. Signing, document time-stamps and
 * the document security store are each one update. */
#ifndef EP_SIGN_UPDATE_H
#define EP_SIGN_UPDATE_H

#include <stddef.h>

#include "diag.h"
#include "sign/pdfdoc.h"
#include "util/buf.h"

typedef struct ep_update {
    ep_buf *out;
    const ep_pdfdoc *doc;
    struct ep_update_obj { int id, gen; size_t off; } *objs;
    size_t nobjs, cap;
    int next_id;               /* the next free object number */
    /* the signature's slot (ep_update_sig_slot) */
    size_t off_range, off_contents, end_contents, slot_bytes;
} ep_update;

/* Starts the update of doc (read from in, len bytes): out gets a copy of the file. */
void ep_update_begin(ep_update *u, const ep_pdfdoc *doc, const unsigned char *in, size_t len, ep_buf *out);
/* A new object number. */
int ep_update_new_id(ep_update *u);
/* Writes "ID GEN obj" (recording where), then the caller writes the object, then _end. */
void ep_update_object(ep_update *u, int id, int gen);
void ep_update_end(ep_update *u);
/* Writes object id of the PDF again, with key set to value (PDF syntax: "5 0 R", "[ ... ]");
 * -1 if the object is not a dictionary qpdf can read. */
int ep_update_set(ep_update *u, int id, int gen, const char *key, const char *value);
/* In a signature dictionary being written: /ByteRange and /Contents placeholders, room for
 * bytes bytes of DER. */
void ep_update_sig_slot(ep_update *u, size_t bytes);
/* The cross-reference section and the trailer; then the byte range is filled in. -1 with an
 * error when the file is too large for the placeholder or memory ran out. */
int ep_update_finish(ep_update *u, ep_diag *d, const char *path);
/* The two byte ranges the signature covers (after _finish). */
void ep_update_ranges(const ep_update *u, const unsigned char **a, size_t *na, const unsigned char **b, size_t *nb);
/* Puts the DER (len bytes) in the slot; -1 with an error when it does not fit. */
int ep_update_fill(ep_update *u, ep_diag *d, const char *path, const unsigned char *der, size_t len);
void ep_update_free(ep_update *u);

#endif
