"""Refusals of a whole file, each a located InputFileError whose message starts with the
file's name and says how to fix it in the program that saved it."""

from __future__ import annotations

from pathlib import Path

from cadrekit.errors import InputFileError


def fail(path: Path | str, zh: str, en: str, hint: str = "", hint_en: str = "") -> InputFileError:
    """An InputFileError whose message starts with the file name."""
    name = Path(path).name
    return InputFileError(
        f"{name}：{zh}", message_en=f"{name}: {en}", hint=hint or None, hint_en=hint_en or None
    )


def encrypted_error(path: Path | str, *, ods: bool = False) -> InputFileError:
    """A password-protected workbook; the fix is said in the program that saved it (an
    OpenDocument one is LibreOffice's, an OOXML or OLE2 one Excel's)."""
    hint, hint_en = (
        (
            "请在 LibreOffice 中打开，另存为时取消勾选“使用密码保存”后再试",
            "open it in LibreOffice and save it again with “Save with password” unticked",
        )
        if ods
        else (
            "请在 Excel 中移除密码（文件→信息→保护工作簿→用密码进行加密，清空后保存）再试",
            "remove the password in Excel (File → Info → Protect Workbook → Encrypt with "
            "Password) and save again",
        )
    )
    return fail(
        path,
        "工作簿设置了密码（已加密），无法读取",
        "the workbook is password-protected (encrypted)",
        hint,
        hint_en,
    )


def xlsb_error(path: Path | str) -> InputFileError:
    """An .xlsb (by name or by content) is refused: its sheets are binary records, which
    the used-range guard (:mod:`cadrekit.io.extent`) does not read, and calamine would
    allocate whatever range they claim."""
    return fail(
        path,
        "这是 Excel 二进制工作簿（.xlsb），不支持：其工作表无法在读取前检查大小",
        "this is an Excel binary workbook (.xlsb), which is not supported: its sheets "
        "cannot be checked for size before reading",
        "请在 Excel 中打开后另存为 .xlsx（文件→另存为→Excel 工作簿）",
        "open it in Excel and save it as .xlsx (File → Save As → Excel Workbook)",
    )
