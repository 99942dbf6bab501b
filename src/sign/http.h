/* The little HTTP that signatures need: a POST to a time-stamp authority or an OCSP
 * responder, a GET of a certificate or a CRL. OpenSSL's own client does it (http and https,
 * the http_proxy/https_proxy/no_proxy of the environment), with a time limit and a size limit,
 * so that a slow or hostile server cannot hang or swell a signing. */
#ifndef EP_SIGN_HTTP_H
#define EP_SIGN_HTTP_H

#include <stddef.h>

#include "util/buf.h"

enum { EP_HTTP_TIMEOUT = 30 };   /* seconds, for the whole exchange */

/* POSTs body (content type `type`) to url, or GETs url when body is NULL, and puts the
 * answer, which must be DER, in out. The answer must have content type `want` (when not NULL)
 * and at most max bytes. 0 on success; -1 with why (naming url), for the caller to report as
 * an error or a warning. */
int ep_http_exchange(const char *url, const char *type, const void *body, size_t n, const char *want, size_t max,
                     ep_buf *out, char *why, size_t whysize);

#endif
