"""Reviewer decisions: "these two are one person" (link) or "these two are not" (split).

Reads and writes the table `decisions` in a DuckDB file, the project's store (default
linkage.duckdb). Every decision is kept with who, when and why; the latest decision on a pair
supersedes the earlier ones. `decisions_for_run` gives the decisions in force as the must-link /
cannot-link fields of a dedupe run, with their ids for the run's manifest.
"""

from __future__ import annotations

import datetime
import getpass
import os
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from linkage import schema
from linkage.clustering import with_must_links
from linkage.database import scalar
from linkage.errors import LinkageError
from linkage.runs import Run

DEFAULT_STORE = Path("linkage.duckdb")
KINDS = ("link", "split")
SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS decision_ids START 1;
CREATE TABLE IF NOT EXISTS decisions (
    decision_id INTEGER PRIMARY KEY DEFAULT nextval('decision_ids'),
    record_a VARCHAR NOT NULL,          -- the pair, smaller record_id first
    record_b VARCHAR NOT NULL,
    decision VARCHAR NOT NULL CHECK (decision IN ('link', 'split')),
    who VARCHAR NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL,
    note VARCHAR,
    run VARCHAR                         -- the run folder the reviewer was looking at
);
"""
# The decision in force for each pair: its latest one.
IN_FORCE = """
SELECT * FROM decisions
QUALIFY row_number() OVER (PARTITION BY record_a, record_b ORDER BY decision_id DESC) = 1
"""


class StoreError(LinkageError):
    """The decision store cannot be read or written, or a decision makes no sense."""


@dataclass(frozen=True)
class Decision:
    decision_id: int
    record_a: str
    record_b: str
    decision: str
    who: str
    decided_at: datetime.datetime
    note: str | None
    run: str | None
    in_force: bool = True


@contextmanager
def _open(store: Path, read_only: bool = False):
    """Open the store, yield the connection, always close it (DuckDB holds a file lock)."""
    store = Path(store)
    if read_only and not store.exists():
        raise StoreError(f"{store}: no decision store here (record a decision with `linkage review`)")
    try:
        con = duckdb.connect(str(store), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"{store}: cannot open the decision store ({exc})") from exc
    try:
        if not read_only:
            con.execute(SCHEMA)
        yield con
    finally:
        con.close()


def _who(who: str | None) -> str:
    if who:
        return who
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(store: Path, decision: str, a: str, b: str, note: str | None = None,
           who: str | None = None, run: str | None = None) -> Decision:
    """Write one decision in its own transaction; returns it with its new id."""
    if decision not in KINDS:
        raise StoreError(f"unknown decision {decision!r} (expected link or split)")
    a, b = str(a).strip(), str(b).strip()
    if not a or not b or a == b:
        raise StoreError(f"a decision needs two different record ids, got {a!r} and {b!r}")
    a, b = sorted((a, b))
    now = datetime.datetime.now(datetime.UTC)
    with _open(store) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            (decision_id,) = con.execute(
                """INSERT INTO decisions (record_a, record_b, decision, who, decided_at, note, run)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING decision_id""",
                [a, b, decision, _who(who), now, note, run]).fetchone()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        contradictions = _contradictions(_rows(con, IN_FORCE))
    for x, y in contradictions:
        warnings.warn(f"decisions disagree: {x} and {y} are split, but links join them "
                      "(directly or through other records); in clustering the links win")
    return Decision(decision_id, a, b, decision, _who(who), now, note, run)


def _rows(con, sql: str) -> list[tuple]:
    return con.execute(
        f"SELECT decision_id, record_a, record_b, decision, who, decided_at, note, run "
        f"FROM ({sql}) ORDER BY decision_id").fetchall()


def decisions(store: Path, include_superseded: bool = True) -> list[Decision]:
    """Every decision in the store, oldest first, each marked in force or superseded."""
    if not Path(store).exists():
        return []
    with _open(store, read_only=True) as con:
        if not _has_table(con):
            return []
        current = {r[0] for r in _rows(con, IN_FORCE)}
        rows = _rows(con, "SELECT * FROM decisions")
    found = [Decision(*r, in_force=r[0] in current) for r in rows]
    return found if include_superseded else [d for d in found if d.in_force]


def _has_table(con) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'decisions'"))


def decisions_for_run(store: Path, ids=None) -> dict:
    """Decisions as dedupe's RunOptions fields (must_link, cannot_link, decisions_used): those in
    force, or with `ids` the ones a past run used (as its manifest lists them), superseded or not."""
    if ids is None:
        chosen = decisions(store, include_superseded=False)
    else:
        wanted = set(ids)
        chosen = [d for d in decisions(store) if d.decision_id in wanted]
        missing = wanted - {d.decision_id for d in chosen}
        if missing:
            raise StoreError(f"{store}: decisions {sorted(missing)} used by the run are not in this store")
    return {
        "must_link": tuple((d.record_a, d.record_b) for d in chosen if d.decision == "link"),
        "cannot_link": tuple((d.record_a, d.record_b) for d in chosen if d.decision == "split"),
        "decisions_used": tuple(d.decision_id for d in chosen),
    }


def _contradictions(rows: list[tuple]) -> list[tuple]:
    """Split pairs whose two records the links (taken transitively) put in one group."""
    links = [(a, b) for _id, a, b, kind, *_ in rows if kind == "link"]
    group = with_must_links({x: x for _id, a, b, *_ in rows for x in (a, b)}, links)
    return [(a, b) for _id, a, b, kind, *_ in rows if kind == "split" and group[a] == group[b]]


def known_records(run: Path | Run) -> set[str]:
    """The record ids of a run folder (from clusters.csv), to check a decision names real records;
    an open Run reads them once (a workbench checks decision after decision: 5 s a read at 1M)."""
    found = run if isinstance(run, Run) else Run(run)
    if not found.has(schema.CLUSTERS):
        raise StoreError(f"{found.path}: not a run folder (no {schema.CLUSTERS})")
    return found.once("known_records", lambda: set(found.clusters()["record_id"]))


def run_decisions(run: Run, store: Path | None) -> tuple[list, list]:
    """The reviewer decisions a saved run used, as unique_id pairs (must-link, cannot-link)."""
    used = run.manifest.get("decisions_used") or []
    if not used:
        return [], []
    if store is None or not Path(store).exists():
        warnings.warn(f"the run used reviewer decisions {used}, but the store {store} is missing: "
                      "sweeping without them")
        return [], []
    chosen = decisions_for_run(store, used)
    ids = {r: u for u, r in run.record_ids().items()}
    return as_unique_ids(chosen["must_link"], ids), as_unique_ids(chosen["cannot_link"], ids)


def as_unique_ids(pairs, ids: dict) -> list[tuple[int, int]]:
    """Decision pairs (record ids) as unique_id pairs; ids absent from this input are skipped
    (a decision belongs to the mentions it names, not to another list)."""
    return [(ids[a], ids[b]) for a, b in pairs if a in ids and b in ids]


def check_pair(run: Path | Run, a: str, b: str) -> None:
    """Refuse a decision on records the run (a folder, or a Run kept open) does not know (a typo
    in an id would never apply)."""
    known = known_records(run)
    unknown = [x for x in (a, b) if x not in known]
    if unknown:
        path = run.path if isinstance(run, Run) else run
        raise StoreError(f"{path}: no record {', '.join(map(repr, unknown))} in this run")


def decisions_table(found: list[Decision]):
    """The decisions as a rich table, superseded ones dimmed."""
    from rich.table import Table

    table = Table(title=f"{len(found)} decision(s) in the store", title_justify="left")
    for column in ("id", "decision", "record A", "record B", "who", "when (UTC)", "note", "status"):
        table.add_column(column, no_wrap=column.startswith("when"))
    for d in found:
        table.add_row(str(d.decision_id), d.decision, d.record_a, d.record_b, d.who,
                      d.decided_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
                      d.note or "", "in force" if d.in_force else "superseded",
                      style=None if d.in_force else "dim")
    return table


# ---- "reviewed": a reviewer has looked at an individual and let it stand ---------------------

REVIEWED_SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS review_ids START 1;
CREATE TABLE IF NOT EXISTS reviewed (
    review_id INTEGER PRIMARY KEY DEFAULT nextval('review_ids'),
    cluster_id VARCHAR NOT NULL,        -- the individual as the run named it
    records VARCHAR NOT NULL,           -- its record_ids, sorted, joined by ';'
    who VARCHAR NOT NULL,
    reviewed_at TIMESTAMPTZ NOT NULL,
    note VARCHAR,
    run VARCHAR
);
"""


@dataclass(frozen=True)
class Review:
    """An individual marked reviewed: it holds for exactly these records (a later run that adds or
    drops one shows the individual as not reviewed again)."""

    review_id: int
    cluster_id: str
    records: tuple[str, ...]
    who: str
    reviewed_at: datetime.datetime
    note: str | None
    run: str | None


def mark_reviewed(store: Path, cluster_id: str, record_ids, note: str | None = None,
                  who: str | None = None, run: str | None = None) -> Review:
    """Record that a reviewer checked this individual (its records as they are) and let it stand."""
    records = tuple(sorted({str(r).strip() for r in record_ids if str(r).strip()}))
    if not records:
        raise StoreError(f"individual {cluster_id!r}: no records to mark reviewed")
    now = datetime.datetime.now(datetime.UTC)
    with _open(store) as con:
        con.execute(REVIEWED_SCHEMA)
        (review_id,) = con.execute(
            """INSERT INTO reviewed (cluster_id, records, who, reviewed_at, note, run)
            VALUES (?, ?, ?, ?, ?, ?) RETURNING review_id""",
            [cluster_id, ";".join(records), _who(who), now, note, run]).fetchone()
    return Review(review_id, cluster_id, records, _who(who), now, note, run)


def reviews(store: Path) -> list[Review]:
    """Every review in the store, oldest first."""
    if not Path(store).exists():
        return []
    with _open(store, read_only=True) as con:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'reviewed'").fetchall()[0][0]:
            return []
        rows = con.execute("""SELECT review_id, cluster_id, records, who, reviewed_at, note, run
            FROM reviewed ORDER BY review_id""").fetchall()
    return [Review(i, c, tuple(r.split(";")), w, at, n, run) for i, c, r, w, at, n, run in rows]
