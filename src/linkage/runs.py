"""The run-folder reader: a `Run` opens a run folder once and hands out what `dedupe` wrote.

Reads (file names from schema.py): manifest.json, clusters.csv, pairs.parquet,
features.parquet, mentions.parquet, refused.csv, households.csv, model.json, and the model spec the run used as
its manifest recorded it. Writes nothing; runfolder.py and pipeline.py are the writer. Tune,
audit, evaluate, review and the report read run folders through this one class, so a change to
a file's name or shape is made here once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Self, TypeVar

import duckdb
import numpy as np
import pandas as pd

from linkage import rule_rates, schema
from linkage.config import ModelSpec, load_spec, spec_from_table
from linkage.constraints import NO_RULES, Constraints, load_records
from linkage.database import file_literal
from linkage.errors import InputError, LinkageError
from linkage.releases import Previous
from linkage.runcheck import check_manifest, check_pairs, load_manifest
from linkage.stable_ids import assign, number

# What tune and audit cannot work without; evaluate and review need only clusters.csv.
COMPLETE = (schema.MANIFEST, schema.PAIRS, schema.FEATURES)
_PARQUET_VIEWS = {"features": schema.FEATURES, "pairs": schema.PAIRS, "mentions": schema.MENTIONS}
_CSV_VIEWS = {"clusters": schema.CLUSTERS, "refused": schema.REFUSED}
T = TypeVar("T")


def read_keyed_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV of text keyed by record_id (clusters.csv, a truth file), checked: it exists, has
    `columns`, and names each record once; errors name the file, and the row of a duplicate."""
    if not Path(path).is_file():
        raise InputError(path, "file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise InputError(path, f"missing column(s) {', '.join(absent)}")
    duplicated = frame["record_id"].duplicated()
    if duplicated.any():
        raise InputError(path, f"record_id {frame['record_id'][duplicated].iloc[0]!r} appears twice",
                         row=int(np.flatnonzero(duplicated)[0]) + 2, column="record_id")
    return frame


class Run:
    """A run folder opened for reading. Files are read when first asked for, once; `con` is a
    DuckDB connection with a view per table the folder has (features, pairs, mentions,
    clusters, refused). What is read or derived is kept while the Run is open (its folder does
    not change meanwhile): a server auditing one cluster after another reads each thing once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._derived: dict = {}

    @classmethod
    def open(cls, path: Path, need: tuple[str, ...] = COMPLETE) -> Run:
        """The run folder at `path`; fails with one line when a file in `need` is missing, or
        when the manifest or pairs it needs are not what linkage writes (runcheck.py)."""
        run = cls(path)
        for name in need:
            if not run.has(name):
                raise LinkageError(f"{run.path}: not a complete run folder (no {name}); "
                                   "run `linkage dedupe` first")
        if schema.MANIFEST in need:
            check_manifest(run.manifest, run.file(schema.MANIFEST))
        if schema.PAIRS in need:
            check_pairs(run.file(schema.PAIRS))
        return run

    def file(self, name: str) -> Path:
        return self.path / name

    def has(self, name: str) -> bool:
        return self.file(name).exists()

    def close(self) -> None:
        if "con" in self.__dict__:
            self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @cached_property
    def manifest(self) -> dict:
        return load_manifest(self.file(schema.MANIFEST))

    @property
    def threshold(self) -> float:
        """The match probability the run clustered at."""
        return float(self.manifest["parameters"]["threshold"])

    @property
    def method(self) -> str:
        return self.manifest["parameters"]["method"]

    @cached_property
    def con(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        con.execute("SET threads = 2")
        for view, name in _PARQUET_VIEWS.items():
            if self.has(name):
                con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({file_literal(self.file(name))})")
        for view, name in _CSV_VIEWS.items():
            if self.has(name):
                con.execute(f"""CREATE VIEW {view} AS SELECT * FROM
                    read_csv({file_literal(self.file(name))}, header=true, all_varchar=true)""")
        return con

    def clusters(self) -> pd.DataFrame:
        """record_id, cluster_id as text, checked (one row per record)."""
        return read_keyed_csv(self.file(schema.CLUSTERS), schema.CLUSTER_COLUMNS)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """compute() the first time `key` is asked of this open run, the same value afterwards:
        for what a reader derives from the run (audit's cluster labels, tune's Splink linker).
        Shared: callers must not modify it."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def redirects(self) -> dict:
        """Every retired individual id → the live id it resolves to ({} before any retired)."""
        if not self.has(schema.REDIRECTS):
            return {}
        frame = pd.read_csv(self.file(schema.REDIRECTS), dtype=str, keep_default_na=False)
        return dict(zip(frame[schema.REDIRECT_COLUMNS[0]], frame[schema.INDIVIDUAL_ID]))

    def release(self) -> Previous:
        """This run as the release an update starts from: each record's individual id, the
        redirects, the id sequence. A run folder written before stable ids gets them minted
        here, as its first dedupe would have."""
        clusters = self.clusters()
        if schema.INDIVIDUAL_ID in clusters.columns:
            ids = dict(zip(clusters["record_id"], clusters[schema.INDIVIDUAL_ID]))
        else:
            first = assign(dict(zip(clusters["record_id"], clusters["cluster_id"])))
            ids = {r: first.ids[c] for r, c in zip(clusters["record_id"], clusters["cluster_id"])}
        redirects = self.redirects()
        known = [number(i) for i in (*set(ids.values()), *redirects)]
        entry = self.manifest.get("release", {})
        return Previous(ids, redirects, max(entry.get("next_id_number", 1), 1 + max(known, default=0)),
                        entry.get("number", 1))

    def households(self) -> pd.DataFrame | None:
        """households.csv (household_id, individual: a cluster_id, relation, size) as text; None
        when the run wrote none (a run folder from before the family graph)."""
        if not self.has(schema.HOUSEHOLDS):
            return None
        return pd.read_csv(self.file(schema.HOUSEHOLDS), dtype=str, keep_default_na=False)

    def record_ids(self) -> dict:
        """unique_id → record_id for every record of the run (read once; do not modify it)."""
        return self.once("record_ids", lambda: dict(
            self.con.execute("SELECT unique_id, record_id FROM features").fetchall()))

    def refused(self) -> dict:
        """The clustering's own refusals, (record_id, record_id) sorted → reason; {} for a run
        folder written before refused.csv existed (read once; do not modify it)."""
        if not self.has(schema.REFUSED):
            return {}

        def read() -> dict:
            frame = pd.read_csv(self.file(schema.REFUSED), dtype=str)
            return {tuple(sorted((a, b))): why for a, b, why in
                    zip(frame.record_id_l, frame.record_id_r, frame.reason)}

        return self.once("refused", read)

    def model(self):
        """The model that scored the run (model.json), loaded as data: its comparisons rebuilt
        from the run's spec, only λ and m/u per level read from the file (scoring.LinkageModel),
        so SQL planted in a run folder's model.json is never run. (Imported here: scoring loads
        Splink, which only tune and audit need.)"""
        from linkage.scoring import LinkageModel

        return LinkageModel.load(self.file(schema.MODEL), spec=self.spec)

    @cached_property
    def spec(self) -> ModelSpec:
        """The model spec the run used, as its manifest recorded it; a run written before the
        manifest recorded the spec falls back to the spec file of that name today."""
        if "spec" in self.manifest:
            return spec_from_table(_with_later_keys(self.manifest["spec"]), self.file(schema.MANIFEST))
        return load_spec(self.manifest["parameters"]["spec"])

    @cached_property
    def rules(self) -> Constraints:
        """The cannot-links the run clustered with: the spec's, less those the list contradicted
        (rule_rates, recorded in the manifest); none for the methods that use none."""
        if self.method != "constrained":
            return NO_RULES
        rules = Constraints.from_spec(self.spec.constraints)
        return rule_rates.recorded_rules(rules, self.manifest.get("rules", {}))

    @cached_property
    def records(self) -> dict:
        """unique_id → constraints.Record, for re-clustering and explaining refusals."""
        return load_records(self.con, "features")


def _with_later_keys(table: dict) -> dict:
    """A spec as an older run recorded it, with the keys later versions added to its tables
    (e.g. [scoring] u_sampling_chunks) taken from today's spec of that name; what the run
    recorded always wins. Unchanged when no spec of that name is found today."""
    try:
        today = load_spec(table["name"]).table
    except (KeyError, LinkageError):
        return table
    out = dict(table)
    for name, value in today.items():
        if isinstance(value, dict) and isinstance(out.get(name), dict):
            out[name] = {**{k: v for k, v in value.items() if k not in out[name]}, **out[name]}
    return out
