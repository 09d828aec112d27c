/* head.c: one line of an HTTP request's header section at a time, in place: the
 * request line picks the route; the headers say how long the body is, whether
 * 100 Continue is wanted, which framing the reply takes (Accept) and what the
 * WebSocket handshake brings. It refuses what proxies read differently (RFC 9112
 * 5.1, 5.2, 6.3) and never reads the connection. */
#include <strings.h>
#include "base/limits.h"
#include "base/util.h"
#include "wire/head.h"

/* RFC 9110 5.6.2: the bytes a method or header name may hold. */
#define TCHARS "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

static const struct route {
        const char *method, *path;
        enum op op;
} routes[] = {
        { "POST", "/api/v2/execute",  OP_EXECUTE },
        { "GET",  "/api/v2/runtimes", OP_RUNTIMES },
        { "GET",  "/api/v2/connect",  OP_CONNECT },
        { "GET",  "/health",          OP_HEALTH },
};

int head_request_line(char *line, struct message *m, struct head *h, struct problem *p) {
        char *method = line, *target, *version;
        const struct route *found = NULL;

        target = strchr(method, ' ');
        version = target ? strchr(target + 1, ' ') : NULL;
        if (!version)
                return problem(p, ERR_BAD_REQUEST, "malformed HTTP request line");
        *target++ = '\0';
        *version++ = '\0';
        if (!*method || strspn(method, TCHARS) != strlen(method) || !*target || strchr(version, ' '))
                return problem(p, ERR_BAD_REQUEST, "malformed HTTP request line");
        if (!streq(version, "HTTP/1.1") && !streq(version, "HTTP/1.0"))
                return problem(p, ERR_BAD_REQUEST, "unsupported HTTP version '%.16s'", version);
        h->http11 = streq(version, "HTTP/1.1");

        target[strcspn(target, "?")] = '\0';    /* a query string selects nothing here */
        for (size_t i = 0; i < ELEMENTSOF(routes); i++)
                if (streq(routes[i].path, target))
                        found = &routes[i];
        if (!found)
                return problem(p, ERR_NOT_FOUND, "no route %.64s", target);
        if (!streq(found->method, method))
                return problem(p, ERR_METHOD, "%s wants %s, not %.16s", found->path,
                               found->method, method);
        m->op = found->op;
        return 0;
}

/* Content-Length as plain decimal only: a sign, a list ("5, 5") or junk is how
 * request smuggling starts (RFC 9112 6.3), so it is refused, not interpreted.
 * The value saturates just above LIMIT_REQUEST_BYTES, which is all that matters. */
static int parse_length(const char *s, unsigned long long *ret) {
        unsigned long long v = 0;

        if (!*s)
                return -EINVAL;
        for (; *s; s++) {
                if (*s < '0' || *s > '9')
                        return -EINVAL;
                if (v <= LIMIT_REQUEST_BYTES)
                        v = v * 10 + (unsigned)(*s - '0');
        }
        *ret = v;
        return 0;
}

/* Whether a comma-separated header value lists token (any case), such as
 * "keep-alive, Upgrade" for "upgrade", or a media range such as
 * "text/event-stream;q=0.9" for "text/event-stream". */
static bool lists(const char *value, const char *token) {
        size_t n = strlen(token);

        for (const char *s = value; *s; ) {
                s += strspn(s, " \t,");
                if (strncasecmp(s, token, n) == 0 && strchr(" \t,;", s[n]))
                        return true;
                s += strcspn(s, ",");
        }
        return false;
}

/* Accept picks a streaming framing; the first one listed of the two wins. */
static void parse_accept(const char *value, struct message *m) {
        bool ndjson = lists(value, "application/x-ndjson");
        bool sse = lists(value, "text/event-stream");

        if (m->accept != ACCEPT_JSON)
                return;         /* a second Accept header adds nothing */
        if (ndjson && sse)
                m->accept = strcasestr(value, "application/x-ndjson") <
                            strcasestr(value, "text/event-stream") ? ACCEPT_NDJSON : ACCEPT_SSE;
        else
                m->accept = ndjson ? ACCEPT_NDJSON : sse ? ACCEPT_SSE : ACCEPT_JSON;
}

static void parse_ws(const char *name, const char *value, struct head *h) {
        if (strcasecmp(name, "Upgrade") == 0)
                h->upgrade_websocket = h->upgrade_websocket || lists(value, "websocket");
        else if (strcasecmp(name, "Connection") == 0)
                h->connection_upgrade = h->connection_upgrade || lists(value, "upgrade");
        else if (strcasecmp(name, "Sec-WebSocket-Version") == 0)
                h->ws_version_13 = streq(value, "13");
        else if (strcasecmp(name, "Sec-WebSocket-Key") == 0) {
                h->bad_ws_key = h->bad_ws_key || h->ws_key[0] || strlen(value) >= sizeof(h->ws_key);
                if (!h->bad_ws_key)
                        strcpy(h->ws_key, value);
        }
}

/* `name: value`. The name must be all token bytes, so whitespace before the
 * colon and folded lines (leading whitespace) are refused, as RFC 9112 5.1 and
 * 5.2 ask of a server: proxies read them differently, which smuggles requests. */
int head_header(char *line, struct message *m, struct head *h, struct problem *p) {
        char *colon = strchr(line, ':'), *value, *tail;
        unsigned long long length = 0;

        if (!colon || colon == line || strspn(line, TCHARS) != (size_t)(colon - line))
                return problem(p, ERR_BAD_REQUEST, "malformed HTTP header line");
        *colon = '\0';
        value = colon + 1 + strspn(colon + 1, " \t");
        for (tail = value + strlen(value); tail > value && (tail[-1] == ' ' || tail[-1] == '\t'); tail--)
                ;
        *tail = '\0';

        if (strcasecmp(line, "Transfer-Encoding") == 0)
                h->chunked = true;
        else if (strcasecmp(line, "Expect") == 0)
                h->expect = h->expect || strcasecmp(value, "100-continue") == 0;
        else if (strcasecmp(line, "Accept") == 0)
                parse_accept(value, m);
        else if (strcasecmp(line, "Content-Length") == 0) {
                if (parse_length(value, &length) < 0 || (h->has_length && length != h->length))
                        h->bad_length = true;
                h->has_length = true;
                h->length = length;
        } else
                parse_ws(line, value, h);
        return 0;
}
