/*
 * cst.c — China Standard Time: civil dates, ISO 8601 in and out.  See
 * cst.h.  The day/civil conversions are Howard Hinnant's public-domain
 * algorithms (days_from_civil, civil_from_days), exact for every int64 day
 * we can meet.
 */
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/banned.h"

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t cst_day(int64_t t)
{
	return floor_div(t + CST_OFFSET, DAY_SECONDS);
}

int64_t cst_day_start(int64_t day)
{
	return day * DAY_SECONDS - CST_OFFSET;
}

int cst_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday (4) */
	int64_t w = (day + 3) % 7;
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

int cst_minute_of_day(int64_t t)
{
	return (int)((t + CST_OFFSET - cst_day(t) * DAY_SECONDS) / 60);
}

int64_t cst_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cst_civil(int64_t day, int *y, int *m, int *d)
{
	int64_t z = day + 719468, era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

int cst_date_valid(int64_t y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int cst_year(int64_t t)
{
	int y, m, d;
	cst_civil(cst_day(t), &y, &m, &d);
	return y;
}

int64_t cst_year_start(int64_t year)
{
	return cst_day_start(cst_days_from_civil(year, 1, 1));
}

int64_t cst_month_start(int64_t year, int month)
{
	year += floor_div(month - 1, 12);
	month = (int)((month - 1) - floor_div(month - 1, 12) * 12) + 1;
	return cst_day_start(cst_days_from_civil(year, month, 1));
}

/* Reads exactly n digits at *p into *v; advances p.  0 or -1. */
static int digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

int cst_parse(const char *s, int64_t *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, off = CST_OFFSET;
	int64_t t;

	if (!s || !*s)
		return -1;
	/* all digits: Unix seconds (at most 12 digits, year ~33658) */
	if (strspn(s, "0123456789") == strlen(s)) {
		int64_t v = 0;
		if (strlen(s) > 12)
			return -1;
		for (; *p; p++)
			v = v * 10 + (*p - '0');
		*out = v;
		return 0;
	}
	if (digits(&p, 4, &y) < 0 || *p++ != '-' || digits(&p, 2, &mo) < 0 ||
	    *p++ != '-' || digits(&p, 2, &d) < 0)
		return -1;
	if (!cst_date_valid(y, mo, d))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) < 0 || *p++ != ':' || digits(&p, 2, &mi) < 0)
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) < 0)
				return -1;
			if (*p == '.') {   /* fractions are dropped */
				p++;
				if (*p < '0' || *p > '9')
					return -1;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (h > 24 || mi > 59 || sec > 59 || (h == 24 && (mi || sec)))
			return -1;
		if (*p == 'Z' || *p == 'z') {
			off = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
			if (digits(&p, 2, &oh) < 0)
				return -1;
			if (*p == ':')
				p++;
			if (*p && digits(&p, 2, &om) < 0)
				return -1;
			if (oh > 14 || om > 59)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p)
		return -1;
	t = cst_days_from_civil(y, mo, d) * DAY_SECONDS + h * 3600 + mi * 60 + sec - off;
	*out = t;
	return 0;
}

int cst_parse_hhmm(const char *s, int *minutes)
{
	const char *p = s;
	int h, m;
	if (!s || digits(&p, 2, &h) < 0 || *p++ != ':' || digits(&p, 2, &m) < 0)
		return -1;
	if (*p == ':') {   /* browsers may send HH:MM:SS */
		int sec;
		p++;
		if (digits(&p, 2, &sec) < 0 || sec != 0)
			return -1;
	}
	if (*p || m > 59 || h > 24 || (h == 24 && m))
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

int cst_parse_month(const char *s, int *year, int *month)
{
	const char *p = s;
	int y, m;
	if (!s || digits(&p, 4, &y) < 0 || *p++ != '-' || digits(&p, 2, &m) < 0 || *p ||
	    y < 1 || m < 1 || m > 12)
		return -1;
	*year = y;
	*month = m;
	return 0;
}

static void parts(int64_t t, int off, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
	int64_t day = floor_div(t + off, DAY_SECONDS);
	int64_t secs = t + off - day * DAY_SECONDS;
	cst_civil(day, y, mo, d);
	*h = (int)(secs / 3600);
	*mi = (int)(secs / 60 % 60);
	*s = (int)(secs % 60);
}

void cst_format_iso(int64_t t, char *out, size_t size)
{
	int y, mo, d, h, mi, s;
	parts(t, CST_OFFSET, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, mo, d, h, mi, s);
}

void cst_format_short(int64_t t, char *out, size_t size)
{
	int y, mo, d, h, mi, s;
	parts(t, CST_OFFSET, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, size, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
}

void cst_format_day(int64_t day, char *out, size_t size)
{
	int y, m, d;
	cst_civil(day, &y, &m, &d);
	snprintf(out, size, "%04d-%02d-%02d", y, m, d);
}

void cst_format_hhmm(int minutes, char *out, size_t size)
{
	snprintf(out, size, "%02d:%02d", minutes / 60, minutes % 60);
}

void cst_format_ical(int64_t t, char *out, size_t size)
{
	int y, mo, d, h, mi, s;
	parts(t, 0, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, size, "%04d%02d%02dT%02d%02d%02dZ", y, mo, d, h, mi, s);
}
