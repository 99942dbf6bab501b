/* Reading an input file whole (a letter, a data file, a PDF to sign or verify), up to its
 * limit, with the refusal every command words the same way. (A style file is refused at the
 * line of the letter that names it: letter/style.c reads it itself.) */
#ifndef EP_INPUT_H
#define EP_INPUT_H

#include <stddef.h>

#include "diag.h"
#include "util/buf.h"

/* Reads path ("-": standard input) into out, at most max bytes. On failure out is empty and
 * the reason is reported at name (what messages call the file): "the file is larger than N
 * MiB, the limit <limit>" (too-large) or "cannot read: <why>" (io). Returns EPISTLE_OK;
 * EPISTLE_EINPUT when the file is too large, absent or a folder (the input is wrong); else
 * EPISTLE_ESYSTEM. */
epistle_status ep_read_input(ep_diag *d, const char *name, const char *path, size_t max, const char *limit, ep_buf *out);

#endif
