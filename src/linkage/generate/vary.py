"""A noise model drawn at random: `linkage generate --vary SEED`, and configs as JSON.

Reads nothing; draw_config turns a seed into a GeneratorConfig whose every habit (rates, date
conventions and the mix of date forms, which sources exist, which columns they print, the transliteration mix) comes from
a wide range, so a benchmark runs over many noise models rather than the calibrated one.
config_to_json / config_from_json write and read a config (generator_config.json beside the
data), so any list can be made again.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np

from linkage.generate.archive import ArchiveHabits
from linkage.generate.capture import CaptureConfig
from linkage.generate.config import OPTIONAL_COLUMNS, GeneratorConfig, SourceHabits

# At least this many sources survive the draw; the rest each exist with PRESENT.
MIN_SOURCES, PRESENT = 3, 0.7
# chance that a source lacks an optional column altogether (region never: some place is printed;
# birth dates are present in 68% of a volunteer list's records, REAL-LISTS.md, so rarely a whole source)
MISSING = {"birth_date": 0.12, "age": 0.3, "settlement": 0.3, "unit": 0.3, "rank": 0.3}


def _shares(rng, base, concentration: float = 8.0) -> tuple[float, ...]:
    """A Dirichlet draw around `base` shares (higher concentration: closer to base)."""
    alpha = np.asarray(base, dtype=float) * concentration + 0.3
    return tuple(round(float(x), 4) for x in rng.dirichlet(alpha))


def _u(rng, lo: float, hi: float) -> float:
    return round(float(rng.uniform(lo, hi)), 4)


def _habits(rng, name: str, h: SourceHabits) -> SourceHabits:
    foreign = h.latin > 0.5
    return SourceHabits(
        weight=_u(rng, 0.3, 2.0) * h.weight, latin=_u(rng, 0.6, 1.0) if foreign else _u(rng, 0.0, 0.1),
        full_name=_u(rng, 0.3, 1.0), surname_first=_u(rng, 0.1, 0.95), surname_first_latin=_u(rng, 0.0, 0.6),
        no_patronymic=_u(rng, 0.0, 0.6), no_patronymic_latin=_u(rng, 0.2, 0.95),
        diminutive=_u(rng, 0.0, 0.4) if name == "social" else _u(rng, 0.0, 0.05), caps=_u(rng, 0.0, 0.5),
        birth=_shares(rng, h.birth), death=_shares(rng, h.death), text_dates=_u(rng, 0.0, 0.7),
        age_without_birth=_u(rng, 0.2, 1.0), age_with_birth=_u(rng, 0.0, 0.9), region=_shares(rng, h.region),
        settlement=_u(rng, 0.0, 0.9), unit=_u(rng, 0.0, 0.7), rank=_u(rng, 0.0, 0.9), url=_u(rng, 0.5, 1.0),
        sparse=_u(rng, 0.0, 0.6) if name == "social" else _u(rng, 0.0, 0.1))


def _sources(rng, base: Mapping[str, SourceHabits]) -> dict[str, SourceHabits]:
    names = list(base)
    keep = [n for n in names if rng.random() < PRESENT]
    if len(keep) < MIN_SOURCES:
        keep = sorted(rng.choice(names, size=MIN_SOURCES, replace=False).tolist(), key=names.index)
    return {n: _habits(rng, n, base[n]) for n in keep}


def _schemes(rng, base: Mapping[str, float]) -> dict[str, float]:
    """A mix of 3 .. all schemes, Dirichlet weights: one outlet's scheme may dominate a list."""
    names = list(base)
    used = set(rng.choice(names, size=int(rng.integers(3, len(names) + 1)), replace=False).tolist())
    weights = rng.dirichlet(np.full(len(names), 0.7))
    return {n: round(float(w), 4) if n in used else 0.0 for n, w in zip(names, weights)}


def _missing(rng, sources) -> dict[str, tuple[str, ...]]:
    out = {n: tuple(c for c in OPTIONAL_COLUMNS if rng.random() < MISSING.get(c, 0.0)) for n in sources}
    return {n: cols for n, cols in out.items() if cols}


def draw_config(seed: int, base: GeneratorConfig | None = None) -> GeneratorConfig:
    """A noise model drawn from wide ranges around `base` (default GeneratorConfig), by seed."""
    base = base or GeneratorConfig()
    rng = np.random.default_rng([seed, 0x7661727])
    sources = _sources(rng, base.sources)
    burial_lo = int(rng.integers(1, 6))
    date_formats = {key: dict(zip(forms, _shares(rng, list(forms.values()), 3.0)))
                    for key, forms in base.date_formats.items()}
    return dataclasses.replace(
        base, sources=MappingProxyType(sources), capture=_capture_of(base.capture, sources), schemes=MappingProxyType(_schemes(rng, base.schemes)),
        missing_columns=MappingProxyType(_missing(rng, sources)),
        date_formats=MappingProxyType({k: MappingProxyType(v) for k, v in date_formats.items()}),
        households=_u(rng, 0.05, 0.20), mentions_per_person=_shares(rng, base.mentions_per_person, 6.0),
        conventional_form=_u(rng, 0.0, 0.7), ascii_fold=_u(rng, 0.0, 0.7), yo_as_e=_u(rng, 0.3, 1.0),
        typo=_u(rng, 0.0, 0.08), day_month_swap=_u(rng, 0.0, 0.08), birth_year_off=_u(rng, 0.0, 0.06),
        death_shift=_u(rng, 0.0, 0.15), death_shift_days=int(rng.integers(2, 11)), age_off=_u(rng, 0.0, 0.2),
        month_first=_u(rng, 0.0, 1.0), death_day_month_swap=_u(rng, 0.0, 0.08),
        burial_date=_u(rng, 0.0, 0.3), burial_days=(burial_lo, int(rng.integers(burial_lo + 5, 46))),
        month_only=_u(rng, 0.0, 0.2), year_only=_u(rng, 0.0, 0.15), age_off_two=_u(rng, 0.0, 0.3),
        age_at_writing=_u(rng, 0.0, 0.3), initials=_u(rng, 0.0, 0.25), patronymic_initial=_u(rng, 0.0, 0.1),
        familiar=_u(rng, 0.0, 0.15), name_swap=_u(rng, 0.0, 0.5),
        group_pages=_u(rng, 0.05, 0.35), group_kin=_u(rng, 0.1, 0.6), group_settlement=_u(rng, 0.3, 0.9),
        archive=_archive_habits(seed, base.archive, sources))


def _archive_habits(seed: int, habits: ArchiveHabits | None, sources) -> ArchiveHabits | None:
    """An archive config's own habits drawn too (a stream of their own, so a config without one
    draws exactly as before): missing-since shares, captivity, the place column's forms."""
    if habits is None:
        return None
    rng = np.random.default_rng([seed, 0x7661727, 21])
    forms = {n: _shares(rng, habits.place_forms.get(n, (1.0, 0.0, 0.0, 0.0)), 4.0) for n in sources}
    missing = {n: _u(rng, 0.0, 0.5) if habits.missing_since.get(n, 0.0) > 0 else _u(rng, 0.0, 0.1) for n in sources}
    lag = int(rng.integers(5, 61))
    return dataclasses.replace(habits, place_forms=MappingProxyType(forms), missing_since=MappingProxyType(missing),
                               missing_lag_days=(0, lag), captivity=_u(rng, 0.1, 0.5),
                               captivity_days=(30, int(rng.integers(180, 1200))))


def _capture_of(capture: CaptureConfig | None, sources) -> CaptureConfig | None:
    """The capture lists that are still sources (a capture list must be one)."""
    if capture is None:
        return None
    lists = {n: p for n, p in capture.lists.items() if n in sources}
    copies = {n: c for n, c in capture.copies.items() if n in lists and c[0] in lists}
    return dataclasses.replace(capture, lists=MappingProxyType(lists), copies=MappingProxyType(copies))


# --- configs as JSON ---------------------------------------------------------------------------

def _plain(value):
    """JSON-ready: dataclasses and mappings as dicts (keys as text), tuples as lists."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _like(template, value):
    """`value` read from JSON in the shape of `template` (a default of the same field)."""
    if isinstance(template, Mapping):
        sample_key = next(iter(template), None)
        sample = next(iter(template.values()), None)
        keys = int if isinstance(sample_key, int) else str
        if isinstance(sample, SourceHabits):
            return MappingProxyType({keys(k): SourceHabits(**{f: _tuples(x) for f, x in v.items()})
                                     for k, v in value.items()})
        return MappingProxyType({keys(k): _tuples(v) for k, v in value.items()})
    return _tuples(value)


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def config_to_json(config: GeneratorConfig) -> dict:
    return _plain(config)


def read_config(path) -> GeneratorConfig:
    """A config from a JSON file: generator_config.json as written beside a list, or a bare config."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return config_from_json(data.get("config", data))


def config_from_json(data: dict) -> GeneratorConfig:
    """The config config_to_json wrote; unknown keys are an error (a config from another version)."""
    default = GeneratorConfig()
    names = {f.name for f in dataclasses.fields(default)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"unknown generator settings: {', '.join(unknown)}")
    values = {}
    for key, value in data.items():
        if key == "capture":
            values[key] = None if value is None else _capture(value)
        elif key == "archive":
            values[key] = None if value is None else _archive(value)
        elif key == "missing_columns":
            values[key] = MappingProxyType({k: tuple(v) for k, v in value.items()})
        else:
            values[key] = _like(getattr(default, key), value)
    return dataclasses.replace(default, **values)


def _archive(data: dict) -> ArchiveHabits:
    default = ArchiveHabits()
    values = {}
    for key, value in data.items():
        template = getattr(default, key)
        values[key] = (MappingProxyType({k: _tuples(v) for k, v in value.items()}) if isinstance(template, Mapping)
                       else _tuples(value))
    return dataclasses.replace(default, **values)


def _capture(data: dict) -> CaptureConfig:
    default = CaptureConfig()
    return dataclasses.replace(default, **{k: _like(getattr(default, k), v) for k, v in data.items()})
