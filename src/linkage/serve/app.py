"""The workbench web app (Starlette): its routes and middleware over an open Workbench.

open_workbench (bench.py) opens the run once; create_app returns the ASGI app over it: the pages
(pages.py), the one action (actions.py), local Host names only. Nothing is loaded from elsewhere:
it works offline.
"""

from __future__ import annotations

import contextlib

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route

from linkage.serve import pages
from linkage.serve.actions import decide_route
from linkage.serve.bench import Workbench, open_workbench

__all__ = ["Workbench", "create_app", "open_workbench"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(bench: Workbench, host: str = "127.0.0.1") -> Starlette:
    """The ASGI app over an open workbench; Host headers other than local names and `host` are
    refused (a page elsewhere cannot reach it through a name that resolves here)."""
    routes = [
        Route("/", pages.queue_page), Route("/search", pages.search_page),
        Route("/individual/{cluster_id:path}", pages.individual_page), Route("/pair", pages.pair_page),
        Route("/waterfall.svg", pages.waterfall),
        Route("/households", pages.households_page), Route("/household/{household_id:path}", pages.household_page),
        Route("/report.html", pages.report_page), Route("/decide", decide_route, methods=["POST"]),
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
