/*
 * fuzz_form.c — query strings, form bodies and Cookie headers.
 *
 * Whatever the bytes, the parsers must stay in bounds, keep their pair
 * limit, report decoded lengths that match the strings, and the form's
 * fields must go through the validator that pages use without crashing.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include "core/arena.h"
#include "domain/instrument.h"
#include "http/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct kv *kv;
	size_t n;

	if (form_parse(&a, (const char *)data, size, &kv, &n) == 0) {
		const char **keys = arena_alloc(&a, (n + 1) * sizeof *keys);
		const char **vals = arena_alloc(&a, (n + 1) * sizeof *vals);
		struct derr e = { 0 };
		json_t *obj;
		assert(n <= FORM_MAX_PAIRS);
		for (size_t i = 0; i < n; i++) {
			assert(kv[i].key[kv[i].key_len] == '\0');
			assert(kv[i].val[kv[i].val_len] == '\0');
			assert(kv[i].val_len <= size);
			keys[i] = kv[i].key;
			vals[i] = kv[i].val;
		}
		obj = fields_from_pairs(instrument_fields, keys, vals, n, &e);
		if (obj) {
			struct instrument in;
			memset(&in, 0, sizeof in);
			fields_apply(instrument_fields, obj, &in, &a, FIELDS_PATCH, &e);
			json_decref(obj);
		} else {
			assert(e.kind == DERR_INVALID && e.field[0]);
		}
	}
	if (cookie_parse(&a, (const char *)data, size, &kv, &n) == 0)
		assert(n <= FORM_MAX_PAIRS);
	arena_free(&a);
	return 0;
}
