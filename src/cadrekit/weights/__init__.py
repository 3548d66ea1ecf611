"""Indicator weights: AHP from expert judgements, entropy and CRITIC from the data, TOPSIS.

Pure numpy; every function returns its intermediate values so that the CLI and the audit
trail can show how a weight or a closeness came about. ``cadrekit weights …`` is the CLI.
"""

from cadrekit.engine.topsis import TopsisResult, topsis
from cadrekit.weights.ahp import (
    RANDOM_INDEX,
    AhpGroupResult,
    AhpResult,
    InconsistentPair,
    JudgementMatrix,
    aggregate_judgements,
    ahp_group,
    ahp_weights,
    check_matrix,
)
from cadrekit.weights.errors import JudgementMatrixError, WeightsDataError
from cadrekit.weights.objective import (
    CriticResult,
    EntropyResult,
    critic_weights,
    entropy_weights,
)

__all__ = [
    "RANDOM_INDEX",
    "AhpGroupResult",
    "AhpResult",
    "CriticResult",
    "EntropyResult",
    "InconsistentPair",
    "JudgementMatrix",
    "JudgementMatrixError",
    "TopsisResult",
    "WeightsDataError",
    "aggregate_judgements",
    "ahp_group",
    "ahp_weights",
    "check_matrix",
    "critic_weights",
    "entropy_weights",
    "topsis",
]
