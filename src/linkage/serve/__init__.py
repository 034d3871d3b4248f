"""The review workbench: a local web app over one run folder (`linkage serve RUN`).

Pages: the audit queue (/), search by any spelling (/search), an individual with its mentions side
by side, weights, near misses, refusals and family (/individual/ID), a pair's waterfall (/pair),
multi-loss households (/households, /household/ID) and the run's report (/report.html).
Decisions (split, link, reviewed) are POSTs to /decide, written through linkage.review.
Reads the run folder (index, graph); writes only to the decision store (decide).
"""

from linkage.serve.app import Workbench, create_app, open_workbench

__all__ = ["Workbench", "create_app", "open_workbench", "serve"]


def serve(run, store, host: str = "127.0.0.1", port: int = 8000, who: str | None = None,
          ready=None, previous=None) -> None:
    """Open the run and serve it until interrupted; `ready(bench)` is called once it is open."""
    import uvicorn

    bench = open_workbench(run, store, who, previous)
    if ready:
        ready(bench)
    uvicorn.run(create_app(bench, host), host=host, port=port, log_level="warning")
