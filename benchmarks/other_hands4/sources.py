"""Outlets and their habits: which columns they fill, in which script and format.

Each source type has a range for every habit; a seed draws a centre inside
each range, and every outlet of the type jitters around that centre.  So two
seeds differ in their noise model, and two outlets of one seed differ too.
Returns a list of outlet dicts; habits.json records them all.
"""
import translit as T

PRIMARY = ("news", "official", "social", "cemetery", "memorial")
DERIVED = ("volunteer", "osint", "foreign")
TYPES = PRIMARY + DERIVED

# Shared defaults, overridden per type below.  (lo, hi) = range of the seed's centre.
BASE = {
    "p_patr": (0.6, 0.95), "p_pet": (0.0, 0.0), "p_initials": (0.0, 0.02), "p_upper_surname": (0.0, 0.05),
    "p_yo": (0.0, 0.3), "p_foreign_eq": (0.0, 0.0), "p_ukr_forms": (0.0, 0.0), "p_russify_turkic": (0.2, 0.7),
    "p_ethnic_swap": (0.05, 0.3), "p_alt_surname": (0.2, 0.6), "p_typo": (0.003, 0.02), "p_swap_names": (0.0, 0.005),
    "p_homoglyph": (0.0, 0.003), "ocr_share": (0.0, 0.0),
    "p_death": (0.5, 0.9), "prec_day": (0.6, 0.95), "prec_year": (0.0, 0.03), "prec_season": (0.0, 0.0),
    "p_burial": (0.1, 0.35), "p_late": (0.005, 0.03), "p_birth": (0.2, 0.6), "p_birth_full": (0.4, 0.8),
    "p_age": (0.2, 0.6), "p_age_writing": (0.0, 0.15), "p_age_off": (0.005, 0.03), "p_dm_swap": (0.0, 0.005),
    "p_year_slip": (0.0, 0.004), "p_twodigit": (0.0, 0.0), "p_callup_year": (0.0, 0.005),
    "p_region": (0.6, 0.95), "p_birth_region": (0.2, 0.6), "p_settlement": (0.4, 0.8), "p_rank": (0.3, 0.7),
    "p_unit": (0.05, 0.3), "p_position": (0.0, 0.1), "p_no_url": (0.0, 0.02), "p_archive": (0.0, 0.1), "p_copy": (0.0, 0.0),
    "p_cite": (0.0, 0.0), "p_first_only": (0.0, 0.0),
}
TYPE_RANGES = {
    "news": {"p_patr": (0.45, 0.95), "p_pet": (0.0, 0.03), "p_initials": (0.0, 0.03), "p_upper_surname": (0.0, 0.08),
                 "p_death": (0.35, 0.8), "p_burial": (0.15, 0.5), "p_birth": (0.05, 0.35), "p_birth_full": (0.2, 0.7),
                 "p_age": (0.5, 0.9), "p_age_writing": (0.05, 0.3), "prec_season": (0.0, 0.02),
                 "p_settlement": (0.5, 0.9), "p_rank": (0.25, 0.7), "p_unit": (0.05, 0.3)},
    "official": {"p_patr": (0.85, 1.0), "p_upper_surname": (0.05, 0.5), "p_death": (0.3, 0.7), "prec_day": (0.5, 0.9),
                     "p_birth": (0.3, 0.75), "p_birth_full": (0.1, 0.6), "p_age": (0.1, 0.5), "p_region": (0.1, 0.5),
                     "p_settlement": (0.7, 0.98), "p_rank": (0.6, 0.95), "p_unit": (0.02, 0.2), "p_typo": (0.002, 0.012)},
    "social": {"p_patr": (0.0, 0.15), "p_pet": (0.08, 0.35), "p_first_only": (0.02, 0.08), "p_initials": (0.0, 0.0), "p_yo": (0.2, 0.8),
                   "p_typo": (0.01, 0.06), "p_homoglyph": (0.002, 0.02), "p_death": (0.2, 0.6), "prec_day": (0.2, 0.6),
                   "prec_year": (0.0, 0.05), "prec_season": (0.02, 0.1), "p_burial": (0.2, 0.6), "p_birth": (0.0, 0.1),
                   "p_age": (0.15, 0.5), "p_age_writing": (0.1, 0.4), "p_region": (0.25, 0.7), "p_settlement": (0.25, 0.6),
                   "p_rank": (0.0, 0.15), "p_unit": (0.0, 0.12), "p_no_url": (0.0, 0.03)},
    "cemetery": {"p_patr": (0.8, 1.0), "p_upper_surname": (0.2, 0.8), "p_yo": (0.3, 0.9), "p_typo": (0.01, 0.05),
                     "ocr_share": (0.3, 0.7), "p_death": (0.85, 0.99), "prec_day": (0.85, 0.99), "p_burial": (0.0, 0.08),
                     "p_birth": (0.8, 0.98), "p_birth_full": (0.85, 0.99), "p_age": (0.0, 0.1), "p_region": (0.6, 1.0),
                     "p_settlement": (0.7, 1.0), "p_rank": (0.05, 0.35), "p_unit": (0.02, 0.15), "p_birth_region": (0.0, 0.1)},
    "memorial": {"p_patr": (0.9, 1.0), "p_upper_surname": (0.0, 0.3), "p_yo": (0.3, 1.0), "p_typo": (0.003, 0.02),
                     "ocr_share": (0.0, 0.3),
                     "p_death": (0.75, 0.98), "prec_day": (0.7, 0.95), "p_burial": (0.05, 0.2), "p_birth": (0.55, 0.9),
                     "p_birth_full": (0.6, 0.95), "p_age": (0.2, 0.6), "p_region": (0.85, 1.0), "p_settlement": (0.6, 0.95),
                     "p_rank": (0.6, 0.95), "p_unit": (0.2, 0.6), "p_position": (0.05, 0.3)},
    "volunteer": {"p_patr": (0.6, 0.95), "p_pet": (0.0, 0.02), "p_initials": (0.0, 0.05), "p_typo": (0.01, 0.05),
                      "p_swap_names": (0.005, 0.03), "p_homoglyph": (0.002, 0.015), "p_death": (0.7, 0.95),
                      "prec_day": (0.5, 0.9), "p_birth": (0.4, 0.8), "p_birth_full": (0.4, 0.85), "p_age": (0.5, 0.9),
                      "p_age_writing": (0.0, 0.1), "p_age_off": (0.02, 0.1), "p_dm_swap": (0.005, 0.05),
                      "p_year_slip": (0.002, 0.02), "p_twodigit": (0.02, 0.15), "p_callup_year": (0.0, 0.02),
                      "p_region": (0.9, 1.0), "p_settlement": (0.4, 0.8), "p_rank": (0.3, 0.8), "p_unit": (0.1, 0.5),
                      "p_no_url": (0.05, 0.2), "p_copy": (0.6, 0.95), "p_cite": (0.5, 0.9)},
    "osint": {"p_patr": (0.3, 0.9), "p_foreign_eq": (0.0, 0.1), "p_ukr_forms": (0.0, 0.2), "p_death": (0.7, 0.95),
                  "prec_day": (0.7, 0.95), "p_birth": (0.3, 0.7), "p_birth_full": (0.4, 0.9), "p_age": (0.5, 0.9),
                  "p_region": (0.8, 1.0), "p_settlement": (0.3, 0.7), "p_rank": (0.3, 0.7), "p_unit": (0.3, 0.7),
                  "p_copy": (0.85, 1.0), "p_cite": (0.5, 0.95), "p_archive": (0.1, 0.5)},
    "foreign": {"p_patr": (0.0, 0.15), "p_foreign_eq": (0.1, 0.5), "p_ukr_forms": (0.0, 0.3), "p_death": (0.3, 0.7),
                    "prec_day": (0.3, 0.7), "prec_year": (0.0, 0.05), "prec_season": (0.0, 0.05), "p_birth": (0.0, 0.15),
                    "p_age": (0.5, 0.95), "p_age_writing": (0.05, 0.3), "p_region": (0.5, 0.9), "p_settlement": (0.3, 0.7),
                    "p_rank": (0.2, 0.6), "p_unit": (0.1, 0.5), "p_copy": (0.4, 0.9), "p_cite": (0.0, 0.2)},
}
# Categorical habits: (option, weight) lists; an outlet draws one (or keeps the mix).
CHOICES = {
    "news": {"layout": [("full", 9), ("both", 1)], "order": [("GS", 4), ("GPS", 3), ("SGP", 3)],
                 "fmt": [("dmy", 5), ("ru_long", 4), ("dmy_np", 1)]},
    "official": {"layout": [("full", 8), ("both", 2)], "order": [("SGP", 6), ("GPS", 4)],
                     "fmt": [("ru_long", 5), ("dmy", 5)]},
    "social": {"layout": [("full", 1)], "order": [("GS", 8), ("SG", 2)],
                   "fmt": [("ru_long", 5), ("dmy", 3), ("dmy2", 2)]},
    "cemetery": {"layout": [("full", 7), ("parts", 3)], "order": [("SGP", 1)], "fmt": [("dmy", 9), ("dmy_np", 1)]},
    "memorial": {"layout": [("parts", 6), ("both", 4)], "order": [("SGP", 1)],
                     "fmt": [("dmy", 7), ("iso", 2), ("ru_long", 1)]},
    "volunteer": {"layout": [("parts", 5), ("both", 2), ("full", 3)], "order": [("SGP", 7), ("GPS", 3)],
                      "fmt": [("dmy", 5), ("dmy2", 2), ("dmy_np", 2), ("dmy2_np", 0.5), ("iso", 1)]},
    "osint": {"layout": [("full", 6), ("both", 4)], "order": [("GPS", 5), ("GS", 3), ("SGP", 2)],
                  "fmt": [("iso", 5), ("dmy", 3), ("us", 1), ("en_long", 1)]},
    "foreign": {"layout": [("full", 1)], "order": [("GS", 85), ("GPS", 15)], "fmt": [("lang", 1)]},
}
LANG_FMT = {"en": [("en_long", 6), ("en_dmy_long", 3), ("us", 1)], "de": [("de_long", 7), ("dmy", 3)],
            "fr": [("fr_long", 8), ("fr_num", 2)], "pl": [("pl_long", 7), ("dmy", 3)]}
LANG_SCHEME = {"en": [("wiki", 5), ("bgn", 1), ("adhoc", 3), ("icao", 1)], "de": [("de", 1)],
               "fr": [("fr", 1)], "pl": [("pl", 1)]}
OSINT_SCHEME = [("wiki", 35), ("bgn", 15), ("icao", 15), ("mvd", 10), ("alalc", 5), ("adhoc", 20)]
REGION_FORMS = {
    "news": [("full", 3), ("short", 2.5), ("gen", 2), ("informal", 1), ("capital", 1), ("abbr", 0.5)],
    "official": [("full", 5), ("gen", 3), ("short", 2)],
    "social": [("informal", 2.5), ("short", 3), ("capital", 2.5), ("abbr", 1), ("full", 1)],
    "cemetery": [("full", 5), ("short", 3), ("abbr", 2)],
    "memorial": [("full", 7), ("short", 2), ("abbr", 1), ("old", 0.1)],
    "volunteer": [("abbr", 2.5), ("short", 4), ("full", 3), ("capital", 0.5), ("old", 0.1)],
}
SETTLE_STYLES = {
    "news": [("bare", 3), ("prefixed", 4), ("district", 3)], "official": [("prefixed", 3), ("district", 6), ("district_only", 1)],
    "social": [("bare", 8), ("prefixed", 2)], "cemetery": [("prefixed", 6), ("district", 4)],
    "memorial": [("district", 5), ("prefixed", 4), ("bare", 1)], "volunteer": [("bare", 6), ("prefixed", 4)],
}
UNIT_FORMS = {
    "news": [("full", 3), ("abbr", 4), ("nick", 1), ("vch", 1), ("number", 1)],
    "official": [("vch", 3), ("full", 3), ("abbr", 4)], "social": [("nick", 4), ("abbr", 4), ("full", 2)],
    "cemetery": [("nick", 3), ("abbr", 3), ("full", 4)], "memorial": [("full", 4), ("abbr", 4), ("vch", 2)],
    "volunteer": [("abbr", 6), ("full", 2), ("nick", 1), ("vch", 1), ("number", 1)],
}
RANK_FORMS = {"news": [("full", 8), ("abbr", 1), ("cap", 1)], "official": [("full", 9), ("cap", 1)],
              "volunteer": [("abbr", 5), ("full", 5)], "cemetery": [("abbr", 3), ("full", 7)]}
TYPE_MIX = {"news": (0.18, 0.32), "official": (0.06, 0.15), "social": (0.14, 0.3), "cemetery": (0.05, 0.12),
            "memorial": (0.07, 0.15), "volunteer": (0.07, 0.15), "osint": (0.02, 0.06), "foreign": (0.01, 0.04)}


def pick(rng, pairs):
    t = sum(w for _, w in pairs)
    x = rng.random() * t
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def draw_centres(rng):
    """The seed's centre for every (type, habit)."""
    out = {}
    for t in TYPES:
        rng_t = dict(BASE)
        rng_t.update(TYPE_RANGES[t])
        out[t] = {k: round(lo + (hi - lo) * rng.random(), 4) for k, (lo, hi) in sorted(rng_t.items())}
        out[t]["_ranges"] = rng_t
    return out


def jitter(rng, centre, lo, hi):
    w = (hi - lo) * 0.25
    return min(hi, max(lo, centre + (rng.random() * 2 - 1) * w))


def make_outlet(rng, t, centres, name, region=None, lang="ru"):
    c = centres[t]
    h = {k: round(jitter(rng, c[k], *c["_ranges"][k]), 4) for k in sorted(c) if k != "_ranges"}
    h.update(type=t, name=name, region=region, lang=lang)
    ch = CHOICES[t]
    h["layout"] = pick(rng, ch["layout"])
    h["order"] = pick(rng, ch["order"])
    h["fmt"] = pick(rng, LANG_FMT[lang]) if t == "foreign" else pick(rng, ch["fmt"])
    h["partial"] = pick(rng, [("short", 5), ("qq", 3), ("prep", 2)])
    h["script"] = "lat" if t in ("osint", "foreign") else "cyr"
    h["scheme"] = ""
    if h["script"] == "lat":
        h["scheme"] = pick(rng, LANG_SCHEME[lang] if t == "foreign" else OSINT_SCHEME)
        if h["scheme"] == "adhoc":
            # translit caches by scheme name, so each ad-hoc outlet needs its own
            cfg, choice = T.make_adhoc(rng)
            h["scheme"] = "adhoc-" + name
            h["scheme_cfg"], h["adhoc"] = cfg, choice
    h["region_forms"] = REGION_FORMS.get(t, REGION_FORMS["news"])
    h["settle_styles"] = SETTLE_STYLES.get(t, SETTLE_STYLES["news"])
    h["unit_forms"] = UNIT_FORMS.get(t, UNIT_FORMS["news"])
    h["rank_forms"] = RANK_FORMS.get(t, RANK_FORMS["news"])
    return h


def slug(word):
    s = T.translit(word, "wiki").lower()
    return "".join(ch for ch in s if ch.isalnum())


def make_outlets(rng, centres, regions):
    """All outlets of a seed: regional news, administrations and groups; national projects; foreign press."""
    outs = []
    for reg in regions:
        sl = slug(reg.capital)
        for i in range(1 + (rng.random() < 0.6) + (rng.random() < 0.3)):
            outs.append(make_outlet(rng, "news", centres, f"news:{sl}-{i + 1}", reg.key))
        for i in range(1 + (rng.random() < 0.4)):
            outs.append(make_outlet(rng, "official", centres, f"official:{sl}-{i + 1}", reg.key))
        for i in range(2 + int(rng.random() * 5)):
            outs.append(make_outlet(rng, "social", centres, f"social:{sl}-{i + 1}", reg.key))
        if rng.random() < 0.3:
            outs.append(make_outlet(rng, "memorial", centres, f"memorial:{sl}-book", reg.key))
    for i in range(6):
        outs.append(make_outlet(rng, "news", centres, f"news:federal-{i + 1}"))
    for t, lo, hi in (("cemetery", 3, 6), ("memorial", 3, 6), ("volunteer", 3, 8), ("osint", 2, 5)):
        for i in range(lo + int(rng.random() * (hi - lo + 1))):
            outs.append(make_outlet(rng, t, centres, f"{t}:{i + 1}", lang="en" if t == "osint" else "ru"))
    for i in range(12 + int(rng.random() * 19)):
        lang = pick(rng, [("en", 50), ("de", 20), ("fr", 15), ("pl", 15)])
        outs.append(make_outlet(rng, "foreign", centres, f"foreign:{lang}-{i + 1}", lang=lang))
    for i, o in enumerate(outs):
        o["idx"] = i
    return outs
