"""Load a rule file (or the embedded default) into a checked :class:`RuleSet`.

Only plain YAML is accepted: ``yaml.SafeLoader`` refuses ``!!python/object`` tags, and the
loader below refuses anchors and aliases, so an alias bomb ("billion laughs") cannot expand.
Every problem is collected and raised at once as a :class:`RulesError`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cadrekit.errors import PathNotFound, RulesError
from cadrekit.models.rules import RuleSet, parse_rules, rules_problem
from cadrekit.problems import Problem

DEFAULT_NAME = "default"
# Built-in rule sets, by the name given to --rules: name → embedded YAML file.
BUILT_IN = {DEFAULT_NAME: "default.yaml", "institution": "institution.yaml"}


@dataclass(frozen=True)
class LoadedRules:
    rules: RuleSet
    text: str
    sha256: str
    origin: str  # "default" or the file path


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that rejects anchors and aliases (rule files never need them)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (&, *) are not allowed", event.start_mark
            )
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (&, *) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


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
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader subclass: no Python tags
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
        return rules_from_text(default_text(), DEFAULT_NAME)
    if isinstance(source, str) and source in BUILT_IN:
        return rules_from_text(default_text(source), source)
    path = Path(source)
    return rules_from_text(read_rule_text(path), str(path))


def read_rule_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """A rule file's text; a missing one is PathNotFound, unreadable or non-UTF-8 RulesError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        names = "、".join(BUILT_IN)
        raise PathNotFound(
            f"找不到规则文件 {path}",
            message_en=f"no such rule file: {path}",
            hint=f"请检查路径；内置规则集：{names}（cadrekit rules init -o 文件 可生成一份）",
            hint_en=f"check the path; built-in rule sets: {', '.join(BUILT_IN)} "
            "(cadrekit rules init -o FILE writes one)",
        ) from None
    except OSError as exc:
        raise RulesError(
            f"无法读取规则文件 {path}（{type(exc).__name__}）",
            message_en=f"cannot read the rule file {path}: {exc.strerror or exc}",
            hint="请确认它是可读取的文件，而不是文件夹",
            hint_en="check that it is a readable file, not a folder",
        ) from None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise RulesError(
            f"规则文件 {path} 不是 UTF-8 编码",
            message_en=f"the rule file {path} is not UTF-8 text",
        ) from None


def default_rules() -> RuleSet:
    return load_rules(None).rules


def resolve(rules: LoadedRules | RuleSet | str | Path | None) -> LoadedRules:
    """The one way every entry point takes its ``rules`` argument: ``None`` (the built-in
    rules), a built-in name or a rule file path (loaded and checked), loaded rules (as they
    are), or a RuleSet (its text and digest made from it, for the result's provenance)."""
    if isinstance(rules, LoadedRules):
        return rules
    if isinstance(rules, RuleSet):
        text = yaml.safe_dump(rules.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return LoadedRules(rules=rules, text=text, sha256=digest, origin="<RuleSet>")
    return load_rules(rules)
