#include "sign/http.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct tls {
    SSL_CTX *ctx;
    const char *host;
} tls;

/* OpenSSL's client calls this once connected (detail: the URL is https) and once done: TLS
 * with the system's roots, the host name checked and sent (SNI). */
static BIO *tls_layer(BIO *bio, void *arg, int connect, int detail)
{
    tls *t = arg;
    if (connect && detail) {
        BIO *ssl = BIO_new_ssl(t->ctx, 1);
        SSL *s = NULL;
        if (!ssl || BIO_get_ssl(ssl, &s) <= 0 || !SSL_set_tlsext_host_name(s, t->host) || !SSL_set1_host(s, t->host)) {
            BIO_free(ssl);
            return NULL;
        }
        return BIO_push(ssl, bio);
    }
    if (!connect && detail == 0 && bio && BIO_method_type(bio) == BIO_TYPE_SSL) {
        /* an error: the TLS layer goes, OpenSSL closes the connection under it */
        BIO *under = BIO_pop(bio);
        BIO_free(bio);
        return under;
    }
    return bio;
}

/* A connection to host:port within timeout seconds, or NULL with why. OpenSSL's own connect
 * retries a refused connection until its time is up (a server may be starting): a mistyped
 * or stopped time-stamp authority would cost the whole time-out, where one refusal is the
 * answer. (OpenSSL cannot be given the connection itself and still add TLS over it.) */
static BIO *connect_to(const char *host, const char *port, int timeout, char *why, size_t size)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC}, *res = NULL;
    int e = getaddrinfo(host, port, &hints, &res);
    if (e) {
        snprintf(why, size, "%s", gai_strerror(e));
        return NULL;
    }
    int fd = -1;
    snprintf(why, size, "no address");
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        int r = connect(fd, a->ai_addr, a->ai_addrlen), err = r ? errno : 0;
        if (r && errno == EINPROGRESS) {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            socklen_t len = sizeof err;
            if (poll(&p, 1, timeout * 1000) == 1) getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            else err = ETIMEDOUT;
        }
        if (err) {
            snprintf(why, size, "cannot connect: %s", strerror(err));
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) return NULL;
    BIO *b = BIO_new_socket(fd, BIO_CLOSE);
    if (!b) close(fd);
    else BIO_set_nbio(b, 1);
    return b;
}

static const char *openssl_reason(void)
{
    unsigned long e = ERR_peek_last_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;
    return r ? r : "no answer";
}

int ep_http_exchange(const char *url, const char *type, const void *body, size_t n, const char *want, size_t max,
                     ep_buf *out, char *why, size_t whysize)
{
    char *host = NULL, *port = NULL, *path = NULL;
    int use_ssl = 0, ok = 0;
    ERR_clear_error();
    if (!OSSL_HTTP_parse_url(url, &use_ssl, NULL, &host, &port, NULL, &path, NULL, NULL)) {
        snprintf(why, whysize, "'%s' is not an http or https URL", url);
        return -1;
    }
    tls t = {NULL, host};
    if (use_ssl && (!(t.ctx = SSL_CTX_new(TLS_client_method())) || !SSL_CTX_set_default_verify_paths(t.ctx))) {
        snprintf(why, whysize, "%s: cannot set up TLS: %s", url, openssl_reason());
        goto done;
    }
    if (t.ctx) SSL_CTX_set_verify(t.ctx, SSL_VERIFY_PEER, NULL);
    BIO *req = body ? BIO_new_mem_buf(body, (int)n) : NULL;
    if (body && !req) {
        snprintf(why, whysize, "%s: out of memory", url);
        goto done;
    }
    /* Every answer epistle asks for is DER (expect_asn1): OpenSSL then reads it whole into
     * memory, where otherwise the BIO would stream from a non-blocking connection. Directly,
     * unless the environment names a proxy for this server: over a connection of our own for
     * http; for https, OpenSSL connects (it adds TLS only to a connection it makes), after a
     * first connection of ours has shown that something listens. */
    BIO *conn = NULL;
    if (!OSSL_HTTP_adapt_proxy(NULL, NULL, host, use_ssl)) {
        char because[160];
        if (!(conn = connect_to(host, port, EP_HTTP_TIMEOUT, because, sizeof because))) {
            snprintf(why, whysize, "%s: %s", url, because);
            BIO_free(req);
            goto done;
        }
        if (use_ssl) {
            BIO_free_all(conn);
            conn = NULL;
        }
    }
    BIO *resp = OSSL_HTTP_transfer(NULL, host, port, path, use_ssl, NULL, NULL, conn, conn, use_ssl ? tls_layer : NULL,
                                   &t, 0, NULL, body ? type : NULL, req, want, 1, max, EP_HTTP_TIMEOUT, 0);
    BIO_free_all(conn);
    BIO_free(req);
    if (!resp) {
        snprintf(why, whysize, "%s: %s", url, openssl_reason());
        goto done;
    }
    char chunk[8192];
    int got;
    while ((got = BIO_read(resp, chunk, sizeof chunk)) > 0) ep_buf_put(out, chunk, (size_t)got);
    BIO_free_all(resp);
    ok = 1;
done:
    ERR_clear_error();
    SSL_CTX_free(t.ctx);
    OPENSSL_free(host);
    OPENSSL_free(port);
    OPENSSL_free(path);
    return ok ? 0 : -1;
}
