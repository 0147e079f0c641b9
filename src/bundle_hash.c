/* bundle_hash.c: line-ending normalisation and sha256 for bundled SQL, used by the generator
 * at build time and by tests; sha256 comes from OpenSSL's libcrypto, never hand-written. */
#include "bundle.h"
#include "util.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

char *bundle_normalise(const char *text, size_t len, size_t *outlen)
{
    char *out = xmalloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\r') {
            out[n++] = '\n';
            if (i + 1 < len && text[i + 1] == '\n')
                i++;
        } else {
            out[n++] = text[i];
        }
    }
    out[n] = '\0';
    if (outlen)
        *outlen = n;
    return out;
}

void bundle_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32) {
        fputs("agentdb: sha256 failed (libcrypto)\n", stderr);
        abort();
    }
    static const char digits[] = "0123456789abcdef";
    for (unsigned int i = 0; i < mdlen; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 0x0f];
    }
    hex[64] = '\0';
}
