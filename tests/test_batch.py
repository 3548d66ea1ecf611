"""cadrekit batch: discovery, combine and each modes, cross-file duplicates, safe output."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cadrekit import batch
from cadrekit.errors import OutputError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import samplegen

UNITS = ("城关镇", "白水乡", "县财政局")


def _unit_frames(frames: dict[str, pd.DataFrame], unit: str) -> dict[str, pd.DataFrame]:
    """One unit's submission: its cadres and every row about them (or about the unit)."""
    cadres = frames["cadres"]
    ids = set(cadres.loc[cadres["单位"].astype(str) == unit, "编号"])
    part = {k: v[v["编号"].isin(ids)].reset_index(drop=True) for k, v in frames.items()}
    events = frames["events"]
    unit_events = events["编号"].isna() & (events["单位"].astype(str) == unit)
    part["events"] = events[events["编号"].isin(ids) | unit_events].reset_index(drop=True)
    return part


@pytest.fixture(scope="module")
def county() -> dict[str, dict[str, pd.DataFrame]]:
    frames = samplegen.generate(60, seed=11, n_units=5)
    units = list(frames["cadres"]["单位"].astype(str).unique())
    assert set(UNITS) <= set(units)
    return {unit: _unit_frames(frames, unit) for unit in units}


def _write(folder: Path, county: dict[str, dict[str, pd.DataFrame]], *units: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for unit in units:
        samplegen.write_xlsx(county[unit], folder / f"{unit}.xlsx", title=f"{unit} 2025年度考核")


@pytest.fixture
def mixed(tmp_path: Path, county: dict[str, dict[str, pd.DataFrame]]) -> Path:
    """Three good unit workbooks, one broken one, and files that are not submissions."""
    folder = tmp_path / "submissions"
    _write(folder, county, *UNITS)
    broken = {k: v.copy() for k, v in county["县财政局"].items()}
    broken["cadres"]["编号"] = broken["cadres"]["编号"].str.replace("A", "B")  # no overlap
    for kind in broken.keys() - {"cadres"}:  # other sheets would name the old ids
        broken[kind] = broken[kind].iloc[0:0]
    broken["cadres"].loc[2, "姓名"] = None  # a required value: row 3 + title + header = 5
    samplegen.write_xlsx(broken, folder / "broken.xlsx", title="有错误的报送")
    (folder / "说明.txt").write_text("not a workbook", encoding="utf-8")
    (folder / "~$城关镇.xlsx").write_bytes(b"lock")
    (folder / ".hidden.xlsx").write_bytes(b"hidden")
    return folder


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_discover_lists_workbooks_and_says_why_others_are_skipped(mixed: Path) -> None:
    found = batch.discover([mixed])
    assert [i.name for i in found.inputs] == [
        "broken.xlsx",
        "县财政局.xlsx",
        "城关镇.xlsx",
        "白水乡.xlsx",
    ]
    skipped = {i.name: reason for i, reason in found.skipped}
    assert skipped == {
        ".hidden.xlsx": "hidden",
        "~$城关镇.xlsx": "lock-file",
        "说明.txt": "not-a-workbook",
    }


def test_combine_scores_the_good_files_as_one_population(
    mixed: Path, tmp_path: Path, county: dict[str, dict[str, pd.DataFrame]]
) -> None:
    out = tmp_path / "results"
    report = batch.run([mixed], out, jobs=1)
    assert report.exit_code == 1  # broken.xlsx
    assert sorted(p.name for p in out.iterdir()) == [
        batch.MARKER,
        "problems.csv",
        "results.csv",
        "results.xlsx",
        "status.csv",
    ]
    status = {row["file"]: row for row in _csv(out / "status.csv")}
    assert status["broken.xlsx"] | {"message": ""} == {
        "file": "broken.xlsx",
        "rows": str(len(county["县财政局"]["cadres"])),
        "rejected": "0",
        "errors": "1",
        "warnings": "0",
        "status": "error",
        "result": "",
        "message": "",
    }
    assert status["broken.xlsx"]["message"] == "干部名册!B5: 必填项为空"
    for unit in UNITS:
        row = status[f"{unit}.xlsx"]
        assert (row["errors"], row["status"], row["result"]) == ("0", "ok", "results.xlsx")
        assert row["rows"] == str(len(county[unit]["cadres"]))
    assert status["说明.txt"]["status"] == "skipped"
    assert status["~$城关镇.xlsx"]["message"] == "Excel/WPS 锁文件"
    results = pd.read_csv(out / "results.csv", dtype=str)
    assert len(results) == sum(len(county[u]["cadres"]) for u in UNITS)
    assert set(results["source_file"]) == {f"{u}.xlsx" for u in UNITS}
    # tracks span the files: one rank sequence per track, not one per file
    staff = results[results["考核序列"] == "staff"]
    assert staff["source_file"].nunique() == 3 and staff["排名"].astype(int).max() > 1
    problems = _csv(out / "problems.csv")
    codes = {(p["file"], p["code"]) for p in problems}
    assert ("broken.xlsx", "missing-value") in codes
    assert ("broken.xlsx", "file-left-out") in codes


def test_each_scores_every_file_on_its_own(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "each"
    report = batch.run([mixed], out, mode="each", jobs=1)
    assert report.exit_code == 1
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [batch.MARKER, "problems.csv", "status.csv", "status.xlsx"] + [f"{u}.xlsx" for u in UNITS]
    )  # no result for broken.xlsx
    status = {row["file"]: row for row in _csv(out / "status.csv")}
    assert status["城关镇.xlsx"]["result"] == "城关镇.xlsx"
    assert status["broken.xlsx"]["status"] == "error"


def test_each_in_a_process_pool_writes_csv(tmp_path: Path, county: dict) -> None:
    folder = tmp_path / "in"
    _write(folder, county, "城关镇", "白水乡")
    out = tmp_path / "out"
    report = batch.run([folder], out, mode="each", jobs=2, options=batch.WriteOptions(xlsx=False))
    assert report.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        batch.MARKER,
        "problems.csv",
        "status.csv",
        "城关镇.csv",
        "白水乡.csv",
    ]
    assert [s.status for s in report.statuses] == ["ok", "ok"]


def _duplicate_folder(tmp_path: Path, county: dict) -> Path:
    """城关镇 also lists 县财政局's third cadre (spreadsheet row 5 there, row 3 + n here)."""
    folder = tmp_path / "dup"
    _write(folder, county, "县财政局")
    town = {k: v.copy() for k, v in county["城关镇"].items()}
    stray = county["县财政局"]["cadres"].iloc[[2]]
    town["cadres"] = pd.concat([town["cadres"], stray], ignore_index=True)
    samplegen.write_xlsx(town, folder / "城关镇.xlsx", title="城关镇")
    return folder


def test_duplicate_id_across_files_fails_the_combined_run(tmp_path: Path, county: dict) -> None:
    folder = _duplicate_folder(tmp_path, county)
    out = tmp_path / "out"
    report = batch.run([folder], out, jobs=1)
    assert report.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        batch.MARKER,
        "problems.csv",
        "status.csv",
        "status.xlsx",
    ]
    n = len(county["城关镇"]["cadres"])
    the_id = county["县财政局"]["cadres"]["编号"].iloc[2]
    dups = [p for f, p in report.problems if p.code == "duplicate-id-across-files"]
    here, there = f"城关镇.xlsx 干部名册!A{n + 3}", "县财政局.xlsx 干部名册!A5"
    assert sorted((p.location, p.params["other"], p.found) for p in dups) == sorted(
        [(here, there, the_id), (there, here, the_id)]
    )
    status = {s.file: s for s in report.statuses}
    assert status["城关镇.xlsx"].status == status["县财政局.xlsx"].status == "error"
    assert status["县财政局.xlsx"].message == f"{there}: 编号与另一文件重复"


def test_a_stopped_combined_run_scores_no_file(tmp_path: Path, county: dict) -> None:
    """The valid files are not ``ok``: the duplicate stopped the run before any scoring."""
    folder = _duplicate_folder(tmp_path, county)
    _write(folder, county, "白水乡")
    (folder / "坏文件.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out"
    report = batch.run([folder], out, jobs=1)
    assert report.exit_code == 1 and report.result is None
    rows = {f: r[2:] for f, r in _status_rows(out / "status.csv").items()}
    n = len(county["城关镇"]["cadres"])
    assert rows["坏文件.xlsx"][4].startswith("坏文件.xlsx：")  # the reader's words
    assert rows == {
        "坏文件.xlsx": ("1", "0", "error", "", rows["坏文件.xlsx"][4]),
        "县财政局.xlsx": ("1", "0", "error", "", "县财政局.xlsx 干部名册!A5: 编号与另一文件重复"),
        "城关镇.xlsx": (
            "1",
            "0",
            "error",
            "",
            f"城关镇.xlsx 干部名册!A{n + 3}: 编号与另一文件重复",
        ),
        "白水乡.xlsx": ("0", "0", "not-scored", "", "合并已停止：编号重复"),
    }
    _, _, sheet = _sheet(out / "status.xlsx", "文件状态")
    assert {r[0]: r[5] for r in sheet[1:]}["白水乡.xlsx"] == "未评分"
    en = batch.run([folder], tmp_path / "en", jobs=1, options=batch.WriteOptions(lang="en"))
    assert {s.file: s.message for s in en.statuses}["白水乡.xlsx"] == (
        "combined run stopped: duplicate ids"
    )


def test_each_makes_a_result_subfolder_only_for_a_file_with_a_result(
    tmp_path: Path, county: dict
) -> None:
    folder = tmp_path / "in"
    _write(folder / "乡镇", county, "城关镇")
    (folder / "坏").mkdir()
    (folder / "坏" / "坏文件.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out"
    report = batch.run([folder], out, mode="each", jobs=2, options=_CSV)
    assert report.exit_code == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        batch.MARKER,
        "problems.csv",
        "status.csv",
        "乡镇",
        "乡镇/城关镇.csv",
    ]  # no 坏/ for the file that failed
    assert [(s.file, s.status, s.result) for s in report.statuses] == [
        ("乡镇/城关镇.xlsx", "ok", "乡镇/城关镇.csv"),
        ("坏/坏文件.xlsx", "error", ""),
    ]


def _last_year_folder(tmp_path: Path, county: dict) -> Path:
    """城关镇 for 2025; 白水乡 sent last year's submission again: every date a year earlier."""
    folder = tmp_path / "in"
    _write(folder, county, "城关镇")
    old = {k: v.copy() for k, v in county["白水乡"].items()}
    for frame in old.values():
        if "日期" in frame.columns:
            frame["日期"] = pd.to_datetime(frame["日期"]) - pd.DateOffset(years=1)
    assert set(old["events"]["日期"].dt.year) == {2024} and len(old["events"])
    samplegen.write_xlsx(old, folder / "白水乡.xlsx", title="白水乡 2024年度考核")
    return folder


YEAR_WARNING = "考核年度 2025 内没有任何奖惩或监督记录（记录年份 2024），均不计入"


@pytest.mark.parametrize("mode", ["combine", "each"])
def test_year_warnings_are_per_file_as_in_score(tmp_path: Path, county: dict, mode: str) -> None:
    """score 白水乡.xlsx --year 2025 warns; batch must too, naming the file."""
    folder = _last_year_folder(tmp_path, county)
    out = tmp_path / "out"
    report = batch.run([folder], out, mode=mode, jobs=1, year=2025, options=_CSV)
    assert report.exit_code == 0
    status = {f: r[2:5] for f, r in _status_rows(out / "status.csv").items()}
    assert status == {"城关镇.xlsx": ("0", "0", "ok"), "白水乡.xlsx": ("0", "1", "warning")}
    warnings = [
        (p["file"], p["code"], p["location"], p["message"])
        for p in _csv(out / "problems.csv")
        if p["severity"] == "warning"
    ]
    assert warnings == [("白水乡.xlsx", "year-without-records", "'--year", YEAR_WARNING)]
    if mode == "combine":  # said once, for the file: not again for the merged population
        assert report.result is not None
        assert [p.location for p in report.result.problems if p.code in batch.YEAR_CODES] == [
            "白水乡.xlsx --year"
        ]


def test_cli_year_warning_names_the_file_on_stderr(tmp_path: Path, county: dict) -> None:
    folder = _last_year_folder(tmp_path, county)
    done = _batch_cli(folder, "-o", tmp_path / "o", "--year", "2025", "--csv-only", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "白水乡.xlsx：10 行，错误 0，警告 1 — 有警告" in done.stderr
    assert f"白水乡.xlsx --year: {YEAR_WARNING} — 请核对 --year" in done.stderr.replace("\n", "")


def _batch_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``cadrekit batch *args`` in a fresh process, stderr not a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "cadrekit", "batch", *map(str, args)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_cli_duplicate_message_and_exit_code(tmp_path: Path, county: dict) -> None:
    folder = _duplicate_folder(tmp_path, county)
    n = len(county["城关镇"]["cadres"])
    the_id = county["县财政局"]["cadres"]["编号"].iloc[2]
    done = _batch_cli(folder, "-o", tmp_path / "o")
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert (
        f"县财政局.xlsx 干部名册!A5: 编号与另一文件重复 ({the_id}) — "
        f"同一干部只能由一个单位报送；另见 城关镇.xlsx 干部名册!A{n + 3}"
    ) in done.stderr
    assert "[1/2] " in done.stderr and "[2/2] " in done.stderr  # plain lines, not a bar


def test_nothing_is_half_written_when_a_writer_fails(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(result: object, path: Path, *args: object) -> None:
        path.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setattr(batch.write, "write_result", explode)
    out = tmp_path / "results"
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(RuntimeError, match="disk full"):
        batch.run([mixed], out, jobs=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no results/, no temp folder


def test_interrupt_leaves_an_existing_folder_untouched(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "results"
    out.mkdir()
    (out / batch.MARKER).write_text("", encoding="utf-8")  # an earlier run's: --force may replace
    (out / "old.csv").write_text("keep", encoding="utf-8")

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch.modes, "write_status", interrupt)
    with pytest.raises(KeyboardInterrupt):
        batch.run([mixed], out, jobs=1, force=True)
    assert sorted(p.name for p in out.iterdir()) == [batch.MARKER, "old.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results", "submissions"]


def _interrupted_run(tmp_path: Path, county: dict, *, close_stderr: bool) -> tuple[int, str]:
    """``cadrekit batch`` on 8 workbooks with 2 workers, sent SIGINT once the first file is
    done (its "[1/8]" line read from stderr, so the pool is surely running): (exit, stderr).

    ``close_stderr``: then the reader goes away too, as ``2>&1 | tee log`` when Ctrl-C ends
    tee: writing to stderr must not kill the process with SIGPIPE before it has cleaned up.
    """
    import signal

    folder = tmp_path / "in"
    _write(folder, county, "城关镇")
    for i in range(2, 9):
        (folder / f"单位{i}.xlsx").write_bytes((folder / "城关镇.xlsx").read_bytes())
    out = tmp_path / "out" / "results"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cadrekit", "batch", folder, "-o", out, "--jobs", "2"],
        stderr=subprocess.PIPE,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert proc.stderr is not None
    seen = []
    try:
        for line in proc.stderr:  # blocks until the line is there: no sleeping, no timing
            seen.append(line)
            if line.startswith("[1/8] "):
                proc.send_signal(signal.SIGINT)
                break
        if close_stderr:
            proc.stderr.close()
            code = proc.wait(timeout=120)
        else:
            rest = proc.communicate(timeout=120)[1]
            seen.append(rest)
            code = proc.returncode
    finally:  # a hang (the pool waiting for a worker it has ended) fails, not blocks
        if proc.poll() is None:
            proc.kill()
    assert list(out.parent.iterdir()) == []  # no results/, no .results.….tmp/
    return code, "".join(seen)


def test_ctrl_c_stops_the_pool_and_leaves_nothing(tmp_path: Path, county: dict) -> None:
    code, stderr = _interrupted_run(tmp_path, county, close_stderr=False)
    assert code == 130, stderr
    lines = stderr.splitlines()
    assert lines[0] == "共 8 个文件" and lines[1].startswith("[1/8] ")
    assert lines[-1] == "已中断：没有写入任何结果"
    assert all(line.startswith("[") for line in lines[1:-1])  # progress only: no traceback
    assert len(set(lines)) == len(lines)  # none twice (a console buffer flushed again)
    assert "leaked" not in stderr and "Traceback" not in stderr


def test_ctrl_c_with_stderr_gone_is_not_a_sigpipe_death(tmp_path: Path, county: dict) -> None:
    code, _ = _interrupted_run(tmp_path, county, close_stderr=True)
    assert code == 130  # was -13 (141 in a shell): killed by SIGPIPE, its temp folder left


def test_output_folder_rules(mixed: Path, tmp_path: Path) -> None:
    town = [mixed / "城关镇.xlsx"]
    out = tmp_path / "results"
    out.mkdir()  # an empty folder is fine, with or without --force
    assert batch.run(town, out, jobs=1).exit_code == 0
    with pytest.raises(OutputError) as refused:  # our own output: only with --force
        batch.run(town, out, jobs=1)
    assert refused.value.message() == (
        f"{out}：文件夹已存在且不为空（上次 cadrekit batch 的输出） — "
        "加 --force 整体替换，或换一个文件夹"
    )
    (out / "results.csv").write_text("stale", encoding="utf-8")
    assert batch.run(town, out, jobs=1, force=True).exit_code == 0
    assert (out / "results.csv").read_text(encoding="utf-8") != "stale"
    with pytest.raises(OutputError, match="包含输入"):
        batch.run([mixed], mixed.parent, force=True)  # never a folder holding inputs


@pytest.mark.parametrize("force", [False, True])
def test_force_never_deletes_a_folder_cadrekit_did_not_write(
    mixed: Path, tmp_path: Path, force: bool
) -> None:
    docs = tmp_path / "documents"
    docs.mkdir()
    (docs / "old.csv").write_text("old", encoding="utf-8")
    (docs / "述职报告.docx").write_bytes(b"mine")
    with pytest.raises(OutputError) as refused:
        batch.run([mixed / "城关镇.xlsx"], docs, jobs=1, force=force)
    assert refused.value.exit_code == 2
    assert refused.value.message() == (
        f"{docs}：文件夹里有不是 cadrekit 写的文件，--force 也不会删除它 — "
        "请换一个文件夹或先手动清空"
    )
    assert refused.value.message("en") == (
        f"{docs}: the folder holds files cadrekit did not write; --force will not delete "
        "it either — choose another folder or empty it by hand first"
    )
    assert sorted(p.name for p in docs.iterdir()) == ["old.csv", "述职报告.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents", "submissions"]


@pytest.mark.parametrize(
    ("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]
)
@pytest.mark.parametrize("mode", ["combine", "each"])
def test_output_gets_the_permissions_mkdir_would_give(
    tmp_path: Path, county: dict, mode: str, umask: int, folder: int, file: int
) -> None:
    """Not mkdtemp's private 0700: colleagues open the results as any other folder."""
    submissions = tmp_path / "in"
    _write(submissions, county, "城关镇")
    _write(submissions / "乡镇", county, "白水乡")  # --each: a result subfolder
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        batch.run([submissions], out, mode=mode, jobs=1)
    finally:
        os.umask(old)
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*")}
    modes["."] = stat.S_IMODE(out.stat().st_mode)
    assert modes == {name: folder if (out / name).is_dir() else file for name in modes}
    common = {".", batch.MARKER, "status.csv", "problems.csv"}
    if mode == "each":
        assert set(modes) == common | {"status.xlsx", "城关镇.xlsx", "乡镇", "乡镇/白水乡.xlsx"}
    else:
        assert set(modes) == common | {"results.xlsx", "results.csv"}


def test_globs_and_missing_targets(mixed: Path) -> None:
    found = batch.discover([str(mixed / "城*.xlsx"), mixed / "白水乡.xlsx"])
    assert [i.name for i in found.inputs] == ["城关镇.xlsx", "白水乡.xlsx"]
    with pytest.raises(batch.CadrekitError, match="不存在"):
        batch.discover([mixed / "nothing-here"])


def test_cli_exit_2_when_nothing_was_written(mixed: Path, tmp_path: Path) -> None:
    """Exit 1 promises status.csv in the output folder; a refused run exits 2 and writes none."""
    full = tmp_path / "full"
    full.mkdir()
    (full / "x.txt").write_text("keep", encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("keep", encoding="utf-8")
    cases = [
        (
            (tmp_path / "no-such-folder", "-o", tmp_path / "o1"),
            "no-such-folder：文件或文件夹不存在",
        ),
        ((mixed, "-o", full), "full：文件夹里有不是 cadrekit 写的文件，--force 也不会删除它"),
        (
            (mixed, "-o", full, "--force"),
            "full：文件夹里有不是 cadrekit 写的文件，--force 也不会删除它 — "
            "请换一个文件夹或先手动清空",
        ),
        ((mixed, "-o", a_file), "a-file：已存在且不是文件夹"),
    ]
    for args, message in cases:
        done = _batch_cli(*args)
        assert done.returncode == 2, done.stderr
        assert message in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "full", "submissions"]
    assert [p.name for p in full.iterdir()] == ["x.txt"]


# ------------------------------------------------------------------ the status sheet


def _sheet(path: Path, name: str) -> tuple[list[str], Any, list[tuple[Any, ...]]]:
    """(sheet names, the sheet, its rows) of a written workbook."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    return book.sheetnames, book[name], list(book[name].iter_rows(values_only=True))


def test_the_combined_workbook_ends_with_the_status_sheet(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"
    batch.run([mixed], out, jobs=1)
    names, sheet, rows = _sheet(out / "results.xlsx", "文件状态")
    assert names[-1] == "文件状态" and names[0] == "汇总"
    assert rows[0] == ("文件", "行数", "剔除行数", "错误", "警告", "状态", "结果文件", "说明")
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H8"
    by_file = {r[0]: r for r in rows[1:]}
    assert by_file["broken.xlsx"][2:7] == (0, 1, 0, "失败", None)
    assert by_file["城关镇.xlsx"][5:7] == ("通过", "results.xlsx")
    assert by_file["说明.txt"][1:6] == (None, None, 0, 0, "跳过")  # never read: no row count
    assert [r[0] for r in rows[1:]] == [row["file"] for row in _csv(out / "status.csv")]


def test_status_xlsx_when_there_is_no_results_workbook(tmp_path: Path, county: dict) -> None:
    folder = _duplicate_folder(tmp_path, county)
    out = tmp_path / "out"
    batch.run([folder], out, jobs=1, options=batch.WriteOptions(lang="en"))
    names, _, rows = _sheet(out / "status.xlsx", "File status")
    assert names == ["File status", "problems"]
    assert rows[0] == tuple(batch.STATUS_COLUMNS)
    assert {r[0]: r[5] for r in rows[1:]} == {"城关镇.xlsx": "error", "县财政局.xlsx": "error"}
    _, _, problems = _sheet(out / "status.xlsx", "problems")
    assert problems[0] == tuple(batch.PROBLEM_COLUMNS)
    assert sum(r[2] == "duplicate-id-across-files" for r in problems[1:]) == 2


def test_an_empty_folder_is_a_failure_not_a_success(tmp_path: Path) -> None:
    folder = tmp_path / "2025"  # e.g. the wrong year in a script
    folder.mkdir()
    (folder / "说明.txt").write_text("x", encoding="utf-8")
    report = batch.run([folder], tmp_path / "out")
    assert report.exit_code == 1
    assert report.notes == ["没有找到可读取的工作簿"]


# ------------------------------------------------------------------------- --lenient


def _status_rows(path: Path) -> dict[str, tuple[str, ...]]:
    """file → (rows, rejected, errors, warnings, status, result, message) from status.csv."""
    return {r["file"]: tuple(r[c] for c in batch.STATUS_COLUMNS[1:]) for r in _csv(path)}


def _expected(county: dict, result: str, each: bool = False) -> dict[str, tuple[str, ...]]:
    """The statuses of the ``mixed`` folder under --lenient."""
    n = {u: str(len(county[u]["cadres"])) for u in UNITS}
    rows = {
        f"{u}.xlsx": (n[u], "0", "0", "0", "ok", f"{u}.xlsx" if each else result, "") for u in UNITS
    }
    rows["broken.xlsx"] = (
        n["县财政局"],  # rows read
        "1",  # 干部名册 row 5 (姓名 empty) left out
        "1",
        "1",  # its rejected-row warning
        "partial",
        "broken.xlsx" if each else result,
        "剔除 1 行有错误的数据（干部名册 1 行）",
    )
    skips = {
        ".hidden.xlsx": "隐藏文件",
        "~$城关镇.xlsx": "Excel/WPS 锁文件",
        "说明.txt": "不是工作簿",
    }
    rows |= {f: ("0", "0", "0", "0", "skipped", "", why) for f, why in skips.items()}
    return rows


def test_lenient_combine_scores_the_valid_rows_of_a_broken_file(
    mixed: Path, tmp_path: Path, county: dict
) -> None:
    out = tmp_path / "results"
    report = batch.run([mixed], out, jobs=1, lenient=True)
    assert report.exit_code == 0  # as score --lenient: rejected rows are not a failure
    assert _status_rows(out / "status.csv") == _expected(county, "results.xlsx")
    results = pd.read_csv(out / "results.csv", dtype=str)
    broken = county["县财政局"]["cadres"]
    assert len(results) == sum(len(county[u]["cadres"]) for u in UNITS) + len(broken) - 1
    from_broken = results[results["source_file"] == "broken.xlsx"]
    assert len(from_broken) == len(broken) - 1
    assert broken["编号"].str.replace("A", "B").iloc[2] not in set(from_broken["编号"])
    rejected = [(f, p.location) for f, p in report.problems if p.code == "rejected-row"]
    assert rejected == [("broken.xlsx", "干部名册!5")]
    problems = {(p["file"], p["code"], p["location"]) for p in _csv(out / "problems.csv")}
    assert ("broken.xlsx", "rejected-row", "干部名册!5") in problems
    assert not any(code == "file-left-out" for _, code, _ in problems)
    _, _, sheet = _sheet(out / "results.xlsx", "问题")
    assert any(r[2] == "broken.xlsx 干部名册!5" for r in sheet)  # the results say it too
    _, _, status = _sheet(out / "results.xlsx", "文件状态")
    assert {r[0]: r[5] for r in status[1:]}["broken.xlsx"] == "部分评分"


def test_lenient_each_scores_the_valid_rows_of_a_broken_file(
    mixed: Path, tmp_path: Path, county: dict
) -> None:
    out = tmp_path / "each"
    report = batch.run([mixed], out, mode="each", jobs=2, lenient=True)
    assert report.exit_code == 0
    assert _status_rows(out / "status.csv") == _expected(county, "", each=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [batch.MARKER, "problems.csv", "status.csv", "status.xlsx", "broken.xlsx"]
        + [f"{u}.xlsx" for u in UNITS]
    )
    _, _, ranked = _sheet(out / "broken.xlsx", "明细")
    assert sum(r[0] is not None and r[1] is not None for r in ranked[1:]) == (
        len(county["县财政局"]["cadres"]) - 1
    )
    _, _, status = _sheet(out / "status.xlsx", "文件状态")
    assert {r[0]: r[5] for r in status[1:]}["broken.xlsx"] == "部分评分"


@pytest.mark.parametrize("mode", ["combine", "each"])
def test_lenient_still_fails_a_file_it_cannot_score(
    mixed: Path, tmp_path: Path, county: dict, mode: str
) -> None:
    """An unreadable file, and one whose error is in no row (a missing column), fail."""
    (mixed / "坏文件.xlsx").write_bytes(b"not a workbook at all")
    frames = {k: v.iloc[0:0] for k, v in county["白水乡"].items()}
    frames["cadres"] = county["白水乡"]["cadres"].drop(columns=["姓名"])
    frames["cadres"]["编号"] = frames["cadres"]["编号"].str.replace("A", "C")
    samplegen.write_xlsx(frames, mixed / "缺列.xlsx", title="缺少姓名列")
    out = tmp_path / mode
    report = batch.run([mixed], out, mode=mode, jobs=1, lenient=True, options=_CSV)
    assert report.exit_code == 1
    status = _status_rows(out / "status.csv")
    assert status["坏文件.xlsx"][:6] == ("0", "0", "1", "0", "error", "")
    assert status["坏文件.xlsx"][6].startswith("坏文件.xlsx：")
    n = str(len(county["白水乡"]["cadres"]))
    assert status["缺列.xlsx"][:6] == (n, "0", "1", "0", "error", "")
    assert status["缺列.xlsx"][6].startswith("干部名册!")
    assert status["broken.xlsx"][4] == "partial"  # the others go on
    codes = {(p["file"], p["code"]) for p in _csv(out / "problems.csv")}
    assert ("缺列.xlsx", "missing-column") in codes


_CSV = batch.WriteOptions(xlsx=False)


def test_cli_lenient_lists_rejected_rows_on_stderr(mixed: Path, tmp_path: Path) -> None:
    done = _batch_cli(mixed, "-o", tmp_path / "o", "--lenient", "--csv-only", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert (
        "broken.xlsx 干部名册!5: 该行有错误，未参加评分 (干部名册!B5: 必填项为空 [missing-value])"
    ) in done.stderr  # [missing-value] is text, not rich markup
    assert "broken.xlsx：" in done.stderr and "（剔除 1 行）" in done.stderr
    assert "部分评分" in done.stderr


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise() -> None:
    import io

    from rich.console import Console

    from cadrekit.cli.commands.batch import make_progress

    status = batch.FileStatus("乡镇A.xlsx", rows=12, rejected=2, status="partial")
    for terminal in (True, False):
        out = io.StringIO()
        console = Console(file=out, force_terminal=terminal, width=100)
        with make_progress(console, "zh") as progress:
            progress("start", 1)
            progress("file", status)
        text = out.getvalue()
        line = "[1/1] 乡镇A.xlsx：12 行（剔除 2 行），错误 0，警告 0 — 部分评分（0.0 秒）"
        assert (line in text) is not terminal, text
        assert ("\x1b[" in text) is terminal  # the bar draws with terminal control codes


def test_a_later_run_skips_an_earlier_output_folder_inside_the_inputs(
    tmp_path: Path, county: dict
) -> None:
    folder = tmp_path / "sub"
    folder.mkdir()
    _write(folder, county, "城关镇", "县财政局")
    first = _batch_cli(folder, "-o", folder / "out", "--csv-only", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    assert (folder / "out" / batch.MARKER).is_file()
    again = _batch_cli(folder, "-o", folder / "out2", "--csv-only", "--jobs", "1")
    assert again.returncode == 0, again.stderr
    rows = {r["file"]: r for r in _csv(folder / "out2" / "status.csv")}
    earlier = ["out/problems.csv", "out/results.csv", "out/status.csv"]  # not the marker
    assert [name for name in rows if name.startswith("out/")] == earlier
    for name in earlier:
        assert rows[name]["status"] == "skipped"
        assert rows[name]["message"] == "自身输出（cadrekit batch 的输出文件夹）"
    assert {r["status"] for name, r in rows.items() if name not in earlier} == {"ok"}


def test_discover_lists_each_file_of_a_marked_folder_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"")
    old = tmp_path / "old"
    old.mkdir()
    (old / batch.MARKER).write_text("", encoding="utf-8")
    (old / "results.xlsx").write_bytes(b"")
    (old / "each").mkdir()
    (old / "each" / "城关镇.csv").write_bytes(b"")
    found = batch.discover([tmp_path])
    assert [i.name for i in found.inputs] == ["a.xlsx"]
    assert [(i.name, r) for i, r in found.skipped] == [
        ("old/each/城关镇.csv", "own-output"),
        ("old/results.xlsx", "own-output"),
    ]
    assert batch.SKIP_REASONS["own-output"] == (
        "自身输出（cadrekit batch 的输出文件夹）",
        "cadrekit output (a batch output folder)",
    )


def test_cli_names_a_left_out_file_once(mixed: Path, tmp_path: Path) -> None:
    done = _batch_cli(mixed, "-o", tmp_path / "o", "--year", "2025")
    assert done.returncode == 1, done.stderr
    line = "broken.xlsx: 文件有错误，未参加合并评分 — 名额按其余文件计算；修正后重新运行 batch"
    assert line in done.stderr.splitlines()
