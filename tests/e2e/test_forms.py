"""``cadrekit forms``: the 年度考核登记表 as Word documents, read back cell by cell and
printed through LibreOffice (one A4 page per form)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from runner import run_cadrekit

docx = pytest.importorskip("docx")

SIGN = "签名：" + "\u3000" * 9 + "年\u3000\u3000月\u3000\u3000日"
SEAL = "（盖章）" + "\u3000" * 8 + "年\u3000\u3000月\u3000\u3000日"
FILES = [
    "A0001-张三.docx",
    "A0002-李四.docx",
    "A0003-王五.docx",
    "A0004-赵六.docx",
    "A0005-钱七.docx",
    "A0006-孙八.docx",
    "A0007-周九.docx",
    "A0008-吴十.docx",
]


def cells(path: Path, table: int = 0) -> list[list[str]]:
    """Each row's cells as printed: a merged cell once."""
    rows = []
    for row in docx.Document(str(path)).tables[table].rows:
        seen, texts = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                texts.append(cell.text)
        rows.append(texts)
    return rows


def civil(
    name: str, sex: str, post: str, cid: str, score: str, grade: str, rank: str, reason: str = ""
) -> list[list[str]]:
    return [
        ["姓名", name, "性别", sex, "出生年月", "1985.06"],
        ["民族", "", "政治面貌", "", "学历", ""],
        ["单位及职务职级", post],
        ["任现职务职级时间", "2021.03", "编号", cid],
        ["个人总结", SIGN],
        ["主管领导评语和考核等次建议", "主管领导" + SIGN],
        ["综合得分", score, "考核等次", grade],
        ["考核序列及排名", rank],
        ["考核委员会（考核领导小组）审核意见", SEAL],
        ["被考核人意见", SIGN],
        ["未确定等次或不参加考核原因", reason],
        ["备注", ""],
    ]


def pdf_pages(document: Path, outdir: Path) -> tuple[int, str]:
    """LibreOffice's PDF of ``document``: its page count and page size (pdfinfo)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice (LibreOffice Writer) is required")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(outdir / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    info = subprocess.run(
        ["pdfinfo", str(outdir / (document.stem + ".pdf"))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    size = re.search(r"Page size:\s+(.*)", info).group(1).strip()  # type: ignore[union-attr]
    return pages, size


def test_one_file_per_cadre_prefilled(corpus, tmp_path: Path) -> None:
    out = tmp_path / "登记表"
    done = run_cadrekit("forms", corpus.saved("forms-unit"), "-o", out)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == f"已写入 8 份公务员年度考核登记表：{out}（8 个文件）\n"
    assert sorted(p.name for p in out.iterdir()) == FILES
    document = docx.Document(str(out / "A0001-张三.docx"))
    assert [p.text for p in document.paragraphs[:2]] == ["公务员年度考核登记表", "（2025 年度）"]
    assert cells(out / "A0001-张三.docx") == civil(
        "张三", "男", "县交通运输局科员", "A0001", "88.18", "称职", "一般干部第 5 名（共 7 名）"
    )
    # no 身份证号: 性别 blank; no 职务: the layer; a post that names its unit kept as typed
    assert cells(out / "A0004-赵六.docx")[0] == ["姓名", "赵六", "性别", "", "出生年月", "1985.06"]
    assert cells(out / "A0002-李四.docx")[2] == ["单位及职务职级", "县交通运输局一般干部"]
    assert cells(out / "A0008-吴十.docx")[2] == ["单位及职务职级", "县财政局科员"]
    assert cells(out / "A0005-钱七.docx")[6] == ["综合得分", "89.18", "考核等次", "优秀"]
    # 不参加: the grade box gives the status and its reason, the score box says 不计分
    assert cells(out / "A0006-孙八.docx") == civil(
        "孙八", "女", "县交通运输局科员", "A0006", "不计分", "不参加（病假）", "",
        "不参加（病假）",
    )  # fmt: skip


def test_east_asian_font_on_every_run(corpus, tmp_path: Path) -> None:
    out = tmp_path / "f"
    assert (
        run_cadrekit(
            "forms", corpus.saved("forms-unit"), "-o", out, "--unit", "县财政局"
        ).returncode
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == FILES[6:]
    document = docx.Document(str(out / FILES[6]))
    fonts = set()
    runs = [r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    runs += [r for p in document.paragraphs for r in p.runs]
    for run in runs:
        fonts.add(
            run._element.rPr.rFonts.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
            )
        )
    assert fonts == {"宋体", "仿宋"}


def test_each_form_one_a4_page(corpus, tmp_path: Path) -> None:
    out = tmp_path / "f"
    assert run_cadrekit("forms", corpus.saved("forms-unit"), "-o", out).returncode == 0
    assert pdf_pages(out / "A0001-张三.docx", tmp_path) == (1, "595.304 x 841.89 pts (A4)")
    book = tmp_path / "全部.docx"
    done = run_cadrekit("forms", corpus.saved("forms-unit"), "-o", book, "--one-file")
    assert done.returncode == 0
    assert done.stderr == f"已写入 8 份公务员年度考核登记表：{book}\n"
    assert pdf_pages(book, tmp_path) == (8, "595.304 x 841.89 pts (A4)")
    assert len(docx.Document(str(book)).tables) == 8


def test_institution_form(corpus, tmp_path: Path) -> None:
    book = tmp_path / "事业.docx"
    done = run_cadrekit(
        "forms",
        corpus.saved("forms-institution"),
        "--rules",
        "institution",
        "-o",
        book,
        "--one-file",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"已写入 8 份事业单位工作人员年度考核登记表：{book}\n"
    document = docx.Document(str(book))
    assert [p.text for p in document.paragraphs[:2]] == [
        "事业单位工作人员年度考核登记表",
        "（2025 年度）",
    ]
    rows = cells(book, 5)
    assert [r[0] for r in rows] == [
        "姓名",
        "民族",
        "单位及岗位（岗位等级）",
        "聘用现岗位时间",
        "个人总结",
        "主管领导评语和考核档次建议",
        "综合得分",
        "考核序列及排名",
        "考核委员会意见",
        "单位负责人意见",
        "被考核人意见",
        "未确定档次或不参加考核原因",
        "备注",
    ]
    assert rows[6] == ["综合得分", "不计分", "考核档次", "不参加（病假）"]
    assert rows[11] == ["未确定档次或不参加考核原因", "不参加（病假）"]
    assert cells(book, 4)[6] == ["综合得分", "89.18", "考核档次", "优秀"]
    sick = cells(book, 6)  # A0007: 不定等次 by its 考核状态
    assert (sick[0][1], sick[6], sick[7], sick[11]) == (
        "周九",
        ["综合得分", "不计分", "考核档次", "不定等次（病假超过半年）"],
        ["考核序列及排名", ""],
        ["未确定档次或不参加考核原因", "不定等次（病假超过半年）"],
    )
    sanctioned = cells(book, 7)  # A0008: scored, left 不定等次 by a 记过 (no rule path shown)
    assert (sanctioned[0][1], sanctioned[6], sanctioned[11]) == (
        "吴十",
        ["综合得分", "88.18", "考核档次", "不定等次"],
        ["未确定档次或不参加考核原因", "监督信息（考核年度）：2025-05-20 记过 → 不定等次"],
    )
    assert pdf_pages(book, tmp_path) == (8, "595.304 x 841.89 pts (A4)")


def test_refuses_to_overwrite(corpus, tmp_path: Path) -> None:
    out = tmp_path / "f"
    out.mkdir()
    kept = out / "A0003-王五.docx"
    kept.write_bytes(b"typed by hand")
    done = run_cadrekit("forms", corpus.saved("forms-unit"), "-o", out)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"错误: {kept}：文件已存在 — 加 --force 覆盖，或换一个文件名\n"
    assert [p.name for p in out.iterdir()] == ["A0003-王五.docx"]  # nothing written
    assert kept.read_bytes() == b"typed by hand"
    assert run_cadrekit("forms", corpus.saved("forms-unit"), "-o", out, "--force").returncode == 0
    assert cells(kept)[0] == ["姓名", "王五", "性别", "男", "出生年月", "1985.06"]


def test_usage_and_input_errors(corpus, tmp_path: Path) -> None:
    done = run_cadrekit(
        "forms", corpus.saved("forms-unit"), "-o", tmp_path / "a", "--unit", "县政府办"
    )
    assert (done.returncode, done.stderr) == (
        2,
        "错误: 名册中没有单位：县政府办；单位有：县交通运输局、县财政局\n",
    )
    done = run_cadrekit("forms", corpus.saved("forms-unit"), "-o", tmp_path / "a.docx")
    assert done.returncode == 2
    assert done.stderr.startswith(f"错误: {tmp_path / 'a.docx'}：每人一个文件时 -o 是文件夹")
    done = run_cadrekit("forms", corpus.saved("forms-broken"), "-o", tmp_path / "b")
    assert done.returncode == 1
    assert "  干部名册!S6: 不是有效数字 (实际为 八十) — 请填写数字，如 0–100\n" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "b").exists()
