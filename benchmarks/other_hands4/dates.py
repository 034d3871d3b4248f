"""Dates and ages as sources print them (REAL-HABITS lines 6-10, REAL-LISTS line 13).

Reads a date as (ordinal, precision) with precision d/m/y/s (day, month, year,
season); writes the string a given outlet's format would show.  Precision is
decided by the caller; formats never invent precision they were not given.
"""
import datetime

RU_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря"]
RU_NOM = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
          "октябрь", "ноябрь", "декабрь"]
RU_PREP = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
           "октябре", "ноябре", "декабре"]
EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"]
DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
      "Oktober", "November", "Dezember"]
FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
      "octobre", "novembre", "décembre"]
PL = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
      "października", "listopada", "grudnia"]
PL_NOM = ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień",
          "październik", "listopad", "grudzień"]
SEASON = {"ru": ["зимой", "весной", "летом", "осенью"], "en": ["winter", "spring", "summer", "autumn"],
          "de": ["Winter", "Frühjahr", "Sommer", "Herbst"], "fr": ["hiver", "printemps", "été", "automne"],
          "pl": ["zimą", "wiosną", "latem", "jesienią"]}

# Every format an outlet may use; the language decides month names.
FORMATS = ["iso", "dmy", "dmy_np", "dmy2", "dmy2_np", "ru_long", "en_long", "en_dmy_long", "us", "us2",
           "de_long", "fr_long", "pl_long", "fr_num"]


def ymd(o):
    d = datetime.date.fromordinal(o)
    return d.year, d.month, d.day


def season_of(m):
    return (m % 12) // 3


def fmt_date(o, prec, fmt, rng, partial_style="short"):
    """Render ordinal o at precision prec in format fmt."""
    y, m, d = ymd(o)
    if prec == "y":
        return str(y)
    if prec == "s":
        return _season(y, m, fmt)
    if prec == "m":
        return _month(y, m, fmt, partial_style)
    if fmt == "iso":
        return f"{y:04d}-{m:02d}-{d:02d}"
    if fmt == "dmy":
        return f"{d:02d}.{m:02d}.{y}"
    if fmt == "dmy_np":
        return f"{d}.{m}.{y}"
    if fmt == "dmy2":
        return f"{d:02d}.{m:02d}.{y % 100:02d}"
    if fmt == "dmy2_np":
        return f"{d}.{m}.{y % 100:02d}"
    if fmt == "ru_long":
        return f"{d} {RU_GEN[m - 1]} {y}" + (" г." if rng.random() < 0.3 else "")
    if fmt == "en_long":
        return f"{EN[m - 1]} {d}, {y}"
    if fmt == "en_dmy_long":
        return f"{d} {EN[m - 1]} {y}"
    if fmt == "us":
        return f"{m}/{d}/{y}"
    if fmt == "us2":
        return f"{m:02d}/{d:02d}/{y}" if rng.random() < 0.6 else f"{m}/{d}/{y % 100:02d}"
    if fmt == "de_long":
        return f"{d}. {DE[m - 1]} {y}"
    if fmt == "fr_long":
        return f"{d} {FR[m - 1]} {y}" if d != 1 else f"1er {FR[m - 1]} {y}"
    if fmt == "fr_num":
        return f"{d:02d}/{m:02d}/{y}"
    if fmt == "pl_long":
        return f"{d} {PL[m - 1]} {y}"
    return f"{d:02d}.{m:02d}.{y}"


def _month(y, m, fmt, partial_style):
    if fmt in ("dmy", "dmy_np", "dmy2", "dmy2_np"):
        if partial_style == "qq":
            return f"??.{m:02d}.{y}"
        return f"{m:02d}.{y}"
    if fmt == "iso":
        return f"{y}-{m:02d}"
    if fmt == "ru_long":
        return f"{RU_NOM[m - 1]} {y}" if partial_style != "prep" else f"в {RU_PREP[m - 1]} {y}"
    if fmt in ("en_long", "en_dmy_long", "us", "us2"):
        return f"{EN[m - 1]} {y}"
    if fmt == "de_long":
        return f"{DE[m - 1]} {y}"
    if fmt in ("fr_long", "fr_num"):
        return f"{FR[m - 1]} {y}"
    if fmt == "pl_long":
        return f"{PL_NOM[m - 1]} {y}"
    return f"{m:02d}.{y}"


def _season(y, m, fmt):
    s = season_of(m)
    yy = y
    if fmt in ("en_long", "en_dmy_long", "us", "us2", "iso"):
        return f"{SEASON['en'][s]} {yy}"
    if fmt == "de_long":
        return f"{SEASON['de'][s]} {yy}"
    if fmt in ("fr_long", "fr_num"):
        return f"{SEASON['fr'][s]} {yy}"
    if fmt == "pl_long":
        return f"{SEASON['pl'][s]} {yy}"
    return f"{SEASON['ru'][s]} {yy}"


def fmt_birth_year(y, lang, rng):
    """A birth known to the year: '1993', '1993 г.р.', 'b. 1993' (REAL-HABITS line 10)."""
    r = rng.random()
    if lang == "ru":
        return f"{y} г.р." if r < 0.35 else (f"{y} г." if r < 0.45 else str(y))
    if lang == "en":
        return f"b. {y}" if r < 0.3 else str(y)
    if lang == "de":
        return f"geb. {y}" if r < 0.3 else f"Jg. {y}" if r < 0.4 else str(y)
    if lang == "fr":
        return f"né en {y}" if r < 0.3 else str(y)
    return f"ur. {y}" if r < 0.3 else str(y)


def age_at(birth, when):
    by, bm, bd = ymd(birth)
    y, m, d = ymd(when)
    return y - by - ((m, d) < (bm, bd))
