"""Tune: a one-pass sweep over a saved run; its figures agree with `linkage evaluate`."""

from __future__ import annotations

import csv

import duckdb
import pytest
from click.testing import CliRunner

from linkage.calibrate import expected_f1_threshold
from linkage.cli import cli
from linkage.config import EngineConfig
from linkage.evaluate import evaluate_run
from linkage.generate import write_dataset
from linkage.pipeline import RunOptions, dedupe
from linkage.tune import PLATEAU, recommend, tune


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated list of 400 people deduplicated once; each test copies nothing, writes only
    the tune outputs into the run folder."""
    base = tmp_path_factory.mktemp("tune")
    write_dataset(base / "data", 400, 21)
    engine = EngineConfig(temp_directory=str(base / "duck"), memory_limit="4GB")
    dedupe(RunOptions(mentions=base / "data" / "mentions.csv", out=base / "run", engine=engine))
    return {"run": base / "run", "truth": base / "data" / "truth.csv", "base": base}


def test_recommended_f1_is_within_0005_of_the_best(generated):
    result = tune(generated["run"], generated["truth"], png=False)
    table = result.table
    assert 50 <= len(table) <= 51            # 50 steps, plus the run's own threshold
    assert table.threshold_weight.is_monotonic_increasing
    best = table.f1.max()
    assert table.f1[result.recommended] >= best - 0.005
    assert table.f1[result.recommended] >= best - PLATEAU
    assert "pairwise F1" in result.criterion
    assert table.recommended.sum() == 1


def test_figures_agree_with_evaluate_at_the_runs_threshold(generated):
    result = tune(generated["run"], generated["truth"], png=False)
    ours = result.table[result.table.run_threshold].iloc[0]
    theirs = evaluate_run(generated["run"], generated["truth"])
    for kind, prefix in (("pairwise", ""), ("bcubed", "bcubed_")):
        for measure in ("precision", "recall", "f1"):
            assert ours[prefix + measure] == pytest.approx(theirs[kind][measure], abs=1e-12)
    assert ours.household_merges == theirs["household_merges"]
    assert ours.predicted_clusters == theirs["predicted_clusters"]


def test_outputs_are_written_and_offline(generated):
    result = tune(generated["run"], generated["truth"])
    run = generated["run"]
    for name in ("thresholds.csv", "thresholds.html", "thresholds.png"):
        assert (run / name).is_file() and (run / name) in result.files
    page = (run / "thresholds.html").read_text(encoding="utf-8")
    assert "vegaEmbed" in page and "cdn.jsdelivr" not in page
    assert (run / "thresholds.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with open(run / "thresholds.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"threshold_probability", "threshold_weight", "precision", "recall", "f1",
            "bcubed_precision", "bcubed_recall", "bcubed_f1", "household_merges"} <= set(rows[0])


def test_clerical_pair_labels_score_the_labelled_pairs_only(generated, tmp_path):
    run = generated["run"]
    truth = dict(duckdb.execute("SELECT record_id, person_id FROM read_csv(?, all_varchar=true)",
                                [str(generated["truth"])]).fetchall())
    pairs = duckdb.execute("SELECT record_id_l, record_id_r FROM read_parquet(?) ORDER BY 1, 2 LIMIT 300",
                           [str(run / "pairs.parquet")]).fetchall()
    labels = tmp_path / "clerical.csv"
    with open(labels, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id_l", "record_id_r", "is_match"])
        writer.writerows((a, b, int(truth[a] == truth[b])) for a, b in pairs)
    result = tune(run, labels, png=False)
    row = result.table[result.table.run_threshold].iloc[0]
    clusters = dict(duckdb.execute("SELECT record_id, cluster_id FROM read_csv(?, all_varchar=true)",
                                   [str(run / "clusters.csv")]).fetchall())
    same = [clusters[a] == clusters[b] for a, b in pairs]
    match = [truth[a] == truth[b] for a, b in pairs]
    tp = sum(s and m for s, m in zip(same, match))
    assert row.labelled_pairs == len(pairs)
    assert row.true_positives == tp
    assert row.recall == pytest.approx(tp / sum(match))
    assert "bcubed_f1" not in result.table


def test_precision_floor_gives_the_highest_recall_above_the_floor(generated):
    result = tune(generated["run"], generated["truth"], metric="precision_floor",
                  min_precision=0.99, png=False)
    table = result.table
    chosen = table.loc[result.recommended]
    assert chosen.precision >= 0.99
    assert chosen.recall == table[table.precision >= 0.99].recall.max()
    assert "precision ≥ 0.99" in result.criterion


def test_recommend_takes_the_middle_of_a_flat_optimum():
    import pandas as pd

    table = pd.DataFrame({"threshold_weight": range(7), "f1": [0.5, 0.9, 0.95, 0.951, 0.95, 0.8, 0.1]})
    row, criterion = recommend(table, "f1")
    assert row == 3 and "0.9510" in criterion
    with pytest.raises(Exception, match="needs --min-precision"):
        recommend(table.assign(precision=1.0, recall=0.5), "precision_floor")


def test_without_labels_writes_the_model_charts(generated):
    run = generated["run"]
    result = tune(run, png=False)
    assert result.recommended is None
    assert {"individuals", "largest"} <= set(result.table.columns)
    for name in ("match_weights_chart.html", "m_u_parameters_chart.html", "thresholds.html"):
        page = (run / name).read_text(encoding="utf-8")
        assert "vegaEmbed" in page and "cdn.jsdelivr" not in page, name
    # the cluster count at the run's threshold is the run's own
    clusters = duckdb.execute("SELECT count(DISTINCT cluster_id) FROM read_csv(?, all_varchar=true)",
                              [str(run / "clusters.csv")]).fetchall()[0][0]
    assert result.table[result.table.run_threshold].individuals.iloc[0] == clusters


def test_cli_tune_prints_a_short_table_and_the_recommendation(generated):
    result = CliRunner().invoke(cli, ["tune", str(generated["run"]), "--labels",
                                      str(generated["truth"]), "--steps", "20"], obj={})
    assert result.exit_code == 0, result.output
    assert "recommended: --threshold" in result.output
    assert "this run" in result.output
    assert (generated["run"] / "report.html").is_file()
    bad = CliRunner().invoke(cli, ["tune", str(generated["base"] / "nowhere")], obj={})
    assert bad.exit_code == 1 and "not a complete run folder" in bad.output


def test_the_default_threshold_is_within_001_f1_of_the_best_from_the_truth(generated):
    """The spec's threshold "auto": the run chose it from its own probabilities, without labels."""
    result = tune(generated["run"], generated["truth"], png=False)
    ours = result.table[result.table.run_threshold].iloc[0]
    assert ours.f1 >= result.table.f1.max() - 0.01


def test_expected_f1_threshold_cuts_calibrated_probabilities_near_half_the_best_f1():
    """Pairs scored 0.99 (90 of them), 0.6 (10), 0.3 (10), 0.02 (100): with calibrated p, taking
    the 0.6s adds 6 expected matches for 4 errors (worth it), the 0.3s 3 for 7 (not)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE pairs AS SELECT unnest(?) AS match_probability",
                [[0.99] * 90 + [0.6] * 10 + [0.3] * 10 + [0.02] * 100])
    got = expected_f1_threshold(con, "pairs")
    matches = 0.99 * 90 + 6 + 3 + 2
    assert got.threshold == pytest.approx((0.6 + 0.3) / 2)  # between the pairs it takes and leaves
    assert got.expected_f1 == pytest.approx(2 * (0.99 * 90 + 6) / (100 + matches))
    assert got.expected_matches == pytest.approx(matches)
    con.execute("DELETE FROM pairs")
    assert expected_f1_threshold(con, "pairs").threshold == 0.5


def test_a_clustering_bound_lowers_the_pairwise_cut_and_the_manifest_keeps_both():
    from linkage.calibrate import Calibration
    pairwise = Calibration(threshold=0.45, expected_f1=0.9, expected_matches=100.0)
    lowered = pairwise.at_most(0.06)
    assert lowered.threshold == 0.06 and lowered.as_dict()["pairwise_threshold"] == 0.45
    assert pairwise.at_most(0.5) is pairwise and pairwise.at_most(None) is pairwise
    assert "pairwise_threshold" not in pairwise.as_dict()
