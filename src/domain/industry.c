/*
 * industry.c — the industrial fields vocabulary.  See industry.h.
 */
#include <string.h>
#include "core/util.h"
#include "domain/industry.h"
#include "core/banned.h"

const struct term vocab_industry[] = {
	{ "ic", "集成电路", "Integrated circuits" },
	{ "ai", "人工智能", "Artificial intelligence" },
	{ "biomed", "生物医药", "Biomedicine" },
	{ "energy", "新能源", "New energy" },
	{ "materials", "新材料", "Advanced materials" },
	{ "equipment", "高端装备", "High-end equipment" },
	{ "quantum", "量子信息", "Quantum information" },
	{ "nev", "新能源汽车", "New energy vehicles" },
	{ "ocean", "海洋工程", "Ocean engineering" },
	{ "environment", "生态环境", "Ecology and environment" },
	{ "agriculture", "现代农业", "Modern agriculture" },
	{ "industrial_internet", "工业互联网", "Industrial internet" },
	{ "aerospace", "航空航天", "Aerospace" },
	{ "semiconductor", "第三代半导体", "Third-generation semiconductors" },
	{ "medical_devices", "高端医疗器械", "High-end medical devices" },
	{ "networks", "未来网络", "Future networks" },
	{ NULL, NULL, NULL },
};

const struct term *industry_find(const char *s)
{
	if (!s)
		return NULL;
	for (const struct term *t = vocab_industry; t->key; t++)
		if (strcmp(t->key, s) == 0 || strcmp(t->zh, s) == 0 || str_ieq(t->en, s))
			return t;
	return NULL;
}
