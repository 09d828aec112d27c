/* test-netns-used.c: sandbox/netns-used.c alone, under ASan and UBSan:
 * tests/sandbox/netns-used.bats.
 *   test-netns-used FILE        stdin, the whole of /proc/net/FILE (snmp, sockstat,
 *                               snmp6, ip6_flowlabel), judged by netns_file_clean
 *   test-netns-used live        netns_untouched() in the caller's namespace
 * Prints "clean" or "used". */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "sandbox/netns.h"

int main(int argc, char **argv) {
        static const char *const names[] = { "snmp", "sockstat", "snmp6", "ip6_flowlabel" };
        static char text[1 << 16];
        size_t len = 0;
        ssize_t n;
        bool clean;

        if (argc != 2)
                return fprintf(stderr, "usage: test-netns-used FILE|live\n"), 2;
        if (streq(argv[1], "live")) {
                clean = netns_untouched();
        } else {
                size_t f = 0;

                while (f < ELEMENTSOF(names) && !streq(names[f], argv[1]))
                        f++;
                if (f == ELEMENTSOF(names))
                        return fprintf(stderr, "test-netns-used: no file %s\n", argv[1]), 2;
                while ((n = read(0, text + len, sizeof(text) - 1 - len)) > 0)
                        len += (size_t)n;
                text[len] = '\0';
                clean = netns_file_clean((enum netns_file)f, text);
        }
        puts(clean ? "clean" : "used");
        return 0;
}
