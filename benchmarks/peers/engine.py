"""linkage itself, run end to end the same way as the peers (its own process, same inputs).

Reads DATA/mentions.csv; writes OUT/clusters.csv, OUT/info.json (stage timings) and OUT/run/.
"""

from __future__ import annotations

import shutil

import pandas as pd

from linkage.config import EngineConfig
from linkage.pipeline import RunOptions, dedupe
from peers.plain import arguments, write_result


def main() -> None:
    args = arguments(__doc__)
    engine = EngineConfig(temp_directory=str(args.out / "duckdb"))
    manifest = dedupe(RunOptions(mentions=args.data / "mentions.csv", out=args.out / "run",
                                 engine=engine))
    clusters = pd.read_csv(args.out / "run" / "clusters.csv", dtype=str)
    write_result(args.out, clusters["record_id"], clusters["cluster_id"],
                 {"threshold": manifest["parameters"]["threshold"],
                  "method": manifest["parameters"]["method"],
                  "timings_seconds": manifest["timings_seconds"]})
    shutil.rmtree(args.out / "duckdb", ignore_errors=True)


if __name__ == "__main__":
    main()
