"""Audit: why is a cluster one person, and why did a pair join or not? Read from a saved run folder.

Reads RUN/clusters.csv, pairs.parquet, features.parquet, manifest.json, model.json (and
mentions.parquet for the records as printed, refused.csv for the clustering's own refusal
reasons, when the run folder has them). Returns dataclasses that render as rich text for the
terminal or as one self-contained HTML page with Splink's waterfall chart. Nothing is re-scored,
except a pair the run never scored, which is scored once for the explanation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from linkage import clustering
from linkage.database import quote_literal
from linkage.errors import LinkageError
from linkage.tune import SavedRun, open_run, run_decisions, weight_to_probability

NEAR_MISSES = 10
NORMALISED = ("first_key", "first_root", "patronymic_key", "patronymic_father", "surname_key",
              "surname_stem", "birth_date", "birth_year_est", "death_date", "age", "region_key",
              "settlement_key")
AS_PRINTED = ("source", "full_name", "first_name", "patronymic", "surname", "birth_date",
              "death_date", "age", "region", "settlement", "unit", "rank")


@dataclass
class ClusterAudit:
    cluster_id: str
    threshold: float                 # the run's match probability
    records: pd.DataFrame            # one row per record: as printed, then normalised
    edges: pd.DataFrame              # scored pairs inside the cluster
    weakest: dict | None             # the weakest link of the maximum spanning tree
    near_misses: pd.DataFrame        # records outside that almost joined, and why not
    focus: str | None = None         # the record asked about, for --record
    notes: list[str] = field(default_factory=list)
    chart: str | None = None         # Splink's waterfall of the weakest link and near misses (HTML)


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


# ---- reading the run --------------------------------------------------------------------------

def _clusters(saved: SavedRun) -> pd.DataFrame:
    return saved.con.execute(
        f"""SELECT c.record_id, c.cluster_id, f.unique_id
        FROM read_csv({quote_literal(saved.path / 'clusters.csv')}, header=true, all_varchar=true) c
        JOIN features f ON f.record_id = c.record_id""").df()


def _records(saved: SavedRun, record_ids: list[str]) -> pd.DataFrame:
    """Each record as printed (mentions.parquet when the run kept it) and as normalised."""
    ids = pd.DataFrame({"record_id": record_ids})
    saved.con.register("wanted_ids", ids)
    normalised = saved.con.execute(
        f"""SELECT f.record_id, {', '.join(f'f.{c} AS "norm_{c}"' for c in NORMALISED)}
        FROM features f JOIN wanted_ids USING (record_id)""").df()
    mentions = saved.path / "mentions.parquet"
    if mentions.exists():
        printed = saved.con.execute(
            f"SELECT m.* FROM read_parquet({quote_literal(mentions)}) m JOIN wanted_ids USING (record_id)").df()
        printed = printed[["record_id"] + [c for c in printed.columns
                                           if c != "record_id" and not c.startswith("_")]]
    else:  # the parsed name parts and dates are the closest thing to the text as printed
        printed = saved.con.execute(
            """SELECT f.record_id, f.source, f.first_name, f.patronymic, f.surname
            FROM features f JOIN wanted_ids USING (record_id)""").df()
    saved.con.unregister("wanted_ids")
    merged = ids.merge(printed, on="record_id", how="left").merge(normalised, on="record_id", how="left")
    return merged.astype(object).where(merged.notna(), None)


def _pairs_touching(saved: SavedRun, unique_ids: list[int]) -> pd.DataFrame:
    saved.con.register("wanted_uids", pd.DataFrame({"u": unique_ids}))
    frame = saved.con.execute(
        """SELECT * FROM pairs WHERE unique_id_l IN (SELECT u FROM wanted_uids)
           OR unique_id_r IN (SELECT u FROM wanted_uids) ORDER BY match_weight DESC""").df()
    saved.con.unregister("wanted_uids")
    return frame


def _refused(saved: SavedRun) -> dict:
    """The clustering's own refusals (refused.csv), when the run folder has them."""
    path = saved.path / "refused.csv"
    if not path.exists():
        return {}
    frame = pd.read_csv(path, dtype=str)
    return {tuple(sorted((a, b))): why for a, b, why in
            zip(frame.record_id_l, frame.record_id_r, frame.reason)}


# ---- why two groups are apart -------------------------------------------------------------------

def why_apart(saved: SavedRun, group_a: list[int], group_b: list[int], pair: tuple[int, int],
              weight: float, cannot_link: set, all_pairs: dict) -> str:
    """Why the clustering keeps these two groups apart, in the words of clustering.conflict."""
    threshold_w = clustering.probability_to_weight(saved.threshold)
    if weight < threshold_w:
        return (f"below the threshold (p {weight_to_probability(weight):.3f} < {saved.threshold:g})")
    ids = saved.record_ids()
    candidates = [pair] + [(a, b) for a in group_a for b in group_b if (a, b) != pair]
    for a, b in candidates:
        if (min(a, b), max(a, b)) in cannot_link:
            return f"refused: a reviewer split {ids[a]} and {ids[b]}"
        reason = clustering.conflict(saved.records[a], saved.records[b], saved.rules)
        if reason:
            who = "" if (a, b) == pair else f" ({ids[a]} and {ids[b]})"
            return f"refused: {reason}{who}"
    if saved.method == "constrained" and saved.rules.min_average_weight is not None:
        weights = [all_pairs.get((min(a, b), max(a, b)), -7.0) for a in group_a for b in group_b]
        average = sum(weights) / len(weights)
        if average < saved.rules.min_average_weight:
            return (f"refused: a weak bridge (the two groups' pairs average {average:.1f}, "
                    f"below {saved.rules.min_average_weight:g})")
    return "refused when offered: the groups then were joined by a weak bridge"


# ---- a cluster ----------------------------------------------------------------------------------

def _spanning_tree(members: list[int], edges: pd.DataFrame, must: list[tuple]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(members)
    for a, b, w in zip(edges.unique_id_l, edges.unique_id_r, edges.match_weight):
        graph.add_edge(int(a), int(b), weight=float(w))
    for a, b in must:
        if a in graph and b in graph:
            graph.add_edge(a, b, weight=float("inf"), reviewer=True)
    return nx.maximum_spanning_tree(graph)


def _weakest(tree: nx.Graph, edges: pd.DataFrame, ids: dict) -> dict | None:
    """The lowest-weight edge of the maximum spanning tree, and the two groups it holds together.

    `edges`: the cluster's pairs at or above the threshold, the links that can hold it."""
    finite = [(a, b, d["weight"]) for a, b, d in tree.edges(data=True) if d["weight"] != float("inf")]
    if not finite:
        return None
    a, b, w = min(finite, key=lambda e: (e[2], min(ids[e[0]], ids[e[1]])))
    tree = tree.copy()
    tree.remove_edge(a, b)
    side_a, side_b = nx.node_connected_component(tree, a), nx.node_connected_component(tree, b)
    across = [x for x in zip(edges.unique_id_l, edges.unique_id_r, edges.match_weight)
              if (x[0] in side_a) != (x[1] in side_a) and {x[0], x[1]} != {a, b}]
    return {"record_l": ids[a], "record_r": ids[b], "match_weight": w,
            "match_probability": weight_to_probability(w),
            "side_l": sorted(ids[i] for i in side_a), "side_r": sorted(ids[i] for i in side_b),
            "other_links_across": len(across),
            "strongest_other": max((x[2] for x in across), default=None),
            "unique_ids": (a, b)}


def audit_cluster(run: Path, cluster_id: str | None = None, record_id: str | None = None,
                  store: Path | None = None, limit: int = NEAR_MISSES,
                  chart: bool = False) -> ClusterAudit:
    """The cluster of cluster_id (or of record_id): records, edges, weakest link, near misses."""
    saved = open_run(run)
    try:
        audit, rows = _audit_cluster(saved, cluster_id, record_id, store, limit)
        if chart and rows:
            audit.chart = waterfall_fragment(saved, rows)
        return audit
    finally:
        saved.close()


def _audit_cluster(saved, cluster_id, record_id, store, limit) -> ClusterAudit:
    clusters = _clusters(saved)
    if record_id is not None:
        hit = clusters[clusters.record_id == record_id]
        if hit.empty:
            raise LinkageError(f"{saved.path}: no record {record_id!r} in this run")
        cluster_id = hit.cluster_id.iloc[0]
    members = clusters[clusters.cluster_id == cluster_id]
    if members.empty:
        raise LinkageError(f"{saved.path}: no cluster {cluster_id!r} in this run")
    ids = saved.record_ids()
    label = dict(zip(clusters.unique_id, clusters.cluster_id))
    uids = sorted(int(u) for u in members.unique_id)
    touching = _pairs_touching(saved, uids)
    inside = touching.unique_id_l.map(label).eq(cluster_id) & touching.unique_id_r.map(label).eq(cluster_id)
    edges = touching[inside]
    must, cannot = run_decisions(saved, store)
    threshold_w = clustering.probability_to_weight(saved.threshold)
    tree = _spanning_tree(uids, edges[edges.match_weight >= threshold_w], must)
    audit = ClusterAudit(
        cluster_id=cluster_id, threshold=saved.threshold,
        records=_records(saved, [ids[u] for u in uids]),
        edges=_edge_table(edges, threshold_w),
        weakest=_weakest(tree, edges[edges.match_weight >= threshold_w], ids) if len(uids) > 1 else None,
        near_misses=_near_misses(saved, touching[~inside], label, cluster_id, clusters,
                                 set(map(tuple, cannot)), limit),
        focus=record_id)
    if any(a in uids and b in uids for a, b in must):
        audit.notes.append("a reviewer's link holds part of this cluster together")
    shown = ([audit.weakest["unique_ids"]] if audit.weakest else []) + list(zip(
        touching[~inside].unique_id_l.head(limit), touching[~inside].unique_id_r.head(limit)))
    rows = [r for r in (_pair_row(saved, int(x), int(y)) for x, y in shown) if r is not None]
    return audit, rows


def _edge_table(edges: pd.DataFrame, threshold_w: float) -> pd.DataFrame:
    table = edges[["record_id_l", "record_id_r", "match_weight", "match_probability"]].copy()
    table["above_threshold"] = edges.match_weight >= threshold_w
    return table.reset_index(drop=True)


def _near_misses(saved, outside: pd.DataFrame, label: dict, cluster_id, clusters, cannot, limit):
    """Scored pairs leaving the cluster, strongest first, each with the reason it did not join."""
    rows, head = [], outside.head(limit)
    members_of = clusters.groupby("cluster_id").unique_id.apply(lambda s: [int(x) for x in s]).to_dict()
    refused = _refused(saved)
    involved = {label[int(u)] for u in pd.concat([head.unique_id_l, head.unique_id_r])}
    all_pairs = _all_pairs(saved, [u for c in involved for u in members_of[c]]) if len(head) else {}
    for row in head.itertuples():
        a, b = int(row.unique_id_l), int(row.unique_id_r)
        inner, outer = (a, b) if label[a] == cluster_id else (b, a)
        rid_in, rid_out = (row.record_id_l, row.record_id_r) if inner == a else (row.record_id_r, row.record_id_l)
        key = tuple(sorted((rid_in, rid_out)))
        if key in refused:
            why = f"refused: {refused[key]}"
        else:
            why = why_apart(saved, members_of[cluster_id], members_of[label[outer]], (inner, outer),
                            row.match_weight, cannot, all_pairs)
        rows.append({"record_inside": rid_in, "record_outside": rid_out,
                     "outside_cluster": label[outer], "match_weight": row.match_weight,
                     "match_probability": row.match_probability, "why_not": why})
    return pd.DataFrame(rows, columns=["record_inside", "record_outside", "outside_cluster",
                                       "match_weight", "match_probability", "why_not"])


def _all_pairs(saved: SavedRun, uids: list[int]) -> dict:
    frame = _pairs_touching(saved, uids)
    return {(min(a, b), max(a, b)): w for a, b, w in
            zip(frame.unique_id_l, frame.unique_id_r, frame.match_weight)}


# ---- a pair -------------------------------------------------------------------------------------

def _model(saved: SavedRun) -> dict:
    return json.loads((saved.path / "model.json").read_text(encoding="utf-8"))


def _levels(comparison: dict) -> dict:
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
    import math

    prior = settings["probability_two_random_records_match"]
    rows = [{"comparison": "prior", "level": "starting match weight", "value_l": "", "value_r": "",
             "match_weight": math.log2(prior / (1 - prior))}]
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        gamma = row.get(f"gamma_{name}")
        level = _levels(comparison).get(int(gamma) if gamma is not None else -1, {})
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


def _pair_row(saved: SavedRun, a: int, b: int) -> dict | None:
    rows = saved.con.execute(
        "SELECT * FROM pairs WHERE (unique_id_l = ? AND unique_id_r = ?) OR (unique_id_l = ? AND unique_id_r = ?)",
        [a, b, b, a]).df()
    if rows.empty:
        return None
    return _clean(rows.iloc[0].to_dict())


def _blocking_rules_pairing(saved: SavedRun, a: int, b: int) -> list[str]:
    """The spec's blocking rules that put these two records together (either way round)."""
    from linkage.config import load_spec

    found = []
    for rule in load_spec(saved.manifest["parameters"]["spec"]).blocking_rules:
        condition = rule if "l." in rule else " AND ".join(
            f"l.{c.strip()} = r.{c.strip()}" for c in rule.split(","))
        hits = saved.con.execute(
            f"""SELECT count(*) FROM features l, features r WHERE (({condition}))
            AND ((l.unique_id = ? AND r.unique_id = ?) OR (l.unique_id = ? AND r.unique_id = ?))""",
            [a, b, b, a]).fetchall()[0][0]
        if hits:
            found.append(rule)
    return found


def _score_now(saved: SavedRun, a: int, b: int) -> dict | None:
    """A pair the run never scored, scored once with the run's model for the explanation."""
    from linkage.tune import model_linker

    linker = model_linker(saved)
    left, right = (_clean(saved.con.execute("SELECT * FROM features WHERE unique_id = ?", [u]).df()
                          .iloc[0].to_dict()) for u in (a, b))
    try:
        scored = linker.inference.score_pair(left, right).as_pandas_dataframe()
    except Exception:  # noqa: BLE001 -- an explanation, not a result: say it was not scored
        return None
    return _clean(scored.iloc[0].to_dict())


def _clean(row: dict) -> dict:
    """NaN and NA as None, for Splink's record dicts and for display."""
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}


def audit_pair(run: Path, record_a: str, record_b: str, store: Path | None = None,
               chart: bool = False) -> PairAudit:
    """The waterfall of one pair, and whether the clustering kept or refused it, and why."""
    saved = open_run(run)
    try:
        audit, row = _audit_pair(saved, record_a, record_b, store)
        if chart and row is not None:
            audit.chart = waterfall_fragment(saved, [row])
        return audit
    finally:
        saved.close()


def _audit_pair(saved: SavedRun, record_a: str, record_b: str, store) -> PairAudit:
    clusters = _clusters(saved)
    uid = dict(zip(clusters.record_id, clusters.unique_id))
    for r in (record_a, record_b):
        if r not in uid:
            raise LinkageError(f"{saved.path}: no record {r!r} in this run")
    a, b = int(uid[record_a]), int(uid[record_b])
    label = dict(zip(clusters.unique_id, clusters.cluster_id))
    row, notes = _pair_row(saved, a, b), []
    scored = row is not None
    if not scored:
        rules = _blocking_rules_pairing(saved, a, b)
        notes.append(f"blocked together by [{'; '.join(rules)}] but scored below the probability "
                     "floor the run keeps (0.01)" if rules else
                     "no blocking rule puts these two together: the run never compared them")
        row = _score_now(saved, a, b)
        if row is not None:
            notes.append("scored now with the run's model, for this explanation only")
    weight = float(row["match_weight"]) if row else None
    settings = _model(saved)
    shown = tuple(_clean(saved.con.execute("SELECT * FROM features WHERE unique_id = ?", [u]).df()
                         .iloc[0].to_dict()) for u in (a, b))
    table = contributions(settings, row, shown) if row else pd.DataFrame()
    must, cannot = run_decisions(saved, store)
    verdict = _verdict(saved, clusters, label, a, b, weight, scored, set(map(tuple, cannot)),
                       set(map(tuple, must)))
    notes += _decision_notes(store, record_a, record_b)
    return PairAudit(record_a, record_b, saved.threshold, scored, weight, table, verdict,
                     notes), row


def _verdict(saved, clusters, label, a, b, weight, scored, cannot, must) -> str:
    threshold_w = clustering.probability_to_weight(saved.threshold)
    if label[a] == label[b]:
        if (min(a, b), max(a, b)) in must:
            return f"kept: a reviewer linked them (both in cluster {label[a]})"
        if scored and weight >= threshold_w:
            return f"kept: the pair scores above the threshold; both in cluster {label[a]}"
        return (f"kept: joined through other records of cluster {label[a]} "
                "(the pair itself is below the threshold)")
    members = clusters.groupby("cluster_id").unique_id.apply(lambda s: [int(x) for x in s])
    group_a, group_b = members[label[a]], members[label[b]]
    if not scored:
        return f"apart: never scored as a pair (clusters {label[a]} and {label[b]})"
    why = why_apart(saved, group_a, group_b, (a, b), weight, cannot,
                    _all_pairs(saved, group_a + group_b))
    refused = _refused(saved).get(tuple(sorted(saved.record_ids()[x] for x in (a, b))))
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


def waterfall_fragment(saved: SavedRun, rows: list[dict]) -> str:
    """Splink's waterfall chart for scored pairs, as an HTML fragment with its JavaScript inlined."""
    from linkage.tune import model_linker

    chart = model_linker(saved).visualisations.waterfall_chart(rows, filter_nulls=False)
    page = chart.to_html(inline=True)
    return page.split("<body>", 1)[1].rsplit("</body>", 1)[0]


# ---- rendering ----------------------------------------------------------------------------------

def _fmt(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.2g}"
    return str(value)


def _record_fields(records: pd.DataFrame) -> list[tuple[str, str]]:
    """(column, label) for the fields at least one record has: as printed, then normalised."""
    fields = []
    for column in records.columns:
        if column == "record_id" or records[column].isna().all():
            continue
        label = f"· {column[5:]}" if column.startswith("norm_") else column
        fields.append((column, label))
    return fields


def _header(audit: ClusterAudit) -> str:
    w = clustering.probability_to_weight(audit.threshold)
    return (f"Cluster {audit.cluster_id}: {len(audit.records)} record(s); the run clusters pairs at "
            f"p ≥ {audit.threshold:g} (match weight ≥ {w:.2f})")


def _weakest_text(audit: ClusterAudit) -> str:
    weak = audit.weakest
    if weak is None:
        return ("One record: nothing holds it together." if len(audit.records) == 1 else
                "Held together by reviewer links only.")
    sides = f"[{', '.join(weak['side_l'])}] and [{', '.join(weak['side_r'])}]"
    text = (f"Weakest link: {weak['record_l']} — {weak['record_r']}, match weight "
            f"{weak['match_weight']:.2f} (p {weak['match_probability']:.4f}). ")
    if weak["other_links_across"]:
        text += (f"Without it, and without the {weak['other_links_across']} other link(s) above "
                 f"the threshold across the same cut (none stronger: the strongest is "
                 f"{weak['strongest_other']:.2f}), the cluster splits into {sides}")
    else:
        text += f"Without it the cluster splits into {sides}"
    return text + "."


def render_cluster(audit: ClusterAudit) -> list:
    """Rich renderables for the terminal: records side by side, edges, weakest link, near misses."""
    from rich.table import Table
    from rich.text import Text

    out = [Text(_header(audit), style="bold")]
    records = Table(title="Records (· = normalised)", title_justify="left", show_lines=False)
    records.add_column("field", style="dim")
    for rid in audit.records.record_id:
        records.add_column(f"{rid} ◀" if rid == audit.focus else rid)
    for column, label in _record_fields(audit.records):
        records.add_row(Text(label), *(Text(_fmt(v)) for v in audit.records[column]))
    out.append(records)
    if len(audit.edges):
        edges = Table(title="Scored pairs inside the cluster", title_justify="left")
        for column in ("record", "record", "match weight", "probability", "≥ threshold"):
            edges.add_column(column, justify="right" if column[0] in "mp" else "left")
        for row in audit.edges.head(30).itertuples():
            edges.add_row(row.record_id_l, row.record_id_r, f"{row.match_weight:.2f}",
                          f"{row.match_probability:.4f}", "yes" if row.above_threshold else "no")
        if len(audit.edges) > 30:
            edges.caption = f"… and {len(audit.edges) - 30} more"
        out.append(edges)
    out.append(Text(_weakest_text(audit)))
    out.append(_near_table(audit.near_misses) if len(audit.near_misses) else
               Text("Near misses: no scored pair leaves this cluster."))
    out += [Text(f"Note: {n}") for n in audit.notes]
    return out


def _near_table(near: pd.DataFrame):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Near misses: scored pairs to records outside, strongest first",
                  title_justify="left")
    for column in ("inside", "outside", "its cluster", "match weight", "probability", "why not"):
        table.add_column(column, justify="right" if column[0] in "mp" else "left")
    for row in near.itertuples():
        table.add_row(Text(row.record_inside), Text(row.record_outside), Text(str(row.outside_cluster)),
                      f"{row.match_weight:.2f}", f"{row.match_probability:.4f}", Text(row.why_not))
    return table


def render_pair(audit: PairAudit) -> list:
    """Rich renderables: each comparison's level and partial match weight, then the verdict."""
    from rich.table import Table
    from rich.text import Text

    out = [Text(f"Pair {audit.record_l} — {audit.record_r}", style="bold")]
    if len(audit.contributions):
        table = Table(title="How the match weight adds up", title_justify="left")
        for column in ("comparison", "level", audit.record_l, audit.record_r, "weight"):
            table.add_column(column, justify="right" if column == "weight" else "left")
        for row in audit.contributions.itertuples():
            colour = "green" if row.match_weight > 0 else "red" if row.match_weight < 0 else "dim"
            style = "bold" if row.comparison == "total" else None
            table.add_row(Text(row.comparison), Text(row.level), Text(row.value_l),
                          Text(row.value_r), Text(f"{row.match_weight:+.2f}", style=colour),
                          style=style)
        out.append(table)
        out.append(Text(f"match weight {audit.match_weight:.2f} = probability "
                        f"{weight_to_probability(audit.match_weight):.4f}; the run's threshold is "
                        f"{audit.threshold:g}"))
    out.append(Text(audit.verdict, style="bold"))
    out += [Text(f"Note: {n}") for n in audit.notes]
    return out


def _p(text: str) -> str:
    import html

    return f"<p>{html.escape(text)}</p>"


def cluster_html(audit: ClusterAudit) -> str:
    """One self-contained page: the records, edges, weakest link, near misses, and the waterfall."""
    from linkage.report import html_page, html_table

    side = pd.DataFrame({"field": [label for _, label in _record_fields(audit.records)]})
    for i, rid in enumerate(audit.records.record_id):
        side[f"{rid} ◀" if rid == audit.focus else rid] = [
            _fmt(audit.records[c].iloc[i]) for c, _ in _record_fields(audit.records)]
    parts = [_p(_header(audit)), "<h2>Records (· = normalised)</h2>", html_table(side, table_id="records"),
             "<h2>Scored pairs inside the cluster</h2>",
             html_table(audit.edges, table_id="edges") if len(audit.edges) else _p("None."),
             "<h2>Weakest link</h2>", _p(_weakest_text(audit)),
             "<h2>Near misses</h2>",
             html_table(audit.near_misses, table_id="near-misses") if len(audit.near_misses)
             else _p("No scored pair leaves this cluster.")]
    parts += [_p(f"Note: {n}") for n in audit.notes]
    if audit.chart:
        parts += ["<h2>Waterfall: the weakest link, then the near misses</h2>",
                  _p("Use the slider under the chart to step through the pairs."), audit.chart]
    return html_page(f"Audit of cluster {audit.cluster_id}", "\n".join(parts))


def pair_html(audit: PairAudit) -> str:
    """One self-contained page: the contributions table, the verdict, and Splink's waterfall."""
    from linkage.report import html_page, html_table

    parts = []
    if len(audit.contributions):
        table = audit.contributions.rename(columns={"value_l": audit.record_l, "value_r": audit.record_r})
        parts += ["<h2>How the match weight adds up</h2>", html_table(table, table_id="contributions"),
                  _p(f"match weight {audit.match_weight:.2f} = probability "
                     f"{weight_to_probability(audit.match_weight):.4f}; the run's threshold is {audit.threshold:g}")]
    parts += ["<h2>Verdict</h2>", f"<p><strong>{_p(audit.verdict)[3:-4]}</strong></p>"]
    parts += [_p(f"Note: {n}") for n in audit.notes]
    if audit.chart:
        parts += ["<h2>Waterfall (Splink)</h2>", audit.chart]
    return html_page(f"Audit of pair {audit.record_l} — {audit.record_r}", "\n".join(parts))
