"""The workbench web app (Starlette): routes, the run it serves, and the decisions it takes.

open_workbench opens the run once (the start-up indexes, and the SavedRun the audits read);
create_app returns the ASGI app over it. Pages are server-rendered Jinja2 templates with
autoescaping on (every value from the list is escaped: a name may contain anything); the
templates live in linkage/resources/serve/. Nothing is loaded from elsewhere: it works offline.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from linkage import audit as audits
from linkage.audit.reading import cluster_labels
from linkage.errors import LinkageError
from linkage.serve import decide, views
from linkage.serve.graph import household_svg
from linkage.serve.index import PAGE, QUEUE_SORTS, RunIndex, build_index
from linkage.serve.preview import preview
from linkage.tune import SavedRun, open_run

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
# Pages may run their own inline script and nothing from elsewhere; no other site may frame them.
HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                                "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# A chart opened on its own runs nothing either.
IMAGE_HEADERS = {**HEADERS, "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}


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


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("linkage", "resources/serve"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["url"] = lambda value: quote(str(value), safe="")
    env.filters["weight"] = lambda w: "" if w is None or (isinstance(w, float) and math.isnan(w)) else f"{w:.2f}"
    env.globals["urlencode"] = urlencode
    return env


TEMPLATES = _templates()


def _page(bench: Workbench, name: str, status: int = 200, **context) -> HTMLResponse:
    body = TEMPLATES.get_template(name).render(run=bench.run.name, token=bench.guard.token,
                                               store=str(bench.store), **context)
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def _int(value, default: int = 0) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


# ---- pages ----------------------------------------------------------------------------------------

def queue_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    sort = request.query_params.get("sort", "weakest")
    sort = sort if sort in QUEUE_SORTS else "weakest"
    descending = request.query_params.get("dir") == "desc"
    page = _int(request.query_params.get("page"))
    rows = bench.index.queue(sort, descending, page)
    pages = max(math.ceil(bench.index.queue_size / PAGE), 1)
    current = bench.index.records_for([r["cluster_id"] for r in rows])
    with bench.lock:
        reviewed = decide.reviewed_clusters(bench.store, current)
        pending = _pending(bench, {rid for ids in current.values() for rid in ids})
    return _page(bench, "queue.html", rows=rows, sort=sort, descending=descending, page=page,
                 pages=pages, total=bench.index.queue_size, reviewed=reviewed,
                 pending={c for c, ids in current.items() if pending & set(ids)}, sorts=QUEUE_SORTS,
                 previous=bench.index.previous, changed=bench.index.changed)


def _pending(bench: Workbench, record_ids: set[str]) -> set[str]:
    """Records named by a decision made since the run (the run did not use it yet)."""
    used = set(bench.saved.manifest.get("decisions_used") or [])
    return {r for d in decide.touching(bench.store, record_ids) if d.decision_id not in used
            for r in (d.record_a, d.record_b)}


def search_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    text = request.query_params.get("q", "")[:200]
    link_from = request.query_params.get("from")
    started = time.perf_counter()
    found = bench.index.search(text) if text.strip() else []
    if len(found) == 1 and not link_from and request.query_params.get("go") != "0":
        return RedirectResponse(f"/individual/{quote(found[0]['cluster_id'], safe='')}?q={quote(text)}",
                                status_code=303)
    return _page(bench, "search.html", q=text, found=found, link_from=link_from,
                 seconds=time.perf_counter() - started)


def individual_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    cluster_id = request.path_params["cluster_id"]
    person = bench.index.individual(cluster_id)
    if person is None:
        found = bench.index.cluster_of(cluster_id)  # a record_id leads to its individual
        if found:
            return RedirectResponse(f"/individual/{quote(found, safe='')}", status_code=303)
        return _page(bench, "error.html", status=404, message=f"No individual {cluster_id!r} in this run.")
    with bench.lock:
        found = audits.audit_cluster(bench.saved, cluster_id, store=bench.store)
        groups = preview(bench.saved, bench.index, cluster_id, bench.store) \
            if request.query_params.get("preview") else None
        members = list(found.records.record_id)
        decisions = decide.touching(bench.store, set(members))
        reviewed = decide.reviewed_clusters(bench.store, {cluster_id: tuple(members)}).get(cluster_id)
    used = set(bench.saved.manifest.get("decisions_used") or [])
    household = bench.index.household_of(cluster_id)
    return _page(bench, "individual.html", person=person, audit=found, members=members,
                 fields=views.side_by_side(found.records),
                 matrix=views.weight_matrix(members, found.edges), threshold_weight=_threshold_weight(bench),
                 scored=views.scored_pairs(found.edges),
                 near=found.near_misses.to_dict("records"), refused=bench.index.refused_for(members),
                 links=bench.index.links_of(cluster_id), household=household, decisions=decisions,
                 used=used, reviewed=reviewed, done=request.query_params.get("done"),
                 preview=groups, rerun=_rerun(bench), q=request.query_params.get("q", ""))


def _rerun(bench: Workbench) -> str:
    """The dedupe command that applies the decisions: this run's input, folder and store."""
    import shlex

    manifest = bench.saved.manifest
    words = [(manifest.get("input") or {}).get("path", "MENTIONS"), "--out", bench.run]
    params = manifest.get("parameters") or {}
    for option, default in (("spec", "soldiers"), ("method", "constrained")):
        if params.get(option, default) != default:
            words += [f"--{option}", params[option]]
    return " ".join(shlex.quote(str(x)) for x in words + ["--store", bench.store])


def _threshold_weight(bench: Workbench) -> float:
    from linkage.clustering import probability_to_weight

    return probability_to_weight(bench.saved.threshold)


def pair_page(request: Request) -> Response:
    """Why two mentions joined or not: the contributions table, the verdict, Splink's waterfall."""
    bench: Workbench = request.app.state.bench
    a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
    with bench.lock:
        try:
            found = audits.audit_pair(bench.saved, a, b, store=bench.store)
        except LinkageError as exc:
            return _page(bench, "error.html", status=404, message=str(exc))
    return _page(bench, "pair.html", audit=found, a=a, b=b, cluster_a=bench.index.cluster_of(a),
                 cluster_b=bench.index.cluster_of(b), contributions=found.contributions.to_dict("records"))


def waterfall(request: Request) -> Response:
    """Splink's waterfall chart of one scored pair as an SVG image (vl-convert renders it here:
    no script, nothing fetched; shown through <img>, so nothing in it can run)."""
    from linkage.audit.reading import pair_row
    from linkage.report import svg_chart
    from linkage.tune import model_linker

    bench: Workbench = request.app.state.bench
    ids = {r: u for u, r in bench.saved.record_ids().items()}
    a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
    if a not in ids or b not in ids:
        return PlainTextResponse("no such records in this run\n", status_code=404, headers=HEADERS)
    with bench.lock:
        row = pair_row(bench.saved, ids[a], ids[b])
        if row is None:
            return PlainTextResponse("the run kept no score for this pair\n", status_code=404, headers=HEADERS)
        chart = model_linker(bench.saved).visualisations.waterfall_chart([row], filter_nulls=False)
        svg = svg_chart(chart)
    return Response(svg, media_type="image/svg+xml", headers=IMAGE_HEADERS)


def households_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    region = request.query_params.get("region") or None
    page = _int(request.query_params.get("page"))
    total, rows = bench.index.households(region, page)
    return _page(bench, "households.html", rows=rows, total=total, region=region,
                 regions=bench.index.regions, page=page, pages=max(math.ceil(total / PAGE), 1))


def household_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    household_id = request.path_params["household_id"]
    members, links = bench.index.household(household_id)
    if not members:
        return _page(bench, "error.html", status=404, message=f"No household {household_id!r} in this run.")
    return _page(bench, "household.html", household_id=household_id, members=members, links=links,
                 svg=household_svg(members, links))


def report_page(request: Request) -> Response:
    """The run's report.html, with its individuals' and households' ids made links into the pages."""
    bench: Workbench = request.app.state.bench
    path = bench.run / "report.html"
    if not path.exists():
        return _page(bench, "error.html", status=404, message="This run has no report.html.")
    page = path.read_text(encoding="utf-8")
    return HTMLResponse(page.replace("</body>", f"<script>{LINK_IDS}</script></body>", 1), headers=HEADERS)


# The report names individuals and households by id in its tables' first column (report.py):
# served, those ids become links into the workbench.
LINK_IDS = """
for (const [table, path] of [["weakest", "/individual/"], ["largest", "/individual/"],
                             ["household-list", "/household/"]]) {
  for (const cell of document.querySelectorAll(`#${table} tbody td:first-child`)) {
    const a = document.createElement("a");
    a.href = path + encodeURIComponent(cell.textContent.trim());
    a.textContent = cell.textContent;
    cell.replaceChildren(a);
  }
}
"""


# ---- decisions ---------------------------------------------------------------------------------

async def decide_route(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    form = await request.form()
    try:
        bench.guard.check(request.headers, form.get("token"))
    except decide.Refused as exc:
        return PlainTextResponse(f"refused: {exc}\n", status_code=403, headers=HEADERS)
    try:
        outcome, back = await run_in_threadpool(_apply, bench, dict(form))
    except LinkageError as exc:
        return _page(bench, "error.html", status=400, message=str(exc))
    return RedirectResponse(f"{back}?{urlencode({'done': outcome.message})}", status_code=303)


def _apply(bench: Workbench, form: dict) -> tuple[decide.Outcome, str]:
    with bench.lock:
        return _decide(bench, form)


def _decide(bench: Workbench, form: dict) -> tuple[decide.Outcome, str]:
    kind, cluster_id = form.get("kind"), str(form.get("cluster_id", ""))
    note = decide.clean_note(form.get("note"))
    members = bench.index.records_of(cluster_id)
    if not members:
        raise LinkageError(f"no individual {cluster_id!r} in this run")
    back = f"/individual/{quote(cluster_id, safe='')}"
    if kind == "split":
        return decide.split_off(bench.store, bench.run, str(form.get("record_id", "")), members, note,
                                bench.who), back
    if kind == "link":
        other = str(form.get("other", "")).strip()
        other_cluster = bench.index.cluster_of(other) or (other if bench.index.records_of(other) else None)
        if other_cluster is None:
            raise LinkageError(f"no individual or record {other!r} in this run")
        if other_cluster == cluster_id:
            raise LinkageError(f"{other!r} is already part of this individual")
        return decide.link(bench.store, bench.run, members[0], bench.index.records_of(other_cluster)[0],
                           note, bench.who), back
    if kind == "reviewed":
        return decide.mark_reviewed(bench.store, bench.run, cluster_id, members, note, bench.who), back
    raise LinkageError(f"unknown decision {kind!r} (expected one of {', '.join(decide.KINDS)})")


# ---- the app ---------------------------------------------------------------------------------------

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


def create_app(bench: Workbench, host: str = "127.0.0.1") -> Starlette:
    routes = [
        Route("/", queue_page), Route("/search", search_page),
        Route("/individual/{cluster_id:path}", individual_page), Route("/pair", pair_page),
        Route("/waterfall.svg", waterfall),
        Route("/households", households_page), Route("/household/{household_id:path}", household_page),
        Route("/report.html", report_page), Route("/decide", decide_route, methods=["POST"]),
    ]
    hosts = sorted({*LOCAL_HOSTS, host})
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        bench.close()

    app = Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
                    lifespan=lifespan)
    app.state.bench = bench
    return app
