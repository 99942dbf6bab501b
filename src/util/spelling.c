#include "util/spelling.h"

#include <string.h>

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31) return 99;
    size_t prev[32], cur[32];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof cur);
    }
    return prev[lb];
}

const char *ep_closest(const char *word, const char *const *known)
{
    const char *best = NULL;
    size_t bestd = 3;
    for (size_t i = 0; known[i]; i++) {
        size_t d = edit_distance(word, known[i]);
        if (d < bestd) {
            bestd = d;
            best = known[i];
        }
    }
    return best;
}
