/* The public calls for signing and verifying: each finds the signing module (sign/module.h)
 * and hands the call over, with the engine's text setting for a visible signature. */
#define _GNU_SOURCE 1 /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "sign/module.h"

/* Linked into the program (the fuzzers do), the module needs no loading. */
#pragma weak ep_sign_module_entry

static const ep_sign_module *module;
static char why[600];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int try_load(const char *path)
{
    /* RTLD_NOW: a module that cannot run is refused here, not halfway through a signature. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        if (!why[0]) snprintf(why, sizeof why, "%s", dlerror());
        return 0;
    }
    const ep_sign_module *(*entry)(void) = (const ep_sign_module *(*)(void))dlsym(h, "ep_sign_module_entry");
    const ep_sign_module *m = entry ? entry() : NULL;
    if (!m || m->abi != EP_SIGN_ABI) {
        snprintf(why, sizeof why, "%s is from another build of epistle", path);
        dlclose(h);
        return 0;
    }
    module = m;
    return 1;
}

/* The directory of the file holding this code: the program, or the shared library. */
static int own_dir(char *out, size_t size, int library)
{
    char path[PATH_MAX];
    if (library) {
        Dl_info info;
        if (!dladdr((void *)own_dir, &info) || !info.dli_fname || !strchr(info.dli_fname, '/')) return 0;
        snprintf(path, sizeof path, "%s", info.dli_fname);
    } else {
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
        if (n <= 0) return 0;
        path[n] = 0;
    }
    char *slash = strrchr(path, '/');
    if (!slash) return 0;
    *slash = 0;
    snprintf(out, size, "%s", path);
    return 1;
}

static void load(void)
{
    if (ep_sign_module_entry) {
        module = ep_sign_module_entry();
        return;
    }
    /* Where to look: where the environment says; beside the program or the library (a build
     * tree); where an installed tree keeps it, found from the program or the library, so that a
     * tree installed under another prefix, or unpacked, finds its own module; where this build
     * installs it. */
    const char *env = getenv("EPISTLE_SIGN_MODULE");
    if (env && *env) {
        try_load(env);
        return;
    }
    static const char *const beside[2][2] = {
        {"/epistle-sign.so", "/../" EPISTLE_LIBDIR "/epistle/epistle-sign.so"},
        {"/epistle-sign.so", "/epistle/epistle-sign.so"},
    };
    char dir[PATH_MAX], path[PATH_MAX + 64];
    for (int library = 0; library < 2; library++)
        if (own_dir(dir, sizeof dir, library))
            for (int k = 0; k < 2; k++) {
                snprintf(path, sizeof path, "%s%s", dir, beside[library][k]);
                if (access(path, R_OK) == 0 && try_load(path)) return;
            }
    try_load(EPISTLE_MODULE_DIR "/epistle-sign.so");
}

static const ep_sign_module *sign_module(ep_diag *d)
{
    pthread_once(&once, load);
    if (!module)
        ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_IO, "signing is not available: cannot load its module (%s)",
                 why[0] ? why : "not found");
    return module;
}

/* The engine that sets a visible signature's text: the caller's, or one made for this
 * call (*own, freed by the caller); NULL with an error when one is needed and cannot be made. */
static int text_engine(ep_diag *d, const epistle_sign_options *sign, epistle_engine **e, epistle_engine **own)
{
    *own = NULL;
    if (!sign->visible || *e || (*e = sign->engine)) return 1;
    if ((*e = *own = epistle_engine_new())) return 1;
    ep_error(d, ep_pos_make(NULL, 0, 0), EP_C_INTERNAL, "out of memory");
    return 0;
}

epistle_status ep_sign_buffer(epistle_engine *e, ep_diag *d, const char *name, const unsigned char *pdf, size_t len,
                              const epistle_sign_options *sign, ep_buf *out)
{
    const ep_sign_module *m = sign_module(d);
    epistle_engine *own;
    if (!m || !text_engine(d, sign, &e, &own)) return EPISTLE_ESYSTEM;
    epistle_status st = m->sign_buffer(d, name, pdf, len, sign, ep_signature_text, e, out);
    epistle_engine_free(own);
    return st;
}

/* A file call: its diagnostics go where the options say; the module, or NULL with an error. */
static const ep_sign_module *file_call(ep_diag *d, ep_forward *fw, const epistle_options *opts)
{
    *fw = (ep_forward){opts ? opts->diag : NULL, opts ? opts->diag_user : NULL, 0};
    ep_diag_init(d, ep_forward_diag, fw);
    return sign_module(d);
}

epistle_status epistle_sign_file(const char *in_path, const char *out_path, const epistle_sign_options *sign,
                                 const epistle_options *opts)
{
    ep_forward fw;
    ep_diag d;
    const ep_sign_module *m = file_call(&d, &fw, opts);
    epistle_engine *e = sign->engine, *own;
    if (!m || !text_engine(&d, sign, &e, &own)) return EPISTLE_ESYSTEM;
    epistle_status st = m->sign_file(&d, in_path, out_path, sign, ep_signature_text, e);
    epistle_engine_free(own);
    return st;
}

epistle_status epistle_timestamp_file(const char *in_path, const char *out_path, const char *tsa,
                                      const epistle_options *opts)
{
    ep_forward fw;
    ep_diag d;
    const ep_sign_module *m = file_call(&d, &fw, opts);
    return m ? m->timestamp_file(&d, in_path, out_path, tsa) : EPISTLE_ESYSTEM;
}

epistle_status epistle_list_fields(const char *path, FILE *out, const epistle_options *opts)
{
    ep_forward fw;
    ep_diag d;
    const ep_sign_module *m = file_call(&d, &fw, opts);
    return m ? m->list_fields(&d, path, out) : EPISTLE_ESYSTEM;
}

epistle_status epistle_verify_file(const char *path, int json, FILE *out, const epistle_options *opts)
{
    ep_forward fw;
    ep_diag d;
    const ep_sign_module *m = file_call(&d, &fw, opts);
    return m ? m->verify_file(&d, path, json, out, opts ? opts->trust_roots : NULL) : EPISTLE_ESYSTEM;
}
