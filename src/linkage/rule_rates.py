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

from dataclasses import dataclass, field, fields, replace
from operator import attrgetter

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
    "patronymic_initials_differ": "patronymic",
    "death_days_apart": "death_date",
}


# The Record fields a rule reads: a confident pair where either side lacks one cannot violate the
# rule, so it is not counted (with year-only deaths in the count, the death-date rule's rate read
# 0.012 on other hands' 200k list, where 3.5% of true pairs with two full dates are months apart).
RULE_FIELDS = {
    "birth_full_dates_differ": ("birth_month",),
    "birth_years_apart": ("birth_year_est",),
    "first_names_not_variants": ("first_root",),
    "unknown_first_names_differ": ("first_root",),
    "patronymics_differ": ("father",),
    "patronymic_initials_differ": ("patronymic_key",),
    "death_days_apart": ("death_daynum",),
}


@dataclass(frozen=True)
class RuleCheck:
    """How to measure the rules; read from the spec's [rule_check] table."""

    max_violation_rate: float = 0.005
    confident_probability: float = 0.99
    min_pairs: int = 200       # fewer confident pairs than this: too few to contradict the rule
    sample_pairs: int = 200_000  # confident pairs read per rule at most (seeded sample)
    seed: int = 42
    # a rule with a bound (days, years) the list contradicts is tried at the bound times each of
    # these before it is switched off: the widest it may be is where the list stops contradicting it
    widen: tuple = ()
    # a rule's own max_violation_rate, where the spec gives one
    max_violation_rates: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "widen", tuple(self.widen))
        unknown = sorted(set(self.max_violation_rates) - set(RULE_COMPARISONS))
        if unknown:
            raise ModelError(f"unknown rule {', '.join(unknown)} in [rule_check] max_violation_rates")

    def max_rate(self, rule: str) -> float:
        """The share of confident pairs above which `rule` is contradicted by the list."""
        return self.max_violation_rates.get(rule, self.max_violation_rate)

    @classmethod
    def from_spec(cls, table: dict) -> RuleCheck:
        """The spec's [rule_check] table; an unknown key is an error, not ignored."""
        unknown = sorted(set(table) - {f.name for f in fields(cls)})
        if unknown:
            raise ModelError(f"unknown key {', '.join(unknown)} in [rule_check]")
        return cls(**table)


@dataclass(frozen=True)
class RuleRate:
    """One rule's measurement on this list: at the spec's bound, and for a bounded rule the bound
    it runs with (`bound`: the spec's, or the widened one the list no longer contradicts)."""

    rule: str
    confident_pairs: int
    violations: int
    active: bool
    bound: int | None = None
    violations_at_bound: int | None = None

    @property
    def rate(self) -> float | None:
        return self.violations / self.confident_pairs if self.confident_pairs else None

    def as_dict(self) -> dict:
        found = {"confident_pairs": self.confident_pairs, "violations": self.violations,
                 "violation_rate": None if self.rate is None else round(self.rate, 5),
                 "active": self.active}
        if self.bound is not None:
            found |= {"bound": self.bound, "violations_at_bound": self.violations_at_bound}
        return found


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


def _firing(rule: str, pairs: list, records: dict) -> list:
    """The pairs where both records carry every field the rule reads (RULE_FIELDS). The records
    that do are found once each, not once per pair (at 200k mentions the measurement took 1.06 s
    that way, 0.96 s this way)."""
    read = [attrgetter(f) for f in RULE_FIELDS[rule]]
    ids = {key for pair in pairs for key in pair}
    carry = {key for key in ids if all(get(records[key]) is not None for get in read)}
    return [(a, b) for a, b in pairs if a in carry and b in carry]


def _violations(pairs, records: dict, rules: Constraints) -> int:
    return sum(conflict(records[a], records[b], rules) is not None for a, b in pairs)


def _measure_one(rule: str, pairs: list, records: dict, rules: Constraints,
                 check: RuleCheck) -> RuleRate:
    """The rule's rate at the spec's value; a bounded rule the list contradicts is widened step by
    step (check.widen) and switched off only when the list contradicts it at every width."""
    pairs = _firing(rule, pairs, records)
    alone = only(rules, rule)
    hits = _violations(pairs, records, alone)
    allowed = check.max_rate(rule) * len(pairs)
    if len(pairs) < check.min_pairs or hits <= allowed:
        return RuleRate(rule, len(pairs), hits, active=True)
    value = getattr(rules, rule)
    if isinstance(value, bool):
        return RuleRate(rule, len(pairs), hits, active=False)
    for factor in check.widen:
        wider = replace(alone, **{rule: value * factor})
        at = _violations(pairs, records, wider)
        if at <= allowed:
            return RuleRate(rule, len(pairs), hits, active=True, bound=value * factor,
                            violations_at_bound=at)
    return RuleRate(rule, len(pairs), hits, active=False)


def measure(con, pairs_table: str, records: dict, rules: Constraints,
            check: RuleCheck) -> dict[str, RuleRate]:
    """Each enabled rule's violation rate among confident pairs that it could fire on, whether it
    stays active, and a bounded rule's bound for this run."""
    found, confident = {}, {}  # two rules reading one comparison share its confident pairs
    columns = {r[0] for r in con.execute(f"DESCRIBE {pairs_table}").fetchall()}
    for rule, comparison in RULE_COMPARISONS.items():
        if not _enabled(getattr(rules, rule)):
            continue
        if comparison not in confident:
            confident[comparison] = _confident_pairs(con, pairs_table, columns, comparison, check)
        found[rule] = _measure_one(rule, confident[comparison], records, rules, check)
    return found


def without(rules: Constraints, names) -> Constraints:
    """`rules` with the named rules switched off."""
    return replace(rules, **{name: _off(getattr(rules, name)) for name in names})


def active_rules(rules: Constraints, rates: dict[str, RuleRate]) -> Constraints:
    """`rules` with the rules the list contradicts switched off, and widened ones widened."""
    return recorded_rules(rules, {name: rate.as_dict() for name, rate in rates.items()})


def recorded_rules(rules: Constraints, recorded: dict) -> Constraints:
    """`rules` as a run's manifest says it clustered with them (its "rules" table)."""
    widened = {name: r["bound"] for name, r in recorded.items() if r.get("bound") is not None}
    return replace(without(rules, [name for name, r in recorded.items() if not r["active"]]), **widened)
