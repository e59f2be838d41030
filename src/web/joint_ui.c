/*
 * joint_ui.c — writers the pages of joint projects, consortia and
 * challenges share: badges, labelled form controls, the form's error, the
 * reading of organisations and experts typed into forms, the tables of
 * members and experts, and the links between those pages.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/fields.h"
#include "domain/joint.h"
#include "http/html.h"
#include "store/market.h"
#include "store/project.h"
#include "web/web.h"
#include "core/banned.h"

void joint_badge(struct req *r, const char *cls, const struct term *v, const char *key)
{
	html(r, "<span class=\"badge ");
	html_attr(r, cls);
	html(r, "-");
	html_attr(r, key ? key : "");
	html(r, "\">");
	html_txt(r, vocab_label(v, key ? key : "", r->lang));
	html(r, "</span>");
}

/* The refusals of joint research that web_field_error() does not know,
 * in both languages. */
static const char *joint_message(struct req *r, const struct derr *e, const char *label)
{
	static const struct { const char *code, *zh, *en; } msgs[] = {
		{ "duplicate", "%s重复：同一单位或专家只能列一次（牵头单位不再列入成员）",
		  "%s is listed twice (the lead is not listed among the members)" },
		{ "sum_mismatch", "各经费行合计与总经费不一致", "The funding lines do not add up to the total" },
		{ "in_past", "%s已过", "%s is in the past" },
		{ "wrong_kind", "%s的单位类型不符（须为企业）", "%s is not of the right kind (an enterprise)" },
		{ "too_many", "%s条目过多", "%s has too many entries" },
		{ "poster", "发榜企业不能揭自己的榜", "The poster cannot respond to its own challenge" },
		{ "region_not_open", "该榜单只接受指定区域的团队揭榜",
		  "The challenge is open only to teams led from the regions it names" },
		{ "deadline_passed", "揭榜已截止", "Responses are closed" },
	};
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if (e->code && strcmp(msgs[i].code, e->code) == 0) {
			const char *fmt = L(r, msgs[i].zh, msgs[i].en), *pct = strstr(fmt, "%s");
			return pct ? arena_printf(r->a, "%.*s%s%s", (int)(pct - fmt), fmt, label, pct + 2) : fmt;
		}
	return NULL;
}

/* The label of a list a document carries (members, experts ...). */
static const char *list_label(struct req *r, const char *name)
{
	static const struct { const char *name, *zh, *en; } lists[] = {
		{ "members", "成员单位", "Members" }, { "experts", "专家", "Experts" },
		{ "funding", "经费构成", "Funding" }, { "regions", "指定区域", "Named regions" },
		{ "milestones", "里程碑", "Milestones" }, { "outputs", "成果", "Outputs" },
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (strcmp(lists[i].name, name) == 0)
			return L(r, lists[i].zh, lists[i].en);
	return name;
}

void joint_form_error(struct req *r, const struct derr *e, const struct field *spec)
{
	const struct field *f;
	const char *msg, *label;
	char base[64];
	size_t n;
	if (!e || !e->kind)
		return;
	/* "funding[2].year" is labelled by its list */
	n = strcspn(e->field, "[.");
	snprintf(base, sizeof base, "%.*s", (int)n, e->field);
	f = spec ? fields_find(spec, base) : NULL;
	html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\" data-field=\"");
	html_attr(r, e->field);
	html(r, "\">");
	label = f ? field_label(f, r->lang) : list_label(r, base);
	msg = joint_message(r, e, label);
	html_txt(r, msg ? msg : web_field_error(r, e, !e->field[n] && label != base ? label : NULL));
	if (e->field[n]) {
		html(r, " <code>");
		html_txt(r, e->field);
		html(r, "</code>");
	}
	html(r, "</p>");
}

void joint_select(struct req *r, const char *name, const char *label, const struct term *v,
		  const char *current, const char *any)
{
	html(r, "<label for=\"f-");
	html_attr(r, name);
	html(r, "\">");
	html_txt(r, label);
	html(r, "</label><select id=\"f-");
	html_attr(r, name);
	html(r, "\" name=\"");
	html_attr(r, name);
	html(r, "\">");
	if (any)
		html_option(r, "", any, current);
	for (; v->key; v++)
		html_option(r, v->key, L(r, v->zh, v->en), current);
	html(r, "</select>");
}

void joint_input(struct req *r, const char *name, const char *label, const char *type,
		 const char *value, int required)
{
	html(r, "<label for=\"f-");
	html_attr(r, name);
	html(r, "\">");
	html_txt(r, label);
	html(r, "</label><input id=\"f-");
	html_attr(r, name);
	html(r, "\" name=\"");
	html_attr(r, name);
	html(r, "\" type=\"");
	html_attr(r, type);
	html(r, required ? "\" required value=\"" : "\" value=\"");
	html_attr(r, value ? value : "");
	html(r, "\">");
}

void joint_textarea(struct req *r, const char *name, const char *label, const char *value,
		    int rows)
{
	html(r, "<label for=\"f-");
	html_attr(r, name);
	html(r, "\">");
	html_txt(r, label);
	htmlf(r, "</label><textarea rows=\"%d\" id=\"f-", rows);
	html_attr(r, name);
	html(r, "\" name=\"");
	html_attr(r, name);
	html(r, "\">");
	html_txt(r, value ? value : "");
	html(r, "</textarea>");
}

const char *joint_posted(struct req *r, const char *name)
{
	const char *v = r->nform ? form_str(r, name) : NULL;
	return v ? v : "";
}

/* Copies s without surrounding blanks into the arena. */
static const char *trim(struct req *r, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(r->a, s, n);
}

json_t *joint_org_ref(struct req *r, const char *s)
{
	int64_t id;
	if (!s || !*s)
		return NULL;
	if (parse_i64(s, 1, INT64_MAX, &id) == 0)
		return json_integer(id);
	id = store_org_by_name(r->ctx.db, s);
	return json_integer(id > 0 ? id : INT64_MAX);
}

/* Calls fn for each piece of text separated by new lines, ; ； or 、. */
static int each_piece(struct req *r, const char *text,
		      int (*fn)(struct req *r, const char *piece, void *arg), void *arg)
{
	const char *p = text, *q;
	while (p && *p) {
		size_t skip = 0;
		for (q = p; *q; q++) {
			if (*q == '\n' || *q == ';') {
				skip = 1;
				break;
			}
			if (!strncmp(q, "；", 3) || !strncmp(q, "、", 3)) {
				skip = 3;
				break;
			}
		}
		{
			const char *piece = trim(r, p, (size_t)(q - p));
			int rc;
			if (piece && *piece && (rc = fn(r, piece, arg)) < 0)
				return rc;
		}
		p = *q ? q + skip : q;
	}
	return 0;
}

struct refs {
	json_t *a;
	const char *field;
	struct derr *e;
};

static int org_piece(struct req *r, const char *piece, void *arg)
{
	struct refs *x = arg;
	json_t *id = joint_org_ref(r, piece);
	if (id && json_integer_value(id) == INT64_MAX) {
		json_decref(id);
		return derr_set(x->e, DERR_INVALID, "not_found", x->field,
				"no organisation is called %.120s", piece);
	}
	return id ? json_array_append_new(x->a, id) : 0;
}

json_t *joint_org_refs(struct req *r, const char *text, const char *field, struct derr *e)
{
	struct refs x = { json_array(), field, e };
	if (!x.a || each_piece(r, text, org_piece, &x) < 0) {
		json_decref(x.a);
		if (!e->kind)
			derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	return x.a;
}

static int expert_piece(struct req *r, const char *piece, void *arg)
{
	struct refs *x = arg;
	char idtext[24];
	const char *sp = strpbrk(piece, " \t");
	size_t n = sp ? (size_t)(sp - piece) : strlen(piece);
	int64_t id;
	json_t *o;
	(void)r;
	if (n >= sizeof idtext)
		n = sizeof idtext - 1;
	memcpy(idtext, piece, n);
	idtext[n] = '\0';
	if (parse_i64(idtext, 1, INT64_MAX, &id) < 0)
		return derr_set(x->e, DERR_INVALID, "wrong_type", "experts",
				"each line of experts starts with an expert's id");
	o = json_pack("{s:I}", "expert_id", (json_int_t)id);
	if (o && sp) {
		while (*sp == ' ' || *sp == '\t')
			sp++;
		if (*sp)
			json_object_set_new(o, "role", json_string(sp));
	}
	return o ? json_array_append_new(x->a, o) : -1;
}

json_t *joint_expert_refs(struct req *r, const char *text, struct derr *e)
{
	struct refs x = { json_array(), "experts", e };
	if (!x.a || each_piece(r, text, expert_piece, &x) < 0) {
		json_decref(x.a);
		if (!e->kind)
			derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	return x.a;
}

void joint_parties_table(struct req *r, const struct party *m, size_t n, const char *id,
			 const struct term *roles)
{
	html(r, "<table id=\"");
	html_attr(r, id);
	html(r, "\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "单位", "Organisation"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "角色", "Role"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		htmlf(r, "<tr><td><a href=\"/orgs/%lld\">", (long long)m[i].org_id);
		html_txt(r, L(r, m[i].name_zh, m[i].name_en && *m[i].name_en ? m[i].name_en : m[i].name_zh));
		html(r, "</a></td><td>");
		html_txt(r, L(r, m[i].region_zh ? m[i].region_zh : "", m[i].region_en ? m[i].region_en : ""));
		html(r, "</td><td>");
		html_txt(r, vocab_label(roles, m[i].role, r->lang));
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
}

void joint_persons_list(struct req *r, const struct person *x, size_t n, const char *id)
{
	html(r, "<ul class=\"people\" id=\"");
	html_attr(r, id);
	html(r, "\">");
	for (size_t i = 0; i < n; i++) {
		htmlf(r, "<li><a href=\"/experts/%lld\">", (long long)x[i].expert_id);
		html_txt(r, L(r, x[i].name, x[i].name_en && *x[i].name_en ? x[i].name_en : x[i].name));
		html(r, "</a> · ");
		html_txt(r, vocab_label(vocab_expert_role, x[i].role, r->lang));
		html(r, " · ");
		html_txt(r, L(r, x[i].org_zh ? x[i].org_zh : "", x[i].org_en && *x[i].org_en ? x[i].org_en
										      : x[i].org_zh ? x[i].org_zh : ""));
		html(r, "</li>");
	}
	html(r, "</ul>");
}

void joint_tabs(struct req *r)
{
	static const struct { const char *href, *zh, *en; } tabs[] = {
		{ "/challenges", "揭榜挂帅", "Challenges" },
		{ "/projects", "联合攻关项目", "Joint projects" },
		{ "/consortia", "创新联合体", "Consortia" },
		{ "/projects/figures", "数据", "Figures" },
	};
	html(r, "<nav class=\"tabs\" aria-label=\"");
	html_attr(r, L(r, "联合攻关", "Joint research"));
	html(r, "\">");
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
		int here = strcmp(r->path, tabs[i].href) == 0;
		html(r, "<a href=\"");
		html_attr(r, tabs[i].href);
		html(r, here ? "\" aria-current=\"page\">" : "\">");
		html_txt(r, L(r, tabs[i].zh, tabs[i].en));
		html(r, "</a> ");
	}
	html(r, "</nav>");
}
