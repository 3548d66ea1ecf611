"""The file and its real type: it exists, is not empty or too big, and is what its bytes
say (a zip-based workbook passes :func:`cadrekit.io.safety.check_zip` here), whatever its
name says. Every refusal is an :class:`InputFileError`."""

from __future__ import annotations

from pathlib import Path

from cadrekit.errors import InputFileError, PathNotFound
from cadrekit.io import csvsniff
from cadrekit.io.limits import Limits, human_bytes, limit_error
from cadrekit.io.safety import (
    EMPTY_ZIP_MAGIC,
    OLE2_MAGIC,
    ZIP_MAGIC,
    ZipSummary,
    check_zip,
    encrypted_error,
    fail,
    xlsb_error,
)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")

ACCEPTED_SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv", ".tsv", ".txt", ".parquet")

_ACCEPTED = "、".join(ACCEPTED_SUFFIXES)

_ACCEPTED_EN = ", ".join(ACCEPTED_SUFFIXES)

_ENCRYPTED_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

RESAVE = "请在 Excel 中打开后另存为 .xlsx"

RESAVE_EN = "open it in Excel and save it as .xlsx"


def check_file(path: Path, limits: Limits) -> int:
    if not path.exists():
        # the path as typed: the folder is what is usually wrong, not the name. Exit 2, as
        # for any path that does not exist: nothing was read.
        raise PathNotFound(
            f"找不到文件 {path}",
            message_en=f"file not found: {path}",
            hint="请检查路径和文件名",
            hint_en="check the folder and the file name",
        )
    if path.is_dir():
        raise fail(path, "这是文件夹，不是文件", "this is a folder, not a file")
    try:
        size = path.stat().st_size
    except OSError as exc:  # pragma: no cover - permissions vary by platform
        raise fail(
            path, f"无法访问（{exc.strerror}）", f"cannot access it ({exc.strerror})"
        ) from None
    if size == 0:
        raise fail(
            path,
            "文件是空的（0 字节）",
            "the file is empty (0 bytes)",
            "可能保存或复制时出错，请重新保存",
            "it may have been cut off while saving or copying; save it again",
        )
    if size > limits.max_file_bytes:
        raise limit_error(
            path,
            f"文件大小 {human_bytes(size)} 超过上限 {human_bytes(limits.max_file_bytes)}",
            f"the file is {human_bytes(size)}, over the limit of "
            f"{human_bytes(limits.max_file_bytes)}",
            "--max-file-size",
        )
    return size


def sniff(path: Path, limits: Limits = Limits()) -> str:
    """The real kind of the file from its bytes (and, for text, its suffix)."""
    return sniff_kind(path, limits)[0]


def sniff_kind(path: Path, limits: Limits) -> tuple[str, ZipSummary | None]:
    """:func:`sniff`, with what the zip check found in a zip-based workbook."""
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise xlsb_error(path)
    if suffix not in ACCEPTED_SUFFIXES:
        raise fail(
            path,
            f"不支持的文件类型“{path.suffix or '（无扩展名）'}”，可用：{_ACCEPTED}",
            f"unsupported file type '{path.suffix or '(none)'}'; accepted: {_ACCEPTED_EN}",
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise fail(
            path, f"无法打开（{exc.strerror}）", f"cannot open it ({exc.strerror})"
        ) from None
    if head.startswith(ZIP_MAGIC):
        summary = check_zip(path, limits)
        return summary.kind, summary
    if head.startswith(EMPTY_ZIP_MAGIC):
        raise fail(path, "这是空的 zip 压缩包，不是工作簿", "this is an empty zip, not a workbook")
    if head.startswith(OLE2_MAGIC):
        _check_ole(path)
        return "xls", None
    if head.startswith(b"PAR1"):
        return "parquet", None
    return _sniff_text(path, suffix, head), None


def _check_ole(path: Path) -> None:
    """An OLE2 file is either a real .xls or an encrypted .xlsx wrapped in OLE2."""
    data = path.read_bytes()
    if any(mark in data for mark in _ENCRYPTED_MARKS):
        raise _encrypted(path)
    if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data:
        raise fail(path, "这是 Word 文档，不是工作簿", "this is a Word document, not a workbook")


def _encrypted(path: Path) -> InputFileError:
    return encrypted_error(path)


def _sniff_text(path: Path, suffix: str, head: bytes) -> str:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or (
        lowered.startswith(b"<") and (b"<html" in lowered or b"<table" in lowered)
    ):
        raise fail(
            path,
            f"这其实是网页（HTML）文件，只是扩展名为 {suffix}（常见于系统“导出 Excel”）",
            f"this is really a web page (HTML) named {suffix}, as some systems export 'Excel'",
            RESAVE,
            RESAVE_EN,
        )
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        raise fail(
            path,
            "这是 Excel 2003 XML 表格，不支持",
            "this is an Excel 2003 XML spreadsheet, which is not supported",
            RESAVE,
            RESAVE_EN,
        )
    if suffix in TEXT_SUFFIXES:
        return "csv"
    if suffix == ".parquet":
        raise fail(path, "不是有效的 Parquet 文件", "not a valid Parquet file")
    # Text under a workbook name: say what it is rather than guess (DESIGN §3: never guess).
    what, what_en = ("CSV 文本", "CSV text") if _looks_like_csv(head) else ("纯文本", "plain text")
    raise fail(
        path,
        f"这其实是{what}文件，只是扩展名为 {suffix}",
        f"this is really {what_en} named {suffix}",
        "若是 CSV，请把扩展名改为 .csv；否则" + RESAVE,
        "if it is CSV, rename it to .csv; otherwise " + RESAVE_EN,
    )


def _looks_like_csv(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding, errors="strict" if len(head) < 4096 else "ignore")
        except UnicodeDecodeError:
            continue
        lines = [ln for ln in text.splitlines()[:5] if ln.strip()]
        return bool(lines) and all(csvsniff.detect_delimiter(ln) in ln for ln in lines)
    return False
