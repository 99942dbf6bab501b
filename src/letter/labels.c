/* The words a letter prints by itself, per language. To add a language, add one row;
 * the first column is matched against the start of the part's language tag, the first
 * matching row wins, and the last row is the fallback. */
#include <string.h>

#include "letter/locale.h"

static const struct {
    const char *lang;
    const char *text[EP_LABEL_COUNT];   /* cc, enclosures, PS, page N of M */
} labels[] = {
    {"zh-Hans", {"抄送：", "附件：", "附言：", "第 %d 页，共 %d 页"}},
    {"zh-CN",   {"抄送：", "附件：", "附言：", "第 %d 页，共 %d 页"}},
    {"zh-SG",   {"抄送：", "附件：", "附言：", "第 %d 页，共 %d 页"}},
    {"zh",      {"副本：", "附件：", "附言：", "第 %d 頁，共 %d 頁"}},
    {"ja",      {"写し：", "同封物：", "追伸：", "%d / %d ページ"}},
    {"ko",      {"참조:", "첨부:", "추신:", "%d / %d 쪽"}},
    {"de",      {"Kopie an:", "Anlagen:", "PS:", "Seite %d von %d"}},
    {"fr",      {"Copie à :", "Pièces jointes :", "P.-S. :", "Page %d sur %d"}},
    {"es",      {"Copia a:", "Anexos:", "P. D.:", "Página %d de %d"}},
    {"pt",      {"Cópia para:", "Anexos:", "P.S.:", "Página %d de %d"}},
    {"en",      {"cc:", "Enclosures:", "P.S.", "Page %d of %d"}},
};

const char *ep_label_text(const char *tag, ep_label which)
{
    size_t n = sizeof labels / sizeof *labels;
    if (tag) {
        for (size_t i = 0; i < n; i++) {
            size_t l = strlen(labels[i].lang);
            if (!strncmp(tag, labels[i].lang, l) && (tag[l] == 0 || tag[l] == '-' || tag[l] == '_'))
                return labels[i].text[which];
        }
    }
    return labels[n - 1].text[which];
}
