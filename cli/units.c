/* units.c: the CLI's units of time and size, parsed and written back. */
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include "cli/units.h"

struct unit {
        const char *suffix;
        long long scale;
};

/* A plain number is seconds, as for timeout(1) and sleep(1). */
static const struct unit time_units[] = {
        { "", 1000 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { NULL, 0 },
};

/* K, M and G are binary, as in coderun.conf and lang.d; a plain number is bytes. */
static const struct unit size_units[] = {
        { "", 1 }, { "b", 1 },
        { "k", 1ll << 10 }, { "kb", 1ll << 10 }, { "kib", 1ll << 10 },
        { "m", 1ll << 20 }, { "mb", 1ll << 20 }, { "mib", 1ll << 20 },
        { "g", 1ll << 30 }, { "gb", 1ll << 30 }, { "gib", 1ll << 30 },
        { NULL, 0 },
};

/* "1.5s" -> 1500: digits, an optional fraction, a unit of the table (any case). */
int units_parse(const char *s, bool bytes, long long *ret) {
        const struct unit *units = bytes ? size_units : time_units;
        long long whole = 0, frac = 0, div = 1, v;
        const char *p = s;
        size_t nd = 0;

        for (; *p >= '0' && *p <= '9'; p++, nd++)
                if (__builtin_mul_overflow(whole, 10, &whole) ||
                    __builtin_add_overflow(whole, *p - '0', &whole))
                        return -ERANGE;
        if (*p == '.')
                for (p++; *p >= '0' && *p <= '9'; p++, nd++)
                        if (div < 1000000000) {
                                frac = frac * 10 + (*p - '0');
                                div *= 10;
                        }
        if (nd == 0)
                return -EINVAL;
        for (; units->suffix; units++)
                if (strcasecmp(p, units->suffix) == 0)
                        break;
        if (!units->suffix)
                return -EINVAL;
        if (__builtin_mul_overflow(whole, units->scale, &v) ||
            __builtin_add_overflow(v, frac * units->scale / div, &v))
                return -ERANGE;
        if (v < 1)
                return -EINVAL;
        *ret = v;
        return 0;
}

const char *units_format(long long v, bool bytes, char *buf, size_t size) {
        static const struct { long long scale; const char *suffix; } sizes[] = {
                { 1ll << 30, "G" }, { 1ll << 20, "M" }, { 1ll << 10, "K" },
        };

        if (bytes) {
                for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
                        if (v > 0 && v % sizes[i].scale == 0) {
                                snprintf(buf, size, "%lld%s", v / sizes[i].scale, sizes[i].suffix);
                                return buf;
                        }
                snprintf(buf, size, "%lld bytes", v);
        } else if (v > 0 && v % 60000 == 0) {
                snprintf(buf, size, "%lldm", v / 60000);
        } else if (v >= 1000) {
                /* Whole seconds, else the fraction without its trailing zeros. */
                int decimals = v % 1000 == 0 ? 0 : v % 100 == 0 ? 1 : v % 10 == 0 ? 2 : 3;
                long long cut = decimals == 0 ? 1000 : decimals == 1 ? 100 : decimals == 2 ? 10 : 1;

                if (decimals)
                        snprintf(buf, size, "%lld.%0*llds", v / 1000, decimals, v % 1000 / cut);
                else
                        snprintf(buf, size, "%llds", v / 1000);
        } else {
                snprintf(buf, size, "%lldms", v);
        }
        return buf;
}
