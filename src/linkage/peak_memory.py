"""Peak resident memory per stage of a run, for the manifest (issue 20: memory per stage).

On Linux the kernel keeps the process's high-water mark (VmHWM in /proc/self/status) and lets the
process reset it (writing 5 to /proc/self/clear_refs), so each stage's own peak is exact, with no
sampling thread. Elsewhere only the lifetime peak (getrusage) is known: a stage then reports the
peak so far, which is still an upper bound. DuckDB's buffers live in this process and count;
Spark's JVM does not (a Spark run's figures are the driver's Python side only).
"""

from __future__ import annotations

import re
import resource
import sys
from pathlib import Path

_STATUS, _CLEAR = Path("/proc/self/status"), Path("/proc/self/clear_refs")


def reset() -> bool:
    """Start a new high-water mark; False where the platform cannot (the peak then accumulates)."""
    try:
        _CLEAR.write_text("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    """The resident high-water mark since the last reset (else since the process began), in MB."""
    try:
        found = re.search(r"VmHWM:\s+(\d+) kB", _STATUS.read_text())
        if found:
            return round(int(found.group(1)) / 1024, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, bytes on macOS
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
