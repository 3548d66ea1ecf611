"""The scoring engine: one pure, vectorised function per layer (DESIGN §4).

``run(frames, rules, year)`` applies them in order; ``resolve_year`` picks the year.
"""

from cadrekit.engine.pipeline import EngineOutput, resolve_year, run

__all__ = ["EngineOutput", "resolve_year", "run"]
