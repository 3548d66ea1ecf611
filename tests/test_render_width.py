"""One display width (render/width.py) for the terminal table, the workbook, the template
and the publicity sheet; the others are gone."""

import ast
from pathlib import Path

import pytest
from rich.cells import cell_len

import cadrekit
from cadrekit.render.width import display_width

SRC = Path(cadrekit.__file__).parent


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("A0012", 5),
        ("乡镇ab", 6),
        ("（一）", 6),
        ("优秀·", 5),  # the middle dot of names is narrow
        ("\u3000", 2),  # the ideographic space is wide
        ("e\u0301", 1),  # a combining accent takes no cell
        ("\u200b", 0),
        ("ｱ", 1),  # half-width katakana
        ("\x07", 0),
        ("", 0),
    ],
)
def test_display_width_is_the_terminal_width(text: str, width: int) -> None:
    assert display_width(text) == width == cell_len(text)


def test_no_other_width_function() -> None:
    """No module but render/width.py measures text by east_asian_width, wcwidth or
    rich's cell_len, and no module defines another ``*width`` function of text."""
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "width.py" and path.parent.name == "render":
            continue
        text = path.read_text(encoding="utf-8")
        for word in ("east_asian_width", "wcwidth", "cell_len"):
            if word in text:
                wrong.append(f"{path.relative_to(SRC)} uses {word}")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name.endswith(("text_width", "_width")):
                args = [a.arg for a in node.args.args]
                if args[:1] == ["text"]:
                    wrong.append(f"{path.relative_to(SRC)}:{node.lineno} defines {node.name}")
    assert not wrong, "\n".join(wrong)


def test_one_format_resolver() -> None:
    """Only render/output.py decides the output format: no command asks isatty itself."""
    wrong = [
        str(path.relative_to(SRC))
        for path in sorted((SRC / "cli" / "commands").glob("*.py"))
        if "isatty" in path.read_text(encoding="utf-8")
        or "def pick_format" in path.read_text(encoding="utf-8")
    ]
    assert not wrong, wrong
