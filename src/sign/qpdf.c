#include "sign/qpdf.h"

qpdf_data ep_qpdf_new(void)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    return q;
}

qpdf_data ep_qpdf_open(const char *path, const unsigned char *data, size_t len)
{
    qpdf_data q = ep_qpdf_new();
    if (qpdf_read_memory(q, path, (const char *)data, len, NULL) & QPDF_ERRORS) ep_qpdf_free(&q);
    return q;
}

void ep_qpdf_free(qpdf_data *q)
{
    if (!q || !*q) return;
    if (qpdf_has_error(*q)) qpdf_get_error(*q);
    qpdf_cleanup(q);
}
