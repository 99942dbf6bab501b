#include "util/output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"

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

/* The file a path names at last, through its symbolic links (a dangling link names the file
 * it would create): replacing it must not replace the link. Returns a malloc'd path. */
static char *final_path(const char *path)
{
    char *cur = ep_xstrdup(path);
    for (int hops = 0; hops < 40; hops++) {
        struct stat st;
        if (lstat(cur, &st) || !S_ISLNK(st.st_mode)) return cur;
        char target[4096];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0) return cur;
        target[n] = 0;
        char *next;
        const char *slash = strrchr(cur, '/');
        if (target[0] == '/' || !slash) next = ep_xstrdup(target);
        else {
            next = ep_xmalloc((size_t)(slash - cur) + 2 + (size_t)n);
            sprintf(next, "%.*s/%s", (int)(slash - cur), cur, target);
        }
        free(cur);
        cur = next;
    }
    return cur;
}

/* Straight into a device or a pipe (/dev/null, /dev/stdout): there is nothing to replace. */
static int write_stream(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int err = write_all(fd, data, len);
    if (close(fd) && !err) err = errno;
    return err;
}

int ep_write_atomic(const char *path, const void *data, size_t len, int durable)
{
    if (!strcmp(path, "-")) {
        int err = write_all(STDOUT_FILENO, data, len);
        return err ? err : (fflush(stdout) ? errno : 0);
    }
    struct stat old;
    int exists = !stat(path, &old);
    if (exists && (S_ISCHR(old.st_mode) || S_ISFIFO(old.st_mode) || S_ISSOCK(old.st_mode)))
        return write_stream(path, data, len);
    if (exists && S_ISDIR(old.st_mode)) return EISDIR;
    char *target = final_path(path);
    size_t plen = strlen(target);
    char *tmp = ep_xmalloc(plen + 24);
    /* The temporary file is in the target's directory so that rename() cannot cross
     * file systems; its name starts with a dot so that it hides while being written. A
     * name too long to take the temporary's additions gets a short temporary name. */
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    if (plen - dirlen + 8 <= 255)
        snprintf(tmp, plen + 24, "%.*s.%s.XXXXXX", (int)dirlen, target, target + dirlen);
    else
        snprintf(tmp, plen + 24, "%.*s.epistle.XXXXXX", (int)dirlen, target);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        free(target);
        return err;
    }
    int err = write_all(fd, data, len);
    if (!err && durable && fsync(fd)) err = errno;
    /* mkstemp makes the file 0600: give it the mode of the file it replaces, or the one a
     * new file would have had. */
    if (!err && fchmod(fd, exists ? old.st_mode & 07777 : 0666 & ~process_umask())) err = errno;
    if (close(fd) && !err) err = errno;
    if (!err && rename(tmp, target)) err = errno;
    if (err) unlink(tmp);
    free(tmp);
    free(target);
    return err;
}

int ep_make_folders_for(const char *path, unsigned mode)
{
    char *p = ep_xstrdup(path);
    int err = 0;
    for (char *s = strchr(p + 1, '/'); s && !err; s = strchr(s + 1, '/')) {
        *s = 0;
        if (mkdir(p, (mode_t)mode) && errno != EEXIST) err = errno;
        *s = '/';
    }
    free(p);
    return err;
}

long ep_output_is_input(const char *out, const char *const *inputs, size_t n)
{
    struct stat o, in;
    if (!out || !strcmp(out, "-") || stat(out, &o) || !S_ISREG(o.st_mode)) return -1;
    for (size_t i = 0; i < n; i++)
        if (inputs[i] && strcmp(inputs[i], "-") && !stat(inputs[i], &in) && in.st_dev == o.st_dev &&
            in.st_ino == o.st_ino)
            return (long)i;
    return -1;
}

int ep_output_folder_ok(const char *path)
{
    if (!strcmp(path, "-")) return 0;
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else if ((size_t)(slash - path) < sizeof dir) snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else return ENAMETOOLONG;
    struct stat st;
    if (stat(dir, &st)) return errno;
    if (!S_ISDIR(st.st_mode)) return ENOTDIR;
    return access(dir, W_OK | X_OK) ? errno : 0;
}
