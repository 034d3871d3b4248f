"""Configuration as frozen dataclasses: the engine's resources, and the model spec read from models/*.toml.

The model spec is data (which comparisons, which blocking rules, how to train); code in
comparisons.py and scoring.py turns it into Splink settings.
"""

from __future__ import annotations

import dataclasses
import tempfile
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from linkage.constraints import Constraints
from linkage.errors import ModelError

DEFAULT_SPEC = "soldiers"


@dataclass(frozen=True)
class EngineConfig:
    """Where DuckDB may spill, how much memory it may take, and the run's guards."""

    # DuckDB's buffer limit; it spills past it. 12GB let a 1M-mention list peak at 13.7 GB; with
    # 4GB the same size (other hands' list, 1.06M mentions) peaked at 5.9 GB and finished.
    memory_limit: str = "4GB"
    threads: int = 2
    # DuckDB's spill files: under the system's temporary folder, never in whatever folder the
    # user stands in (or the repository, when `train` runs there)
    temp_directory: str = field(default_factory=lambda: str(Path(tempfile.gettempdir()) / "linkage-duckdb"))
    max_pairs: float = 2e8  # blocking guard: refuse runs that would score more candidate pairs
    # ... or more than this many per mention (generated lists give about 17 per mention at 200k)
    max_pairs_per_mention: float = 1000
    seed: int = 42
    name_mode: str = "keys"  # "keys" (transliteration-robust) or "plain" (one-scheme baseline)
    # where Splink blocks, trains and scores: "duckdb" or "spark" (backends.py)
    backend: str = "duckdb"
    spark_master: str = "local[2]"
    spark_memory: str = "4g"     # driver memory in local mode
    spark_partitions: int = 8    # shuffle partitions (Spark's default of 200 is for clusters)
    # where dedupe keeps trained models for reuse on the same input and spec (model_cache.py);
    # None: fit every time (the library's default; the command line passes the user's cache)
    model_cache: str | None = None

    def with_(self, **changes) -> EngineConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True)
class ComparisonSpec:
    """One Splink comparison: a kind from comparisons.py and the column(s) it reads."""

    kind: str
    column: str
    term_frequency: bool = False
    # the thresholds of the kind's graded levels, in order (Jaro–Winkler similarities, edit
    # distances, years or days apart): comparisons.py says which each kind takes
    levels: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "levels", tuple(self.levels))


def _table(cls, raw: dict, name: str):
    """A spec table as `cls`: every field stated, no unknown key (the values live in the TOML).
    A field with a default is one added later, its default the behaviour before it: a run folder
    whose manifest recorded the spec before then still reads (audit, tune, update)."""
    table = raw[name]
    fields = cls.__dataclass_fields__
    known = set(fields)
    later = {f for f, spec in fields.items() if spec.default is not dataclasses.MISSING}
    unknown, missing = sorted(set(table) - known), sorted(known - set(table) - later)
    if unknown or missing:
        raise ModelError(f"[{name}]: " + "; ".join(
            part for part in (unknown and f"unknown key {', '.join(unknown)}",
                              missing and f"missing key {', '.join(missing)}") if part))
    return cls(**table)


@dataclass(frozen=True)
class Scoring:
    """[scoring]: what the scored pairs table keeps, what a pair it left out weighs, and how
    Splink's training sessions run (EM iterations, u sampling chunks per backend)."""

    pairs_floor: float            # pairs.parquet keeps pairs at or above this match probability
    unscored_pair_weight: float   # the weak-bridge check counts a pair below the floor at this weight
    em_max_iterations: int        # Splink's EM stops after this many iterations per session
    u_sampling_chunks: dict       # chunks Splink samples u in, per backend ("duckdb", "spark")
    min_m_probability: float      # no level's trained m falls below this (scoring.floor_m)
    prior_sample_pairs: int = 0   # candidate pairs scored to set the list's λ (prior.list_prior); 0: training's λ

    def __post_init__(self):
        chunks = self.u_sampling_chunks
        if not isinstance(chunks, dict) or not all(
                isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in chunks.values()):
            raise ModelError(f"u_sampling_chunks is {chunks!r}: give whole numbers of 1 or more "
                             "per backend, e.g. { duckdb = 10, spark = 1 }")
        if not isinstance(self.prior_sample_pairs, int) or isinstance(self.prior_sample_pairs, bool) \
                or self.prior_sample_pairs < 0:
            raise ModelError(f"prior_sample_pairs is {self.prior_sample_pairs!r}: give a whole number, "
                             "0 to keep the λ training estimated")


@dataclass(frozen=True)
class Dates:
    """[dates]: which years a list's dates may name, how two-digit years read, how an age at
    death dates a birth. A date outside [first_year, last_year] is read as missing and reported."""

    first_year: int
    last_year: int
    birth_two_digit_until: int    # a two-digit birth year is the latest year up to this ending in it
    death_two_digit_until: int    # ... and a two-digit death year
    age_only_death_year: int      # an age with no death date counts from this year
    min_age: int                  # ages outside [min_age, max_age] are typos, read as missing
    max_age: int


@dataclass(frozen=True)
class FamilyModel:
    """[family]: the chance model of family links (family.py's docstring says what each means)."""

    kin_sibling: float
    kin_parent_child: float
    min_confidence: float
    expected_precision: float  # the links of a relation, likeliest first, while their mean confidence is this
    rare: float
    prior_carriers: float
    settlement_differs: float
    killed_together: float
    settlement_owns: float
    sibling_min_days: int
    sibling_max_years: int
    parent_min_years: int
    parent_max_years: int
    min_age_at_death: int    # a birth date leaving the person younger at death is ignored
    learn: bool              # learn KIN and the levels' factors from the list (family_learn.py)
    learn_levels: tuple      # the features whose levels' factors are learned too (family_learn.py)
    learn_u_among_candidates: tuple  # features whose strangers' shares are counted among the candidates
    birth_gap_years: tuple   # siblings' birth-year gaps the EM tells apart (levels' upper bounds)
    death_gap_days: tuple    # and their death-date gaps
    learn_bound: float       # candidate pairs up to this chance E teach the model
    learn_min_pairs: float   # fewer expected kin pairs than this: the spec's values stand
    learn_iterations: int    # EM rounds at most

    def __post_init__(self):
        for name in ("learn_levels", "learn_u_among_candidates", "birth_gap_years", "death_gap_days"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def kin(self, relation: str) -> float:
        """Relatives of that kind expected per individual."""
        return {"sibling": self.kin_sibling, "parent_child": self.kin_parent_child}[relation]


@dataclass(frozen=True)
class ModelSpec:
    """What the model compares and how it is trained; loaded from models/NAME.toml."""

    name: str
    comparisons: tuple[ComparisonSpec, ...]
    blocking_rules: tuple[str, ...]
    deterministic_rules: tuple[str, ...]
    deterministic_recall: float
    em_rules: tuple[str, ...]
    em_max_pairs: float
    u_max_pairs: float
    threshold: float | None  # None ("auto" in the TOML): calibrate.py chooses it per run
    scoring: Scoring
    dates: Dates
    family: FamilyModel
    constraints: dict = field(default_factory=dict)
    rule_check: dict = field(default_factory=dict)  # how rule_rates measures the constraints
    require_name: bool = True  # reject mentions with no letters in any name column
    # [blocking] max_block_size: a rule's key shared by more records than this is split by each
    # split_by key, and what is still over it left to the other rules (blocking.cap_blocks);
    # absent: no cap
    max_block_size: int | None = None
    split_by: tuple[str, ...] = ()
    # [blocking] uncapped: rules after `rules` that max_block_size never caps: keys that name one
    # person (a full name with a full date), whose block is one man however many times he is named
    uncapped_rules: tuple[str, ...] = ()
    # [training] prior_from_model: λ re-estimated from the deterministic rules once m is trained
    # (prior.py), rather than from the guessed deterministic_recall alone
    prior_from_model: bool = False
    # [training] em_term_frequencies: EM iterates with each pair's term-frequency adjustments
    # (Splink's default); false: over the pairs' agreement patterns, counted once (faster)
    em_term_frequencies: bool = True
    # [training] em_fallback_rules: an EM rule on a column this list leaves empty trains on the
    # first of these whose columns it fills, and only when none is on what it keeps of its own
    em_fallback_rules: tuple[str, ...] = ()
    # [training] em_min_pairs: an EM rule whose block holds fewer pairs trains on a fallback
    em_min_pairs: int = 1
    # [training] variant_m_from_spelling: m of "variant of one name" from the list's own spelling
    # mix (spelling.py), not EM's, which sees the formal sources' mentions only
    variant_m_from_spelling: bool = False
    # [columns]: the input's headers renamed to the contract's (dob = "birth_date"), as `linkage
    # init` writes them; a --columns option given with the run overrides a header named here
    columns: dict = field(default_factory=dict)
    # the tables as read: a run's manifest records them, so a saved run never depends on today's TOML
    table: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def candidate_rules(self) -> tuple[str, ...]:
        """The rules whose union is the candidate pairs: `blocking_rules`, then `uncapped_rules`."""
        return self.blocking_rules + self.uncapped_rules


def _spec_path(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        return path
    # the working directory's models/ first, then the repository's (an editable install)
    for base in (Path.cwd() / "models", Path(__file__).resolve().parents[2] / "models"):
        candidate = base / f"{name_or_path}.toml"
        if candidate.exists():
            return candidate
    raise ModelError(f"model spec {name_or_path!r} not found (looked for models/{name_or_path}.toml)")


def _positive_int(value, name: str) -> int | None:
    """An optional whole number ≥ 1 (TOML has no other way to say "none" than leaving it out)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ModelError(f"{name} must be a whole number of at least 1, got {value!r}")
    return value


def _constraints(table: dict) -> dict:
    """The [constraints] table as written, once Constraints has accepted every key in it."""
    Constraints.from_spec(table)
    return table


DEFAULT_MODEL = "default"  # --model default: models/default.json, trained on a generated list


def model_path(name_or_path) -> Path:
    """A --model argument as a file: `default` (when no such file is here) is the model shipped in
    models/default.json, trained on 4,870 generated mentions (its .meta.json has the recipe)."""
    path = Path(name_or_path)
    if str(name_or_path) != DEFAULT_MODEL or path.exists():
        return path
    for base in (Path.cwd() / "models", Path(__file__).resolve().parents[2] / "models"):
        if (base / "default.json").exists():
            return base / "default.json"
    raise ModelError("the default model models/default.json is not installed")


def load_spec(name_or_path: str = DEFAULT_SPEC) -> ModelSpec:
    """Read a model spec TOML into a ModelSpec, failing with the file name on a bad key."""
    path = _spec_path(name_or_path)
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{path}: bad model spec ({exc})") from exc
    return spec_from_table(table, path)


def spec_from_table(raw: dict, where: str | Path) -> ModelSpec:
    """A ModelSpec from the spec's tables as read (from models/*.toml, or as a run's manifest
    recorded them); `where` names the source in the error."""
    try:
        training = raw["training"]
        return ModelSpec(
            name=raw["name"],
            comparisons=tuple(ComparisonSpec(**c) for c in raw["comparisons"]),
            blocking_rules=tuple(raw["blocking"]["rules"]),
            deterministic_rules=tuple(training["deterministic_rules"]),
            deterministic_recall=float(training["deterministic_recall"]),
            em_rules=tuple(training["em_rules"]),
            em_max_pairs=float(training["em_max_pairs"]),
            prior_from_model=bool(training.get("prior_from_model", False)),
            em_term_frequencies=bool(training.get("em_term_frequencies", True)),
            em_fallback_rules=tuple(training.get("em_fallback_rules", ())),
            em_min_pairs=int(training.get("em_min_pairs", 1)),
            variant_m_from_spelling=bool(training.get("variant_m_from_spelling", False)),
            u_max_pairs=float(training["u_max_pairs"]),
            threshold=None if raw["threshold"] == "auto" else float(raw["threshold"]),
            constraints=_constraints(raw.get("constraints", {})),
            rule_check=dict(raw.get("rule_check", {})),
            require_name=bool(raw.get("require_name", True)),
            max_block_size=_positive_int(raw["blocking"].get("max_block_size"), "max_block_size"),
            split_by=tuple(raw["blocking"].get("split_by", ())),
            uncapped_rules=tuple(raw["blocking"].get("uncapped", ())),
            columns={str(k): str(v) for k, v in raw.get("columns", {}).items()},
            scoring=_table(Scoring, raw, "scoring"),
            dates=_table(Dates, raw, "dates"),
            family=_table(FamilyModel, raw, "family"),
            table=raw,
        )
    except (KeyError, TypeError, ModelError) as exc:
        raise ModelError(f"{where}: bad model spec ({exc})") from exc
