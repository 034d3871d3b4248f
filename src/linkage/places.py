"""Region and settlement keys: one key for every spelling of a place, in any script.

`Свердловская область`, `Sverdlovsk Oblast`, `Sverdlovskaya obl.` and `Sverdlovsk` share a key;
old and short names (Башкирия, Tataria, Якутия, Читинская область) map through
resources/regions.csv, the only place that lists regions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linkage import names
from linkage.resource_files import read_csv

# Words that say what kind of place it is, not which: dropped before keying.
_GENERIC = {
    "область", "обл", "край", "республика", "респ", "автономный", "автономная", "округ", "ао",
    "oblast", "obl", "oblast'", "krai", "kray", "krai'", "republic", "respublika", "resp", "rep",
    "autonomous", "okrug", "ao", "region", "région", "territory", "of", "the", "г", "город", "city", "gorod",
    "с", "село", "пос", "посёлок", "поселок", "пгт", "д", "деревня", "ст", "станица", "аул",
    "п", "рп", "х", "хут", "хутор", "мкр", "микрорайон", "сл", "слобода", "ст-ца", "дер",
    "village", "town", "settlement", "selo", "pos", "poselok", "derevnia", "derevnya", "stanitsa",
    "кр", "асср", "губерния", "губ", "assr", "guberniya", "gubernia", "province",
    # German POW cards of WWII (Personalkarten): Gebiet Kalinin, Kreis Kimry, Dorf Gorki
    "gebiet", "kreis", "dorf",
    # the foreign press: république de Tatarstan, Republik Baschkortostan, kraï de Krasnodar,
    # Czeliabinskaja obwód
    "république", "republique", "republik", "republika", "de", "du", "kraï", "obwód", "obwod",
    "oblasť",
    # the other cases of the generic words, as a sentence writes them: уроженец Курской области,
    # погиб в Краснодарском крае, Республики Татарстан, Ханты-Мансийского автономного округа
    "области", "областью", "края", "крае", "краю", "республики", "республике", "республикой",
    "автономного", "автономной", "автономном", "округа", "округе", "в", "из",
    # a Latin letter typed for its Cyrillic look-alike: c. Луговое (село), x. Весёлый (хутор)
    "c", "x",
}
# Adjectival and place-name endings that vary by scheme and grammatical form (Краснодарского,
# Краснодарском: the genitive and prepositional cases), -ск- or -цк- (Иркутская keys as irkuckaia).
_ENDINGS = re.compile(r"([sc](?:kogo|kovo|komu|kom|kaia|kaya|kaja|kai|kii|kiy|kij|koi|koy|ky|ki|k)|iia|iya|ija|ia|ya|ja|e|a|i|y)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _GENERIC]


def _stem(text: str) -> str:
    """Transliteration key of the place's own words, endings stripped."""
    keys = [names.name_key(w) for w in _words(text)]
    joined = "".join(k for k in keys if k)
    return _ENDINGS.sub("", joined) if len(joined) > 4 else joined


def _full(text: str) -> str:
    """Key of every word, generic ones included: tells Moscow from Moscow Oblast."""
    return "".join(names.name_key(w) for w in _WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], dict[str, str]]:
    """(full key → canonical, stem key → canonical) from resources/regions.csv."""
    full, stemmed = {}, {}
    for row in read_csv("regions.csv"):
        canonical = row["region"]
        for alias in [canonical, *row["aliases"].split("|")]:
            full.setdefault(_full(alias), canonical)
            stemmed.setdefault(_stem(alias), canonical)
    return full, stemmed


# A word cut short with a dot (Свердл. обл., Челяб. обл.): at least this many letters.
_CUT = re.compile(r"([^\W\d_]{3,})\.")


def _shortened(text: str) -> str | None:
    """The one region whose name a word cut short begins (Свердл. → Свердловская область)."""
    cut = [w for w in _CUT.findall(text.lower()) if w not in _GENERIC]
    if len(cut) != 1:
        return None
    key = names.name_key(cut[0])
    regions = {canonical for stem, canonical in _canonical_stems()
               if stem.startswith(key) or (len(stem) >= 4 and key.startswith(stem))}
    return regions.pop() if len(regions) == 1 else None


@lru_cache(maxsize=1)
def _canonical_stems() -> tuple[tuple[str, str], ...]:
    """(stem, canonical name) of each region of the table, once."""
    return tuple((_stem(c), c) for c in sorted(set(_aliases()[0].values())))


# An area named by its people's word: Саратовщина, Смоленщина, Новгородчина are the oblasts of
# Saratov, Smolensk, Novgorod (the stem of the city's adjective).
_PEOPLES_AREA = re.compile(r"(?:щина|чина|shchina|china)$", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def region_canonical(text: str | None) -> str | None:
    """The region's canonical Russian name when the table knows it (by any alias: a short, old or
    informal name, the capital or a large city, an unambiguous abbreviation, an area named by its
    people's word), else None."""
    if not text or not text.strip():
        return None
    full, stemmed = _aliases()
    found = full.get(_full(text)) or stemmed.get(_stem(text)) or _shortened(text)
    if found is None and _PEOPLES_AREA.search(text.strip()):
        found = stemmed.get(_stem(_PEOPLES_AREA.sub("", text.strip())))
    return found


# Two to four capitals (КК, СО, РК): an abbreviation; one the table does not hold names several
# regions (Krasnodar, Krasnoyarsk or Kamchatka Krai)
_ABBREVIATION = re.compile(r"^[^\W\d_a-zа-яё]{2,4}$")


@lru_cache(maxsize=1)
def _wide_areas() -> frozenset[str]:
    """Keys of the areas wider than one region (Сибирь, Урал, Поволжье: resources/wide_areas.csv)."""
    return frozenset(_full(row["name"]) for row in read_csv("wide_areas.csv"))


@lru_cache(maxsize=100_000)
def region_key(text: str | None) -> str:
    """A comparison key for a region: the canonical region's stem, or the text's own stem; none
    for an abbreviation the table does not resolve or an area wider than one region (Сибирь,
    Урал): it says "one of several", and as a key of its own it disagreed with the region it
    stood for (Сибирь with Новосибирская, Иркутская …)."""
    if not text:
        return ""
    canonical = region_canonical(text)
    if canonical:
        return _stem(canonical)
    if _ABBREVIATION.match(text.strip().replace(".", "")) or _full(text) in _wide_areas():
        return ""
    return _stem(text)


# The cities that are regions of their own: a settlement naming one is keyed as the region is, so
# that Moscow, г. Москва and Мск agree (the region table holds their other names)
CITY_REGIONS = ("Москва", "Санкт-Петербург", "Севастополь")


# The district a village is in, as addresses write it before or after the village: `Берёзовка,
# Павловский р-н`, `Мельноградский район, с. Горово`, `Pavlovsky district`. One source names it,
# another not: the village's key is the village's name alone.
_DISTRICT = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?\s+(?:р-н|р-на|района|район|district|rayon|raion)\.?"
                       r"|(?:р-н|район)\s+[^\W\d_]+(?:-[^\W\d_]+)?", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def settlement_key(text: str | None) -> str:
    """A comparison key for a town or village: generic prefixes (г., п., с., village) and the
    district (`Павловский р-н`) dropped, unless the district is all the text names."""
    if not text:
        return ""
    city = region_canonical(text)
    if city in CITY_REGIONS:
        return _stem(city)
    village = _stem(_DISTRICT.sub(" ", text))
    return village or _stem(text)
