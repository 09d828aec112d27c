/* scope.c: on a host systemd runs, the cgroup tree is systemd's, and we may only
 * make cgroups in a part it delegated to us (its "single writer" rule). When our
 * unit says Delegate=yes (units/coderun@.service), its cgroup is that part. When
 * not (inetd, a shell, an admin's own unit), we ask systemd over its private bus
 * for a transient scope with Delegate=yes that holds only this process: systemd
 * then knows the job is ours, shows it in systemctl, and removes whatever is left
 * of it when the scope empties. Costs one bus round trip and a job, 3-15 ms. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/xattr.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-login.h>
#include "../exec/limits.h"
#include "../exec/util.h"
#include "scope.h"

/* systemd marks a delegated unit's cgroup with this xattr (best effort: kernels
 * before 5.7 take no xattrs on cgroupfs, and then we start a scope, which is
 * only slower). It sits in the hierarchy systemd itself uses: the unified one
 * (v2 and hybrid) or name=systemd (legacy v1). */
static bool delegated(void) {
        static const char *const roots[] = {
                "/sys/fs/cgroup/unified", "/sys/fs/cgroup/systemd", "/sys/fs/cgroup",
        };
        _cleanup_free_ char *path = NULL;
        char dir[PATH_MAX], v[2];

        if (sd_pid_get_cgroup(0, &path) < 0)
                return false;
        for (size_t i = 0; i < ELEMENTSOF(roots); i++) {
                snprintf(dir, sizeof(dir), "%s%s", roots[i], path);
                if (getxattr(dir, "trusted.delegate", v, sizeof(v)) == 1 ||
                    getxattr(dir, "user.delegate", v, sizeof(v)) == 1)
                        return v[0] == '1';
        }
        return false;
}

static int scope_request(sd_bus *bus, const char *name, sd_bus_message **ret) {
        _cleanup_free_ char *slice = NULL;
        sd_bus_message *m = NULL;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, "org.freedesktop.systemd1",
                                           "/org/freedesktop/systemd1",
                                           "org.freedesktop.systemd1.Manager",
                                           "StartTransientUnit");
        if (r >= 0)
                r = sd_bus_message_append(m, "ss", name, "fail");
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'a', "(sv)");
        if (r >= 0)
                r = sd_bus_message_append(m, "(sv)(sv)(sv)(sv)",
                                          "Description", "s", "coderun job",
                                          "PIDs", "au", 1, (unsigned)getpid(),
                                          "Delegate", "b", 1,
                                          "CollectMode", "s", "inactive-or-failed");
        /* In our own slice, so an admin's limits on it hold the jobs too. */
        if (r >= 0 && sd_pid_get_slice(0, &slice) >= 0)
                r = sd_bus_message_append(m, "(sv)", "Slice", "s", slice);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_append(m, "a(sa(sv))", 0);
        if (r < 0) {
                sd_bus_message_unref(m);
                return r;
        }
        *ret = m;
        return 0;
}

/* The move happens when systemd runs the job, after it answered: wait for the
 * job's end, and take only "done". */
static int job_wait(sd_bus *bus, const char *job, long long deadline) {
        for (;;) {
                sd_bus_message *m = NULL;
                const char *path, *unit, *result;
                unsigned id;
                long long left;
                int r = sd_bus_process(bus, &m);

                if (r < 0)
                        return r;
                if (m && sd_bus_message_is_signal(m, "org.freedesktop.systemd1.Manager",
                                                  "JobRemoved") > 0 &&
                    sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) >= 0 &&
                    streq(path, job)) {
                        r = streq(result, "done") ? 0 : -ECHILD;
                        sd_bus_message_unref(m);
                        return r;
                }
                sd_bus_message_unref(m);
                if (r > 0)
                        continue;
                left = deadline - now_ms();
                if (left <= 0)
                        return -ETIMEDOUT;
                r = sd_bus_wait(bus, (uint64_t)left * 1000);
                if (r < 0)
                        return r;
        }
}

/* Straight to PID 1 over /run/systemd/private (root only): no bus daemon in the
 * way, and PID 1 sends every job signal to such a client unasked. */
static int scope_start(void) {
        long long deadline = now_ms() + LIMIT_SCOPE_MS;
        sd_bus *bus = NULL;
        sd_bus_message *m = NULL, *reply = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        const char *job;
        char name[64];
        int r;

        snprintf(name, sizeof(name), "coderun-%d-%llx.scope", (int)getpid(), (unsigned long long)now_ns());
        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, "unix:path=/run/systemd/private");
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r >= 0)
                r = scope_request(bus, name, &m);
        if (r >= 0)
                r = sd_bus_call(bus, m, (uint64_t)LIMIT_SCOPE_MS * 1000, &error, &reply);
        if (r >= 0)
                r = sd_bus_message_read(reply, "o", &job);
        if (r >= 0)
                r = job_wait(bus, job, deadline);
        sd_bus_error_free(&error);
        sd_bus_message_unref(reply);
        sd_bus_message_unref(m);
        sd_bus_flush_close_unref(bus);
        return r;
}

int scope_claim(bool probe, enum scope_kind *ret) {
        int r;

        if (sd_booted() <= 0) {
                *ret = SCOPE_NONE;
                return 0;
        }
        if (delegated()) {
                *ret = SCOPE_DELEGATED;
                return 0;
        }
        r = probe ? 0 : scope_start();
        if (r < 0)
                return r;
        *ret = SCOPE_TRANSIENT;
        return 0;
}
