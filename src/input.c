#include "input.h"

#include <errno.h>
#include <string.h>

epistle_status ep_read_input(ep_diag *d, const char *name, const char *path, size_t max, const char *limit, ep_buf *out)
{
    int err = ep_buf_read_file(out, path, max);
    if (!err) return EPISTLE_OK;
    ep_buf_free(out);
    if (err == EFBIG)
        ep_error(d, ep_pos_make(name, 0, 0), EP_C_TOO_LARGE, "the file is larger than %zu MiB, the limit %s", max >> 20,
                 limit);
    else
        ep_error(d, ep_pos_make(name, 0, 0), EP_C_IO, "cannot read: %s", strerror(err));
    return err == EFBIG || err == ENOENT || err == EISDIR ? EPISTLE_EINPUT : EPISTLE_ESYSTEM;
}
