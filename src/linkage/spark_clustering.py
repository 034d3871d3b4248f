"""Clustering at scale on Spark: components first, then the engine's clustering per component.

The constrained merging (clustering.py) only ever joins records linked by pairs at or above the
threshold, so it never crosses a connected component of the above-threshold graph, and its
greedy order inside one component does not depend on any other. Splink's connected components
(on SparkAPI) split the graph; a cogrouped pandas UDF then runs clustering.cluster on each
component's records and scored pairs, a bucket of components per shuffle partition, in
parallel, so no single process holds all pairs.
Reviewers' must-links join whole clusters afterwards, as in the one-process path.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from linkage import clustering, constraints
from linkage.weights import probability_to_weight

# One output schema for labels, refusals and per-component timings (applyInPandas has one);
# `part` is the Spark partition (one task) that clustered the component.
OUTPUT = "kind string, a long, b long, reason string, seconds double, part int"
RECORD_COLUMNS = ("unique_id", "birth_year", "birth_month", "birth_day", "first_key",
                  "first_root", "patronymic_father", "patronymic_key", "death_daynum",
                  "first_freq", "birth_year_est", "father_or_son", "death_swapped", "surname_key")
_INTEGERS = {"unique_id", "birth_year", "birth_month", "birth_day", "death_daynum",
             "first_freq", "birth_year_est", "death_swapped"}


def _value(column: str, value):
    """A pandas cell as the engine expects it: None for nulls, ints for whole-number columns
    (Arrow hands nullable integers over as floats, and a year of 1967.0 is no typo of 1976)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return int(value) if column in _INTEGERS else value


def _records(frame: pd.DataFrame) -> dict:
    rows = zip(*(frame[c].tolist() for c in RECORD_COLUMNS))
    return dict(constraints.record_from_row([_value(c, v) for c, v in zip(RECORD_COLUMNS, row)])
                for row in rows)


def _one_component(found: dict, pairs: pd.DataFrame, threshold_weight: float, method: str,
                   rules, cannot_link: set, floor_weight: float, part: int) -> list[tuple]:
    """Output rows (labels, refusals, its timing) of clustering.cluster on one component."""
    start = time.perf_counter()
    edges = (pairs.unique_id_l.to_numpy(np.int64), pairs.unique_id_r.to_numpy(np.int64),
             pairs.match_weight.to_numpy(np.float64))
    mine = [p for p in cannot_link if p[0] in found and p[1] in found]
    labels, refused = clustering.cluster(found, edges, threshold_weight, method, rules=rules,
                                         cannot_link=mine, floor_weight=floor_weight)
    rows = [("label", u, label, None, None, None) for u, label in labels.items()]
    rows += [("refused", a, b, why, None, None) for (a, b), why in refused.items()]
    rows.append(("component", min(found), len(found), None, time.perf_counter() - start, part))
    return rows


def component_clusterer(threshold_weight: float, method: str, rules, cannot_link: set,
                        floor_weight: float):
    """The function each bucket's (pairs, records) pair of frames is given to: it clusters the
    bucket's components one by one. Components travel in buckets, not one group each, because
    every group of a cogrouped pandas UDF costs a few milliseconds of Arrow and pandas overhead:
    at 20k mentions 5,300 one-component groups took 53 s for 6.7 s of clustering."""

    def run(pairs: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
        from pyspark import TaskContext

        part = TaskContext.get().partitionId()
        rows: list[tuple] = []
        edges = dict(tuple(pairs.groupby("component", sort=False)))
        no_pairs = pairs.iloc[0:0]
        for component, members in records.groupby("component", sort=False):
            rows += _one_component(_records(members), edges.get(component, no_pairs),
                                   threshold_weight, method, rules, cannot_link, floor_weight,
                                   part)
        return pd.DataFrame(rows, columns=["kind", "a", "b", "reason", "seconds", "part"])

    return run


def cluster(backend, linker, predictions, threshold: float, method: str, rules,
            must_link, cannot_link, floor_weight: float) -> tuple[dict, dict, dict]:
    """(label per record, refused merges, figures) for a Spark run's scored pairs.

    `predictions` is Splink's predict() result on SparkAPI; the records' cannot-link fields come
    from the run's DuckDB (constraints.records_sql, which reads the whole list) through Parquet.
    The only Spark actions are Splink's components and one write of the clustered output: the
    figures (component sizes, seconds per component and per partition) come back in that output.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    spark = backend.spark
    weight = probability_to_weight(threshold)
    started = time.perf_counter()
    components = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_weight=weight)
    # singletons have nothing to cluster; the nodes of larger components are read three times
    nodes = (spark.table(components.physical_name)
             .select(F.col("unique_id").cast("long").alias("unique_id"),
                     F.col("cluster_id").cast("string").alias("component"),
                     F.count("*").over(Window.partitionBy("cluster_id")).alias("size"))
             .where("size > 1").drop("size").cache())
    components_seconds = time.perf_counter() - started

    backend.con.execute("CREATE OR REPLACE TABLE cluster_records AS " + constraints.records_sql())
    records = backend.frame("cluster_records").join(nodes, "unique_id")
    pairs = (spark.table(predictions.physical_name)
             .select(F.col("unique_id_l").cast("long"), F.col("unique_id_r").cast("long"),
                     "match_weight")
             .join(nodes.withColumnRenamed("unique_id", "unique_id_l")
                   .withColumnRenamed("component", "component_l"), "unique_id_l")
             .join(nodes.withColumnRenamed("unique_id", "unique_id_r")
                   .withColumnRenamed("component", "component_r"), "unique_id_r")
             .where("component_l = component_r")
             .select("unique_id_l", "unique_id_r", "match_weight",
                     F.col("component_l").alias("component")))
    cannot = {(min(a, b), max(a, b)) for a, b in cannot_link}
    # one bucket of components per shuffle partition: the task is the unit of parallelism
    buckets = int(spark.conf.get("spark.sql.shuffle.partitions"))
    bucket = F.pmod(F.hash("component"), F.lit(buckets)).alias("bucket")
    grouped = (pairs.select("*", bucket).groupBy("bucket")
               .cogroup(records.select("*", bucket).groupBy("bucket")))
    result = grouped.applyInPandas(component_clusterer(weight, method, rules, cannot, floor_weight), OUTPUT)
    path = backend.scratch / "clustered.parquet"
    result.write.mode("overwrite").parquet(str(path))
    nodes.unpersist()
    engine_seconds = time.perf_counter() - started - components_seconds

    out = backend.con.execute("SELECT kind, a, b, reason, seconds, part FROM read_parquet(?)",
                              [str(path / "*.parquet")]).fetchall()
    labels = {u: u for (u,) in backend.con.execute("SELECT unique_id FROM features").fetchall()}
    labels.update({a: b for kind, a, b, *_ in out if kind == "label"})
    refused = {(a, b): why for kind, a, b, why, *_ in out if kind == "refused"}
    timings = [(n, s, part) for kind, _, n, _, s, part in out if kind == "component"]
    figures = {"components_seconds": round(components_seconds, 3),
               "engine_wall_seconds": round(engine_seconds, 3), **component_figures(timings)}
    return clustering.with_must_links(labels, must_link), refused, figures


# Component sizes are reported in these bins (2, 3, 4-5, 6-10, 11-20, 21 and more records).
SIZE_BINS = (2, 3, 4, 6, 11, 21)


def component_figures(timings: list[tuple[int, float, int]]) -> dict:
    """What a cluster of N workers can do with this stage, from (size, seconds, partition) per
    component: the size distribution, and the seconds each partition (one task) spent clustering.
    The partitions are the unit of parallelism: the stage cannot take less than its slowest
    partition, however many workers run it."""
    per_partition: dict = {}
    for _, seconds, part in timings:
        per_partition[part] = per_partition.get(part, 0.0) + seconds
    bins = {}
    for low, high in zip(SIZE_BINS, SIZE_BINS[1:] + (None,)):
        label = f"{low}+" if high is None else (str(low) if high == low + 1 else f"{low}-{high - 1}")
        bins[label] = sum(low <= n and (high is None or n < high) for n, _, _ in timings)
    return {
        "components_multi": len(timings),
        "largest_component": max((n for n, _, _ in timings), default=0),
        "component_sizes": bins,
        "per_component_seconds_total": round(sum(s for _, s, _ in timings), 3),
        "per_component_seconds_max": round(max((s for _, s, _ in timings), default=0.0), 4),
        "partitions": len(per_partition),
        "per_partition_seconds": sorted((round(s, 3) for s in per_partition.values()), reverse=True),
    }
