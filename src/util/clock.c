#include "util/clock.h"

#include <stdlib.h>

int ep_source_date(time_t *t)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde) return 0;
    char *end;
    long long v = strtoll(sde, &end, 10);
    if (*end || v < 0) return 0;
    *t = (time_t)v;
    return 1;
}

void ep_today(struct tm *tm)
{
    time_t t, now = ep_now();
    /* A reproducible build's day is the same wherever it is built. */
    if (ep_source_date(&t)) gmtime_r(&now, tm);
    else localtime_r(&now, tm);
}

time_t ep_now(void)
{
    time_t t;
    return ep_source_date(&t) ? t : time(NULL);
}
