"""The public facade: one function per command, each composing the pipeline for one use.

``read (io) → normalise + locate (load) → validate (models) → Dataset``;
``Dataset + RuleSet → engine → Result``; ``Result → render``.

What lives where (every name is importable as ``cadrekit.api.NAME``):

- :mod:`~cadrekit.api.common`: ``rule_set`` (the one ``--rules`` resolver), ``Table``,
  ``stop_on_errors``;
- :mod:`~cadrekit.api.scoring`: ``load``, ``validate``, ``score``, ``sensitivity``;
- :mod:`~cadrekit.api.roster`: ``special``, ``tenure``, ``vet``, ``training``,
  ``assessed_year``;
- :mod:`~cadrekit.api.results`: ``flags``, ``explain``, ``compare`` / ``comparison``, ``publicity``,
  ``with_lists``;
- :mod:`~cadrekit.api.weighting`: ``weights``, ``ahp``;
- :mod:`~cadrekit.api.rulefiles`: ``rules_check``, ``rules_show``, ``template``;
- :mod:`~cadrekit.api.cycle`: ``carry``;
- :mod:`~cadrekit.api.people`: ``forms``, ``profile``.

The modules import the library on first use, as the package does (``import cadrekit.api``
stays cheap).
"""

from __future__ import annotations

from cadrekit.api.common import Table, rule_set, stop_on_errors
from cadrekit.api.common import _rule_set as _rule_set  # the old private name (scripts)
from cadrekit.api.cycle import carry
from cadrekit.api.people import Forms, forms, profile
from cadrekit.api.results import (
    Comparison,
    Publicity,
    compare,
    comparison,
    explain,
    flags,
    publicity,
    with_lists,
)
from cadrekit.api.roster import assessed_year, special, tenure, training, vet
from cadrekit.api.rulefiles import rules_check, rules_show, template
from cadrekit.api.scoring import (
    load,
    score,
    sensitivity,
    validate,
)
from cadrekit.api.weighting import Weights, ahp, weights

__all__ = [
    "Comparison",
    "Forms",
    "Publicity",
    "Table",
    "Weights",
    "ahp",
    "assessed_year",
    "carry",
    "compare",
    "comparison",
    "explain",
    "flags",
    "forms",
    "load",
    "profile",
    "publicity",
    "rule_set",
    "rules_check",
    "rules_show",
    "score",
    "sensitivity",
    "special",
    "stop_on_errors",
    "template",
    "tenure",
    "training",
    "validate",
    "vet",
    "weights",
    "with_lists",
]
