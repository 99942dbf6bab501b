#include "spawn.h"

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_run(char *const argv[], long *rss)
{
    pid_t pid;
    double t0 = bench_now();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
    if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)) {
        perror(argv[0]);
        exit(1);
    }
    posix_spawn_file_actions_destroy(&fa);
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    double t = bench_now() - t0;
    if (!WIFEXITED(st) || WEXITSTATUS(st)) {
        fprintf(stderr, "bench: %s %s failed\n", argv[0], argv[1] ? argv[1] : "");
        exit(1);
    }
    *rss = ru.ru_maxrss;
    return t;
}
