"""What an audit reads from a saved run folder: clusters, records, scored pairs, refusals.

Reads the run's clusters, pairs, features and mentions (when the run kept them) through a
runs.Run; writes nothing. waterfall_fragment draws Splink's chart for scored rows.
"""

from __future__ import annotations

import pandas as pd

from linkage import schema
from linkage.runs import Run

NORMALISED = ("first_key", "first_root", "patronymic_key", "patronymic_father", "surname_key",
              "surname_stem", "birth_date", "birth_year_est", "death_date", "age", "region_key",
              "settlement_key")
AS_PRINTED = ("source", "full_name", "first_name", "patronymic", "surname", "birth_date",
              "death_date", "age", "region", "settlement", "unit", "rank")


def read_clusters(saved: Run) -> pd.DataFrame:
    """record_id, cluster_id, unique_id per record (read once per open run; do not modify it)."""
    return saved.once("clusters", lambda: saved.con.execute(
        """SELECT c.record_id, c.cluster_id, f.unique_id
        FROM clusters c JOIN features f ON f.record_id = c.record_id""").df().astype(object))


def cluster_labels(saved: Run) -> dict:
    """unique_id → cluster_id for every record (built once per open run; do not modify it)."""
    clusters = read_clusters(saved)
    return saved.once("labels", lambda: dict(zip(clusters.unique_id, clusters.cluster_id)))


def read_records(saved: Run, record_ids: list[str]) -> pd.DataFrame:
    """Each record as printed (mentions.parquet when the run kept it) and as normalised."""
    ids = pd.DataFrame({"record_id": record_ids})
    saved.con.register("wanted_ids", ids)
    normalised = saved.con.execute(
        f"""SELECT f.record_id, {', '.join(f'f.{c} AS "norm_{c}"' for c in NORMALISED)}
        FROM features f JOIN wanted_ids USING (record_id)""").df()
    if saved.has(schema.MENTIONS):
        printed = saved.con.execute(
            "SELECT m.* FROM mentions m JOIN wanted_ids USING (record_id)").df()
        printed = printed[["record_id"] + [c for c in printed.columns
                                           if c != "record_id" and not c.startswith("_")]]
    else:  # the parsed name parts and dates are the closest thing to the text as printed
        printed = saved.con.execute(
            """SELECT f.record_id, f.source, f.first_name, f.patronymic, f.surname
            FROM features f JOIN wanted_ids USING (record_id)""").df()
    saved.con.unregister("wanted_ids")
    merged = ids.merge(printed, on="record_id", how="left").merge(normalised, on="record_id", how="left")
    return merged.astype(object).where(merged.notna(), None)


def pairs_touching(saved: Run, unique_ids: list[int]) -> pd.DataFrame:
    """The scored pairs with either record among unique_ids, strongest first: ids and weights only
    (the pair's 70-odd comparison columns made this scan ten times slower; pair_row has them)."""
    saved.con.register("wanted_uids", pd.DataFrame({"u": unique_ids}))
    frame = saved.con.execute(
        """SELECT unique_id_l, unique_id_r, record_id_l, record_id_r, match_weight, match_probability
        FROM pairs WHERE unique_id_l IN (SELECT u FROM wanted_uids)
           OR unique_id_r IN (SELECT u FROM wanted_uids) ORDER BY match_weight DESC""").df()
    saved.con.unregister("wanted_uids")
    return frame


def pair_weights(saved: Run, uids: list[int]) -> dict:
    frame = pairs_touching(saved, uids)
    return {(min(a, b), max(a, b)): w for a, b, w in
            zip(frame.unique_id_l, frame.unique_id_r, frame.match_weight)}


def pair_row(saved: Run, a: int, b: int) -> dict | None:
    rows = saved.con.execute(
        "SELECT * FROM pairs WHERE (unique_id_l = ? AND unique_id_r = ?) OR (unique_id_l = ? AND unique_id_r = ?)",
        [a, b, b, a]).df()
    if rows.empty:
        return None
    return clean_row(rows.iloc[0].to_dict())


def clean_row(row: dict) -> dict:
    """NaN and NA as None, for Splink's record dicts and for display."""
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}


def waterfall_fragment(saved: Run, rows: list[dict]) -> str:
    """Splink's waterfall chart for scored pairs, as an HTML fragment with its JavaScript inlined."""
    from linkage.tune import model_linker

    chart = model_linker(saved).visualisations.waterfall_chart(rows, filter_nulls=False)
    page = chart.to_html(inline=True)
    return page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
