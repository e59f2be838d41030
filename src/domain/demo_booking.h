/*
 * demo_booking.h — the demo community's bookings: realistic availability
 * for every instrument (weekday opening hours, some maintenance windows,
 * rules and cross-region rates), researcher accounts in every
 * organisation, a year of past bookings with check-in and check-out times,
 * fees and ratings across regions, and the next month's bookings, so that
 * calendars, statements and the open-sharing figures show believable
 * numbers.  Called by demo_generate() (demo.c) after the accounts.
 *
 * Through the platform about 3 % of the instruments are in demand all
 * year (mostly above their quota), a fifth see regular use (around a
 * hundred hours), the rest a booking now and then; facilities run round the
 * clock.  So, as in reality, most instruments are under their quota.
 * About 18 bookings per instrument: scale 10 makes some 0.9 million.
 * Deterministic for a seed, relative to now.
 */
#ifndef DOMAIN_DEMO_BOOKING_H
#define DOMAIN_DEMO_BOOKING_H

#include <stdint.h>
#include "domain/domain.h"

struct demo_booking_result {
	int64_t accounts, bookings, completed;
};

/* password: the demo accounts' password (the researchers get it too). */
int demo_bookings(struct ctx *c, uint64_t seed, int64_t now, const char *password,
		  void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		  void *arg, struct demo_booking_result *out, struct derr *e);

#endif
