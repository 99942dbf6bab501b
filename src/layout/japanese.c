/* The Japanese business letter (layout: jp): the head of its first page, and the
 * conventions of its body: 記 (the particulars) centred after the complimentary close, 以上
 * (end) closing them on the right. */
#include <string.h>

#include "layout/letter.h"

/* A Japanese business letter: the date at the top right, the recipient at the top left,
 * the sender below on the right, the subject centred. */
static int head(ep_ctx *c)
{
    const ep_part *p = c->part;
    /* The document number (our reference) stands above the date, both on the right. */
    if (p->reference.our_ref.s) ep_place_text(c, p->reference.our_ref.s, p->reference.our_ref.pos, &c->body, 0, EP_ALIGN_END);
    if (c->date) ep_place_text(c, c->date, p->date.pos, &c->body, 0, EP_ALIGN_END);
    c->f.y += c->lead * 0.5f;
    int to = ep_tag_open(c, EP_ROLE_RECIPIENT, NULL);
    for (size_t i = 0; i < p->to.address.n; i++)
        ep_place_text(c, p->to.address.v[i].s, p->to.address.v[i].pos, &c->body, 0, EP_ALIGN_START);
    if (p->to.name.s) {
        ep_tstyle big = ep_style_sized(c, c->body.size * 1.2f, 0);
        ep_place_text(c, p->to.name.s, p->to.name.pos, &big, 0, EP_ALIGN_START);
    }
    if (p->attention.s) {
        const char *label = ep_label_of(c, EP_LABEL_ATTENTION);
        const char *a = ep_arena_printf(c->f.dl->arena, "%s%s%s", label, ep_label_sep(label), p->attention.s);
        ep_place_text(c, a, p->attention.pos, &c->body, 0, EP_ALIGN_START);
    }
    ep_tag_close(c, to);
    c->f.y += c->lead * 0.6f;
    int from = ep_tag_open(c, EP_ROLE_SENDER, NULL);
    ep_tstyle small = ep_style_sized(c, c->body.size * 0.9f, 0);
    for (size_t i = 0; i < p->from.address.n; i++)
        ep_place_text(c, p->from.address.v[i].s, p->from.address.v[i].pos, &small, 0, EP_ALIGN_END);
    if (p->from.name.s) ep_place_text(c, p->from.name.s, p->from.name.pos, &c->body, 0, EP_ALIGN_END);
    const ep_text *contact[] = {&p->from.phone, &p->from.email};
    for (size_t i = 0; i < 2; i++)
        if (contact[i]->s) ep_place_text(c, contact[i]->s, contact[i]->pos, &small, 0.3f, EP_ALIGN_END);
    ep_tag_close(c, from);
    c->f.y += c->lead;
    if (p->reference.your_ref.s || p->reference.your_letter.s) {
        ep_reference r = p->reference;
        r.our_ref.s = NULL;
        ep_part q = *p;
        q.reference = r;
        const ep_part *saved = c->part;
        c->part = &q;
        ep_reference_line(c);
        c->part = saved;
    }
    return 0;
}

/* The complimentary close (敬具) ends the main text, before 記. */
static void closing_here(ep_ctx *c)
{
    const ep_part *p = c->part;
    if (!p->closing.s || c->closing_done) return;
    ep_laid l = ep_typeset_text(&c->f, p->closing.s, p->closing.pos, &c->body, ep_flow_measure(&c->f), EP_ALIGN_END);
    ep_place_laid(c, &l, ep_text_left(c), EP_ROLE_P);
    c->f.y += c->lead * 0.55f;
    c->closing_done = 1;
}

int ep_jp_paragraph(ep_ctx *c, const ep_block *b, ep_align *align, float *indent)
{
    if (b->nspans != 1) return 0;
    if (!strcmp(b->spans[0].text, "記")) {
        closing_here(c);
        *align = EP_ALIGN_CENTER;
    } else if (!strcmp(b->spans[0].text, "以上")) {
        *align = EP_ALIGN_END;
    } else {
        return 0;
    }
    *indent = 0;
    return 1;
}

const ep_standard_hooks ep_hooks_jp = {.head = head, .paragraph = ep_jp_paragraph};
