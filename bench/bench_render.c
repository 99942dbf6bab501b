/* make bench: how long a render takes and how much memory it needs.
 *
 *   cold: the epistle binary run as a fresh process per letter (what a user waits for);
 *   warm: the library rendering the same letter again and again in one process, fonts
 *         already open (what a batch pays per letter).
 *
 * Machines differ and are noisy, so the same run also times a reference: pdftotext on
 * the rendered PDF, a tool of similar weight; the ratio is the number to compare. */
#include "spawn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "epistle/epistle.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

/* The shapes of a long input: what a cost can be quadratic in. */
typedef enum shape {
    SHAPE_PARAGRAPHS,   /* paragraphs of 40 to 120 words: a long letter */
    SHAPE_LINES,        /* short lines joined by soft line breaks, 200 to a paragraph */
    SHAPE_ONE_PARA,     /* every word in one paragraph */
    SHAPE_ONE_WORD,     /* a front matter value of one word (the opening) */
    SHAPE_COUNT
} shape;

static const char *const shape_names[SHAPE_COUNT] = {
    [SHAPE_PARAGRAPHS] = "paragraphs",
    [SHAPE_LINES] = "soft lines",
    [SHAPE_ONE_PARA] = "one paragraph",
    [SHAPE_ONE_WORD] = "one-word opening",
};

/* A letter of about `bytes` bytes of body text in the given shape, drawn by a fixed
 * generator, so every run measures the same text. */
static int generate(long bytes, shape sh, const char *path)
{
    static const char *const words[] = {
        "the", "coastal", "defence", "bill", "community", "organisations", "fishing", "cooperatives",
        "environmental", "groups", "western", "coast", "return", "national", "assembly", "public",
        "consultation", "before", "signed", "into", "law", "government", "rising", "seas", "storms",
        "members", "boats", "homes", "winter", "neighbours", "efficient", "defences", "urgently",
        "needed", "ministry", "requisition", "shoreline", "land", "traditional", "grounds", "without",
        "notice", "appeal", "article", "constitution", "livelihood", "affected", "decision", "heard",
        "independent", "court", "communities", "eleven", "days", "comment", "hundred", "pages",
        "amendments", "published", "morning", "vote", "review", "committee", "respectfully", "firmly",
        "districts", "materials", "official", "language", "tribunal", "submission", "enclosed", "and",
        "of", "to", "a", "in", "we", "our", "is", "that", "for", "with", "on", "by", "as"};
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("---\nlang: en-GB\ndate: 2026-11-21\nfrom:\n  name: Coastal Rights Network\n"
          "to:\n  name: President Mira Halvorsen\nsubject: \"Re: A very long letter\"\n"
          "closing: Yours sincerely,\n"
          "signatories:\n  - name: Lin Wei-ting\n  - name: Ngozi Okafor\n", f);
    if (sh == SHAPE_ONE_WORD) {
        fputs("opening: ", f);
        for (long i = 0; i < bytes; i++) fputc('a' + (int)(i % 26), f);
        fputs("\n---\n\nBody.\n", f);
        return fclose(f);
    }
    fputs("opening: Dear President Halvorsen,\n---\n\n", f);
    unsigned long x = 2463534242UL;
    long written = 0;
    size_t nw = sizeof words / sizeof *words;
    while (written < bytes) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int n = 40 + (int)(x % 81);
        for (int i = 0; i < n; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            const char *w = words[x % nw];
            int cap = i == 0;
            const char *sep = !i ? "" : sh == SHAPE_LINES && i % 3 == 0 ? "\n" : " ";
            written += fprintf(f, "%s%c%s%s", sep, cap ? w[0] - 32 : w[0], w + 1,
                               i + 1 == n ? "." : (x >> 20) % 11 == 0 ? "," : "");
        }
        if (sh == SHAPE_PARAGRAPHS || (sh == SHAPE_LINES && (x >> 24) % 3 == 0))
            written += fprintf(f, "\n\n");
        else
            written += fprintf(f, sh == SHAPE_LINES ? "\n" : " ");
    }
    return fclose(f);
}

/* Cost per MiB at growing sizes, for each shape: flat columns mean linear cost. */
static void scaling(const char *epistle)
{
    static const long sizes[] = {256 * 1024, 512 * 1024, 1024 * 1024, 2048 * 1024};
    printf("\nshape              body size   cold render   peak RSS    ms per MiB   RSS MiB per MiB\n");
    for (int sh = 0; sh < SHAPE_COUNT; sh++)
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        char md[] = "/tmp/epistle-scale-XXXXXX.md", pdf[] = "/tmp/epistle-scale-XXXXXX.pdf";
        int a = mkstemps(md, 3), b = mkstemps(pdf, 4);
        if (a < 0 || b < 0) return;
        close(a);
        close(b);
        generate(sizes[i], (shape)sh, md);
        char *render[] = {(char *)epistle, "render", md, "-o", pdf, NULL};
        long rss;
        double t = bench_run(render, &rss);
        double mib = (double)sizes[i] / (1024.0 * 1024.0);
        printf("%-16s   %6.2f MiB   %8.0f ms   %6.1f MiB   %8.0f     %8.1f\n", shape_names[sh], mib, t * 1e3,
               rss / 1024.0, t * 1e3 / mib, rss / 1024.0 / mib);
        unlink(md);
        unlink(pdf);
    }
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "--generate")) {
        shape sh = SHAPE_PARAGRAPHS;
        for (int k = 0; argc == 5 && k < SHAPE_COUNT; k++)
            if (!strcmp(argv[4], shape_names[k])) sh = (shape)k;
        return generate(atol(argv[2]), sh, argv[3]) ? 1 : 0;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: bench_render EPISTLE LETTER.md [RUNS]\n");
        return 2;
    }
    int runs = argc > 3 ? atoi(argv[3]) : 15;
    if (runs < 3) runs = 3;
    char out[] = "/tmp/epistle-bench-XXXXXX.pdf";
    int fd = mkstemps(out, 4);
    if (fd < 0) return 1;
    close(fd);

    double *cold = calloc((size_t)runs, sizeof *cold), *ref = calloc((size_t)runs, sizeof *ref),
           *uncached = calloc((size_t)runs, sizeof *uncached);
    const char *cache_env = getenv("EPISTLE_CACHE_DIR");
    char *cache_was = cache_env ? strdup(cache_env) : NULL;
    long rss = 0, rss_max = 0, ref_rss = 0;
    char *render[] = {argv[1], "render", argv[2], "-o", out, NULL};
    char *reference[] = {"pdftotext", out, "-", NULL};
    bench_run(render, &rss);   /* page cache */
    for (int i = 0; i < runs; i++) {
        cold[i] = bench_run(render, &rss);
        if (rss > rss_max) rss_max = rss;
        ref[i] = bench_run(reference, &ref_rss);
        /* As on a machine's first run: the hyphenation dictionaries compiled, not read from
         * the cache folder. */
        long unused;
        setenv("EPISTLE_CACHE_DIR", "", 1);
        uncached[i] = bench_run(render, &unused);
        if (cache_was) setenv("EPISTLE_CACHE_DIR", cache_was, 1);
        else unsetenv("EPISTLE_CACHE_DIR");
    }
    FILE *f = fopen(out, "rb");
    long bytes = 0;
    if (f) {
        fseek(f, 0, SEEK_END);
        bytes = ftell(f);
        fclose(f);
    }
    double c = median(cold, runs), r = median(ref, runs), u = median(uncached, runs);

    /* Warm: one engine, many letters. */
    epistle_engine *e = epistle_engine_new();
    const char *in[] = {argv[2]};
    unsigned char *pdf;
    size_t len;
    epistle_render_to_memory(e, in, 1, &pdf, &len, NULL);
    free(pdf);
    int warm_n = runs * 4;
    double t0 = bench_now();
    for (int i = 0; i < warm_n; i++) {
        if (epistle_render_to_memory(e, in, 1, &pdf, &len, NULL)) return 1;
        free(pdf);
    }
    double warm = (bench_now() - t0) / warm_n;
    epistle_engine_free(e);
    struct rusage self;
    getrusage(RUSAGE_SELF, &self);

    printf("letter: %s (%ld bytes of PDF)\n", argv[2], bytes);
    printf("cold render (new process), median of %d: %7.1f ms   peak RSS %6.1f MiB\n", runs, c * 1e3, rss_max / 1024.0);
    printf("reference: pdftotext of the PDF, median:   %7.1f ms   peak RSS %6.1f MiB\n", r * 1e3, ref_rss / 1024.0);
    printf("ratio cold render / reference:             %7.2f\n", c / r);
    printf("cold render without the cache folder:      %7.1f ms   ratio %.2f\n", u * 1e3, u / r);
    printf("warm render (engine reused), mean of %d:   %7.2f ms   (%.0f letters/s on one core)\n", warm_n,
           warm * 1e3, 1.0 / warm);
    printf("bench process peak RSS:                    %6.1f MiB\n", self.ru_maxrss / 1024.0);
    unlink(out);
    free(cold);
    free(ref);
    free(uncached);
    free(cache_was);
    scaling(argv[1]);
    return 0;
}
