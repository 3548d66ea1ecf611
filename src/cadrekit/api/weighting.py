"""``cadrekit weights``: objective weights from a roster (entropy, CRITIC) and AHP."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.api.common import rule_set, stop_on_errors
from cadrekit.api.scoring import _dataset

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.dataset import Dataset


@dataclass(frozen=True)
class Weights:
    """What ``weights entropy|critic`` compute: the track (from the rules), its cadres'
    indicator values and the method's result (weights with their working)."""

    track: Any
    values: pd.DataFrame
    result: Any


def weights(method: str, source: str | Path | Dataset, track: str, rules: Any = None) -> Weights:
    """``cadrekit weights entropy|critic FILE --track T``: objective weights of a track's
    indicators from the roster's values (``method``: ``entropy`` or ``critic``)."""
    import pandas as pd

    from cadrekit.engine.tracks import assign_tracks
    from cadrekit.errors import UsageError
    from cadrekit.weights.objective import critic_weights, entropy_weights

    if method not in ("entropy", "critic"):
        raise UsageError(
            f"方法只能是 entropy 或 critic，而不是 {method}",
            message_en=f"the method is entropy or critic, not {method}",
        )
    rs = rule_set(rules)
    chosen = next((t for t in rs.tracks if track in (t.id, t.label)), None)
    if chosen is None:
        known = ", ".join(t.id for t in rs.tracks)
        raise UsageError(
            f"规则中没有赛道 {track}",
            message_en=f"the rules have no track {track}",
            hint=f"可选：{known}",
            hint_en=f"known tracks: {known}",
        )
    dataset = _dataset(source, rs)
    stop_on_errors(dataset, ("cadres",))
    placed, _ = assign_tracks(dataset.cadres, rs)
    members = placed[placed["track"] == chosen.id]
    columns = [ind.column for ind in chosen.indicators]
    values = pd.DataFrame(
        {
            c: pd.to_numeric(members[c], errors="coerce") if c in members else float("nan")
            for c in columns
        },
        index=members.index,
    )
    directions = [1 if ind.direction == "higher" else -1 for ind in chosen.indicators]
    compute = entropy_weights if method == "entropy" else critic_weights
    result = compute(values.to_numpy(dtype=float), directions, criteria=list(values.columns))
    return Weights(chosen, values, result)


def ahp(matrices: list[str | Path], method: str = "eigen") -> Any:
    """``cadrekit weights ahp FILE…``: AHP weights of the judgement matrices (each file one
    expert or several), combined by AIJ; an :class:`~cadrekit.weights.ahp.AhpGroupResult`."""
    from cadrekit.errors import UsageError
    from cadrekit.weights.ahp import ahp_group
    from cadrekit.weights.io import read_matrices

    if method not in ("eigen", "geometric"):
        raise UsageError(
            f"--method 应为 eigen 或 geometric，而不是 {method}",
            message_en=f"--method must be eigen or geometric, not {method}",
        )
    judged = [m for path in matrices for m in read_matrices(Path(path))]
    return ahp_group(judged, method)  # type: ignore[arg-type]  # checked above
