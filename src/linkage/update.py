"""Republication: link a batch of new mentions into a published run, keeping individual ids.

Reads a previous run folder (through runs.Run: features, mentions, pairs, clusters with their
individual ids, redirects, model, spec, active rules, threshold) and a file of new mentions.
Writes a complete run folder, every file `dedupe` writes, covering all mentions, so tune,
audit, review, evaluate and the next update work on it unchanged; changes.csv and redirects.csv
say what this release changed. The stages are pipeline.py's own functions: only the new mentions
are ingested and normalised; the published model scores new × published and new × new (Splink's
predict_between / predict_within, term frequencies from the union); only the published
individuals the new pairs reach, or a reviewer decision names, are re-clustered; ids follow
stable_ids.py. `retrain` fits the model anew on the union and re-scores and re-clusters all.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from linkage import clustering, pipeline, releases, schema
from linkage.canonical import build_individuals
from linkage.config import EngineConfig
from linkage.constraints import load_records
from linkage.database import connect, file_literal, quote_ident, quote_literal, scalar
from linkage.errors import EmptyInput, LinkageError
from linkage.family import links_of, write_family
from linkage.ingest import Ingested
from linkage.inputfile import sniff
from linkage.normalise import surname_common
from linkage.report import write_report
from linkage.runfolder import staged, write_json
from linkage.runs import COMPLETE, Run
from linkage.scoring import LinkageModel, register_table
from linkage.weights import probability_to_weight

NEEDED = (*COMPLETE, schema.CLUSTERS, schema.MENTIONS, schema.MODEL)


@dataclass(frozen=True)
class UpdateOptions:
    """What an update depends on; everything else (spec, model, threshold, method, rules) is the
    previous run's."""

    previous: Path
    mentions: Path
    out: Path
    columns: dict = field(default_factory=dict)
    engine: EngineConfig = field(default_factory=EngineConfig)
    retrain: bool = False
    decisions: tuple = ()      # review.Decision in force: applied where the mentions match
    store: Path | None = None  # the decision store: never inside what the update replaces


def _run_options(run: Run, opts: UpdateOptions) -> pipeline.RunOptions:
    """The dedupe options of the previous run, on the new batch."""
    params = run.manifest["parameters"]
    name_mode = params.get("engine", {}).get("name_mode", opts.engine.name_mode)
    return pipeline.RunOptions(
        mentions=Path(opts.mentions), out=Path(opts.out), model=run.file(schema.MODEL),
        threshold=run.threshold, columns=opts.columns, spec=run.spec, method=run.method,
        engine=opts.engine.with_(name_mode=name_mode), decisions=opts.decisions, store=opts.store)


def _load_previous(con: duckdb.DuckDBPyConnection, run: Run, previous: releases.Previous) -> int:
    """Tables prev_features, prev_mentions, prev_pairs, prev_clusters, prev_rejects and
    prev_refused; returns the first unique_id free for new mentions."""
    path = {name: file_literal(run.file(name)) for name in
            (schema.FEATURES, schema.MENTIONS, schema.PAIRS, schema.REJECTS, schema.REFUSED)}
    con.execute(f"CREATE TABLE prev_features AS SELECT * FROM read_parquet({path[schema.FEATURES]})")
    con.execute(f"""CREATE VIEW prev_mentions AS SELECT m.*, f.unique_id AS _row
        FROM read_parquet({path[schema.MENTIONS]}) m JOIN prev_features f USING (record_id)""")
    con.execute(f"CREATE VIEW prev_pairs AS SELECT * FROM read_parquet({path[schema.PAIRS]})")
    con.register("prev_ids_arrow", pa.table({"record_id": list(previous.ids),
                                             "individual_id": list(previous.ids.values())}))
    con.execute(f"""CREATE TABLE prev_clusters AS SELECT c.record_id, c.cluster_id, f.unique_id,
        i.individual_id FROM read_csv({file_literal(run.file(schema.CLUSTERS))}, header=true,
        all_varchar=true) c JOIN prev_features f USING (record_id) JOIN prev_ids_arrow i USING (record_id)""")
    for table, name, columns in (("prev_rejects", schema.REJECTS, ("row", "record_id", "reason", "raw")),
                                 ("prev_refused", schema.REFUSED, ("record_id_l", "record_id_r", "reason"))):
        con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} VARCHAR' for c in columns)})")
        if run.has(name):  # refused.csv is absent from runs written before it existed
            con.execute(f"INSERT INTO {table} SELECT * FROM read_csv({path[name]}, header=true, "
                        "all_varchar=true)")
    return 1 + scalar(con, "SELECT coalesce(max(unique_id), 0) FROM prev_features")


def _load_batch(con, run: Run, run_opts: pipeline.RunOptions, timings, first_id: int) -> Ingested:
    """The new mentions as `mentions`, `features`, `rejects` (an empty batch gives empty tables);
    a record_id the previous release already published is rejected, not linked twice."""
    try:
        ingested = pipeline.load_and_normalise(con, run_opts, timings, first_id)
    except EmptyInput:
        con.execute("CREATE TABLE mentions AS SELECT * FROM prev_mentions LIMIT 0")
        con.execute("CREATE TABLE features AS SELECT * FROM prev_features LIMIT 0")
        con.execute("CREATE TABLE rejects (_row BIGINT, record_id VARCHAR, reason VARCHAR, raw VARCHAR)")
        return Ingested(Path(run_opts.mentions), sniff(run_opts.mentions).sha256, 0, 0, 0, ())
    con.execute(f"""INSERT INTO rejects SELECT source_row, record_id,
        'record_id already published in ' || {quote_literal(run.path)}, NULL FROM mentions
        WHERE record_id IN (SELECT record_id FROM prev_features)""")
    republished = scalar(con, "SELECT count(*) FROM mentions WHERE record_id IN "
                              "(SELECT record_id FROM prev_features)")
    for table in ("mentions", "features"):
        con.execute(f"DELETE FROM {table} WHERE record_id IN (SELECT record_id FROM prev_features)")
    return dataclasses.replace(ingested, accepted=ingested.accepted - republished,
                               rejected=ingested.rejected + republished)


def _join(con: duckdb.DuckDBPyConnection, first_id: int) -> None:
    """`features`, `mentions`, `rejects` over all mentions; `new_features` the batch's. A new
    surname keys its typo block (surname_common) by the union's counts; a published stem keeps
    the key its published mentions have, so the two still meet in one block."""
    con.execute("ALTER TABLE features RENAME TO new_features")
    con.execute("ALTER TABLE mentions RENAME TO new_mentions")
    con.execute("ALTER TABLE rejects RENAME TO new_rejects")
    con.execute("CREATE TABLE features AS SELECT * FROM prev_features "
                "UNION ALL BY NAME SELECT * FROM new_features")
    surname_common(con)
    con.execute("""CREATE TEMP TABLE new_common AS SELECT f.unique_id, coalesce(p.common, u.common) AS common
        FROM new_features f LEFT JOIN (SELECT DISTINCT surname_stem, surname_common AS common
                                       FROM prev_features) p USING (surname_stem)
        LEFT JOIN surname_common u ON u.stem = f.surname_stem""")
    con.execute("""UPDATE features SET surname_common = n.common FROM new_common n
                   WHERE features.unique_id = n.unique_id""")
    con.execute("CREATE OR REPLACE TABLE new_features AS SELECT * FROM features WHERE unique_id >= ?",
                [first_id])
    con.execute("CREATE TABLE mentions AS SELECT * FROM prev_mentions "
                "UNION ALL BY NAME SELECT * FROM new_mentions")
    con.execute("""CREATE TABLE rejects AS SELECT try_cast("row" AS BIGINT) AS _row, record_id,
        reason, raw FROM prev_rejects UNION ALL SELECT * FROM new_rejects""")


def _tf_columns(model: LinkageModel) -> set[str]:
    return {level["tf_adjustment_column"] for c in model.settings_["comparisons"]
            for level in c["comparison_levels"] if level.get("tf_adjustment_column")}


def _score_batch(con, model: LinkageModel, floor: float) -> list[str]:
    """Score new × published and new × new with the published model; term frequencies come
    from all mentions. Returns the tables of scored pairs."""
    linker = model.linker(register_table(con, "features"))
    for column in sorted(_tf_columns(model)):
        linker.table_management.compute_tf_table(column)
    published, new = register_table(con, "prev_features"), register_table(con, "new_features")
    between = linker.inference.predict_between(published, new, threshold_match_probability=floor,
                                               warning_mode="never")
    within = linker.inference.predict_within(new, threshold_match_probability=floor,
                                             warning_mode="never")
    return [between.physical_name, within.physical_name]


def _pairs(con, model: LinkageModel, run_opts, retrain: bool,
           batch_size: int) -> tuple[LinkageModel, dict | None]:
    """The table `new_pairs` (the batch's scored pairs; with `retrain`, every pair scored anew)
    and the view `pairs` over all of them, in the published file's columns; returns the model
    that scored them and, with `retrain`, the list's λ as dedupe sets it (pipeline.list_prior).
    Without, the release's model scores the batch, λ included: the published pairs and the new
    weigh alike."""
    floor = run_opts.spec.scoring.pairs_floor
    if retrain:  # the new model may compare other columns: its pairs keep their own
        # the pairs made once and handed to Splink, as dedupe does (pipeline._blocked_pairs):
        # left to block inside predict, Splink filters each rule's pairs by every earlier one
        sdf = register_table(con, "features")
        pipeline.make_candidate_pairs(con, model, sdf.physical_name)
        model, found = pipeline.list_prior(con, run_opts, model, sdf,
                                           scalar(con, "SELECT count(*) FROM features"))
        scored = model.predict(sdf, floor, blocked=sdf.db_api.register(pipeline.CANDIDATE_PAIRS))
        con.execute(f"CREATE TABLE new_pairs AS SELECT * FROM {scored.physical_name}")
        con.execute("CREATE VIEW pairs AS SELECT * FROM new_pairs")
        return model, found.as_dict() if found else None
    sources = _score_batch(con, model, floor) if batch_size else []
    columns = ", ".join(quote_ident(r[0]) for r in con.execute("DESCRIBE prev_pairs").fetchall())
    con.execute("CREATE TABLE new_pairs AS " + " UNION ALL ".join(
        [f"SELECT {columns} FROM {table}" for table in sources]
        or [f"SELECT {columns} FROM prev_pairs LIMIT 0"]))
    con.execute(f"CREATE VIEW pairs AS SELECT {columns} FROM prev_pairs "
                f"UNION ALL SELECT {columns} FROM new_pairs")
    return model, None


def _decision_records(opts: pipeline.RunOptions) -> set[str]:
    return {r for pair in (*opts.must_link, *opts.cannot_link) for r in pair}


def _touch(con, threshold: float, first_id: int, opts: pipeline.RunOptions, everything: bool) -> None:
    """The table `touched` (unique_id): the new mentions, and every published individual a new
    pair at the threshold reaches or a reviewer decision names (all mentions with retrain)."""
    con.register("decided", pa.table({"record_id": sorted(_decision_records(opts))}))
    con.execute(f"""CREATE TABLE touched AS
        WITH reached AS (
            SELECT unique_id_l AS unique_id FROM new_pairs WHERE match_weight >= $w
            UNION SELECT unique_id_r FROM new_pairs WHERE match_weight >= $w
            UNION SELECT unique_id FROM prev_clusters WHERE record_id IN (SELECT record_id FROM decided)),
        clusters AS (SELECT DISTINCT cluster_id FROM prev_clusters JOIN reached USING (unique_id))
        SELECT unique_id FROM prev_clusters WHERE {'true' if everything else 'false'}
            OR cluster_id IN (SELECT cluster_id FROM clusters)
        UNION SELECT unique_id FROM features WHERE unique_id >= $first""",
                {"first": first_id, "w": probability_to_weight(threshold)})


def _recluster(con, run: Run, run_opts: pipeline.RunOptions, threshold: float) -> int:
    """Cluster the touched mentions anew as dedupe would; the others keep their published
    clusters. Writes `clusters` and `refused`; returns the number of refused merges."""
    edges = clustering.load_edges(con, """(SELECT p.* FROM pairs p
        SEMI JOIN touched a ON a.unique_id = p.unique_id_l
        SEMI JOIN touched b ON b.unique_id = p.unique_id_r)""")
    records = load_records(con, "features", only="touched")
    ids = set(records)
    must, cannot = ([p for p in pipeline._id_pairs(con, pairs) if ids.issuperset(p)]
                    for pairs in (run_opts.must_link, run_opts.cannot_link))
    labels, refused = clustering.cluster(
        records, edges, probability_to_weight(threshold), run_opts.method, rules=run.rules,
        must_link=must, cannot_link=cannot, floor_weight=run_opts.spec.scoring.unscored_pair_weight)
    kept = con.execute("""SELECT unique_id, min(unique_id) OVER (PARTITION BY cluster_id)
        FROM prev_clusters ANTI JOIN touched USING (unique_id)""").fetchall()
    pipeline.cluster_tables(con, {**dict(kept), **labels}, refused)
    con.execute("""CREATE OR REPLACE TABLE refused AS
        SELECT record_id_l::VARCHAR AS record_id_l, record_id_r::VARCHAR AS record_id_r,
               reason::VARCHAR AS reason FROM refused
        UNION ALL SELECT record_id_l, record_id_r, reason FROM prev_refused
        WHERE record_id_l NOT IN (SELECT record_id FROM features JOIN touched USING (unique_id))
          AND record_id_r NOT IN (SELECT record_id FROM features JOIN touched USING (unique_id))""")
    return scalar(con, "SELECT count(*) FROM refused")


def _new_decisions(run: Run, opts: pipeline.RunOptions) -> set[str]:
    """Records named by a decision the previous run did not use: their individuals are
    `unchanged-but-reviewed` when the decision moved nothing."""
    before = run.manifest.get("decisions", {})
    old = {tuple(p) for kind in ("must_link", "cannot_link") for p in before.get(kind, [])}
    return {r for pair in (*opts.must_link, *opts.cannot_link) if tuple(pair) not in old for r in pair}


def _assign_ids(con, run: Run, previous: releases.Previous, opts: pipeline.RunOptions):
    """Stable ids for the re-clustered individuals; the others keep their published ids."""
    con.execute("""CREATE TABLE touched_clusters AS SELECT record_id, cluster_id FROM clusters
                   SEMI JOIN touched USING (unique_id)""")
    records = [r for (r,) in con.execute("SELECT record_id FROM touched_clusters").fetchall()]
    release = releases.label(con, previous.only(records), "touched_clusters",
                             _new_decisions(run, opts))
    con.execute(f"""CREATE OR REPLACE TABLE clusters AS SELECT c.* REPLACE
        (coalesce(c.{schema.INDIVIDUAL_ID}, p.individual_id) AS {schema.INDIVIDUAL_ID})
        FROM clusters c LEFT JOIN prev_clusters p USING (record_id) ORDER BY c.unique_id""")
    return release


def _individuals(con: duckdb.DuckDBPyConnection, run: Run) -> None:
    """`individuals`: built anew for the re-clustered individuals; the others' rows come from
    the published individuals.csv, as their mentions, and so their canonical records, are the
    same."""
    con.execute("ALTER TABLE clusters RENAME TO all_clusters")
    con.execute("CREATE TABLE clusters AS SELECT * FROM all_clusters SEMI JOIN touched USING (unique_id)")
    build_individuals(con)
    releases.add_to_individuals(con)
    con.execute("DROP TABLE clusters")
    con.execute("ALTER TABLE all_clusters RENAME TO clusters")
    con.execute(f"""INSERT INTO individuals BY NAME SELECT * FROM read_csv(
        {file_literal(run.file(schema.INDIVIDUALS))}, header=true, all_varchar=true)
        WHERE cluster_id IN (SELECT cluster_id FROM prev_clusters ANTI JOIN touched USING (unique_id))""")


def _manifest(con, run: Run, opts: UpdateOptions, run_opts, batch: Ingested, refused: int,
              release, previous, timings, calibration, found_prior, model) -> dict:
    before = run.manifest["counts"]
    total = dataclasses.replace(batch, input_rows=before["input_rows"] + batch.input_rows,
                                accepted=before["accepted"] + batch.accepted,
                                rejected=before["rejected"] + batch.rejected)
    manifest = pipeline._manifest(con, run_opts, total, {}, run_opts.threshold, (), timings)
    manifest["counts"]["refused_merges"] = refused
    manifest["counts"]["batch"] = {"input_rows": batch.input_rows, "accepted": batch.accepted,
                                   "rejected": batch.rejected}
    manifest["inputs"] = [*run.manifest.get("inputs", [run.manifest["input"]]), manifest["input"]]
    manifest["previous_run"] = str(run.path.resolve())
    manifest["parameters"]["retrain"] = opts.retrain
    manifest["rules"] = run.manifest.get("rules", {})
    manifest["calibration"] = calibration
    # the model: the release's as it was trained, or with --retrain fitted anew on the whole list
    manifest["training"] = (pipeline.training_entry({"source": "fitted"}, model) if opts.retrain
                            else run.manifest.get("training"))
    # λ: the release's (its model scored the batch), or with --retrain the whole list's anew
    manifest["prior"] = found_prior if opts.retrain else run.manifest.get("prior")
    manifest["release"] = releases.summary(con, release, previous)
    return manifest


def update(opts: UpdateOptions, progress=None) -> dict:
    """Link opts.mentions into the run folder opts.previous and write the run folder opts.out;
    returns its manifest."""
    if Path(opts.out).resolve() == Path(opts.previous).resolve():
        raise LinkageError(f"{opts.out}: the update must go to a new folder, not over the "
                           "published run it starts from")
    timings = pipeline.Timings(progress)
    with Run.open(opts.previous, need=NEEDED) as run:
        run_opts = _run_options(run, opts)
        con = connect(run_opts.engine)
        with staged(opts.out, protected=(opts.mentions, opts.store, opts.previous)) as stage:
            with timings.stage("previous"):
                previous = run.release()
                first_id = _load_previous(con, run, previous)
            batch = _load_batch(con, run, run_opts, timings, first_id)
            with timings.stage("join"):
                _join(con, first_id)
                run_opts, decided = pipeline._with_decisions(con, run_opts)
            calibration = run.manifest.get("calibration")  # the threshold is the published one
            with timings.stage("train"):
                model = (LinkageModel(run_opts.spec, seed=run_opts.engine.seed).fit(con)
                         if opts.retrain else LinkageModel.load(run_opts.model, spec=run_opts.spec))
            with timings.stage("score"):
                model, found_prior = _pairs(con, model, run_opts, opts.retrain, batch.accepted)
                if opts.retrain:  # a new model: its threshold is chosen as dedupe would
                    threshold, calibration = pipeline._threshold(
                        con, dataclasses.replace(run_opts, threshold=None), model, "new_pairs")
                    run_opts = dataclasses.replace(run_opts, threshold=threshold)
            with timings.stage("cluster"):
                _touch(con, run_opts.threshold, first_id, run_opts, opts.retrain)
                refused = _recluster(con, run, run_opts, run_opts.threshold)
            with timings.stage("ids"):
                release = _assign_ids(con, run, previous, run_opts)
            with timings.stage("canonical"):
                _individuals(con, run)
            with timings.stage("family"):
                family_summary = write_family(con, links_of(con, run_opts.spec.family), stage)
            with timings.stage("write"):
                pipeline._write_scored(con, stage, "pairs")
                pipeline._write_outputs(con, stage, model, "duckdb", release)
            manifest = _manifest(con, run, opts, run_opts, batch, refused, release, previous,
                                 timings, calibration, found_prior, model)
            manifest["family"] = family_summary
            manifest["decisions_skipped"] = {"absent": list(decided.absent), "changed": list(decided.changed),
                                             "unpinned": list(decided.unpinned)}
            write_json(stage / schema.MANIFEST, manifest)
            write_report(stage, name=Path(opts.out).name)
        con.close()
    return manifest
