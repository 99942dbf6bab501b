/* The time written into outputs: SOURCE_DATE_EPOCH when set (reproducible builds). */
#ifndef EP_UTIL_CLOCK_H
#define EP_UTIL_CLOCK_H

#include <time.h>

/* 1 and *t when SOURCE_DATE_EPOCH holds a non-negative whole number of seconds, else 0. */
int ep_source_date(time_t *t);
/* SOURCE_DATE_EPOCH when set, the current time otherwise. */
time_t ep_now(void);
/* Today: the day of SOURCE_DATE_EPOCH (UTC) when it is set, else the local day. */
void ep_today(struct tm *tm);

#endif
