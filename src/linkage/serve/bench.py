"""The workbench's shared state: the run it serves, opened once at start-up.

open_workbench opens the run (runs.Run), builds the start-up indexes from it (index.py) and
keeps it open for the audits, warming what an audit would otherwise read on its first request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from linkage import schema
from linkage.audit.reading import cluster_labels
from linkage.runs import COMPLETE, Run
from linkage.serve import decide
from linkage.serve.index import REQUIRED, RunIndex, build_index


@dataclass
class Workbench:
    """What the routes share: the run, its indexes, the audits' open run, the store, the guard."""

    run: Path
    store: Path
    who: str | None
    index: RunIndex
    saved: Run
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
    saved = Run.open(run, need=tuple(dict.fromkeys(COMPLETE + REQUIRED)))
    try:
        earlier = None if previous is None else Run.open(previous, need=(schema.CLUSTERS,))
        index = build_index(saved, earlier)
        cluster_labels(saved)  # read once now (kept on the open run): audits then take ~0.2 s
        saved.record_ids()
    except BaseException:
        saved.close()
        raise
    return Workbench(run, Path(store), who, index, saved, decide.Guard(), threading.Lock(),
                     time.perf_counter() - started)
