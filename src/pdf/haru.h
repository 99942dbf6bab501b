/* The only place that knows libharu's internal structures. libharu has no glyph-level
 * text API, so fonts and glyph runs are built through its object layer; the few struct
 * fields that needs are read here, checked against the 2.3.0 layout at build time. */
#ifndef EP_PDF_HARU_H
#define EP_PDF_HARU_H

#include <hpdf.h>

typedef struct ep_arena ep_arena;
typedef struct ep_buf ep_buf;

/* A document whose memory comes from a (until ep_haru_free, on this thread); ep_haru_free
 * forgets it, and freeing the arena frees it. */
HPDF_Doc ep_haru_new(ep_arena *a, HPDF_Error_Handler on_error, void *user);
void ep_haru_free(HPDF_Doc pdf);
/* Writes the document, appending it to out. */
HPDF_STATUS ep_haru_save(HPDF_Doc pdf, ep_buf *out);
HPDF_MMgr ep_haru_mmgr(HPDF_Doc pdf);
HPDF_Xref ep_haru_xref(HPDF_Doc pdf);

/* A dictionary that libharu's HPDF_Page_SetFontAndSize accepts as a font: a Type0 font
 * whose content the caller fills in. Already registered as an indirect object. */
HPDF_Dict ep_haru_font_dict(HPDF_Doc pdf);
/* The name font (made by ep_haru_font_dict) has in page's resources, adding it there. */
const char *ep_haru_font_name(HPDF_Page page, HPDF_Dict font);

/* Marks a stream whose bytes the caller deflated already: /Filter /FlateDecode is written
 * with the dictionary, and libharu does not compress it again. */
void ep_haru_predeflated(HPDF_Dict stream);
/* A stream object (registered) of len bytes deflated already, copied. NULL on failure. */
HPDF_Dict ep_haru_deflated_stream(HPDF_Doc pdf, const void *z, size_t len);
/* A stream object (registered) holding a copy of len bytes, deflated when the document is
 * saved if the document compresses. NULL on failure. */
HPDF_Dict ep_haru_stream(HPDF_Doc pdf, const void *data, size_t len);
/* Deflates, with util/deflate.c, every stream libharu would deflate as it saves (page
 * contents, CMaps, forms), and marks it deflated; before saving. 0, or -1 (out of memory). */
int ep_haru_deflate_streams(HPDF_Doc pdf);

/* An image XObject from pixels deflated already (8 bits per component), with an optional
 * soft mask; usable with HPDF_Page_DrawImage. */
HPDF_Image ep_haru_image(HPDF_Doc pdf, unsigned width, unsigned height, int gray, const void *pixels_z,
                         size_t pixels_zlen, const void *alpha_z, size_t alpha_zlen);

/* A signature field (/FT /Sig) in the AcroForm's /Fields, named name (/T); tip (optional,
 * /TU) is the name a person is shown and a screen reader says. NULL on failure. */
HPDF_Dict ep_haru_signature_field(HPDF_Doc pdf, const char *name, const char *tip);
/* How a visible signature is to be set in a widget, kept in its empty appearance's
 * /PieceInfo (ISO 32000-1 14.5, data a program keeps for itself) for whoever signs it later:
 * the part's language, body size, faces and label, and the signature image already drawn
 * in the area with its box (from the widget's lower left corner). */
typedef struct ep_haru_sigdata {
    const char *lang, *family, *label;
    float size;
    int sans;
    const int *script_cjk;     /* the style's faces by writing system: East Asian kind, */
    const char *const *script_codes;   /* or ISO 15924 code, */
    const char *const *script_families;   /* and family; nscripts of each */
    size_t nscripts;
    HPDF_Image image;          /* or NULL */
    float ibox[4];             /* x, y, width, height */
    const char *modified;      /* a PDF date (the page-piece's /LastModified) */
} ep_haru_sigdata;

/* A widget of field over rect, with an empty appearance, in the page's /Annots: the field
 * itself when it is the field's only widget (merged), else a kid with the field as /Parent.
 * sig: what to keep for a visible signature, or NULL. */
HPDF_Dict ep_haru_signature_widget(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect rect, HPDF_Dict field, int merged,
                                   const ep_haru_sigdata *sig);

/* The catalog's XMP metadata stream. */
HPDF_STATUS ep_haru_metadata(HPDF_Doc pdf, const char *xmp, size_t xmplen);
/* /ViewerPreferences: /DisplayDocTitle true (viewers show the title, not the file name) and
 * /Direction /R2L (a right-to-left document: pages side by side read from the right). */
HPDF_STATUS ep_haru_viewer_prefs(HPDF_Doc pdf, int display_title, int right_to_left);

/* PDF/A: the XMP metadata stream, an sRGB output intent with its ICC profile, and the
 * trailer's /ID (two copies of id, 16 bytes). */
HPDF_STATUS ep_haru_pdfa(HPDF_Doc pdf, const char *xmp, size_t xmplen, const void *icc, size_t icclen,
                         const unsigned char id[16]);

/* Annotations are printed (/F 4): PDF/A requires it, and a printed letter keeps its links'
 * text either way. */
void ep_haru_annot_printable(HPDF_Annotation annot);
/* /QuadPoints: the areas of a link broken over lines, four corners each (n numbers). */
HPDF_STATUS ep_haru_quadpoints(HPDF_Doc pdf, HPDF_Annotation annot, const float *q, size_t n);

/* Raw bytes appended to the page's content stream (inside BT/ET set up by libharu). */
HPDF_STATUS ep_haru_page_write(HPDF_Page page, const char *bytes, size_t len);

/* Records that the page's content is now inside (1) or outside (0) a text object, for BT
 * and ET written with ep_haru_page_write. */
void ep_haru_text_mode(HPDF_Page page, int in_text);

/* The info dictionary entry key as a UTF-16BE text string (titles in any script). */
HPDF_STATUS ep_haru_set_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key, const char *utf8);
HPDF_Dict ep_haru_info(HPDF_Doc pdf);
HPDF_Dict ep_haru_catalog(HPDF_Doc pdf);

/* Raises (never lowers) the version written in the header; call just before saving. */
void ep_haru_require_version(HPDF_Doc pdf, HPDF_PDFVer v);

#endif
