#include "resolve/setting.h"

#include "resolve/punct.h"

#include <stdio.h>
#include <string.h>

/* "a, b, c" from a NULL-terminated list, for messages. */
static void list_names(char *buf, size_t size, const char *const *names, size_t n)
{
    buf[0] = 0;
    for (size_t i = 0; i < n && names[i]; i++) {
        strncat(buf, i ? ", " : "", size - strlen(buf) - 1);
        strncat(buf, names[i], size - strlen(buf) - 1);
    }
}

/* 此致 and 敬禮 (or 敬礼) in one closing, apart by spaces (an ideographic space, too): the two
 * lines of a Chinese letter's close. */
static void chinese_closing(ep_arena *a, const char *text, ep_setting *s)
{
    static const char *const first[] = {"此致"};
    for (size_t i = 0; i < sizeof first / sizeof *first; i++) {
        size_t n = strlen(first[i]);
        if (strncmp(text, first[i], n)) continue;
        const char *rest = text + n;
        size_t gap = 0;
        for (;;) {
            if (rest[gap] == ' ' || rest[gap] == '\t') gap++;
            else if (!strncmp(rest + gap, "\xE3\x80\x80", 3)) gap += 3;   /* U+3000 */
            else break;
        }
        if (!gap || !rest[gap]) return;
        s->closing_lines[0] = ep_arena_strndup(a, text, n);
        s->closing_lines[1] = ep_arena_strdup(a, rest + gap);
        return;
    }
}

static int resolve_part(const ep_part *p, ep_diag *d, ep_arena *a, ep_setting *s)
{
    int failed = 0;
    char set[128];
    memset(s, 0, sizeof *s);
    s->loc = ep_locale_get(p->lang.s);
    if (!s->loc) {
        char tag[64], hint[160];
        ep_pos at = p->lang.pos;
        if (ep_locale_suggest(p->lang.s, tag, sizeof tag)) {
            snprintf(hint, sizeof hint, "write 'lang: %s'%s", tag,
                     !strcmp(tag, "zh") ? " (zh-Hant for Traditional Chinese, zh-Hans for Simplified)" : "");
            ep_error_hint(d, at, EP_C_UNKNOWN_LANGUAGE, hint, "unknown language tag '%s'; did you mean '%s'?", p->lang.s, tag);
        } else {
            ep_error_hint(d, at, EP_C_UNKNOWN_LANGUAGE, "a BCP 47 tag: a language code, then a script or region if needed, "
                          "such as en-GB, de, zh-Hant, ar",
                          "unknown language tag '%s'", p->lang.s);
        }
        failed = 1;
    }
    if (p->paper.s && !ep_paper_known(p->paper.s)) {
        list_names(set, sizeof set, ep_paper_names(), 16);
        ep_error(d, p->paper.pos, EP_C_UNKNOWN_PAPER, "unknown paper '%s' (known: %s)", p->paper.s, set);
        failed = 1;
    }
    s->std = ep_standard_for(p->layout.s, p->window.s);
    if (!s->std) {
        const char *names[16];
        list_names(set, sizeof set, names, ep_standard_names(names, 16));
        ep_error(d, p->layout.pos, EP_C_UNKNOWN_LAYOUT, "unknown layout '%s' (known: %s)", p->layout.s, set);
        failed = 1;
    }
    if (p->window.s && strcmp(p->window.s, "left") && strcmp(p->window.s, "right")) {
        ep_error(d, p->window.pos, EP_C_INVALID_VALUE, "window must be 'left' or 'right', not '%s'", p->window.s);
        failed = 1;
    }
    if (ep_style_resolve(&p->style, d, &s->style)) failed = 1;
    if (failed) return -1;
    s->geo = ep_geometry_for(p->paper.s ? p->paper.s : s->std->paper ? s->std->paper : s->loc->paper);
    if (s->std->left > 0) {
        s->geo.left = EP_MM(s->std->left);
        s->geo.right = EP_MM(s->std->right);
        s->geo.top = EP_MM(s->std->top);
        s->geo.bottom = EP_MM(s->std->bottom);
    }
    /* A standard that fixes the margins (a window envelope's geometry) keeps them whatever
     * the style says. */
    const ep_style *st = &s->style;
    float *margin[EP_MARGIN_COUNT] = {[EP_MARGIN_TOP] = &s->geo.top, [EP_MARGIN_BOTTOM] = &s->geo.bottom,
                                      [EP_MARGIN_LEFT] = &s->geo.left, [EP_MARGIN_RIGHT] = &s->geo.right};
    for (int m = 0; m < EP_MARGIN_COUNT && s->std->left <= 0; m++)
        if (st->margin[m] >= 0) *margin[m] = st->margin[m];
    if (st->size > 0) s->geo.body_size = st->size;
    s->leading = st->leading > 0 ? st->leading : st->leading_pt > 0 ? st->leading_pt / s->geo.body_size : s->loc->leading;
    /* Language conventions: a Japanese letter puts its date and 敬具 on the right whatever
     * layout sets its body in blocks. */
    int ja = s->loc->cjk == EP_CJK_JP && s->std->kind == EP_HEAD_BLOCK;
    s->closing = st->closing_align >= 0 ? (ep_align)st->closing_align : ja ? EP_ALIGN_END : s->std->closing;
    s->date_align = ja ? EP_ALIGN_END : EP_ALIGN_START;
    if (p->closing.s && (s->loc->cjk == EP_CJK_TC || s->loc->cjk == EP_CJK_SC)) chinese_closing(a, p->closing.s, s);
    for (int k = 0; k < EP_LABEL_COUNT; k++) {
        s->labels[k][0] = st->labels[k][0] ? st->labels[k][0] : s->loc->labels[k];
        s->labels[k][1] = st->labels[k][1] ? st->labels[k][1] : s->loc->labels[k];
    }
    const char *day = ep_date_read(a, d, s->loc, p->date.s, p->date.pos, &failed);
    s->date = ep_locale_date(a, s->loc, day);
    s->iso_date = day && strlen(day) == 10 && day[4] == '-' && day[7] == '-' ? day : NULL;
    s->serif = p->font_serif.s ? p->font_serif.s : st->face_body;
    s->part = *p;
    ep_smart_part(a, s->loc, &s->part);
    return failed ? -1 : 0;
}

static void docinfo(const ep_letter *l, const ep_resolved *r, ep_docinfo *info)
{
    memset(info, 0, sizeof *info);
    if (!l->nparts) return;
    const ep_part *first = &r->parts[0].part;
    info->title = first->subject.s;
    info->subject = first->subject.s;
    info->recipient = first->to.name.s;
    info->lang = r->parts[0].loc->tag;
    info->rtl = r->parts[0].loc->dir == EP_DIR_RTL;
    size_t len = 0;
    for (size_t i = 0; i < first->nsignatories; i++) len += strlen(first->signatories[i].name.s) + 2;
    if (!len) return;
    char *authors = ep_arena_alloc(l->arena, len + 1);
    for (size_t i = 0; i < first->nsignatories; i++) {
        if (i) strcat(authors, ", ");
        strcat(authors, first->signatories[i].name.s);
    }
    info->author = authors;
}

int ep_resolve_letter(const ep_letter *l, ep_diag *d, ep_resolved *r)
{
    memset(r, 0, sizeof *r);
    r->parts = ep_arena_alloc(l->arena, sizeof *r->parts * (l->nparts + 1));
    r->nparts = l->nparts;
    int failed = 0;
    for (size_t i = 0; i < l->nparts; i++)
        if (resolve_part(&l->parts[i], d, l->arena, &r->parts[i])) failed = 1;
    if (failed) return -1;
    docinfo(l, r, &r->info);
    return 0;
}
