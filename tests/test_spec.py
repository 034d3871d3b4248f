"""Every tuning value is in the spec: the tables are read whole, and a wrong one is one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.comparisons import build_comparisons
from linkage.config import load_spec
from linkage.errors import ModelError

SOLDIERS = Path(__file__).resolve().parents[1] / "models" / "soldiers.toml"


def _spec(tmp_path, old: str, new: str) -> Path:
    text = SOLDIERS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_committed_specs_state_every_table():
    for name in ("soldiers", "person"):
        spec = load_spec(name)
        assert spec.scoring.pairs_floor == 0.01 and spec.dates.age_only_death_year == 2023
        assert spec.family.kin("sibling") == 0.08
        assert len(build_comparisons(spec.comparisons)) == len(spec.comparisons)


def test_a_missing_or_unknown_key_names_the_file_and_table(tmp_path):
    with pytest.raises(ModelError, match=r"edited.toml.*\[family\].*missing key rare"):
        load_spec(str(_spec(tmp_path, "rare = 0.2\n", "")))
    with pytest.raises(ModelError, match=r"edited.toml.*\[dates\].*unknown key max_agee"):
        load_spec(str(_spec(tmp_path, "max_age = 100", "max_agee = 100")))


def test_u_sampling_chunks_are_whole_numbers_per_backend(tmp_path):
    """The chunks Splink samples u in are the spec's, per backend (Spark's in one pass)."""
    assert load_spec("soldiers").scoring.u_sampling_chunks == {"duckdb": 10, "spark": 1}
    for bad in ("{ duckdb = 0, spark = 1 }", "{ duckdb = 2.5, spark = 1 }", "10"):
        with pytest.raises(ModelError, match=r"edited.toml.*u_sampling_chunks is"):
            load_spec(str(_spec(tmp_path, "u_sampling_chunks = { duckdb = 10, spark = 1 }",
                                f"u_sampling_chunks = {bad}")))


def test_a_comparison_with_the_wrong_levels_is_one_clear_error(tmp_path):
    spec = load_spec(str(_spec(tmp_path, "levels = [7, 62, 183]", "levels = [7]")))
    with pytest.raises(ModelError, match="'death_date' .death_date. needs levels"):
        build_comparisons(spec.comparisons)
