/*
 * log.c — stderr logging with a level threshold.  See log.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "core/log.h"
#include "core/banned.h"

enum log_level log_threshold = LOG_INFO;

static void vlog(enum log_level lvl, const char *fmt, va_list ap)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char stamp[32];
	char line[1024];
	struct tm tm;
	time_t now;

	if (lvl < log_threshold)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(line, sizeof line, fmt, ap);
	/* one fprintf per line so concurrent threads do not interleave */
	fprintf(stderr, "%s %s %s\n", stamp, names[lvl], line);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(lvl, fmt, ap);
	va_end(ap);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_ERROR, fmt, ap);
	va_end(ap);
	return -1;
}
