/* Dates and numbers written the way a locale writes them (ICU), with a memo for batches. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "resolve/locale.h"

static int parse_iso(const char *s, int *y, int *m, int *d)
{
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3) return 0;
    if (s[4] != '-' || s[7] != '-') return 0;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1]) return 0;
    if (*m == 2 && *d == 29 && !((*y % 4 == 0 && *y % 100) || *y % 400 == 0)) return 0;
    return 1;
}

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* ICU's pattern generator loads much locale data: a batch formats the same few dates for
 * thousands of letters, so results are remembered (a bounded number of them). */
enum { EP_DATE_MEMO = 64 };
static struct {
    char key[ULOC_FULLNAME_CAPACITY + 32];
    char *value;
} date_memo[EP_DATE_MEMO];
static size_t date_memo_n;
static pthread_mutex_t date_memo_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *format_date_icu(ep_arena *a, const char *loc, int y, int m, int d, const char *date);

const char *ep_locale_date(ep_arena *a, const ep_locale *locale, const char *date)
{
    int y, m, d;
    if (!date || !parse_iso(date, &y, &m, &d)) return date;
    char key[ULOC_FULLNAME_CAPACITY + 32];
    const char *loc = locale->icu;
    snprintf(key, sizeof key, "%s|%s", loc, date);
    pthread_mutex_lock(&date_memo_lock);
    for (size_t i = 0; i < date_memo_n; i++)
        if (!strcmp(date_memo[i].key, key)) {
            const char *r = ep_arena_strdup(a, date_memo[i].value);
            pthread_mutex_unlock(&date_memo_lock);
            return r;
        }
    pthread_mutex_unlock(&date_memo_lock);
    const char *r = format_date_icu(a, loc, y, m, d, date);
    pthread_mutex_lock(&date_memo_lock);
    if (r != date && date_memo_n < EP_DATE_MEMO) {
        memcpy(date_memo[date_memo_n].key, key, sizeof key);
        date_memo[date_memo_n].value = strdup(r);
        if (date_memo[date_memo_n].value) date_memo_n++;
    }
    pthread_mutex_unlock(&date_memo_lock);
    return r;
}

static const char *format_date_icu(ep_arena *a, const char *loc, int y, int m, int d, const char *date)
{
    UErrorCode err = U_ZERO_ERROR;
    UChar skeleton[8], pattern[64], tz[4], out[128];
    u_uastrcpy(skeleton, "yMMMMd");
    u_uastrcpy(tz, "UTC");
    UDateTimePatternGenerator *gen = udatpg_open(loc, &err);
    int32_t plen = udatpg_getBestPattern(gen, skeleton, -1, pattern, 64, &err);
    udatpg_close(gen);
    if (U_FAILURE(err)) return date;
    UDateFormat *fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, tz, -1, pattern, plen, &err);
    if (U_FAILURE(err)) return date;
    /* Noon UTC keeps the calendar day the same whatever the formatter's zone rules. */
    UDate when = ((double)days_from_civil(y, m, d) * 86400.0 + 43200.0) * 1000.0;
    int32_t olen = udat_format(fmt, when, out, 128, NULL, &err);
    udat_close(fmt);
    if (U_FAILURE(err)) return date;
    char *utf8 = ep_arena_alloc(a, (size_t)olen * 4 + 1);
    int32_t u8len = 0;
    u_strToUTF8(utf8, olen * 4 + 1, &u8len, out, olen, &err);
    return U_FAILURE(err) ? date : utf8;
}

/* A whole number in the locale's digits, without grouping. */
static void number(const ep_locale *loc, int n, char *out, size_t size)
{
    char rev[16];
    int k = 0;
    unsigned u = n < 0 ? 0u : (unsigned)n;
    do rev[k++] = (char)(u % 10); while ((u /= 10) && k < 16);
    size_t len = 0;
    while (k-- > 0) {
        const char *d = loc->digits[(int)rev[k]];
        size_t l = strlen(d);
        if (len + l + 1 > size) break;
        memcpy(out + len, d, l);
        len += l;
    }
    out[len] = 0;
}

const char *ep_locale_page_of(ep_arena *a, const ep_locale *loc, int page, int pages)
{
    char nums[2][32];
    number(loc, page, nums[0], sizeof nums[0]);
    number(loc, pages, nums[1], sizeof nums[1]);
    /* The label has two %d: the page and the number of pages, in that order. */
    const char *fmt = loc->labels[EP_LABEL_PAGE_OF];
    size_t cap = strlen(fmt) + sizeof nums + 1, n = 0, used = 0;
    char *out = ep_arena_alloc(a, cap);
    for (const char *s = fmt; *s && n + 1 < cap;) {
        if (s[0] == '%' && s[1] == 'd' && used < 2) {
            size_t l = strlen(nums[used]);
            memcpy(out + n, nums[used++], l);
            n += l;
            s += 2;
        } else {
            out[n++] = *s++;
        }
    }
    out[n] = 0;
    return out;
}
