/* A visible signature's text for the signing stage: set by the text engine in the letter's
 * language, faces and size as the signature field keeps them, and written by the PDF
 * backend as a one-page PDF the signing stage draws in the field. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "layout/layout.h"
#include "resolve/locale.h"
#include "sign/sign.h"

enum { DETAILS_SIZE = 15 };   /* half-points: 7.5 pt, above the 7 pt least a reader can read */

/* "05:30 UTC", or "06:30 +01:00" away from UTC, in the locale's digits. */
static void clock_time(const ep_locale *loc, time_t t, char *out, size_t size)
{
    struct tm tm;
    localtime_r(&t, &tm);
    long off = tm.tm_gmtoff / 60;
    char ascii[32];
    if (off) snprintf(ascii, sizeof ascii, "%02d:%02d %c%02ld:%02ld", tm.tm_hour, tm.tm_min, off < 0 ? '-' : '+',
                      (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
    else snprintf(ascii, sizeof ascii, "%02d:%02d UTC", tm.tm_hour, tm.tm_min);
    size_t k = 0;
    for (const char *p = ascii; *p && k + 8 < size; p++) {
        const char *s = *p >= '0' && *p <= '9' && loc->digits[*p - '0'][0] ? loc->digits[*p - '0'] : NULL;
        if (s) k += (size_t)snprintf(out + k, size - k, "%s", s);
        else out[k++] = *p;
    }
    out[k] = 0;
}

int ep_signature_text(void *ctx, ep_diag *d, const ep_sigtext_req *r, ep_buf *pdf, double *w, double *h, int *rtl)
{
    epistle_engine *e = ctx;
    const ep_siglook *l = r->look;
    const ep_locale *loc = ep_locale_get(l->has && l->lang[0] ? l->lang : "en");
    if (!loc) loc = ep_locale_get("en");
    ep_script_face scripts[EP_SIGLOOK_SCRIPTS];
    size_t n = 0;
    for (size_t i = 0; i < l->nscripts; i++, n++) {
        scripts[n] = (ep_script_face){.cjk = (ep_cjk)l->scripts[i].cjk, .family = l->scripts[i].family};
        snprintf(scripts[n].script, sizeof scripts[n].script, "%s", l->scripts[i].code);
    }
    /* The name at the letter's body size (a reader's first look finds it). */
    const float body = l->size >= 6 ? (float)l->size : 11;
    ep_tstyle name = {.size = body, .loc = loc, .family = l->family[0] ? l->family : NULL,
                      .kind = l->sans ? EP_FAMILY_SANS : EP_FAMILY_SERIF, .leading = 1.2f, .scripts = scripts,
                      .nscripts = n};
    ep_tstyle details = name;
    details.size = DETAILS_SIZE / 2.0f;
    details.leading = 1.25f;

    ep_arena a;
    ep_arena_init(&a);
    struct tm tm;
    localtime_r(&r->when, &tm);
    char day[16], hm[96];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    clock_time(loc, r->when, hm, sizeof hm);
    const char *label = l->label[0] ? l->label : loc->labels[EP_LABEL_SIGNED];
    const char *when = ep_arena_printf(&a, "%s %s", ep_locale_date(&a, loc, day), hm);
    const char *both = ep_arena_printf(&a, "%s %s", label, when);

    /* The first of these that fits: the label and the time on lines of their own, on one,
     * the time alone; then the name smaller, in half points, never under the details. */
    ep_textctx tx;
    ep_textctx_init(&tx, e->fonts, NULL, &a, d);
    const ep_sigline ways[][3] = {
        {{r->name, &name, 0}, {label, &details, 0.3f}, {when, &details, 0.3f}},
        {{r->name, &name, 0}, {both, &details, 0.3f}},
        {{r->name, &name, 0}, {when, &details, 0.3f}},
    };
    static const size_t nways[] = {3, 2, 2};
    float tw, th;
    size_t way = 0;
    for (;;) {
        ep_layout_signature_text(&tx, ways[way], nways[way], (float)r->max_w, NULL, &tw, &th, rtl);
        if (th <= r->max_h) break;
        if (way + 1 < sizeof nways / sizeof *nways) way++;
        else if (name.size - 0.5f >= details.size) name.size -= 0.5f;
        else break;
    }
    if (name.size < body)
        ep_warn(d, ep_pos_make(r->path, 0, 0), EP_C_SIGNATURE,
                "the signature field is too small for the name '%s' at the letter's %.1f pt: it is set at %.1f pt",
                r->name, (double)body, (double)name.size);
    ep_dlist dl = {.arena = &a};
    ep_layout_signature_text(&tx, ways[way], nways[way], (float)r->max_w, &dl, &tw, &th, rtl);
    *w = tw, *h = th;
    ep_pdfinfo info = {.lang = loc->tag};
    int rc = ep_pdf_write(&dl, &info, &e->shared, d, pdf);
    ep_textctx_done(&tx);
    ep_arena_free(&a);
    return rc;
}
