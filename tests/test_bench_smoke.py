"""The benchmark script's smoke run: 2k mentions, linkage and plain Splink, table written."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_smoke_writes_table_and_linkage_beats_plain_splink(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke",
                           "--results", str(tmp_path)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    tables = list(tmp_path.glob("bench-*-smoke.md"))
    assert len(tables) == 1 and "| linkage | " in tables[0].read_text()
    rows = {r["tool"]: r for r in json.loads(tables[0].with_suffix(".json").read_text())["rows"]}
    assert rows["linkage"]["pairwise F1"] >= rows["splink"]["pairwise F1"]
