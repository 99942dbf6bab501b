/* UTF-8 to UTF-16BE, as PDF wants its text strings (/ActualText, the document information)
 * and its ToUnicode CMaps: of any length, each malformed sequence read as U+FFFD rather
 * than ending the text early. */
#ifndef EP_UTF16_H
#define EP_UTF16_H

#include <stddef.h>

#include "util/buf.h"

/* Appends the UTF-16BE bytes of s (len bytes) to out; returns the number of code units. */
size_t ep_utf16be(ep_buf *out, const char *s, size_t len);
/* Appends them as upper-case hexadecimal, four digits a unit; returns the number of units. */
size_t ep_utf16be_hex(ep_buf *out, const char *s, size_t len);

#endif
