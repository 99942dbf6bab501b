/* Locales: everything a language tag means to epistle, worked out once from the BCP 47 tag
 * with ICU. The text engine and the layout take these objects and never read a tag again:
 * which script and writing direction a part is in, how its lines break, which hyphenation
 * dictionary and which Han forms it wants, the words a letter prints and its quotation
 * marks. A locale is interned for the life of the process and never changes, so letters
 * and threads share it without a lock. */
#ifndef EP_RESOLVE_LOCALE_H
#define EP_RESOLVE_LOCALE_H

#include <hb.h>

#include "diag.h"
#include "util/arena.h"

/* The writing direction of a paragraph or a run, as the Unicode Bidirectional Algorithm
 * numbers its levels: even is left to right, odd right to left. */
typedef enum ep_dir { EP_DIR_LTR = 0, EP_DIR_RTL = 1 } ep_dir;

/* Which East Asian writing system Han characters belong to (the Han forms, the fonts). */
typedef enum ep_cjk {
    EP_CJK_NONE,
    EP_CJK_TC,   /* Traditional Chinese */
    EP_CJK_SC,   /* Simplified Chinese */
    EP_CJK_JP,
    EP_CJK_KR,
} ep_cjk;

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
    EP_LABEL_SIGNED,    /* a visible digital signature's "Digitally signed" */
    EP_LABEL_COUNT
} ep_label;

typedef struct ep_locale {
    const char *tag;           /* the BCP 47 tag as the letter wrote it */
    char icu[64];              /* ICU's locale id: "zh_Hant" */
    char lang[12];             /* its language alone: "zh", "ur" */
    char script[8];            /* ISO 15924 code of its usual script: "Latn", "Arab", "Hant" */
    hb_script_t hb_script;
    hb_language_t hb_lang;     /* for HarfBuzz's 'locl' and shaping */
    ep_dir dir;                /* the paragraph direction of its text */
    ep_cjk cjk;
    char brk[80];              /* ICU locale for line breaks (strict for Chinese, Japanese) */
    int keep_all;              /* no breaks between letters (Korean) */
    int inter_char;            /* lines break and stretch between characters (zh, ja) */
    int indent_first;          /* paragraphs open with a two-character indent (zh, ja) */
    float leading;             /* baseline to baseline, as a factor of the type size */
    char hyph[2][16];          /* hyphenation dictionaries to try, "en_US" then "en"; "" none */
    const char *paper;         /* the paper its letters are usually on: "letter" or "a4" */
    const char *labels[EP_LABEL_COUNT];
    char quotes[4][16];        /* open, close, and the inner pair (ICU's locale data) */
    char digits[10][8];        /* 0 to 9 as the locale writes numbers (Arabic-Indic in ar) */
} ep_locale;

/* 1 if tag is a well-formed BCP 47 tag naming a language ICU knows. */
int ep_locale_valid(const char *tag);

/* The tag a writer probably meant by an unknown one: en_GB is en-GB, "German" or "Deutsch"
 * is de. 1 if there is one (in out). */
int ep_locale_suggest(const char *tag, char *out, size_t size);

/* The locale for a tag (NULL: English). Returns NULL for a tag ep_locale_valid refuses. */
const ep_locale *ep_locale_get(const char *tag);

/* The locale of text in another writing system than its part's, where the script alone does
 * not say the language: Latin words in East Asian text (English: its hyphenation, its
 * shaping), and Han or Hangul in a part that is not East Asian (Korean for Hangul;
 * Traditional Chinese for Han, the forms of the letters this tool was first made for). The
 * text engine asks for these rather than naming a tag. */
const ep_locale *ep_locale_latin_words(void);
const ep_locale *ep_locale_east_asian_words(int hangul);

/* The language a script is most likely written in (ICU's likely subtags: Arab -> ar), for
 * text in another script than its part's; NULL if ICU does not know. */
const ep_locale *ep_locale_for_script(const char *script);

/* An ISO date (YYYY-MM-DD) written the way the locale writes dates (ICU), in a; any other
 * text is returned as given. */
const char *ep_locale_date(ep_arena *a, const ep_locale *loc, const char *date);
/* The date a letter gives, as ISO 8601 (YYYY-MM-DD) when it is a calendar date: "today",
 * 2017-11-21, 2017/11/21, or 21/11/2017 and 11/21/2017 where the order is clear (from the
 * numbers, or from the locale's convention). A numeric date that is no calendar day, or whose
 * order is unclear, is reported (*failed set); other text is kept as written. */
const char *ep_date_read(ep_arena *a, ep_diag *d, const ep_locale *loc, const char *date, ep_pos at, int *failed);

/* "Page 2 of 3" in the locale's words and digits. */
const char *ep_locale_page_of(ep_arena *a, const ep_locale *loc, int page, int pages);

#endif
