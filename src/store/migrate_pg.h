/*
 * migrate_pg.h — the PostgreSQL 15 dialect of the schema migrations.
 *
 * pg_migrations[v - 1] is migration v of src/store/migrate.c translated for
 * PostgreSQL (same number, same tables, columns, constraints and meaning);
 * store_migrate() picks this array when the backend is PostgreSQL.  Each
 * entry is meant for one PQexec inside the migration's transaction.
 */
#ifndef STORE_MIGRATE_PG_H
#define STORE_MIGRATE_PG_H

extern const char *const pg_migrations[];
extern const int pg_migrations_count;

#endif
