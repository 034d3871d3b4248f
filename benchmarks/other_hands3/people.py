"""People and households: names by people and birth cohort, birth and death dates, home
settlement, unit, rank. Reads the world knobs; returns Person objects and family pairs."""

import datetime as dt

import names as N
from world import Sampler, zipf

MONTH_WEIGHTS = [
    0.5,
    3.0,
    2.0,
    1.8,
    1.5,
    1.5,
    1.2,
    1.5,
    2.0,
    1.8,
    2.0,  # 2022-02..12
    3.0,
    3.0,
    3.0,
    2.5,
    2.5,
    2.2,
    2.2,
    2.3,
    2.3,
    2.8,
    2.8,
    2.8,  # 2023
    3.0,
    3.1,
    3.2,
    3.2,
    3.2,
    3.2,
    3.3,
    3.3,
    3.2,
    3.2,
    3.2,
    3.2,  # 2024
    3.0,
    3.0,
    3.0,
    2.9,
    2.8,
    2.7,
    0.6,
    0.4,
    0.3,
    0.2,
    0.15,
    0.1,
]  # 2025
MIN_BIRTH = dt.date(1955, 1, 1).toordinal()
MAX_BIRTH = dt.date(2006, 12, 31).toordinal()
CATEGORIES = ["contract", "mobilised", "volunteer", "prisoner", "pmc", "conscript", "police"]


class Person:
    __slots__ = (
        "alt_sur",
        "bd",
        "birth_set",
        "bur_set",
        "cat",
        "dd",
        "eth",
        "father",
        "female",
        "given",
        "hh",
        "jon",
        "n",
        "pat",
        "pid",
        "rank",
        "reg",
        "rel",
        "res_reg",
        "res_set",
        "sur",
        "unit",
    )


def age_at(bd, d):
    b, x = dt.date.fromordinal(bd), dt.date.fromordinal(d)
    return x.year - b.year - ((x.month, x.day) < (b.month, b.day))


class NameBook:
    """Samplers for given names, fathers' names and surnames of every people."""

    def __init__(self, rng, k):
        self.old = Sampler([g[0] for g in N.SLAVIC_GIVEN], [g[1] for g in N.SLAVIC_GIVEN])
        self.young = Sampler([g[0] for g in N.SLAVIC_GIVEN], [g[2] for g in N.SLAVIC_GIVEN])
        self.fathers = Sampler([f[0] for f in N.SLAVIC_FATHERS], [f[1] for f in N.SLAVIC_FATHERS])
        self.female = Sampler([f[0] for f in N.FEMALE_GIVEN], [f[1] for f in N.FEMALE_GIVEN])
        self.slavic_sur = zipf(
            self._slavic_surnames(rng, int(k["surname_tail"])), k["surname_zipf"]
        )
        self.ukr_sur = zipf(N.UKR_SURNAMES, 0.6)
        self.eth = {
            e: (zipf(d["given"], 0.5), zipf(self._ethnic_surnames(d), d.get("zipf", 0.45)))
            for e, d in N.PEOPLES.items()
        }

    @staticmethod
    def _ethnic_surnames(d):
        """The people's listed surnames first, then those derived from its names (the long tail)."""
        out = list(d["surnames"])
        stems = {"muslim": N.MUSLIM_STEMS, "buddhist": N.BUDDHIST_STEMS, "own": d["given"]}
        for stem in stems.get(d.get("stems"), []):
            s = N.derived_surname(stem)
            if "-" not in s and s not in out:
                out.append(s)
        return out

    @staticmethod
    def _slavic_surnames(rng, tail):
        head = list(N.SLAVIC_SURNAMES_HEAD)
        seen = set(head)
        suf = Sampler([s[0] for s in N.SUFFIXES], [s[1] for s in N.SUFFIXES])
        out = []
        while len(out) < tail:
            if rng.random() < 0.4:
                root = rng.choice(N.ROOTS)
            else:
                coda, morph = rng.choice(N.CODAS), rng.choice(N.MORPHS)
                if not coda and morph[:1] in ("а", "о", "у", "и", "е", "ы", "я"):
                    coda = rng.choice("нрлтдвкс")
                root = rng.choice(N.ONSETS) + rng.choice(N.VOWELS) + coda + morph
                if root[-1] in "аоуие":
                    root += rng.choice("кнрлтдв")
                root = root.removesuffix("ь")
            s = (root + suf(rng)).capitalize()
            if s not in seen:
                seen.add(s)
                out.append(s)
        rng.shuffle(out)
        return head + out

    def slavic_given(self, by, rng):
        young_share = min(1.0, max(0.0, (by - 1980) / 10))
        return (self.young if rng.random() < young_share else self.old)(rng)

    def given(self, eth, by, rng):
        d = N.PEOPLES.get(eth)
        if d is None or rng.random() < d["russian_given"]:
            return self.slavic_given(by, rng)
        g = self.eth[eth][0](rng)
        return g + "жон" if eth == "central_asian" and rng.random() < 0.2 else g

    def father(self, eth, rng):
        d = N.PEOPLES.get(eth)
        if d is None or rng.random() < d["russian_given"] * 0.8:
            return self.fathers(rng)
        return self.eth[eth][0](rng)

    def surname(self, eth, rng):
        if eth == "ukrainian" and rng.random() < 0.55:
            return self.ukr_sur(rng)
        if eth in self.eth:
            return self.eth[eth][1](rng)
        return self.slavic_sur(rng)


def patronymic_for(eth, father, rng):
    """Canonical patronymic: Russian-style, or 'оглы'/'угли' forms, or none (some Central Asians)."""
    style = N.PEOPLES.get(eth, {}).get("pat", "ovich")
    if style == "ogly":
        return father + " оглы" if rng.random() < 0.75 else N.patronymic(father)
    if style == "ugli":
        u = rng.random()
        return N.patronymic(father) if u < 0.5 else (father + " угли" if u < 0.8 else "")
    return N.patronymic(father)


class DeathClock:
    """Death dates by month weights, ages at death from a shifted gamma around the median."""

    def __init__(self, k):
        self.months = []
        y, m = 2022, 2
        for _ in MONTH_WEIGHTS:
            self.months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        self.ms = Sampler(range(len(self.months)), MONTH_WEIGHTS)
        self.k = k
        self.shape = 2.4
        self.scale = (k["median_age"] - 18) / 2.08

    def death(self, rng):
        y, m = self.months[self.ms(rng)]
        start = dt.date(y, m, 24 if (y, m) == (2022, 2) else 1).toordinal()
        end = (dt.date(y + (m == 12), m % 12 + 1, 1)).toordinal()
        return rng.randrange(start, end)

    def age(self, rng):
        if rng.random() < self.k["conscript_share"]:
            return rng.randint(18, 21)
        return min(69, 18 + int(rng.gammavariate(self.shape, self.scale)))

    def birth(self, dd, age, rng):
        bd = dd - int((age + rng.random()) * 365.2425)
        return min(MAX_BIRTH, max(MIN_BIRTH, bd))
