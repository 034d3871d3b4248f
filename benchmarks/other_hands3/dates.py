"""Writing a date the way a source of a given language and habit writes it: full dates in many
formats, month and year, year only, partly unknown, and the slips (day-month swap, two-digit year)."""

# ruff: noqa: SIM905 -- word lists are easier to read and edit as split strings
import datetime as _dt

MONTHS = {
    "ru_gen": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "ru_nom": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),
    "en": "January February March April May June July August September October November December".split(),
    "en_abbr": "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince".split(),
}

# Full-date formats per language, with weights; an outlet picks one as its habit.
FULL_FORMATS = {
    "ru": [
        ("{d:02d}.{m:02d}.{y}", 10),
        ("{d}.{m:02d}.{y}", 1),
        ("{y}-{m:02d}-{d:02d}", 2),
        ("{d} {ru_gen} {y}", 3),
        ("{d} {ru_gen} {y} г.", 1),
        ("{d:02d}/{m:02d}/{y}", 0.5),
    ],
    "en_us": [
        ("{m:02d}/{d:02d}/{y}", 3),
        ("{m}/{d}/{y2:02d}", 1),
        ("{en} {d}, {y}", 5),
        ("{en_abbr} {d}, {y}", 2),
        ("{y}-{m:02d}-{d:02d}", 1),
    ],
    "en_uk": [("{d} {en} {y}", 6), ("{d:02d}/{m:02d}/{y}", 2), ("{y}-{m:02d}-{d:02d}", 1)],
    "de": [("{d:02d}.{m:02d}.{y}", 6), ("{d}. {de} {y}", 4)],
    "fr": [("{d:02d}/{m:02d}/{y}", 4), ("{d} {fr} {y}", 5)],
    "pl": [("{d:02d}.{m:02d}.{y}", 5), ("{d} {pl} {y}", 4)],
    "cs": [("{d}. {m}. {y}", 5), ("{d}. {cs} {y}", 3)],
}
MONTH_FORMATS = {
    "ru": ["{m:02d}.{y}", "{ru_nom} {y}", "??.{m:02d}.{y}", "{y}-{m:02d}", "00.{m:02d}.{y}"],
    "en_us": ["{en} {y}", "{m:02d}/{y}"],
    "en_uk": ["{en} {y}", "{m:02d}/{y}"],
    "de": ["{de} {y}", "{m:02d}.{y}"],
    "fr": ["{fr} {y}"],
    "pl": ["{m:02d}.{y}"],
    "cs": ["{m}/{y}"],
}
BIRTH_YEAR_FORMATS = {
    "ru": ["{y}", "{y} г.р.", "{y} г. р.", "{y}г.р.", "{y} года рождения"],
    "en_us": ["{y}", "b. {y}", "born {y}"],
    "en_uk": ["{y}", "b. {y}", "born in {y}"],
    "de": ["{y}", "geb. {y}", "Jg. {y}"],
    "fr": ["{y}", "né en {y}"],
    "pl": ["{y}", "ur. {y}", "rocznik {y}"],
    "cs": ["{y}", "nar. {y}"],
}
DEATH_YEAR_FORMATS = {
    "ru": ["{y}", "{y} г."],
    "en_us": ["{y}"],
    "en_uk": ["{y}"],
    "de": ["{y}"],
    "fr": ["{y}"],
    "pl": ["{y}"],
    "cs": ["{y}"],
}
PARTIAL_FORMATS = [
    "??.{m:02d}.{y}",
    "{d:02d}.{m:02d}.хххх",
    "{d:02d}.{m:02d}.????",
    "__.{m:02d}.{y}",
]


def _fields(y, m, d):
    f = {"y": y, "m": m, "d": d, "y2": y % 100}
    for k, names in MONTHS.items():
        f[k] = names[m - 1]
    return f


def ymd(ordinal: int):
    t = _dt.date.fromordinal(ordinal)
    return t.year, t.month, t.day


def write_date(ordinal, lang, fmt, prec, rng, slip):
    """Write one date. prec: full/month/year/partial. slip: dict of slip probabilities."""
    y, m, d = ymd(ordinal)
    if prec == "year":
        return fmt["year"].format(y=y)
    if prec == "month":
        return rng.choice(MONTH_FORMATS[lang]).format(**_fields(y, m, d))
    if prec == "partial":
        return rng.choice(PARTIAL_FORMATS).format(y=y, m=m, d=d)
    f = fmt["full"]
    if slip["dm_swap"] and rng.random() < slip["dm_swap"] and (d <= 12 or rng.random() < 0.2):
        d, m = m, d
        if m > 12:  # an impossible swap stays as typed text
            return f"{m:02d}.{d:02d}.{y}"
    if slip["two_digit"] and "{y}" in f and rng.random() < slip["two_digit"]:
        f = f.replace("{y}", "{y2:02d}")
    out = f.format(**_fields(y, m, d))
    if slip["digit"] and rng.random() < slip["digit"]:
        out = _digit_slip(out, rng)
    return out


def _digit_slip(s, rng):
    spots = [i for i, c in enumerate(s) if c.isdigit()]
    if not spots:
        return s
    i = rng.choice(spots)
    c = str((int(s[i]) + rng.choice((1, -1, 1, 2))) % 10)
    return s[:i] + c + s[i + 1 :]
