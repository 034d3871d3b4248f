"""The prior λ (the chance two random mentions match), re-estimated once m is trained.

Two ways. `list_prior` (the soldiers spec's, every run): λ at which the expected matches among
the list's own candidate pairs equal λ × all pairs, m and u held (below). `prior_from_model`
(an option of [training]): from the deterministic rules' recall as the model reads it.

Splink estimates λ from deterministic rules and a recall the user guesses (`[training]
deterministic_recall`). On a list nobody has measured, the guess is the weakest number in the
model: on fake_1000 a guess of 0.6 for "same first name, surname and birth date" put λ six times
too low (the list's errors make that rule's recall about 0.1), and every match probability with
it. Once EM has trained m, the model itself says how often a match agrees on the rule's fields:
under the Fellegi–Sunter independence it assumes, recall = Π over the fields of (share of
mentions with the field)² × m(exact agreement). λ = pairs the rule finds / recall / all pairs.

Reads the `features` table and the trained Splink settings (a dict); writes nothing.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import duckdb
import numpy as np

from linkage.comparisons import rule_columns
from linkage.database import quote_ident, scalar
from linkage.weights import probability_to_weight, weights_to_probabilities

# The exact-agreement condition each kind of level writes for a column (comparisons.py).
_FULL_DATE = {"birth_daynum": "birth_daynum", "death_daynum": "death_daynum"}


def _exact_m(settings: dict, column: str) -> float | None:
    """m of the level that means 'equal on this column', from the trained settings."""
    wanted = f'"{column}_l" = "{column}_r"'
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            sql = level.get("sql_condition", "")
            if level.get("is_null_level") or "m_probability" not in level:
                continue
            if sql == wanted or (column in _FULL_DATE and sql.endswith(wanted)
                                 and "IS NOT NULL" in sql):
                return level["m_probability"]
    return None


def _filled(con: duckdb.DuckDBPyConnection, column: str, table: str) -> float:
    return scalar(con, f"SELECT avg(({quote_ident(column)} IS NOT NULL)::DOUBLE) FROM {table}") or 0.0


def rule_recall(con, settings: dict, rule: str, table: str = "features") -> float | None:
    """The share of true matches a column-list rule finds, as the trained model sees it; None
    when a column has no exact-agreement level to read it from."""
    recall = 1.0
    for column in rule_columns(rule):
        m = _exact_m(settings, column)
        if m is None:
            return None
        recall *= _filled(con, column, table) ** 2 * m
    return recall


def _pairs(con, rule: str, table: str) -> int:
    cols = [quote_ident(c) for c in rule_columns(rule)]
    present = " AND ".join(f"{c} IS NOT NULL" for c in cols)
    return scalar(con, f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (SELECT count(*) AS n "
                       f"FROM {table} WHERE {present} GROUP BY {', '.join(cols)})") or 0


def prior_from_model(con, settings: dict, rules, table: str = "features") -> float | None:
    """λ from each deterministic rule whose recall the model gives (their median); None when no
    rule can be read this way (then Splink's estimate from the guessed recall stands)."""
    n = scalar(con, f"SELECT count(*) FROM {table}")
    total = n * (n - 1) / 2
    estimates = []
    for rule in rules:
        recall = rule_recall(con, settings, rule, table)
        pairs = _pairs(con, rule, table) if rule_columns(rule) else 0
        if recall and pairs and total:
            estimates.append(min(pairs / recall / total, 0.5))
    return statistics.median(estimates) if estimates else None


@dataclass(frozen=True)
class ListPrior:
    """λ for the list at hand, from a sample of its candidate pairs scored with the trained m
    and u (what the manifest records under "prior")."""

    trained: float        # λ as training left it (deterministic rules, a guessed recall)
    prior: float          # λ for this list
    sample_pairs: int     # candidate pairs scored for it
    candidate_pairs: int  # of all the candidate pairs
    rounds: int

    @property
    def shift_bits(self) -> float:
        """How far every match weight moves: log2 of the prior odds' ratio."""
        return probability_to_weight(self.prior) - probability_to_weight(self.trained)

    def as_dict(self) -> dict:
        return {"trained": self.trained, "list": self.prior, "shift_bits": round(self.shift_bits, 3),
                "sample_pairs": self.sample_pairs, "candidate_pairs": self.candidate_pairs,
                "rounds": self.rounds}


def list_prior(weights: np.ndarray, trained: float, candidate_pairs: int, records: int,
               tolerance_bits: float = 1e-12, max_rounds: int = 1000) -> ListPrior:
    """λ at which the sampled candidates' expected matches, scaled to all candidates, are λ × all
    pairs of `records` mentions: EM's update of λ with m and u held, over the list's candidate
    pairs rather than one training block. Pairs no rule makes count as non-matches (the rules
    keep 97-99% of true pairs).

    Why: the deterministic rules' recall is a guess (deterministic_recall), and a list whose
    sources seldom print full dates puts it far off. On 18 lists of five generators λ from training
    was 0.35-3.5 bits under the truth (oh3 200k: 1.2e-6 against 1.36e-5), so every match probability
    was; this fixed point came within 0.26 bits of the truth on each (benchmarks/prior.py).
    The same holds for a model trained on another list (--model): λ follows the list's size.

    `weights` are the sampled pairs' match weights under `trained` (sorted here, so the sum does
    not depend on the order DuckDB returned them in). The rounds go on to a trillionth of a bit
    (a few dozen, each a pass over the sample): a run given a model that already carries this
    list's λ lands on the same λ, and the same weights, as the run that first estimated it."""
    sample = len(weights)
    if sample == 0 or records < 2 or not 0 < trained < 1:
        return ListPrior(trained, trained, sample, candidate_pairs, 0)
    factors = np.sort(np.asarray(weights, dtype=np.float64)) - probability_to_weight(trained)  # log2 Bayes factors
    all_pairs = records * (records - 1) / 2
    scale = candidate_pairs / sample / all_pairs
    prior, rounds = trained, 0
    while rounds < max_rounds:
        rounds += 1
        found = min(float(np.sum(weights_to_probabilities(factors + probability_to_weight(prior)))) * scale, 0.5)
        if found < prior and found * all_pairs < 1:  # the map is increasing: falling under one
            return ListPrior(trained, trained, sample, candidate_pairs, rounds)  # match, it goes to 0
        moved = abs(math.log2(found / prior))
        prior = found
        if moved < tolerance_bits:
            break
    return ListPrior(trained, prior, sample, candidate_pairs, rounds)
