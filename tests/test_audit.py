"""Audit: a cluster's records, links, weakest link and near misses; a pair's waterfall and verdict."""

from __future__ import annotations

import csv

import duckdb
import pytest
from click.testing import CliRunner

from linkage import review
from linkage.audit import audit_cluster, audit_pair, cluster_html, pair_html
from linkage.cli import cli
from linkage.config import EngineConfig
from linkage.generate import write_dataset
from linkage.pipeline import RunOptions, dedupe
from linkage.weights import probability_to_weight


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("audit")
    write_dataset(base / "data", 400, 31)
    engine = EngineConfig(temp_directory=str(base / "duck"), memory_limit="4GB")
    manifest = dedupe(RunOptions(mentions=base / "data" / "mentions.csv", out=base / "run", engine=engine))
    return {"path": base / "run", "threshold": manifest["parameters"]["threshold"]}


@pytest.fixture(scope="module")
def clusters(run) -> dict:
    with open(run["path"] / "clusters.csv", encoding="utf-8", newline="") as handle:
        return {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def pairs(run):
    return duckdb.execute(
        "SELECT record_id_l, record_id_r, match_weight FROM read_parquet(?) ORDER BY match_weight DESC",
        [str(run["path"] / "pairs.parquet")]).fetchall()


def _largest(clusters: dict) -> tuple[str, list[str]]:
    members: dict = {}
    for record_id, cluster_id in clusters.items():
        members.setdefault(cluster_id, []).append(record_id)
    cluster_id = max(sorted(members), key=lambda c: len(members[c]))
    return cluster_id, sorted(members[cluster_id])


def test_cluster_audit_shows_records_links_and_the_weakest_link(run, clusters):
    cluster_id, members = _largest(clusters)
    assert len(members) >= 3
    audit = audit_cluster(run["path"], cluster_id)
    assert sorted(audit.records.record_id) == members
    assert {"first_name", "surname", "norm_first_key", "norm_birth_date"} <= set(audit.records.columns)
    assert set(audit.edges.record_id_l) | set(audit.edges.record_id_r) <= set(members)
    weak = audit.weakest
    assert set(weak["side_l"]).isdisjoint(weak["side_r"])
    assert sorted(weak["side_l"] + weak["side_r"]) == members
    # the weakest link is the weakest edge of a maximum spanning tree: the groups it joins have
    # no stronger link between them
    across = audit.edges[audit.edges.record_id_l.isin(weak["side_l"]) != audit.edges.record_id_r.isin(weak["side_l"])]
    assert across.match_weight.max() == pytest.approx(weak["match_weight"])


def test_record_audit_is_the_cluster_of_the_record(run, clusters):
    cluster_id, members = _largest(clusters)
    audit = audit_cluster(run["path"], record_id=members[-1])
    assert audit.cluster_id == cluster_id and audit.focus == members[-1]


def test_near_misses_say_why_they_did_not_join(run, clusters):
    threshold_w = probability_to_weight(run["threshold"])
    seen = 0
    for cluster_id in sorted(set(clusters.values()))[:60]:
        near = audit_cluster(run["path"], cluster_id, limit=5).near_misses
        for row in near.itertuples():
            seen += 1
            assert clusters[row.record_outside] != cluster_id
            if row.match_weight < threshold_w:
                assert row.why_not.startswith("below the threshold")
            else:
                assert row.why_not.startswith("refused")
    assert seen > 0


def test_pair_contributions_add_up_to_the_match_weight(run, pairs):
    a, b, weight = pairs[len(pairs) // 2]
    audit = audit_pair(run["path"], a, b)
    parts = audit.contributions[audit.contributions.comparison != "total"].match_weight.sum()
    assert parts == pytest.approx(weight, abs=1e-6)
    assert audit.contributions.comparison.iloc[0] == "prior"
    assert audit.match_weight == pytest.approx(weight)


def test_pair_verdicts(run, clusters, pairs):
    threshold_w = probability_to_weight(run["threshold"])
    kept = next((a, b) for a, b, w in pairs if clusters[a] == clusters[b] and w >= threshold_w)
    assert audit_pair(run["path"], *kept).verdict.startswith("kept: the pair scores above")
    low = next((a, b) for a, b, w in pairs if clusters[a] != clusters[b] and w < threshold_w)
    assert "below the threshold" in audit_pair(run["path"], *low).verdict
    refused = [(a, b) for a, b, w in pairs if clusters[a] != clusters[b] and w >= threshold_w]
    for a, b in refused[:3]:
        assert ": refused" in audit_pair(run["path"], a, b).verdict


def test_a_pair_never_scored_is_explained(run, clusters, pairs):
    scored = {frozenset((a, b)) for a, b, _ in pairs}
    ids = sorted(clusters)
    a, b = next((x, y) for x in ids[:50] for y in ids[-50:] if frozenset((x, y)) not in scored)
    audit = audit_pair(run["path"], a, b)
    assert not audit.scored
    assert any("never compared" in n or "probability floor" in n for n in audit.notes)
    assert audit.verdict.startswith("apart")


def test_reviewer_decisions_on_the_pair_are_shown(run, pairs, tmp_path):
    a, b, _ = pairs[0]
    store = tmp_path / "store.duckdb"
    review.record(store, "split", a, b, note="checked the unit lists", who="tester")
    audit = audit_pair(run["path"], a, b, store=store)
    assert any("reviewer decision 1 (in force): split by tester" in n for n in audit.notes)


def test_html_pages_are_self_contained(run, clusters, pairs):
    cluster_id, members = _largest(clusters)
    page = cluster_html(audit_cluster(run["path"], cluster_id, chart=True))
    assert all(m in page for m in members)
    assert "vegaEmbed" in page and "cdn.jsdelivr" not in page
    a, b, _ = pairs[0]
    page = pair_html(audit_pair(run["path"], a, b, chart=True))
    assert "Waterfall" in page and "cdn.jsdelivr" not in page and a in page


def test_cli_audit(run, clusters, pairs, tmp_path):
    cluster_id, members = _largest(clusters)
    out = tmp_path / "audit.html"
    result = CliRunner().invoke(cli, ["audit", str(run["path"]), "--record", members[0],
                                      "--html", str(out)], obj={})
    assert result.exit_code == 0, result.output
    assert f"Cluster {cluster_id}" in result.output and "Weakest link" in result.output
    assert out.is_file()
    a, b, _ = pairs[0]
    result = CliRunner().invoke(cli, ["audit", str(run["path"]), "--pair", a, b], obj={})
    assert result.exit_code == 0 and "prior" in result.output and "total" in result.output
    both = CliRunner().invoke(cli, ["audit", str(run["path"]), "--cluster", cluster_id,
                                    "--record", members[0]], obj={})
    assert both.exit_code == 2 and "exactly one of" in both.output
    missing = CliRunner().invoke(cli, ["audit", str(run["path"]), "--cluster", "nope"], obj={})
    assert missing.exit_code == 1 and "no cluster 'nope'" in missing.output
