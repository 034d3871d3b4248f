"""Mentions of people: how each source renders names, dates, places, units and ranks.

Reads people (dict of arrays) and the loaded Tables; returns mention columns as lists of
strings and records in `noise` which noise each mention received.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage.generate.config import GERMAN, GeneratorConfig
from linkage.generate.habits import familiar_form, has_familiar, initial, initials_name, swappable
from linkage.generate.lifespans import ages, ymd
from linkage.generate.spelling import Latin, mistype
from linkage.generate.tables import Tables, pick

PRECISIONS = ("full", "month", "year", "missing")
REGION_FORMS = ("full", "short", "old", "missing")
TYPO_KINDS = ("deletion", "transposition", "doubling", "nearby_key", "by_ear")


MONTH_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
MONTH_NOM = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
             "сентябрь", "октябрь", "ноябрь", "декабрь")
MONTH_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")


class Draws:
    """Every per-mention random choice, drawn up front as numpy arrays (fast, seed-determined)."""

    def __init__(self, m: int, src: np.ndarray, rng: np.random.Generator, cfg: GeneratorConfig):
        self.m, self.src, self.rng = m, src, rng
        self.habits = list(cfg.sources.values())

    def per_source(self, attr: str) -> np.ndarray:
        return np.array([getattr(h, attr) for h in self.habits], dtype=float)[self.src]

    def coin(self, p) -> np.ndarray:
        return self.rng.random(self.m) < p

    def uniform(self) -> np.ndarray:
        return self.rng.random(self.m)

    def category(self, probs) -> np.ndarray:
        """Per-mention index into `probs` (one row per source, or one shared row)."""
        cum = np.cumsum(np.atleast_2d(np.asarray(probs, dtype=float)), axis=1)
        cum = cum / cum[:, -1:]
        rows = cum[self.src] if len(cum) > 1 else np.broadcast_to(cum, (self.m, cum.shape[1]))
        return (self.uniform()[:, None] >= rows).sum(axis=1).clip(0, cum.shape[1] - 1)

    def source_category(self, attr: str) -> np.ndarray:
        return self.category([getattr(h, attr) for h in self.habits])


def _flag(eligible: np.ndarray, applied: np.ndarray) -> np.ndarray:
    """Noise column: 1 applied, 0 eligible but not applied, -1 not eligible."""
    return np.where(eligible, applied.astype(np.int8), np.int8(-1)).astype(np.int8)


def render_names(pe: dict, person: np.ndarray, draws: Draws, latin: np.ndarray, scheme: np.ndarray,
                  cfg: GeneratorConfig, t: Tables, tr: Latin, noise: dict, extra: Draws, sparse: np.ndarray) -> dict:
    """Name columns. `extra` draws the other hands' habits (a second stream: at rate 0 they
    leave every other column as it was); a `sparse` mention is a bare first name and surname."""
    m, schemes = len(person), list(cfg.schemes)
    first = pe["first"][person]
    is_german = latin & (scheme == schemes.index(GERMAN)) if GERMAN in schemes else np.zeros(m, bool)
    swap_ok = swappable(pe["group"][person], cfg.name_swap_groups)
    swap = swap_ok & extra.coin(cfg.name_swap)
    has_dim = pd.Series(first).isin(set(t.diminutives)).to_numpy()
    dim = has_dim & draws.coin(draws.per_source("diminutive")) & ~swap
    fam_ok = has_familiar(first, latin, t) & ~dim & ~swap
    fam = fam_ok & extra.coin(cfg.familiar)
    styles = np.where(is_german, "german", "english")
    has_form = np.array([(f, s) in t.forms for f, s in zip(first.tolist(), styles.tolist())], dtype=bool)
    conv_ok = latin & has_form & ~dim & ~swap & ~fam
    conv = conv_ok & draws.coin(cfg.conventional_form)
    fold = latin & draws.coin(cfg.ascii_fold)
    full = draws.coin(draws.per_source("full_name"))
    # a diminutive goes with the first name first and no patronymic ("Саша Бойко"); so does a bare post
    bare = dim | sparse
    order = ~bare & draws.coin(np.where(latin, draws.per_source("surname_first_latin"), draws.per_source("surname_first")))
    nopat = ~bare & draws.coin(np.where(latin, draws.per_source("no_patronymic_latin"), draws.per_source("no_patronymic")))
    ini_ok = ~bare & ~fam & ~swap
    ini = ini_ok & extra.coin(cfg.initials)
    pini = ini_ok & ~ini & ~nopat & extra.coin(cfg.patronymic_initial)
    tight, u_fam = extra.coin(0.5), extra.uniform()
    caps = draws.coin(draws.per_source("caps"))
    typo = draws.coin(cfg.typo)
    typo_kind = draws.category(list(cfg.typo_kinds.values()))
    typo_part = draws.category(list(cfg.typo_parts))
    u_dim, u_conv, u_yo, u_pos, u_key = (draws.uniform() for _ in range(5))
    yo = np.full(m, -1, dtype=np.int8)
    cols = {k: [""] * m for k in ("full_name", "first_name", "patronymic", "surname")}
    keyboards = (t.keys["cyrillic"], t.keys["latin"])
    F, P, S = first.tolist(), pe["patronymic"][person].tolist(), pe["surname"][person].tolist()
    # plain lists: indexing them in the loop is several times faster than numpy scalars
    DIM, NOPAT, CONV, FOLD_, TYPO, KIND, PART, CAPS, FULL, ORDER = (a.tolist() for a in (
        dim, nopat, conv, fold, typo, typo_kind, typo_part, caps, full, order))
    U_DIM, U_CONV, U_YO, U_POS, U_KEY, STYLE = (a.tolist() for a in (u_dim, u_conv, u_yo, u_pos, u_key, styles))
    SWAP, FAM, INI, PINI, TIGHT, U_FAM, BARE = (a.tolist() for a in (swap, fam, ini, pini, tight, u_fam, bare))
    for i, (lat, k) in enumerate(zip(latin.tolist(), scheme.tolist())):
        f, pa, s = F[i], ("" if NOPAT[i] or BARE[i] else P[i]), S[i]
        if SWAP[i]:
            f, s = s, f
        if DIM[i]:
            f = pick(t.diminutives[f], U_DIM[i])
        elif FAM[i] and not lat:
            f = familiar_form(f, False, U_FAM[i], t)
        name = f + pa + s
        if "ё" in name or "Ё" in name:
            yo[i] = U_YO[i] < cfg.yo_as_e
            if yo[i]:
                f, pa, s = (x.replace("ё", "е").replace("Ё", "Е") for x in (f, pa, s))
        if lat:
            if FAM[i]:
                f = familiar_form(F[i], True, U_FAM[i], t)
            else:
                f = pick(t.forms[(F[i], STYLE[i])], U_CONV[i]) if CONV[i] else tr(f, k)
            pa, s = (tr(pa, k) if pa else ""), tr(s, k)
            if FOLD_[i]:
                f, pa, s = tr.fold(f), tr.fold(pa), tr.fold(s)
        if TYPO[i]:
            part = PART[i] if (PART[i] != 2 or pa) else 0
            args = (KIND[i], U_POS[i], U_KEY[i], keyboards[lat])
            if part == 0:
                s = mistype(s, *args)
            elif part == 1:
                f = mistype(f, *args)
            else:
                pa = mistype(pa, *args)
        if INI[i]:
            f, pa = initial(f), initial(pa)
        elif PINI[i]:
            pa = initial(pa)
        if CAPS[i]:
            f, pa, s = f.upper(), pa.upper(), s.upper()
        if FULL[i] and INI[i]:
            cols["full_name"][i] = initials_name(s, f, pa, ORDER[i], TIGHT[i])
        elif FULL[i]:
            cols["full_name"][i] = " ".join(x for x in ((s, f, pa) if ORDER[i] else (f, pa, s)) if x)
        else:
            cols["first_name"][i], cols["patronymic"][i], cols["surname"][i] = f, pa, s
    every = np.ones(m, dtype=bool)
    noise.update(latin=_flag(every, latin), german=_flag(latin, is_german), conventional_form=_flag(conv_ok, conv),
                 ascii_fold=_flag(latin, fold), full_name=_flag(every, full), surname_first=_flag(full & ~dim, order),
                 no_patronymic=_flag(~dim, nopat), diminutive=_flag(has_dim, dim), yo_as_e=yo,
                 typo=_flag(every, typo), caps=_flag(every, caps), name_swap=_flag(swap_ok, swap),
                 familiar=_flag(fam_ok, fam), initials=_flag(ini_ok, ini), patronymic_initial=_flag(ini_ok & ~ini & ~nopat, pini))
    noise["typo_kind"] = np.where(typo, np.array(TYPO_KINDS, dtype=object)[typo_kind], "")
    return cols


def _date_tables(cfg: GeneratorConfig) -> dict:
    out = {}
    for key, templates in cfg.date_formats.items():
        weights = np.cumsum(list(templates.values()))
        out[key] = ([tpl.format for tpl in templates], weights / weights[-1])
    return out


def _format_date(tables: dict, key: str, u: float, y: int, m: int, d: int) -> str:
    fmt = pick(tables[key], u)
    return fmt(d=d, m=m, y=y, yy=y % 100, month_gen=MONTH_GEN[m - 1], month_nom=MONTH_NOM[m - 1],
               month_en=MONTH_EN[m - 1])


def _coarser(prec: np.ndarray, extra: Draws, cfg: GeneratorConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision after month_only (day -> month) and year_only (day or month -> year)."""
    to_month = (prec == 0) & extra.coin(cfg.month_only)
    prec = np.where(to_month, 1, prec)
    to_year = (prec <= 1) & extra.coin(cfg.year_only)
    return np.where(to_year, 2, prec), to_month, to_year


def render_dates(pe: dict, person: np.ndarray, draws: Draws, latin: np.ndarray,
                  cfg: GeneratorConfig, noise: dict, extra: Draws, sparse: np.ndarray,
                  missing_since: np.ndarray | None = None) -> dict:
    """Date and age columns; `extra` and `sparse` as for render_names (a bare post: month of death only);
    `missing_since`: days each mention's death date precedes the death (archive.death_offsets)."""
    m = len(person)
    birth, death = pe["birth"][person], pe["death"][person]
    bprec, dprec = draws.source_category("birth"), draws.source_category("death")
    text = draws.coin(draws.per_source("text_dates"))
    bprec0, dprec0 = bprec, dprec
    bprec, b_month, b_year = _coarser(bprec, extra, cfg)
    dprec, d_month, d_year = _coarser(dprec, extra, cfg)
    bprec, dprec = np.where(sparse, 3, bprec), np.where(sparse, 1, dprec)
    burial_ok = dprec < 3
    burial = burial_ok & extra.coin(cfg.burial_date)
    lo, hi = cfg.burial_days
    death_shown = death + np.where(burial, extra.rng.integers(lo, hi + 1, m), 0)
    if missing_since is not None:
        death_shown = death_shown - missing_since
    by, bm, bd = ymd(birth)
    swap_ok = (bprec == 0) & (bd <= 12) & (bd != bm)
    swap = swap_ok & draws.coin(cfg.day_month_swap)
    bd, bm = np.where(swap, bm, bd), np.where(swap, bd, bm)
    off = (bprec < 3) & draws.coin(cfg.birth_year_off)
    by = by + np.where(off, np.where(draws.coin(0.5), 1, -1), 0)
    bd = np.where(off & (bm == 2) & (bd == 29), 28, bd)
    shift = (dprec == 0) & draws.coin(cfg.death_shift)
    days = draws.rng.integers(1, cfg.death_shift_days + 1, m) * np.where(draws.coin(0.5), 1, -1)
    dy, dm, dd = ymd(death_shown + np.where(shift, days, 0))
    dswap_ok = (dprec == 0) & (dd <= 12) & (dd != dm)
    dswap = dswap_ok & extra.coin(cfg.death_day_month_swap)
    dd, dm = np.where(dswap, dm, dd), np.where(dswap, dd, dm)
    age_shown = draws.coin(np.where(bprec == 3, draws.per_source("age_without_birth"), draws.per_source("age_with_birth")))
    age_shown &= ~sparse
    age_off = age_shown & draws.coin(cfg.age_off)
    off_by = np.where(extra.coin(cfg.age_off_two), 2, 1)
    writing = age_shown & extra.coin(cfg.age_at_writing)  # "would have turned": up to two years on
    age_day = death + np.where(writing, extra.rng.integers(0, 731, m), 0)
    age = ages(birth, age_day) + np.where(age_off, np.where(draws.coin(0.5), 1, -1) * off_by, 0)
    slashed = latin & ~text & extra.coin(cfg.month_first)
    tables, u_birth, u_death = _date_tables(cfg), draws.uniform(), draws.uniform()
    cols = {"birth_date": [""] * m, "death_date": [""] * m,
            "age": np.where(age_shown, age.astype(str), "").astype(object).tolist()}
    scripts = np.where(latin, "latin", "cyrillic")
    styles = np.where(text, "text", np.where(slashed, "slashed", "numeric"))
    rows = zip(scripts.tolist(), styles.tolist(), bprec.tolist(), u_birth.tolist(), by.tolist(), bm.tolist(),
               bd.tolist(), dprec.tolist(), u_death.tolist(), dy.tolist(), dm.tolist(), dd.tolist())
    for i, (script, style, *dates) in enumerate(rows):
        for col, kind, (prec, u, y, mo, d) in (("birth_date", "birth", dates[:5]), ("death_date", "death", dates[5:])):
            if prec < 3:  # a year alone is written differently for a birth ("1995 г.р.") and a death
                way = "numeric" if style == "slashed" and prec else style  # month first: full dates only
                key = f"{script} {PRECISIONS[prec]} {kind if prec == 2 else way}"
                cols[col][i] = _format_date(tables, key, u, y, mo, d)
    every = np.ones(m, dtype=bool)
    noise.update(birth_precision=np.array(PRECISIONS, dtype=object)[bprec],
                 death_precision=np.array(PRECISIONS, dtype=object)[dprec],
                 day_month_swap=_flag(swap_ok, swap), birth_year_off=_flag(bprec < 3, off),
                 death_shift=_flag(dprec == 0, shift), age_shown=_flag(every, age_shown),
                 age_off=_flag(age_shown, age_off), age_off_two=_flag(age_off, age_off & (off_by == 2)),
                 age_at_writing=_flag(age_shown, writing), month_first=_flag(latin & ~text, slashed),
                 death_day_month_swap=_flag(dswap_ok, dswap), burial_date=_flag(burial_ok, burial),
                 birth_month_only=_flag(bprec0 == 0, b_month), birth_year_only=_flag(bprec0 <= 1, b_year),
                 death_month_only=_flag(dprec0 == 0, d_month), death_year_only=_flag(dprec0 <= 1, d_year))
    return cols


def render_places(pe: dict, person: np.ndarray, draws: Draws, latin: np.ndarray, scheme: np.ndarray,
                   cfg: GeneratorConfig, t: Tables, tr: Latin, noise: dict, sparse: np.ndarray) -> dict:
    """Region, settlement, unit and rank; a `sparse` mention gives the region alone."""
    m = len(person)
    form = draws.source_category("region")
    show = {k: draws.coin(draws.per_source(k)) & ~sparse for k in ("settlement", "unit", "rank")}
    prefix, abbrev, yo = draws.coin(cfg.settlement_prefix), draws.coin(cfg.rank_abbreviation), draws.coin(cfg.yo_as_e)
    u_form = draws.uniform()
    fold = noise["ascii_fold"] == 1
    ranks, units, abbreviations = t.military["ranks"], t.military["units"], t.military["rank_abbreviations"]
    region, settlement = pe["region"][person].tolist(), pe["settlement"][person].tolist()
    rank, unit = pe["rank"][person].tolist(), pe["unit"][person].tolist()
    cols = {k: [""] * m for k in ("region", "settlement", "unit", "rank")}
    SETTLE, UNIT, RANK, PREFIX, ABBREV, YO, FOLD_, U_FORM, FORM = (a.tolist() for a in (
        show["settlement"], show["unit"], show["rank"], prefix, abbrev, yo, fold, u_form, form))
    for i, (lat, k) in enumerate(zip(latin.tolist(), scheme.tolist())):
        reg = t.regions[region[i]]
        f = FORM[i] if FORM[i] != 2 or reg["old"] else 0  # no old name: the full one
        form[i] = f
        if f == 0:
            text = reg["latin"] if lat else reg["name"]
        elif f == 1:
            forms = reg["latin_short"] if lat else reg["short"]
            text = forms[min(int(U_FORM[i] * len(forms)), len(forms) - 1)]
        elif f == 2:
            text = reg["old"][min(int(U_FORM[i] * len(reg["old"])), len(reg["old"]) - 1)]
        else:
            text = ""
        place = ""
        if SETTLE[i]:
            bare = settlement[i].partition(" ")[2]
            place = settlement[i] if PREFIX[i] and not lat else bare
            if YO[i]:
                place = place.replace("ё", "е")
        if lat:
            text, place = (tr(text, k) if f == 2 else text), tr(place, k)
            if FOLD_[i]:
                text, place = tr.fold(text), tr.fold(place)
        cols["region"][i], cols["settlement"][i] = text, place
        if UNIT[i]:
            cols["unit"][i] = units[unit[i]][1 if lat else 0]
        if RANK[i]:
            ru = ranks[rank[i]][0]
            cols["rank"][i] = ranks[rank[i]][1] if lat else (abbreviations.get(ru, ru) if ABBREV[i] else ru)
    noise["region_form"] = np.array(REGION_FORMS, dtype=object)[form]
    noise.update({k: _flag(np.ones(m, dtype=bool), v) for k, v in show.items()})
    return cols
