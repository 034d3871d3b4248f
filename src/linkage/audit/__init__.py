"""Audit: why is a cluster one person, and why did a pair join or not? Read from a saved run folder.

Reads RUN/clusters.csv, pairs.parquet, features.parquet, manifest.json, model.json (and
mentions.parquet for the records as printed, refused.csv for the clustering's own refusal
reasons, when the run folder has them). Returns dataclasses that render as rich text for the
terminal or as one self-contained HTML page with Splink's waterfall chart. Nothing is re-scored,
except a pair the run never scored, which is scored once for the explanation.

The analysis (reading, cluster, pair) is apart from how it is shown (render).
"""

from linkage.audit.cluster import NEAR_MISSES, ClusterAudit, audit_cluster, why_apart
from linkage.audit.pair import PairAudit, audit_pair, contributions
from linkage.audit.reading import AS_PRINTED, NORMALISED, waterfall_fragment
from linkage.audit.render import cluster_html, pair_html, render_cluster, render_pair

__all__ = [
    "AS_PRINTED", "NEAR_MISSES", "NORMALISED", "ClusterAudit", "PairAudit", "audit_cluster",
    "audit_pair", "cluster_html", "contributions", "pair_html", "render_cluster", "render_pair",
    "waterfall_fragment", "why_apart",
]
