/*
 * fuzz_json.c — JSON request bodies through the API's parse-and-validate
 * path: jansson with the flags the router uses, then the field specs of
 * instruments and organisations in every mode.  A refusal must name a
 * known failure kind; nothing may crash or leak.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <jansson.h>
#include "core/arena.h"
#include "domain/instrument.h"
#include "domain/org.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t je;
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	struct arena a = ARENA_INIT;

	if (!j)
		return 0;
	for (int mode = FIELDS_CREATE; mode <= FIELDS_PATCH; mode++) {
		struct instrument in;
		struct org o;
		struct derr e = { 0 };
		memset(&in, 0, sizeof in);
		memset(&o, 0, sizeof o);
		if (fields_apply(instrument_fields, j, &in, &a, (enum fields_mode)mode, &e) < 0)
			assert(e.kind == DERR_INVALID || e.kind == DERR_INTERNAL);
		else if (mode != FIELDS_PATCH)
			assert(in.name_zh && in.category);
		memset(&e, 0, sizeof e);
		if (fields_apply(org_fields, j, &o, &a, (enum fields_mode)mode, &e) < 0)
			assert(e.kind == DERR_INVALID || e.kind == DERR_INTERNAL);
	}
	json_decref(j);
	arena_free(&a);
	return 0;
}
