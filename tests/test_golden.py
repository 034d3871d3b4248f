"""End to end on a golden file of hard cases: transliterations, diminutives, brothers, twins.

The cases are appended to the committed sample (so the model trains on realistic data) and the
whole pipeline runs once; each case states which mentions must share a cluster and which not.
"""

from __future__ import annotations

import csv
import tomllib

import pytest

from linkage.pipeline import RunOptions, dedupe
from tests.conftest import ROOT, SAMPLE

CASES = tomllib.loads((ROOT / "tests" / "golden" / "hard_cases.toml").read_text(encoding="utf-8"))["case"]


@pytest.fixture(scope="module")
def clusters(tmp_path_factory, engine) -> dict:
    folder = tmp_path_factory.mktemp("golden")
    with open(SAMPLE / "mentions.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    rows += [{c: m.get(c, "") for c in columns} for case in CASES for m in case["mentions"]]
    path = folder / "mentions.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    dedupe(RunOptions(mentions=path, out=folder / "run", engine=engine))
    with open(folder / "run" / "clusters.csv", encoding="utf-8", newline="") as handle:
        return {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hard_case(case, clusters):
    for group in case.get("same", []):
        assert len({clusters[r] for r in group}) == 1, f"{group} should be one person"
    for a, b in case.get("apart", []):
        assert clusters[a] != clusters[b], f"{a} and {b} are different people"
