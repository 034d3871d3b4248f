"""Reviewer decisions: "these two are one person" (link) or "these two are not" (split).

Reads and writes the table `decisions` in a DuckDB file, the project's store (default
linkage.duckdb). Every decision is kept with who, when and why; the latest decision on a pair
supersedes the earlier ones. Each decision keeps a fingerprint of the two mentions the reviewer
saw (fingerprint.py): `applicable` applies it to a list only where both ids hold those same
mentions, and says which decisions it skipped and why. A store written before fingerprints is
migrated on its next write: each old decision takes them from the run folder it was made on.
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
from linkage.fingerprint import fingerprints
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
    run VARCHAR,                        -- the run folder the reviewer was looking at
    fingerprint_a VARCHAR,              -- the two mentions as the reviewer saw them
    fingerprint_b VARCHAR
);
ALTER TABLE decisions ADD COLUMN IF NOT EXISTS fingerprint_a VARCHAR;
ALTER TABLE decisions ADD COLUMN IF NOT EXISTS fingerprint_b VARCHAR;
"""
COLUMNS = ("decision_id", "record_a", "record_b", "decision", "who", "decided_at", "note", "run")
FINGERPRINTS = ("fingerprint_a", "fingerprint_b")


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
    fingerprint_a: str | None = None
    fingerprint_b: str | None = None
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
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{store}: cannot open the decision store ({first})") from exc
    try:
        _check_schema(con, store)
        if not read_only:
            con.execute(SCHEMA)
            _migrate(con)
        yield con
    finally:
        con.close()


def _check_schema(con, store: Path) -> None:
    """Refuse a DuckDB file that is not a decision store: never read half of it or write into it."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not tables:
        return
    if "decisions" not in tables:
        raise StoreError(f"{store}: a DuckDB file but not a linkage decision store (its tables: "
                         f"{', '.join(sorted(tables)[:5])}); give another --store")
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'decisions'").fetchall()}
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise StoreError(f"{store}: its table 'decisions' is not a linkage decision store's "
                         f"(no column {', '.join(missing)}); give another --store")


def _migrate(con) -> None:
    """Old decisions (no fingerprints) take them from the run folder they were made on, if it is there."""
    old = con.execute("SELECT decision_id, record_a, record_b, run FROM decisions "
                      "WHERE fingerprint_a IS NULL AND run IS NOT NULL").fetchall()
    for decision_id, a, b, run in old:
        found = fingerprints_in_run(Path(run), (a, b))
        if a in found and b in found:
            con.execute("UPDATE decisions SET fingerprint_a = ?, fingerprint_b = ? WHERE decision_id = ?",
                        [found[a], found[b], decision_id])


def _who(who: str | None) -> str:
    if who:
        return who
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(store: Path, decision: str, a: str, b: str, note: str | None = None,
           who: str | None = None, run: str | None = None,
           fingerprints: dict[str, str] | None = None) -> Decision:
    """Write one decision in its own transaction; returns it with its new id.

    `fingerprints` (record_id → fingerprint, from check_pair) pins the decision to the two
    mentions the reviewer saw; without them it applies nowhere until a run folder supplies them.
    """
    if decision not in KINDS:
        raise StoreError(f"unknown decision {decision!r} (expected link or split)")
    a, b = str(a).strip(), str(b).strip()
    if not a or not b or a == b:
        raise StoreError(f"a decision needs two different record ids, got {a!r} and {b!r}")
    a, b = sorted((a, b))
    fa, fb = ((fingerprints or {}).get(x) for x in (a, b))
    now = datetime.datetime.now(datetime.UTC)
    with _open(store) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            (decision_id,) = con.execute(
                """INSERT INTO decisions (record_a, record_b, decision, who, decided_at, note, run,
                fingerprint_a, fingerprint_b) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING decision_id""",
                [a, b, decision, _who(who), now, note, run, fa, fb]).fetchone()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        contradictions = _contradictions(_rows(con, in_force_only=True))
    for x, y in contradictions:
        warnings.warn(f"decisions disagree: {x} and {y} are split, but links join them "
                      "(directly or through other records); in clustering the links win")
    return Decision(decision_id, a, b, decision, _who(who), now, note, run, fa, fb)


def _rows(con, in_force_only: bool = False) -> list[tuple]:
    """The decisions as tuples in Decision's field order; with in_force_only, the latest on each
    pair of mentions (ids and fingerprints) only. Reads a store not yet migrated as well."""
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'decisions'").fetchall()}
    pinned = all(c in have for c in FINGERPRINTS)
    prints = FINGERPRINTS if pinned else tuple(f"NULL AS {c}" for c in FINGERPRINTS)
    keys = "record_a, record_b" + (", coalesce(fingerprint_a, ''), coalesce(fingerprint_b, '')"
                                   if pinned else "")
    latest = (f" QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY decision_id DESC) = 1"
              if in_force_only else "")
    return con.execute(f"SELECT {', '.join(COLUMNS + prints)} FROM decisions{latest} "
                       "ORDER BY decision_id").fetchall()


def decisions(store: Path, include_superseded: bool = True) -> list[Decision]:
    """Every decision in the store, oldest first, each marked in force or superseded."""
    if not Path(store).exists():
        return []
    with _open(store, read_only=True) as con:
        if not _has_table(con):
            return []
        current = {r[0] for r in _rows(con, in_force_only=True)}
        rows = _rows(con)
    found = [Decision(*r, in_force=r[0] in current) for r in rows]
    return found if include_superseded else [d for d in found if d.in_force]


def _has_table(con) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'decisions'"))


def decisions_for_run(store: Path, ids=None) -> dict:
    """Decisions as dedupe's RunOptions field `decisions` (each applied where the list holds the
    mentions it names, see `applicable`): those in force, or with `ids` the ones a past run used
    (as its manifest lists them), superseded or not."""
    if ids is None:
        return {"decisions": tuple(decisions(store, include_superseded=False))}
    wanted = set(ids)
    chosen = [d for d in decisions(store) if d.decision_id in wanted]
    missing = wanted - {d.decision_id for d in chosen}
    if missing:
        raise StoreError(f"{store}: decisions {sorted(missing)} used by the run are not in this store")
    return {"decisions": tuple(chosen)}


@dataclass(frozen=True)
class Applicable:
    """The decisions that hold for one list, and those skipped, by reason (decision ids)."""

    must_link: tuple = ()          # (record_id, record_id) pairs
    cannot_link: tuple = ()
    used: tuple = ()
    absent: tuple = ()             # a record is not in this list
    changed: tuple = ()            # a record's fields differ from what the reviewer saw
    unpinned: tuple = ()           # made without fingerprints and its run folder is gone

    @property
    def skipped(self) -> int:
        return len(self.absent) + len(self.changed) + len(self.unpinned)


def applicable(con: duckdb.DuckDBPyConnection, relation: str, found: tuple) -> Applicable:
    """Which decisions apply to the mentions in `relation`: both ids present with the fingerprints
    the reviewer saw. A decision without fingerprints takes them from its run folder."""
    here = fingerprints(con, relation, {x for d in found for x in (d.record_a, d.record_b)})
    buckets: dict[str, list] = {"used": [], "absent": [], "changed": [], "unpinned": []}
    links, splits = [], []
    for d in found:
        pinned = (d.fingerprint_a, d.fingerprint_b)
        if d.record_a not in here or d.record_b not in here:
            buckets["absent"].append(d.decision_id)
            continue
        if None in pinned and d.run:
            seen = fingerprints_in_run(Path(d.run), (d.record_a, d.record_b))
            pinned = (seen.get(d.record_a), seen.get(d.record_b))
        if None in pinned:
            buckets["unpinned"].append(d.decision_id)
        elif pinned != (here[d.record_a], here[d.record_b]):
            buckets["changed"].append(d.decision_id)
        else:
            buckets["used"].append(d.decision_id)
            (links if d.decision == "link" else splits).append((d.record_a, d.record_b))
    return Applicable(tuple(links), tuple(splits), **{k: tuple(v) for k, v in buckets.items()})


def fingerprints_in_run(run: Path | Run, ids) -> dict[str, str]:
    """Fingerprints of `ids` as a run folder's mentions.parquet holds them ({} without the file);
    an open Run (a workbench's) is read and left open."""
    if not isinstance(run, Run):
        with Run(run) as found:
            return fingerprints_in_run(found, ids)
    if not run.has(schema.MENTIONS):
        return {}
    try:
        return fingerprints(run.con, "mentions", ids)
    except duckdb.Error:
        return {}


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
    """The reviewer decisions a saved run used, as unique_id pairs (must-link, cannot-link).

    Each is checked again against the run's own mentions (fingerprints): a store given for
    another list, whose decision ids mean other pairs, adds nothing; those skipped are named in
    one warning. A run folder without mentions.parquet (older runs) is taken at its word.
    """
    used = run.manifest.get("decisions_used") or []
    if not used:
        return [], []
    if store is None or not Path(store).exists():
        warnings.warn(f"the run used reviewer decisions {used}, but the store {store} is missing: "
                      "sweeping without them")
        return [], []
    chosen = decisions_for_run(store, used)["decisions"]
    if run.has(schema.MENTIONS):
        held = applicable(run.con, "mentions", chosen)
        if held.skipped:
            warnings.warn(f"{store}: decisions {sorted(held.absent + held.changed + held.unpinned)} "
                          f"do not name the mentions of {run.path}; left out")
        must, cannot = held.must_link, held.cannot_link
    else:
        must = tuple((d.record_a, d.record_b) for d in chosen if d.decision == "link")
        cannot = tuple((d.record_a, d.record_b) for d in chosen if d.decision == "split")
    ids = {r: u for u, r in run.record_ids().items()}
    return as_unique_ids(must, ids), as_unique_ids(cannot, ids)


def as_unique_ids(pairs, ids: dict) -> list[tuple[int, int]]:
    """Decision pairs (record ids) as unique_id pairs; ids absent from this input are skipped
    (a decision belongs to the mentions it names, not to another list)."""
    return [(ids[a], ids[b]) for a, b in pairs if a in ids and b in ids]


def check_pair(run: Path | Run, a: str, b: str) -> dict[str, str]:
    """Refuse a decision on records the run (a folder, or a Run kept open) does not know (a typo
    in an id would never apply); return the two mentions' fingerprints as the run read them."""
    path = run.path if isinstance(run, Run) else run
    known = known_records(run)
    unknown = [x for x in (a, b) if x not in known]
    if unknown:
        raise StoreError(f"{path}: no record {', '.join(map(repr, unknown))} in this run")
    found = fingerprints_in_run(run, (a, b))
    if a not in found or b not in found:
        raise StoreError(f"{path}: no {schema.MENTIONS} with records {a!r} and {b!r}: rerun "
                         "`linkage dedupe` so the decision can name the mentions you saw")
    return found


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
