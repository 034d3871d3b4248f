"""Peak memory per stage (peak_memory.py): each stage's own peak, and the process's lifetime peak
left intact for /usr/bin/time and wait4."""

import sys
import time

import pytest

from linkage import peak_memory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")

MB = 1024 * 1024


def _hold(mb: int) -> None:
    """Keep `mb` resident for a few of the sampler's ticks."""
    block = bytearray(mb * MB)
    block[::4096] = b"x" * len(block[::4096])  # resident, not only reserved
    time.sleep(5 * peak_memory.SAMPLE_SECONDS)
    del block


def test_each_stage_reports_its_own_peak_and_the_lifetime_peak_survives_later_stages():
    with peak_memory.StagePeak() as big:
        _hold(300)
    with peak_memory.StagePeak() as small:
        _hold(5)
    assert big.mb >= small.mb + 250
    # the kernel's high-water mark was not reset: what wait4 would read still holds the big stage
    assert peak_memory.lifetime_peak_mb() >= big.mb


def test_a_stage_below_the_peak_reads_its_own_sampled_peak():
    with peak_memory.StagePeak():
        _hold(300)
    with peak_memory.StagePeak() as middle:
        _hold(150)
    with peak_memory.StagePeak() as quiet:
        pass
    assert middle.mb >= quiet.mb + 100
    assert middle.mb < peak_memory.lifetime_peak_mb()
