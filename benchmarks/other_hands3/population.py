"""Builds the people until their mentions reach the target: singletons and households
(brothers, twins, three brothers, father and son, father and two sons, cousins)."""

import datetime as dt

import names as N
import places as P
from households import household
from people import CATEGORIES, MIN_BIRTH, DeathClock, NameBook, Person, age_at, patronymic_for
from world import Sampler

BACKGROUND = {
    "ukrainian": 0.015,
    "tatar": 0.01,
    "central_asian": 0.008,
    "azeri": 0.004,
    "caucasus": 0.003,
    "dagestani": 0.003,
}
MIGRATION = [
    "Москва",
    "Московская область",
    "Санкт-Петербург",
    "Свердловская область",
    "Новосибирская область",
    "Краснодарский край",
    "Ханты-Мансийский автономный округ — Югра",
    "Тюменская область",
    "Ямало-Ненецкий автономный округ",
]
WAGNER_END = dt.date(2023, 7, 1).toordinal()
HH_KINDS = ["brothers2", "brothers3", "twins", "father_son", "father_2sons", "cousins"]
HH_SIZE = {
    "brothers2": 2,
    "brothers3": 3,
    "twins": 2,
    "father_son": 2,
    "father_2sons": 3,
    "cousins": 2,
}


class Builder:
    def __init__(self, rng, k, places, units, counts):
        self.rng, self.k, self.places, self.units, self.counts = rng, k, places, units, counts
        self.book = NameBook(rng, k)
        self.clock = DeathClock(k)
        self.regions = Sampler(range(len(P.REGIONS)), [r["weight"] for r in P.REGIONS])
        self.eths = [self._eth_sampler(r) for r in P.REGIONS]
        names = [r["name"] for r in P.REGIONS]
        self.migr = Sampler([names.index(m) for m in MIGRATION], [2, 3, 2, 1, 1, 1, 1, 1, 1])
        self.cats = Sampler(CATEGORIES, [k["cat_" + c] for c in CATEGORIES])
        self.ranks = Sampler(range(len(P.RANKS)), [r[6] for r in P.RANKS])
        self.people, self.households, self.pairs = [], [], []
        self.mentions = 0

    def _eth_sampler(self, reg):
        mix = dict(BACKGROUND)
        mix.update(reg["mix"])
        mix = {e: v * self.k["minority_scale"] for e, v in mix.items()}
        total = sum(mix.values())
        if total > 0.98:
            mix = {e: v * 0.98 / total for e, v in mix.items()}
        mix["slavic"] = 1 - sum(mix.values())
        keys = sorted(mix)
        return Sampler(keys, [mix[e] for e in keys])

    def run(self, target):
        kinds = Sampler(HH_KINDS, [self.k["hh_" + h] for h in HH_KINDS])
        mean_size = sum(self.k["hh_" + h] * HH_SIZE[h] for h in HH_KINDS) / sum(
            self.k["hh_" + h] for h in HH_KINDS
        )
        share = self.k["hh_share"]
        p_group = share / (mean_size - share * (mean_size - 1))
        while self.mentions < target:
            if self.rng.random() < p_group:
                household(self, kinds(self.rng))
            else:
                self.person()
        self._trim(target)
        return self

    def _trim(self, target):
        excess = self.mentions - target
        for p in reversed(self.people):
            if excess <= 0:
                break
            cut = min(excess, p.n - 1)
            p.n -= cut
            excess -= cut
        self.mentions = target + max(0, excess)

    # --- one person -------------------------------------------------------------------
    def person(
        self,
        eth=None,
        reg=None,
        sur=None,
        father=None,
        bd=None,
        dd=None,
        birth_set=None,
        given=None,
        unit=None,
        avoid=(),
        male=False,
    ):
        rng, k = self.rng, self.k
        p = Person()
        p.pid = len(self.people)
        p.reg = self.regions(rng) if reg is None else reg
        p.eth = self.eths[p.reg](rng) if eth is None else eth
        p.female = (
            not male
            and eth is None
            and rng.random() < k["female_share"]
            and p.eth not in ("chechen", "dagestani")
        )
        p.dd = self.clock.death(rng) if dd is None else dd
        if bd is None:
            bd = self.clock.birth(p.dd, self.clock.age(rng), rng)
        p.bd = bd
        self._name(p, sur, father, given, avoid)
        p.birth_set = self.places.pick(p.reg, rng, k) if birth_set is None else birth_set
        self._residence(p)
        p.cat = self._category(p)
        p.unit = self._unit(p) if unit is None else unit
        p.rank = self._rank(p)
        p.hh, p.rel = -1, ""
        p.n = self.counts(rng)
        self.people.append(p)
        self.mentions += p.n
        return p

    def _name(self, p, sur, father, given, avoid):
        rng, book = self.rng, self.book
        by = 1955 + (p.bd - MIN_BIRTH) // 365
        p.father = book.father(p.eth, rng) if father is None else father
        if p.female:
            p.given = book.female(rng)
        else:
            p.given = book.given(p.eth, by, rng) if given is None else given
            for _ in range(20):
                if p.given not in avoid:
                    break
                p.given = book.given(p.eth, by, rng)
        p.sur = book.surname(p.eth, rng) if sur is None else sur
        p.pat = patronymic_for(p.eth, p.father, rng)
        if p.female:
            p.pat, p.sur = N.feminine_patronymic(p.pat), N.feminine_surname(p.sur)
        p.jon = p.given.endswith("жон")
        p.alt_sur = book.surname(p.eth, rng) if rng.random() < self.k["alt_surname_share"] else ""

    def _residence(self, p):
        rng, k = self.rng, self.k
        p.res_set, p.res_reg = p.birth_set, p.reg
        if rng.random() < k["moved_share"]:
            if rng.random() < k["moved_other_region"]:
                p.res_reg = self.migr(rng)
                p.res_set = self.places.by_region[p.res_reg]["capital"]
            else:
                p.res_set = self.places.pick(p.reg, rng, {"capital": 0.7, "town": 0.3})
        p.bur_set = p.res_set if rng.random() < 0.6 else p.birth_set

    def _category(self, p):
        age = age_at(p.bd, p.dd)
        if p.female:
            return "contract"
        if age <= 21 and self.rng.random() < 0.4:
            return "conscript"
        c = self.cats(self.rng)
        return "contract" if c == "conscript" else c

    def _unit(self, p):
        rng, U = self.rng, self.units
        home = U.home[p.reg]
        if p.eth == "chechen" and rng.random() < 0.5:
            return U.special["chechen"]
        c = p.cat
        if c == "prisoner":
            return (
                U.special["pmc"]
                if p.dd < WAGNER_END and rng.random() < 0.4
                else U.special["prison"]
            )
        if c == "pmc":
            return U.special["pmc"]
        if c == "police":
            return U.special["police"]
        if c == "mobilised":
            return home["mobilised"] if rng.random() < 0.7 else rng.choice(home["regular"])
        if c == "volunteer" and rng.random() < 0.6:
            return home["battalion"]
        return rng.choice(home["regular"]) if rng.random() < 0.6 else rng.choice(U.regular)

    def _rank(self, p):
        if p.cat in ("prisoner", "pmc", "conscript") and self.rng.random() < 0.85:
            return 0
        r = self.ranks(self.rng)
        return 0 if r >= 7 and age_at(p.bd, p.dd) < 22 else r
