/* queue.h: a byte queue (queue.c): appended at the back, taken from the front, in
 * one buffer that grows as needed. It bounds nothing: its callers do (the stream's
 * events, a stage's typed stdin). */
#pragma once
#include <stddef.h>

struct queue {
        char *buf;              /* bytes [off, len) are queued */
        size_t off, len, cap;
};

/* Append n bytes; -ENOMEM leaves the queue as it was. */
int queue_push(struct queue *q, const void *data, size_t n);
/* The bytes queued: how many, and where (*ret). */
size_t queue_pending(const struct queue *q, const char **ret);
/* n of them were taken. */
void queue_take(struct queue *q, size_t n);
void queue_clear(struct queue *q);
void queue_free(struct queue *q);
