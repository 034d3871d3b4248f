"""A generated dataset end to end: people, households and mentions as frames, and the CSVs.

Writes mentions.csv, truth.csv and family.csv (each atomically) for write_dataset,
population.csv when the config simulates capture (the true total, the never-named included),
and generator_config.json (the config and seeds that made the list).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.errors import OutputError
from linkage.generate.archive import PLACE_FORMS, death_offsets, place_column
from linkage.generate.capture import draw_named, mentions_of
from linkage.generate.config import OPTIONAL_COLUMNS, GeneratorConfig
from linkage.generate.lifespans import Deaths, ages, day_number
from linkage.generate.pages import source_urls
from linkage.generate.people import Households, draw_people
from linkage.generate.render import Draws, render_dates, render_names, render_places
from linkage.generate.spelling import Latin
from linkage.generate.surnames import feminine_surname
from linkage.generate.tables import Tables, load_tables
from linkage.generate.vary import config_to_json
from linkage.runfolder import check_overwrite, starts_with

MENTION_COLUMNS = ("record_id", "source", "full_name", "first_name", "patronymic", "surname",
                   "birth_date", "death_date", "age", "region", "settlement", "unit", "rank", "source_url")
TRUTH_COLUMNS = ("record_id", "person_id", "household_id", "relation")
FAMILY_COLUMNS = ("person_id_a", "person_id_b", "relation")
POPULATION_COLUMNS = ("person_id", "region", "visibility", "named_by", "mentions")
GENERATOR_CONFIG = "generator_config.json"  # beside the CSVs: how to make the list again


@dataclass
class Dataset:
    """A generated list: the public frames, plus the people and per-mention noise behind them."""

    mentions: pd.DataFrame  # MENTION_COLUMNS, strings, "" when missing
    truth: pd.DataFrame  # TRUTH_COLUMNS
    family: pd.DataFrame  # FAMILY_COLUMNS
    people: pd.DataFrame  # one row per person: the true names, dates and places
    noise: pd.DataFrame  # per mention: which noise was applied (1), eligible but not (0), not eligible (-1)
    population: pd.DataFrame | None = None  # with capture: every person, named or not (POPULATION_COLUMNS)


def generate_dataset(people: int, seed: int, config: GeneratorConfig | None = None) -> Dataset:
    """Draw people and households, then mentions of them; deterministic for (people, seed, config)."""
    if people < 1:
        raise ValueError("people must be at least 1")
    cfg = config or GeneratorConfig()
    rng = np.random.default_rng(seed)
    t = load_tables(cfg)
    deaths = Deaths(cfg)
    pe = draw_people(people, rng, cfg, t, deaths)
    links = Households(pe, rng, cfg, t, deaths).build()
    pe["surname"] = np.array([feminine_surname(s) if x == "f" else s for s, x in zip(pe["surname"], pe["sex"])],
                             dtype=object)
    if cfg.capture is None:
        counts = rng.choice(len(cfg.mentions_per_person), size=people,
                            p=np.asarray(cfg.mentions_per_person) / sum(cfg.mentions_per_person)) + 1
        person = rng.permutation(np.repeat(np.arange(people), counts))
        source_p = np.array([h.weight for h in cfg.sources.values()], dtype=float)
        src = rng.choice(len(source_p), size=len(person), p=source_p / source_p.sum())
    else:
        person, src, named, visibility = _captured(people, rng, cfg)
    draws = Draws(len(person), src, rng, cfg)
    # the other hands' habits and the pages draw from their own stream: at rate 0 a habit
    # leaves every other column exactly as the calibrated generator wrote it
    extra = Draws(len(person), src, np.random.default_rng([seed, 14]), cfg)
    latin = draws.coin(draws.per_source("latin"))
    scheme_p = np.array(list(cfg.schemes.values()), dtype=float)
    scheme = rng.choice(len(scheme_p), size=len(person), p=scheme_p / scheme_p.sum())
    tr, noise = Latin(list(cfg.schemes), t.table_schemes), {}
    sparse = extra.coin(extra.per_source("sparse"))
    columns = render_names(pe, person, draws, latin, scheme, cfg, t, tr, noise, extra, sparse)
    names = np.array(list(cfg.sources), dtype=object)[src]
    archive_rng = np.random.default_rng([seed, 21]) if cfg.archive is not None else None
    lost = None
    if cfg.archive is not None:
        lost, missing = death_offsets(person, pe["death"][person], day_number(cfg.war_start), names,
                                      archive_rng, cfg.archive)
        noise["missing_since"] = missing.astype(np.int8)
    columns |= render_dates(pe, person, draws, latin, cfg, noise, extra, sparse, lost)
    columns |= render_places(pe, person, draws, latin, scheme, cfg, t, tr, noise, sparse)
    if cfg.archive is not None:
        shown = [s if c else "" for s, c in zip(pe["settlement"][person].tolist(), columns["settlement"])]
        region = [t.regions[r]["short"][0] for r in pe["region"][person].tolist()]
        columns["settlement"], form = place_column(shown, region, latin, names, archive_rng, cfg.archive, tr, scheme)
        noise["place_form"] = np.where(np.array(shown, dtype=object) != "", np.array(PLACE_FORMS, dtype=object)[form], "")
    pid = _ids("p", rng.permutation(people) + 1, max(6, len(str(people))))
    record_id = _ids("m", np.arange(1, len(person) + 1), max(7, len(str(len(person)))))
    columns |= {"record_id": record_id, "source": names}
    place = np.array([f"{r}|{s}" for r, s in zip(pe["region"][person].tolist(), pe["settlement"][person].tolist())],
                     dtype=object)
    columns["source_url"], noise["page"] = source_urls(
        person, src, list(cfg.sources), extra.per_source("url"), pe["household"][person], place,
        pe["region"][person].astype(str).astype(object), extra.rng, cfg)
    noise["sparse_mention"] = np.where(sparse, 1, 0).astype(np.int8)
    mentions = _drop_missing(pd.DataFrame({c: columns[c] for c in MENTION_COLUMNS}, dtype=object), cfg)
    truth = pd.DataFrame({"record_id": record_id, "person_id": pid[person],
                          "household_id": pe["household"][person], "relation": pe["relation"][person]},
                         dtype=object)
    noise_frame = pd.DataFrame({"record_id": record_id, "source": mentions["source"], "scheme": np.where(
        latin, np.array(list(cfg.schemes), dtype=object)[scheme], ""), **noise})
    family, population = _family(links, pid), None
    if cfg.capture is not None:
        population = _population(pe, pid, t, cfg, person, named, visibility)
        seen = set(population.person_id[population.mentions > 0])
        family = family[family.person_id_a.isin(seen) & family.person_id_b.isin(seen)].reset_index(drop=True)
    return Dataset(mentions, truth, family, _people_frame(pe, pid, t), noise_frame, population)


def _drop_missing(mentions: pd.DataFrame, cfg: GeneratorConfig) -> pd.DataFrame:
    """Blank the columns each source lacks (missing_columns); leave out a column no source has."""
    for source, missing in cfg.missing_columns.items():
        unknown = set(missing) - set(OPTIONAL_COLUMNS)
        if unknown:
            raise ValueError(f"missing_columns of {source!r}: {sorted(unknown)} are not optional "
                             f"columns ({', '.join(OPTIONAL_COLUMNS)})")
        mentions.loc[mentions["source"] == source, list(missing)] = ""
    absent = [c for c in OPTIONAL_COLUMNS if all(c in cfg.missing_columns.get(s, ()) for s in cfg.sources)]
    if all(h.url == 0 for h in cfg.sources.values()):
        absent.append("source_url")
    return mentions.drop(columns=absent)


def _captured(people: int, rng: np.random.Generator, cfg: GeneratorConfig):
    """Mentions (person, source index) of a population named list by list (capture.py)."""
    unknown = [name for name in cfg.capture.lists if name not in cfg.sources]
    if unknown:
        raise ValueError(f"capture lists {unknown} are not sources of the generator ({', '.join(cfg.sources)})")
    named, visibility = draw_named(people, rng, cfg.capture)
    person, lst = mentions_of(named, rng, cfg.capture.repeat)
    index = np.array([list(cfg.sources).index(name) for name in cfg.capture.lists])
    return person, index[lst], named, visibility


def _population(pe, pid, t: Tables, cfg: GeneratorConfig, person, named, visibility) -> pd.DataFrame:
    """Every person of the population: region, visibility class, the lists that name them."""
    lists = np.array(list(cfg.capture.lists), dtype=object)
    named_by = [";".join(lists[row]) for row in named]
    frame = pd.DataFrame({"person_id": pid, "region": [t.regions[r]["name"] for r in pe["region"]],
                          "visibility": visibility, "named_by": named_by,
                          "mentions": np.bincount(person, minlength=len(pid))})
    return frame.sort_values("person_id", ignore_index=True)[list(POPULATION_COLUMNS)]


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.array([f"{prefix}{k:0{width}d}" for k in numbers.tolist()], dtype=object)


def _family(links: list, pid: np.ndarray) -> pd.DataFrame:
    rows = [(pid[a], pid[b], rel) for a, b, rel in links]
    return pd.DataFrame(sorted(rows), columns=list(FAMILY_COLUMNS), dtype=object)


def _people_frame(pe: dict, pid: np.ndarray, t: Tables) -> pd.DataFrame:
    iso = lambda days: np.asarray(days, dtype="int64").astype("datetime64[D]").astype(str)
    frame = pd.DataFrame({
        "person_id": pid, "sex": pe["sex"], "group": pe["group"], "first_name": pe["first"],
        "patronymic": pe["patronymic"], "surname": pe["surname"], "father_first_name": pe["father"],
        "birth_date": iso(pe["birth"]), "death_date": iso(pe["death"]), "age": ages(pe["birth"], pe["death"]),
        "region": [t.regions[r]["name"] for r in pe["region"]], "settlement": pe["settlement"],
        "unit": [t.military["units"][u][0] for u in pe["unit"]],
        "rank": [t.military["ranks"][r][0] for r in pe["rank"]],
        "household_id": pe["household"], "relation": pe["relation"]})
    return frame.sort_values("person_id", ignore_index=True)


def generate(people: int, seed: int, config: GeneratorConfig | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """mentions, truth, family: see MENTION_COLUMNS, TRUTH_COLUMNS, FAMILY_COLUMNS."""
    data = generate_dataset(people, seed, config)
    return data.mentions, data.truth, data.family


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    _atomic(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n"))


def _write_text(text: str, path: Path) -> None:
    _atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))


def _atomic(path: Path, write) -> None:
    """Write to a hidden temporary beside `path`, then rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


_FILES = {"mentions": MENTION_COLUMNS, "truth": TRUTH_COLUMNS, "family": FAMILY_COLUMNS,
          "population": POPULATION_COLUMNS}


def _refuse_foreign(out_dir: Path) -> None:
    """Each of the files may replace only a file the generator wrote (its header line).

    A mentions.csv in the contract's columns may be the user's own list, so it counts as
    generated only beside a generated truth.csv.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is a file, not a folder; choose another --out")
    generated = {name: starts_with((",".join(columns) + "\n").encode()) for name, columns in _FILES.items()}
    truth = out_dir / "truth.csv"
    header = starts_with(b"record_id,source,")  # a --vary list may lack optional columns
    generated["mentions"] = lambda path: header(path) and truth.exists() and generated["truth"](truth)
    for name in _FILES:
        check_overwrite(out_dir / f"{name}.csv", generated[name], "generated list file")
    check_overwrite(out_dir / GENERATOR_CONFIG, starts_with(b'{\n "people": '), "generator config")


def write_dataset(out_dir: Path, people: int, seed: int, config: GeneratorConfig | None = None,
                  vary: int | None = None) -> dict:
    """Write out_dir/mentions.csv, truth.csv and family.csv (each atomically), population.csv
    (every person, named or not) with a capture config, and generator_config.json (people, seed,
    the --vary seed if any, and the whole config: enough to make the list again); return counts.

    Refuses (OutputError) when one of these exists and is not the generator's.
    """
    out_dir = Path(out_dir)
    _refuse_foreign(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cfg = config or GeneratorConfig()
    data = generate_dataset(people, seed, cfg)
    recipe = {"people": people, "seed": seed, "vary": vary, "config": config_to_json(cfg)}
    _write_text(json.dumps(recipe, ensure_ascii=False, indent=1) + "\n", out_dir / GENERATOR_CONFIG)
    mentions, truth, family = data.mentions, data.truth, data.family
    frames = [("mentions", mentions), ("truth", truth), ("family", family)]
    for name, frame in frames + ([("population", data.population)] if data.population is not None else []):
        _write_csv(frame, out_dir / f"{name}.csv")
    counts = {"people": people, "mentions": len(mentions),
              "households": int(truth.loc[truth["household_id"] != "", "household_id"].nunique()),
              "family_links": len(family)}
    if data.population is not None:
        counts["named"] = int((data.population.mentions > 0).sum())
    return counts
