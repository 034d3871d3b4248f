"""Values computed once per opened run folder (its files do not change while it is open).

A server auditing one cluster after another would otherwise re-read the whole run on every
request (clusters.csv joined to the features, the record ids, the refusals, a Splink linker).
The values live on the opened run object itself, so they go when it is closed and dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def memo(opened: object, key: str, compute: Callable[[], T]) -> T:
    """compute() the first time `key` is asked of this opened run, the same value afterwards
    (shared: callers must not modify it)."""
    cache = vars(opened).setdefault("_read_once", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]
