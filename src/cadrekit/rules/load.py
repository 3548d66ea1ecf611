"""Load a rule file (or the embedded default) into a checked :class:`RuleSet`.

Only plain YAML is accepted: ``yaml.SafeLoader`` refuses ``!!python/object`` tags, and the
loader (rules/strict_yaml.py) refuses anchors and aliases, so an alias bomb ("billion
laughs") cannot expand. :class:`StrictLoader` also refuses nesting deeper than :data:`MAX_DEPTH` (PyYAML composes
recursively: 5,000 brackets were a RecursionError), a key written twice in one mapping
(PyYAML keeps the last silently) and ``.nan``/``.inf`` (no weight, score or cap is
infinite). A rule file is read only if it is a regular file of at most :data:`MAX_BYTES`
(``/dev/zero`` or a FIFO would read forever). Every problem is collected and raised at
once as a :class:`RulesError`. The built-in rule sets are read from their parsed data,
cached beside them and keyed by the text's digest (rules/cache.py): a run with them
imports no YAML.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cadrekit.errors import PathNotFound, RulesError, os_reason
from cadrekit.models.rule_checker import rules_problem
from cadrekit.models.rule_parse import parse_rules
from cadrekit.models.rules import RuleSet
from cadrekit.problems import Problem

DEFAULT_NAME = "default"
MAX_BYTES = 1 << 20  # a rule file (or judgement-matrix file) is a few KB; 1 MiB is generous
# Built-in rule sets, by the name given to --rules: name → embedded YAML file.
BUILT_IN = {DEFAULT_NAME: "default.yaml", "institution": "institution.yaml"}


# the strict loader, importable from here as before (rules/strict_yaml.py, imported on use)
_STRICT = ("MAX_DEPTH", "StrictLoader", "StrictYamlError", "_NoAliasLoader")


def __getattr__(name: str) -> Any:
    if name in _STRICT:
        from cadrekit.rules import strict_yaml

        return getattr(strict_yaml, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class LoadedRules:
    rules: RuleSet
    text: str
    sha256: str
    origin: str  # "default" or the file path


def default_text(name: str = DEFAULT_NAME) -> str:
    """An embedded rule set (the default unless ``name``), as officers see it after ``rules init``."""
    path = resources.files("cadrekit.rules").joinpath(BUILT_IN[name])
    return path.read_text(encoding="utf-8")


def _fail(problems: list[Problem], origin: str) -> RulesError:
    first = problems[0].location if problems else ""
    return RulesError(
        f"规则文件有误（{origin}）：{len(problems)} 处问题，首个位于 {first}",
        message_en=f"invalid rule file ({origin}): {len(problems)} problem(s), first at {first}",
        problems=problems,
    )


def parse_yaml(text: str, origin: str = "<rules>") -> Any:
    """``yaml`` text → plain data; syntax errors become RulesError with line and column."""
    import yaml

    from cadrekit.rules.strict_yaml import StrictLoader, StrictYamlError

    try:
        return yaml.load(text, Loader=StrictLoader)  # a SafeLoader subclass: no Python tags
    except StrictYamlError as exc:
        where = f"{origin}:{exc.line}:{exc.column}"
        problem = rules_problem(where, None, "plain YAML", exc.zh, exc.en)
        raise RulesError(
            f"规则文件有误（{where}）：{exc.zh}",
            message_en=f"invalid rule file ({where}): {exc.en}",
            problems=[problem],
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{origin}:{mark.line + 1}:{mark.column + 1}" if mark is not None else origin
        reason = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else "?"
        problem = rules_problem(  # the reason is in the message above it: not repeated here
            where,
            None,
            "valid YAML",
            f"检查第 {line} 行附近的缩进、冒号、引号和括号",
            f"check the indentation, colons, quotes and brackets near line {line}",
        )
        raise RulesError(
            f"规则文件不是有效的 YAML（{where}）：{reason}",
            message_en=f"the rule file is not valid YAML ({where}): {reason}",
            problems=[problem],
        ) from None


def rules_from_text(text: str, origin: str = "<rules>") -> LoadedRules:
    data = parse_yaml(text, origin)
    rules, problems = parse_rules(data)
    if rules is None:
        raise _fail(problems, origin)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedRules(rules=rules, text=text, sha256=digest, origin=origin)


def load_rules(source: str | Path | None = None) -> LoadedRules:
    """Load ``source`` (a path), the embedded default for ``None``, or a built-in by name
    (``"default"``, ``"institution"``; write ``./institution`` for a file of that name)."""
    if source is None:
        source = DEFAULT_NAME
    if isinstance(source, str) and source in BUILT_IN:
        return _built_in(source)
    path = Path(source)
    return rules_from_text(read_rule_text(path), str(path))


def _built_in(name: str) -> LoadedRules:
    """A built-in rule set. Its text ships with cadrekit and passes :class:`StrictLoader`
    (tests/test_rules_load.py parses each both ways). Its parsed data is cached beside it,
    keyed by the text's digest (rules/cache.py; tests/test_rules_cache.py checks it is
    the strict loader's): read from there, a run imports and parses no YAML (10 ms of
    every run). Without a cache of this text, libyaml's C loader parses it, ten times
    faster than the strict one, where PyYAML has it. Either way the data is validated and
    checked as a file's is."""
    from cadrekit.rules.cache import cached_data

    text = default_text(name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    data = cached_data(name, digest)
    if data is None:
        import yaml

        loader = getattr(yaml, "CSafeLoader", None)
        if loader is None:
            return rules_from_text(text, name)
        data = yaml.load(text, Loader=loader)
    rules, problems = parse_rules(data)
    if rules is None:  # cannot happen for a text the tests parse: said as for any file
        raise _fail(problems, name)
    return LoadedRules(rules=rules, text=text, sha256=digest, origin=name)


def read_rule_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """A rule file's text; a missing one is PathNotFound, unreadable or non-UTF-8 RulesError.

    Only a regular file of at most :data:`MAX_BYTES` is read (a device, FIFO or folder is
    refused before any byte is read)."""
    try:
        raw = read_bounded(path)
    except FileNotFoundError:
        names = "、".join(BUILT_IN)
        raise PathNotFound(
            f"找不到规则文件 {path}",
            message_en=f"no such rule file: {path}",
            hint=f"请检查路径；内置规则集：{names}（cadrekit rules init -o 文件 可生成一份）",
            hint_en=f"check the path; built-in rule sets: {', '.join(BUILT_IN)} "
            "(cadrekit rules init -o FILE writes one)",
        ) from None
    except BoundedReadError as exc:
        raise RulesError(
            f"无法读取规则文件 {path}：{exc.zh}",
            message_en=f"cannot read the rule file {path}: {exc.en}",
            hint=exc.hint_zh,
            hint_en=exc.hint_en,
        ) from None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise RulesError(
            f"规则文件 {path} 不是 UTF-8 编码",
            message_en=f"the rule file {path} is not UTF-8 text",
        ) from None


class BoundedReadError(Exception):
    """A small text file cannot be read: not a regular file, too large, or an OS error."""

    def __init__(self, zh: str, en: str, hint_zh: str, hint_en: str) -> None:
        super().__init__(en)
        self.zh, self.en, self.hint_zh, self.hint_en = zh, en, hint_zh, hint_en


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; FileNotFoundError as is.

    Opened with O_NONBLOCK so that a FIFO does not block the open; fstat then refuses
    anything but a regular file, and at most ``limit + 1`` bytes are ever read (a file
    that grows while read is refused too)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _os_failure(exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BoundedReadError(
                "这是一个文件夹", "it is a folder", "请给出文件名", "give a file name"
            )
        if not stat.S_ISREG(info.st_mode):
            raise BoundedReadError(
                "不是普通文件（设备、管道或套接字）",
                "not a regular file (a device, pipe or socket)",
                "请给出一个 .yaml 文件",
                "give a .yaml file",
            )
        if info.st_size > limit:
            raise _too_large(limit)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise _too_large(limit)
        return data
    except OSError as exc:
        raise _os_failure(exc) from None
    finally:
        os.close(fd)


def _too_large(limit: int) -> BoundedReadError:
    mib = limit / (1 << 20)
    return BoundedReadError(
        f"文件超过 {mib:g} MiB",
        f"larger than {mib:g} MiB",
        "规则文件通常只有几 KB，请确认给的是规则文件",
        "a rule file is a few KB; check that this is one",
    )


def _os_failure(exc: OSError) -> BoundedReadError:
    zh, en = os_reason(exc)
    return BoundedReadError(
        zh,
        en,
        "请确认它是可读取的文件",
        "check that it is a readable file",
    )


def default_rules() -> RuleSet:
    return load_rules(None).rules


def resolve(rules: LoadedRules | RuleSet | str | Path | None) -> LoadedRules:
    """The one way every entry point takes its ``rules`` argument: ``None`` (the built-in
    rules), a built-in name or a rule file path (loaded and checked), loaded rules (as they
    are), or a RuleSet (its text and digest made from it, for the result's provenance)."""
    if isinstance(rules, LoadedRules):
        return rules
    if isinstance(rules, RuleSet):
        import yaml

        text = yaml.safe_dump(rules.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return LoadedRules(rules=rules, text=text, sha256=digest, origin="<RuleSet>")
    return load_rules(rules)
