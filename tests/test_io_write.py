"""cadrekit.io.write: no overwrite, atomic replace, formula-safe CSV cells, ID masking."""

from __future__ import annotations

import pandas as pd
import pytest

from cadrekit.errors import OutputError
from cadrekit.io.write import atomic_output, atomic_path, check_output, csv_safe, mask_id_number


def test_new_file_is_written(tmp_path):
    out = tmp_path / "out.csv"
    with atomic_output(out, mode="w", encoding="utf-8") as fh:
        fh.write("a,b\n")
    assert out.read_text(encoding="utf-8") == "a,b\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_existing_file_needs_force(tmp_path):
    out = tmp_path / "out.csv"
    out.write_bytes(b"old")
    with pytest.raises(OutputError, match="文件已存在") as info, atomic_output(out) as fh:
        fh.write(b"new")
    assert "--force" in info.value.message("en")
    assert out.read_bytes() == b"old"
    with atomic_output(out, force=True) as fh:
        fh.write(b"new")
    assert out.read_bytes() == b"new"


def test_same_file_as_input_refused_even_with_force(tmp_path):
    source = tmp_path / "roster.xlsx"
    source.write_bytes(b"input")
    alias = tmp_path / "sub" / ".." / "roster.xlsx"
    (tmp_path / "sub").mkdir()
    with pytest.raises(OutputError, match="输出文件就是输入文件"):
        check_output(alias, inputs=[source], force=True)
    assert source.read_bytes() == b"input"


def test_excel_lock_file_refused(tmp_path):
    out = tmp_path / "结果.xlsx"
    (tmp_path / "~$结果.xlsx").write_bytes(b"")
    with pytest.raises(OutputError, match=r"Excel/WPS 中打开（存在锁文件 ~\$结果.xlsx）"):
        check_output(out, force=True)


def test_missing_folder_refused(tmp_path):
    with pytest.raises(OutputError, match="不存在"):
        check_output(tmp_path / "no" / "out.csv")


def test_parent_that_is_a_file_refused(tmp_path):
    # Tests run as root, where chmod cannot make a folder unwritable; a parent that is a
    # file is the portable way to get an unwritable destination.
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(OutputError):
        check_output(tmp_path / "file" / "out.csv")


def test_folder_as_output_refused(tmp_path):
    with pytest.raises(OutputError, match="这是一个文件夹"):
        check_output(tmp_path, force=True)


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_interrupted_write_leaves_old_file_and_no_temp(tmp_path, exc):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(type(exc)), atomic_output(out, force=True) as fh:
        fh.write(b"half")
        raise exc
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_atomic_path_gives_a_temp_name_with_the_suffix(tmp_path):
    out = tmp_path / "out.xlsx"
    with atomic_path(out) as temp:
        assert temp.parent == tmp_path
        assert temp.suffix == ".xlsx"
        assert temp != out
        temp.write_bytes(b"data")
        assert not out.exists()
    assert out.read_bytes() == b"data"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_atomic_path_interrupted(tmp_path):
    out = tmp_path / "out.xlsx"
    with pytest.raises(KeyboardInterrupt), atomic_path(out) as temp:
        temp.write_bytes(b"half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_file_appearing_during_write_is_not_replaced(tmp_path):
    out = tmp_path / "out.csv"
    with pytest.raises(OutputError, match="文件已存在"), atomic_output(out) as fh:
        out.write_bytes(b"someone else")
        fh.write(b"mine")
    assert out.read_bytes() == b"someone else"


def test_csv_safe_exact():
    values = ["=1+1", "+86", "-5", " =x", "@SUM(A1)", "\tx", "\rx", "ok", "a=b", None, 3, -2.5, ""]
    got = csv_safe(pd.Series(values, dtype=object)).tolist()
    assert got == [
        "'=1+1",
        "'+86",
        "'-5",
        "' =x",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        "a=b",
        None,
        3,
        -2.5,
        "",
    ]


def test_csv_safe_leaves_numbers_and_string_dtype():
    numbers = pd.Series([1, -2, 3])
    assert csv_safe(numbers) is numbers
    assert csv_safe(pd.Series(["=a", "b"], dtype="str")).tolist() == ["'=a", "b"]


def test_mask_id_number_exact():
    series = pd.Series(
        ["11010119900101123X", None, " 110101199001011234 ", "12345", "12345678901"],
        index=[3, 4, 5, 6, 7],
    )
    got = mask_id_number(series)
    assert got.tolist() == [
        "110101********123X",
        None,
        "110101********1234",
        "*****",
        "123456*8901",
    ]
    assert list(got.index) == [3, 4, 5, 6, 7]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_a_new_file_gets_the_mode_open_would_give(tmp_path, umask, mode):
    """Not mkstemp's 0600: colleagues under the same umask open the result as usual."""
    import os

    target = tmp_path / "out.csv"
    old = os.umask(umask)
    try:
        with atomic_output(target) as fh:
            fh.write(b"x\n")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == mode


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")
    target.chmod(0o600)
    with atomic_output(target, force=True) as fh:
        fh.write(b"new\n")
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"new\n", 0o600)


def test_text_safe_guards_one_text_as_csv_safe_guards_a_cell():
    from cadrekit.io.write import text_safe

    texts = ["=cmd|' /C calc'!A0", " +1", "@SUM(1)", "-2", "\tx", "姓名", "a=b", ""]
    assert [text_safe(t) for t in texts] == list(csv_safe(pd.Series(texts, dtype=object)))
    assert text_safe("=1+1") == "'=1+1" and text_safe("姓名") == "姓名"


def test_score_csv_file_guards_a_formula_header_from_a_csv_roster(tmp_path):
    """The '=' form (a CSV roster keeps it as text; an xlsx test is in tests/e2e)."""
    import csv
    import io

    from runner import run_cadrekit

    header = "编号,姓名,单位,单位类型,层级,优秀票,称职票,基本称职票,不称职票,一季度,二季度,三季度,四季度,工作实绩"
    roster = tmp_path / "r.csv"
    roster.write_text(
        header + ",=cmd|' /C calc'!A0\nA1,张三,县局,县直单位,一般干部,20,10,1,0,好,好,好,好,80,x\n",
        encoding="utf-8",
    )
    out = tmp_path / "s.csv"
    result = run_cadrekit("score", roster, "-o", out)
    assert result.returncode == 0, result.stderr
    names = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert "'=cmd|' /C calc'!A0" in names and "=cmd|' /C calc'!A0" not in names


# --- faults while writing (issue 14, items 9 and 10) ----------------------------------------

SAMPLE = __import__("pathlib").Path(__file__).parents[1] / "data" / "samples" / "county-2025.xlsx"


def _cadrekit(*args, tmpdir=None, timeout=300):

    from runner import run_cadrekit

    env = {"TMPDIR": str(tmpdir)} if tmpdir else None
    return run_cadrekit(*args, env={**(env or {}), "CADREKIT_LANG": "zh"}, timeout=timeout)


def _tmpfs(path, size="100k"):
    """A small tmpfs at ``path`` (root only); None where it cannot be mounted."""
    import os
    import subprocess

    path.mkdir()
    if os.geteuid() != 0:
        return None
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, check=False)  # fmt: skip
    return path if done.returncode == 0 else None


@pytest.fixture
def full_disk(tmp_path):
    import subprocess

    mounted = _tmpfs(tmp_path / "full")
    if mounted is None:
        pytest.skip("no tmpfs (not root, or mount refused): see the stubbed ENOSPC test")
    yield mounted
    subprocess.run(["umount", str(mounted)], check=False)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_disk_full_is_one_line_exit_2_and_leaves_nothing(tmp_path, full_disk, suffix):
    private = tmp_path / "tmp"
    private.mkdir()
    out = full_disk / f"out{suffix}"
    result = _cadrekit("score", SAMPLE, "-o", out, tmpdir=private)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"错误: {out}：写入失败（磁盘空间不足）"
    assert "Exception ignored" not in result.stderr and "Traceback" not in result.stderr
    assert list(full_disk.iterdir()) == [] and list(private.iterdir()) == []


def test_xlsxwriter_temp_files_on_a_full_tmpdir_are_removed(tmp_path, full_disk):
    out = tmp_path / "out.xlsx"
    result = _cadrekit("score", SAMPLE, "-o", out, tmpdir=full_disk)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"错误: {out}：写入失败（磁盘空间不足）"
    assert list(full_disk.iterdir()) == [] and list(tmp_path.iterdir()) == [full_disk]


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_stdout_to_dev_full_is_one_line_exit_2(fmt):
    import subprocess

    from runner import CADREKIT

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(CADREKIT), "score", str(SAMPLE), "--format", fmt],
            stdout=full, stderr=subprocess.PIPE, text=True, check=False,
            env={**__import__("os").environ, "CADREKIT_LANG": "zh"},
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["错误: 无法写入标准输出：磁盘空间不足"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_dev_null_stays_a_device_after_force(fmt):
    import os
    import stat

    before = os.stat("/dev/null")
    result = _cadrekit("score", SAMPLE, "-o", "/dev/null", "--format", fmt, "--force")
    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    refused = _cadrekit("score", SAMPLE, "-o", "/dev/null", "--format", fmt)
    assert refused.returncode == 2  # it exists: --force, as for any file
    assert refused.stderr.splitlines()[-1] == (
        "错误: /dev/null：文件已存在 — 加 --force 覆盖，或换一个文件名"
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_dev_full_as_root_is_written_into_never_replaced(fmt):
    import os
    import stat

    result = _cadrekit("score", SAMPLE, "-o", "/dev/full", "--format", fmt, "--force")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "错误: /dev/full：写入失败（磁盘空间不足）"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_target_is_written_into(tmp_path):
    import os
    import threading

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = _cadrekit("score", SAMPLE, "-o", fifo, "--force", timeout=120)
    reader.join(60)
    assert result.returncode == 0, result.stderr
    assert got and got[0].startswith("编号,".encode())
    assert os.path.exists(fifo) and not fifo.is_file() and sorted(tmp_path.iterdir()) == [fifo]


def test_enospc_while_writing_is_an_output_error(tmp_path, monkeypatch):
    """The stubbed disk-full (where no tmpfs can be mounted): the temporary file removed."""
    import errno

    out = tmp_path / "out.csv"
    with pytest.raises(OutputError) as info, atomic_output(out) as fh:
        fh.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert info.value.exit_code == 2
    assert info.value.message_zh == f"{out}：写入失败（磁盘空间不足）"
    assert list(tmp_path.iterdir()) == []


def test_xlsxwriter_file_create_error_is_an_output_error(tmp_path, monkeypatch):
    import errno
    import tempfile
    import zipfile

    from cadrekit.render.sheets import write_sheets

    def broken(self, *args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    monkeypatch.setattr(zipfile.ZipFile, "write", broken)
    out = tmp_path / "out.xlsx"
    with pytest.raises(OutputError) as info, atomic_path(out) as temp:
        write_sheets(temp, [("a", pd.DataFrame({"x": [1, 2]}))])
    assert info.value.message_zh == f"{out}：写入失败（磁盘读写出错）"
    assert sorted(tmp_path.iterdir()) == [private]  # no temporary beside the target
    assert list(private.iterdir()) == []  # xlsxwriter's folder removed with it


def test_threads_writing_workbooks_at_once_have_their_own_scratch(tmp_path):
    import threading

    from cadrekit.io import write
    from cadrekit.render.sheets import write_sheets

    seen, errors = [], []

    def one(k):
        try:
            with atomic_path(tmp_path / f"{k}.xlsx") as temp:
                seen.append(write.scratch_dir())
                write_sheets(temp, [("a", pd.DataFrame({"x": list(range(2000))}))])
        except Exception as exc:  # pragma: no cover - the failure this test guards
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(set(seen)) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{k}.xlsx" for k in range(4)]


def test_a_block_device_or_socket_is_refused(tmp_path):
    import socket

    target = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(target))
    try:
        with pytest.raises(OutputError) as info, atomic_output(target, force=True):
            pass
    finally:
        server.close()
    assert info.value.message_zh == f"{target}：不是普通文件（块设备或套接字），拒绝写入"


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_signal_while_writing_a_big_workbook_leaves_nothing(tmp_path, name, code):
    """Sent once the workbook is being written (the temporary beside the target and
    xlsxwriter's files in our scratch folder exist): nothing left in TMPDIR or beside."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from runner import CADREKIT

    sys.path.insert(0, str(SAMPLE.parents[2] / "scripts"))
    import samplegen

    roster = tmp_path / "big.parquet"
    samplegen.generate(20000, seed=1)["cadres"].to_parquet(roster, index=False)
    private, out = tmp_path / "tmp", tmp_path / "out"
    private.mkdir()
    out.mkdir()
    proc = subprocess.Popen(
        [str(CADREKIT), "score", str(roster), "-o", str(out / "r.xlsx")],
        env={**os.environ, "TMPDIR": str(private), "CADREKIT_LANG": "zh"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while proc.poll() is None and time.monotonic() < deadline:
            if list(out.iterdir()) and any(p.is_file() for p in private.rglob("*")):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "finished before the signal: use a bigger roster"
        proc.send_signal(getattr(signal, name))
        stderr = proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, stderr
    assert stderr.splitlines()[-1] == "已中断"
    assert list(out.iterdir()) == [] and list(private.rglob("*")) == []


def test_batch_on_a_full_disk_is_one_line_exit_2_and_leaves_nothing(tmp_path, full_disk):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(SAMPLE.read_bytes())
    private = tmp_path / "tmp"
    private.mkdir()
    result = _cadrekit("batch", folder, "-o", full_disk / "res", tmpdir=private)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"错误: {full_disk / 'res'}：写入失败（磁盘空间不足）"
    assert "Exception ignored" not in result.stderr
    assert list(full_disk.iterdir()) == [] and list(private.iterdir()) == []
