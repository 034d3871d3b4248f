"""Benchmark: the review workbench over a large run folder, as a user meets it.

Usage: PYTHONPATH=src python benchmarks/serve.py RUN [RUN ...] [--repeat 20]
For each run folder: start `linkage serve RUN` in its own process on a free port; time start-up
(process start to the ready line: the indexes built), then over real HTTP the first queue page
right after start-up, more queue pages (sorted, paged), searches (Latin and Cyrillic spellings,
a diminutive, a typo, a word none matches), an individual's page, a pair's page and the
households. Prints a table and writes benchmarks/results/serve.md (one row per run folder).
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb

from linkage import schema

HERE = Path(__file__).resolve().parent
OUT = HERE / "results" / "serve.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[float, int, str]:
    """(seconds, HTTP status, the page's text)."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read().decode("utf-8", errors="replace")
        status = response.status
    return time.perf_counter() - started, status, body


def _hits(page: str) -> str:
    found = re.search(r'id="search-summary">([\d+]+) individual', page)
    return found.group(1) if found else "?"


def _queries(run: Path) -> list[str]:
    """Searches a reviewer would type, taken from the run: a common and a rare surname in Latin
    and Cyrillic, a surname with a first name, a surname with one letter changed, a pet name."""
    con = duckdb.connect()
    source = f"read_csv('{run / schema.INDIVIDUALS}', all_varchar=true)"
    common = con.execute(f"""SELECT surname, surname_latin FROM {source} WHERE surname_latin IS NOT NULL
        GROUP BY ALL ORDER BY count(*) DESC LIMIT 1""").fetchall()[0]
    rows = con.execute(f"""SELECT surname, surname_latin, first_name_latin FROM {source}
        WHERE surname_latin IS NOT NULL AND length(surname_latin) >= 6 AND first_name_latin IS NOT NULL
        ORDER BY hash(cluster_id) LIMIT 3""").fetchall()
    con.close()
    surname, latin = common
    rare_cyr, rare_latin, rare_first = rows[0]
    typo = rows[1][1][:3] + ("a" if rows[1][1][3] != "a" else "o") + rows[1][1][4:]
    return [latin, surname, f"{rare_latin} {rare_first}", rare_cyr, typo, "Sasha " + rows[2][1],
            "Shchukov", "Qwxzv"]


def _split(base: str, cluster_id: str) -> float:
    """Seconds to split one mention off an individual from its page (token and Origin as a browser
    sends them; the decision goes to a scratch store)."""
    page = _get(f"{base}/individual/{urllib.parse.quote(cluster_id)}")[2]
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    record = re.findall(r'form class="split" method="post" action="/decide" data-record="([^"]+)"', page)[-1]
    data = urllib.parse.urlencode({"token": token, "kind": "split", "cluster_id": cluster_id,
                                   "record_id": record, "note": "benchmark"}).encode()
    request = urllib.request.Request(f"{base}/decide", data=data, headers={"Origin": base})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        assert "done=" in response.url, response.url
    return time.perf_counter() - started


def _peak_rss_mb(pid: int) -> float | None:
    """The server's peak resident memory (Linux /proc), MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else None


def measure(run: Path, repeat: int) -> dict:
    port = _free_port()
    store = Path(tempfile.mkdtemp()) / "store.duckdb"
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "linkage", "serve", str(run), "--port", str(port),
                                "--store", str(store)], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        if "indexed" not in line:
            raise RuntimeError(f"linkage serve did not start: {line!r}")
        while True:  # the ready line comes just before uvicorn binds: wait for the socket
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.02)
        startup = time.perf_counter() - started
        first, status, _ = _get(base + "/")
        assert status == 200
        queue = [_get(f"{base}/?sort={s}&page={p}")[0]
                 for s in ("weakest", "mentions", "refused", "name") for p in (0, 3, 40)]
        searches, hits = {}, {}
        for q in _queries(run):
            answers = [_get(f"{base}/search?go=0&q={urllib.parse.quote(q)}") for _ in range(repeat)]
            searches[q] = statistics.median(a[0] for a in answers)
            hits[q] = _hits(answers[0][2])
        con = duckdb.connect()
        weakest = con.execute(f"""SELECT cluster_id, weakest_pair FROM read_csv('{run / schema.CLUSTER_QUALITY}',
            all_varchar=true) WHERE CAST(size AS INT) > 3 ORDER BY CAST(min_match_weight AS DOUBLE) LIMIT 5""").fetchall()
        con.close()
        individual = [_get(f"{base}/individual/{urllib.parse.quote(c)}")[0] for c, _ in weakest]
        pair = [_get(f"{base}/pair?a={a}&b={b}")[0] for a, b in
                (w.split(" — ") for _, w in weakest)]
        charts = [_get(f"{base}/waterfall.svg?a={a}&b={b}")[0] for a, b in
                  (w.split(" — ") for _, w in weakest)]
        households = [_get(f"{base}/households?page={p}")[0] for p in (0, 5)]
        decision = _split(base, weakest[0][0])
        peak = _peak_rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    return {"run": run.name, "mentions": manifest["counts"]["accepted"],
            "individuals": manifest["counts"]["clusters"], "startup_s": startup, "first_page_s": first,
            "queue_median_s": statistics.median(queue), "queue_max_s": max(queue),
            "search_median_s": statistics.median(searches.values()), "search_max_s": max(searches.values()),
            "searches": searches, "hits": hits, "individual_median_s": statistics.median(individual),
            "individual_max_s": max(individual), "pair_median_s": statistics.median(pair),
            "households_s": max(households), "waterfall_s": statistics.median(charts),
            "split_s": decision, "peak_mb": peak}


def _table(results: list[dict]) -> str:
    head = ("| mentions | individuals | start-up s | first page s | queue page s (median / max) | "
            "search s (median / max) | individual s (median / max) | pair s | waterfall s | "
            "households s | split decision s | server peak MB |")
    rows = [head, "|" + "---|" * 12]
    for r in results:
        rows.append(f"| {r['mentions']:,} | {r['individuals']:,} | {r['startup_s']:.1f} | {r['first_page_s']:.3f} | "
                    f"{r['queue_median_s']:.3f} / {r['queue_max_s']:.3f} | "
                    f"{r['search_median_s']:.3f} / {r['search_max_s']:.3f} | "
                    f"{r['individual_median_s']:.2f} / {r['individual_max_s']:.2f} | "
                    f"{r['pair_median_s']:.2f} | {r['waterfall_s']:.2f} | {r['households_s']:.3f} | "
                    f"{r['split_s']:.2f} | {r['peak_mb'] or 0:,.0f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    results = [measure(run, args.repeat) for run in args.runs]
    table = _table(results)
    print(table)
    for r in results:
        print(r["run"], {q: (round(s * 1000, 1), r["hits"][q]) for q, s in r["searches"].items()})
    searches = "\n".join(f"- {r['mentions']:,} mentions: " + ", ".join(
        f"`{q}` {s * 1000:.0f} ms ({r['hits'][q]} found)" for q, s in r["searches"].items()) for r in results)
    OUT.write_text(
        "# The review workbench: response times over real HTTP\n\n"
        "`python benchmarks/serve.py RUN ...`: `linkage serve` in its own process; start-up is process\n"
        "start to listening (indexes built); the first page is the queue right after start-up; every\n"
        "search is the median of repeated requests, over the spellings below (taken from the run).\n"
        "2 cores shared with other work.\n\n" + table + "\n\nSearches (median):\n\n" + searches + "\n",
        encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
