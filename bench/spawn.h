/* What both benchmarks need: a monotonic clock, and running a command as a child process
 * (output discarded) to time it and read its peak memory. */
#ifndef EP_BENCH_SPAWN_H
#define EP_BENCH_SPAWN_H

double bench_now(void);
/* Runs argv; returns wall seconds and puts the child's peak RSS (KiB) in *rss. Exits the
 * benchmark if the command fails. */
double bench_run(char *const argv[], long *rss);

#endif
