/* Limits that turn absurd input into a message instead of exhausted memory
 * (docs/letter-format.md lists them all). */
#ifndef EP_LIMITS_H
#define EP_LIMITS_H

enum {
    EP_MAX_LETTER_BYTES = 16 << 20,    /* one letter file */
    EP_MAX_DATA_BYTES = 512 << 20,     /* one merge data file */
    EP_MAX_PDF_BYTES = 512 << 20,      /* one PDF to sign or verify */
    EP_MAX_SIGNATURES = 1000,          /* signatures in one PDF that verify checks */
};

#endif
