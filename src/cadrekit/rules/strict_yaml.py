"""The YAML loader every rule file and judgement-matrix file is read with (rules/load.py).

``yaml.SafeLoader`` refuses ``!!python/object`` tags; :class:`StrictLoader` also refuses
anchors and aliases (an alias bomb cannot expand), nesting deeper than :data:`MAX_DEPTH`,
a key written twice in one mapping and ``.nan``/``.inf``. Its own module so that a run
with the built-in rules, read from their checked cache (rules/cache.py), imports no YAML.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

MAX_DEPTH = 32  # the default rule set nests 6 deep


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


class StrictYamlError(yaml.constructor.ConstructorError):
    """A YAML construct rule files refuse, with a Chinese and an English reason."""

    def __init__(self, zh: str, en: str, mark: Any) -> None:
        super().__init__(None, None, en, mark)
        self.zh = zh
        self.en = en
        self.line: int = mark.line + 1
        self.column: int = mark.column + 1


class StrictLoader(_NoAliasLoader):
    """``_NoAliasLoader`` that also refuses deep nesting, duplicate keys and NaN/infinity.

    Used for every YAML file cadrekit reads: rule files and judgement-matrix files.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise StrictYamlError(
                    f"嵌套超过 {MAX_DEPTH} 层",
                    f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        seen: dict[tuple[str, str], Any] = {}
        for key, _value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            ident = (key.tag, key.value)
            if ident in seen:
                first = seen[ident].line + 1
                again = key.start_mark.line + 1
                raise StrictYamlError(
                    f"键 {key.value} 重复（第 {first} 行和第 {again} 行）；请只保留一个",
                    f"the key {key.value} is repeated (lines {first} and {again}); keep one",
                    key.start_mark,
                )
            seen[ident] = key.start_mark
        return node

    def construct_yaml_float(self, node: Any) -> Any:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise StrictYamlError(
                f"数值 {node.value} 不是有限数（不接受 .nan、.inf）",
                f"{node.value} is not a finite number (.nan and .inf are not accepted)",
                node.start_mark,
            )
        return value


StrictLoader.add_constructor("tag:yaml.org,2002:float", StrictLoader.construct_yaml_float)
