"""The noise model of one seed: every habit's rate is drawn from a wide range here and written
to habits.json. Ranges follow REAL-LISTS.md and REAL-HABITS.md."""

SOURCES = [
    "official",
    "obituary",
    "social",
    "cemetery",
    "memorial",
    "volunteer",
    "foreign",
    "osint",
]

# Per source type: low-high range of each rate (columns in SOURCES order).
_RATES = """
share         .08-.16  .18-.30   .12-.25   .06-.14  .03-.08  .08-.18   .04-.10  .06-.14
latin         0-0      0-0       0-.05     0-0      0-0      0-.03     .9-1     .1-.5
parts         0-.15    0-.05     0-.03     0-.3     0-.1     .6-.95    0-.05    0-.2
both          0-.05    0-0       0-0       0-.05    0-0      0-.2      0-0      0-.1
pat           .85-1    .5-.95    .03-.3    .85-1    .6-1     .6-.95    .02-.25  .4-.9
initials      0-.05    0-.03     0-.02     0-.05    .15-.6   0-.03     0-.05    0-.05
pet           0-0      0-.05     .1-.4     0-0      0-0      0-.02     0-.03    0-.02
equiv         0-0      0-0       0-0       0-0      0-0      0-0       .05-.3   0-.1
caps          0-.3     0-.15     0-.05     .2-.7    .3-.8    0-.1      0-.05    .05-.4
lower         0-0      0-0       .03-.2    0-0      0-0      0-.05     0-0      0-.03
yo_e          .3-.9    .3-.9     .1-.6     .2-.8    .3-.9    .5-.95    0-0      .5-.95
typo          0-.02    .005-.03  .03-.15   .01-.05  .01-.06  .01-.06   0-.02    .01-.05
ocr           0-.1     0-.1      0-.05     .4-.8    .6-.9    0-.1      0-.05    0-.1
homoglyph     0-.005   0-.01     0-.01     0-0      0-0      .003-.03  0-0      0-.02
swap_order    .02-.1   .05-.2    .05-.25   .03-.12  .03-.12  .03-.15   .1-.35   .05-.2
birth         .2-.6    .15-.5    .03-.25   .75-.98  .4-.9    .5-.85    .03-.25  .3-.7
birth_year    .1-.4    .2-.6     .2-.6     0-.15    .6-.95   .1-.3     .4-.8    .3-.7
birth_month   0-.03    0-.03     0-.1      0-.02    0-.02    0-.03     0-.05    0-.03
birth_partial 0-.01    0-.01     0-.02     0-.03    0-.02    .005-.03  0-0      0-.02
age           .3-.8    .5-.9     .1-.5     0-.1     0-.05    .3-.7     .4-.85   .2-.6
age_instead   .1-.4    .2-.5     .3-.6     0-0      0-0      .05-.2    .4-.8    .2-.5
age_write     .02-.1   .05-.2    .1-.3     0-.05    0-.05    .02-.1    .05-.2   .05-.2
age_turn      0-.03    .01-.05   .02-.1    0-0      0-0      0-.03     0-.05    0-.03
age_err       0-.02    0-.03     .01-.05   0-.02    0-.02    .005-.03  .01-.05  .005-.03
death         .3-.8    .3-.7     .2-.6     .75-.98  .4-.9    .5-.9     .2-.6    .3-.7
death_lag     .1-.4    .2-.5     .2-.6     .02-.12  .02-.1   .1-.3     .2-.5    .1-.4
death_missing 0-.02    0-.03     .01-.06   0-.01    0-.01    .005-.03  0-.03    0-.03
death_body    0-.03    .01-.05   .01-.05   0-.02    0-.02    .01-.04   0-.03    0-.03
death_month   0-.05    0-.08     .02-.15   0-.03    0-.05    .01-.06   .05-.2   0-.08
death_year    0-.03    0-.02     0-.05     0-.1     .6-.95   0-.03     0-.05    0-.05
dm_swap       0-.005   0-.005    .005-.03  0-.02    0-.01    .01-.06   0-0      0-.02
two_digit     0-.01    0-.01     .01-.05   0-.01    0-0      .02-.1    0-0      0-.05
digit_slip    0-.01    0-.01     .005-.02  .01-.04  .01-.03  .005-.02  0-.005   0-.01
region        .6-1     .3-.8     .05-.3    .1-.5    .1-.5    .85-.99   .5-.9    .5-.9
settlement    .5-.9    .6-.95    .3-.7     .6-.95   .5-.9    .3-.7     .2-.6    .2-.6
unit          .1-.4    .1-.4     .02-.15   0-.1     0-.15    .3-.7     .1-.5    .3-.8
rank          .4-.9    .3-.7     .02-.2    .2-.6    .3-.7    .3-.7     .1-.5    .2-.6
no_url        0-.02    0-.02     0-.05     .02-.1   .05-.2   .05-.15   0-.02    0-.05
archive       .3-.8    .3-.8     .2-.7     .1-.4    .1-.5    .4-.9     .2-.6    .3-.8
cite_other    0-0      0-0       0-0       0-0      0-0      .1-.35    0-.1     .05-.3
multi_url     0-0      0-0       0-0       0-0      0-0      .05-.3    0-0      0-.1
"""

# Categorical habits: base weights per source type (perturbed per seed).
_CATS = {
    "order": (
        ["SGP", "GPS", "GS", "SG", "G"],
        [
            [6, 3, 0.3, 0.2, 0],
            [2, 5, 2, 0.3, 0],
            [0.5, 1, 8, 1, 0.2],
            [10, 0.5, 0, 0.2, 0],
            [10, 1, 0, 0.5, 0],
            [8, 2, 0.3, 0.3, 0],
            [0, 1, 8, 0.5, 0],
            [6, 2, 2, 0.5, 0],
        ],
    ),
    "region_form": (
        ["full", "short", "alias", "capital", "lower"],
        [
            [6, 2, 1, 1, 0],
            [4, 3, 2, 2, 0.2],
            [2, 2, 3, 3, 0.5],
            [4, 3, 1, 2, 0.2],
            [4, 2, 1, 2, 0],
            [3, 5, 2, 1, 0.3],
            [3, 3, 2, 2, 0],
            [3, 4, 2, 1, 0.2],
        ],
    ),
    "set_kind": (
        ["birth", "res", "burial"],
        [
            [0.3, 0.65, 0.05],
            [0.35, 0.55, 0.1],
            [0.5, 0.45, 0.05],
            [0.05, 0.05, 0.9],
            [0.5, 0.5, 0],
            [0.3, 0.6, 0.1],
            [0.4, 0.5, 0.1],
            [0.3, 0.6, 0.1],
        ],
    ),
    "set_form": (
        ["prefixed", "word", "bare", "district", "lower"],
        [
            [5, 2, 1, 3, 0],
            [4, 3, 3, 1, 0],
            [1, 1, 6, 0.3, 1],
            [4, 1, 3, 1, 0],
            [2, 2, 5, 0.5, 0],
            [3, 0.5, 5, 1, 0.5],
            [1, 0, 5, 0, 0],
            [3, 0.5, 5, 1, 0.3],
        ],
    ),
    "unit_form": (
        ["full", "abbr", "vch", "vch_full", "both", "vague"],
        [
            [4, 2, 2, 1, 1, 1],
            [3, 2, 1, 0.5, 0.5, 3],
            [1, 2, 0.5, 0, 0, 5],
            [3, 2, 1, 0.5, 0, 2],
            [3, 2, 1, 0, 0, 2],
            [2, 4, 4, 0.5, 2, 0.5],
            [4, 0, 1, 0, 0, 2],
            [1, 4, 5, 0.5, 2, 0.5],
        ],
    ),
    "rank_form": (
        ["full", "abbr", "guards", "caps"],
        [
            [5, 1, 2, 0.5],
            [5, 1, 1, 0],
            [5, 1, 0.5, 0],
            [4, 1, 2, 1],
            [3, 2, 2, 1],
            [3, 5, 0.5, 0.3],
            [1, 0, 0, 0],
            [3, 4, 0.5, 0.3],
        ],
    ),
}

WORLD = {
    "minority_scale": (0.7, 1.4),
    "female_share": (0.004, 0.015),
    "surname_zipf": (0.58, 0.68),
    "surname_tail": (30000, 60000),
    "median_age": (31.0, 35.0),
    "conscript_share": (0.01, 0.05),
    "hh_share": (0.03, 0.08),
    "hh_brothers2": (4, 7),
    "hh_brothers3": (0.4, 1.2),
    "hh_twins": (0.4, 1.2),
    "hh_father_son": (1.2, 2.5),
    "hh_father_2sons": (0.1, 0.4),
    "hh_cousins": (0.6, 1.5),
    "together_brothers": (0.15, 0.4),
    "together_twins": (0.35, 0.65),
    "together_father_son": (0.05, 0.2),
    "same_settlement": (0.7, 0.92),
    "son_named_after_father": (0.04, 0.15),
    "moved_share": (0.1, 0.25),
    "moved_other_region": (0.2, 0.5),
    "alt_surname_share": (0.005, 0.02),
    "capital": (0.22, 0.35),
    "town": (0.2, 0.32),
    "count_r": (0.6, 1.2),
    "count_extra": (1.1, 1.9),
    "cat_contract": (0.25, 0.4),
    "cat_mobilised": (0.08, 0.18),
    "cat_volunteer": (0.1, 0.27),
    "cat_prisoner": (0.1, 0.18),
    "cat_pmc": (0.03, 0.07),
    "cat_conscript": (0.0, 0.0),
    "cat_police": (0.01, 0.03),
}
TEXT = {
    "repost_rate": (0.02, 0.08),
    "repost_exact": (0.3, 0.7),
    "url_share": (0.13, 0.21),
    "hh_page_together": (0.5, 0.9),
    "hh_page_apart": (0.1, 0.35),
    "ukr_latin": (0.2, 0.7),
    "ukr_cyr": (0.0, 0.05),
    "jon_keep": (0.3, 0.7),
    "jon_dzh": (0.05, 0.25),
    "hyphen_variant": (0.1, 0.4),
    "ogly_russify": (0.1, 0.4),
    "alt_surname_use": (0.2, 0.5),
    "space_noise": (0.0, 0.02),
    "age_text": (0.0, 0.03),
    "callup_year": (0.0, 0.01),
    "consistency": (0.8, 0.97),
    "slavic_swap": (0.0, 0.005),
    "second_typo": (0.05, 0.2),
    "pat_with_pet": (0.0, 0.15),
    "lang_en_us": (3, 5),
    "lang_en_uk": (1, 3),
    "lang_de": (1, 3),
    "lang_fr": (0.5, 2),
    "lang_pl": (0.5, 1.5),
    "lang_cs": (0.2, 0.8),
}


def _parse_rates():
    out = {s: {} for s in SOURCES}
    for line in _RATES.strip().splitlines():
        f = line.split()
        for s, cell in zip(SOURCES, f[1:]):
            lo, hi = cell.split("-")
            out[s][f[0]] = (float(lo), float(hi))
    return out


RATES = _parse_rates()


def draw(rng) -> dict:
    """All knobs for one seed, as plain JSON-able numbers."""
    h = {"world": {}, "text": {}, "sources": {}}
    for k, (lo, hi) in WORLD.items():
        h["world"][k] = round(rng.uniform(lo, hi), 4)
    h["world"]["surname_tail"] = int(h["world"]["surname_tail"])
    for k, (lo, hi) in TEXT.items():
        h["text"][k] = round(rng.uniform(lo, hi), 4)
    for i, s in enumerate(SOURCES):
        d = {k: round(rng.uniform(lo, hi), 4) for k, (lo, hi) in RATES[s].items()}
        for cat, (labels, weights) in _CATS.items():
            d[cat] = {
                lab: round(w * rng.lognormvariate(0, 0.5), 4) for lab, w in zip(labels, weights[i])
            }
        h["sources"][s] = d
    return h
