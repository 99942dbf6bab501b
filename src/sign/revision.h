/* The revisions of a signed PDF. A signature covers the file as it was when it was signed:
 * one revision. Later signatories append updates, and so can anyone else: an update may
 * replace a page's content stream while every signature still verifies (the "shadow
 * attack"). What a later update may change without voiding the signatures before it is what
 * signing itself changes: signature fields filled or added, the AcroForm's field list, a
 * document security store, the document information's dates. */
#ifndef EP_SIGN_REVISION_H
#define EP_SIGN_REVISION_H

#include <stddef.h>

/* Where each revision ends: after the k-th "startxref N %%EOF". Returns the count, with the
 * offsets in *ends (malloc'd, ascending). */
long ep_revision_ends(const unsigned char *data, size_t len, size_t **ends);
/* Which revision (from 1) the first `end` bytes of data are, with or without the line end
 * after %%EOF; 0 if they end no revision. */
long ep_revision_at(const unsigned char *data, const size_t *ends, long count, size_t end);

/* Compares what the first `end` bytes show with what the whole file shows, following every
 * object the document reaches from its catalog and information dictionary. 0 if every change
 * is one signing makes; 1 with *what (malloc'd) saying the first change that is not; -1 with
 * *what saying why the revision could not be read. */
int ep_later_changes(const char *path, const unsigned char *data, size_t len, size_t end, char **what);

#endif
