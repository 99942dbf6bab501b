#include "merge/names.h"

#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

const char *ep_name_safe(ep_arena *a, const char *value)
{
    size_t n = strlen(value);
    char *out = ep_arena_alloc(a, n + 2);
    size_t o = 0;
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(value, i, len, c);
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029) continue;
        /* Bidi controls would let a name show other than it is ("gpj.exe" shown as "exe.jpg"). */
        if (c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) continue;
        if (o == 0 && (c == '.' || c == ' ')) continue;
        if (c == '.' && o && out[o - 1] == '.') continue;   /* never ".." */
        if (o + (size_t)(i - at) > EP_NAME_VALUE_MAX) break;
        if (c == '/' || c == '\\') out[o++] = '_';
        else {
            memcpy(out + o, value + at, (size_t)(i - at));
            o += (size_t)(i - at);
        }
    }
    while (o && out[o - 1] == ' ') o--;
    if (!o) out[o++] = '_';
    out[o] = 0;
    return out;
}


const char *ep_name_expand(ep_arena *a, const char *pattern, const ep_fields *f, const char **missing)
{
    const char **safe = ep_arena_alloc(a, sizeof *safe * (f->n + 1));
    for (size_t i = 0; i < f->n; i++) safe[i] = ep_name_safe(a, f->values[i] ? f->values[i] : "");
    ep_fields sf = {f->keys, safe, f->n};
    return ep_template_expand(a, pattern, strlen(pattern), NULL, &sf, missing);
}

const char *ep_name_key(ep_arena *a, const char *name)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(NULL, 0, &n, name, -1, &err);
    err = U_ZERO_ERROR;
    UChar *u = ep_arena_alloc(a, sizeof *u * ((size_t)n + 1));
    u_strFromUTF8(u, n + 1, NULL, name, -1, &err);
    const UNormalizer2 *fold = unorm2_getNFKCCasefoldInstance(&err);
    if (U_FAILURE(err)) return name;
    int32_t cap = n * 4 + 16;
    UChar *f = ep_arena_alloc(a, sizeof *f * (size_t)cap);
    int32_t fn = unorm2_normalize(fold, u, n, f, cap, &err);
    if (U_FAILURE(err)) return name;
    char *out = ep_arena_alloc(a, (size_t)fn * 4 + 1);
    u_strToUTF8(out, fn * 4 + 1, NULL, f, fn, &err);
    return U_FAILURE(err) ? name : out;
}
