"""The run report: a self-contained page that a real browser renders, tables and charts, without
console errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from linkage.config import EngineConfig
from linkage.generate import write_dataset
from linkage.pipeline import RunOptions, dedupe
from linkage.report import write_report

TABLES = ("counts", "cluster-sizes", "largest", "weakest", "households")
CHARTS = ("chart-sizes", "chart-weights")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    write_dataset(base / "data", 300, 41)
    engine = EngineConfig(temp_directory=str(base / "duck"), memory_limit="4GB")
    dedupe(RunOptions(mentions=base / "data" / "mentions.csv", out=base / "run", engine=engine))
    return write_report(base / "run")


def test_report_has_every_section(report):
    page = report.read_text(encoding="utf-8")
    for table in TABLES:
        assert f'<table id="{table}">' in page, table
    for chart in CHARTS:
        assert re.search(rf'<figure id="{chart}"><svg', page), chart
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page


def test_report_links_the_tune_charts_once_they_exist(report):
    assert "linkage tune RUN" in report.read_text(encoding="utf-8")
    (report.parent / "thresholds.html").write_text("<html></html>", encoding="utf-8")
    write_report(report.parent)
    assert 'href="thresholds.html"' in report.read_text(encoding="utf-8")


def _browser(url: str, *args: str, tmp_path) -> subprocess.CompletedProcess:
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
               "--v=0", *args, url]
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(_chromium() is None and not os.environ.get("CI"),
                    reason="Chromium is not installed (CI installs it: apt-get install -y chromium)")
def test_report_renders_in_a_real_browser(report, tmp_path):
    url = report.resolve().as_uri()
    dom = _browser(url, "--dump-dom", tmp_path=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for table in TABLES:
        assert f'id="{table}"' in dom.stdout, table
    assert dom.stdout.count("<svg") >= len(CHARTS)
    assert re.search(r'id="counts".*?<td[^>]*>\s*[\d,]+\s*</td>', dom.stdout, re.DOTALL), "counts table is empty"
    # Chromium logs every console message (error, warning, uncaught exception, failed resource)
    # at one level, INFO:CONSOLE; the page has no script, so any message at all is a fault.
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console
    screenshot = report.parent / "report.png"
    shot = _browser(url, f"--screenshot={screenshot}", "--window-size=1280,2000", tmp_path=tmp_path)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
