"""The generator's own tables, loaded once per run from resources/generator/.

Reads first_names.csv, surnames.json, diminutives.csv, familiar.csv, latin_forms.csv,
keyboards.json, regions.json, german.json, schemes.json and military.json (never the matcher's
tables), or for an archive config (GeneratorConfig.archive) its era's first_names_wwii.csv,
regions_wwii.json and military_wwii.json in their place; writes nothing.
"""

from __future__ import annotations

import bisect
import csv
import json
from dataclasses import dataclass
from importlib import resources

import numpy as np

from linkage.generate.archive import settlements, unit_table
from linkage.generate.config import GERMAN, GeneratorConfig
from linkage.generate.surnames import surname_pool


def _resource(name: str):
    return resources.files("linkage") / "resources" / "generator" / name


def _read_csv(name: str) -> list[dict]:
    with _resource(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_json(name: str):
    return json.loads(_resource(name).read_text(encoding="utf-8"))


def _choice_table(rows, weight_key="weight"):
    """{key: (values, cumulative weights)} for bisect picks, keys in file order."""
    out: dict = {}
    for key, value, weight in rows:
        out.setdefault(key, ([], []))
        out[key][0].append(value)
        out[key][1].append(float(weight))
    return {k: (v, np.cumsum(w) / sum(w)) for k, (v, w) in out.items()}


def pick(table: tuple, u: float):
    values, cum = table
    return values[min(bisect.bisect_right(cum, u), len(values) - 1)]


def _neighbours(rows: list[str]) -> dict[str, str]:
    """Keys next to each key: left, right, and the same column one row up or down."""
    out: dict[str, str] = {}
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            near = [row[c - 1] if c else "", row[c + 1] if c + 1 < len(row) else ""]
            near += [rows[r2][c] for r2 in (r - 1, r + 1) if 0 <= r2 < len(rows) and c < len(rows[r2])]
            out[key] = "".join(near)
    return out


@dataclass
class Tables:
    first: dict  # (group, sex) -> (names, probabilities)
    patronymic: dict  # male first name -> (patronymic, female patronymic)
    surnames: dict  # group -> (surnames, probabilities)
    regions: list
    diminutives: dict  # name -> (forms, cum)
    forms: dict  # (name, style) -> (forms, cum)
    german: dict
    keys: dict  # script -> {key: neighbours}
    military: dict
    familiar: dict  # (name, "cyrillic" | "latin") -> (forms, cum): Митя, Жека, Sanya, Max, Dimitri
    table_schemes: dict  # scheme name -> rules, for the Latin schemes iuliia lacks (GERMAN, TABLE_SCHEMES)


def _era(name: str, cfg: GeneratorConfig) -> str:
    """`regions.json` or, for an archive config, its era's table `regions_wwii.json`."""
    if cfg.archive is None:
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem}_{cfg.archive.tables}{dot}{ext}"


def _first_names(cfg: GeneratorConfig) -> list[dict]:
    """first_names.csv; an era's table replaces the groups it gives (names of 1880-1927 Russians)."""
    rows = _read_csv("first_names.csv")
    if cfg.archive is None:
        return rows
    era = _read_csv(_era("first_names.csv", cfg))
    replaced = {row["group"] for row in era}
    return [row for row in rows if row["group"] not in replaced] + era


def _archive_regions(cfg: GeneratorConfig) -> tuple[list, dict]:
    """The era's regions, each with settlements "Raion р-н, д. Village", and its military table
    with units drawn (archive.unit_table): both fixed by name_table_seed, like the surnames."""
    spec = _read_json(_era("regions.json", cfg))
    rng = np.random.default_rng([cfg.name_table_seed, 1941])
    regions = [{**r, "settlements": settlements(r, spec["villages"], cfg.archive.villages_per_raion, rng)}
               for r in spec["regions"]]
    military = _read_json(_era("military.json", cfg))
    military["units"] = unit_table(cfg.archive.units, cfg.archive.unit_forms, rng)
    return regions, military


def load_tables(cfg: GeneratorConfig) -> Tables:
    first: dict = {}
    patronymic = {}
    for row in _first_names(cfg):
        names, weights = first.setdefault((row["group"], row["sex"]), ([], []))
        names.append(row["name"])
        weights.append(float(row["weight"]))
        if row["sex"] == "m":
            patronymic[row["name"]] = (row["patronymic"], row["patronymic_female"])
    first = {k: (np.array(n, dtype=object), np.array(w) / sum(w)) for k, (n, w) in first.items()}
    surnames = {g: surname_pool(g, spec, cfg) for g, spec in _read_json("surnames.json").items()}
    dims = _choice_table((r["name"], r["diminutive"], r["weight"]) for r in _read_csv("diminutives.csv"))
    forms = _choice_table(((r["name"], r["style"]), r["form"], r["weight"]) for r in _read_csv("latin_forms.csv"))
    keys = {script: _neighbours(rows) for script, rows in _read_json("keyboards.json").items()
            if not script.startswith("_")}
    familiar = _choice_table(((r["name"], r["script"]), r["form"], r["weight"]) for r in _read_csv("familiar.csv"))
    german = _read_json("german.json")
    schemes = {k: v for k, v in _read_json("schemes.json").items() if not k.startswith("_")}
    regions, military = ((_read_json("regions.json"), _read_json("military.json")) if cfg.archive is None
                         else _archive_regions(cfg))
    return Tables(first, patronymic, surnames, regions, dims, forms,
                   german, keys, military, familiar, {GERMAN: german, **schemes})
