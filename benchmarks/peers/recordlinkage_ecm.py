"""The recordlinkage toolkit as its documentation sets it up: index by blocking and sorted
neighbourhood, compare strings with Jaro–Winkler, classify unsupervised with ECM; clusters are
connected components of the predicted links.

Reads DATA/mentions.csv; writes OUT/clusters.csv and OUT/info.json.
"""

from __future__ import annotations

import recordlinkage as rl

from peers.plain import arguments, features, write_links

JW = 0.85  # the threshold of recordlinkage's own FEBRL examples


def candidate_pairs(frame):
    indexer = rl.Index()
    indexer.block("surname")
    indexer.sortedneighbourhood("surname", window=9)  # neighbours in sort order: typos after the start
    indexer.block(["first_name", "birth_year"])  # typos at the start of the surname
    return indexer.index(frame)


def compare(frame, pairs):
    c = rl.Compare()
    for name in ("first_name", "surname", "patronymic"):
        c.string(name, name, method="jarowinkler", threshold=JW, label=name)
    c.exact("birth_date", "birth_date", label="birth_date")
    c.exact("birth_year", "birth_year", label="birth_year")
    c.exact("death_date", "death_date", label="death_date")
    c.exact("region", "region", label="region")
    return c.compute(pairs, frame)


def main() -> None:
    args = arguments(__doc__)
    frame = features(args.data / "mentions.csv").set_index("record_id")
    pairs = candidate_pairs(frame)
    vectors = compare(frame, pairs)
    links = rl.ECMClassifier(binarize=None).fit_predict(vectors)
    ids = list(frame.index)
    write_links(args.out, ids, links, {"candidate_pairs": len(pairs), "jaro_winkler_threshold": JW})


if __name__ == "__main__":
    main()
