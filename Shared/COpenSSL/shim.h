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
static inline long qlvb_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
