/* units.h: times and sizes as the command line writes them, both ways: "1.5s" and
 * "256M" into ms and bytes for the request, and ms and bytes from the server back
 * into the same units for the messages, so a number the CLI prints can be given
 * back to the flag it names. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* s into ms (a plain number is seconds; ms, s, m) or bytes (a plain number is
 * bytes; K, M, G binary, with or without B/iB; any case). At least 1 after
 * truncation to a whole ms or byte. -EINVAL when it is none of these, -ERANGE
 * when too large. */
int units_parse(const char *s, bool bytes, long long *ret);

/* v (ms, or bytes with bytes) in the largest unit that holds it exactly: "300ms",
 * "1.5s", "2m"; "64M", "1G", "1000 bytes". buf[size]; returns buf. */
const char *units_format(long long v, bool bytes, char *buf, size_t size);
