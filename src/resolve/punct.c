/* Smart punctuation in the language of the part: straight quotes become the language's
 * quotation marks (“…” in English, „…“ in German, « … » in French with narrow no-break
 * spaces), an apostrophe becomes ’, -- and --- dashes, ... an ellipsis. Only what the author
 * typed as ASCII changes: curly quotes, corner brackets and guillemets typed as such stay.
 * Code spans and link targets are left alone. */
#include "resolve/punct.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "util/buf.h"

typedef struct smart {
    const ep_locale *loc;
    ep_arena *a;
    UChar32 prev;           /* the character before the one at hand, across spans; 0 at a start */
    int single_open;        /* an opening single quote waits for its close */
    int french;             /* « and » take a narrow no-break space inside */
} smart;

static int opens_after(UChar32 c)
{
    return c == 0 || u_isUWhiteSpace(c) || c == '(' || c == '[' || c == '{' || c == 0x2013 || c == 0x2014 ||
           u_charType(c) == U_START_PUNCTUATION || u_charType(c) == U_INITIAL_PUNCTUATION || c == '/';
}

static void put(ep_buf *b, const char *s) { ep_buf_puts(b, s); }

/* The quotation mark for an opening or closing, double or single quote. */
static void quote(smart *s, ep_buf *b, int single, int open)
{
    const char *q = s->loc->quotes[(single ? 2 : 0) + !open];
    if (s->french && !open && !single) put(b, "\u202F");
    put(b, q);
    if (s->french && open && !single) put(b, "\u202F");
}

/* The next character of the text after byte i, or of the text that follows (next). */
static UChar32 peek(const char *t, size_t len, size_t i, UChar32 next)
{
    if (i >= len) return next;
    UChar32 c;
    int32_t k = (int32_t)i;
    U8_NEXT(t, k, (int32_t)len, c);
    return c;
}

/* Whether a text has anything to make typographic: a straight quote, "--" or "...". */
static int needs_rewrite(const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (t[i] == '"' || t[i] == '\'' || (i + 1 < len && (t[i] == '-' || t[i] == '.') && t[i + 1] == t[i]))
            return 1;
    return 0;
}

/* Rewrites one piece of text; next is the first character after it (0 at the end). */
static const char *rewrite(smart *s, const char *t, size_t len, UChar32 next, size_t *outlen)
{
    if (!needs_rewrite(t, len)) {
        /* Nothing to change: remember the last character for the next piece. */
        if (len) {
            int32_t k = (int32_t)len;
            UChar32 c;
            U8_PREV(t, 0, k, c);
            s->prev = c;
        }
        *outlen = len;
        return t;
    }
    ep_buf b;
    ep_buf_init(&b);
    for (size_t i = 0; i < len;) {
        UChar32 c;
        int32_t k = (int32_t)i;
        U8_NEXT(t, k, (int32_t)len, c);
        size_t at = i;
        i = (size_t)k;
        UChar32 after = peek(t, len, i, next);
        if (c == '"') {
            int open = opens_after(s->prev) && after && !u_isUWhiteSpace(after);
            quote(s, &b, 0, open);
        } else if (c == '\'') {
            if (u_isalnum(s->prev) && u_isalpha(after)) put(&b, "\u2019");            /* People’s */
            else if (opens_after(s->prev) && after && !u_isUWhiteSpace(after)) {
                quote(s, &b, 1, 1);
                s->single_open = 1;
            } else if (s->single_open) {
                quote(s, &b, 1, 0);
                s->single_open = 0;
            } else {
                put(&b, "\u2019");   /* the students’ rights */
            }
        } else if (c == '-' && at + 1 < len && t[at + 1] == '-') {
            /* (A run within this text: a lone '-' before a span that starts with one is a
             * hyphen; counted as a run of one, the formula below would wrap around.) */
            size_t n = 1;
            while (at + n < len && t[at + n] == '-') n++;
            i = at + n;
            /* As CommonMark's smart punctuation: em dashes where three go, en dashes where
             * two do, em dashes first. */
            size_t em = n % 3 == 0 ? n / 3 : n % 2 == 0 ? 0 : n % 3 == 2 ? n / 3 : (n - 4) / 3;
            size_t en = n % 3 == 0 ? 0 : n % 2 == 0 ? n / 2 : n % 3 == 2 ? 1 : 2;
            while (em--) put(&b, "\u2014");
            while (en--) put(&b, "\u2013");
            c = 0x2013;
        } else if (c == '.' && at + 2 < len && t[at + 1] == '.' && t[at + 2] == '.') {
            put(&b, "\u2026");
            i = at + 3;
            c = 0x2026;
        } else {
            ep_buf_put(&b, t + at, i - at);
        }
        s->prev = c;
    }
    char *out = ep_arena_alloc(s->a, b.len + 1);
    memcpy(out, b.data, b.len);
    *outlen = b.len;
    ep_buf_free(&b);
    return out;
}

static void init(smart *s, ep_arena *a, const ep_locale *loc)
{
    memset(s, 0, sizeof *s);
    s->a = a;
    s->loc = loc;
    s->french = !strcmp(loc->lang, "fr");
}

const char *ep_smart_text(ep_arena *a, const ep_locale *loc, const char *text)
{
    if (!text) return NULL;
    smart s;
    init(&s, a, loc);
    size_t n;
    const char *r = rewrite(&s, text, strlen(text), 0, &n);
    return r == text ? text : r;
}

static UChar32 first_char(const ep_span *sp)
{
    if (sp->hard_break) return '\n';
    if (!sp->len) return 0;
    UChar32 c;
    int32_t k = 0;
    U8_NEXT(sp->text, k, (int32_t)sp->len, c);
    return c;
}

/* One paragraph's spans: the quotes pair across styles ("*really*" keeps one pair). The
 * spans as they are when nothing changes (most paragraphs of a batch's template). */
static const ep_span *smart_spans(ep_arena *a, const ep_locale *loc, const ep_span *in, size_t n)
{
    int any = 0;
    for (size_t i = 0; i < n && !any; i++) any = needs_rewrite(in[i].text, in[i].len);
    if (!any) return in;
    ep_span *out = ep_arena_alloc(a, sizeof *out * (n + 1));
    smart s;
    init(&s, a, loc);
    for (size_t i = 0; i < n; i++) {
        out[i] = in[i];
        if (in[i].hard_break) {
            s.prev = ' ';
            continue;
        }
        if (in[i].style & EP_STYLE_CODE) {
            s.prev = 'x';   /* a word of code: what follows it does not open a quote */
            continue;
        }
        UChar32 next = i + 1 < n && !(in[i + 1].style & EP_STYLE_CODE) ? first_char(&in[i + 1]) : 0;
        out[i].text = rewrite(&s, in[i].text, in[i].len, next, &out[i].len);
    }
    return out;
}

/* The blocks with their text made typographic: the blocks as they are where nothing
 * changes. */
static ep_block *smart_tree(ep_arena *a, const ep_locale *loc, ep_block *in, size_t n)
{
    ep_block *out = in;
    for (size_t i = 0; i < n; i++) {
        const ep_span *spans = in[i].nspans ? smart_spans(a, loc, in[i].spans, in[i].nspans) : in[i].spans;
        ep_block *children = in[i].nchildren ? smart_tree(a, loc, in[i].children, in[i].nchildren) : in[i].children;
        if (spans == in[i].spans && children == in[i].children) continue;
        if (out == in) {
            out = ep_arena_alloc(a, sizeof *out * (n + 1));
            memcpy(out, in, sizeof *out * n);
        }
        out[i].spans = (ep_span *)spans;
        out[i].children = children;
    }
    return out;
}

static void smart_field(ep_arena *a, const ep_locale *loc, ep_text *t) { t->s = ep_smart_text(a, loc, t->s); }

static void smart_lines(ep_arena *a, const ep_locale *loc, ep_lines *l)
{
    if (!l->n) return;
    ep_text *v = ep_arena_alloc(a, sizeof *v * l->n);
    for (size_t i = 0; i < l->n; i++) {
        v[i] = l->v[i];
        smart_field(a, loc, &v[i]);
    }
    l->v = v;
}

void ep_smart_part(ep_arena *a, const ep_locale *loc, ep_part *p)
{
    p->body = smart_tree(a, loc, p->body, p->nbody);
    ep_text *fields[] = {&p->subject, &p->opening, &p->closing, &p->ps, &p->attention, &p->from.name, &p->to.name};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) smart_field(a, loc, fields[i]);
    ep_lines *lines[] = {&p->from.address, &p->to.address, &p->cc, &p->enclosures, &p->footer};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) smart_lines(a, loc, lines[i]);
    if (p->nsignatories) {
        ep_signatory *s = ep_arena_alloc(a, sizeof *s * p->nsignatories);
        for (size_t i = 0; i < p->nsignatories; i++) {
            s[i] = p->signatories[i];
            /* `epistle sign --field` names the field as the letter wrote it. */
            s[i].written = s[i].name.s;
            if (!s[i].field) s[i].field = s[i].name.s;
            smart_field(a, loc, &s[i].name);
            smart_field(a, loc, &s[i].title);
            smart_field(a, loc, &s[i].organization);
        }
        p->signatories = s;
    }
}
