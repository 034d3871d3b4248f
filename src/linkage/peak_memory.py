"""Peak resident memory per stage of a run, for the manifest (issue 20: memory per stage).

The kernel keeps the process's high-water mark (VmHWM in /proc/self/status; getrusage's
ru_maxrss), and that lifetime figure is what `/usr/bin/time -v` and wait4 report, so it must
never be reset: an earlier version reset it at each stage (clear_refs), and a whole run's peak
read outside then came out as the last stage's alone (2.9 GB where the family stage had reached
4.5 GB). A stage's peak is therefore read two ways, neither of which touches it:

- when the high-water mark rose during the stage, the stage set the run's peak so far, and the
  new mark is its exact peak;
- otherwise its peak lies below the mark, and a sampling thread's highest VmRSS reading (every
  SAMPLE_SECONDS) is the figure: a lower bound that misses only spikes shorter than a sample.

DuckDB's buffers live in this process and count; Spark's JVM does not (a Spark run's figures are
the driver's Python side only). Where /proc is missing (not Linux) only getrusage's lifetime peak
is known, and each stage reports the peak so far: an upper bound.
"""

from __future__ import annotations

import re
import resource
import sys
import threading
from pathlib import Path
from typing import Self

_STATUS = Path("/proc/self/status")
SAMPLE_SECONDS = 0.05  # a measuring instrument's resolution, not a model value


def _status_mb(field: str) -> float | None:
    """VmHWM or VmRSS of this process in MB, or None where /proc is missing."""
    try:
        found = re.search(rf"{field}:\s+(\d+) kB", _STATUS.read_text())
    except OSError:
        return None
    return round(int(found.group(1)) / 1024, 1) if found else None


def lifetime_peak_mb() -> float:
    """The process's resident high-water mark since it began, in MB."""
    found = _status_mb("VmHWM")
    if found is not None:
        return found
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, bytes on macOS
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


class StagePeak:
    """Context manager: `.mb` is the peak resident memory while the block ran (see the module)."""

    def __init__(self):
        self.mb: float | None = None
        self._mark = 0.0
        self._sampled = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self._sampled = max(self._sampled, _status_mb("VmRSS") or 0.0)
            if self._done.wait(SAMPLE_SECONDS):
                return

    def __enter__(self) -> Self:
        self._mark = lifetime_peak_mb()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()
        mark = lifetime_peak_mb()
        self._sampled = max(self._sampled, _status_mb("VmRSS") or 0.0)
        self.mb = mark if mark > self._mark or not self._sampled else round(self._sampled, 1)
