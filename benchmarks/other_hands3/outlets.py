"""Outlets: the sites, channels and lists that write the mentions. Each outlet fixes its own
habits (script, scheme, formats, rates jittered around its source type's knobs) and makes URLs."""

import datetime as dt
import string

import dates as D
import places as P
import translit as T
from knobs import SOURCES
from world import Sampler, zipf

REGIONAL = {
    "official": (1, 2),
    "obituary": (2, 5),
    "social": (3, 9),
    "cemetery": (1, 2),
    "memorial": (1, 2),
}
NATIONAL = {
    "official": 2,
    "obituary": 4,
    "social": 6,
    "cemetery": 3,
    "memorial": 2,
    "volunteer": 12,
    "foreign": 45,
    "osint": 25,
}
LAGS = {
    "official": (1, 30),
    "obituary": (2, 60),
    "social": (0, 400),
    "cemetery": (20, 900),
    "memorial": (60, 1000),
    "volunteer": (10, 400),
    "foreign": (3, 200),
    "osint": (1, 120),
}
FOREIGN_SITES = {
    "en_us": [
        "https://www.nytimes.com/{y}/{m:02d}/{d:02d}/world/europe/{slug}.html",
        "https://www.rferl.org/a/{slug}/{n}.html",
        "https://www.washingtonpost.com/world/{y}/{m:02d}/{d:02d}/{slug}/",
        "https://www.newsweek.com/{slug}-{n}",
        "https://www.cnn.com/{y}/{m:02d}/{d:02d}/europe/{slug}/index.html",
    ],
    "en_uk": [
        "https://www.bbc.com/news/world-europe-{n}",
        "https://www.theguardian.com/world/{y}/{mon}/{d:02d}/{slug}",
        "https://www.independent.co.uk/news/world/europe/{slug}-b{n}.html",
        "https://kyivindependent.com/{slug}/",
    ],
    "de": [
        "https://www.spiegel.de/ausland/{slug}-a-{hex}",
        "https://www.faz.net/aktuell/politik/ausland/{slug}-{n}.html",
        "https://www.zeit.de/politik/ausland/{y}-{m:02d}/{slug}",
        "https://www.tagesschau.de/ausland/europa/{slug}-{n}.html",
    ],
    "fr": [
        "https://www.lemonde.fr/international/article/{y}/{m:02d}/{d:02d}/{slug}_{n}_3210.html",
        "https://www.liberation.fr/international/europe/{slug}-{hex}/",
        "https://www.rfi.fr/fr/europe/{y}{m:02d}{d:02d}-{slug}",
    ],
    "pl": [
        "https://wyborcza.pl/7,75399,{n},{slug}.html",
        "https://www.rp.pl/konflikty-zbrojne/art{n}-{slug}",
        "https://wiadomosci.onet.pl/swiat/{slug}/{hex}",
    ],
    "ru": [
        "https://meduza.io/news/{y}/{m:02d}/{d:02d}/{slug}",
        "https://novayagazeta.eu/articles/{y}/{m:02d}/{d:02d}/{slug}",
        "https://zona.media/article/{y}/{m:02d}/{d:02d}/{slug}",
        "https://www.svoboda.org/a/{slug}/{n}.html",
    ],
    "cs": [
        "https://www.irozhlas.cz/zpravy-svet/{slug}_{n}",
        "https://www.seznamzpravy.cz/clanek/zahranicni-{slug}-{n}",
    ],
}
SLUGS = {
    "en": [
        "russian-soldiers-killed-ukraine",
        "russia-war-dead-names",
        "mobilised-men-killed",
        "russian-regions-war-losses",
        "village-mourns-sons",
        "brothers-killed-in-ukraine",
    ],
    "de": ["tote-russische-soldaten", "russlands-verluste-namen", "mobilisierte-gefallen"],
    "fr": ["soldats-russes-tues", "pertes-russes-ukraine"],
    "pl": ["rosyjscy-zolnierze-polegli"],
    "cs": ["ruske-ztraty-jmena"],
    "ru": ["spisok-pogibshih", "poteri-rossii", "pogibli-na-voyne"],
}
ICAO = T.SCHEMES["icao"]


class Outlet:
    def __init__(self, oid, src, region, k, text, rng):
        self.oid, self.src, self.region = oid, src, region
        self.latin = rng.random() < k["latin"]
        self.lang = self._lang(src, text, rng) if self.latin else "ru"
        self.r = {
            n: min(1.0, v * rng.lognormvariate(0, 0.35))
            for n, v in k.items()
            if isinstance(v, float)
        }
        self.r["yo_e"] = float(rng.random() < k["yo_e"])
        self.caps = "none" if rng.random() >= k["caps"] else rng.choice(["sur", "sur", "all"])
        self.cats = {
            c: Sampler(list(w), list(w.values())) for c, w in k.items() if isinstance(w, dict)
        }
        self.order = self.cats["order"](rng)
        self._scheme(rng)
        self._formats(rng)
        self._site(rng)

    @staticmethod
    def _lang(src, text, rng):
        if src == "foreign":
            langs = ["en_us", "en_uk", "de", "fr", "pl", "cs"]
            return Sampler(langs, [text["lang_" + x] for x in langs])(rng)
        return rng.choice(["en_us", "en_uk"]) if src == "osint" else "ru"

    def _scheme(self, rng):
        opts = T.LANG_SCHEMES[self.lang]
        name = Sampler(list(opts), list(opts.values()))(rng)
        if name == "adhoc":
            self.scheme, self.scheme_key = T.adhoc_scheme(rng), f"adhoc{self.oid}"
        else:
            self.scheme, self.scheme_key = T.SCHEMES[name], name
        self.scheme_name = name

    def _formats(self, rng):
        lang = self.lang
        fmts = D.FULL_FORMATS[lang]
        self.full_formats = [f for f, _ in fmts]
        self.full = Sampler(self.full_formats, [w for _, w in fmts])(rng)
        self.byear = rng.choice(D.BIRTH_YEAR_FORMATS[lang])
        self.dyear = rng.choice(D.DEATH_YEAR_FORMATS[lang])

    def _site(self, rng):
        reg = P.REGIONS[self.region] if self.region >= 0 else None
        slug = (
            T.translit(reg["capital"], ICAO, "icao").lower().replace(" ", "-")
            if reg
            else rng.choice(
                ["pamyat", "gruz200", "poteri", "memorial", "spisok", "skorbim", "svo-info"]
            )
        )
        self.gid = rng.randint(10**7, 3 * 10**8)
        self.chan = (
            f"{slug.replace('-', '_')}_{rng.choice(['news', 'live', 'info', 'online', 'chp'])}"
        )
        self.key = "".join(
            rng.choice(string.ascii_letters + string.digits + "-_") for _ in range(44)
        )
        self.pattern = rng.choice(self._patterns(slug))

    def _patterns(self, slug):
        s = self.src
        if s == "official":
            return [
                f"https://{slug}-region.ru/news/{{n}}",
                f"https://www.adm-{slug}.ru/press/{{n}}/",
                f"https://t.me/gubernator_{slug.replace('-', '_')}/{{n}}",
                "https://vk.com/wall-{gid}_{n}",
            ]
        if s == "obituary":
            return [
                f"https://{slug}-news.ru/{{y}}/{{m:02d}}/{{d:02d}}/{{n}}.html",
                f"https://{slug}.online/news/{{n}}",
                f"https://{slug}24.ru/text/incidents/{{y}}/{{m:02d}}/{{d:02d}}/{{n}}/",
                f"https://vesti-{slug}.ru/news/{{n}}",
            ]
        if s == "social":
            return [
                "https://vk.com/wall-{gid}_{n}",
                "https://ok.ru/group/{gid}/topic/{n}",
                "https://t.me/{chan}/{n}",
            ]
        if s == "cemetery":
            return [
                "https://vk.com/photo-{gid}_{n}",
                f"https://{slug}-memory.ru/grave/{{n}}",
                f"https://pomnim-{slug}.ru/photos/{{n}}",
            ]
        if s == "memorial":
            return [
                f"https://{slug}.ru/memorial/{{n}}",
                "https://vk.com/wall-{gid}_{n}",
                f"https://school{{small}}-{slug}.edusite.ru/p{{n}}aa1.html",
            ]
        if s == "volunteer":
            return [
                "https://docs.google.com/spreadsheets/d/{key}/edit#gid=0&range=A{row}",
                f"https://{slug}.org/list/{{n}}",
                "https://airtable.com/app{hex}/tbl{n}",
            ]
        if s == "osint":
            return ["https://t.me/{chan}/{n}", "https://x.com/{chan}/status/{long}"]
        return FOREIGN_SITES[self.lang]

    def url(self, pub, rng):
        t = dt.date.fromordinal(pub)
        u = self.pattern.format(
            y=t.year,
            m=t.month,
            d=t.day,
            mon=t.strftime("%b").lower(),
            n=rng.randint(10**4, 10**8),
            gid=self.gid,
            chan=self.chan,
            key=self.key,
            row=rng.randint(2, 25000),
            small=rng.randint(1, 40),
            hex=f"{rng.getrandbits(48):012x}",
            long=rng.getrandbits(60),
            slug=rng.choice(SLUGS[self.lang[:2]]),
        )
        if rng.random() < self.r["archive"]:
            if rng.random() < 0.6:
                a = dt.date.fromordinal(pub + rng.randint(0, 40))
                hms = f"{rng.randrange(24):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}"
                u = f"https://web.archive.org/web/{a:%Y%m%d}{hms}/{u}"
            else:
                u = "https://archive.ph/" + "".join(
                    rng.choice(string.ascii_letters) for _ in range(5)
                )
        return u


class Outlets:
    """All outlets; picks one for a person's mention (regional types prefer the home region)."""

    def __init__(self, habits, rng):
        self.all, self.by_region, self.national = [], {}, {}
        for s in SOURCES:
            k = habits["sources"][s]
            if s in REGIONAL:
                lo, hi = REGIONAL[s]
                for r in range(len(P.REGIONS)):
                    self.by_region[(s, r)] = zipf(
                        [self._new(s, r, k, habits, rng) for _ in range(rng.randint(lo, hi))], 0.8
                    )
            self.national[s] = zipf(
                [self._new(s, -1, k, habits, rng) for _ in range(NATIONAL[s])], 0.9
            )

    def _new(self, s, r, k, habits, rng):
        o = Outlet(len(self.all), s, r, k, habits["text"], rng)
        self.all.append(o)
        return o

    def pick(self, src, region, rng):
        if src in REGIONAL and rng.random() < 0.88:
            return self.by_region[(src, region)](rng)
        return self.national[src](rng)

    @staticmethod
    def lag(src, rng):
        lo, hi = LAGS[src]
        return lo + int((hi - lo) * rng.random() ** 2)
