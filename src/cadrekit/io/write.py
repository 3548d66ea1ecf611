"""Write output files safely: never over an input, never over a file without --force,
never half-written, never with a live formula or a bare ID number.

A temporary file is written in the destination folder (so the final ``os.replace`` is an
atomic rename on the same file system), flushed and fsynced, and renamed only when the
writer finished without error. On any exception, KeyboardInterrupt (and SIGTERM, which the
CLI turns into one) included, the temporary file is removed and whatever was at the
destination before is untouched. An OS error while writing (disk full, I/O error) is an
:class:`OutputError`: one line, exit 2.

A destination that exists and is not a regular file is never renamed over: a character
device or FIFO (``/dev/null``, a named pipe, ``/dev/stdout``) is written into directly;
anything else (a block device, a socket) is refused.

xlsxwriter keeps each sheet in temporary files until the workbook is closed: every
workbook we write gets ``tmpdir`` = :func:`scratch_dir`, a private folder removed after
each output and at exit, so the roster's data is never left in TMPDIR.

Cell values (formulas as text, masked ID numbers) are made safe in io/cell_values.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from cadrekit.errors import OutputError, os_reason
from cadrekit.io.cell_values import FORMULA_PREFIXES as FORMULA_PREFIXES
from cadrekit.io.cell_values import csv_safe as csv_safe
from cadrekit.io.cell_values import mask_id_number as mask_id_number
from cadrekit.io.cell_values import masked_id_text as masked_id_text
from cadrekit.io.cell_values import text_safe as text_safe
from cadrekit.io.durable import fsync_file, fsync_folder

__all__ = [
    "FORMULA_PREFIXES",
    "Utf8Writer",
    "atomic_output",
    "atomic_path",
    "check_output",
    "csv_safe",
    "mask_id_number",
    "remove_scratch",
    "scratch_dir",
    "text_safe",
    "write_errors",
]


def check_output_folder(folder: Path) -> None:
    """A folder to write many files into (batch, forms): not an existing file, and its
    parent there; never touches the disk."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"{folder}：已存在且不是文件夹",
            message_en=f"{folder}: exists and is not a folder",
            hint="请用 -o 指定一个文件夹",
            hint_en="give a folder with -o",
        )
    if not folder.parent.is_dir():
        raise OutputError(
            f"{folder}：上级文件夹 {folder.parent} 不存在",
            message_en=f"{folder}: the folder {folder.parent} does not exist",
            hint="请先创建该文件夹",
            hint_en="create it first",
        )


def _error(path: Path, zh: str, en: str, hint: str = "", hint_en: str = "") -> OutputError:
    return OutputError(
        f"{path}：{zh}", message_en=f"{path}: {en}", hint=hint or None, hint_en=hint_en or None
    )


def check_output(path: Path, *, inputs: Sequence[Path] = (), force: bool = False) -> None:
    """Raise OutputError if writing ``path`` would be unsafe; never touches the disk."""
    path = Path(path)
    for source in inputs:
        if _same_file(path, Path(source)):
            raise _error(
                path,
                "输出文件就是输入文件，拒绝覆盖",
                "the output is the input file; refusing to overwrite it",
                "请用 -o 指定另一个文件名",
                "choose another name with -o",
            )
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise _error(
            path,
            "文件正在 Excel/WPS 中打开（存在锁文件 " + lock.name + "）",
            f"the file is open in Excel/WPS (lock file {lock.name} exists)",
            "请先关闭该文件再试",
            "close it first and try again",
        )
    if path.is_dir():
        raise _error(path, "这是一个文件夹", "this is a folder", "请给出文件名", "give a file name")
    if path.exists() and not force:
        raise _error(
            path,
            "文件已存在",
            "the file already exists",
            "加 --force 覆盖，或换一个文件名",
            "add --force to replace it, or choose another name",
        )
    folder = path.parent
    if not folder.is_dir():
        raise _error(
            path,
            f"文件夹 {folder} 不存在",
            f"the folder {folder} does not exist",
            "请先创建该文件夹",
            "create the folder first",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _error(
            path,
            f"文件夹 {folder} 不可写",
            f"the folder {folder} is not writable",
            "请换一个有写权限的文件夹",
            "choose a folder you can write to",
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _target_kind(path: Path) -> str:
    """ "file" (absent, or a regular file), "stream" (a character device, a FIFO, or a link
    into /proc such as /dev/stdout: written into, never renamed over) or "other"."""
    with contextlib.suppress(OSError):
        if path.is_symlink() and os.readlink(path).startswith("/proc/"):
            return "stream"
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "file"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return "file"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream"
    return "other"


@contextlib.contextmanager
def atomic_path(path: Path, *, inputs: Sequence[Path] = (), force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically.

    For writers that want a file name (xlsxwriter, openpyxl). The temporary name ends in the
    same suffix so that such writers accept it. A character device or FIFO at ``path``
    (given ``force``) is yielded itself, to be written into.
    """
    path = Path(path)
    check_output(path, inputs=inputs, force=force)
    kind = _target_kind(path)
    if kind == "other":
        raise _error(
            path,
            "不是普通文件（块设备或套接字），拒绝写入",
            "not a regular file (a block device or socket); refusing to write it",
            "请给出一个文件名",
            "give a file name",
        )
    with _own_scratch():
        yield from _write_at(path, kind, inputs=inputs, force=force)


def _write_at(path: Path, kind: str, *, inputs: Sequence[Path], force: bool) -> Iterator[Path]:
    """atomic_path's body: a stream written into, else a temporary file renamed."""
    if kind == "stream":
        with write_errors(path):
            yield path
        return
    with write_errors(path):
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp" + path.suffix, dir=path.parent
        )
    try:
        os.fchmod(fd, _file_mode(path))  # mkstemp makes 0600; the result is an ordinary file
    finally:
        os.close(fd)
    temp = Path(name)
    try:
        with write_errors(path):
            yield temp
            fsync_file(temp)
        _replace(temp, path, inputs=inputs, force=force)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


@contextlib.contextmanager
def write_errors(path: Path) -> Iterator[None]:
    """An OS error while writing (disk full, I/O error, no permission) → OutputError.

    xlsxwriter wraps it in its FileCreateError; the zip file it leaves open would try to
    finish itself when collected and print "Exception ignored in ZipFile.__del__": the
    frames are cleared here, with that report silenced, so nothing follows our one line."""
    try:
        yield
    except Exception as exc:
        cause = _os_error(exc)
        if cause is None:
            raise
        _drop_frames(exc)
        zh, en = os_reason(cause)
        raise _error(path, f"写入失败（{zh}）", f"cannot write it ({en})") from None


def _os_error(exc: BaseException) -> OSError | None:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 8:
        if isinstance(current, OSError):
            return current
        args = getattr(current, "args", ())
        if args and isinstance(args[0], OSError):
            return args[0]
        current = current.__cause__ or current.__context__
        seen += 1
    return None


def _drop_frames(exc: BaseException) -> None:
    import gc
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        current: BaseException | None = exc
        while current is not None:
            if current.__traceback__ is not None:
                traceback.clear_frames(current.__traceback__)
            current = current.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


_SCRATCH: dict[str, tuple[int, str]] = {}  # the process's folder: "dir" → (pid, path)
_LOCAL = threading.local()  # a folder of one atomic_path call, in this thread


def scratch_dir() -> str:
    """A private temporary folder (0700) for xlsxwriter's ``tmpdir``: the current
    ``atomic_path`` call's own (removed when it ends, so threads writing at once do not
    share one), else one for the process (removed by :func:`remove_scratch` and at exit)."""
    own = getattr(_LOCAL, "dir", None)
    if own is not None:
        return str(own)
    with _LOCK:
        held = _SCRATCH.get("dir")
        if held is not None and held[0] == os.getpid() and os.path.isdir(held[1]):
            return held[1]
        if not _SCRATCH:
            import atexit

            atexit.register(remove_scratch)
        path = tempfile.mkdtemp(prefix="cadrekit-")
        _SCRATCH["dir"] = (os.getpid(), path)
        return path


_LOCK = threading.Lock()


@contextlib.contextmanager
def _own_scratch() -> Iterator[None]:
    """Give the writes inside their own scratch folder (made only when asked for)."""
    previous = getattr(_LOCAL, "dir", None)
    lazy = _LazyDir()
    _LOCAL.dir = lazy
    try:
        yield
    finally:
        _LOCAL.dir = previous
        lazy.remove()


class _LazyDir:
    """A folder made on first use (str()): most outputs are not workbooks."""

    def __init__(self) -> None:
        self.path: str | None = None

    def __str__(self) -> str:
        if self.path is None:
            self.path = tempfile.mkdtemp(prefix="cadrekit-")
        return self.path

    def remove(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)


def remove_scratch() -> None:
    """Remove the process's scratch folder and what is in it (only the process that made
    it: a forked child must not remove its parent's)."""
    held = _SCRATCH.pop("dir", None)
    if held is not None and held[0] == os.getpid():
        shutil.rmtree(held[1], ignore_errors=True)


@contextlib.contextmanager
def atomic_output(
    path: Path,
    *,
    inputs: Sequence[Path] = (),
    force: bool = False,
    mode: str = "wb",
    **open_kwargs: Any,
) -> Iterator[IO[Any]]:
    """Yield an open temporary file beside ``path``; on success it replaces ``path``.

    ``mode`` is "wb" or "w" (then ``encoding``/``newline`` may be given, e.g.
    ``encoding="utf-8-sig"`` for Excel on Chinese Windows).
    """
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_output writes a new file; mode {mode!r} is not 'w' or 'wb'")
    with atomic_path(path, inputs=inputs, force=force) as temp:
        with write_errors(Path(path)):  # a close that flushes onto a full disk, too
            fh = temp.open(mode, **open_kwargs)
        try:
            yield fh
            fh.flush()
        finally:
            with contextlib.suppress(OSError):
                fh.close()


class Utf8Writer(io.TextIOWrapper):
    """A UTF-8 text stream that also takes text already encoded (``write_utf8``), so a
    writer that builds UTF-8 bytes (the CSV and JSON writers) need not decode them first.
    Open it with ``newline=""``: the bytes go to the file exactly as given."""

    def write_utf8(self, data: bytes) -> None:
        self.flush()
        self.buffer.write(data)


def _file_mode(path: Path) -> int:
    """The mode ``open()`` would give a new file (0o666 less the umask), or, when ``path``
    is replaced under --force, the mode it already has."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask (read by setting it and putting it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace(temp: Path, path: Path, *, inputs: Sequence[Path], force: bool) -> None:
    # Checked again: the destination may have appeared while we were writing.
    if path.exists() and not force:
        raise _error(
            path, "文件已存在", "the file already exists", "加 --force 覆盖", "add --force"
        )
    try:
        os.replace(temp, path)
    except OSError as exc:
        raise _error(
            path,
            f"无法写入（{exc.strerror}）",
            f"cannot write it ({exc.strerror})",
            "若文件在 Excel/WPS 中打开，请先关闭",
            "if it is open in Excel/WPS, close it first",
        ) from None
    fsync_folder(path.parent, strict=False)  # make the rename durable where the OS allows it
