"""Scoring: the Fellegi–Sunter model, trained and applied with Splink on DuckDB.

`LinkageModel` follows scikit-learn's conventions: settings in the constructor, `fit` returns
self, learned values end in `_`, `save` / `load` round-trip through Splink's JSON (never pickle).
Reads the `features` table; `predict` writes the table of scored pairs.
"""

from __future__ import annotations

import datetime
import json
import logging
import warnings
from pathlib import Path

import duckdb
from splink import DuckDBAPI, Linker, SettingsCreator
from splink.internals.exceptions import EMTrainingException

from linkage import __version__
from linkage.comparisons import blocking_rule, build_comparisons, primary_column, rule_columns
from linkage.config import ModelSpec, load_spec
from linkage.database import scalar
from linkage.errors import ModelError
from linkage.runfolder import write_json

log = logging.getLogger(__name__)
RETAINED = ["record_id"]


class LinkageModel:
    """A Splink model built from a model spec: λ, u and m are learned by `fit`."""

    def __init__(self, spec: str | ModelSpec = "soldiers", seed: int = 42):
        self.spec = spec
        self.seed = seed

    def _spec(self) -> ModelSpec:
        return self.spec if isinstance(self.spec, ModelSpec) else load_spec(self.spec)

    def settings(self, comparisons=None) -> SettingsCreator:
        """Untrained Splink settings: comparisons and prediction blocking rules from the spec."""
        spec = self._spec()
        return SettingsCreator(
            link_type="dedupe_only",
            unique_id_column_name="unique_id",
            comparisons=build_comparisons(comparisons or spec.comparisons),
            blocking_rules_to_generate_predictions=[blocking_rule(r) for r in spec.blocking_rules],
            retain_matching_columns=True,
            retain_intermediate_calculation_columns=True,
            additional_columns_to_retain=RETAINED,
            max_iterations=spec.scoring.em_max_iterations,
        )

    def fit(self, con: duckdb.DuckDBPyConnection, table: str = "features") -> LinkageModel:
        """Estimate λ from deterministic rules, u by random sampling, m by EM on the spec's rules."""
        spec = self._spec()
        usable, left_out = _trainable(con, table, spec.comparisons)
        em_rules, changed = _em_rules(con, table, spec.em_rules)
        if left_out or changed:
            warnings.warn("trained without what this list lacks: "
                          + "; ".join(([f"comparisons on {', '.join(left_out)} left out"] if left_out else [])
                                      + changed))
        linker = Linker(register_table(con, table), self.settings(usable), log_level=None)
        training = linker.training
        training.estimate_probability_two_random_records_match(
            [blocking_rule(r) for r in spec.deterministic_rules], recall=spec.deterministic_recall)
        training.estimate_u_using_random_sampling(max_pairs=spec.u_max_pairs, seed=self.seed)
        self.em_rules_used_ = []
        for rule in em_rules:
            try:
                training.estimate_parameters_using_expectation_maximisation(
                    blocking_rule(rule), max_pairs=spec.em_max_pairs)
                self.em_rules_used_.append(rule)
            except (ValueError, EMTrainingException) as exc:
                # Splink 5 refuses an m of exactly 0 (a level no match falls in, on small or
                # degenerate data); the session's estimates are then discarded, not half-applied.
                warnings.warn(f"EM on [{rule}] skipped: {exc}")
        if not self.em_rules_used_:
            raise ModelError("EM training failed on every rule: too few records or no variation")
        self.settings_ = linker.misc.save_model_to_json()
        self.threshold_ = spec.threshold
        self.trained_on_ = {"rows": _count(con, table), "date": _today()}
        return self

    def _require_fitted(self) -> None:
        if not hasattr(self, "settings_"):
            raise ModelError("the model is not trained: call fit() or load() first")

    def linker(self, sdf) -> Linker:
        """A Splink linker carrying the learned parameters, on a registered table."""
        self._require_fitted()
        return Linker(sdf, json.loads(json.dumps(self.settings_)), log_level=None)

    def predict(self, sdf, floor_probability: float):
        """Score every candidate pair; keep those at or above floor_probability (a SplinkDataFrame)."""
        return self.linker(sdf).inference.predict(threshold_match_probability=floor_probability)

    def save(self, path: str | Path, metadata: dict | None = None) -> Path:
        """Write Splink's JSON to path and a metadata file (spec, seed, data, date) beside it."""
        self._require_fitted()
        path = Path(path)
        write_json(path, self.settings_)
        meta = {"spec": self._spec().name, "seed": self.seed, "threshold": self.threshold_,
                "trained_on": self.trained_on_, "linkage_version": __version__, **(metadata or {})}
        write_json(meta_path(path), meta)
        return path

    @classmethod
    def load(cls, path: str | Path) -> LinkageModel:
        """A fitted model from a saved Splink JSON (and its metadata file, when present)."""
        path = Path(path)
        try:
            settings = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: cannot read model ({exc})") from exc
        if "comparisons" not in settings:
            raise ModelError(f"{path}: not a Splink model (no comparisons)")
        meta = json.loads(meta_path(path).read_text()) if meta_path(path).exists() else {}
        model = cls(spec=meta.get("spec", "soldiers"), seed=meta.get("seed", 42))
        model.settings_ = settings
        threshold = meta.get("threshold")
        model.threshold_ = None if threshold is None else float(threshold)
        model.trained_on_ = meta.get("trained_on", {})
        return model


def _trainable(con: duckdb.DuckDBPyConnection, table: str, specs) -> tuple[tuple, list[str]]:
    """The comparisons whose column is present with at least two distinct values (an all-empty
    column, no settlements in this list, has nothing to learn, and EM fails on its empty levels),
    and what was left out, for fit's one warning."""
    usable, left_out = [], []
    present = {row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}
    for spec in specs:
        column = primary_column(spec)
        if column not in present:
            left_out.append(f"{column} (no such column)")
            continue
        distinct = scalar(con, f'SELECT count(DISTINCT "{column}") FROM "{table}"')
        if distinct >= 2:
            usable.append(spec)
        else:
            left_out.append(f"{column} ({distinct} distinct value{'s' * (distinct != 1)})")
    return tuple(usable), left_out


def _em_rules(con: duckdb.DuckDBPyConnection, table: str, rules) -> tuple[list[str], list[str]]:
    """EM rules without the columns this list leaves empty (a rule on birth day and region trains
    on the birth day alone in a list without regions); a rule left with no column is dropped."""
    present = {row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}
    kept, changes = [], []
    for rule in rules:
        columns = rule_columns(rule)
        filled = [c for c in columns if c in present and
                  con.execute(f'SELECT count("{c}") FROM "{table}"').fetchall()[0][0] > 0]
        if filled == columns:
            kept.append(rule)
        elif filled:
            kept.append(", ".join(filled))
            changes.append(f"EM rule '{rule}' trains as '{kept[-1]}'")
        else:
            changes.append(f"EM rule '{rule}' dropped")
    return kept, changes


def meta_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def register_table(con: duckdb.DuckDBPyConnection, table: str = "features"):
    """The DuckDB table as a Splink input (every registration gets its own Splink name)."""
    return DuckDBAPI(connection=con).register(table)


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return scalar(con, f'SELECT count(*) FROM "{table}"')


def _today() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
