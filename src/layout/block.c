/* The block letter (layout: block): letterhead, date, recipient, subject, opening, body,
 * closing, signatories side by side, then cc, enclosures and PS. Every part of a letter
 * starts on a new page and gets a bookmark; pages after a part's first carry a header. */
#include <stdio.h>
#include <string.h>

#include "layout/layout.h"
#include "layout/letter.h"

/* keep: what must stay on a page with the last two lines of the last paragraph in b (the
 * closing and signatures, when b ends the body), passed down into a final list or quote. */
static void blocks(ep_ctx *c, const ep_block *b, size_t n, float left, float right, int depth, float keep);

static void list_block(ep_ctx *c, const ep_block *list, float left, float right, int depth, float keep)
{
    /* The labels, set first: their box is 7 mm, or as wide as the widest label needs
     * ("99999." prints whole). */
    ep_laid *labels = ep_arena_alloc(c->f.dl->arena, sizeof *labels * (list->nchildren + 1));
    float widest = 0;
    for (size_t i = 0; i < list->nchildren; i++) {
        char label[32];
        if (list->ordered) snprintf(label, sizeof label, "%ld.", (long)list->start + (long)i);
        else snprintf(label, sizeof label, "%s", depth % 2 ? "–" : "•");
        labels[i] = ep_typeset_text(&c->f, label, list->children[i].pos, &c->body, EP_MM(500), EP_ALIGN_END);
        float w = labels[i].para ? ep_para_width(labels[i].para) : 0;
        if (w > widest) widest = w;
    }
    float label_w = widest + EP_MM(2) > EP_MM(7) ? widest + EP_MM(2) : EP_MM(7);
    for (size_t i = 0; i < list->nchildren; i++) {
        const ep_block *item = &list->children[i];
        /* The label sits on the first line of the item: make sure that line is on the
         * page where the label goes. */
        ep_flow_need(&c->f, c->lead);
        size_t page = c->f.page;
        float y = c->f.y;
        ep_laid lab = labels[i];
        lab.measure = label_w - EP_MM(2);
        /* The label is placed after the item's body (which may turn the page) but comes
         * first in the structure: its element is made first. */
        int li = ep_tag_open(c, EP_ROLE_LI, NULL);
        int lbl = ep_tag_child(c, EP_ROLE_LBL, NULL);
        int body = ep_tag_open(c, EP_ROLE_LBODY, NULL);
        blocks(c, item->children, item->nchildren, left + label_w, right, depth + 1,
               i + 1 == list->nchildren ? keep : 0);
        ep_tag_close(c, body);
        int in_li = c->f.node;
        c->f.node = lbl;
        if (lab.nlines) ep_place_line(&c->f, page, &lab, 0, ep_text_left(c) + left, y);
        c->f.node = in_li;
        ep_tag_close(c, li);
        if (!list->tight && i + 1 < list->nchildren) ep_space(c, c->lead * 0.4f);
    }
}

static void blocks(ep_ctx *c, const ep_block *b, size_t n, float left, float right, int depth, float keep)
{
    float measure = ep_flow_measure(&c->f) - left - right;
    /* Chinese and Japanese paragraphs open with a two-character indent; Korean letters,
     * like Western ones, are set in blocks. */
    int indent_first = c->set->loc->indent_first;
    for (size_t i = 0; i < n; i++) {
        const ep_block *blk = &b[i];
        /* An indented style runs paragraph into paragraph, marking each new one by its
         * indent instead of a space (not the first, nor one after a heading or a list). */
        int runs_on = c->set->style.indented && depth == 0 && i && blk->kind == EP_BLOCK_PARA &&
                      b[i - 1].kind == EP_BLOCK_PARA;
        if (i && !runs_on) ep_space(c, c->lead * (depth ? 0.3f : 0.55f));
        switch (blk->kind) {
        case EP_BLOCK_PARA:
        case EP_BLOCK_HEADING: {
            ep_tstyle st = c->body;
            st.hyphenate = blk->kind == EP_BLOCK_PARA;
            if (blk->kind == EP_BLOCK_HEADING) st.bold = 1;
            float indent = indent_first && depth == 0 && blk->kind == EP_BLOCK_PARA ? 2 * st.size
                         : runs_on ? 1.5f * st.size : 0;
            ep_align align = EP_ALIGN_START;
            int justify = blk->kind == EP_BLOCK_PARA;
            /* The standard's conventions for a paragraph of the body (記 and 以上 in a
             * Japanese business letter). */
            if (c->hooks->paragraph && depth == 0 && c->hooks->paragraph(c, blk, &align, &indent)) justify = 0;
            ep_laid l = ep_typeset(&c->f, blk->spans, blk->nspans, &st, measure, indent, justify, align);
            if (blk->kind == EP_BLOCK_HEADING) ep_flow_need(&c->f, ep_laid_height(&l) + 2 * c->lead);
            /* The subject is the letter's H1: a body heading of level n is H(n+1). */
            int level = blk->level < 1 ? 1 : blk->level > 5 ? 5 : blk->level;
            int t = ep_tag_open(c, blk->kind == EP_BLOCK_HEADING ? (ep_role)(EP_ROLE_H1 + level) : EP_ROLE_P, NULL);
            /* The closing and signatures never stand on a page without the body's last lines. */
            ep_flow_place_keep(&c->f, &l, ep_text_left(c) + left, i + 1 == n ? keep : 0);
            ep_tag_close(c, t);
            break;
        }
        case EP_BLOCK_QUOTE: {
            ep_space(c, c->lead * 0.15f);
            int t = ep_tag_open(c, EP_ROLE_BLOCKQUOTE, NULL);
            blocks(c, blk->children, blk->nchildren, left + EP_MM(10), right + EP_MM(10), depth + 1,
                   i + 1 == n ? keep + ep_gap(c, c->lead * 0.15f) : 0);
            ep_tag_close(c, t);
            ep_space(c, c->lead * 0.15f);
            break;
        }
        case EP_BLOCK_LIST: {
            int t = ep_tag_open(c, EP_ROLE_L, NULL);
            list_block(c, blk, left, right, depth, i + 1 == n ? keep : 0);
            ep_tag_close(c, t);
            break;
        }
        case EP_BLOCK_ITEM:
            blocks(c, blk->children, blk->nchildren, left, right, depth + 1, i + 1 == n ? keep : 0);
            break;
        case EP_BLOCK_RULE:
            ep_flow_need(&c->f, c->lead);
            ep_space(c, c->lead * 0.5f);
            ep_flow_rule(&c->f, ep_text_left(c) + left + measure * 0.3f, ep_text_left(c) + left + measure * 0.7f, 0.5f, 0.4f);
            ep_space(c, c->lead * 0.5f);
            break;
        }
    }
}

typedef struct sigcol {
    ep_laid name, title, org;
} sigcol;

static float sigcol_height(const sigcol *s)
{
    return ep_laid_height(&s->name) + ep_laid_height(&s->title) + ep_laid_height(&s->org);
}

typedef struct sigblock {
    sigcol *sc;
    size_t n, cols;
    float gap, colw, sig_h, first_row;
    float x0;              /* where the first column starts, from the text's left edge */
    float closing_x;       /* and where the closing does */
    ep_laid closing;
} sigblock;

/* Height of the closing and the first row of signatories: what must share a page. */
static float sig_keep(const ep_ctx *c, const sigblock *b)
{
    return ep_laid_height(&b->closing) + ep_gap(c, c->lead * 0.6f) + (b->n ? b->sig_h + b->first_row : 0);
}

static void sig_prepare(ep_ctx *c, sigblock *b)
{
    const ep_part *p = c->part;
    size_t n = p->nsignatories;
    memset(b, 0, sizeof *b);
    b->n = n;
    b->cols = n <= 3 ? n : (n == 4 ? 2 : 3);
    b->gap = EP_MM(8);
    b->colw = b->cols ? (ep_flow_measure(&c->f) - b->gap * (float)(b->cols - 1)) / (float)b->cols : 0;
    /* Signatures follow a closing the style sets right or centred: they keep to columns of
     * a signature's width at that side. (A layout's own alignment, the Japanese one's, moves
     * only the closing.) */
    int follow = c->set->style.closing_align >= 0 && c->set->closing != EP_ALIGN_START;
    if (follow && b->cols) {
        if (b->colw > EP_MM(70)) b->colw = EP_MM(70);
        float row = b->colw * (float)b->cols + b->gap * (float)(b->cols - 1);
        b->x0 = (ep_flow_measure(&c->f) - row) * (c->set->closing == EP_ALIGN_END ? 1 : 0.5f);
    }
    /* Room to sign by hand: fit takes a little of it, never below 13 mm. */
    b->sig_h = EP_MM(17) * (c->space < 1 ? 0.5f + 0.5f * c->space : 1);
    if (b->sig_h < EP_MM(13)) b->sig_h = EP_MM(13);
    float colw = b->colw;
    sigcol *sc = b->sc = ep_arena_alloc(c->f.dl->arena, sizeof *sc * (n + 1));
    ep_tstyle bold = ep_style_sized(c, c->body.size, 1);
    ep_tstyle small = ep_style_sized(c, c->body.size * 0.9f, 0);
    for (size_t i = 0; i < n; i++) {
        const ep_signatory *s = &p->signatories[i];
        sc[i].name = ep_typeset_text(&c->f, s->name.s, s->name.pos, &bold, colw, EP_ALIGN_START);
        if (s->title.s) sc[i].title = ep_typeset_text(&c->f, s->title.s, s->title.pos, &small, colw, EP_ALIGN_START);
        if (s->organization.s)
            sc[i].org = ep_typeset_text(&c->f, s->organization.s, s->organization.pos, &small, colw, EP_ALIGN_START);
    }
    if (p->closing.s && c->set->closing_lines[1] && c->set->closing == EP_ALIGN_START) {
        /* 此致, two characters in, and 敬禮 on the next line at the margin. */
        const char *l0 = c->set->closing_lines[0], *l1 = c->set->closing_lines[1];
        ep_span sp[3] = {{l0, strlen(l0), 0, NULL, 0, p->closing.pos}, {"", 0, 0, NULL, 1, p->closing.pos},
                         {l1, strlen(l1), 0, NULL, 0, p->closing.pos}};
        b->closing = ep_typeset(&c->f, sp, 3, &c->body, ep_flow_measure(&c->f), 2 * c->body.size, 0, EP_ALIGN_START);
    } else if (p->closing.s) {
        b->closing = ep_typeset_text(&c->f, p->closing.s, p->closing.pos, &c->body, ep_flow_measure(&c->f),
                                     c->set->closing);
    }
    /* One signatory under a closing set right or centred: the closing and the signature
     * share a left edge, and the wider of them ends at the margin (or is centred). */
    if (follow && n == 1 && p->closing.s) {
        float w = b->closing.para ? ep_para_width(b->closing.para) : 0;
        const ep_laid *ls[] = {&sc[0].name, &sc[0].title, &sc[0].org};
        for (size_t j = 0; j < 3; j++)
            if (ls[j]->para && ep_para_width(ls[j]->para) > w) w = ep_para_width(ls[j]->para);
        if (w > ep_flow_measure(&c->f)) w = ep_flow_measure(&c->f);
        b->x0 = (ep_flow_measure(&c->f) - w) * (c->set->closing == EP_ALIGN_END ? 1 : 0.5f);
        b->closing = ep_typeset_text(&c->f, p->closing.s, p->closing.pos, &c->body, ep_flow_measure(&c->f) - b->x0,
                                     EP_ALIGN_START);
        b->closing_x = b->x0;
    }
    for (size_t i = 0; i < b->cols && i < n; i++)
        if (sigcol_height(&sc[i]) > b->first_row) b->first_row = sigcol_height(&sc[i]);
}

/* What a visible digital signature in this field will be set in (image: the signature image
 * drawn in the area, or NULL). */
static const ep_dl_sigstyle *sigstyle(ep_ctx *c, const ep_dl_item *image)
{
    /* Copied into the display list's arena: the style's faces live only while the part is
     * laid out, and the display list is written later. */
    ep_arena *a = c->f.dl->arena;
    ep_script_face *scripts = c->body.nscripts ? ep_arena_dup(a, c->body.scripts, c->body.nscripts * sizeof *scripts) : NULL;
    for (size_t i = 0; i < c->body.nscripts; i++)
        scripts[i].family = scripts[i].family ? ep_arena_strdup(a, scripts[i].family) : NULL;
    ep_dl_sigstyle *s = ep_arena_alloc(a, sizeof *s);
    *s = (ep_dl_sigstyle){.lang = ep_arena_strdup(a, c->body.loc->tag), .size = c->body.size,
                          .family = c->body.family ? ep_arena_strdup(a, c->body.family) : NULL,
                          .sans = c->body.kind == EP_FAMILY_SANS, .scripts = scripts,
                          .nscripts = c->body.nscripts, .label = ep_label_of(c, EP_LABEL_SIGNED),
                          .date = c->set->iso_date};
    if (image)
        s->image = image->as.image.path, s->ix = image->x, s->iy = image->y, s->iw = image->w, s->ih = image->h,
        s->anchor = image->as.image.anchor;
    return s;
}

/* The closing and the signatories: kept together on one page, two or three to a row. */
static void signatures(ep_ctx *c, const sigblock *b)
{
    const ep_part *p = c->part;
    size_t n = b->n, cols = b->cols;
    float gap = b->gap, colw = b->colw, sig_h = b->sig_h;
    const sigcol *sc = b->sc;
    ep_flow_need(&c->f, sig_keep(c, b));
    ep_space(c, c->lead * 0.6f);
    if (!c->closing_done) ep_place_laid(c, &b->closing, ep_text_left(c) + b->closing_x, EP_ROLE_P);
    int block = ep_tag_open(c, EP_ROLE_SIGNATURES, NULL);

    for (size_t r = 0; r * cols < n; r++) {
        float row_h = 0;
        for (size_t k = 0; k < cols && r * cols + k < n; k++)
            if (sigcol_height(&sc[r * cols + k]) > row_h) row_h = sigcol_height(&sc[r * cols + k]);
        if (r) ep_space(c, c->lead);
        ep_flow_need(&c->f, sig_h + row_h);
        float top = c->f.y;
        for (size_t k = 0; k < cols && r * cols + k < n; k++) {
            size_t i = r * cols + k;
            float x = ep_text_left(c) + b->x0 + (float)k * (colw + gap);
            ep_dl_page *pg = &c->f.dl->pages[c->f.page];
            const char *name = p->signatories[i].name.s;
            int who = ep_tag_open(c, EP_ROLE_SIGNATORY, NULL);
            size_t image = SIZE_MAX;   /* by index: adding an item may move the page's items */
            if (p->signatories[i].signature.s) {
                ep_dl_item *it = ep_dl_add_item(c->f.dl, pg, EP_DL_IMAGE);
                image = (size_t)(it - pg->items);
                it->node = ep_tag_child(c, EP_ROLE_FIGURE, ep_arena_printf(c->f.dl->arena, "Signature of %s", name));
                it->as.image.path = p->signatories[i].signature.s;
                it->x = x;
                it->y = pg->height - top - sig_h + EP_MM(1);
                it->w = colw < EP_MM(60) ? colw : EP_MM(60);
                it->h = sig_h - EP_MM(2);
                ep_flow_mirror_box(&c->f, it);
            }
            if (!p->no_signature_fields) {
                /* Where a digital signature goes: the signature area above the name. */
                ep_dl_item *fd = ep_dl_add_item(c->f.dl, &c->f.dl->pages[c->f.page], EP_DL_FIELD);
                fd->node = ep_tag_child(c, EP_ROLE_FORM, ep_arena_printf(c->f.dl->arena, "Digital signature of %s", name));
                fd->x = x;
                fd->y = pg->height - top - sig_h;
                fd->w = colw < EP_MM(70) ? colw : EP_MM(70);
                fd->h = sig_h;
                ep_flow_mirror_box(&c->f, fd);
                fd->as.field.name = p->signatories[i].field ? p->signatories[i].field : name;
                fd->as.field.label = p->signatories[i].written ? p->signatories[i].written : name;
                for (size_t j = 0; j < i; j++)
                    fd->as.field.nth += !strcmp(p->signatories[j].field ? p->signatories[j].field : p->signatories[j].name.s, fd->as.field.name);
                fd->as.field.sig = sigstyle(c, image == SIZE_MAX ? NULL : &pg->items[image]);
            }
            float y = top + sig_h;
            const ep_laid *ls[] = {&sc[i].name, &sc[i].title, &sc[i].org};
            for (size_t j = 0; j < 3; j++) {
                int t = ep_tag_open(c, EP_ROLE_P, NULL);
                for (size_t li = 0; li < ls[j]->nlines; li++) {
                    ep_place_line(&c->f, c->f.page, ls[j], li, x, y);
                    y += ls[j]->lead;
                }
                ep_tag_close(c, t);
            }
            ep_tag_close(c, who);
        }
        c->f.y = top + sig_h + row_h;
    }
    ep_tag_close(c, block);
}

/* "Label item" with further items under the first, as in a cc or enclosures list. */
static void labelled_lines(ep_ctx *c, ep_label which, const ep_lines *lines)
{
    if (!lines->n) return;
    const char *label = c->set->labels[which][lines->n > 1];
    ep_tstyle small = ep_style_sized(c, c->body.size * 0.9f, 0);
    ep_laid lab = ep_typeset_text(&c->f, label, lines->v[0].pos, &small, ep_flow_measure(&c->f), EP_ALIGN_START);
    float lw = lab.para ? ep_para_width(lab.para) + small.size * 0.6f : 0;
    if (lw < EP_MM(22)) lw = EP_MM(22);
    ep_space(c, c->lead * 0.5f);
    ep_flow_need(&c->f, lab.lead);
    int t = ep_tag_open(c, EP_ROLE_DISTRIBUTION, NULL);
    int p = ep_tag_open(c, EP_ROLE_P, NULL);
    if (lab.nlines) ep_place_line(&c->f, c->f.page, &lab, 0, ep_text_left(c), c->f.y);
    ep_tag_close(c, p);
    for (size_t i = 0; i < lines->n; i++) {
        ep_laid l = ep_typeset_text(&c->f, lines->v[i].s, lines->v[i].pos, &small, ep_flow_measure(&c->f) - lw, EP_ALIGN_START);
        ep_place_laid(c, &l, ep_text_left(c) + lw, EP_ROLE_P);
    }
    ep_tag_close(c, t);
}

static void trailers(ep_ctx *c)
{
    const ep_part *p = c->part;
    if (p->cc.n || p->enclosures.n || p->ps.s) ep_space(c, c->lead * 0.5f);
    labelled_lines(c, EP_LABEL_ENCLOSURES, &p->enclosures);
    labelled_lines(c, EP_LABEL_CC, &p->cc);
    if (p->ps.s) {
        const char *label = ep_label_of(c, EP_LABEL_PS);
        const char *sep = ep_label_sep(label);
        ep_span sp[3] = {{label, strlen(label), EP_STYLE_BOLD, NULL, 0, p->ps.pos},
                          {sep, strlen(sep), 0, NULL, 0, p->ps.pos},
                          {p->ps.s, strlen(p->ps.s), 0, NULL, 0, p->ps.pos}};
        ep_space(c, c->lead);
        ep_tstyle st = c->body;
        st.hyphenate = 1;
        ep_laid l = ep_typeset(&c->f, sp, 3, &st, ep_flow_measure(&c->f), 0, 1, EP_ALIGN_START);
        ep_place_laid(c, &l, ep_text_left(c), EP_ROLE_P);
    }
}

/* Pages after a part's first: recipient, date and "Page N of M" above a hairline. */
static void continuation_headers(ep_ctx *c)
{
    size_t total = c->f.dl->npages - c->f.first_page;
    int t = ep_tag_artifact(c);   /* a running header */
    ep_tstyle small = ep_style_sized(c, c->body.size * 0.75f, 0);
    for (size_t k = 1; k < total; k++) {
        size_t page = c->f.first_page + k;
        const char *pageno = ep_locale_page_of(c->f.dl->arena, c->set->loc, (int)k + 1, (int)total);
        const char *who = c->part->to.name.s ? c->part->to.name.s : "";
        const char *left = c->date ? ep_arena_printf(c->f.dl->arena, "%s%s%s", who, *who ? "  ·  " : "", c->date) : who;
        ep_pos pos = ep_pos_make(c->part->file, c->part->line, 1);
        ep_laid l = ep_typeset_text(&c->f, left, pos, &small, ep_flow_measure(&c->f) * 0.7f, EP_ALIGN_START);
        ep_laid r = ep_typeset_text(&c->f, pageno, pos, &small, ep_flow_measure(&c->f), EP_ALIGN_END);
        float y = c->f.geo.top;
        if (l.nlines) ep_place_line(&c->f, page, &l, 0, ep_text_left(c), y);
        if (r.nlines) ep_place_line(&c->f, page, &r, 0, ep_text_left(c), y);
        size_t saved_page = c->f.page;
        float saved_y = c->f.y;
        c->f.page = page;
        c->f.y = y + l.lead + EP_MM(1);
        ep_flow_rule(&c->f, ep_text_left(c), c->f.geo.width - c->f.geo.right, 0.4f, 0.6f)->rgb = c->set->style.color_rules;
        c->f.page = saved_page;
        c->f.y = saved_y;
    }
    ep_tag_close(c, t);
}

/* The style's faces by role. A family fontconfig does not have is said (fontconfig would
 * substitute any face, a sans-serif one for a serif family) and epistle's own face of the
 * role's kind is used instead. */
static void faces(ep_ctx *c, ep_textctx *tx, const ep_setting *set)
{
    for (int r = 0; r < EP_FACE_COUNT; r++) {
        const ep_face_choice *f = &set->style.face[r];
        /* A role the style leaves alone looks like the body. */
        const ep_face_choice *use = f->set ? f : &set->style.face[EP_FACE_BODY];
        c->kind[r] = use->sans ? EP_FAMILY_SANS : EP_FAMILY_SERIF;
        const char *family = r == EP_FACE_BODY ? set->serif : use->family.s;
        ep_pos where = f->family.pos;
        if (r == EP_FACE_BODY && set->part.font_serif.s) {
            family = set->part.font_serif.s;   /* fonts: {serif: …} in the letter */
            where = set->part.font_serif.pos;
        }
        if (family && (r == EP_FACE_BODY || f->set) && !ep_fonts_has_family(tx->fonts, family)) {
            ep_warn(tx->diag, where, EP_C_FONT_FALLBACK,
                    "font family '%s' is not installed: epistle's %s faces are used instead (fc-list : family lists "
                    "the installed ones)", family, use->sans ? "sans-serif" : "serif");
            family = NULL;
        }
        c->family[r] = family;
    }
    /* Faces by writing system: those installed. */
    c->nscripts = 0;
    for (size_t i = 0; i < set->style.nscripts; i++) {
        const ep_script_face *f = &set->style.scripts[i];
        if (!ep_fonts_has_family(tx->fonts, f->family)) {
            ep_warn(tx->diag, set->style.script_pos[i], EP_C_FONT_FALLBACK,
                    "font family '%s' is not installed: epistle's own faces are used instead (fc-list : family lists "
                    "the installed ones)", f->family);
            continue;
        }
        c->scripts[c->nscripts++] = *f;
    }
    /* The letterhead and subject follow the body's family unless the style names theirs. */
    for (int r = 1; r < EP_FACE_COUNT; r++)
        if (!set->style.face[r].set) c->family[r] = c->family[EP_FACE_BODY];
}

int ep_layout_part(ep_ctx *c, ep_dlist *dl, ep_textctx *tx, const ep_part *p, const ep_setting *set, size_t index,
                   float shrink)
{
    const ep_locale *loc = set->loc;
    ep_geometry geo = set->geo;
    c->set = set;
    c->std = set->std;
    c->hooks = ep_hooks_for(set);
    ep_flow_begin_part(&c->f, dl, tx, geo);
    c->f.node = ep_dl_node_add(dl, EP_ROLE_PART, 0, loc->tag, NULL);
    c->f.part_loc = loc;
    c->f.mirror = loc->dir == EP_DIR_RTL;
    c->part = p;
    memset(&c->body, 0, sizeof c->body);
    faces(c, tx, set);
    c->f.link_rgb = set->style.color_links;
    c->body.size = geo.body_size - shrink;
    c->body.leading = set->leading;
    c->body.loc = loc;
    c->body.family = c->family[EP_FACE_BODY];
    c->body.kind = c->kind[EP_FACE_BODY];
    c->body.scripts = c->scripts;
    c->body.nscripts = c->nscripts;
    c->body.kashida = p->kashida;
    c->body.microtype = set->style.microtype;
    c->lead = c->body.size * set->leading;
    c->date = set->date;

    const char *title = p->subject.s ? p->subject.s
                                     : ep_arena_printf(dl->arena, "Part %zu (%s)", index + 1, loc->tag);
    ep_dl_add_outline(dl, title, c->f.page, geo.height - geo.top);

    if (ep_head(c)) return -1;
    if (p->subject.s) {
        ep_tstyle st = ep_style_role(c, EP_FACE_SUBJECT, c->body.size, 1);
        ep_laid l = ep_typeset_text(&c->f, p->subject.s, p->subject.pos, &st, ep_flow_measure(&c->f),
                                    c->std->subject);
        /* The subject never ends a page: it stays with the opening and the body's first two
         * lines (the space below it, the opening, the space below that, two lines). */
        ep_flow_need(&c->f, ep_laid_height(&l) + ep_gap(c, c->lead) + (p->opening.s ? c->lead + ep_gap(c, c->lead * 0.55f) : 0) +
                                2 * c->lead);
        ep_place_laid(c, &l, ep_text_left(c), EP_ROLE_H1);
        ep_space(c, c->lead);
    }
    if (p->opening.s) {
        ep_place_text(c, p->opening.s, p->opening.pos, &c->body, 0, EP_ALIGN_START);
        ep_space(c, c->lead * 0.55f);
    }
    sigblock sb;
    sig_prepare(c, &sb);
    c->tail_keep = sig_keep(c, &sb);
    blocks(c, p->body, p->nbody, 0, 0, 0, c->tail_keep);
    signatures(c, &sb);
    trailers(c);
    ep_foot(c);
    continuation_headers(c);
    return 0;
}
