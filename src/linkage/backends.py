"""Where Splink runs: the one place that chooses DuckDB or Spark for blocking, training, scoring.

Ingest, normalisation and features stay in DuckDB (they are per mention, and DuckDB carries a
million on one machine); a Spark run writes the features table to Parquet, reads it into Spark
and registers it with Splink's SparkAPI, and its scored pairs come back to DuckDB as Parquet for
the outputs. pyspark is an optional dependency (`pip install -e '.[spark]'`), imported only here.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import duckdb
from splink import DuckDBAPI

from linkage import clustering, component_clustering
from linkage.config import EngineConfig
from linkage.database import quote_ident
from linkage.errors import LinkageError
from linkage.weights import probability_to_weight

BACKENDS = ("duckdb", "spark")


class _Closing:
    """`with open_backend(...) as backend:` closes it however the block ends (its scratch files
    are removed after a failed run too)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class DuckDBBackend(_Closing):
    """Splink on the run's own DuckDB connection: registered tables are the connection's."""

    name = dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def register(self, table: str = "features"):
        """The DuckDB table as a Splink input (every registration gets its own Splink name)."""
        return DuckDBAPI(connection=self.con).register(table)

    def to_duckdb(self, sdf, name: str) -> str:
        """The name of a Splink result table on the run's connection (it is already there)."""
        return sdf.physical_name

    def cluster(self, model, sdf, predictions, pairs_table: str, records: dict, threshold: float,
                method: str, rules, must_link, cannot_link,
                floor_weight: float) -> tuple[dict, dict]:
        """(label per record, refused merges): clustering.py over the run's tables, in process,
        one batch of connected components at a time (component_clustering.py); best_link reads
        every pair of a record, across components, so it runs over the whole list at once."""
        edges, weight = clustering.load_edges(self.con, pairs_table), probability_to_weight(threshold)
        if method not in ("constrained", "components"):
            return clustering.cluster(records, edges, weight, method, rules=rules, must_link=must_link,
                                      cannot_link=cannot_link, floor_weight=floor_weight)
        found, refused = component_clustering.cluster(records, edges, weight, method, rules=rules,
                                                      floor_weight=floor_weight, cannot_link=cannot_link)
        labels = {i: found.get(i, i) for i in records}
        return clustering.with_must_links(labels, must_link), refused

    def close(self) -> None:
        pass


def spark_session(config: EngineConfig):
    """A Spark session with Splink's similarity UDF jar (Jaro–Winkler, Damerau–Levenshtein).

    In local mode the master, memory and partition settings come from the engine config; under
    spark-submit the master, jars and settings are spark-submit's (pass the jar with --jars).
    """
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:
        raise LinkageError("--backend spark needs pyspark: pip install 'linkage[spark]' "
                           f"(and Java 17) [{exc}]") from exc
    scratch = Path(config.temp_directory).resolve() / "spark"
    scratch.mkdir(parents=True, exist_ok=True)
    if "PYSPARK_GATEWAY_PORT" in os.environ:  # under spark-submit: its master, jars and conf
        spark = SparkSession.builder.appName("linkage").getOrCreate()
    else:
        spark = (SparkSession.builder.master(config.spark_master).appName("linkage")
                 .config("spark.jars", similarity_jar_location())
                 .config("spark.driver.memory", config.spark_memory)
                 .config("spark.sql.shuffle.partitions", str(config.spark_partitions))
                 .config("spark.default.parallelism", str(config.spark_partitions))
                 .config("spark.local.dir", str(scratch / "local"))
                 .config("spark.sql.session.timeZone", "UTC")
                 # the Python workers of the per-component clustering run this interpreter
                 .config("spark.pyspark.python", sys.executable)
                 .config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    if spark.sparkContext._jsc.sc().getCheckpointDir().isEmpty():  # spark.checkpoint.dir wins
        spark.sparkContext.setCheckpointDir(str(scratch / "checkpoints"))
    return spark


class SparkBackend(_Closing):
    """Splink's SparkAPI over Parquet copies of the run's DuckDB tables."""

    name = dialect = "spark"

    def __init__(self, con: duckdb.DuckDBPyConnection, config: EngineConfig):
        from splink.backends.spark import SparkAPI

        self.con = con
        self.spark = spark_session(config)
        self.api = SparkAPI(spark_session=self.spark, break_lineage_method="parquet")
        self.scratch = Path(config.temp_directory).resolve() / "spark" / "exchange"
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir(parents=True)
        self._frames: dict = {}
        self.figures: dict = {}

    def frame(self, table: str):
        """The DuckDB table as a Spark DataFrame, through one Parquet copy per table."""
        if table not in self._frames:
            path = self.scratch / f"{table}.parquet"
            self.con.execute(f"COPY {quote_ident(table)} TO ? (FORMAT parquet)", [str(path)])
            self._frames[table] = self.spark.read.parquet(str(path))
        return self._frames[table]

    def register(self, table: str = "features"):
        return self.api.register(self.frame(table))

    def to_duckdb(self, sdf, name: str) -> str:
        """A Splink result (a Spark table) as a DuckDB table of the run, through Parquet."""
        path = self.scratch / f"{name}.parquet"
        self.spark.table(sdf.physical_name).write.mode("overwrite").parquet(str(path))
        self.con.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} AS "
                         "SELECT * FROM read_parquet(?)", [str(path / "*.parquet")])
        return name

    def cluster(self, model, sdf, predictions, pairs_table: str, records: dict, threshold: float,
                method: str, rules, must_link, cannot_link,
                floor_weight: float) -> tuple[dict, dict]:
        """Components in Spark, then the same clustering per component (spark_clustering.py);
        its figures (components, per-component time, partitions) are kept in self.figures."""
        from linkage import spark_clustering

        labels, refused, self.figures = spark_clustering.cluster(
            self, model.linker(sdf), predictions, threshold, method, rules, must_link,
            cannot_link, floor_weight)
        return labels, refused

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def open_backend(con: duckdb.DuckDBPyConnection, config: EngineConfig):
    """The backend the engine config names; DuckDB unless it says spark."""
    if config.backend == "duckdb":
        return DuckDBBackend(con)
    if config.backend == "spark":
        return SparkBackend(con, config)
    raise LinkageError(f"unknown backend {config.backend!r} (choose from {', '.join(BACKENDS)})")
