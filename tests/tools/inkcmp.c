/* Compares where two renderings of a page put ink. Reads two binary PGM (P5) files of the
 * same page, divides them into cells, and fails when the cells that have ink differ by
 * more than a small fraction: a font one renderer cannot decode leaves its cells blank. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct img {
    int w, h;
    unsigned char *px;
} img;

static int token(FILE *f)
{
    int c, v = 0;
    do {
        c = fgetc(f);
        if (c == '#') while (c != '\n' && c != EOF) c = fgetc(f);
    } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    while (c >= '0' && c <= '9') { v = v * 10 + (c - '0'); c = fgetc(f); }
    return v;
}

static int load(const char *path, img *im)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char magic[3] = {0};
    if (fread(magic, 1, 2, f) != 2 || strcmp(magic, "P5")) { fclose(f); return -1; }
    im->w = token(f);
    im->h = token(f);
    int max = token(f);
    if (im->w <= 0 || im->h <= 0 || max != 255) { fclose(f); return -1; }
    im->px = malloc((size_t)im->w * (size_t)im->h);
    size_t n = fread(im->px, 1, (size_t)im->w * (size_t)im->h, f);
    fclose(f);
    return n == (size_t)im->w * (size_t)im->h ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: inkcmp A.pgm B.pgm\n");
        return 2;
    }
    img a, b;
    if (load(argv[1], &a) || load(argv[2], &b)) {
        fprintf(stderr, "inkcmp: cannot read %s or %s\n", argv[1], argv[2]);
        return 2;
    }
    /* Renderers round page sizes differently by a pixel; compare the common area. */
    if (abs(a.w - b.w) > 2 || abs(a.h - b.h) > 2) {
        fprintf(stderr, "inkcmp: sizes differ: %dx%d and %dx%d\n", a.w, a.h, b.w, b.h);
        return 1;
    }
    int w = a.w < b.w ? a.w : b.w, h = a.h < b.h ? a.h : b.h;
    const int cell = 6;
    int cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell;
    int *ca = calloc((size_t)cw * ch, sizeof *ca), *cb = calloc((size_t)cw * ch, sizeof *cb);
    int *fa = calloc((size_t)cw * ch, sizeof *fa), *fb = calloc((size_t)cw * ch, sizeof *fb);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            ca[(y / cell) * cw + x / cell] += a.px[(size_t)y * a.w + x] < 160;
            cb[(y / cell) * cw + x / cell] += b.px[(size_t)y * b.w + x] < 160;
            /* Faint marks too: a hairline one renderer draws lighter is still drawn. */
            fa[(y / cell) * cw + x / cell] += a.px[(size_t)y * a.w + x] < 235;
            fb[(y / cell) * cw + x / cell] += b.px[(size_t)y * b.w + x] < 235;
        }
    /* Anti-aliasing moves a glyph's edge by a pixel between renderers, so a cell whose ink
     * has any ink next to it on the other side agrees; a glyph one renderer could not draw
     * leaves whole regions blank on its side. */
    long ink_a = 0, ink_b = 0, differ = 0;
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++) {
            int ia = ca[y * cw + x], ib = cb[y * cw + x];
            ink_a += ia > 2;
            ink_b += ib > 2;
            if (ia <= 4 && ib <= 4) continue;
            int *other = ia > 4 ? fb : fa;
            int near = 0;
            for (int dy = -1; dy <= 1 && !near; dy++)
                for (int dx = -1; dx <= 1 && !near; dx++) {
                    int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && ny >= 0 && nx < cw && ny < ch && other[ny * cw + nx] > 0) near = 1;
                }
            differ += !near;
            if (!near && getenv("INKCMP_DEBUG")) fprintf(stderr, "cell %d,%d: %d vs %d\n", x * cell, y * cell, ia, ib);
        }
    free(ca);
    free(cb);
    free(fa);
    free(fb);
    long ink = ink_a > ink_b ? ink_a : ink_b;
    double frac = ink ? (double)differ / (double)ink : 0;
    free(a.px);
    free(b.px);
    if (frac > 0.01 || (ink_a == 0) != (ink_b == 0)) {
        fprintf(stderr, "inkcmp: %ld of %ld inked cells differ (%.1f%%); ink %ld vs %ld\n", differ, ink,
                100 * frac, ink_a, ink_b);
        return 1;
    }
    return 0;
}
