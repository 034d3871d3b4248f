"""Crash safety: a run killed with SIGKILL leaves the previous run folder byte for byte and the
reviewer decisions intact, and the next run succeeds; the run folder's recovery rules."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
from click.testing import CliRunner

from linkage import review, runfolder
from linkage.cli import cli
from tests.conftest import SAMPLE


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _kill_when(args: list[str], marker: str, stream: str = "stderr", cwd: Path | None = None) -> str:
    """Start `python -m linkage …` (or a -c script), SIGKILL it once `marker` is printed."""
    pipe = {"stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL} if stream == "stdout" else \
        {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    proc = subprocess.Popen([sys.executable, *args], text=True, cwd=cwd, **pipe)
    seen = []
    for line in getattr(proc, stream):
        seen.append(line)
        if marker in line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen[-20:])
    return "".join(seen)


def test_sigkill_while_scoring_keeps_the_previous_run_and_the_decisions(sample_run, tmp_path):
    out, store = tmp_path / "run", tmp_path / "decisions.duckdb"
    shutil.copytree(sample_run, out)
    before = _snapshot(out)
    ids = sorted(before["clusters.csv"].decode().splitlines()[1:])[:4]
    a, b, c, d = (line.split(",")[0] for line in ids)
    runner = CliRunner()
    for verb, x, y in (("--split", a, b), ("--link", c, d)):
        made = runner.invoke(cli, ["review", str(out), verb, x, y, "--store", str(store)], obj={})
        assert made.exit_code == 0, made.output
    decided = review.decisions(store)

    _kill_when(["-m", "linkage", "-v", "--temp-dir", str(tmp_path / "duck"), "dedupe",
                str(SAMPLE / "mentions.csv"), "--out", str(out), "--store", str(store)],
               marker="linkage.pipeline: score", cwd=tmp_path)
    assert list(tmp_path.glob(".run.staging-*")), "the run died after publishing, not while scoring"
    assert _snapshot(out) == before
    assert review.decisions(store) == decided

    rerun = runner.invoke(cli, ["--temp-dir", str(tmp_path / "duck"), "dedupe",
                                str(SAMPLE / "mentions.csv"), "--out", str(out),
                                "--store", str(store)], obj={})
    assert rerun.exit_code == 0, rerun.output
    assert not list(tmp_path.glob(".run.*")), "a staging or .old folder was left behind"
    assert '"decisions_used": [\n    1,\n    2\n  ]' in (out / "manifest.json").read_text()


WRITER = """
import sys
from linkage.review import record
for i in range(100_000):
    record(sys.argv[1], "link", f"a{i:05d}", f"b{i:05d}", note="crash test")
    print(i, flush=True)
"""


def test_sigkill_while_writing_decisions_keeps_every_committed_one(tmp_path):
    store = tmp_path / "decisions.duckdb"
    printed = _kill_when(["-c", WRITER, str(store)], marker="40\n", stream="stdout")
    committed = len(printed.split())
    kept = review.decisions(store)
    assert len(kept) in (committed, committed + 1)  # the kill may land after a commit, before its print
    assert [(d.record_a, d.record_b) for d in kept] == [(f"a{i:05d}", f"b{i:05d}") for i in range(len(kept))]
    review.record(store, "split", "x1", "x2")
    assert review.decisions(store)[-1].record_a == "x1"


# --- the run folder's recovery rules, state by state ---------------------------------------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_crash_between_the_two_renames_is_undone_by_the_next_run(tmp_path):
    out = tmp_path / "run"
    old = tmp_path / f".run.old-{_dead_pid()}"
    old.mkdir()
    (old / "clusters.csv").write_text("previous")
    (old / "manifest.json").write_text('{"written_by": "linkage", "files": ["clusters.csv", "manifest.json"]}')
    with runfolder.staged(out) as stage:
        assert (out / "clusters.csv").read_text() == "previous"  # put back before anything else
        (stage / "clusters.csv").write_text("new")
    assert (out / "clusters.csv").read_text() == "new"
    assert not old.exists()


def test_stages_of_dead_runs_are_removed_and_live_ones_kept(tmp_path):
    dead = tmp_path / f".run.staging-{_dead_pid()}"
    live = tmp_path / f".run.staging-{os.getppid()}"
    for folder in (dead, live):
        folder.mkdir()
        (folder / "pairs.parquet").write_bytes(b"half")
    with runfolder.staged(tmp_path / "run") as stage:
        (stage / "clusters.csv").write_text("x")
    assert not dead.exists() and live.exists()


def test_a_failed_run_leaves_the_previous_folder_and_no_stage(tmp_path):
    out = tmp_path / "run"
    with runfolder.staged(out) as stage:
        (stage / "clusters.csv").write_text("first")
    try:
        with runfolder.staged(out) as stage:
            (stage / "clusters.csv").write_text("half")
            raise RuntimeError("crash")
    except RuntimeError:
        pass
    assert (out / "clusters.csv").read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_a_run_folder_name_with_glob_and_quote_characters(tmp_path):
    out = tmp_path / "it's [a] run*"
    for text in ("one", "two"):
        with runfolder.staged(out) as stage:
            (stage / "clusters.csv").write_text(text)
    assert (out / "clusters.csv").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_duckdb_settings_come_from_the_engine_config(tmp_path):
    from linkage.config import EngineConfig
    from linkage.database import connect

    spill = tmp_path / "sp'ill"
    con = connect(EngineConfig(memory_limit="1GB", temp_directory=str(spill), threads=1))
    settings = dict(con.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN "
        "('memory_limit', 'temp_directory', 'threads')").fetchall())
    assert settings["temp_directory"] == str(spill.resolve())
    assert settings["threads"] == "1"
    assert settings["memory_limit"].startswith(("953.6 MiB", "1.0 GB", "1000.0 MB"))
    assert isinstance(con, duckdb.DuckDBPyConnection)
