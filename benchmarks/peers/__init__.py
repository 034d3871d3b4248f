"""Peer tools for benchmarks/run.py, one module per tool; each runs as its own process.

Every module is run as `python -m peers.NAME --data DIR --out DIR` (cwd benchmarks/): it reads
DIR/mentions.csv (and DIR/truth.csv where the tool's recipe uses labels) and writes
OUT/clusters.csv (record_id, cluster_id) and OUT/info.json (settings, threshold, notes).
"""
