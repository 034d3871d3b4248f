"""DuckDB work run in a thread beside the stages that are mostly Python.

Some stages hold one core and leave the other idle: Splink's training runs one query at a time
on a small sample, and after scoring the run spends its time in Python (clustering's merges, the
family model), while DuckDB releases the GIL as it runs a query. So work that does not depend on
them runs meanwhile, on a cursor of its own: the candidate pairs and the cannot-links' Records
are made beside the training; the run folder's largest files, fixed once the pairs are scored
(the scored pairs, the features, the mentions), are written beside the clustering; the canonical
records are built beside the family links (benchmarks/results/lead-2026-12-07.md).
Nothing here decides anything: the tables and files are the same as when made in turn.

A thread, not a process: the tables live in this process's DuckDB, and a cursor reads them
without a copy. Only permanent tables can be read (a DuckDB temp table is its connection's).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import suppress
from typing import Self

import duckdb


class Beside:
    """`work(cursor)` run in a thread on a new cursor of `con`; `wait()` returns what it returned
    (its seconds are then `seconds`) or raises its error. As a context manager it always waits on
    exit, so the thread never outlives the run (a failed run removes the folder the thread writes
    into only after it has stopped); when the run failed, the work's query is interrupted first."""

    def __init__(self, con, work):
        self._cursor = con.cursor()
        self.seconds: float | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="linkage-beside")
        self._future = self._pool.submit(self._run, work)

    def _run(self, work):
        start = time.perf_counter()
        try:
            return work(self._cursor)
        finally:
            self._cursor.close()
            self.seconds = round(time.perf_counter() - start, 3)

    def wait(self):
        """What the work returned, once it has finished; its exception if it failed. The result
        is handed over once, not kept: the cannot-links' Records of a million mentions, kept
        here to the run's end, raised its peak by 0.8 GB."""
        future = self._future
        if future is None:
            return None
        # forgotten only once it has returned: on an error (Ctrl-C while waiting, too) __exit__
        # still finds the work running, interrupts it and waits for it
        result = future.result()
        self._future = None
        self._pool.shutdown()
        return result

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._future is None:  # waited for already
            return
        if kind is None:
            self.wait()
            return
        while not self._future.done():  # the run failed: the work's query is of no more use
            # again until it ends: an interrupt that comes before a query starts is not kept
            with suppress(duckdb.Error):  # the work may have just finished and closed its cursor
                self._cursor.interrupt()
            wait([self._future], timeout=0.05)
        self._pool.shutdown(wait=True)  # the run's own error is the one to report
