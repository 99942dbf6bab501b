/* Body: CommonMark (cmark) turned into the letter's block tree. Inline markup is
 * flattened into styled spans; the layout never sees cmark nodes. */
#include <cmark.h>
#include <string.h>

#include "letter/model.h"

typedef struct bp {
    ep_arena *a;
    ep_diag *d;
    const char *file;
    int first_line;
    int depth;
} bp;

enum { EP_MAX_NESTING = 32 };

typedef struct span_vec {
    ep_span *v;
    size_t n, cap;
    size_t tcap;   /* room in the last span's text, 0 while it is an exact copy */
} span_vec;

static ep_pos cm_pos(bp *b, cmark_node *n)
{
    return ep_pos_make(b->file, b->first_line + cmark_node_get_start_line(n) - 1,
                       cmark_node_get_start_column(n));
}

static void push_span(bp *b, span_vec *sv, const char *text, size_t len, unsigned style,
                      const char *href, int hard, ep_pos pos)
{
    /* Adjacent text with the same style joins into one span: fewer, longer runs shape better. */
    if (!hard && sv->n && !sv->v[sv->n - 1].hard_break && sv->v[sv->n - 1].style == style &&
        sv->v[sv->n - 1].href == href) {
        /* The text grows by doubling: twenty thousand soft line breaks in one paragraph
         * must not copy it twenty thousand times. */
        ep_span *last = &sv->v[sv->n - 1];
        if (last->len + len + 1 > sv->tcap) {
            size_t cap = sv->tcap ? sv->tcap * 2 : 64;
            while (cap < last->len + len + 1) cap *= 2;
            char *grown = ep_arena_alloc(b->a, cap);
            memcpy(grown, last->text, last->len);
            last->text = grown;
            sv->tcap = cap;
        }
        memcpy((char *)last->text + last->len, text, len);
        last->len += len;
        ((char *)last->text)[last->len] = 0;
        return;
    }
    sv->v = ep_arena_grow(b->a, sv->v, sizeof *sv->v, &sv->cap, sv->n + 1);
    ep_span *s = &sv->v[sv->n++];
    sv->tcap = 0;
    s->text = ep_arena_strndup(b->a, text, len);
    s->len = len;
    s->style = style;
    s->href = href;
    s->hard_break = hard;
    s->pos = pos;
}

static void inlines(bp *b, cmark_node *parent, unsigned style, const char *href, span_vec *sv)
{
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        const char *lit;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            lit = cmark_node_get_literal(n);
            if (lit)
                push_span(b, sv, lit, strlen(lit),
                          style | (cmark_node_get_type(n) == CMARK_NODE_CODE ? EP_STYLE_CODE : 0),
                          href, 0, cm_pos(b, parent));
            break;
        case CMARK_NODE_SOFTBREAK:
            push_span(b, sv, " ", 1, style, href, 0, cm_pos(b, parent));
            break;
        case CMARK_NODE_LINEBREAK:
            push_span(b, sv, "", 0, style, href, 1, cm_pos(b, parent));
            break;
        case CMARK_NODE_EMPH:
            inlines(b, n, style | EP_STYLE_ITALIC, href, sv);
            break;
        case CMARK_NODE_STRONG:
            inlines(b, n, style | EP_STYLE_BOLD, href, sv);
            break;
        case CMARK_NODE_LINK: {
            const char *url = cmark_node_get_url(n);
            /* A link that would run something or open a local file stays text (a template's
             * {{field}} is checked when a record fills it). */
            if (url && strlen(url) > EP_MAX_URL) {
                ep_error(b->d, cm_pos(b, n), EP_C_TOO_LARGE, "URL longer than %d characters", EP_MAX_URL);
                url = NULL;
            } else if (url && *url && !strstr(url, "{{") && !ep_link_allowed(url)) {
                ep_warn(b->d, cm_pos(b, n), EP_C_LINK, "the link to '%.60s' is not http, https or mailto: kept as text",
                        url);
                url = NULL;
            }
            inlines(b, n, style, url && *url ? ep_arena_strdup(b->a, url) : href, sv);
            break;
        }
        case CMARK_NODE_IMAGE:
            /* Inline images have no place in a letter body; keep their alt text. */
            inlines(b, n, style, href, sv);
            break;
        default:
            /* Raw HTML and custom inlines are not rendered. */
            break;
        }
    }
}

static int blocks(bp *b, cmark_node *parent, ep_block **out, size_t *nout);

static int one_block(bp *b, cmark_node *n, ep_block *blk)
{
    memset(blk, 0, sizeof *blk);
    blk->pos = cm_pos(b, n);
    span_vec sv = {0};
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
        blk->kind = cmark_node_get_type(n) == CMARK_NODE_HEADING ? EP_BLOCK_HEADING : EP_BLOCK_PARA;
        blk->level = cmark_node_get_heading_level(n);
        inlines(b, n, blk->kind == EP_BLOCK_HEADING ? EP_STYLE_BOLD : 0, NULL, &sv);
        blk->spans = sv.v;
        blk->nspans = sv.n;
        return blk->nspans ? 0 : 1;
    case CMARK_NODE_CODE_BLOCK: {
        /* A code block is set line by line in the text face, with its breaks kept. */
        blk->kind = EP_BLOCK_PARA;
        const char *lit = cmark_node_get_literal(n);
        const char *p = lit ? lit : "";
        while (*p) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            push_span(b, &sv, p, len, EP_STYLE_CODE, NULL, 0, blk->pos);
            if (e && e[1]) push_span(b, &sv, "", 0, EP_STYLE_CODE, NULL, 1, blk->pos);
            p = e ? e + 1 : p + len;
        }
        blk->spans = sv.v;
        blk->nspans = sv.n;
        return blk->nspans ? 0 : 1;
    }
    case CMARK_NODE_THEMATIC_BREAK:
        blk->kind = EP_BLOCK_RULE;
        return 0;
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
        if (++b->depth > EP_MAX_NESTING) {
            ep_error(b->d, blk->pos, EP_C_NESTING, "quotes and lists are nested more than %d deep", EP_MAX_NESTING);
            return -1;
        }
        blk->kind = cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE ? EP_BLOCK_QUOTE
                    : cmark_node_get_type(n) == CMARK_NODE_LIST     ? EP_BLOCK_LIST
                                                                    : EP_BLOCK_ITEM;
        if (blk->kind == EP_BLOCK_LIST) {
            blk->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
            blk->start = cmark_node_get_list_start(n);
            blk->tight = cmark_node_get_list_tight(n);
        }
        int r = blocks(b, n, &blk->children, &blk->nchildren);
        b->depth--;
        return r;
    default:
        return 1;   /* HTML blocks and the like: skipped */
    }
}

static int blocks(bp *b, cmark_node *parent, ep_block **out, size_t *nout)
{
    size_t cnt = 0;
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) cnt++;
    ep_block *v = ep_arena_alloc(b->a, (cnt ? cnt : 1) * sizeof *v);
    size_t i = 0;
    int failed = 0;
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        int r = one_block(b, n, &v[i]);
        if (r < 0) failed = 1;
        else if (r == 0) i++;
    }
    *out = v;
    *nout = i;
    return failed ? -1 : 0;
}

int ep_body_parse(ep_arena *a, ep_diag *d, const char *file, int first_line,
                  const char *md, size_t len, ep_part *part)
{
    /* Not CMARK_OPT_SMART: quotation marks depend on the language, which the resolve stage
     * knows (resolve/punct.c). */
    cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8);
    if (!doc) {
        ep_error(d, ep_pos_make(file, first_line, 1), EP_C_INTERNAL, "cannot parse the letter body");
        return -1;
    }
    bp b = {a, d, file, first_line, 0};
    int r = blocks(&b, doc, &part->body, &part->nbody);
    cmark_node_free(doc);
    return r;
}
