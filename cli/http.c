/* http.c: the HTTP framing of the CLI's one exchange, for a server given as
 * http://HOST[:PORT]: the request (GET for the runtime list, POST with a
 * Content-Length body for a run, HTTP/1.0 so the server closes after it, as the
 * executor does anyway) and the body of the reply. nginx passes both on, so the
 * CLI works through the playground's site and any HTTP balancer. Nothing here
 * connects or prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "cli/http.h"

#define HTTP_PREFIX "http://"

int http_split(const char *server, char *hostport, size_t cap) {
        size_t n;

        if (strncasecmp(server, HTTP_PREFIX, strlen(HTTP_PREFIX)) != 0)
                return 0;
        server += strlen(HTTP_PREFIX);
        n = strcspn(server, "/");
        /* Only the server's root: the API's paths are the CLI's to choose. */
        if (server[n] && !streq(server + n, "/"))
                return -EINVAL;
        if (n == 0 || n >= cap)
                return -EINVAL;
        memcpy(hostport, server, n);
        hostport[n] = '\0';
        return 1;
}

int http_request(const char *host, bool runtimes, const char *body, size_t len,
                 struct bytes *ret) {
        char head[512];
        char *buf;
        int n;

        if (runtimes)
                n = snprintf(head, sizeof(head), "GET /api/v2/runtimes HTTP/1.0\r\nHost: %s\r\n"
                             "Accept: application/json\r\n\r\n", host);
        else
                n = snprintf(head, sizeof(head), "POST /api/v2/execute HTTP/1.0\r\nHost: %s\r\n"
                             "Content-Type: application/json\r\nAccept: application/json\r\n"
                             "Content-Length: %zu\r\n\r\n", host, len);
        if (n < 0 || (size_t)n >= sizeof(head))
                return -E2BIG;
        if (runtimes)
                len = 0;
        buf = malloc((size_t)n + len + 1);
        if (!buf)
                return -ENOMEM;
        memcpy(buf, head, (size_t)n);
        if (len)
                memcpy(buf + n, body, len);
        buf[(size_t)n + len] = '\0';
        ret->data = buf;
        ret->len = (size_t)n + len;
        return 0;
}

const char *http_header(const char *head, const char *end, const char *name) {
        size_t n = strlen(name);

        for (const char *l = strstr(head, "\r\n"); l && l + 2 < end; l = strstr(l + 2, "\r\n"))
                if (strncasecmp(l + 2, name, n) == 0 && l[2 + n] == ':')
                        return l + 3 + n + strspn(l + 3 + n, " \t");
        return NULL;
}

int http_body(struct bytes *reply) {
        char *end = strstr(reply->data, "\r\n\r\n");
        const char *length;
        size_t body;

        if (strncmp(reply->data, "HTTP/1.", 7) != 0 || !end)
                return -EPROTO;
        body = (size_t)(end + 4 - reply->data);
        length = http_header(reply->data, end, "Content-Length");
        /* Without one, the body ends with the connection (HTTP/1.0). */
        if (length && strtoull(length, NULL, 10) != reply->len - body)
                return -EPROTO;
        reply->data += body;
        reply->len -= body;
        return 0;
}
