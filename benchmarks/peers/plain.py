"""What every peer shares: plain features of the mentions and the clustering output.

Reads mentions.csv; returns one row per mention with lower-cased Latin names (one
transliteration, iuliia Wikipedia), ISO dates and birth year. Writes clusters.csv and info.json.
Peers get linkage's own name splitter and date parser: a peer should not lose on parsing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import iuliia
import networkx as nx
import numpy as np
import pandas as pd

from linkage.dates import parse_date
from linkage.names.parse import split_full_name

NAME_PARTS = ("first_name", "patronymic", "surname")


def latin(text: str) -> str:
    return iuliia.WIKIPEDIA.translate(text).lower().strip() if text else ""


def _names(row) -> tuple[str, str, str]:
    if row["full_name"]:
        parts = split_full_name(row["full_name"])
        return parts.first, parts.patronymic, parts.surname
    return row["first_name"], row["patronymic"], row["surname"]


def _iso(text: str, precision: str) -> str | None:
    date = parse_date(text)
    if precision == "day":
        return date.iso if date.precision == "day" else None
    return str(date.year) if date.year else None


def features(mentions_csv: Path) -> pd.DataFrame:
    """record_id, first_name, patronymic, surname, birth_date, birth_year, death_date, region."""
    raw = pd.read_csv(mentions_csv, dtype=str, keep_default_na=False)
    names = [tuple(latin(p) for p in _names(r)) for r in raw.to_dict("records")]
    out = pd.DataFrame(names, columns=list(NAME_PARTS))
    out.insert(0, "record_id", raw["record_id"])
    out["birth_date"] = [_iso(t, "day") for t in raw["birth_date"]]
    out["birth_year"] = [_iso(t, "year") for t in raw["birth_date"]]
    out["death_date"] = [_iso(t, "day") for t in raw["death_date"]]
    out["region"] = [latin(t) for t in raw["region"]]
    return out.replace({"": None})


def components(ids: list[str], left, right) -> np.ndarray:
    """Connected-component label per id for the edges (left[i], right[i])."""
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(zip(left, right))
    label = {node: i for i, part in enumerate(nx.connected_components(graph)) for node in part}
    return np.array([label[i] for i in ids])


def write_result(out: Path, record_ids, labels, info: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"record_id": list(record_ids), "cluster_id": list(labels)}).to_csv(
        out / "clusters.csv", index=False)
    (out / "info.json").write_text(json.dumps(info, indent=2, default=str))


def write_links(out: Path, ids: list[str], links, info: dict) -> None:
    """Cluster a recordlinkage MultiIndex of predicted links by connected components and write it."""
    labels = components(ids, links.get_level_values(0), links.get_level_values(1))
    write_result(out, ids, labels, {"links": len(links), **info})


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()
