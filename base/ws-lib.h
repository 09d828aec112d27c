/* ws-lib.h: the calls the WebSocket path makes into libwslay (framing) and
 * libnettle (the handshake's SHA-1 and base64), and the compile cache's into
 * libnettle (SHA-256), loaded with dlopen by ws-lib.c.
 * The libraries' headers give the types; no symbol of theirs is linked. */
#pragma once
#include <nettle/base64.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <wslay/wslay.h>

/* __typeof__ ties each pointer to the library's own prototype. */
struct ws_wslay {
        __typeof__(&wslay_event_context_server_init) server_init;
        __typeof__(&wslay_event_context_client_init) client_init;
        __typeof__(&wslay_event_context_free) context_free;
        __typeof__(&wslay_event_config_set_max_recv_msg_length) set_max_recv_msg_length;
        __typeof__(&wslay_event_recv) recv;
        __typeof__(&wslay_event_send) send;
        __typeof__(&wslay_event_want_read) want_read;
        __typeof__(&wslay_event_want_write) want_write;
        __typeof__(&wslay_event_queue_msg) queue_msg;
        __typeof__(&wslay_event_queue_close) queue_close;
        __typeof__(&wslay_event_set_error) set_error;
        __typeof__(&wslay_event_shutdown_read) shutdown_read;
        __typeof__(&wslay_event_get_close_received) get_close_received;
        __typeof__(&wslay_event_get_close_sent) get_close_sent;
        __typeof__(&wslay_event_get_status_code_received) get_status_code_received;
        __typeof__(&wslay_event_get_queued_msg_count) get_queued_msg_count;
        __typeof__(&wslay_event_get_queued_msg_length) get_queued_msg_length;
};

struct ws_nettle {
        __typeof__(&sha1_init) sha1_init;
        __typeof__(&sha1_update) sha1_update;
        __typeof__(&sha1_digest) sha1_digest;
        __typeof__(&base64_decode_init) base64_decode_init;
        __typeof__(&base64_decode_update) base64_decode_update;
        __typeof__(&base64_decode_final) base64_decode_final;
        __typeof__(&base64_encode_raw) base64_encode_raw;
};

struct lib_sha256 {
        __typeof__(&sha256_init) init;
        __typeof__(&sha256_update) update;
        __typeof__(&sha256_digest) digest;
};

/* libwslay.so.1's calls into *ret: 0, -ELIBACC when the library cannot be
 * loaded, -ELIBBAD when it lacks one of them. */
int ws_lib_wslay(struct ws_wslay *ret);
/* libnettle.so.8's, likewise. */
int ws_lib_nettle(struct ws_nettle *ret);
/* libnettle.so.8's SHA-256 (the compile cache's keys), likewise. */
int lib_sha256(struct lib_sha256 *ret);
