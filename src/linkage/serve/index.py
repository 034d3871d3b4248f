"""The workbench's start-up indexes: DuckDB tables over one run folder, built once.

Reads an opened runs.Run's clusters, individuals, cluster quality, features, refusals,
households and family graph (file names from schema.py); writes nothing. Every page is then a query over small sorted
tables (a 1M-mention run answers a queue page or a search in milliseconds), never pandas over the
whole run. One connection, guarded by a lock: Starlette runs sync handlers in a thread pool.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from linkage import schema
from linkage.database import file_literal
from linkage.runs import Run
from linkage.serve.graph import read_links
from linkage.serve.names import query_keys

PAGE = 50
SEARCH_LIMIT = 50
# A token with no exact key falls back to keys this similar (Jaro-Winkler, DuckDB's own): one
# typo in a name of six letters or more scores above it; two different short names seldom do.
FUZZY = 0.9
NAME = ("surname", "first_name", "patronymic", "surname_latin", "first_name_latin",
        "patronymic_latin")
QUEUE_SORTS = {
    "weakest": "min_match_weight", "mentions": "size", "refused": "refused_merges",
    "mean": "mean_match_weight", "name": "surname_latin", "pairs": "scored_pairs",
    "change": "change",
}
# What the pages cannot work without, beyond what an audit needs (runs.COMPLETE).
REQUIRED = (schema.CLUSTERS, schema.INDIVIDUALS, schema.CLUSTER_QUALITY, schema.FEATURES)


@dataclass
class RunIndex:
    """The tables a workbench page reads; `query` runs SQL under the lock and returns dict rows."""

    path: Path
    con: duckdb.DuckDBPyConnection
    previous: Path | None = None     # an earlier run of the list, to mark what changed since
    queue_size: int = 0
    changed: int = 0
    regions: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def query(self, sql: str, params=None) -> list[dict]:
        with self.lock:
            cursor = self.con.execute(sql, params or [])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    @contextmanager
    def locked(self):
        with self.lock:
            yield self.con

    def close(self) -> None:
        self.con.close()

    # ---- the audit queue -------------------------------------------------------------------

    def queue(self, sort: str = "weakest", descending: bool = False, page: int = 0) -> list[dict]:
        """One page of multi-mention individuals, weakest first unless sorted otherwise."""
        column = QUEUE_SORTS.get(sort, QUEUE_SORTS["weakest"])
        order = "DESC" if descending else "ASC"
        return self.query(
            f"""SELECT * FROM queue ORDER BY {column} {order} NULLS LAST, cluster_id
            LIMIT {PAGE} OFFSET ?""", [max(page, 0) * PAGE])

    # ---- search --------------------------------------------------------------------------------

    def search(self, text: str) -> list[dict]:
        """Individuals whose mentions carry every token of `text` under some spelling: each token's
        name keys (the engine's own) are looked up exactly, then, for a token none matches, among
        keys within one typo (FUZZY). Most-mentioned first."""
        tokens = query_keys(text)
        if not tokens:
            return []
        wanted = []
        for position, keys in enumerate(tokens):
            found = self.query("SELECT DISTINCT key FROM name_keys WHERE key IN (SELECT unnest(?))",
                               [list(keys)])
            if not found:
                found = self.query(
                    """SELECT key FROM distinct_keys WHERE length(key) >= 4
                    AND jaro_winkler_similarity(key, ?) >= ? ORDER BY 1""", [max(keys, key=len), FUZZY])
            wanted += [(position, row["key"]) for row in found]
        if not wanted:
            return []
        ids = [r["cluster_id"] for r in self.query(
            f"""WITH q AS (SELECT unnest(?) AS position, unnest(?) AS key),
            hits AS (SELECT n.cluster_id FROM name_keys n JOIN q USING (key)
                     GROUP BY n.cluster_id HAVING count(DISTINCT q.position) = ?)
            SELECT s.cluster_id FROM sizes s JOIN hits USING (cluster_id)
            ORDER BY s.n_mentions DESC, s.cluster_id LIMIT {SEARCH_LIMIT}""",
            [[p for p, _ in wanted], [k for _, k in wanted], len(tokens)])]
        return self.individuals(ids)

    def individuals(self, cluster_ids: list[str]) -> list[dict]:
        """These individuals' rows, in the order given (an index look-up: a constant IN list)."""
        if not cluster_ids:
            return []
        rows = self.query(f"SELECT * FROM individuals WHERE cluster_id IN ({', '.join('?' * len(cluster_ids))})",
                          list(cluster_ids))
        order = {c: i for i, c in enumerate(cluster_ids)}
        return sorted(rows, key=lambda r: order[r["cluster_id"]])

    # ---- individuals, households, family links ---------------------------------------------------

    def individual(self, cluster_id: str) -> dict | None:
        rows = self.query("SELECT * FROM individuals WHERE cluster_id = ?", [cluster_id])
        return rows[0] if rows else None

    def cluster_of(self, record_id: str) -> str | None:
        rows = self.query("SELECT cluster_id FROM clusters WHERE record_id = ?", [record_id])
        return rows[0]["cluster_id"] if rows else None

    def records_of(self, cluster_id: str) -> list[str]:
        return [r["record_id"] for r in self.query(
            "SELECT record_id FROM clusters WHERE cluster_id = ? ORDER BY record_id", [cluster_id])]

    def records_for(self, cluster_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """cluster_id → its record_ids (sorted), for many individuals in one query."""
        rows = self.query("""SELECT cluster_id, list(record_id ORDER BY record_id) AS records FROM clusters
            WHERE cluster_id IN (SELECT unnest(?)) GROUP BY cluster_id""", [list(cluster_ids)])
        return {r["cluster_id"]: tuple(r["records"]) for r in rows}

    def refused_for(self, record_ids: list[str]) -> list[dict]:
        """The clustering's refusals (refused.csv) touching these records, with the other side's
        individual."""
        return self.query(
            """SELECT r.record_id_l, r.record_id_r, r.reason, cl.cluster_id AS cluster_l,
                      cr.cluster_id AS cluster_r
            FROM refused r JOIN clusters cl ON cl.record_id = r.record_id_l
            JOIN clusters cr ON cr.record_id = r.record_id_r
            WHERE r.record_id_l IN (SELECT unnest(?)) OR r.record_id_r IN (SELECT unnest(?))
            ORDER BY 1, 2""", [record_ids, record_ids])

    def links_of(self, cluster_id: str) -> list[dict]:
        return self.query(
            f"""SELECT l.*, {', '.join(f'i.{c}' for c in NAME)}, i.birth_date, i.death_date
            FROM links l JOIN individuals i ON i.cluster_id = l.other
            WHERE l.individual = ? ORDER BY l.confidence DESC""", [cluster_id])

    def household_of(self, cluster_id: str) -> str | None:
        rows = self.query("SELECT household_id FROM households WHERE individual = ?", [cluster_id])
        return rows[0]["household_id"] if rows else None

    def households(self, region: str | None = None, page: int = 0) -> tuple[int, list[dict]]:
        """One page of multi-loss households, largest first, optionally in one region."""
        where, params = ("WHERE list_contains(regions, ?)", [region]) if region else ("", [])
        total = self.query(f"SELECT count(*) AS n FROM household_list {where}", params)[0]["n"]
        rows = self.query(
            f"""SELECT * FROM household_list {where} ORDER BY size DESC, household_id
            LIMIT {PAGE} OFFSET ?""", params + [max(page, 0) * PAGE])
        return total, rows

    def household(self, household_id: str) -> tuple[list[dict], list[dict]]:
        """A household's members (with their roles) and the family links between them."""
        members = self.query(
            f"""SELECT h.individual AS cluster_id, h.relation, {', '.join(f'i.{c}' for c in NAME)},
                   i.birth_date, i.death_date, i.region_canonical, i.n_mentions
            FROM households h JOIN individuals i ON i.cluster_id = h.individual
            WHERE h.household_id = ? ORDER BY i.birth_date NULLS LAST, h.individual""", [household_id])
        links = self.query(
            """SELECT l.*, concat_ws(' ', a.surname, a.first_name) AS name,
                   concat_ws(' ', b.surname, b.first_name) AS other_name
            FROM links l JOIN individuals a ON a.cluster_id = l.individual
            JOIN individuals b ON b.cluster_id = l.other
            WHERE l.individual IN (SELECT individual FROM households WHERE household_id = ?)
              AND l.individual < l.other
            ORDER BY l.individual, l.other""", [household_id])
        return members, links


def _csv(run: Run, name: str) -> str:
    return f"read_csv({file_literal(run.file(name))}, header=true, all_varchar=true)"


def build_index(run: Run, previous: Run | None = None) -> RunIndex:
    """Build every table the pages read from the opened run (seconds at 1M mentions), in a
    connection of the index's own (pages then never wait for an audit on the run's).
    `previous`: an earlier run of the same list; individuals whose mentions it grouped otherwise
    are marked merged, split or new, and join the queue."""
    con = duckdb.connect()
    con.execute("SET threads = 2")
    try:
        index = RunIndex(run.path, con, previous.path if previous else None)
        _tables(con, run, previous)
        index.queue_size = con.execute("SELECT count(*) FROM queue").fetchall()[0][0]
        index.changed = con.execute("SELECT count(*) FROM changes").fetchall()[0][0]
        index.regions = [r[0] for r in con.execute(
            "SELECT DISTINCT unnest(regions) FROM household_list ORDER BY 1").fetchall() if r[0]]
        return index
    except BaseException:
        con.close()
        raise


def _tables(con, run: Run, previous: Run | None) -> None:
    con.execute(f"CREATE TABLE clusters AS SELECT record_id, cluster_id FROM {_csv(run, schema.CLUSTERS)}")
    _changes(con, previous)
    con.execute(f"""CREATE TABLE individuals AS SELECT * REPLACE (CAST(n_mentions AS INTEGER) AS n_mentions)
        FROM {_csv(run, schema.INDIVIDUALS)}""")
    # Look-ups by id go through ART indexes; a search ranks its hits on the slim `sizes` table
    # and then fetches 50 rows (a join against all of `individuals` scanned it whole: 20 ms at 245k).
    con.execute("CREATE UNIQUE INDEX individuals_id ON individuals (cluster_id)")
    con.execute("CREATE TABLE sizes AS SELECT cluster_id, n_mentions FROM individuals")
    con.execute("CREATE INDEX clusters_record ON clusters (record_id)")
    con.execute("CREATE INDEX clusters_cluster ON clusters (cluster_id)")
    con.execute(f"""CREATE TABLE queue AS
        SELECT q.cluster_id, CAST(q.size AS INTEGER) AS size, CAST(q.scored_pairs AS INTEGER) AS scored_pairs,
               CAST(q.min_match_weight AS DOUBLE) AS min_match_weight,
               CAST(q.mean_match_weight AS DOUBLE) AS mean_match_weight, q.weakest_pair,
               CAST(q.refused_merges AS INTEGER) AS refused_merges,
               {', '.join(f'i.{c}' for c in NAME)}, i.birth_date, i.death_date, i.region_canonical,
               ch.change
        FROM {_csv(run, schema.CLUSTER_QUALITY)} q JOIN individuals i USING (cluster_id)
        LEFT JOIN changes ch USING (cluster_id)
        WHERE CAST(q.size AS INTEGER) > 1 OR ch.change IS NOT NULL""")
    # Every name key of every mention, sorted by key so a lookup reads a few row groups only.
    con.execute(f"""CREATE TABLE name_keys AS SELECT DISTINCT key, cluster_id FROM (
            SELECT c.cluster_id, unnest([f.first_key, f.first_root, f.surname_key, f.surname_stem,
                                         f.patronymic_key]) AS key
            FROM read_parquet({file_literal(run.file(schema.FEATURES))}) f JOIN clusters c USING (record_id))
        WHERE key IS NOT NULL AND key <> '' ORDER BY key""")
    con.execute("CREATE TABLE distinct_keys AS SELECT DISTINCT key FROM name_keys")
    con.execute(f"CREATE TABLE refused AS SELECT * FROM {_csv(run, schema.REFUSED)}" if run.has(schema.REFUSED) else
                "CREATE TABLE refused (record_id_l VARCHAR, record_id_r VARCHAR, reason VARCHAR)")
    _family_tables(con, run)


def _changes(con, previous: Run | None) -> None:
    """Table changes: per individual whose mentions the previous run grouped otherwise, how:
    'merged' (its mentions were in several individuals), 'split' (its previous individual's
    mentions are now in several), 'new' (no mention of it was in the previous run)."""
    if previous is None:
        con.execute("CREATE TABLE changes (cluster_id VARCHAR, change VARCHAR)")
        return
    con.execute(f"""CREATE TABLE changes AS
        WITH j AS (SELECT c.cluster_id, p.cluster_id AS before FROM clusters c
                   LEFT JOIN {_csv(previous, schema.CLUSTERS)} p USING (record_id)),
        merged AS (SELECT cluster_id FROM j WHERE before IS NOT NULL GROUP BY cluster_id
                   HAVING count(DISTINCT before) > 1),
        parted AS (SELECT before FROM j WHERE before IS NOT NULL GROUP BY before
                   HAVING count(DISTINCT cluster_id) > 1),
        split AS (SELECT DISTINCT cluster_id FROM j JOIN parted USING (before)),
        new AS (SELECT cluster_id FROM j GROUP BY cluster_id HAVING bool_and(before IS NULL)),
        flags AS (SELECT cluster_id, 'merged' AS change FROM merged UNION ALL
                  SELECT cluster_id, 'split' FROM split UNION ALL SELECT cluster_id, 'new' FROM new)
        SELECT cluster_id, string_agg(change, '+' ORDER BY change) AS change FROM flags GROUP BY cluster_id""")


def _family_tables(con, run: Run) -> None:
    """households (one row per member) and links (both directions), and household_list: one
    row per household with its members' names, roles, regions and weakest link."""
    con.execute(f"CREATE TABLE households AS SELECT * FROM {_csv(run, schema.HOUSEHOLDS)}"
                if run.has(schema.HOUSEHOLDS) else
                """CREATE TABLE households (household_id VARCHAR, individual VARCHAR, relation VARCHAR,
                   size VARCHAR)""")
    links = read_links(run.file(schema.FAMILY_GRAPH))
    con.execute("""CREATE TABLE links (individual VARCHAR, other VARCHAR, relation VARCHAR,
        role VARCHAR, confidence DOUBLE, evidence VARCHAR)""")
    if links:
        rows = [(a, b, rel, role, conf, ev) for a, b, rel, (role_a, role_b), conf, ev in links
                for a, b, role in ((a, b, role_a), (b, a, role_b))]
        _insert_arrow(con, rows)
    con.execute("""CREATE TABLE household_list AS
        WITH weakest AS (SELECT h.household_id, min(l.confidence) AS weakest_confidence
                         FROM links l JOIN households h ON h.individual = l.individual GROUP BY 1)
        SELECT h.household_id, CAST(any_value(h.size) AS INTEGER) AS size,
               string_agg(concat_ws(' ', i.surname, i.first_name, i.patronymic) || ' (' || h.relation || ')',
                          '; ' ORDER BY i.birth_date NULLS LAST, h.individual) AS members,
               string_agg(concat_ws(' ', i.surname_latin, i.first_name_latin), '; '
                          ORDER BY i.birth_date NULLS LAST, h.individual) AS members_latin,
               -- a household none of whose members names a region has no regions, not NULL
               coalesce(list_distinct(list(i.region_canonical) FILTER (WHERE i.region_canonical IS NOT NULL)),
                        []::VARCHAR[]) AS regions,
               any_value(w.weakest_confidence) AS weakest_confidence
        FROM households h JOIN individuals i ON i.cluster_id = h.individual
        LEFT JOIN weakest w USING (household_id)
        GROUP BY h.household_id""")


def _insert_arrow(con, rows: list[tuple]) -> None:
    import pyarrow as pa

    columns = list(zip(*rows))
    table = pa.table({name: list(col) for name, col in zip(
        ("individual", "other", "relation", "role", "confidence", "evidence"), columns)})
    con.register("links_in", table)
    con.execute("INSERT INTO links SELECT * FROM links_in")
    con.unregister("links_in")
