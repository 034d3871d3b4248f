"""The default threshold, chosen from the model's own match probabilities, without labels.

If the scored pairs' probabilities p are calibrated, accepting every pair with p ≥ t finds, in
expectation, TP(t) = Σ_{p≥t} p true matches among N(t) accepted pairs, out of M = Σ_all p
matches in all, so the expected pairwise F1 is 2·TP(t) / (N(t) + M). The threshold that
maximises it is where p falls to half the best F1 (Lipton, Elkan & Naryanaswamy 2014,
"Thresholding classifiers to maximize F1"): a list whose model separates well is cut near
p = 0.5, a list full of namesakes higher. A fixed p = 0.9 cut 0.01–0.02 of F1 away on every list
measured (ours and other hands', benchmarks/results/threshold-*.md); this choice came within
0.0025 of the best threshold chosen from the truth there (20k and 200k mentions).

The pairs below the run's floor (pairs_floor) are not kept, so M misses the few matches among
them; their probabilities are below 0.01 each and the choice hardly moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Calibration:
    """The threshold that maximises the expected pairwise F1, and that F1; `pairwise` is that
    threshold before a clustering bound lowered it (at_most), else None."""

    threshold: float
    expected_f1: float
    expected_matches: float  # Σ p over the scored pairs
    pairwise: float | None = None

    def as_dict(self) -> dict:
        found = {"threshold": self.threshold, "expected_f1": round(self.expected_f1, 4),
                 "expected_matches": round(self.expected_matches, 1)}
        return found | ({"pairwise_threshold": self.pairwise} if self.pairwise is not None else {})

    def at_most(self, bound: float | None) -> Calibration:
        """Lowered to `bound` (a probability) when above it.

        The pairwise expected F1 assumes every accepted pair is a merge, and stops near p = 0.5.
        The constrained clustering merges two groups only when their cross pairs average the
        spec's min_average_weight and no cannot-link forbids it, so precision is the clustering's
        to keep: on eight lists of three generators (20k) F1 was flat from p = 0.01 to 0.14 and the
        pairwise cut lost 0.001-0.020 against a cut at that bound (weight -4, p 0.06), which came
        within 0.001 of the best threshold chosen from the truth."""
        if bound is None or self.threshold <= bound:
            return self
        return Calibration(bound, self.expected_f1, self.expected_matches, pairwise=self.threshold)


def expected_f1_threshold(con: duckdb.DuckDBPyConnection, pairs_table: str) -> Calibration:
    """The match probability at which the expected pairwise F1 of the scored pairs is greatest.
    Ties of p are accepted together. The cut lies halfway to the next lower probability, not on
    a pair's own: a re-run whose arithmetic differs in the last bits (1e-14) then accepts the
    same pairs. With no pair scored every threshold clusters alike: 0.5."""
    # fetched fully: a half-read result (fetchone) blocks the connection's next register()
    rows = con.execute(f"""
        WITH p AS (SELECT match_probability AS p, count(*) AS n, sum(match_probability) AS s
                   FROM "{pairs_table}" GROUP BY 1),
             c AS (SELECT p, lead(p) OVER w AS below, sum(s) OVER w AS tp, sum(n) OVER w AS accepted
                   FROM p WINDOW w AS (ORDER BY p DESC ROWS UNBOUNDED PRECEDING)),
             m AS (SELECT sum(s) AS matches FROM p)
        SELECT (c.p + coalesce(c.below, c.p)) / 2, 2 * c.tp / (c.accepted + m.matches) AS f1, m.matches
        FROM c, m
        ORDER BY f1 DESC, c.p DESC LIMIT 1""").fetchall()
    row = rows[0] if rows else None
    if row is None or row[2] is None or row[2] <= 0:
        return Calibration(threshold=0.5, expected_f1=0.0, expected_matches=0.0)
    return Calibration(threshold=float(row[0]), expected_f1=float(row[1]), expected_matches=float(row[2]))
