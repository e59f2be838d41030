/*
 * util.h — small strict parsers and helpers shared by every layer.
 */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Parses the whole of s (decimal, optional sign, no spaces) into *out if it
 * lies in [min, max].  0 on success, -1 otherwise (*out untouched). */
int parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Same for a finite decimal number. */
int parse_double(const char *s, double min, double max, double *out);
/* 1 if a and b are equal, ignoring ASCII case. */
int str_ieq(const char *a, const char *b);
/* Seconds since the epoch, and a monotonic clock in microseconds. */
int64_t now_unix(void);
int64_t now_usec_mono(void);

#endif
