/* Reading an existing PDF for signing and verifying: libqpdf's C API finds the objects
 * (signature fields, the AcroForm, the trailer); epistle only appends to the file, as an
 * incremental update, so the bytes an earlier signature covers never change. */
#ifndef EP_SIGN_PDFDOC_H
#define EP_SIGN_PDFDOC_H

#include <stddef.h>

#include "diag.h"

/* How the letter asks a visible signature to be set in a widget (what epistle keeps in the
 * widget's empty appearance, its /PieceInfo): the part's language, body size, faces and
 * label, and the signature image the page draws in the area. */
enum { EP_SIGLOOK_SCRIPTS = 16 };
typedef struct ep_siglook {
    int has;                   /* 0: the widget says nothing (not made by epistle) */
    char lang[64], family[128], label[256];
    double size;
    int sans;
    struct ep_siglook_script { int cjk; char code[8]; char family[128]; } scripts[EP_SIGLOOK_SCRIPTS];
    size_t nscripts;
    int image_id, image_gen;   /* the image XObject, 0 if none; */
    double ibox[4];            /* its box: x, y from the widget's lower left corner, width, height */
} ep_siglook;

/* Where a field is shown: a widget annotation (the field's own dictionary when the two are
 * merged). */
typedef struct ep_sigwidget {
    int id, gen;
    double rect[4];
    ep_siglook look;
} ep_sigwidget;

typedef struct ep_sigfield {
    char *name;           /* /T, UTF-8 */
    char *label;          /* /TU, UTF-8, or NULL: the name as the letter prints it (the /T of a
                           * name with a period has "_" for it: a period would make it a path);
                           * " / " between the ways parts print it ("Lin Wei-ting / 林蔚婷") */
    char *shown;          /* the first of label's names, or NULL */
    int id, gen;          /* the field's object */
    ep_sigwidget *widgets;   /* one per part that shows the signature area */
    size_t nwidgets;
    char *dict;           /* its dictionary, unparsed (references as "n g R") */
    int signed_;          /* has a /V */
    /* of a signed field: */
    int v_id;             /* the signature dictionary's object, 0 if it is direct */
    long long range[4];   /* /ByteRange */
    unsigned char *contents;   /* /Contents (the CMS, DER, with trailing zeros) */
    size_t ncontents;
    char *when;           /* /M */
    int doc_timestamp;    /* its /SubFilter is ETSI.RFC3161: a document time-stamp's token */
    int docmdp;           /* a certification's /P (1, 2 or 3) from its /Reference; 0: none */
} ep_sigfield;

/* Bytes read from the file (a stream's data, decoded). */
typedef struct ep_blob {
    unsigned char *p;
    size_t n;
} ep_blob;

/* The document security store (PAdES B-LT): validation data kept for the signatures, each a
 * DER stream. */
typedef struct ep_dss {
    int id;               /* its object, 0 if the PDF has none (or a direct one) */
    ep_blob *certs, *crls, *ocsps;
    size_t ncerts, ncrls, nocsps;
} ep_dss;

typedef struct ep_pdfdoc {
    const char *path;
    const unsigned char *data;
    size_t len;
    ep_sigfield *fields;
    size_t nfields;
    int acroform_id;      /* 0 if the AcroForm is not an object of its own */
    char *acroform_dict;
    int root_id, info_id, size;
    int page1_id, page1_gen;   /* the first page (where a document time-stamp's field goes) */
    ep_dss dss;
    int docmdp_id;        /* the catalog's /Perms /DocMDP: the certifying signature's object */
    char *id_array;       /* the trailer's /ID, unparsed, or NULL */
    long long startxref;
    int xref_stream;           /* the last section is a cross-reference stream (PDF 1.5) */
} ep_pdfdoc;

/* Reads data (not copied; must outlive doc). Refuses encrypted files, and, when the file is
 * to be updated, files whose last cross-reference section is a stream (not epistle's). */
int ep_pdfdoc_read(ep_pdfdoc *doc, ep_diag *d, const char *path, const unsigned char *data, size_t len,
                   int for_update);
void ep_pdfdoc_free(ep_pdfdoc *doc);

/* The value of key in the dictionary of object id, unparsed ("[ 12 0 R 13 0 R ]"), malloc'd;
 * NULL if it has none. */
char *ep_pdfdoc_value(const ep_pdfdoc *doc, int id, int gen, const char *key);

/* The field a user means by name: the one whose /T is name, else the first unsigned one (else
 * any) whose /TU is, or has it as one of its " / "-separated names; NULL if none. */
ep_sigfield *ep_pdfdoc_field(const ep_pdfdoc *doc, const char *name);
/* How a field is named to a user: the first name of its /TU unless another field has the same,
 * else its /T. */
const char *ep_pdfdoc_field_label(const ep_pdfdoc *doc, const ep_sigfield *f);

/* The dictionary of object id (generation gen), unparsed, without the given keys, and with
 * the text `extra` (entries in PDF syntax, e.g. "/V 12 0 R") added. malloc'd; NULL on failure. */
char *ep_pdfdoc_dict_replace(const ep_pdfdoc *doc, int id, int gen, const char *const *drop, size_t ndrop,
                             const char *extra);

#endif
