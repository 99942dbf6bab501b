/* The words a letter prints by itself, from labels.tsv (compiled in: see CMakeLists.txt),
 * which a translator extends without reading C. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "resolve/labels.h"

#include "util/alloc.h"

extern const char ep_labels_tsv[];

static const char *const columns[EP_LABEL_COUNT] = {
    [EP_LABEL_CC] = "cc", [EP_LABEL_ENCLOSURES] = "enclosures", [EP_LABEL_PS] = "ps",
    [EP_LABEL_PAGE_OF] = "page_of", [EP_LABEL_YOUR_REF] = "your_ref", [EP_LABEL_YOUR_LETTER] = "your_letter",
    [EP_LABEL_OUR_REF] = "our_ref", [EP_LABEL_PHONE] = "phone", [EP_LABEL_CONTACT] = "contact",
    [EP_LABEL_DATE] = "date", [EP_LABEL_ATTENTION] = "attention", [EP_LABEL_SIGNED] = "signed",
};

typedef struct row {
    char *lang;
    char *text[EP_LABEL_COUNT];
} row;

static row *rows;
static size_t nrows, caprows;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Splits the table once: rows of tab-separated cells; the header names the columns. */
static void load(void)
{
    char *copy = ep_xstrdup(ep_labels_tsv);
    int map[32];
    size_t ncols = 0;
    int have_header = 0;
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !line[0]) continue;
        char *cells[32];
        size_t n = 0;
        for (char *p = line; n < 32;) {
            cells[n++] = p;
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = 0;
            p = tab + 1;
        }
        if (!have_header) {
            for (size_t i = 0; i < n; i++) {
                map[i] = -1;
                for (int k = 0; k < EP_LABEL_COUNT; k++)
                    if (!strcmp(cells[i], columns[k])) map[i] = k;
            }
            ncols = n;
            have_header = 1;
            continue;
        }
        rows = ep_grow(rows, sizeof *rows, &caprows, nrows + 1);
        row *r = &rows[nrows++];
        memset(r, 0, sizeof *r);
        r->lang = ep_xstrdup(cells[0]);
        for (size_t i = 1; i < n && i < ncols; i++)
            if (map[i] >= 0) r->text[map[i]] = ep_xstrdup(cells[i]);
    }
    free(copy);
}

const char *ep_label_key(ep_label which) { return columns[which]; }

void ep_labels_for(const char *tag, const char *out[EP_LABEL_COUNT])
{
    pthread_once(&once, load);
    static const row none;
    const row *fallback = nrows ? &rows[nrows - 1] : &none, *match = fallback;
    for (size_t i = 0; tag && i < nrows; i++) {
        size_t l = strlen(rows[i].lang);
        if (!strncmp(tag, rows[i].lang, l) && (tag[l] == 0 || tag[l] == '-' || tag[l] == '_')) {
            match = &rows[i];
            break;
        }
    }
    for (int k = 0; k < EP_LABEL_COUNT; k++)
        out[k] = match->text[k] ? match->text[k] : fallback->text[k] ? fallback->text[k] : "";
}
