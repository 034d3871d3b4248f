"""Parse the plain-text tables of worlddata.py into samplers and lookups.

Reads worlddata (names, surnames, regions, units, ranks); writes nothing.
Everything is built once per run by `World(rng, knobs)`, because the shape of
the surname tail is itself a per-seed knob.
"""
import bisect
import zlib

import worlddata as W


class Sampler:
    """Weighted choice by bisection over cumulative weights (O(log n) a draw)."""
    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs):
        self.items, self.cum, t = [], [], 0.0
        for item, w in pairs:
            if w > 0:
                t += w
                self.items.append(item)
                self.cum.append(t)
        self.total = t

    def draw(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]

    def __len__(self):
        return len(self.items)


def zipf(items, s, offset=1.0):
    """Pair items (most common first) with Zipf weights 1/(rank+offset)^s."""
    return [(it, 1.0 / (i + offset) ** s) for i, it in enumerate(items)]


def words(text):
    return text.split()


def weighted_words(text):
    """'Name 3 Name 2 ...' -> [(name, weight)]."""
    t = text.split()
    return [(t[i], float(t[i + 1])) for i in range(0, len(t) - 1, 2)]


def lines(text):
    return [ln.strip() for ln in text.strip().splitlines() if ln.strip()]


def name_table(text):
    """'Key form form ...' lines -> {key: [forms]} (forms de-duplicated, order kept)."""
    out = {}
    for ln in lines(text):
        k, *forms = ln.split()
        out[k] = list(dict.fromkeys(f for f in forms if f != k))
    return out


def male_ru_cohorts():
    rows = [ln.split() for ln in lines(W.MALE_NAMES_RU)]
    return [Sampler((r[0], float(r[1 + c])) for r in rows) for c in range(3)]


# ---------------------------------------------------------------- surnames
VOWELS = set("аеёиоуыэюя")
HUSH = set("жшчщ")


def ov_ev(stem):
    """Russian -ов/-ев choice: -ев after soft or hushing endings and vowels (Кузнецов keeps -ов after ц)."""
    if stem[-1] in "йь":
        return stem[:-1] + "ев"
    if stem[-1] in HUSH or stem[-1] in VOWELS:
        return stem + "ев"
    return stem + "ов"


def _cap(s):
    return s[0].upper() + s[1:]


ADJ_STEMS = set(words(W.COMPOUND_FIRST))


def zlib_hash(s):
    """A stable hash (the built-in one changes with PYTHONHASHSEED)."""
    return zlib.crc32(s.encode())


# How common each ending is among real rarer surnames: mostly -ов/-ев, then -ин.
VARIANT_WEIGHT = {"ov": 1.0, "in": 0.6, "kov": 0.2, "kin": 0.3, "ushkin": 0.06, "ikhin": 0.08,
                  "enkov": 0.06, "sky": 0.3, "ykh": 0.3, "whole": 1.0, "compound": 0.15}


def ru_variants(root):
    """Surnames on one root with a weight each: Белов Белин Белков Белкин Белушкин Белихин Беленков Беловский Белых."""
    if root.endswith(("ов", "ев", "ёв", "ин", "ын")) and len(root) > 4:
        return [(_cap(root), "whole")]
    last, prev = root[-1], root[-2] if len(root) > 1 else "а"
    if last in VOWELS or last in "йь":
        return [(_cap(ov_ev(root)), "ov")]
    out = [(ov_ev(root), "ov"), (root + "ин", "in")]
    if last not in HUSH and last not in "кгхц" and prev in VOWELS:
        out += [(root + "ков", "kov"), (root + "кин", "kin"), (root + "ушкин", "ushkin"),
                (root + "ихин", "ikhin"), (root + "енков", "enkov")]
    if last in "нрлдтвмб" and prev in VOWELS:
        out.append((ov_ev(root) + "ский", "sky"))
    if root in ADJ_STEMS:
        out.append((root + "ых", "ykh"))
    return [(_cap(x), v) for x, v in out]


def ru_tail_pool(rng, size):
    """The rarer Russian surnames with weights: a shuffled Zipf rank times the ending's commonness."""
    roots = sorted(set(words(W.SURNAME_ROOTS)) | set(words(W.SURNAME_ROOTS_MORE)))
    top = set(words(W.SURNAMES_RU_TOP))
    pool = {}
    for r in roots:
        for name, v in ru_variants(r):
            pool.setdefault(name, VARIANT_WEIGHT[v])
    for a in words(W.COMPOUND_FIRST):
        for b in words(W.COMPOUND_SECOND):
            pool.setdefault(_cap(ov_ev(a + "о" + b)), VARIANT_WEIGHT["compound"])
    names = sorted(set(pool) - top)
    rng.shuffle(names)
    return [(n, pool[n]) for n in names[:size]]


def suffix_tail(roots, suffixes):
    """Minority surname tails: every root with every suffix ('уллин:3 ов:3'), joined plausibly."""
    out = {}
    for suf in suffixes.split():
        suf, w = suf.split(":")
        for r in sorted(set(roots.split())):
            if suf in ("ов", "ев"):
                s = ov_ev(r)
            elif r[-1] in VOWELS or r[-1] == suf[0]:
                continue
            else:
                s = r + suf
            out[_cap(s)] = out.get(_cap(s), 0) + float(w)
    return sorted(out.items())


def from_fathers(fathers, endings):
    """Surnames made from fathers' names (Магомед -> Магомедов), as in the Caucasus and Central Asia."""
    out = []
    for f in fathers:
        if "-" in f:
            continue
        for e in endings:
            out.append(ov_ev(f) if e == "ов" else (f[:-1] if f[-1] in "йь" else f) + e)
    return out


class Ethnic:
    """How one group names its sons: given names, fathers' names, surnames, patronymic style."""
    __slots__ = ("fathers", "given", "key", "p_ru_given", "patr_style", "surnames")

    def __init__(self, key, given, fathers, surnames, p_ru_given, patr_style):
        self.key, self.given, self.fathers = key, given, fathers
        self.surnames, self.p_ru_given, self.patr_style = surnames, p_ru_given, patr_style


def build_ethnic(rng, knobs):
    s = knobs["surname_zipf_s"]
    ukr_tail = suffix_tail(" ".join(words(W.SURNAME_ROOTS)[:160]), W.UKR_SUFFIXES)
    ukr = zipf(words(W.UKR_SURNAMES), s, 3) + [(n, w * 0.004) for n, w in ukr_tail]
    tat = zipf(words(W.TATAR_SURNAMES), s, 3) + [(n, w * 0.02) for n, w in suffix_tail(W.TATAR_ROOTS, W.TATAR_SUFFIXES)]
    bash = zipf(words(W.BASHKIR_SURNAMES), s, 3) + [(n, w * 0.02) for n, w in suffix_tail(W.BASHKIR_ROOTS, W.BASHKIR_SUFFIXES)]

    def listed(text, fathers=(), endings=("ов",), tail_w=0.15):
        base = zipf(words(text), 0.5, 2)
        return base + [(n, tail_w) for n in from_fathers(fathers, endings)]

    def wlist(text):
        return Sampler(weighted_words(text))

    spec = {
        "ukr": (None, None, Sampler(ukr), 1.0, "ru"),
        "tat": (wlist(W.TATAR_NAMES_M), words(W.TATAR_FATHER), Sampler(tat), 0.12, "ru"),
        "bash": (wlist(W.BASHKIR_NAMES_M), words(W.BASHKIR_FATHER), Sampler(bash), 0.12, "ru"),
        "chech": (wlist(W.CHECHEN_NAMES_M), words(W.CHECHEN_FATHER),
                  Sampler(listed(W.CHECHEN_SURNAMES, words(W.CHECHEN_FATHER))), 0.03, "ru"),
        "dag": (wlist(W.DAG_NAMES_M), words(W.DAG_FATHER),
                Sampler(listed(W.DAG_SURNAMES, words(W.DAG_FATHER), ("ов",), 0.3)), 0.04, "ru"),
        "aze": (wlist(W.AZE_NAMES_M), words(W.AZE_FATHER),
                Sampler(listed(W.AZE_SURNAMES, words(W.AZE_FATHER), ("ов", "ли"))), 0.05, "oglu"),
        "cas": (wlist(W.CAS_NAMES_M), words(W.CAS_FATHER),
                Sampler(listed(W.CAS_SURNAMES, words(W.CAS_FATHER), ("ов", "зода"), 0.4)), 0.03, "cas"),
        "kaz": (wlist(W.KAZ_NAMES_M), words(W.KAZ_FATHER),
                Sampler(listed(W.KAZ_SURNAMES, words(W.KAZ_FATHER), ("ов",), 0.3)), 0.08, "kaz"),
        "tuv": (wlist(W.TUV_NAMES_M), words(W.TUV_FATHER), Sampler(weighted_words(W.TUV_SURNAMES)), 0.12, "ru"),
        "bur": (wlist(W.BUR_NAMES_M), words(W.BUR_FATHER), Sampler(zipf(words(W.BUR_SURNAMES), 0.6, 2)), 0.35, "ru"),
        "kalm": (wlist(W.KALM_NAMES_M), words(W.KALM_FATHER), Sampler(zipf(words(W.KALM_SURNAMES), 0.5, 2)), 0.35, "ru"),
        "yak": (wlist(W.YAK_NAMES_M), None, Sampler(zipf(words(W.YAK_SURNAMES), 0.6, 2)), 0.55, "ru"),
        "alt": (wlist(W.ALT_NAMES_M), None, Sampler(zipf(words(W.ALT_SURNAMES), 0.4, 2)), 0.45, "ru"),
        "cauc": (wlist(W.CAUC_NAMES_M), words(W.CAUC_FATHER),
                 Sampler(listed(W.CAUC_SURNAMES, words(W.CAUC_FATHER), ("ов",), 0.1)), 0.2, "ru"),
    }
    out = {}
    top = words(W.SURNAMES_RU_TOP)
    tail = ru_tail_pool(rng, knobs["ru_tail_pool"])
    ru_pairs = [(n, w * knobs["ru_top_share"]) for n, w in _normalised(zipf(top, s, 2))]
    tail_share = 1 - knobs["ru_top_share"] - knobs["ru_ukr_share"]
    ranked = zipf([n for n, _ in tail], knobs["tail_zipf_s"], 5)
    ru_pairs += [(n, w * tail_share) for n, w in _normalised([(n, w * v) for (n, w), (_, v) in zip(ranked, tail)])]
    # Russian citizens with Ukrainian- or Belarusian-type surnames (-енко, -ук) are common everywhere.
    ru_pairs += [(n, w * knobs["ru_ukr_share"]) for n, w in _normalised(ukr)]
    out["rus"] = Ethnic("rus", None, None, Sampler(ru_pairs), 1.0, "ru")
    for k, (given, fathers, sur, p_ru, style) in spec.items():
        out[k] = Ethnic(k, given, fathers, sur, p_ru, style)
    return out


def _normalised(pairs):
    t = sum(w for _, w in pairs)
    return [(n, w / t) for n, w in pairs]


# ---------------------------------------------------------------- regions
class Region:
    __slots__ = (
        "abbr",
        "capital",
        "districts",
        "gen",
        "informal",
        "key",
        "kind",
        "mix",
        "name",
        "noun",
        "old",
        "short",
        "towns",
        "weight",
    )

    def __init__(self, row):
        f = row.split("|")
        self.key, self.kind, self.name = f[0], f[1], f[2]
        self.short = [x for x in f[3].split(";") if x]
        self.gen, self.capital, self.noun = f[4], f[5], f[6]
        self.weight = float(f[7])
        self.mix = Sampler((kv.split(":")[0], float(kv.split(":")[1])) for kv in f[8].split(","))
        self.abbr, self.informal, self.old = (
            [x for x in f[i].split(";") if x] for i in (9, 10, 11))
        self.towns = [x for x in f[12].split(";") if x]
        self.districts = [x for x in f[13].split(";") if x]


def regions():
    return [Region(r) for r in lines(W.REGIONS)]


# ---------------------------------------------------------------- units, ranks
class Unit:
    __slots__ = ("cats", "homes", "key", "kind", "nick", "num")

    def __init__(self, row):
        f = row.split("|")
        self.kind, self.num = f[0], f[1]
        self.homes = tuple(f[2].split(","))
        self.cats = tuple(f[3].split(","))
        self.nick = f[4]
        self.key = f"{self.kind}:{self.num}"


def units():
    return [Unit(r) for r in lines(W.UNITS)]


def ranks():
    out = {}
    for ln in lines(W.RANKS):
        k, ru, ab, en, de, fr, pl, off = ln.split("|")
        out[k] = (ru, ab.split(";"), en.split(";"), de.split(";"), fr.split(";"), pl.split(";"), off == "1")
    return out


def positions():
    return Sampler((p.rsplit(" ", 1)[0].strip(), float(p.rsplit(" ", 1)[1]))
                   for p in W.POSITIONS.replace("\n", "").split(";") if p.strip())


def villages():
    return [v.strip() for v in W.GENERIC_VILLAGES.replace("\n", "").split(";") if v.strip()]


PET = name_table(W.PET_FORMS)
UKR = {k: v[0] for k, v in name_table(W.UKR_NAMES).items() if v}
FOREIGN = {lang: name_table(txt) for lang, txt in W.FOREIGN_EQ.items()}
FEMALE_NAMES = Sampler(weighted_words(W.FEMALE_NAMES_RU))
