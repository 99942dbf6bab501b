/* Unit tests of the text engine on the installed Noto fonts: itemisation (script runs and
 * font per run), shaping (ligatures, clusters, locale forms) and line breaking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <unicode/utf8.h>
#include <math.h>
#include <string.h>

#include "letter/model.h"
#include "text/hyphen.h"
#include "text/para.h"

typedef struct fixture {
    ep_fontcache *fonts;
    ep_hyphcache *hyph;
    ep_arena arena;
    ep_diag diag;
    ep_textctx tx;
} fixture;

static fixture F;

static int group_setup(void **state)
{
    F.fonts = ep_fontcache_new();
    F.hyph = ep_hyphcache_new(NULL, NULL);
    *state = &F;
    return F.fonts && F.hyph ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    ep_fontcache_free(F.fonts);
    ep_hyphcache_free(F.hyph);
    return 0;
}

static int setup(void **state)
{
    ep_arena_init(&F.arena);
    ep_diag_init(&F.diag, NULL, NULL);
    ep_textctx_init(&F.tx, F.fonts, F.hyph, &F.arena, &F.diag);
    *state = &F;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ep_textctx_done(&F.tx);
    ep_arena_free(&F.arena);
    return 0;
}

static ep_tstyle style(const char *lang, ep_cjk cjk)
{
    ep_tstyle s = {.size = 11, .loc = ep_locale_get(lang), .kind = EP_FAMILY_SERIF, .hyphenate = 1};
    assert_int_equal(s.loc->cjk, cjk);
    return s;
}

static ep_para *build(const char *text, const ep_tstyle *st)
{
    ep_span sp = {text, strlen(text), 0, NULL, 0, {"t", 1, 1, 0}};
    return ep_para_build(&F.tx, &sp, 1, st);
}

/* The run holding byte offset off. */
static const ep_run *run_at(const ep_para *p, size_t off)
{
    for (size_t i = 0; i < p->nruns; i++)
        if (p->runs[i].start <= off && off < p->runs[i].end) return &p->runs[i];
    return NULL;
}

static void shared_punctuation_follows_its_neighbours(void **state)
{
    (void)state;
    ep_tstyle st = style("en", EP_CJK_NONE);
    const char *text = "People’s “right” 人民的權利，是的。";
    ep_para *p = build(text, &st);
    assert_non_null(p);
    const ep_run *apos = run_at(p, (size_t)(strstr(text, "’") - text));
    const ep_run *quote = run_at(p, (size_t)(strstr(text, "”") - text));
    const ep_run *han = run_at(p, (size_t)(strstr(text, "人") - text));
    const ep_run *comma = run_at(p, (size_t)(strstr(text, "，") - text));
    assert_string_equal(apos->face->family, "Noto Serif");
    assert_string_equal(quote->face->family, "Noto Serif");
    assert_false(apos->cjk);
    assert_true(han->cjk);
    assert_ptr_equal(comma->face, han->face);
    assert_non_null(strstr(han->face->family, "CJK"));
}

static void han_face_follows_the_language(void **state)
{
    (void)state;
    ep_tstyle tc = style("zh-Hant", EP_CJK_TC), sc = style("zh-Hans", EP_CJK_SC), ja = style("ja", EP_CJK_JP);
    ep_para *a = build("海", &tc), *b = build("海", &sc), *c = build("海", &ja);
    assert_string_equal(a->runs[0].face->family, "Noto Serif CJK TC");
    assert_string_equal(b->runs[0].face->family, "Noto Serif CJK SC");
    assert_string_equal(c->runs[0].face->family, "Noto Serif CJK JP");
    /* 直 has different forms in Chinese and Japanese: locl must pick them. */
    ep_para *d = build("直", &tc), *e = build("直", &ja);
    assert_int_not_equal(d->glyphs[0].gid, e->glyphs[0].gid);
}

static void styles_use_real_faces(void **state)
{
    (void)state;
    ep_tstyle st = style("en", EP_CJK_NONE);
    ep_span sp[3] = {{"plain ", 6, 0, NULL, 0, {"t", 1, 1, 0}},
                      {"italic ", 7, EP_STYLE_ITALIC, NULL, 0, {"t", 1, 1, 0}},
                      {"bold", 4, EP_STYLE_BOLD, NULL, 0, {"t", 1, 1, 0}}};
    ep_para *p = ep_para_build(&F.tx, sp, 3, &st);
    assert_non_null(p);
    assert_true(run_at(p, 0)->face->italic_angle == 0);
    assert_true(run_at(p, 7)->face->italic_angle != 0);
    assert_true(run_at(p, 14)->face->weight >= 600);
}

static void ligatures_keep_their_clusters(void **state)
{
    (void)state;
    ep_tstyle st = style("en", EP_CJK_NONE);
    ep_para *p = build("office", &st);
    assert_int_equal(p->len, 6);
    assert_true(p->nglyphs < 6);   /* ffi is one glyph */
    int found = 0;
    for (size_t i = 0; i < p->nglyphs; i++)
        if (p->glyphs[i].cluster == 1 && p->glyphs[i].cluster_end == 4) found = 1;
    assert_true(found);
}

static void mixed_paragraph_uses_two_faces(void **state)
{
    (void)state;
    ep_tstyle st = style("zh-Hant", EP_CJK_TC);
    ep_para *p = build("在 2024 年冬天，Noto Serif 與思源宋體。", &st);
    int latin = 0, cjk = 0;
    for (size_t i = 0; i < p->nruns; i++) {
        if (!p->runs[i].face) continue;
        if (p->runs[i].cjk) cjk = 1;
        else latin = 1;
    }
    assert_true(latin && cjk);
}

static float line_natural(const ep_para *p, const ep_line *l)
{
    float w = 0;
    for (size_t i = l->g0; i < l->g1; i++) w += p->glyphs[i].adv;
    return w;
}

static void lines_fit_and_justify(void **state)
{
    (void)state;
    ep_tstyle st = style("en", EP_CJK_NONE);
    ep_para *p = build("We write on behalf of fifty-three community organisations, fishing cooperatives and "
                       "environmental groups along the western coast to ask you to return the Bill.", &st);
    size_t n;
    ep_line *l = ep_para_break(&F.tx, p, &st, 200, 0, 1, &n);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        assert_true(line_natural(p, &l[i]) <= 200.001f);
        if (i + 1 < n) {
            assert_float_equal(l[i].width, 200, 0.01);
            /* A justified line ends exactly at the measure, or where its hyphen starts. */
            size_t last = l[i].g1 - 1;
            float end = l[i].x[last - l[i].g0] + p->glyphs[last].adv;
            if (l[i].hyphen) assert_float_equal(end, l[i].hyphen_x, 0.01);
            else assert_float_equal(end, 200, 0.01);
        } else {
            assert_true(l[i].last);
        }
        /* Lines never start or end with a space. */
        assert_int_not_equal(p->text[p->glyphs[l[i].g0].cluster], ' ');
        assert_int_not_equal(p->text[p->glyphs[l[i].g1 - 1].cluster], ' ');
    }
}

static void forced_breaks_are_kept(void **state)
{
    (void)state;
    ep_tstyle st = style("en", EP_CJK_NONE);
    ep_span sp[3] = {{"first", 5, 0, NULL, 0, {"t", 1, 1, 0}},
                      {"", 0, 0, NULL, 1, {"t", 1, 1, 0}},
                      {"second", 6, 0, NULL, 0, {"t", 1, 1, 0}}};
    ep_para *p = ep_para_build(&F.tx, sp, 3, &st);
    size_t n;
    ep_line *l = ep_para_break(&F.tx, p, &st, 500, 0, 1, &n);
    assert_int_equal(n, 2);
    assert_true(l[0].last);   /* a line before a forced break is not stretched */
    assert_int_equal(p->glyphs[l[1].g0].cluster, 6);
}

static void cjk_breaks_between_ideographs_and_first_indent(void **state)
{
    (void)state;
    ep_tstyle st = style("zh-Hant", EP_CJK_TC);
    ep_para *p = build("我們謹代表諾倫西部沿海五十三個社區組織、漁業合作社及環境團體，懇請總統在簽署法案之前，將其退回國民議會。", &st);
    size_t n;
    ep_line *l = ep_para_break(&F.tx, p, &st, 110, 22, 1, &n);
    assert_true(n >= 4);
    assert_true(line_natural(p, &l[0]) <= 88.001f);   /* the first line is narrower */
    for (size_t i = 1; i + 1 < n; i++) assert_float_equal(l[i].width, 110, 0.01);
    /* UAX #14: no line starts with a comma or full stop. */
    for (size_t i = 0; i < n; i++) {
        const char *s = p->text + p->glyphs[l[i].g0].cluster;
        assert_true(strncmp(s, "，", 3) && strncmp(s, "。", 3) && strncmp(s, "、", 3));
    }
}

static void korean_breaks_between_words(void **state)
{
    (void)state;
    ep_tstyle st = style("ko", EP_CJK_KR);
    const char *text = "저희는 전국 마흔두 개 시민단체와 어업인 단체를 대표하여 이 편지를 드립니다.";
    ep_para *p = build(text, &st);
    size_t n;
    ep_line *l = ep_para_break(&F.tx, p, &st, 90, 0, 1, &n);
    assert_true(n >= 3);
    /* Keep-all, with a break between syllables where spaces alone leave a line too loose
     * (this narrow measure needs some): every line starts after a space or between two
     * Hangul syllables. */
    int inside = 0;
    for (size_t i = 1; i < n; i++) {
        uint32_t at = p->glyphs[l[i].g0].cluster;
        if (text[at - 1] == ' ') continue;
        inside++;
        int32_t k = (int32_t)at, j = (int32_t)at;
        UChar32 before, after;
        U8_PREV(text, 0, k, before);
        U8_NEXT(text, j, (int32_t)strlen(text), after);
        assert_true(before >= 0xAC00 && before <= 0xD7A3 && after >= 0xAC00 && after <= 0xD7A3);
    }
    assert_true(inside > 0);
    /* A letter's measure (a hundred to a hundred and sixty millimetres): no line looser
     * than the second pass allows. */
    const char *longer = "유네스코 세계유산위원회는 2021년 한국의 갯벌을 세계유산으로 등재하면서 다음과 같이 "
                         "밝혔습니다. 저희는 전국 마흔두 개 시민단체와 어업인 단체를 대표하여 이 편지를 드립니다.";
    ep_para *q = build(longer, &st);
    for (float measure = 280; measure <= 460; measure += 15) {
        l = ep_para_break(&F.tx, q, &st, measure, 0, 1, &n);
        for (size_t i = 0; i + 1 < n; i++) assert_true(l[i].badness <= 200);
    }
    /* With room enough, only at spaces. */
    l = ep_para_break(&F.tx, p, &st, 160, 0, 1, &n);
    for (size_t i = 1; i < n; i++) assert_int_equal(text[p->glyphs[l[i].g0].cluster - 1], ' ');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(shared_punctuation_follows_its_neighbours, setup, teardown),
        cmocka_unit_test_setup_teardown(han_face_follows_the_language, setup, teardown),
        cmocka_unit_test_setup_teardown(styles_use_real_faces, setup, teardown),
        cmocka_unit_test_setup_teardown(ligatures_keep_their_clusters, setup, teardown),
        cmocka_unit_test_setup_teardown(mixed_paragraph_uses_two_faces, setup, teardown),
        cmocka_unit_test_setup_teardown(lines_fit_and_justify, setup, teardown),
        cmocka_unit_test_setup_teardown(forced_breaks_are_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(cjk_breaks_between_ideographs_and_first_indent, setup, teardown),
        cmocka_unit_test_setup_teardown(korean_breaks_between_words, setup, teardown),
    };
    return cmocka_run_group_tests_name("text", tests, group_setup, group_teardown);
}
