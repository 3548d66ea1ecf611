"""How stable are the grades? Weights moved one at a time, Monte Carlo weights, leave-one-out.

For the current rules and a scored roster (a :class:`~cadrekit.models.result.Result`):

* **one at a time** — each indicator weight of each track moved by ±Δ (clipped to 0–1),
  the others rescaled proportionally so the weights still sum to 1: who changes grade;
* **Monte Carlo** — ``draws`` weight vectors per track from a Dirichlet centred on the set
  weights (α = concentration · w; a larger concentration keeps the draws closer): per cadre
  the share of draws with a different grade and with the quota grade (优秀), and per quota
  group the cadres whose 优秀 is robust (≥ 95 % of draws), fragile (50–95 %) or contested
  (> 0 and < 50 %);
* **leave one out** — each cadre removed from the roster in turn: whose grade changes
  (the group's n, and so its slots, may change);
* **rank stability** per track — Kendall τ-b and the top-weighted Spearman r_W (Pinto da
  Costa & Soares 2005) between the actual ranking and each draw's: mean and 5th percentile.

Draw 0 of every track is the rule file's own weights and must reproduce the engine's
grades; a mismatch is an internal error, never a silent result. One at a time and leave one
out are in insight/sensitivity_variants.py, the evaluation of weights in
insight/sensitivity_eval.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cadrekit.insight.sensitivity_base import TrackBase, track_bases
from cadrekit.insight.sensitivity_eval import Evaluation, evaluate
from cadrekit.insight.sensitivity_tally import DrawTally
from cadrekit.insight.sensitivity_variants import (
    LOO_COLUMNS,
    OAT_COLUMNS,
    concat,
    leave_one_out,
    one_at_a_time,
)
from cadrekit.models.result import Result
from cadrekit.models.rules import RuleSet

ROBUST, FRAGILE = 0.95, 0.50
MAX_PAIRS = 20_000  # Kendall τ on every pair up to this many, else on a seeded sample
_BLOCK = 4_000_000  # elements (draws × cadres) evaluated at once


@dataclass
class SensitivityReport:
    cadres: pd.DataFrame  # per cadre: differ / excellent / tie shares, robustness
    groups: pd.DataFrame  # per quota group: robust, fragile, contested
    one_at_a_time: pd.DataFrame  # per (track, indicator, ±Δ): each cadre whose grade changes
    leave_one_out: pd.DataFrame  # per removed cadre: each other cadre whose grade changes
    rank_stability: pd.DataFrame  # per track: Kendall τ-b and r_W summaries
    weights: pd.DataFrame  # per track and indicator: set weight and the spread of the draws
    params: dict[str, Any] = field(default_factory=dict)


def analyse(
    result: Result,
    *,
    track: str | None = None,
    delta: float = 0.05,
    draws: int = 1000,
    seed: int = 0,
    concentration: float = 200.0,
) -> SensitivityReport:
    """All four analyses for every track (or the one ``track``, by id or label)."""
    rules: RuleSet = result.rules
    frames = {k: s.frame for k, s in result.dataset.sheets.items()} if result.dataset else {}
    bases = track_bases(result.cadres, rules, result.year, frames)
    if track is not None:
        bases = [b for b in bases if track in (b.track.id, b.track.label)]
    position = {t.id: i for i, t in enumerate(rules.tracks)}
    mc, stab, spread, oat, loo = [], [], [], [], []
    for base in bases:
        rng = np.random.default_rng([seed, position[base.track.id]])
        w = dirichlet(base.weights, draws, concentration, rng)
        mc_frame, stab_row = _monte_carlo(base, w, rules, rng)
        mc.append(mc_frame)
        stab.append(stab_row)
        spread.append(_spread(base, w[1:]))
        oat.append(one_at_a_time(base, delta, rules))
        loo.append(leave_one_out(base, rules))
    cadres = _with_names(result.cadres, concat(mc, _MC_COLUMNS))
    return SensitivityReport(
        cadres=cadres,
        groups=_groups(cadres, rules),
        one_at_a_time=_with_names(result.cadres, concat(oat, OAT_COLUMNS)),
        leave_one_out=_with_names(result.cadres, concat(loo, LOO_COLUMNS), removed=True),
        rank_stability=pd.DataFrame(stab, columns=_STAB_COLUMNS),
        weights=concat(spread, _W_COLUMNS),
        params={
            "delta": delta,
            "draws": draws,
            "seed": seed,
            "concentration": concentration,
            "year": result.year,
            "tracks": [b.track.id for b in bases],
        },
    )


def dirichlet(
    weights: np.ndarray, draws: int, concentration: float, rng: np.random.Generator
) -> np.ndarray:
    """(draws + 1) × n weight vectors: row 0 the set weights, then Dirichlet(c · w) draws.

    An indicator with weight 0 stays 0 (a Dirichlet parameter must be positive).
    """
    out = np.tile(weights, (draws + 1, 1))
    live = weights > 0
    if live.sum() > 1 and draws > 0:
        out[1:, live] = rng.dirichlet(concentration * weights[live], size=draws)
    return out


def _blocks(k: int, m: int) -> list[slice]:
    step = max(1, _BLOCK // max(1, m))
    return [slice(s, min(k, s + step)) for s in range(0, k, step)]


# --- Monte Carlo ----------------------------------------------------------------------------

_MC_COLUMNS = ["id", "track", "quota_group", "draws", "differ_share", "excellent_share"]
_MC_COLUMNS += ["tie_share", "robustness"]
_STAB_COLUMNS = ["track", "n", "draws", "pairs", "pairs_sampled", "kendall_mean"]
_STAB_COLUMNS += ["kendall_p5", "kendall_min", "wspearman_mean", "wspearman_p5", "wspearman_min"]


def _monte_carlo(
    base: TrackBase, w: np.ndarray, rules: RuleSet, rng: np.random.Generator
) -> tuple[pd.DataFrame, list[Any]]:
    m = len(base.rows)
    quota = rules.grades.position(rules.quota.grade)
    tally = DrawTally.start(m)
    pairs = None
    actual_mid = None
    # every draw equal to the set weights (one indicator, or draws = 0): evaluate it once
    same = bool((w == w[0]).all())
    blocks = [slice(0, 1)] if same else _blocks(len(w), m)
    for block in blocks:
        ev = evaluate(base, w[block], rules)
        if same:
            _check_parity(base, ev)
            tally.add_repeated(ev, base.actual, quota, len(w) - 1)
            break
        if block.start == 0:
            _check_parity(base, ev)
            actual_mid = ev.mid_rank[0]
            pairs = _pairs(m, rng)
            ev = _drop_first(ev)
        if ev.grade.shape[0] == 0:
            continue
        tally.add(ev, base.actual, quota)
        assert actual_mid is not None and pairs is not None
        if (ev.mid_rank == actual_mid).all():  # e.g. a track with a single indicator
            tally.same_ranking(ev.mid_rank.shape[0])
            continue
        tally.correlations(
            kendall_tau_b(actual_mid, ev.mid_rank, pairs),
            weighted_spearman(actual_mid, ev.mid_rank),
        )
    n_draws = len(w) - 1
    share = tally.excellent / max(1, n_draws)
    frame = pd.DataFrame(
        {
            "row": base.rows,
            "track": base.track.id,
            "quota_group": [base.group_labels[g] for g in base.group],
            "draws": n_draws,
            "differ_share": tally.differ / max(1, n_draws),
            "excellent_share": share,
            "tie_share": tally.tie / max(1, n_draws),
            "robustness": robustness(share),
        }
    )
    t, r = tally.statistics()
    n_pairs = m * (m - 1) // 2
    row = [base.track.id, m, n_draws, n_pairs, min(n_pairs, MAX_PAIRS) < n_pairs]
    row += [_mean(t), _pct(t), _min(t), _mean(r), _pct(r), _min(r)]
    return frame, row


def robustness(share: np.ndarray) -> np.ndarray:
    """robust ≥ 95 %, fragile 50–95 %, contested above 0 and below 50 %, else ''."""
    return np.select(
        [share >= ROBUST, share >= FRAGILE, share > 0],
        ["robust", "fragile", "contested"],
        default="",
    )


def _drop_first(ev: Evaluation) -> Evaluation:
    return Evaluation(*(a[1:] for a in vars(ev).values()))


def _check_parity(base: TrackBase, ev: Evaluation) -> None:
    if not np.array_equal(ev.grade[0], base.actual):
        bad = np.flatnonzero(ev.grade[0] != base.actual)
        raise RuntimeError(
            f"sensitivity: the set weights do not reproduce the engine's grades in track "
            f"{base.track.id} (positions {bad[:5].tolist()})"
        )


def _mean(x: np.ndarray) -> float:
    return float(np.nanmean(x)) if np.isfinite(x).any() else float("nan")


def _pct(x: np.ndarray) -> float:
    return float(np.nanpercentile(x, 5)) if np.isfinite(x).any() else float("nan")


def _min(x: np.ndarray) -> float:
    return float(np.nanmin(x)) if np.isfinite(x).any() else float("nan")


# --- rank correlations ------------------------------------------------------------------------


def _pairs(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Every pair i < j, or MAX_PAIRS distinct-index pairs drawn with ``rng`` when more."""
    total = m * (m - 1) // 2
    if total <= MAX_PAIRS:
        i, j = np.triu_indices(m, k=1)
        return i, j
    i = rng.integers(0, m, size=MAX_PAIRS)
    j = (i + rng.integers(1, m, size=MAX_PAIRS)) % m
    return i, j


def kendall_tau_b(
    actual: np.ndarray, ranks: np.ndarray, pairs: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """τ-b between ``actual`` (m,) and each row of ``ranks`` (k × m), over ``pairs``."""
    i, j = pairs
    if len(i) == 0:
        return np.full(ranks.shape[0], np.nan)
    sx = np.sign(actual[i] - actual[j]).astype("float32")
    cols = np.ascontiguousarray(ranks.T, dtype="float32")  # gather rows, not strided columns
    num = np.zeros(ranks.shape[0])
    untied = np.zeros(ranks.shape[0])
    step = max(1, 2_000_000 // max(1, ranks.shape[0]))  # pairs per block: stays in cache
    for start in range(0, len(i), step):
        a, b = i[start : start + step], j[start : start + step]
        sy = np.sign(cols[a] - cols[b])
        num += sx[start : start + step] @ sy
        untied += np.abs(sy).sum(axis=0)
    den = np.sqrt(np.count_nonzero(sx) * untied)
    return np.divide(num, den, out=np.full(len(num), np.nan), where=den > 0)


def weighted_spearman(actual: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Pinto da Costa's r_W: disagreement near the top (rank 1) weighs more than at the bottom.

    r_W = 1 − 6 Σ (R − Q)² ((n − R + 1) + (n − Q + 1)) / (n⁴ + n³ − n² − n).
    """
    n = actual.shape[0]
    if n < 2:
        return np.full(ranks.shape[0], np.nan)
    d2 = (actual - ranks) ** 2
    weight = (n - actual + 1) + (n - ranks + 1)
    return 1.0 - 6.0 * (d2 * weight).sum(axis=1) / (n**4 + n**3 - n**2 - n)


_W_COLUMNS = ["track", "indicator", "weight", "draw_mean", "draw_p5", "draw_p95"]


# --- shaping -------------------------------------------------------------------------------


def _spread(base: TrackBase, draws: np.ndarray) -> pd.DataFrame:
    has = len(draws) > 0
    return pd.DataFrame(
        {
            "track": base.track.id,
            "indicator": [i.column for i in base.track.indicators],
            "weight": base.weights,
            "draw_mean": draws.mean(axis=0) if has else np.nan,
            "draw_p5": np.percentile(draws, 5, axis=0) if has else np.nan,
            "draw_p95": np.percentile(draws, 95, axis=0) if has else np.nan,
        }
    )


def _with_names(cadres: pd.DataFrame, frame: pd.DataFrame, removed: bool = False) -> pd.DataFrame:
    """Replace frame row positions by the cadres' id, name, unit, rank, score and grade."""
    out = frame.copy()
    if removed and "removed_row" in out:
        pos = out.pop("removed_row").to_numpy(dtype="int64")
        out.insert(3, "removed_id", cadres["id"].to_numpy()[pos])
        out.insert(4, "removed_name", cadres["name"].to_numpy()[pos])
    if "row" not in out:
        return out
    pos = out.pop("row").to_numpy(dtype="int64")
    names = ["id", "name", "unit", "rank", "score"] + ([] if "grade" in out else ["grade"])
    head = cadres[names].iloc[pos].set_axis(out.index)
    rest = out.drop(columns=[c for c in names if c in out.columns])
    return pd.concat([head, rest], axis=1)


def _groups(cadres: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Per quota group: the names of the robust, fragile and contested cadres (by share)."""
    kinds = ["robust", "fragile", "contested"]
    if not len(cadres):
        return pd.DataFrame(columns=["track", "quota_group", "n", *kinds])
    ordered = cadres.sort_values(["excellent_share", "id"], ascending=[False, True], kind="stable")
    ordered = ordered.assign(
        label=ordered["name"].astype("string").fillna("")
        + " "
        + _percent(ordered["excellent_share"])
    )
    keys = ["track", "quota_group"]
    out = ordered.groupby(keys, sort=False).size().rename("n").reset_index()
    named = ordered[ordered["robustness"].isin(kinds)]
    lists = named.groupby([*keys, "robustness"], sort=False)["label"].agg("、".join)
    wide = lists.unstack("robustness").reindex(columns=kinds).reset_index()
    out = out.merge(wide, on=keys, how="left")
    out[kinds] = out[kinds].astype(object).fillna("")
    order = {t.id: i for i, t in enumerate(rules.tracks)}
    out["_o"] = out["track"].map(order)
    out = out.sort_values(["_o", "quota_group"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def _percent(share: pd.Series) -> pd.Series:
    return "(" + (share * 100).round(0).astype("int64").astype("string") + "%)"
