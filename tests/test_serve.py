"""The review workbench (`linkage serve`): its pages over a real run, the guard on decisions, HTML
escaping of every value from the list, and, in Debian's Chromium driven by Selenium, a reviewer's
path: the queue, a Latin search landing on the Cyrillic individual, a split in the page that the
next dedupe honours."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from linkage.config import EngineConfig
from linkage.generate import write_dataset
from linkage.pipeline import RunOptions, dedupe
from linkage.review import decisions, decisions_for_run, reviews
from linkage.serve import create_app, open_workbench
from linkage.serve.graph import household_svg, read_links
from linkage.serve.names import query_keys

DOCS = Path(__file__).resolve().parents[1] / "docs"
XSS = "<script>window.__xss=1</script>"
# One person three times (Cyrillic twice, then a Latin transliteration), and a name that is
# markup: every page must show it as text.
EXTRA = [
    {"record_id": "w-shch-1", "source": "obituary", "surname": "Щуков", "first_name": "Павел",
     "patronymic": "Игоревич", "birth_date": "1991-03-14", "death_date": "2024-02-02",
     "region": "Томская область", "settlement": "г. Томск"},
    {"record_id": "w-shch-2", "source": "news", "surname": "Щуков", "first_name": "Павел",
     "patronymic": "Игоревич", "birth_date": "14.03.1991", "death_date": "02.02.2024",
     "region": "Томская обл.", "settlement": "Томск"},
    {"record_id": "w-shch-3", "source": "foreign", "surname": "Shchukov", "first_name": "Pavel",
     "patronymic": "Igorevich", "birth_date": "1991-03-14", "death_date": "2024-02-02",
     "region": "Tomsk oblast"},
    {"record_id": "w-xss-1", "source": "social", "surname": f"Зорин{XSS}", "first_name": "Олег",
     "patronymic": "Петрович", "birth_date": "1985-07-01", "death_date": "2023-11-05",
     "settlement": XSS, "unit": "<img src=x onerror=\"window.__xss=2\">"},
    {"record_id": "w-xss-2", "source": "news", "surname": f"Зорин{XSS}", "first_name": "Олег",
     "patronymic": "Петрович", "birth_date": "1985-07-01", "death_date": "2023-11-05",
     "settlement": XSS},
]


def _with_extra(mentions: Path) -> None:
    with open(mentions, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows += [{f: row.get(f, "") for f in fields} for row in EXTRA]
    with open(mentions, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


def _dedupe(base: Path, store: Path | None = None, out: str = "run") -> Path:
    engine = EngineConfig(temp_directory=str(base / "duck"), memory_limit="4GB")
    extra = decisions_for_run(store) if store and store.exists() else {}
    dedupe(RunOptions(mentions=base / "data" / "mentions.csv", out=base / out, engine=engine, **extra))
    return base / out


def _cluster(run: Path, record_id: str) -> list[str]:
    with open(run / "clusters.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    label = {r["record_id"]: r["cluster_id"] for r in rows}
    return sorted(r["record_id"] for r in rows if r["cluster_id"] == label[record_id])


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("serve")
    write_dataset(base / "data", 1500, 17)
    _with_extra(base / "data" / "mentions.csv")
    return _dedupe(base)


@pytest.fixture()
def bench(run, tmp_path):
    opened = open_workbench(run, tmp_path / "store.duckdb", who="tester")
    yield opened
    opened.close()


@pytest.fixture()
def client(bench):
    return TestClient(create_app(bench), base_url="http://127.0.0.1:8000")


def _post(client, bench, origin="http://127.0.0.1:8000", **form):
    headers = {"origin": origin} if origin else {}
    return client.post("/decide", data={"token": bench.guard.token, **form}, headers=headers,
                       follow_redirects=False)


# ---- pages over a real run ----------------------------------------------------------------------

def test_the_fixture_joined_the_three_spellings(run):
    assert _cluster(run, "w-shch-1") == ["w-shch-1", "w-shch-2", "w-shch-3"]


def test_queue_sorts_and_pages(client, bench):
    first = client.get("/")
    assert first.status_code == 200 and 'id="queue"' in first.text
    weights = client.get("/?sort=mentions&dir=desc").text
    assert "Mentions</a> ▼" in weights
    if bench.index.queue_size > 50:
        assert 'id="prev"' in client.get("/?page=1").text
    rows = bench.index.queue("mentions", True)
    assert [r["size"] for r in rows] == sorted((r["size"] for r in rows), reverse=True)
    weakest = bench.index.queue()
    assert [r["min_match_weight"] for r in weakest] == sorted(r["min_match_weight"] for r in weakest)


@pytest.mark.parametrize("spelling", ["Shchukov", "Schtschukow Pavel", "Щуков", "Shukov Pavel",
                                      "Shchukow Pasha"])
def test_search_by_any_spelling_lands_on_the_cyrillic_individual(client, run, spelling):
    found = client.get("/search", params={"q": spelling}, follow_redirects=False)
    assert found.status_code == 303, found.text[:500]
    page = client.get(found.headers["location"])
    assert "Щуков Павел Игоревич" in page.text
    assert all(r in page.text for r in ("w-shch-1", "w-shch-2", "w-shch-3"))


def test_search_keys_are_the_engines():
    assert query_keys("Shchukov") == query_keys("Щуков") == query_keys("Schtschukow")
    assert query_keys("  ") == [] and len(query_keys("a b c d e f")) == 4


def test_individual_page_shows_every_section(client):
    page = client.get("/individual/w-shch-1").text  # a record id leads to its individual
    for section in ('id="mentions"', 'id="weights"', 'id="takes-effect"', "Near misses",
                    "Refused merges", "Family links", 'class="split"'):
        assert section in page, section
    assert 'class="vary"' in page  # the Latin spelling is marked as spelt differently


def test_pair_page_draws_splinks_waterfall(client):
    page = client.get("/pair", params={"a": "w-shch-1", "b": "w-shch-3"})
    assert page.status_code == 200
    assert 'id="contributions"' in page.text and '<figure id="waterfall"><img src="/waterfall.svg?' in page.text
    chart = client.get("/waterfall.svg", params={"a": "w-shch-1", "b": "w-shch-3"})
    assert chart.headers["content-type"].startswith("image/svg+xml") and chart.text.startswith("<svg")
    assert "script-src" not in chart.headers["content-security-policy"]
    assert client.get("/pair", params={"a": "w-shch-1", "b": "nope"}).status_code == 404
    assert client.get("/waterfall.svg", params={"a": "w-shch-1", "b": "nope"}).status_code == 404


def test_households_filter_by_region_and_draw_the_graph(client, bench):
    total, rows = bench.index.households()
    assert total > 0 and rows
    region = bench.index.regions[0]
    some, in_region = bench.index.households(region)
    assert 0 < some <= total and all(region in r["regions"] for r in in_region)
    page = client.get("/households", params={"region": region}).text
    assert region in page
    household = client.get(f"/household/{rows[0]['household_id']}").text
    assert '<svg' in household and household.count("<rect") == rows[0]["size"]
    # every household lists, whether or not its members name a region (none: an empty list)
    assert client.get("/households").status_code == 200
    assert all(isinstance(r["regions"], list) for r in bench.index.query("SELECT * FROM household_list"))


def test_family_links_are_read_from_graphml(run, bench):
    links = read_links(run / "family.graphml")
    assert links and all(0 <= c <= 1 for *_, c, _ in links)
    assert bench.index.query("SELECT count(*) AS n FROM links")[0]["n"] == 2 * len(links)


def test_report_is_served_with_links_into_the_pages(client):
    page = client.get("/report.html").text
    assert "/individual/" in page and 'id="weakest"' in page


def test_report_names_the_audit_queue_and_the_households(run, bench):
    page = (run / "report.html").read_text(encoding="utf-8")
    weakest = page.split('<table id="weakest">', 1)[1].split("</table>", 1)[0]
    first = bench.index.queue()[0]
    assert f"{first['surname']} {first['first_name']}" in weakest and "linkage audit RUN --cluster m" not in page
    households = page.split('<table id="household-list">', 1)[1].split("</table>", 1)[0]
    _, rows = bench.index.households()
    assert rows[0]["household_id"] in households and rows[0]["members"].split(" (")[0] in households


def test_a_new_release_marks_who_was_split_since_the_previous_run(run, tmp_path):
    from linkage.runs import Run
    from linkage.serve import decide

    store = tmp_path / "release.duckdb"
    with Run.open(run) as opened:
        decide.split_off(store, opened, "w-shch-3", ["w-shch-1", "w-shch-2", "w-shch-3"], "namesake", "t")
    release = _dedupe(run.parent, store, out="release-2")
    bench = open_workbench(release, tmp_path / "other.duckdb", previous=run)
    try:
        changed = {r["cluster_id"]: r["change"] for r in bench.index.queue("change") if r["change"]}
        assert changed[bench.index.cluster_of("w-shch-3")] == "split"
        assert changed[bench.index.cluster_of("w-shch-1")] == "split"
        assert len(changed) == bench.index.changed  # nothing else moved
        page = TestClient(create_app(bench), base_url="http://127.0.0.1:8000").get("/?sort=change").text
        assert 'id="changed"' in page and '<td class="change">split</td>' in page
    finally:
        bench.close()
    unchanged = open_workbench(run, tmp_path / "other.duckdb", previous=run)
    assert unchanged.index.changed == 0
    unchanged.close()


def test_serve_refuses_a_folder_that_is_not_a_run_in_one_line(run, tmp_path):
    from click.testing import CliRunner

    from linkage.cli import cli

    for args in ([str(tmp_path)], [str(run), "--previous", str(tmp_path)]):
        result = CliRunner().invoke(cli, ["serve", *args, "--port", "0"], obj={})
        assert result.exit_code == 1 and result.output.strip().count("\n") == 0, result.output
        assert str(tmp_path) in result.output and "Traceback" not in result.output


# ---- safety -----------------------------------------------------------------------------------------

def test_every_value_from_the_list_is_escaped(client, bench):
    person = bench.index.cluster_of("w-xss-1")
    pages = [client.get(f"/individual/{person}").text, client.get("/search", params={"q": "Олег Петрович",
                                                                                        "go": "0"}).text,
             client.get("/pair", params={"a": "w-xss-1", "b": "w-xss-2"}).text]
    chart = client.get("/waterfall.svg", params={"a": "w-xss-1", "b": "w-xss-2"}).text
    assert chart.startswith("<svg") and "<script" not in chart and "<img" not in chart
    for page in pages:
        assert XSS not in page and "<img src=x" not in page
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page


def test_household_svg_escapes_names():
    members = [{"cluster_id": "a", "surname": XSS, "first_name": "<b>", "birth_date": None,
                "death_date": None},
               {"cluster_id": "b\"><x", "surname": "B", "first_name": "C", "birth_date": "1990",
                "death_date": "2024"}]
    links = [{"individual": "a", "other": "b\"><x", "relation": "sibling", "role": "sibling",
              "confidence": 0.9}, {"individual": "b\"><x", "other": "a", "relation": "sibling",
                                   "role": "sibling", "confidence": 0.9}]
    svg = household_svg(members, links)
    assert "<script" not in svg and "<b>" not in svg and '"><x' not in svg


def test_a_decision_needs_the_token_and_this_servers_origin(client, bench, tmp_path):
    form = {"kind": "reviewed", "cluster_id": bench.index.cluster_of("w-shch-1"), "note": "ok"}
    assert client.post("/decide", data=form, headers={"origin": "http://127.0.0.1:8000"}).status_code == 403
    assert _post(client, bench, **{**form, "token": "forged"}).status_code == 403
    assert _post(client, bench, origin="http://evil.example", **form).status_code == 403
    assert _post(client, bench, origin=None, **form).status_code == 403
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert not (tmp_path / "store.duckdb").exists() or not reviews(tmp_path / "store.duckdb")
    ok = _post(client, bench, **form)
    assert ok.status_code == 303 and "done=" in ok.headers["location"]
    assert [r.records for r in reviews(bench.store)] == [("w-shch-1", "w-shch-2", "w-shch-3")]
    assert "reviewed by tester" in client.get(ok.headers["location"]).text


def test_split_and_link_go_to_the_review_store(client, bench):
    person = bench.index.cluster_of("w-shch-1")
    assert _post(client, bench, kind="split", cluster_id=person, record_id="w-shch-3",
                 note="another Pavel").status_code == 303
    made = decisions(bench.store)
    assert {(d.record_a, d.record_b, d.decision) for d in made} == {
        ("w-shch-1", "w-shch-3", "split"), ("w-shch-2", "w-shch-3", "split")}
    assert all(d.note == "another Pavel" and d.who == "tester" for d in made)
    assert all(d.fingerprint_a and d.fingerprint_b for d in made)  # pinned to the mentions seen
    other = bench.index.cluster_of("w-xss-1")
    assert _post(client, bench, kind="link", cluster_id=person, other=other, note="same").status_code == 303
    assert decisions(bench.store)[-1].decision == "link"
    bad = _post(client, bench, kind="link", cluster_id=person, other="no-such-record", note="x")
    assert bad.status_code == 400 and "no individual or record" in bad.text
    page = client.get(f"/individual/{person}").text
    assert "pending: next dedupe" in page


def test_a_decision_about_other_mentions_under_the_same_ids_is_not_shown(client, bench):
    from linkage.review import record
    from linkage.serve.pages import _pending

    person = bench.index.cluster_of("w-shch-1")
    elsewhere = {"w-shch-1": "0" * 16, "w-shch-3": "1" * 16}  # another list's mentions, same ids
    record(bench.store, "split", "w-shch-1", "w-shch-3", note="made on another list", fingerprints=elsewhere)
    page = client.get(f"/individual/{person}?preview=1").text
    assert "made on another list" not in page and "pending: next dedupe" not in page
    assert 'id="preview"' not in page  # dedupe would not apply it, so nothing to re-cluster
    assert not _pending(bench, {"w-shch-1", "w-shch-3"})  # the queue marks nothing pending
    assert _post(client, bench, kind="split", cluster_id=person, record_id="w-shch-3",
                 note="seen here").status_code == 303
    page = client.get(f"/individual/{person}?preview=1").text
    assert "seen here" in page and "made on another list" not in page and 'id="preview"' in page
    assert _pending(bench, {"w-shch-1", "w-shch-3"}) == {"w-shch-1", "w-shch-2", "w-shch-3"}


# ---- a real browser ---------------------------------------------------------------------------------

def _driver_paths() -> tuple[str | None, str | None]:
    return (shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(run, tmp_path):
    """The workbench served by uvicorn on a free local port, in a thread of this process."""
    import uvicorn

    bench = open_workbench(run, tmp_path / "store.duckdb", who="browser")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(bench), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "the workbench did not start"
    yield f"http://127.0.0.1:{port}", bench
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def browser(tmp_path):
    chromium, chromedriver = _driver_paths()
    if (chromium is None or chromedriver is None) and not os.environ.get("CI"):
        pytest.skip("Chromium or chromedriver is not installed (CI installs them: apt-get install -y "
                    "chromium chromium-driver)")
    assert chromium and chromedriver, "CI must have Debian's chromium and chromium-driver (.ci/run)"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(60)
    # after a click that navigates, look-ups wait for the next page's elements to appear
    driver.implicitly_wait(15)
    yield driver
    driver.quit()


def _shot(driver, name: str, tmp_path: Path) -> None:
    """A screenshot of the page; with LINKAGE_SCREENSHOTS=docs it also goes to docs/ (done once,
    then committed)."""
    path = tmp_path / f"workbench-{name}.png"
    assert driver.save_screenshot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("LINKAGE_SCREENSHOTS") == "docs":
        DOCS.mkdir(exist_ok=True)
        shutil.copy(path, DOCS / path.name)


def test_concurrent_pages_and_decisions_all_succeed(server):
    """Many requests at once (uvicorn's thread pool): pages read the store while decisions write it."""
    import urllib.parse
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    url, bench = server
    person = bench.index.cluster_of("w-shch-1")

    def page(i: int) -> int:
        with urllib.request.urlopen(f"{url}/individual/{person}" if i % 2 else f"{url}/", timeout=60) as r:
            return r.status

    def mark(i: int) -> int:
        data = urllib.parse.urlencode({"token": bench.guard.token, "kind": "reviewed",
                                       "cluster_id": person, "note": f"check {i}"}).encode()
        request = urllib.request.Request(f"{url}/decide", data=data, headers={"Origin": url})
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda i: mark(i) if i % 3 == 0 else page(i), range(24)))
    assert statuses == [200] * 24
    assert len(reviews(bench.store)) == 8


def _loaded(driver, selector: str) -> None:
    """The image drew (the server rendered Splink's chart and the browser decoded it)."""
    deadline = time.time() + 30
    while time.time() < deadline:
        if driver.execute_script(f"const i = document.querySelector('{selector}'); "
                                 "return !!i && i.complete && i.naturalWidth > 0"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{selector} did not load")


def test_a_reviewer_splits_a_mention_in_the_browser_and_dedupe_honours_it(server, browser, run, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, bench = server
    browser.get(url + "/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#queue tbody tr")
    assert rows, "the audit queue is empty"
    _shot(browser, "queue", tmp_path)

    box = browser.find_element(By.ID, "search-box")
    box.send_keys("Schtschukow Pavel")
    box.submit()
    assert "Щуков Павел Игоревич" in browser.find_element(By.ID, "name").text
    assert browser.current_url.startswith(url + "/individual/")
    _shot(browser, "individual", tmp_path)

    form = browser.find_element(By.CSS_SELECTOR, 'form.split[data-record="w-shch-3"]')
    form.find_element(By.NAME, "note").send_keys("a namesake: another unit")
    form.find_element(By.TAG_NAME, "button").click()
    assert "split w-shch-3 off" in browser.find_element(By.ID, "done").text
    assert "pending: next dedupe" in browser.find_element(By.ID, "decisions").text
    assert browser.execute_script("return window.__xss") is None
    browser.find_element(By.ID, "preview-link").click()
    groups = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#preview li")]
    assert groups == ["w-shch-1, w-shch-2", "w-shch-3"]
    _loaded(browser, "#waterfall-img")

    browser.get(url + "/pair?a=w-shch-1&b=w-shch-3")
    _loaded(browser, "#waterfall img")
    _shot(browser, "pair", tmp_path)
    browser.get(url + "/households")
    first = browser.find_element(By.CSS_SELECTOR, "#households tbody tr a")
    _shot(browser, "households", tmp_path)
    first.click()
    assert browser.find_elements(By.CSS_SELECTOR, "#graph svg rect")
    _shot(browser, "household", tmp_path)
    browser.get(url + f"/individual/{bench.index.cluster_of('w-xss-1')}")
    assert browser.execute_script("return window.__xss") is None
    assert XSS in browser.find_element(By.ID, "mentions").text

    browser.get(url + "/report.html")  # the report, served, links its individuals into the pages
    first = browser.find_element(By.CSS_SELECTOR, "#weakest tbody td:first-child a")
    cluster_id = first.text
    first.click()
    WebDriverWait(browser, 15).until(lambda d: d.current_url == f"{url}/individual/{cluster_id}")
    assert browser.find_elements(By.ID, "mentions")

    rerun = _dedupe(run.parent, bench.store, out="rerun")
    assert _cluster(rerun, "w-shch-3") == ["w-shch-3"]
    assert _cluster(rerun, "w-shch-1") == ["w-shch-1", "w-shch-2"]
