/* A style's face for a writing system: a fontconfig family for Han text of one kind, Hangul,
 * kana or another script than the body's. The text engine looks runs up here before it
 * takes epistle's own faces. */
#ifndef EP_RESOLVE_FACES_H
#define EP_RESOLVE_FACES_H

#include "resolve/locale.h"

enum { EP_MAX_SCRIPT_FACES = 16 };

typedef struct ep_script_face {
    ep_cjk cjk;                /* for East Asian text of this kind, or EP_CJK_NONE and: */
    char script[8];            /* an ISO 15924 code ("Arab", "Hebr") */
    const char *family;
} ep_script_face;

#endif
