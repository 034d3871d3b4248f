"""The dead: men (and a few women) killed 2022-2025, grouped into households.

Reads world tables and the seed's knobs; returns Person objects with their true
name, dates, places, category, unit, rank, relatives and number of mentions.
Shares come from REAL-LISTS lines 12-15 (categories, median age 33, regions).
"""
import datetime

import names as N
import world
from world import Sampler

EPOCH = datetime.date(2022, 2, 24).toordinal()
LAST = datetime.date(2025, 12, 31).toordinal()

# Relative intensity of named deaths by quarter, 2022Q1..2025Q4 (offensives of 2023-24,
# reporting lag in late 2025).  Rough shape, not a measurement.
QUARTERS = [1.0, 0.8, 0.6, 0.9, 1.5, 1.6, 1.2, 1.4, 1.7, 1.9, 2.1, 2.2, 2.0, 1.8, 1.5, 1.1]

CATEGORIES = ["contract", "volunteer", "prisoner", "mobilised", "pmc", "police", "conscript"]
# weights per year 2022..2025 (REAL-LISTS lines 12 and 14: volunteers grow, prisoners peak 2023)
CAT_BY_YEAR = {
    2022: [50, 8, 8, 14, 10, 4, 6],
    2023: [33, 18, 22, 12, 6, 2, 1],
    2024: [32, 33, 14, 10, 3, 2, 0.5],
    2025: [30, 40, 9, 9, 2, 2, 0.5],
}
AGE_BY_CAT = {  # triangular (low, high, mode)
    "contract": (19, 50, 25), "volunteer": (20, 66, 35), "prisoner": (22, 58, 33),
    "mobilised": (24, 55, 32), "pmc": (21, 58, 35), "police": (22, 52, 33), "conscript": (18, 22, 19),
}
RANKS_BY_CAT = {
    "contract": "ряд:35 ефр:15 млс:15 с:14 стс:8 стш:3 пр:4 стпр:1",
    "volunteer": "ряд:62 ефр:12 млс:10 с:9 стс:4 пр:2",
    "mobilised": "ряд:60 ефр:15 млс:11 с:8 стс:3 л:1 стл:1",
    "prisoner": "ряд:95 ефр:5",
    "pmc": "ряд:100",
    "police": "с:20 стс:20 стш:10 пр:25 л:10 стл:10 кап:5",
    "conscript": "ряд:80 ефр:15 млс:5",
    "officer": "млл:3 л:25 стл:30 кап:20 м:12 пп:6 п:3 гм:0.3",
}


# Formations existed in periods: Wagner took prisoners until mid-2023, Storm-Z/V after;
# BARS and volunteer battalions from autumn 2022.  Eras: 0 before 2022-09, 1 to 2023-03,
# 2 to 2023-07, 3 after.
ERA_BOUNDS = [datetime.date(2022, 9, 1).toordinal(), datetime.date(2023, 3, 1).toordinal(),
              datetime.date(2023, 7, 1).toordinal()]
UNIT_ERA = {"wagner": (0, 3), "stormz": (2, 99), "stormv": (3, 99), "bars": (1, 99), "volbat": (1, 99)}


def _spec(text):
    return Sampler((kv.split(":")[0], float(kv.split(":")[1])) for kv in text.split())


class Person:
    __slots__ = (
        "alt_sur",
        "birth",
        "category",
        "death",
        "eth",
        "father",
        "female",
        "first",
        "hid",
        "home_region",
        "kin",
        "m",
        "patr",
        "pid",
        "plan",
        "position",
        "rank",
        "region",
        "relation",
        "settle",
        "sur",
        "unit",
    )

    def __init__(self):
        self.hid = ""
        self.relation = ""
        self.alt_sur = ""
        self.kin = []
        self.m = 0


class Population:
    """Draws people one household at a time; all randomness from the rng it is given."""

    def __init__(self, rng, knobs, ethnic):
        self.rng, self.k, self.ethnic = rng, knobs, ethnic
        self.ru = world.male_ru_cohorts()
        self.regions = world.regions()
        self.region_s = Sampler((r, r.weight) for r in self.regions)
        self.units = world.units()
        self.positions = world.positions()
        self.villages = world.villages()
        self.cat_s = {y: Sampler(zip(CATEGORIES, w)) for y, w in CAT_BY_YEAR.items()}
        self.rank_s = {c: _spec(t) for c, t in RANKS_BY_CAT.items()}
        self.death_s = self._death_sampler()
        self.unit_cache = {}
        self.hh_s = Sampler([("single", 1.0), ("brothers", knobs["p_brothers"]), ("twins", knobs["p_twins"]),
                             ("father_son", knobs["p_father_son"]), ("cousins", knobs["p_cousins"])])

    # -------------------------------------------------------------- pieces
    def _death_sampler(self):
        days = []
        for o in range(EPOCH, LAST + 1):
            d = datetime.date.fromordinal(o)
            q = (d.year - 2022) * 4 + (d.month - 1) // 3
            days.append((o, QUARTERS[q]))
        return Sampler(days)

    def cohort(self, birth_year):
        return 0 if birth_year < 1975 else (1 if birth_year < 1990 else 2)

    def given(self, eth, birth_year):
        e = self.ethnic[eth]
        if e.given is None or self.rng.random() < e.p_ru_given:
            return self.ru[self.cohort(birth_year)].draw(self.rng)
        return e.given.draw(self.rng)

    def father_name(self, eth, birth_year):
        e = self.ethnic[eth]
        fy = birth_year - 27
        if e.fathers is None or self.rng.random() < e.p_ru_given * 1.3:
            return self.ru[self.cohort(fy)].draw(self.rng)
        return e.fathers[int(self.rng.random() * len(e.fathers))]

    def patr_style(self, eth):
        r = self.rng.random()
        st = self.ethnic[eth].patr_style
        if st == "oglu":
            return "oglu" if r < 0.75 else "ru"
        if st == "cas":
            return "ugli" if r < 0.45 else ("none" if r < 0.6 else "ru")
        if st == "kaz":
            return "uly" if r < 0.2 else "ru"
        if eth == "tuv" and r < 0.15:
            return "none"
        return "ru"

    def settlement(self, region):
        """(kind, name, district): capital, town, or village in a district."""
        r = self.rng.random()
        if region.kind == "city":  # Moscow, St Petersburg, Sevastopol: their own districts and towns
            return ("city", region.capital, "") if r < 0.75 else ("town", region.towns[int(r * 97) % len(region.towns)], "")
        if r < self.k["p_capital"]:
            return ("city", region.capital, "")
        if r < self.k["p_capital"] + 0.38 and region.towns:
            return ("town", region.towns[int(self.rng.random() * len(region.towns))], "")
        v = self.villages[int(self.rng.random() ** 1.3 * len(self.villages))]
        if region.districts:
            d = region.districts[int(self.rng.random() * len(region.districts))]
        else:
            d = district_of(region.towns[int(self.rng.random() * len(region.towns))]) if region.towns else ""
        return ("village", v, d)

    def unit_for(self, region, cat, death):
        era = sum(death >= e for e in ERA_BOUNDS)
        key = (region.key, cat, era)
        s = self.unit_cache.get(key)
        if s is None:
            pairs = []
            for u in self.units:
                lo, hi = UNIT_ERA.get(u.kind, (0, 99))
                if cat in u.cats and lo <= era < hi:
                    w = 12.0 if region.key in u.homes else (1.0 if "*" in u.homes else 0.25)
                    pairs.append((u, w))
            s = self.unit_cache[key] = Sampler(pairs) if pairs else None
        return s.draw(self.rng) if s else None

    # -------------------------------------------------------------- a person
    def new_person(self, region=None, eth=None, death=None, age=None, cat=None, male=False):
        rng, k = self.rng, self.k
        p = Person()
        p.region = region or self.region_s.draw(rng)
        p.home_region = p.region
        if rng.random() < k["p_moved"]:
            p.home_region = self.region_s.draw(rng)
        p.eth = eth or p.region.mix.draw(rng)
        p.female = not male and rng.random() < k["p_female"]
        if p.female and p.eth not in ("rus", "ukr", "tat", "bash"):
            p.eth = "rus"
        p.death = death or self.death_s.draw(rng)
        year = datetime.date.fromordinal(p.death).year
        p.category = cat or self.cat_s[year].draw(rng)
        if age is None:
            lo, hi, mode = AGE_BY_CAT[p.category]
            age = int(rng.triangular(lo, hi + 0.99, mode))
        p.birth = p.death - int(age * 365.25) - int(rng.random() * 365)
        by = datetime.date.fromordinal(p.birth).year
        p.father = self.father_name(p.eth, by)
        if p.female:
            p.first = world.FEMALE_NAMES.draw(rng)
        else:
            p.first = self.given(p.eth, by)
        style = self.patr_style(p.eth)
        p.patr = "" if style == "none" else N.patronymic(p.father, p.female, style)
        p.sur = self.ethnic[p.eth].surnames.draw(rng)
        if p.female:
            p.sur = N.fem_surname(p.sur)
            if rng.random() < 0.08:
                p.sur += "-" + N.fem_surname(self.ethnic["rus"].surnames.draw(rng))
        if rng.random() < k["p_alt_surname"]:
            alt = self.ethnic["rus"].surnames.draw(rng)
            p.alt_sur = N.fem_surname(alt) if p.female else alt
        p.settle = self.settlement(p.home_region)
        self.assign_service(p)
        return p

    def assign_service(self, p):
        rng = self.rng
        cat = p.category
        officer = cat in ("contract", "mobilised", "volunteer") and rng.random() < self.k["p_officer"]
        p.rank = self.rank_s["officer" if officer else cat].draw(rng)
        if p.female and p.rank in ("ряд", "ефр") and rng.random() < 0.6:
            p.rank = "с"
        p.unit = self.unit_for(p.region, cat, p.death)
        p.position = self.positions.draw(rng) if rng.random() < 0.55 else ""
        if p.female:
            p.position = "санинструктор" if rng.random() < 0.7 else "связист"


def district_of(town):
    """Town -> district adjective (Бердск -> Бердский); '' where unsure."""
    if " " in town or "-" in town:
        return ""
    low = town
    if low.endswith("цк"):
        return town + "ий"
    if low.endswith("ск"):
        return town + "ий"
    if low.endswith(("ов", "ев", "ин", "ак", "ат", "ар", "ан", "ль", "ш")):
        return town.rstrip("ь") + "ский"
    if low.endswith(("ово", "ево", "ино")):
        return town[:-1] + "ский"
    if low.endswith("а") and len(low) > 4:
        return town[:-1] + "ский"
    return ""
