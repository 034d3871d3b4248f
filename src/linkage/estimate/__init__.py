"""Counting the uncounted: multiple-systems estimation from the lists that name each individual.

histories (who names whom) → loglinear / latent (one table's total and interval) → total (per
stratum, adding up) → linkage_error (the threshold sweep, the true clusters) → counting (a run
folder end to end) → output (estimate.json, estimate.html, console). Tuning values in
models/estimate.toml (settings).
"""

from linkage.estimate.counting import RunEstimate, estimate_run
from linkage.estimate.histories import Histories, build, from_counts, load_histories
from linkage.estimate.result import Estimate, add_up
from linkage.estimate.settings import Settings, load_settings
from linkage.estimate.total import ESTIMATORS, Total, estimate_total

__all__ = ["ESTIMATORS", "Estimate", "Histories", "RunEstimate", "Settings", "Total", "add_up",
           "build", "estimate_run", "estimate_total", "from_counts", "load_histories",
           "load_settings"]
