/* Writing a result: to a temporary file beside the target, then renamed over it, so a
 * failed run never leaves a partial file or clobbers an existing one. */
#ifndef EP_OUTPUT_H
#define EP_OUTPUT_H

#include <stddef.h>

/* Returns 0, or an errno value. path "-" writes to standard output. durable: fsync before
 * the rename, so that the file survives a power cut (a batch of thousands skips it). */
int ep_write_atomic(const char *path, const void *data, size_t len, int durable);

/* The index in inputs (n of them, "-" skipped) of the file that out already is (same
 * device and inode, whatever the names), or -1: writing out must not destroy an input. */
long ep_output_is_input(const char *out, const char *const *inputs, size_t n);

/* Makes every missing folder on the way to the file path (not the file), with mode (less the
 * umask). Returns 0, or an errno value. */
int ep_make_folders_for(const char *path, unsigned mode);

/* 0 if the folder that path would be written into exists and may be written, or an errno
 * value: a run that would fail at its end (a merge's report) fails before its work. */
int ep_output_folder_ok(const char *path);

#endif
