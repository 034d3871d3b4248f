"""The workbench's one action: POST /decide (split off, link, mark reviewed). The guard first
(token and origin), then the decision through decide.py into the review store, then back to the
individual's page with what was recorded.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from linkage.errors import LinkageError
from linkage.serve import decide
from linkage.serve.bench import Workbench
from linkage.serve.render import HEADERS, render


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
        return render(bench, "error.html", status=400, message=str(exc))
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
        return decide.split_off(bench.store, bench.saved, str(form.get("record_id", "")), members, note,
                                bench.who), back
    if kind == "link":
        other = str(form.get("other", "")).strip()
        other_cluster = bench.index.cluster_of(other) or (other if bench.index.records_of(other) else None)
        if other_cluster is None:
            raise LinkageError(f"no individual or record {other!r} in this run")
        if other_cluster == cluster_id:
            raise LinkageError(f"{other!r} is already part of this individual")
        return decide.link(bench.store, bench.saved, members[0], bench.index.records_of(other_cluster)[0],
                           note, bench.who), back
    if kind == "reviewed":
        return decide.mark_reviewed(bench.store, bench.saved, cluster_id, members, note, bench.who), back
    raise LinkageError(f"unknown decision {kind!r} (expected one of {', '.join(decide.KINDS)})")
