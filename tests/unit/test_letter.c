/* Unit tests of the letter stage: front matter, body, parts, locale data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "resolve/labels.h"
#include "resolve/locale.h"
#include "letter/model.h"

static char last_msg[1024];
static int last_line, last_col;

static void capture(const epistle_diagnostic *d, void *user)
{
    (void)user;
    snprintf(last_msg, sizeof last_msg, "%s", d->message);
    last_line = d->line;
    last_col = d->column;
}

typedef struct fixture {
    ep_arena arena;
    ep_diag diag;
    ep_letter letter;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    ep_arena_init(&f.arena);
    ep_diag_init(&f.diag, capture, NULL);
    f.letter.arena = &f.arena;
    last_msg[0] = 0;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ep_arena_free(&f->arena);
    return 0;
}

static int read_letter(fixture *f, const char *text)
{
    return ep_letter_read(&f->letter, &f->diag, "t.md", text, strlen(text));
}

static void address_as_list_or_string(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\n"
                                    "from:\n  name: A\n  address:\n    - One\n    - Two\n"
                                    "to:\n  name: B\n  address: |\n    Line 1\n\n    Line 2\n"
                                    "---\nBody.\n"), 0);
    ep_part *p = &f->letter.parts[0];
    assert_int_equal(p->from.address.n, 2);
    assert_string_equal(p->from.address.v[1].s, "Two");
    assert_int_equal(p->to.address.n, 2);   /* the blank line is dropped */
    assert_string_equal(p->to.address.v[0].s, "Line 1");
    assert_string_equal(p->to.address.v[1].s, "Line 2");
    assert_int_equal(p->to.address.v[1].pos.line, 12);
}

static void signatories_and_trailers(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\nsignatories:\n  - name: X\n    title: T\n    organisation: O\n"
                                    "  - name: Y\ncc: Someone\nenclosures: [a, b]\nps: Later.\n---\n"), 0);
    ep_part *p = &f->letter.parts[0];
    assert_int_equal(p->nsignatories, 2);
    assert_string_equal(p->signatories[0].organization.s, "O");
    assert_string_equal(p->signatories[1].name.s, "Y");
    assert_int_equal(p->cc.n, 1);
    assert_int_equal(p->enclosures.n, 2);
    assert_string_equal(p->ps.s, "Later.");
}

static void unknown_key_has_position_and_suggestion(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\nlang: en\nclosng: Bye\n---\n"), -1);
    assert_string_equal(last_msg, "unknown key 'closng'; did you mean 'closing'?");
    assert_int_equal(last_line, 3);
    assert_int_equal(last_col, 1);
}

static void wrong_type_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\nsubject: [a, b]\n---\n"), -1);
    assert_string_equal(last_msg, "'subject' must be a string");
    assert_int_equal(last_line, 2);
    assert_int_equal(last_col, 10);
}

static void body_inlines_become_styled_spans(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\nlang: en\n---\nPlain *it* **bold** [link](https://x.example)  \nnext\n"), 0);
    ep_part *p = &f->letter.parts[0];
    assert_int_equal(p->nbody, 1);
    ep_block *b = &p->body[0];
    assert_int_equal(b->kind, EP_BLOCK_PARA);
    assert_int_equal(b->pos.line, 4);
    int seen_it = 0, seen_bold = 0, seen_link = 0, seen_break = 0;
    for (size_t i = 0; i < b->nspans; i++) {
        ep_span *s = &b->spans[i];
        if (s->style == EP_STYLE_ITALIC && !strcmp(s->text, "it")) seen_it = 1;
        if (s->style == EP_STYLE_BOLD && !strcmp(s->text, "bold")) seen_bold = 1;
        if (s->href && !strcmp(s->href, "https://x.example") && !strcmp(s->text, "link")) seen_link = 1;
        if (s->hard_break) seen_break = 1;
    }
    assert_true(seen_it && seen_bold && seen_link && seen_break);
}

static void quotes_and_lists(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\n---\n> quoted\n\n3. three\n4. four\n\n- a\n- b\n"), 0);
    ep_part *p = &f->letter.parts[0];
    assert_int_equal(p->nbody, 3);
    assert_int_equal(p->body[0].kind, EP_BLOCK_QUOTE);
    assert_int_equal(p->body[0].children[0].kind, EP_BLOCK_PARA);
    assert_int_equal(p->body[1].kind, EP_BLOCK_LIST);
    assert_true(p->body[1].ordered);
    assert_int_equal(p->body[1].start, 3);
    assert_int_equal(p->body[1].nchildren, 2);
    assert_false(p->body[2].ordered);
}

static void later_parts_inherit(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\nlang: en\nsubject: S\nclosing: C\n---\nEnglish.\n\n"
                                    "---\nlang: zh-Hant\nsubject: 主旨\n---\n中文。\n"), 0);
    assert_int_equal(f->letter.nparts, 2);
    ep_part *a = &f->letter.parts[0], *b = &f->letter.parts[1];
    assert_string_equal(a->subject.s, "S");
    assert_string_equal(b->subject.s, "主旨");
    assert_string_equal(b->closing.s, "C");      /* inherited */
    assert_string_equal(b->lang.s, "zh-Hant");
    assert_int_equal(a->nbody, 1);
    assert_int_equal(b->nbody, 1);
    assert_int_equal(b->body[0].pos.line, 12);
}

static void thematic_break_is_not_a_new_part(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\nlang: en\n---\nOne.\n\n---\n\nTwo.\n"), 0);
    assert_int_equal(f->letter.nparts, 1);
    assert_int_equal(f->letter.parts[0].nbody, 3);
    assert_int_equal(f->letter.parts[0].body[1].kind, EP_BLOCK_RULE);
}

static void invalid_utf8_is_located(void **state)
{
    fixture *f = *state;
    assert_int_equal(read_letter(f, "---\nlang: en\n---\nab\xC3(\n"), -1);
    assert_int_equal(last_line, 4);
    assert_int_equal(last_col, 3);
}

static void dates_follow_the_language(void **state)
{
    fixture *f = *state;
    assert_string_equal(ep_locale_date(&f->arena, ep_locale_get("en-GB"), "2017-11-21"), "21 November 2017");
    assert_string_equal(ep_locale_date(&f->arena, ep_locale_get("en-US"), "2017-11-21"), "November 21, 2017");
    assert_string_equal(ep_locale_date(&f->arena, ep_locale_get("zh-Hant"), "2017-11-21"), "2017年11月21日");
    assert_string_equal(ep_locale_date(&f->arena, ep_locale_get("ja"), "2017-11-21"), "2017年11月21日");
    assert_string_equal(ep_locale_date(&f->arena, ep_locale_get("ko"), "2017-11-21"), "2017년 11월 21일");
    assert_string_equal(ep_locale_date(&f->arena, ep_locale_get("en"), "Autumn 2017"), "Autumn 2017");
    assert_string_equal(ep_locale_date(&f->arena, ep_locale_get("en"), "2017-02-30"), "2017-02-30");
}

static void languages(void **state)
{
    (void)state;
    assert_int_equal(ep_locale_get("zh-Hant")->cjk, EP_CJK_TC);
    assert_int_equal(ep_locale_get("zh-TW")->cjk, EP_CJK_TC);
    assert_int_equal(ep_locale_get("zh-HK")->cjk, EP_CJK_TC);
    assert_int_equal(ep_locale_get("zh-Hans")->cjk, EP_CJK_SC);
    assert_int_equal(ep_locale_get("zh")->cjk, EP_CJK_SC);
    assert_int_equal(ep_locale_get("ja")->cjk, EP_CJK_JP);
    assert_int_equal(ep_locale_get("ko")->cjk, EP_CJK_KR);
    assert_int_equal(ep_locale_get("en-GB")->cjk, EP_CJK_NONE);
    assert_true(ep_locale_valid("en-US"));
    assert_true(ep_locale_valid("zh-Hant"));
    assert_false(ep_locale_valid("xx-notalang"));
    assert_false(ep_locale_valid(""));
    assert_string_equal(ep_locale_get("zh-Hant")->labels[EP_LABEL_CC], "副本：");
    assert_string_equal(ep_locale_get("zh-Hans-CN")->labels[EP_LABEL_CC], "抄送：");
    assert_string_equal(ep_locale_get("fr-CA")->labels[EP_LABEL_PAGE_OF], "Page %d sur %d");
    const char *fallback[EP_LABEL_COUNT];
    ep_labels_for("xx", fallback);
    assert_string_equal(fallback[EP_LABEL_PS], "P.S.");
    assert_null(ep_locale_get("xx-notalang"));
    assert_ptr_equal(ep_locale_get("zh-Hant"), ep_locale_get("zh-Hant"));   /* interned */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(address_as_list_or_string, setup, teardown),
        cmocka_unit_test_setup_teardown(signatories_and_trailers, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_key_has_position_and_suggestion, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_type_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(body_inlines_become_styled_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(quotes_and_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(later_parts_inherit, setup, teardown),
        cmocka_unit_test_setup_teardown(thematic_break_is_not_a_new_part, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_utf8_is_located, setup, teardown),
        cmocka_unit_test_setup_teardown(dates_follow_the_language, setup, teardown),
        cmocka_unit_test_setup_teardown(languages, setup, teardown),
    };
    return cmocka_run_group_tests_name("letter", tests, NULL, NULL);
}
