"""An independent synthetic casualty-list generator (written without reading the engine).

    python benchmarks/other_hands/generate.py --people 10000 --seed 1 --out DIR
    python benchmarks/other_hands/generate.py --mentions 200000 --seed 1 --out DIR

`--people N` draws N true people (each seen 1..many times, about 2.3 mentions per person on
average); `--mentions M` picks the number of people so that the list has about M mentions.
Writes DIR/mentions.csv (the mention contract), DIR/truth.csv, DIR/family.csv and
DIR/habits.json (the habit parameters drawn from the seed, and summary counts).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import habits
from population import make_people
from render import Renderer

MENTIONS_PER_PERSON = 2.3  # used by --mentions; the list reports the real figure
COLUMNS = ["record_id", "source", "full_name", "first_name", "patronymic", "surname",
           "birth_date", "death_date", "age", "region", "settlement", "unit", "rank", "source_url"]
DOMAINS = {
    "obituary": "https://vk.example/wall-{}", "cemetery": "https://graves.example/photo/{}",
    "memorial": "https://memorial-book.example/person/{}", "social": "https://social.example/post/{}",
    "news": "https://regional-news.example/news/{}", "official": "https://gov-region.example/list/{}",
    "osint": "https://osint.example/entry/{}", "press_en": "https://daily.example.com/world/{}",
    "press_de": "https://zeitung.example.de/ausland/{}", "press_fr": "https://journal.example.fr/monde/{}",
    "press_pl": "https://gazeta.example.pl/swiat/{}", "press_cs": "https://noviny.example.cz/svet/{}",
}


def capture(people: pd.DataFrame, outlets: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Which outlet mentions which person, how often: one row per mention (person, outlet)."""
    names = list(outlets)
    vis = people["visibility"].to_numpy()
    n = len(people)
    caught = np.zeros((n, len(names)), dtype=bool)
    for k, name in enumerate(names):
        o = outlets[name]
        if not o["follows"]:
            caught[:, k] = rng.random(n) < np.clip(o["capture"] * vis, 0, 0.95)
    followed = caught[:, [names.index("news"), names.index("official")]].any(axis=1)
    for k, name in enumerate(names):
        o = outlets[name]
        if o["follows"]:
            caught[:, k] = followed & (rng.random(n) < np.clip(o["capture"] * vis, 0, 0.95))
    # a person in the list was named somewhere at least once
    none = np.flatnonzero(~caught.any(axis=1))
    base = [names.index(x) for x in ("obituary", "social", "memorial", "news", "cemetery")]
    w = np.array([outlets[names[k]]["capture"] for k in base])
    caught[none, np.array(base)[rng.choice(len(base), size=len(none), p=w / w.sum())]] = True
    person, outlet = np.nonzero(caught)
    dup_p = np.array([outlets[x]["dup"] for x in names])[outlet]
    dup = rng.random(len(person)) < dup_p
    m = pd.DataFrame({"person": np.concatenate([person, person[dup]]),
                      "outlet": np.concatenate([outlet, outlet[dup]]),
                      "dup": np.concatenate([np.zeros(len(person), bool), np.ones(int(dup.sum()), bool)])})
    return m.iloc[rng.permutation(len(m))].reset_index(drop=True)


def links(m: pd.DataFrame, people: pd.DataFrame, outlets: dict, rng) -> np.ndarray:
    """A link id per mention (-1 none): group obituaries, family posts and re-scrapes share one."""
    names = list(outlets)
    n = len(m)
    url = np.arange(n, dtype=np.int64) + 100000
    present = rng.random(n) < np.array([outlets[x]["url_present"] for x in names])[m["outlet"]]
    region = people["region"].to_numpy()[m["person"]]
    month = people["death"].to_numpy()[m["person"]].astype("datetime64[M]").astype(int)
    group = rng.random(n) < np.array([outlets[x]["group_share"] for x in names])[m["outlet"]]
    sel = np.flatnonzero(present & group & ~m["dup"].to_numpy())
    order = sel[np.lexsort((rng.random(len(sel)), month[sel], region[sel], m["outlet"].to_numpy()[sel]))]
    pos = 0
    while pos < len(order):
        size = min(2 + int(rng.geometric(0.45)) - 1, 8)
        chunk = order[pos:pos + size]
        url[chunk] = url[chunk[0]]
        pos += size
    # household members in one outlet: a family obituary names them together, half the time
    hh = people["household_id"].to_numpy()[m["person"]]
    fam = pd.DataFrame({"i": np.arange(n), "hh": hh, "outlet": m["outlet"].to_numpy()})
    fam = fam[(fam["hh"] != "") & present & ~m["dup"].to_numpy()]
    for _, g in fam.groupby(["hh", "outlet"]):
        if len(g) > 1 and rng.random() < 0.5:
            url[g["i"].to_numpy()] = url[g["i"].to_numpy()[0]]
    # a duplicate scraped twice keeps its original's link
    dups = np.flatnonzero(m["dup"].to_numpy())
    if len(dups):
        key = m["person"].to_numpy() * 100 + m["outlet"].to_numpy()
        first = pd.Series(np.arange(n))[~m["dup"].to_numpy()]
        first.index = key[~m["dup"].to_numpy()]
        same = rng.random(len(dups)) < np.array([outlets[x]["dup_same_url"] for x in names])[m["outlet"].to_numpy()[dups]]
        orig = first.loc[key[dups[same]]].to_numpy()
        url[dups[same]] = url[orig]
        present[dups[same]] = present[orig]
    url[~present] = -1
    return url


def people_columns(people: pd.DataFrame) -> dict:
    """Plain Python lists for the render loop (fast indexing), dates as (y, m, d)."""
    b = pd.DatetimeIndex(people["birth"])
    d = pd.DatetimeIndex(people["death"])
    cols = {c: people[c].tolist() for c in ("people", "given", "surname", "alt_surname", "patronymic",
                                             "age", "region", "region_birth", "region_burial",
                                             "settlement", "settlement_birth", "settlement_burial",
                                             "unit", "rank")}
    cols["birth"] = list(zip(b.year.tolist(), b.month.tolist(), b.day.tolist()))
    cols["death"] = list(zip(d.year.tolist(), d.month.tolist(), d.day.tolist()))

    def death_shift(i: int, days: int) -> tuple[int, int, int]:
        x = dt.date(*cols["death"][i]) + dt.timedelta(days=days)
        return x.year, x.month, x.day

    cols["death_shift"] = death_shift
    return cols


def write_atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        write(fh)
    os.replace(tmp, path)


def generate(n_people: int, seed: int, out: Path, surname_concentration: float = 1.0) -> dict:
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    outlets, glob = habits.draw(rng)
    people = make_people(n_people, glob, rng, surname_concentration)
    m = capture(people, outlets, rng)
    url = links(m, people, outlets, rng)
    t_draw = time.perf_counter() - t0

    names = list(outlets)
    rend = Renderer(people_columns(people), outlets)
    rnd = random.Random(seed)
    person = m["person"].to_numpy().tolist()
    outlet = m["outlet"].to_numpy().tolist()
    url_l = url.tolist()
    dup = m["dup"].to_numpy().tolist()
    noise: list[str] = []
    pid = people["person_id"].tolist()
    hid = people["household_id"].tolist()
    rel = [r.split(":")[1] if r else "" for r in people["relation"].tolist()]
    out.mkdir(parents=True, exist_ok=True)

    def write_mentions(fh) -> None:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for j in range(len(person)):
            i, o = person[j], outlets[names[outlet[j]]]
            lat = o["script"] == "lat"
            scheme = (rnd.choices(*o["_schemes"])[0]) if lat else None
            rend.flags = [f"latin:{scheme}"] if lat else []
            if dup[j]:
                rend.flags.append("dup")
            nm = rend.name(i, o, rnd, scheme)
            birth, death, age = rend.dates(i, o, rnd)
            region, settlement = rend.places(i, o, rnd, scheme)
            unit, rank = rend.unit_rank(i, o, rnd, lat)
            link = DOMAINS[names[outlet[j]]].format(url_l[j]) if url_l[j] >= 0 else ""
            w.writerow([f"r{j + 1:07d}", names[outlet[j]], nm["full_name"], nm["first_name"],
                        nm["patronymic"], nm["surname"], birth, death, age, region, settlement,
                        unit, rank, link])
            noise.append(" ".join(rend.flags))

    def write_truth(fh) -> None:
        w = csv.writer(fh)
        w.writerow(["record_id", "person_id", "household_id", "relation"])
        for j, i in enumerate(person):
            w.writerow([f"r{j + 1:07d}", pid[i], hid[i], rel[i]])

    write_atomic(out / "mentions.csv", write_mentions)
    write_atomic(out / "truth.csv", write_truth)
    write_atomic(out / "noise.csv", lambda fh: pd.DataFrame(
        {"record_id": [f"r{j + 1:07d}" for j in range(len(noise))], "noise": noise}).to_csv(fh, index=False))
    fam = family_pairs(people)
    write_atomic(out / "family.csv", lambda fh: fam.to_csv(fh, index=False))
    t_total = time.perf_counter() - t0

    shared = pd.Series(url[url >= 0]).value_counts()
    stats = {
        "people": len(people), "mentions": len(m),
        "mentions_per_person": round(len(m) / len(people), 3),
        "people_by_mentions": {str(k): int(v) for k, v in
                               m.groupby("person").size().value_counts().sort_index().items()},
        "mentions_by_source": {names[k]: int(v) for k, v in m["outlet"].value_counts().sort_index().items()},
        "share_records_sharing_a_link": round(float(shared[shared > 1].sum() / len(m)), 4),
        "households": int((people["household_id"] != "").groupby(people["household_id"]).size().shape[0] - 1),
        "people_in_households": int((people["household_id"] != "").sum()),
        "family_pairs": {k: int(v) for k, v in fam["relation"].value_counts().items()},
        "seconds": {"draw": round(t_draw, 1), "total": round(t_total, 1)},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if surname_concentration != 1.0:  # the default list's habits.json keeps its keys
        stats |= surname_shares(people, surname_concentration)
    params = {k: {kk: (list(vv) if isinstance(vv, tuple) else vv) for kk, vv in v.items() if not kk.startswith("_")}
              for k, v in outlets.items()}
    write_atomic(out / "habits.json", lambda fh: json.dump(
        {"seed": seed, "stats": stats, "global": glob, "outlets": params}, fh, ensure_ascii=False, indent=1))
    return stats


def surname_shares(people: pd.DataFrame, concentration: float) -> dict:
    """How much of the people the commonest surnames carry (the knob's effect, for habits.json)."""
    counts = people["surname"].value_counts()
    return {"surname_concentration": concentration,
            "top_surname": [counts.index[0], round(counts.iloc[0] / len(people), 4)],
            "top10_surname_share": round(counts.iloc[:10].sum() / len(people), 4),
            "top100_surname_share": round(counts.iloc[:100].sum() / len(people), 4)}


def family_pairs(people: pd.DataFrame) -> pd.DataFrame:
    """sibling (brothers, twins, sons of one father), parent_child (a = parent), cousin."""
    rows = []
    hh = people[people["household_id"] != ""]
    for _, g in hh.groupby("household_id"):
        rels = dict(zip(g["person_id"], g["relation"]))
        ids = sorted(rels)
        for a_i, a in enumerate(ids):
            for b in ids[a_i + 1:]:
                ra, rb = rels[a].split(":")[1], rels[b].split(":")[1]
                kind = rels[a].split(":")[0]
                if kind == "cousins":
                    rows.append((a, b, "cousin"))
                elif kind.startswith("father"):
                    if "head" in (ra, rb):
                        parent, child = (a, b) if ra == "head" else (b, a)
                        rows.append((parent, child, "parent_child"))
                    else:
                        rows.append((a, b, "sibling"))
                else:
                    rows.append((a, b, "sibling"))
    return pd.DataFrame(rows, columns=["person_id_a", "person_id_b", "relation"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--people", type=int, help="number of true people")
    size.add_argument("--mentions", type=int, help="about this many mentions")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--surname-concentration", type=float, default=1.0, metavar="S",
                    help="surname weights w become w**S: S > 1 makes the top surnames carry "
                         "real-life mass (1.6: the top 100 carry about a third of the people, a "
                         "Dagestan-like list's top surname several percent); 1 = the default list")
    a = ap.parse_args(argv)
    if a.surname_concentration <= 0:
        ap.error("--surname-concentration must be positive")
    n = a.people if a.people else max(1, round(a.mentions / MENTIONS_PER_PERSON))
    stats = generate(n, a.seed, a.out, a.surname_concentration)
    print(json.dumps(stats, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
