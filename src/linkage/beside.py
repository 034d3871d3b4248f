"""DuckDB work run in a thread beside the stages that are mostly Python.

After scoring, a run spends its time in Python (clustering's merges, the family model) on one
core, while DuckDB, which releases the GIL as it runs a query, sits idle. The run folder's largest
files are fixed once the pairs are scored (the scored pairs, the features, the mentions), so they
are written meanwhile, on a cursor of their own: at 200k mentions 1.8 s of the write stage, at
1M tens of seconds (benchmarks/results/lead-2026-12-07.md). Nothing here decides anything; the
files are the same as when written last.

A thread, not a process: the tables live in this process's DuckDB, and a cursor reads them
without a copy. Only permanent tables can be read (a DuckDB temp table is its connection's).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Self


class Beside:
    """`work(cursor)` run in a thread on a new cursor of `con`; `wait()` returns its seconds or
    raises its error. As a context manager it always waits on exit, so the thread never outlives
    the run (a failed run removes the folder the thread writes into only after it has stopped)."""

    def __init__(self, con, work):
        self._cursor = con.cursor()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="linkage-beside")
        self._future = self._pool.submit(self._run, work)

    def _run(self, work) -> float:
        start = time.perf_counter()
        try:
            work(self._cursor)
        finally:
            self._cursor.close()
        return round(time.perf_counter() - start, 3)

    def wait(self) -> float:
        """The work's seconds, once it has finished; its exception if it failed."""
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.wait()
            return
        self._pool.shutdown(wait=True)  # the run's own error is the one to report
