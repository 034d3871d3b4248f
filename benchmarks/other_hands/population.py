"""The true people: names, dates, places, units and multi-loss households.

Singles are drawn with numpy per people (Russian, Ukrainian-origin, Tatar, Bashkir, Tuvan,
Buryat, Dagestani, Chechen, …); households (brothers, twins, fathers with sons, cousins) are
built one by one since they are a few percent of the list.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pools

WAR_START = np.datetime64("2022-02-24")
WAR_DAYS = 1345  # to the end of October 2025
VILLAGES = ["Николаевка", "Михайловка", "Александровка", "Ивановка", "Покровка", "Новосёловка", "Берёзовка", "Садовое", "Красное", "Октябрьский", "Первомайское", "Сосновка", "Знаменка", "Степное", "Юбилейный"]
VILLAGE_PREFIX = ("с.", "пос.", "д.", "пгт")
HOUSEHOLD_TYPES = (  # (kind, weight)
    ("brothers2", 50), ("brothers3", 7), ("twins", 8), ("father_son", 20),
    ("father_sons", 4), ("cousins", 11))


def zipf_weights(n: int, s: float, offset: float = 1.5) -> np.ndarray:
    w = 1.0 / (np.arange(n) + offset) ** s
    return w / w.sum()


class NamePools:
    """Surname / given / father pools with probabilities, per people.

    `surname_concentration` S reshapes every people's surname weights to w**S (renormalised):
    the order stays, the Zipf exponent is multiplied by S, so S > 1 puts real-life mass on the
    top surnames (Russia: the top ~100 carry 20-25% of people; Dagestan: Магомедов alone
    several percent). 1 (the default) leaves the weights, and so the lists, untouched."""

    def __init__(self, surname_concentration: float = 1.0) -> None:
        # the long tail: synthetic roots and the stems of the common surnames, each with the
        # usual endings (about 9,000 rarer surnames holding 45% of people, as real lists show
        # few namesakes outside the top few hundred surnames)
        stems = {s.removesuffix("ов").removesuffix("ев").removesuffix("ин") for s in pools.RU_SURNAMES}
        tail = sorted({r + e for r in set(pools.TAIL_ROOTS) | stems for e in pools.TAIL_ENDINGS})
        ru_main = list(dict.fromkeys(pools.RU_SURNAMES))
        main_set = set(ru_main)
        ru_sur = ru_main + [t for t in tail if t not in main_set]
        self.surnames = {"ru": _with_tail(ru_main, ru_sur[len(ru_main):], 1.0, 0.45, offset=10),
                         "ua": _with_tail(list(pools.UA_SURNAMES),
                                          sorted({s[:-5] + e for s in pools.UA_SURNAMES if s.endswith("енко")
                                                  for e in ("енко", "ук", "юк", "ич", "ко")} - set(pools.UA_SURNAMES)),
                                          0.8, 0.3)}
        g = pools.RU_GIVEN
        self.given = {"ru": (np.array(list(g), dtype=object), _norm(list(g.values())))}
        self.given["ua"] = self.given["ru"]
        f = pools.RU_FATHER
        self.father = {"ru": (np.array(list(f), dtype=object), _norm(list(f.values())))}
        self.father["ua"] = self.father["ru"]
        for people, spec in pools.PEOPLES.items():
            sur = list(dict.fromkeys(spec["surnames"]))
            # a tail of surnames made from the people's own names (Гарипов from Гариф…)
            roots = {n.split("-")[0] for n in spec["given"] + spec["father"]}
            endings = spec.get("tail_endings", ("ов", "ев", "ин"))
            extra = sorted({r.rstrip("аяйь") + e for r in roots for e in endings} - set(sur))
            self.surnames[people] = _with_tail(sur, extra, spec.get("zipf", 0.9), spec.get("tail", 0.35),
                                               spec.get("zipf_offset", 5.0))
            giv = list(dict.fromkeys(spec["given"]))
            self.given[people] = (np.array(giv, dtype=object), zipf_weights(len(giv), 0.7, 2))
            fat = list(dict.fromkeys(spec["father"]))
            self.father[people] = (np.array(fat, dtype=object), zipf_weights(len(fat), 0.7, 2))
        if surname_concentration != 1.0:
            for people, (values, p) in self.surnames.items():
                self.surnames[people] = (values, _norm(p ** surname_concentration))

    def draw(self, rng, table: str, people: str, n: int) -> np.ndarray:
        values, p = getattr(self, table)[people]
        return values[rng.choice(len(values), size=n, p=p)]


def _with_tail(main: list, tail: list, s: float, tail_mass: float, offset: float = 5.0) -> tuple:
    """Zipf weights over the main list and a flatter tail holding tail_mass of the people."""
    if not tail:
        return np.array(main, dtype=object), zipf_weights(len(main), s, offset)
    w = np.concatenate([(1 - tail_mass) * zipf_weights(len(main), s, offset),
                        tail_mass * zipf_weights(len(tail), 0.3)])
    return np.array(main + tail, dtype=object), w / w.sum()


def _norm(w) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return w / w.sum()


def canonical_people(people: str) -> str:
    return {"altai": "tuvan_like_altai"}.get(people, people)


def patronymic(father: str, female: bool, people: str) -> str:
    """The patronymic a son (or daughter) of `father` carries."""
    spec = pools.PEOPLES.get(people, {})
    if spec.get("turkic_patronymic"):
        word = spec["turkic_patronymic"] if not female else ("кызы" if people == "azeri" else "кизи")
        return f"{father} {word}"
    if father in pools.PATRONYMIC_IRREGULAR:
        return pools.PATRONYMIC_IRREGULAR[father][int(female)]
    if father.endswith("ий"):
        stem = father[:-2]
        male = stem + ("иевич" if father in ("Дмитрий", "Георгий") else "ьевич")
    elif father.endswith(("ей", "ай", "ь")):
        male = father[:-1] + "евич"
    elif father.endswith(("и", "а", "е", "у", "э", "ж", "ш", "ч", "щ", "ц")):
        male = father + "евич"
    else:
        male = father + "ович"
    if not female:
        return male
    return male[:-3] + "вна" if male.endswith("вич") else male


def female_surname(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-2] + "ая"
    return surname


def make_people(n: int, glob: dict, rng: np.random.Generator,
                surname_concentration: float = 1.0) -> pd.DataFrame:
    """Draw n true people with households; one row per person (surname_concentration: NamePools)."""
    names = NamePools(surname_concentration)
    reg_w = _norm([r[1] for r in pools.REGIONS])
    units = _household_units(n, glob["household_share"], rng)  # list of member-relation lists
    n_units = len(units)
    unit_region = rng.choice(len(pools.REGIONS), size=n_units, p=reg_w)
    unit_people = np.empty(n_units, dtype=object)
    for r, (_, _, mix, *_rest) in enumerate(pools.REGIONS):
        idx = np.flatnonzero(unit_region == r)
        keys = [k for k, v in mix.items() if v > 0]
        unit_people[idx] = np.array(keys, dtype=object)[
            rng.choice(len(keys), size=len(idx), p=_norm([mix[k] for k in keys]))]
    unit_people = np.array([canonical_people(p) for p in unit_people], dtype=object)

    sizes = np.array([len(u) for u in units])
    total = int(sizes.sum())
    person_unit = np.repeat(np.arange(n_units), sizes)
    relation = np.array([rel for u in units for rel in u], dtype=object)
    people = unit_people[person_unit]
    region = unit_region[person_unit]

    surname = np.empty(total, dtype=object)
    given = np.empty(total, dtype=object)
    father = np.empty(total, dtype=object)
    for p in np.unique(people):
        idx = np.flatnonzero(people == p)
        surname[idx] = names.draw(rng, "surnames", p, len(idx))
        given[idx] = names.draw(rng, "given", p, len(idx))
        father[idx] = names.draw(rng, "father", p, len(idx))

    death = WAR_START + _death_offsets(total, rng)
    age = _ages(total, rng)
    birth_jitter = rng.integers(0, 365, size=total)
    household = np.full(total, "", dtype=object)
    _households(units, sizes, person_unit, unit_people, surname, given, father, age, death,
                birth_jitter, household, region, names, rng)
    birth = death - (age * 365.25).astype(int).astype("timedelta64[D]") - birth_jitter.astype("timedelta64[D]")
    age_true = _exact_age(birth, death)

    female = (rng.random(total) < glob["female_share"]) & (relation == "") & np.isin(people, ["ru", "ua", "tatar"])
    fem_idx = np.flatnonzero(female)
    given[fem_idx] = np.array(list(pools.RU_FEMALE), dtype=object)[
        rng.choice(len(pools.RU_FEMALE), size=len(fem_idx), p=_norm(list(pools.RU_FEMALE.values())))]
    surname[fem_idx] = [female_surname(s) for s in surname[fem_idx]]

    pat_cache: dict = {}
    patr = np.empty(total, dtype=object)
    for i in range(total):
        key = (father[i], bool(female[i]), people[i])
        if key not in pat_cache:
            pat_cache[key] = patronymic(*key)
        patr[i] = pat_cache[key]
    # some Tuvans and Kalmyks carry no patronymic
    no_pat = np.isin(people, ["tuvan", "kalmyk"]) & (rng.random(total) < 0.2)
    patr[no_pat] = ""

    alt = np.full(total, "", dtype=object)
    alt_idx = np.flatnonzero(rng.random(total) < glob["alt_surname_people"])
    for i in alt_idx:
        other = names.draw(rng, "surnames", people[i], 1)[0]
        alt[i] = female_surname(other) if female[i] else other
    dbl_idx = np.flatnonzero((rng.random(total) < glob["double_surname_people"]) & (alt == ""))
    for i in dbl_idx:
        other = names.draw(rng, "surnames", people[i], 1)[0]
        other = female_surname(other) if female[i] else other
        alt[i] = surname[i]
        surname[i] = f"{surname[i]}-{other}"

    region_birth = region.copy()
    moved = rng.random(total) < glob["birth_region_differs"]
    region_birth[moved] = rng.choice(len(pools.REGIONS), size=int(moved.sum()), p=reg_w)
    region_burial = region.copy()
    moved_b = rng.random(total) < glob["burial_region_differs"]
    region_burial[moved_b] = rng.choice(len(pools.REGIONS), size=int(moved_b.sum()), p=reg_w)
    settle = _settlements(region, rng)
    settle_birth = np.where(region_birth == region, np.where(rng.random(total) < 0.8, settle,
                            _settlements(region_birth, rng)), _settlements(region_birth, rng))
    settle_burial = np.where(region_burial == region, np.where(rng.random(total) < 0.9, settle,
                             _settlements(region_burial, rng)), _settlements(region_burial, rng))

    unit = _units(region, rng)
    rank = rng.choice(len(pools.RANKS), size=total, p=_norm([r[3] for r in pools.RANKS]))
    visibility = rng.lognormal(-glob["visibility_sigma"] ** 2 / 2, glob["visibility_sigma"], size=total)

    order = rng.permutation(total)  # person ids say nothing about households
    df = pd.DataFrame({
        "household_id": household, "relation": relation, "people": people, "female": female, "given": given,
        "patronymic": patr, "father": father, "surname": surname, "alt_surname": alt, "birth": birth, "death": death,
        "age": age_true, "region": region, "region_birth": region_birth, "region_burial": region_burial,
        "settlement": settle, "settlement_birth": settle_birth, "settlement_burial": settle_burial,
        "unit": unit, "rank": rank, "visibility": visibility}).iloc[order].reset_index(drop=True)
    df.insert(0, "person_id", [f"p{i:07d}" for i in range(1, total + 1)])
    return df


def _household_units(n: int, share: float, rng) -> list[list[str]]:
    """Members (relation to the head) of each unit; singles are one-member units with ''."""
    kinds = [k for k, _ in HOUSEHOLD_TYPES]
    w = _norm([w for _, w in HOUSEHOLD_TYPES])
    members = {"brothers2": ["head", "brother"], "brothers3": ["head", "brother", "brother"],
               "twins": ["head", "twin"], "father_son": ["head", "son"],
               "father_sons": ["head", "son", "son"], "cousins": ["head", "cousin"]}
    units, used, target = [], 0, int(n * share)
    while used < target:
        kind = kinds[rng.choice(len(kinds), p=w)]
        m = [f"{kind}:{r}" for r in members[kind]]
        units.append(m)
        used += len(m)
    units += [[""] for _ in range(max(n - used, 0))]
    return units


def _death_offsets(n: int, rng) -> np.ndarray:
    u = rng.random(n)
    t = np.where(rng.random(n) < 0.3, u, np.sqrt(u)) * WAR_DAYS
    return t.astype(int).astype("timedelta64[D]")


def _ages(n: int, rng) -> np.ndarray:
    a = 18 + rng.gamma(2.5, 7.0, size=n)
    bad = a > 72
    while bad.any():
        a[bad] = 18 + rng.gamma(2.5, 7.0, size=int(bad.sum()))
        bad = a > 72
    return a.astype(int)


def _exact_age(birth, death) -> np.ndarray:
    b = pd.DatetimeIndex(birth)
    d = pd.DatetimeIndex(death)
    age = d.year - b.year - ((d.month < b.month) | ((d.month == b.month) & (d.day < b.day)))
    return np.asarray(age)


def _households(units, sizes, person_unit, unit_people, surname, given, father, age, death,
                jitter, household, region, names, rng) -> None:
    """Make household members look like a family: shared surname, patronymic, region."""
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    h = 0
    for u in np.flatnonzero(sizes > 1):
        h += 1
        s = starts[u]
        kind = units[u][0].split(":")[0]
        people = unit_people[u]
        idx = list(range(s, s + sizes[u]))
        hid = f"h{h:06d}"
        for i in idx:
            household[i] = hid
            surname[i] = surname[s]
        if kind == "cousins":
            continue  # own fathers, own dates; same surname and region
        if kind.startswith("father"):
            father_i, sons = idx[0], idx[1:]
            given[father_i] = names.draw(rng, "father", people, 1)[0]
            son_age = 19 + rng.integers(0, 12, size=len(sons))
            for k, son in enumerate(sons):
                father[son] = given[father_i]
                age[son] = son_age[k]
                if rng.random() < 0.08:
                    given[son] = given[father_i]
            _distinct_given(sons, given, names, people, rng)
            age[father_i] = min(int(son_age.max()) + int(rng.integers(20, 33)), 72)
            continue
        for i in idx[1:]:
            father[i] = father[s]
        _distinct_given(idx, given, names, people, rng)
        if kind == "twins":
            age[idx[1]] = age[s]
            jitter[idx[1]] = jitter[s]
            death[idx[1]] = death[s] + np.timedelta64(int(rng.integers(0, 200)), "D")
            # twins share a birth date: recompute the jitter so birth is equal
            jitter[idx[1]] = jitter[s] + (death[idx[1]] - death[s]).astype(int)
        else:
            for i in idx[1:]:
                gap = int(rng.integers(1, 13)) * (1 if rng.random() < 0.5 else -1)
                age[i] = max(18, min(72, age[s] + gap))
                if rng.random() < 0.2:
                    death[i] = death[s]  # same battle


def _distinct_given(idx, given, names, people, rng) -> None:
    seen = set()
    for i in idx:
        tries = 0
        while given[i] in seen and tries < 20:
            given[i] = names.draw(rng, "given", people, 1)[0]
            tries += 1
        seen.add(given[i])


def _settlements(region: np.ndarray, rng) -> np.ndarray:
    out = np.empty(len(region), dtype=object)
    u = rng.random(len(region))
    v = rng.random(len(region))
    for r, spec in enumerate(pools.REGIONS):
        idx = np.flatnonzero(region == r)
        if not len(idx):
            continue
        towns = [t.replace("_", " ") for t in spec[5].split()]
        pick = np.where(u[idx] < 0.35, 0, 1 + (v[idx] * (len(towns) - 1)).astype(int))
        pick = np.minimum(pick, len(towns) - 1)
        vals = np.array(towns, dtype=object)[pick]
        village = rng.random(len(idx)) < 0.25
        nv = int(village.sum())
        vals[village] = [f"{VILLAGE_PREFIX[a]} {VILLAGES[b]}" for a, b in zip(
            rng.integers(0, len(VILLAGE_PREFIX), nv), rng.integers(0, len(VILLAGES), nv))]
        out[idx] = vals
    return out


def _units(region: np.ndarray, rng) -> np.ndarray:
    """A unit key per person: 'n:12345' numbered (region pool), 'f:k' named, none."""
    out = np.empty(len(region), dtype=object)
    kind = rng.random(len(region))
    unit_rng = np.random.default_rng(12345)  # the region -> unit numbers map is fixed
    pool = unit_rng.integers(10000, 99999, size=(len(pools.REGIONS), 8))
    numbered = pool[region, rng.integers(0, 8, size=len(region))]
    named = rng.integers(0, len(pools.NAMED_UNITS), size=len(region))
    out[:] = [f"n:{a}" if k < 0.6 else f"f:{b}" for k, a, b in zip(kind, numbered, named)]
    return out
