#include "pdf/glyphrun.h"

#include <math.h>
#include <string.h>

#include "util/utf16.h"

typedef struct tj {
    ep_buf *out;
    int in_array, in_hex;
} tj;

static void tj_open(tj *t)
{
    if (!t->in_array) { ep_buf_putc(t->out, '['); t->in_array = 1; }
}

static void tj_close_hex(tj *t)
{
    if (t->in_hex) { ep_buf_putc(t->out, '>'); t->in_hex = 0; }
}

static void tj_close(tj *t)
{
    tj_close_hex(t);
    if (t->in_array) { ep_buf_puts(t->out, "]TJ\n"); t->in_array = 0; }
}

/* A number with at most two decimals and no trailing zeros: "-12.5", "3", "0.25". */
static void put_num(ep_buf *b, float v)
{
    long c = lroundf(v * 100.0f);
    char tmp[32], *p = tmp + sizeof tmp;
    int neg = c < 0;
    unsigned long u = (unsigned long)(neg ? -c : c);
    unsigned frac = (unsigned)(u % 100);
    u /= 100;
    if (frac) {
        if (frac % 10) { *--p = (char)('0' + frac % 10); *--p = (char)('0' + frac / 10); }
        else *--p = (char)('0' + frac / 10);
        *--p = '.';
    }
    do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
    if (neg && (frac || p[0] != '0')) *--p = '-';
    ep_buf_put(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void actual_text(ep_buf *out, ep_buf *props, const char *s, size_t len, ep_pdftags *tags, const ep_dl_item *it)
{
    props->len = 0;
    ep_buf_puts(props, "/ActualText<FEFF");
    ep_utf16be_hex(props, s, len);
    ep_buf_putc(props, '>');
    ep_buf_putc(props, 0);
    ep_pdftags_span(tags, it->node, it->seq, props->data, out);
}

/* Which of the run's fonts draws glyphs: the main one, unless one of them is outside its
 * shared program. */
static ep_pdffont *font_for(const ep_runfonts *rf, const ep_dl_glyph *g, size_t n, uint32_t also)
{
    if (!rf->extra) return rf->main;
    for (size_t k = 0; k < n; k++)
        if (!ep_pdffont_draws(rf->main, g[k].gid)) return rf->extra;
    return also != UINT32_MAX && !ep_pdffont_draws(rf->main, also) ? rf->extra : rf->main;
}

static void set_font(tj *t, const ep_runfonts *rf, ep_pdffont *f, float size)
{
    tj_close(t);
    ep_buf_printf(t->out, "/%s ", f == rf->main ? rf->main_name : rf->extra_name);
    put_num(t->out, size);
    ep_buf_puts(t->out, " Tf\n");
}

void ep_pdf_glyph_run(ep_buf *out, const ep_runfonts *rf, const ep_dl_item *it, ep_pdftags *tags)
{
    const ep_dl_run *run = &it->as.run;
    tj t = {out, 0, 0};
    ep_pdffont *font = rf->main;   /* the one set */
    ep_buf props;
    ep_buf_init(&props);
    float cur = 0, rise = 0;
    /* Font expansion is the text's horizontal scaling, which scales the glyphs' advances
     * and the positioning numbers alike: positions are written before it. */
    float hs = run->hscale > 0 ? run->hscale : 1;
    float scale = 1000.0f / run->size / hs;
    if (hs != 1) {
        put_num(out, 100 * hs);
        ep_buf_puts(out, " Tz\n");
    }
    size_t n = run->nglyphs;
    for (size_t i = 0; i < n;) {
        const ep_dl_glyph *g0 = &run->glyphs[i];
        size_t j = i + 1;
        while (j < n && g0->cl_len && run->glyphs[j].cl_off == g0->cl_off && run->glyphs[j].cl_len == g0->cl_len) j++;
        const char *text = run->text + g0->cl_off;
        int bridged = j == n && run->bridge > 0 && ep_pdffont_width(rf->main, run->bridge_gid) > 0;
        /* (The invisible glyph of a bridge is drawn with the cluster before it.) */
        ep_pdffont *f = font_for(rf, g0, j - i, bridged ? run->bridge_gid : UINT32_MAX);
        if (f != font) {
            set_font(&t, rf, f, run->size);
            font = f;
        }
        int span;
        if (j - i > 1 || g0->cl_len == 0) {
            span = 1;
            for (size_t k = i; k < j; k++) ep_pdffont_mark(f, run->glyphs[k].gid);
        } else {
            span = ep_pdffont_use(f, g0->gid, text, g0->cl_len) || bridged;
        }
        if (span) {
            tj_close(&t);
            actual_text(out, &props, text, g0->cl_len, tags, it);
        }
        for (size_t k = i; k < j; k++) {
            const ep_dl_glyph *g = &run->glyphs[k];
            if (fabsf(g->y - rise) > 0.005f) {
                tj_close(&t);
                put_num(out, g->y);
                ep_buf_puts(out, " Ts\n");
                rise = g->y;
            }
            float target = g->x * scale;
            float delta = target - cur;
            tj_open(&t);
            if (fabsf(delta) > 0.05f) {
                tj_close_hex(&t);
                put_num(out, -delta);
            }
            if (!t.in_hex) { ep_buf_putc(out, '<'); t.in_hex = 1; }
            ep_buf_hex4(out, ep_face_code(f->face, g->gid));
            cur = target + ep_pdffont_width(f, g->gid);
        }
        if (bridged) {
            /* The gap after the run is spacing, not a character: the last cluster's text
             * is said over the gap too (an invisible space glyph scaled to cover it), so
             * that an extractor joins it to what follows. One that ignores /ActualText
             * reads the space, as it would read the gap. */
            tj_close(&t);
            ep_pdffont_use(f, run->bridge_gid, " ", 1);
            ep_buf_puts(out, "3 Tr\n");
            put_num(out, 100 * run->bridge * 1000.0f / run->size / ep_pdffont_width(f, run->bridge_gid));
            ep_buf_puts(out, " Tz\n<");
            ep_buf_hex4(out, ep_face_code(f->face, run->bridge_gid));
            ep_buf_puts(out, ">Tj\n0 Tr\n");
            put_num(out, 100 * hs);
            ep_buf_puts(out, " Tz\n");
        }
        if (span) {
            tj_close(&t);
            ep_pdftags_span_end(tags, it->node, it->seq, out);
        }
        i = j;
    }
    if (font != rf->main) set_font(&t, rf, rf->main, run->size);
    tj_close(&t);
    if (rise != 0) ep_buf_puts(out, "0 Ts\n");
    if (hs != 1) ep_buf_puts(out, "100 Tz\n");
    ep_buf_free(&props);
}
