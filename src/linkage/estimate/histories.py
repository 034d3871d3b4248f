"""Capture histories: which lists name each individual, and the count of individuals per pattern.

Reads a run folder's clusters.csv and mentions.parquet (and individuals.csv for a canonical
stratum such as region), or any frame of (record_id, list[, stratum]) with a clustering; writes
nothing. A pattern is a bit mask over the lists (bit j set: list j names the individual).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from linkage import schema
from linkage.errors import InputError, LinkageError

BLANK_LIST = "(no list)"
SMALL_STRATA = "(small strata)"
MISSING_STRATUM = "(missing)"


@dataclass(frozen=True)
class Histories:
    """One row per individual: its pattern over `lists` and its stratum ("" without strata)."""

    lists: tuple[str, ...]
    individuals: pd.DataFrame  # cluster_id, pattern (int), stratum

    @property
    def observed(self) -> int:
        return len(self.individuals)

    def strata(self) -> list[str]:
        return sorted(self.individuals.stratum.unique().tolist())

    def counts(self, stratum: str | None = None) -> np.ndarray:
        """Individuals per pattern, indexed by the bit mask (index 0, the unobserved, is 0)."""
        rows = self.individuals if stratum is None else self.individuals[
            self.individuals.stratum == stratum]
        return np.bincount(rows.pattern.to_numpy(), minlength=2 ** len(self.lists)).astype(float)

    def table(self, stratum: str | None = None) -> pd.DataFrame:
        """The observed patterns: a 0/1 column per list and the count of individuals."""
        counts = self.counts(stratum)
        masks = np.arange(1, len(counts))
        frame = pd.DataFrame({name: (masks >> j) & 1 for j, name in enumerate(self.lists)})
        frame["individuals"] = counts[1:].astype(int)
        return frame[frame.individuals > 0].reset_index(drop=True)


def from_counts(counts, lists: tuple[str, ...] | None = None) -> Histories:
    """Histories from a table of counts per bit mask (index 0 ignored): for simulations and tests."""
    counts = np.asarray(counts, dtype=int)
    k = int(np.log2(len(counts)))
    if 2 ** k != len(counts):
        raise LinkageError(f"counts per pattern must have 2^k entries, not {len(counts)}")
    pattern = np.repeat(np.arange(len(counts)), np.where(np.arange(len(counts)) > 0, counts, 0))
    frame = pd.DataFrame({"cluster_id": np.arange(len(pattern)).astype(str), "pattern": pattern,
                          "stratum": ""})
    return Histories(tuple(lists or (f"list{j + 1}" for j in range(k))), frame)


def build(mentions: pd.DataFrame, clusters: pd.DataFrame, min_list_individuals: int = 1,
          stratum_of: pd.Series | None = None, min_stratum_individuals: int = 0) -> Histories:
    """Capture histories from mentions (record_id, list[, stratum]) and a clustering
    (record_id, cluster_id). Lists naming fewer than `min_list_individuals` individuals are
    pooled into one "other" list; `stratum_of` (cluster_id → stratum) overrides the mentions'
    stratum column, whose commonest value per individual is used otherwise."""
    both = clusters[["record_id", "cluster_id"]].merge(mentions, on="record_id", how="inner")
    if both.empty:
        raise LinkageError("no mention of the clustering has a list: do record_ids match?")
    names = _pooled_lists(both, min_list_individuals)
    both["list"] = both["list"].map(names)
    lists = tuple(sorted(set(names.values()), key=lambda n: (n.startswith("other ("), n)))
    if len(lists) < 2:
        raise LinkageError(f"multiple-systems estimation needs at least two lists, found {list(lists)}")
    bit = both["list"].map({name: 1 << j for j, name in enumerate(lists)})
    pattern = bit.groupby(both.cluster_id).agg(np.bitwise_or.reduce)
    individuals = pd.DataFrame({"cluster_id": pattern.index.astype(str),
                                "pattern": pattern.to_numpy().astype(int)})
    individuals["stratum"] = _strata(both, individuals.cluster_id, stratum_of)
    return Histories(lists, _pool_small_strata(individuals, min_stratum_individuals))


def _pooled_lists(both: pd.DataFrame, minimum: int) -> dict:
    """list value → list name, with lists of fewer than `minimum` individuals pooled."""
    sizes = both.groupby("list").cluster_id.nunique().sort_values(ascending=False)
    small = sizes[sizes < minimum].index.tolist()
    names = {value: value for value in sizes.index}
    if small:
        pooled = f"other ({', '.join(map(str, small))})"
        warnings.warn(f"lists naming fewer than {minimum} individuals pooled into one: {pooled}")
        names |= {value: pooled for value in small}
    return names


def _strata(both: pd.DataFrame, cluster_ids: pd.Series, stratum_of: pd.Series | None) -> np.ndarray:
    if stratum_of is not None:
        found = cluster_ids.map(stratum_of.astype(str))
        return found.fillna(MISSING_STRATUM).replace("", MISSING_STRATUM).to_numpy()
    if "stratum" not in both:
        return np.full(len(cluster_ids), "", dtype=object)
    given = both[both.stratum.fillna("").astype(str).str.strip() != ""]
    mode = given.groupby("cluster_id").stratum.agg(lambda s: s.value_counts().index[0])
    return cluster_ids.map(mode.astype(str)).fillna(MISSING_STRATUM).to_numpy()


def _pool_small_strata(individuals: pd.DataFrame, minimum: int) -> pd.DataFrame:
    sizes = individuals.stratum.value_counts()
    small = sizes[(sizes < minimum) & (sizes.index != "")].index.tolist()
    if small:
        warnings.warn(f"{len(small)} strata with fewer than {minimum} observed individuals are too "
                      f"sparse to estimate alone, pooled into {SMALL_STRATA!r}: "
                      f"{', '.join(map(str, small[:8]))}{' …' if len(small) > 8 else ''}")
        individuals = individuals.assign(stratum=individuals.stratum.where(
            ~individuals.stratum.isin(small), SMALL_STRATA))
    return individuals


# ---- reading a run folder ---------------------------------------------------------------------

def read_mentions(run: Path, lists: str = "source", strata: str | None = None,
                  mapping: Path | None = None) -> pd.DataFrame:
    """record_id, list[, stratum] from RUN/mentions.parquet (features.parquet for derived
    columns such as death_year); `mapping` is a CSV value,list renaming the column's values."""
    frame = _run_columns(Path(run), [c for c in (lists, strata) if c])
    out = pd.DataFrame({"record_id": frame.record_id.astype(str),
                        "list": frame[lists].fillna("").astype(str).str.strip()})
    if mapping is not None:
        out["list"] = _apply_mapping(out["list"], Path(mapping))
    blank = out["list"] == ""
    if blank.any():
        warnings.warn(f"{int(blank.sum()):,} mentions have no {lists!r}: counted as the list {BLANK_LIST!r}")
        out.loc[blank, "list"] = BLANK_LIST
    if strata:
        out["stratum"] = frame[strata].fillna("").astype(str).str.strip().to_numpy()
    return out


def _run_columns(run: Path, columns: list[str]) -> pd.DataFrame:
    """The columns from the run's mentions (as read) or, failing that, its features."""
    import pyarrow.parquet as pq

    found = None
    for name in ("mentions.parquet", "features.parquet"):
        path = run / name
        if path.exists() and all(c in pq.read_schema(path).names for c in columns):
            found = path
            break
    if found is None:
        known = sorted({c for n in ("mentions.parquet", "features.parquet") if (run / n).exists()
                        for c in pq.read_schema(run / n).names} - {"unique_id", "source_row"})
        if not known:
            raise InputError(run, "not a run folder with mentions.parquet; run `linkage dedupe` first")
        missing = [c for c in columns if c not in known]
        raise InputError(run / "mentions.parquet", f"unknown column {missing[0]!r} "
                         f"(columns: {', '.join(known)})", column=missing[0])
    return pd.read_parquet(found, columns=["record_id", *dict.fromkeys(columns)])


def _apply_mapping(values: pd.Series, mapping: Path) -> pd.Series:
    if not mapping.exists():
        raise InputError(mapping, "mapping file not found")
    table = pd.read_csv(mapping, dtype=str, keep_default_na=False)
    if list(table.columns[:2]) != ["value", "list"]:
        raise InputError(mapping, f"expected a header 'value,list', found {','.join(table.columns)}", row=1)
    lookup = dict(zip(table["value"].str.strip(), table["list"].str.strip()))
    unmapped = sorted(set(values[values != ""]) - set(lookup))
    if unmapped:
        raise InputError(mapping, f"{len(unmapped)} values have no list: "
                         f"{', '.join(unmapped[:5])}{' …' if len(unmapped) > 5 else ''}")
    return values.map(lambda v: lookup.get(v, v))


def canonical_strata(run: Path, strata: str) -> pd.Series | None:
    """cluster_id → the individual's canonical value of `strata` (individuals.csv's column or
    its `_canonical` form: one region spelled one way), or None when the run has none."""
    path = Path(run) / "individuals.csv"
    if not path.exists():
        return None
    header = pd.read_csv(path, nrows=0).columns
    column = next((c for c in (f"{strata}_canonical", strata) if c in header), None)
    if column is None:
        return None
    frame = pd.read_csv(path, usecols=["cluster_id", column], dtype=str, keep_default_na=False)
    return frame.set_index("cluster_id")[column]


def read_clusters(run: Path) -> pd.DataFrame:
    path = Path(run) / schema.CLUSTERS
    if not path.exists():
        raise InputError(run, f"not a run folder (no {schema.CLUSTERS}); run `linkage dedupe` first")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_histories(run: Path, lists: str = "source", strata: str | None = None,
                   mapping: Path | None = None, min_list_individuals: int = 1,
                   min_stratum_individuals: int = 0) -> Histories:
    """The run's capture histories: its clusters, lists from a column (or a mapping of it)."""
    mentions = read_mentions(run, lists, strata, mapping)
    stratum_of = canonical_strata(run, strata) if strata else None
    return build(mentions, read_clusters(run), min_list_individuals, stratum_of,
                 min_stratum_individuals)
