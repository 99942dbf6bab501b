/* A letter file is a sequence of parts: front matter, then body, then optionally another
 * "---" block (after a blank line) that starts the next part and inherits from this one. */
#include <ctype.h>
#include <string.h>
#include <unicode/utf8.h>

#include "letter/model.h"

typedef ep_srcline line_ref;

static int is_fence(line_ref l)
{
    size_t n = l.len;
    while (n && (l.s[n - 1] == ' ' || l.s[n - 1] == '\t' || l.s[n - 1] == '\r')) n--;
    return n == 3 && !memcmp(l.s, "---", 3);
}

static int is_blank(line_ref l)
{
    for (size_t i = 0; i < l.len; i++)
        if (!isspace((unsigned char)l.s[i])) return 0;
    return 1;
}

/* "key:" at the start of a line: the first line of a YAML mapping. */
static int looks_like_key(line_ref l)
{
    size_t i = 0;
    if (i >= l.len || !(isalpha((unsigned char)l.s[i]) || l.s[i] == '_')) return 0;
    while (i < l.len && (isalnum((unsigned char)l.s[i]) || l.s[i] == '_' || l.s[i] == '-')) i++;
    return i < l.len && l.s[i] == ':';
}

/* Reports the first invalid UTF-8 sequence or NUL byte with its line and column. */
static int check_encoding(ep_diag *d, const char *path, const char *data, size_t len)
{
    int line = 1, col = 1;
    int32_t i = 0, n = (int32_t)len;
    if (len > INT32_MAX) {
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_TOO_LARGE, "file is too large");
        return -1;
    }
    while (i < n) {
        UChar32 c;
        U8_NEXT(data, i, n, c);
        if (c < 0) {
            ep_error(d, ep_pos_make(path, line, col), EP_C_ENCODING, "invalid UTF-8 byte sequence");
            return -1;
        }
        if (c == 0) {
            ep_error(d, ep_pos_make(path, line, col), EP_C_ENCODING, "NUL character in the letter");
            return -1;
        }
        if (c == '\n') { line++; col = 1; }
        else col++;
    }
    return 0;
}

void ep_lines_append(ep_arena *a, ep_lines *l, size_t *cap, const char *text, ep_pos pos, int each_line)
{
    int line = pos.line;
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *s = p, *t = p + len;
        while (s < t && (*s == ' ' || *s == '\t')) s++;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r')) t--;
        if (t > s) {
            l->v = ep_arena_grow(a, l->v, sizeof *l->v, cap, l->n + 1);
            l->v[l->n].s = ep_arena_strndup(a, s, (size_t)(t - s));
            l->v[l->n].pos = each_line ? ep_pos_make(pos.file, line + 1, pos.col) : pos;
            l->n++;
        }
        line++;
        p = e ? e + 1 : p + len;
    }
}

static ep_part *new_part(ep_letter *l)
{
    l->parts = ep_arena_grow(l->arena, l->parts, sizeof *l->parts, &l->cap, l->nparts + 1);
    ep_part *p = &l->parts[l->nparts];
    if (l->nparts) *p = l->parts[l->nparts - 1];
    else {
        memset(p, 0, sizeof *p);
        p->marks = -1;
    }
    p->body = NULL;
    p->nbody = 0;
    l->nparts++;
    return p;
}

int ep_letter_read(ep_letter *l, ep_diag *d, const char *path, const char *data, size_t len)
{
    if (check_encoding(d, path, data, len)) return -1;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) { data += 3; len -= 3; }

    /* data lives in the letter's arena: diagnostics may quote its lines until the end. */
    ep_source *src = ep_source_lines(l->arena, path, data, len);
    ep_diag_add_source(d, src);
    const line_ref *lines = src->lines;
    size_t nlines = src->nlines;

    int failed = 0;
    size_t i = 0;
    int have_front = nlines && is_fence(lines[0]);
    if (!have_front && l->nparts == 0) {
        /* A bare Markdown file is a letter with no front matter at all. */
    }
    for (;;) {
        ep_part *part = new_part(l);
        part->file = path;
        part->line = (int)i + 1;
        if (i < nlines && is_fence(lines[i])) {
            size_t start = i + 1, j = start;
            while (j < nlines && !is_fence(lines[j])) j++;
            if (j == nlines) {
                ep_error(d, ep_pos_make(path, (int)i + 1, 1), EP_C_FRONT_MATTER, "front matter is not closed by a '---' line");
                return -1;
            }
            const char *ys = start < j ? lines[start].s : lines[i].s + lines[i].len;
            const char *ye = lines[j].s;
            if (ep_frontmatter_parse(l->arena, d, path, (int)start + 1, ys, (size_t)(ye - ys), part))
                failed = 1;
            i = j + 1;
        }
        /* The body runs to the next part's opening fence, or to the end. */
        size_t bstart = i, k = i, next = nlines;
        for (; k < nlines; k++) {
            if (!is_fence(lines[k]) || (k > bstart && !is_blank(lines[k - 1]))) continue;
            if (k + 1 >= nlines || !looks_like_key(lines[k + 1])) continue;
            size_t m = k + 1;
            while (m < nlines && !is_fence(lines[m])) m++;
            if (m < nlines) { next = k; break; }
        }
        const char *bs = bstart < nlines ? lines[bstart].s : data + len;
        const char *be = next < nlines ? lines[next].s : data + len;
        if (ep_body_parse(l->arena, d, path, (int)bstart + 1, bs, (size_t)(be - bs), part))
            failed = 1;
        if (next >= nlines) break;
        i = next;
    }
    return failed ? -1 : 0;
}
