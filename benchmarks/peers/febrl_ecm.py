"""The recordlinkage toolkit on FEBRL as its documentation's FEBRL examples set it up: block on
given name (plus surname and date of birth, so that one typo does not lose a pair), compare with
Jaro–Winkler at 0.85 and exact matches, classify unsupervised with ECM; clusters are connected
components of the links. FEBRL4 is linked file to file, FEBRL3 deduplicated.

Reads DATA/mentions.csv (FEBRL headers; `source` names the file); writes OUT/clusters.csv and
OUT/info.json. Runs under the benchmark interpreter that has recordlinkage (pandas < 3).
"""

from __future__ import annotations

import pandas as pd
import recordlinkage as rl

from peers.plain import arguments, write_links

JW = 0.85  # the threshold of recordlinkage's own FEBRL examples


def index(*frames):
    indexer = rl.Index()
    for column in ("given_name", "surname", "date_of_birth"):
        indexer.block(column)
    return indexer.index(*frames)


def compare(pairs, *frames):
    c = rl.Compare()
    for column in ("given_name", "surname", "address_1"):
        c.string(column, column, method="jarowinkler", threshold=JW, label=column)
    for column in ("date_of_birth", "suburb", "state", "postcode", "soc_sec_id"):
        c.exact(column, column, label=column)
    return c.compute(pairs, *frames)


def main() -> None:
    args = arguments(__doc__)
    frame = pd.read_csv(args.data / "mentions.csv", dtype=str, keep_default_na=False)
    frame = frame.replace({"": None}).set_index("rec_id")
    frames = [frame[frame["source"] == f] for f in sorted(frame["source"].unique())]
    pairs = index(*frames)
    links = rl.ECMClassifier().fit_predict(compare(pairs, *frames))
    ids = list(frame.index)
    write_links(args.out, ids, links, {"candidate_pairs": len(pairs), "jaro_winkler_threshold": JW})


if __name__ == "__main__":
    main()
