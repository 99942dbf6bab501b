/* Handles on libqpdf that never speak for themselves: its errors and warnings would be
 * printed on standard error (when a handle with an unfetched error is freed), and a damaged
 * file's are reported through epistle's diagnostics instead, or do not matter. */
#ifndef EP_SIGN_QPDF_H
#define EP_SIGN_QPDF_H

#include <qpdf/qpdf-c.h>
#include <stddef.h>

/* A silent handle with nothing read. */
qpdf_data ep_qpdf_new(void);
/* A silent handle on the PDF of len bytes at data (named path in qpdf's messages), or NULL
 * if qpdf cannot read it. */
qpdf_data ep_qpdf_open(const char *path, const unsigned char *data, size_t len);
/* Frees *q (NULL does nothing) without letting qpdf print its last error. */
void ep_qpdf_free(qpdf_data *q);

#endif
