/* reply.c: the reply bodies: a stage's and a test's fields, errors, the runtime
 * list and /health, with the one table of our failures and the wire names of
 * statuses and signals. */
#include <signal.h>
#include <stdio.h>
#include "base/util.h"
#include "wire/reply.h"

/* The one table of our failures: wire code (docs/protocol.md, Errors), HTTP status
 * and its reason phrase (RFC 9110 names; 413 was "Payload Too Large"). */
static const struct {
        const char *code;
        int http;
        const char *reason;
} err_table[_ERR_MAX] = {
        [ERR_BAD_REQUEST]      = { "bad_request", 400, "Bad Request" },
        [ERR_NOT_FOUND]        = { "bad_request", 404, "Not Found" },
        [ERR_METHOD]           = { "bad_request", 405, "Method Not Allowed" },
        [ERR_LENGTH_REQUIRED]  = { "bad_request", 411, "Length Required" },
        [ERR_UNKNOWN_LANGUAGE] = { "unknown_language", 400, "Bad Request" },
        [ERR_TOO_LARGE]        = { "too_large", 413, "Content Too Large" },
        [ERR_TIMEOUT]          = { "timeout", 408, "Request Timeout" },
        [ERR_BUSY]             = { "busy", 503, "Service Unavailable" },
        [ERR_INTERNAL]         = { "internal", 500, "Internal Server Error" },
        [ERR_GONE]             = { "bad_request", 400, "Bad Request" },
};

static const char *const status_names[_STATUS_MAX] = {
        [STATUS_RE] = "RE", [STATUS_SG] = "SG", [STATUS_TO] = "TO", [STATUS_ML] = "ML",
        [STATUS_OL] = "OL", [STATUS_EL] = "EL", [STATUS_XX] = "XX",
};

/* Realtime signals are named by the kernel's numbering (SIGRTMIN+0 = 32), not
 * by the libc's SIGRTMIN (34 in glibc, 35 in musl): the wire name must not
 * depend on which libc the program or the executor was built with. */
#define RT_BASE 32
#define RT(n) [RT_BASE + n] = "SIGRTMIN+" #n
static const char *const signal_names[RT_BASE + 33] = {
        [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
        [SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
        [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
        [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
#ifdef SIGSTKFLT
        [SIGSTKFLT] = "SIGSTKFLT",
#endif
        [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP",
        [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
        [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
        [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH",
        [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR", [SIGSYS] = "SIGSYS",
        RT(0), RT(1), RT(2), RT(3), RT(4), RT(5), RT(6), RT(7), RT(8), RT(9), RT(10),
        RT(11), RT(12), RT(13), RT(14), RT(15), RT(16), RT(17), RT(18), RT(19), RT(20),
        RT(21), RT(22), RT(23), RT(24), RT(25), RT(26), RT(27), RT(28), RT(29), RT(30),
        RT(31), RT(32),
};

/* A test's verdict (docs/protocol.md, "Judging"); VERDICT_NONE is null. */
static const char *const verdict_names[_VERDICT_MAX] = {
        [VERDICT_AC] = "AC", [VERDICT_WA] = "WA", [VERDICT_PE] = "PE", [VERDICT_TO] = "TO",
        [VERDICT_ML] = "ML", [VERDICT_RE] = "RE", [VERDICT_SG] = "SG", [VERDICT_OL] = "OL",
        [VERDICT_EL] = "EL", [VERDICT_XX] = "XX", [VERDICT_CF] = "CF", [VERDICT_NR] = "NR",
};

static void put_output(struct reply *r, const char *key, const struct capture *c) {
        reply_raw(r, key);
        if (r->base64)
                reply_base64(r, c->buf, c->len);
        else
                reply_str(r, c->buf, c->len);
}

static void put_name(struct reply *r, const char *key, const char *name) {
        reply_raw(r, key);
        if (name)
                reply_str(r, name, strlen(name));
        else
                reply_raw(r, "null");
}

static void put_num(struct reply *r, const char *key, long long v, bool null) {
        reply_raw(r, key);
        if (null)
                reply_raw(r, "null");
        else
                reply_int(r, v);
}

/* The stage's fields, the object left open for the caller to close. */
static void stage_open(struct reply *r, const char *name, const struct outcome *o) {
        if (name) {
                reply_str(r, name, strlen(name));
                reply_raw(r, ":");
        }
        reply_raw(r, "{");
        put_output(r, "\"stdout\":", &o->out);
        put_output(r, ",\"stderr\":", &o->err);
        put_output(r, ",\"output\":", &o->all);
        reply_stage_fields(r, o);
}

void reply_stage_fields(struct reply *r, const struct outcome *o) {
        put_num(r, ",\"code\":", o->code, o->sig != 0 || o->code < 0);
        put_name(r, ",\"signal\":", reply_signal_name(o->sig));
        put_name(r, ",\"status\":", reply_status_name(o->status));
        put_name(r, ",\"message\":", o->message[0] ? o->message : NULL);
        put_num(r, ",\"cpu_time\":", o->cpu_ms, false);
        put_num(r, ",\"wall_time\":", o->wall_ms, false);
        put_num(r, ",\"memory\":", o->memory, o->memory < 0);
        reply_raw(r, o->out.truncated ? ",\"stdout_truncated\":true" : ",\"stdout_truncated\":false");
        reply_raw(r, o->err.truncated ? ",\"stderr_truncated\":true" : ",\"stderr_truncated\":false");
        /* Only when it was: the field is coderun's, beyond Piston's. */
        if (o->cached)
                reply_raw(r, ",\"cached\":true");
}

void reply_stage(struct reply *r, const char *name, const struct outcome *o) {
        stage_open(r, name, o);
        reply_raw(r, "}");
}

void reply_verdict(struct reply *r, const struct verdict_info *v) {
        reply_raw(r, v->passed < 0 ? ",\"passed\":null" : v->passed ? ",\"passed\":true" :
                  ",\"passed\":false");
        put_name(r, ",\"verdict\":", (unsigned)v->verdict < _VERDICT_MAX ?
                 verdict_names[v->verdict] : NULL);
        put_name(r, ",\"checker_message\":", v->message[0] ? v->message : NULL);
        /* Its stage: its stderr (of which checker_message is the start) and fields. */
        if (v->judge) {
                reply_raw(r, ",");
                reply_str(r, v->judge_key, strlen(v->judge_key));
                put_output(r, ":{\"stderr\":", &v->judge->err);
                reply_stage_fields(r, v->judge);
                reply_raw(r, "}");
        }
}

void reply_test(struct reply *r, const struct outcome *o, const struct verdict_info *v) {
        stage_open(r, NULL, o);
        reply_verdict(r, v);
        reply_raw(r, "}");
}

/* The whole-body writers start over, dropping anything half built (and an
 * overflow): fail() may come after a result was partly encoded or overflowed. */
void reply_error(struct reply *r, enum err err, const char *message) {
        if ((unsigned)err >= _ERR_MAX)
                err = ERR_INTERNAL;
        r->len = 0;
        reply_raw(r, "{\"error\":\"");
        reply_raw(r, err_table[err].code);
        reply_raw(r, "\",\"message\":");
        message = message ? message : "";
        reply_str(r, message, strlen(message));
        reply_raw(r, "}");
}

const char *reply_error_code(enum err err) {
        return err_table[(unsigned)err < _ERR_MAX ? err : ERR_INTERNAL].code;
}

void reply_runtimes(struct reply *r, const struct langs *l) {
        r->len = 0;
        reply_raw(r, "[");
        for (size_t i = 0; i < l->n; i++) {
                const struct lang *g = &l->list[i];

                reply_raw(r, i ? ",{\"language\":" : "{\"language\":");
                reply_str(r, g->name, strlen(g->name));
                reply_raw(r, ",\"version\":");
                reply_str(r, g->version ? g->version : "", g->version ? strlen(g->version) : 0);
                reply_raw(r, ",\"aliases\":[");
                for (size_t a = 0; a < g->n_aliases; a++) {
                        if (a)
                                reply_raw(r, ",");
                        reply_str(r, g->aliases[a], strlen(g->aliases[a]));
                }
                reply_raw(r, "]");
                /* Omitted, not [], for a language whose lang.d file names none: the
                 * list's shape stays Piston's for every language without them. */
                for (size_t e = 0; e < g->n_extensions; e++) {
                        reply_raw(r, e ? "," : ",\"extensions\":[");
                        reply_str(r, g->extensions[e], strlen(g->extensions[e]));
                }
                if (g->n_extensions > 0)
                        reply_raw(r, "]");
                reply_raw(r, g->n_compile > 0 ? ",\"compiled\":true}" : ",\"compiled\":false}");
        }
        reply_raw(r, "]");
}

void reply_health(struct reply *r, unsigned free_slots, unsigned slots, const char *limits) {
        r->len = 0;
        reply_raw(r, "{\"ok\":true,\"slots\":");
        reply_int(r, slots);
        reply_raw(r, ",\"free_slots\":");
        reply_int(r, free_slots);
        reply_raw(r, ",\"limits\":");
        reply_str(r, limits, strlen(limits));
        reply_raw(r, "}");
}

int reply_http_status(enum err err) {
        return (unsigned)err < _ERR_MAX ? err_table[err].http : 500;
}

const char *reply_status_name(enum status s) {
        return (unsigned)s < _STATUS_MAX ? status_names[s] : NULL;
}

const char *reply_signal_name(int sig) {
        return sig > 0 && (size_t)sig < ELEMENTSOF(signal_names) ? signal_names[sig] : NULL;
}

const char *reply_http_reason(int http_status) {
        for (size_t i = 0; i < ELEMENTSOF(err_table); i++)
                if (err_table[i].http == http_status)
                        return err_table[i].reason;
        return "";
}
