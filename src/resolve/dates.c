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
#include "util/alloc.h"
#include "util/clock.h"

static int leap(int y) { return (y % 4 == 0 && y % 100) || y % 400 == 0; }

static int days_in(int y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : mdays[m - 1];
}

static int parse_iso(const char *s, int *y, int *m, int *d)
{
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3) return 0;
    if (s[4] != '-' || s[7] != '-') return 0;
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in(*y, *m);
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
        date_memo[date_memo_n++].value = ep_xstrdup(r);
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

/* Whether the locale writes a numeric date day first (1), month first (0), or has no one
 * order (-1: a language tag without a region whose regions differ, as en does). */
static int day_order(const ep_locale *loc)
{
    if (!strcmp(loc->icu, "en")) return -1;
    UErrorCode err = U_ZERO_ERROR;
    UChar tz[4], pat[64];
    u_uastrcpy(tz, "UTC");
    UDateFormat *f = udat_open(UDAT_NONE, UDAT_SHORT, loc->icu, tz, -1, NULL, 0, &err);
    if (U_FAILURE(err)) return -1;
    int32_t n = udat_toPattern(f, 0, pat, 64, &err);
    udat_close(f);
    for (int32_t i = 0; U_SUCCESS(err) && i < n && i < 64; i++) {
        if (pat[i] == 'd') return 1;
        if (pat[i] == 'M') return 0;
        if (pat[i] == 'y') return -1;   /* year first: its order is not the question */
    }
    return -1;
}

/* Locales are interned: a merge asks once per language, not once per letter. */
static struct {
    const ep_locale *loc;
    int order;
} orders[32];
static size_t norders;
static pthread_mutex_t orders_lock = PTHREAD_MUTEX_INITIALIZER;

static int day_first(const ep_locale *loc)
{
    pthread_mutex_lock(&orders_lock);
    for (size_t i = 0; i < norders; i++)
        if (orders[i].loc == loc) {
            int order = orders[i].order;
            pthread_mutex_unlock(&orders_lock);
            return order;
        }
    pthread_mutex_unlock(&orders_lock);
    int order = day_order(loc);
    pthread_mutex_lock(&orders_lock);
    if (norders < sizeof orders / sizeof *orders) orders[norders].loc = loc, orders[norders++].order = order;
    pthread_mutex_unlock(&orders_lock);
    return order;
}

static const char *const month_names[] = {"January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"};

/* Three numbers separated by one kind of '-', '/' or '.', with nothing else: a numeric date. */
static int numeric(const char *s, long v[3], int len[3], char *sep)
{
    const char *p = s;
    *sep = 0;
    for (int k = 0; k < 3; k++) {
        char *end;
        if (*p < '0' || *p > '9') return 0;
        v[k] = strtol(p, &end, 10);
        len[k] = (int)(end - p);
        if (len[k] > 4) return 0;
        p = end;
        if (k < 2) {
            if (*p != '-' && *p != '/' && *p != '.') return 0;
            if (*sep && *p != *sep) return 0;
            *sep = *p++;
        }
    }
    return *p == 0 || (*p == '.' && !p[1] && *sep == '.');   /* "21.11.2017." is German too */
}

static const char *iso(ep_arena *a, long y, long m, long d)
{
    return ep_arena_printf(a, "%04ld-%02ld-%02ld", y, m, d);
}

/* A date that is not a calendar day: what is wrong with it, for the message. */
static int bad_day(char *why, size_t size, long y, long m, long d)
{
    if (m < 1 || m > 12) {
        snprintf(why, size, "there is no month %ld", m);
        return 1;
    }
    if (d < 1 || d > days_in((int)y, (int)m)) {
        snprintf(why, size, "%s %ld has %d days", month_names[m - 1], y, days_in((int)y, (int)m));
        return 1;
    }
    return 0;
}

const char *ep_date_read(ep_arena *a, ep_diag *dg, const ep_locale *loc, const char *s, ep_pos at, int *failed)
{
    if (!s) return NULL;
    char why[96], hint[160];
    if (!strcmp(s, "today")) {
        struct tm tm;
        ep_today(&tm);
        return iso(a, tm.tm_year + 1900L, tm.tm_mon + 1L, tm.tm_mday);
    }
    long v[3];
    int len[3];
    char sep;
    if (!numeric(s, v, len, &sep)) return s;   /* "15 March 2026", "Spring 2026": as written */
    long y, m, d;
    if (len[0] == 4) {
        y = v[0], m = v[1], d = v[2];   /* 2017-11-21, 2017/11/21, 2017.11.21 */
    } else if (len[2] == 4) {
        int order = day_first(loc);
        int dm_ok = v[1] >= 1 && v[1] <= 12 && v[0] >= 1, md_ok = v[0] >= 1 && v[0] <= 12 && v[1] >= 1;
        y = v[2];
        if (order < 0 && dm_ok && md_ok && v[0] != v[1]) {
            snprintf(hint, sizeof hint, "write it as year-month-day: %s (%ld %s) or %s (%ld %s)",
                     iso(a, y, v[1], v[0]), v[0], month_names[v[1] - 1], iso(a, y, v[0], v[1]), v[1], month_names[v[0] - 1]);
            ep_error_hint(dg, at, EP_C_INVALID_VALUE, hint,
                          "'%s' could be day/month or month/day, and '%s' does not say which", s, loc->tag);
            *failed = 1;
            return s;
        }
        int dayfirst = order >= 0 ? order : dm_ok;
        if (order >= 0 && !(order ? dm_ok : md_ok) && (order ? md_ok : dm_ok)) {
            /* The other order would make sense: the writer used the other convention. */
            long dd = order ? v[1] : v[0], mm = order ? v[0] : v[1];
            if (!bad_day(why, sizeof why, y, mm, dd)) {
                snprintf(hint, sizeof hint, "if you mean %ld %s %ld, write %s", dd, month_names[mm - 1], y, iso(a, y, mm, dd));
                ep_error_hint(dg, at, EP_C_INVALID_VALUE, hint, "in '%s' a date is written %s, so '%s' has no month %ld",
                              loc->tag, order ? "day/month/year" : "month/day/year", s, order ? v[1] : v[0]);
                *failed = 1;
                return s;
            }
        }
        d = dayfirst ? v[0] : v[1];
        m = dayfirst ? v[1] : v[0];
    } else {
        ep_error_hint(dg, at, EP_C_INVALID_VALUE, "write the date as year-month-day, such as 2026-03-15",
                      "'%s' has no four-digit year", s);
        *failed = 1;
        return s;
    }
    if (bad_day(why, sizeof why, y, m, d)) {
        snprintf(hint, sizeof hint, "write a calendar date as year-month-day, such as %04ld-%02ld-01",
                 y, m >= 1 && m <= 12 ? m : 1L);
        ep_error_hint(dg, at, EP_C_INVALID_VALUE, hint, "'%s' is not a date: %s", s, why);
        *failed = 1;
        return s;
    }
    return iso(a, y, m, d);
}
