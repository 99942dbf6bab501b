/* The letter standards, one row each, in millimetres from the top left corner of the sheet
 * as the standards (and KOMA-Script's letter-class options, the most complete
 * machine-readable table of them) give them. docs/letter-format.md lists the values. */
#include "resolve/standards.h"

#include <string.h>

static const ep_standard standards[] = {
    {.name = "block", .kind = EP_HEAD_BLOCK, .thirds = 1},
    /* DIN 5008 (2020), A4, forms A (address field 27 mm from the top) and B (45 mm): the
     * field is 85 x 45 at x 20 with a 17.7 mm zone for the return address and remarks above
     * the six address lines, text at x 25; information block x 125, 75 wide; fold marks
     * 87/192 (A) and 105/210 (B); punch mark 148.5; margins 25 and 20. */
    {.name = "din5008-a", .kind = EP_HEAD_WINDOW, .paper = "a4", .left = 25, .right = 20, .top = 10, .bottom = 20,
     .addr_x = 20, .addr_y = 27, .addr_w = 85, .addr_h = 45, .upper = 17.7f, .inset = 5, .addr_size = 10,
     .info = 1, .info_x = 125, .info_y = 32, .info_w = 75, .folds = {87, 192}, .nfolds = 2, .punch = 148.5f,
     .marks = 1},
    {.name = "din5008-b", .kind = EP_HEAD_WINDOW, .paper = "a4", .left = 25, .right = 20, .top = 10, .bottom = 20,
     .addr_x = 20, .addr_y = 45, .addr_w = 85, .addr_h = 45, .upper = 17.7f, .inset = 5, .addr_size = 10,
     .info = 1, .info_x = 125, .info_y = 50, .info_w = 75, .folds = {105, 210}, .nfolds = 2, .punch = 148.5f,
     .marks = 1},
    /* US Letter in a #10 window envelope: the window (4 1/2 x 1 1/8 in, 7/8 in from the left,
     * 1/2 in from the bottom of a 4 1/8 in envelope) shows, on a tri-folded letter that
     * settles to the bottom, the area 0.5-4.0 in across and 2.042-2.917 in down. Folds in
     * thirds. */
    {.name = "us-window", .kind = EP_HEAD_WINDOW, .paper = "letter", .left = 25.4f, .right = 25.4f, .top = 12.7f,
     .bottom = 19, .addr_x = 12.7f, .addr_y = 51.9f, .addr_w = 88.9f, .addr_h = 22.2f, .inset = 12.7f,
     .addr_size = 10, .folds = {93.1f, 186.3f}, .nfolds = 2, .date_right = 1},
    /* Swiss SN 010130: right window (Swiss Post's recommendation) 90 x 45 at 45 mm, 8 mm
     * from the right edge; left window 100 x 45 at x 20, y 35.5. Folds as DIN (105/210). */
    {.name = "sn010130", .kind = EP_HEAD_WINDOW, .window = "right", .paper = "a4", .left = 25, .right = 20,
     .top = 10, .bottom = 20, .addr_x = 112, .addr_y = 45, .addr_w = 90, .addr_h = 45, .upper = 5, .inset = 5,
     .addr_size = 10, .folds = {105, 210}, .nfolds = 2, .punch = 148.5f, .marks = 1},
    {.name = "sn010130", .kind = EP_HEAD_WINDOW, .window = "left", .paper = "a4", .left = 25, .right = 20,
     .top = 10, .bottom = 20, .addr_x = 20, .addr_y = 35.5f, .addr_w = 100, .addr_h = 45, .upper = 5, .inset = 5,
     .addr_size = 10, .folds = {105, 210}, .nfolds = 2, .punch = 148.5f, .marks = 1},
    /* Japanese business letter (A4): date top right, recipient top left, sender right. */
    {.name = "jp", .kind = EP_HEAD_JP, .paper = "a4", .left = 25, .right = 25, .top = 20, .bottom = 20,
     .thirds = 1, .subject = EP_ALIGN_CENTER, .closing = EP_ALIGN_END},
};

const ep_standard *ep_standard_for(const char *layout, const char *window)
{
    if (!layout) layout = "block";
    const ep_standard *first = NULL;
    for (size_t i = 0; i < sizeof standards / sizeof *standards; i++) {
        const ep_standard *s = &standards[i];
        if (strcmp(s->name, layout)) continue;
        if (!first) first = s;
        if (!s->window || (window && !strcmp(window, s->window))) return s;
    }
    return first;
}

size_t ep_standard_names(const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof standards / sizeof *standards && n < max; i++)
        if (!n || strcmp(out[n - 1], standards[i].name)) out[n++] = standards[i].name;
    return n;
}
