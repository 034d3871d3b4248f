"""The workbench's pages (GET): the audit queue, search, an individual, a pair and its waterfall,
households, a household, and the run's report. Each reads the start-up index or the open run
(under the workbench's lock) and renders a template; none writes anything.
"""

from __future__ import annotations

import math
import time
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from linkage import audit as audits
from linkage import schema
from linkage.errors import LinkageError
from linkage.serve import decide, views
from linkage.serve.bench import Workbench
from linkage.serve.graph import household_svg
from linkage.serve.index import PAGE, QUEUE_SORTS
from linkage.serve.preview import preview
from linkage.serve.render import HEADERS, IMAGE_HEADERS, render


def _int(value, default: int = 0) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


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
    return render(bench, "queue.html", rows=rows, sort=sort, descending=descending, page=page,
                 pages=pages, total=bench.index.queue_size, reviewed=reviewed,
                 pending={c for c, ids in current.items() if pending & set(ids)}, sorts=QUEUE_SORTS,
                 previous=bench.index.previous, changed=bench.index.changed)


def _pending(bench: Workbench, record_ids: set[str]) -> set[str]:
    """Records named by a decision made since the run (the run did not use it yet)."""
    used = set(bench.saved.manifest.get("decisions_used") or [])
    return {r for d in decide.touching(bench.store, record_ids, bench.saved) if d.decision_id not in used
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
    return render(bench, "search.html", q=text, found=found, link_from=link_from,
                 seconds=time.perf_counter() - started)


def individual_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    cluster_id = request.path_params["cluster_id"]
    person = bench.index.individual(cluster_id)
    if person is None:
        found = bench.index.cluster_of(cluster_id)  # a record_id leads to its individual
        if found:
            return RedirectResponse(f"/individual/{quote(found, safe='')}", status_code=303)
        return render(bench, "error.html", status=404, message=f"No individual {cluster_id!r} in this run.")
    with bench.lock:
        found = audits.audit_cluster(bench.saved, cluster_id, store=bench.store)
        groups = preview(bench.saved, bench.index, cluster_id, bench.store) \
            if request.query_params.get("preview") else None
        members = list(found.records.record_id)
        decisions = decide.touching(bench.store, set(members), bench.saved)
        reviewed = decide.reviewed_clusters(bench.store, {cluster_id: tuple(members)}).get(cluster_id)
    used = set(bench.saved.manifest.get("decisions_used") or [])
    household = bench.index.household_of(cluster_id)
    return render(bench, "individual.html", person=person, audit=found, members=members,
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
    from linkage.weights import probability_to_weight

    return probability_to_weight(bench.saved.threshold)


def pair_page(request: Request) -> Response:
    """Why two mentions joined or not: the contributions table, the verdict, Splink's waterfall."""
    bench: Workbench = request.app.state.bench
    a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
    with bench.lock:
        try:
            found = audits.audit_pair(bench.saved, a, b, store=bench.store)
        except LinkageError as exc:
            return render(bench, "error.html", status=404, message=str(exc))
    return render(bench, "pair.html", audit=found, a=a, b=b, cluster_a=bench.index.cluster_of(a),
                 cluster_b=bench.index.cluster_of(b), contributions=found.contributions.to_dict("records"))


def waterfall(request: Request) -> Response:
    """Splink's waterfall chart of one scored pair as an SVG image (vl-convert renders it here:
    no script, nothing fetched; shown through <img>, so nothing in it can run)."""
    from linkage.audit.reading import pair_row
    from linkage.pages import svg_chart
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
    return render(bench, "households.html", rows=rows, total=total, region=region,
                 regions=bench.index.regions, page=page, pages=max(math.ceil(total / PAGE), 1))


def household_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    household_id = request.path_params["household_id"]
    members, links = bench.index.household(household_id)
    if not members:
        return render(bench, "error.html", status=404, message=f"No household {household_id!r} in this run.")
    return render(bench, "household.html", household_id=household_id, members=members, links=links,
                 svg=household_svg(members, links))


def report_page(request: Request) -> Response:
    """The run's report.html, with its individuals' and households' ids made links into the pages."""
    bench: Workbench = request.app.state.bench
    path = bench.saved.file(schema.REPORT)
    if not path.exists():
        return render(bench, "error.html", status=404, message="This run has no report.html.")
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
