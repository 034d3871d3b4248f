"""Releases: the stable ids of a run's individuals, on its DuckDB tables and in its files.

Reads the `clusters` table (record_id, cluster_id) and the previous release as a `Previous`
(runs.Run.previous_release reads it back from a run folder); adds the column individual_id to
`clusters` and `individuals`; writes changes.csv and redirects.csv (names in schema.py). The id
rules themselves are stable_ids.py's, on plain values.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from linkage import schema, stable_ids
from linkage.runfolder import write_text


@dataclass(frozen=True)
class Previous:
    """The release an update starts from; the default is no release at all (a first dedupe)."""

    ids: dict = field(default_factory=dict)        # record_id → individual id
    redirects: dict = field(default_factory=dict)  # retired id → live id
    next_number: int = 1                           # the first sequence number never minted
    number: int = 0                                # its release number (0: none)

    def only(self, records) -> Previous:
        """The same release restricted to `records` (the mentions an update re-clusters)."""
        kept = {r: self.ids[r] for r in records if r in self.ids}
        return Previous(kept, self.redirects, self.next_number, self.number)


def label(con: duckdb.DuckDBPyConnection, previous: Previous = Previous(),
          scope: str = "clusters", reviewed_records=()) -> stable_ids.Release:
    """Assign ids to the clusters of the table `scope` (record_id, cluster_id: every cluster of a
    dedupe, or the re-clustered ones of an update) and set clusters.individual_id for them.
    `reviewed_records`: records a reviewer decision new in this release names."""
    current = dict(con.execute(f"SELECT record_id, cluster_id FROM {scope}").fetchall())
    reviewed = {current[r] for r in reviewed_records if r in current}
    release = stable_ids.assign(current, previous.ids, previous.next_number, previous.redirects,
                                reviewed)
    con.register("release_ids", pa.table({"cluster_id": list(release.ids),
                                          schema.INDIVIDUAL_ID: list(release.ids.values())}))
    # a new table, not an UPDATE: DuckDB rewrites a 200k-row column by UPDATE in seconds
    con.execute(f"""CREATE OR REPLACE TABLE clusters AS SELECT c.*, r.{schema.INDIVIDUAL_ID}
        FROM clusters c LEFT JOIN release_ids r USING (cluster_id) ORDER BY c.unique_id""")
    con.unregister("release_ids")
    return release


def add_to_individuals(con: duckdb.DuckDBPyConnection) -> None:
    """Copy each cluster's individual_id from `clusters` onto its row of `individuals`."""
    con.execute(f"""CREATE OR REPLACE TABLE individuals AS SELECT i.*, c.{schema.INDIVIDUAL_ID}
        FROM individuals i LEFT JOIN (SELECT DISTINCT cluster_id, {schema.INDIVIDUAL_ID}
                                      FROM clusters) c USING (cluster_id) ORDER BY i.cluster_id""")


def next_number(con: duckdb.DuckDBPyConnection, release: stable_ids.Release,
                previous: Previous) -> int:
    """The first sequence number no release has minted: past every live and retired id."""
    live = con.execute(f"SELECT max({schema.INDIVIDUAL_ID}) FROM clusters").fetchall()[0][0]
    known = [i for i in (live, *release.redirects, *release.minted) if i]
    return max(previous.next_number, 1 + max((stable_ids.number(i) for i in known), default=0))


def _csv(columns: tuple, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def write_files(folder: Path, release: stable_ids.Release) -> None:
    """changes.csv (what this release changed) and redirects.csv (every retired id, resolved)."""
    write_text(Path(folder) / schema.CHANGES, _csv(schema.CHANGE_COLUMNS, (
        (c.individual_id, c.change, ";".join(c.previous_ids), c.mentions_added)
        for c in release.changes)))
    write_text(Path(folder) / schema.REDIRECTS, _csv(schema.REDIRECT_COLUMNS, sorted(
        release.redirects.items(), key=lambda kv: stable_ids.number(kv[0]))))


def summary(con: duckdb.DuckDBPyConnection, release: stable_ids.Release, previous: Previous) -> dict:
    """The manifest's `release` entry: its number, the id sequence, and the changes by kind."""
    counts = Counter(c.change for c in release.changes)
    return {"number": previous.number + 1, "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "next_id_number": next_number(con, release, previous),
            "minted": len(release.minted), "retired": len(release.retired),
            "changes": {kind: counts.get(kind, 0) for kind in stable_ids.CHANGE_KINDS}}
