"""Finding the inputs: workbooks in folders (recursively), globs and files, in a stable
order; lock files, hidden files, other suffixes and an earlier run's output are skipped,
each with its reason (render.labels.SKIP_REASONS).
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cadrekit.errors import PathNotFound

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".parquet")
# Written into every output folder, so that a later batch over a parent folder skips it.
MARKER = ".cadrekit-batch"


@dataclass(frozen=True)
class Input:
    path: Path
    name: str  # how the file is shown: relative to the folder it was found in


@dataclass
class Found:
    inputs: list[Input]
    skipped: list[tuple[Input, str]]  # (file, reason): own output, lock file, hidden …


def discover(targets: Iterable[str | Path], *, exclude: Path | None = None) -> Found:
    """Workbooks in folders (recursively), globs and files, in a stable order.

    Lock files (``~$…``), hidden files or folders, other suffixes and every file of an
    earlier run's output folder (one holding MARKER) are skipped; each skip is listed with
    its reason. ``exclude`` (this run's output folder) is never searched.
    """
    found = Found([], [])
    seen: set[Path] = set()
    banned = exclude.resolve() if exclude is not None else None
    marked: dict[Path, bool] = {}
    for target in targets:
        for path, base in _expand(Path(target)):
            real = path.resolve()
            if real in seen or (banned is not None and real.is_relative_to(banned)):
                continue
            seen.add(real)
            if path.name == MARKER:  # cadrekit's own mark, not a submission to list
                continue
            item = Input(path, _shown(path, base))
            own = _output_folder(path, base, marked) is not None
            reason = "own-output" if own else _skip_reason(path, base)
            if reason:
                found.skipped.append((item, reason))
            else:
                found.inputs.append(item)
    return Found(_unique_names(found.inputs), found.skipped)


def _expand(target: Path) -> list[tuple[Path, Path | None]]:
    """(file, folder it was found under) for a folder, a glob pattern or a file."""
    if target.is_dir():
        files = [p for p in target.rglob("*") if p.is_file()]
        return [(p, target) for p in sorted(files, key=lambda p: p.relative_to(target).parts)]
    if target.exists():
        return [(target, None)]
    if glob.has_magic(str(target)):
        matches = sorted(glob.glob(str(target), recursive=True))
        return [(Path(m), None) for m in matches if Path(m).is_file()]
    raise PathNotFound(
        f"{target}：文件或文件夹不存在",
        message_en=f"{target}: no such file or folder",
        hint="请检查路径",
        hint_en="check the path",
    )


def _shown(path: Path, base: Path | None) -> str:
    return path.relative_to(base).as_posix() if base is not None else path.name


def _output_folder(path: Path, base: Path | None, marked: dict[Path, bool]) -> Path | None:
    """The folder an earlier ``cadrekit batch`` wrote (it holds MARKER) that holds ``path``."""
    for folder in path.parents:
        if folder not in marked:
            marked[folder] = (folder / MARKER).is_file()
        if marked[folder]:
            return folder
        if base is None or folder == base:
            return None
    return None


def _skip_reason(path: Path, base: Path | None) -> str:
    parts = path.relative_to(base).parts if base is not None else (path.name,)
    if path.name.startswith("~$"):
        return "lock-file"
    if any(part.startswith(".") for part in parts):
        return "hidden"
    if path.suffix.lower() not in INPUT_SUFFIXES:
        return "not-a-workbook"
    return ""


def _unique_names(inputs: list[Input]) -> list[Input]:
    """Files that would show the same name are shown by their path instead."""
    count: dict[str, int] = {}
    for item in inputs:
        count[item.name] = count.get(item.name, 0) + 1
    return [Input(i.path, str(i.path) if count[i.name] > 1 else i.name) for i in inputs]
