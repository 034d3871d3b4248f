"""The true world: regions with their settlements and units, name samplers, and the people
(with households of brothers, fathers and sons, cousins). Reads the knobs; writes nothing."""

import bisect
import datetime as dt

import places as P

EPOCH = dt.date(2022, 2, 24).toordinal()


class Sampler:
    """Weighted choice by bisection over cumulative weights (fast, deterministic)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = []
        t = 0.0
        for w in weights:
            t += w
            self.cum.append(t)
        self.total = t

    def __call__(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def zipf(items, s):
    return Sampler(items, [1.0 / (i + 1) ** s for i in range(len(items))])


def _adjective(name):
    for end, rep in (
        ("ское", "ский"),
        ("цкое", "цкий"),
        ("ка", "ский"),
        ("ово", "овский"),
        ("ево", "евский"),
        ("ино", "инский"),
        ("ск", "ский"),
        ("ое", "ский"),
    ):
        if name.endswith(end):
            return name[: -len(end)] + rep
    return name.rstrip("аяоеьй") + "ский"


VTYPES = {
    "ru": ["с.", "д.", "пос.", "с.", "д."],
    "south": ["ст-ца", "х.", "с.", "пос."],
    "donbas": ["г.", "пгт", "пос.", "с."],
    "buryat": ["с.", "у.", "пос."],
    "dagestan": ["с.", "с.", "аул"],
    "caucasus": ["с.", "ст-ца", "аул"],
}


class Places:
    """Settlements of every region: capital, a few towns, many villages, grouped in districts."""

    def __init__(self, rng):
        self.name, self.kind, self.region, self.district, self.old = [], [], [], [], []
        self.by_region = []
        for r, reg in enumerate(P.REGIONS):
            self.by_region.append(self._region(r, reg, rng))

    def _add(self, name, kind, r, district):
        self.name.append(name)
        self.kind.append(kind)
        self.region.append(r)
        self.district.append(district)
        self.old.append(P.RENAMED.get(name))
        return len(self.name) - 1

    def _region(self, r, reg, rng):
        towns = self._town_names(reg, rng)
        villages = self._village_names(reg, rng)
        districts = [_adjective(t) for t in towns] + [_adjective(v) for v in villages[:6]]
        cap = self._add(reg["capital"], "г.", r, "")
        ti = [self._add(t, "г.", r, "") for t in towns]
        vt = VTYPES.get(reg["vstyle"], VTYPES["ru"])
        vi = [self._add(v, rng.choice(vt), r, rng.choice(districts)) for v in villages]
        return {
            "capital": cap,
            "towns": ti,
            "villages": vi,
            "towns_s": zipf(ti, 0.8) if ti else None,
            "villages_s": zipf(vi, 0.7),
        }

    def _town_names(self, reg, rng):
        n = min(8, 2 + int(reg["weight"] / 800))
        ethnic = [v for v in P.ETHNIC_VILLAGES.get(reg["vstyle"], []) if v != reg["capital"]]
        out = []
        while len(out) < n:
            if ethnic and rng.random() < 0.6:
                t = rng.choice(ethnic)
            else:
                t = (
                    rng.choice(P.VILLAGE_PREFIX) + rng.choice(P.VILLAGE_ROOT)
                ).capitalize() + rng.choice(P.TOWN_SUFFIX)
            if t not in out and t != reg["capital"]:
                out.append(t)
        return out

    def _village_names(self, reg, rng):
        n = 12 + int(reg["weight"] / 35)
        ethnic = P.ETHNIC_VILLAGES.get(reg["vstyle"], [])
        out, seen = [], set()
        for _ in range(n * 3):
            u = rng.random()
            if ethnic and u < 0.55:
                v = rng.choice(ethnic)
            elif u < 0.75:
                v = rng.choice(P.COMMON_VILLAGES)
            else:
                v = (
                    rng.choice(P.VILLAGE_PREFIX) + rng.choice(P.VILLAGE_ROOT)
                ).capitalize() + rng.choice(P.VILLAGE_SUFFIX)
            if v not in seen and v != reg["capital"]:
                seen.add(v)
                out.append(v)
            if len(out) >= n:
                break
        return out

    def pick(self, r, rng, k):
        """A settlement of region r: capital, a town or a village (k: knob shares)."""
        g = self.by_region[r]
        u = rng.random()
        if u < k["capital"]:
            return g["capital"]
        if u < k["capital"] + k["town"] and g["towns_s"]:
            return g["towns_s"](rng)
        return g["villages_s"](rng)


class Units:
    """Regular units (numbered, with a field-post number), special formations, volunteer battalions."""

    def __init__(self, rng, n_regions):
        self.units = []
        used_vch = set()
        types = P.UNIT_TYPES
        tw = Sampler(range(len(types)), [t[6] for t in types])
        seen = set()
        while len(self.units) < 260:
            ti = tw(rng)
            lo, hi = types[ti][5]
            n = rng.randint(lo, hi)
            if (ti, n) in seen:
                continue
            seen.add((ti, n))
            vch = rng.randint(10000, 99999)
            while vch in used_vch:
                vch = rng.randint(10000, 99999)
            used_vch.add(vch)
            self.units.append(
                {"kind": "regular", "type": ti, "num": n, "vch": vch, "guards": rng.random() < 0.45}
            )
        self.regular = list(range(len(self.units)))
        self.special = {}
        for ru, en, _w, who in P.SPECIAL_UNITS:
            self.special[who] = len(self.units)
            self.units.append({"kind": "special", "ru": ru, "en": en})
        self.home = []
        for _ in range(n_regions):
            bat = len(self.units)
            self.units.append(
                {
                    "kind": "volunteer",
                    "name": rng.choice(P.VOLUNTEER_BATTALIONS),
                    "bars": rng.randint(1, 30),
                }
            )
            mob = [u for u in self.regular if self.units[u]["type"] == 1]
            self.home.append(
                {
                    "regular": rng.sample(self.regular, 4),
                    "mobilised": rng.choice(mob),
                    "battalion": bat,
                }
            )
