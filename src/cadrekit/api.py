"""The public facade: each function composes the pipeline for one use.

``read (io) → normalise + locate (load) → validate (models) → Dataset``;
``Dataset + RuleSet → engine → Result``; ``Result → render``.
"""

from __future__ import annotations
