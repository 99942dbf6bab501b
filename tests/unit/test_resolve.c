/* Unit tests of the resolve stage: locales from language tags (ICU's answers checked against
 * CLDR's published data), smart punctuation by language, and settings with their errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "resolve/punct.h"
#include "resolve/setting.h"

static ep_arena arena;

static int setup(void **state)
{
    (void)state;
    ep_arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ep_arena_free(&arena);
    return 0;
}

static const char *smart(const char *lang, const char *text)
{
    return ep_smart_text(&arena, ep_locale_get(lang), text);
}

static void quotes_follow_the_language(void **state)
{
    (void)state;
    assert_string_equal(smart("en", "\"Yes,\" she said -- it's 'fine'..."),
                        "\u201CYes,\u201D she said \u2013 it\u2019s \u2018fine\u2019\u2026");
    assert_string_equal(smart("de", "Er sagte: \"Wir kommen.\" Das ist 'gut'."),
                        "Er sagte: \u201EWir kommen.\u201C Das ist \u201Agut\u2018.");
    /* French: guillemets with a narrow no-break space inside. */
    assert_string_equal(smart("fr", "Il a dit \"oui\"."), "Il a dit \u00AB\u202Foui\u202F\u00BB.");
    /* Straight quotes in Japanese and Traditional Chinese: curly, not corner brackets. */
    assert_string_equal(smart("ja", "\"東京\""), "\u201C東京\u201D");
    assert_string_equal(smart("zh-Hant", "\"臺北\""), "\u201C臺北\u201D");
    /* Marks the author typed stay as they are. */
    assert_string_equal(smart("ja", "「東京」と“大阪”"), "「東京」と“大阪”");
    assert_string_equal(smart("de", "„schon“ richtig"), "„schon“ richtig");
}

static void apostrophes_and_dashes(void **state)
{
    (void)state;
    assert_string_equal(smart("en", "the students' rights"), "the students\u2019 rights");
    assert_string_equal(smart("en", "People's"), "People\u2019s");
    assert_string_equal(smart("en", "1990--2020 --- and ----"), "1990\u20132020 \u2014 and \u2013\u2013");
    assert_string_equal(smart("en", "a-b"), "a-b");
    const char *plain = "No change at all";
    assert_ptr_equal(ep_smart_text(&arena, ep_locale_get("en"), plain), plain);
}

static void quotes_pair_across_styles_and_skip_code(void **state)
{
    (void)state;
    ep_part p;
    memset(&p, 0, sizeof p);
    ep_span spans[] = {
        {"He wrote \"", 10, 0, NULL, 0, {"t", 1, 1, 0}},
        {"never", 5, EP_STYLE_ITALIC, NULL, 0, {"t", 1, 11, 0}},
        {"\" and ", 6, 0, NULL, 0, {"t", 1, 16, 0}},
        {"\"code\"", 6, EP_STYLE_CODE, NULL, 0, {"t", 1, 22, 0}},
    };
    ep_block b = {.kind = EP_BLOCK_PARA, .spans = spans, .nspans = 4};
    p.body = &b;
    p.nbody = 1;
    p.subject.s = "Re: the \"coastal\" bill";
    ep_smart_part(&arena, ep_locale_get("en-GB"), &p);
    assert_string_equal(p.subject.s, "Re: the \u201Ccoastal\u201D bill");
    const ep_span *s = p.body[0].spans;
    assert_memory_equal(s[0].text, "He wrote \u201C", s[0].len);
    assert_memory_equal(s[2].text, "\u201D and ", s[2].len);
    assert_memory_equal(s[3].text, "\"code\"", 6);   /* code is as typed */
    assert_memory_equal(spans[0].text, "He wrote \"", 10);   /* the model is not changed */
}

/* A hyphen that ends a span before one that starts with a hyphen ("x--y A -*-b*") is
 * a hyphen, not a dash run of one (which once wrote dashes without end). */
static void hyphen_before_a_span_that_starts_with_one(void **state)
{
    (void)state;
    ep_part p;
    memset(&p, 0, sizeof p);
    ep_span spans[] = {
        {"x--y A -", 8, 0, NULL, 0, {"t", 1, 1, 0}},
        {"-b", 2, EP_STYLE_ITALIC, NULL, 0, {"t", 1, 9, 0}},
    };
    ep_block b = {.kind = EP_BLOCK_PARA, .spans = spans, .nspans = 2};
    p.body = &b;
    p.nbody = 1;
    ep_smart_part(&arena, ep_locale_get("en"), &p);
    const ep_span *s = p.body[0].spans;
    assert_int_equal(s[0].len, strlen("x\u2013y A -"));
    assert_memory_equal(s[0].text, "x\u2013y A -", s[0].len);
    assert_memory_equal(s[1].text, "-b", 2);
}

static void locales_from_tags(void **state)
{
    (void)state;
    const ep_locale *ar = ep_locale_get("ar"), *fa = ep_locale_get("fa"), *he = ep_locale_get("he"),
                    *ur = ep_locale_get("ur"), *en = ep_locale_get("en-US"), *ja = ep_locale_get("ja");
    assert_int_equal(ar->dir, EP_DIR_RTL);
    assert_int_equal(fa->dir, EP_DIR_RTL);
    assert_int_equal(he->dir, EP_DIR_RTL);
    assert_int_equal(ur->dir, EP_DIR_RTL);
    assert_int_equal(en->dir, EP_DIR_LTR);
    assert_string_equal(ar->script, "Arab");
    assert_string_equal(he->script, "Hebr");
    assert_string_equal(ja->script, "Jpan");
    assert_string_equal(en->paper, "letter");
    assert_string_equal(ar->paper, "a4");
    assert_string_equal(ja->brk, "ja@lb=strict");
    assert_string_equal(en->hyph[0], "en_US");
    assert_string_equal(ep_locale_get("de")->hyph[0], "de_DE");
    assert_string_equal(ep_locale_get("de")->hyph[1], "de");
    assert_string_equal(ar->labels[EP_LABEL_CC], "نسخة إلى:");
    assert_string_equal(he->labels[EP_LABEL_PS], "נ״ב:");
    assert_true(ur->leading > en->leading);
}

static void dates_and_digits_by_locale(void **state)
{
    (void)state;
    /* CLDR (ICU decides): Arabic with Arabic-Indic digits; Persian in the Solar Hijri calendar with
     * Persian digits (2026-11-30 is 9 Azar 1405); Thai in the Buddhist era (2569). */
    assert_string_equal(ep_locale_date(&arena, ep_locale_get("ar"), "2026-11-30"), "٣٠ نوفمبر ٢٠٢٦");
    assert_string_equal(ep_locale_date(&arena, ep_locale_get("fa"), "2026-11-30"), "۹ آذر ۱۴۰۵");
    assert_non_null(strstr(ep_locale_date(&arena, ep_locale_get("th"), "2026-11-30"), "2569"));
    /* Saudi Arabia: the Umm al-Qura calendar (2026-11-30 is 20 Jumada al-Akhirah 1448 AH). */
    assert_string_equal(ep_locale_date(&arena, ep_locale_get("ar-SA"), "2026-11-30"), "٢٠ جمادى الآخرة ١٤٤٨ هـ");
    assert_string_equal(ep_locale_page_of(&arena, ep_locale_get("ar"), 2, 3), "صفحة ٢ من ٣");
    assert_string_equal(ep_locale_page_of(&arena, ep_locale_get("en"), 2, 3), "Page 2 of 3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(quotes_follow_the_language, setup, teardown),
        cmocka_unit_test_setup_teardown(apostrophes_and_dashes, setup, teardown),
        cmocka_unit_test_setup_teardown(quotes_pair_across_styles_and_skip_code, setup, teardown),
        cmocka_unit_test_setup_teardown(hyphen_before_a_span_that_starts_with_one, setup, teardown),
        cmocka_unit_test_setup_teardown(locales_from_tags, setup, teardown),
        cmocka_unit_test_setup_teardown(dates_and_digits_by_locale, setup, teardown),
    };
    return cmocka_run_group_tests_name("resolve", tests, NULL, NULL);
}
