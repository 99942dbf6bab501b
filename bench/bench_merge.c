/* make bench (batch): merges of the bilingual example as a template, as users run them:
 * records whose names are Latin only (every letter then uses the same glyphs), records whose
 * names are Han, Hangul or Latin in turn (each letter's Chinese part then differs), and
 * records that each bring their own signature image; against the same letters made by a
 * loop of one `epistle render` per record, and 1,000 records against 10,000 for memory.
 * Output goes to a folder in memory (/dev/shm) when there is one, so that the numbers are
 * epistle's and not the disk's; BENCH_DIR overrides it. */
#include "spawn.h"
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static const char *const latin[] = {"Astrid Lindqvist", "Tomas Berg", "Kari Nordmann", "Jonas Eide",
                                    "Ingrid Solberg", "Magnus Holm", "Sofie Dahl", "Erik Strand"};
/* Names are drawn from these, so that most records' names differ. */
static const char *const han_family[] = {"陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊",
                                         "許", "鄭", "謝", "郭", "洪", "曾", "邱", "廖", "賴", "周"};
static const char *const han_given[] = {"志", "明", "俊", "傑", "家", "豪", "建", "宏", "雅", "婷", "怡", "君",
                                        "淑", "芬", "美", "玲", "佳", "蓉", "宗", "翰", "冠", "宇", "承", "恩",
                                        "柏", "詩", "涵", "欣", "思", "妤", "子", "晴", "軒", "品", "妍", "韋",
                                        "哲", "瑋", "庭", "安", "心", "慧", "文", "彥", "廷", "秀", "蘭", "國"};
static const char *const hangul_family[] = {"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"};
static const char *const hangul_given[] = {"민", "준", "서", "연", "지", "우", "하", "은", "도", "윤", "수", "아",
                                           "예", "시", "호", "유", "진", "현", "영", "성", "혜", "경", "재", "훈"};

#define N(a) (sizeof(a) / sizeof *(a))

typedef enum names { LATIN, MIXED } names;

static uint32_t mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    return x ^ (x >> 16);
}

/* Record i's name and salutation. */
static void name_of(int i, names how, char *name, size_t nlen, char *sal, size_t slen)
{
    uint32_t h = mix((uint32_t)i + 1);
    if (how == LATIN || i % 3 == 2) {
        const char *nm = latin[(how == LATIN ? (uint32_t)i : h) % N(latin)];
        snprintf(name, nlen, "%s MP", nm);
        snprintf(sal, slen, "%.*s", (int)strcspn(nm, " "), nm);
    } else if (i % 3 == 0) {
        snprintf(name, nlen, "%s%s%s", han_family[h % N(han_family)], han_given[(h >> 8) % N(han_given)],
                 han_given[(h >> 16) % N(han_given)]);
        snprintf(sal, slen, "%s", name);
    } else {
        snprintf(name, nlen, "%s%s%s", hangul_family[h % N(hangul_family)], hangul_given[(h >> 8) % N(hangul_given)],
                 hangul_given[(h >> 16) % N(hangul_given)]);
        snprintf(sal, slen, "%s", name);
    }
}

static void write_csv(const char *path, int n, names how, const char *sigdir)
{
    FILE *f = fopen(path, "w");
    fputs(sigdir ? "id,name,salutation,address,signature\n" : "id,name,salutation,address\n", f);
    for (int i = 0; i < n; i++) {
        char name[64], sal[64];
        name_of(i, how, name, sizeof name, sal, sizeof sal);
        fprintf(f, "r%05d,%s,%s,\"National Assembly\n%d Parliament Street\nStavnes 01%02d\"", i, name, sal, i % 90 + 1,
                i % 50);
        if (sigdir) fprintf(f, ",%s/sig-%05d.png", sigdir, i);
        fputc('\n', f);
    }
    fclose(f);
}

/* A PNG of a scribbled signature, different for each i (grey with alpha, 240 x 90). */
static void chunk(FILE *f, const char *type, const unsigned char *data, uint32_t len)
{
    unsigned char be[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16), (unsigned char)(len >> 8),
                           (unsigned char)len};
    fwrite(be, 1, 4, f);
    fwrite(type, 1, 4, f);
    if (len) fwrite(data, 1, len, f);
    uLong crc = crc32(crc32(0, (const Bytef *)type, 4), data, len);
    unsigned char c[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
                          (unsigned char)crc};
    fwrite(c, 1, 4, f);
}

static void write_png(const char *path, int i)
{
    enum { W = 240, H = 90 };
    static unsigned char raw[H * (1 + 2 * W)];
    memset(raw, 0, sizeof raw);
    double a = 1 + (mix((uint32_t)i) % 100) / 40.0, b = 0.5 + (mix((uint32_t)i * 7 + 3) % 100) / 90.0;
    for (int x = 8; x < W - 8; x++) {
        int y = (int)(H / 2 + 25 * sin(x * 0.05 * a) * cos(x * 0.021 * b));
        for (int dy = -1; dy <= 1; dy++) {
            unsigned char *p = &raw[(y + dy) * (1 + 2 * W) + 1 + 2 * x];
            p[0] = 20;
            p[1] = 255;
        }
    }
    uLongf zlen = compressBound(sizeof raw);
    unsigned char *z = malloc(zlen);
    compress2(z, &zlen, raw, sizeof raw, 6);
    unsigned char ihdr[13] = {0, 0, 0, W, 0, 0, 0, H, 8, 4, 0, 0, 0};
    FILE *f = fopen(path, "wb");
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    chunk(f, "IHDR", ihdr, 13);
    chunk(f, "IDAT", z, (uint32_t)zlen);
    chunk(f, "IEND", NULL, 0);
    fclose(f);
    free(z);
}

/* tmpl with replace swapped for with (all occurrences), written to path. */
static void write_variant(const char *tmpl, const char *path, const char *replace, const char *with)
{
    FILE *in = fopen(tmpl, "r"), *out = fopen(path, "w");
    char line[8192];
    while (fgets(line, sizeof line, in)) {
        char *p = line, *hit;
        while (replace && (hit = strstr(p, replace))) {
            fwrite(p, 1, (size_t)(hit - p), out);
            fputs(with, out);
            p = hit + strlen(replace);
        }
        fputs(p, out);
    }
    fclose(in);
    fclose(out);
}

/* One record's letter for the render loop: the template with its fields replaced. */
static void write_letter(const char *tmpl, const char *path, int i)
{
    FILE *in = fopen(tmpl, "r"), *out = fopen(path, "w");
    char line[4096];
    char name[64], salutation[64], address[128];
    name_of(i, LATIN, name, sizeof name, salutation, sizeof salutation);
    snprintf(address, sizeof address, "National Assembly\\n%d Parliament Street\\nStavnes 01%02d", i % 90 + 1, i % 50);
    while (fgets(line, sizeof line, in)) {
        char buf[8192] = "";
        for (char *p = line; *p;) {
            if (!strncmp(p, "{{name}}", 8)) { strcat(buf, name); p += 8; }
            else if (!strncmp(p, "{{salutation}}", 14)) { strcat(buf, salutation); p += 14; }
            else if (!strncmp(p, "{{address}}", 11)) { strcat(buf, address); p += 11; }
            else if (!strncmp(p, "../open-letter/", 15)) { strcat(buf, getenv("BENCH_IMAGES")); p += 15; }
            else { size_t l = strlen(buf); buf[l] = *p++; buf[l + 1] = 0; }
        }
        fputs(buf, out);
    }
    fclose(in);
    fclose(out);
}

/* Total bytes of the files in dir, and how many there are. */
static double folder_bytes(const char *dir, int *count)
{
    DIR *d = opendir(dir);
    double total = 0;
    *count = 0;
    struct dirent *e;
    char p[600];
    struct stat st;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (!stat(p, &st)) total += (double)st.st_size, ++*count;
        }
    if (d) closedir(d);
    return total;
}

typedef struct result {
    double rate, kib_per_pdf;
    long rss;
} result;

static result merge(const char *epistle, const char *tmpl, const char *csv, const char *dir, int n, const char *jobs,
                    const char *what)
{
    char pattern[400], outdir[400], rm[500];
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    snprintf(pattern, sizeof pattern, "%s/{{id}}.pdf", outdir);
    char *argv[] = {(char *)epistle, "merge", (char *)tmpl, (char *)csv, "-o", pattern, "-j", (char *)jobs,
                    "--no-progress", NULL};
    result r;
    double t = bench_run(argv, &r.rss);
    int files;
    double bytes = folder_bytes(outdir, &files);
    r.rate = n / t;
    r.kib_per_pdf = files ? bytes / files / 1024 : 0;
    printf("merge, %6d records, -j %s, %-34s %6.2f ms per letter  (%5.0f letters/s)  %6.1f KiB per PDF  peak RSS %5.1f MiB\n",
           n, jobs, what, t * 1000 / n, r.rate, r.kib_per_pdf, r.rss / 1024.0);
    snprintf(rm, sizeof rm, "rm -rf '%s'", outdir);
    if (system(rm)) exit(1);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_merge EPISTLE TEMPLATE.md\n");
        return 2;
    }
    const char *epistle = argv[1], *tmpl = argv[2];
    char dir[256];
    const char *base = getenv("BENCH_DIR");
    if (!base) base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/epistle-bench-XXXXXX", base);
    if (!mkdtemp(dir)) return 1;
    /* The template's images are relative to it; the loop's letters and the variants live
     * elsewhere. */
    char images[600], tdir[512];
    snprintf(tdir, sizeof tdir, "%s", tmpl);
    char *slash = strrchr(tdir, '/');
    if (slash) *slash = 0; else strcpy(tdir, ".");
    char *real = realpath(tdir, NULL);
    snprintf(images, sizeof images, "%s/../open-letter/", real ? real : tdir);
    free(real);
    setenv("BENCH_IMAGES", images, 1);

    char path[8][400];
    const char *latin1k = path[0], *mixed1k = path[1], *latin10k = path[2], *mixed10k = path[3], *sigs1k = path[4];
    const char *same = path[5], *own_sig = path[6], *sigdir = path[7];
    snprintf(path[0], 400, "%s/latin-1000.csv", dir);
    snprintf(path[1], 400, "%s/mixed-1000.csv", dir);
    snprintf(path[2], 400, "%s/latin-10000.csv", dir);
    snprintf(path[3], 400, "%s/mixed-10000.csv", dir);
    snprintf(path[4], 400, "%s/signatures-1000.csv", dir);
    snprintf(path[5], 400, "%s/template.md", dir);
    snprintf(path[6], 400, "%s/template-signature.md", dir);
    snprintf(path[7], 400, "%s/sig", dir);
    write_csv(latin1k, 1000, LATIN, NULL);
    write_csv(mixed1k, 1000, MIXED, NULL);
    write_csv(latin10k, 10000, LATIN, NULL);
    write_csv(mixed10k, 10000, MIXED, NULL);
    write_csv(sigs1k, 1000, LATIN, sigdir);
    mkdir(sigdir, 0777);
    for (int i = 0; i < 1000; i++) {
        char p[500];
        snprintf(p, sizeof p, "%s/sig-%05d.png", sigdir, i);
        write_png(p, i);
    }
    /* The template beside its data, with its images where it expects them; a second one
     * whose first signatory's image comes from the record. */
    write_variant(tmpl, same, "../open-letter/", images);
    write_variant(tmpl, own_sig, "../open-letter/signature-lin.png", "\"{{signature}}\"");
    {
        char tmp[500];
        snprintf(tmp, sizeof tmp, "%s.tmp", own_sig);
        write_variant(own_sig, tmp, "../open-letter/", images);
        rename(tmp, own_sig);
    }

    /* The loop: one process per record. */
    int loop_n = 40;
    double loop = 0;
    long rss;
    char md[400], pdf[400];
    for (int i = 0; i < loop_n; i++) {
        snprintf(md, sizeof md, "%s/letter-%d.md", dir, i);
        snprintf(pdf, sizeof pdf, "%s/letter-%d.pdf", dir, i);
        write_letter(tmpl, md, i);
        char *render[] = {(char *)epistle, "render", md, "-o", pdf, NULL};
        loop += bench_run(render, &rss);
        unlink(md);
        unlink(pdf);
    }
    double per_loop = loop / loop_n;

    printf("batch: %s, outputs in %s\n", tmpl, base);
    printf("loop of `epistle render`, %d records (Latin names):  %7.1f ms per letter   (%5.0f letters/s)\n", loop_n,
           per_loop * 1e3, 1 / per_loop);
    result l1 = merge(epistle, same, latin1k, dir, 1000, "1", "Latin names");
    result l2 = merge(epistle, same, latin1k, dir, 1000, "2", "Latin names");
    result m2 = merge(epistle, same, mixed1k, dir, 1000, "2", "Han, Hangul and Latin names");
    result s2 = merge(epistle, own_sig, sigs1k, dir, 1000, "2", "a signature image per record");
    result l10 = merge(epistle, same, latin10k, dir, 10000, "2", "Latin names");
    result m10 = merge(epistle, same, mixed10k, dir, 10000, "2", "Han, Hangul and Latin names");
    printf("speed-up of -j 2 over -j 1: %.2fx; merge -j 2 over the render loop: %.0fx\n", l2.rate / l1.rate,
           l2.rate * per_loop);
    printf("Han, Hangul and Latin names against Latin names (-j 2): %.2f of the speed (1,000 records), %.2f (10,000);"
           " %.2f of the size per PDF\n", m2.rate / l2.rate, m10.rate / l10.rate, m2.kib_per_pdf / l2.kib_per_pdf);
    printf("a signature image per record against one image for all: %.2f of the speed\n", s2.rate / l2.rate);
    printf("peak RSS, 10,000 records against 1,000: %.2f (Latin names), %.2f (Han, Hangul and Latin names)\n",
           (double)l10.rss / l2.rss, (double)m10.rss / m2.rss);
    char rm[400];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    return system(rm) ? 1 : 0;
}
