"""Every per-seed knob of the world, households and source mix, drawn from wide ranges.

Returns a plain dict (JSON-ready) that habits.json records verbatim.  The
ranges are judgement calls from REAL-LISTS/REAL-HABITS; each is a range,
never a number, as REAL-HABITS line 3 asks.
"""
from sources import TYPE_MIX

RANGES = {
    # population (REAL-LISTS lines 12, 14, 15)
    "p_female": (0.005, 0.015), "p_moved": (0.05, 0.15), "p_alt_surname": (0.002, 0.01),
    "p_officer": (0.03, 0.07), "p_capital": (0.2, 0.35),
    # surname concentration: top-250 share, Zipf slopes, size of the rare tail
    "surname_zipf_s": (0.6, 0.9), "ru_top_share": (0.22, 0.34), "ru_ukr_share": (0.03, 0.07),
    "tail_zipf_s": (0.3, 0.7), "ru_tail_pool": (3500, 4100),
    # households (REAL-HABITS line 30)
    "p_brothers": (0.008, 0.02), "p_twins": (0.0005, 0.002), "p_father_son": (0.001, 0.004),
    "p_cousins": (0.002, 0.008), "p_three_brothers": (0.05, 0.15), "p_same_event": (0.08, 0.25),
    "p_twins_same_event": (0.2, 0.5), "p_sibling_same_settlement": (0.75, 0.95),
    "p_named_after_father": (0.03, 0.12), "p_relative_covered": (0.5, 0.85),
    # mentions per man: many once, a heavy tail
    "p_single_mention": (0.35, 0.6), "m_alpha": (2.2, 3.0), "m_offset": (0.5, 2.0), "m_max": (15, 45),
    # shared pages (REAL-LISTS line 12: 17% share a link)
    "p_household_page": (0.3, 0.65), "group_grow": (0.3, 0.6),
}
INTEGER = {"ru_tail_pool", "m_max"}
GROUP_START = {"news": (0.04, 0.12), "official": (0.06, 0.2), "social": (0.02, 0.08),
               "cemetery": (0.05, 0.15), "foreign": (0.05, 0.15)}


def _u(rng, lo, hi, integer=False):
    v = lo + (hi - lo) * rng.random()
    return round(v) if integer else round(v, 5)


def draw_knobs(rng):
    k = {name: _u(rng, lo, hi, name in INTEGER) for name, (lo, hi) in RANGES.items()}
    k["type_mix"] = {t: _u(rng, lo, hi) for t, (lo, hi) in TYPE_MIX.items()}
    k["p_group_start"] = {t: _u(rng, lo, hi) for t, (lo, hi) in GROUP_START.items()}
    k["source_label"] = "outlet" if rng.random() < 0.5 else "type"
    k["_ranges"] = {"scalars": RANGES, "type_mix": TYPE_MIX, "p_group_start": GROUP_START}
    return k
