"""Problems are data: every finding about the input has a stable kebab-case code.

A :class:`Problem` carries where it is (``干部名册!F17``, ``tracks[2].indicators[0].weight``
or a file name), what was found, what was expected, and a hint, in Chinese and English.
The :data:`CATALOGUE` holds each code's severity, title and hint templates; templates may
use ``{found}``, ``{expected}``, ``{column}`` and any key of ``Problem.params``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from cadrekit.problem_decisions import DECISION_ENTRIES
from cadrekit.problem_votes import VOTE_ENTRIES

Severity = Literal["error", "warning", "note"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "note": 2}


@dataclass(frozen=True)
class Entry:
    severity: Severity
    title_zh: str
    title_en: str
    hint_zh: str = ""
    hint_en: str = ""
    # An error of this code on a cadre row leaves the row without a score it can be
    # trusted with (no id, a score input unreadable …): ``--lenient`` leaves the row out.
    # False: the value does not enter the score (身份证号, a date), so ``--lenient`` scores
    # the row and lists the error on it; without ``--lenient`` every error still refuses.
    blocks_scoring: bool = True


def _e(
    sev: Severity, tz: str, te: str, hz: str = "", he: str = "", *, blocks: bool = True
) -> Entry:
    return Entry(sev, tz, te, hz, he, blocks_scoring=blocks)


# Codes are stable: scripts match on them. Add new ones; never rename.
CATALOGUE: dict[str, Entry] = {
    # --- files and sheets -------------------------------------------------------------
    "unreadable-file": _e(
        "error",
        "无法读取文件",
        "cannot read the file",
        "请确认文件是 .xlsx/.xls/.ods/.csv 格式且未损坏",
        "check that it is an undamaged workbook or CSV",
    ),
    "misnamed-file": _e(
        "warning",
        "{file} 实际是 .{kind} 文件，已按 .{kind} 读取；建议改名为 {expected}",
        "{file} is really a .{kind} file and was read as one; rename it to {expected}",
        "扩展名与内容不符时，Excel 打开会提示格式不匹配，其他系统可能拒收",
        "with a name that does not match its content, Excel warns on opening and other"
        " systems may refuse it",
    ),
    "columns-left-out": _e(
        "warning",
        "工作表“{sheet}”最多写入 {limit} 列：输入中另有 {dropped} 列（{first} … {last}）未写入工作簿",
        "sheet '{sheet}' holds {limit} columns at most: {dropped} input column(s) "
        "({first} … {last}) are not in the workbook",
        "cadrekit 的结果列（得分、等次、排名等）都在前面，未受影响；要保留全部列，请输出 CSV 或 JSON",
        "cadrekit's own columns (score, grade, rank …) come first and are all there; write "
        "CSV or JSON to keep every column",
    ),
    "missing-sheet": _e(
        "error",
        "缺少工作表 {expected}",
        "missing sheet {expected}",
        "请添加名为 {expected} 的工作表（可用 cadrekit template 生成模板）",
        "add a sheet named {expected} (cadrekit template writes one)",
    ),
    "no-header": _e(
        "error",
        "未找到表头",
        "no header row found",
        "前 20 行中应有一行列名，如 编号、姓名、单位",
        "one of the first 20 rows must hold column names such as 编号, 姓名, 单位",
    ),
    "missing-column": _e(
        "error",
        "缺少必填列 {expected}",
        "missing required column {expected}",
        "请在表头中添加列 {expected}",
        "add a column headed {expected}",
    ),
    "duplicate-column": _e(
        "error",
        "列名重复：{found}",
        "duplicate column: {found}",
        "每个列名只能出现一次",
        "each column may appear only once",
    ),
    "no-cadre-rows": _e(
        "error",
        "干部名册没有干部数据行",
        "the cadres sheet has no rows",
        "请在表头下方每行填写一名干部（cadrekit template 可生成带示例行的模板）",
        "enter one cadre per row below the header (cadrekit template writes an example)",
    ),
    "csv-wide-row": _e(
        "error",
        "CSV 第 {line} 行有 {fields} 个值，表头只有 {columns} 列",
        "CSV line {line} has {fields} values but the header has only {columns} columns",
        "值中含{delimiter_zh}时须用英文双引号把整个值括起来，或在 Excel 中另存为 .xlsx",
        "a {delimiter_en} inside a value must be inside double quotes; or save it from Excel"
        " as .xlsx",
    ),
    "skipped-title-row": _e("note", "跳过标题行", "skipped title row"),
    "skipped-blank-row": _e("note", "跳过空行", "skipped blank row"),
    "skipped-total-row": _e("note", "跳过合计行", "skipped total row"),
    "skipped-footer-rows": _e(
        "note",
        "跳过表尾（{rows}）",
        "skipped the footer ({rows_en})",
        "表格末尾的填表人、审核人、联系电话、注释等行不是干部，未读入",
        "signature, contact and note lines under the table are not cadres and were not read",
    ),
    "merged-cells-filled": _e(
        "note",
        "合并单元格 {range}：已把“{found}”填入其中每一格",
        "merged cells {range}: '{found}' was filled into each of them",
        "合并单元格的值只存在左上角一格，已填入区域内每一格；若各行不应相同，请取消合并后逐行填写",
        "a merged range keeps its value in its top-left cell only; it was given to every"
        " cell of the range (unmerge and fill each row if they differ)",
    ),
    "unknown-column": _e("note", "未识别的列，原样保留", "unrecognised column, carried through"),
    "unknown-sheet": _e("note", "未识别的工作表，已忽略", "unrecognised sheet, ignored"),
    "hidden-sheet": _e(
        "note",
        "工作表已隐藏，仍照常读取",
        "sheet is hidden; read as normal",
        "如不应参与考核，请删除该工作表",
        "delete the sheet if it should not be used",
    ),
    # --- cells ------------------------------------------------------------------------
    "missing-value": _e(
        "error",
        "必填项为空",
        "required value is empty",
        "请填写 {column}",
        "fill in {column}",
    ),
    # a formula cell whose file holds no result (written by a program, never opened in
    # Excel): it reads as empty, so missing-value/missing-indicator there become this one
    "formula-no-value": _e(
        "error",
        "单元格是公式（{formula_zh}），但文件里没有保存计算结果",
        "the cell holds a formula ({formula_en}) with no saved result",
        "在 Excel/WPS 中打开并保存一次，或复制后选择性粘贴为数值",
        "open and save the file once in Excel/WPS, or paste the values",
    ),
    "bad-number": _e(
        "error",
        "不是有效数字",
        "not a valid number",
        "请填写数字，如 {expected}",
        "enter a number such as {expected}",
    ),
    "out-of-range": _e(
        "error",
        "数值超出范围",
        "value out of range",
        "应在 {expected} 之间",
        "must be within {expected}",
    ),
    "bad-integer": _e(
        "error",
        "应为非负整数",
        "must be a whole number ≥ 0",
        "请填写整数，如 12",
        "enter a whole number such as 12",
    ),
    "implausible-value": _e(
        "error",
        "数值大得不合常理：{found}",
        "implausibly large value: {found}",
        "{column} 不应超过 {limit}；请核对是否多输了数字或粘贴错了列",
        "{column} should not exceed {limit}: check for extra digits or a value pasted"
        " from another column",
    ),
    "appointed-too-young": _e(
        "warning",  # said, not fatal: 任现职时间 does not enter the score
        "任现职时间 {found} 早于年满 {age} 周岁（出生年月 {birth}，见 {birth_cell}）",
        "appointed on {found}, before the age of {age} (born {birth}, see {birth_cell})",
        "请核对此单元格与 {birth_cell} 的出生年月；任现职时间应不早于 {earliest}",
        "check this cell and the birth date in {birth_cell}; the appointment cannot be"
        " before {earliest}",
    ),
    "bad-date": _e(
        "error",
        "日期无法识别",
        "date not recognised",
        "请写成 2021-03-15、2021.03 或 2021年3月",
        "write it as 2021-03-15, 2021.03 or 2021年3月",
        blocks=False,  # a cadre row's dates (出生年月, 任现职时间) do not enter the score
    ),
    "invisible-character": _e(
        "warning",
        "含看不见的字符 {chars_zh}，已删除，读作 {clean}",
        "holds invisible character(s) {chars_en}, removed: read as {clean}",
        "这类字符多由复制粘贴带入，看不见却会让相同的编号、姓名、单位对不上；请删除后重新输入此单元格",
        "such characters come with copy and paste: unseen, they make equal ids, names or units"
        " differ; retype the cell",
    ),
    "implausible-date": _e(
        "error",  # a warning on 出生年月 and 任现职时间, which enter no score
        "日期 {shown} 不在合理范围（{expected}）内，未采用{likely_zh}",
        "the date {shown} is outside the plausible range ({expected}) and was not used{likely_en}",
        "请改正此单元格，写成 2021-03-15、2021.03 或 2021年3月（单元格设为文本更稳妥）",
        "correct the cell: write 2021-03-15, 2021.03 or 2021年3月 (a cell"
        " formatted as text is safest)",
    ),
    "future-date": _e(
        "error",
        "日期晚于今天",
        "date is in the future",
        "请核对年份",
        "check the year",
        blocks=False,  # a cadre row's dates (出生年月, 任现职时间) do not enter the score
    ),
    "future-year": _e(
        "warning",
        "考核年度 {year} 晚于今年（{this_year}）",
        "the assessment year {year} is after this year ({this_year})",
        "请核对 --year",
        "check --year",
    ),
    "year-without-records": _e(
        "warning",
        "考核年度 {year} 内没有任何奖惩或监督记录（记录年份 {span}），均不计入",
        "no event or supervision record falls in the assessment year {year} (they are"
        " dated {span}); none counts",
        "请核对 --year；不写 --year 时取最近一条奖惩记录的年份",
        "check --year; without it the year of the latest event is used",
    ),
    "year-before-records": _e(
        "warning",
        "考核年度 {year} 之后还有 {count} 条奖惩或监督记录（最晚 {last} 年），均不计入",
        "{count} event or supervision record(s) are dated after the assessment year {year}"
        " (up to {last}); none counts",
        "请核对 --year；不写 --year 时取最近一条奖惩记录的年份",
        "check --year; without it the year of the latest event is used",
    ),
    "ambiguous-month": _e(
        "warning",
        "数字 {year}.1 读作 {year}年10月（Excel 把 {year}.10 存成 {year}.1）；"
        "若是 1 月，请写 {year}.01 或 {year}-01",
        "the number {year}.1 is read as October {year} (Excel stores {year}.10 as {year}.1);"
        " for January write {year}.01 or {year}-01",
        "若确是 10 月，请写成 {year}-10 或 {year}年10月（或先把单元格设为文本），不再提示",
        "if October is meant, write {year}-10 or {year}年10月 (or format the cell as text)"
        " and the warning goes away",
    ),
    "template-example-row": _e(
        "warning",
        "模板示例行，将作为一名干部参加评分",
        "the template's example row: it is scored as a cadre",
        "如不是真实人员，请删除此行",
        "delete the row unless it is a real cadre",
    ),
    "bad-choice": _e(
        "error",
        "不是允许的取值{suggest_zh}",
        "not an allowed value{suggest_en}",
        "可选：{expected}",
        "allowed: {expected}",
    ),
    "unknown-grade": _e(
        "error",
        "不是所用规则的等次{suggest_zh}",
        "not a grade of the rules in use{suggest_en}",
        "请改为其中之一：{expected}",
        "write one of: {expected}",
    ),
    "bad-boolean": _e(
        "error",
        "应为 是/否",
        "must be yes or no",
        "请填写 是 或 否（也接受 Y/N、TRUE/FALSE、1/0、√）",
        "enter 是 or 否 (Y/N, TRUE/FALSE, 1/0, √ also work)",
    ),
    "duplicate-id": _e(
        "error",
        "编号重复",
        "duplicate id",
        "每名干部的编号必须唯一；另见 {other}",
        "each cadre needs a unique id; see also {other}",
    ),
    "duplicate-id-across-files": _e(
        "error",
        "编号与另一文件重复",
        "id also appears in another file",
        "同一干部只能由一个单位报送；另见 {other}",
        "each cadre must be submitted by one unit only; see also {other}",
    ),
    "file-left-out": _e(
        "warning",
        "文件有错误，未参加合并评分",
        "file has errors and was left out of the combined scoring",
        "名额按其余文件计算；修正后重新运行 batch",
        "quotas were computed without it; fix it and run batch again",
    ),
    "unknown-id": _e(
        "error",
        "编号不在干部名册中",
        "id not in the roster",
        "请核对编号，或先在干部名册中添加此人",
        "check the id, or add the cadre to the roster",
    ),
    "unknown-id-case": _e(
        "error",
        "编号不在干部名册中（名册中有 {near}，仅大小写不同）",
        "id not in the roster (the roster has {near}, differing only in letter case)",
        "若是同一人，请改为 {near}",
        "if it is the same cadre, write {near}",
    ),
    "departed-ids": _e(
        "note",
        "{count} 行的编号不在干部名册中（{ids}，第 {rows} 行），视为已离开人员的记录，不参与计算",
        "{count} row(s) name ids not in the roster ({ids_en}; rows {rows}): taken as records"
        " of cadres who have left, and not used",
        "若其中有在册干部，请核对编号，或把他加入干部名册",
        "if one of them is still serving, check the id or add the cadre to the roster",
    ),
    "unknown-unit": _e(
        "error",
        "单位不在干部名册中",
        "unit not in the roster",
        "无编号的记录针对单位，请核对单位名称与干部名册一致",
        "an event with no id concerns a unit: check the unit matches the roster",
    ),
    "bad-id-number": _e(
        "error",
        "身份证号校验失败",
        "ID number fails the GB 11643 checksum",
        "请核对身份证号（18 位，末位为校验码）",
        "check the 18-character ID number; the last character is a check digit",
        blocks=False,  # 身份证号 does not enter the score
    ),
    "id-number-as-number": _e(
        "error",
        "身份证号被存成了数字，已丢失末尾几位（Excel 只保留 15 位有效数字）",
        "the ID number was stored as a number and lost its last digits (Excel keeps 15)",
        "请把该列单元格格式设为“文本”（或在号码前输入英文单引号 '），再重新录入完整的 18 位号码",
        "format the column as Text (or type an apostrophe ' before the number) and enter the"
        " full 18 characters again",
        blocks=False,  # 身份证号 does not enter the score: --lenient scores the row
    ),
    "id-number-birth-mismatch": _e(
        "error",
        "身份证号与出生年月不一致",
        "ID number disagrees with birth date",
        "请核对出生年月或身份证号",
        "check the birth date or the ID number",
        blocks=False,  # neither 身份证号 nor 出生年月 enters the score
    ),
    **{code: _e(*entry) for code, entry in VOTE_ENTRIES.items()},  # problem_votes.py
    "no-quarter": _e(
        "error",
        "四个季度均未考核",
        "no quarter assessed",
        "至少填写一个季度等次（好/较好/一般/较差）",
        "fill in at least one quarter (好/较好/一般/较差)",
    ),
    "unknown-track": _e(
        "error",
        "考核序列不是已定义的赛道",
        "track names no defined track",
        "填写赛道编号或名称之一：{expected}；留空则按条件分配",
        "write one of the track ids or labels: {expected}; leave it empty to assign by conditions",
    ),
    "missing-indicator": _e(
        "error",
        "缺少本赛道所需指标",
        "indicator needed by the track is missing",
        "赛道 {track_label} 需要指标 {column}，请填写 0–100 的分数",
        "track {track} needs indicator {column}: enter a score from 0 to 100",
    ),
    # --- rules ------------------------------------------------------------------------
    "rules-invalid": _e(
        "error",
        "规则文件有误",
        "rule file is invalid",
        "{detail}",
        "{detail_en}",  # params: detail (zh) and detail_en
    ),
    "rules-unknown-column": _e(
        "error",
        "规则引用的列在名册中不存在",
        "rules name a column the roster lacks",
        "请在名册中添加该列，或修改规则",
        "add the column to the roster or change the rules",
    ),
    # --- weights (cadrekit weights …) -------------------------------------------------
    "ahp-invalid-matrix": _e(
        "error",
        "判断矩阵有误",
        "judgement matrix is invalid",
        "{detail_zh}",
        "{detail_en}",
    ),
    "ahp-inconsistent": _e(
        "warning",
        "判断矩阵一致性不足（CR = {cr} > 0.10）",
        "judgement matrix is inconsistent (CR = {cr} > 0.10)",
        "请复核这些判断：{pairs_zh}",
        "revise these judgements: {pairs_en}",
    ),
    "degenerate-indicator": _e(
        "warning",
        "指标无区分度，权重记为 0",
        "indicator does not discriminate; its weight is 0",
        "{reason_zh}",
        "{reason_en}",
    ),
    "weights-rows-skipped": _e(
        "warning",
        "有缺失值的行未参加权重计算",
        "rows with missing values were left out of the weights",
        "共 {count} 行；补齐后重新计算",
        "{count} row(s); fill them in and run again",
    ),
    # --- scoring ----------------------------------------------------------------------
    "rejected-row": _e(
        "warning",
        "该行有错误，未参加评分",
        "row has errors and was not scored",
        "修正该行的错误后重新运行",
        "fix the row's errors and run again",
    ),
    "quota-tie": _e(
        "warning",
        "名额分界处并列，需党委（党组）研究决定",
        "tie at the quota cut: committee decision needed",
        "并列人员均暂定为称职，未用名额 {unfilled} 个",
        "the tied cadres are 称职 for now; {unfilled} slot(s) unfilled",
    ),
    **{code: _e(*entry) for code, entry in DECISION_ENTRIES.items()},  # problem_decisions.py
}


@dataclass(frozen=True)
class Problem:
    """One finding about the input, with its location and a fix."""

    code: str
    location: str = ""
    found: str = ""
    expected: str = ""
    column: str = ""
    sheet: str = ""
    row: int | None = None
    severity: Severity | None = None  # None: the catalogue's severity
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> Severity:
        return self.severity or CATALOGUE[self.code].severity

    @property
    def blocks_scoring(self) -> bool:
        """An error that leaves its cadre row unscorable (see ``Entry.blocks_scoring``)."""
        return self.level == "error" and CATALOGUE[self.code].blocks_scoring

    def _fill(self, template: str) -> str:
        values = {"found": self.found, "expected": self.expected, "column": self.column}
        values.update({"suggest_zh": "", "suggest_en": ""})  # an optional did-you-mean
        values.update(self.params)
        try:
            return template.format(**values)
        except (KeyError, IndexError):
            return template

    def title(self, lang: str = "zh") -> str:
        entry = CATALOGUE[self.code]
        return self._fill(entry.title_en if lang == "en" else entry.title_zh)

    def hint(self, lang: str = "zh") -> str:
        entry = CATALOGUE[self.code]
        return self._fill(entry.hint_en if lang == "en" else entry.hint_zh)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.level
        data["message"] = self.title(lang)
        data["hint"] = self.hint(lang)
        return data


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level == "error" for p in problems)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first, then by sheet and row, so reports read top to bottom."""
    return sorted(
        problems,
        key=lambda p: (SEVERITY_ORDER[p.level], p.sheet, p.row or 0, p.location, p.code),
    )
