"""Match weight and match probability: the two scales Splink reports a pair's score on.

A match weight is log2 of the odds that a pair is a match (the sum of the comparisons' weights
and the prior's); a probability is those odds as a share. The CLI and the manifest speak in
probabilities, clustering and the pairs table in weights; every conversion goes through here.
"""

from __future__ import annotations

import numpy as np


def probability_to_weight(p: float) -> float:
    """log2(p / (1 - p)), with p kept off 0 and 1 so that the weight stays finite."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return float(np.log2(p / (1 - p)))


def weight_to_probability(w: float) -> float:
    return float(1.0 / (1.0 + 2.0 ** (-w)))


def weights_to_probabilities(w: np.ndarray) -> np.ndarray:
    """weight_to_probability of every weight at once, as tanh: no overflow at any weight."""
    return 0.5 + 0.5 * np.tanh(np.asarray(w, dtype=np.float64) * (np.log(2) / 2))
