/* limitnote.c: the server's limit messages rewritten in flags and their units. */
#include <stdio.h>
#include "base/util.h"
#include "cli/limitnote.h"
#include "cli/units.h"

/* The field of the limit stage s stopped at; NULL for the output limit, which the
 * server alone sets. */
static const char *stage_field(const struct stage *s, bool compile) {
        bool cpu = s->message && strncmp(s->message, "CPU time", 8) == 0;

        if (streq(s->status, "ML"))
                return compile ? "compile_memory_limit" : "run_memory_limit";
        if (streq(s->status, "TO") && cpu)
                return compile ? "compile_cpu_time" : "run_cpu_time";
        if (streq(s->status, "TO"))
                return compile ? "compile_timeout" : "run_timeout";
        return NULL;
}

/* "memory limit exceeded (67108864 bytes)": the words, and the value in ms or
 * bytes; false for another wording. */
static bool split_message(const char *m, char *words, size_t size, long long *ret_v,
                          bool *ret_bytes) {
        const char *open = m ? strrchr(m, '(') : NULL;
        char unit[8];
        long long v;
        int end = 0;

        if (!open || open == m || open[-1] != ' ' || (size_t)(open - m) >= size ||
            sscanf(open, "(%lld %7[a-z])%n", &v, unit, &end) != 2 || open[end] != '\0' ||
            v < 0)
                return false;
        if (streq(unit, "ms"))
                *ret_bytes = false;
        else if (streq(unit, "bytes"))
                *ret_bytes = true;
        else
                return false;
        memcpy(words, m, open - 1 - m);
        words[open - 1 - m] = '\0';
        *ret_v = v;
        return true;
}

void limitnote_stage(const struct stage *s, bool compile, char *buf, size_t size) {
        const char *field = stage_field(s, compile), *flag = NULL;
        char words[256], value[32], hint[96];
        bool bytes = false, parsed;
        long long v = 0;

        if (field)
                flag = args_limit_flag(field, &bytes);
        if (flag)
                snprintf(hint, sizeof(hint), "%s raises it", flag);
        else
                snprintf(hint, sizeof(hint), "the server's own limit, which no flag raises");
        parsed = split_message(s->message, words, sizeof(words), &v, &bytes);
        if (parsed)
                snprintf(buf, size, "%s (%s): %s", words,
                         units_format(v, bytes, value, sizeof(value)), hint);
        else
                snprintf(buf, size, "%s: %s", s->message ? s->message :
                         streq(s->status, "TO") ? "time limit exceeded" :
                         streq(s->status, "ML") ? "memory limit exceeded" :
                         "output limit exceeded", hint);
}

bool limitnote_refusal(const struct args *a, const char *message, char *buf, size_t size) {
        char field[32], value[32], max_text[32];
        const char *flag, *given;
        long long v, max;
        bool bytes;
        int end = 0;

        /* job/limits.c's words: "run_memory_limit: 4294967296 is above the server's
         * maximum 2147483648". */
        if (!message ||
            sscanf(message, "%31[a-z_]: %lld is above the server's maximum %lld%n",
                   field, &v, &max, &end) != 3 || message[end] != '\0')
                return false;
        flag = args_limit_flag(field, &bytes);
        if (!flag)
                return false;
        given = args_limit_text(a, field);
        snprintf(buf, size, "%s %s is above the server's maximum of %s", flag,
                 given ? given : units_format(v, bytes, value, sizeof(value)),
                 units_format(max, bytes, max_text, sizeof(max_text)));
        return true;
}
