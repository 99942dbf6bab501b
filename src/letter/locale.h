/* Locale data for letters: which CJK writing system a language tag means, dates formatted
 * the way the language writes them (ICU), and the few words a letter prints itself. */
#ifndef EP_LETTER_LOCALE_H
#define EP_LETTER_LOCALE_H

#include "util/arena.h"

typedef enum ep_cjk {
    EP_CJK_NONE,
    EP_CJK_TC,   /* Traditional Chinese */
    EP_CJK_SC,   /* Simplified Chinese */
    EP_CJK_JP,
    EP_CJK_KR,
} ep_cjk;

/* 1 if tag is a well-formed BCP 47 tag naming a language ICU knows. */
int ep_lang_valid(const char *tag);
ep_cjk ep_lang_cjk(const char *tag);
/* The ICU locale id for a BCP 47 tag ("zh-Hant" -> "zh_Hant"), in a static-size buffer. */
void ep_lang_icu(const char *tag, char *out, size_t size);
/* The language as an HarfBuzz/OpenType language tag string ("zh-Hant" stays "zh-Hant"). */
const char *ep_lang_default(void);

/* An ISO date (YYYY-MM-DD) formatted for tag; any other text is returned as given. */
const char *ep_format_date(ep_arena *a, const char *tag, const char *date);

typedef enum ep_label {
    EP_LABEL_CC,
    EP_LABEL_ENCLOSURES,
    EP_LABEL_PS,
    EP_LABEL_PAGE_OF,   /* printf format with two %d: page, pages */
    EP_LABEL_YOUR_REF,
    EP_LABEL_YOUR_LETTER,
    EP_LABEL_OUR_REF,
    EP_LABEL_PHONE,
    EP_LABEL_CONTACT,
    EP_LABEL_DATE,
    EP_LABEL_ATTENTION,
    EP_LABEL_COUNT
} ep_label;

const char *ep_label_text(const char *tag, ep_label which);

#endif
