"""Comparisons: the Splink comparison for each `kind` a model spec names.

Reads the feature columns normalise.py writes (`first_key`, `first_root`, `birth_daynum`, …).
Levels are built from Splink's comparison-level library where one fits, and otherwise as plain
SQL on `_l` / `_r` columns using only `=`, `abs`, `substr`, `length`, `IS NULL` and `AND`/`OR`,
written in DuckDB's dialect and declared so (`base_dialect_str`): Splink translates them through
sqlglot for Spark, where a double-quoted name is a string literal and `"a_l" = "a_r"` would be
silently false. tests/test_spark.py checks each translation against DuckDB on sampled pairs.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on
from splink.blocking_rule_library import CustomRule

from linkage import service
from linkage.config import ComparisonSpec
from linkage.errors import ModelError
from linkage.spelling import VARIANT_LABEL


def _levels(spec: ComparisonSpec, *meaning: str, at_least: bool = False) -> tuple:
    """The spec's thresholds for this comparison, one per graded level (the values are the
    spec's: models/*.toml), or with `at_least` as many or more; a wrong count is an error naming
    the comparison."""
    if len(spec.levels) < len(meaning) or (len(spec.levels) > len(meaning) and not at_least):
        more = ", ..." if at_least else ""
        raise ModelError(f"comparison {spec.column!r} ({spec.kind}) needs levels = "
                         f"[{', '.join(meaning)}{more}], got {list(spec.levels)}")
    return spec.levels


# How a death-date gap reads in a level's label (the label Splink's charts show).
_DAYS = {7: "a week", 62: "two months", 183: "half a year"}

# The dialect every hand-written level and blocking rule here is written in.
BASE_DIALECT = "duckdb"


def custom(sql: str, label: str) -> cll.CustomLevel:
    """A hand-written level, translated by Splink from DuckDB's dialect to the backend's."""
    return cll.CustomLevel(sql, label, base_dialect_str=BASE_DIALECT)


def _eq(col: str) -> str:
    return f'"{col}_l" = "{col}_r"'


# Hypocoristic suffixes (-chik, -ka, -ushka) extend the full name: one key is a prefix of the other.
# substr/length are the same in DuckDB and Spark SQL.
_STARTS_WITH = (
    '(length("first_key_l") >= 4 AND length("first_key_r") >= 4) AND '
    '(substr("first_key_r", 1, length("first_key_l")) = "first_key_l" OR '
    'substr("first_key_l", 1, length("first_key_r")) = "first_key_r")')




def _initial(col: str, root: str | None = None) -> str:
    """One side is an initial (a key of one or two letters: С → s, Ш → sh) that begins the other,
    or begins the full name the other's `root` column gives (A. and the pet form Sanya)."""
    def begins(short: str, long_: str) -> str:
        return (f'substr("{long_}", 1, length("{short}")) = "{short}"')
    sides = []
    for i, o in (("l", "r"), ("r", "l")):
        either = begins(f"{col}_{i}", f"{col}_{o}")
        if root:
            either = f'({either} OR {begins(f"{col}_{i}", f"{root}_{o}")})'
        sides.append(f'(length("{col}_{i}") <= 2 AND {either})')
    return " OR ".join(sides)


# first_group widens a root to the names a shared pet form may stand for; the shared form's own
# root is the group's name, so two full names of one group (Vyacheslav, Yaroslav) do not qualify.
_SHARED_FORM = ('"first_group_l" = "first_group_r" AND '
                '("first_root_l" = "first_group_l" OR "first_root_r" = "first_group_r")')


# Given name and surname written in the other order (Mongush Aidys / Aidys Mongush): the parser
# cannot tell which word is the surname in Tuvan, Buryat and Caucasian names. Both comparisons see
# the crossing, but it is one fact about two words: the first-name comparison weighs it (EM learns
# what it is worth: about what both names agreeing is worth) and the surname comparison's level
# has m = u, weight 0. Weighed by both, it counted twice: a crossed pair with nothing else in
# common scored 27-29 bits on three generators' 200k lists where the truth gives it -2.5 to +0.3
# (most are namesakes of a common name); 217 of 217 crossed pairs that also had different birth
# years scored 12.5 (benchmarks/results/lead-2026-12-08.md).
_CROSSED = ('"first_key_l" = "surname_key_r" AND "surname_key_l" = "first_key_r"')
_CROSSED_LABEL = "given name and surname in the other order (Mongush Aidys / Aidys Mongush)"
_WEIGHED_ONCE = 1e-6  # the surname's crossed level: m = u, fixed through training (weight 0)
# ... or one word crossed: one mention's surname is the other's given name, the other word an
# initial, a pet form or missing (К. Ахмед / Ахмед Кадыров, Хамзат / Хамзат Алиев)
_HALF_CROSSED = ('"surname_key_l" = "first_key_r" OR "first_key_l" = "surname_key_r"')
_HALF_CROSSED_LABEL = "one mention's surname is the other's given name"


def _near_crossed(i: str, o: str) -> str:
    """SQL: side i's surname is side o's given name, and i's given name is o's surname misspelt
    (same sound or first three letters) or its initial."""
    return (f'("surname_key_{i}" = "first_key_{o}" AND ("first_phon_{i}" = "surname_phon_{o}" '
            f'OR substr("first_key_{i}", 1, 3) = substr("surname_key_{o}", 1, 3) '
            f'OR (length("first_key_{i}") <= 2 AND substr("surname_key_{o}", 1, length("first_key_{i}")) = "first_key_{i}")))')


# ... with the other word misspelt or an initial (Умаров Илхом / Умароы Илхом, Баяр Доржиев / Баяр
# Д.): the first-name comparison had read such a pair as two different names. On other hands'
# 200k list 1,048 true pairs were so, 568 of them split.
_NEAR_CROSSED = f"{_near_crossed('l', 'r')} OR {_near_crossed('r', 'l')}"
_NEAR_CROSSED_LABEL = "in the other order, the other word misspelt or an initial (Баяр Д. / Баяр Доржиев)"


def first_name(spec: ComparisonSpec) -> cl.CustomComparison:
    """Exact spelling key; same full name behind variants and diminutives; close key; same sound."""
    (jaro_winkler,) = _levels(spec, "Jaro-Winkler similarity")
    return cl.CustomComparison(
        output_column_name=spec.column,
        comparison_levels=[
            cll.NullLevel("first_key"),
            cll.ExactMatchLevel("first_key").configure(
                tf_adjustment_column="first_key" if spec.term_frequency else None),
            custom(_CROSSED, _CROSSED_LABEL),
            custom(_eq("first_root"), VARIANT_LABEL).configure(
                tf_adjustment_column="first_root" if spec.term_frequency else None),
            cll.JaroWinklerLevel("first_key", jaro_winkler),
            custom(_STARTS_WITH, "one name begins the other (Artur / Arturchik)"),
            custom(_eq("first_phon"), "same phonetic key"),
            custom(_SHARED_FORM, "a pet form two names share (Slava / Vyacheslav)"),
            custom(_initial("first_key", "first_root"), "an initial and a name it begins (S. / Sergei)"),
            custom(_NEAR_CROSSED, _NEAR_CROSSED_LABEL),
            cll.ElseLevel(),
        ],
    )


def _within_edits(column: str, edits: int) -> cll.ComparisonLevelCreator:
    """Splink's Damerau–Levenshtein level, the distance computed only where the lengths differ by
    at most `edits`: an edit changes the length by one at most (DuckDB counts both in characters),
    so the level is the same, and the spec's label keeps saved models readable. Scoring skips the
    distance on a third of the pairs that reach the level; the level cost 2.1 CPU seconds of
    about 9 at 200k mentions, 1.3 guarded."""
    level = cll.DamerauLevenshteinLevel(column, edits)
    near = custom(f'abs(length("{column}_l") - length("{column}_r")) <= {edits}',
                  f"lengths of {column} within {edits}")
    return cll.And(near, level).configure(label_for_charts=level.create_label_for_charts())


def surname(spec: ComparisonSpec) -> cl.CustomComparison:
    """Exact key; gender forms of one surname (Ivanov/Ivanova); one edit; close key; same sound."""
    tf = "surname_key" if spec.term_frequency else None
    edits, jaro_winkler = _levels(spec, "edit distance", "Jaro-Winkler similarity")
    return cl.CustomComparison(
        output_column_name=spec.column,
        comparison_levels=[
            cll.NullLevel("surname_key"),
            cll.ExactMatchLevel("surname_key").configure(tf_adjustment_column=tf),
            custom(_CROSSED, _CROSSED_LABEL).configure(
                m_probability=_WEIGHED_ONCE, u_probability=_WEIGHED_ONCE,
                fix_m_probability=True, fix_u_probability=True),
            custom(_eq("surname_stem"), "gender forms of one surname"),
            _within_edits("surname_key", edits),
            cll.JaroWinklerLevel("surname_key", jaro_winkler),
            custom(_eq("surname_phon"), "same phonetic key"),
            custom(_HALF_CROSSED, _HALF_CROSSED_LABEL),
            cll.ElseLevel(),
        ],
    )


def patronymic(spec: ComparisonSpec) -> cl.CustomComparison:
    """Exact key; same father's name behind different forms; close key."""
    (jaro_winkler,) = _levels(spec, "Jaro-Winkler similarity")
    return cl.CustomComparison(
        output_column_name=spec.column,
        comparison_levels=[
            cll.NullLevel("patronymic_key"),
            cll.ExactMatchLevel("patronymic_key"),
            custom(
                '"patronymic_father_l" = "patronymic_father_r"', "same father's name"),
            cll.JaroWinklerLevel("patronymic_key", jaro_winkler),
            custom(_initial("patronymic_key"), "an initial and a name it begins (A. / Alekseevich)"),
            cll.ElseLevel(),
        ],
    )


def birth_date(spec: ComparisonSpec) -> cl.CustomComparison:
    """Partial birth dates at their precision; a birth year estimated from age counts as a year."""
    full = '"birth_daynum_l" IS NOT NULL AND "birth_daynum_r" IS NOT NULL'
    partial = '("birth_day_l" IS NULL OR "birth_day_r" IS NULL)'
    year_eq = '"birth_year_est_l" = "birth_year_est_r"'
    near, far = _levels(spec, "years apart", "years apart")
    typo = (f'{full} AND ((("birth_year_l" = "birth_year_r") AND ("birth_month_l" = "birth_month_r" '
            'OR "birth_day_l" = "birth_day_r" OR ("birth_month_l" = "birth_day_r" AND '
            '"birth_day_l" = "birth_month_r"))) OR ("birth_month_l" = "birth_month_r" AND '
            '"birth_day_l" = "birth_day_r" AND abs("birth_year_l" - "birth_year_r") <= 1))')
    return cl.CustomComparison(
        output_column_name=spec.column,
        comparison_levels=[
            cll.NullLevel("birth_year_est"),
            custom(f'{full} AND {_eq("birth_daynum")}', "same full date"),
            custom(typo, "full dates one typo apart (day, month, swap or year)"),
            custom(f'{partial} AND {year_eq} AND {_eq("birth_month")}', "same year and month"),
            custom(f"{partial} AND {year_eq}", "same year"),
            custom(full, "full dates differ"),
            custom(f'abs("birth_year_est_l" - "birth_year_est_r") <= {near}', f"years within {near}"),
            custom(f'abs("birth_year_est_l" - "birth_year_est_r") <= {far}', f"years within {far}"),
            cll.ElseLevel(),
        ],
    )


def death_date(spec: ComparisonSpec) -> cl.CustomComparison:
    """Death dates: same day, within a week (reports lag), a day–month swap, same month, within
    each further gap of the spec (a burial, a body brought home, a man missing since), months
    next to each other when one side gives a month only, same year, else."""
    full = '"death_daynum_l" IS NOT NULL AND "death_daynum_r" IS NOT NULL'
    gap = 'abs("death_daynum_l" - "death_daynum_r")'
    near, *far = _levels(spec, "days apart", "days apart", at_least=True)
    month = '("death_year_{0}" * 12 + "death_month_{0}")'
    one_month_only = '("death_day_l" IS NULL OR "death_day_r" IS NULL)'
    return cl.CustomComparison(
        output_column_name=spec.column,
        comparison_levels=[
            cll.NullLevel("death_year"),
            custom(f'{full} AND {gap} = 0', "same day"),
            custom(f'{full} AND {gap} <= {near}', f"within {_DAYS.get(near, f'{near} days')}"),
            custom(f'{_eq("death_year")} AND "death_month_l" = "death_day_r" AND '
                   '"death_day_l" = "death_month_r"',
                   "day and month swapped (03.09 / 09.03, month-first English dates)"),
            custom(f'{_eq("death_year")} AND {_eq("death_month")}', "same month"),
            *[custom(f'{full} AND {gap} <= {days}', f"within {_DAYS.get(days, f'{days} days')}")
              for days in far],
            custom(f'{one_month_only} AND abs({month.format("l")} - {month.format("r")}) = 1',
                   "next month, one side month only"),
            custom(
                f'{_eq("death_year")} AND ("death_month_l" IS NULL OR "death_month_r" IS NULL)',
                "same year, one side year only"),
            cll.ElseLevel(),
        ],
    )


def _single_column(spec: ComparisonSpec, *middle) -> cl.CustomComparison:
    """Null, exact (term-frequency adjusted when the spec says so), the given levels, else."""
    return cl.CustomComparison(
        output_column_name=spec.column,
        comparison_levels=[
            cll.NullLevel(spec.column),
            cll.ExactMatchLevel(spec.column).configure(
                tf_adjustment_column=spec.column if spec.term_frequency else None),
            *middle,
            cll.ElseLevel(),
        ],
    )


def exact(spec: ComparisonSpec) -> cl.CustomComparison:
    """Null, exact, else: regions, codes, identifiers."""
    _levels(spec)
    return _single_column(spec)


def fuzzy_text(spec: ComparisonSpec) -> cl.CustomComparison:
    """Two Jaro–Winkler levels (0.92 and 0.8 in the specs) between exact and else: free text such
    as a settlement or street."""
    high, low = _levels(spec, "Jaro-Winkler similarity", "Jaro-Winkler similarity")
    return _single_column(spec, cll.JaroWinklerLevel(spec.column, high),
                          cll.JaroWinklerLevel(spec.column, low))


def typo_code(spec: ComparisonSpec) -> cl.CustomComparison:
    """Two edit-distance levels (1 and 2 in the spec) between exact and else: postcodes, identity
    numbers, typed digits."""
    near, far = _levels(spec, "edit distance", "edit distance")
    return _single_column(spec, cll.DamerauLevenshteinLevel(spec.column, near),
                          cll.DamerauLevenshteinLevel(spec.column, far))


def code(spec: ComparisonSpec) -> cl.CustomComparison:
    """typo_code with Levenshtein distance (a swap of two digits is two edits): DuckDB computes it
    eight times faster than Damerau-Levenshtein (1M pairs: 0.75 s against 6.0 s), which made the
    postcode the costliest comparison of `linkage init`'s specs."""
    near, far = _levels(spec, "edit distance", "edit distance")
    return _single_column(spec, cll.LevenshteinLevel(spec.column, near),
                          cll.LevenshteinLevel(spec.column, far))


def unit(spec: ComparisonSpec) -> cl.CustomComparison:
    """Same unit key (term-frequency adjusted: a five-digit unit number is rarer than Wagner); a
    unit number on one side and a formation's name on the other, which can both be true of one
    man; else. Keys from service.unit_key."""
    _levels(spec)
    numbered = [f"(substr(\"{spec.column}_{side}\", 1, 1) = '{service.NUMBER_PREFIX}')" for side in "lr"]
    return _single_column(spec, custom(" <> ".join(numbered),
                                       "a unit number on one side, a formation on the other"))


def rank(spec: ComparisonSpec) -> cl.CustomComparison:
    """Same rank (term-frequency adjusted: most of the dead are privates); ranks this many steps
    apart in the order of ranks (sources a promotion apart, a posthumous rank); else."""
    (steps,) = _levels(spec, "steps apart in the order of ranks")
    return _single_column(spec, custom(
        f'abs("rank_order_l" - "rank_order_r") <= {steps}', f"ranks within {steps} step"))


KINDS = {
    "first_name": first_name, "surname": surname, "patronymic": patronymic,
    "birth_date": birth_date, "death_date": death_date, "exact": exact,
    "fuzzy_text": fuzzy_text, "typo_code": typo_code, "code": code, "unit": unit, "rank": rank,
}


# The feature column whose nulls decide whether a comparison can be trained at all.
_PRIMARY = {"first_name": "first_key", "surname": "surname_key", "patronymic": "patronymic_key",
            "birth_date": "birth_year_est", "death_date": "death_year"}


def primary_column(spec: ComparisonSpec) -> str:
    return _PRIMARY.get(spec.kind, spec.column)


def build_comparisons(specs) -> list[cl.CustomComparison]:
    """One Splink comparison per spec entry, in spec order."""
    return [KINDS[s.kind](s) for s in specs]


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",")]


def blocking_rule(text: str):
    """`a, b` blocks on equal columns (Splink's dialect-neutral block_on); `l.x = r.x …` is raw SQL."""
    return CustomRule(text, sql_dialect=BASE_DIALECT) if "l." in text else block_on(*_columns(text))


def rule_columns(text: str) -> list[str]:
    """The input columns a column-list rule reads (none for a raw SQL rule)."""
    return [] if "l." in text else _columns(text)


def rule_condition(text: str) -> str:
    """The rule as a condition over aliases l and r (a column list becomes equalities)."""
    return text if "l." in text else " AND ".join(f'l."{c}" = r."{c}"' for c in _columns(text))
