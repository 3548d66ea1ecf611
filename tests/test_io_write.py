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

# The command-level cases (a full tmpfs, /dev/full, /dev/null, a FIFO, signals) are in
# tests/hostile/test_faults.py; these are the library's.


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
