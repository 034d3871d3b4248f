"""Print the mentions of a few people with many mentions, for checking the output by eye.
python show.py DIR [--people 4] [--rows 40] [--seed 0]"""

import argparse
import random

import pandas as pd
from generate import COLUMNS


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--people", type=int, default=4)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    m = pd.read_csv(f"{a.dir}/mentions.csv", dtype=str, keep_default_na=False)
    t = pd.read_csv(f"{a.dir}/truth.csv", dtype=str, keep_default_na=False)
    d = m.merge(t, on="record_id")
    sizes = d.groupby("person_id").size()
    big = sorted(sizes[sizes >= 8].index)
    rng = random.Random(a.seed)
    pick = rng.sample(big, min(a.people, len(big)))
    rows = d[d.person_id.isin(pick)].sort_values(["person_id", "source"]).head(a.rows)
    cols = ["person_id", *COLUMNS[1:]]
    with pd.option_context(
        "display.width", 250, "display.max_colwidth", 38, "display.max_rows", 200
    ):
        print(rows[cols].to_string(index=False))


if __name__ == "__main__":
    main()
