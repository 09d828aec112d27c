/* ws-lib.c: libwslay and libnettle, loaded with dlopen on the WebSocket path and
 * the compile cache's only, never linked. Linked, they cost every connection ~0.2 ms before main() (0.79 ms
 * median for an {"op":"runtimes"} request unlinked, 0.98 ms linked: wslay ~0.06,
 * nettle ~0.13), a quarter of a cheap request, while only a WebSocket connection
 * calls them; ws.c has the figures. It never calls the libraries itself. */
#include <dlfcn.h>
#include <stddef.h>
#include "base/util.h"
#include "base/ws-lib.h"

struct sym {
        const char *name;
        size_t offset;
};

static const struct sym wslay_syms[] = {
        { "wslay_event_context_server_init", offsetof(struct ws_wslay, server_init) },
        { "wslay_event_context_client_init", offsetof(struct ws_wslay, client_init) },
        { "wslay_event_context_free", offsetof(struct ws_wslay, context_free) },
        { "wslay_event_config_set_max_recv_msg_length",
          offsetof(struct ws_wslay, set_max_recv_msg_length) },
        { "wslay_event_recv", offsetof(struct ws_wslay, recv) },
        { "wslay_event_send", offsetof(struct ws_wslay, send) },
        { "wslay_event_want_read", offsetof(struct ws_wslay, want_read) },
        { "wslay_event_want_write", offsetof(struct ws_wslay, want_write) },
        { "wslay_event_queue_msg", offsetof(struct ws_wslay, queue_msg) },
        { "wslay_event_queue_close", offsetof(struct ws_wslay, queue_close) },
        { "wslay_event_set_error", offsetof(struct ws_wslay, set_error) },
        { "wslay_event_shutdown_read", offsetof(struct ws_wslay, shutdown_read) },
        { "wslay_event_get_close_received", offsetof(struct ws_wslay, get_close_received) },
        { "wslay_event_get_close_sent", offsetof(struct ws_wslay, get_close_sent) },
        { "wslay_event_get_status_code_received",
          offsetof(struct ws_wslay, get_status_code_received) },
        { "wslay_event_get_queued_msg_count", offsetof(struct ws_wslay, get_queued_msg_count) },
        { "wslay_event_get_queued_msg_length", offsetof(struct ws_wslay, get_queued_msg_length) },
};

/* nettle's header renames its calls with macros; these are the symbols' names. */
static const struct sym nettle_syms[] = {
        { "nettle_sha1_init", offsetof(struct ws_nettle, sha1_init) },
        { "nettle_sha1_update", offsetof(struct ws_nettle, sha1_update) },
        { "nettle_sha1_digest", offsetof(struct ws_nettle, sha1_digest) },
        { "nettle_base64_decode_init", offsetof(struct ws_nettle, base64_decode_init) },
        { "nettle_base64_decode_update", offsetof(struct ws_nettle, base64_decode_update) },
        { "nettle_base64_decode_final", offsetof(struct ws_nettle, base64_decode_final) },
        { "nettle_base64_encode_raw", offsetof(struct ws_nettle, base64_encode_raw) },
};

static const struct sym sha256_syms[] = {
        { "nettle_sha256_init", offsetof(struct lib_sha256, init) },
        { "nettle_sha256_update", offsetof(struct lib_sha256, update) },
        { "nettle_sha256_digest", offsetof(struct lib_sha256, digest) },
};

/* Each table names every member of its struct, so none is left NULL. */
_Static_assert(ELEMENTSOF(wslay_syms) * sizeof(void *) == sizeof(struct ws_wslay), "wslay_syms");
_Static_assert(ELEMENTSOF(nettle_syms) * sizeof(void *) == sizeof(struct ws_nettle), "nettle_syms");
_Static_assert(ELEMENTSOF(sha256_syms) * sizeof(void *) == sizeof(struct lib_sha256), "sha256_syms");
_Static_assert(sizeof(struct lib_sha256) <= sizeof(struct ws_nettle), "load's table");

/* Every pointer into the table ret (size bytes) or nothing. The handle stays
 * open: a second dlopen only counts a reference, and the process exits soon. */
static int load(const char *soname, const struct sym *syms, size_t n, void *ret, size_t size) {
        char table[sizeof(struct ws_wslay) > sizeof(struct ws_nettle) ?
                   sizeof(struct ws_wslay) : sizeof(struct ws_nettle)];
        void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

        if (!h)
                return -ELIBACC;
        for (size_t i = 0; i < n; i++) {
                void *f = dlsym(h, syms[i].name);

                if (!f)
                        return -ELIBBAD;
                memcpy(table + syms[i].offset, &f, sizeof(f));
        }
        memcpy(ret, table, size);
        return 0;
}

int ws_lib_wslay(struct ws_wslay *ret) {
        return load("libwslay.so.1", wslay_syms, ELEMENTSOF(wslay_syms), ret, sizeof(*ret));
}

int ws_lib_nettle(struct ws_nettle *ret) {
        return load("libnettle.so.8", nettle_syms, ELEMENTSOF(nettle_syms), ret, sizeof(*ret));
}

int lib_sha256(struct lib_sha256 *ret) {
        return load("libnettle.so.8", sha256_syms, ELEMENTSOF(sha256_syms), ret, sizeof(*ret));
}
