/* libsystemd.c: libsystemd is loaded with dlopen, only on the path that talks to
 * systemd's bus (a transient scope, scope.c), not linked. Linking it costs every
 * connection ~0.5 ms before main() (it pulls in libgcrypt, liblzma, libzstd,
 * liblz4, libcap and resolves them all: an empty program takes 1.05 ms to run
 * instead of 0.57 here), a tenth of a whole request, while most requests never
 * call it: socket activation (wire/listen.c) and "is systemd running" are
 * documented file and environment protocols. */
#include <dlfcn.h>
#include <stddef.h>
#include "base/util.h"
#include "sandbox/libsystemd.h"

static const struct { const char *name; size_t offset; } calls[] = {
        { "sd_bus_new", offsetof(struct libsystemd, bus_new) },
        { "sd_bus_set_address", offsetof(struct libsystemd, bus_set_address) },
        { "sd_bus_start", offsetof(struct libsystemd, bus_start) },
        { "sd_bus_call", offsetof(struct libsystemd, bus_call) },
        { "sd_bus_process", offsetof(struct libsystemd, bus_process) },
        { "sd_bus_wait", offsetof(struct libsystemd, bus_wait) },
        { "sd_bus_flush_close_unref", offsetof(struct libsystemd, bus_flush_close_unref) },
        { "sd_bus_error_free", offsetof(struct libsystemd, bus_error_free) },
        { "sd_bus_message_new_method_call", offsetof(struct libsystemd, message_new_method_call) },
        { "sd_bus_message_append", offsetof(struct libsystemd, message_append) },
        { "sd_bus_message_open_container", offsetof(struct libsystemd, message_open_container) },
        { "sd_bus_message_close_container", offsetof(struct libsystemd, message_close_container) },
        { "sd_bus_message_read", offsetof(struct libsystemd, message_read) },
        { "sd_bus_message_is_signal", offsetof(struct libsystemd, message_is_signal) },
        { "sd_bus_message_unref", offsetof(struct libsystemd, message_unref) },
        { "sd_pid_get_slice", offsetof(struct libsystemd, pid_get_slice) },
};

int libsystemd_load(struct libsystemd *ret) {
        struct libsystemd l;
        void *h = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);

        if (!h)
                return -ENOENT;
        for (size_t i = 0; i < ELEMENTSOF(calls); i++) {
                void *f = dlsym(h, calls[i].name);

                if (!f)
                        return -ENOSYS;         /* the handle stays: we exit soon */
                memcpy((char *)&l + calls[i].offset, &f, sizeof(f));
        }
        *ret = l;
        return 0;
}
