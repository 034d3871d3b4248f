"""Score a clustering against the truth: pairwise and B-cubed precision, recall and F1, the
adjusted Rand index, household merges, and the worst false merges and splits by id.

Reads RUN/clusters.csv (record_id, cluster_id) and a truth.csv (record_id, person_id,
household_id); writes RUN/evaluation.json. Every number comes from the contingency table of
(predicted cluster, true person) counts, never from enumerating record pairs: 1M records take
seconds.

Definitions (n records; a_i predicted cluster sizes, b_j true person sizes, n_ij their overlaps;
C(k) = k(k-1)/2 pairs):
- pairwise precision = true-positive pairs / predicted pairs = sum C(n_ij) / sum C(a_i);
  pairwise recall = sum C(n_ij) / sum C(b_j). With no predicted pairs precision is 1.0 (nothing
  claimed, nothing wrong); with no true pairs recall is 1.0. F1 is their harmonic mean, 0.0 when
  both are 0.
- B-cubed precision = mean over records of |own predicted cluster ∩ own person| / |own predicted
  cluster| = sum n_ij^2 / a_i / n; recall the same over |own person|. Never undefined for n > 0.
- adjusted Rand index = (Rand index - its expectation) / (max - expectation), from the pair
  confusion counts; 1.0 when the two partitions agree on every pair (as scikit-learn).
- household_merges = distinct pairs of different persons of one household that share at least
  one predicted cluster (each pair once, however many clusters they meet in): the worst error,
  it erases a death.
- households_found (when the run wrote households.csv): the households the family links make,
  as pairs of persons, each individual standing for the person most of its mentions belong to.
  precision = pairs of individuals in one found household whose persons are two members of one
  true household / all such pairs (two individuals of one person are wrong); recall = pairs of
  members of one true household, both found, that some found household holds / all such pairs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from rich.table import Table

from linkage import schema
from linkage.runfolder import check_overwrite, write_json
from linkage.runs import Run, read_keyed_csv

TOP = 10  # false merges and splits listed by id


def _pairs(sizes) -> int:
    sizes = np.asarray(sizes, dtype=np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _ratio(num: float, den: float, empty: float) -> float:
    return float(num / den) if den else empty


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _codes(labels) -> np.ndarray:
    """Integer codes for labels; a missing label (None, NaN) is its own singleton."""
    values = labels.to_numpy() if isinstance(labels, pd.Series) else labels
    if not isinstance(values, np.ndarray):
        values = np.array(list(values), dtype=object)
    codes, uniques = pd.factorize(values)
    missing = codes < 0
    codes[missing] = len(uniques) + np.arange(missing.sum())
    return codes


def _contingency(pred_codes: np.ndarray, true_codes: np.ndarray) -> pd.DataFrame:
    """One row per non-empty (predicted cluster, person) cell: p, t, n."""
    frame = pd.DataFrame({"p": pred_codes, "t": true_codes})
    return frame.groupby(["p", "t"], sort=True).size().rename("n").reset_index()


def _adjusted_rand(n: int, tp: int, predicted: int, true: int) -> float:
    total = n * (n - 1) // 2
    fp, fn = predicted - tp, true - tp
    tn = total - tp - fp - fn
    if fp == 0 and fn == 0:
        return 1.0
    return float(2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn)))


def _household_merges(pred_codes, true_codes, household) -> tuple[int, int, int]:
    """(merged person pairs, households with a merge, person pairs in households)."""
    labels = pd.Series(household.to_numpy() if isinstance(household, pd.Series) else list(household),
                       dtype=object)
    keep = (labels.notna() & (labels.astype(str) != "")).to_numpy()
    frame = pd.DataFrame({"h": labels[keep].astype(str).to_numpy(), "p": pred_codes[keep],
                          "t": true_codes[keep]}).drop_duplicates()
    persons = frame[["h", "t"]].drop_duplicates().groupby("h").size()
    shared = frame[frame.groupby(["h", "p"])["t"].transform("size") > 1]
    merged: set[tuple] = set()
    for (h, _), group in shared.groupby(["h", "p"], sort=True):  # households are small
        merged.update((h, a, b) for a, b in combinations(sorted(group["t"]), 2))
    return len(merged), len({h for h, _, _ in merged}), _pairs(persons)


def cluster_metrics(pred: Sequence, truth: Sequence, household: Sequence | None = None) -> dict:
    """Clustering quality of `pred` against `truth`, labels aligned per record (see module doc)."""
    if len(pred) != len(truth) or (household is not None and len(household) != len(truth)):
        raise ValueError("pred, truth and household must have one label per record")
    n = len(truth)
    pc, tc = _codes(pred), _codes(truth)
    cells = _contingency(pc, tc)
    a, b = np.bincount(pc), np.bincount(tc)
    a, b = a[a > 0], b[b > 0]
    tp, predicted, true = _pairs(cells["n"]), _pairs(a), _pairs(b)
    precision, recall = _ratio(tp, predicted, 1.0), _ratio(tp, true, 1.0)
    n_ij = cells["n"].to_numpy(dtype=float)
    size_p, size_t = np.bincount(pc)[cells["p"]], np.bincount(tc)[cells["t"]]
    b3_p = _ratio((n_ij ** 2 / size_p).sum(), n, 1.0)
    b3_r = _ratio((n_ij ** 2 / size_t).sum(), n, 1.0)
    out = {
        "records": n, "true_clusters": len(b), "predicted_clusters": len(a),
        "true_largest_cluster": int(b.max(initial=0)), "predicted_largest_cluster": int(a.max(initial=0)),
        "pairwise": {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
                     "true_pairs": true, "predicted_pairs": predicted, "true_positive_pairs": tp},
        "bcubed": {"precision": b3_p, "recall": b3_r, "f1": _f1(b3_p, b3_r)},
        "adjusted_rand_index": _adjusted_rand(n, tp, predicted, true),
    }
    if household is not None:
        merges, households, pairs = _household_merges(pc, tc, household)
        out |= {"household_merges": merges, "households_merged": households, "household_pairs": pairs}
    return out


def _worst(groups: np.ndarray, members: np.ndarray, labels: tuple, names: tuple) -> list[dict]:
    """The TOP groups (predicted clusters, or persons) mixing the most members of the other kind."""
    cells = pd.DataFrame({"g": groups, "m": members}).groupby(["g", "m"]).size().rename("n").reset_index()
    cells["same"] = cells["n"] * (cells["n"] - 1) // 2
    stats = cells.groupby("g").agg(records=("n", "sum"), members=("n", "size"), same=("same", "sum"))
    stats = stats[stats["members"] > 1].reset_index()
    stats["pairs"] = stats["records"] * (stats["records"] - 1) // 2 - stats["same"]
    stats["label"] = labels[0][stats["g"].to_numpy()]
    key = ["pairs", "members", "records"] if names[0] == "cluster_id" else ["members", "records"]
    stats = stats.sort_values(key + ["label"], ascending=[False] * len(key) + [True]).head(TOP)
    out = []
    for row in stats.itertuples(index=False):
        top = cells[cells["g"] == row.g].assign(label=lambda f: labels[1][f["m"].to_numpy()])
        top = top.sort_values(["n", "label"], ascending=[False, True]).head(5)
        entry = {names[0]: row.label, "records": int(row.records), names[1]: int(row.members),
                 "largest": dict(zip(top["label"], top["n"].astype(int)))}
        if names[0] == "cluster_id":
            entry["false_pairs"] = int(row.pairs)
        out.append(entry)
    return out


def evaluate_run(run_dir: Path, truth_path: Path) -> dict:
    """Metrics of RUN/clusters.csv against truth.csv, written to RUN/evaluation.json and returned.

    Truth records missing from the prediction count as singletons and are reported
    (`missing_records`); predicted records unknown to the truth are ignored and reported.
    """
    run_dir = Path(run_dir)
    run = Run(run_dir)
    clusters = run.clusters()
    truth = read_keyed_csv(Path(truth_path), ("record_id", "person_id"))
    where = pd.Index(clusters["record_id"]).get_indexer(truth["record_id"])  # hash lookups
    missing = where < 0
    cluster_codes, cluster_labels = pd.factorize(clusters["cluster_id"])
    pred = np.where(missing, -1, cluster_codes[where])
    pred[missing] = len(cluster_labels) + np.arange(missing.sum())  # missing: singletons
    person, person_labels = pd.factorize(truth["person_id"])
    household = truth["household_id"] if "household_id" in truth.columns else None
    result = cluster_metrics(pred, person, household)
    households = run.households()
    if household is not None and households is not None:
        result["households_found"] = household_recovery(households, clusters, truth)
    unknown = pd.Index(truth["record_id"]).get_indexer(clusters["record_id"]) < 0
    known = ~missing
    cluster_labels, person_labels = np.asarray(cluster_labels, dtype=object), np.asarray(person_labels, dtype=object)
    result |= {
        "run": str(run_dir), "truth": str(truth_path),
        "missing_records": {"count": int(missing.sum()), "examples": truth["record_id"][missing].head(TOP).tolist()},
        "unknown_records": {"count": int(unknown.sum()), "examples": clusters["record_id"][unknown].head(TOP).tolist()},
        "false_merges": _worst(pred[known], person[known], (cluster_labels, person_labels), ("cluster_id", "persons")),
        "worst_splits": _worst(person[known], pred[known], (person_labels, cluster_labels), ("person_id", "clusters")),
    }
    check_overwrite(run_dir / schema.EVALUATION, _an_evaluation, "results file of evaluate")
    write_json(run_dir / schema.EVALUATION, result)
    return result


def _an_evaluation(path: Path) -> bool:
    """Whether an existing evaluation.json is one this module wrote (it may be the user's own)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(found, dict) and {"run", "truth", "pairwise"} <= found.keys()


def format_metrics(metrics: dict) -> Table:
    """The metrics as a rich table (from cluster_metrics or evaluate_run)."""
    table = Table(title="Evaluation against the truth", show_header=True)
    table.add_column("metric")
    table.add_column("precision", justify="right")
    table.add_column("recall", justify="right")
    table.add_column("F1", justify="right")
    for label, key in (("pairwise", "pairwise"), ("B-cubed", "bcubed")):
        m = metrics[key]
        table.add_row(label, f"{m['precision']:.4f}", f"{m['recall']:.4f}", f"{m['f1']:.4f}")
    table.add_row("adjusted Rand index", "", "", f"{metrics['adjusted_rand_index']:.4f}")
    table.add_row("records", "", "", f"{metrics['records']:,}")
    table.add_row("clusters: true / predicted", "", "",
                  f"{metrics['true_clusters']:,} / {metrics['predicted_clusters']:,}")
    if "household_merges" in metrics:
        table.add_row("household merges (person pairs)", "", "",
                      f"{metrics['household_merges']:,} of {metrics['household_pairs']:,}")
    if "households_found" in metrics:
        m = metrics["households_found"]
        table.add_row("households found (person pairs)", f"{m['precision']:.4f}", f"{m['recall']:.4f}",
                      f"{m['f1']:.4f}")
    if "missing_records" in metrics:
        table.add_row("records missing from the run", "", "", f"{metrics['missing_records']['count']:,}")
    for label, key, id_key in (("largest false merge", "false_merges", "cluster_id"),
                               ("worst split", "worst_splits", "person_id")):
        if metrics.get(key):
            worst = metrics[key][0]
            table.add_row(label, "", "", f"{worst[id_key]} ({worst['records']} records)")
    return table



FAMILY_RELATIONS = {"sibling": "sibling", "twin": "sibling", "parent_child": "parent_child"}


def _graphml_links(path: Path) -> list[tuple[str, str, str]]:
    """(a, b, relation) of every edge in a family.graphml."""
    import networkx as nx

    graph = nx.read_graphml(path)
    return [(a, b, d.get("relation", "")) for a, b, d in graph.edges(data=True)]


def _person_of_cluster(run_dir: Path, truth_csv: Path) -> dict:
    """cluster_id → the person most of its mentions belong to (ties: the smallest person_id)."""
    return _majority(Run(run_dir).clusters(), read_keyed_csv(Path(truth_csv), ("record_id", "person_id")))


def _majority(clusters: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """cluster_id → the person most of its mentions belong to (ties: the smallest person_id)."""
    joined = clusters.merge(truth[["record_id", "person_id"]], on="record_id")
    counts = joined.groupby(["cluster_id", "person_id"]).size().rename("n").reset_index()
    counts = counts.sort_values(["cluster_id", "n", "person_id"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("cluster_id")[["cluster_id", "person_id"]].itertuples(index=False))


def _true_family(family_csv: Path) -> dict[str, set]:
    """relation (sibling, twins included; parent_child) → unordered person pairs."""
    family = pd.read_csv(family_csv, dtype=str, keep_default_na=False)
    true: dict[str, set] = {"sibling": set(), "parent_child": set()}
    for a, b, relation in family[["person_id_a", "person_id_b", "relation"]].itertuples(index=False):
        if relation in FAMILY_RELATIONS:
            true[FAMILY_RELATIONS[relation]].add(frozenset((a, b)))
    return true


def family_metrics(run_dir: Path, truth_csv: Path, family_csv: Path, links=None) -> dict:
    """Family links of a run against the generator's family.csv, per relation (sibling, which
    includes twins; parent_child), among individuals both found.

    Each predicted individual (cluster) stands for the person most of its mentions belong to;
    a person is found when some individual stands for them. precision = predicted links whose
    two persons are truly so related / predicted links (a link between two clusters of one
    person is wrong); recall = true links between two found persons that some predicted link of
    that relation joins / those true links. The direction of a parent–child link is not scored.
    Links come from RUN/family.graphml unless `links` gives (cluster_a, cluster_b, relation).
    """
    person_of = _person_of_cluster(Path(run_dir), truth_csv)
    found, true = set(person_of.values()), _true_family(family_csv)
    links = _graphml_links(Path(run_dir) / schema.FAMILY_GRAPH) if links is None else links
    predicted: dict[str, list] = {relation: [] for relation in true}
    for a, b, relation in links:
        if FAMILY_RELATIONS.get(relation) in predicted:
            predicted[FAMILY_RELATIONS[relation]].append(frozenset((person_of.get(a), person_of.get(b))))
    out = {}
    for relation, pairs in true.items():
        hits = sum(p in pairs for p in predicted[relation])
        reachable = {p for p in pairs if p <= found}
        recalled = reachable & set(predicted[relation])
        out[relation] = {
            "predicted": len(predicted[relation]), "correct": hits, "true_found": len(reachable),
            "recalled": len(recalled), "precision": _ratio(hits, len(predicted[relation]), 1.0),
            "recall": _ratio(len(recalled), len(reachable), 1.0)}
    return out


def household_recovery(households: pd.DataFrame, clusters: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """The households the family links make (households.csv) against the true households, as
    pairs of persons (the module's definitions: households_found). Issue 14 states its family
    acceptance so: recall of true household pairs among the individuals found."""
    person_of = _majority(clusters, truth)
    members = truth.loc[truth["household_id"] != "", ["person_id", "household_id"]].drop_duplicates("person_id")
    members = members[members["person_id"].isin(set(person_of.values()))]
    true_pairs = {frozenset(pair) for _, group in members.groupby("household_id", sort=False)
                  for pair in combinations(group["person_id"], 2)}
    found = [frozenset((person_of.get(a), person_of.get(b)))
             for _, group in households.groupby("household_id", sort=False)
             for a, b in combinations(group["individual"], 2)]
    correct = sum(pair in true_pairs for pair in found)  # one person twice is a set of one: wrong
    recalled = len(true_pairs & set(found))
    precision, recall = _ratio(correct, len(found), 1.0), _ratio(recalled, len(true_pairs), 1.0)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "predicted_pairs": len(found), "true_pairs": len(true_pairs)}
