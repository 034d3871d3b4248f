"""Why two records joined or not: each comparison's partial match weight, and the verdict.

Reads the run through linkage.audit.reading (and the decision store for reviewer notes);
returns a PairAudit. A pair the run never scored is scored once, for the explanation only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from linkage.audit.cluster import members, why_apart
from linkage.audit.reading import (
    clean_row,
    cluster_labels,
    pair_row,
    pair_weights,
    read_clusters,
    waterfall_fragment,
)
from linkage.database import scalar
from linkage.errors import LinkageError
from linkage.review import run_decisions
from linkage.runs import Run
from linkage.weights import probability_to_weight


@dataclass
class PairAudit:
    record_l: str
    record_r: str
    threshold: float
    scored: bool                     # in pairs.parquet
    match_weight: float | None
    contributions: pd.DataFrame      # comparison, level, values, partial weight
    verdict: str                     # kept or refused, and why
    notes: list[str] = field(default_factory=list)
    chart: str | None = None         # Splink's waterfall chart (HTML fragment)


def levels_by_value(comparison: dict) -> dict:
    """comparison_vector_value → level, numbered as Splink numbers them (null −1, then n-1 … 0)."""
    levels = comparison["comparison_levels"]
    values, n = {}, sum(1 for lv in levels if not lv.get("is_null_level"))
    for level in levels:
        if level.get("is_null_level"):
            values[-1] = level
        else:
            n -= 1
            values[n] = level
    return values


def _columns_used(comparison: dict, row: dict) -> list[str]:
    sql = " ".join(lv.get("sql_condition", "") for lv in comparison["comparison_levels"])
    return [c[:-2] for c in row if c.endswith("_l") and c in sql and f"{c[:-2]}_r" in row]


def contributions(settings: dict, row: dict, shown: tuple[dict, dict] | None = None) -> pd.DataFrame:
    """Each comparison's level and partial match weight for one scored pair, prior first.

    `shown`: the two records' features, whose column named like the comparison (first_name,
    birth_date …) is displayed; otherwise the comparison's own columns from the pair row.
    """
    prior = settings["probability_two_random_records_match"]
    rows = [{"comparison": "prior", "level": "starting match weight", "value_l": "", "value_r": "",
             "match_weight": probability_to_weight(prior)}]
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        gamma = row.get(f"gamma_{name}")
        level = levels_by_value(comparison).get(int(gamma) if gamma is not None else -1, {})
        if shown and name in shown[0]:
            values = [_text(shown[0][name]), _text(shown[1][name])]
        else:
            used = _columns_used(comparison, row)
            values = [", ".join(_text(row.get(f"{c}_{side}")) for c in used) for side in "lr"]
        rows.append({"comparison": name, "level": level.get("label_for_charts", str(gamma)),
                     "value_l": values[0], "value_r": values[1],
                     "match_weight": float(row.get(f"mw_{name}") or 0.0)})
        tf = row.get(f"mw_tf_adj_{name}")
        if tf is not None and not pd.isna(tf) and tf != 0:
            rows.append({"comparison": f"{name} (term frequency)", "level": "adjustment for how common",
                         "value_l": "", "value_r": "", "match_weight": float(tf)})
    rows.append({"comparison": "total", "level": "", "value_l": "", "value_r": "",
                 "match_weight": float(row["match_weight"])})
    return pd.DataFrame(rows)


def _text(value) -> str:
    return "∅" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _blocking_rules_pairing(saved: Run, a: int, b: int) -> list[str]:
    """The spec's blocking rules that put these two records together (either way round)."""
    from linkage.comparisons import rule_condition

    found = []
    for rule in saved.spec.candidate_rules:
        condition = rule_condition(rule)
        hits = scalar(
            saved.con,
            f"""SELECT count(*) FROM features l, features r WHERE (({condition}))
            AND ((l.unique_id = ? AND r.unique_id = ?) OR (l.unique_id = ? AND r.unique_id = ?))""",
            [a, b, b, a])
        if hits:
            found.append(rule)
    return found


def _score_now(saved: Run, a: int, b: int) -> dict | None:
    """A pair the run never scored, scored once with the run's model for the explanation."""
    from linkage.tune import model_linker

    linker = model_linker(saved)
    left, right = (clean_row(saved.con.execute("SELECT * FROM features WHERE unique_id = ?", [u]).df()
                          .iloc[0].to_dict()) for u in (a, b))
    try:
        scored = linker.inference.score_pair(left, right).as_pandas_dataframe()
    except Exception:  # noqa: BLE001 -- an explanation, not a result: say it was not scored
        return None
    return clean_row(scored.iloc[0].to_dict())


def audit_pair(run: Path | Run, record_a: str, record_b: str, store: Path | None = None,
               chart: bool = False) -> PairAudit:
    """The waterfall of one pair, and whether the clustering kept or refused it, and why.

    `run`: a run folder, or a Run already open (a server keeps one; it stays open)."""
    saved = run if isinstance(run, Run) else Run.open(run)
    try:
        audit, row = _audit_pair(saved, record_a, record_b, store)
        if chart and row is not None:
            audit.chart = waterfall_fragment(saved, [row])
        return audit
    finally:
        if saved is not run:
            saved.close()


def _audit_pair(saved: Run, record_a: str, record_b: str, store) -> PairAudit:
    clusters = read_clusters(saved)
    uid = dict(zip(clusters.record_id, clusters.unique_id))
    for r in (record_a, record_b):
        if r not in uid:
            raise LinkageError(f"{saved.path}: no record {r!r} in this run")
    a, b = int(uid[record_a]), int(uid[record_b])
    label = cluster_labels(saved)
    row, notes = pair_row(saved, a, b), []
    scored = row is not None
    if not scored:
        rules = _blocking_rules_pairing(saved, a, b)
        notes.append(f"blocked together by [{'; '.join(rules)}] but scored below the probability "
                     f"floor the run keeps ({saved.spec.scoring.pairs_floor:g})" if rules else
                     "no blocking rule puts these two together: the run never compared them")
        row = _score_now(saved, a, b)
        if row is not None:
            notes.append("scored now with the run's model, for this explanation only")
    weight = float(row["match_weight"]) if row else None
    settings = saved.model().settings_
    shown = tuple(clean_row(saved.con.execute("SELECT * FROM features WHERE unique_id = ?", [u]).df()
                         .iloc[0].to_dict()) for u in (a, b))
    table = contributions(settings, row, shown) if row else pd.DataFrame()
    must, cannot = run_decisions(saved, store)
    verdict = _verdict(saved, clusters, label, a, b, weight, scored, set(map(tuple, cannot)),
                       set(map(tuple, must)))
    notes += _decision_notes(store, record_a, record_b)
    return PairAudit(record_a, record_b, saved.threshold, scored, weight, table, verdict,
                     notes), row


def _verdict(saved, clusters, label, a, b, weight, scored, cannot, must) -> str:
    threshold_w = probability_to_weight(saved.threshold)
    if label[a] == label[b]:
        if (min(a, b), max(a, b)) in must:
            return f"kept: a reviewer linked them (both in cluster {label[a]})"
        if scored and weight >= threshold_w:
            return f"kept: the pair scores above the threshold; both in cluster {label[a]}"
        return (f"kept: joined through other records of cluster {label[a]} "
                "(the pair itself is below the threshold)")
    groups = members(clusters, {label[a], label[b]})
    group_a, group_b = groups[label[a]], groups[label[b]]
    if not scored:
        return f"apart: never scored as a pair (clusters {label[a]} and {label[b]})"
    why = why_apart(saved, group_a, group_b, (a, b), weight, cannot,
                    pair_weights(saved, group_a + group_b))
    refused = saved.refused().get(tuple(sorted(saved.record_ids()[x] for x in (a, b))))
    if refused and weight >= threshold_w:
        why = f"refused: {refused}"
    return f"apart (clusters {label[a]} and {label[b]}): {why}"


def _decision_notes(store: Path | None, a: str, b: str) -> list[str]:
    if store is None or not Path(store).exists():
        return []
    from linkage.review import decisions

    key = tuple(sorted((a, b)))
    return [f"reviewer decision {d.decision_id} ({'in force' if d.in_force else 'superseded'}): "
            f"{d.decision} by {d.who} on {d.decided_at:%Y-%m-%d}" + (f" — {d.note}" if d.note else "")
            for d in decisions(store) if (d.record_a, d.record_b) == key]
