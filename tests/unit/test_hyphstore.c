/* Unit tests of the cache of compiled hyphenation dictionaries: what is read back is, state
 * for state, what libhyphen compiled, and hyphenates every word as libhyphen's own does; a
 * stale, damaged, forged or foreign file is never used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/hyphen.h"
#include "text/hyphstore.h"

static char dir[64];   /* a fresh folder per test run, under /tmp */
static char dic[128];  /* a copy of the English dictionary there, whose times we may change */

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    int ok = in && out;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    if (in) fclose(in);
    if (out && fclose(out)) ok = 0;
    return ok;
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/epistle-hyphstore-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(dic, sizeof dic, "%s/hyph_en_US.dic", dir);
    return copy_file("/usr/share/hyphen/hyph_en_US.dic", dic) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char cache[96];
static int setup(void **state)
{
    (void)state;
    static int n;
    snprintf(cache, sizeof cache, "%s/cache%d/epistle", dir, n++);
    return 0;
}

static int same_string(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

/* Every level, state and transition equal. */
static void assert_same_machine(const HyphenDict *a, const HyphenDict *b)
{
    for (; a || b; a = a->nextlevel, b = b->nextlevel) {
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(a->lhmin, b->lhmin);
        assert_int_equal(a->rhmin, b->rhmin);
        assert_int_equal(a->clhmin, b->clhmin);
        assert_int_equal(a->crhmin, b->crhmin);
        assert_int_equal(a->utf8, b->utf8);
        assert_string_equal(a->cset, b->cset);
        assert_int_equal(a->nohyphenl, b->nohyphenl);
        const char *na = a->nohyphen, *nb = b->nohyphen;
        assert_true((na == NULL) == (nb == NULL));
        for (int i = 0; na && i <= a->nohyphenl; i++, na += strlen(na) + 1, nb += strlen(nb) + 1)
            assert_string_equal(na, nb);
        assert_int_equal(a->num_states, b->num_states);
        for (int s = 0; s < a->num_states; s++) {
            const HyphenState *x = &a->states[s], *y = &b->states[s];
            assert_true(same_string(x->match, y->match));
            assert_true(same_string(x->repl, y->repl));
            assert_int_equal(x->replindex, y->replindex);
            assert_int_equal(x->replcut, y->replcut);
            assert_int_equal(x->fallback_state, y->fallback_state);
            assert_int_equal(x->num_trans, y->num_trans);
            for (int t = 0; t < x->num_trans; t++) {
                assert_int_equal(x->trans[t].ch, y->trans[t].ch);
                assert_int_equal(x->trans[t].new_state, y->trans[t].new_state);
            }
        }
    }
}

static const char *const words[] = {
    "hyphenation", "environmental", "organisations", "cooperatives", "responsibility", "consultation",
    "representatives", "international", "correspondence", "extraordinary", "unquestionably", "table",
    "communities", "government", "recommendations", "photographs", "accessibility", "characteristically",
    "demonstration", "legislation", "fisheries", "sustainability", "ministerial", "signatories",
    "Donaudampfschifffahrtsgesellschaft", "Aufgabenübertragung", "Rechtsanwaltskanzlei", "Bundesministerium",
    "Verwaltungsgericht", "Mitteilung", "Schifffahrt", "Straße", "Geschäftsführung", "Unterschrift",
    "re-enter", "don't", "co-operate", "x", "",
};

/* What hyphenate2 finds for every word, through a and through b. */
static void assert_same_hyphens(HyphenDict *a, HyphenDict *b)
{
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        const char *w = words[i];
        int n = (int)strlen(w);
        char ha[256], hb[256];
        char **ra = NULL, **rb = NULL;
        int *pa = NULL, *pb = NULL, *ca = NULL, *cb = NULL;
        memset(ha, 0, sizeof ha);
        memset(hb, 0, sizeof hb);
        assert_int_equal(hnj_hyphen_hyphenate2(a, w, n, ha, NULL, &ra, &pa, &ca),
                         hnj_hyphen_hyphenate2(b, w, n, hb, NULL, &rb, &pb, &cb));
        assert_memory_equal(ha, hb, (size_t)n + 1);
        assert_true((ra == NULL) == (rb == NULL));
        for (int k = 0; ra && k < n; k++) assert_true(same_string(ra[k], rb[k]));
        for (int k = 0; ra && k < n; k++) {
            free(ra[k]);
            free(rb[k]);
        }
        free(ra), free(rb), free(pa), free(pb), free(ca), free(cb);
    }
}

/* Each installed dictionary, compiled by libhyphen, stored and read back. */
static void test_round_trip(void **state)
{
    (void)state;
    const char *dics[] = {"/usr/share/hyphen/hyph_en_US.dic", "/usr/share/hyphen/hyph_en_GB.dic",
                          "/usr/share/hyphen/hyph_de_DE.dic", "/usr/share/hyphen/hyph_fr.dic", dic};
    int tried = 0;
    for (size_t i = 0; i < sizeof dics / sizeof *dics; i++) {
        if (access(dics[i], R_OK)) continue;
        tried++;
        HyphenDict *compiled = hnj_hyphen_load(dics[i]);
        assert_non_null(compiled);
        assert_null(ep_hyphstore_load(cache, dics[i]));   /* nothing stored yet */
        assert_int_equal(ep_hyphstore_save(cache, dics[i], compiled), 0);
        HyphenDict *stored = ep_hyphstore_load(cache, dics[i]);
        assert_non_null(stored);
        assert_same_machine(compiled, stored);
        assert_same_hyphens(compiled, stored);
        ep_hyphstore_free(stored);
        hnj_hyphen_free(compiled);
    }
    assert_true(tried >= 2);
    /* The folder is this user's alone. */
    struct stat st;
    assert_int_equal(stat(cache, &st), 0);
    assert_int_equal(st.st_mode & 077, 0);
}

/* The stored file for dic, read whole; its size in *len. */
static char *stored_file(char *path, size_t size, size_t *len)
{
    assert_true(ep_hyphstore_path(cache, dic, path, size));
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *p = malloc(*len);
    assert_int_equal(fread(p, 1, *len, f), *len);
    fclose(f);
    return p;
}

static void put_file(const char *path, const char *p, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void store_english(void)
{
    HyphenDict *d = hnj_hyphen_load(dic);
    assert_non_null(d);
    assert_int_equal(ep_hyphstore_save(cache, dic, d), 0);
    hnj_hyphen_free(d);
    HyphenDict *s = ep_hyphstore_load(cache, dic);
    assert_non_null(s);
    ep_hyphstore_free(s);
}

/* A dictionary changed since (its time, here) makes the stored machine stale. */
static void test_stale(void **state)
{
    (void)state;
    store_english();
    struct timespec times[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, dic, times, 0), 0);
    assert_null(ep_hyphstore_load(cache, dic));
}

/* Any byte changed, a truncated file, a file others may write: none is used. */
static void test_damaged(void **state)
{
    (void)state;
    store_english();
    char path[512];
    size_t len;
    char *good = stored_file(path, sizeof path, &len);
    size_t at[] = {0, 9, 100, len / 2, len - 1};
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        good[at[i]] ^= 0x20;
        put_file(path, good, len);
        assert_null(ep_hyphstore_load(cache, dic));
        good[at[i]] ^= 0x20;
    }
    /* A digit of a pattern changed (the file stays well formed: only its checksum shows it).
     * The header's last field is where the strings start, counted from its end. */
    uint64_t strings;
    size_t header = 0;
    for (size_t o = 0; o + sizeof(HyphenDict) <= len && !header; o += 8)
        if (!memcmp(((const HyphenDict *)(good + o))->cset, "UTF-8", 6)) header = o;
    assert_true(header > 0);
    memcpy(&strings, good + header - sizeof strings, sizeof strings);
    size_t digit = header + (size_t)strings;
    while (digit < len && (good[digit] < '1' || good[digit] > '8')) digit++;
    assert_true(digit < len);
    good[digit]++;
    put_file(path, good, len);
    assert_null(ep_hyphstore_load(cache, dic));
    good[digit]--;
    put_file(path, good, len - 7);
    assert_null(ep_hyphstore_load(cache, dic));
    put_file(path, good, len);
    HyphenDict *d = ep_hyphstore_load(cache, dic);
    assert_non_null(d);
    ep_hyphstore_free(d);
    assert_int_equal(chmod(path, 0666), 0);
    assert_null(ep_hyphstore_load(cache, dic));
    free(good);
}

/* A file whose checksum is right but whose contents point outside the machine (what a
 * forger would write) is refused by the checks on every index. */
static void test_forged(void **state)
{
    (void)state;
    store_english();
    char path[512];
    size_t len;
    char *file = stored_file(path, sizeof path, &len);
    HyphenDict *d = hnj_hyphen_load(dic);
    /* The header ends where the block begins: find the block's first level by its cset. */
    size_t block = 0;
    for (size_t o = 0; o + sizeof(HyphenDict) < len; o += 8) {
        const HyphenDict *l = (const HyphenDict *)(file + o);
        if (!memcmp(l->cset, d->cset, strlen(d->cset) + 1) && l->num_states == d->num_states) {
            block = o;
            break;
        }
    }
    assert_true(block > 0);
    uint32_t crc_at = (uint32_t)(block - 4 * sizeof(uint64_t) - sizeof(uint32_t));
    struct {
        size_t field;
        int value;
    } forge[] = {
        {offsetof(HyphenDict, num_states), 1 << 28},
        {offsetof(HyphenDict, num_states), 0},
        {offsetof(HyphenDict, nohyphenl), 1 << 20},
    };
    for (size_t i = 0; i < sizeof forge / sizeof *forge; i++) {
        char *copy = malloc(len);
        memcpy(copy, file, len);
        memcpy(copy + block + forge[i].field, &forge[i].value, sizeof(int));
        uint32_t crc = libdeflate_crc32(0, copy + block, len - block);
        memcpy(copy + crc_at, &crc, sizeof crc);
        put_file(path, copy, len);
        assert_null(ep_hyphstore_load(cache, dic));
        free(copy);
    }
    /* A transition to a state past the end, and a fallback before the start, in the level
     * that holds the patterns (the second: the first holds hyphens and apostrophes). */
    for (int kind = 0; kind < 2; kind++) {
        char *copy = malloc(len);
        memcpy(copy, file, len);
        HyphenDict *patterns = (HyphenDict *)(copy + block) + 1;
        HyphenState *states = (HyphenState *)(copy + block + (uintptr_t)patterns->states - 1);
        int s = 1;
        while (s < patterns->num_states && states[s].num_trans == 0) s++;
        assert_true(s < patterns->num_states);
        if (kind == 0) {
            HyphenTrans *t = (HyphenTrans *)(copy + block + (uintptr_t)states[s].trans - 1);
            t->new_state = patterns->num_states + 5;
        } else {
            states[s].fallback_state = -7;
        }
        uint32_t crc = libdeflate_crc32(0, copy + block, len - block);
        memcpy(copy + crc_at, &crc, sizeof crc);
        put_file(path, copy, len);
        assert_null(ep_hyphstore_load(cache, dic));
        free(copy);
    }
    /* The untouched file, with its checksum rewritten the same way, still loads: the
     * refusals above came from the forged fields, not from the way the test writes. */
    uint32_t crc = libdeflate_crc32(0, file + block, len - block);
    memcpy(file + crc_at, &crc, sizeof crc);
    put_file(path, file, len);
    HyphenDict *ok = ep_hyphstore_load(cache, dic);
    assert_non_null(ok);
    ep_hyphstore_free(ok);
    hnj_hyphen_free(d);
    free(file);
}

/* A cache folder that cannot be made is an error for the caller to ignore, not a crash. */
static void test_unwritable(void **state)
{
    (void)state;
    char file[128];
    snprintf(file, sizeof file, "%s/plain-file", dir);
    put_file(file, "x", 1);
    snprintf(cache, sizeof cache, "%s/plain-file/epistle", dir);
    HyphenDict *d = hnj_hyphen_load(dic);
    assert_int_not_equal(ep_hyphstore_save(cache, dic, d), 0);
    assert_null(ep_hyphstore_load(cache, dic));
    assert_int_not_equal(ep_hyphstore_save("", dic, d), 0);
    hnj_hyphen_free(d);
}

/* The cache of loaded dictionaries: every thread gets the one dictionary of its language,
 * and a dictionary being read (German: a second's compiling) keeps nobody else waiting. */
typedef struct asker {
    ep_hyphcache *h;
    const ep_locale *loc;
    ep_hyphdict *got;
    volatile int done;
} asker;

static void *ask(void *arg)
{
    asker *a = arg;
    a->got = ep_hyphen_dict(a->h, a->loc);
    __atomic_store_n(&a->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void test_shared_loading(void **state)
{
    (void)state;
    if (access("/usr/share/hyphen/hyph_de_DE.dic", R_OK)) skip();
    ep_hyphcache *h = ep_hyphcache_new(NULL, cache);
    const ep_locale *de = ep_locale_get("de-DE"), *en = ep_locale_get("en-US"), *fr = ep_locale_get("fr");
    asker german = {h, de, NULL, 0};
    pthread_t slow;
    assert_int_equal(pthread_create(&slow, NULL, ask, &german), 0);
    /* Many threads at once on the quick ones, while German compiles. */
    enum { N = 8 };
    asker quick[N];
    pthread_t t[N];
    for (int i = 0; i < N; i++) {
        quick[i] = (asker){h, i % 2 ? en : fr, NULL, 0};
        assert_int_equal(pthread_create(&t[i], NULL, ask, &quick[i]), 0);
    }
    for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
    int german_done_first = __atomic_load_n(&german.done, __ATOMIC_ACQUIRE);
    pthread_join(slow, NULL);
    assert_false(german_done_first);   /* nobody waited for German */
    for (int i = 0; i < N; i++) {
        assert_non_null(quick[i].got);
        assert_ptr_equal(quick[i].got, quick[i % 2].got);   /* loaded once per language */
    }
    assert_ptr_not_equal(quick[0].got, quick[1].got);
    assert_non_null(german.got);
    assert_ptr_equal(ep_hyphen_dict(h, de), german.got);
    ep_hyphcache_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_round_trip, setup),
        cmocka_unit_test_setup(test_stale, setup),
        cmocka_unit_test_setup(test_damaged, setup),
        cmocka_unit_test_setup(test_forged, setup),
        cmocka_unit_test_setup(test_unwritable, setup),
        cmocka_unit_test_setup(test_shared_loading, setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
