"""Scoring: the Fellegi–Sunter model, trained and applied with Splink on DuckDB or Spark.

`LinkageModel` follows scikit-learn's conventions: settings in the constructor, `fit` returns
self, learned values end in `_`, `save` / `load` round-trip through Splink's JSON (never pickle).
The learned values are data (modelfile.py): λ and m/u per level. Splink settings are rebuilt
from the spec for the dialect of the table being scored, so a model trained on DuckDB scores on
Spark and back, and no SQL in a model file is ever run.
Reads the `features` table; `predict` writes the table of scored pairs.
"""

from __future__ import annotations

import copy
import datetime
import json
import logging
import re
import warnings
from dataclasses import replace
from pathlib import Path

import duckdb
from splink import DuckDBAPI, Linker, SettingsCreator
from splink.internals.exceptions import EMTrainingException

from linkage import __version__, blocking, spelling
from linkage.comparisons import blocking_rule, build_comparisons, primary_column, rule_columns
from linkage.config import DEFAULT_SPEC, ModelSpec, load_spec
from linkage.database import scalar
from linkage.errors import ModelError
from linkage.modelfile import (
    RETRAIN,
    apply_parameters,
    read_parameters,
    saved_comparison_names,
    trainable_levels,
)
from linkage.prior import prior_from_model
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
            blocking_rules_to_generate_predictions=[blocking_rule(r) for r in spec.candidate_rules],
            retain_matching_columns=True,
            retain_intermediate_calculation_columns=True,
            additional_columns_to_retain=RETAINED,
            max_iterations=spec.scoring.em_max_iterations,
        )

    def fit(self, con: duckdb.DuckDBPyConnection, table: str = "features", sdf=None) -> LinkageModel:
        """Estimate λ from deterministic rules, u by random sampling, m by EM on the spec's rules.

        `con` holds the features (which comparisons can be trained is decided there); `sdf` is
        the same table registered with the backend that trains (DuckDB's own when not given).
        """
        spec = self._spec()
        usable, left_out = _trainable(con, table, spec.comparisons)
        filled = _filled_columns(con, table, (*spec.em_rules, *spec.em_fallback_rules,
                                              *spec.deterministic_rules))
        em_choices = _em_choices(spec.em_rules, filled, lambda rule: blocking.upper_bound(con, table, (rule,)),
                                 spec.em_fallback_rules, spec.em_min_pairs)
        # a list without any birth or death date has no pair that agrees on a rule naming one: λ
        # would be 0, and EM fails on its logarithm
        sure_rules, loosened = _filled_rules(spec.deterministic_rules, filled, "deterministic rule")
        sdf = sdf if sdf is not None else register_table(con, table)
        made_before = {id(df) for df in _made_tables(sdf)}
        linker = _linker(sdf, self.settings(usable))
        training = linker.training
        training.estimate_probability_two_random_records_match(
            [blocking_rule(r) for r in sure_rules], recall=spec.deterministic_recall)
        training.estimate_u_using_random_sampling(
            max_pairs=spec.u_max_pairs, seed=self.seed,
            num_chunks=_u_chunks(spec, sdf.db_api.sql_dialect.sql_dialect_str))
        self.em_rules_used_, changed = [], []
        sparsest = _sparsest(con, table, usable)
        for rule, choices in em_choices:
            trained = next((choice for choice in choices if _em_session(linker, choice, spec, sparsest)), None)
            if trained is not None:
                self.em_rules_used_.append(trained)
            if choices != [rule]:  # the spec's rule as written: a failed session is warned of apart
                changed.append(f"EM rule '{rule}' " + (f"trains as '{trained}'" if trained else "dropped"))
        changed += loosened
        if left_out or changed:
            warnings.warn("trained without what this list lacks: "
                          + "; ".join(([f"comparisons on {', '.join(left_out)} left out"] if left_out else [])
                                      + changed))
        _drop_em_pairs(sdf, made_before)
        if not self.em_rules_used_:
            raise ModelError("EM training failed on every rule: too few records or no variation")
        saved, variant_m = linker.misc.save_model_to_json(), None
        if spec.variant_m_from_spelling:
            share = spelling.variant_share(con, table)
            if share is not None:
                saved, trained = spelling.with_variant_m(saved, share)
                variant_m = {"em": trained, "spelling": share} if trained is not None else None
        saved = floor_m(saved, spec.scoring.min_m_probability)
        if spec.prior_from_model:
            prior = prior_from_model(con, saved, spec.deterministic_rules, table)
            if prior is not None:
                saved["probability_two_random_records_match"] = prior
        self._take_parameters(usable, saved, Path("(training)"))
        self.threshold_ = spec.threshold
        self.trained_on_ = {"rows": _count(con, table), "date": _today(),
                            **({"variant_m": variant_m} if variant_m else {})}
        return self

    def _take_parameters(self, comparisons: tuple, saved: dict, source: Path) -> None:
        """Keep λ and m/u per level from Splink's JSON, checked against the spec's levels."""
        template = self.settings(comparisons).create_settings_dict("duckdb")
        self.comparisons_ = comparisons
        self.parameters_ = read_parameters(saved, template, source, self._spec().name)

    def _require_fitted(self) -> None:
        if not hasattr(self, "parameters_"):
            raise ModelError("the model is not trained: call fit() or load() first")

    def settings_for(self, dialect: str) -> dict:
        """Splink settings for one SQL dialect ("duckdb", "spark"): the spec's SQL, learned values."""
        self._require_fitted()
        template = self.settings(self.comparisons_).create_settings_dict(dialect)
        return apply_parameters(template, self.parameters_)

    @property
    def settings_(self) -> dict:
        """The model as Splink's JSON in DuckDB's dialect (what `save` writes)."""
        return self.settings_for("duckdb")

    def with_prior(self, prior: float) -> LinkageModel:
        """A copy whose λ is `prior`, m and u the same: a run's λ is its own list's
        (prior.list_prior), whatever list the model was trained on."""
        self._require_fitted()
        found = copy.copy(self)
        found.parameters_ = replace(self.parameters_, prior=prior)
        return found

    def linker(self, sdf) -> Linker:
        """A Splink linker carrying the learned parameters, on a registered table (any backend)."""
        return _linker(sdf, self.settings_for(sdf.db_api.sql_dialect.sql_dialect_str))

    def sample_weights(self, sdf, blocked):
        """Every pair of `blocked` (a registered table of candidate pairs, used up) scored,
        keeping only the ids and the match weight: Splink's retained columns, a hundred at 200k
        mentions, had made scoring a sample of 300k pairs cost a third of scoring all 3.7M."""
        settings = self.settings_for(sdf.db_api.sql_dialect.sql_dialect_str) | {
            "retain_matching_columns": False, "retain_intermediate_calculation_columns": False,
            "additional_columns_to_retain": []}
        return _scored(_linker(sdf, settings), None, blocked)

    def predict(self, sdf, floor_probability: float, blocked=None):
        """Score every candidate pair (`blocked`: the pairs pipeline.make_candidate_pairs made,
        registered; else Splink blocks anew); keep those at or above floor_probability (a
        SplinkDataFrame). `blocked` is used up: see _scored."""
        linker = self.linker(sdf)
        if blocked is None:
            return linker.inference.predict(threshold_match_probability=floor_probability)
        return _scored(linker, floor_probability, blocked)

    def blocked_pairs_sql(self, table: str, dialect: str) -> str:
        """The candidate pairs of the spec's blocking rules on the table named `table` in
        `dialect` (id pairs, each with the index of the first rule that pairs it as match_key;
        needs no training): pipeline.make_candidate_pairs makes them on a cursor of its own
        (beside the training) and registers the table.

        Splink's own query filters each rule's pairs by every earlier rule's condition (28
        conditions as the caps split the spec's rules): here each rule's pairs are made alone and a
        pair keeps the first rule that makes it, the same table (5.0M pairs, each match_key equal
        at 200k mentions) in 3.0 CPU seconds instead of 9.7."""
        each = [f"""SELECT {i} AS match_key, l.unique_id AS join_key_l, r.unique_id AS join_key_r
                    FROM {table} AS l JOIN {table} AS r
                    ON ({blocking_rule(rule).get_blocking_rule(dialect).blocking_rule_sql})
                    WHERE l.unique_id < r.unique_id"""
                for i, rule in enumerate(self._spec().candidate_rules)]
        return f"""SELECT CAST(min(match_key) AS VARCHAR) AS match_key, join_key_l, join_key_r
            FROM ({" UNION ALL ".join(each)}) GROUP BY join_key_l, join_key_r"""

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
    def load(cls, path: str | Path, spec: str | ModelSpec | None = None) -> LinkageModel:
        """A fitted model from a saved Splink JSON (and its metadata file, when present).

        The comparisons are the spec's: the spec at hand (`spec`, the run's), else the one the
        metadata names, else the default; from the file come only λ and m/u/TF weights per
        level, checked against that spec's levels (modelfile.py).
        """
        path = Path(path)
        saved, meta = _read_json(path), {}
        if meta_path(path).exists():
            meta = _read_json(meta_path(path))
        model = cls(spec=spec or _spec_name(meta, path) or DEFAULT_SPEC,
                    seed=_int(meta.get("seed", 42), meta_path(path), "seed"))
        model._take_parameters(_comparisons_named(model._spec(), saved, path), saved, path)
        threshold = meta.get("threshold")  # none: the run chooses one (calibrate.py)
        if threshold is not None and (isinstance(threshold, bool)
                                      or not isinstance(threshold, (int, float))
                                      or not 0 < threshold < 1):
            raise ModelError(f"{meta_path(path)}: threshold is {threshold!r}, not a probability")
        model.threshold_ = None if threshold is None else float(threshold)
        model.trained_on_ = meta.get("trained_on", {})
        return model


def _read_json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot read model ({exc})") from exc
    if not isinstance(value, dict):
        raise ModelError(f"{path}: not a model file (a JSON object was expected)")
    return value


def _spec_name(meta: dict, path: Path) -> str | None:
    """The spec a metadata file names: a plain name from models/, never a path to elsewhere."""
    name = meta.get("spec")
    if name is not None and (not isinstance(name, str) or not re.fullmatch(r"[\w-]+", name)):
        raise ModelError(f"{meta_path(path)}: spec is {name!r}, not the name of a model spec")
    return name


def _int(value, path: Path, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ModelError(f"{path}: {field} is {value!r}, not a whole number")
    return value


def _comparisons_named(spec: ModelSpec, saved: dict, path: Path) -> tuple:
    """The spec's comparisons a saved model carries, in the file's order (training may have
    dropped a comparison whose column was empty); any other name refuses the file."""
    by_name = {c.column: c for c in spec.comparisons}
    names = saved_comparison_names(saved, path)
    unknown = [n for n in names if n not in by_name]
    if unknown or len(set(names)) != len(names):
        raise ModelError(f"{path}: comparison(s) {', '.join(unknown) or 'repeated'} do not match "
                         f"the model spec {spec.name!r}; {RETRAIN}")
    return tuple(by_name[n] for n in names)


def _trainable(con: duckdb.DuckDBPyConnection, table: str, specs) -> tuple[tuple, list[str]]:
    """The comparisons whose column is present with at least two distinct values (an all-empty
    column, no settlements in this list, has nothing to learn, and EM fails on its empty levels),
    and what was left out, for fit's one warning."""
    usable, left_out = [], []
    present = {row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}
    counts = _counts(con, table, [c for c in map(primary_column, specs) if c in present], distinct=True)
    for spec in specs:
        column = primary_column(spec)
        if column not in present:
            left_out.append(f"{column} (no such column)")
            continue
        distinct = counts[column]
        if distinct >= 2:
            usable.append(spec)
        else:
            left_out.append(f"{column} ({distinct} distinct value{'s' * (distinct != 1)})")
    return tuple(usable), left_out


def _sparsest(con: duckdb.DuckDBPyConnection, table: str, specs) -> tuple[str, ...]:
    """The comparisons' names (Splink's output columns), the one whose column the list fills
    least first: the ones EM may find no disagreeing match for (_em_session)."""
    counts = _counts(con, table, [primary_column(spec) for spec in specs])
    filled = {spec.column: counts[primary_column(spec)] for spec in specs}
    return tuple(sorted(filled, key=lambda name: (filled[name], name)))


def _filled_columns(con: duckdb.DuckDBPyConnection, table: str, rules) -> set[str]:
    """The columns the rules read that the table has and holds some value in, each asked once."""
    present = {row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}
    read = {c for rule in rules for c in rule_columns(rule)} & present
    return {c for c, n in _counts(con, table, sorted(read)).items() if n > 0}


def _counts(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], distinct: bool = False) -> dict[str, int]:
    """Each column's count of values (`distinct`: of distinct values) in `table`, in one scan, not
    one query per column."""
    columns = list(dict.fromkeys(columns))
    if not columns:
        return {}
    which = "DISTINCT " if distinct else ""
    row = con.execute("SELECT " + ", ".join(f'count({which}"{c}")' for c in columns) + f' FROM "{table}"').fetchall()[0]
    return dict(zip(columns, row))


def _em_session(linker: Linker, rule: str, spec: ModelSpec, sparsest: tuple[str, ...] = ()) -> bool:
    """One EM session on `rule`'s pairs; False (with a warning) when Splink refuses it.

    Splink's EM session removes the comparisons its blocking rule fixes from the linker's own
    settings, in place, and puts them back only when it succeeds: after a failed session the model
    would lack them (a 300-person list lost first_name and surname). A copy taken before each
    session is put back when one fails.

    Splink refuses a session in which some level's m falls to 0: a level no match among the rule's
    pairs falls in. On a list where few mentions name a village, every match in the death-day
    block that names two villages names one (m of "other settlements" 0), and the whole session
    was lost, with it the m of the first name and surname, which this session alone trains: they
    kept Splink's defaults (--vary 3 and 4, 20k). So a refused session runs again with the
    comparisons the list fills least (`sparsest`, comparison names, sparsest first) held at the m
    they have, one more each time up to half of them (a session that may learn fewer than half
    the comparisons is not kept); then, for a level of a well-filled comparison (on a 400-person
    list no match in the death-day block had two first names: m of "All other comparisons" 0),
    with each other comparison held alone; and is lost when none of that helps."""
    half = [sparsest[:n] for n in range(len(sparsest) // 2 + 1)]
    tries = half + [(name,) for name in sparsest[len(sparsest) // 2:]]
    first_error = None
    for held in tries:
        error = _em_holding(linker, rule, spec, held)
        if error is None:
            if held:
                warnings.warn(f"EM on [{rule}] held {', '.join(held)} at the m they had: {first_error}")
            return True
        first_error = first_error or error
    warnings.warn(f"EM on [{rule}] skipped: {first_error}")
    return False


def _em_holding(linker: Linker, rule: str, spec: ModelSpec, held: tuple[str, ...]) -> str | None:
    """One EM session with the `held` comparisons' m fixed (Splink's fix_m_probability, set and
    unset on the linker's levels); None when it trains, else why Splink refused it."""
    before = linker._settings_obj.core_model_settings.copy()
    flags = _fix_m(linker, held, None)
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            blocking_rule(rule), max_pairs=spec.em_max_pairs,
            estimate_without_term_frequencies=not spec.em_term_frequencies)
        return None
    except (ValueError, EMTrainingException) as exc:
        # Splink 5 refuses an m of exactly 0 (a level no match falls in, on small or degenerate
        # data); the session's estimates are then discarded, not half-applied.
        linker._settings_obj.core_model_settings = before
        return str(exc)
    finally:
        _fix_m(linker, held, flags)


def _fix_m(linker: Linker, names: tuple[str, ...], flags: dict | None) -> dict:
    """Fix the m of every level of the named comparisons (flags None), or set each level's flag
    back to `flags`, the flags as they were (returned when fixing)."""
    found = {}
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name not in names:
            continue
        for i, level in enumerate(comparison.comparison_levels):
            key = (comparison.output_column_name, i)
            found[key] = level._fix_m_probability
            level._fix_m_probability = True if flags is None else flags[key]
    return found


def _em_choices(rules, filled: set[str], pairs, fallbacks=(), min_pairs: int = 1) -> list[tuple[str, list[str]]]:
    """Each EM rule with the rules to try for it in turn, the first that EM does not refuse
    training. A rule trains as written when its block holds at least `min_pairs` pairs (`pairs`:
    rule -> that count, blocking.upper_bound's, None for a rule of SQL it cannot count, which
    trains as written; asked only of rules whose columns the list fills: `filled`); else the
    `fallbacks` that do and are no rule of the spec's, then the rule without the columns the list
    leaves empty, if that does. An EM rule on death day and region trains on settlement and
    region in a list without dates (on the region alone, its block was so loose that EM took a
    shared settlement for a match and names weighed 2 bits where they weigh 5), and where one
    mention in twenty gives a death date (its block held one pair: EM had not learned the names).
    When nothing holds enough pairs, the rule is tried as far as the list fills it (a
    400-mention list)."""
    def fills(rule: str) -> bool:
        return all(c in filled for c in rule_columns(rule))

    def enough(rule: str) -> bool:
        if not fills(rule):
            return False
        count = pairs(rule)
        return count is None or count >= min_pairs

    choices = []
    for rule in rules:
        if enough(rule):
            choices.append((rule, [rule]))
            continue
        kept = [c for c in rule_columns(rule) if c in filled]
        loose = [", ".join(kept)] if kept and not fills(rule) else []
        found = [f for f in fallbacks if f not in rules and enough(f)] + [r for r in loose if enough(r)]
        choices.append((rule, found or ([rule] if fills(rule) else loose)))
    return choices


def _filled_rules(rules, filled: set[str], kind: str) -> tuple[list[str], list[str]]:
    """Rules (the deterministic rules λ is estimated from: `kind` names them in the changes)
    without the columns this list leaves empty (`filled`: those it does not; a rule on birth day
    and region trains on the birth day alone in a list without regions); a rule left with no
    column is dropped."""
    kept, changes = [], []
    for rule in rules:
        columns = rule_columns(rule)
        filled_here = [c for c in columns if c in filled]
        if filled_here == columns:
            kept.append(rule)
        elif filled_here:
            kept.append(", ".join(filled_here))
            changes.append(f"{kind} '{rule}' trains as '{kept[-1]}'")
        else:
            changes.append(f"{kind} '{rule}' dropped")
    return kept, changes


def floor_m(saved: dict, floor: float) -> dict:
    """The model with every level's m at least `floor`, each comparison's m renormalised to 1.

    EM reinforces itself: a level matches seldom fall in (a unit that differs, ranks a step apart)
    is given to the non-matches, which lowers its m further, until one disagreement outweighs the
    whole name (m 1e-13, -37 bits, on a list whose generator never varied a rank). Real sources
    disagree now and then on any field, so no single disagreement may weigh more than
    log2(floor / u): the spec's [scoring] min_m_probability. A level whose m is fixed (the surname's
    crossed names, weighed by the first-name comparison) keeps it."""
    for comparison in saved["comparisons"]:
        levels = trainable_levels(comparison)
        raised = [max(lv["m_probability"], floor) for lv in levels]
        for level, m in zip(levels, raised):
            level["m_probability"] = m / sum(raised)
    return saved


# The tables Splink's EM sessions leave behind: each rule's sampled pairs and their comparison
# vectors (about 1M rows each at 200k mentions), which nothing reads after training.
EM_PAIR_TABLES = ("__splink__blocked_id_pairs", "__splink__df_comparison_vectors")


def _made_tables(sdf) -> list:
    """The tables Splink has made through the backend that `sdf` is registered with, in order."""
    return sdf.db_api._intermediate_table_cache.executed_queries


def _drop_em_pairs(sdf, made_before: set) -> None:
    """Drop the EM_PAIR_TABLES made since `made_before` (ids of the tables made before training):
    otherwise the database holds them to the end of the run. The term-frequency tables stay,
    for scoring; the blocked pairs made before training (the block stage's) are not touched."""
    for df in list(_made_tables(sdf)):
        if id(df) not in made_before and df.templated_name in EM_PAIR_TABLES:
            df.drop_table_from_database_and_remove_from_cache()


def _u_chunks(spec: ModelSpec, dialect: str) -> int:
    """[scoring] u_sampling_chunks for the backend that trains (checked in config.Scoring)."""
    chunks = spec.scoring.u_sampling_chunks.get(dialect)
    if chunks is None:
        raise ModelError(f"model spec {spec.name!r}: [scoring] u_sampling_chunks names no "
                         f"{dialect!r} (it names {', '.join(spec.scoring.u_sampling_chunks)})")
    return chunks


def _linker(sdf, settings: SettingsCreator | dict) -> Linker:
    """A Splink linker on `sdf` without Splink's settings validation: that only logs columns the
    settings name and the table lacks, which _trainable has already left out (with a warning),
    and it parses every level's SQL with sqlglot each time: 0.26 s a linker against 0.03-0.06 s
    without it (200k mentions), three linkers a run."""
    return Linker(sdf, settings, log_level=None, validate_settings=False)


def _scored(linker: Linker, floor_probability: float | None, blocked):
    """Splink's predict over the registered candidate pairs `blocked`, which are used up: their
    table is dropped once scored (at 1M mentions, 60M pairs held to the run's end). Made from
    blocked_pairs_sql by the pipeline, the table is not named as Splink names its own."""
    linker.table_management.register_blocked_pairs_for_predict(blocked)
    scored = linker.inference.predict(threshold_match_probability=floor_probability)
    blocked.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    return scored


def meta_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def register_table(con: duckdb.DuckDBPyConnection, table: str = "features"):
    """The DuckDB table as a Splink input (every registration gets its own Splink name)."""
    return DuckDBAPI(connection=con).register(table)


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return scalar(con, f'SELECT count(*) FROM "{table}"')


def _today() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
