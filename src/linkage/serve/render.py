"""How the workbench's pages are rendered: Jinja2 templates (linkage/resources/serve/) with
autoescaping on, so every value from the list is escaped (a name may contain anything), and the
security headers every response carries.
"""

from __future__ import annotations

import math
from urllib.parse import quote, urlencode

import jinja2
from starlette.responses import HTMLResponse

from linkage.serve.bench import Workbench

# Pages may run their own inline script and nothing from elsewhere; no other site may frame them.
HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                                "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# A chart opened on its own runs nothing either.
IMAGE_HEADERS = {**HEADERS, "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("linkage", "resources/serve"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["url"] = lambda value: quote(str(value), safe="")
    env.filters["weight"] = lambda w: "" if w is None or (isinstance(w, float) and math.isnan(w)) else f"{w:.2f}"
    env.globals["urlencode"] = urlencode
    return env


TEMPLATES = _templates()


def render(bench: Workbench, name: str, status: int = 200, **context) -> HTMLResponse:
    """A template rendered with what every page shows (the run, the form token, the store)."""
    body = TEMPLATES.get_template(name).render(run=bench.run.name, token=bench.guard.token,
                                               store=str(bench.store), **context)
    return HTMLResponse(body, status_code=status, headers=HEADERS)

