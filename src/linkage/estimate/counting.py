"""`linkage estimate` as a library call: a run folder's histories, the total, its linkage error.

Reads the run folder (clusters.csv, mentions.parquet, individuals.csv; pairs and features for
the threshold sweep and the linkage-error adjustment), optionally audited labels and a truth
CSV; returns a RunEstimate, which output.py writes.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from linkage.errors import LinkageError
from linkage.estimate.adjust import Adjustment, adjust, adjust_strata
from linkage.estimate.histories import (
    build,
    canonical_strata,
    read_clusters,
    read_mentions,
)
from linkage.estimate.linkage_error import read_labels, threshold_sweep, truth_comparison
from linkage.estimate.settings import Settings, load_settings
from linkage.estimate.total import Total, estimate_total


@dataclass(frozen=True)
class RunEstimate:
    run: Path
    list_column: str
    strata_column: str | None
    method: str
    settings: Settings
    result: Total
    sweep: pd.DataFrame | None = None
    truth: dict | None = None
    warnings: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    adjusted: Adjustment | None = None  # the total with linkage error folded into its interval


def estimate_run(run: Path, lists: str = "source", strata: str | None = None,
                 mapping: Path | None = None, method: str = "loglinear", truth: Path | None = None,
                 sweep: bool = True, settings: Settings | None = None, seed: int = 0,
                 labels: Path | None = None, adjust_error: bool = True) -> RunEstimate:
    """Histories from the run's clusters, the total by `method` (per stratum), the total with
    linkage error folded in (measured on `labels`, else from the model's match probabilities),
    how the estimate moves over the threshold sweep and, with a truth file, on the true clusters."""
    settings = settings or load_settings()
    run = Path(run)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mentions = read_mentions(run, lists, strata, mapping)
        clusters = read_clusters(run)
        stratum_of = canonical_strata(run, strata) if strata else None
        histories = build(mentions, clusters, settings.min_list_individuals, stratum_of,
                          settings.min_stratum_individuals)
        result = estimate_total(histories, method, settings, seed)
        adjusted = (_adjusted(run, histories, clusters, mentions, method, settings, result, labels, seed)
                    if adjust_error else None)
    found = tuple(dict.fromkeys(str(w.message) for w in caught))
    for message in found:  # once each, to the caller's handlers (the CLI prints one line each)
        warnings.warn(message)
    swept = threshold_sweep(run, mentions, method, settings, seed) if sweep else None
    compared = truth_comparison(clusters, mentions, truth, method, settings, seed) if truth else None
    return RunEstimate(run, lists, strata, method, settings, result, swept, compared, found,
                       adjusted=adjusted)


def _adjusted(run, histories, clusters, mentions, method, settings, result, labels, seed):
    """The adjustment: over the whole list, or stratum by stratum with the whole list's
    correction shared out (adjust.adjust_strata: an audit of a few hundred people cannot
    measure split rates per stratum), the adjusted strata adding up to the adjusted total; a
    run without its scored pairs and without labels is not adjusted, with a warning."""
    audited = read_labels(labels) if labels else None  # a bad file is an error, not a warning
    try:
        if not result.strata:
            return adjust(histories, run, clusters, mentions, method, settings, result.total,
                          audited, seed)
        whole = build(mentions.drop(columns=["stratum"]), clusters, settings.min_list_individuals)
        return adjust_strata(histories, whole, run, clusters, mentions, method, settings,
                             result.strata, result.total, audited, seed)
    except (ValueError, LinkageError) as exc:
        warnings.warn(f"linkage error not folded into the interval: {exc}")
        return None

