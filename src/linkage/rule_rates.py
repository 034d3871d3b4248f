"""Each cannot-link is checked against the list at hand before it may veto a merge.

A rule such as "deaths more than 62 days apart are two people" is true of some lists and false of
others (a source that prints the burial date, English month-first dates, day–month swaps). So for
every rule this module measures how often it fires among the list's own confident pairs: pairs
whose match weight is high *without* the comparison the rule reads (a pair that agrees on name,
patronymic, birth date and region is confident whatever its death dates say). A rule that fires on
more than `max_violation_rate` of them is contradicted by the list and switched off for this run;
the model's weights for that field still count, as evidence rather than a veto. Reviewers'
decisions are never measured: they always hold.

Reads the scored pairs table (match_weight, gamma_* and mw_* per comparison) and the Records the
clustering uses; writes nothing (the pipeline puts the result in the manifest).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from linkage.constraints import Constraints, conflict
from linkage.errors import ModelError
from linkage.weights import probability_to_weight

# The comparisons each rule reads: their weight is left out when judging a pair confident, and a
# pair where they are null cannot violate the rule.
RULE_COMPARISONS = {
    "birth_full_dates_differ": "birth_date",
    "birth_years_apart": "birth_date",
    "first_names_not_variants": "first_name",
    "unknown_first_names_differ": "first_name",
    "patronymics_differ": "patronymic",
    "death_days_apart": "death_date",
}


@dataclass(frozen=True)
class RuleCheck:
    """How to measure the rules; read from the spec's [rule_check] table."""

    max_violation_rate: float = 0.005
    confident_probability: float = 0.99
    min_pairs: int = 200       # fewer confident pairs than this: too few to contradict the rule
    sample_pairs: int = 200_000  # confident pairs read per rule at most (seeded sample)
    seed: int = 42

    @classmethod
    def from_spec(cls, table: dict) -> RuleCheck:
        """The spec's [rule_check] table; an unknown key is an error, not ignored."""
        unknown = sorted(set(table) - {f.name for f in fields(cls)})
        if unknown:
            raise ModelError(f"unknown key {', '.join(unknown)} in [rule_check]")
        return cls(**table)


@dataclass(frozen=True)
class RuleRate:
    """One rule's measurement on this list."""

    rule: str
    confident_pairs: int
    violations: int
    active: bool

    @property
    def rate(self) -> float | None:
        return self.violations / self.confident_pairs if self.confident_pairs else None

    def as_dict(self) -> dict:
        return {"confident_pairs": self.confident_pairs, "violations": self.violations,
                "violation_rate": None if self.rate is None else round(self.rate, 5),
                "active": self.active}


def _off(value):
    return False if isinstance(value, bool) else None


def only(rules: Constraints, rule: str) -> Constraints:
    """`rules` with every hard rule but `rule` switched off (and no weak-bridge check)."""
    return without(rules, [f.name for f in fields(rules) if f.name != rule])


def _enabled(value) -> bool:
    return value is not None and value is not False


def _confident_pairs(con, pairs_table: str, columns: set[str], comparison: str,
                     check: RuleCheck) -> list[tuple]:
    """Pairs confident without `comparison`'s weight, where that comparison is not null
    (`columns`: the pairs table's)."""
    if f"gamma_{comparison}" not in columns:
        return []
    partial = f"match_weight - coalesce(mw_{comparison}, 0)"
    if f"mw_tf_adj_{comparison}" in columns:
        partial += f" - coalesce(mw_tf_adj_{comparison}, 0)"
    floor = probability_to_weight(check.confident_probability)
    return con.execute(
        f"""SELECT unique_id_l, unique_id_r FROM (
                SELECT unique_id_l, unique_id_r FROM {pairs_table}
                WHERE gamma_{comparison} >= 0 AND {partial} >= ?)
            USING SAMPLE reservoir({int(check.sample_pairs)} ROWS) REPEATABLE ({int(check.seed)})""",
        [floor]).fetchall()


def measure(con, pairs_table: str, records: dict, rules: Constraints,
            check: RuleCheck) -> dict[str, RuleRate]:
    """Each enabled rule's violation rate among confident pairs, and whether it stays active."""
    found = {}
    columns = {r[0] for r in con.execute(f"DESCRIBE {pairs_table}").fetchall()}
    for rule, comparison in RULE_COMPARISONS.items():
        if not _enabled(getattr(rules, rule)):
            continue
        alone = only(rules, rule)
        pairs = _confident_pairs(con, pairs_table, columns, comparison, check)
        hits = sum(conflict(records[a], records[b], alone) is not None for a, b in pairs)
        contradicted = len(pairs) >= check.min_pairs and hits > check.max_violation_rate * len(pairs)
        found[rule] = RuleRate(rule, len(pairs), hits, active=not contradicted)
    return found


def without(rules: Constraints, names) -> Constraints:
    """`rules` with the named rules switched off."""
    return replace(rules, **{name: _off(getattr(rules, name)) for name in names})


def active_rules(rules: Constraints, rates: dict[str, RuleRate]) -> Constraints:
    """`rules` with the rules the list contradicts switched off."""
    return without(rules, [r.rule for r in rates.values() if not r.active])
