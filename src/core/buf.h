/*
 * buf.h — the one growable string buffer.
 *
 * Rules (after git's strbuf and curl's dynbuf):
 *  - b->s is never NULL: an empty buffer points at a shared "" so it can be
 *    printed at once.  Initialise with BUF_INIT or buf_init().
 *  - b->s[b->len] is always '\0'; the contents may hold other NULs.
 *  - every buffer has a size limit (b->max, 0 = BUF_DEFAULT_MAX).  An append
 *    that would pass it fails with -1 and leaves the buffer as it was, so
 *    no outside input can grow a buffer without bound.
 *  - an allocation failure also returns -1 and leaves the buffer unchanged.
 *  - buf_detach() is the only way to take ownership of the bytes;
 *    buf_release() frees them and leaves an empty, reusable buffer.
 */
#ifndef CORE_BUF_H
#define CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_MAX ((size_t)64 << 20)  /* 64 MiB */

struct buf {
	char *s;
	size_t len;
	size_t alloc;
	size_t max;
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0, 0 }

/* An empty buffer that may grow to max bytes (0 = BUF_DEFAULT_MAX). */
void buf_init(struct buf *b, size_t max);
/* Frees the bytes; b stays valid and empty. */
void buf_release(struct buf *b);
/* Hands the bytes (NUL-terminated, malloc'd) to the caller; *len may be
 * NULL.  b is left empty.  Never returns NULL unless allocation fails. */
char *buf_detach(struct buf *b, size_t *len);
/* Makes room for at least extra more bytes: 0, or -1 (limit or ENOMEM). */
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Empties the buffer, keeping its allocation. */
void buf_reset(struct buf *b);
/* Cuts the contents to len bytes (len <= b->len). */
void buf_setlen(struct buf *b, size_t len);

#endif
