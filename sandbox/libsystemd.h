/* libsystemd.h: libsystemd's bus calls, loaded the first time they are needed. */
#pragma once
#include <systemd/sd-bus.h>
#include <systemd/sd-login.h>

struct libsystemd {
        __typeof__(sd_bus_new) *bus_new;
        __typeof__(sd_bus_set_address) *bus_set_address;
        __typeof__(sd_bus_start) *bus_start;
        __typeof__(sd_bus_call) *bus_call;
        __typeof__(sd_bus_process) *bus_process;
        __typeof__(sd_bus_wait) *bus_wait;
        __typeof__(sd_bus_flush_close_unref) *bus_flush_close_unref;
        __typeof__(sd_bus_error_free) *bus_error_free;
        __typeof__(sd_bus_message_new_method_call) *message_new_method_call;
        __typeof__(sd_bus_message_append) *message_append;
        __typeof__(sd_bus_message_open_container) *message_open_container;
        __typeof__(sd_bus_message_close_container) *message_close_container;
        __typeof__(sd_bus_message_read) *message_read;
        __typeof__(sd_bus_message_is_signal) *message_is_signal;
        __typeof__(sd_bus_message_unref) *message_unref;
        __typeof__(sd_pid_get_slice) *pid_get_slice;
};

/* dlopen libsystemd.so.0 and find every call above; -ENOENT/-ENOSYS when it is
 * missing or lacks one. */
int libsystemd_load(struct libsystemd *ret);
