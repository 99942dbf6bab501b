#include "resolve/style.h"

#include <stdio.h>
#include <string.h>

#include <unicode/uscript.h>

#include "resolve/geometry.h"
#include "resolve/labels.h"
#include "util/spelling.h"

/* What a style key holds, and where in ep_style it goes. */
typedef enum kind { K_LENGTH, K_LEADING, K_PARAGRAPH, K_FAMILY, K_ALIGN, K_LABEL, K_FIT, K_COLOR, K_LOGO, K_MICROTYPE } kind;

typedef struct skey {
    const char *key;
    kind kind;
    float min, max;            /* K_LENGTH: the range, points */
    int which;                 /* K_LENGTH: a margin (or -1: the size, -2: the least size); K_LABEL: an
                                * ep_label; K_FAMILY: an ep_face_role; K_COLOR, K_ALIGN: which one */
} skey;

#define LENGTH(k, lo, hi, w) {.key = k, .kind = K_LENGTH, .min = lo, .max = hi, .which = w}
#define LABEL(k, l) {.key = "labels." k, .kind = K_LABEL, .which = l}

static const skey keys[] = {
    LENGTH("size", 5, 30, -1),
    {.key = "leading", .kind = K_LEADING},
    LENGTH("margins.top", 0, EP_MM(100), EP_MARGIN_TOP),
    LENGTH("margins.bottom", 0, EP_MM(100), EP_MARGIN_BOTTOM),
    LENGTH("margins.left", 0, EP_MM(100), EP_MARGIN_LEFT),
    LENGTH("margins.right", 0, EP_MM(100), EP_MARGIN_RIGHT),
    {.key = "paragraph", .kind = K_PARAGRAPH},
    {.key = "faces.body", .kind = K_FAMILY, .which = EP_FACE_BODY},
    {.key = "faces.letterhead", .kind = K_FAMILY, .which = EP_FACE_LETTERHEAD},
    {.key = "faces.subject", .kind = K_FAMILY, .which = EP_FACE_SUBJECT},
    {.key = "colors.letterhead", .kind = K_COLOR, .which = 0},
    {.key = "colors.rules", .kind = K_COLOR, .which = 1},
    {.key = "colors.links", .kind = K_COLOR, .which = 2},
    {.key = "letterhead.align", .kind = K_ALIGN, .which = 1},
    {.key = "letterhead.logo", .kind = K_LOGO},
    {.key = "closing.align", .kind = K_ALIGN, .which = 0},
    {.key = "fit", .kind = K_FIT},
    {.key = "microtype", .kind = K_MICROTYPE},
    LENGTH("min_size", 5, 30, -2),
    /* page_of is not here: it is a printf format, not a word. */
    LABEL("cc", EP_LABEL_CC),
    LABEL("enclosures", EP_LABEL_ENCLOSURES),
    LABEL("ps", EP_LABEL_PS),
    LABEL("your_ref", EP_LABEL_YOUR_REF),
    LABEL("your_letter", EP_LABEL_YOUR_LETTER),
    LABEL("our_ref", EP_LABEL_OUR_REF),
    LABEL("phone", EP_LABEL_PHONE),
    LABEL("contact", EP_LABEL_CONTACT),
    LABEL("date", EP_LABEL_DATE),
    LABEL("attention", EP_LABEL_ATTENTION),
    LABEL("signed", EP_LABEL_SIGNED),
};

enum { NKEYS = sizeof keys / sizeof *keys };

static const skey *find(const char *key)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (!strcmp(keys[i].key, key)) return &keys[i];
    return NULL;
}

/* A decimal number at the start of s (the C library's strtod follows the user's locale and
 * would read "10,5"); returns the characters read, 0 if none. */
static size_t number(const char *s, float *out)
{
    double v = 0, scale = 1;
    size_t i = 0, digits = 0;
    for (; s[i] >= '0' && s[i] <= '9'; i++, digits++) v = v * 10 + (s[i] - '0');
    if (s[i] == '.')
        for (i++; s[i] >= '0' && s[i] <= '9'; i++, digits++) v += (s[i] - '0') * (scale /= 10);
    if (!digits || v > 1e6) return 0;
    *out = (float)v;
    return i;
}

/* "11pt", "18mm", "0.75in", "1.5cm" in points; -1 with a message. */
static int length(ep_diag *d, const ep_text *t, const char *key, float *pt)
{
    float v;
    size_t n = number(t->s, &v);
    static const struct { const char *unit; float points; } units[] = {
        {"pt", 1}, {"mm", 72.0f / 25.4f}, {"cm", 720.0f / 25.4f}, {"in", 72},
    };
    for (size_t i = 0; n && i < sizeof units / sizeof *units; i++)
        if (!strcmp(t->s + n, units[i].unit)) {
            *pt = v * units[i].points;
            return 0;
        }
    if (n && !t->s[n])
        ep_error(d, t->pos, EP_C_INVALID_VALUE, "'%s: %s' needs a unit: %spt, %smm or %sin", key, t->s, t->s, t->s, t->s);
    else
        ep_error(d, t->pos, EP_C_INVALID_VALUE, "'%s' must be a length such as 11pt, 18mm or 0.75in, not '%s'", key, t->s);
    return -1;
}

static int choice(ep_diag *d, const ep_text *t, const char *key, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(t->s, names[i])) return i;
    char set[128] = "";
    for (int i = 0; names[i]; i++) {
        strncat(set, i ? ", " : "", sizeof set - strlen(set) - 1);
        strncat(set, names[i], sizeof set - strlen(set) - 1);
    }
    ep_error(d, t->pos, EP_C_INVALID_VALUE, "'%s' must be one of %s, not '%s'", key, set, t->s);
    return -1;
}

static int apply(const ep_style_kv *kv, const skey *k, ep_diag *d, ep_style *s)
{
    const ep_text *t = &kv->v[0];
    if (k->kind != K_LABEL && (kv->list || kv->nv != 1)) {
        ep_error(d, kv->pos, EP_C_WRONG_TYPE, "'%s' takes one value, not a list", kv->key);
        return -1;
    }
    switch (k->kind) {
    case K_LENGTH: {
        float pt;
        if (length(d, t, kv->key, &pt)) return -1;
        if (pt < k->min - 0.001f || pt > k->max + 0.001f) {
            ep_error(d, t->pos, EP_C_INVALID_VALUE, "'%s: %s' is out of range (%g to %g pt)", kv->key, t->s,
                     (double)k->min, (double)k->max);
            return -1;
        }
        if (k->which == -1) s->size = pt;
        else if (k->which == -2) s->min_size = pt;
        else s->margin[k->which] = pt;
        return 0;
    }
    case K_LEADING: {
        /* A factor of the size (1.4), or a length (15pt): the baseline distance. */
        float v;
        size_t n = number(t->s, &v);
        if (n && !t->s[n]) {
            if (v < 1 || v > 3) {
                ep_error(d, t->pos, EP_C_INVALID_VALUE, "'leading: %s' is out of range (1 to 3 times the size)", t->s);
                return -1;
            }
            s->leading = v;
            s->leading_pt = 0;
            return 0;
        }
        float pt;
        if (length(d, t, kv->key, &pt)) return -1;
        if (pt < 5 || pt > 60) {
            ep_error(d, t->pos, EP_C_INVALID_VALUE, "'leading: %s' is out of range (5 to 60 pt)", t->s);
            return -1;
        }
        s->leading_pt = pt;
        s->leading = 0;
        return 0;
    }
    case K_PARAGRAPH: {
        static const char *const names[] = {"spaced", "indented", NULL};
        int c = choice(d, t, kv->key, names);
        if (c < 0) return -1;
        s->indented = c == 1;
        return 0;
    }
    case K_ALIGN: {
        static const char *const names[] = {[EP_ALIGN_START] = "left", [EP_ALIGN_END] = "right",
                                            [EP_ALIGN_CENTER] = "center", NULL};
        int c = choice(d, t, kv->key, names);
        if (c < 0) return -1;
        if (k->which) s->letterhead_align = c;
        else s->closing_align = c;
        return 0;
    }
    case K_LOGO: {
        static const char *const names[] = {[EP_LOGO_RIGHT] = "right", [EP_LOGO_LEFT] = "left",
                                            [EP_LOGO_ABOVE] = "above", NULL};
        int c = choice(d, t, kv->key, names);
        if (c < 0) return -1;
        s->logo = c;
        return 0;
    }
    case K_COLOR: {
        /* #rrggbb or #rgb, as in CSS. */
        size_t n = strlen(t->s);
        unsigned v = 0;
        int ok = t->s[0] == '#' && (n == 7 || n == 4);
        for (size_t i = 1; ok && i < n; i++) {
            char ch = t->s[i];
            int x = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                  : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (x < 0) ok = 0;
            else v = n == 7 ? v * 16 + (unsigned)x : v * 256 + (unsigned)x * 17;
        }
        if (!ok) {
            ep_error(d, t->pos, EP_C_INVALID_VALUE, "'%s' must be a colour such as \"#1f4e79\" (quoted: YAML reads # as a comment), not '%s'",
                     kv->key, t->s);
            return -1;
        }
        uint32_t *dst[] = {&s->color_letterhead, &s->color_rules, &s->color_links};
        *dst[k->which] = EP_COLOR_SET | v;
        return 0;
    }
    case K_MICROTYPE: {
        static const char *const names[] = {"false", "true", NULL};
        int c = choice(d, t, kv->key, names);
        if (c < 0) return -1;
        s->microtype = c;
        return 0;
    }
    case K_FIT: {
        static const char *const names[] = {"none", "auto", NULL};
        int c = choice(d, t, kv->key, names);
        if (c < 0) return -1;
        s->fit = c;
        return 0;
    }
    case K_FAMILY: {
        if (!*t->s) {
            ep_error(d, t->pos, EP_C_INVALID_VALUE, "'%s' names a font family (fc-list : family), or serif or sans",
                     kv->key);
            return -1;
        }
        ep_face_choice *f = &s->face[k->which];
        memset(f, 0, sizeof *f);
        f->set = 1;
        if (!strcmp(t->s, "sans") || !strcmp(t->s, "sans-serif")) f->sans = 1;
        else if (strcmp(t->s, "serif")) f->family = *t;
        if (k->which == EP_FACE_BODY) s->face_body = f->family.s;
        return 0;
    }
    case K_LABEL:
        if (kv->nv < 1 || kv->nv > 2) {
            ep_error(d, kv->pos, EP_C_WRONG_TYPE, "'%s' is one word, or a list of two: [singular, plural]", kv->key);
            return -1;
        }
        s->labels[k->which][0] = kv->v[0].s;
        s->labels[k->which][1] = kv->v[kv->nv - 1].s;
        return 0;
    }
    return -1;
}

/* faces.TAG: a family for a language's East Asian text (zh-Hant, ja, ko) or for a script,
 * named by a language that writes it (ar, he) or by the script (arabic, Hebr). */
static int script_face(const ep_style_kv *kv, ep_diag *d, ep_style *s)
{
    const char *tag = kv->key + strlen("faces.");
    const ep_text *t = &kv->v[0];
    if (kv->list || kv->nv != 1 || !*t->s) {
        ep_error(d, kv->pos, EP_C_WRONG_TYPE, "'%s' names one font family", kv->key);
        return -1;
    }
    ep_script_face f = {EP_CJK_NONE, "", t->s};
    const ep_locale *loc = ep_locale_valid(tag) ? ep_locale_get(tag) : NULL;
    if (loc && loc->cjk != EP_CJK_NONE) {
        f.cjk = loc->cjk;
    } else if (loc && strcmp(loc->script, "Latn")) {
        snprintf(f.script, sizeof f.script, "%s", loc->script);
    } else {
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode codes[4];
        int n = uscript_getCode(tag, codes, 4, &err);
        if (U_FAILURE(err) || n < 1 || codes[0] == USCRIPT_LATIN || codes[0] == USCRIPT_COMMON) {
            ep_error(d, kv->pos, EP_C_UNKNOWN_KEY, "unknown style key '%s': faces are named by role (body, letterhead, "
                     "subject), by a language (zh-Hant, ja, ko, ar) or by a script (arabic, hebrew)", kv->key);
            return -1;
        }
        snprintf(f.script, sizeof f.script, "%s", uscript_getShortName(codes[0]));
    }
    /* The same writing system named again: the later wins. */
    size_t i = 0;
    while (i < s->nscripts && !(s->scripts[i].cjk == f.cjk && !strcmp(s->scripts[i].script, f.script))) i++;
    if (i == EP_MAX_SCRIPT_FACES) {
        ep_error(d, kv->pos, EP_C_INVALID_VALUE, "more than %d faces by script", EP_MAX_SCRIPT_FACES);
        return -1;
    }
    if (i == s->nscripts) s->nscripts++;
    s->scripts[i] = f;
    s->script_pos[i] = t->pos;
    return 0;
}

static int apply_all(const ep_style_kv *kv, size_t n, ep_diag *d, ep_style *s)
{
    const char *names[NKEYS + 1];
    for (size_t i = 0; i < NKEYS; i++) names[i] = keys[i].key;
    names[NKEYS] = NULL;
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        const skey *k = find(kv[i].key);
        if (!k && !strncmp(kv[i].key, "faces.", 6)) {
            failed |= script_face(&kv[i], d, s) != 0;
            continue;
        }
        if (!k) {
            const char *best = ep_closest(kv[i].key, names);
            if (best)
                ep_error(d, kv[i].pos, EP_C_UNKNOWN_KEY, "unknown style key '%s'; did you mean '%s'?", kv[i].key, best);
            else
                ep_error(d, kv[i].pos, EP_C_UNKNOWN_KEY, "unknown style key '%s'", kv[i].key);
            failed = 1;
            continue;
        }
        failed |= apply(&kv[i], k, d, s) != 0;
    }
    return failed;
}

int ep_style_resolve(const ep_style_src *src, ep_diag *d, ep_style *out)
{
    memset(out, 0, sizeof *out);
    for (int m = 0; m < EP_MARGIN_COUNT; m++) out->margin[m] = -1;
    out->closing_align = -1;
    out->fit = 1;
    out->microtype = 1;
    int failed = apply_all(src->named, src->nnamed, d, out);
    failed |= apply_all(src->own, src->nown, d, out);
    return failed ? -1 : 0;
}
