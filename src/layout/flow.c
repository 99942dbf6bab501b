#include "layout/flow.h"

#include <math.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/memo.h"

void ep_flow_begin_part(ep_flow *f, ep_dlist *dl, ep_textctx *tx, ep_geometry geo)
{
    memset(f, 0, sizeof *f);
    f->dl = dl;
    f->tx = tx;
    f->geo = geo;
    f->top_continued = geo.top + EP_MM(14);
    ep_dl_add_page(dl, geo.width, geo.height);
    f->page = dl->npages - 1;
    f->first_page = f->page;
    f->y = f->page_top = geo.top;
}

void ep_flow_new_page(ep_flow *f)
{
    float room = f->geo.height - ep_flow_bottom(f) - f->y;
    if (room > 0) f->slack += room;
    ep_dl_add_page(f->dl, f->geo.width, f->geo.height);
    f->page = f->dl->npages - 1;
    f->y = f->page_top = f->top_continued;
}

float ep_flow_bottom(const ep_flow *f)
{
    return f->page == f->first_page && f->first_bottom > 0 ? f->first_bottom : f->geo.bottom;
}

void ep_flow_need(ep_flow *f, float height)
{
    if (f->y + height > f->geo.height - ep_flow_bottom(f) + 0.01f && f->y > f->page_top + 0.01f)
        ep_flow_new_page(f);
}

float ep_flow_measure(const ep_flow *f) { return f->geo.width - f->geo.left - f->geo.right; }

ep_laid ep_typeset(ep_flow *f, const ep_span *spans, size_t n, const ep_tstyle *st,
                   float measure, float first_indent, int justify, ep_align align)
{
    ep_laid l;
    memset(&l, 0, sizeof l);
    l.size = st->size;
    l.lead = st->size * (st->leading > 0 ? st->leading : st->loc->leading);
    l.measure = measure;
    l.first_indent = first_indent;
    l.align = align;
    l.para = ep_memo_typeset(f->tx, spans, n, st, measure, first_indent, justify, &l.lines, &l.nlines);
    return l;
}

ep_laid ep_typeset_text(ep_flow *f, const char *text, ep_pos pos, const ep_tstyle *st,
                        float measure, ep_align align)
{
    ep_span sp = {text, strlen(text), 0, NULL, 0, pos};
    ep_tstyle plain = *st;
    plain.hyphenate = 0;   /* names, addresses, labels */
    return ep_typeset(f, &sp, 1, &plain, measure, 0, 0, align);
}

/* The language of a run in another writing system than its part's: a Chinese name in an
 * English letter, an English word in a Chinese one (the language the text engine shaped it
 * in). */
static const char *run_lang(const ep_flow *f, const ep_para *p, const ep_run *r)
{
    if (!r->face || !r->loc || r->loc == f->part_loc) return NULL;
    int letters = 0;
    for (uint32_t b = r->start; b < r->end && !letters; b++) {
        unsigned char ch = (unsigned char)p->text[b];
        letters = ch >= 0x80 || (unsigned)((ch | 0x20) - 'a') < 26u;
    }
    return letters ? r->loc->tag : NULL;
}

/* The element a run's glyphs belong to: the paragraph's, or a Link or a Span inside it. */
static int content_node(ep_flow *f, const ep_para *p, const ep_run *r)
{
    if (!f->node) return 0;
    int parent = f->node;
    const char *lang = run_lang(f, p, r);
    if (lang) {
        if (!(f->span_parent == parent && f->span_lang && !strcmp(f->span_lang, lang)))
            f->span_node = ep_dl_node_add(f->dl, EP_ROLE_SPAN, parent, lang, NULL);
        f->span_parent = parent;
        f->span_lang = lang;
        parent = f->span_node;
    } else {
        f->span_parent = 0;
    }
    if (r->href) {
        if (!(f->link_parent == parent && f->link_href == r->href))
            f->link_node = ep_dl_node_add(f->dl, EP_ROLE_LINK, parent, NULL, NULL);
        f->link_parent = parent;
        f->link_href = r->href;
        return f->link_node;
    }
    f->link_parent = 0;
    return parent;
}

/* A right-to-left run's glyphs are written in the order they are read, each where it is shown
 * (the PDF moves back for each): a text extractor then sees the letters in logical order and
 * each mark after its base. Glyphs of one cluster stay together, in their order. */
static void logical_order(ep_dl_glyph *g, size_t n)
{
    for (size_t i = 0, j = n; i < j;) {
        ep_dl_glyph t = g[i];
        g[i] = g[j - 1];
        g[j - 1] = t;
        i++, j--;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && g[j].cl_off == g[i].cl_off) j++;
        for (size_t a = i, b = j; a < b; a++, b--) {
            ep_dl_glyph t = g[a];
            g[a] = g[b - 1];
            g[b - 1] = t;
        }
        i = j;
    }
}

/* A letter a right-to-left font draws with no advance, as part of the letter before it (the
 * alef of lam-alef), stands a hair to the left of that letter, where it is read: otherwise
 * the two share a position, and a text extractor may read them in either order. (Joiners
 * and other invisible characters have no glyph at all: HarfBuzz removes them.) */
static float nudge(const ep_para *p, const ep_glyph *g)
{
    if (g->adv != 0) return 0;
    UChar32 c;
    int32_t at = (int32_t)g->text;
    U8_NEXT(p->text, at, (int32_t)p->len, c);
    int type = u_charType(c);
    return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK ? 0 : 0.02f;
}

/* A run of n glyphs of r at (x, y), in the element the run belongs to. */
static ep_dl_item *glyph_item(ep_flow *f, ep_dl_page *pg, const ep_laid *l, const ep_run *r, float x, float y, size_t n)
{
    ep_dl_item *it = ep_dl_add_item(f->dl, pg, EP_DL_GLYPHS);
    it->node = content_node(f, l->para, r);
    it->as.run.face = r->face;
    it->as.run.size = r->size;
    it->gray = l->gray;
    it->rgb = r->href && f->link_rgb ? f->link_rgb : l->rgb;
    it->as.run.text = l->para->text;
    it->x = x;
    it->y = y;
    it->as.run.nglyphs = n;
    it->as.run.glyphs = ep_arena_alloc(f->dl->arena, sizeof *it->as.run.glyphs * (n + 1));
    return it;
}

/* Spacing that is not a character between two pieces of a line (the quarter em between
 * East Asian and Latin text, where neither side is a space) is marked on the piece before
 * it, for the backend to bridge: text extractors read a space into any gap wider than a
 * tenth of an em or so, and this one stands for none. */
static void bridge(ep_dl_item *prev, float prev_end, const ep_dl_item *next, const ep_para *p, const ep_glyph *first)
{
    if (!prev->as.run.nglyphs) return;
    float gap = next->x + next->as.run.glyphs[0].x - prev_end;
    const ep_dl_glyph *last = &prev->as.run.glyphs[prev->as.run.nglyphs - 1];
    if (gap < 0.05f * prev->as.run.size || !last->cl_len || p->text[last->cl_off] == ' ' || p->text[first->text] == ' ')
        return;
    hb_codepoint_t space;
    if (!hb_font_get_nominal_glyph(prev->as.run.face->hb_font, ' ', &space)) return;
    prev->as.run.bridge = gap;
    prev->as.run.bridge_gid = space;
}

/* The glyph shown k-th from the left of a line. */
static size_t visual(const ep_line *ln, size_t k) { return ln->vis ? ln->vis[k] : ln->g0 + k; }

void ep_place_line(ep_flow *f, size_t page, const ep_laid *l, size_t i, float x, float y)
{
    const ep_line *ln = &l->lines[i];
    const ep_para *p = l->para;
    ep_dl_page *pg = &f->dl->pages[page];
    float indent = i == 0 ? l->first_indent : 0;
    float avail = l->measure - indent;
    /* How far the line starts from the start edge of its box, then where that is. */
    float off = indent;
    if (l->align == EP_ALIGN_END) off += avail - ln->width;
    else if (l->align == EP_ALIGN_CENTER) off += (avail - ln->width) / 2;
    float box = f->mirror ? pg->width - x - l->measure : x;
    float ox = p->dir == EP_DIR_RTL ? box + l->measure - off - ln->width : box + off;
    /* Baseline sits so that lines of one size stack evenly, whatever the face. */
    float baseline = pg->height - (y + l->lead * 0.5f + l->size * 0.36f);
    size_t n = ln->g1 - ln->g0;
    /* Items by index: adding one may move the page's items. */
    size_t first = SIZE_MAX, last = SIZE_MAX;
    uint32_t first_run = 0, last_run = 0;
    float last_end = 0;
    /* The line's runs as shown (maximal pieces of one run, left to right), written in the
     * order they are read, so that the content stream holds the text in logical order. */
    typedef struct piece { size_t k, e, logical; } piece;
    piece *pc = ep_arena_alloc(f->dl->arena, sizeof *pc * (n + 1));
    size_t npc = 0;
    for (size_t k = 0; k < n;) {
        uint32_t run = p->glyphs[visual(ln, k)].run;
        size_t e = k, lo = SIZE_MAX;
        for (; e < n && p->glyphs[visual(ln, e)].run == run; e++)
            if (visual(ln, e) < lo) lo = visual(ln, e);
        size_t at = npc++;
        while (at > 0 && pc[at - 1].logical > lo) pc[at] = pc[at - 1], at--;
        pc[at] = (piece){k, e, lo};
        k = e;
    }
    size_t prev = SIZE_MAX;    /* the piece before (its item's index), where the line runs left to right */
    float prev_end = 0;
    for (size_t q = 0; q < npc; q++) {
        size_t k = pc[q].k, e = pc[q].e;
        size_t g = visual(ln, k);
        uint32_t run = p->glyphs[g].run;
        int has_end = 0;   /* holds the line's last glyph in logical order */
        for (size_t v = k; v < e; v++) has_end |= visual(ln, v) == ln->g1 - 1;
        const ep_run *r = &p->runs[run];
        float x0 = ln->x[g - ln->g0];
        ep_dl_item *it = glyph_item(f, pg, l, r, ox + x0, baseline,
                                    e - k + (ln->hyphen && ln->hyphen_run == run && has_end));
        if (ln->expand != 0 && !r->cjk && !r->rtl) it->as.run.hscale = 1 + ln->expand;
        float w = 0;
        for (size_t v = k; v < e; v++) {
            const ep_glyph *gl = &p->glyphs[visual(ln, v)];
            float gx = ln->x[visual(ln, v) - ln->g0] - x0;
            it->as.run.glyphs[v - k] = (ep_dl_glyph){gl->gid, gx + gl->dx - (r->rtl ? nudge(p, gl) : 0), gl->dy, gl->text,
                                              gl->text_end - gl->text};
            float adv = gl->adv * (it->as.run.hscale > 0 ? it->as.run.hscale : 1);
            if (gx + adv > w) w = gx + adv;
        }
        if (r->rtl) logical_order(it->as.run.glyphs, e - k);
        if (it->as.run.nglyphs > e - k) {
            /* The hyphen a break added: drawn with the word's face, standing for no text. */
            uint32_t at = p->glyphs[ln->g1 - 1].cluster_end;
            it->as.run.glyphs[e - k] = (ep_dl_glyph){ln->hyphen_gid, ln->hyphen_x - x0, 0, at, 0};
        }
        if (!ln->vis) {
            if (prev != SIZE_MAX) bridge(&pg->items[prev], prev_end, it, p, &p->glyphs[visual(ln, k)]);
            prev = (size_t)(it - pg->items);
            prev_end = it->x + w;
        }
        if (k == 0) first = (size_t)(it - pg->items), first_run = run;
        if (e == n) last = (size_t)(it - pg->items), last_run = run, last_end = w;
        if (r->href) {
            float asc = (float)r->face->ascender * r->size / (float)r->face->upem;
            float desc = (float)-r->face->descender * r->size / (float)r->face->upem;
            float at_x = it->x;   /* (adding an item may move the page's items, it with them) */
            ep_dl_item *lk = ep_dl_add_item(f->dl, pg, EP_DL_LINK);
            lk->node = f->node ? f->link_node : 0;
            lk->x = at_x;
            lk->y = baseline - desc;
            lk->w = w;
            lk->h = asc + desc;
            lk->as.link.uri = r->href;
        }
    }
    /* Lengthened joins: tatweel across each gap, as many as cover it (the last overlaps the
     * one before), standing for no text. */
    for (size_t j = 0; j < ln->nkash; j++) {
        const ep_kashida *kd = &ln->kash[j];
        const ep_run *r = &p->runs[kd->run];
        float adv = (float)hb_font_get_glyph_h_advance(r->face->hb_font, kd->gid) * r->size / (float)r->face->upem;
        if (adv <= 0) continue;
        size_t count = (size_t)ceilf(kd->w / adv - 0.01f);
        if (!count) count = 1;
        ep_dl_item *it = glyph_item(f, pg, l, r, ox + kd->x, baseline, count);
        uint32_t at = p->glyphs[kd->before < p->nglyphs ? kd->before : p->nglyphs - 1].cluster;
        for (size_t k = 0; k < count; k++)
            it->as.run.glyphs[k] = (ep_dl_glyph){kd->gid, fminf((float)k * adv, kd->w - adv), 0, at, 0};
    }
    /* The space a break swallowed stays in the text, invisible at the line's end (the left
     * end of a right-to-left line): text read from the structure (by screen readers) then
     * keeps its words apart. */
    size_t sp = ln->g1;
    int rtl = p->dir == EP_DIR_RTL;
    ep_dl_item *end = (rtl ? first : last) == SIZE_MAX ? NULL : &pg->items[rtl ? first : last];
    if (end && !ln->hyphen && i + 1 < l->nlines && sp < l->lines[i + 1].g0 && sp < p->nglyphs &&
        p->glyphs[sp].run == (rtl ? first_run : last_run) && p->text[p->glyphs[sp].cluster] == ' ') {
        const ep_glyph *gl = &p->glyphs[sp];
        ep_dl_glyph *ng = ep_arena_alloc(f->dl->arena, sizeof *ng * (end->as.run.nglyphs + 1));
        ep_dl_glyph space = {gl->gid, rtl ? -gl->adv : last_end, 0, gl->text, gl->text_end - gl->text};
        memcpy(ng + rtl, end->as.run.glyphs, sizeof *ng * end->as.run.nglyphs);
        ng[rtl ? 0 : end->as.run.nglyphs] = space;
        end->as.run.glyphs = ng;
        end->as.run.nglyphs++;
    }
}

void ep_flow_place(ep_flow *f, const ep_laid *l, float x) { ep_flow_place_keep(f, l, x, 0); }

void ep_flow_place_keep(ep_flow *f, const ep_laid *l, float x, float keep_after)
{
    size_t n = l->nlines, k = n;
    float limit = f->geo.height - ep_flow_bottom(f);
    float avail = limit - f->y;
    /* Where the page breaks inside this paragraph: never after its first line (no orphan),
     * never before its last (no widow), and the last two lines go with what must follow. A
     * paragraph that starts at the top of a page breaks where the page ends: moving it on
     * would gain nothing. */
    if ((float)n * l->lead + keep_after > avail + 0.01f) {
        int at_top = f->y <= f->page_top + 0.01f;
        size_t m = avail > 0 ? (size_t)((avail + 0.01f) / l->lead) : 0;
        if (n == 1) k = at_top || (keep_after <= 0 && m >= 1) ? 1 : 0;
        else {
            k = m < n ? m : n;
            if (k > n - 2) k = n - 2;
            if (k < 2) k = !at_top ? 0 : m < 1 ? 1 : m < n ? m : n;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (i == k && i > 0) ep_flow_new_page(f);
        else if (i == 0 && k == 0 && n) ep_flow_need(f, (float)n * l->lead + keep_after);
        else if (i > k) {
            /* A paragraph longer than a page: the same rules on the following pages. */
            float need = i + 2 == n ? 2 * l->lead + keep_after : i + 1 == n ? l->lead + keep_after : l->lead;
            ep_flow_need(f, need);
        }
        ep_place_line(f, f->page, l, i, x, f->y);
        f->y += l->lead;
        f->lines += l->lead;
    }
}

void ep_flow_mirror_box(const ep_flow *f, ep_dl_item *it)
{
    if (!f->mirror) return;
    it->x = f->geo.width - it->x - it->w;
    it->as.image.anchor = 1 - it->as.image.anchor;
}

ep_dl_item *ep_flow_rule_at(ep_flow *f, size_t page, float x0, float x1, float y, float width, float gray)
{
    ep_dl_page *pg = &f->dl->pages[page];
    ep_dl_item *it = ep_dl_add_item(f->dl, pg, EP_DL_RULE);
    if (f->mirror) {
        float m0 = pg->width - x1;
        x1 = pg->width - x0;
        x0 = m0;
    }
    it->x = x0;
    it->y = pg->height - y;
    it->w = x1 - x0;
    it->h = 0;
    it->as.rule.line_width = width;
    it->gray = gray;
    return it;
}

ep_dl_item *ep_flow_rule(ep_flow *f, float x0, float x1, float width, float gray)
{
    return ep_flow_rule_at(f, f->page, x0, x1, f->y, width, gray);
}
