/*
 * log.h — one line per event on stderr: time, level, message.
 *
 * error() logs and returns -1 so that `return error("...")` reads well
 * (git's usage.c).  log_level sets the threshold (LOG_INFO by default;
 * tests set LOG_WARN to keep output quiet).
 */
#ifndef CORE_LOG_H
#define CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };
extern enum log_level log_threshold;

void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
