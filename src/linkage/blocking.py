"""Blocking: which pairs get scored, and the guard that refuses a run whose pair count explodes.

Reads the registered `features` table; writes nothing. The count comes from Splink's blocking
analysis, which builds the blocked pairs on a deterministic sample and scales up.
"""

from __future__ import annotations

import warnings

from splink.blocking_analysis import count_comparisons_from_blocking_rules

from linkage.comparisons import blocking_rule, rule_columns
from linkage.errors import BlockingTooWide, ModelError

# Exact counts up to this many records; above it a sample sized to keep the count cheap.
EXACT_COUNT_RECORDS = 100_000


def check_columns(rules: tuple[str, ...], present: set[str]) -> None:
    """Fail with one line naming every column the column-list rules need and the input lacks."""
    missing = list(dict.fromkeys(c for rule in rules for c in rule_columns(rule) if c not in present))
    if missing:
        raise ModelError(f"the spec's blocking needs column(s) {', '.join(missing)}, which the input "
                         "does not have (map yours with --columns 'HEADER=column')")


def count_pairs(sdf, rules: tuple[str, ...], records: int) -> list[dict]:
    """Marginal and cumulative candidate-pair counts per rule (estimated above 100k records)."""
    proportion = min(1.0, (EXACT_COUNT_RECORDS / max(records, 1)) ** 0.5 * 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Splink warns that sampled counts are estimates: we say so
        counts = count_comparisons_from_blocking_rules(
            sdf, blocking_rules=[blocking_rule(r) for r in rules], link_type="dedupe_only",
            record_sample_proportion=proportion,
        )
    return [
        {"rule": rule, "marginal_pairs": int(c["marginal_comparison_count"]),
         "cumulative_pairs": int(c["cumulative_comparison_count"]), "estimated": bool(c["is_estimate"])}
        for rule, c in zip(rules, counts)
    ]


def guard(counts: list[dict], max_pairs: float, records: int | None = None,
          per_mention: float | None = None) -> int:
    """The total candidate pairs; raises BlockingTooWide (naming the widest rule) past the limit.

    The limit is max_pairs, or per_mention × records when that is lower: a small file of one
    name repeated (20k rows, 2e8 pairs) is as wrong as a huge one, and is caught by the second.
    """
    total = counts[-1]["cumulative_pairs"] if counts else 0
    flag = "--max-pairs"
    if records is not None and per_mention is not None and per_mention * records < max_pairs:
        max_pairs, flag = per_mention * records, "--max-pairs-per-mention"
    if total > max_pairs:
        widest = max(counts, key=lambda c: c["marginal_pairs"])
        raise BlockingTooWide(
            f"blocking would score {total:,} candidate pairs, over the limit of {max_pairs:,.0f}; "
            f"the widest rule is [{widest['rule']}] with {widest['marginal_pairs']:,}. "
            f"Tighten the rules in the model spec or raise {flag}."
        )
    return total
