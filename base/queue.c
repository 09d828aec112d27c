/* queue.c: a byte queue in one buffer. Taking moves no bytes; appending moves
 * what is left to the front only when the buffer would otherwise grow, and then
 * doubles it at least, so n bytes through a queue cost O(n). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "base/queue.h"

int queue_push(struct queue *q, const void *data, size_t n) {
        if (n > q->cap - q->len && q->off > 0) {
                memmove(q->buf, q->buf + q->off, q->len - q->off);
                q->len -= q->off;
                q->off = 0;
        }
        if (n > q->cap - q->len) {
                size_t cap = q->cap ? 2 * q->cap : 65536;
                char *b;

                if (cap < q->len + n)
                        cap = q->len + n;
                b = realloc(q->buf, cap);
                if (!b)
                        return -ENOMEM;
                q->buf = b;
                q->cap = cap;
        }
        memcpy(q->buf + q->len, data, n);
        q->len += n;
        return 0;
}

size_t queue_pending(const struct queue *q, const char **ret) {
        *ret = q->buf + q->off;
        return q->len - q->off;
}

void queue_take(struct queue *q, size_t n) {
        q->off += n;
        if (q->off == q->len)
                q->off = q->len = 0;
}

void queue_clear(struct queue *q) {
        q->off = q->len = 0;
}

void queue_free(struct queue *q) {
        free(q->buf);
        *q = (struct queue) { 0 };
}
