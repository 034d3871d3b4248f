"""The workbench's shared state: the run it serves, opened once at start-up.

open_workbench builds the start-up indexes (index.py) and opens the SavedRun the audits read,
warming the caches an audit would otherwise fill on its first request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from linkage.audit.reading import cluster_labels
from linkage.serve import decide
from linkage.serve.index import RunIndex, build_index
from linkage.tune import SavedRun, open_run


@dataclass
class Workbench:
    """What the routes share: the run, its indexes, the audits' open run, the store, the guard."""

    run: Path
    store: Path
    who: str | None
    index: RunIndex
    saved: SavedRun
    guard: decide.Guard
    # One request at a time reads the open run's connection or the decision store (DuckDB refuses
    # a read-only and a read-write connection to one file in one process at once).
    lock: threading.Lock
    started: float

    def close(self) -> None:
        self.index.close()
        self.saved.close()


def open_workbench(run: Path, store: Path, who: str | None = None,
                   previous: Path | None = None) -> Workbench:
    """Build the indexes and open the run for the audits (once, at start-up); `previous`, an
    earlier run folder of the list, marks the individuals it grouped otherwise."""
    run = Path(run).resolve()
    started = time.perf_counter()
    index = build_index(run, previous)
    try:
        saved = open_run(run)
        cluster_labels(saved)  # read once now (cached on the open run): audits then take ~0.2 s
        saved.record_ids()
    except BaseException:
        index.close()
        raise
    return Workbench(run, Path(store), who, index, saved, decide.Guard(), threading.Lock(),
                     time.perf_counter() - started)
