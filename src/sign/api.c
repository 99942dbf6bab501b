/* The module's calls: signing and verifying as the public API offers them, behind the table
 * of sign/module.h. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input.h"
#include "sign/module.h"
#include "sign/pdfdoc.h"
#include "sign/sign.h"
#include "util/deflate.h"
#include "util/limits.h"
#include "util/output.h"

static void iso_time(long long t, char *out, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A revoked certificate voids a signature unless a time-stamp shows the signature was made
 * before the revocation. */
static int revoked_before(const ep_sigcheck *c)
{
    return c->rev.status == EP_REV_REVOKED && !(c->stamped && c->tst.good && c->tst.when < c->rev.revoked_at);
}

static ep_signer_opts signer_of(const epistle_sign_options *s)
{
    ep_signer_opts o = {.p12 = s->p12, .key = s->key, .cert = s->cert, .chain = s->chain, .pass_env = s->pass_env,
                        .pass_file = s->pass_file, .visible = s->visible, .tsa = s->tsa, .certify = s->certify, .ltv = s->ltv,
                        .crls = s->crls, .ncrls = s->ncrls, .ocsps = s->ocsp_responses, .nocsps = s->nocsp_responses};
    return o;
}

static epistle_status sign_buffer(ep_diag *d, const char *name, const unsigned char *pdf, size_t len,
                                  const epistle_sign_options *sign, ep_sigtext_fn sigtext, void *ctx, ep_buf *out)
{
    if (!sign->field) {
        ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_USAGE, "which field? (--field NAME)");
        return EPISTLE_EUSAGE;
    }
    ep_signer_opts o = signer_of(sign);
    o.sigtext = sigtext;
    o.sigtext_ctx = ctx;
    int r = ep_sign_pdf(d, name, pdf, len, sign->field, &o, out);
    /* The module's own compressor, now rather than at an exit a leak checker cannot see. */
    ep_deflate_release();
    return r ? EPISTLE_EINPUT : EPISTLE_OK;
}

/* What an update of a PDF does to its bytes: sign, time-stamp. */
typedef epistle_status (*update_fn)(ep_diag *d, const char *name, const unsigned char *pdf, size_t len, const void *ctx,
                                    ep_buf *out);

/* Reads in_path, updates it, and writes the result to out_path (temporary file, then rename):
 * nothing is written when anything failed. */
static epistle_status update_file(ep_diag *d, const char *in_path, const char *out_path, update_fn fn, const void *ctx)
{
    const char *name = strcmp(in_path, "-") ? in_path : "<stdin>";
    ep_buf in, out;
    ep_buf_init(&in);
    ep_buf_init(&out);
    int err;
    epistle_status st = ep_read_input(d, name, in_path, EP_MAX_PDF_BYTES, "for a PDF", &in);
    if (!st) {
        st = fn(d, name, (unsigned char *)in.data, in.len, ctx, &out);
        if (!st && (err = ep_write_atomic(out_path, out.data, out.len, 1))) {
            ep_error(d, ep_pos_make(out_path, 0, 0), EP_C_IO, "cannot write: %s", strerror(err));
            st = EPISTLE_ESYSTEM;
        }
    }
    ep_buf_free(&in);
    ep_buf_free(&out);
    return st;
}

typedef struct signing {
    const epistle_sign_options *sign;
    ep_sigtext_fn sigtext;
    void *ctx;
} signing;

static epistle_status sign_update(ep_diag *d, const char *name, const unsigned char *pdf, size_t len, const void *ctx,
                                  ep_buf *out)
{
    const signing *s = ctx;
    return sign_buffer(d, name, pdf, len, s->sign, s->sigtext, s->ctx, out);
}

static epistle_status sign_file(ep_diag *d, const char *in_path, const char *out_path, const epistle_sign_options *sign,
                                ep_sigtext_fn sigtext, void *ctx)
{
    signing s = {sign, sigtext, ctx};
    return update_file(d, in_path, out_path, sign_update, &s);
}

static epistle_status timestamp_update(ep_diag *d, const char *name, const unsigned char *pdf, size_t len,
                                       const void *ctx, ep_buf *out)
{
    int r = ep_timestamp_pdf(d, name, pdf, len, ctx, out);
    ep_deflate_release();
    return r ? EPISTLE_EINPUT : EPISTLE_OK;
}

static epistle_status timestamp_file(ep_diag *d, const char *in_path, const char *out_path, const char *tsa)
{
    return update_file(d, in_path, out_path, timestamp_update, tsa);
}

static epistle_status list_fields(ep_diag *d, const char *path, FILE *out)
{
    ep_buf in;
    ep_buf_init(&in);
    epistle_status st = ep_read_input(d, path, path, EP_MAX_PDF_BYTES, "for a PDF", &in);
    if (st) return st;
    ep_pdfdoc doc;
    int r = ep_pdfdoc_read(&doc, d, path, (unsigned char *)in.data, in.len, 0);
    if (!r) {
        for (size_t i = 0; i < doc.nfields; i++)
            if (!doc.fields[i].signed_) fprintf(out, "%s\n", ep_pdfdoc_field_label(&doc, &doc.fields[i]));
        ep_pdfdoc_free(&doc);
    }
    ep_buf_free(&in);
    return r ? EPISTLE_EINPUT : EPISTLE_OK;
}

static epistle_status verify_file(ep_diag *d, const char *path, int json, FILE *outf, const char *trust_roots)
{
    const char *name = strcmp(path, "-") ? path : "<stdin>";
    ep_buf in;
    ep_buf_init(&in);
    epistle_status st = ep_read_input(d, name, path, EP_MAX_PDF_BYTES, "for a PDF", &in);
    if (st) return st;
    ep_sigcheck *c;
    char **unsigned_fields;
    size_t nunsigned;
    int n = ep_verify_pdf(d, name, (unsigned char *)in.data, in.len, trust_roots, &c,
                          &unsigned_fields, &nunsigned);
    ep_buf_free(&in);
    if (n < 0) return EPISTLE_EINPUT;
    int all = n > 0;
    json_t *arr = json ? json_array() : NULL;
    for (int i = 0; i < n; i++) {
        /* Intact bytes are not enough: what the reader sees must be what was signed. */
        int good = c[i].intact && !c[i].changed && (!c[i].stamped || c[i].tst.good) && !revoked_before(&c[i]);
        all &= good;
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "field", json_string(c[i].field));
            json_object_set_new(o, "signer", c[i].signer ? json_string(c[i].signer) : json_null());
            json_object_set_new(o, "kind", json_string(c[i].doc_timestamp ? "document-timestamp" : "signature"));
            json_object_set_new(o, "certifies", c[i].certifies ? json_integer(c[i].certifies) : json_null());
            json_object_set_new(o, "time", c[i].when ? json_string(c[i].when) : json_null());
            json_object_set_new(o, "time_iso", c[i].when_iso[0] ? json_string(c[i].when_iso) : json_null());
            json_object_set_new(o, "trusted", json_boolean(c[i].trusted));
            json_object_set_new(o, "trust_status", json_string(c[i].trust_words ? c[i].trust_words : "not trusted"));
            json_object_set_new(o, "trust", c[i].trust ? json_string(c[i].trust) : json_null());
            json_object_set_new(o, "intact", json_boolean(c[i].intact));
            json_object_set_new(o, "whole_file", json_boolean(c[i].whole));
            json_object_set_new(o, "revision", c[i].revision ? json_integer(c[i].revision) : json_null());
            json_object_set_new(o, "revisions", json_integer(c[i].revisions));
            json_object_set_new(o, "changed_after_signing", c[i].changed ? json_string(c[i].changed) : json_null());
            json_object_set_new(o, "valid", json_boolean(good));
            json_object_set_new(o, "problem", c[i].problem ? json_string(c[i].problem) : json_null());
            json_object_set_new(o, "certificate_warning", c[i].concerns ? json_string(c[i].concerns) : json_null());
            json_t *ts = json_null();
            if (c[i].stamped) {
                const ep_tst *t = &c[i].tst;
                ts = json_object();
                json_object_set_new(ts, "time", t->when_iso[0] ? json_string(t->when_iso) : json_null());
                json_object_set_new(ts, "tsa", json_string(t->tsa));
                json_object_set_new(ts, "good", json_boolean(t->good));
                json_object_set_new(ts, "problem", t->good ? json_null() : json_string(t->problem));
                json_object_set_new(ts, "trusted", json_boolean(t->trusted));
                json_object_set_new(ts, "trust_status", json_string(t->trust_words ? t->trust_words : "not trusted"));
                json_object_set_new(ts, "trust", json_string(t->trust));
            }
            json_object_set_new(o, "timestamp", ts);
            static const char *const states[] = {[EP_REV_NONE] = "none", [EP_REV_GOOD] = "good",
                                                 [EP_REV_REVOKED] = "revoked", [EP_REV_UNKNOWN] = "unknown"};
            json_t *rev = json_object();
            char t1[32], t2[32];
            iso_time(c[i].rev.produced, t1, sizeof t1);
            iso_time(c[i].rev.revoked_at, t2, sizeof t2);
            json_object_set_new(rev, "status", json_string(states[c[i].rev.status]));
            json_object_set_new(rev, "source", c[i].rev.status ? json_string(c[i].rev.source) : json_null());
            json_object_set_new(rev, "produced", c[i].rev.status ? json_string(t1) : json_null());
            json_object_set_new(rev, "revoked_at", c[i].rev.status == EP_REV_REVOKED ? json_string(t2) : json_null());
            json_object_set_new(o, "revocation", rev);
            json_array_append_new(arr, o);
        } else {
            /* "2026-12-01T00:34:38Z" as people write it: "2026-12-01 00:34:38 UTC". */
            char when[48];
            if (c[i].when_iso[0]) {
                size_t z = strlen(c[i].when_iso) - (c[i].when_iso[19] == 'Z' ? 1 : 6);
                snprintf(when, sizeof when, "%.10s %.8s %s", c[i].when_iso, c[i].when_iso + 11,
                         c[i].when_iso[19] == 'Z' ? "UTC" : c[i].when_iso + z);
            } else {
                snprintf(when, sizeof when, "%.40s", c[i].when ? c[i].when : "(not given)");
            }
            fprintf(outf, "%s: %s\n  %s: %s\n", c[i].field,
                    !c[i].intact ? "NOT INTACT" : c[i].changed ? "CHANGED AFTER SIGNING" : "intact",
                    c[i].doc_timestamp ? "document time-stamp by" : "signed by", c[i].signer ? c[i].signer : "(unknown)");
            const ep_tst *t = &c[i].tst;
            if (c[i].doc_timestamp)
                fprintf(outf, "  time: %.10s %.8s UTC\n  time-stamp: %s%s (%s)\n", t->when_iso, t->when_iso + 11,
                        t->trusted ? "" : "NOT TRUSTED: ", t->trust_words, t->trust);
            else if (!c[i].stamped)
                fprintf(outf, "  time: %s (claimed by the signer; no time-stamp)\n", when);
            else if (t->good)
                fprintf(outf, "  time: %.10s %.8s UTC (time-stamped by %s)\n  time-stamp: %s%s (%s)\n", t->when_iso,
                        t->when_iso + 11, t->tsa, t->trusted ? "" : "NOT TRUSTED: ", t->trust_words, t->trust);
            else
                fprintf(outf, "  time: %s (claimed by the signer)\n  problem: its time-stamp is not good: %s\n", when,
                        t->problem);
            if (c[i].signer && !c[i].doc_timestamp)
                fprintf(outf, "  certificate: %s%s (%s)\n", c[i].trusted && c[i].rev.status != EP_REV_REVOKED ? "" : "NOT TRUSTED: ",
                        c[i].trust_words ? c[i].trust_words : "not trusted", c[i].trust ? c[i].trust : "unknown");
            if (c[i].certifies)
                fprintf(outf, "  certifies the letter: %s\n", c[i].certifies == 1 ? "no changes allowed after it"
                                                            : c[i].certifies == 2 ? "only signing allowed after it"
                                                                                  : "forms, signing and comments allowed after it");
            if (c[i].signer && !c[i].doc_timestamp) {
                char t1[32], t2[32];
                iso_time(c[i].rev.produced, t1, sizeof t1);
                iso_time(c[i].rev.revoked_at, t2, sizeof t2);
                switch (c[i].rev.status) {
                case EP_REV_NONE: fprintf(outf, "  revocation: no data in the document\n"); break;
                case EP_REV_GOOD: fprintf(outf, "  revocation: good (%s of %s, in the document)\n", c[i].rev.source, t1); break;
                case EP_REV_UNKNOWN: fprintf(outf, "  revocation: unknown to the CA (%s of %s)\n", c[i].rev.source, t1); break;
                case EP_REV_REVOKED:
                    fprintf(outf, "  revocation: REVOKED on %s (%s of %s)%s\n", t2, c[i].rev.source, t1,
                            revoked_before(&c[i]) ? ", and no time-stamp shows the signature was made before"
                                                  : ", after the time-stamped signing time: the signature stands");
                    break;
                }
            }
            if (c[i].whole && c[i].revision)
                fprintf(outf, "  covers: the whole file (revision %ld of %ld)\n", c[i].revision, c[i].revisions);
            else if (c[i].whole)
                fprintf(outf, "  covers: the whole file\n");
            else if (c[i].revision && !c[i].changed)
                fprintf(outf, "  covers: revision %ld of %ld; the updates after it change only what signing changes\n", c[i].revision, c[i].revisions);
            else if (c[i].revision)
                fprintf(outf, "  covers: revision %ld of %ld\n", c[i].revision, c[i].revisions);
            else if (c[i].covered > 0)
                fprintf(outf, "  covers: the first %lld bytes, which end no revision\n", c[i].covered);
            if (c[i].problem) fprintf(outf, "  problem: %s\n", c[i].problem);
            if (c[i].changed) fprintf(outf, "  problem: %s\n", c[i].changed);
            if (c[i].concerns) fprintf(outf, "  warning: %s\n", c[i].concerns);
        }
    }
    /* Fields nobody has signed: the letter is not fully signed (not an error). */
    for (size_t i = 0; i < nunsigned; i++) {
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "kind", json_string("unsigned-field"));
            json_object_set_new(o, "field", json_string(unsigned_fields[i]));
            json_array_append_new(arr, o);
        } else {
            fprintf(outf, "%s: not signed yet\n", unsigned_fields[i]);
        }
        free(unsigned_fields[i]);
    }
    free(unsigned_fields);
    if (json) {
        json_dumpf(arr, outf, JSON_INDENT(2));
        fputc('\n', outf);
        json_decref(arr);
    } else if (!n) {
        fprintf(outf, "%s: no signatures\n", name);
    }
    ep_sigchecks_free(c, (size_t)n);
    return all ? EPISTLE_OK : EPISTLE_EINPUT;
}

const ep_sign_module *ep_sign_module_entry(void)
{
    static const ep_sign_module module = {
        .abi = EP_SIGN_ABI,
        .sign_buffer = sign_buffer,
        .sign_file = sign_file,
        .timestamp_file = timestamp_file,
        .list_fields = list_fields,
        .verify_file = verify_file,
    };
    return &module;
}
