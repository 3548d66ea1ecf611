"""Faults while writing and devices as targets (issue 14, items 9 and 10), end to end.

The installed command runs in a capped child (``capped.py``) with its own TMPDIR. A full
disk is a 64 KB tmpfs where root may mount one (smaller than any output), and everywhere
a stubbed ``os.fsync`` that fails with ENOSPC, as a full disk reports a delayed write
(``sitecustomize`` on PYTHONPATH of the child only): so the disk-full cases run in CI
whether or not it may mount. Expected each time: one line, exit 2, nothing left behind.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from capped import assert_no_crash, popen_capped, run_capped

SAMPLE = Path(__file__).parents[2] / "data" / "samples" / "county-2025.xlsx"
FULL = "写入失败（磁盘空间不足）"
STUB = """\
import errno, os


def _full(fd):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


os.fsync = _full
"""


def _mount_tmpfs(path: Path) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture(params=["tmpfs", "stubbed-fsync"])
def full_disk(request, tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A folder on a full disk, and the environment the command needs for it."""
    folder = tmp_path / "full"
    folder.mkdir()
    if request.param == "tmpfs":
        if not _mount_tmpfs(folder):
            pytest.skip("no tmpfs here (not root, or mount refused): the stub covers it")
        yield folder, {}
        subprocess.run(["umount", str(folder)], check=False)
        return
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "sitecustomize.py").write_text(STUB, encoding="utf-8")
    yield folder, {"PYTHONPATH": str(stub)}


def _private(tmp_path: Path) -> Path:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    return tmp


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json", ".html"])
def test_disk_full_is_one_line_exit_2_and_leaves_nothing(tmp_path, full_disk, suffix):
    folder, env = full_disk
    tmp, out = _private(tmp_path), folder / f"out{suffix}"
    result = run_capped("score", SAMPLE, "-o", out, tmpdir=tmp, env=env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == f"错误: {out}：{FULL}"
    assert_no_crash(result.stderr)
    assert os.listdir(folder) == [] and os.listdir(tmp) == []


def test_batch_on_a_full_disk_is_one_line_exit_2_and_leaves_nothing(tmp_path, full_disk):
    folder, env = full_disk  # the stub: batch fsyncs every file before the rename
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.xlsx").write_bytes(SAMPLE.read_bytes())
    tmp = _private(tmp_path)
    result = run_capped("batch", inputs, "-o", folder / "res", tmpdir=tmp, env=env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == f"错误: {folder / 'res'}：{FULL}"
    assert_no_crash(result.stderr)
    assert os.listdir(folder) == [] and os.listdir(tmp) == []


def test_a_full_tmpdir_leaves_no_xlsxwriter_files(tmp_path, full_disk):
    """xlsxwriter's own temporary files (the roster's data) on the full disk."""
    folder, env = full_disk
    if env:
        pytest.skip("a full TMPDIR needs the tmpfs")
    out = tmp_path / "out.xlsx"
    result = run_capped("score", SAMPLE, "-o", out, tmpdir=folder)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == f"错误: {out}：{FULL}"
    assert_no_crash(result.stderr)
    assert os.listdir(folder) == [] and sorted(tmp_path.iterdir()) == [folder]


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_stdout_to_dev_full_is_one_line_exit_2(tmp_path, fmt):
    tmp = _private(tmp_path)
    with open("/dev/full", "w") as full:
        result = run_capped("score", SAMPLE, "--format", fmt, tmpdir=tmp, stdout=full)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["错误: 无法写入标准输出：磁盘空间不足"]
    assert os.listdir(tmp) == []


# --- devices as targets (item 10) ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_dev_null_stays_a_device_after_force(tmp_path, fmt):
    tmp = _private(tmp_path)
    before = os.stat("/dev/null")
    result = run_capped("score", SAMPLE, "-o", "/dev/null", "--format", fmt, "--force", tmpdir=tmp)
    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    refused = run_capped("score", SAMPLE, "-o", "/dev/null", "--format", fmt, tmpdir=tmp)
    assert refused.returncode == 2  # it exists: --force, as for any file
    assert refused.stderr.splitlines()[-1] == (
        "错误: /dev/null：文件已存在 — 加 --force 覆盖，或换一个文件名"
    )
    assert os.listdir(tmp) == [] and not list(Path("/dev").glob(".null.*"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_dev_full_is_written_into_never_replaced(tmp_path, fmt):
    tmp = _private(tmp_path)
    result = run_capped("score", SAMPLE, "-o", "/dev/full", "--format", fmt, "--force", tmpdir=tmp)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"错误: /dev/full：{FULL}"
    assert_no_crash(result.stderr)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert os.listdir(tmp) == [] and not list(Path("/dev").glob(".full.*"))


def test_a_fifo_target_is_written_into(tmp_path):
    tmp = _private(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run_capped("score", SAMPLE, "-o", fifo, "--force", tmpdir=tmp)
    reader.join(60)
    assert result.returncode == 0, result.stderr
    assert got and got[0].startswith("编号,".encode())
    assert not fifo.is_file() and sorted(tmp_path.iterdir()) == [fifo, tmp]
    assert os.listdir(tmp) == []


# --- signals while writing (item 9) ----------------------------------------------------------


@pytest.fixture(scope="module")
def big_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(SAMPLE.parents[2] / "scripts"))
    import samplegen

    path = tmp_path_factory.mktemp("big") / "big.parquet"
    samplegen.generate(20000, seed=1)["cadres"].to_parquet(path, index=False)
    return path


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_signal_while_writing_a_big_workbook_leaves_nothing(tmp_path, big_roster, name, code):
    """Sent once the workbook is being written (the temporary beside the target and
    xlsxwriter's files in our scratch folder exist): nothing left in TMPDIR or beside."""
    tmp, out = _private(tmp_path), tmp_path / "out"
    out.mkdir()
    proc = popen_capped("score", big_roster, "-o", out / "r.xlsx", tmpdir=tmp)
    try:
        deadline = time.monotonic() + 240
        while proc.poll() is None and time.monotonic() < deadline:
            if list(out.iterdir()) and any(p.is_file() for p in tmp.rglob("*")):
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
    assert_no_crash(stderr)
    assert list(out.iterdir()) == [] and list(tmp.rglob("*")) == []
