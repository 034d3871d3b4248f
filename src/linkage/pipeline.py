"""The one place that knows the stage order: ingest → normalise → block → score → cluster → outputs.

`dedupe` writes the run folder (README: "The run folder"; file names in schema.py) through
runfolder.staged, so a crash leaves the previous run intact; `train` fits and saves a model
without scoring.
"""

from __future__ import annotations

import json
import logging
import platform
import time
import warnings
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa
import splink

from linkage import (
    __version__,
    blocking,
    model_cache,
    peak_memory,
    prior,
    releases,
    review,
    rule_rates,
    schema,
)
from linkage.backends import open_backend
from linkage.beside import Beside
from linkage.calibrate import expected_f1_threshold
from linkage.canonical import build_individuals
from linkage.config import DEFAULT_SPEC, EngineConfig, ModelSpec, load_spec, model_path
from linkage.constraints import Constraints, load_records
from linkage.database import connect, quote_ident, scalar
from linkage.errors import ModelError
from linkage.family import links_of, write_family
from linkage.ingest import ingest
from linkage.normalise import normalise
from linkage.report import write_report
from linkage.runfolder import check_overwrite, staged, write_json
from linkage.scoring import LinkageModel, meta_path, register_table
from linkage.spreadsheet import safe_select, safe_sql
from linkage.weights import weight_to_probability

log = logging.getLogger(__name__)
# Fewer accepted mentions than this cannot train a model: on the generated lists 60 mentions
# left EM no pairs to learn from, 100 trained.
MIN_TRAINING_MENTIONS = 100


@dataclass(frozen=True)
class RunOptions:
    """Everything a dedupe run depends on; recorded in the manifest."""

    mentions: Path
    out: Path
    model: Path | None = None
    threshold: float | None = None
    columns: dict = field(default_factory=dict)
    spec: ModelSpec | str = DEFAULT_SPEC  # a name or path is read once, here
    method: str = "constrained"
    engine: EngineConfig = field(default_factory=EngineConfig)
    must_link: tuple = ()      # pairs to apply as given, as (record_id, record_id) pairs
    cannot_link: tuple = ()
    decisions_used: tuple = ()
    decisions: tuple = ()      # review.Decision from the store: applied where the mentions match
    store: Path | None = None  # the decision store: never inside what the run replaces
    retrain: bool = False      # fit anew even when engine.model_cache keeps a model for this input

    def __post_init__(self):
        if not isinstance(self.spec, ModelSpec):
            object.__setattr__(self, "spec", load_spec(self.spec))


class Timings(dict):
    """Seconds per stage, in stage order, with each stage's CPU seconds (all threads, DuckDB's
    too: on a shared machine the steadier figure) and peak resident memory (peak_memory.py);
    `progress` (if given) hears each stage's name as it starts, with the number of mentions
    once ingest has counted them."""

    def __init__(self, progress=None):
        super().__init__()
        self.progress = progress
        self.rows: int | None = None
        self.cpu: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}
        self.beside: dict[str, float] = {}  # seconds of work run beside the stages (beside.py)

    def waited(self, name: str, job):
        """What `job` (a beside.Beside) returned, once it has finished; its seconds kept as `name`."""
        found = job.wait()
        self.beside[name] = job.seconds
        return found

    @contextmanager
    def stage(self, name: str):
        start, cpu = time.perf_counter(), time.process_time()
        log.info("%s …", name)
        if self.progress:
            self.progress(name if self.rows is None else f"{name}: {self.rows:,} mentions")
        with peak_memory.StagePeak() as peak:
            yield
        self[name] = round(time.perf_counter() - start, 3)
        self.cpu[name] = round(time.process_time() - cpu, 3)
        self.peak_mb[name] = peak.mb


def load_and_normalise(con: duckdb.DuckDBPyConnection, opts: RunOptions, timings: Timings,
                       first_id: int = 1):
    """Ingest and normalise opts.mentions; unique ids start at `first_id` (an update's new
    mentions number on after the published ones)."""
    with timings.stage("ingest"):
        ingested = ingest(con, opts.mentions, {**opts.spec.columns, **opts.columns},
                          scratch=Path(opts.engine.temp_directory) / "ingest",
                          require_name=opts.spec.require_name)
    timings.rows = ingested.accepted
    with timings.stage("normalise"):
        # unique ids ranked by record_id, so that row order never changes a result; the file's
        # own row number stays as source_row for reports that point back to the file
        con.execute(
            "CREATE OR REPLACE TABLE mentions AS SELECT * REPLACE "
            "(row_number() OVER (ORDER BY record_id) + ? - 1 AS _row), _row AS source_row "
            "FROM mentions", [first_id])
        normalise(con, opts.engine.name_mode, opts.spec.dates)
    _say_unused(ingested, opts.spec)
    return ingested


def _say_unused(ingested, spec) -> None:
    """One line naming the input's columns that nothing maps and the spec does not read (the
    contract's optional columns, such as source_url, are the contract's: not named)."""
    read = {c.column for c in spec.comparisons} | set(schema.OPTIONAL)
    rules = " ".join((*spec.candidate_rules, *spec.em_rules, *spec.em_fallback_rules, *spec.deterministic_rules))
    unused = [c for c in ingested.extra_columns if c not in read and c not in rules]
    if unused:
        shown = ", ".join(unused[:10]) + (f" and {len(unused) - 10} more" if len(unused) > 10 else "")
        warnings.warn(f"{ingested.path}: not used for matching, carried through to mentions.parquet: "
                      f"{shown} (map a column with --columns 'HEADER=column')", stacklevel=2)


def _refuse_too_few(con, mentions: Path) -> None:
    """Splink's EM needs pairs to learn from: below MIN_TRAINING_MENTIONS it fails obscurely."""
    n = scalar(con, "SELECT count(*) FROM features")
    if n < MIN_TRAINING_MENTIONS:
        raise ModelError(f"{mentions}: only {n} accepted mentions, too few to train a model (at "
                         f"least {MIN_TRAINING_MENTIONS}); pass --model default (shipped, trained on a "
                         "generated list) or --model with a model trained on a larger list")


def _fit_or_load(con, opts: RunOptions, timings: Timings, sdf) -> tuple[LinkageModel, dict]:
    """The run's model and how it came (for the manifest): --model's, the one kept for this very
    input and spec (model_cache.py; not with --retrain), else fitted here and kept; with the m
    training gave pet forms, where it took it from the list's spelling mix (spelling.py)."""
    with timings.stage("train"):
        model, training = _model_for(con, opts, sdf)
    return model, training_entry(training, model)


def training_entry(training: dict, model: LinkageModel) -> dict:
    """The manifest's `training` entry: how the model came, with the m training gave pet forms and
    where it took it from (spelling.with_variant_m), when the model records one: dedupe's and
    update --retrain's."""
    found = model.trained_on_.get("variant_m")
    return {**training, "variant_m": found} if found else training


def _model_for(con, opts: RunOptions, sdf) -> tuple[LinkageModel, dict]:
    if opts.model:
        return LinkageModel.load(model_path(opts.model), spec=opts.spec), {"source": "given"}
    _refuse_too_few(con, opts.mentions)
    if opts.engine.model_cache is None:
        return LinkageModel(opts.spec, seed=opts.engine.seed).fit(con, sdf=sdf), {"source": "fitted"}
    cache_key = model_cache.key(con, "features", opts.spec.table, opts.engine.seed,
                                opts.engine.backend, Path(opts.engine.model_cache))
    kept = None if opts.retrain else model_cache.find(cache_key)
    if kept is not None:
        return LinkageModel.load(kept, spec=opts.spec), {"source": "reused", "path": str(kept)}
    return _fit_and_keep(con, opts, sdf, cache_key)


def _fit_and_keep(con, opts: RunOptions, sdf, cache_key) -> tuple[LinkageModel, dict]:
    """Fit, and keep the model with what fitting warned (given again whenever it is reused)."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        model = LinkageModel(opts.spec, seed=opts.engine.seed).fit(con, sdf=sdf)
    for warning in said:  # given as fitting gave them
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    path = model_cache.keep(model, cache_key, [str(w.message) for w in said])
    return model, {"source": "fitted", "path": str(path) if path else None}


# The table dedupe makes the candidate pairs into, beside the training (_blocked_pairs).
CANDIDATE_PAIRS = "candidate_pairs"


def make_candidate_pairs(con, model: LinkageModel, table: str = "features") -> None:
    """The table CANDIDATE_PAIRS: the pairs of `table` (in DuckDB) the spec's blocking rules make,
    each once (LinkageModel.blocked_pairs_sql). dedupe makes them beside the training, and for
    the list's λ on Spark; update makes them when it retrains."""
    con.execute(f"CREATE OR REPLACE TABLE {CANDIDATE_PAIRS} AS {model.blocked_pairs_sql(table, 'duckdb')}")


def _blocked_pairs(con, opts: RunOptions, backend, sdf, records: int, capped, beside: ExitStack):
    """Start making the pairs scoring will score; returns a function that waits for them and
    gives (the blocked pairs or None, the counts per rule for the guard and the manifest, the
    seconds they took beside the training).

    On DuckDB the pairs are made once (scoring reuses them) and counted exactly, in a thread
    beside the training (beside.py): Splink's training runs one query at a time on a small sample
    and holds one core (7.2 s with DuckDB's two threads, 6.8 with one, at 200k mentions), and
    the pairs take the other. When the rules' pairs counted per key are over the guard's limit
    (a loose bound: 264M at 1.06M mentions, where 60M pairs are made), Splink's sampled count
    must pass the guard first, so that an exploding input is refused before any pair is made;
    the exact count is guarded once the pairs are made, after the training, before any pair is
    scored (the work beside raises no warning, which fitting's process-wide capture would take).
    On Spark, only that sampled count, in DuckDB, where the features are (no Spark job for the
    guard).

    Handing Splink no pairs lets it block inside predict, each rule's pairs filtered by every
    earlier rule's condition (49 as the caps split the spec's rules at 1M), and score without its
    source pruning: at 1.06M mentions predict took 433 CPU seconds that way (6.1 µs a pair; 2.4
    at 200k, where the pairs were made here), and 45 to make the same pairs here plus 185 to
    score them; the run's score stage went from 451 to 208 CPU seconds, its pairs unchanged."""
    limit, _ = blocking.limit(opts.engine.max_pairs, records, opts.engine.max_pairs_per_mention)
    guard = partial(blocking.guard, max_pairs=opts.engine.max_pairs, records=records,
                    per_mention=opts.engine.max_pairs_per_mention)
    if backend.name != "duckdb":
        counts = blocking.count_pairs(register_table(con, "features"), opts.spec.blocking_rules,
                                      records, capped)
        guard(counts)
        return lambda: (None, counts, 0.0)
    # a capped rule's conditions pair a subset of its spec rule's pairs: the spec's rules bound them
    bound = blocking.upper_bound(con, "features", tuple(dict.fromkeys(capped.origins)))
    if bound is None or bound > limit:
        guard(blocking.count_pairs(register_table(con, "features"), opts.spec.blocking_rules,
                                   records, capped))
    making = beside.enter_context(Beside(con, partial(
        make_candidate_pairs, model=LinkageModel(opts.spec, seed=opts.engine.seed), table=sdf.physical_name)))

    def made():
        making.wait()
        counts = blocking.count_blocked(con, CANDIDATE_PAIRS, capped)
        guard(counts)
        return sdf.db_api.register(CANDIDATE_PAIRS), counts, making.seconds
    return made


# The sampled candidate pairs that set the list's λ (_list_prior), chosen by a hash of the pair:
# the same pairs on every run, however many threads made them.
PRIOR_SAMPLE = "prior_sample"
_HASH_BUCKETS = 1 << 20


def list_prior(con, opts: RunOptions, model: LinkageModel, sdf,
               records: int) -> tuple[LinkageModel, prior.ListPrior | None]:
    """The model with λ for this list (prior.list_prior): a sample of the candidate pairs (the
    table CANDIDATE_PAIRS) scored with its m and u on `sdf`, the features registered with DuckDB.
    Unchanged when the spec samples none ([scoring] prior_sample_pairs = 0). dedupe calls it
    through _prior_for; update, when it retrains, directly."""
    wanted = opts.spec.scoring.prior_sample_pairs
    if not wanted:
        return model, None
    total = scalar(con, f"SELECT count(*) FROM {CANDIDATE_PAIRS}")
    buckets = min(_HASH_BUCKETS, -(-wanted * _HASH_BUCKETS // max(total, 1)))
    con.execute(f"""CREATE OR REPLACE TABLE {PRIOR_SAMPLE} AS SELECT * FROM {CANDIDATE_PAIRS}
                    WHERE hash(join_key_l, join_key_r) % {_HASH_BUCKETS} < {buckets}""")
    scored = model.sample_weights(sdf, sdf.db_api.register(PRIOR_SAMPLE))
    weights = con.execute(f"SELECT match_weight FROM {scored.physical_name}").fetchnumpy()["match_weight"]
    scored.drop_table_from_database_and_remove_from_cache()
    found = prior.list_prior(weights, model.parameters_.prior, total, records)
    return model.with_prior(found.prior), found


def _prior_for(con, opts: RunOptions, model: LinkageModel, sdf, backend,
               records: int) -> tuple[LinkageModel, prior.ListPrior | None]:
    """list_prior for a dedupe run. On DuckDB the candidate pairs are the run's own (scoring
    reuses them). On Spark, Splink makes its pairs inside predict, so they are made here once, in
    DuckDB, where the features are, and the sample is scored there: one model, whichever engine
    scores the list."""
    if backend.name == "duckdb" or not opts.spec.scoring.prior_sample_pairs:
        return list_prior(con, opts, model, sdf, records)
    make_candidate_pairs(con, model)
    try:
        return list_prior(con, opts, model, register_table(con, "features"), records)
    finally:
        con.execute(f"DROP TABLE {CANDIDATE_PAIRS}")


def _id_pairs(con, pairs: tuple) -> list[tuple[int, int]]:
    """Reviewer decisions (record ids) as unique_id pairs of this input; only the ids the pairs
    name are looked up (reading every mention's, twice a run, took 0.3 s at 200k)."""
    if not pairs:
        return []
    named = list({i for pair in pairs for i in pair})
    return review.as_unique_ids(pairs, dict(con.execute(
        "SELECT record_id, unique_id FROM features WHERE record_id IN (SELECT unnest(?))", [named]).fetchall()))


def _threshold(con, opts: RunOptions, model: LinkageModel, pairs_table: str) -> tuple[float, dict | None]:
    """The threshold: --threshold, else the model's, else ("auto") the one calibrate.py expects
    to maximise pairwise F1, lowered for constrained clustering to the weak-bridge bound
    (Calibration.at_most; returned with its calibration for the manifest)."""
    if opts.threshold is not None:
        return opts.threshold, None
    if model.threshold_ is not None:
        return model.threshold_, None
    calibration = expected_f1_threshold(con, pairs_table)
    bridge = Constraints.from_spec(opts.spec.constraints).min_average_weight
    if opts.method == "constrained" and bridge is not None:
        calibration = calibration.at_most(weight_to_probability(bridge))
    return calibration.threshold, calibration.as_dict()


def _cluster(con, opts: RunOptions, pairs_table: str, threshold: float, records: dict, labels_of):
    """Cluster the scored pairs; write the `clusters` and `refused` tables; return the refusals
    and each cannot-link's measured violation rate (rules the list contradicts are switched off).

    `records` are constraints.load_records's (made beside the training: they read only the
    features); `labels_of` is the backend's clustering (backends.py), given the records,
    threshold, method, rules, decisions and the weight an unscored pair counts."""
    spec = opts.spec
    must_link = _id_pairs(con, opts.must_link)
    declared = Constraints.from_spec(spec.constraints)
    rates = rule_rates.measure(con, pairs_table, records, declared,
                               rule_rates.RuleCheck.from_spec(spec.rule_check))
    labels, refused = labels_of(
        records, threshold, opts.method, rule_rates.active_rules(declared, rates),
        must_link, _id_pairs(con, opts.cannot_link), spec.scoring.unscored_pair_weight)
    cluster_tables(con, labels, refused)
    return refused, rates


def cluster_tables(con, labels: dict, refused: dict) -> None:
    """The tables `clusters` (each cluster named by its smallest record_id) and `refused`
    (record ids) from a label per unique_id and the refused merges between unique_ids; a
    unique_id without a label is alone (labels are unique_ids of members, so never another's)."""
    con.register("labels_arrow", pa.table({"unique_id": pa.array(list(labels), pa.int64()),
                                           "label": pa.array(list(labels.values()), pa.int64())}))
    con.execute(
        """CREATE OR REPLACE TABLE clusters AS
        SELECT f.record_id, min(f.record_id) OVER (PARTITION BY coalesce(l.label, f.unique_id))
            AS cluster_id, f.unique_id
        FROM features f LEFT JOIN labels_arrow l USING (unique_id)""")
    con.register("refused_arrow", pa.table({
        "uid_l": [a for a, _ in refused], "uid_r": [b for _, b in refused],
        "reason": list(refused.values())}))
    con.execute(
        """CREATE OR REPLACE TABLE refused AS
        SELECT fl.record_id AS record_id_l, fr.record_id AS record_id_r, r.reason
        FROM refused_arrow r JOIN features fl ON fl.unique_id = r.uid_l
        JOIN features fr ON fr.unique_id = r.uid_r""")


def _write_scored(con, stage: Path, pairs_table: str) -> None:
    """The run folder's files that no stage after scoring changes: the scored pairs, the rejects,
    the features and the mentions (dedupe writes them beside the clustering: beside.py)."""
    # file paths are bound parameters: a run folder named with a quote cannot break the SQL;
    # pairs in no particular order: sorting the wide scored pairs was the run's peak
    # (concentrated surnames: 3.25 GB in this stage, the sort alone +0.6 GB) and 20 s at 1M
    con.execute(f"COPY (SELECT {_pair_file_columns(con, pairs_table)} FROM {pairs_table}) "
                "TO ? (FORMAT parquet)", [str(stage / schema.PAIRS)])
    con.execute(f"COPY (SELECT _row AS row, {safe_sql('record_id')}, reason, {safe_sql('raw')} "
                "FROM rejects ORDER BY _row) "
                "TO ? (HEADER, DELIMITER ',')", [str(stage / schema.REJECTS)])
    con.execute("COPY (SELECT * FROM features ORDER BY unique_id) "
                "TO ? (FORMAT parquet)", [str(stage / schema.FEATURES)])
    con.execute("COPY (SELECT * EXCLUDE (_row) FROM mentions ORDER BY record_id) "
                "TO ? (FORMAT parquet)", [str(stage / schema.MENTIONS)])


def _write_outputs(con, stage: Path, model: LinkageModel, dialect: str, release) -> None:
    """The run folder's files made after scoring: clusters, individuals, refusals, the model and
    the release's files."""
    con.execute(f"COPY (SELECT {', '.join(schema.CLUSTER_FILE_COLUMNS)} FROM clusters ORDER BY record_id) "
                "TO ? (HEADER, DELIMITER ',')", [str(stage / schema.CLUSTERS)])
    columns = safe_select(con, "individuals", schema.INDIVIDUAL_COLUMNS)  # for people: no formulas
    con.execute(f"COPY (SELECT {columns} FROM individuals ORDER BY cluster_id) "
                "TO ? (HEADER, DELIMITER ',')", [str(stage / schema.INDIVIDUALS)])
    con.execute("COPY (SELECT * FROM refused ORDER BY record_id_l, record_id_r) "
                "TO ? (HEADER, DELIMITER ',')", [str(stage / schema.REFUSED)])
    write_json(stage / schema.MODEL, model.settings_for(dialect))
    releases.write_files(stage, release)


# Columns of the scored pairs that no reader of pairs.parquet uses: Splink's term frequencies of
# each side (the waterfall reads the mw_tf_adj_ weights, not these) and the blocking cap's flags
# (features.parquet keeps those). 22 of 100 columns at 200k mentions.
UNWRITTEN_PAIR_PREFIXES = ("tf_", blocking.CAP_PREFIX)


def _pair_file_columns(con, pairs_table: str) -> str:
    """The select list of pairs.parquet: the scored pairs' columns but UNWRITTEN_PAIR_PREFIXES."""
    names = [r[0] for r in con.execute(f"DESCRIBE {pairs_table}").fetchall()]
    return ", ".join(quote_ident(n) for n in names if not n.startswith(UNWRITTEN_PAIR_PREFIXES))


def _with_decisions(con, opts: RunOptions) -> tuple[RunOptions, review.Applicable]:
    """Add the store's decisions that hold for this list (the mentions the reviewer saw) to the
    pairs to apply; the manifest lists those skipped, by reason."""
    decided = review.applicable(con, "mentions", opts.decisions)
    return replace(opts, must_link=opts.must_link + decided.must_link,
                   cannot_link=opts.cannot_link + decided.cannot_link,
                   decisions_used=opts.decisions_used + decided.used), decided


def dedupe(opts: RunOptions, progress=None) -> dict:
    """Run every stage on one mentions file and write the run folder; returns the manifest."""
    timings = Timings(progress)
    con = connect(opts.engine)
    with (staged(opts.out, protected=(opts.mentions, opts.store)) as stage,
          open_backend(con, opts.engine) as backend, ExitStack() as beside):
        ingested = load_and_normalise(con, opts, timings)
        opts, decided = _with_decisions(con, opts)
        with timings.stage("block"):  # before training: an exploding input is refused at once
            rules = opts.spec.candidate_rules
            blocking.check_columns(rules, {r[0] for r in con.execute("DESCRIBE features").fetchall()})
            capped = blocking.cap_blocks(con, "features", rules, opts.spec.max_block_size,
                                         opts.spec.split_by, opts.spec.uncapped_rules)
            # the capped rules hold the uncapped ones: the run's spec names each rule once
            opts = replace(opts, spec=replace(opts.spec, blocking_rules=capped.rules, uncapped_rules=()))
            sdf = backend.register("features")
            pairs_made = _blocked_pairs(con, opts, backend, sdf, ingested.accepted, capped, beside)
            # the Records the cannot-links read, one per mention, built while the model trains
            reading = beside.enter_context(Beside(con, load_records))
        model, training = _fit_or_load(con, opts, timings, sdf)
        with timings.stage("score"):
            blocked, counts, timings.beside["candidate_pairs"] = pairs_made()
            model, found_prior = _prior_for(con, opts, model, sdf, backend, ingested.accepted)
            predictions = model.predict(sdf, floor_probability=opts.spec.scoring.pairs_floor,
                                        blocked=blocked)
            pairs = backend.to_duckdb(predictions, "pairs")
            threshold, calibration = _threshold(con, opts, model, pairs)
        scored = beside.enter_context(Beside(con, partial(_write_scored, stage=stage,
                                                          pairs_table=pairs)))
        with timings.stage("cluster"):
            # the Records are no one's once clustered: a million mentions' are 0.8 GB
            refused, rates = _cluster(con, opts, pairs, threshold, timings.waited("records", reading),
                                      partial(backend.cluster, model, sdf, predictions, pairs))
        with timings.stage("ids"):  # a first release: every individual gets a new stable id
            release = releases.label(con)
        # the canonical records read the clusters and mentions, the family links the clusters
        # and features: the records are built beside the links (beside.py), the graph's file waits
        canonical = beside.enter_context(Beside(con, _canonical))
        with timings.stage("family"):
            found = links_of(con, opts.spec.family)
            timings.waited("canonical", canonical)
            family_summary = write_family(con, found, stage)
        with timings.stage("write"):
            timings.waited("write_scored", scored)
            _write_outputs(con, stage, model, backend.dialect, release)
        manifest = _manifest(con, opts, ingested, counts, threshold, refused, timings)
        manifest["release"] = releases.summary(con, release, releases.Previous())
        manifest["family"] = family_summary
        manifest["calibration"] = calibration
        manifest["training"] = training
        manifest["prior"] = found_prior.as_dict() if found_prior else None
        manifest["rules"] = {name: rate.as_dict() for name, rate in rates.items()}
        manifest["decisions_skipped"] = {"absent": list(decided.absent), "changed": list(decided.changed),
                                         "unpinned": list(decided.unpinned)}
        if getattr(backend, "figures", None):
            manifest["spark_clustering"] = backend.figures
        write_json(stage / schema.MANIFEST, manifest)
        write_report(stage, name=Path(opts.out).name)
    con.close()
    return manifest


def _canonical(con) -> None:
    """The `individuals` table: each individual's canonical record, with its stable id."""
    build_individuals(con)
    releases.add_to_individuals(con)


def _manifest(con, opts, ingested, counts, threshold, refused, timings) -> dict:
    n_clusters = scalar(con, "SELECT count(DISTINCT cluster_id) FROM clusters")
    n_pairs = scalar(con, "SELECT count(*) FROM clusters")
    return {
        "linkage_version": __version__, "splink_version": splink.__version__,
        "duckdb_version": duckdb.__version__, "python": platform.python_version(),
        "input": {"path": str(ingested.path), "sha256": ingested.sha256,
                  "encoding": ingested.encoding},
        "parameters": {"spec": opts.spec.name, "model": str(opts.model) if opts.model else None,
                       "threshold": threshold, "method": opts.method,
                       "columns": opts.columns, "engine": asdict(opts.engine)},
        # the spec's tables as read: audit and tune re-read the run with these, not today's TOML
        "spec": opts.spec.table,
        "counts": {"input_rows": ingested.input_rows, "accepted": ingested.accepted,
                   "rejected": ingested.rejected, "clustered": n_pairs, "clusters": n_clusters,
                   "refused_merges": len(refused)},
        "blocking": counts,
        "decisions_used": list(opts.decisions_used),
        "decisions": {"must_link": [list(p) for p in opts.must_link],
                      "cannot_link": [list(p) for p in opts.cannot_link]},
        "timings_seconds": dict(timings),
        "cpu_seconds": dict(timings.cpu),
        "beside_seconds": dict(timings.beside),
        "peak_rss_mb": dict(timings.peak_mb),
        "peak_rss_mb_run": peak_memory.lifetime_peak_mb(),
    }


def _json_with(key: str):
    """A test for check_overwrite: the file is a JSON object with `key` (a model, its metadata)."""
    def ours(path: Path) -> bool:
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return False
        return isinstance(found, dict) and key in found
    return ours


def _refuse_foreign_model(model_out: Path) -> None:
    """--model-out (and the .meta.json beside it) may replace only a model linkage saved."""
    check_overwrite(model_out, _json_with("comparisons"), "model")
    check_overwrite(meta_path(model_out), _json_with("linkage_version"), "model's metadata file")


def train(mentions: Path, model_out: Path, spec: str, engine: EngineConfig,
          columns: dict | None = None) -> LinkageModel:
    """Fit a model on one mentions file and save it (Splink JSON + metadata)."""
    opts = RunOptions(mentions=Path(mentions), out=Path(model_out), spec=spec, engine=engine,
                      columns=columns or {})  # reads the spec once
    _refuse_foreign_model(Path(model_out))
    con = connect(engine)
    ingested = load_and_normalise(con, opts, Timings())
    _refuse_too_few(con, opts.mentions)
    with open_backend(con, engine) as backend:
        model = LinkageModel(opts.spec, seed=engine.seed).fit(con, sdf=backend.register("features"))
    model.save(model_out, {"input_sha256": ingested.sha256, "input_path": str(ingested.path)})
    return model
