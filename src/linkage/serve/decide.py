"""Decisions from the workbench's pages, written through linkage.review (the store `linkage review`
writes, matched to mentions the same way), and the guard every decision passes first.

A decision is a POST carrying the server's token (made at start-up, embedded in its pages) from a
page of this server (Origin, or Referer when a browser sends no Origin): a page elsewhere cannot
make the reviewer's browser decide, as it can neither read the token nor forge the Origin.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from linkage import review, schema
from linkage.errors import LinkageError
from linkage.runs import Run

KINDS = ("split", "link", "reviewed")
MAX_NOTE = 2000


class Refused(LinkageError):
    """A decision request that did not come from this server's own page."""


@dataclass(frozen=True)
class Guard:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def check(self, headers, form_token: str | None) -> None:
        """Refuse unless the token matches and the request comes from this server's own page."""
        if not form_token or not hmac.compare_digest(str(form_token), self.token):
            raise Refused("missing or wrong form token: reload the page and decide again")
        host = headers.get("host", "")
        source = headers.get("origin") or headers.get("referer")
        if not source or source == "null":
            raise Refused("a decision must come from a page of this server (no Origin or Referer)")
        parts = urlsplit(source)
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            raise Refused(f"a decision from another origin ({source}) is refused")


@dataclass(frozen=True)
class Outcome:
    message: str
    decision_ids: tuple[int, ...]


def _record(store: Path, kind: str, a: str, b: str, note: str | None, who: str | None,
            run: Run) -> review.Decision:
    """One decision as `linkage review` makes it: check_pair first (refuses ids the run lacks; where
    it returns the two mentions' fingerprints, they are kept with the decision), then record. `run`
    is the workbench's open run, so the run's record ids are read once, not per decision."""
    pinned = review.check_pair(run, a, b)
    extra = {"fingerprints": pinned} if pinned else {}
    return review.record(store, kind, a, b, note=note, who=who, run=str(run.path), **extra)


def split_off(store: Path, run: Run, record_id: str, members: list[str], note: str | None,
              who: str | None) -> Outcome:
    """Split one mention off its individual: a split decision between it and every other member
    (the store's decisions are pairwise; with all of them the mention can join none of these)."""
    others = [m for m in members if m != record_id]
    if record_id not in members or not others:
        raise LinkageError(f"{record_id!r} is not one of several mentions of this individual")
    made = [_record(store, "split", record_id, other, note, who, run) for other in others]
    return Outcome(f"split {record_id} off the {len(others)} other mention(s)",
                   tuple(d.decision_id for d in made))


def link(store: Path, run: Run, record_a: str, record_b: str, note: str | None,
         who: str | None) -> Outcome:
    """Two individuals are one person: a link between one mention of each (dedupe's must-links
    join whole clusters)."""
    made = _record(store, "link", record_a, record_b, note, who, run)
    return Outcome(f"linked {made.record_a} and {made.record_b}", (made.decision_id,))


def mark_reviewed(store: Path, run: Run, cluster_id: str, members: list[str], note: str | None,
                  who: str | None) -> Outcome:
    made = review.mark_reviewed(store, cluster_id, members, note=note, who=who, run=str(run.path))
    return Outcome(f"marked {cluster_id} reviewed ({len(made.records)} mention(s))", ())


def clean_note(note: str | None) -> str | None:
    note = (note or "").strip()[:MAX_NOTE]
    return note or None


def touching(store: Path, record_ids: set[str], run: Run) -> list[review.Decision]:
    """The decisions in the store (in force or not) that name any of these records and hold for
    the run's mentions (review.applicable: both ids with the fingerprints the reviewer saw), as
    dedupe would take them; a decision made on another list with the same ids is not shown."""
    found = [d for d in review.decisions(store) if d.record_a in record_ids or d.record_b in record_ids]
    held = holding(run, found)
    return [d for d in found if d.decision_id in held]


def holding(run: Run, found: list[review.Decision]) -> set[int]:
    """The ids of those decisions that hold for the run's mentions (all of them for a run folder
    without mentions.parquet, which dedupe and audit take at its word)."""
    if not found:
        return set()
    if not run.has(schema.MENTIONS):
        return {d.decision_id for d in found}
    return set(review.applicable(run.con, "mentions", tuple(found)).used)


def reviewed_clusters(store: Path, current: dict[str, tuple[str, ...]] | None = None) -> dict:
    """cluster_id → its latest Review; with `current` (cluster_id → record_ids now), only reviews
    whose records are still exactly the individual's."""
    latest = {}
    for r in review.reviews(store):
        latest[r.cluster_id] = r
    if current is None:
        return latest
    return {c: r for c, r in latest.items() if c in current and tuple(sorted(current[c])) == r.records}
