"""A mention's fingerprint: a hash of its contract fields as read, so a reviewer's decision names
the two mentions the reviewer saw, not whatever later carries the same record ids.

Every generated list numbers its mentions m0000001…, and real lists reuse ids as well: a
decision keyed by ids alone would merge strangers in the next list. The fingerprint covers the
contract columns (trimmed, as ingest accepts them; a missing column and a blank value are the
same), not the carried-through extras, so a new column or a note in one does not orphan a decision.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from linkage.database import quote_ident
from linkage.schema import CONTRACT

# 16 hex digits (64 bits) of SHA-256: collisions among a store's few thousand decisions are
# out of reach, and the store stays readable.
DIGITS = 16


def fingerprint_sql(columns) -> str:
    """SQL for the fingerprint of a row of a relation with some of the contract columns."""
    present = set(columns)
    parts = [f"coalesce(CAST({quote_ident(c)} AS VARCHAR), '')" if c in present else "''"
             for c in CONTRACT]
    return f"left(sha256(concat_ws(chr(31), {', '.join(parts)})), {DIGITS})"


def fingerprints(con: duckdb.DuckDBPyConnection, relation: str, ids) -> dict[str, str]:
    """record_id → fingerprint for those of `ids` found in `relation` (a table or a reader call)."""
    wanted = sorted({str(i) for i in ids})
    if not wanted:
        return {}
    columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
    con.register("fingerprint_ids", pa.table({"record_id": wanted}))
    try:
        rows = con.execute(f"SELECT m.record_id, {fingerprint_sql(columns)} FROM {relation} m "
                           "JOIN fingerprint_ids USING (record_id)").fetchall()
    finally:
        con.unregister("fingerprint_ids")
    return dict(rows)
