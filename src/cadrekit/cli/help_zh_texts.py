"""The Chinese help texts (the catalogue :mod:`cadrekit.cli.help_zh` applies): command
help with an example, option help by command path or shared name, value names, and
Typer's and click's own words."""

from __future__ import annotations

# Typer's and click's own words (section headers, the --help option, default/required tags).
CHROME = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已弃用）",
    "RICH_HELP": "查看帮助：[blue]{command_path} {help_option}[/]",
}
USAGE = "用法："
# Usage-line words and help panels named in English where the commands are declared.
USAGE_WORDS = {"Usage: ": USAGE, "[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]…"}
PANELS = {"Input limits (docs/security.md)": "输入上限（超过即拒绝读入；见 docs/security.md）"}
HELP_OPTION = "显示本帮助并退出。"

_FILE = "输入文件：Excel 工作簿（xlsx、xlsm、xls、ods）、文本表（csv、tsv、txt）或 parquet。"

# Shared options, by parameter name.
SHARED = {
    "file": _FILE,
    "rules": "规则文件（YAML）或内置规则集名称；默认：内置规则。",
    "year": "考核年度；默认：最新事件日期所在年份。",
    "fmt": "输出格式；默认：终端显示表格，管道输出 CSV。",
    "output": "写入此文件，格式按扩展名决定。",
    "force": "覆盖已存在的输出文件。",
    "lang": "表头和提示语言：zh（中文，默认）或 en（英文）；也可设环境变量 CADREKIT_LANG。",
    "lenient": "有错误也评分：只剔除（并列出）无法评分的行，其余错误照常列出。",
    "show_id_numbers": "完整显示身份证号（默认打码）。",
    "safe_csv": "转义表格软件会当作公式执行的文本（= + - @）。默认：写文件时开启，标准输出关闭。",
    "bom": "CSV 写成带 BOM 的 UTF-8（供 Windows 上的 Excel 打开）。",
    "track": "只看此序列（编号或名称）；可重复。",
    "unit": "只看此单位的干部；可重复。",
    "max_file_size": "输入文件大小上限。",
    "max_uncompressed": "压缩工作簿（.xlsx/.ods）解压后的大小上限。",
    "max_ratio": "1 MB 以上的压缩项解压倍数上限（压缩炸弹）。",
    "max_entries": "压缩包内文件个数上限。",
    "max_rows": "工作表或 CSV 的行数上限。",
    "max_cells": "工作表已用区域（自 A1 起行×列）的单元格数上限。",
    "max_text_size": "工作表文本总量上限（共享字符串按引用次数计）。",
    "version": "显示版本号。",
    "debug": "内部错误时显示调用栈。",
    "publicity_start": "公示开始日期，遇周六周日顺延到周一；默认：今天之后的下一个工作日。",
    "publicity_days": "公示期工作日数（至少 5 天）。只跳过周六、周日和 --holiday 给出的日期，法定节假日需用 --holiday 指明。",
    "holiday": "公示期内要跳过的休息日，如 2026-01-01；可重复。",
    "contact": '受理意见的联系方式，如 "县委组织部干部监督科 0797-1234567"；默认：留出待填的标记。',
    "issuer": "落款单位，如 中共某县委组织部；默认：留出待填的标记。",
    "task": "要排名的专项考核名称（如 森林防灭火）。",
    "term_from": "任期起始年份。",
    "term_to": "任期截止年份。",
    "date": "基准日期，按此日判断处分影响期；默认：今天。",
    "into": "把权重写入此规则文件（保留注释）。",
    "decisions": "单独文件中的党委（党组）决定（工作簿或 CSV，列同决定表），代替名册中的决定表。",
}

# Options that mean something of their own in one command: "<command path>.<name>".
OPTIONS = {
    "batch.targets": "文件夹（含子文件夹）、通配符或文件。",
    "batch.output": "输出文件夹，最后整体写入（不得已存在，除非 --force）。",
    "batch.each": "--combine（默认）：所有文件合为一个总体统一分序列、算名额；--each：每个文件单独评分。",
    "batch.jobs": "并行读取的文件数；默认：全部 CPU 核。",
    "batch.csv_only": "只写 CSV 结果，不写工作簿（全省规模：xlsx 写得慢，且最多 1,048,576 行）。",
    "batch.force": "整体替换上次批量的输出文件夹（含 .cadrekit-batch）；含其他文件的文件夹或输入文件绝不替换。",
    "batch.workbook": "results.xlsx 的内容： full 全部工作表； counts 只含汇总、按单位、问题、规则、关于和文件状态，逐人结果只在 results.csv（省级规模几秒写完）； auto（默认）：不超过 100,000 人为 full。",
    "forms.output": "写入的文件夹（不存在则新建）；加 --one-file 时为 .docx 文件。",
    "forms.unit": "只写此单位干部的登记表；可重复。",
    "forms.one_file": "写成一个文档，每人一页，而不是一个文件夹。",
    "forms.form": "civil 为公务员年度考核登记表， institution 为事业单位工作人员年度考核登记表；"
    "默认：规则名含“事业单位”（--rules institution）时用后者，否则用前者。",
    "profile.key": "干部编号（或姓名，须唯一）。",
    "profile.date": "按此日判断影响期（年-月-日）；默认：考核年度 12 月 31 日。",
    "profile.fmt": "table（终端显示）、json 或 html（一页 A4 可打印）；默认：按 -o 扩展名，"
    "否则终端显示表格、管道输出 JSON。",
    "compare.old": "较早的输入（工作簿、文本表或 .parquet）。",
    "compare.new": "较新的输入；省略时用同一输入比较两套规则。",
    "compare.rules_old": "旧输入使用的规则（默认：内置规则）。",
    "compare.rules_new": "新输入使用的规则（默认：内置规则）。",
    "compare.by": "cadre：每名干部一行；track / unit：按序列或单位汇总。",
    "compare.changed": "只列等次或名次有变化的干部，以及新增和减少的人员。",
    "explain.ids": "干部编号（姓名唯一时也可用姓名）；可给多个。",
    "explain.fmt": "table（每人一个面板）、json 或 md；默认：终端显示表格，管道输出 JSON。",
    "explain.show_rules": "表格中加一列显示每一步依据的规则路径（JSON 和 md 始终包含）。",
    "flags.only": "只看这些名单（可重复）： promotion 能上， adjustment 能下， consequences 结果运用， risk 一把手风险；默认：全部四项。",
    "flags.date": "提拔名单的基准日期：此日在处分影响期内的干部不得提拔；默认：考核年度 12 月 31 日。",
    "flags.detail": "表格中每条理由一行，附依据。",
    "flags.show_rules": "表格中加一列显示每条依据的规则路径（CSV 和 JSON 始终包含）。",
    "score.track": "只看此序列（编号或名称）；可重复。",
    "score.top": "每个序列只看前 N 名（并列第 N 名一并列出）；与 --unit 同用时为本单位前 N 名，名次仍是全序列名次。",
    "score.public": "只含可公开的内容（晒实绩）：各序列的名次、姓名、单位、职务、得分、等次及等次人数；不含编号、身份证号、出生日期、限制原因等。",
    "score.kind": "annual（年度综合考核）、special（专项考核，需 --task）或 tenure（任期考核）；旧写法，请改用 special / tenure 命令。",
    "score.publicity": "改为输出公示名单（旧写法，请改用 publicity 命令）。",
    "score.task": "要排名的专项考核；用于 --kind special。",
    "score.term_from": "任期起始年份；用于 --kind tenure。",
    "score.term_to": "任期截止年份；用于 --kind tenure。",
    "sensitivity.track": "只看此序列（编号或名称）。",
    "sensitivity.delta": "逐个调整权重的步长（0.05 即 5 个百分点）。",
    "sensitivity.draws": "每个序列的蒙特卡洛权重抽样次数。",
    "sensitivity.seed": "抽样随机种子（种子相同，结果相同）。",
    "sensitivity.concentration": "狄利克雷集中度：越大，抽样越接近设定权重。",
    "template.output": "写入此文件（.xlsx）。",
    "training.year": "培训年度；默认：表中最新年份。",
    "training.by": "cadre：每名干部一行；unit：按单位和序列统计覆盖情况。",
    "training.below": "只列未达到学时要求的干部。",
    "validate.fmt": "输出格式：table / csv / json / jsonl；默认：终端显示表格，管道输出 CSV。",
    "validate.year": "按此考核年度检查决定表（同评分时的考核年度）；默认：最新事件日期所在年份。",
    "vet.date": "审查日期，按此日判断处分影响期；默认：今天。",
    "vet.summary": "每名人选一行，列出不通过、待补充和需事前报告的检查项。",
    "vet.detail": "逐项列出每名人选的七项审查（每项一行）。",
    "rules show.yaml_text": "输出规则文件的 YAML 原文，而不是表格。",
    "rules init.output": "规则文件写到哪里。",
    "rules init.base": "复制哪套内置规则：default（默认）或 institution（事业单位）。",
    "rules check.rules_file": "要检查的规则文件。",
    "rules check.roster": "可选的干部名册：检查规则用到的每一列都存在。",
    "weights ahp.matrices": "判断矩阵文件（.yaml 或 .xlsx），每个文件可含多名专家。",
    "weights ahp.method": "eigen（Saaty 特征向量法）或 geometric（几何平均法）。",
    "weights ahp.into": "把权重写入此规则文件（保留注释）；需同时给 --track。",
    "weights ahp.track": "序列编号或名称。",
    "weights ahp.strict": "任一 CR > 0.10 时退出码为 1，且不写任何文件。",
    "weights entropy.track": "序列编号或名称。",
    "weights critic.track": "序列编号或名称。",
}

# Help of each command (the first line is its summary in the command list), by path.
COMMANDS = {
    "": "cadrekit —— 干部考核：从 Excel 读入，分层计算，结果可解释。\n\n"
    "示例：cadrekit score 干部名册.xlsx -o 结果.xlsx",
    "batch": "批量评分：多个文件夹或通配符下的所有工作簿，逐个报告状态并汇总结果。\n\n"
    "查找 .xlsx .xlsm .xls .ods .csv .parquet 文件（锁文件 ~$…、隐藏文件和上次批量的输出"
    "列为跳过），并行读入和校验（--jobs）；出错的文件列出问题，其余照常评分。\n\n"
    "示例：cadrekit batch 各乡镇/ -o 汇总结果/",
    "carry": "结转：把已评分的年度转为下一年度的输入工作簿。\n\n"
    "先评分（应用 决定 表），再写下一年度工作簿：名册保留人员、单位和职务（指标、测评、季度等次和"
    "考核状态留空待填），历年考核 加入本年度最终等次和得分，监督信息 和 教育培训 保留，纪实记录、"
    "专项考核、拟提拔人选、决定 和 测评票 清空；格式同 cadrekit template 的模板（表头样式、批注、"
    "下拉选项、宋体、冻结表头）。已存在的文件不覆盖，除非 --force。\n\n"
    "示例：cadrekit carry 2025年度干部考核.xlsx -o 2026年度干部考核.xlsx",
    "forms": "年度考核登记表：每名干部一份，预先填好，A4 .docx。\n\n"
    "按名册和评分结果填写：姓名、性别（据身份证号）、出生年月、单位及职务、任现职时间、综合得分、"
    "考核等次、序列排名、未定等次的原因和备注；个人总结、主管领导评语、审核意见、签名和日期留空由本人"
    "和领导填写。每人一个文件（编号-姓名.docx）写入 -o 文件夹，或 --one-file 合为一个文档。"
    "已存在的文件不覆盖，除非 --force。\n\n"
    "示例：cadrekit forms 干部名册.xlsx -o 登记表/ --unit 城关镇",
    "profile": "干部画像：一名干部跨年度的情况，终端一屏或一页可打印页面（-o 画像.html）。\n\n"
    "历年等次（历年考核 和本年度）、本年度纪实记录按类别及分值和计入情况、监督信息及其影响期、"
    "季度等次、培训学时、任现职年限和任现职级年限（无 任现职级时间 时以任现职时间代替）、当前等次限制，"
    "以及在能上、能下名单中的情况。不重新计算任何规则。\n\n"
    "示例：cadrekit profile 干部名册.xlsx A0012 -o 画像.html",
    "compare": "比较两次评分：名次和等次变化、得分变化、新增和减少的人员。\n\n"
    "-o 比较.xlsx 写工作簿：逐人比较，以及按序列、按单位的汇总。只给一个输入并用 "
    "--rules-old/--rules-new 时，显示规则改动的影响。\n\n"
    "示例：cadrekit compare 2024年.xlsx 2025年.xlsx --changed",
    "explain": "说明某名干部的等次从何而来：指标、各部分得分、加减分、限制、名次、名额切线、标记。\n\n"
    "全部取自评分时记录的审计轨迹（不重新计算），与 cadrekit score 的结果一致；"
    "有决定表（或 --decisions）时显示最终等次和党委（党组）决定（会议、日期、记录人）。\n\n"
    "示例：cadrekit explain 干部名册.xlsx A0012 张三",
    "flags": "能上能下：拟提拔人选、调整名单、结果运用和一把手风险名单。\n\n"
    "每名干部一行，列出入选的全部理由和依据；调整名单供研究参考，不是结论。"
    "处分影响期内（以 --date 为准）的干部标为不得提拔。\n\n"
    "示例：cadrekit flags 干部名册.xlsx --list promotion",
    "score": "评分：按序列排名，按名额评定等次，并说明原因。\n\n"
    "终端上每个序列显示一张排名表和一张对照优秀名额的汇总；管道输出 CSV。-o 写文件，格式"
    "按扩展名（.csv .json .jsonl .xlsx .html）；工作簿含汇总图表、各序列表、明细和审计轨迹、"
    "标记和问题。\n\n"
    "示例：cadrekit score 干部名册.xlsx -o 结果.xlsx",
    "publicity": "优秀等次公示名单：按单位列出姓名、单位和职务。\n\n"
    "不含编号和得分；公示期至少五个工作日（跳过周末，法定节假日用 --holiday 指明），"
    "附联系方式、落款和日期。有决定表（或 --decisions）时按最终等次列出。"
    "-o 写 .xlsx（可直接打印）、.md 或 .docx；不给 -o 时输出 Markdown。\n\n"
    '示例：cadrekit publicity 干部名册.xlsx -o 公示.xlsx --contact "干部监督科 0797-1234567"',
    "sensitivity": "等次稳不稳：逐个调整权重、蒙特卡洛抽样权重、逐人剔除，看名次相关性和等次变化。\n\n"
    "示例：cadrekit sensitivity 干部名册.xlsx --draws 200",
    "special": "专项考核排名：按 专项考核 表在各序列内排名。\n\n"
    "不给 --task 时，错误信息会列出表中的专项考核。\n\n"
    "示例：cadrekit special 干部名册.xlsx --task 森林防灭火",
    "template": "生成空白输入工作簿：全部工作表、表头批注、下拉选项和示例行。\n\n"
    "已存在的文件不覆盖，除非 --force。\n\n"
    "示例：cadrekit template -o 2025年度干部考核.xlsx",
    "tenure": "任期考核：每名干部整个任期的等次及理由。\n\n"
    "读取 历年考核 表和本年度的评分结果。\n\n"
    "示例：cadrekit tenure 干部名册.xlsx --from 2022 --to 2024",
    "training": "教育培训：每名干部本年度学时对照所在层级的要求。\n\n"
    "默认按单位和序列统计：人数、达标人数、比例、是否全覆盖、缺必修专题人数和未达标名单；"
    "--by cadre 逐人列出（--below 只列未达标者）。\n\n"
    "示例：cadrekit training 干部名册.xlsx --below --by cadre",
    "validate": "只校验不评分：列出每个问题所在单元格和修改办法。\n\n"
    "按问题代码分组，错误在前，每条给出位置（如 干部名册!F17）、发现的值、应有的值和提示。"
    "有决定表（或 --decisions）时，也像评分时一样检查每条决定是否符合考核规则（并列、名额、等次限制），"
    "位置相同。有错误时退出码为 1。\n\n"
    "示例：cadrekit validate 干部名册.xlsx",
    "vet": "凡提四必：逐名审查拟提拔人选，一行给出结论（可以提拔 / 暂缓 / 不得提拔）和理由。\n\n"
    "审查：档案审核、个人有关事项报告核查、纪委意见、信访举报、处分影响期、最近年度等次、"
    "任前报告情形。加 --detail 逐项列出七项审查。\n\n"
    "示例：cadrekit vet 干部名册.xlsx --date 2025-03-01",
    "rules": "查看、复制和检查规则文件（YAML）。",
    "rules show": "显示生效的规则：序列、指标和权重、组成部分、限制、名额。\n\n"
    "示例：cadrekit rules show --rules 我的规则.yaml",
    "rules init": "把内置规则（带注释）写入 YAML 文件以便修改。\n\n"
    "示例：cadrekit rules init -o 我的规则.yaml",
    "rules check": "检查规则文件（键、类型、权重、等次名称）；给出名册时一并检查列。\n\n"
    "每个错误都给出路径，如 tracks[2].indicators[0].weight。有问题时退出码为 1。\n\n"
    "示例：cadrekit rules check 我的规则.yaml 干部名册.xlsx",
    "weights": "计算指标权重：专家判断的 AHP，或由数据计算的熵权法、CRITIC 法。",
    "weights ahp": "AHP 权重：由两两比较判断矩阵计算，给出 λmax、CI、RI 和 CR。\n\n"
    "多名专家的判断按几何平均合成，并分别给出 CR；CR 超过 0.10 时警告并指出需修改的判断，"
    "加 --strict 则报错。\n\n"
    "示例：cadrekit weights ahp 专家甲.yaml 专家乙.yaml --track township-chief",
    "weights entropy": "熵权法：由名册中的数值计算某序列各指标的权重。\n\n"
    "各指标按方向做极差标准化；差异越大权重越大；常量或空指标权重为 0 并警告。\n\n"
    "示例：cadrekit weights entropy 干部名册.xlsx --track township-chief",
    "weights critic": "CRITIC 权重：对比强度（σ）乘以冲突性（1 − 相关系数）。\n\n"
    "与熵权法相似，但与其他指标高度相关的指标权重更小。\n\n"
    "示例：cadrekit weights critic 干部名册.xlsx --track dept-chief",
}

# The value an option takes, in words, by parameter name (or "<command path>.<name>").
METAVARS = {
    "file": "文件",
    "old": "旧文件",
    "new": "新文件",
    "rules_file": "规则文件",
    "decisions": "文件",
    "key": "编号",
    "workbook": "内容",
    "roster": "名册",
    "matrices": "矩阵文件",
    "targets": "文件夹或通配符",
    "ids": "编号或姓名",
    "rules": "规则",
    "rules_old": "规则",
    "rules_new": "规则",
    "base": "规则集",
    "year": "年份",
    "term_from": "年份",
    "term_to": "年份",
    "training.year": "年份",
    "fmt": "格式",
    "output": "文件",
    "batch.output": "文件夹",
    "into": "规则文件",
    "track": "序列",
    "unit": "单位",
    "top": "人数",
    "jobs": "个数",
    "date": "年-月-日",
    "publicity_start": "年-月-日",
    "holiday": "年-月-日",
    "publicity_days": "天数",
    "contact": "联系方式",
    "issuer": "落款",
    "task": "专项",
    "kind": "类别",
    "by": "维度",
    "only": "名单",
    "lang": "语言",
    "method": "方法",
    "delta": "步长",
    "draws": "次数",
    "seed": "种子",
    "concentration": "集中度",
    "max_file_size": "大小",
    "max_uncompressed": "大小",
    "max_text_size": "大小",
    "max_ratio": "倍数",
    "max_entries": "个数",
    "max_rows": "行数",
    "max_cells": "个数",
}
