/* Unit tests of bidirectional text: paragraphs shaped and broken in logical order come out
 * in the visual order UAX #9 gives, worked out by hand for each case below (levels per rule,
 * then L2's reversals); right-to-left runs are shaped right to left and keep their letters'
 * joining forms; a line broken inside mixed text reorders each line on its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/bidi.h"
#include "text/para.h"

static ep_fontcache *fonts;
static ep_arena arena;
static ep_diag diag;
static ep_textctx tx;

static int group_setup(void **state)
{
    (void)state;
    fonts = ep_fontcache_new();
    return fonts ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    ep_fontcache_free(fonts);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    ep_arena_init(&arena);
    ep_diag_init(&diag, NULL, NULL);
    ep_textctx_init(&tx, fonts, NULL, &arena, &diag);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ep_textctx_done(&tx);
    ep_arena_free(&arena);
    return 0;
}

typedef struct laid {
    ep_para *p;
    ep_line *l;
    size_t n;
} laid;

static laid set(const char *lang, const char *text, float measure)
{
    ep_tstyle st = {.size = 10, .loc = ep_locale_get(lang), .kind = EP_FAMILY_SERIF, .hyphenate = 0};
    ep_span sp = {text, strlen(text), 0, NULL, 0, {"t", 1, 1, 0}};
    laid r;
    r.p = ep_para_build(&tx, &sp, 1, &st);
    assert_non_null(r.p);
    r.l = ep_para_break(&tx, r.p, &st, measure, 0, 0, &r.n);
    return r;
}

/* The source characters of line i from left to right: each glyph's text, once. */
static const char *visual(const laid *r, size_t i)
{
    static char out[1024];
    size_t len = 0;
    const ep_line *ln = &r->l[i];
    uint32_t last = UINT32_MAX;
    for (size_t k = 0; k < ln->g1 - ln->g0; k++) {
        const ep_glyph *g = &r->p->glyphs[ln->vis ? ln->vis[k] : ln->g0 + k];
        if (g->text == last) continue;
        last = g->text;
        memcpy(out + len, r->p->text + g->text, g->text_end - g->text);
        len += g->text_end - g->text;
    }
    out[len] = 0;
    return out;
}

/* Positions increase from left to right, and the line is no wider than it says. */
static void assert_in_order(const laid *r, size_t i)
{
    const ep_line *ln = &r->l[i];
    float prev = -1;
    uint32_t last = UINT32_MAX;
    for (size_t k = 0; k < ln->g1 - ln->g0; k++) {
        size_t g = ln->vis ? ln->vis[k] : ln->g0 + k;
        if (r->p->glyphs[g].text == last || r->p->glyphs[g].adv == 0) continue;
        last = r->p->glyphs[g].text;
        assert_true(ln->x[g - ln->g0] >= prev - 0.01f);
        prev = ln->x[g - ln->g0];
    }
    assert_true(prev <= ln->width + 0.01f);
}

static void numbers_stay_left_to_right_in_hebrew(void **state)
{
    (void)state;
    /* א..ו R at level 1, 123 EN raised to 2 (I2), spaces between R and EN resolve to R
     * (N1). L2 reverses 123 at level 2, then all at level 1. */
    laid r = set("he", "אבג 123 דהו", 500);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.p->dir, EP_DIR_RTL);
    assert_string_equal(visual(&r, 0), "והד 123 גבא");
    assert_in_order(&r, 0);
}

static void hebrew_inside_english(void **state)
{
    (void)state;
    laid r = set("en", "abc אבג def", 500);
    assert_string_equal(visual(&r, 0), "abc גבא def");
    assert_in_order(&r, 0);
}

static void brackets_pair_with_their_text(void **state)
{
    (void)state;
    /* The brackets enclose strong R text in an R paragraph: both R (N0), so the whole line
     * reverses; HarfBuzz then draws each with its mirrored glyph. */
    laid r = set("he", "אב (גד) הו", 500);
    assert_string_equal(visual(&r, 0), "וה )דג( בא");
    hb_codepoint_t open = 0, close = 0;
    const ep_run *pr = NULL;
    for (size_t i = 0; i < r.p->nglyphs; i++) {
        char c = r.p->text[r.p->glyphs[i].text];
        if (c == '(') open = r.p->glyphs[i].gid, pr = &r.p->runs[r.p->glyphs[i].run];
        if (c == ')') close = r.p->glyphs[i].gid;
    }
    assert_non_null(pr);
    hb_codepoint_t right_paren;
    assert_true(hb_font_get_nominal_glyph(pr->face->hb_font, ')', &right_paren));
    assert_int_equal(open, right_paren);   /* "(" is drawn as ")" */
    assert_int_not_equal(open, close);
}

static void nested_runs_in_english(void **state)
{
    (void)state;
    /* Levels: A 0, א ב 1, the space after ב 1 (R and EN-as-R around it), 12 at 2 (W7 keeps
     * EN after R; I2 raises it), the space after 12 1, ג ד 1, the last space 0. L2 reverses
     * "12" and then the stretch from א to ד. */
    laid r = set("en", "A אב 12 גד B", 500);
    assert_string_equal(visual(&r, 0), "A דג 12 בא B");
    assert_in_order(&r, 0);
}

static void url_in_hebrew(void **state)
{
    (void)state;
    /* The address is L (its separators sit between L characters: N1), raised to level 2. */
    laid r = set("he", "ראו https://a.org/x עכשיו", 500);
    assert_string_equal(visual(&r, 0), "וישכע https://a.org/x ואר");
}

static void each_line_is_reordered_on_its_own(void **state)
{
    (void)state;
    /* Broken in logical order: the first line holds the first words, right-aligned text
     * read from the right. */
    laid r = set("he", "אחת שתיים שלוש ארבע חמש שש", 60);
    assert_true(r.n >= 2);
    const char *first = visual(&r, 0);
    size_t len = strlen(first);
    /* The line's rightmost word (read first) is the paragraph's first word. */
    assert_true(len >= strlen("תחא"));
    assert_memory_equal(first + len - strlen("תחא"), "תחא", strlen("תחא"));
    for (size_t i = 0; i < r.n; i++) assert_in_order(&r, i);
}

static void arabic_joins_and_runs_right_to_left(void **state)
{
    (void)state;
    laid r = set("ar", "سلام عليكم", 500);
    assert_int_equal(r.p->dir, EP_DIR_RTL);
    for (size_t i = 0; i < r.p->nruns; i++) assert_true(r.p->runs[i].rtl);
    /* Both lams stand inside a word (medial): neither is drawn with the isolated glyph. */
    const ep_run *run = &r.p->runs[0];
    hb_codepoint_t isolated_lam;
    assert_true(hb_font_get_nominal_glyph(run->face->hb_font, 0x0644, &isolated_lam));
    int joined = 0;
    for (size_t i = 0; i < r.p->nglyphs; i++)
        if (!strncmp(r.p->text + r.p->glyphs[i].text, "ل", strlen("ل")))
            joined += r.p->glyphs[i].gid != isolated_lam;
    assert_int_equal(joined, 2);   /* both lams are joined forms */
    /* Logical order in the paragraph: clusters ascend. */
    for (size_t i = 1; i < r.p->nglyphs; i++) assert_true(r.p->glyphs[i].cluster >= r.p->glyphs[i - 1].cluster);
}

static void a_phone_number_is_isolated(void **state)
{
    (void)state;
    /* Alone in right-to-left text, the digit groups of "+962 6 555 0142" are European
     * numbers with spaces between them, which resolve to R (N1): the groups come out in
     * reverse. As a left-to-right isolate the number keeps its order. */
    const char *label = "هاتف ", *phone = "+962 6 555 0142";
    ep_tstyle st = {.size = 10, .loc = ep_locale_get("ar"), .kind = EP_FAMILY_SERIF, .hyphenate = 0};
    ep_span plain = {phone, strlen(phone), 0, NULL, 0, {"t", 1, 1, 0}};
    laid r = {ep_para_build(&tx, &plain, 1, &st), NULL, 0};
    r.l = ep_para_break(&tx, r.p, &st, 500, 0, 0, &r.n);
    assert_string_equal(visual(&r, 0), "0142 555 6 962+");
    ep_span sp[2] = {{label, strlen(label), 0, NULL, 0, {"t", 1, 1, 0}}, {phone, strlen(phone), EP_STYLE_LTR, NULL, 0, {"t", 1, 1, 0}}};
    laid q = {ep_para_build(&tx, sp, 2, &st), NULL, 0};
    q.l = ep_para_break(&tx, q.p, &st, 500, 0, 0, &q.n);
    assert_string_equal(visual(&q, 0), "+962 6 555 0142 فتاه");
}

static void a_joiner_has_no_glyph_of_its_own(void **state)
{
    (void)state;
    /* Persian writes می‌نویسیم with a zero-width non-joiner after می: invisible, it must not
     * be drawn (as a space glyph it would read as a space), and its text stays with the
     * letter before it. */
    laid r = set("fa", "می\u200cنویسیم", 500);
    size_t zwnj = strlen("می");
    int owner = 0;
    for (size_t i = 0; i < r.p->nglyphs; i++) {
        const ep_glyph *g = &r.p->glyphs[i];
        assert_false(g->text == zwnj && g->text_end == zwnj + 3);   /* no glyph of its own */
        owner += g->text <= zwnj && g->text_end >= zwnj + 3;
    }
    assert_int_equal(owner, 1);
}

static void left_to_right_text_costs_nothing(void **state)
{
    (void)state;
    laid r = set("en", "Plain English, with digits 123 and (brackets).", 500);
    assert_null(r.p->levels);
    assert_null(r.l[0].vis);
    laid z = set("zh-Hant", "中文，English 混排。", 500);
    assert_null(z.p->levels);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(numbers_stay_left_to_right_in_hebrew, setup, teardown),
        cmocka_unit_test_setup_teardown(hebrew_inside_english, setup, teardown),
        cmocka_unit_test_setup_teardown(brackets_pair_with_their_text, setup, teardown),
        cmocka_unit_test_setup_teardown(nested_runs_in_english, setup, teardown),
        cmocka_unit_test_setup_teardown(url_in_hebrew, setup, teardown),
        cmocka_unit_test_setup_teardown(each_line_is_reordered_on_its_own, setup, teardown),
        cmocka_unit_test_setup_teardown(arabic_joins_and_runs_right_to_left, setup, teardown),
        cmocka_unit_test_setup_teardown(a_phone_number_is_isolated, setup, teardown),
        cmocka_unit_test_setup_teardown(a_joiner_has_no_glyph_of_its_own, setup, teardown),
        cmocka_unit_test_setup_teardown(left_to_right_text_costs_nothing, setup, teardown),
    };
    return cmocka_run_group_tests_name("bidi", tests, group_setup, group_teardown);
}
