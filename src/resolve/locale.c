/* Resolving a language tag into a locale object, once per tag and process. */
#include "resolve/locale.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/unum.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "resolve/labels.h"
#include "util/alloc.h"

int ep_locale_valid(const char *tag)
{
    if (!tag || !*tag) return 0;
    char loc[ULOC_FULLNAME_CAPACITY];
    UErrorCode err = U_ZERO_ERROR;
    int32_t parsed = 0;
    uloc_forLanguageTag(tag, loc, sizeof loc, &parsed, &err);
    if (U_FAILURE(err) || parsed != (int32_t)strlen(tag)) return 0;
    const char *iso3 = uloc_getISO3Language(loc);
    return iso3 && *iso3;
}

/* A language name, in English or in the language itself ("German", "Deutsch"), as a code. */
static int code_for_name(const char *name, char *out, size_t size)
{
    UChar want[64], have[64];
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(want, 64, NULL, name, -1, &err);
    if (U_FAILURE(err)) return 0;
    for (const char *const *code = uloc_getISOLanguages(); *code; code++) {
        const char *in[] = {"en", *code};
        for (size_t k = 0; k < 2; k++) {
            err = U_ZERO_ERROR;
            int32_t n = uloc_getDisplayLanguage(*code, in[k], have, 64, &err);
            if (U_SUCCESS(err) && n > 0 && n < 64 && !u_strcasecmp(have, want, U_FOLD_CASE_DEFAULT)) {
                snprintf(out, size, "%s", *code);
                return 1;
            }
        }
    }
    return 0;
}

int ep_locale_suggest(const char *tag, char *out, size_t size)
{
    if (!tag || !*tag || strlen(tag) >= 64) return 0;
    /* The POSIX form (en_GB, as in $LANG): the same with hyphens. */
    char t[64];
    snprintf(t, sizeof t, "%s", tag);
    for (char *p = t; *p; p++)
        if (*p == '_') *p = '-';
    char *dot = strchr(t, '.');   /* en_GB.UTF-8 */
    if (dot) *dot = 0;
    if (strcmp(t, tag) && ep_locale_valid(t)) {
        char loc[ULOC_FULLNAME_CAPACITY];
        UErrorCode err = U_ZERO_ERROR;
        uloc_forLanguageTag(t, loc, sizeof loc, NULL, &err);
        if (U_SUCCESS(err)) uloc_toLanguageTag(loc, out, (int32_t)size, 1, &err);
        if (U_FAILURE(err)) snprintf(out, size, "%s", t);
        return 1;
    }
    return code_for_name(tag, out, size);
}

static ep_cjk cjk_of(const char *script)
{
    if (!strcmp(script, "Hant")) return EP_CJK_TC;
    if (!strcmp(script, "Hans")) return EP_CJK_SC;
    if (!strcmp(script, "Jpan")) return EP_CJK_JP;
    if (!strcmp(script, "Kore")) return EP_CJK_KR;
    return EP_CJK_NONE;
}

/* The hyphenation dictionaries Debian's hyphen-* packages name by language and region:
 * hyph_en_GB.dic for en-GB; for a bare language its usual region (en -> en_US), then the
 * language alone (hyph_fr.dic). */
static void hyphenation_names(ep_locale *l)
{
    char lang[16] = "", region[8] = "";
    UErrorCode err = U_ZERO_ERROR;
    uloc_getLanguage(l->icu, lang, sizeof lang, &err);
    err = U_ZERO_ERROR;
    uloc_getCountry(l->icu, region, sizeof region, &err);
    if (U_FAILURE(err) || strlen(region) != 2) region[0] = 0;
    static const char *const usual[][2] = {{"en", "US"}, {"de", "DE"}, {"fr", "FR"}, {"es", "ES"},
                                           {"pt", "PT"}, {"it", "IT"}, {"nl", "NL"}, {"sv", "SE"},
                                           {"hi", "IN"}, {"bn", "IN"}, {"ta", "IN"}, {"mr", "IN"}};
    if (!region[0])
        for (size_t k = 0; k < sizeof usual / sizeof *usual; k++)
            if (!strcmp(lang, usual[k][0])) snprintf(region, sizeof region, "%s", usual[k][1]);
    if (region[0]) snprintf(l->hyph[0], sizeof l->hyph[0], "%s_%s", lang, region);
    snprintf(l->hyph[region[0] ? 1 : 0], sizeof l->hyph[0], "%s", lang);
}

/* ICU's quotation delimiters for the locale, in UTF-8. */
static void quotation_marks(ep_locale *l)
{
    static const char *const fallback[4] = {"\u201C", "\u201D", "\u2018", "\u2019"};
    static const ULocaleDataDelimiterType kinds[4] = {ULOCDATA_QUOTATION_START, ULOCDATA_QUOTATION_END,
                                                      ULOCDATA_ALT_QUOTATION_START, ULOCDATA_ALT_QUOTATION_END};
    UErrorCode err = U_ZERO_ERROR;
    ULocaleData *ld = ulocdata_open(l->icu, &err);
    for (int i = 0; i < 4; i++) {
        UChar u[4];
        int32_t n = 0, n8 = 0;
        UErrorCode e = U_SUCCESS(err) ? U_ZERO_ERROR : err;
        if (ld && U_SUCCESS(e)) n = ulocdata_getDelimiter(ld, kinds[i], u, 4, &e);
        if (U_SUCCESS(e) && n > 0) u_strToUTF8(l->quotes[i], sizeof l->quotes[i], &n8, u, n, &e);
        if (U_FAILURE(e) || n8 <= 0) snprintf(l->quotes[i], sizeof l->quotes[i], "%s", fallback[i]);
    }
    if (ld) ulocdata_close(ld);
    /* Corner brackets are for the writer to type: straight quotes in Chinese or Japanese
     * text become the curly ones, as most writers of those languages type them. */
    if (!strncmp(l->quotes[0], "\u300C", strlen("\u300C")))
        for (int i = 0; i < 4; i++) snprintf(l->quotes[i], sizeof l->quotes[i], "%s", fallback[i]);
}

/* The digits of the locale's default numbering system (ICU's decimal format symbols). */
static void digits(ep_locale *l)
{
    static const UNumberFormatSymbol sym[10] = {
        UNUM_ZERO_DIGIT_SYMBOL, UNUM_ONE_DIGIT_SYMBOL, UNUM_TWO_DIGIT_SYMBOL, UNUM_THREE_DIGIT_SYMBOL,
        UNUM_FOUR_DIGIT_SYMBOL, UNUM_FIVE_DIGIT_SYMBOL, UNUM_SIX_DIGIT_SYMBOL, UNUM_SEVEN_DIGIT_SYMBOL,
        UNUM_EIGHT_DIGIT_SYMBOL, UNUM_NINE_DIGIT_SYMBOL};
    UErrorCode err = U_ZERO_ERROR;
    UNumberFormat *f = unum_open(UNUM_DECIMAL, NULL, 0, l->icu, NULL, &err);
    for (int i = 0; i < 10; i++) {
        UChar u[4];
        int32_t n = 0, n8 = 0;
        UErrorCode e = U_ZERO_ERROR;
        if (f && U_SUCCESS(err)) n = unum_getSymbol(f, sym[i], u, 4, &e);
        if (U_SUCCESS(e) && n > 0 && n < 4) u_strToUTF8(l->digits[i], sizeof l->digits[i], &n8, u, n, &e);
        if (U_FAILURE(e) || n8 <= 0) snprintf(l->digits[i], sizeof l->digits[i], "%d", i);
    }
    if (f) unum_close(f);
}

static void locale_free(ep_locale *l)
{
    if (!l) return;
    free((char *)l->tag);
    free(l);
}

static ep_locale *resolve(const char *tag)
{
    ep_locale *l = ep_xcalloc(1, sizeof *l);
    l->tag = ep_xstrdup(tag);
    UErrorCode err = U_ZERO_ERROR;
    int32_t parsed = 0;
    uloc_forLanguageTag(tag, l->icu, sizeof l->icu, &parsed, &err);
    if (U_FAILURE(err)) snprintf(l->icu, sizeof l->icu, "en");
    err = U_ZERO_ERROR;
    uloc_getLanguage(l->icu, l->lang, sizeof l->lang, &err);
    char full[ULOC_FULLNAME_CAPACITY];
    err = U_ZERO_ERROR;
    uloc_addLikelySubtags(l->icu, full, sizeof full, &err);
    if (U_FAILURE(err)) snprintf(full, sizeof full, "%s", l->icu);
    err = U_ZERO_ERROR;
    uloc_getScript(full, l->script, sizeof l->script, &err);
    if (U_FAILURE(err) || !l->script[0]) snprintf(l->script, sizeof l->script, "Latn");
    l->hb_script = hb_script_from_string(l->script, -1);
    l->hb_lang = hb_language_from_string(tag, -1);
    l->dir = uloc_isRightToLeft(full) ? EP_DIR_RTL : EP_DIR_LTR;
    l->cjk = cjk_of(l->script);
    l->inter_char = l->cjk != EP_CJK_NONE && l->cjk != EP_CJK_KR;
    l->indent_first = l->inter_char;
    l->keep_all = l->cjk == EP_CJK_KR;
    /* CJK text is set more openly than Latin; Urdu's Nastaliq, whose words descend along a
     * slanting baseline, needs the most room. */
    l->leading = l->cjk != EP_CJK_NONE ? 1.7f : !strcmp(l->lang, "ur") ? 2.2f : 1.38f;
    /* ICU's default for Japanese is the "normal" tailoring, which lets small kana and ー
     * start a line; formal text follows the strict rules (jlreq cl-10, cl-11). */
    snprintf(l->brk, sizeof l->brk, "%s%s", l->icu, l->inter_char ? "@lb=strict" : "");
    hyphenation_names(l);
    /* US and Canadian correspondence is on Letter; everyone else uses A4. */
    l->paper = !strcmp(tag, "en-US") || !strcmp(tag, "en-CA") || !strcmp(tag, "es-US") || !strcmp(tag, "fr-CA")
                   ? "letter" : "a4";
    ep_labels_for(tag, l->labels);
    quotation_marks(l);
    digits(l);
    return l;
}

/* Interned: a batch resolves the same few tags for every letter. Letters can only name so
 * many languages, so the table only grows; it lives as long as the process. */
static const ep_locale **table;
static size_t ntable, captable;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static const ep_locale *find(const char *tag)
{
    for (size_t i = 0; i < ntable; i++)
        if (!strcmp(table[i]->tag, tag)) return table[i];
    return NULL;
}

const ep_locale *ep_locale_get(const char *tag)
{
    if (!tag) tag = "en";
    pthread_mutex_lock(&table_lock);
    const ep_locale *known = find(tag);
    pthread_mutex_unlock(&table_lock);
    if (known) return known;
    if (!ep_locale_valid(tag)) return NULL;
    ep_locale *l = resolve(tag);
    if (!l) return NULL;
    pthread_mutex_lock(&table_lock);
    /* Another thread may have resolved the same tag meanwhile: keep the first. */
    known = find(tag);
    if (!known) {
        table = ep_grow(table, sizeof *table, &captable, ntable + 1);
        table[ntable++] = known = l;
    }
    pthread_mutex_unlock(&table_lock);
    if (known != l) locale_free(l);
    return known;
}

const ep_locale *ep_locale_latin_words(void) { return ep_locale_get("en"); }

const ep_locale *ep_locale_east_asian_words(int hangul) { return ep_locale_get(hangul ? "ko" : "zh-Hant"); }

const ep_locale *ep_locale_for_script(const char *script)
{
    /* ICU's likely subtags: und-Arab is Arabic, und-Hebr Hebrew, und-Taml Tamil. */
    char und[32], full[ULOC_FULLNAME_CAPACITY], lang[16];
    snprintf(und, sizeof und, "und_%s", script);
    UErrorCode err = U_ZERO_ERROR;
    uloc_addLikelySubtags(und, full, sizeof full, &err);
    if (U_FAILURE(err)) return NULL;
    uloc_getLanguage(full, lang, sizeof lang, &err);
    return U_SUCCESS(err) && lang[0] && strcmp(lang, "und") ? ep_locale_get(lang) : NULL;
}
