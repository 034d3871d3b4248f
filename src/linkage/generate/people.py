"""People and households: independent people drawn from the tables, then runs of them
rewritten into brothers, fathers and sons, and cousins.

Reads the loaded Tables; returns people as a dict of numpy arrays and family links as index pairs.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from linkage.generate.config import GeneratorConfig
from linkage.generate.lifespans import Deaths, births, day_number, plus_years
from linkage.generate.tables import Tables


def _draw_by(keys: np.ndarray, tables: Mapping, rng: np.random.Generator) -> np.ndarray:
    """For each distinct key (in sorted order), draw values from that key's (values, probabilities)."""
    out = np.empty(len(keys), dtype=object)
    for key in sorted(set(keys.tolist())):
        idx = np.flatnonzero(keys == key)
        values, p = tables[key]
        out[idx] = values[rng.choice(len(values), size=len(idx), p=p)]
    return out


def draw_people(n: int, rng: np.random.Generator, cfg: GeneratorConfig, t: Tables, deaths: Deaths) -> dict:
    """Independent people: region, people of that region, names, dates, unit and rank."""
    region_p = np.array([r["weight"] for r in t.regions], dtype=float)
    region = rng.choice(len(t.regions), size=n, p=region_p / region_p.sum())
    group_tables = {i: (np.array(list(r["groups"]), dtype=object),
                        np.array(list(r["groups"].values())) / sum(r["groups"].values()))
                    for i, r in enumerate(t.regions)}
    group = _draw_by(region, group_tables, rng)
    sex = np.where(rng.random(n) < cfg.women, "f", "m").astype(object)
    first = _draw_by(np.array([f"{g}|{s}" for g, s in zip(group, sex)], dtype=object),
                     {f"{g}|{s}": v for (g, s), v in t.first.items()}, rng)
    father = _draw_by(group, {g: v for (g, s), v in t.first.items() if s == "m"}, rng)
    oglu = rng.random(n) < np.array([cfg.oglu.get(g, 0.0) for g in group])
    patronymic = np.array([_patronymic(f, s, o, t) for f, s, o in zip(father, sex, oglu)], dtype=object)
    surname = _draw_by(group, t.surnames, rng)
    settlement_tables = {}
    for i, r in enumerate(t.regions):
        w = 1.0 / np.arange(1, len(r["settlements"]) + 1) ** cfg.settlement_zipf
        settlement_tables[i] = (np.array(r["settlements"], dtype=object), w / w.sum())
    settlement = _draw_by(region, settlement_tables, rng)
    death = deaths.draw(rng, n)
    birth = births(death, rng, cfg)
    ranks, units = t.military["ranks"], t.military["units"]
    rank_p = np.array([w for _, _, w in ranks], dtype=float)
    unit_p = np.array([w for _, _, w in units], dtype=float)
    return {"region": region, "group": group, "sex": sex, "first": first, "father": father,
            "oglu": oglu, "patronymic": patronymic, "surname": surname, "settlement": settlement,
            "birth": birth, "death": death,
            "rank": rng.choice(len(ranks), size=n, p=rank_p / rank_p.sum()),
            "unit": rng.choice(len(units), size=n, p=unit_p / unit_p.sum()),
            "household": np.full(n, "", dtype=object), "relation": np.full(n, "", dtype=object)}


def _patronymic(father: str, sex: str, oglu: bool, t: Tables) -> str:
    if oglu:
        return f"{father} {'кызы' if sex == 'f' else 'оглы'}"
    male, female = t.patronymic[father]
    return female if sex == "f" else male


class Households:
    """Rewrites runs of independent people into brothers, fathers and sons, and cousins."""

    def __init__(self, people: dict, rng, cfg: GeneratorConfig, t: Tables, deaths: Deaths):
        self.p, self.rng, self.cfg, self.t, self.deaths = people, rng, cfg, t, deaths
        self.first_birth, self.last_birth = day_number(cfg.first_birth), day_number(cfg.last_birth)
        self.links: list[tuple[int, int, str]] = []

    def build(self) -> list[tuple[int, int, str]]:
        n, cfg, rng = len(self.p["first"]), self.cfg, self.rng
        kinds = list(cfg.household_kinds)
        kind_p = np.array([cfg.household_kinds[k] for k in kinds], dtype=float)
        cursor, number = 0, 0
        while cursor < round(cfg.households * n):
            kind = kinds[rng.choice(len(kinds), p=kind_p / kind_p.sum())]
            extra = {"brothers": cfg.three_brothers, "father_son": cfg.two_sons}.get(kind, 0.0)
            size = 2 + int(rng.random() < extra)
            if cursor + size > n:
                break
            number += 1
            members = list(range(cursor, cursor + size))
            getattr(self, kind)(members)
            for m in members:
                self.p["household"][m] = f"h{number:06d}"
            cursor += size
        return self.links

    def _head(self, i: int) -> None:
        """The first member is a man (households here are of men lost): redraw a woman's name."""
        p = self.p
        if p["sex"][i] == "f":
            p["sex"][i] = "m"
            names, prob = self.t.first[(p["group"][i], "m")]
            p["first"][i] = names[self.rng.choice(len(names), p=prob)]
            p["patronymic"][i] = _patronymic(p["father"][i], "m", p["oglu"][i], self.t)

    def _male(self, i: int, head: int, same_settlement: float) -> None:
        """Member i becomes a man of head's family: surname, people, region, maybe settlement."""
        p = self.p
        p["sex"][i] = "m"
        for key in ("group", "surname", "region"):
            p[key][i] = p[key][head]
        p["settlement"][i] = (p["settlement"][head] if self.rng.random() < same_settlement
                              else self._settlement(p["region"][i]))
        taken = {p["first"][j] for j in range(head, i)}
        names, prob = self.t.first[(p["group"][i], "m")]
        for _ in range(20):  # brothers do not share a first name
            p["first"][i] = names[self.rng.choice(len(names), p=prob)]
            if p["first"][i] not in taken:
                break

    def _settlement(self, region: int) -> str:
        names = self.t.regions[region]["settlements"]
        w = 1.0 / np.arange(1, len(names) + 1) ** self.cfg.settlement_zipf
        return names[self.rng.choice(len(names), p=w / w.sum())]

    def _lives(self, i: int, birth: int) -> None:
        lo, hi = self.first_birth, self.last_birth
        self.p["birth"][i] = min(max(birth, lo), hi)
        self.p["death"][i] = self.deaths.after(self.rng, plus_years(self.p["birth"][i], 18))

    def brothers(self, members: list[int]) -> None:
        p, rng, cfg = self.p, self.rng, self.cfg
        head = members[0]
        self._head(head)
        twins = rng.random() < cfg.twins
        for k, i in enumerate(members[1:], start=1):
            self._male(i, head, cfg.same_settlement)
            p["father"][i], p["oglu"][i], p["patronymic"][i] = p["father"][head], p["oglu"][head], p["patronymic"][head]
            if twins and k == 1:
                birth = p["birth"][head]
            else:
                gap = int(rng.integers(cfg.brother_gap_years[0] * 365, cfg.brother_gap_years[1] * 365 + 1))
                birth = p["birth"][head] + (gap if p["birth"][head] + gap <= self.last_birth else -gap)
            self._lives(i, birth)
            if rng.random() < cfg.same_death_day and p["death"][head] >= plus_years(p["birth"][i], 18):
                p["death"][i] = p["death"][head]
        for k, i in enumerate(members):
            p["relation"][i] = "twin" if twins and k < 2 else "brother"
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                self.links.append((a, b, "twin" if twins and b == members[1] and a == head else "sibling"))

    def father_son(self, members: list[int]) -> None:
        p, rng, cfg = self.p, self.rng, self.cfg
        father, sons = members[0], members[1:]
        self._head(father)
        lo, hi = cfg.father_son_gap_years
        gaps = [int(rng.integers(round(lo * 365.25) + 1, round((hi + 1) * 365.25) - 1)) for _ in sons]
        self._lives(father, int(rng.integers(self.first_birth, self.last_birth - max(gaps) + 1)))
        for i, gap in zip(sons, gaps):
            self._male(i, father, cfg.same_settlement)
            p["father"][i], p["oglu"][i] = p["first"][father], p["oglu"][father]
            p["patronymic"][i] = _patronymic(p["first"][father], "m", p["oglu"][i], self.t)
            if rng.random() < cfg.named_after_father:
                p["first"][i] = p["first"][father]
            self._lives(i, p["birth"][father] + gap)
            p["relation"][i] = "son"
            self.links.append((father, i, "parent_child"))
        p["relation"][father] = "father"
        if len(sons) == 2:
            self.links.append((sons[0], sons[1], "sibling"))

    def cousins(self, members: list[int]) -> None:
        p, rng, cfg = self.p, self.rng, self.cfg
        a, b = members
        self._head(a)
        self._male(b, a, cfg.cousins_same_settlement)
        if rng.random() >= cfg.cousins_same_region:
            p["region"][b] = rng.integers(len(self.t.regions))
            p["settlement"][b] = self._settlement(p["region"][b])
        names, prob = self.t.first[(p["group"][a], "m")]
        for _ in range(50):  # cousins: fathers are brothers, so the patronymics differ
            p["father"][b] = names[rng.choice(len(names), p=prob)]
            if p["father"][b] != p["father"][a]:
                break
        p["oglu"][b] = p["oglu"][a]
        p["patronymic"][b] = _patronymic(p["father"][b], "m", p["oglu"][b], self.t)
        gap = int(rng.integers(-cfg.cousin_gap_years * 365, cfg.cousin_gap_years * 365 + 1))
        self._lives(b, p["birth"][a] + gap)
        p["relation"][a] = p["relation"][b] = "cousin"
        self.links.append((a, b, "cousin"))
