/* Unit tests of the helpers every stage shares: FNV-1a against the published test vectors,
 * UTF-8 to UTF-16BE against hand-encoded surrogate pairs (of any length, malformed bytes
 * read as U+FFFD), growable arrays, and what running out of memory does to the process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/utf16.h"

/* FNV-1a 64, from the reference test suite of Fowler, Noll and Vo, from its offset basis. */
static void fnv_vectors(void **state)
{
    (void)state;
    const uint64_t basis = 0xcbf29ce484222325ull;
    assert_true(ep_fnv1a(basis, "", 0) == 0xcbf29ce484222325ull);
    assert_true(ep_fnv1a(basis, "a", 1) == 0xaf63dc4c8601ec8cull);
    assert_true(ep_fnv1a(basis, "foobar", 6) == 0x85944171f73967e8ull);
    /* Continuing a hash is hashing the concatenation. */
    assert_true(ep_fnv1a(ep_fnv1a(basis, "foo", 3), "bar", 3) == 0x85944171f73967e8ull);
    /* The tree's own starting value (see hash.h): one step from it is the FNV step. */
    assert_true(EP_FNV_OFFSET == 1469598103934665603ull);
    assert_true(ep_fnv1a(EP_FNV_OFFSET, "a", 1) == (EP_FNV_OFFSET ^ 0x61) * 1099511628211ull);
    /* A word at a time: one step per word, the word xored whole. */
    uint32_t w[2] = {0x61, 0x12345678};
    uint64_t h = (EP_FNV_OFFSET ^ 0x61) * 1099511628211ull;
    h = (h ^ 0x12345678) * 1099511628211ull;
    assert_true(ep_fnv1a_words(EP_FNV_OFFSET, w, 2) == h);
    /* Never 0, so that 0 can mark an empty slot; otherwise the hash with its low bit set. */
    assert_true(ep_hash_bytes("a", 1) == (ep_fnv1a(EP_FNV_OFFSET, "a", 1) | 1));
    assert_true(ep_hash_bytes("", 0) != 0);
}

static void utf16_hex(void **state)
{
    (void)state;
    ep_buf b;
    ep_buf_init(&b);
    /* A, é, 中, 𠮷 (U+20BB7 = D842 DFB7), 🙂 (U+1F642 = D83D DE42). */
    const char *s = "A\xC3\xA9\xE4\xB8\xAD\xF0\xA0\xAE\xB7\xF0\x9F\x99\x82";
    assert_int_equal(ep_utf16be_hex(&b, s, strlen(s)), 7);
    assert_string_equal(b.data, "004100E94E2DD842DFB7D83DDE42");
    /* Malformed input: a stray continuation byte, a lone 0xFF and a sequence cut short
     * each stand as U+FFFD, and what follows them is kept. */
    b.len = 0;
    const char *bad = "a\x80" "b\xFF" "c\xE4\xB8";
    assert_int_equal(ep_utf16be_hex(&b, bad, strlen(bad)), 6);
    assert_string_equal(b.data, "0061FFFD0062FFFD0063FFFD");
    ep_buf_free(&b);
}

/* Longer than any fixed buffer the three converters it replaced had (128 and 256 units). */
static void utf16_long(void **state)
{
    (void)state;
    ep_buf in, hex, raw;
    ep_buf_init(&in);
    ep_buf_init(&hex);
    ep_buf_init(&raw);
    for (int i = 0; i < 1000; i++) ep_buf_puts(&in, "\xF0\xA0\xAE\xB7x");   /* 𠮷x: three units */
    assert_int_equal(ep_utf16be_hex(&hex, in.data, in.len), 3000);
    assert_int_equal(hex.len, 12000);
    for (int i = 0; i < 1000; i++) assert_memory_equal(hex.data + 12 * i, "D842DFB70078", 12);
    assert_int_equal(ep_utf16be(&raw, in.data, in.len), 3000);
    assert_int_equal(raw.len, 6000);
    assert_memory_equal(raw.data + 5994, "\xD8\x42\xDF\xB7\x00\x78", 6);
    ep_buf_free(&in);
    ep_buf_free(&hex);
    ep_buf_free(&raw);
}

static void grow(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 100000; i++) {
        v = ep_grow(v, sizeof *v, &cap, (size_t)i + 1);
        assert_true(cap >= (size_t)i + 1);
        v[i] = i;
    }
    /* Doubling: at most twice what is needed. */
    assert_true(cap < 200000);
    for (int i = 0; i < 100000; i++) assert_int_equal(v[i], i);
    size_t had = cap;
    assert_ptr_equal(ep_grow(v, sizeof *v, &cap, 10), v);   /* room enough: unchanged */
    assert_int_equal(cap, had);
    free(v);
}

/* Runs f in a child; returns its exit status (-1 if it did not exit) and what it wrote on
 * standard error. */
static int in_child(void (*f)(void), char *err, size_t size)
{
    int fds[2];
    if (pipe(fds)) return -2;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        f();
        _exit(0);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], err, size - 1);
    err[n > 0 ? n : 0] = 0;
    close(fds[0]);
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void overflow(void) { ep_xreallocarray(NULL, SIZE_MAX / 2, 4); }

static void grow_overflow(void)
{
    size_t cap = SIZE_MAX / 2 + 1;
    ep_grow(NULL, 1, &cap, SIZE_MAX);
}

#ifndef __SANITIZE_ADDRESS__
/* A real refusal from malloc: the child's address space is capped below what it asks. */
static void refused(void)
{
    struct rlimit rl = {256u << 20, 256u << 20};
    setrlimit(RLIMIT_AS, &rl);
    ep_xmalloc(512u << 20);
}
#endif

static void out_of_memory(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(in_child(overflow, err, sizeof err), 3);
    assert_non_null(strstr(err, "epistle: error: out of memory"));
    assert_int_equal(in_child(grow_overflow, err, sizeof err), 3);
    assert_non_null(strstr(err, "out of memory"));
#ifndef __SANITIZE_ADDRESS__
    assert_int_equal(in_child(refused, err, sizeof err), 3);
    assert_string_equal(err, "epistle: error: out of memory (536870912 bytes more were needed)\n");
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fnv_vectors), cmocka_unit_test(utf16_hex), cmocka_unit_test(utf16_long),
        cmocka_unit_test(grow),        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
