"""Clustering: group scored pairs into individuals without chaining strangers or merging brothers.

Reads scored pairs (unique_id_l, unique_id_r, match_weight) and the features each record carries;
returns a cluster label per record. Three methods, compared in benchmarks/accuracy.py:

- `components`: plain connected components over pairs at the threshold (Splink's default),
  run as the same pass with every rule switched off.
- `best_link`: each record keeps only its strongest pair (best-link / star clustering, as in
  Zingg and the ER literature), then connected components of those pairs: less chaining, no rules.
- `constrained`: pairs are merged in descending match weight; a merge is refused when any two
  records across the two clusters carry hard evidence that they are different people (a
  cannot-link: full birth dates that differ beyond a typo, birth dates that differ in year and
  month, birth years far apart, first names that are not variants, different fathers' names,
  deaths months apart, a bare name that may be a son named after his father or the father, or
  a reviewer's split), or when the two clusters' scored cross pairs average below zero weight
  (one weak bridge between two groups).
  Because the order is fixed and the rules do not depend on the threshold, the clustering at a
  lower threshold extends the one at a higher threshold: `tune` sweeps thresholds in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jellyfish
import numpy as np

from linkage import names


@dataclass(frozen=True)
class Constraints:
    """Which hard evidence forbids a merge; read from the model spec's [constraints] table."""

    birth_full_dates_differ: bool = True
    first_names_not_variants: bool = True
    patronymics_differ: bool = True
    death_days_apart: int | None = 62
    min_average_weight: float | None = 0.0
    named_after_father: bool = False
    birth_years_apart: int | None = None

    @classmethod
    def from_spec(cls, table: dict) -> Constraints:
        return cls(**{k: v for k, v in table.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Record:
    """The fields a cannot-link reads, for one mention."""

    birth: tuple | None       # (year, month, day) when the birth date is full
    first_key: str | None
    first_root: str | None
    father: str | None
    patronymic_key: str | None
    death_daynum: int | None
    first_freq: int = 0       # how many mentions in the list spell the first name this way
    father_or_son: bool = False  # a bare name a namesake son shares with his father (see load_records)
    birth_year: int | None = None      # as written, at any precision
    birth_month: int | None = None     # as written, with its year
    birth_year_est: int | None = None  # as written, else from an age


@lru_cache(maxsize=500_000)
def _one_edit(a: str, b: str) -> bool:
    """A typo, not another name: at most one edit (two for names of eight letters or more)."""
    limit = 2 if min(len(a), len(b)) >= 8 else 1
    return jellyfish.damerau_levenshtein_distance(a, b) <= limit


# A typo is rare next to the name it garbles; two spellings that each recur (three times or more,
# within a factor of 20 of each other) are two names: Rafis / Rafik, the rhyming twins.
RECUR_MIN, RECUR_RATIO = 3, 20


def _both_recur(fa: int, fb: int) -> bool:
    lo, hi = sorted((fa, fb))
    return lo >= RECUR_MIN and lo * RECUR_RATIO >= hi


def _same_name(a: str, b: str, fa: int = 0, fb: int = 0) -> bool:
    """One name, as far as hard evidence goes (called for keys whose roots differ, so a known
    diminutive suffix, Artur / Arturchik, never gets here): a typo after the first letter, or a
    short pet form the name tables do not know that starts like a name they know (Maga /
    Magomed). Two forms the tables know, of different names, are two names (Aleksandr / Aleksei,
    Vlad / Vladimir), and so are a name and a longer compound of it (Akhmed / Akhmedkhan)."""
    if a[:1] != b[:1]:  # rhyming names (Ramil / Kamil, twins' favourite) are two names, not a typo
        return False
    if _one_edit(a, b):
        return not _both_recur(fa, fb)
    known = [k for k in (a, b) if names.is_first_name(k)]
    if len(known) == 2:  # the tables know both, with different roots: Vlad is not Vladimir
        return False
    if len(known) != 1 or a[:3] != b[:3]:
        return False
    unknown = b if known[0] == a else a
    return len(unknown) <= len(known[0]) + 2  # pet forms are short: Bair is not Bayaskhalan


def _year_typo(a: int, b: int) -> bool:
    """One digit mistyped or two neighbouring digits swapped: 1985 / 1995, 1974 / 1947."""
    x, y = str(a), str(b)
    if len(x) != len(y):
        return False
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                              and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]])


def _years_apart(a: Record, b: Record, limit: int) -> bool:
    """Births more than `limit` years apart (an age dates a birth to a year or two), unless both
    years are written and one is a typo of the other."""
    if a.birth_year_est is None or b.birth_year_est is None \
            or abs(a.birth_year_est - b.birth_year_est) <= limit:
        return False
    written = a.birth_year is not None and b.birth_year is not None
    return not (written and _year_typo(a.birth_year, b.birth_year))


def _birth_typo(a: tuple, b: tuple) -> bool:
    same = sum(x == y for x, y in zip(a, b))
    swapped = a[0] == b[0] and a[1] == b[2] and a[2] == b[1]
    return same >= 2 or swapped


def conflict(a: Record, b: Record, rules: Constraints) -> str | None:
    """Why two mentions cannot be one person, or None when nothing forbids it."""
    if rules.birth_full_dates_differ and a.birth and b.birth and a.birth != b.birth \
            and not _birth_typo(a.birth, b.birth):
        return "full birth dates differ"
    if rules.birth_full_dates_differ and a.birth_month and b.birth_month \
            and a.birth_year != b.birth_year and a.birth_month != b.birth_month:
        return "birth dates differ in year and month"  # a typo changes one field, not two
    if rules.birth_years_apart is not None and _years_apart(a, b, rules.birth_years_apart):
        return "birth years far apart"
    if rules.first_names_not_variants and a.first_root and b.first_root \
            and a.first_root != b.first_root and not names.shared_form_of(a.first_root, b.first_root) \
            and not _same_name(a.first_key or "", b.first_key or "", a.first_freq, b.first_freq):
        return "first names are not variants of one name"
    if rules.patronymics_differ and a.father and b.father and a.father != b.father \
            and not _one_edit(a.patronymic_key or "", b.patronymic_key or ""):
        return "patronymics name different fathers"
    if rules.death_days_apart is not None and a.death_daynum is not None \
            and b.death_daynum is not None and abs(a.death_daynum - b.death_daynum) > rules.death_days_apart:
        return "death dates months apart"
    if rules.named_after_father and (a.father_or_son or b.father_or_son):
        return "a bare name that may be a son named after his father, or the father"
    return None


class ConstrainedClustering:
    """Greedy merging by descending weight under cannot-link rules; see the module docstring."""

    def __init__(self, records: dict, rules: Constraints, all_pairs: dict | None = None,
                 cannot_link: set | None = None, floor_weight: float = -7.0):
        self.records, self.rules = records, rules
        self.all_pairs = all_pairs or {}
        self.cannot_link = cannot_link or set()
        self.floor_weight = floor_weight
        self.members = {i: [i] for i in records}
        self.label = {i: i for i in records}
        self.refused: dict[tuple, str] = {}

    def _why_not(self, ca: list, cb: list) -> str | None:
        for a in ca:
            for b in cb:
                if (min(a, b), max(a, b)) in self.cannot_link:
                    return "a reviewer recorded that these are different people"
                reason = conflict(self.records[a], self.records[b], self.rules)
                if reason:
                    return reason
        if self.rules.min_average_weight is not None and len(ca) * len(cb) > 1:
            weights = [self.all_pairs.get((min(a, b), max(a, b)), self.floor_weight)
                       for a in ca for b in cb]
            if sum(weights) / len(weights) < self.rules.min_average_weight:
                return "the two groups are joined by a weak bridge (low average weight)"
        return None

    def _join(self, la, lb) -> None:
        keep, gone = (la, lb) if len(self.members[la]) >= len(self.members[lb]) else (lb, la)
        for m in self.members[gone]:
            self.label[m] = keep
        self.members[keep].extend(self.members.pop(gone))

    def offer(self, a, b) -> bool:
        """Merge the clusters of a and b unless a rule forbids it; record the reason if refused."""
        la, lb = self.label[a], self.label[b]
        if la == lb:
            return True
        reason = self._why_not(self.members[la], self.members[lb])
        if reason:
            self.refused[(min(a, b), max(a, b))] = reason
            return False
        self._join(la, lb)
        return True

    def labels(self) -> dict:
        """Each record's cluster, named by the smallest id in it (stable under row order)."""
        smallest = {label: min(members) for label, members in self.members.items()}
        return {i: smallest[label] for i, label in self.label.items()}


def order_edges(left: np.ndarray, right: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Indices of edges by descending weight, ties broken by ids, so input order never matters."""
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    return np.lexsort((hi, lo, -weight))


def probability_to_weight(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return float(np.log2(p / (1 - p)))


def load_records(con, table: str = "features") -> dict:
    """Record per unique_id, with the fields the cannot-link rules read.

    father_or_son marks a mention with a first name and surname and nothing else that places it in
    a family (no patronymic, no date of birth, age or death day) when the list also names a man
    after his father with that name (Ivan Ivanovich Dolgopyatov beside a bare Ivan Dolgopyatov):
    it may be the son or the father, and merging the two erases a death.
    """
    rows = con.execute(
        f"""WITH namesakes AS (SELECT DISTINCT surname_stem, first_root FROM {table}
                               WHERE patronymic_father = first_root)
        SELECT f.unique_id, f.birth_year, f.birth_month, f.birth_day, f.first_key, f.first_root,
               f.patronymic_father, f.patronymic_key, f.death_daynum,
               count(*) OVER (PARTITION BY f.first_key), f.birth_year_est,
               n.first_root IS NOT NULL AND f.patronymic_key IS NULL AND f.birth_year_est IS NULL
                   AND f.death_daynum IS NULL
        FROM {table} f LEFT JOIN namesakes n
            ON n.surname_stem = f.surname_stem AND n.first_root = f.first_root"""
    ).fetchall()
    return {
        r[0]: Record(birth=(r[1], r[2], r[3]) if r[3] is not None else None, first_key=r[4],
                     first_root=r[5], father=r[6], patronymic_key=r[7], death_daynum=r[8],
                     first_freq=r[9] if r[4] is not None else 0, birth_year=r[1], birth_month=r[2],
                     birth_year_est=r[10], father_or_son=bool(r[11]))
        for r in rows
    }


def load_edges(con, pairs_table: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    arrow = con.sql(f"SELECT unique_id_l, unique_id_r, match_weight FROM {pairs_table}").to_arrow_table()
    return (arrow["unique_id_l"].to_numpy(), arrow["unique_id_r"].to_numpy(),
            arrow["match_weight"].to_numpy())


NO_RULES = Constraints(False, False, False, None, None)


def best_links(lo: np.ndarray, hi: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Mask of the edges that are some record's strongest pair (ties to the smaller other id)."""
    node = np.concatenate([lo, hi])
    other = np.concatenate([hi, lo])
    edge = np.concatenate([np.arange(len(lo)), np.arange(len(lo))])
    order = np.lexsort((other, -np.concatenate([weight, weight]), node))
    first = np.ones(len(order), dtype=bool)
    first[1:] = node[order][1:] != node[order][:-1]
    keep = np.zeros(len(lo), dtype=bool)
    keep[edge[order][first]] = True
    return keep


def _engine(records, edges, method, rules, cannot_link, floor_weight):
    left, right, weight = edges
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    if method == "best_link":  # each record keeps only its strongest pair, then components
        keep = best_links(lo, hi, weight)
        left, right, weight, lo, hi = left[keep], right[keep], weight[keep], lo[keep], hi[keep]
    if method in ("components", "best_link"):  # reviewers' cannot-links still hold; no other rule
        rules, all_pairs = NO_RULES, {}
    elif method == "constrained":
        all_pairs = dict(zip(zip(lo.tolist(), hi.tolist()), weight.tolist()))
    else:
        raise ValueError(f"unknown clustering method {method!r}")
    engine = ConstrainedClustering(records, rules, all_pairs,
                                   {(min(a, b), max(a, b)) for a, b in cannot_link}, floor_weight)
    order = order_edges(left, right, weight)
    return engine, lo[order].tolist(), hi[order].tolist(), weight[order].tolist()


def cluster_sweep(records: dict, edges: tuple, thresholds_weight, method: str = "constrained",
                  rules: Constraints = Constraints(), must_link=(), cannot_link=(),
                  floor_weight: float = -7.0) -> tuple[list[dict], dict]:
    """Labels at each threshold (match weights) in one pass, and the refused merges.

    `components` is the same pass with every rule off: plain connected components.
    """
    engine, los, his, ws = _engine(records, edges, method, rules, cannot_link, floor_weight)
    snapshots, pending = {}, sorted(set(thresholds_weight), reverse=True)
    for a, b, w in zip(los, his, ws):
        while pending and w < pending[0]:
            snapshots[pending.pop(0)] = engine.labels()
        if not pending:
            break
        engine.offer(a, b)
    for t in pending:
        snapshots[t] = engine.labels()
    return [with_must_links(snapshots[t], must_link) for t in thresholds_weight], engine.refused


def with_must_links(labels: dict, must_link) -> dict:
    """Reviewers' must-links join whole clusters after the evidence has spoken: forcing them
    first would let the linked record's conflicts push its other mentions out."""
    if not must_link:
        return labels
    parent: dict = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in must_link:
        ra, rb = find(labels[a]), find(labels[b])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(label) for i, label in labels.items()}


def cluster(records: dict, edges: tuple, threshold_weight: float, method: str = "constrained",
            rules: Constraints = Constraints(), must_link=(), cannot_link=(),
            floor_weight: float = -7.0) -> tuple[dict, dict]:
    """(label per record, refused merges with reasons) at one threshold by the chosen method."""
    (labels,), refused = cluster_sweep(records, edges, [threshold_weight], method, rules,
                                       must_link, cannot_link, floor_weight)
    return labels, refused
