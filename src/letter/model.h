/* The letter model: what the parsers produce and the layout consumes. Every string
 * carries its source position so that later stages can still point at the input. */
#ifndef EP_LETTER_MODEL_H
#define EP_LETTER_MODEL_H

#include <stddef.h>

#include "diag.h"
#include "text/span.h"
#include "util/arena.h"

typedef struct ep_text {
    const char *s;   /* UTF-8, NUL-terminated; NULL when absent */
    ep_pos pos;
} ep_text;

typedef struct ep_lines {
    ep_text *v;
    size_t n;
} ep_lines;

typedef enum ep_block_kind {
    EP_BLOCK_PARA,
    EP_BLOCK_HEADING,
    EP_BLOCK_QUOTE,
    EP_BLOCK_LIST,
    EP_BLOCK_ITEM,
    EP_BLOCK_RULE,
} ep_block_kind;

typedef struct ep_block {
    ep_block_kind kind;
    ep_pos pos;
    ep_span *spans;            /* PARA, HEADING */
    size_t nspans;
    struct ep_block *children; /* QUOTE, LIST, ITEM */
    size_t nchildren;
    int ordered, start, tight; /* LIST */
    int level;                 /* HEADING */
} ep_block;

typedef struct ep_signatory {
    ep_text name, title, organization;
    ep_text signature;         /* image path, resolved against the letter's folder */
    /* Which digital-signature field is theirs: `signature_field:` as written, else the name as
     * written (set by resolve). Parts that name the same field share it: one signing fills the
     * signature area in each (a translated part names the field of the original). */
    const char *field;
    const char *written;       /* the name as written, before any punctuation was made smart */
} ep_signatory;

typedef struct ep_party {
    ep_text name;
    ep_lines address;
    ep_text phone, email, web, logo;
    ep_text logo_height;       /* millimetres, as written */
} ep_party;

/* The reference fields of business letters: a reference line, or DIN 5008's information
 * block. */
typedef struct ep_reference {
    ep_text your_ref, your_letter, our_ref, phone, contact;
} ep_reference;

/* A style as a letter or a style file writes it: keys and values with their places, not yet
 * read (the resolve stage reads them: resolve/style.c). */
typedef struct ep_style_kv {
    const char *key;           /* dotted: "size", "margins.top", "labels.enclosures" */
    ep_pos pos;                /* of the key */
    ep_text v[2];              /* a scalar's value, or a list's first two items */
    int nv;                    /* how many items a list has (1 for a scalar) */
    int list;                  /* written as a list */
} ep_style_kv;

typedef struct ep_style_src {
    ep_text name;              /* `style: NAME` or --style: a built-in style or a style file */
    const ep_style_kv *named;  /* that style's keys */
    size_t nnamed;
    const ep_style_kv *own;    /* keys written under `style:` in the letter, applied after */
    size_t nown;
    const char **files;        /* the style files read for it (a watcher watches them) */
    size_t nfiles;
} ep_style_src;

typedef struct ep_part {
    const char *file;          /* where the part's front matter is */
    int line;
    ep_text lang, paper, layout, date, subject, opening, closing, ps;
    ep_party from, to;
    ep_signatory *signatories;
    size_t nsignatories;
    ep_lines cc, enclosures;
    ep_text font_serif, font_sans;
    int no_signature_fields;   /* signature_field: false */
    ep_reference reference;
    ep_text attention;         /* "Attention: …" line of the address */
    ep_text window;            /* sn010130: left or right */
    int marks;                 /* fold and punch marks: -1 as the layout has them, 0 off, 1 on */
    int kashida;               /* justify Arabic script by lengthening joins (tatweel) too */
    ep_lines footer;           /* first-page footer lines */
    ep_style_src style;
    ep_block *body;
    size_t nbody;
} ep_part;

typedef struct ep_letter {
    ep_arena *arena;
    ep_part *parts;
    size_t nparts, cap;
} ep_letter;

/* Appends the lines of text to l: trimmed, without empty ones. Each gets pos, or, when
 * each_line is set, pos moved down one line per line of text (a YAML block scalar). */
void ep_lines_append(ep_arena *a, ep_lines *l, size_t *cap, const char *text, ep_pos pos, int each_line);

/* Styles. Reads the style `name` names (a built-in style, or a YAML file relative to the
 * letter file `letter`) into s->named; -1 after reporting why it cannot. */
int ep_style_load(ep_arena *a, ep_diag *d, const char *letter, ep_text name, ep_style_src *s);
/* 1 if name is a built-in style's. */
int ep_style_builtin(const char *name);
const char *const *ep_style_builtin_names(void);

/* Front matter: parses YAML text (starting at first_line of file) over base, which holds
 * the keys inherited from the previous part. Returns 0, or -1 after reporting errors. */
int ep_frontmatter_parse(ep_arena *a, ep_diag *d, const char *file, int first_line,
                         const char *yaml, size_t len, ep_part *part);

/* Body: parses CommonMark text starting at first_line of file into part->body. */
int ep_body_parse(ep_arena *a, ep_diag *d, const char *file, int first_line,
                  const char *md, size_t len, ep_part *part);

/* Splits a letter file into parts and parses each, appending them to the letter. */
int ep_letter_read(ep_letter *l, ep_diag *d, const char *path, const char *data, size_t len);

/* Image paths already known to be good (a batch checks each signature once, not once per
 * letter). NULL: check every image. */
typedef struct ep_pathset {
    char **v;
    size_t n, cap;
} ep_pathset;
void ep_pathset_free(ep_pathset *s);

/* Whether a link may become a live link in the PDF: http, https and mailto only (not
 * javascript:, file:, data:, launch:, ...). */
int ep_link_allowed(const char *url);

/* The longest link target a PDF string holds comfortably (libharu's strings end at 65,535
 * bytes; a link's description holds it again, twice as long in UTF-16). */
enum { EP_MAX_URL = 32000 };

/* Checks what no single part can check alone: known values, required fields, images. */
int ep_letter_validate(ep_letter *l, ep_diag *d, ep_pathset *checked);

#endif
