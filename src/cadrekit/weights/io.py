"""Reading judgement matrices (YAML or a workbook) and writing weights into a rule file.

A YAML matrix file holds one matrix or one per expert::

    criteria: [经济发展, 乡村振兴, 安全稳定, 党的建设]
    matrix:                          # or  experts: [{name: 专家甲, matrix: […]}, …]
      - [1,     2,     3, 3]
      - ["1/2", 1,     2, 2]
      - …

In a workbook, each sheet is one expert (the sheet name is the expert's name): criterion
names in the first row from B1 and in the first column from A2, in the same order.

``--into`` edits the rule file's text in place: only the characters of each ``weight``
value change, so comments, order, quoting and flow style survive. The positions come from
PyYAML's composer (every node knows its start and end in the text), so no second YAML
library is needed for a round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cadrekit.errors import InputFileError, RulesError, UsageError
from cadrekit.io.write import atomic_output
from cadrekit.models.dataset import column_letter
from cadrekit.weights.ahp import JudgementMatrix, check_matrix

MATRIX_KEYS = {"criteria", "matrix", "experts", "title", "track", "note"}
MAX_SHEET_CELLS = 20  # an AHP sheet is at most 15 criteria plus the name row/column


def read_matrices(path: Path) -> list[JudgementMatrix]:
    """One file → its experts' checked matrices (YAML/.yml, or .xlsx/.xlsm)."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml_matrices(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_sheet_matrices(path)
    raise UsageError(
        f"不支持的判断矩阵文件：{path.name}（应为 .yaml 或 .xlsx）",
        message_en=f"unsupported matrix file: {path.name} (use .yaml or .xlsx)",
    )


def _read_text(path: Path) -> str:
    from cadrekit.rules.load import BoundedReadError, read_bounded

    try:
        return read_bounded(path).decode("utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(
            f"无法读取文件 {path}：文件不存在", message_en=f"cannot read {path}: no such file"
        ) from None
    except BoundedReadError as exc:
        raise InputFileError(
            f"无法读取文件 {path}：{exc.zh}",
            message_en=f"cannot read {path}: {exc.en}",
            hint=exc.hint_zh,
            hint_en=exc.hint_en,
        ) from None
    except UnicodeDecodeError:
        raise InputFileError(
            f"{path} 不是 UTF-8 编码", message_en=f"{path} is not UTF-8 text"
        ) from None


def _bad_file(path: Path, zh: str, en: str) -> InputFileError:
    return InputFileError(
        f"判断矩阵文件 {path.name} 有误：{zh}",
        message_en=f"matrix file {path.name} is invalid: {en}",
        hint="格式见 docs/weights.md",
        hint_en="see docs/weights.md for the format",
    )


def read_yaml_matrices(path: Path) -> list[JudgementMatrix]:
    import yaml

    from cadrekit.rules.load import StrictLoader, StrictYamlError

    try:
        data = yaml.load(_read_text(path), Loader=StrictLoader)
    except StrictYamlError as exc:
        line = f"第 {exc.line} 行"
        raise _bad_file(path, f"{line}：{exc.zh}", f"line {exc.line}: {exc.en}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else ""
        raise _bad_file(path, f"YAML 语法错误 {line}", f"YAML syntax error {line}") from None
    if not isinstance(data, dict):
        raise _bad_file(
            path, "应为映射（criteria, matrix）", "expected a mapping (criteria, matrix)"
        )
    unknown = sorted(set(map(str, data)) - MATRIX_KEYS)
    if unknown:
        raise _bad_file(path, f"未知的键 {unknown}", f"unknown keys {unknown}")
    criteria = data.get("criteria")
    if not isinstance(criteria, list) or not all(isinstance(c, str | int) for c in criteria):
        raise _bad_file(path, "criteria 应为指标名称列表", "criteria must be a list of names")
    names = [str(c) for c in criteria]
    if ("matrix" in data) == ("experts" in data):
        raise _bad_file(
            path, "须有 matrix 或 experts 之一", "give exactly one of matrix or experts"
        )
    if "matrix" in data:
        return [_yaml_matrix(path, names, data["matrix"], path.stem, "matrix")]
    experts = data["experts"]
    if not isinstance(experts, list) or not experts:
        raise _bad_file(path, "experts 应为非空列表", "experts must be a non-empty list")
    result = []
    for k, item in enumerate(experts):
        if not isinstance(item, dict) or "matrix" not in item:
            raise _bad_file(
                path, f"experts[{k}] 应含 name 和 matrix", f"experts[{k}] needs name and matrix"
            )
        name = str(item.get("name") or f"专家{k + 1}")
        result.append(_yaml_matrix(path, names, item["matrix"], name, f"experts[{k}].matrix"))
    return result


def _yaml_matrix(
    path: Path, criteria: list[str], rows: Any, expert: str, prefix: str
) -> JudgementMatrix:
    if not isinstance(rows, list):
        raise _bad_file(path, f"{prefix} 应为矩阵（行的列表）", f"{prefix} must be a list of rows")
    return check_matrix(
        criteria,
        rows,
        expert=expert,
        source=path.name,
        cell=lambda i, j: f"{prefix}[{i}][{j}]",
    )


def read_sheet_matrices(path: Path) -> list[JudgementMatrix]:
    """Each non-empty sheet is one expert's matrix, names in row 1 and column A.

    Read as every input is (:func:`cadrekit.io.read.read_book`): the same size and zip
    checks, and the same located message for a file that cannot be read.
    """
    from cadrekit.io.read import read_book

    result = []
    for sheet in read_book(path).sheets:
        cells = sheet.frame.iloc[:MAX_SHEET_CELLS, :MAX_SHEET_CELLS]
        grid = [[_cell(v) for v in row] for row in cells.itertuples(index=False)]
        matrix = _sheet_matrix(path, sheet.name, grid)
        if matrix is not None:
            result.append(matrix)
    if not result:
        raise _bad_file(path, "没有含判断矩阵的工作表", "no sheet holds a matrix")
    return result


def _cell(value: Any) -> Any:
    """A whole number as an int (a criterion named 2025 is "2025", not "2025.0")."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _sheet_matrix(path: Path, title: str, grid: list[list[Any]]) -> JudgementMatrix | None:
    if not grid or not any(v not in (None, "") for row in grid for v in row):
        return None
    header = grid[0][1:]
    while header and header[-1] in (None, ""):
        header.pop()
    names = [str(v).strip() for v in header]
    n = len(names)
    body = [row for row in grid[1:] if any(v not in (None, "") for v in row)][:n]
    side = [str(row[0]).strip() if row[0] is not None else "" for row in body]
    if side != names:
        raise _bad_file(
            path,
            f"工作表 {title} 的首列 {side} 与首行 {names} 不一致",
            f"sheet {title}: first column {side} differs from first row {names}",
        )
    rows = [list(row[1 : n + 1]) + [None] * (n + 1 - len(row)) for row in body]
    return check_matrix(
        names,
        [r[:n] for r in rows],
        expert=title,
        source=path.name,
        cell=lambda i, j: f"{title}!{column_letter(j + 1)}{i + 2}",
    )


# --- writing weights into a rule file -------------------------------------------------------


def round_weights(weights: Sequence[float], digits: int = 4) -> list[int]:
    """Weights → integers in units of 10^-digits that sum to exactly 10^digits.

    Each weight is rounded half away from zero; the difference to 1 (at most a few units)
    goes to the largest weight, where it changes the relative value least.
    """
    scale = 10**digits
    units = [int(w * scale + 0.5) for w in weights]
    largest = max(range(len(units)), key=lambda k: units[k])
    units[largest] += scale - sum(units)
    return units


def format_units(units: int, digits: int = 4) -> str:
    scale = 10**digits
    return f"{units // scale}.{units % scale:0{digits}d}"


def _mapping_get(node: Any, key: str) -> Any:
    for k, v in getattr(node, "value", []):
        if getattr(k, "value", None) == key:
            return v
    return None


def set_track_weights(
    text: str, track: str, weights: Mapping[str, float], digits: int = 4, origin: str = "<rules>"
) -> tuple[str, dict[str, str]]:
    """Rule-file text with ``track``'s indicator weights replaced; comments kept.

    ``weights`` maps indicator ``column`` → weight and must name exactly the track's
    indicators. Returns the new text and the written values (column → "0.1234").
    """
    import yaml

    from cadrekit.rules.load import StrictLoader, StrictYamlError

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    try:
        root = yaml.compose(body, Loader=StrictLoader)
    except StrictYamlError as exc:
        where = f"{origin}:{exc.line}:{exc.column}"
        raise RulesError(
            f"规则文件有误（{where}）：{exc.zh}",
            message_en=f"invalid rule file ({where}): {exc.en}",
        ) from None
    except yaml.YAMLError as exc:
        raise RulesError(
            f"规则文件 {origin} 不是有效的 YAML：{exc}",
            message_en=f"the rule file {origin} is not valid YAML: {exc}",
        ) from None
    track_node = _find_track(root, track, origin)
    indicators = _mapping_get(track_node, "indicators")
    if not isinstance(indicators, yaml.SequenceNode):
        raise RulesError(
            f"规则文件 {origin} 中赛道 {track} 没有 indicators 列表",
            message_en=f"track {track} in {origin} has no indicators list",
        )
    spans: dict[str, Any] = {}
    for k, item in enumerate(indicators.value):
        column = _mapping_get(item, "column")
        weight = _mapping_get(item, "weight")
        if not isinstance(column, yaml.ScalarNode) or not isinstance(weight, yaml.ScalarNode):
            raise RulesError(
                f"赛道 {track} 的第 {k + 1} 个指标缺少 column 或 weight（{origin}）",
                message_en=f"indicator {k} of track {track} lacks column or weight ({origin})",
                hint="先写上 weight: 0，再运行本命令",
                hint_en="write weight: 0 there first, then run this again",
            )
        spans[column.value] = weight
    _check_same_indicators(track, list(spans), list(weights))
    names = list(spans)
    units = round_weights([weights[c] for c in names], digits)
    written = {c: format_units(u, digits) for c, u in zip(names, units, strict=True)}
    # Replace from the end so earlier positions stay valid.
    for column in sorted(names, key=lambda c: spans[c].start_mark.index, reverse=True):
        node = spans[column]
        body = body[: node.start_mark.index] + written[column] + body[node.end_mark.index :]
    return bom + body, written


def _find_track(root: Any, track: str, origin: str) -> Any:
    import yaml

    tracks = _mapping_get(root, "tracks") if isinstance(root, yaml.MappingNode) else None
    if not isinstance(tracks, yaml.SequenceNode):
        raise RulesError(
            f"规则文件 {origin} 没有 tracks 列表", message_en=f"{origin} has no tracks list"
        )
    known = []
    for node in tracks.value:
        ident, label = _mapping_get(node, "id"), _mapping_get(node, "label")
        values = [getattr(x, "value", None) for x in (ident, label)]
        if track in values:
            return node
        known.append(str(values[0]))
    raise UsageError(
        f"规则文件 {origin} 中没有赛道 {track}",
        message_en=f"no track {track} in {origin}",
        hint=f"可选：{', '.join(known)}",
        hint_en=f"known tracks: {', '.join(known)}",
    )


def _check_same_indicators(track: str, have: list[str], given: list[str]) -> None:
    missing = [c for c in have if c not in given]
    extra = [c for c in given if c not in have]
    if missing or extra:
        raise UsageError(
            f"判断矩阵的指标与赛道 {track} 的指标不一致：缺少 {missing}，多出 {extra}",
            message_en=f"the matrix criteria differ from track {track}'s indicators: "
            f"missing {missing}, extra {extra}",
            hint="判断矩阵须比较该赛道的全部指标（名称与规则文件中的 column 相同）",
            hint_en="the matrix must compare all of the track's indicators, named as their column",
        )


def write_weights_into(
    path: Path, track: str, weights: Mapping[str, float], digits: int = 4
) -> dict[str, str]:
    """Edit the rule file at ``path`` in place (atomically); return the written values."""
    from cadrekit.rules.load import read_rule_text

    text = read_rule_text(path, encoding="utf-8")  # keep a BOM, if any, when writing back
    new_text, written = set_track_weights(text, track, weights, digits, origin=str(path))
    with atomic_output(path, force=True) as fh:  # fsync'd, mode kept; refused if open in Excel
        fh.write(new_text.encode("utf-8"))
    return written
