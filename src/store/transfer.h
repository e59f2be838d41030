/*
 * transfer.h — whole-database operations: backups, restores, and moving a
 * community from one backend to another (`shenrong backup`, `restore`,
 * `migrate-data`).
 *
 * Backups: SQLite through its online backup API (a consistent copy while
 * servers keep writing), PostgreSQL through pg_dump/pg_restore (custom
 * format), run with fork/execvp — the URL is never seen by a shell.
 *
 * migrate-data: the table list, columns, primary keys and foreign keys come
 * from the source's catalogue (sqlite_master and pragma_table_xinfo, or
 * pg_class/pg_attribute/pg_constraint); names are quoted as identifiers and
 * every value is bound.  Derived tables that the target rebuilds — the
 * instruments' full-text index (instrument_fts) and its shadow tables,
 * fts_dirty, schema_migrations — are not copied.  Everything is copied in one
 * transaction on the target with its triggers off (PostgreSQL:
 * session_replication_role = replica; SQLite: the triggers are dropped and
 * created again inside the transaction, foreign keys checked at commit),
 * then the full-text indexes are rebuilt and PostgreSQL's identity
 * sequences are moved past the largest id.
 *
 * Verification: per table, the row count and a BLAKE2b hash (libsodium's
 * crypto_generichash) of the rows in primary-key order (text keys in byte
 * order), each value normalised — integer as int64 decimal, real as %.17g,
 * text and blob as their bytes, NULL as its own marker — so the two sides
 * compare whatever their backends.  Generated columns are left out.
 */
#ifndef STORE_TRANSFER_H
#define STORE_TRANSFER_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct backup_info {
	int64_t bytes;     /* size of the file written / read */
	int tables;        /* tables in the copy */
	double seconds;
};

/* Writes a consistent copy of the database db (a path or a postgresql://
 * URL) to file: a SQLite database file, or a pg_dump custom-format
 * archive.  An existing file is refused unless force is set.  0, 1 when
 * refused (err says why), -1 on failure. */
int store_backup(const char *db, const char *file, int force, struct backup_info *bi,
		 char *err, size_t errlen);
/* Brings the backup file back into db.  SQLite: refused if db exists
 * unless force; copied page by page through the backup API (a live WAL
 * database is replaced consistently).  PostgreSQL: pg_restore --clean
 * --if-exists --no-owner in one transaction into the existing database;
 * refused if it holds a schema already unless force.  The caller runs the
 * migrations afterwards.  0, 1 when refused, -1 on failure. */
int store_restore(const char *db, const char *file, int force, struct backup_info *bi,
		  char *err, size_t errlen);

/* One table of a verification. */
struct xfer_table {
	char *name;
	int64_t src_rows, dst_rows;   /* -1: the table is missing there */
	int match;                    /* counts and checksums equal */
	double seconds;               /* copy time (migrate-data) */
};

struct xfer_report {
	struct xfer_table *t;
	int n;
	int64_t rows;                 /* rows copied */
	double seconds;
};

/* 0 if dst holds no community — only what its own migrations put there;
 * 1 if it does (err names a table that has rows); -1 on failure. */
int store_transfer_check_empty(struct db *src, struct db *dst, char *err, size_t errlen);
/* Copies every table of src into dst (both at the same schema version)
 * in one transaction; fills rep->t with the per-table row counts copied.
 * 0, or -1 with err. */
int store_transfer_copy(struct db *src, struct db *dst, struct xfer_report *rep,
			char *err, size_t errlen);
/* Compares src and dst table by table (counts and checksums), each in a
 * read snapshot; fills rep.  0 when everything matches, 1 when anything
 * differs, -1 on failure. */
int store_transfer_verify(struct db *src, struct db *dst, struct xfer_report *rep,
			  char *err, size_t errlen);
void store_transfer_report_free(struct xfer_report *rep);

#endif
