/* A visible signature's appearance in one widget: the signer's name and the signing time,
 * set by the text engine in the letter's own faces, beside the signature image the area
 * already shows (or with that image made smaller when the text needs its room). */
#include <stdio.h>
#include <stdlib.h>

#include "sign/appearance.h"
#include "sign/import.h"

enum {
    MARGIN = 2,     /* points inside the widget's edges */
    GAP = 4,        /* points between the image and the text */
};

/* The text set no wider than r->max_w, as a one-page PDF in pdf; 0, or -1 (reported). */
static int set_text(ep_diag *d, const char *path, const ep_signer_opts *o, const ep_sigtext_req *r, ep_buf *pdf,
                    double *w, double *h, int *rtl)
{
    pdf->len = 0;
    if (!o->sigtext) {
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_INTERNAL, "no text engine for the visible signature");
        return -1;
    }
    return o->sigtext(o->sigtext_ctx, d, r, pdf, w, h, rtl);
}

int ep_sig_appearance(ep_update *u, ep_diag *d, const char *path, const ep_sigwidget *wg, const ep_signer_opts *o,
                      const char *name, time_t when)
{
    const ep_siglook *l = &wg->look;
    double W = wg->rect[2] - wg->rect[0], H = wg->rect[3] - wg->rect[1];
    if (W < 0) W = -W;
    if (H < 0) H = -H;
    ep_sigtext_req r = {.look = l, .name = name, .when = when, .max_w = W - 2 * MARGIN, .max_h = H - 2 * MARGIN,
                        .path = path};
    double tw, th;
    int rtl = 0;
    ep_buf pdf;
    ep_buf_init(&pdf);
    if (set_text(d, path, o, &r, &pdf, &tw, &th, &rtl)) {
        ep_buf_free(&pdf);
        return 0;
    }

    /* The image stays where the page draws it when the text fits beside it; otherwise it is
     * made smaller, on the same side, and the text gets the rest. The image is drawn again
     * on a white ground over the page's copy, so that the appearance holds all of the
     * signature and the page's copy does not show through twice as dark. */
    int has_image = l->image_id > 0 && l->ibox[2] > 0 && l->ibox[3] > 0;
    double ib[4] = {l->ibox[0], l->ibox[1], l->ibox[2], l->ibox[3]};
    int image_right = has_image && ib[0] + ib[2] / 2 > W / 2;
    if (has_image) {
        double room = image_right ? ib[0] - GAP - MARGIN : W - MARGIN - (ib[0] + ib[2]) - GAP;
        if (tw > room) {
            /* The text takes what it needs up to 60 % of the width; the image the rest. */
            if (tw > 0.6 * (W - 2 * MARGIN)) {
                r.max_w = 0.6 * (W - 2 * MARGIN);
                if (set_text(d, path, o, &r, &pdf, &tw, &th, &rtl)) {
                    ep_buf_free(&pdf);
                    return 0;
                }
            }
            double iw = W - 2 * MARGIN - GAP - tw, s = iw / ib[2];
            if (s > 1) s = 1;
            if ((H - 2 * MARGIN) / ib[3] < s) s = (H - 2 * MARGIN) / ib[3];
            double nw = ib[2] * s, nh = ib[3] * s;
            ib[0] = image_right ? W - MARGIN - nw : MARGIN;
            ib[1] = ib[1] < MARGIN ? MARGIN : ib[1];
            ib[2] = nw, ib[3] = nh;
        }
    }
    /* The text starts from the language's side, after the image when the image is there. */
    double tx = rtl ? W - MARGIN - tw : MARGIN;
    if (has_image && image_right == rtl) tx = image_right ? ib[0] - GAP - tw : ib[0] + ib[2] + GAP;
    double pw, ph;
    int text = ep_import_page(u, "the signature's text", (const unsigned char *)pdf.data, pdf.len, &pw, &ph);
    ep_buf_free(&pdf);
    if (!text) {
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_SIGNATURE, "cannot draw the visible signature's text");
        return 0;
    }
    if (th > H - 2 * MARGIN)
        ep_warn(d, ep_pos_make(path, 0, 0), EP_C_SIGNATURE,
                "the visible signature's text is %.0f pt tall, and the field has room for %.0f: its edges are cut",
                th, H - 2 * MARGIN);
    double ty = (H - th) / 2;

    ep_buf content;
    ep_buf_init(&content);
    if (has_image)
        ep_buf_printf(&content, "q 1 g %.3f %.3f %.3f %.3f re f Q\nq %.3f 0 0 %.3f %.3f %.3f cm /Img Do Q\n", l->ibox[0],
                      l->ibox[1], l->ibox[2], l->ibox[3], ib[2], ib[3], ib[0], ib[1]);
    ep_buf_printf(&content, "q 1 0 0 1 %.3f %.3f cm /Txt Do Q\n", tx, ty);
    int ap = ep_update_new_id(u);
    ep_update_object(u, ap, 0);
    ep_buf_printf(u->out, "<< /Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] /Resources << /XObject << /Txt %d 0 R",
                  W, H, text);
    if (has_image) ep_buf_printf(u->out, " /Img %d %d R", l->image_id, l->image_gen);
    ep_buf_printf(u->out, " >> >> /Length %zu >>\nstream\n", content.len);
    ep_buf_put(u->out, content.data, content.len);
    ep_buf_puts(u->out, "\nendstream");
    ep_update_end(u);
    ep_buf_free(&content);
    return ap;
}
