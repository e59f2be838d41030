/*
 * round_export.c — a round's consolidated list as an XLSX workbook.
 * libxlsxwriter writes to a file, so the workbook is made in a private
 * temporary file, read back into the caller's buffer and removed.  See
 * round.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "domain/industry.h"
#include "domain/round.h"
#include "core/banned.h"

static const char *const head[] = {
	"序号 No.", "区域 Region", "领域 Field", "标题 Title", "研究内容 Research content",
	"考核指标 Target indicators", "预算（万元） Budget (10,000 CNY)",
	"合并自 Merged from", "联合资助 Co-funded with", "状态 State",
};

/* "#12、#15" of ids (in a), or "". */
static const char *id_list(struct ctx *c, const int64_t *ids, size_t n)
{
	struct buf b = BUF_INIT;
	const char *s;
	for (size_t i = 0; i < n; i++)
		if (ids[i] > 0)
			buf_addf(&b, "%s#%lld", b.len ? "、" : "", (long long)ids[i]);
	s = arena_strdup(c->a, b.s);
	buf_release(&b);
	return s ? s : "";
}

int round_list_xlsx(struct ctx *c, int64_t round_id, struct buf *out, struct derr *e)
{
	struct overlap_round r;
	struct list_entry *le;
	size_t n;
	const char *tmpdir = getenv("TMPDIR");
	char path[512], title[400];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *wrap;
	FILE *fp = NULL;
	long size;
	int fd, rc = -1;
	lxw_row_t row = 0;

	if (round_get(c, round_id, &r, e) < 0 || round_list_entries(c, round_id, &le, &n, e) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/shenrong-round-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL,
				"cannot make a temporary file: %s", strerror(errno));
	close(fd);
	if (!(wb = workbook_new(path))) {
		unlink(path);
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot start the workbook");
	}
	ws = workbook_add_worksheet(wb, "合并清单");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	snprintf(title, sizeof title, "%lld %s — %s", (long long)r.year, r.title,
		 strcmp(r.state, "closed") == 0 ? "合并清单 Consolidated list"
						  : "合并清单（会商中） Consolidated list (draft)");
	worksheet_write_string(ws, row++, 0, title, bold);
	row++;
	for (lxw_col_t k = 0; k < sizeof head / sizeof head[0]; k++)
		worksheet_write_string(ws, row, k, head[k], bold);
	row++;
	for (size_t i = 0; i < n; i++, row++) {
		const struct guide_item *it = &le[i].item;
		const struct term *f = industry_find(it->field);
		worksheet_write_number(ws, row, 0, (double)(i + 1), NULL);
		worksheet_write_string(ws, row, 1, it->region_zh ? it->region_zh : it->region_code, wrap);
		worksheet_write_string(ws, row, 2, f ? f->zh : it->field, wrap);
		worksheet_write_string(ws, row, 3, it->title, wrap);
		worksheet_write_string(ws, row, 4, it->content, wrap);
		worksheet_write_string(ws, row, 5, it->indicators ? it->indicators : "", wrap);
		if (it->budget_wan >= 0)
			worksheet_write_number(ws, row, 6, (double)it->budget_wan, NULL);
		worksheet_write_string(ws, row, 7, id_list(c, le[i].merged, le[i].nmerged), wrap);
		worksheet_write_string(ws, row, 8, le[i].cofund_titles ? le[i].cofund_titles : "",
				       wrap);
		worksheet_write_string(ws, row, 9, strcmp(it->state, "funded") == 0
				       ? "已列入 Funded" : "草案 Draft", NULL);
	}
	worksheet_set_column(ws, 1, 2, 12, NULL);
	worksheet_set_column(ws, 3, 3, 30, NULL);
	worksheet_set_column(ws, 4, 5, 50, NULL);
	worksheet_set_column(ws, 6, 6, 14, NULL);
	worksheet_set_column(ws, 7, 8, 24, NULL);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot write the workbook");
		goto out;
	}
	if (!(fp = fopen(path, "rb")) || fseek(fp, 0, SEEK_END) < 0 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) < 0 || buf_grow(out, (size_t)size) < 0 ||
	    fread(out->s + out->len, 1, (size_t)size, fp) != (size_t)size) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot read the workbook back");
		goto out;
	}
	out->len += (size_t)size;
	out->s[out->len] = '\0';
	rc = 0;
out:
	if (fp)
		fclose(fp);
	unlink(path);
	return rc;
}
