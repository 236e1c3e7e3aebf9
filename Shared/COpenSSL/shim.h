#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/pkcs12.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
/* Macros Swift cannot import, used by OpenSSLSupport. */
static inline long qlvb_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
static inline void qlvb_OPENSSL_free(void *p) { OPENSSL_free(p); }

/* ---- PDFSign shims (macros and type-generic stacks Swift cannot import) ---- */
static inline void pdfsign_OPENSSL_free(void *p) { OPENSSL_free(p); }
static inline STACK_OF(X509) *pdfsign_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int pdfsign_sk_X509_push(STACK_OF(X509) *sk, X509 *x) { return sk_X509_push(sk, x); }
static inline int pdfsign_sk_X509_num(const STACK_OF(X509) *sk) { return sk_X509_num(sk); }
static inline X509 *pdfsign_sk_X509_value(const STACK_OF(X509) *sk, int i) { return sk_X509_value(sk, i); }
/* Frees the stack and every certificate in it. */
static inline void pdfsign_sk_X509_pop_free(STACK_OF(X509) *sk) { sk_X509_pop_free(sk, X509_free); }
/* Frees only the stack (the certificates are owned elsewhere). */
static inline void pdfsign_sk_X509_free(STACK_OF(X509) *sk) { sk_X509_free(sk); }
static inline int pdfsign_sk_CMS_SignerInfo_num(STACK_OF(CMS_SignerInfo) *sk) { return sk_CMS_SignerInfo_num(sk); }
static inline CMS_SignerInfo *pdfsign_sk_CMS_SignerInfo_value(STACK_OF(CMS_SignerInfo) *sk, int i) {
    return sk_CMS_SignerInfo_value(sk, i);
}
#include <openssl/provider.h>
/* PKCS#12 files from older tools (RC2-40, 3DES) need OpenSSL 3's legacy provider; keep the default one loaded too. */
static inline int pdfsign_load_legacy_providers(void) {
    return OSSL_PROVIDER_load(NULL, "legacy") != NULL && OSSL_PROVIDER_load(NULL, "default") != NULL;
}

/* ---- PKCS#11 tokens (USB tokens, HSMs) through OpenSSL's pkcs11 engine (Debian libengine-pkcs11-openssl) ----
   Engines are deprecated in OpenSSL 3 but are what this distribution ships for PKCS#11 (no pkcs11-provider).
   Loads the engine, points it at the token's module, logs in with the PIN and returns the private key; the key's
   operations then run on the token. NULL on failure (the engine released). */
#include <openssl/engine.h>
static inline EVP_PKEY *pdfsign_pkcs11_load_key(const char *module, const char *uri, const char *pin, ENGINE **engine_out) {
    ENGINE *e = ENGINE_by_id("pkcs11");
    if (!e) return NULL;
    if ((module && !ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0)) || (pin && !ENGINE_ctrl_cmd_string(e, "PIN", pin, 0))
        || !ENGINE_init(e)) {
        ENGINE_free(e);
        return NULL;
    }
    EVP_PKEY *key = ENGINE_load_private_key(e, uri, NULL, NULL);
    if (!key) {
        ENGINE_finish(e);
        ENGINE_free(e);
        return NULL;
    }
    *engine_out = e;
    return key;
}
static inline void pdfsign_pkcs11_release(ENGINE *e) {
    ENGINE_finish(e);
    ENGINE_free(e);
}

