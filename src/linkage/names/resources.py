"""Read the reference tables under `linkage/resources/names/` (CSV and JSON), once per process.

Writes nothing; every other module in the package gets its data through these loaders.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources


def _text(name: str) -> str:
    return resources.files("linkage.resources").joinpath(f"names/{name}").read_text("utf-8")


@cache
def read_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV data file as dicts, in file order (order matters for rewrite rules)."""
    return tuple(csv.DictReader(io.StringIO(_text(name))))


@cache
def read_json(name: str) -> dict:
    """A JSON data file as a dict."""
    return json.loads(_text(name))
