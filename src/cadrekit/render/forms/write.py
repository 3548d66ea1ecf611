"""Write the forms: one file per cadre (``编号-姓名.docx``) in a folder, or one document.

Every destination is checked before the first is written (an existing file without
``force`` stops the run with nothing written); each file is written atomically
(:func:`cadrekit.io.write.atomic_path`), so a file is either whole or not there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cadrekit.errors import OutputError
from cadrekit.io.write import atomic_path, check_output, check_output_folder
from cadrekit.render.forms.fields import FormData
from cadrekit.render.forms.layout import add_form, finish, new_document

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

#: Characters Windows, macOS or a zip file refuse in a name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_name(form: FormData) -> str:
    """``A0001-韦怡英.docx``: unsafe characters as ``_``, no leading dot, at most 120 long."""
    stem = _UNSAFE.sub("_", f"{form.id}-{form.name}".strip()).lstrip(".") or "_"
    return stem[:120] + ".docx"


def targets(forms: Sequence[FormData], folder: Path) -> list[Path]:
    """Each form's file in ``folder``; a name two forms would share gets ``-2``, ``-3`` …"""
    seen: dict[str, int] = {}
    paths = []
    for form in forms:
        name = file_name(form)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name[:-5]}-{seen[name]}.docx"
        paths.append(folder / name)
    return paths


def write_forms(
    forms: Sequence[FormData],
    output: Path,
    *,
    one_file: bool = False,
    force: bool = False,
    inputs: Sequence[Path] = (),
) -> list[Path]:
    """Write ``forms`` to the folder ``output`` (made when missing), or with ``one_file``
    to the document ``output`` (a page per form); the files written."""
    output = Path(output)
    if one_file:
        _check_suffix(output)
        with atomic_path(output, inputs=inputs, force=force) as temp:
            _document(forms).save(str(temp))
        return [output]
    _folder(output)
    paths = targets(forms, output)
    for path in paths:  # all of them first: stop before writing any
        check_output(path, inputs=inputs, force=force)
    for form, path in zip(forms, paths, strict=True):
        with atomic_path(path, inputs=inputs, force=force) as temp:
            _document([form]).save(str(temp))
    return paths


def _document(forms: Sequence[FormData]) -> Document:
    document = new_document()
    for i, form in enumerate(forms):
        add_form(document, form, new_page=i > 0)
    finish(document)
    return document


def _check_suffix(output: Path) -> None:
    if output.suffix.lower() != ".docx":
        raise OutputError(
            f"{output}：--one-file 写成一个 .docx 文件",
            message_en=f"{output}: --one-file writes one .docx file",
            hint="请用 -o 登记表.docx",
            hint_en="use -o forms.docx",
        )


def _folder(output: Path) -> None:
    """The folder the files go in: made when missing (its parent must exist)."""
    if output.suffix.lower() == ".docx" and not output.is_dir():
        raise OutputError(
            f"{output}：每人一个文件时 -o 是文件夹",
            message_en=f"{output}: -o is a folder when each cadre gets a file",
            hint="请用 -o 登记表/，或加 --one-file 写成一个文件",
            hint_en="use -o forms/, or add --one-file for one document",
        )
    check_output_folder(output)
    try:
        output.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{output}：无法创建文件夹（{exc.strerror}）",
            message_en=f"{output}: cannot create the folder ({exc.strerror})",
        ) from None
