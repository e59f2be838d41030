/*
 * catalog.c — vocabularies and identifier checks.  See catalog.h.
 */
#include <string.h>
#include "domain/catalog.h"
#include "core/banned.h"

const struct term vocab_category[] = {
	{ "analytical", "分析仪器", "Analytical instruments" },
	{ "physical", "物理性能测试仪器", "Physical property testing" },
	{ "metrology", "计量仪器", "Measurement and metrology" },
	{ "electronic", "电子测量仪器", "Electronic measurement" },
	{ "marine", "海洋仪器", "Marine instruments" },
	{ "geo", "地球探测仪器", "Earth exploration" },
	{ "atmospheric", "大气探测仪器", "Atmospheric sounding" },
	{ "special", "特种检测仪器", "Special testing" },
	{ "laser", "激光器", "Lasers" },
	{ "process", "工艺试验仪器", "Process experiment" },
	{ "computer", "计算机及其配套设备", "Computers and peripherals" },
	{ "other", "其他仪器", "Other instruments" },
	{ NULL, NULL, NULL },
};

const struct term vocab_instrument_kind[] = {
	{ "instrument", "大型科研仪器", "Large research instrument" },
	{ "facility", "重大科技基础设施", "Major research facility" },
	{ NULL, NULL, NULL },
};

const struct term vocab_status[] = {
	{ "in_service", "在用", "In service" },
	{ "maintenance", "维修中", "Under maintenance" },
	{ "retired", "已报废", "Retired" },
	{ NULL, NULL, NULL },
};

const struct term vocab_sharing[] = {
	{ "open", "开放共享", "Open" },
	{ "conditional", "有条件共享", "Conditional" },
	{ "internal", "仅内部使用", "Internal only" },
	{ NULL, NULL, NULL },
};

const struct term vocab_org_kind[] = {
	{ "university", "高等院校", "University" },
	{ "institute", "科研院所", "Research institute" },
	{ "enterprise", "企业", "Enterprise" },
	{ "centre", "创新中心与平台", "Innovation centre or platform" },
	{ "lab", "实验室", "Laboratory" },
	{ "government", "政府部门", "Government office" },
	{ NULL, NULL, NULL },
};

const struct term vocab_role[] = {
	{ "member", "单位成员", "Member" },
	{ "org_admin", "单位管理员", "Organisation administrator" },
	{ "coordinator", "区域协调员", "Region coordinator" },
	{ "office", "共同体办公室", "Community office" },
	{ "sysadmin", "系统管理员", "System administrator" },
	{ NULL, NULL, NULL },
};

const struct term *vocab_find(const struct term *v, const char *key)
{
	if (!key)
		return NULL;
	for (; v->key; v++)
		if (strcmp(v->key, key) == 0)
			return v;
	return NULL;
}

const char *vocab_label(const struct term *v, const char *key, const char *lang)
{
	const struct term *t = vocab_find(v, key);
	if (!t)
		return key ? key : "";
	return lang && strcmp(lang, "en") == 0 ? t->en : t->zh;
}

int uscc_valid(const char *s)
{
	static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
					 25, 13, 8, 24, 10, 30, 28 };
	int sum = 0, check;
	const char *p;

	if (!s || strlen(s) != 18)
		return 0;
	for (int i = 0; i < 18; i++) {
		if (!s[i] || !(p = strchr(chars, s[i])))
			return 0;
		if (i < 17)
			sum += (int)(p - chars) * weights[i];
	}
	check = 31 - sum % 31;
	if (check == 31)
		check = 0;
	return s[17] == chars[check];
}
