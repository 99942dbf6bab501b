/* `epistle fonts`: which face sets which text of a letter. The answer is read from the
 * display list the layout made, not predicted from the configuration: what it names is what
 * the PDF embeds, fallbacks included, so that a user who sees a wrong glyph finds its face. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "engine.h"
#include "layout/displaylist.h"
#include "letter/model.h"
#include "text/para.h"
#include "util/alloc.h"
#include "util/buf.h"

/* Where on the letter a run is, by the nearest element that says. */
static const char *place_of(const ep_dlist *dl, int node)
{
    for (int n = node; n > 0 && (size_t)n < dl->nnodes; n = dl->nodes[n].parent) {
        switch (dl->nodes[n].role) {
        case EP_ROLE_LETTERHEAD: return "letterhead";
        case EP_ROLE_SENDER: return "sender";
        case EP_ROLE_RETURN_ADDRESS: return "return address";
        case EP_ROLE_RECIPIENT: return "recipient";
        case EP_ROLE_SIGNATURES: case EP_ROLE_SIGNATORY: return "signatures";
        case EP_ROLE_LETTER_FOOTER: return "footer";
        case EP_ROLE_DISTRIBUTION: return "copies and enclosures";
        case EP_ROLE_H1: case EP_ROLE_H2: case EP_ROLE_H3: case EP_ROLE_H4: case EP_ROLE_H5: case EP_ROLE_H6:
            return "subject and headings";
        case EP_ROLE_BLOCKQUOTE: return "quotations";
        default: break;
        }
    }
    return node ? "body" : "running heads and page numbers";
}

enum { EP_REPORT_SCRIPTS = 8 };

enum { EP_REPORT_PLACES = 12 };

typedef struct use {
    const char *places[EP_REPORT_PLACES];
    const ep_face *face;
    long chars;
    UScriptCode scripts[EP_REPORT_SCRIPTS];
    long counts[EP_REPORT_SCRIPTS];
} use;

typedef struct report {
    use *v;
    size_t n, cap;
    uint32_t missing[64];
    size_t nmissing;
} report;

static void add_place(use *u, const char *place)
{
    for (int i = 0; i < EP_REPORT_PLACES; i++) {
        if (u->places[i] && strcmp(u->places[i], place)) continue;
        u->places[i] = place;
        return;
    }
}

static use *use_for(report *r, const char *place, const ep_face *face)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].face == face) {
            add_place(&r->v[i], place);
            return &r->v[i];
        }
    r->v = ep_grow(r->v, sizeof *r->v, &r->cap, r->n + 1);
    use *u = &r->v[r->n++];
    memset(u, 0, sizeof *u);
    u->face = face;
    add_place(u, place);
    return u;
}

static void count_script(use *u, UScriptCode sc)
{
    for (int i = 0; i < EP_REPORT_SCRIPTS; i++) {
        if (u->counts[i] && u->scripts[i] != sc) continue;
        u->scripts[i] = sc;
        u->counts[i]++;
        return;
    }
}

static void add_missing(report *r, uint32_t cp)
{
    for (size_t i = 0; i < r->nmissing; i++)
        if (r->missing[i] == cp) return;
    if (r->nmissing < sizeof r->missing / sizeof *r->missing) r->missing[r->nmissing++] = cp;
}

static void collect(report *r, const ep_dlist *dl)
{
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t i = 0; i < dl->pages[p].nitems; i++) {
            const ep_dl_item *it = &dl->pages[p].items[i];
            if (it->kind != EP_DL_GLYPHS || !it->as.run.face || !it->as.run.text) continue;
            use *u = use_for(r, place_of(dl, it->node), it->as.run.face);
            /* Each cluster once (a cluster of several glyphs is one character or more). */
            uint32_t last_off = UINT32_MAX;
            for (size_t g = 0; g < it->as.run.nglyphs; g++) {
                const ep_dl_glyph *gl = &it->as.run.glyphs[g];
                if (gl->cl_off == last_off) continue;
                last_off = gl->cl_off;
                int32_t k = (int32_t)gl->cl_off, end = (int32_t)(gl->cl_off + gl->cl_len);
                while (k < end) {
                    UChar32 c;
                    U8_NEXT(it->as.run.text, k, end, c);
                    if (c <= 0x20) continue;
                    if (!gl->gid) add_missing(r, (uint32_t)c);
                    UErrorCode err = U_ZERO_ERROR;
                    UScriptCode sc = uscript_getScript(c, &err);
                    u->chars++;
                    count_script(u, U_SUCCESS(err) ? sc : USCRIPT_COMMON);
                }
            }
        }
}

static const char *style_of(const ep_face *f)
{
    int bold = f->weight >= 600, italic = f->italic_angle != 0;
    return bold && italic ? "bold italic" : bold ? "bold" : italic ? "italic" : "regular";
}

static void print_text(const report *r, const char *what, FILE *out)
{
    fprintf(out, "%s\n", what);
    for (size_t i = 0; i < r->n; i++) {
        const use *u = &r->v[i];
        char scripts[200] = "", places[300] = "";
        size_t n = 0;
        for (int k = 0; k < EP_REPORT_SCRIPTS && u->counts[k]; k++)
            n += (size_t)snprintf(scripts + n, sizeof scripts - n, "%s%s %ld", n ? ", " : "",
                                  uscript_getShortName(u->scripts[k]), u->counts[k]);
        n = 0;
        for (int k = 0; k < EP_REPORT_PLACES && u->places[k]; k++)
            n += (size_t)snprintf(places + n, sizeof places - n, "%s%s", n ? ", " : "", u->places[k]);
        fprintf(out, "\n  %s %s (%s)\n    file:  %s", u->face->family ? u->face->family : "?", style_of(u->face),
                u->face->psname, u->face->path);
        if (u->face->index) fprintf(out, " (face %d of the collection)", u->face->index);
        if (u->face->why) fprintf(out, "\n    why:   %s", u->face->why);
        fprintf(out, "\n    sets:  %ld characters (%s)\n    in:    %s\n", u->chars, scripts, places);
    }
    if (r->nmissing) {
        fputs("\n  No face has:", out);
        for (size_t i = 0; i < r->nmissing; i++) fprintf(out, " U+%04X", r->missing[i]);
        fputs("\n  (drawn as empty boxes: install a font that has them, or add its folder with --font-path)\n", out);
    }
}

static json_t *to_json(const report *r)
{
    json_t *faces = json_array();
    for (size_t i = 0; i < r->n; i++) {
        const use *u = &r->v[i];
        json_t *scripts = json_object();
        for (int k = 0; k < EP_REPORT_SCRIPTS && u->counts[k]; k++)
            json_object_set_new(scripts, uscript_getShortName(u->scripts[k]), json_integer(u->counts[k]));
        json_t *places = json_array();
        for (int k = 0; k < EP_REPORT_PLACES && u->places[k]; k++) json_array_append_new(places, json_string(u->places[k]));
        json_t *o = json_object();
        json_object_set_new(o, "family", json_string(u->face->family ? u->face->family : ""));
        json_object_set_new(o, "style", json_string(style_of(u->face)));
        json_object_set_new(o, "postscript_name", json_string(u->face->psname));
        json_object_set_new(o, "file", json_string(u->face->path));
        json_object_set_new(o, "index", json_integer(u->face->index));
        json_object_set_new(o, "why", u->face->why ? json_string(u->face->why) : json_null());
        json_object_set_new(o, "characters", json_integer(u->chars));
        json_object_set_new(o, "scripts", scripts);
        json_object_set_new(o, "places", places);
        json_array_append_new(faces, o);
    }
    json_t *missing = json_array();
    for (size_t i = 0; i < r->nmissing; i++) {
        char cp[16];
        snprintf(cp, sizeof cp, "U+%04X", r->missing[i]);
        json_array_append_new(missing, json_string(cp));
    }
    json_t *o = json_object();
    json_object_set_new(o, "faces", faces);
    json_object_set_new(o, "missing", missing);
    return o;
}

/* A letter that shows a language's faces: a letterhead, a subject, and a body in regular,
 * bold and italic, its text the language's own letters (ICU's exemplar characters). */
static void sample_letter(ep_buf *b, const char *lang)
{
    char sample[400] = "";
    UErrorCode err = U_ZERO_ERROR;
    char loc[ULOC_FULLNAME_CAPACITY];
    uloc_forLanguageTag(lang, loc, sizeof loc, NULL, &err);
    ULocaleData *ld = U_SUCCESS(err) ? ulocdata_open(loc, &err) : NULL;
    USet *set = ld ? ulocdata_getExemplarSet(ld, NULL, USET_ADD_CASE_MAPPINGS, ULOCDATA_ES_STANDARD, &err) : NULL;
    size_t n = 0;
    for (int32_t i = 0; set && U_SUCCESS(err) && i < uset_size(set) && i < 12 && n + 8 < sizeof sample; i++) {
        UChar32 c = uset_charAt(set, i);
        if (c < 0 || c == '*' || c == '_' || c == '`' || c == '\\' || c == '"') continue;
        U8_APPEND_UNSAFE(sample, n, c);
        if (i % 4 == 3) sample[n++] = ' ';
    }
    sample[n] = 0;
    if (set) uset_close(set);
    if (ld) ulocdata_close(ld);
    ep_buf_printf(b, "---\nlang: \"%s\"\ndate: 2026-01-01\nfrom:\n  name: \"%s\"\nsubject: \"%s\"\n---\n\n%s **%s** *%s* "
                  "Latin 0123.\n", lang, sample, sample, sample, sample, sample);
}

/* The sample letter's own warnings (a loose line of sample letters) are no news. */
static void errors_only(const epistle_diagnostic *dg, void *user)
{
    if (dg->severity == EPISTLE_ERROR) ep_forward_diag(dg, user);
}

epistle_status epistle_fonts_report(epistle_engine *e, const char *const *inputs, size_t n, const char *lang, int json,
                                    FILE *out, const epistle_options *opts)
{
    ep_forward fw = {opts ? opts->diag : NULL, opts ? opts->diag_user : NULL, 0};
    ep_diag d;
    ep_diag_init(&d, n ? ep_forward_diag : errors_only, &fw);
    ep_arena arena;
    ep_arena_init(&arena);
    ep_letter letter = {&arena, NULL, 0, 0};
    epistle_status st;
    if (n) {
        st = ep_read_letters(&letter, &d, inputs, n, opts ? opts->style : NULL);
    } else {
        ep_buf b;
        ep_buf_init(&b);
        sample_letter(&b, lang ? lang : "en");
        char *text = ep_arena_strndup(&arena, b.data, b.len);
        st = ep_letter_read(&letter, &d, "<sample letter>", text, b.len) ? EPISTLE_EINPUT : EPISTLE_OK;
        ep_buf_free(&b);
    }
    report r = {0};
    if (!st) {
        ep_textctx tx;
        ep_textctx_init(&tx, e->fonts, e->hyph, &arena, &d);
        ep_dlist dl;
        ep_pdfinfo info;
        ep_render_flags flags = {0};
        st = ep_render_letter(e, &tx, &letter, &d, flags, NULL, &dl, &info, NULL);
        if (!st) collect(&r, &dl);
        ep_textctx_done(&tx);
    }
    if (!st) {
        char what[600];
        if (n) snprintf(what, sizeof what, "The faces of %s%s, by where they are used:", inputs[0], n > 1 ? " and its parts" : "");
        else snprintf(what, sizeof what, "The faces a letter in '%s' uses, by where they are used:", lang ? lang : "en");
        if (json) {
            json_t *o = to_json(&r);
            json_dumpf(o, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            fputc('\n', out);
            json_decref(o);
        } else {
            print_text(&r, what, out);
        }
    }
    free(r.v);
    ep_arena_free(&arena);
    return st;
}
