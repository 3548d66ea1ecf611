"""``cadrekit score`` end to end: golden CSV, parity with the library, files, filters, pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from cadrekit import api
from cadrekit.render.tabular import to_json_dict
from runner import run_cadrekit

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "county-2025.xlsx"
GOLDEN = ROOT / "tests" / "golden" / "county-2025.csv"
sys.path.insert(0, str(ROOT / "scripts"))


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cadrekit("score", *args, cwd=cwd)


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import samplegen

    path = tmp_path_factory.mktemp("roster") / "roster.xlsx"
    samplegen.write_xlsx(samplegen.generate(80, seed=11), path, title="2025年度考核")
    return path


@pytest.fixture(scope="module")
def broken_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import samplegen

    frames = samplegen.generate(40, seed=5)
    cadres = frames["cadres"].astype({"优秀票": object})
    cadres.loc[3, "优秀票"] = "很多"  # a bad number on spreadsheet row 6 (title, header)
    frames["cadres"] = cadres
    path = tmp_path_factory.mktemp("broken") / "broken.xlsx"
    samplegen.write_xlsx(frames, path, title="2025年度考核")
    return path


def csv_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample workbook not generated")
def test_golden_csv() -> None:
    result = run(SAMPLE, "--format", "csv", "--lang", "en", "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_json_equals_the_library_result(roster: Path) -> None:
    result = run(roster, "--format", "json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    expected = json.loads(
        json.dumps(to_json_dict(api.score(roster), lang="en"), ensure_ascii=False)
    )
    assert json.loads(result.stdout) == expected
    assert expected["year"] == 2025 and expected["rules"] == "default"
    assert len(expected["input_sha256"]) == 64 and len(expected["rules_sha256"]) == 64


def test_piped_output_is_csv_with_chinese_headers_and_year_on_stderr(roster: Path) -> None:
    result = run(roster)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("编号,姓名,单位,考核序列,排名,综合得分,等次,标记,")
    assert "考核年度 2025" in result.stderr


def test_jsonl_one_cadre_per_line(roster: Path) -> None:
    result = run(roster, "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 80 and json.loads(lines[0])["rank"] == 1


def test_id_numbers_masked_unless_asked(roster: Path) -> None:
    masked = csv_of(run(roster, "--lang", "en").stdout)
    assert all("********" in r["id_number"] for r in masked if r["id_number"])
    shown = csv_of(run(roster, "--lang", "en", "--show-id-numbers").stdout)
    assert all("*" not in r["id_number"] for r in shown)


def test_filters_track_unit_top(roster: Path) -> None:
    rows = csv_of(run(roster, "--lang", "en", "--track", "一般干部", "--top", "3").stdout)
    assert rows and {r["track"] for r in rows} == {"staff"}
    assert all(int(r["rank"]) <= 3 for r in rows)
    unit = rows[0]["unit"]
    by_unit = csv_of(run(roster, "--lang", "en", "--unit", unit).stdout)
    assert by_unit and {r["unit"] for r in by_unit} == {unit}


def test_top_cuts_the_ranked_tables_but_not_the_summary(roster: Path) -> None:
    def summary(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "cadrekit", "score", str(roster), "--format", "table", *args],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "COLUMNS": "250"},
        )
        return done.stdout[done.stdout.index("Grades against quotas") :]

    def rows(text: str) -> list[list[str]]:  # under the header rule, until the slots note
        lines = text.splitlines()
        body = lines[next(i for i, line in enumerate(lines) if line.startswith("─")) + 1 :]
        end = (i for i, line in enumerate(body) if not line.strip() or line.startswith("Slots ="))
        body = body[: next(end, len(body))]
        return [re.split(r"\s{2,}", line.strip()) for line in body]

    whole = summary("--lang", "en")
    assert summary("--lang", "en", "--top", "3") == whole  # counts of whole tracks
    staff = [row for row in rows(whole) if row[0] == "一般干部"]
    assert staff and int(staff[0][1]) > 3
    assert rows(summary("--lang", "en", "--track", "一般干部", "--top", "1")) == staff


def test_unknown_track_is_a_usage_error(roster: Path) -> None:
    result = run(roster, "--track", "no-such-track", "--lang", "en")
    assert result.returncode == 2
    assert (
        "unknown track: no-such-track" in result.stderr
        and "dept-chief (县直单位正职)" in result.stderr
    )


def test_writes_files_refuses_existing_without_force(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert run(roster, "-o", out).returncode == 0
    first = out.read_bytes()
    assert first.startswith("编号".encode())
    again = run(roster, "-o", out, "--bom")
    assert again.returncode == 2 and "已存在" in again.stderr
    assert out.read_bytes() == first
    forced = run(roster, "-o", out, "--bom", "--force")
    assert forced.returncode == 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not list(tmp_path.glob(".out.csv.*"))  # no temporary file left behind


def test_output_must_not_be_the_input(roster: Path, tmp_path: Path) -> None:
    copy = tmp_path / "same.xlsx"
    copy.write_bytes(roster.read_bytes())
    result = run(copy, "-o", copy, "--force")
    assert result.returncode == 2 and "输入文件" in result.stderr
    assert copy.read_bytes() == roster.read_bytes()


def test_format_and_suffix_must_agree(roster: Path, tmp_path: Path) -> None:
    assert run(roster, "-o", tmp_path / "x.csv", "--format", "json").returncode == 2
    assert run(roster, "-o", tmp_path / "x.txt").returncode == 2
    assert run(roster, "--format", "xlsx").returncode == 2


def test_file_csv_is_formula_safe_by_default(tmp_path: Path) -> None:
    import samplegen

    frames = samplegen.generate(30, seed=2)
    frames["cadres"].loc[0, "姓名"] = "=1+1"
    roster = tmp_path / "r.xlsx"
    samplegen.write_xlsx(frames, roster)
    assert run(roster, "-o", tmp_path / "a.csv").returncode == 0
    assert "'=1+1" in (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert run(roster, "-o", tmp_path / "b.csv", "--no-safe-csv").returncode == 0
    assert "'=1+1" not in (tmp_path / "b.csv").read_text(encoding="utf-8")
    assert ",=1+1," in run(roster).stdout  # stdout: off unless --safe-csv
    assert "'=1+1" in run(roster, "--safe-csv").stdout
    assert run(roster, "-o", tmp_path / "c.xlsx").returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_xlsx_output(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.xlsx"
    result = run(roster, "-o", out)
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and wb.sheetnames[-5:] == [
        "明细",
        "标记",
        "问题",
        "规则",
        "关于",
    ]
    assert "县直单位正职" in wb.sheetnames
    about = dict(wb["关于"].iter_rows(min_row=2, values_only=True))
    assert about["输入文件"] == "roster.xlsx" and about["考核年度"] == 2025
    first = [c.value for c in wb["乡镇党政正职"][3]]  # below the title and header rows
    assert first[0] == 1  # rank 1 first


def test_invalid_input_lists_problems_and_exits_1(broken_roster: Path) -> None:
    result = run(broken_roster, "--lang", "en")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "干部名册!" in result.stderr and "bad-" in result.stderr
    assert "Traceback" not in result.stderr


def test_lenient_scores_valid_rows_and_lists_rejected(broken_roster: Path) -> None:
    result = run(broken_roster, "--lenient", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    rejected = [p for p in doc["problems"] if p["code"] == "rejected-row"]
    assert len(rejected) == 1 and rejected[0]["location"].startswith("干部名册!")
    assert len(doc["cadres"]) == 39
    assert "rejected" in result.stderr or "未参加评分" in result.stderr


def test_head_exits_quietly(tmp_path: Path) -> None:
    import samplegen

    roster = tmp_path / "big.xlsx"
    samplegen.write_xlsx(samplegen.generate(3000, seed=3), roster)
    pipeline = (
        f"{sys.executable} -m cadrekit score {roster} --format csv 2>{tmp_path / 'err'} | head -n 2"
    )
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {pipeline}"], capture_output=True)
    assert done.returncode in (0, 141)  # 141: SIGPIPE, the quiet end of a closed pipe
    assert len(done.stdout.splitlines()) == 2
    err = (tmp_path / "err").read_text()
    assert "Traceback" not in err and "BrokenPipe" not in err and "internal error" not in err


def test_a_year_out_of_range_is_a_usage_error(roster: Path, tmp_path: Path) -> None:
    """1800 or 99999 is a typo, not a year to assess: exit 2 and nothing written."""
    for year in ("1800", "99999"):
        done = run(roster, "--year", year, "-o", tmp_path / "out.csv")
        assert done.returncode == 2 and "--year" in done.stderr
    assert not (tmp_path / "out.csv").exists()
