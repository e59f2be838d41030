/*
 * rc.h — what store calls return, shared by the store and its callers.
 */
#ifndef STORE_RC_H
#define STORE_RC_H

enum db_rc {
	DB_OK = 0,
	DB_ROW = 100,
	DB_DONE = 101,
	DB_ERR = -1,          /* anything else; logged */
	DB_CONSTRAINT = -2,   /* UNIQUE / FOREIGN KEY / CHECK failed */
	DB_BUSY = -3,         /* lock not obtained within the busy timeout */
};

#endif
