"""Rule files: loading and checking them; :func:`resolve` takes any ``rules`` argument."""

from cadrekit.rules.load import LoadedRules, resolve

__all__ = ["LoadedRules", "resolve"]
