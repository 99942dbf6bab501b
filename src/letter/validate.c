/* Checks across a whole letter, after every part is parsed: values, fields a letter cannot
 * do without, and images that must be readable. (Names of languages, papers and layouts are
 * the resolve stage's: it is the one that reads them.) */
#include <png.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "letter/model.h"
#include "util/alloc.h"

int ep_link_allowed(const char *url)
{
    static const char *const schemes[] = {"http:", "https:", "mailto:"};
    for (size_t i = 0; url && i < sizeof schemes / sizeof *schemes; i++)
        if (!strncasecmp(url, schemes[i], strlen(schemes[i]))) return 1;
    return 0;
}

void ep_pathset_free(ep_pathset *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* A JPEG's structure, read from its markers (ITU T.81 Annex B): a frame header with a size,
 * then a scan whose data runs to the end-of-image marker. NULL if it holds, or what is wrong:
 * a truncated or header-only file would otherwise become a broken image in the PDF. */
static const char *jpeg_fault(FILE *f, unsigned long long *pixels)
{
    int c, have_frame = 0;
    if (fgetc(f) != 0xFF || fgetc(f) != 0xD8) return "has no start-of-image marker";
    for (;;) {
        while ((c = fgetc(f)) != EOF && c != 0xFF) {}   /* between segments: nothing (or padding) */
        while (c == 0xFF) c = fgetc(f);
        if (c == EOF) return "ends before its image data";
        if (c == 0xD9) return have_frame ? "has no image data" : "has no frame header";
        if (c == 0x01 || (c >= 0xD0 && c <= 0xD7)) continue;   /* markers without a length */
        int hi = fgetc(f), lo = fgetc(f);
        if (hi == EOF || lo == EOF) return "is truncated";
        long len = (hi << 8 | lo) - 2;
        if (len < 0) return "has a damaged segment";
        int sof = c >= 0xC0 && c <= 0xCF && c != 0xC4 && c != 0xC8 && c != 0xCC;
        if (sof) {
            unsigned char h[5];
            if (len < 5 || fread(h, 1, 5, f) != 5) return "has a damaged frame header";
            unsigned long long rows = (unsigned)(h[1] << 8 | h[2]), cols = (unsigned)(h[3] << 8 | h[4]);
            if (!rows || !cols) return "has no size";
            *pixels = rows * cols;
            have_frame = 1;
            len -= 5;
        }
        if (fseek(f, len, SEEK_CUR)) return "is truncated";
        if (c == 0xDA) {
            if (!have_frame) return "has no frame header";
            /* The entropy-coded data: FF 00 is a data byte, FF D0..D7 a restart; the image
             * ends at FF D9. */
            int prev = 0;
            while ((c = fgetc(f)) != EOF) {
                if (prev == 0xFF && c == 0xD9) return NULL;
                prev = c == 0xFF ? 0xFF : 0;
            }
            return "is truncated (no end-of-image marker)";
        }
    }
}

/* A signature or logo must be a PNG or JPEG file we can open; checked here so that the
 * message can point at the line that names it. */
static int check_image(ep_diag *d, const ep_text *t, const char *what, ep_pathset *checked)
{
    if (!t->s) return 0;
    for (size_t i = 0; checked && i < checked->n; i++)
        if (!strcmp(checked->v[i], t->s)) return 0;
    /* Only a regular file: a FIFO or a device would block the letter or never end. */
    struct stat st;
    if (!stat(t->s, &st) && !S_ISREG(st.st_mode)) {
        ep_error(d, t->pos, EP_C_IMAGE, "%s image '%s' is not a regular file", what, t->s);
        return -1;
    }
    FILE *f = fopen(t->s, "rb");
    if (!f) {
        ep_error(d, t->pos, EP_C_IMAGE, "cannot open %s image '%s'", what, t->s);
        return -1;
    }
    unsigned char magic[8] = {0};
    size_t n = fread(magic, 1, sizeof magic, f);
    int png = n == 8 && !memcmp(magic, "\x89PNG\r\n\x1a\n", 8);
    int jpeg = n >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF;
    const char *fault = NULL;
    unsigned long long jpeg_px = 0;
    if (jpeg) {
        rewind(f);
        fault = jpeg_fault(f, &jpeg_px);
    }
    fclose(f);
    if (!png && !jpeg) {
        ep_error(d, t->pos, EP_C_IMAGE, "%s image '%s' is neither PNG nor JPEG", what, t->s);
        return -1;
    }
    if (fault || jpeg_px > 40000000ull) {
        if (fault) ep_error(d, t->pos, EP_C_IMAGE, "%s image '%s' is a JPEG file that %s", what, t->s, fault);
        else ep_error(d, t->pos, EP_C_IMAGE, "%s image '%s' has %llu million pixels; the limit is 40 million", what, t->s,
                      jpeg_px / 1000000);
        return -1;
    }
    if (png) {
        /* The header, read now, so that a damaged or enormous image is reported at the line
         * that names it rather than when the PDF is written. */
        png_image pi;
        memset(&pi, 0, sizeof pi);
        pi.version = PNG_IMAGE_VERSION;
        if (!png_image_begin_read_from_file(&pi, t->s)) {
            ep_error(d, t->pos, EP_C_IMAGE, "%s image '%s' is a damaged PNG file", what, t->s);
            return -1;
        }
        unsigned long long px = (unsigned long long)pi.width * pi.height;
        png_image_free(&pi);
        if (px > 40000000ull) {
            ep_error(d, t->pos, EP_C_IMAGE, "%s image '%s' has %llu million pixels; the limit is 40 million", what, t->s,
                     px / 1000000);
            return -1;
        }
    }
    if (checked && checked->n < 256) {
        checked->v = ep_grow(checked->v, sizeof *checked->v, &checked->cap, checked->n + 1);
        checked->v[checked->n++] = ep_xstrdup(t->s);
    }
    return 0;
}

int ep_letter_validate(ep_letter *l, ep_diag *d, ep_pathset *checked)
{
    int failed = 0;
    for (size_t i = 0; i < l->nparts; i++) {
        ep_part *p = &l->parts[i];
        ep_pos where = ep_pos_make(p->file, p->line, 1);
        if (p->from.logo_height.s) {
            char *end;
            double mm = strtod(p->from.logo_height.s, &end);
            while (*end == ' ') end++;
            if (end == p->from.logo_height.s || (*end && strcmp(end, "mm")) || mm <= 0 || mm > 60) {
                ep_error(d, p->from.logo_height.pos, EP_C_INVALID_VALUE, "logo_height is a height in millimetres up to 60, e.g. '18mm'");
                failed = 1;
            }
        }
        /* The letterhead's e-mail and web address become links. */
        const ep_text *linked[] = {&p->from.email, &p->from.web};
        for (size_t k = 0; k < 2; k++)
            if (linked[k]->s && strlen(linked[k]->s) > EP_MAX_URL - 16) {
                ep_error(d, linked[k]->pos, EP_C_TOO_LARGE, "URL longer than %d characters", EP_MAX_URL - 16);
                failed = 1;
            }
        /* The web address: https:// unless it names a scheme, and then only http or https. */
        if (p->from.web.s && strstr(p->from.web.s, "://") && !ep_link_allowed(p->from.web.s))
            ep_warn(d, p->from.web.pos, EP_C_LINK, "'%.60s' is not an http or https address: shown as text, not a link",
                    p->from.web.s);
        if (!p->nbody && !p->subject.s && !p->opening.s)
            ep_warn(d, where, EP_C_EMPTY_PART, "this part has no body, subject or opening");
        /* Inherited images were checked with the part that named them. */
        int inherited = i > 0;
        for (size_t s = 0; s < p->nsignatories; s++) {
            const ep_signatory *sg = &p->signatories[s];
            if (inherited && i && l->parts[i - 1].signatories == p->signatories) continue;
            if (check_image(d, &sg->signature, "signature", checked)) failed = 1;
        }
        if (!(inherited && l->parts[i - 1].from.logo.s == p->from.logo.s) &&
            check_image(d, &p->from.logo, "logo", checked))
            failed = 1;
    }
    return failed ? -1 : 0;
}
