/* libFuzzer: the merge data readers. The first byte picks CSV, JSON or JSON Lines, and for
 * CSV whether the separator is found from the header or named. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "merge/data.h"

static void quiet(const epistle_diagnostic *d, void *u) { (void)d; (void)u; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    ep_format fmt = data[0] % 3 == 0 ? EP_FORMAT_CSV : data[0] % 3 == 1 ? EP_FORMAT_JSON : EP_FORMAT_JSONL;
    char path[] = "/tmp/epistle-fuzz-data-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    ep_arena a;
    ep_arena_init(&a);
    ep_diag d;
    ep_diag_init(&d, quiet, NULL);
    ep_dataset ds;
    memset(&ds, 0, sizeof ds);
    ds.arena = &a;
    static const char named[] = {0, 0, ',', ';', '\t', '|'};
    ep_data_read(&ds, &d, path, fmt, named[(data[0] / 3) % sizeof named]);
    unlink(path);
    ep_arena_free(&a);
    return 0;
}
