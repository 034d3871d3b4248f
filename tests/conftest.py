"""Shared fixtures: one deduplicated run of the committed sample, reused by the tests that read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.config import EngineConfig
from linkage.pipeline import RunOptions, dedupe

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(autouse=True)
def _own_model_cache(tmp_path, monkeypatch):
    """The command line keeps trained models in the user's cache: each test gets its own, so no
    test reuses a model another trained (nor writes to the home folder). It sits beside the
    test's folder, not in it: tests that check nothing else was written there stay exact."""
    monkeypatch.setenv("LINKAGE_MODEL_CACHE", str(tmp_path.parent / f"{tmp_path.name}-model-cache"))


@pytest.fixture(scope="session")
def engine(tmp_path_factory) -> EngineConfig:
    return EngineConfig(temp_directory=str(tmp_path_factory.mktemp("duckdb")), memory_limit="4GB")


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory, engine) -> Path:
    """The committed sample deduplicated once with the default spec and seed."""
    out = tmp_path_factory.mktemp("runs") / "sample"
    dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=out, engine=engine))
    return out
