#include "util/utf16.h"

#include <stdint.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* Calls put(out, unit) for each UTF-16 unit of s. */
static size_t each_unit(ep_buf *out, const char *s, size_t len, void (*put)(ep_buf *, unsigned))
{
    const uint8_t *u = (const uint8_t *)s;
    size_t units = 0;
    int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
    while (i < n) {
        UChar32 c;
        U8_NEXT(u, i, n, c);
        if (c < 0) c = 0xFFFD;
        if (U_IS_BMP(c)) {
            put(out, (unsigned)c);
            units++;
        } else {
            put(out, U16_LEAD(c));
            put(out, U16_TRAIL(c));
            units += 2;
        }
    }
    return units;
}

static void put_bytes(ep_buf *out, unsigned v)
{
    char b[2] = {(char)(v >> 8), (char)(v & 0xFF)};
    ep_buf_put(out, b, 2);
}

size_t ep_utf16be(ep_buf *out, const char *s, size_t len) { return each_unit(out, s, len, put_bytes); }

size_t ep_utf16be_hex(ep_buf *out, const char *s, size_t len) { return each_unit(out, s, len, ep_buf_hex4); }
