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
#include <sys/stat.h>
#include <sys/xattr.h>
#include "base/limits.h"
#include "base/util.h"
#include "sandbox/libsystemd.h"
#include "sandbox/scope.h"

/* systemd is the service manager: sd_booted(3)'s documented test. */
static bool booted(void) {
        struct stat st;

        return lstat("/run/systemd/system/", &st) == 0 && S_ISDIR(st.st_mode);
}

/* Our cgroup in the hierarchy systemd uses, from /proc/self/cgroup: the v2 line
 * "0::PATH" (unified and hybrid), else the legacy "N:name=systemd:PATH". */
static int own_cgroup(char *path, size_t size) {
        char buf[4096], *line, *save, *found = NULL;
        _cleanup_close_ int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
        ssize_t n;

        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof(buf) - 1);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                if (strncmp(line, "0::", 3) == 0)
                        found = line + 3;
                else if (!found && strstr(line, ":name=systemd:"))
                        found = strstr(line, ":name=systemd:") + strlen(":name=systemd:");
        }
        if (!found || strlen(found) >= size)
                return -ENOENT;
        memcpy(path, found, strlen(found) + 1);
        return 0;
}

/* systemd marks a delegated unit's cgroup with this xattr (best effort: kernels
 * before 5.7 take no xattrs on cgroupfs, and then we start a scope, which is
 * only slower). It sits in the hierarchy systemd itself uses: the unified one
 * (v2 and hybrid) or name=systemd (legacy v1). */
static bool delegated(void) {
        static const char *const roots[] = {
                "/sys/fs/cgroup/unified", "/sys/fs/cgroup/systemd", "/sys/fs/cgroup",
        };
        char path[PATH_MAX], dir[PATH_MAX + 32], v[2];

        if (own_cgroup(path, sizeof(path)) < 0)
                return false;
        for (size_t i = 0; i < ELEMENTSOF(roots); i++) {
                snprintf(dir, sizeof(dir), "%s%s", roots[i], path);
                if (getxattr(dir, "trusted.delegate", v, sizeof(v)) == 1 ||
                    getxattr(dir, "user.delegate", v, sizeof(v)) == 1)
                        return v[0] == '1';
        }
        return false;
}

static int scope_request(const struct libsystemd *sd, sd_bus *bus, const char *name,
                         sd_bus_message **ret) {
        _cleanup_free_ char *slice = NULL;
        sd_bus_message *m = NULL;
        int r;

        r = sd->message_new_method_call(bus, &m, "org.freedesktop.systemd1",
                                        "/org/freedesktop/systemd1",
                                        "org.freedesktop.systemd1.Manager",
                                        "StartTransientUnit");
        if (r >= 0)
                r = sd->message_append(m, "ss", name, "fail");
        if (r >= 0)
                r = sd->message_open_container(m, 'a', "(sv)");
        if (r >= 0)
                r = sd->message_append(m, "(sv)(sv)(sv)(sv)",
                                       "Description", "s", "coderun job",
                                       "PIDs", "au", 1, (unsigned)getpid(),
                                       "Delegate", "b", 1,
                                       "CollectMode", "s", "inactive-or-failed");
        /* In our own slice, so an admin's limits on it hold the jobs too. */
        if (r >= 0 && sd->pid_get_slice(0, &slice) >= 0)
                r = sd->message_append(m, "(sv)", "Slice", "s", slice);
        if (r >= 0)
                r = sd->message_close_container(m);
        if (r >= 0)
                r = sd->message_append(m, "a(sa(sv))", 0);
        if (r < 0) {
                sd->message_unref(m);
                return r;
        }
        *ret = m;
        return 0;
}

/* The move happens when systemd runs the job, after it answered: wait for the
 * job's end, and take only "done". */
static int job_wait(const struct libsystemd *sd, sd_bus *bus, const char *job,
                    long long deadline) {
        for (;;) {
                sd_bus_message *m = NULL;
                const char *path, *unit, *result;
                unsigned id;
                long long left;
                int r = sd->bus_process(bus, &m);

                if (r < 0)
                        return r;
                if (m && sd->message_is_signal(m, "org.freedesktop.systemd1.Manager",
                                               "JobRemoved") > 0 &&
                    sd->message_read(m, "uoss", &id, &path, &unit, &result) >= 0 &&
                    streq(path, job)) {
                        r = streq(result, "done") ? 0 : -ECHILD;
                        sd->message_unref(m);
                        return r;
                }
                sd->message_unref(m);
                if (r > 0)
                        continue;
                left = deadline - now_ms();
                if (left <= 0)
                        return -ETIMEDOUT;
                r = sd->bus_wait(bus, (uint64_t)left * 1000);
                if (r < 0)
                        return r;
        }
}

/* Straight to PID 1 over /run/systemd/private (root only): no bus daemon in the
 * way, and PID 1 sends every job signal to such a client unasked. */
static int scope_start(void) {
        long long deadline = now_ms() + LIMIT_SCOPE_MS;
        struct libsystemd sd;
        sd_bus *bus = NULL;
        sd_bus_message *m = NULL, *reply = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        const char *job;
        char name[64];
        int r;

        snprintf(name, sizeof(name), "coderun-%d-%llx.scope", (int)getpid(),
                 (unsigned long long)now_ns());
        r = libsystemd_load(&sd);
        if (r < 0)
                return r;
        r = sd.bus_new(&bus);
        if (r >= 0)
                r = sd.bus_set_address(bus, "unix:path=/run/systemd/private");
        if (r >= 0)
                r = sd.bus_start(bus);
        if (r >= 0)
                r = scope_request(&sd, bus, name, &m);
        if (r >= 0)
                r = sd.bus_call(bus, m, (uint64_t)LIMIT_SCOPE_MS * 1000, &error, &reply);
        if (r >= 0)
                r = sd.message_read(reply, "o", &job);
        if (r >= 0)
                r = job_wait(&sd, bus, job, deadline);
        sd.bus_error_free(&error);
        sd.message_unref(reply);
        sd.message_unref(m);
        sd.bus_flush_close_unref(bus);
        return r;
}

int scope_claim(bool probe, enum scope_kind *ret) {
        int r;

        if (!booted()) {
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
