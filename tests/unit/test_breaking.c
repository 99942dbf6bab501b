/* Unit tests of line breaking: total fit, hyphenation rules, CJK line-start and line-end
 * prohibitions, unbreakable dashes and ellipses, punctuation widths and CJK–Latin spacing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "letter/model.h"
#include "text/hyphen.h"
#include "text/para.h"

static ep_fontcache *fonts;
static ep_hyphcache *hyph;
static ep_arena arena;
static ep_diag diag;
static ep_textctx tx;

static int group_setup(void **state)
{
    (void)state;
    fonts = ep_fontcache_new();
    hyph = ep_hyphcache_new(NULL, NULL);
    return fonts && hyph ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    ep_fontcache_free(fonts);
    ep_hyphcache_free(hyph);
    return 0;
}

/* The last diagnostic's code, as its stable name, and its message. */
static char last_code[32], last_message[512];

static void quiet(const epistle_diagnostic *d, void *u)
{
    (void)u;
    snprintf(last_code, sizeof last_code, "%s", d->code);
    snprintf(last_message, sizeof last_message, "%s", d->message);
}

static int setup(void **state)
{
    (void)state;
    ep_arena_init(&arena);
    ep_diag_init(&diag, quiet, NULL);
    ep_textctx_init(&tx, fonts, hyph, &arena, &diag);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ep_textctx_done(&tx);
    ep_arena_free(&arena);
    return 0;
}

typedef struct broken {
    ep_para *p;
    ep_line *l;
    size_t n;
    ep_tstyle st;
} broken;

static broken brk(const char *text, const char *lang, ep_cjk cjk, ep_family_kind kind, float measure, int justify)
{
    broken b;
    ep_tstyle st = {.size = 10, .loc = ep_locale_get(lang), .kind = kind, .hyphenate = 1};
    assert_int_equal(st.loc->cjk, cjk);
    b.st = st;
    ep_span sp = {text, strlen(text), 0, NULL, 0, {"t", 1, 1, 0}};
    b.p = ep_para_build(&tx, &sp, 1, &b.st);
    b.l = ep_para_break(&tx, b.p, &b.st, measure, 0, justify, &b.n);
    return b;
}

/* The source text of line i (without an added hyphen). */
static const char *line_text(const broken *b, size_t i)
{
    const ep_line *l = &b->l[i];
    uint32_t s = b->p->glyphs[l->g0].cluster, e = b->p->glyphs[l->g1 - 1].cluster_end;
    return ep_arena_strndup(&arena, b->p->text + s, e - s);
}

static int starts_with_any(const char *s, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (!strncmp(s, set[i], strlen(set[i]))) return 1;
    return 0;
}

static int ends_with_any(const char *s, const char *const *set)
{
    size_t n = strlen(s);
    for (size_t i = 0; set[i]; i++) {
        size_t k = strlen(set[i]);
        if (n >= k && !strcmp(s + n - k, set[i])) return 1;
    }
    return 0;
}

/* Noto Sans Mono at 10 pt: every character and space is 6 pt, spaces stretch 3 and shrink
 * 1.98. With a 66 pt measure (11 characters) the breaks can be worked out by hand:
 * "aaa bbb ccc" is exactly 66 pt (badness 0), so is "ddd eee fff". */
static void total_fit_by_hand(void **state)
{
    (void)state;
    broken b = brk("aaa bbb ccc ddd eee fff ggg", "en", EP_CJK_NONE, EP_FAMILY_MONO, 66, 1);
    assert_int_equal(b.n, 3);
    assert_string_equal(line_text(&b, 0), "aaa bbb ccc");
    assert_string_equal(line_text(&b, 1), "ddd eee fff");
    assert_string_equal(line_text(&b, 2), "ggg");
    assert_float_equal(b.l[0].badness, 0, 0.001);
}

/* When no set of breaks is good, the loosest acceptable one is taken and no line is ever
 * wider than the measure. Measure 72 pt = 12 characters; by hand:
 *   "aaaa bb cc" = 60 pt, 2 spaces stretching 6 pt: r = 2, badness 800 (too loose for the
 *   first two passes); "dddddddd ee" is the last line (badness 0 with \parfillskip);
 *   "aaaa bb" leaves 30 pt for one space (badness 10000); "cc dddddddd ee" is 84 pt.
 * So the emergency pass must give "aaaa bb cc" / "dddddddd ee". */
static void loosest_acceptable_when_nothing_is_good(void **state)
{
    (void)state;
    broken b = brk("aaaa bb cc dddddddd ee", "en", EP_CJK_NONE, EP_FAMILY_MONO, 72, 1);
    assert_int_equal(b.n, 2);
    assert_string_equal(line_text(&b, 0), "aaaa bb cc");
    assert_string_equal(line_text(&b, 1), "dddddddd ee");
    assert_float_equal(b.l[0].badness, 800, 0.5);
    for (size_t i = 0; i < b.n; i++) assert_true(b.l[i].width <= 72.001f);
    /* Badness 800: looser than TeX's \tolerance=200, so said, as "loose", with the word
     * that did not fit. */
    assert_int_equal(diag.warnings, 1);
    assert_string_equal(last_code, "loose");
    assert_non_null(strstr(last_message, "before \u201cdddddddd\u201d: the next word does not fit"));
    /* At 78 pt the first line must stretch 18 pt over 6: r = 3, badness 2700, "underfull". */
    broken c = brk("aaaa bb cc dddddddd ee", "en", EP_CJK_NONE, EP_FAMILY_MONO, 78, 1);
    assert_string_equal(line_text(&c, 0), "aaaa bb cc");
    assert_float_equal(c.l[0].badness, 2700, 0.5);
    assert_int_equal(diag.warnings, 2);
    assert_string_equal(last_code, "underfull");
}

static void hyphenation_follows_the_rules(void **state)
{
    (void)state;
    const char *text = "We write on behalf of community organisations, international cooperatives "
                       "and environmental representatives everywhere, respectfully.";
    broken b = brk(text, "en-GB", EP_CJK_NONE, EP_FAMILY_SERIF, 110, 1);
    int hyphens = 0, streak = 0;
    for (size_t i = 0; i < b.n; i++) {
        const char *t = line_text(&b, i);
        if (b.l[i].hyphen) {
            hyphens++;
            streak++;
            assert_true(streak <= 2);   /* never three hyphenated lines in a row */
            /* At least two letters before the hyphen, three after it. */
            size_t n = strlen(t), k = 0;
            while (k < n && t[n - 1 - k] != ' ') k++;
            assert_true(k >= 2);
            const char *next = line_text(&b, i + 1);
            size_t m = 0;
            while (next[m] && next[m] != ' ' && next[m] != ',' && next[m] != '.') m++;
            assert_true(m >= 3);
        } else {
            streak = 0;
        }
        assert_false(b.l[b.n - 1].hyphen);
    }
    assert_true(hyphens > 0);
    /* The last word is never hyphenated. */
    assert_non_null(strstr(line_text(&b, b.n - 1), "respectfully."));
}

/* The word as hyphenated, "-" at each point. */
static void hyphenated(const char *lang, const char *word, char *out)
{
    uint8_t after[256];
    ep_hyphenate(ep_hyphen_dict(hyph, ep_locale_get(lang)), word, strlen(word), 2, 3, after);
    for (size_t i = 0, k = 0; word[i]; i++) {
        out[k++] = word[i];
        if (after[i]) out[k++] = '-';
        out[k] = 0;
    }
}

/* Words with capitals and letters beyond ASCII, hyphenated as German and English
 * orthography divide them (Duden: Auf-ga-ben-über-tra-gung, Grund-stücks-ver-kehr), whatever
 * the dictionary's encoding (hyph_de_DE.dic is ISO 8859-1). */
static void hyphenation_reads_every_dictionary(void **state)
{
    (void)state;
    char out[512];
    hyphenated("de", "Aufgabenübertragung", out);
    assert_string_equal(out, "Auf-ga-ben-über-tra-gung");
    hyphenated("de", "Grundstücksverkehr", out);
    assert_string_equal(out, "Grund-stücks-ver-kehr");
    hyphenated("en-US", "Hyphenation", out);
    assert_string_equal(out, "Hy-phen-ation");
}

static void no_hyphens_in_addresses(void **state)
{
    (void)state;
    broken b = brk("Write to correspondence@internationalorganisation.example or see "
                   "https://internationalorganisation.example/representatives today",
                   "en", EP_CJK_NONE, EP_FAMILY_SERIF, 150, 1);
    /* The unbreakable address leaves a loose line unless the paragraph's last word, which
     * is hyphenated only then, gives way: a hyphen may go there, never in an address. */
    for (size_t i = 0; i < b.n; i++)
        if (b.l[i].hyphen) {
            const char *t = line_text(&b, i);
            assert_true(strlen(t) >= 2 && !strcmp(t + strlen(t) - 2, "to"));
        }
    /* Unhyphenated names (hyphenate = 0) never get one either. */
    ep_tstyle st = {.size = 10, .loc = ep_locale_get("en"), .kind = EP_FAMILY_SERIF, .hyphenate = 0};
    const char *name = "Internationalisation Representatives Organisation";
    ep_span sp = {name, strlen(name), 0, NULL, 0, {"t", 1, 1, 0}};
    ep_para *p = ep_para_build(&tx, &sp, 1, &st);
    size_t n;
    ep_line *l = ep_para_break(&tx, p, &st, 90, 0, 0, &n);
    for (size_t i = 0; i < n; i++) assert_false(l[i].hyphen);
}

static const char *const no_start[] = {"。", "，", "、", "：", "；", "？", "！", "」", "』", "）", "》",
                                       "〉", "】", "〕", "々", "ゝ", "ゞ", "”", NULL};
static const char *const no_start_ja[] = {"ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ゎ",
                                          "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ", "ー", NULL};
static const char *const no_end[] = {"「", "『", "（", "《", "〈", "【", "〔", "“", NULL};

/* Puts each mark where a line would naturally break before (or after) it, at several
 * measures, and checks that no line starts (or ends) with it. */
static void check_marks(const char *lang, ep_cjk cjk, const char *const *marks, int at_start)
{
    for (size_t m = 0; marks[m]; m++) {
        for (int chars = 4; chars <= 7; chars++) {
            char text[256];
            if (at_start)
                snprintf(text, sizeof text, "一二三四五六七%s八九十一二三四五六七八九十%s一二三", marks[m], marks[m]);
            else
                snprintf(text, sizeof text, "一二三四五六%s七八九十一二三四五六七八九%s十一二三", marks[m], marks[m]);
            broken b = brk(text, lang, cjk, EP_FAMILY_SERIF, 10.0f * (float)chars, 1);
            for (size_t i = 0; i < b.n; i++) {
                const char *t = line_text(&b, i);
                if (at_start && i > 0 && starts_with_any(t, marks + m) && strlen(marks[m]))
                    fail_msg("%s: line %zu starts with %s: %s", lang, i, marks[m], t);
                if (!at_start && i + 1 < b.n && ends_with_any(t, (const char *const[]){marks[m], NULL}))
                    fail_msg("%s: line %zu ends with %s: %s", lang, i, marks[m], t);
            }
        }
    }
}

static void cjk_line_start_prohibitions(void **state)
{
    (void)state;
    check_marks("zh-Hant", EP_CJK_TC, no_start, 1);
    check_marks("zh-Hans", EP_CJK_SC, no_start, 1);
    check_marks("ja", EP_CJK_JP, no_start, 1);
    check_marks("ja", EP_CJK_JP, no_start_ja, 1);
}

static void cjk_line_end_prohibitions(void **state)
{
    (void)state;
    check_marks("zh-Hant", EP_CJK_TC, no_end, 0);
    check_marks("zh-Hans", EP_CJK_SC, no_end, 0);
    check_marks("ja", EP_CJK_JP, no_end, 0);
}

static void dashes_and_ellipses_hold_together(void **state)
{
    (void)state;
    for (int chars = 3; chars <= 9; chars++) {
        broken b = brk("一二三四五——六七八九十一二三……四五六七八九十", "zh-Hant", EP_CJK_TC, EP_FAMILY_SERIF,
                       10.0f * (float)chars, 1);
        for (size_t i = 0; i < b.n; i++) {
            const char *t = line_text(&b, i);
            if (i > 0) {
                assert_true(strncmp(t, "—", 3) || !strncmp(t, "——", 6));
                assert_true(strncmp(t, "…", 3) || !strncmp(t, "……", 6));
            }
            size_t n = strlen(t);
            if (n >= 3 && i + 1 < b.n) {
                assert_false(!strcmp(t + n - 3, "—") && !(n >= 6 && !strcmp(t + n - 6, "——")));
                assert_false(!strcmp(t + n - 3, "…") && !(n >= 6 && !strcmp(t + n - 6, "……")));
            }
        }
    }
}

static float x_of(const broken *b, size_t line, const char *s)
{
    const char *at = strstr(b->p->text, s);
    uint32_t off = (uint32_t)(at - b->p->text);
    const ep_line *l = &b->l[line];
    for (size_t g = l->g0; g < l->g1; g++)
        if (b->p->glyphs[g].cluster == off) return l->x[g - l->g0];
    return NAN;
}

static void consecutive_punctuation_is_compressed(void **state)
{
    (void)state;
    /* Japanese: 。」 takes one and a half ems, 」「 too; a single 。 before a character a full em. */
    broken b = brk("字。」字」「字。字", "ja", EP_CJK_JP, EP_FAMILY_SERIF, 500, 1);
    assert_int_equal(b.n, 1);
    float x0 = x_of(&b, 0, "。」"), x1 = x_of(&b, 0, "」字」");
    assert_float_equal(x1 - x0, 5, 0.01);                          /* 。 is half an em before 」 */
    float q0 = x_of(&b, 0, "」「"), q1 = x_of(&b, 0, "「字。");
    /* 「 is drawn half an em left of its box: 」 (5) + gap (5) - shift (5) = 5 from 」 */
    assert_float_equal(q1 - q0, 5, 0.01);
}

static void cjk_latin_quarter_em(void **state)
{
    (void)state;
    broken b = brk("中文ABC中文 DEF 中文", "zh-Hant", EP_CJK_TC, EP_FAMILY_SERIF, 500, 1);
    assert_int_equal(b.n, 1);
    const ep_para *p = b.p;
    float x_wen = x_of(&b, 0, "文ABC"), x_a = x_of(&b, 0, "ABC");
    assert_float_equal(x_a - x_wen, 10 + 2.5, 0.01);    /* one em, then a quarter em */
    float x_c = x_of(&b, 0, "C中"), x_zhong = x_of(&b, 0, "中文 DEF");
    size_t gc = 0;
    for (size_t g = 0; g < p->nglyphs; g++)
        if (p->text + p->glyphs[g].cluster == strstr(p->text, "C中")) gc = g;
    assert_float_equal(x_zhong - (x_c + p->glyphs[gc].adv), 2.5, 0.01);
    /* Where the source has a space, no quarter em is added. */
    float x_d = x_of(&b, 0, "DEF"), x_sp = x_of(&b, 0, " DEF");
    assert_true(x_d - x_sp < 4.0f);
}

static void cjk_justification_is_even(void **state)
{
    (void)state;
    broken b = brk("我們謹代表諾倫西部沿海五十三個社區組織漁業合作社及環境團體懇請總統在簽署法案之前將其退回國民議會",
                   "zh-Hant", EP_CJK_TC, EP_FAMILY_SERIF, 123, 1);
    assert_true(b.n >= 3);
    for (size_t i = 0; i + 1 < b.n; i++) {
        const ep_line *l = &b.l[i];
        assert_float_equal(l->width, 123, 0.01);
        float step = l->x[1] - l->x[0];
        for (size_t g = l->g0 + 1; g < l->g1; g++) assert_float_equal(l->x[g - l->g0] - l->x[g - l->g0 - 1], step, 0.01);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(total_fit_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(loosest_acceptable_when_nothing_is_good, setup, teardown),
        cmocka_unit_test_setup_teardown(hyphenation_follows_the_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(hyphenation_reads_every_dictionary, setup, teardown),
        cmocka_unit_test_setup_teardown(no_hyphens_in_addresses, setup, teardown),
        cmocka_unit_test_setup_teardown(cjk_line_start_prohibitions, setup, teardown),
        cmocka_unit_test_setup_teardown(cjk_line_end_prohibitions, setup, teardown),
        cmocka_unit_test_setup_teardown(dashes_and_ellipses_hold_together, setup, teardown),
        cmocka_unit_test_setup_teardown(consecutive_punctuation_is_compressed, setup, teardown),
        cmocka_unit_test_setup_teardown(cjk_latin_quarter_em, setup, teardown),
        cmocka_unit_test_setup_teardown(cjk_justification_is_even, setup, teardown),
    };
    return cmocka_run_group_tests_name("breaking", tests, group_setup, group_teardown);
}
