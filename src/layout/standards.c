/* Each letter standard's hooks, by the kind of head its row in the standards table names
 * (resolve/standards.c holds the rows: geometry and alignments as data). */
#include "layout/letter.h"

static const ep_standard_hooks block = {.head = ep_head_block};
static const ep_standard_hooks window = {.head = ep_head_window};
static const ep_standard_hooks block_ja = {.head = ep_head_block, .paragraph = ep_jp_paragraph};

static const ep_standard_hooks *const hooks[] = {
    [EP_HEAD_BLOCK] = &block,
    [EP_HEAD_WINDOW] = &window,
    [EP_HEAD_JP] = &ep_hooks_jp,
};

const ep_standard_hooks *ep_hooks_for(const ep_setting *set)
{
    if (set->std->kind == EP_HEAD_BLOCK && set->loc->cjk == EP_CJK_JP) return &block_ja;
    return hooks[set->std->kind];
}
