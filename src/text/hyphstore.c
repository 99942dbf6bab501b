#define _GNU_SOURCE 1 /* dladdr */
#include "text/hyphstore.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libdeflate.h>
#include <limits.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/hash.h"
#include "util/output.h"

/* A stored file is a header, then one block laid out as the machine is in memory: the
 * dictionaries of the chain (libhyphen returns a first level for hyphens and apostrophes
 * whose nextlevel holds the patterns), every level's states, every transition, every string.
 * Pointers are stored as offsets into the block plus one (0 is NULL) and turned back into
 * pointers when it is read: one read and one pass instead of 279,000 allocations. */
enum { VERSION = 1, MAX_LEVELS = 4 };

typedef struct ident {
    uint64_t dev, ino, size, mtime_s, mtime_ns;
} ident;

typedef struct header {
    char magic[8];
    uint32_t abi[4];   /* sizes of the structures, of a pointer: another build's file is a miss */
    ident dic, lib;    /* the dictionary file and the libhyphen it was compiled with */
    uint32_t levels, crc;
    uint64_t block;    /* bytes after the header */
    uint64_t states, trans, bytes;   /* where the block's sections start */
} header;

static const char MAGIC[8] = {'E', 'P', 'H', 'Y', 'P', 'H', 0, VERSION};

static int identify(const char *path, ident *id)
{
    struct stat st;
    if (stat(path, &st)) return 0;
    *id = (ident){(uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
                  (uint64_t)st.st_mtim.tv_nsec};
    return 1;
}

/* The file libhyphen's code was loaded from (a new version of the library may compile the
 * same patterns differently). */
static int identify_library(ident *id)
{
    Dl_info info;
    if (!dladdr((void *)hnj_hyphen_load, &info) || !info.dli_fname) return 0;
    return identify(info.dli_fname, id);
}

static void fill_header(header *h)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, MAGIC, sizeof MAGIC);
    h->abi[0] = (uint32_t)sizeof(HyphenDict);
    h->abi[1] = (uint32_t)sizeof(HyphenState);
    h->abi[2] = (uint32_t)sizeof(HyphenTrans);
    h->abi[3] = (uint32_t)sizeof(void *);
}

int ep_hyphstore_path(const char *dir, const char *dic, char *out, size_t size)
{
    /* Named for the dictionary's real file: hyph_en.dic and hyph_en_US.dic share one. */
    char real[PATH_MAX];
    if (!dir || !*dir || !realpath(dic, real)) return 0;
    int n = snprintf(out, size, "%s/hyphen-%016" PRIx64 ".bin", dir, ep_hash_bytes(real, strlen(real)));
    return n > 0 && (size_t)n < size;
}

/* ---- writing ---- */

static size_t nohyphen_bytes(const HyphenDict *d)
{
    /* NOHYPHEN's list is one string with its commas turned into NULs: nohyphenl + 1 parts. */
    if (!d->nohyphen) return 0;
    const char *p = d->nohyphen;
    for (int i = 0; i <= d->nohyphenl; i++) p += strlen(p) + 1;
    return (size_t)(p - d->nohyphen);
}

static size_t up(size_t n, size_t align) { return (n + align - 1) / align * align; }
static void *encode(size_t offset) { return (void *)(uintptr_t)(offset + 1); }

static size_t put_bytes(char *block, size_t *at, const void *p, size_t n)
{
    size_t o = *at;
    memcpy(block + o, p, n);
    *at += n;
    return o;
}

int ep_hyphstore_save(const char *dir, const char *dic, const HyphenDict *d)
{
    char path[PATH_MAX];
    header h;
    fill_header(&h);
    if (!ep_hyphstore_path(dir, dic, path, sizeof path) || !identify(dic, &h.dic) || !identify_library(&h.lib))
        return ENOENT;

    const HyphenDict *level[MAX_LEVELS];
    size_t states = 0, trans = 0, bytes = 0;
    for (const HyphenDict *l = d; l; l = l->nextlevel) {
        if (h.levels == MAX_LEVELS) return EINVAL;
        level[h.levels++] = l;
        states += (size_t)l->num_states;
        bytes += nohyphen_bytes(l);
        for (int s = 0; s < l->num_states; s++) {
            const HyphenState *st = &l->states[s];
            trans += (size_t)st->num_trans;
            bytes += (st->match ? strlen(st->match) + 1 : 0) + (st->repl ? strlen(st->repl) + 1 : 0);
        }
    }
    h.states = up(h.levels * sizeof(HyphenDict), alignof(HyphenState));
    h.trans = up(h.states + states * sizeof(HyphenState), alignof(HyphenTrans));
    h.bytes = h.trans + trans * sizeof(HyphenTrans);
    h.block = h.bytes + bytes;

    /* Zeroed: the padding inside the structures is part of the checksum. */
    char *file = ep_xcalloc(1, sizeof h + h.block);
    char *block = file + sizeof h;
    size_t at_state = h.states, at_trans = h.trans, at_byte = h.bytes;
    for (uint32_t k = 0; k < h.levels; k++) {
        const HyphenDict *l = level[k];
        HyphenDict *out = (HyphenDict *)block + k;
        *out = *l;
        out->nohyphen = l->nohyphen ? encode(put_bytes(block, &at_byte, l->nohyphen, nohyphen_bytes(l))) : NULL;
        out->nextlevel = k + 1 < h.levels ? encode((k + 1) * sizeof(HyphenDict)) : NULL;
        out->states = encode(at_state);
        for (int s = 0; s < l->num_states; s++) {
            const HyphenState *st = &l->states[s];
            HyphenState *o = (HyphenState *)(block + at_state);
            at_state += sizeof *o;
            o->match = st->match ? encode(put_bytes(block, &at_byte, st->match, strlen(st->match) + 1)) : NULL;
            o->repl = st->repl ? encode(put_bytes(block, &at_byte, st->repl, strlen(st->repl) + 1)) : NULL;
            o->replindex = st->replindex;
            o->replcut = st->replcut;
            o->fallback_state = st->fallback_state;
            o->num_trans = st->num_trans;
            o->trans = NULL;
            if (st->num_trans > 0) {
                o->trans = encode(at_trans);
                for (int t = 0; t < st->num_trans; t++) {
                    HyphenTrans *ot = (HyphenTrans *)(block + at_trans);
                    ot->ch = st->trans[t].ch;
                    ot->new_state = st->trans[t].new_state;
                    at_trans += sizeof *ot;
                }
            }
        }
    }
    h.crc = libdeflate_crc32(0, block, h.block);
    memcpy(file, &h, sizeof h);
    /* Every missing folder on the way, for this user only (as XDG asks of ~/.cache). */
    int err = ep_make_folders_for(path, 0700);
    if (!err) err = ep_write_atomic(path, file, sizeof h + h.block, 0);
    free(file);
    return err;
}

/* ---- reading ---- */

typedef struct block {
    char *p;
    size_t len;
} block;

/* The object of n bytes that enc (offset + 1) names inside [lo, hi), aligned; NULL if it
 * is not there. */
static void *object(const block *b, const void *enc, size_t n, size_t align, size_t lo, size_t hi)
{
    uintptr_t v = (uintptr_t)enc;
    if (!v || hi > b->len) return NULL;
    size_t o = (size_t)(v - 1);
    if (o < lo || o > hi || n > hi - o || o % align) return NULL;
    return b->p + o;
}

/* A NUL-terminated string in the strings' section. */
static char *string(const block *b, const header *h, const void *enc)
{
    char *s = object(b, enc, 1, 1, (size_t)h->bytes, b->len);
    return s && memchr(s, 0, b->len - (size_t)(s - b->p)) ? s : NULL;
}

static int fix_state(const block *b, const header *h, HyphenState *st, int num_states)
{
    if (st->match && !(st->match = string(b, h, st->match))) return 0;
    if (st->repl && !(st->repl = string(b, h, st->repl))) return 0;
    if (st->fallback_state < -1 || st->fallback_state >= num_states) return 0;
    if (st->num_trans < 0 || st->num_trans > 256) return 0;
    if (!st->num_trans) {
        st->trans = NULL;
        return 1;
    }
    st->trans = object(b, st->trans, (size_t)st->num_trans * sizeof(HyphenTrans), alignof(HyphenTrans),
                       (size_t)h->trans, (size_t)h->bytes);
    if (!st->trans) return 0;
    for (int t = 0; t < st->num_trans; t++)
        if (st->trans[t].new_state < 0 || st->trans[t].new_state >= num_states) return 0;
    return 1;
}

/* Turns the offsets back into pointers, checking that each lands inside its own section,
 * so that nothing libhyphen follows can lead outside the block. */
static int fix(const block *b, const header *h)
{
    if (!h->levels || h->levels > MAX_LEVELS || h->states < h->levels * sizeof(HyphenDict) || h->states > h->trans ||
        h->trans > h->bytes || h->bytes > b->len)
        return 0;
    size_t next_states = (size_t)h->states;
    for (uint32_t k = 0; k < h->levels; k++) {
        HyphenDict *l = (HyphenDict *)b->p + k;
        if (!memchr(l->cset, 0, sizeof l->cset) || l->num_states < 1 ||
            (size_t)l->num_states > (h->trans - next_states) / sizeof(HyphenState))
            return 0;
        /* The levels' states follow each other, so that no state is fixed twice. */
        if ((uintptr_t)l->states != next_states + 1) return 0;
        l->states = (HyphenState *)(b->p + next_states);
        next_states += (size_t)l->num_states * sizeof(HyphenState);
        if (l->nohyphen) {
            if (l->nohyphenl < 0 || !(l->nohyphen = string(b, h, l->nohyphen))) return 0;
            const char *p = l->nohyphen;
            for (int i = 0; i < l->nohyphenl; i++) {
                p += strlen(p) + 1;
                if (p >= b->p + b->len || !memchr(p, 0, b->len - (size_t)(p - b->p))) return 0;
            }
        }
        void *want = k + 1 < h->levels ? encode((k + 1) * sizeof(HyphenDict)) : NULL;
        if (l->nextlevel != want) return 0;
        l->nextlevel = want ? (HyphenDict *)b->p + k + 1 : NULL;
        for (int s = 0; s < l->num_states; s++)
            if (!fix_state(b, h, &l->states[s], l->num_states)) return 0;
    }
    return 1;
}

static int read_all(int fd, void *p, size_t n)
{
    for (char *c = p; n;) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 0;
        c += r;
        n -= (size_t)r;
    }
    return 1;
}

HyphenDict *ep_hyphstore_load(const char *dir, const char *dic)
{
    char path[PATH_MAX];
    header want, h;
    fill_header(&want);
    if (!ep_hyphstore_path(dir, dic, path, sizeof path) || !identify(dic, &want.dic) || !identify_library(&want.lib))
        return NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    block b = {0};
    /* Only a file this user wrote and nobody else may change. */
    if (fstat(fd, &st) || st.st_uid != geteuid() || (st.st_mode & 022) || (size_t)st.st_size < sizeof h ||
        !read_all(fd, &h, sizeof h) || memcmp(h.magic, want.magic, sizeof h.magic) ||
        memcmp(h.abi, want.abi, sizeof h.abi) || memcmp(&h.dic, &want.dic, sizeof h.dic) ||
        memcmp(&h.lib, &want.lib, sizeof h.lib) || h.block != (uint64_t)st.st_size - sizeof h ||
        h.block > ((uint64_t)1 << 30) || !read_all(fd, b.p = ep_xmalloc((size_t)h.block), (size_t)h.block)) {
        close(fd);
        free(b.p);
        return NULL;
    }
    close(fd);
    b.len = (size_t)h.block;
    if (libdeflate_crc32(0, b.p, b.len) != h.crc || !fix(&b, &h)) {
        free(b.p);
        return NULL;
    }
    return (HyphenDict *)b.p;
}

void ep_hyphstore_free(HyphenDict *d) { free(d); }
