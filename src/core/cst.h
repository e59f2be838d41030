/*
 * cst.h — the community's clock: China Standard Time (UTC+8, no daylight
 * saving time), in which opening hours, days, weeks, months and years are
 * counted.  The store and the API carry Unix seconds (UTC); these helpers
 * turn them into civil dates and back, and read and write ISO 8601.
 *
 * A "day" is a count of CST days since 1970-01-01; weekdays follow ISO
 * 8601 (1 = Monday ... 7 = Sunday).  Dates are proleptic Gregorian.  All
 * functions are pure; none allocates.
 */
#ifndef CORE_CST_H
#define CORE_CST_H

#include <stddef.h>
#include <stdint.h>

#define CST_OFFSET (8 * 3600)
#define DAY_SECONDS 86400

/* The CST day of t, and the Unix time at 00:00 CST of a day. */
int64_t cst_day(int64_t t);
int64_t cst_day_start(int64_t day);
/* ISO weekday (1 Monday ... 7 Sunday) of a CST day. */
int cst_weekday(int64_t day);
/* Minutes since 00:00 CST of t, 0..1439. */
int cst_minute_of_day(int64_t t);

/* Civil date of a day, and the day of a civil date (m 1..12, d 1..31;
 * out-of-range days roll over as in mktime). */
void cst_civil(int64_t day, int *y, int *m, int *d);
int64_t cst_days_from_civil(int64_t y, int m, int d);
/* 1 if y-m-d is a real date. */
int cst_date_valid(int64_t y, int m, int d);

/* The CST year of t; the Unix times at which a year and a month begin. */
int cst_year(int64_t t);
int64_t cst_year_start(int64_t year);
int64_t cst_month_start(int64_t year, int month);

/* Reads a time: whole digits are Unix seconds; otherwise ISO 8601
 * "YYYY-MM-DD" (00:00 CST), "YYYY-MM-DDTHH:MM[:SS]" (a space may replace
 * the T) followed by "Z", "+HH:MM", "+HHMM", "+HH" or nothing (CST).
 * 0 with *out set, or -1 if s is none of these or not a real date/time. */
int cst_parse(const char *s, int64_t *out);
/* Reads "HH:MM" (00:00 ... 24:00) as minutes of the day: 0, or -1. */
int cst_parse_hhmm(const char *s, int *minutes);
/* Reads "YYYY-MM": 0, or -1. */
int cst_parse_month(const char *s, int *year, int *month);

/* Writes t as "YYYY-MM-DDTHH:MM:SS+08:00" (size >= 26). */
void cst_format_iso(int64_t t, char *out, size_t size);
/* Writes t as "YYYY-MM-DD HH:MM" (size >= 17). */
void cst_format_short(int64_t t, char *out, size_t size);
/* Writes a day as "YYYY-MM-DD" (size >= 11). */
void cst_format_day(int64_t day, char *out, size_t size);
/* Writes minutes of the day as "HH:MM" (size >= 6). */
void cst_format_hhmm(int minutes, char *out, size_t size);
/* Writes t in UTC as an iCalendar date-time "YYYYMMDDTHHMMSSZ" (size >= 17). */
void cst_format_ical(int64_t t, char *out, size_t size);

#endif
