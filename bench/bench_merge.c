/* make bench (batch): a merge of the bilingual example against the same letters made by a
 * loop of one `epistle render` per record, and the memory of 1,000 against 10,000 records.
 * Output goes to a folder in memory (/dev/shm) when there is one, so that the numbers are
 * epistle's and not the disk's; BENCH_DIR overrides it. */
#include "spawn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const names[] = {"Astrid Lindqvist", "Tomas Berg", "Kari Nordmann", "Jonas Eide",
                                    "Ingrid Solberg", "Magnus Holm", "Sofie Dahl", "Erik Strand"};

static void write_csv(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    fputs("id,name,salutation,address\n", f);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i % 8];
        fprintf(f, "r%05d,%s MP,%.*s,\"National Assembly\n%d Parliament Street\nStavnes 01%02d\"\n", i, nm,
                (int)strcspn(nm, " "), nm, i % 90 + 1, i % 50);
    }
    fclose(f);
}

/* One record's letter for the render loop: the template with its fields replaced. */
static void write_letter(const char *tmpl, const char *path, int i)
{
    FILE *in = fopen(tmpl, "r"), *out = fopen(path, "w");
    char line[4096];
    const char *nm = names[i % 8];
    char name[64], salutation[64], address[128];
    snprintf(name, sizeof name, "%s MP", nm);
    snprintf(salutation, sizeof salutation, "%.*s", (int)strcspn(nm, " "), nm);
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
    /* The template's images are relative to it; the loop's letters live elsewhere. */
    char images[600], tdir[512];
    snprintf(tdir, sizeof tdir, "%s", tmpl);
    char *slash = strrchr(tdir, '/');
    if (slash) *slash = 0; else strcpy(tdir, ".");
    char *real = realpath(tdir, NULL);
    snprintf(images, sizeof images, "%s/../open-letter/", real ? real : tdir);
    free(real);
    setenv("BENCH_IMAGES", images, 1);

    char csv1k[300], csv10k[300], pattern[300], md[300], pdf[300];
    snprintf(csv1k, sizeof csv1k, "%s/people-1000.csv", dir);
    snprintf(csv10k, sizeof csv10k, "%s/people-10000.csv", dir);
    write_csv(csv1k, 1000);
    write_csv(csv10k, 10000);
    snprintf(pattern, sizeof pattern, "%s/out/{{id}}.pdf", dir);

    /* The loop: one process per record. */
    int loop_n = 40;
    double loop = 0;
    long rss;
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
    printf("loop of `epistle render`, %d records:   %7.1f ms per letter   (%5.0f letters/s)\n", loop_n, per_loop * 1e3,
           1 / per_loop);
    double rate[3] = {0};
    long rss_j[3] = {0};
    for (int j = 1; j <= 2; j++) {
        char jobs[8];
        snprintf(jobs, sizeof jobs, "%d", j);
        char *merge[] = {(char *)epistle, "merge", (char *)tmpl, csv1k, "-o", pattern, "-j", jobs, "--no-progress", NULL};
        double t = bench_run(merge, &rss_j[j]);
        rate[j] = 1000 / t;
        printf("merge, 1,000 records, -j %d:            %7.2f ms per letter   (%5.0f letters/s)  peak RSS %5.1f MiB\n", j,
               t * 1000 / 1000, rate[j], rss_j[j] / 1024.0);
        char rm[400];
        snprintf(rm, sizeof rm, "rm -rf '%s/out'", dir);
        if (system(rm)) return 1;
    }
    printf("speed-up of -j 2 over -j 1: %.2fx; merge -j 2 over the render loop: %.0fx\n", rate[2] / rate[1],
           rate[2] * per_loop);
    char *merge10k[] = {(char *)epistle, "merge", (char *)tmpl, csv10k, "-o", pattern, "-j", "2", "--no-progress", NULL};
    double t10 = bench_run(merge10k, &rss);
    printf("merge, 10,000 records, -j 2:           %7.2f ms per letter   (%5.0f letters/s)  peak RSS %5.1f MiB\n",
           t10 / 10, 10000 / t10, rss / 1024.0);
    char rm[400];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    return system(rm) ? 1 : 0;
}
