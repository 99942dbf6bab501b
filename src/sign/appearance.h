/* A visible signature's appearance in one widget of the field being signed. */
#ifndef EP_SIGN_APPEARANCE_H
#define EP_SIGN_APPEARANCE_H

#include <time.h>

#include "sign/sign.h"
#include "sign/update.h"

/* Writes the appearance of widget wg (a form XObject, with the text's form and fonts) into u:
 * the signer's name and the time, set by o->sigtext, and the signature image the letter
 * draws there. Returns its object number, or 0 with an error reported. */
int ep_sig_appearance(ep_update *u, ep_diag *d, const char *path, const ep_sigwidget *wg, const ep_signer_opts *o,
                      const char *name, time_t when);

#endif
