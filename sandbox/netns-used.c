/* netns-used.c: whether anything of a job is left in the network namespace the
 * caller is in, read from /proc/self/net once every process of the job is gone.
 * A fresh namespace has only a loopback, down, and every counter at zero; a job
 * has no CAP_NET_ADMIN, so its traces are: traffic and failed attempts (the
 * counters of snmp and snmp6: a datagram that finds no route still counts in
 * OutNoRoutes; netstat's TcpExt and IpExt count only what passes IP too, and are
 * not read, at ~45 us), a socket kept alive past its processes (sockstat's "used", which
 * counts every family, unix sockets with their abstract names among them), and an
 * IPv6 flow label, which lingers without a socket or a packet (ip6_flowlabel).
 * Anything else, or a file that cannot be read whole, is "used": the namespace is
 * then replaced, so a wrong answer here can only cost time. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "base/util.h"
#include "sandbox/netns.h"

/* The most any of the files holds (snmp6: ~3 KiB on 6.x): a longer one is "used". */
#define NET_FILE_MAX 16384

/* snmp's columns that are settings, not counters. */
static const char *const settings[] = {
        "Forwarding", "DefaultTTL", "RtoAlgorithm", "RtoMin", "RtoMax", "MaxConn",
};

/* /proc/self/net/NAME whole into buf, NUL-terminated: its length, or -errno. */
static ssize_t read_net(const char *name, char *buf, size_t size) {
        _cleanup_close_ int fd = -1;
        char path[64];
        size_t len = 0;
        ssize_t n;

        snprintf(path, sizeof(path), "/proc/self/net/%s", name);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        while ((n = read(fd, buf + len, size - 1 - len)) > 0)
                len += (size_t)n;
        if (n < 0)
                return -errno;
        if (len == size - 1)
                return -EFBIG;
        buf[len] = '\0';
        return (ssize_t)len;
}

static bool is_setting(const char *name, size_t len) {
        for (size_t i = 0; i < ELEMENTSOF(settings); i++)
                if (strlen(settings[i]) == len && memcmp(settings[i], name, len) == 0)
                        return true;
        return false;
}

/* The next word of *s within its line (spaces and tabs between): its start, *len
 * its length; NULL at the line's end. */
static const char *word(const char **s, size_t *len) {
        const char *w = *s;

        while (*w == ' ' || *w == '\t')
                w++;
        *len = strcspn(w, " \t\n");
        *s = w + *len;
        return *len ? w : NULL;
}

static const char *next_line(const char *s) {
        const char *nl = strchr(s, '\n');

        return nl ? nl + 1 : s + strlen(s);
}

/* snmp: lines in pairs, "Ip: Forwarding InReceives ..." then "Ip: 2 0 ...";
 * every counter must be 0. A pair whose names and values do not line up is "used". */
static bool pairs_zero(const char *s) {
        while (*s) {
                const char *h = s, *v = next_line(s), *hw, *vw;
                size_t hl, vl;

                if (!*v)
                        return false;
                s = next_line(v);
                hw = word(&h, &hl);
                vw = word(&v, &vl);
                if (!hw || !vw || hl != vl || memcmp(hw, vw, hl) != 0)
                        return false;
                for (;;) {
                        hw = word(&h, &hl);
                        vw = word(&v, &vl);
                        if (!hw || !vw)
                                break;
                        if (!(vl == 1 && *vw == '0') && !is_setting(hw, hl))
                                return false;
                }
                if (hw || vw)
                        return false;
        }
        return true;
}

/* snmp6: "Ip6InReceives 0", a counter a line. */
static bool lines_zero(const char *s) {
        for (; *s; s = next_line(s)) {
                const char *w;
                size_t len;

                if (!word(&s, &len) || !(w = word(&s, &len)) || len != 1 || *w != '0')
                        return false;
        }
        return true;
}

/* sockstat: "TCP: inuse 0 orphan 0 tw 0 alloc 1 mem 64". inuse, orphan, tw, used and
 * memory are this namespace's; alloc and mem are the whole host's, and skipped. */
static bool sockets_none(const char *s) {
        static const char *const ours[] = { "used", "inuse", "orphan", "tw", "memory" };

        for (; *s; s = next_line(s)) {
                const char *k, *v;
                size_t kl, vl;

                if (!word(&s, &kl))
                        return false;
                while ((k = word(&s, &kl)) && (v = word(&s, &vl)))
                        for (size_t i = 0; i < ELEMENTSOF(ours); i++)
                                if (strlen(ours[i]) == kl && memcmp(ours[i], k, kl) == 0 &&
                                    !(vl == 1 && *v == '0'))
                                        return false;
        }
        return true;
}

bool netns_file_clean(enum netns_file f, const char *text) {
        switch (f) {
        case NETNS_SNMP:
                return pairs_zero(text);
        case NETNS_SOCKSTAT:
                return sockets_none(text);
        case NETNS_SNMP6:
                return lines_zero(text);
        case NETNS_FLOWLABEL:   /* its header line ("Label S Owner ...") only */
                return strncmp(text, "Label ", 6) == 0 && *next_line(text) == '\0';
        }
        return false;
}

bool netns_untouched(void) {
        static const char *const names[] = {
                [NETNS_SNMP] = "snmp", [NETNS_SOCKSTAT] = "sockstat",
                [NETNS_SNMP6] = "snmp6", [NETNS_FLOWLABEL] = "ip6_flowlabel",
        };
        static char buf[NET_FILE_MAX];

        for (enum netns_file f = 0; f < ELEMENTSOF(names); f++) {
                ssize_t n = read_net(names[f], buf, sizeof(buf));

                /* Without IPv6 in the kernel its two files are absent, and so is what
                 * they would show. */
                if (n == -ENOENT && (f == NETNS_SNMP6 || f == NETNS_FLOWLABEL))
                        continue;
                if (n < 0 || !netns_file_clean(f, buf))
                        return false;
        }
        return true;
}
