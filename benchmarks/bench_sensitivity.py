"""Time ``cadrekit sensitivity`` (1,000 draws) on a synthetic roster, beside one plain score.

    python benchmarks/bench_sensitivity.py              # 10,000 cadres, 1,000 draws
    python benchmarks/bench_sensitivity.py 2000 --draws 200

The roster comes from scripts/samplegen.py ``generate(n, seed)`` as in-memory frames;
"score" is one ``cadrekit.api.score`` run on them (load + validate + engine), "analyse"
is every sensitivity analysis on that result. Goal: analyse under 10 s for 10,000 cadres.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> None:
    import samplegen

    from cadrekit import api
    from cadrekit.insight.sensitivity import analyse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--draws", type=int, default=1000)
    args = parser.parse_args()
    frames = samplegen.generate(args.n, seed=2025)
    start = time.perf_counter()
    result = api.score(frames, year=2025)
    score_s = time.perf_counter() - start
    start = time.perf_counter()
    report = analyse(result, draws=args.draws, seed=0)
    analyse_s = time.perf_counter() - start
    sizes = result.cadres["track"].value_counts().to_dict()
    print(f"cadres {args.n:,}, draws {args.draws:,}; tracks {sizes}")
    print(f"{'score (one plain run)':<28}{score_s:>8.2f}s")
    print(f"{'sensitivity analyse':<28}{analyse_s:>8.2f}s")
    print(f"{'score + analyse':<28}{score_s + analyse_s:>8.2f}s")
    verdict = "ok" if analyse_s < 10 else "over the 10 s goal"
    print(f"goal: analyse under 10 s — {verdict}")
    fragile = int(report.cadres["robustness"].eq("fragile").sum())
    contested = int(report.cadres["robustness"].eq("contested").sum())
    print(
        f"fragile {fragile}, contested {contested}, one-at-a-time changes "
        f"{len(report.one_at_a_time)}, leave-one-out changes {len(report.leave_one_out)}"
    )


if __name__ == "__main__":
    main()
