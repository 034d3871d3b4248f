"""Models are data: the numbers a model file may carry, read and checked against the spec.

A saved model is Splink's JSON, so Splink's own tools can read it, but the SQL inside it is never
run: `read_parameters` takes from the file only λ and, per comparison level, m, u and the
term-frequency weights, matched to the levels the spec builds (by comparison name and level
label), and `apply_parameters` puts them into settings rebuilt from the spec for the backend at
hand (DuckDB or Spark). A file whose comparisons or levels do not match the spec is refused with
one line naming the file; a `sql_condition` that reads a file is ignored like any other SQL.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from pathlib import Path

from linkage.errors import ModelError

# The per-level fields a model file may set; everything else comes from the spec.
LEVEL_PARAMETERS = ("m_probability", "u_probability", "tf_adjustment_weight", "tf_minimum_u_value")
PRIOR = "probability_two_random_records_match"


@dataclass(frozen=True)
class Parameters:
    """What training learns: λ, and m/u/TF weights per level (None where the file has none)."""

    prior: float
    levels: dict  # comparison name -> tuple of {field: value} per level, in level order

    def comparison_names(self) -> tuple[str, ...]:
        return tuple(self.levels)


def trainable_levels(comparison: dict) -> list[dict]:
    """A saved comparison's levels whose m training sets: not the null level (no m), nor a level
    the spec fixes (the surname's crossed names: m = u, weighed by the first-name comparison)."""
    return [level for level in comparison["comparison_levels"]
            if level.get("m_probability") is not None and not level.get("fix_m_probability")]


def _number(value, source: Path, where: str, low: float, high: float, open_low: bool) -> float:
    """A float in its range; bools and strings are refused (JSON true is not a probability)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelError(f"{source}: {where} is {value!r}, not a number")
    if value > high or value < low or (open_low and value == low):
        bracket = "(" if open_low else "["
        raise ModelError(f"{source}: {where} is {value!r}, outside {bracket}{low}, {high}]")
    return float(value)


def _comparisons(saved: dict, source: Path) -> list:
    if not isinstance(saved, dict) or not isinstance(saved.get("comparisons"), list):
        raise ModelError(f"{source}: not a Splink model (no list of comparisons)")
    for c in saved["comparisons"]:
        if not isinstance(c, dict) or not isinstance(c.get("output_column_name"), str) \
                or not isinstance(c.get("comparison_levels"), list):
            raise ModelError(f"{source}: a comparison without a name or levels")
    return saved["comparisons"]


def saved_comparison_names(saved: dict, source: Path) -> list[str]:
    """The comparison names a saved model carries, in its order (checked to be a model at all)."""
    return [c["output_column_name"] for c in _comparisons(saved, source)]


# What every misfit error ends with: the cure.
RETRAIN = "train the model again with this spec (linkage train), or run with the spec it was trained with"


def _labels(comparison: dict) -> list:
    return [level.get("label_for_charts") if isinstance(level, dict) else None
            for level in comparison["comparison_levels"]]


def _misfit(found: list, wanted: list) -> str | None:
    """How one comparison's level labels differ from the spec's, in words (None: they do not)."""
    if found == wanted:
        return None
    lacks = [label for label in wanted if label not in found]
    extra = [label for label in found if label not in wanted]
    if lacks:
        return (f"it lacks the spec's level(s) {', '.join(map(repr, lacks))} "
                f"({len(found)} levels, the spec's has {len(wanted)})")
    if extra:
        return (f"it has level(s) the spec does not, {', '.join(map(repr, extra))} "
                f"({len(found)} levels, the spec's has {len(wanted)})")
    return "its levels are in another order than the spec's"


def _level_values(level: dict, expected: dict, source: Path, where: str) -> dict:
    if level.get("tf_adjustment_column") != expected.get("tf_adjustment_column"):
        raise ModelError(f"{source}: {where} adjusts term frequency on "
                         f"{level.get('tf_adjustment_column')!r}, the spec on "
                         f"{expected.get('tf_adjustment_column')!r}")
    values = {}
    for name in LEVEL_PARAMETERS:
        if level.get(name) is not None:
            open_low = name in ("m_probability", "u_probability")
            values[name] = _number(level[name], source, f"{where} {name}", 0.0, 1.0, open_low)
    return values


def read_parameters(saved: dict, template: dict, source: Path, spec_name: str) -> Parameters:
    """λ and per-level values from a saved model, checked against settings built from the spec
    at hand (`spec_name`, for the errors).

    `template` is `SettingsCreator.create_settings_dict(...)` for the same comparisons; its
    comparisons must be the file's, in the file's order, with the same level labels. A model
    trained before the spec gained a level (or with other thresholds, which the labels carry)
    is refused with one line that says which level differs and what to do.
    """
    comparisons = _comparisons(saved, source)
    names = [c["output_column_name"] for c in comparisons]
    wanted = [c["output_column_name"] for c in template["comparisons"]]
    if names != wanted:
        raise ModelError(f"{source}: the model does not fit the spec {spec_name!r}: its comparisons "
                         f"({', '.join(names)}) are not the spec's ({', '.join(wanted)}); {RETRAIN}")
    levels = {}
    for found, expected in zip(comparisons, template["comparisons"]):
        name = expected["output_column_name"]
        differs = _misfit(_labels(found), _labels(expected))
        if differs:
            raise ModelError(f"{source}: the model does not fit the spec {spec_name!r}: comparison "
                             f"{name!r}: {differs}; {RETRAIN}")
        levels[name] = tuple(
            _level_values(level, want, source, f"comparison {name!r} level {i}")
            for i, (level, want) in enumerate(zip(found["comparison_levels"],
                                                  expected["comparison_levels"])))
    prior = _number(saved.get(PRIOR), source, PRIOR, 0.0, 1.0, open_low=True)
    if prior == 1.0:
        raise ModelError(f"{source}: {PRIOR} is 1.0: every pair would be a match")
    return Parameters(prior, levels)


def apply_parameters(template: dict, parameters: Parameters) -> dict:
    """Settings built from the spec (any dialect) carrying the learned values."""
    settings = copy.deepcopy(template)
    settings[PRIOR] = parameters.prior
    for comparison in settings["comparisons"]:
        values = parameters.levels[comparison["output_column_name"]]
        for level, learned in zip(comparison["comparison_levels"], values):
            for name in ("m_probability", "u_probability"):  # untrained levels stay untrained
                level.pop(name, None)
            level.update(learned)
    return settings
