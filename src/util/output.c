#include "util/output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The umask can only be read by setting it: do that once, not for every file of a batch. */
static mode_t the_umask;
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;
static void read_umask(void)
{
    the_umask = umask(0);
    umask(the_umask);
}
static mode_t process_umask(void)
{
    pthread_once(&umask_once, read_umask);
    return the_umask;
}

int ep_write_atomic(const char *path, const void *data, size_t len, int durable)
{
    if (!strcmp(path, "-")) {
        int err = write_all(STDOUT_FILENO, data, len);
        return err ? err : (fflush(stdout) ? errno : 0);
    }
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) return ENOMEM;
    /* The temporary file is in the target's directory so that rename() cannot cross
     * file systems; its name starts with a dot so that it hides while being written. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(tmp, plen + 16, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        return err;
    }
    int err = write_all(fd, data, len);
    if (!err && durable && fsync(fd)) err = errno;
    /* mkstemp makes the file 0600; give it the permissions a new file would have had. */
    if (!err && fchmod(fd, 0666 & ~process_umask())) err = errno;
    if (close(fd) && !err) err = errno;
    if (!err && rename(tmp, path)) err = errno;
    if (err) unlink(tmp);
    free(tmp);
    return err;
}
