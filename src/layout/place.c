/* Placing text and structure elements: what the first page's head (head.c, japanese.c) and
 * the body (block.c) share. */
#include <string.h>
#include <unicode/utf8.h>

#include "layout/letter.h"

int ep_tag_open(ep_ctx *c, ep_role role, const char *alt)
{
    int saved = c->f.node;
    if (saved) c->f.node = c->tag_last = ep_dl_node_add(c->f.dl, role, saved, NULL, alt);
    return saved;
}

int ep_tag_child(ep_ctx *c, ep_role role, const char *alt)
{
    return c->f.node ? ep_dl_node_add(c->f.dl, role, c->f.node, NULL, alt) : 0;
}

void ep_tag_close(ep_ctx *c, int saved) { c->f.node = saved; }

void ep_tag_scope(ep_ctx *c, ep_scope scope)
{
    if (c->tag_last) c->f.dl->nodes[c->tag_last].scope = scope;
}

int ep_tag_artifact(ep_ctx *c)
{
    int saved = c->f.node;
    c->f.node = 0;
    return saved;
}

ep_tstyle ep_style_sized(const ep_ctx *c, float size, int bold)
{
    ep_tstyle s = c->body;
    s.size = size;
    s.bold = bold;
    return s;
}

ep_tstyle ep_style_role(const ep_ctx *c, ep_face_role role, float size, int bold)
{
    ep_tstyle s = ep_style_sized(c, size, bold);
    s.family = c->family[role];
    s.kind = c->kind[role];
    return s;
}

float ep_text_left(const ep_ctx *c) { return c->f.geo.left; }

const char *ep_label_sep(const char *label)
{
    int32_t n = (int32_t)strlen(label), i = n;
    UChar32 last = 0;
    if (n) U8_PREV(label, 0, i, last);
    return (last >= 0x3000 && last <= 0x303F) || (last >= 0xFF00 && last <= 0xFFEF) ? "" : " ";
}

void ep_place_laid(ep_ctx *c, const ep_laid *l, float x, ep_role role)
{
    int t = ep_tag_open(c, role, NULL);
    ep_flow_place(&c->f, l, x);
    ep_tag_close(c, t);
}

void ep_place_text(ep_ctx *c, const char *text, ep_pos pos, const ep_tstyle *st, float gray, ep_align align)
{
    if (!text || !*text) return;
    ep_laid l = ep_typeset_text(&c->f, text, pos, st, ep_flow_measure(&c->f), align);
    l.gray = gray;
    ep_place_laid(c, &l, ep_text_left(c), EP_ROLE_P);
}

float ep_place_at(ep_ctx *c, const char *text, ep_pos pos, const ep_tstyle *st, float gray, float x, float y,
                  float width, ep_align align, ep_role role)
{
    if (!text || !*text) return 0;
    ep_laid l = ep_typeset_text(&c->f, text, pos, st, width, align);
    l.gray = gray;
    int t = ep_tag_open(c, role, NULL);
    for (size_t i = 0; i < l.nlines; i++) ep_place_line(&c->f, c->f.page, &l, i, x, y + (float)i * l.lead);
    ep_tag_close(c, t);
    return ep_laid_height(&l);
}
