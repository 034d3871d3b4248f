"""The one reader of the package's reference tables under `linkage/resources/` (CSV and JSON).

Each file is read once per process and returned as immutable rows in file order (order matters
for the name-key rewrite rules). Paths are relative to `linkage/resources/`: "names/key_rules.csv",
"regions.csv", "service/ranks.csv". Writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources


def _text(path: str) -> str:
    return resources.files("linkage.resources").joinpath(path).read_text("utf-8")


@cache
def read_csv(path: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV reference table as dicts, in file order."""
    return tuple(csv.DictReader(io.StringIO(_text(path))))


@cache
def read_json(path: str) -> dict:
    """A JSON reference file as a dict."""
    return json.loads(_text(path))
