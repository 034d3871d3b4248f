"""Cluster quality: per cluster its size, the scored pairs inside it and their lowest and mean
match weight (with the weakest pair), and the merges the clustering refused for it.

Reads DuckDB views `clusters`, `pairs` and `refused` (a runs.Run's connection); writes the table
`cluster_quality` and RUN/cluster_quality.csv (columns: schema.CLUSTER_QUALITY_COLUMNS).
"""

from __future__ import annotations

from pathlib import Path

from linkage import schema


def write_cluster_quality(con, run: Path) -> None:
    """Build `cluster_quality` and write it to RUN/cluster_quality.csv."""
    cluster_quality(con)
    con.execute(f"COPY (SELECT {', '.join(schema.CLUSTER_QUALITY_COLUMNS)} FROM cluster_quality) "
                "TO ? (HEADER, DELIMITER ',')", [str(Path(run) / schema.CLUSTER_QUALITY)])


def cluster_quality(con) -> None:
    """Table cluster_quality: per cluster its size, the scored pairs inside it and their lowest
    and mean match weight (with the weakest pair), and how many merges with another group the
    clustering refused for it (cannot-links and weak bridges it resolved)."""
    con.execute(
        """CREATE OR REPLACE TABLE cluster_quality AS
        WITH sizes AS (SELECT cluster_id, count(*) AS size FROM clusters GROUP BY cluster_id),
        inside AS (
            SELECT cl.cluster_id, count(*) AS scored_pairs, min(p.match_weight) AS min_match_weight,
                   avg(p.match_weight) AS mean_match_weight,
                   arg_min(p.record_id_l || ' — ' || p.record_id_r, p.match_weight) AS weakest_pair
            FROM pairs p JOIN clusters cl ON cl.record_id = p.record_id_l
            JOIN clusters cr ON cr.record_id = p.record_id_r AND cr.cluster_id = cl.cluster_id
            GROUP BY cl.cluster_id),
        refusals AS (
            SELECT c.cluster_id, count(*) AS refused_merges
            FROM (SELECT record_id_l AS record_id FROM refused
                  UNION ALL SELECT record_id_r FROM refused) r
            JOIN clusters c USING (record_id) GROUP BY c.cluster_id)
        SELECT s.cluster_id, s.size, coalesce(i.scored_pairs, 0) AS scored_pairs,
               round(i.min_match_weight, 3) AS min_match_weight,
               round(i.mean_match_weight, 3) AS mean_match_weight, i.weakest_pair,
               coalesce(r.refused_merges, 0) AS refused_merges
        FROM sizes s LEFT JOIN inside i USING (cluster_id) LEFT JOIN refusals r USING (cluster_id)
        ORDER BY s.cluster_id""")
