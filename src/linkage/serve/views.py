"""What an individual's page shows, computed from an audit: mentions side by side with their
differences marked, and the pairwise match weights as a matrix. Pure functions over the
ClusterAudit's DataFrames; the templates escape every value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from linkage.audit.reading import AS_PRINTED, NORMALISED

SKIP = {"record_id", "_row", "source_row", "unique_id"}


@dataclass(frozen=True)
class Cell:
    text: str
    mark: str = ""          # "": agrees; "vary": printed differently; "diff": differs once normalised


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def side_by_side(records: pd.DataFrame) -> list[tuple[str, list[Cell]]]:
    """(field label, one cell per mention) for every field some mention has: as printed, then the
    engine's normalised keys (·). A cell is marked when it differs from the commonest value of its
    row: 'diff' for a normalised key (the engine sees a difference), 'vary' for printed text
    (spelt differently, perhaps the same once normalised)."""
    rows = []
    printed = [c for c in records.columns if c not in SKIP and not c.startswith("norm_")]
    order = [c for c in AS_PRINTED if c in printed] + [c for c in printed if c not in AS_PRINTED]
    order += [f"norm_{c}" for c in NORMALISED if f"norm_{c}" in records.columns]
    for column in order:
        values = [_text(v) for v in records[column]]
        if not any(values):
            continue
        common = Counter(v for v in values if v).most_common(1)[0][0]
        kind = "diff" if column.startswith("norm_") else "vary"
        cells = [Cell(v, kind if v != common and len(values) > 1 else "") for v in values]
        label = f"· {column[5:]}" if column.startswith("norm_") else column
        rows.append((label, cells))
    return rows


def weight_matrix(record_ids: list[str], edges: pd.DataFrame) -> list[tuple[str, list[float | None]]]:
    """(record_id, the match weight to each record in order; None when the run kept no score)."""
    weight = {}
    for a, b, w in zip(edges.record_id_l, edges.record_id_r, edges.match_weight):
        weight[a, b] = weight[b, a] = float(w)
    return [(a, [weight.get((a, b)) for b in record_ids]) for a in record_ids]


def scored_pairs(edges: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(record, record, match weight) for each scored pair inside, weakest first."""
    pairs = sorted((float(w), *sorted((a, b))) for a, b, w in
                   zip(edges.record_id_l, edges.record_id_r, edges.match_weight))
    return [(a, b, w) for w, a, b in pairs]
