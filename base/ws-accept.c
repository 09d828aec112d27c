/* ws-accept.c: the handshake's Sec-WebSocket-Accept value (RFC 6455 4.2.2, step
 * 5.4): base64 of the SHA-1 of the client's key and the protocol's GUID, by
 * libnettle, dlopened (ws-lib.c). It never reads the HTTP head nor writes to the
 * client: the caller gives it the header's value and sends the answer. */
#include <errno.h>
#include <string.h>
#include "base/ws-lib.h"
#include "base/ws.h"

/* RFC 6455 1.3: the GUID every server appends to the key. */
static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/* RFC 6455 4.1: the key is "a randomly selected 16-byte value that has been
 * base64-encoded", so 24 characters, the last two "==" padding. */
#define WS_KEY_LEN 24
#define WS_KEY_BYTES 16

_Static_assert(WS_ACCEPT_LEN == BASE64_ENCODE_RAW_LENGTH(SHA1_DIGEST_SIZE), "WS_ACCEPT_LEN");

int ws_accept_value(const char *key, char out[WS_ACCEPT_LEN + 1]) {
        uint8_t raw[BASE64_DECODE_LENGTH(WS_KEY_LEN)], digest[SHA1_DIGEST_SIZE];
        struct base64_decode_ctx b64;
        struct ws_nettle n;
        struct sha1_ctx sha;
        size_t len = 0;
        int r;

        /* nettle's decoder skips white space: a key holding some decodes short,
         * and the length check refuses it. */
        if (!key || strlen(key) != WS_KEY_LEN || memcmp(key + WS_KEY_LEN - 2, "==", 2) != 0)
                return -EINVAL;
        r = ws_lib_nettle(&n);
        if (r < 0)
                return r;
        n.base64_decode_init(&b64);
        if (!n.base64_decode_update(&b64, &len, raw, WS_KEY_LEN, key) ||
            !n.base64_decode_final(&b64) || len != WS_KEY_BYTES)
                return -EINVAL;
        n.sha1_init(&sha);
        n.sha1_update(&sha, WS_KEY_LEN, (const uint8_t *)key);
        n.sha1_update(&sha, sizeof(ws_guid) - 1, (const uint8_t *)ws_guid);
        n.sha1_digest(&sha, sizeof(digest), digest);
        n.base64_encode_raw(out, sizeof(digest), digest);
        out[WS_ACCEPT_LEN] = '\0';
        return 0;
}
