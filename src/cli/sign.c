/* epistle sign IN.pdf --field NAME (--p12 FILE | --key KEY.pem --cert CERT.pem [--chain CHAIN.pem])
 *              [--pass-env VAR | --pass-file FILE] -o OUT.pdf
 * epistle verify FILE.pdf [--json] */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"

/* The signer's options, shared by sign and by render --sign-field (numbers above the
 * commands' own). */
enum { OPT_P12 = 100, OPT_KEY, OPT_CERT, OPT_CHAIN, OPT_PASS_ENV, OPT_PASS_FILE, OPT_VISIBLE, OPT_TSA, OPT_LTV, OPT_CRL,
       OPT_OCSP, OPT_CERTIFY, OPT_FIELD, OPT_OUTPUT, OPT_PASS, OPT_LIST_FIELDS };

const ep_opt ep_signer_opts[] = {
    {.id = OPT_P12, .name = "--p12", .arg = "FILE",
     .help = "The signer's key and certificate (with its chain) in a PKCS#12 file."},
    {.id = OPT_KEY, .name = "--key", .arg = "KEY.pem", .help = "The signer's private key, PEM (with --cert)."},
    {.id = OPT_CERT, .name = "--cert", .arg = "CERT.pem", .help = "The signer's certificate, PEM (with --key)."},
    {.id = OPT_CHAIN, .name = "--chain", .arg = "CHAIN.pem",
     .help = "Intermediate certificates to embed, PEM (with --key and --cert)."},
    {.id = OPT_PASS_ENV, .name = "--pass-env", .arg = "VAR",
     .help = "Read the passphrase from environment variable VAR (never from the command line, where ps would show "
             "it)."},
    {.id = OPT_PASS_FILE, .name = "--pass-file", .arg = "FILE",
     .help = "Read the passphrase from the first line of FILE."},
    {.id = OPT_VISIBLE, .name = "--visible", .help = "Draw the signer's name and the time in the signature field."},
    {.id = OPT_TSA, .name = "--tsa", .arg = "URL",
     .help = "Have the time-stamp authority at URL (RFC 3161, http or https) vouch for the signing time (PAdES B-T)."},
    {.id = OPT_LTV, .name = "--ltv",
     .help = "Add the certificates and revocation data of every signature in a document security store (PAdES B-LT): "
             "from --crl and --ocsp-response, else from the servers the certificates name."},
    {.id = OPT_CERTIFY, .name = "--certify", .arg = "1|2",
     .help = "Certify the letter with the first signature: 1 allows no change after it, 2 only further signatures."},
    {.id = OPT_CRL, .name = "--crl", .arg = "FILE", .help = "A CRL (PEM or DER) for --ltv; repeatable."},
    {.id = OPT_OCSP, .name = "--ocsp-response", .arg = "FILE", .help = "An OCSP response (DER) for --ltv; repeatable."},
    {0},
};

const ep_opt ep_sign_opts[] = {
    {.id = OPT_FIELD, .name = "--field", .arg = "NAME",
     .help = "The signature field to sign: the signatory's name as the letter prints it."},
    {.id = OPT_OUTPUT, .name = "--output", .alias = "-o", .arg = "OUT.pdf",
     .help = "Where to write the signed PDF (an incremental update: earlier signatures stay valid)."},
    {.id = OPT_LIST_FIELDS, .name = "--list-fields",
     .help = "Print the names of the PDF's unsigned signature fields, one per line, and sign nothing."},
    {.id = OPT_PASS, .name = "--pass", .alias = "--passphrase", .hidden = 1,
     .help = "Refused: a passphrase is never taken from the command line."},
    {0},
};

enum { OPT_TS_TSA = 1, OPT_TS_OUTPUT };
const ep_opt ep_timestamp_opts[] = {
    {.id = OPT_TS_TSA, .name = "--tsa", .arg = "URL",
     .help = "The RFC 3161 time-stamp authority (http or https) whose token vouches for the whole file."},
    {.id = OPT_TS_OUTPUT, .name = "--output", .alias = "-o", .arg = "OUT.pdf",
     .help = "Where to write the time-stamped PDF (an incremental update: every signature stays valid)."},
    {0},
};

/* (--json is taken before the command runs, as for every command; listed for what it does here.) */
enum { OPT_V_JSON = 1, OPT_V_CA };
const ep_opt ep_verify_opts[] = {
    {.id = OPT_V_JSON, .name = "--json", .help = "The report on standard output as JSON, as well as the diagnostics."},
    {.id = OPT_V_CA, .name = "--ca", .arg = "FILE",
     .help = "Trust the root certificates in FILE (PEM) instead of the system's, for signers and time-stamps."},
    {0},
};

/* The files given with --crl and --ocsp-response (the command line outlives the signing). */
enum { EP_MAX_REVOCATION_FILES = 32 };
static const char *crl_files[EP_MAX_REVOCATION_FILES], *ocsp_files[EP_MAX_REVOCATION_FILES];

static int add_file(const char **files, size_t *n, const char *v, const char *option)
{
    if (*n == EP_MAX_REVOCATION_FILES) {
        ep_cli_usage_error("more than %d %s files", EP_MAX_REVOCATION_FILES, option);
        return -1;
    }
    files[(*n)++] = v;
    return 0;
}

int ep_signer_take(epistle_sign_options *s, int id, const char *v)
{
    switch (id) {
    case OPT_P12: s->p12 = v; break;
    case OPT_KEY: s->key = v; break;
    case OPT_CERT: s->cert = v; break;
    case OPT_CHAIN: s->chain = v; break;
    case OPT_PASS_ENV: s->pass_env = v; break;
    case OPT_PASS_FILE: s->pass_file = v; break;
    case OPT_VISIBLE: s->visible = 1; break;
    case OPT_TSA: s->tsa = v; break;
    case OPT_LTV: s->ltv = 1; break;
    case OPT_CERTIFY:
        if (strcmp(v, "1") && strcmp(v, "2")) {
            ep_cli_usage_error("--certify takes 1 (no changes) or 2 (only signing), not '%s'", v);
            return -1;
        }
        s->certify = v[0] - '0';
        break;
    case OPT_CRL:
        s->crls = crl_files;
        return add_file(crl_files, &s->ncrls, v, "--crl");
    case OPT_OCSP:
        s->ocsp_responses = ocsp_files;
        return add_file(ocsp_files, &s->nocsp_responses, v, "--ocsp-response");
    default: return 0;
    }
    return 0;
}

int ep_signer_check(const ep_command *c, const epistle_sign_options *s)
{
    int any = s->p12 || s->key || s->cert || s->chain || s->pass_env || s->pass_file || s->visible || s->tsa || s->ltv || s->certify ||
              s->ncrls || s->nocsp_responses;
    if ((s->ncrls || s->nocsp_responses) && !s->ltv) {
        ep_cmd_usage_error(c, "--crl and --ocsp-response are for --ltv");
        return -1;
    }
    if (!s->field && any) {
        ep_cmd_usage_error(c, "a key or certificate is given but no field to sign (--%s NAME)",
                           strcmp(c->name, "sign") ? "sign-field" : "field");
        return -1;
    }
    if (s->field && !s->p12 && !(s->key && s->cert)) {
        ep_cmd_usage_error(c, "signing needs --p12 FILE, or --key KEY.pem and --cert CERT.pem");
        return -1;
    }
    return 0;
}

typedef struct sign_args {
    epistle_sign_options s;
    const char *out;
    int list;
} sign_args;

static int take_sign(void *ctx, int id, const char *v)
{
    sign_args *a = ctx;
    if (id == OPT_FIELD) a->s.field = v;
    else if (id == OPT_OUTPUT) a->out = v;
    else if (id == OPT_LIST_FIELDS) a->list = 1;
    else if (id == OPT_PASS) {
        ep_cli_usage_error("a passphrase is never taken from the command line (it would show in ps and in the "
                           "shell's history): use --pass-env VAR, --pass-file FILE or the prompt");
        return -1;
    } else return ep_signer_take(&a->s, id, v);
    return 0;
}

int ep_cmd_sign(int argc, char **argv)
{
    const ep_command *c = ep_command_named("sign");
    sign_args a;
    memset(&a, 0, sizeof a);
    size_t n;
    int r = ep_opts_parse(c, argc, argv, take_sign, &a, &n);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    if (n != 1) return ep_cmd_usage_error(c, n ? "one PDF at a time" : "which PDF?");
    epistle_options o = {.diag = ep_cli_diag};
    if (a.list) return epistle_list_fields(argv[0], stdout, &o);
    if (!a.out) return ep_cmd_usage_error(c, "no output given (-o OUT.pdf)");
    if (!a.s.field) return ep_cmd_usage_error(c, "which field? (--field NAME, the signatory's name)");
    if (ep_output_not_pdf(c, a.out) || ep_signer_check(c, &a.s)) return EPISTLE_EUSAGE;
    /* A visible signature is set with the fonts the letter was (--font-path folders too). */
    epistle_engine *e = NULL;
    int st = a.s.visible ? ep_cli_engine(&e) : 0;
    if (st) return st;
    a.s.engine = e;
    st = epistle_sign_file(argv[0], a.out, &a.s, &o);
    epistle_engine_free(e);
    if (!st) ep_cli_wrote(a.out, a.s.field);
    return st;
}

static int take_verify(void *ctx, int id, const char *v)
{
    epistle_options *o = ctx;
    if (id == OPT_V_CA) o->trust_roots = v;
    return 0;
}

int ep_cmd_verify(int argc, char **argv)
{
    const ep_command *c = ep_command_named("verify");
    size_t n;
    epistle_options o = {.diag = ep_cli_diag};
    int r = ep_opts_parse(c, argc, argv, take_verify, &o, &n);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    if (n != 1) return ep_cmd_usage_error(c, n ? "one PDF at a time" : "which PDF?");
    return epistle_verify_file(argv[0], ep_cli_json(), stdout, &o);
}

typedef struct timestamp_args {
    const char *tsa, *out;
} timestamp_args;

static int take_timestamp(void *ctx, int id, const char *v)
{
    timestamp_args *a = ctx;
    if (id == OPT_TS_TSA) a->tsa = v;
    else if (id == OPT_TS_OUTPUT) a->out = v;
    return 0;
}

int ep_cmd_timestamp(int argc, char **argv)
{
    const ep_command *c = ep_command_named("timestamp");
    timestamp_args a = {NULL, NULL};
    size_t n;
    int r = ep_opts_parse(c, argc, argv, take_timestamp, &a, &n);
    if (r) return r > 0 ? 0 : EPISTLE_EUSAGE;
    if (n != 1) return ep_cmd_usage_error(c, n ? "one PDF at a time" : "which PDF?");
    if (!a.tsa) return ep_cmd_usage_error(c, "which time-stamp authority? (--tsa URL)");
    if (!a.out) return ep_cmd_usage_error(c, "no output given (-o OUT.pdf)");
    if (ep_output_not_pdf(c, a.out)) return EPISTLE_EUSAGE;
    epistle_options o = {.diag = ep_cli_diag};
    int st = epistle_timestamp_file(argv[0], a.out, a.tsa, &o);
    if (!st) ep_cli_wrote(a.out, NULL);
    return st;
}
