#include "layout/standards.h"

#include <string.h>

/* DIN 5008 (2020), A4: forms A (address field 27 mm from the top) and B (45 mm): address
 * field 85 x 45 at x 20 with a 17.7 mm zone for the return address and remarks above the
 * six address lines, text at x 25; information block x 125, 75 wide; fold marks 87/192 (A)
 * and 105/210 (B); punch mark 148.5; margins 25 and 20. */
static const ep_standard din_a = {"din5008-a", EP_HEAD_WINDOW, "a4", 25, 20, 10, 20,
                                  20, 27, 85, 45, 17.7f, 5, 10, 1, 125, 32, 75, {87, 192}, 2, 0, 148.5f, 1, 0};
static const ep_standard din_b = {"din5008-b", EP_HEAD_WINDOW, "a4", 25, 20, 10, 20,
                                  20, 45, 85, 45, 17.7f, 5, 10, 1, 125, 50, 75, {105, 210}, 2, 0, 148.5f, 1, 0};
/* Swiss SN 010130: right window (Swiss Post's recommendation) 90 x 45 at 45 mm, 8 mm from
 * the right edge; left window 100 x 45 at x 20, y 35.5. Folds as DIN (105/210). */
static const ep_standard sn_right = {"sn010130", EP_HEAD_WINDOW, "a4", 25, 20, 10, 20,
                                     112, 45, 90, 45, 5, 5, 10, 0, 0, 0, 0, {105, 210}, 2, 0, 148.5f, 1, 0};
static const ep_standard sn_left = {"sn010130", EP_HEAD_WINDOW, "a4", 25, 20, 10, 20,
                                    20, 35.5f, 100, 45, 5, 5, 10, 0, 0, 0, 0, {105, 210}, 2, 0, 148.5f, 1, 0};
/* US Letter in a #10 window envelope: the window (4 1/2 x 1 1/8 in, 7/8 in from the left,
 * 1/2 in from the bottom of a 4 1/8 in envelope) shows, on a tri-folded letter that settles
 * to the bottom, the area 0.5-4.0 in across and 2.042-2.917 in down. Folds in thirds. */
static const ep_standard us_window = {"us-window", EP_HEAD_WINDOW, "letter", 25.4f, 25.4f, 12.7f, 19,
                                      12.7f, 51.9f, 88.9f, 22.2f, 0, 12.7f, 10, 0, 0, 0, 0, {93.1f, 186.3f}, 2, 0, 0, 0, 1};
static const ep_standard block = {"block", EP_HEAD_BLOCK, NULL, 0, 0, 0, 0,
                                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, {0, 0}, 0, 1, 0, 0, 0};
/* Japanese business letter (A4): date top right, recipient top left, sender right. */
static const ep_standard jp = {"jp", EP_HEAD_JP, "a4", 25, 25, 20, 20,
                               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, {0, 0}, 0, 1, 0, 0, 0};

const ep_standard *ep_standard_for(const char *layout, const char *window)
{
    if (!layout || !strcmp(layout, "block")) return &block;
    if (!strcmp(layout, "din5008-a")) return &din_a;
    if (!strcmp(layout, "din5008-b")) return &din_b;
    if (!strcmp(layout, "sn010130")) return window && !strcmp(window, "left") ? &sn_left : &sn_right;
    if (!strcmp(layout, "us-window")) return &us_window;
    if (!strcmp(layout, "jp")) return &jp;
    return &block;
}
