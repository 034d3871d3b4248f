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


def _level_values(level: dict, expected: dict, source: Path, where: str) -> dict:
    if not isinstance(level, dict) or level.get("label_for_charts") != expected["label_for_charts"]:
        label = level.get("label_for_charts") if isinstance(level, dict) else level
        raise ModelError(f"{source}: {where} is {label!r}, the spec's is "
                         f"{expected['label_for_charts']!r}: the model does not fit the spec")
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


def read_parameters(saved: dict, template: dict, source: Path) -> Parameters:
    """λ and per-level values from a saved model, checked against settings built from the spec.

    `template` is `SettingsCreator.create_settings_dict(...)` for the same comparisons; its
    comparisons must be the file's, in the file's order, with the same level labels.
    """
    comparisons = _comparisons(saved, source)
    names = [c["output_column_name"] for c in comparisons]
    wanted = [c["output_column_name"] for c in template["comparisons"]]
    if names != wanted:
        raise ModelError(f"{source}: the model's comparisons ({', '.join(names)}) do not match "
                         f"the spec's ({', '.join(wanted)})")
    levels = {}
    for found, expected in zip(comparisons, template["comparisons"]):
        name = expected["output_column_name"]
        if len(found["comparison_levels"]) != len(expected["comparison_levels"]):
            raise ModelError(f"{source}: comparison {name!r} has {len(found['comparison_levels'])} "
                             f"levels, the spec's has {len(expected['comparison_levels'])}")
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
