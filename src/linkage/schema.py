"""The data contracts: column names and run-folder file names every stage agrees on.

The ground floor of the package: it imports nothing from linkage, and every stage that reads or
writes a table by its column names, or a run folder by its file names, takes them from here.
The mention contract is the input (README: "The mention contract"); the run folder is the output
(README: "The run folder").
"""

from __future__ import annotations

# --- input: the mention contract --------------------------------------------------------------

CONTRACT = (
    "record_id", "source", "full_name", "first_name", "patronymic", "surname",
    "birth_date", "death_date", "age", "region", "settlement", "unit", "rank",
)
# Optional columns of the contract: recognised by name (in any case) like the ones above, never
# required, not compared by the default spec, and carried into `mentions` and `features` like any
# extra column. source_url: the archived page a mention was read from; one page may name several
# people (a group obituary), so two mentions on one page with different names are two people.
OPTIONAL = ("source_url",)
NAME_COLUMNS = ("full_name", "first_name", "patronymic", "surname")
DATE_COLUMNS = ("birth_date", "death_date")
ALIASES = {"age_at_death": "age"}
# Columns of `mentions` that are not input: the row number ingest adds and the file's own row.
BOOKKEEPING = ("_row", "source_row")

# --- normalise: the comparison features -------------------------------------------------------

FEATURE_COLUMNS = (
    "first_name", "patronymic", "surname", "first_key", "first_root", "first_group", "first_phon",
    "first_known",
    "patronymic_key", "patronymic_father", "surname_key", "surname_stem", "surname_phon",
    "surname_common", "birth_date", "birth_year", "birth_month", "birth_day", "birth_daynum",
    "death_date", "death_year", "death_month", "death_day", "death_daynum",
    "age", "birth_year_est", "region_key", "settlement_key", "unit_key", "rank_key", "rank_order",
)

# Names the later stages and Splink give their own columns: an extra input column with one of
# them (in any case) is carried through as input_<name>, so no join can mistake it for theirs.
INTERNAL = frozenset(("unique_id", "cluster_id", "match_weight", "match_probability", "match_key",
                      "source_dataset", "source_row", *FEATURE_COLUMNS))
INTERNAL_PREFIXES = ("_", "gamma_", "bf_", "tf_", "mw_")

# --- output: the run folder's tables ----------------------------------------------------------

CLUSTER_COLUMNS = ("record_id", "cluster_id")  # what a clusters.csv must have to be read
# The stable id of an individual (stable_ids.py): minted once, carried from release to release.
INDIVIDUAL_ID = "individual_id"
CLUSTER_FILE_COLUMNS = (*CLUSTER_COLUMNS, INDIVIDUAL_ID)  # what dedupe and update write
INDIVIDUAL_COLUMNS = (
    "cluster_id", INDIVIDUAL_ID, "surname", "first_name", "patronymic", "surname_latin", "first_name_latin",
    "patronymic_latin", "birth_date", "death_date", "region_canonical", "settlement", "n_mentions",
    "sources", "record_ids", "surname_from", "first_name_from", "patronymic_from", "birth_date_from",
    "death_date_from", "region_from", "settlement_from",
)
CHANGE_COLUMNS = (INDIVIDUAL_ID, "change", "previous_ids", "mentions_added")
REDIRECT_COLUMNS = ("retired_id", INDIVIDUAL_ID)
HOUSEHOLD_COLUMNS = ("household_id", "individual", "relation", "size")
CLUSTER_QUALITY_COLUMNS = ("cluster_id", "size", "scored_pairs", "min_match_weight",
                           "mean_match_weight", "weakest_pair", "refused_merges")

# --- output: the run folder's file names ------------------------------------------------------

MANIFEST = "manifest.json"
MODEL = "model.json"
CLUSTERS = "clusters.csv"
INDIVIDUALS = "individuals.csv"
PAIRS = "pairs.parquet"
FEATURES = "features.parquet"
MENTIONS = "mentions.parquet"
REJECTS = "rejects.csv"
REFUSED = "refused.csv"
CLUSTER_QUALITY = "cluster_quality.csv"
FAMILY_GRAPH = "family.graphml"
HOUSEHOLDS = "households.csv"
REPORT = "report.html"
CHANGES = "changes.csv"      # what this release changed (stable_ids.Change rows)
REDIRECTS = "redirects.csv"  # every retired individual id → the live id it resolves to
EVALUATION = "evaluation.json"
# What `dedupe` writes; a manifest from before `written_by` existed is trusted with these only.
RUN_FILES = frozenset((CLUSTERS, INDIVIDUALS, PAIRS, FEATURES, MENTIONS, REFUSED, CLUSTER_QUALITY,
                       REPORT, FAMILY_GRAPH, HOUSEHOLDS, REJECTS, MODEL, MANIFEST, CHANGES, REDIRECTS))
# What later commands add to a run folder (evaluate, tune, estimate), so a rerun may replace them.
LATER_FILES = frozenset((EVALUATION, "thresholds.csv", "thresholds.html", "thresholds.png",
                         "match_weights_chart.html", "m_u_parameters_chart.html",
                         "estimate.json", "estimate.html"))
