/*
 * fuzz_round_import.c — libFuzzer target for the import of a region's
 * guide items (domain/round_import.c): any bytes as the uploaded file, CSV
 * or XLSX, through the shared readers, the header mapping, every row's
 * reading and checks, against a real store with an open round (a dry run,
 * so the store never changes).
 *
 * Whatever the bytes: no crash, no leak, nothing out of bounds; the call
 * either succeeds with a report whose counts agree (listed problems at
 * most the cap, bad rows at most the rows, every listed line at least 1)
 * or refuses with an input error naming the file; and the store holds no
 * item afterwards.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/log.h"
#include "domain/auth.h"
#include "domain/community.h"
#include "domain/round.h"
#include "store/store.h"
#include "text/tokenize.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static struct store *store;
static struct ctx c;
static struct arena a;
static int64_t round_id;
static char path[64];

static void cleanup(void)
{
	char more[80];
	unlink(path);
	snprintf(more, sizeof more, "%s-wal", path);
	unlink(more);
	snprintf(more, sizeof more, "%s-shm", path);
	unlink(more);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256], community[1024];
	struct derr e = { 0 };
	json_t *in;
	int applied;
	(void)argc;
	(void)argv;
	log_threshold = LOG_ERROR;
	auth_init(1);
	snprintf(path, sizeof path, "/tmp/shenrong-fuzz-import-XXXXXX");
	close(mkstemp(path));
	unlink(path);
	atexit(cleanup);
	CHECK((store = store_open(path, 1, 1, err, sizeof err)));
	c.db = store_acquire(store);
	c.a = &a;
	c.tk = tokenizer_new();
	CHECK(store_migrate(c.db, &applied) == 0);
	snprintf(community, sizeof community, "%s/data/community/yrd.tsv", SHENRONG_SHARE_DIR);
	CHECK(community_load(&c, community, &e) == 0);
	in = json_loads("{\"year\":2025,\"title\":\"fuzz\",\"fields\":[\"ic\",\"ai\"]}", 0, NULL);
	CHECK(round_create(&c, in, &round_id, &e) == 0);   /* as the system */
	json_decref(in);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct round_import_result res;
	struct derr e = { 0 };
	int rc = round_import(&c, round_id, "310000", data, size, 1, &res, &e);

	if (rc == 0) {
		CHECK(res.nerrors <= ROUND_IMPORT_MAX_ERRORS);
		CHECK(res.bad_rows <= res.rows || (res.rows == 0 && res.bad_rows <= 1) ||
		      res.bad_rows == 1);
		CHECK(res.imported == 0);
		for (size_t i = 0; i < res.nerrors; i++) {
			CHECK(res.errors[i].line >= 1);
			CHECK(res.errors[i].message && res.errors[i].field && res.errors[i].code);
		}
	} else {
		CHECK(e.kind == DERR_INVALID);
		CHECK(strcmp(e.field, "file") == 0);
	}
	CHECK(!store_in_txn(c.db));
	arena_free(&a);
	return 0;
}
