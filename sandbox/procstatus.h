/* procstatus.h: two masks of the calling process, from /proc/self/status in one read
 * (procstatus.c): which signals it ignores, and its capability bounding set. */
#pragma once
#include <stdint.h>

/* Bit n-1 of *ret_ignored is signal n; bit n of *ret_bounding is capability n.
 * <0 when the file cannot be read or lacks either line: the caller then asks the
 * kernel signal by signal and capability by capability, never assumes. */
int proc_status_masks(uint64_t *ret_ignored, uint64_t *ret_bounding);
