"""A run folder read back is input like any other: `runs.Run` checks its manifest.json and
pairs.parquet (types and ranges) before tune, audit or estimate trust them, and names the file in
the one-line error.

A folder edited by hand, truncated by a copy or written by something else must fail here, not
as a KeyError deep in clustering or a threshold of NaN that silently clusters nothing.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb

from linkage.database import file_literal
from linkage.errors import LinkageError

METHODS = ("constrained", "components", "best_link")
# pairs.parquet: each column the readers use, and the DuckDB types it may have
PAIR_COLUMNS = {"unique_id_l": ("BIGINT", "INTEGER", "HUGEINT", "UBIGINT"),
                "unique_id_r": ("BIGINT", "INTEGER", "HUGEINT", "UBIGINT"),
                "match_weight": ("DOUBLE", "FLOAT"), "match_probability": ("DOUBLE", "FLOAT")}


class RunFolderError(LinkageError):
    """A run folder's file is not what linkage writes."""


def load_manifest(path: Path) -> dict:
    """A manifest.json as a JSON object, or one line naming the file."""
    try:
        manifest = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RunFolderError(f"{path}: not a readable manifest ({exc})") from exc
    if not isinstance(manifest, dict):
        raise RunFolderError(f"{path}: not a JSON object; not a manifest linkage wrote")
    return manifest


def check_manifest(manifest: dict, path: Path) -> None:
    """The manifest's parameters say a known method, a spec name and a threshold probability in
    [0, 1]; its decision ids are integers."""
    params = manifest.get("parameters")
    if not isinstance(params, dict):
        raise RunFolderError(f"{path}: no 'parameters' object; not a manifest linkage wrote")
    threshold = params.get("threshold")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
            or not math.isfinite(threshold) or not 0 <= threshold <= 1:
        raise RunFolderError(f"{path}: parameters.threshold must be a probability in [0, 1], got {threshold!r}")
    if params.get("method") not in METHODS:
        raise RunFolderError(f"{path}: parameters.method must be one of {', '.join(METHODS)}, "
                             f"got {params.get('method')!r}")
    if not isinstance(params.get("spec"), str):
        raise RunFolderError(f"{path}: parameters.spec must be a spec name, got {params.get('spec')!r}")
    if "spec" in manifest and not isinstance(manifest["spec"], dict):
        raise RunFolderError(f"{path}: spec must be the spec's tables (an object)")
    used = manifest.get("decisions_used", [])
    if not isinstance(used, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in used):
        raise RunFolderError(f"{path}: decisions_used must be a list of decision ids")


def check_pairs(path: Path) -> None:
    """pairs.parquet, checked: the columns readers use, of their types; weights finite,
    probabilities in [0, 1]. Its own connection, so a file DuckDB cannot read fails here."""
    with duckdb.connect() as con:
        try:
            types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                                     f"read_parquet({file_literal(path)}))").fetchall())
        except duckdb.Error as exc:
            raise RunFolderError(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from exc
        for column, allowed in PAIR_COLUMNS.items():
            if types.get(column) not in allowed:
                raise RunFolderError(f"{path}: column {column} must be {' or '.join(allowed[:2])}, "
                                     f"got {types.get(column) or 'nothing'}")
        bad = con.execute(
            f"""SELECT count(*) FILTER (WHERE NOT isfinite(match_weight) OR match_weight IS NULL),
                       count(*) FILTER (WHERE NOT match_probability BETWEEN 0 AND 1 OR match_probability IS NULL),
                       count(*) FILTER (WHERE unique_id_l IS NULL OR unique_id_r IS NULL)
                FROM read_parquet({file_literal(path)})""").fetchall()[0]
    for count, what in zip(bad, ("match_weight not a finite number", "match_probability outside [0, 1]",
                                 "a missing unique_id")):
        if count:
            raise RunFolderError(f"{path}: {count:,} row(s) with {what}")
