"""The output folder: refused when writing it could lose data, built as a hidden temporary
folder beside it, and renamed into place only when everything is written (an interrupted
run leaves nothing behind). MARKER in it makes a later batch over a parent skip it.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cadrekit.batch.discover import MARKER
from cadrekit.errors import OutputError
from cadrekit.io.write import check_output_folder


def root(target: Path) -> Path:
    """The folder a glob pattern searches (``subs/**/*.xlsx`` → ``subs``), else the target."""
    if glob.has_magic(str(target)) and not target.exists():
        parts = []
        for part in target.parts:
            if glob.has_magic(part):
                break
            parts.append(part)
        return Path(*parts) if parts else Path(".")
    return target


def check_outdir(outdir: Path, targets: Sequence[Path], *, force: bool = False) -> None:
    """Refuse an output folder that would lose data: one holding an input, a file, a
    non-empty folder without MARKER (even with --force), an earlier output without --force.

    ``-o submissions/results`` is fine (the output folder is never searched); ``-o .`` with
    input ``submissions/`` is not: replacing it would delete the submissions.
    """
    outdir = Path(outdir)
    real = outdir.resolve()
    for path in targets:
        if path.resolve().is_relative_to(real):
            raise OutputError(
                f"{outdir}：输出文件夹包含输入 {path}，拒绝覆盖",
                message_en=f"{outdir}: the output folder holds the input {path}; refusing",
                hint="请用 -o 指定另一个文件夹",
                hint_en="choose another folder with -o",
            )
    check_output_folder(outdir)
    if outdir.is_dir() and any(outdir.iterdir()):
        if not (outdir / MARKER).is_file():  # someone's own files: never ours to delete
            raise OutputError(
                f"{outdir}：文件夹里有不是 cadrekit 写的文件，--force 也不会删除它",
                message_en=f"{outdir}: the folder holds files cadrekit did not write; "
                "--force will not delete it either",
                hint="请换一个文件夹或先手动清空",
                hint_en="choose another folder or empty it by hand first",
            )
        if not force:
            raise OutputError(
                f"{outdir}：文件夹已存在且不为空（上次 cadrekit batch 的输出）",
                message_en=f"{outdir}: the folder exists and is not empty "
                "(an earlier cadrekit batch output)",
                hint="加 --force 整体替换，或换一个文件夹",
                hint_en="add --force to replace it as a whole, or choose another folder",
            )


def make_temp(outdir: Path) -> Path:
    """A new hidden folder beside ``outdir``, with the permissions ``mkdir`` would give it:
    it becomes the output folder, which colleagues under the same umask must be able to
    open as usual (``mkdtemp`` makes it private, 0700)."""
    from cadrekit.io.write import current_umask

    temp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".tmp", dir=outdir.parent))
    temp.chmod(0o777 & ~current_umask())
    return temp


def commit(temp: Path, outdir: Path, *, force: bool) -> None:
    """Rename the finished temporary folder to ``outdir`` (replacing it under --force).

    Every file is flushed to disk first (a full disk may only say so at fsync: that is an
    error here, with nothing renamed), and the parent folder after the rename, so that the
    folder a later run or a colleague sees holds what was written."""
    (temp / MARKER).write_text(
        "cadrekit batch output: a later cadrekit batch over a parent folder skips this one\n",
        encoding="utf-8",
    )
    _fsync_tree(temp)
    try:
        _rename(temp, outdir, force=force)
    finally:
        from cadrekit.io.durable import fsync_folder

        fsync_folder(outdir.parent, strict=False)


def _rename(temp: Path, outdir: Path, *, force: bool) -> None:
    if outdir.is_dir() and not any(outdir.iterdir()):
        outdir.rmdir()
    if not outdir.exists():
        os.replace(temp, outdir)
        return
    check_outdir(outdir, [], force=force)  # it may have appeared while we worked
    old = temp.with_name(temp.name + ".old")
    os.replace(outdir, old)
    try:
        os.replace(temp, outdir)
    except BaseException:
        os.replace(old, outdir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    from cadrekit.io.durable import fsync_folder

    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
        elif path.is_dir():
            fsync_folder(path)
    fsync_folder(folder)
