/* The head of a letter's first page, by standard: the letterhead, the recipient (in the
 * text, or in a window envelope's address field with the return address above it), the
 * date, DIN 5008's information block or a reference line, fold and punch marks, and the
 * first-page footer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/letter.h"

static float logo_mm(const ep_party *from)
{
    return from->logo_height.s ? (float)strtod(from->logo_height.s, NULL) : 16;
}

static void letterhead(ep_ctx *c, int compact)
{
    const ep_party *from = &c->part->from;
    const ep_style *style = &c->set->style;
    float measure = ep_flow_measure(&c->f);
    float logo_h = EP_MM(logo_mm(from)), logo_w = 0;
    float top = c->f.y;
    ep_align align = (ep_align)style->letterhead_align;
    int head = ep_tag_open(c, EP_ROLE_LETTERHEAD, NULL);
    /* The logo beside the text (right, as by default, or left) or above it, on the
     * letterhead's side. */
    float text_x = ep_text_left(c), text_w = measure;
    if (from->logo.s) {
        logo_w = EP_MM(45);
        ep_dl_page *pg = &c->f.dl->pages[c->f.page];
        ep_dl_item *it = ep_dl_add_item(c->f.dl, pg, EP_DL_IMAGE);
        const char *org = from->name.s ? from->name.s : "the sender";
        it->node = ep_tag_child(c, EP_ROLE_FIGURE, ep_arena_printf(c->f.dl->arena, "Logo of %s", org));
        it->as.image.path = from->logo.s;
        it->w = logo_w;
        it->h = logo_h;
        it->y = pg->height - top - logo_h;
        if (style->logo == EP_LOGO_LEFT || (style->logo == EP_LOGO_ABOVE && align == EP_ALIGN_START)) {
            it->x = ep_text_left(c);
            it->as.image.anchor = 0;
        } else if (style->logo == EP_LOGO_ABOVE && align == EP_ALIGN_CENTER) {
            it->x = ep_text_left(c) + (measure - logo_w) / 2;
            it->as.image.anchor = 0.5f;
        } else {
            it->x = c->f.geo.width - c->f.geo.right - logo_w;
            it->as.image.anchor = 1;
        }
        ep_flow_mirror_box(&c->f, it);
        if (style->logo == EP_LOGO_ABOVE) {
            c->f.y = top + logo_h + EP_MM(3);
        } else {
            text_w = measure - logo_w - EP_MM(5);
            if (style->logo == EP_LOGO_LEFT) text_x += logo_w + EP_MM(5);
        }
    }
    if (from->name.s) {
        ep_tstyle st = ep_style_role(c, EP_FACE_LETTERHEAD, c->body.size * 1.25f, 1);
        ep_laid l = ep_typeset_text(&c->f, from->name.s, from->name.pos, &st, text_w, align);
        l.rgb = style->color_letterhead;
        ep_place_laid(c, &l, text_x, EP_ROLE_P);
    }
    ep_tstyle small = ep_style_role(c, EP_FACE_LETTERHEAD, c->body.size * 0.78f, 0);
    if (from->address.n) {
        const char *joined = from->address.v[0].s;
        for (size_t i = 1; i < from->address.n; i++)
            joined = ep_arena_printf(c->f.dl->arena, "%s  ·  %s", joined, from->address.v[i].s);
        ep_laid l = ep_typeset_text(&c->f, joined, from->address.v[0].pos, &small, text_w, align);
        l.gray = 0.3f;
        ep_place_laid(c, &l, text_x, EP_ROLE_P);
    }
    /* The contact line: e-mail and web are links. */
    ep_span sp[8];
    size_t n = 0;
    const ep_text *items[] = {&from->phone, &from->email, &from->web};
    for (size_t i = 0; i < 3; i++) {
        if (!items[i]->s) continue;
        if (n) sp[n++] = (ep_span){"  ·  ", strlen("  ·  "), 0, NULL, 0, items[i]->pos};
        const char *href = NULL;
        if (i == 1) href = ep_arena_printf(c->f.dl->arena, "mailto:%s", items[i]->s);
        if (i == 2) href = strstr(items[i]->s, "://") ? (ep_link_allowed(items[i]->s) ? items[i]->s : NULL)
                                                        : ep_arena_printf(c->f.dl->arena, "https://%s", items[i]->s);
        /* Numbers and addresses read left to right in a right-to-left letter too. */
        unsigned ltr = c->set->loc->dir == EP_DIR_RTL ? EP_STYLE_LTR : 0;
        sp[n++] = (ep_span){items[i]->s, strlen(items[i]->s), ltr, href, 0, items[i]->pos};
    }
    if (n) {
        ep_laid l = ep_typeset(&c->f, sp, n, &small, text_w, 0, 0, align);
        l.gray = 0.3f;
        ep_place_laid(c, &l, text_x, EP_ROLE_P);
    }
    ep_tag_close(c, head);
    if (from->name.s || from->address.n || n || from->logo.s) {
        if (from->logo.s && c->f.y < top + logo_h) c->f.y = top + logo_h;
        if (compact) return;   /* a window letter's address field follows closely */
        c->f.y += EP_MM(2.5);
        ep_flow_rule(&c->f, ep_text_left(c), c->f.geo.width - c->f.geo.right, 0.5f, 0.55f)->rgb = style->color_rules;
        ep_space(c, EP_MM(10));
    }
}


/* The recipient's lines: name, the attention line, the address. */
static size_t recipient_lines(ep_ctx *c, const ep_text **out, size_t max, ep_text *attention)
{
    const ep_part *p = c->part;
    size_t n = 0;
    if (p->to.name.s && n < max) out[n++] = &p->to.name;
    if (p->attention.s && n < max) {
        const char *label = ep_label_of(c, EP_LABEL_ATTENTION);
        attention->s = ep_arena_printf(c->f.dl->arena, "%s%s%s", label, ep_label_sep(label), p->attention.s);
        attention->pos = p->attention.pos;
        out[n++] = attention;
    }
    for (size_t i = 0; i < p->to.address.n && n < max; i++) out[n++] = &p->to.address.v[i];
    return n;
}

/* A reference line (block and window letters without an information block): labels over
 * values, side by side across the measure. */
void ep_reference_line(ep_ctx *c)
{
    const ep_reference *r = &c->part->reference;
    struct { ep_label label; const ep_text *value; const char *shown; } f[5] = {
        {EP_LABEL_YOUR_REF, &r->your_ref, NULL}, {EP_LABEL_YOUR_LETTER, &r->your_letter, NULL},
        {EP_LABEL_OUR_REF, &r->our_ref, NULL}, {EP_LABEL_CONTACT, &r->contact, NULL},
        {EP_LABEL_PHONE, &r->phone, NULL}};
    size_t n = 0;
    for (size_t i = 0; i < 5; i++)
        if (f[i].value->s) {
            f[n] = f[i];
            f[n].shown = f[i].label == EP_LABEL_YOUR_LETTER ? ep_locale_date(c->f.dl->arena, c->set->loc, f[i].value->s)
                                                             : f[i].value->s;
            n++;
        }
    if (!n) return;
    ep_tstyle small = ep_style_sized(c, c->body.size * 0.72f, 0);
    ep_tstyle val = ep_style_sized(c, c->body.size * 0.9f, 0);
    float colw = ep_flow_measure(&c->f) / (float)(n < 4 ? 4 : n);
    ep_flow_need(&c->f, 3 * c->lead);
    float y = c->f.y, h = 0;
    /* A table of one header row (the labels) over one row of values. */
    int table = ep_tag_open(c, EP_ROLE_TABLE, NULL);
    int heads = ep_tag_child(c, EP_ROLE_TR, NULL), values = ep_tag_child(c, EP_ROLE_TR, NULL);
    int in_table = c->f.node;
    for (size_t i = 0; i < n; i++) {
        float x = ep_text_left(c) + (float)i * colw;
        c->f.node = heads;
        float a = ep_place_at(c, ep_label_of(c, f[i].label), f[i].value->pos, &small, 0.35f, x, y,
                              colw - EP_MM(2), EP_ALIGN_START, EP_ROLE_TH);
        ep_tag_scope(c, EP_SCOPE_COLUMN);
        c->f.node = values;
        float b = ep_place_at(c, f[i].shown, f[i].value->pos, &val, 0, x, y + a, colw - EP_MM(2), EP_ALIGN_START,
                              EP_ROLE_TD);
        if (a + b > h) h = a + b;
    }
    c->f.node = in_table;
    ep_tag_close(c, table);
    c->f.y = y + h + c->lead;
}

/* DIN 5008's information block: label and value rows, the date last. */
static float info_block(ep_ctx *c)
{
    const ep_standard *s = c->std;
    const ep_reference *r = &c->part->reference;
    ep_tstyle small = ep_style_sized(c, 8, 0);
    ep_tstyle val = ep_style_sized(c, 9, 0);
    struct { ep_label label; const char *value; ep_pos pos; } rows[6] = {
        {EP_LABEL_YOUR_REF, r->your_ref.s, r->your_ref.pos},
        {EP_LABEL_YOUR_LETTER, r->your_letter.s ? ep_locale_date(c->f.dl->arena, c->set->loc, r->your_letter.s) : NULL,
         r->your_letter.pos},
        {EP_LABEL_OUR_REF, r->our_ref.s, r->our_ref.pos},
        {EP_LABEL_CONTACT, r->contact.s, r->contact.pos},
        {EP_LABEL_PHONE, r->phone.s, r->phone.pos},
        {EP_LABEL_DATE, c->date, c->part->date.pos}};
    float x = EP_MM(s->info_x), y = EP_MM(s->info_y), w = EP_MM(s->info_w);
    float labw = EP_MM(30);
    /* Read from the right in a right-to-left letter: the label first, on the right. */
    int rtl = c->set->loc->dir == EP_DIR_RTL;
    float lab_x = rtl ? x + w - labw : x, val_x = rtl ? x : x + labw;
    /* A table of rows, each a label (a row header) and its value. */
    int table = ep_tag_open(c, EP_ROLE_TABLE, NULL);
    for (size_t i = 0; i < 6; i++) {
        if (!rows[i].value) continue;
        int row = ep_tag_open(c, EP_ROLE_TR, NULL);
        ep_place_at(c, ep_label_of(c, rows[i].label), rows[i].pos, &small, 0.35f, lab_x, y, labw - EP_MM(1),
                    EP_ALIGN_START, EP_ROLE_TH);
        ep_tag_scope(c, EP_SCOPE_ROW);
        y += ep_place_at(c, rows[i].value, rows[i].pos, &val, 0, val_x, y, w - labw, EP_ALIGN_START, EP_ROLE_TD);
        ep_tag_close(c, row);
    }
    ep_tag_close(c, table);
    return y;
}

/* The address field of a window envelope. Everything in it must show through the window:
 * an address that does not fit is an error, never a silent overflow. */
static int window_field(ep_ctx *c, float *bottom)
{
    const ep_standard *s = c->std;
    const ep_part *p = c->part;
    float fx = EP_MM(s->addr_x + s->inset), fy = EP_MM(s->addr_y);
    float fw = EP_MM(s->addr_w - s->inset) - EP_MM(1), fh = EP_MM(s->addr_h);
    *bottom = fy + fh;
    /* The return address: one small line at the foot of the upper zone. */
    if (s->upper > 0 && p->from.name.s) {
        const char *ret = p->from.name.s;
        for (size_t i = 0; i < p->from.address.n; i++) ret = ep_arena_printf(c->f.dl->arena, "%s · %s", ret, p->from.address.v[i].s);
        /* The zone has room for one line: a longer one is set smaller, in tenths of a point,
         * down to 6 pt (text width grows with the size), and below that it is an error. */
        ep_tstyle tiny = ep_style_sized(c, 7, 0);
        ep_laid l = ep_typeset_text(&c->f, ret, p->from.name.pos, &tiny, EP_MM(1000), EP_ALIGN_START);
        float w = l.para ? ep_para_width(l.para) : 0;
        if (w > fw) {
            tiny = ep_style_sized(c, floorf(70 * fw / w) / 10, 0);
            for (;;) {
                l = ep_typeset_text(&c->f, ret, p->from.name.pos, &tiny, fw, EP_ALIGN_START);
                if (l.nlines <= 1 || tiny.size < 6) break;
                tiny = ep_style_sized(c, tiny.size - 0.1f, 0);
            }
            if (tiny.size < 6 - 0.01f) {
                ep_error(c->f.tx->diag, p->from.name.pos, EP_C_ADDRESS_WINDOW,
                         "the return address '%s' is %.0f mm long at 6 pt; the return-address line of %s is %.0f mm: "
                         "shorten it (the name and the street and town are enough)",
                         ret, (double)(w * 6 / 7 * 25.4f / 72), s->name, (double)(fw * 25.4f / 72));
                return -1;
            }
        } else {
            l = ep_typeset_text(&c->f, ret, p->from.name.pos, &tiny, fw, EP_ALIGN_START);
        }
        float y = fy + EP_MM(s->upper) - ep_laid_height(&l) - EP_MM(1);
        int t = ep_tag_open(c, EP_ROLE_RETURN_ADDRESS, NULL);
        for (size_t i = 0; i < l.nlines; i++) ep_place_line(&c->f, c->f.page, &l, i, fx, y + (float)i * l.lead);
        ep_tag_close(c, t);
        /* A hairline under it, on the side the line starts from. */
        float lw = l.nlines ? l.lines[0].width : 0;
        float r0 = c->set->loc->dir == EP_DIR_RTL ? fx + fw - lw : fx;
        ep_flow_rule_at(&c->f, c->f.page, r0, r0 + lw, fy + EP_MM(s->upper) - EP_MM(0.6f), 0.3f, 0.4f);
    }
    const ep_text *lines[16];
    ep_text attention;
    size_t n = recipient_lines(c, lines, 16, &attention);
    ep_tstyle st = ep_style_sized(c, s->addr_size, 0);
    float room = fh - EP_MM(s->upper);
    float lead = s->addr_size * 1.2f;
    size_t fits = (size_t)(room / lead);
    const char *who = p->to.name.s ? p->to.name.s : "the recipient";
    ep_pos where = p->to.name.s ? p->to.name.pos : ep_pos_make(p->file, p->line, 1);
    if (n > fits) {
        ep_error(c->f.tx->diag, where, EP_C_ADDRESS_WINDOW, "the address of '%s' has %zu lines; the window of %s holds %zu", who, n, s->name, fits);
        return -1;
    }
    float y = fy + EP_MM(s->upper) + EP_MM(0.5f);
    int to = ep_tag_open(c, EP_ROLE_RECIPIENT, NULL);
    for (size_t i = 0; i < n; i++) {
        ep_laid l = ep_typeset_text(&c->f, lines[i]->s, lines[i]->pos, &st, EP_MM(500), EP_ALIGN_START);
        float w = l.para ? ep_para_width(l.para) : 0;
        if (w > fw + 0.01f) {
            ep_error(c->f.tx->diag, lines[i]->pos, EP_C_ADDRESS_WINDOW, "the address line '%s' is %.0f mm wide; the window of %s is %.0f mm",
                     lines[i]->s, (double)(w * 25.4f / 72), s->name, (double)(fw * 25.4f / 72));
            return -1;
        }
        l.lead = lead;
        l.measure = fw;   /* a right-to-left line ends at the field's right edge */
        int t = ep_tag_open(c, EP_ROLE_P, NULL);
        for (size_t k = 0; k < l.nlines; k++) ep_place_line(&c->f, c->f.page, &l, k, fx, y);
        ep_tag_close(c, t);
        y += lead;
    }
    ep_tag_close(c, to);
    return 0;
}

/* Fold marks and the punch mark, in the left margin, where the standard puts them. */
static void marks(ep_ctx *c)
{
    const ep_standard *s = c->std;
    int on = c->part->marks < 0 ? s->marks : c->part->marks;
    if (!on) return;   /* rules: decoration, which the backend marks as artifacts */
    /* On the sheet's left edge, where a folding machine and a punch expect them. */
    int mirror = c->f.mirror;
    c->f.mirror = 0;
    float h = c->f.geo.height;
    float folds[2];
    int n = s->nfolds;
    for (int i = 0; i < n; i++) folds[i] = EP_MM(s->folds[i]);
    if (!n && s->thirds) {
        folds[0] = h / 3;
        folds[1] = 2 * h / 3;
        n = 2;
    }
    for (int i = 0; i < n; i++) ep_flow_rule_at(&c->f, c->f.page, EP_MM(4), EP_MM(9), folds[i], 0.5f, 0.45f);
    if (s->punch > 0) ep_flow_rule_at(&c->f, c->f.page, EP_MM(4), EP_MM(12), EP_MM(s->punch), 0.5f, 0.45f);
    else if (!s->nfolds && s->thirds) ep_flow_rule_at(&c->f, c->f.page, EP_MM(4), EP_MM(12), h / 2, 0.5f, 0.45f);
    c->f.mirror = mirror;
}

/* The first page's footer (registration, bank details): small lines above the bottom
 * margin; the text of the first page ends above them. */
static float footer_lead(void) { return 7 * 1.3f; }

static float footer_top(const ep_ctx *c)
{
    return c->f.geo.height - c->f.geo.bottom - footer_lead() * (float)c->part->footer.n + EP_MM(6);
}

static void footer_room(ep_ctx *c)
{
    if (!c->part->footer.n) return;
    float top = footer_top(c);
    ep_flow_rule_at(&c->f, c->f.page, ep_text_left(c), c->f.geo.width - c->f.geo.right, top - EP_MM(1.5f), 0.3f, 0.6f)->rgb =
        c->set->style.color_rules;
    c->f.first_bottom = c->f.geo.height - top + EP_MM(4);
}

void ep_foot(ep_ctx *c)
{
    const ep_lines *f = &c->part->footer;
    if (!f->n) return;
    ep_tstyle tiny = ep_style_sized(c, 7, 0);
    float top = footer_top(c);
    size_t page = c->f.page;
    c->f.page = c->f.first_page;
    int t = ep_tag_open(c, EP_ROLE_LETTER_FOOTER, NULL);
    for (size_t i = 0; i < f->n; i++)
        ep_place_at(c, f->v[i].s, f->v[i].pos, &tiny, 0.35f, ep_text_left(c), top + (float)i * footer_lead(),
                    ep_flow_measure(&c->f), EP_ALIGN_START, EP_ROLE_P);
    ep_tag_close(c, t);
    c->f.page = page;
}

int ep_head_block(ep_ctx *c)
{
    const ep_part *p = c->part;
    letterhead(c, 0);
    if (c->date) {
        ep_place_text(c, c->date, p->date.pos, &c->body, 0, c->set->date_align);
        ep_space(c, c->lead);
    }
    const ep_text *lines[32];
    ep_text attention;
    size_t n = recipient_lines(c, lines, 32, &attention);
    int to = ep_tag_open(c, EP_ROLE_RECIPIENT, NULL);
    for (size_t i = 0; i < n; i++) ep_place_text(c, lines[i]->s, lines[i]->pos, &c->body, 0, EP_ALIGN_START);
    ep_tag_close(c, to);
    if (n) ep_space(c, c->lead);
    ep_reference_line(c);
    return 0;
}

int ep_head_window(ep_ctx *c)
{
    const ep_standard *s = c->std;
    letterhead(c, 1);
    /* The window and the information block are where the standard puts them on the sheet,
     * whatever the writing direction: the envelope does not mirror. */
    int mirror = c->f.mirror;
    c->f.mirror = 0;
    float bottom;
    int bad = window_field(c, &bottom);
    float info_bottom = !bad && s->info ? info_block(c) : 0;
    c->f.mirror = mirror;
    if (bad) return -1;
    if (s->date_right && c->date) {
        ep_tstyle st = c->body;
        ep_place_at(c, c->date, c->part->date.pos, &st, 0, ep_text_left(c), EP_MM(s->addr_y), ep_flow_measure(&c->f),
                    EP_ALIGN_END, EP_ROLE_P);
    }
    c->f.y = (bottom > info_bottom ? bottom : info_bottom) + EP_MM(8.46f);
    if (!s->info) ep_reference_line(c);
    if (!s->info && !s->date_right && c->date) {
        ep_place_text(c, c->date, c->part->date.pos, &c->body, 0, EP_ALIGN_START);
        c->f.y += c->lead;
    }
    return 0;
}

int ep_head(ep_ctx *c)
{
    int r = c->hooks->head(c);
    marks(c);
    footer_room(c);
    return r;
}
