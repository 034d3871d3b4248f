"""The prior λ (the chance two random mentions match), re-estimated once m is trained.

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

import statistics

import duckdb

from linkage.comparisons import rule_columns
from linkage.database import quote_ident, scalar

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
