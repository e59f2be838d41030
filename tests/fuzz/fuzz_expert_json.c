/*
 * fuzz_expert_json.c — the talent pool's JSON bodies through their
 * validators: an expert profile (expert_parse(), in every mode, with the
 * keyword and discipline lists and the ORCID iD), an expert-finding query
 * (match_query_from_json()), and the ORCID parser on the raw bytes.  A
 * refusal must be a validation failure naming its cause; an accepted
 * profile must hold only known discipline codes and canonical iDs.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <jansson.h>
#include "core/arena.h"
#include "core/orcid.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/expert_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char canon[ORCID_LEN + 1];
	json_error_t je;
	struct arena a = ARENA_INIT;
	struct ctx c = { .a = &a };
	json_t *j;

	if (orcid_parse((const char *)data, size, canon) == ORCID_OK)
		assert(strlen(canon) == ORCID_LEN && canon[4] == '-');
	if (!(j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je)))
		return 0;
	for (int mode = FIELDS_CREATE; mode <= FIELDS_PATCH; mode++) {
		struct expert x;
		struct derr e = { 0 };
		memset(&x, 0, sizeof x);
		if (expert_parse(&c, j, &x, (enum fields_mode)mode, &e) < 0) {
			assert(e.kind == DERR_INVALID || e.kind == DERR_INTERNAL);
			continue;
		}
		if (mode != FIELDS_PATCH)
			assert(x.name && x.title && x.disciplines);
		for (const char *p = x.disciplines; p && *p;) {
			char code[8];
			size_t n = strcspn(p, " ");
			assert(n == 3 || n == 5);
			memcpy(code, p, n);
			code[n] = '\0';
			assert(discipline_find(code));
			p += n + (p[n] ? 1 : 0);
		}
		if (x.orcid)
			assert(strlen(x.orcid) == ORCID_LEN);
	}
	{
		struct match_query q;
		struct derr e = { 0 };
		if (match_query_from_json(&c, j, &q, &e) < 0)
			assert(e.kind == DERR_INVALID || e.kind == DERR_INTERNAL);
		else
			assert(q.limit >= 0 && q.limit <= MATCH_MAX_LIMIT);
	}
	json_decref(j);
	arena_free(&a);
	return 0;
}
