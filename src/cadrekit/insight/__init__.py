"""What an officer needs after the scores: vetting, flag lists, explanations, comparisons.

Each module is a set of pure functions over frames (a :class:`~cadrekit.models.dataset.Dataset`
or a :class:`~cadrekit.models.result.Result`) that return frames; nothing here prints,
reads a clock or writes files. ``vet`` and ``flags`` explain every row they produce in
its ``reason`` or ``evidence`` column; ``explain`` only reads the engine's audit trail.
"""

from __future__ import annotations
