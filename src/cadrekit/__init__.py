"""cadrekit: layered, explainable cadre assessment (干部考核).

The package imports nothing heavy at start-up (batch scripts call the CLI thousands of
times); the facade functions import the library on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result

#: The commands' library twins, from :mod:`cadrekit.api` on first use (``cadrekit.vet(…)``).
_FACADE = (
    "compare",
    "explain",
    "flags",
    "load",
    "publicity",
    "rule_set",
    "sensitivity",
    "special",
    "tenure",
    "training",
    "vet",
)
__all__ = ["__version__", "score", "validate", *_FACADE]


def __getattr__(name: str) -> Any:
    if name in _FACADE:
        from cadrekit import api

        return getattr(api, name)
    raise AttributeError(f"module 'cadrekit' has no attribute {name!r}")


def score(source: Any, rules: Any = None, year: int | None = None, **kwargs: Any) -> Result:
    """Load, validate and score a roster; see :func:`cadrekit.api.score`."""
    from cadrekit import api

    return api.score(source, rules=rules, year=year, **kwargs)


def validate(source: Any, rules: Any = None, **kwargs: Any) -> Any:
    """Load and validate a roster; see :func:`cadrekit.api.validate`."""
    from cadrekit import api

    return api.validate(source, rules=rules, **kwargs)
